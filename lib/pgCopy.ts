// COPY … FROM STDIN through a pg client, without pg-copy-streams (not a dependency here): pg accepts any
// "submittable" query object and hands it the CopyInResponse; this one then streams its source as CopyData.
import { once } from 'node:events';
import type pg from 'pg';

interface PgConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  stream: NodeJS.WritableStream & { writableNeedDrain?: boolean };
}

class CopyFromStdin {
  private settled = false;
  private rowCount = 0;

  constructor(
    private readonly text: string,
    private readonly source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
    private readonly done: (err: Error | null, rows: number) => void,
  ) {}

  submit(connection: PgConnection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: PgConnection): void {
    void this.pump(connection);
  }

  private async pump(connection: PgConnection): Promise<void> {
    try {
      for await (const piece of this.source) {
        connection.sendCopyFromChunk(typeof piece === 'string' ? Buffer.from(piece) : piece);
        if (connection.stream.writableNeedDrain) await once(connection.stream, 'drain');
      }
      connection.endCopyFrom();
    } catch (err) {
      connection.sendCopyFail(`source failed: ${(err as Error).message}`);
    }
  }

  handleCommandComplete(msg: { text?: string }): void {
    const m = /COPY (\d+)/.exec(msg.text ?? '');
    if (m) this.rowCount = Number(m[1]);
  }

  handleError(err: Error): void {
    this.settle(err);
  }

  handleReadyForQuery(): void {
    this.settle(null);
  }

  handleEmptyQuery(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleCopyData(): void {}
  handlePortalSuspended(): void {}

  private settle(err: Error | null): void {
    if (this.settled) return;
    this.settled = true;
    this.done(err, this.rowCount);
  }
}

/** Runs `COPY table (...) FROM STDIN ...` with the source's bytes; resolves with the row count the server reports.
 * On a transaction's connection the rows are part of that transaction. */
export function copyFromStdin(client: pg.Client | pg.PoolClient, copySql: string, source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const q = new CopyFromStdin(copySql, source, (err, rows) => (err ? reject(err) : resolve(rows)));
    (client as unknown as { query: (q: CopyFromStdin) => void }).query(q);
  });
}

/** One field of COPY's text format: NULL as \N; backslash, tab, newline and carriage return escaped. */
export function copyText(value: string | number | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, escapeCopyChar) : value;
}

function escapeCopyChar(c: string): string {
  return c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r';
}
