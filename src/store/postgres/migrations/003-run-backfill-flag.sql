-- kubevidence store on PostgreSQL, schema version 3: the SQLite store's 003-run-backfill-flag.sql.
ALTER TABLE runs ADD COLUMN backfilled INTEGER NOT NULL DEFAULT 0;
