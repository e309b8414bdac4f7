-- Registered voters (and, optionally, the votes expected) per region, for turnout and share counted. Replaced
-- whole by each upload, in one transaction.
CREATE TABLE "expected_voters" (
  "region" TEXT PRIMARY KEY,
  "registered" BIGINT NOT NULL CHECK ("registered" >= 0),
  "expected_votes" BIGINT CHECK ("expected_votes" >= 0 AND "expected_votes" <= "registered"),
  "uploaded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "uploaded_by" TEXT NOT NULL DEFAULT ''
);
