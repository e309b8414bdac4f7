import { requireRole } from '@/lib/auth/guard';
import { apiError } from '@/lib/http/respond';
import { fileNameParam, readTextBody } from '@/lib/http/readTextBody';
import { MAX_SHAPE_BYTES } from '@/lib/regions/mapShape';
import { deleteMapShape, saveMapShape } from '@/lib/regions/mapShapeStore';

export const dynamic = 'force-dynamic';

/**
 * PUT (admin) with the GeoJSON / TopoJSON file as the body (≤ 5 MiB), `?nameProperty=` (else detected),
 * `?object=` (TopoJSON; else the largest collection), `?filename=`: replaces the map; audited. Answers the stored
 * shape's description and how many regions of the current results it matches.
 */
export async function PUT(req: Request) {
  const who = await requireRole(req, 'admin', { mutation: true });
  if (who instanceof Response) return who;
  const q = new URL(req.url).searchParams;
  const nameProperty = q.get('nameProperty') || undefined;
  const object = q.get('object') || undefined;
  const filename = fileNameParam(req);
  if ((nameProperty?.length ?? 0) > 100 || (object?.length ?? 0) > 100) return apiError(400, 'bad_request', 'nameProperty and object are at most 100 characters');
  const text = await readTextBody(req, MAX_SHAPE_BYTES);
  if (text instanceof Response) return text;
  const r = await saveMapShape({ id: who.id, email: who.email }, { text, filename, nameProperty, object });
  if (!r.ok) return Response.json({ error: { code: r.code, message: r.message }, nameProperties: r.nameProperties }, { status: r.status });
  return Response.json(r.value, { headers: { 'cache-control': 'no-store' } });
}

/** DELETE (admin): back to the built-in map or tiles; audited. `{removed: boolean}`. */
export async function DELETE(req: Request) {
  const who = await requireRole(req, 'admin', { mutation: true });
  if (who instanceof Response) return who;
  return Response.json({ removed: await deleteMapShape({ id: who.id, email: who.email }) }, { headers: { 'cache-control': 'no-store' } });
}
