/*
 * store_table.c
 *    Tables: TBLS and the rows that hang off a table (see store.h).
 */
#include "store.h"
#include "db.h"
#include "error.h"

/*
 * Deleting tables in one statement: the data-modifying CTEs all read the
 * same snapshot, and the foreign-key checks run when the statement ends, by
 * which time the referencing rows are gone too.  A column descriptor
 * survives while a descriptor outside the deleted set still uses it (Hive
 * shares one between a table and its partitions, and sometimes more).
 * $1 is a bigint[] of the tables' ids.
 */
#define DELETE_TABLES_SQL \
  "WITH tbl AS (SELECT \"TBL_ID\", \"SD_ID\", \"TBL_NAME\", \"DB_ID\" FROM \"TBLS\"" \
  "             WHERE \"TBL_ID\" = ANY ($1::bigint[]))," \
  " part AS (SELECT \"PART_ID\", \"SD_ID\" FROM \"PARTITIONS\" WHERE \"TBL_ID\" IN (SELECT \"TBL_ID\" FROM tbl))," \
  " sd AS (SELECT \"SD_ID\", \"SERDE_ID\", \"CD_ID\" FROM \"SDS\"" \
  "        WHERE \"SD_ID\" IN (SELECT \"SD_ID\" FROM tbl UNION SELECT \"SD_ID\" FROM part))," \
  " string_list AS (SELECT \"STRING_LIST_ID_EID\" AS id FROM \"SKEWED_VALUES\"" \
  "                 WHERE \"SD_ID_OID\" IN (SELECT \"SD_ID\" FROM sd)" \
  "                 UNION SELECT \"STRING_LIST_ID_KID\" FROM \"SKEWED_COL_VALUE_LOC_MAP\"" \
  "                 WHERE \"SD_ID\" IN (SELECT \"SD_ID\" FROM sd))," \
  " orphan_cd AS (SELECT DISTINCT \"CD_ID\" FROM sd WHERE \"CD_ID\" IS NOT NULL AND NOT EXISTS" \
  "               (SELECT 1 FROM \"SDS\" o WHERE o.\"CD_ID\" = sd.\"CD_ID\"" \
  "                AND o.\"SD_ID\" NOT IN (SELECT \"SD_ID\" FROM sd)))," \
  " mv AS (SELECT m.\"MV_CREATION_METADATA_ID\" FROM \"MV_CREATION_METADATA\" m" \
  "        JOIN tbl ON m.\"TBL_NAME\" = tbl.\"TBL_NAME\"" \
  "        JOIN \"DBS\" d ON d.\"DB_ID\" = tbl.\"DB_ID\" AND m.\"DB_NAME\" = d.\"NAME\"" \
  "                      AND m.\"CAT_NAME\" = d.\"CTLG_NAME\")," \
  " d01 AS (DELETE FROM \"PART_COL_STATS\" WHERE \"PART_ID\" IN (SELECT \"PART_ID\" FROM part))," \
  " d02 AS (DELETE FROM \"PARTITION_KEY_VALS\" WHERE \"PART_ID\" IN (SELECT \"PART_ID\" FROM part))," \
  " d03 AS (DELETE FROM \"PARTITION_PARAMS\" WHERE \"PART_ID\" IN (SELECT \"PART_ID\" FROM part))," \
  " d04 AS (DELETE FROM \"PART_PRIVS\" WHERE \"PART_ID\" IN (SELECT \"PART_ID\" FROM part))," \
  " d05 AS (DELETE FROM \"PART_COL_PRIVS\" WHERE \"PART_ID\" IN (SELECT \"PART_ID\" FROM part))," \
  " d06 AS (DELETE FROM \"PARTITIONS\" WHERE \"PART_ID\" IN (SELECT \"PART_ID\" FROM part))," \
  " d07 AS (DELETE FROM \"TAB_COL_STATS\" WHERE \"TBL_ID\" IN (SELECT \"TBL_ID\" FROM tbl))," \
  " d08 AS (DELETE FROM \"TABLE_PARAMS\" WHERE \"TBL_ID\" IN (SELECT \"TBL_ID\" FROM tbl))," \
  " d09 AS (DELETE FROM \"PARTITION_KEYS\" WHERE \"TBL_ID\" IN (SELECT \"TBL_ID\" FROM tbl))," \
  " d10 AS (DELETE FROM \"TBL_PRIVS\" WHERE \"TBL_ID\" IN (SELECT \"TBL_ID\" FROM tbl))," \
  " d11 AS (DELETE FROM \"TBL_COL_PRIVS\" WHERE \"TBL_ID\" IN (SELECT \"TBL_ID\" FROM tbl))," \
  " d12 AS (DELETE FROM \"KEY_CONSTRAINTS\" WHERE \"PARENT_TBL_ID\" IN (SELECT \"TBL_ID\" FROM tbl)" \
  "                                          OR \"CHILD_TBL_ID\" IN (SELECT \"TBL_ID\" FROM tbl))," \
  " d13 AS (DELETE FROM \"MV_TABLES_USED\" WHERE \"TBL_ID\" IN (SELECT \"TBL_ID\" FROM tbl)" \
  "                                        OR \"MV_CREATION_METADATA_ID\" IN (SELECT * FROM mv))," \
  " d14 AS (DELETE FROM \"MV_CREATION_METADATA\" WHERE \"MV_CREATION_METADATA_ID\" IN (SELECT * FROM mv))," \
  " d15 AS (DELETE FROM \"TBLS\" WHERE \"TBL_ID\" IN (SELECT \"TBL_ID\" FROM tbl) RETURNING 1)," \
  " d16 AS (DELETE FROM \"SD_PARAMS\" WHERE \"SD_ID\" IN (SELECT \"SD_ID\" FROM sd))," \
  " d17 AS (DELETE FROM \"BUCKETING_COLS\" WHERE \"SD_ID\" IN (SELECT \"SD_ID\" FROM sd))," \
  " d18 AS (DELETE FROM \"SORT_COLS\" WHERE \"SD_ID\" IN (SELECT \"SD_ID\" FROM sd))," \
  " d19 AS (DELETE FROM \"SKEWED_COL_NAMES\" WHERE \"SD_ID\" IN (SELECT \"SD_ID\" FROM sd))," \
  " d20 AS (DELETE FROM \"SKEWED_COL_VALUE_LOC_MAP\" WHERE \"SD_ID\" IN (SELECT \"SD_ID\" FROM sd))," \
  " d21 AS (DELETE FROM \"SKEWED_VALUES\" WHERE \"SD_ID_OID\" IN (SELECT \"SD_ID\" FROM sd))," \
  " d22 AS (DELETE FROM \"SKEWED_STRING_LIST_VALUES\" WHERE \"STRING_LIST_ID\" IN (SELECT id FROM string_list))," \
  " d23 AS (DELETE FROM \"SKEWED_STRING_LIST\" WHERE \"STRING_LIST_ID\" IN (SELECT id FROM string_list))," \
  " d24 AS (DELETE FROM \"SDS\" WHERE \"SD_ID\" IN (SELECT \"SD_ID\" FROM sd))," \
  " d25 AS (DELETE FROM \"SERDE_PARAMS\" WHERE \"SERDE_ID\" IN (SELECT \"SERDE_ID\" FROM sd))," \
  " d26 AS (DELETE FROM \"SERDES\" WHERE \"SERDE_ID\" IN (SELECT \"SERDE_ID\" FROM sd))," \
  " d27 AS (DELETE FROM \"COLUMNS_V2\" WHERE \"CD_ID\" IN (SELECT \"CD_ID\" FROM orphan_cd))," \
  " d28 AS (DELETE FROM \"CDS\" WHERE \"CD_ID\" IN (SELECT \"CD_ID\" FROM orphan_cd))" \
  " SELECT count(*) FROM d15"

gint64
hms_store_tables_delete_in_database (PGconn *conn, gint64 database_id, GError **error)
{
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, database_id);
  const char *values[] = { id_text };
  g_autoptr (PGresult) ids =
    hms_db_exec (conn,
                 "SELECT COALESCE(array_agg(\"TBL_ID\"), '{}') FROM \"TBLS\" WHERE \"DB_ID\" = $1",
                 1, values, error);
  g_autoptr (PGresult) deleted = NULL;

  if (ids == NULL)
    return -1;
  {
    const char *table_ids[] = { PQgetvalue (ids, 0, 0) };

    deleted = hms_db_exec (conn, DELETE_TABLES_SQL, 1, table_ids, error);
  }
  if (deleted == NULL)
    return -1;
  return g_ascii_strtoll (PQgetvalue (deleted, 0, 0), NULL, 10);
}
