// An admin's map of the country's regions (GeoJSON or TopoJSON), checked before it is stored, and the one shape the
// dashboard draws. Pure: no I/O, so the same checks run in unit tests and in PUT /api/admin/map-shape.

export type ShapeFormat = 'geojson' | 'topojson';

/** What GET /api/map-shape answers and RegionMap draws. */
export interface MapShape {
  /** 'uploaded' by an admin, or the built-in US states (bundled with the dashboard, never fetched). */
  source: 'uploaded' | 'builtin-us';
  format: ShapeFormat;
  /** TopoJSON: the object in `data.objects` holding the regions ("regions" for uploads); null for GeoJSON. */
  object: string | null;
  /** The property of the uploaded file that named the regions; stored shapes carry it as `properties.name`. */
  nameProperty: string;
  /** Region names of the shape, distinct, in file order. */
  names: string[];
  featureCount: number;
  filename: string;
  uploadedAt: string | null;
  /** A GeoJSON FeatureCollection or a TopoJSON Topology; every feature has `properties.name` and nothing else. */
  data: unknown;
}

export const MAX_SHAPE_BYTES = 5 * 1024 * 1024;
export const MAX_SHAPE_FEATURES = 5000;
const MAX_NAME_CHARS = 200;
/** Tried in this order when the admin names no property. */
export const NAME_PROPERTY_CANDIDATES = [
  'name', 'NAME', 'Name', 'nombre', 'NOMBRE', 'Nombre', 'NOMBDEP', 'NOMBPROV', 'NOMBDIST', 'NAME_1', 'name_1', 'NAME_EN',
  'name_en', 'NOM', 'nom', 'NOM_DEPT', 'nom_dpto', 'NOM_DPTO', 'DEPARTAMEN', 'DPTO', 'state', 'STATE', 'STATE_NAME',
  'region', 'REGION', 'shapeName', 'ADM1_EN', 'ADM1_ES', 'ADM1_PT', 'ADM1_FR', 'admin1Name',
] as const;

export type ShapeCheck =
  | { ok: true; shape: Pick<MapShape, 'format' | 'object' | 'nameProperty' | 'names' | 'featureCount'>; data: unknown }
  | { ok: false; code: string; message: string; nameProperties?: string[] };

type Json = Record<string, unknown>;

interface Region {
  /** GeoJSON Feature or TopoJSON geometry object, as given. */
  item: Json;
  properties: Json;
}

/**
 * Checks an uploaded file's text: a GeoJSON FeatureCollection (Polygon / MultiPolygon features) or a TopoJSON
 * Topology (an object that is a GeometryCollection of Polygon / MultiPolygon geometries; `object` picks one, else
 * the one with the most), every region named by `nameProperty` (else the first of NAME_PROPERTY_CANDIDATES, or any
 * property, that names every region). Returns the shape slimmed to geometry plus `properties.name`.
 */
export function checkMapShape(text: string, opts: { nameProperty?: string; object?: string } = {}): ShapeCheck {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return fail('bad_json', 'the file is not JSON');
  }
  if (!isObject(doc)) return fail('bad_shape', 'expected a GeoJSON FeatureCollection or a TopoJSON Topology');
  if (doc.type === 'FeatureCollection') return checkGeoJson(doc, opts.nameProperty);
  if (doc.type === 'Topology') return checkTopoJson(doc, opts);
  return fail('bad_shape', `expected a GeoJSON FeatureCollection or a TopoJSON Topology, not type ${JSON.stringify(String(doc.type ?? ''))}`);
}

