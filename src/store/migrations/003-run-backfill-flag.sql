-- Schema version 2: a run stored with --backfill (collected before the newest run already stored for its
-- cluster) says so in a column, so `runs`, history and diff can mark it without reading its context. The same
-- flag is inside the run's context blob, which the run hash commits to; this column is a copy for listing.
ALTER TABLE runs ADD COLUMN backfilled INTEGER NOT NULL DEFAULT 0;
