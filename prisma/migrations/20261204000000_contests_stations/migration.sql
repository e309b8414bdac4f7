-- Several contests at once, polling stations reporting, and checks before a station's tally is published.

-- A contest (race). "" is the default contest: rows of files without a contest column count there, as before.
-- Created on first sight of its name in an upload; an admin sets seats and scope.
CREATE TABLE "contest" (
  "name" TEXT PRIMARY KEY,
  "seats" INTEGER NOT NULL DEFAULT 1 CHECK ("seats" >= 1 AND "seats" <= 1000),
  -- Regions where the contest is held; empty = everywhere. A station tally of another region is held.
  "scope" TEXT[] NOT NULL DEFAULT '{}',
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
INSERT INTO "contest" ("name") VALUES ('');

-- Rows keep their contest and station. A station row is counted only while its upload's report of that
-- contest + station is the counted one (station_report.state = 'counted').
ALTER TABLE "vote_record" ADD COLUMN "contest" TEXT NOT NULL DEFAULT '', ADD COLUMN "station" TEXT NOT NULL DEFAULT '';
CREATE INDEX "vote_record_station_idx" ON "vote_record" ("upload_id", "contest", "station") WHERE "station" <> '';

ALTER TABLE "tally" ADD COLUMN "contest" TEXT NOT NULL DEFAULT '';
ALTER TABLE "tally" DROP CONSTRAINT "tally_pkey";
ALTER TABLE "tally" ADD CONSTRAINT "tally_pkey" PRIMARY KEY ("contest", "region", "province", "district", "candidate", "status");

-- Ledger cells carry their contest first: [contest, region, candidate, status, votes] and
-- [contest, region, province, district, candidate, status, votes]. Earlier versions were all the default contest.
UPDATE "tally_delta" SET "cells" = coalesce(
  (SELECT jsonb_agg(jsonb_build_array('') || c ORDER BY i) FROM jsonb_array_elements("cells") WITH ORDINALITY AS e(c, i)), '[]'::jsonb);
UPDATE "tally_delta" SET "detail" = coalesce(
  (SELECT jsonb_agg(jsonb_build_array('') || c ORDER BY i) FROM jsonb_array_elements("detail") WITH ORDINALITY AS e(c, i)), '[]'::jsonb)
WHERE "detail" IS NOT NULL;
-- Whether the version changed station reports (what web nodes re-read stations reporting on).
ALTER TABLE "tally_delta" ADD COLUMN "stations" BOOLEAN NOT NULL DEFAULT false;

-- Station rows of an upload are counted in one step once all its chunks are stored (lib/tally/countStations.ts).
ALTER TABLE "upload" ADD COLUMN "station_rows" INTEGER NOT NULL DEFAULT 0, ADD COLUMN "stations_counted_at" TIMESTAMPTZ(3);

-- The admin's list of polling stations: where each is and how many voters it has.
CREATE TABLE "polling_station" (
  "station" TEXT PRIMARY KEY,
  "region" TEXT NOT NULL,
  "province" TEXT NOT NULL DEFAULT '',
  "district" TEXT NOT NULL DEFAULT '',
  "registered" BIGINT NOT NULL CHECK ("registered" >= 0),
  "uploaded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "uploaded_by" TEXT NOT NULL DEFAULT ''
);

-- One upload's tally of one contest at one station. At most one report per contest + station is counted: the
-- latest upload (by acceptance order) that passed the checks or that an admin published.
CREATE TABLE "station_report" (
  "id" BIGSERIAL PRIMARY KEY,
  "contest" TEXT NOT NULL,
  "station" TEXT NOT NULL,
  "upload_id" UUID NOT NULL,
  "upload_seq" BIGINT NOT NULL,
  "region" TEXT NOT NULL,
  "province" TEXT NOT NULL DEFAULT '',
  "district" TEXT NOT NULL DEFAULT '',
  "votes" BIGINT NOT NULL,
  -- Its rows name more than one place (a check fails).
  "mixed_places" BOOLEAN NOT NULL DEFAULT false,
  -- counted: its rows are in the tallies; replaced: a later report counts instead; held: failed a check, waits for
  -- an admin; rejected: an admin refused it; retracted: its upload was retracted.
  "state" TEXT NOT NULL CHECK ("state" IN ('counted', 'replaced', 'held', 'rejected', 'retracted')),
  -- An admin published it despite the checks (audited): it counts when it is the latest.
  "published" BOOLEAN NOT NULL DEFAULT false,
  "reason" TEXT,
  "version" BIGINT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "decided_at" TIMESTAMPTZ(3),
  "decided_by" TEXT,
  CONSTRAINT "station_report_key" UNIQUE ("contest", "station", "upload_id")
);
CREATE UNIQUE INDEX "station_report_counted_idx" ON "station_report" ("contest", "station") WHERE "state" = 'counted';
CREATE INDEX "station_report_upload_idx" ON "station_report" ("upload_id");
CREATE INDEX "station_report_held_idx" ON "station_report" ("created_at") WHERE "state" = 'held';

-- What each version did to station reports: the ledger's corrections with before and after.
CREATE TABLE "station_change" (
  "version" BIGINT NOT NULL,
  "contest" TEXT NOT NULL,
  "station" TEXT NOT NULL,
  -- first | correction | published | restored | removed
  "kind" TEXT NOT NULL,
  "upload_id" UUID,
  "before_votes" BIGINT,
  "after_votes" BIGINT,
  PRIMARY KEY ("version", "contest", "station")
);
