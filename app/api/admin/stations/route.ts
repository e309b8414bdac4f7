import { requireRole } from '@/lib/auth/guard';
import { fileNameParam, readTextBody } from '@/lib/http/readTextBody';
import { MAX_STATIONS_CSV_BYTES } from '@/lib/admin/stationsCsv';
import { replaceStations, stationsSummary } from '@/lib/admin/stationsList';
import { publishCommitted } from '@/lib/live/publishCommitted';

export const dynamic = 'force-dynamic';

/**
 * PUT (admin) with the csv as the body (`station,region,province,district,registered_voters`, ≤ 64 MiB),
 * `?filename=`: replaces the whole list as a new version, or changes nothing and answers 400 with every bad row;
 * audited. `{stations, registered, version}`.
 */
export async function PUT(req: Request) {
  const who = await requireRole(req, 'admin', { mutation: true });
  if (who instanceof Response) return who;
  const text = await readTextBody(req, MAX_STATIONS_CSV_BYTES);
  if (text instanceof Response) return text;
  const r = await replaceStations({ id: who.id, email: who.email }, text, fileNameParam(req));
  if (!r.ok) return Response.json({ error: { code: r.code, message: r.message }, errors: r.errors }, { status: r.status });
  await publishCommitted(r.delta);
  return Response.json({ stations: r.stations, registered: r.registered, version: r.delta.version }, { headers: { 'cache-control': 'no-store' } });
}

/** GET (admin): the current list in numbers, `{stations, registered, regions}`. */
export async function GET(req: Request) {
  const who = await requireRole(req, 'admin');
  if (who instanceof Response) return who;
  return Response.json(await stationsSummary(), { headers: { 'cache-control': 'no-store' } });
}
