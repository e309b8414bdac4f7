import { listAudit } from '@/lib/audit/auditLog';
import { requireRole } from '@/lib/auth/guard';

export const dynamic = 'force-dynamic';

/** GET [?limit=N][&before=ID] (admin): the audit log, newest first. */
export async function GET(req: Request) {
  const who = await requireRole(req, 'admin');
  if (who instanceof Response) return who;
  const q = new URL(req.url).searchParams;
  const limit = Number(q.get('limit') ?? 100) || 100;
  const before = Number(q.get('before')) || undefined;
  return Response.json({ entries: await listAudit(limit, before) }, { headers: { 'cache-control': 'no-store' } });
}
