-- A vote is valid, blank ("voto en blanco") or null ("nulo"), as election authorities report them; the boolean
-- `valid` could not tell blank from null. Existing rows: valid → 'valid', not valid → 'null'.

ALTER TABLE "vote_record" ADD COLUMN "status" TEXT;
UPDATE "vote_record" SET "status" = CASE WHEN "valid" THEN 'valid' ELSE 'null' END;
ALTER TABLE "vote_record" ALTER COLUMN "status" SET NOT NULL;
ALTER TABLE "vote_record" ADD CONSTRAINT "vote_record_status_check" CHECK ("status" IN ('valid', 'blank', 'null'));
ALTER TABLE "vote_record" DROP COLUMN "valid";

ALTER TABLE "tally" ADD COLUMN "status" TEXT;
UPDATE "tally" SET "status" = CASE WHEN "valid" THEN 'valid' ELSE 'null' END;
ALTER TABLE "tally" ALTER COLUMN "status" SET NOT NULL;
ALTER TABLE "tally" ADD CONSTRAINT "tally_status_check" CHECK ("status" IN ('valid', 'blank', 'null'));
ALTER TABLE "tally" DROP CONSTRAINT "tally_pkey";
ALTER TABLE "tally" DROP COLUMN "valid";
ALTER TABLE "tally" ADD CONSTRAINT "tally_pkey" PRIMARY KEY ("region", "province", "district", "candidate", "status");

-- The delta ledger's cells were [region, candidate, 1|0, votes]; they become [region, candidate, status, votes].
UPDATE "tally_delta" SET "cells" = (
  SELECT coalesce(jsonb_agg(jsonb_build_array(c->0, c->1, CASE WHEN (c->>2) = '1' THEN 'valid' ELSE 'null' END, c->3) ORDER BY n), '[]'::jsonb)
  FROM jsonb_array_elements("cells") WITH ORDINALITY AS e(c, n)
);
