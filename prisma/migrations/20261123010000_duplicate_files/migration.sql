-- AlterTable
ALTER TABLE "upload" ADD COLUMN "duplicate_confirmed" BOOLEAN NOT NULL DEFAULT false;

-- A byte-identical file may be counted once, unless the uploader explicitly confirms it as a new batch. Enforced by
-- the database so two identical uploads racing each other cannot both pass. Uploads refused before anything of
-- them counted (failed with no chunk applied) do not block a re-upload.
CREATE UNIQUE INDEX "upload_sha256_counted_key" ON "upload"("sha256")
  WHERE NOT "duplicate_confirmed" AND ("status" <> 'failed' OR "chunks_done" > 0);
