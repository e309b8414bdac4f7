// The regions of a MapShape as GeoJSON features, for the choropleth. Runs in the browser (RegionMap) and in tests.
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import type { MapShape } from './mapShape';
import { US_STATE_NAMES } from './regionNames';

export type RegionFeature = Feature<Geometry, { name: string }>;

/** Every feature of the shape, each named by `properties.name` (stored shapes are slimmed to exactly that). */
export function shapeFeatures(shape: Pick<MapShape, 'format' | 'object' | 'data'>): RegionFeature[] {
  if (shape.format === 'geojson') return (shape.data as FeatureCollection<Geometry, { name: string }>).features;
  const topology = shape.data as Topology;
  const object = topology.objects[shape.object ?? 'regions'];
  const result = feature(topology, object) as FeatureCollection<Geometry, { name: string }> | RegionFeature;
  return result.type === 'FeatureCollection' ? result.features : [result];
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
