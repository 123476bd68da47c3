-- ==========================================================================
-- hms metastore upgrade 4.1.0 -> 4.2.0 for PostgreSQL
--
-- Upgrades in place a metastore database at schema version 4.1.0 to schema
-- version 4.2.0, with the same effect as upstream Apache Hive's
--   standalone-metastore/metastore-server/src/main/sql/postgres/
--     upgrade-4.1.0-to-4.2.0.postgres.sql
--   at commit 1a64d6b0987e255a0ed0376bb177566a5666db91
-- The 4.2.0 schema has the same tables as 4.1.0; only the version changes.
-- (A CATALOG_PARAMS table, HIVE-29178, appears in some upstream versions of
-- this script that were not released with 4.2.0; see README.md.)
--
-- How it is run: hms schematool checks that VERSION says 4.1.0, then sends
-- the whole file with one PQexec inside its own BEGIN/COMMIT.
-- ==========================================================================

UPDATE "VERSION"
   SET "SCHEMA_VERSION" = '4.2.0', "VERSION_COMMENT" = 'Hive release version 4.2.0'
 WHERE "VER_ID" = 1;
