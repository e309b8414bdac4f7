import type pg from 'pg';
import { copyFromStdin } from './pgCopy';
import { getPool } from './db';

/** Parameterised SQL on one connection (a transaction) or on the pool. Values are always bound, never spliced in. */
export interface Sql {
  query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]>;
}

/** Inside a transaction, also COPY (rows that must commit or roll back with the rest). */
export interface TxSql extends Sql {
  /** `COPY … FROM STDIN` with `data` in COPY's text format (see copyText); resolves with the row count. */
  copyFrom(copySql: string, data: string | Buffer): Promise<number>;
}

function sqlOn(db: pg.Pool | pg.PoolClient): Sql {
  return { query: async <R>(text: string, values?: unknown[]) => (await db.query(text, values)).rows as R[] };
}

function txSqlOn(client: pg.PoolClient): TxSql {
  return { ...sqlOn(client), copyFrom: (copySql, data) => copyFromStdin(client, copySql, [data]) };
}

/** SQL on the shared pool, outside any transaction. */
export function poolSql(): Sql {
  return sqlOn(getPool());
}

export interface TransactionOptions {
  isolation?: 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';
  /** Per statement; a transaction stuck on a lock is cut off rather than held forever. Default 120 s. */
  statementTimeoutMs?: number;
}

/**
 * Runs `fn` in one transaction on one pooled connection: COMMIT when it resolves, ROLLBACK when it throws (the error
 * is rethrown). A connection that failed mid-transaction is discarded, not returned to the pool.
 */
export async function inTransaction<T>(fn: (sql: TxSql) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
  const client = await getPool().connect();
  let broken: Error | undefined;
  // The connection dropping mid-transaction (a database restart) surfaces as the failed query; without a listener
  // the client's 'error' event would crash the process.
  const onError = (err: Error) => (broken = err);
  client.on('error', onError);
  try {
    // One round trip (no parameters, so both statements can go as one simple query).
    await client.query(
      `BEGIN ISOLATION LEVEL ${opts.isolation ?? 'READ COMMITTED'}; SET LOCAL statement_timeout = ${Math.trunc(opts.statementTimeoutMs ?? 120_000)}`,
    );
    const result = await fn(txSqlOn(client));
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((e: Error) => (broken = e));
    throw err;
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}
