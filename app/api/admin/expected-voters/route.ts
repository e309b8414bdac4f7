import { requireRole } from '@/lib/auth/guard';
import { fileNameParam, readTextBody } from '@/lib/http/readTextBody';
import { MAX_EXPECTED_CSV_BYTES } from '@/lib/regions/expectedVotersCsv';
import { clearExpectedVoters, replaceExpectedVoters } from '@/lib/regions/expectedVotersStore';

export const dynamic = 'force-dynamic';

/**
 * PUT (admin) with the csv as the body (`region,registered_voters[,expected_votes]`, ≤ 1 MiB), `?filename=`:
 * replaces the whole list, or changes nothing and answers 400 with every bad row; audited.
 */
export async function PUT(req: Request) {
  const who = await requireRole(req, 'admin', { mutation: true });
  if (who instanceof Response) return who;
  const text = await readTextBody(req, MAX_EXPECTED_CSV_BYTES);
  if (text instanceof Response) return text;
  const filename = fileNameParam(req);
  const r = await replaceExpectedVoters({ id: who.id, email: who.email }, text, filename);
  if (!r.ok) return Response.json({ error: { code: r.code, message: r.message }, errors: r.errors }, { status: r.status });
  return Response.json(r.value, { headers: { 'cache-control': 'no-store' } });
}

/** DELETE (admin): clears the list; audited. `{removed: number}` (regions). */
export async function DELETE(req: Request) {
  const who = await requireRole(req, 'admin', { mutation: true });
  if (who instanceof Response) return who;
  return Response.json({ removed: await clearExpectedVoters({ id: who.id, email: who.email }) }, { headers: { 'cache-control': 'no-store' } });
}
