import { readFileSync } from 'node:fs';
import { feature as topoFeature } from 'topojson-client';
import { describe, expect, it } from 'vitest';
import { checkMapShape, MAX_SHAPE_FEATURES } from '../../../lib/regions/mapShape';
import { builtinUsShape, shapeFeatures, windForD3, type RegionFeature } from '../../../lib/regions/shapeFeatures';
import { US_STATE_NAMES } from '../../../lib/regions/regionNames';

const square = (x: number) => [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]];
const feature = (properties: Record<string, unknown>, x = 0, type = 'Polygon') => ({
  type: 'Feature',
  properties,
  geometry: { type, coordinates: type === 'Polygon' ? square(x) : [square(x), square(x + 2)] },
});
const collection = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

describe('checkMapShape: GeoJSON', () => {
  it('accepts Polygon and MultiPolygon features named by `name`, slimmed to geometry + properties.name', () => {
    const r = checkMapShape(collection(feature({ name: ' Lima ', pop: 9 }), feature({ name: 'Cusco' }, 3, 'MultiPolygon')));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.shape).toEqual({ format: 'geojson', object: null, nameProperty: 'name', names: ['Lima', 'Cusco'], featureCount: 2 });
    const data = r.data as { features: { properties: unknown }[] };
    expect(data.features.map((f) => f.properties)).toEqual([{ name: 'Lima' }, { name: 'Cusco' }]);
    expect(shapeFeatures({ format: 'geojson', object: null, data: r.data }).map((f) => f.properties.name)).toEqual(['Lima', 'Cusco']);
  });

  it('detects NOMBDEP (Peru) and, failing the usual names, any property that names every region distinctly', () => {
    const peru = checkMapShape(collection(feature({ NOMBDEP: 'LIMA', FIRST_IDDP: '15' }), feature({ NOMBDEP: 'CUSCO', FIRST_IDDP: '08' }, 2)));
    expect(peru.ok && peru.shape.nameProperty).toBe('NOMBDEP');
    const odd = checkMapShape(collection(feature({ kind: 'dept', label: 'Norte' }), feature({ kind: 'dept', label: 'Sur' }, 2)));
    expect(odd.ok && odd.shape.nameProperty).toBe('label');
  });

  it('uses the property the admin chooses, and refuses it when a region lacks it (listing usable ones)', () => {
    const text = collection(feature({ name: 'Lima', alt: 'LIM' }), feature({ name: 'Cusco', alt: 'CUS' }, 2));
    const alt = checkMapShape(text, { nameProperty: 'alt' });
    expect(alt.ok && alt.shape.names).toEqual(['LIM', 'CUS']);
    const missing = checkMapShape(text, { nameProperty: 'nombre' });
    expect(missing).toMatchObject({ ok: false, code: 'bad_name_property', nameProperties: ['name', 'alt'] });
  });

  it('a name with a control character (NUL) names nothing', () => {
    const r = checkMapShape(collection(feature({ name: 'Lima\u0000' }), feature({ name: 'Cusco' }, 2)), { nameProperty: 'name' });
    expect(r).toMatchObject({ ok: false, code: 'bad_name_property' });
  });

  it('refuses a file where no property names every region', () => {
    const r = checkMapShape(collection(feature({ name: 'Lima' }), feature({ id: 2 }, 2)));
    expect(r).toMatchObject({ ok: false, code: 'no_name_property', nameProperties: ['name', 'id'] });
  });

  it('refuses what is not a FeatureCollection of polygons', () => {
    expect(checkMapShape('{"type":"FeatureCollection"')).toMatchObject({ ok: false, code: 'bad_json' });
    expect(checkMapShape('[1,2]')).toMatchObject({ ok: false, code: 'bad_shape' });
    expect(checkMapShape('{"type":"Feature"}')).toMatchObject({ ok: false, code: 'bad_shape' });
    expect(checkMapShape('{"type":"FeatureCollection","features":{}}')).toMatchObject({ ok: false, code: 'bad_shape' });
    expect(checkMapShape(collection())).toMatchObject({ ok: false, code: 'no_regions' });
    const point = { type: 'Feature', properties: { name: 'X' }, geometry: { type: 'Point', coordinates: [0, 0] } };
    expect(checkMapShape(collection(point))).toMatchObject({ ok: false, code: 'bad_geometry' });
    const badRing = { type: 'Feature', properties: { name: 'X' }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 'a'], [1, 1], [0, 0]]] } };
    expect(checkMapShape(collection(badRing))).toMatchObject({ ok: false, code: 'bad_geometry' });
    const shortRing = { type: 'Feature', properties: { name: 'X' }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] } };
    expect(checkMapShape(collection(shortRing))).toMatchObject({ ok: false, code: 'bad_geometry' });
    expect(checkMapShape(collection({ type: 'Feature', properties: { name: 'X' }, geometry: null }))).toMatchObject({ ok: false, code: 'bad_geometry' });
  });

  it('refuses more than the region limit', () => {
    const many = Array.from({ length: MAX_SHAPE_FEATURES + 1 }, (_, i) => feature({ name: `R${i}` }, i));
    expect(checkMapShape(collection(...many))).toMatchObject({ ok: false, code: 'too_many_regions' });
  });
});

