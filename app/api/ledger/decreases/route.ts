import { requireResultsAccess } from '@/lib/auth/resultsAccess';
import { apiError } from '@/lib/http/respond';
import { versionedJson } from '@/lib/http/versionedJson';
import { getUploadDecreases } from '@/lib/results/getUploadDecreases';

export const dynamic = 'force-dynamic';

/** GET (as public as the results): every valid-candidate decrease in an upload's version, over the whole ledger. */
export async function GET(req: Request) {
  const refused = await requireResultsAccess(req);
  if (refused) return refused;
  const d = await getUploadDecreases();
  return versionedJson(req, JSON.stringify(d), `"d${d.version}"`);
}
