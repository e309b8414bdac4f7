import { requireResultsAccess } from '@/lib/auth/guard';
import { currentResults } from '@/lib/results/currentResults';

export const dynamic = 'force-dynamic';

/** GET /api/results: totals and per-region results at the current tally version (header x-tally-version). */
export async function GET(req: Request) {
  const who = await requireResultsAccess(req);
  if (who instanceof Response) return who;
  const { version, body } = await currentResults();
  return new Response(body, {
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-tally-version': String(version) },
  });
}
