-- Issue 5: roles, an append-only audit log, and resets of the counts.

-- Three roles; anything else is refused by the database too, not only by the API.
UPDATE "app_user" SET "role" = 'uploader' WHERE "role" NOT IN ('viewer', 'uploader', 'admin');
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_role_check" CHECK ("role" IN ('viewer', 'uploader', 'admin'));

-- When a reset cleared this upload's counts (or cancelled it while it was being read or counted). A file whose
-- counts were cleared may be uploaded again, so the identical-file rule no longer sees it.
ALTER TABLE "upload" ADD COLUMN "reset_at" TIMESTAMPTZ(3);
DROP INDEX "upload_sha256_counted_key";
CREATE UNIQUE INDEX "upload_sha256_counted_key" ON "upload" ("sha256")
  WHERE NOT "duplicate_confirmed" AND "status" <> 'retracted' AND ("status" <> 'failed' OR "chunks_done" > 0) AND "reset_at" IS NULL;

-- Who did what to the counts and the accounts, when, with the numbers before. Append-only: the table refuses
-- UPDATE, DELETE and TRUNCATE for every role the application connects as.
CREATE TABLE "audit_log" (
  "id" BIGSERIAL PRIMARY KEY,
  "at" TIMESTAMPTZ(3) NOT NULL DEFAULT clock_timestamp(),
  "actor_id" UUID,
  "actor_email" TEXT NOT NULL DEFAULT '',
  "action" TEXT NOT NULL,
  "subject" TEXT NOT NULL DEFAULT '',
  "details" JSONB NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX "audit_log_at_idx" ON "audit_log" ("at");

CREATE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER "audit_log_no_update" BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"();
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"();
