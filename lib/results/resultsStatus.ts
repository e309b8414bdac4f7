import { recordAudit, type AuditActor } from '../audit/auditLog';
import { inTransaction, poolSql } from '../sql';

import type { ResultsStatusValue } from './resultsStatusValues';

export { RESULTS_STATUSES, type ResultsStatusValue } from './resultsStatusValues';

// What an admin declares the published numbers to be. Nothing shows as final unless an admin says so.

export interface ResultsStatusView {
  status: ResultsStatusValue;
  updatedAt: string;
  updatedBy: string;
}

export async function getResultsStatus(): Promise<ResultsStatusView> {
  const [r] = await poolSql().query<{ status: ResultsStatusValue; updated_at: Date; updated_by: string }>(
    'SELECT status, updated_at, updated_by FROM results_status WHERE id = 1',
  );
  return r ? { status: r.status, updatedAt: r.updated_at.toISOString(), updatedBy: r.updated_by } : { status: 'unofficial-partial', updatedAt: new Date(0).toISOString(), updatedBy: '' };
}

export async function setResultsStatus(actor: AuditActor, status: ResultsStatusValue): Promise<ResultsStatusView> {
  return inTransaction(async (sql) => {
    const [before] = await sql.query<{ status: string }>('SELECT status FROM results_status WHERE id = 1 FOR UPDATE');
    const [r] = await sql.query<{ status: ResultsStatusValue; updated_at: Date; updated_by: string }>(
      `INSERT INTO results_status (id, status, updated_at, updated_by) VALUES (1, $1, now(), $2)
       ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
       RETURNING status, updated_at, updated_by`,
      [status, actor.email],
    );
    await recordAudit(sql, { actor, action: 'results.status', subject: status, details: { before: before?.status ?? null } });
    return { status: r.status, updatedAt: r.updated_at.toISOString(), updatedBy: r.updated_by };
  });
}
