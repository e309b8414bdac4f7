import { getSnapshot } from '@/lib/results/getSnapshot';
import { summarizeCells } from '@/lib/results/summarizeCells';

export const dynamic = 'force-dynamic';

export async function GET() {
  const snap = await getSnapshot();
  return Response.json(summarizeCells(snap.version, snap.updatedAt, snap.cells), {
    headers: { 'cache-control': 'no-store', 'x-tally-version': String(snap.version) },
  });
}
