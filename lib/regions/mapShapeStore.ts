import { createHash } from 'node:crypto';
import { recordAudit, type AuditActor } from '../audit/auditLog';
import { currentResults } from '../results/currentResults';
import type { Results } from '../results/summarizeCells';
import { inTransaction, poolSql } from '../sql';
import { checkMapShape, type MapShape, type ShapeFormat } from './mapShape';
import { matchRegionNames } from './regionNames';

// The uploaded map shape in Postgres (table map_shape, one row). The dashboard draws it; without one it falls back
// to the built-in US states when the results look like them, else to tiles (app/_components/RegionMap.tsx).

interface ShapeRow {
  format: ShapeFormat;
  object_name: string | null;
  name_property: string;
  names: string[];
  feature_count: number;
  filename: string;
  data: string;
  sha256: string;
  uploaded_at: Date;
}

/**
 * The uploaded shape, or null when none is stored (server-side, e.g. for the dashboard's first paint). Parsed once
 * per stored shape and shared: treat it as read-only.
 */
export async function getMapShape(): Promise<MapShape | null> {
  const [tag] = await poolSql().query<{ sha256: string }>('SELECT sha256 FROM map_shape WHERE id = 1');
  if (!tag) return null;
  if (parsed?.sha256 !== tag.sha256) {
    const row = await readRow();
    if (!row) return null;
    parsed = { sha256: row.sha256, shape: { ...meta(row), data: JSON.parse(row.data) as unknown } };
  }
  return parsed.shape;
}

let parsed: { sha256: string; shape: MapShape } | null = null;

/** The uploaded shape's description without its geometry (the admin console), or null. */
export async function getMapShapeInfo(): Promise<Omit<MapShape, 'data'> | null> {
  const [row] = await poolSql().query<ShapeRow>(
    `SELECT format, object_name, name_property, names, feature_count, filename, '' AS data, sha256, uploaded_at FROM map_shape WHERE id = 1`,
  );
  return row ? meta(row) : null;
}

/**
 * GET /api/map-shape's answer, `{"shape": MapShape | null}` with its ETag. `notModified` when the client holds that
 * ETag (the shape's text is not read then). The body is rendered once per stored shape: the shape's JSON text is
 * spliced in as stored (JSON.stringify made it at upload), not parsed again per request.
 */
export async function mapShapeBody(ifNoneMatch: string | null): Promise<{ etag: string; notModified: boolean; body: string }> {
  const [tag] = await poolSql().query<{ sha256: string }>('SELECT sha256 FROM map_shape WHERE id = 1');
  const etag = `"shape-${tag?.sha256 ?? 'none'}"`;
  if (ifNoneMatch === etag) return { etag, notModified: true, body: '' };
  if (!tag) return { etag, notModified: false, body: '{"shape":null}' };
  if (rendered?.sha256 !== tag.sha256) {
    const row = await readRow();
    if (!row) return { etag: '"shape-none"', notModified: false, body: '{"shape":null}' };
    const head = JSON.stringify({ ...meta(row), data: null });
    rendered = { sha256: row.sha256, etag: `"shape-${row.sha256}"`, body: `{"shape":${head.slice(0, -'null}'.length)}${row.data}}}` };
  }
  return { etag: rendered.etag, notModified: false, body: rendered.body };
}

let rendered: { sha256: string; etag: string; body: string } | null = null;

export interface ShapeMatch {
  /** Regions in the current results. */
  regions: number;
  matched: number;
  /** Result regions the shape does not have (first 100). */
  unmatchedRegions: string[];
  /** Shape regions with no results yet. */
  shapesWithoutResults: number;
}

export type SaveShapeResult =
  | { ok: true; value: { shape: Omit<MapShape, 'data'>; match: ShapeMatch } }
  | { ok: false; status: number; code: string; message: string; nameProperties?: string[] };

/** Checks and stores an uploaded shape (replacing any), audited; reports how many current result regions it covers. */
export async function saveMapShape(
  actor: AuditActor,
  input: { text: string; filename: string; nameProperty?: string; object?: string },
): Promise<SaveShapeResult> {
  const checked = checkMapShape(input.text, { nameProperty: input.nameProperty, object: input.object });
  if (!checked.ok) return { ok: false, status: 400, code: checked.code, message: checked.message, nameProperties: checked.nameProperties };
  const data = JSON.stringify(checked.data);
  const sha256 = createHash('sha256').update(data).update('\0').update(input.filename).digest('hex');
  const s = checked.shape;
  const row = await inTransaction(async (sql) => {
    const [saved] = await sql.query<ShapeRow>(
      `INSERT INTO map_shape (id, format, object_name, name_property, names, feature_count, filename, data, sha256, uploaded_at, uploaded_by)
       VALUES (1, $1, $2, $3, $4::text[], $5, $6, $7, $8, now(), $9)
       ON CONFLICT (id) DO UPDATE SET format = EXCLUDED.format, object_name = EXCLUDED.object_name, name_property = EXCLUDED.name_property,
         names = EXCLUDED.names, feature_count = EXCLUDED.feature_count, filename = EXCLUDED.filename, data = EXCLUDED.data,
         sha256 = EXCLUDED.sha256, uploaded_at = EXCLUDED.uploaded_at, uploaded_by = EXCLUDED.uploaded_by
       RETURNING format, object_name, name_property, names, feature_count, filename, '' AS data, sha256, uploaded_at`,
      [s.format, s.object, s.nameProperty, s.names, s.featureCount, input.filename, data, sha256, actor.email],
    );
    await recordAudit(sql, {
      actor,
      action: 'map_shape.set',
      subject: input.filename,
      details: { format: s.format, nameProperty: s.nameProperty, regions: s.names.length, bytes: Buffer.byteLength(data), sha256 },
    });
    return saved;
  });
  return { ok: true, value: { shape: meta(row), match: await matchCurrentResults(s.names) } };
}

/** Removes the uploaded shape (audited); false when there was none. */
export async function deleteMapShape(actor: AuditActor): Promise<boolean> {
  return inTransaction(async (sql) => {
    const gone = await sql.query<{ filename: string; sha256: string }>('DELETE FROM map_shape WHERE id = 1 RETURNING filename, sha256');
    if (gone.length === 0) return false;
    await recordAudit(sql, { actor, action: 'map_shape.delete', subject: gone[0].filename, details: { sha256: gone[0].sha256 } });
    return true;
  });
}

async function matchCurrentResults(names: string[]): Promise<ShapeMatch> {
  const results = JSON.parse((await currentResults()).body) as Results;
  const m = matchRegionNames(results.regions.map((r) => r.region), names);
  return { regions: results.regions.length, matched: m.matched.size, unmatchedRegions: m.unmatchedRegions.slice(0, 100), shapesWithoutResults: m.unmatchedShapes.length };
}

async function readRow(): Promise<ShapeRow | null> {
  const [row] = await poolSql().query<ShapeRow>(
    'SELECT format, object_name, name_property, names, feature_count, filename, data, sha256, uploaded_at FROM map_shape WHERE id = 1',
  );
  return row ?? null;
}

function meta(row: ShapeRow): Omit<MapShape, 'data'> {
  return {
    source: 'uploaded',
    format: row.format,
    object: row.object_name,
    nameProperty: row.name_property,
    names: row.names,
    featureCount: row.feature_count,
    filename: row.filename,
    uploadedAt: row.uploaded_at.toISOString(),
  };
}
