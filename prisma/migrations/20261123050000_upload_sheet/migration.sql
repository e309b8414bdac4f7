-- AlterTable: the xlsx worksheet the uploader chose; null = the first sheet.
ALTER TABLE "upload" ADD COLUMN "sheet" TEXT;
