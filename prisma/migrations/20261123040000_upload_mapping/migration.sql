-- AlterTable: the column mapping the uploader chose ({header: role | null}); null = detected from the header.
ALTER TABLE "upload" ADD COLUMN "mapping" JSONB;