describe('checkMapShape: TopoJSON', () => {
  const atlasText = readFileSync('node_modules/us-atlas/states-10m.json', 'utf8');

  it('reads the us-atlas states (the largest collection, named by `name`) and converts back to 56 features', () => {
    const r = checkMapShape(atlasText);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.shape).toMatchObject({ format: 'topojson', object: 'regions', nameProperty: 'name', featureCount: 56 });
    expect(new Set(r.shape.names)).toEqual(new Set(US_STATE_NAMES));
    const features = shapeFeatures({ format: 'topojson', object: 'regions', data: r.data });
    expect(features).toHaveLength(56);
    expect(features.every((f) => f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon')).toBe(true);
  });

  it('the built-in US shape has a feature for every state name it claims', () => {
    const features = shapeFeatures(builtinUsShape(JSON.parse(atlasText)));
    expect(new Set(features.map((f) => f.properties.name))).toEqual(new Set(US_STATE_NAMES));
  });

  it('picks the object the admin names, and refuses an unknown one', () => {
    const nation = checkMapShape(atlasText, { object: 'nation' });
    // The nation object's one geometry has no properties: nothing names it.
    expect(nation).toMatchObject({ ok: false, code: 'no_name_property' });
    expect(checkMapShape(atlasText, { object: 'counties' })).toMatchObject({ ok: false, code: 'bad_shape' });
  });

  const topo = (geometries: unknown[], arcs: unknown = [[[0, 0], [1, 0], [1, 1], [0, 0]]]) =>
    JSON.stringify({ type: 'Topology', arcs, objects: { depts: { type: 'GeometryCollection', geometries } } });

  it('accepts a small topology and refuses out-of-range arcs, bad arcs and non-polygons', () => {
    expect(checkMapShape(topo([{ type: 'Polygon', arcs: [[0]], properties: { NOMBDEP: 'TACNA' } }]))).toMatchObject({ ok: true, shape: { names: ['TACNA'], nameProperty: 'NOMBDEP' } });
    expect(checkMapShape(topo([{ type: 'Polygon', arcs: [[~0]], properties: { name: 'X' } }]))).toMatchObject({ ok: true });
    expect(checkMapShape(topo([{ type: 'Polygon', arcs: [[1]], properties: { name: 'X' } }]))).toMatchObject({ ok: false, code: 'bad_geometry' });
    expect(checkMapShape(topo([{ type: 'Polygon', arcs: [[~1]], properties: { name: 'X' } }]))).toMatchObject({ ok: false, code: 'bad_geometry' });
    expect(checkMapShape(topo([{ type: 'LineString', arcs: [0], properties: { name: 'X' } }]))).toMatchObject({ ok: false, code: 'bad_geometry' });
    expect(checkMapShape(topo([{ type: 'Polygon', arcs: [[0]], properties: { name: 'X' } }], [['x']]))).toMatchObject({ ok: false, code: 'bad_geometry' });
    expect(checkMapShape(JSON.stringify({ type: 'Topology', arcs: [], objects: {} }))).toMatchObject({ ok: false, code: 'bad_shape' });
    expect(checkMapShape(JSON.stringify({ type: 'Topology', arcs: [], transform: { scale: [1] }, objects: {} }))).toMatchObject({ ok: false, code: 'bad_shape' });
  });
});

describe('shapeFeatures: ring order for d3-geo', () => {
  const ccw = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]];
  const hole = [[0.2, 0.2], [0.2, 0.8], [0.8, 0.8], [0.2, 0.2]];
  const poly = (rings: number[][][]): RegionFeature => ({ type: 'Feature', properties: { name: 'X' }, geometry: { type: 'Polygon', coordinates: rings } });

  it('reverses an RFC 7946 (anticlockwise) polygon, holes included, and leaves a clockwise one alone', () => {
    const wound = windForD3(poly([ccw, hole]));
    expect(wound.geometry).toEqual({ type: 'Polygon', coordinates: [[...ccw].reverse(), [...hole].reverse()] });
    const cw = poly([[...ccw].reverse()]);
    expect(windForD3(cw)).toEqual(cw);
  });

  it('us-atlas is already wound for d3: nothing changes', () => {
    const topology = JSON.parse(readFileSync('node_modules/us-atlas/states-10m.json', 'utf8'));
    const shape = builtinUsShape(topology);
    const wound = shapeFeatures(shape);
    const raw = topoFeature(topology, topology.objects.states) as unknown as { features: RegionFeature[] };
    expect(wound.map((f) => f.geometry)).toEqual(raw.features.map((f) => f.geometry));
  });
});
