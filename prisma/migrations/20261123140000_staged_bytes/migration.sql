-- A staged chunk is a line of JSON and then COPY text (lib/uploads/chunkCodec.ts), read back in binary and sent to
-- Postgres again as it is: bytes, so neither side decodes and re-encodes it.
ALTER TABLE staged_chunk ALTER COLUMN payload TYPE bytea USING convert_to(payload, 'UTF8');

-- It is written once and read once: lz4 compresses and decompresses it several times faster than the default pglz
-- (Postgres' CPU is the ingest bottleneck). Servers built without lz4 keep pglz.
DO $$
BEGIN
  ALTER TABLE staged_chunk ALTER COLUMN payload SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'this PostgreSQL has no lz4: staged chunks stay pglz-compressed';
END
$$;
