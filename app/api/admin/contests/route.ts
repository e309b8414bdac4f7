import { z } from 'zod';
import { recordAudit } from '@/lib/audit/auditLog';
import { requireRole } from '@/lib/auth/guard';
import { apiError, jsonBody } from '@/lib/http/respond';
import { publishContestsChanged } from '@/lib/live/publishCommitted';
import { MAX_CONTEST_NAME, upsertContest } from '@/lib/results/contests';
import { inTransaction } from '@/lib/sql';

export const dynamic = 'force-dynamic';

const Name = z.string().max(MAX_CONTEST_NAME).transform((s) => s.normalize('NFC').trim());
const Body = z.object({
  name: Name,
  seats: z.number().int().min(1).max(1000).default(1),
  /** Regions where it is held; empty or absent = everywhere. */
  scope: z.array(Name.pipe(z.string().min(1))).max(10_000).nullish(),
});

/** PUT {name, seats, scope} (admin): creates or changes a contest; audited. Scope applies to reports settled from now on. */
export async function PUT(req: Request) {
  const who = await requireRole(req, 'admin', { mutation: true });
  if (who instanceof Response) return who;
  const body = Body.safeParse(await jsonBody(req));
  if (!body.success) return apiError(400, 'bad_request', 'expected {name, seats 1..1000, scope: [region, ...]}');
  const c = { name: body.data.name, seats: body.data.seats, scope: body.data.scope && body.data.scope.length > 0 ? [...new Set(body.data.scope)] : null };
  await inTransaction(async (sql) => {
    await upsertContest(c, sql);
    await recordAudit(sql, { actor: { id: who.id, email: who.email }, action: 'contest.set', subject: c.name || '(default)', details: c });
  });
  await publishContestsChanged();
  return Response.json(c);
}
