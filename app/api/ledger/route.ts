import { requireResultsAccess } from '@/lib/auth/resultsAccess';
import { apiError } from '@/lib/http/respond';
import { versionedJson } from '@/lib/http/versionedJson';
import { getLedger, parseLedgerQuery } from '@/lib/results/getLedger';

export const dynamic = 'force-dynamic';

/** GET [?before=VERSION][&limit=N] (as public as the results): the change ledger, newest first. */
export async function GET(req: Request) {
  const refused = await requireResultsAccess(req);
  if (refused) return refused;
  const parsed = parseLedgerQuery(new URL(req.url).searchParams);
  if (!parsed.ok) return apiError(400, 'bad_query', parsed.message);
  // The body's hash, not the version: an uploader's role may change while the version stands still.
  return versionedJson(req, JSON.stringify(await getLedger(parsed.query)));
}
