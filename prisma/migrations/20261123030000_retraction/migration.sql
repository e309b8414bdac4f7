-- AlterTable
ALTER TABLE "upload" ADD COLUMN "retracted_at" TIMESTAMPTZ(3),
ADD COLUMN "retracted_by" UUID;

-- AddForeignKey
ALTER TABLE "upload" ADD CONSTRAINT "upload_retracted_by_fkey" FOREIGN KEY ("retracted_by") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A retracted upload no longer blocks a byte-identical file: re-uploading it is how a mistaken retraction is undone.
DROP INDEX "upload_sha256_counted_key";
CREATE UNIQUE INDEX "upload_sha256_counted_key" ON "upload"("sha256")
  WHERE NOT "duplicate_confirmed" AND "status" <> 'retracted' AND ("status" <> 'failed' OR "chunks_done" > 0);
