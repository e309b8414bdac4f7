-- Issue 6: the status an admin gives the published results (after NIST SP 1500-100's ResultsStatus). One row.
CREATE TABLE "results_status" (
  "id" INTEGER PRIMARY KEY CHECK ("id" = 1),
  "status" TEXT NOT NULL DEFAULT 'unofficial-partial'
    CHECK ("status" IN ('test', 'unofficial-partial', 'unofficial-complete', 'certified')),
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updated_by" TEXT NOT NULL DEFAULT ''
);
INSERT INTO "results_status" ("id") VALUES (1);
