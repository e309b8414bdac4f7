import { requireResultsAccess } from '@/lib/auth/resultsAccess';
import { getMapShapeInfo, mapShapeBody } from '@/lib/regions/mapShapeStore';

export const dynamic = 'force-dynamic';

/**
 * GET (public unless PUBLIC_RESULTS=false): `{"shape": MapShape | null}`, the admin's uploaded map; null when none
 * (the dashboard then uses its bundled US states or tiles). ETag / If-None-Match → 304. `?data=false`: the
 * description only (`data` left out), for the admin console.
 */
export async function GET(req: Request) {
  const refused = await requireResultsAccess(req);
  if (refused) return refused;
  if (new URL(req.url).searchParams.get('data') === 'false') {
    return Response.json({ shape: await getMapShapeInfo() }, { headers: { 'cache-control': 'no-store' } });
  }
  const r = await mapShapeBody(req.headers.get('if-none-match'));
  const headers = { 'content-type': 'application/json', etag: r.etag, 'cache-control': 'no-cache' };
  return r.notModified ? new Response(null, { status: 304, headers }) : new Response(r.body, { headers });
}