function checkGeoJson(doc: Json, nameProperty: string | undefined): ShapeCheck {
  if (!Array.isArray(doc.features)) return fail('bad_shape', 'a FeatureCollection needs a features array');
  const regions: Region[] = [];
  for (const [i, f] of doc.features.entries()) {
    if (!isObject(f) || f.type !== 'Feature') return fail('bad_shape', `feature ${i} is not a Feature`);
    const problem = geometryProblem(f.geometry);
    if (problem) return fail('bad_geometry', `feature ${i}: ${problem}`);
    regions.push({ item: f, properties: isObject(f.properties) ? f.properties : {} });
  }
  const named = nameRegions(regions, nameProperty);
  if (!named.ok) return named;
  const features = regions.map((r, i) => ({ type: 'Feature', properties: { name: named.names[i] }, geometry: r.item.geometry }));
  return {
    ok: true,
    shape: { format: 'geojson', object: null, nameProperty: named.property, names: distinct(named.names), featureCount: features.length },
    data: { type: 'FeatureCollection', features },
  };
}

function checkTopoJson(doc: Json, opts: { nameProperty?: string; object?: string }): ShapeCheck {
  if (!Array.isArray(doc.arcs)) return fail('bad_shape', 'a Topology needs an arcs array');
  for (const [i, arc] of doc.arcs.entries()) {
    if (!Array.isArray(arc) || !arc.every(isPosition)) return fail('bad_geometry', `arc ${i} is not a list of positions`);
  }
  if (doc.transform !== undefined && !isTransform(doc.transform)) return fail('bad_shape', 'transform needs scale and translate, two numbers each');
  if (!isObject(doc.objects)) return fail('bad_shape', 'a Topology needs objects');
  const collections = Object.entries(doc.objects).filter(
    (e): e is [string, Json & { geometries: unknown[] }] => isObject(e[1]) && e[1].type === 'GeometryCollection' && Array.isArray(e[1].geometries),
  );
  const chosen = opts.object !== undefined ? collections.find(([k]) => k === opts.object) : collections.sort((a, b) => b[1].geometries.length - a[1].geometries.length)[0];
  if (!chosen) {
    return opts.object !== undefined
      ? fail('bad_shape', `the Topology has no GeometryCollection object ${JSON.stringify(opts.object)}`)
      : fail('bad_shape', 'the Topology has no GeometryCollection object');
  }
  const [objectName, collection] = chosen;
  const arcCount = doc.arcs.length;
  const regions: Region[] = [];
  for (const [i, g] of collection.geometries.entries()) {
    if (!isObject(g)) return fail('bad_geometry', `${objectName} geometry ${i} is not an object`);
    const problem = topoGeometryProblem(g, arcCount);
    if (problem) return fail('bad_geometry', `${objectName} geometry ${i}: ${problem}`);
    regions.push({ item: g, properties: isObject(g.properties) ? g.properties : {} });
  }
  const named = nameRegions(regions, opts.nameProperty);
  if (!named.ok) return named;
  const geometries = regions.map((r, i) => ({ type: r.item.type, arcs: r.item.arcs, properties: { name: named.names[i] } }));
  const data: Json = { type: 'Topology', arcs: doc.arcs, objects: { regions: { type: 'GeometryCollection', geometries } } };
  if (doc.transform !== undefined) data.transform = doc.transform;
  if (Array.isArray(doc.bbox)) data.bbox = doc.bbox;
  return {
    ok: true,
    shape: { format: 'topojson', object: 'regions', nameProperty: named.property, names: distinct(named.names), featureCount: geometries.length },
    data,
  };
}

function nameRegions(regions: Region[], wanted: string | undefined): { ok: true; property: string; names: string[] } | Extract<ShapeCheck, { ok: false }> {
  if (regions.length === 0) return fail('no_regions', 'the shape has no regions');
  if (regions.length > MAX_SHAPE_FEATURES) return fail('too_many_regions', `at most ${MAX_SHAPE_FEATURES} regions (this file has ${regions.length})`);
  const usable = namingProperties(regions);
  let property = wanted;
  if (property === undefined) {
    property = NAME_PROPERTY_CANDIDATES.find((c) => usable.includes(c)) ?? usable.find((p) => new Set(regions.map((r) => nameOf(r, p))).size === regions.length);
    if (property === undefined) {
      return { ...fail('no_name_property', 'no property names every region: choose the name property'), nameProperties: allProperties(regions) };
    }
  } else if (!usable.includes(property)) {
    const missing = regions.findIndex((r) => nameOf(r, property!) === null);
    return {
      ...fail('bad_name_property', `region ${missing} has no usable ${JSON.stringify(property)} (a text of 1–${MAX_NAME_CHARS} characters)`),
      nameProperties: usable,
    };
  }
  return { ok: true, property, names: regions.map((r) => nameOf(r, property!)!) };
}

