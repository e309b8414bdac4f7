-- The admin's map of the country's regions (GeoJSON or TopoJSON, slimmed to geometry + properties.name). One row.
CREATE TABLE "map_shape" (
  "id" INTEGER PRIMARY KEY CHECK ("id" = 1),
  "format" TEXT NOT NULL CHECK ("format" IN ('geojson', 'topojson')),
  "object_name" TEXT,
  "name_property" TEXT NOT NULL,
  "names" TEXT[] NOT NULL,
  "feature_count" INTEGER NOT NULL,
  "filename" TEXT NOT NULL DEFAULT '',
  "data" TEXT NOT NULL,
  "sha256" TEXT NOT NULL,
  "uploaded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "uploaded_by" TEXT NOT NULL DEFAULT ''
);
