-- ==========================================================================
-- hms metastore upgrade 4.0.0 -> 4.1.0 for PostgreSQL
--
-- Upgrades in place a metastore database at schema version 4.0.0 (Hive
-- 4.0.x) to schema version 4.1.0, with the same effect as upstream Apache
-- Hive's
--   standalone-metastore/metastore-server/src/main/sql/postgres/
--     upgrade-4.0.0-to-4.1.0.postgres.sql
--   at commit 98ef0c10003465df135aa68d77809376a1595fd5
--
-- How it is run: hms schematool checks that VERSION says 4.0.0, then sends
-- the whole file with one PQexec inside its own BEGIN/COMMIT.  Plain SQL
-- only.  The two statistics indexes are rebuilt and three/four columns are
-- dropped from the statistics tables while they are locked; dropping a
-- column does not rewrite the table, but the index builds read all of it.
-- ==========================================================================

-- HIVE-27725: statistics rows are found through the table / partition id;
-- the copies of catalog, database, table and partition names go away,
-- together with the indexes on them.
DROP INDEX "TAB_COL_STATS_IDX";
CREATE INDEX "TAB_COL_STATS_IDX" ON "TAB_COL_STATS" ("TBL_ID", "COLUMN_NAME");
DROP INDEX "TAB_COL_STATS_N49";
ALTER TABLE "TAB_COL_STATS"
    DROP COLUMN "CAT_NAME",
    DROP COLUMN "DB_NAME",
    DROP COLUMN "TABLE_NAME";

DROP INDEX "PCS_STATS_IDX";
CREATE INDEX "PCS_STATS_IDX" ON "PART_COL_STATS" ("PART_ID", "COLUMN_NAME");
DROP INDEX "PART_COL_STATS_N49";
ALTER TABLE "PART_COL_STATS"
    DROP COLUMN "CAT_NAME",
    DROP COLUMN "DB_NAME",
    DROP COLUMN "TABLE_NAME",
    DROP COLUMN "PARTITION_NAME";

-- HIVE-28292: the unique key of a table leads with the database id, which
-- makes the separate index on DB_ID redundant.
ALTER TABLE "TBLS" DROP CONSTRAINT "UNIQUETABLE";
ALTER TABLE "TBLS" ADD CONSTRAINT "UNIQUETABLE" UNIQUE ("DB_ID", "TBL_NAME");
DROP INDEX "TBLS_N49";

-- Done: record the new version.
UPDATE "VERSION"
   SET "SCHEMA_VERSION" = '4.1.0', "VERSION_COMMENT" = 'Hive release version 4.1.0'
 WHERE "VER_ID" = 1;
