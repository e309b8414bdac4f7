-- AlterTable: the order uploads were accepted in; with the row number it decides which of two rows sharing a
-- voter id counts, whatever order workers happen to apply their chunks in.
ALTER TABLE "upload" ADD COLUMN "seq" BIGSERIAL NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "upload_seq_key" ON "upload"("seq");

-- CreateTable: which row counts for each voter id (the earliest by upload seq, then row number).
CREATE TABLE "voter_claim" (
    "voter_id" TEXT NOT NULL,
    "upload_seq" BIGINT NOT NULL,
    "upload_id" UUID NOT NULL,
    "row_number" INTEGER NOT NULL,

    CONSTRAINT "voter_claim_pkey" PRIMARY KEY ("voter_id")
);

-- AddForeignKey
ALTER TABLE "voter_claim" ADD CONSTRAINT "voter_claim_upload_id_fkey" FOREIGN KEY ("upload_id") REFERENCES "upload"("id") ON DELETE CASCADE ON UPDATE CASCADE;
