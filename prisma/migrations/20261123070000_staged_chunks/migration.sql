-- Parsed chunks wait in Postgres instead of Redis, so a Redis restart (which keeps nothing here) loses no rows; a
-- queue job lost with it is enqueued again from this table. A row is deleted in the transaction that counts it.
CREATE TABLE "staged_chunk" (
    "upload_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "rows" INTEGER NOT NULL,
    "payload" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "staged_chunk_pkey" PRIMARY KEY ("upload_id", "seq")
);
ALTER TABLE "staged_chunk" ADD CONSTRAINT "staged_chunk_upload_id_fkey"
    FOREIGN KEY ("upload_id") REFERENCES "upload"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- The payload is written once and read once: skip TOAST compression (CPU) and keep it out of line.
ALTER TABLE "staged_chunk" ALTER COLUMN "payload" SET STORAGE EXTERNAL;

-- The web node reading an upload refreshes this while it parses; a stale one means the node died mid-file.
ALTER TABLE "upload" ADD COLUMN "heartbeat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
