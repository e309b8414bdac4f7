import { getPrisma } from '../db';
import type { Sql } from '../sql';

export type AuditAction =
  | 'counts.reset'
  | 'upload.retract'
  | 'user.create'
  | 'user.update'
  | 'user.delete'
  | 'user.password_reset'
  | 'token.create'
  | 'token.revoke'
  | 'results.status'
  | 'map_shape.set'
  | 'map_shape.delete'
  | 'expected_voters.set'
  | 'expected_voters.clear'
  | 'queue.retry_failed'
  | 'station.publish'
  | 'station.reject'
  | 'stations.set'
  | 'contest.set';

export interface AuditActor {
  id: string;
  email: string;
}

export interface AuditEntryInput {
  actor: AuditActor | null;
  action: AuditAction;
  /** What was acted on: an upload id, a user's email, a token name. */
  subject?: string;
  details?: Record<string, unknown>;
}

/** Appends one entry. Pass the transaction's Sql when the entry must stand or fall with the change it records. */
export async function recordAudit(sql: Sql, entry: AuditEntryInput): Promise<void> {
  await sql.query(
    'INSERT INTO audit_log (actor_id, actor_email, action, subject, details) VALUES ($1::uuid, $2, $3, $4, $5::jsonb)',
    [entry.actor?.id ?? null, entry.actor?.email ?? '', entry.action, entry.subject ?? '', JSON.stringify(entry.details ?? {})],
  );
}

export interface AuditEntryView {
  id: number;
  at: string;
  actorEmail: string;
  action: string;
  subject: string;
  details: unknown;
}

/** Newest first; `before` pages back by id. */
export async function listAudit(limit = 100, before?: number): Promise<AuditEntryView[]> {
  const rows = await getPrisma().auditEntry.findMany({
    where: before ? { id: { lt: BigInt(before) } } : undefined,
    orderBy: { id: 'desc' },
    take: Math.min(Math.max(limit, 1), 500),
  });
  return rows.map((r) => ({ id: Number(r.id), at: r.at.toISOString(), actorEmail: r.actorEmail, action: r.action, subject: r.subject, details: r.details }));
}
