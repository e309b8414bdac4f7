-- District-level cells of each version's change, so web nodes can push deltas to drill-down views (rooms per
-- region) and fill gaps in them. NULL on versions written before this column and on resets (which reload).
ALTER TABLE "tally_delta" ADD COLUMN "detail" JSONB;
