// The regions of a MapShape as GeoJSON features, for the choropleth. Runs in the browser (RegionMap) and in tests.
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import type { MapShape } from './mapShape';
import { US_STATE_NAMES } from './regionNames';

export type RegionFeature = Feature<Geometry, { name: string }>;

/**
 * Every feature of the shape, each named by `properties.name` (stored shapes are slimmed to exactly that), with its
 * rings wound the way d3-geo (under chartjs-chart-geo) needs them.
 */
export function shapeFeatures(shape: Pick<MapShape, 'format' | 'object' | 'data'>): RegionFeature[] {
  let features: RegionFeature[];
  if (shape.format === 'geojson') {
    features = (shape.data as FeatureCollection<Geometry, { name: string }>).features;
  } else {
    const topology = shape.data as Topology;
    const result = feature(topology, topology.objects[shape.object ?? 'regions']) as FeatureCollection<Geometry, { name: string }> | RegionFeature;
    features = result.type === 'FeatureCollection' ? result.features : [result];
  }
  return features.map(windForD3);
}

/**
 * d3-geo reads a polygon's ring order on the sphere: an exterior ring must run clockwise, or the polygon is the whole
 * globe minus the region (the map fills with one colour). RFC 7946 GeoJSON (ogr2ogr, QGIS) runs exterior rings
 * anticlockwise, mapshaper and TopoJSON tools clockwise: a polygon whose exterior ring is anticlockwise in the
 * longitude/latitude plane has all its rings reversed. Planar orientation is right for any region smaller than a
 * hemisphere that does not cross the antimeridian.
 */
export function windForD3(f: RegionFeature): RegionFeature {
  const g = f.geometry;
  if (g?.type === 'Polygon') return { ...f, geometry: { ...g, coordinates: windPolygon(g.coordinates) } };
  if (g?.type === 'MultiPolygon') return { ...f, geometry: { ...g, coordinates: g.coordinates.map(windPolygon) } };
  return f;
}

function windPolygon(rings: Position[][]): Position[][] {
  return rings.length > 0 && planarArea(rings[0]) > 0 ? rings.map((r) => [...r].reverse()) : rings;
}

/** Shoelace: positive when the ring runs anticlockwise with x east and y north. */
function planarArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return sum / 2;
}

/** The built-in US states (us-atlas states-10m.json, bundled with the app) as a MapShape. */
export function builtinUsShape(topology: unknown): MapShape {
  return {
    source: 'builtin-us',
    format: 'topojson',
    object: 'states',
    nameProperty: 'name',
    names: [...US_STATE_NAMES],
    featureCount: US_STATE_NAMES.length,
    filename: 'us-atlas/states-10m.json',
    uploadedAt: null,
    data: topology,
  };
}
