-- Ingest speed: each row of vote_record and voter_claim paid a foreign-key check on upload (a trigger and a row
-- lock per row), which cost more than the insert itself, and vote_record carried a bigserial id nobody reads plus a
-- separate (upload_id, row_number) index. Measured on 200,000 rows: 2.7 s → 0.7 s. The pair (upload_id,
-- row_number) becomes the primary key: a row of a file can be counted only once. Rows are written only by the
-- chunk transaction, for an upload it has just read; uploads are never deleted (retraction keeps the row).
ALTER TABLE "vote_record" DROP CONSTRAINT "vote_record_upload_id_fkey";
ALTER TABLE "vote_record" DROP CONSTRAINT "vote_record_pkey";
ALTER TABLE "vote_record" DROP COLUMN "id";
DROP INDEX "vote_record_upload_id_row_number_idx";
ALTER TABLE "vote_record" ADD CONSTRAINT "vote_record_pkey" PRIMARY KEY ("upload_id", "row_number");

ALTER TABLE "voter_claim" DROP CONSTRAINT "voter_claim_upload_id_fkey";
