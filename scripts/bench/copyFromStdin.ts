// COPY … FROM STDIN through a plain pg.Client, without pg-copy-streams (not a dependency here): pg accepts any
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
    private readonly source: AsyncIterable<Buffer | string>,
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

/** Runs `COPY table (...) FROM STDIN ...` with the source's bytes; resolves with the row count the server reports. */
export function copyFromStdin(client: pg.Client, copySql: string, source: AsyncIterable<Buffer | string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const q = new CopyFromStdin(copySql, source, (err, rows) => (err ? reject(err) : resolve(rows)));
    (client as unknown as { query: (q: CopyFromStdin) => void }).query(q);
  });
}