/** Properties that give every region a name. */
function namingProperties(regions: Region[]): string[] {
  return allProperties(regions).filter((p) => regions.every((r) => nameOf(r, p) !== null));
}

function allProperties(regions: Region[]): string[] {
  const keys = new Set<string>();
  for (const r of regions.slice(0, 50)) for (const k of Object.keys(r.properties)) keys.add(k);
  return [...keys].filter((k) => k.length <= 100 && !/[\u0000-\u001f\u007f]/.test(k));
}

function nameOf(r: Region, property: string): string | null {
  if (!Object.hasOwn(r.properties, property)) return null;
  const v = r.properties[property];
  const text = typeof v === 'string' ? v.normalize('NFC').trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : '';
  // Control characters (NUL above all: Postgres text cannot hold it) make no usable name.
  return text.length > 0 && text.length <= MAX_NAME_CHARS && !/[\u0000-\u001f\u007f]/.test(text) ? text : null;
}

function geometryProblem(g: unknown): string | null {
  if (!isObject(g)) return 'no geometry';
  if (g.type === 'Polygon') return polygonProblem(g.coordinates);
  if (g.type === 'MultiPolygon') {
    if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) return 'a MultiPolygon needs polygons';
    for (const p of g.coordinates) {
      const problem = polygonProblem(p);
      if (problem) return problem;
    }
    return null;
  }
  return `geometry type ${JSON.stringify(String(g.type ?? ''))} is not a Polygon or MultiPolygon`;
}

function polygonProblem(rings: unknown): string | null {
  if (!Array.isArray(rings) || rings.length === 0) return 'a polygon needs rings';
  for (const ring of rings) {
    if (!Array.isArray(ring) || ring.length < 4) return 'a ring needs at least 4 positions';
    if (!ring.every(isPosition)) return 'a position is not [longitude, latitude]';
  }
  return null;
}

function topoGeometryProblem(g: Json, arcCount: number): string | null {
  const rings = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((ring) => Array.isArray(ring) && ring.length > 0 && ring.every((a) => arcIndexOk(a, arcCount)));
  if (g.type === 'Polygon') return rings(g.arcs) ? null : 'a Polygon needs rings of valid arc indexes';
  if (g.type === 'MultiPolygon') {
    return Array.isArray(g.arcs) && g.arcs.length > 0 && g.arcs.every(rings) ? null : 'a MultiPolygon needs polygons of valid arc indexes';
  }
  return `geometry type ${JSON.stringify(String(g.type ?? ''))} is not a Polygon or MultiPolygon`;
}

/** TopoJSON arc references: i, or ~i (one's complement) for arc i reversed. */
function arcIndexOk(a: unknown, arcCount: number): boolean {
  return Number.isInteger(a) && ((a as number) >= 0 ? (a as number) < arcCount : ~(a as number) < arcCount);
}

function isPosition(p: unknown): boolean {
  return Array.isArray(p) && p.length >= 2 && p.length <= 4 && p.every((n) => typeof n === 'number' && Number.isFinite(n));
}

function isTransform(t: unknown): boolean {
  const pair = (v: unknown) => Array.isArray(v) && v.length === 2 && v.every((n) => typeof n === 'number' && Number.isFinite(n));
  return isObject(t) && pair(t.scale) && pair(t.translate);
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function distinct(names: string[]): string[] {
  return [...new Set(names)];
}

function fail(code: string, message: string): Extract<ShapeCheck, { ok: false }> {
  return { ok: false, code, message };
}
