/*
 * store_table.c
 *    Tables: TBLS and the rows that hang off a table (see store.h and
 *    store_table.h).  The storage descriptor's rows are store_sd.c's.
 */
#include "store.h"
#include "store_table.h"
#include "store_sd.h"
#include "store_json.h"
#include "db.h"
#include "error.h"

#include <json-glib/json-glib.h>
#include <string.h>

/*
 * Deleting tables in one statement: the data-modifying CTEs all read the
 * same snapshot, and the foreign-key checks run when the statement ends, by
 * which time the referencing rows are gone too.  A column descriptor
 * survives while a descriptor outside the deleted set still uses it (Hive
 * shares one between a table and its partitions, and sometimes more).
 * $1 is a bigint[] of the tables' ids.  Rows are found by key = ANY (an
 * array), each table probed through its index: joins with the CTEs,
 * planned from PARTITIONS' statistics (where one large table makes any
 * table look large), read whole tables for a table without partitions.
 */
#define DELETE_TABLES_SQL \
  "WITH tbl AS (SELECT \"TBL_ID\", \"SD_ID\", \"TBL_NAME\", \"DB_ID\" FROM \"TBLS\"" \
  "             WHERE \"TBL_ID\" = ANY ($1::bigint[]))," \
  " part AS (SELECT \"PART_ID\", \"SD_ID\" FROM \"PARTITIONS\" WHERE \"TBL_ID\" = ANY ($1::bigint[]))," \
  " sd AS (SELECT \"SD_ID\", \"SERDE_ID\", \"CD_ID\" FROM \"SDS\"" \
  "        WHERE \"SD_ID\" = ANY (ARRAY (SELECT \"SD_ID\" FROM tbl UNION ALL SELECT \"SD_ID\" FROM part)))," \
  " mv AS (SELECT m.\"MV_CREATION_METADATA_ID\" FROM \"MV_CREATION_METADATA\" m" \
  "        JOIN tbl ON m.\"TBL_NAME\" = tbl.\"TBL_NAME\"" \
  "        JOIN \"DBS\" d ON d.\"DB_ID\" = tbl.\"DB_ID\" AND m.\"DB_NAME\" = d.\"NAME\"" \
  "                      AND m.\"CAT_NAME\" = d.\"CTLG_NAME\")," \
  " d01 AS (DELETE FROM \"PART_COL_STATS\" WHERE \"PART_ID\" = ANY (ARRAY (SELECT \"PART_ID\" FROM part)))," \
  " d02 AS (DELETE FROM \"PARTITION_KEY_VALS\" WHERE \"PART_ID\" = ANY (ARRAY (SELECT \"PART_ID\" FROM part)))," \
  " d03 AS (DELETE FROM \"PARTITION_PARAMS\" WHERE \"PART_ID\" = ANY (ARRAY (SELECT \"PART_ID\" FROM part)))," \
  " d04 AS (DELETE FROM \"PART_PRIVS\" WHERE \"PART_ID\" = ANY (ARRAY (SELECT \"PART_ID\" FROM part)))," \
  " d05 AS (DELETE FROM \"PART_COL_PRIVS\" WHERE \"PART_ID\" = ANY (ARRAY (SELECT \"PART_ID\" FROM part)))," \
  " d06 AS (DELETE FROM \"PARTITIONS\" WHERE \"PART_ID\" = ANY (ARRAY (SELECT \"PART_ID\" FROM part)))," \
  " d07 AS (DELETE FROM \"TAB_COL_STATS\" WHERE \"TBL_ID\" = ANY ($1::bigint[]))," \
  " d08 AS (DELETE FROM \"TABLE_PARAMS\" WHERE \"TBL_ID\" = ANY ($1::bigint[]))," \
  " d09 AS (DELETE FROM \"PARTITION_KEYS\" WHERE \"TBL_ID\" = ANY ($1::bigint[]))," \
  " d10 AS (DELETE FROM \"TBL_PRIVS\" WHERE \"TBL_ID\" = ANY ($1::bigint[]))," \
  " d11 AS (DELETE FROM \"TBL_COL_PRIVS\" WHERE \"TBL_ID\" = ANY ($1::bigint[]))," \
  " d12 AS (DELETE FROM \"KEY_CONSTRAINTS\" WHERE \"PARENT_TBL_ID\" = ANY ($1::bigint[])" \
  "                                          OR \"CHILD_TBL_ID\" = ANY ($1::bigint[]))," \
  " d13 AS (DELETE FROM \"MV_TABLES_USED\" WHERE \"TBL_ID\" = ANY ($1::bigint[])" \
  "                                        OR \"MV_CREATION_METADATA_ID\" IN (SELECT * FROM mv))," \
  " d14 AS (DELETE FROM \"MV_CREATION_METADATA\" WHERE \"MV_CREATION_METADATA_ID\" IN (SELECT * FROM mv))," \
  " d15 AS (DELETE FROM \"TBLS\" WHERE \"TBL_ID\" = ANY ($1::bigint[]) RETURNING 1)" \
  HMS_STORE_SD_DELETE_CTES \
  " SELECT count(*) FROM d15"

gint64
hms_store_tables_delete (PGconn *conn, const gint64 *table_ids, guint count, GError **error)
{
  g_autofree char *ids = hms_db_id_array (table_ids, count);
  const char *values[] = { ids };
  g_autoptr (PGresult) deleted = NULL;

  if (count == 0)
    return 0;
  deleted = hms_db_exec (conn, DELETE_TABLES_SQL, 1, values, error);
  if (deleted == NULL)
    return -1;
  return g_ascii_strtoll (PQgetvalue (deleted, 0, 0), NULL, 10);
}

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

/* --- reading ----------------------------------------------------------- */

/*
 * A table is read by one statement, plus one for each rarity that some
 * table read has: bucketing, sort or skew rows in its storage descriptor,
 * and a materialized view's creation metadata.
 *
 * Every relation a statement names costs PostgreSQL locks (its own and its
 * index's), executor set-up and a probe on each execution, rows or not
 * (a subquery guarded by CASE is set up and locked all the same), and a
 * whole Table touches seventeen relations.  Most tables have none of the
 * rarities, so TABLE_COLUMNS reads what nearly every table has
 * (TBLS, DBS, SDS, SERDES, their parameters, partition keys and columns)
 * as plain columns and arrays (cheaper to produce, and to parse in hms,
 * than JSON documents), and only asks BUCKETING_COLS, SORT_COLS,
 * SKEWED_COL_NAMES, SKEWED_VALUES and SKEWED_COL_VALUE_LOC_MAP whether
 * they hold a row of the descriptor: one probe each, no aggregate, nothing
 * of SKEWED_STRING_LIST_VALUES.  A table with such rows gets its descriptor
 * again, whole, from hms_store_sd_load_many; a materialized view gets its
 * creation metadata from CREATION_METADATA_SQL.  That is 14 relations
 * instead of 17 (19 locks instead of 24 with a generic plan, of which a
 * backend holds 16 without the shared lock table).  Measured with pgbench
 * on the bench's table (10 columns, 10 parameters), PostgreSQL's CPU per
 * statement went from ~165 to ~110 µs (from ~160 to ~125 among 20,000
 * tables); the five probes are ~15 µs of it, the price of never missing a
 * rarity.
 *
 * The enclosing query names TBLS t, DBS d, SDS s and SERDES se (both
 * LEFT JOINed through TABLE_FROM's lookups).
 */
#define TABLE_COLUMNS \
  "t.\"TBL_ID\", t.\"DB_ID\", t.\"SD_ID\", s.\"CD_ID\", t.\"TBL_NAME\", d.\"NAME\", t.\"OWNER\"," \
  " t.\"OWNER_TYPE\", t.\"CREATE_TIME\", t.\"LAST_ACCESS_TIME\", t.\"RETENTION\"," \
  " t.\"VIEW_ORIGINAL_TEXT\", t.\"VIEW_EXPANDED_TEXT\", t.\"TBL_TYPE\", t.\"IS_REWRITE_ENABLED\"," \
  " d.\"CTLG_NAME\", t.\"WRITE_ID\"," \
  " (SELECT array_agg(ARRAY[p.\"PARAM_KEY\", p.\"PARAM_VALUE\"]) FROM \"TABLE_PARAMS\" p" \
  "  WHERE p.\"TBL_ID\" = t.\"TBL_ID\" AND p.\"PARAM_VALUE\" IS NOT NULL)," \
  " (SELECT array_agg(ARRAY[k.\"PKEY_NAME\", k.\"PKEY_TYPE\", k.\"PKEY_COMMENT\"] ORDER BY k.\"INTEGER_IDX\")" \
  "  FROM \"PARTITION_KEYS\" k WHERE k.\"TBL_ID\" = t.\"TBL_ID\")," \
  " s.\"SD_ID\", s.\"LOCATION\", s.\"INPUT_FORMAT\", s.\"OUTPUT_FORMAT\", s.\"IS_COMPRESSED\"," \
  " s.\"NUM_BUCKETS\", s.\"IS_STOREDASSUBDIRECTORIES\"," \
  " se.\"SERDE_ID\", se.\"NAME\", se.\"SLIB\", se.\"DESCRIPTION\", se.\"SERIALIZER_CLASS\"," \
  " se.\"DESERIALIZER_CLASS\", se.\"SERDE_TYPE\"," \
  " (SELECT array_agg(ARRAY[sp.\"PARAM_KEY\", sp.\"PARAM_VALUE\"]) FROM \"SERDE_PARAMS\" sp" \
  "  WHERE sp.\"SERDE_ID\" = se.\"SERDE_ID\" AND sp.\"PARAM_VALUE\" IS NOT NULL)," \
  " (SELECT array_agg(ARRAY[sdp.\"PARAM_KEY\", sdp.\"PARAM_VALUE\"]) FROM \"SD_PARAMS\" sdp" \
  "  WHERE sdp.\"SD_ID\" = s.\"SD_ID\" AND sdp.\"PARAM_VALUE\" IS NOT NULL)," \
  " (SELECT array_agg(ARRAY[c.\"COLUMN_NAME\", c.\"TYPE_NAME\", c.\"COMMENT\"] ORDER BY c.\"INTEGER_IDX\")" \
  "  FROM \"COLUMNS_V2\" c WHERE c.\"CD_ID\" = s.\"CD_ID\")," \
  " EXISTS (SELECT 1 FROM \"BUCKETING_COLS\" r WHERE r.\"SD_ID\" = s.\"SD_ID\")" \
  "  OR EXISTS (SELECT 1 FROM \"SORT_COLS\" r WHERE r.\"SD_ID\" = s.\"SD_ID\")" \
  "  OR EXISTS (SELECT 1 FROM \"SKEWED_COL_NAMES\" r WHERE r.\"SD_ID\" = s.\"SD_ID\")" \
  "  OR EXISTS (SELECT 1 FROM \"SKEWED_VALUES\" r WHERE r.\"SD_ID_OID\" = s.\"SD_ID\")" \
  "  OR EXISTS (SELECT 1 FROM \"SKEWED_COL_VALUE_LOC_MAP\" r WHERE r.\"SD_ID\" = s.\"SD_ID\")"

/*
 * The descriptor and its serde come from lookups that cannot become joins
 * (OFFSET 0): a generic plan once joined every SDS row (a merge join over
 * SDS_pkey) to lock one table FOR UPDATE.
 */
#define TABLE_FROM \
  " FROM \"TBLS\" t JOIN \"DBS\" d ON d.\"DB_ID\" = t.\"DB_ID\"" \
  " LEFT JOIN LATERAL (SELECT hms_s.\"SD_ID\", hms_s.\"CD_ID\", hms_s.\"SERDE_ID\", hms_s.\"LOCATION\"," \
  "                    hms_s.\"INPUT_FORMAT\", hms_s.\"OUTPUT_FORMAT\", hms_s.\"IS_COMPRESSED\"," \
  "                    hms_s.\"NUM_BUCKETS\", hms_s.\"IS_STOREDASSUBDIRECTORIES\"" \
  "                    FROM \"SDS\" hms_s WHERE hms_s.\"SD_ID\" = t.\"SD_ID\" OFFSET 0) s ON true" \
  " LEFT JOIN LATERAL (SELECT hms_se.\"SERDE_ID\", hms_se.\"NAME\", hms_se.\"SLIB\", hms_se.\"DESCRIPTION\"," \
  "                    hms_se.\"SERIALIZER_CLASS\", hms_se.\"DESERIALIZER_CLASS\", hms_se.\"SERDE_TYPE\"" \
  "                    FROM \"SERDES\" hms_se WHERE hms_se.\"SERDE_ID\" = s.\"SERDE_ID\" OFFSET 0) se ON true"

enum
{
  COLUMN_TBL_ID, COLUMN_DB_ID, COLUMN_SD_ID, COLUMN_CD_ID, COLUMN_TBL_NAME, COLUMN_DB_NAME,
  COLUMN_OWNER, COLUMN_OWNER_TYPE, COLUMN_CREATE_TIME, COLUMN_LAST_ACCESS_TIME, COLUMN_RETENTION,
  COLUMN_VIEW_ORIGINAL_TEXT, COLUMN_VIEW_EXPANDED_TEXT, COLUMN_TBL_TYPE, COLUMN_REWRITE_ENABLED,
  COLUMN_CATALOG, COLUMN_WRITE_ID, COLUMN_PARAMETERS, COLUMN_PARTITION_KEYS,
  COLUMN_SD_FOUND, COLUMN_SD_LOCATION, COLUMN_SD_INPUT_FORMAT, COLUMN_SD_OUTPUT_FORMAT,
  COLUMN_SD_COMPRESSED, COLUMN_SD_NUM_BUCKETS, COLUMN_SD_SUBDIRECTORIES,
  COLUMN_SERDE_ID, COLUMN_SERDE_NAME, COLUMN_SERDE_LIBRARY, COLUMN_SERDE_DESCRIPTION,
  COLUMN_SERDE_SERIALIZER, COLUMN_SERDE_DESERIALIZER, COLUMN_SERDE_TYPE, COLUMN_SERDE_PARAMETERS,
  COLUMN_SD_PARAMETERS, COLUMN_SD_COLUMNS, COLUMN_SD_RARE,
};

/*
 * The creation metadata of materialized views: $1, $2 and $3 are text[]s
 * of their catalogs, databases and names; each row is a view's ordinal in
 * them and its metadata as one JSON object (creation_metadata_from_json).
 */
#define CREATION_METADATA_SQL \
  "SELECT w.ord, json_build_object('cat', m.\"CAT_NAME\", 'db', m.\"DB_NAME\", 'tbl', m.\"TBL_NAME\"," \
  "         'txns', m.\"TXN_LIST\", 'time', m.\"MATERIALIZATION_TIME\"," \
  "         'used', (SELECT json_agg(ud.\"NAME\" || '.' || ut.\"TBL_NAME\")" \
  "                  FROM \"MV_TABLES_USED\" u JOIN \"TBLS\" ut ON ut.\"TBL_ID\" = u.\"TBL_ID\"" \
  "                  JOIN \"DBS\" ud ON ud.\"DB_ID\" = ut.\"DB_ID\"" \
  "                  WHERE u.\"MV_CREATION_METADATA_ID\" = m.\"MV_CREATION_METADATA_ID\"))" \
  " FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS w(cat, db, tbl, ord)" \
  " JOIN \"MV_CREATION_METADATA\" m" \
  "   ON m.\"CAT_NAME\" = w.cat AND m.\"DB_NAME\" = w.db AND m.\"TBL_NAME\" = w.tbl"

static gint64
int_value (const PGresult *result, int row, int column)
{
  const char *text = hms_db_value (result, row, column);

  return text ? g_ascii_strtoll (text, NULL, 10) : 0;
}

static gboolean
bool_value (const PGresult *result, int row, int column)
{
  const char *text = hms_db_value (result, row, column);

  return text != NULL && text[0] == 't';
}

static void
set_string (char **field, gboolean *isset, const char *value)
{
  g_free (*field);
  *field = g_strdup (value);
  *isset = value != NULL;
}

static gboolean
parse_failure (GError **error, const char *what)
{
  g_set_error (error, HMS_ERROR, HMS_ERROR_DATABASE,
               "could not parse %s from the metastore database", what);
  return FALSE;
}

static HmsPrincipalType
principal_type_from_text (const char *text)
{
  if (text != NULL && strcmp (text, "ROLE") == 0)
    return HMS_PRINCIPAL_TYPE_ROLE;
  if (text != NULL && strcmp (text, "GROUP") == 0)
    return HMS_PRINCIPAL_TYPE_GROUP;
  return HMS_PRINCIPAL_TYPE_USER;
}

static const char *
principal_type_to_text (HmsPrincipalType type)
{
  switch (type)
    {
    case HMS_PRINCIPAL_TYPE_ROLE:
      return "ROLE";
    case HMS_PRINCIPAL_TYPE_GROUP:
      return "GROUP";
    default:
      return "USER";
    }
}

static gboolean
creation_metadata_from_json (const char *json, HmsCreationMetadata *metadata, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) local = NULL;
  JsonObject *object;
  JsonNode *node;

  if (!json_parser_load_from_data (parser, json, -1, &local))
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_DATABASE,
                   "could not parse creation metadata from the metastore database: %s", local->message);
      return FALSE;
    }
  object = json_node_get_object (json_parser_get_root (parser));
  g_free (metadata->catName);
  metadata->catName = g_strdup (json_object_get_string_member (object, "cat"));
  g_free (metadata->dbName);
  metadata->dbName = g_strdup (json_object_get_string_member (object, "db"));
  g_free (metadata->tblName);
  metadata->tblName = g_strdup (json_object_get_string_member (object, "tbl"));
  node = json_object_get_member (object, "txns");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    set_string (&metadata->validTxnList, &metadata->__isset_validTxnList, json_node_get_string (node));
  metadata->materializationTime = json_object_get_int_member (object, "time");
  metadata->__isset_materializationTime = TRUE;
  g_hash_table_remove_all (metadata->tablesUsed);
  node = json_object_get_member (object, "used");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *used = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (used); i++)
        g_hash_table_add (metadata->tablesUsed, g_strdup (json_array_get_string_element (used, i)));
    }
  return TRUE;
}

/*
 * The [name, type, comment] triples of an array_agg(ARRAY[...]) (columns,
 * partition keys) as new HmsFieldSchema objects appended to `fields`, a
 * NULL member unset.  NULL text appends nothing.
 */
static gboolean
fields_from_triples (const char *text, GPtrArray *fields, GError **error)
{
  g_autoptr (GPtrArray) elements = g_ptr_array_new_with_free_func (g_free);

  if (!hms_db_parse_array (text, elements) || elements->len % 3 != 0)
    return parse_failure (error, "a column list");
  for (guint i = 0; i < elements->len; i += 3)
    {
      HmsFieldSchema *field = g_object_new (HMS_TYPE_FIELD_SCHEMA, NULL);

      field->name = g_steal_pointer (&g_ptr_array_index (elements, i));
      field->__isset_name = field->name != NULL;
      field->type = g_steal_pointer (&g_ptr_array_index (elements, i + 1));
      field->__isset_type = field->type != NULL;
      field->comment = g_steal_pointer (&g_ptr_array_index (elements, i + 2));
      field->__isset_comment = field->comment != NULL;
      g_ptr_array_add (fields, field);
    }
  return TRUE;
}

/*
 * Fills `descriptor` from one row of TABLE_COLUMNS as
 * ObjectStore.convertToStorageDescriptor does (see store_sd.h: every list
 * and map set, skewedInfo with its three members), but for the bucketing,
 * sort and skew rows, which it leaves empty: the row's COLUMN_SD_RARE says
 * whether there are some.
 */
static gboolean
descriptor_from_row (const PGresult *result, int row, HmsStorageDescriptor *descriptor,
                     GError **error)
{
  gint64 cd = int_value (result, row, COLUMN_CD_ID);
  HmsSkewedInfo *skew = descriptor->skewedInfo;

  set_string (&descriptor->location, &descriptor->__isset_location,
              hms_db_value (result, row, COLUMN_SD_LOCATION));
  set_string (&descriptor->inputFormat, &descriptor->__isset_inputFormat,
              hms_db_value (result, row, COLUMN_SD_INPUT_FORMAT));
  set_string (&descriptor->outputFormat, &descriptor->__isset_outputFormat,
              hms_db_value (result, row, COLUMN_SD_OUTPUT_FORMAT));
  descriptor->compressed = bool_value (result, row, COLUMN_SD_COMPRESSED);
  descriptor->__isset_compressed = TRUE;
  descriptor->numBuckets = (gint32) int_value (result, row, COLUMN_SD_NUM_BUCKETS);
  descriptor->__isset_numBuckets = TRUE;
  descriptor->storedAsSubDirectories = bool_value (result, row, COLUMN_SD_SUBDIRECTORIES);
  descriptor->__isset_storedAsSubDirectories = TRUE;

  descriptor->__isset_serdeInfo = !PQgetisnull (result, row, COLUMN_SERDE_ID);
  if (descriptor->__isset_serdeInfo)
    {
      HmsSerDeInfo *serde = descriptor->serdeInfo;
      gint64 type = int_value (result, row, COLUMN_SERDE_TYPE);

      set_string (&serde->name, &serde->__isset_name, hms_db_value (result, row, COLUMN_SERDE_NAME));
      set_string (&serde->serializationLib, &serde->__isset_serializationLib,
                  hms_db_value (result, row, COLUMN_SERDE_LIBRARY));
      set_string (&serde->description, &serde->__isset_description,
                  hms_db_value (result, row, COLUMN_SERDE_DESCRIPTION));
      set_string (&serde->serializerClass, &serde->__isset_serializerClass,
                  hms_db_value (result, row, COLUMN_SERDE_SERIALIZER));
      set_string (&serde->deserializerClass, &serde->__isset_deserializerClass,
                  hms_db_value (result, row, COLUMN_SERDE_DESERIALIZER));
      serde->serdeType = (HmsSerdeType) type;
      serde->__isset_serdeType = type > 0;
      g_hash_table_remove_all (serde->parameters);
      if (!hms_db_parse_pairs (hms_db_value (result, row, COLUMN_SERDE_PARAMETERS), serde->parameters, NULL))
        return parse_failure (error, "serde parameters");
      serde->__isset_parameters = TRUE;
    }

  g_hash_table_remove_all (descriptor->parameters);
  if (!hms_db_parse_pairs (hms_db_value (result, row, COLUMN_SD_PARAMETERS), descriptor->parameters, NULL))
    return parse_failure (error, "storage descriptor parameters");
  descriptor->__isset_parameters = TRUE;

  /* Hive sends no column list for a descriptor without a CD (a view's, say). */
  g_ptr_array_set_size (descriptor->cols, 0);
  descriptor->__isset_cols = cd > 0;
  if (cd > 0 && !fields_from_triples (hms_db_value (result, row, COLUMN_SD_COLUMNS), descriptor->cols, error))
    return FALSE;

  g_ptr_array_set_size (descriptor->bucketCols, 0);
  descriptor->__isset_bucketCols = TRUE;
  g_ptr_array_set_size (descriptor->sortCols, 0);
  descriptor->__isset_sortCols = TRUE;
  g_ptr_array_set_size (skew->skewedColNames, 0);
  skew->__isset_skewedColNames = TRUE;
  g_ptr_array_set_size (skew->skewedColValues, 0);
  skew->__isset_skewedColValues = TRUE;
  g_hash_table_remove_all (skew->skewedColValueLocationMaps);
  skew->__isset_skewedColValueLocationMaps = TRUE;
  descriptor->__isset_skewedInfo = TRUE;
  return TRUE;
}

/*
 * Fills `table` from one row of TABLE_COLUMNS as ObjectStore.convertToTable
 * does: what the Java server leaves null stays unset, the collections it
 * always has are always set.  The rarities are read_rare_members's.
 */
static gboolean
table_from_row (const PGresult *result, int row, HmsTable *table, HmsTableIds *ids,
                GError **error)
{
  const char *type = hms_db_value (result, row, COLUMN_TBL_TYPE);

  if (ids != NULL)
    {
      ids->table_id = int_value (result, row, COLUMN_TBL_ID);
      ids->database_id = int_value (result, row, COLUMN_DB_ID);
      ids->sd_id = int_value (result, row, COLUMN_SD_ID);
      ids->column_descriptor_id = int_value (result, row, COLUMN_CD_ID);
    }

  set_string (&table->tableName, &table->__isset_tableName, hms_db_value (result, row, COLUMN_TBL_NAME));
  set_string (&table->dbName, &table->__isset_dbName, hms_db_value (result, row, COLUMN_DB_NAME));
  set_string (&table->owner, &table->__isset_owner, hms_db_value (result, row, COLUMN_OWNER));
  table->createTime = (gint32) int_value (result, row, COLUMN_CREATE_TIME);
  table->__isset_createTime = TRUE;
  table->lastAccessTime = (gint32) int_value (result, row, COLUMN_LAST_ACCESS_TIME);
  table->__isset_lastAccessTime = TRUE;
  table->retention = (gint32) int_value (result, row, COLUMN_RETENTION);
  table->__isset_retention = TRUE;

  table->__isset_sd = !PQgetisnull (result, row, COLUMN_SD_FOUND);
  if (table->__isset_sd && !descriptor_from_row (result, row, table->sd, error))
    return FALSE;

  g_ptr_array_set_size (table->partitionKeys, 0);
  if (!fields_from_triples (hms_db_value (result, row, COLUMN_PARTITION_KEYS), table->partitionKeys, error))
    return FALSE;
  table->__isset_partitionKeys = TRUE;

  g_hash_table_remove_all (table->parameters);
  if (!hms_db_parse_pairs (hms_db_value (result, row, COLUMN_PARAMETERS), table->parameters, NULL))
    return parse_failure (error, "table parameters");
  table->__isset_parameters = TRUE;

  set_string (&table->viewOriginalText, &table->__isset_viewOriginalText,
              hms_db_value (result, row, COLUMN_VIEW_ORIGINAL_TEXT));
  set_string (&table->viewExpandedText, &table->__isset_viewExpandedText,
              hms_db_value (result, row, COLUMN_VIEW_EXPANDED_TEXT));
  /* Rows from before TBL_TYPE existed: derived as convertToTable does. */
  if (type == NULL)
    {
      const char *external = g_hash_table_lookup (table->parameters, "EXTERNAL");

      if (table->__isset_viewOriginalText)
        type = "VIRTUAL_VIEW";
      else if (external != NULL && g_ascii_strcasecmp (external, "true") == 0)
        type = "EXTERNAL_TABLE";
      else
        type = "MANAGED_TABLE";
    }
  set_string (&table->tableType, &table->__isset_tableType, type);
  table->rewriteEnabled = bool_value (result, row, COLUMN_REWRITE_ENABLED);
  table->__isset_rewriteEnabled = TRUE;
  set_string (&table->catName, &table->__isset_catName, hms_db_value (result, row, COLUMN_CATALOG));
  table->ownerType = principal_type_from_text (hms_db_value (result, row, COLUMN_OWNER_TYPE));
  table->__isset_ownerType = TRUE;
  table->writeId = int_value (result, row, COLUMN_WRITE_ID);
  table->__isset_writeId = TRUE;
  table->id = int_value (result, row, COLUMN_TBL_ID);
  table->__isset_id = TRUE;
  table->__isset_creationMetadata = FALSE;
  return TRUE;
}

/*
 * Completes tables[i], filled by table_from_row from row i of `result`,
 * with what TABLE_COLUMNS leaves out: the whole descriptor of each table
 * whose descriptor has bucketing, sort or skew rows (hms_store_sd_load_many),
 * and the creation metadata of each materialized view (set when it has a
 * MV_CREATION_METADATA row, as in Hive).  Round trips: 0 when no table
 * needs either, else 1 for all the descriptors plus 1 for all the views.
 *
 * A descriptor found by the first statement and gone for the second (the
 * table dropped in between, when the caller locks nothing) makes the table
 * gone: vanished[i] = TRUE when `vanished` is not NULL, else NO_SUCH_OBJECT.
 */
static gboolean
read_rare_members (PGconn *conn, const PGresult *result, HmsTable *const *tables,
                   gboolean *vanished, GError **error)
{
  g_autoptr (GArray) sd_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) sd_rows = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr (GPtrArray) views = g_ptr_array_new ();

  for (int row = 0; row < PQntuples (result); row++)
    {
      if (tables[row]->__isset_sd && bool_value (result, row, COLUMN_SD_RARE))
        {
          gint64 sd_id = int_value (result, row, COLUMN_SD_ID);

          g_array_append_val (sd_ids, sd_id);
          g_array_append_val (sd_rows, row);
        }
      if (g_strcmp0 (hms_db_value (result, row, COLUMN_TBL_TYPE), "MATERIALIZED_VIEW") == 0)
        g_ptr_array_add (views, tables[row]);
    }

  if (sd_ids->len > 0)
    {
      g_autoptr (GPtrArray) descriptors =
        hms_store_sd_load_many (conn, (const gint64 *) sd_ids->data, sd_ids->len, NULL, error);

      if (descriptors == NULL)
        return FALSE;
      for (guint i = 0; i < sd_ids->len; i++)
        {
          int row = g_array_index (sd_rows, int, i);
          HmsTable *table = tables[row];
          HmsStorageDescriptor *descriptor = g_ptr_array_index (descriptors, i);

          if (descriptor == NULL && vanished != NULL)
            vanished[row] = TRUE;
          else if (descriptor == NULL)
            {
              g_set_error (error, HMS_ERROR, HMS_ERROR_NO_SUCH_OBJECT, "%s.%s.%s table not found",
                           table->catName, table->dbName, table->tableName);
              return FALSE;
            }
          else
            {
              g_object_unref (table->sd);
              table->sd = g_object_ref (descriptor);
            }
        }
    }

  if (views->len > 0)
    {
      g_autofree const char **catalogs = g_new (const char *, views->len);
      g_autofree const char **databases = g_new (const char *, views->len);
      g_autofree const char **names = g_new (const char *, views->len);
      g_autofree char *catalogs_array = NULL;
      g_autofree char *databases_array = NULL;
      g_autofree char *names_array = NULL;
      g_autoptr (PGresult) metadata = NULL;

      for (guint i = 0; i < views->len; i++)
        {
          HmsTable *view = g_ptr_array_index (views, i);

          catalogs[i] = view->catName;
          databases[i] = view->dbName;
          names[i] = view->tableName;
        }
      catalogs_array = hms_db_text_array (catalogs, views->len);
      databases_array = hms_db_text_array (databases, views->len);
      names_array = hms_db_text_array (names, views->len);
      {
        const char *values[] = { catalogs_array, databases_array, names_array };

        metadata = hms_db_exec (conn, CREATION_METADATA_SQL, G_N_ELEMENTS (values), values, error);
      }
      if (metadata == NULL)
        return FALSE;
      for (int row = 0; row < PQntuples (metadata); row++)
        {
          gint64 ordinal = int_value (metadata, row, 0);
          HmsTable *view;

          if (ordinal < 1 || ordinal > views->len)
            continue;
          view = g_ptr_array_index (views, ordinal - 1);
          if (!creation_metadata_from_json (hms_db_value (metadata, row, 1), view->creationMetadata, error))
            return FALSE;
          view->__isset_creationMetadata = TRUE;
        }
    }
  return TRUE;
}

gboolean
hms_store_table_get (PGconn *conn, const char *catalog, const char *database,
                     const char *name, HmsTableLock lock, HmsTable *table,
                     HmsTableIds *ids, GError **error)
{
  const char *values[] = { database, catalog, name };
  const char *sql;
  g_autoptr (PGresult) result = NULL;

  switch (lock)
    {
    case HMS_TABLE_LOCK_SHARE:
      sql = "SELECT " TABLE_COLUMNS TABLE_FROM
            " WHERE d.\"NAME\" = $1 AND d.\"CTLG_NAME\" = $2 AND t.\"TBL_NAME\" = $3 FOR SHARE OF t";
      break;
    case HMS_TABLE_LOCK_UPDATE:
      sql = "SELECT " TABLE_COLUMNS TABLE_FROM
            " WHERE d.\"NAME\" = $1 AND d.\"CTLG_NAME\" = $2 AND t.\"TBL_NAME\" = $3 FOR UPDATE OF t";
      break;
    default:
      sql = "SELECT " TABLE_COLUMNS TABLE_FROM
            " WHERE d.\"NAME\" = $1 AND d.\"CTLG_NAME\" = $2 AND t.\"TBL_NAME\" = $3";
      break;
    }
  result = hms_db_exec (conn, sql, G_N_ELEMENTS (values), values, error);
  if (result == NULL)
    return FALSE;
  if (PQntuples (result) == 0)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_NO_SUCH_OBJECT,
                   "%s.%s.%s table not found", catalog, database, name);
      return FALSE;
    }
  return table_from_row (result, 0, table, ids, error)
         && read_rare_members (conn, result, &table, NULL, error);
}

GPtrArray *
hms_store_table_get_many (PGconn *conn, const char *catalog, const char *database,
                          GPtrArray *names, GError **error)
{
  g_autofree char *names_json = hms_json_array_from_strings (names);
  const char *values[] = { database, catalog, names_json };
  g_autoptr (PGresult) result =
    hms_db_exec (conn,
                 "SELECT " TABLE_COLUMNS TABLE_FROM
                 " JOIN (SELECT n.value AS name, min(n.ordinality) AS ord"
                 "       FROM json_array_elements_text($3::json) WITH ORDINALITY n GROUP BY n.value) w"
                 "   ON w.name = t.\"TBL_NAME\""
                 " WHERE d.\"NAME\" = $1 AND d.\"CTLG_NAME\" = $2"
                 " ORDER BY w.ord",
                 G_N_ELEMENTS (values), values, error);
  g_autoptr (GPtrArray) found = NULL;
  g_autofree gboolean *vanished = NULL;
  GPtrArray *tables;

  if (result == NULL)
    return NULL;
  found = g_ptr_array_new_with_free_func (g_object_unref);
  for (int row = 0; row < PQntuples (result); row++)
    {
      HmsTable *table = g_object_new (HMS_TYPE_TABLE, NULL);

      g_ptr_array_add (found, table);
      if (!table_from_row (result, row, table, NULL, error))
        return NULL;
    }
  vanished = g_new0 (gboolean, found->len + 1);
  if (!read_rare_members (conn, result, (HmsTable *const *) found->pdata, vanished, error))
    return NULL;
  tables = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < found->len; i++)
    if (!vanished[i])
      g_ptr_array_add (tables, g_object_ref (g_ptr_array_index (found, i)));
  return tables;
}

/* --- writing ----------------------------------------------------------- */

static void
add_string (JsonBuilder *builder, const char *name, const char *value)
{
  json_builder_set_member_name (builder, name);
  if (value == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, value);
}

/* The partition keys as [[name, type, comment], ...], names lower-cased (convertToMFieldSchemas). */
static void
add_keys (JsonBuilder *builder, GPtrArray *keys, gboolean set)
{
  json_builder_set_member_name (builder, "keys");
  json_builder_begin_array (builder);
  for (guint i = 0; set && keys != NULL && i < keys->len; i++)
    {
      HmsFieldSchema *key = g_ptr_array_index (keys, i);
      g_autofree char *lower = g_utf8_strdown (key->__isset_name && key->name ? key->name : "", -1);

      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, lower);
      if (key->__isset_type && key->type)
        json_builder_add_string_value (builder, key->type);
      else
        json_builder_add_null_value (builder);
      if (key->__isset_comment && key->comment)
        json_builder_add_string_value (builder, key->comment);
      else
        json_builder_add_null_value (builder);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
}

static void
add_parameters (JsonBuilder *builder, GHashTable *parameters, gboolean set)
{
  GHashTableIter iter;
  gpointer key, value;

  json_builder_set_member_name (builder, "parameters");
  json_builder_begin_object (builder);
  if (set && parameters != NULL)
    {
      g_hash_table_iter_init (&iter, parameters);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          json_builder_set_member_name (builder, key);
          json_builder_add_string_value (builder, value);
        }
    }
  json_builder_end_object (builder);
}

static guint
count_grants (GHashTable *grants, gboolean set)
{
  GHashTableIter iter;
  gpointer key, value;
  guint count = 0;

  if (!set || grants == NULL)
    return 0;
  g_hash_table_iter_init (&iter, grants);
  while (g_hash_table_iter_next (&iter, &key, &value))
    count += ((GPtrArray *) value)->len;
  return count;
}

/* TBL_PRIVS rows of one principal type, as ObjectStore.putPersistentPrivObjects writes them. */
static void
add_grants (JsonBuilder *builder, GHashTable *grants, gboolean set, const char *principal_type,
            gint64 *next_id)
{
  GHashTableIter iter;
  gpointer key, value;

  if (!set || grants == NULL)
    return;
  g_hash_table_iter_init (&iter, grants);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *infos = value;

      for (guint i = 0; i < infos->len; i++)
        {
          HmsPrivilegeGrantInfo *info = g_ptr_array_index (infos, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, (*next_id)++);
          add_string (builder, "principal", key);
          add_string (builder, "type", principal_type);
          add_string (builder, "privilege", info->__isset_privilege ? info->privilege : NULL);
          add_string (builder, "grantor", info->__isset_grantor ? info->grantor : NULL);
          add_string (builder, "grantor_type",
                      info->__isset_grantorType ? principal_type_to_text (info->grantorType) : NULL);
          json_builder_set_member_name (builder, "grant_option");
          json_builder_add_int_value (builder, info->grantOption ? 1 : 0);
          json_builder_end_object (builder);
        }
    }
}

static char *
builder_to_text (JsonBuilder *builder)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* "transactional"="true" in any case, as TxnUtils.isTransactionalTable. */
static gboolean
is_transactional (const HmsTable *table)
{
  const char *value = table->__isset_parameters
                        ? g_hash_table_lookup (table->parameters, "transactional") : NULL;

  return value != NULL && g_ascii_strcasecmp (value, "true") == 0;
}

gboolean
hms_store_table_create (PGconn *conn, gint64 database_id, const HmsTable *table,
                        HmsTableIds *ids, GError **error)
{
  HmsPrincipalPrivilegeSet *privileges = table->__isset_privileges ? table->privileges : NULL;
  guint grants = 0;
  gint64 table_id, first_grant = 0, sd_id = 0, cd_id = 0;
  g_autoptr (JsonBuilder) builder = NULL;
  g_autofree char *input = NULL;
  g_autofree char *table_id_text = NULL;
  g_autofree char *database_id_text = g_strdup_printf ("%" G_GINT64_FORMAT, database_id);
  g_autofree char *sd_id_text = NULL;
  g_autofree char *create_time = g_strdup_printf ("%d", table->createTime);
  g_autofree char *last_access_time = g_strdup_printf ("%d", table->lastAccessTime);
  g_autofree char *retention = g_strdup_printf ("%d", table->retention);
  g_autofree char *write_id = NULL;
  g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);

  /* Ids in the order store_sd.h asks for: the owner's classes first. */
  table_id = hms_store_allocate_ids (conn, "MTable", "TBLS", "TBL_ID", 1, error);
  if (table_id < 0)
    return FALSE;
  if (privileges != NULL)
    grants = count_grants (privileges->userPrivileges, privileges->__isset_userPrivileges)
             + count_grants (privileges->groupPrivileges, privileges->__isset_groupPrivileges)
             + count_grants (privileges->rolePrivileges, privileges->__isset_rolePrivileges);
  if (grants > 0
      && (first_grant = hms_store_allocate_ids (conn, "MTablePrivilege", "TBL_PRIVS", "TBL_GRANT_ID",
                                                grants, error)) < 0)
    return FALSE;
  if (table->__isset_sd)
    {
      sd_id = hms_store_sd_insert (conn, table->sd, &cd_id, error);
      if (sd_id < 0)
        return FALSE;
      sd_id_text = g_strdup_printf ("%" G_GINT64_FORMAT, sd_id);
    }

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  add_keys (builder, table->partitionKeys, table->__isset_partitionKeys);
  add_parameters (builder, table->parameters, table->__isset_parameters);
  json_builder_set_member_name (builder, "grants");
  json_builder_begin_array (builder);
  if (privileges != NULL)
    {
      gint64 next = first_grant;

      add_grants (builder, privileges->userPrivileges, privileges->__isset_userPrivileges, "USER", &next);
      add_grants (builder, privileges->groupPrivileges, privileges->__isset_groupPrivileges, "GROUP", &next);
      add_grants (builder, privileges->rolePrivileges, privileges->__isset_rolePrivileges, "ROLE", &next);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  input = builder_to_text (builder);

  table_id_text = g_strdup_printf ("%" G_GINT64_FORMAT, table_id);
  /* MTable's write id stays 0 but for transactional tables (ObjectStore.createTable). */
  write_id = g_strdup_printf ("%" G_GINT64_FORMAT,
                              is_transactional (table) ? (table->__isset_writeId ? table->writeId : -1) : 0);
  {
    const char *values[] = {
      table_id_text, create_time, database_id_text, last_access_time,
      table->__isset_owner ? table->owner : NULL,
      table->__isset_ownerType ? principal_type_to_text (table->ownerType) : "USER",
      retention, sd_id_text, table->tableName,
      table->__isset_tableType ? table->tableType : NULL,
      table->__isset_viewExpandedText ? table->viewExpandedText : NULL,
      table->__isset_viewOriginalText ? table->viewOriginalText : NULL,
      table->__isset_rewriteEnabled && table->rewriteEnabled ? "true" : "false",
      write_id, input, now,
    };
    g_autoptr (GError) local = NULL;
    g_autoptr (PGresult) result =
      hms_db_exec (conn,
                   "WITH input AS (SELECT $15::json AS j),"
                   " tbl AS (INSERT INTO \"TBLS\" (\"TBL_ID\", \"CREATE_TIME\", \"DB_ID\", \"LAST_ACCESS_TIME\","
                   "           \"OWNER\", \"OWNER_TYPE\", \"RETENTION\", \"SD_ID\", \"TBL_NAME\", \"TBL_TYPE\","
                   "           \"VIEW_EXPANDED_TEXT\", \"VIEW_ORIGINAL_TEXT\", \"IS_REWRITE_ENABLED\", \"WRITE_ID\")"
                   "         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)),"
                   " parameters AS (INSERT INTO \"TABLE_PARAMS\" (\"TBL_ID\", \"PARAM_KEY\", \"PARAM_VALUE\")"
                   "         SELECT $1, p.key, p.value FROM input, json_each_text(j->'parameters') p),"
                   " keys AS (INSERT INTO \"PARTITION_KEYS\" (\"TBL_ID\", \"PKEY_COMMENT\", \"PKEY_NAME\","
                   "           \"PKEY_TYPE\", \"INTEGER_IDX\")"
                   "         SELECT $1, k.value->>2, k.value->>0, k.value->>1, k.ordinality - 1"
                   "         FROM input, json_array_elements(j->'keys') WITH ORDINALITY k)"
                   " INSERT INTO \"TBL_PRIVS\" (\"TBL_GRANT_ID\", \"CREATE_TIME\", \"GRANT_OPTION\", \"GRANTOR\","
                   "   \"GRANTOR_TYPE\", \"PRINCIPAL_NAME\", \"PRINCIPAL_TYPE\", \"TBL_PRIV\", \"TBL_ID\", \"AUTHORIZER\")"
                   " SELECT (g.value->>'id')::bigint, $16::bigint, (g.value->>'grant_option')::smallint,"
                   "        g.value->>'grantor', g.value->>'grantor_type', g.value->>'principal',"
                   "        g.value->>'type', g.value->>'privilege', $1, 'SQL'"
                   " FROM input, json_array_elements(j->'grants') g",
                   G_N_ELEMENTS (values), values, &local);

    if (result == NULL)
      {
        if (g_error_matches (local, HMS_ERROR, HMS_ERROR_ALREADY_EXISTS))
          g_set_error (error, HMS_ERROR, HMS_ERROR_ALREADY_EXISTS,
                       "Table %s.%s.%s already exists",
                       table->__isset_catName && table->catName ? table->catName : "hive",
                       table->dbName, table->tableName);
        else
          g_propagate_error (error, g_steal_pointer (&local));
        return FALSE;
      }
  }
  if (ids != NULL)
    {
      ids->table_id = table_id;
      ids->database_id = database_id;
      ids->sd_id = sd_id;
      ids->column_descriptor_id = cd_id;
    }
  return TRUE;
}

gboolean
hms_store_table_update (PGconn *conn, HmsTableIds *ids, const HmsTable *table,
                        gint64 write_id, GError **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new_immutable ();
  g_autofree char *input = NULL;
  g_autofree char *table_id_text = g_strdup_printf ("%" G_GINT64_FORMAT, ids->table_id);
  g_autofree char *database_id_text = g_strdup_printf ("%" G_GINT64_FORMAT, ids->database_id);
  g_autofree char *last_access_time = g_strdup_printf ("%d", table->lastAccessTime);
  g_autofree char *retention = g_strdup_printf ("%d", table->retention);
  g_autofree char *write_id_text = write_id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, write_id) : NULL;

  if (ids->sd_id > 0 && table->__isset_sd)
    {
      gint64 cd = ids->column_descriptor_id;

      if (!hms_store_sd_update_many (conn, &ids->sd_id, &table->sd, 1, &cd, error))
        return FALSE;
      ids->column_descriptor_id = cd;
    }

  json_builder_begin_object (builder);
  add_keys (builder, table->partitionKeys, table->__isset_partitionKeys);
  add_parameters (builder, table->parameters, table->__isset_parameters);
  json_builder_end_object (builder);
  input = builder_to_text (builder);
  {
    const char *values[] = {
      table_id_text, database_id_text, table->tableName,
      table->__isset_owner ? table->owner : NULL,
      table->__isset_ownerType ? principal_type_to_text (table->ownerType) : "USER",
      retention, table->__isset_tableType ? table->tableType : NULL,
      last_access_time,
      table->__isset_viewOriginalText ? table->viewOriginalText : NULL,
      table->__isset_viewExpandedText ? table->viewExpandedText : NULL,
      table->__isset_rewriteEnabled && table->rewriteEnabled ? "true" : "false",
      write_id_text, input,
    };
    g_autoptr (GError) local = NULL;
    /*
     * Parameters and partition keys are replaced; the keys that go and the
     * keys that stay are disjoint, so one statement deletes the first and
     * upserts the second.
     */
    g_autoptr (PGresult) result =
      hms_db_exec (conn,
                   "WITH input AS (SELECT $13::json AS j),"
                   " gone_parameters AS (DELETE FROM \"TABLE_PARAMS\" WHERE \"TBL_ID\" = $1"
                   "   AND \"PARAM_KEY\" NOT IN (SELECT key FROM input, json_each_text(j->'parameters')))," 
                   " parameters AS (INSERT INTO \"TABLE_PARAMS\" (\"TBL_ID\", \"PARAM_KEY\", \"PARAM_VALUE\")"
                   "   SELECT $1, p.key, p.value FROM input, json_each_text(j->'parameters') p"
                   "   ON CONFLICT (\"TBL_ID\", \"PARAM_KEY\") DO UPDATE SET \"PARAM_VALUE\" = EXCLUDED.\"PARAM_VALUE\"),"
                   " gone_keys AS (DELETE FROM \"PARTITION_KEYS\" WHERE \"TBL_ID\" = $1"
                   "   AND \"PKEY_NAME\" NOT IN (SELECT k.value->>0 FROM input, json_array_elements(j->'keys') k)),"
                   " keys AS (INSERT INTO \"PARTITION_KEYS\" (\"TBL_ID\", \"PKEY_COMMENT\", \"PKEY_NAME\","
                   "           \"PKEY_TYPE\", \"INTEGER_IDX\")"
                   "   SELECT $1, k.value->>2, k.value->>0, k.value->>1, k.ordinality - 1"
                   "   FROM input, json_array_elements(j->'keys') WITH ORDINALITY k"
                   "   ON CONFLICT (\"TBL_ID\", \"PKEY_NAME\") DO UPDATE SET \"PKEY_COMMENT\" = EXCLUDED.\"PKEY_COMMENT\","
                   "     \"PKEY_TYPE\" = EXCLUDED.\"PKEY_TYPE\", \"INTEGER_IDX\" = EXCLUDED.\"INTEGER_IDX\")"
                   " UPDATE \"TBLS\" SET \"DB_ID\" = $2, \"TBL_NAME\" = $3, \"OWNER\" = $4, \"OWNER_TYPE\" = $5,"
                   "   \"RETENTION\" = $6, \"TBL_TYPE\" = $7, \"LAST_ACCESS_TIME\" = $8,"
                   "   \"VIEW_ORIGINAL_TEXT\" = $9, \"VIEW_EXPANDED_TEXT\" = $10, \"IS_REWRITE_ENABLED\" = $11,"
                   "   \"WRITE_ID\" = COALESCE($12::bigint, \"WRITE_ID\")"
                   " WHERE \"TBL_ID\" = $1",
                   G_N_ELEMENTS (values), values, &local);

    if (result == NULL)
      {
        if (g_error_matches (local, HMS_ERROR, HMS_ERROR_ALREADY_EXISTS))
          g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_OPERATION,
                       "new table %s.%s already exists", table->dbName, table->tableName);
        else
          g_propagate_error (error, g_steal_pointer (&local));
        return FALSE;
      }
  }
  return TRUE;
}

/* --- listing ----------------------------------------------------------- */

static GPtrArray *
first_column_strings (PGresult *result)
{
  GPtrArray *names = g_ptr_array_new_full (PQntuples (result), g_free);

  for (int row = 0; row < PQntuples (result); row++)
    g_ptr_array_add (names, g_strdup (PQgetvalue (result, row, 0)));
  return names;
}

gboolean
hms_store_table_names_each (PGconn *conn, const char *catalog, const char *database,
                            const char *like_patterns, const char *table_type,
                            const HmsListSink *sink, gpointer user_data, GError **error)
{
  const char *values[] = { database, catalog, like_patterns, table_type };
  g_autoptr (PGresult) result =
    hms_db_exec (conn,
                 "SELECT t.\"TBL_NAME\" FROM \"TBLS\" t JOIN \"DBS\" d ON d.\"DB_ID\" = t.\"DB_ID\""
                 " WHERE d.\"NAME\" = $1 AND d.\"CTLG_NAME\" = $2"
                 " AND ($3::json IS NULL"
                 "      OR lower(t.\"TBL_NAME\") LIKE ANY (SELECT json_array_elements_text($3::json)))"
                 " AND ($4::text IS NULL OR t.\"TBL_TYPE\" = $4)"
                 " ORDER BY t.\"TBL_NAME\" COLLATE \"C\"",
                 G_N_ELEMENTS (values), values, error);

  if (result == NULL || !sink->begin (user_data, (guint) PQntuples (result), error))
    return FALSE;
  for (int row = 0; row < PQntuples (result); row++)
    if (!sink->element (user_data, PQgetvalue (result, row, 0), error))
      return FALSE;
  return TRUE;
}

static gboolean
collect_begin (gpointer names, guint count, GError **error)
{
  return TRUE;
}

static gboolean
collect_name (gpointer names, gpointer name, GError **error)
{
  g_ptr_array_add (names, g_strdup (name));
  return TRUE;
}

const HmsListSink hms_store_collect_strings = { collect_begin, collect_name };

GPtrArray *
hms_store_table_names (PGconn *conn, const char *catalog, const char *database,
                       const char *like_patterns, const char *table_type, GError **error)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  if (!hms_store_table_names_each (conn, catalog, database, like_patterns, table_type,
                                   &hms_store_collect_strings, names, error))
    return NULL;
  return g_steal_pointer (&names);
}

gboolean
hms_store_table_meta_each (PGconn *conn, const char *catalog, const char *database_likes,
                           const char *table_likes, const char *table_types,
                           const HmsListSink *sink, gpointer user_data, GError **error)
{
  const char *values[] = { catalog, database_likes, table_likes, table_types };
  g_autoptr (PGresult) result =
    hms_db_exec (conn,
                 "SELECT d.\"NAME\", t.\"TBL_NAME\", t.\"TBL_TYPE\","
                 " (SELECT p.\"PARAM_VALUE\" FROM \"TABLE_PARAMS\" p"
                 "  WHERE p.\"TBL_ID\" = t.\"TBL_ID\" AND p.\"PARAM_KEY\" = 'comment')"
                 " FROM \"TBLS\" t JOIN \"DBS\" d ON d.\"DB_ID\" = t.\"DB_ID\""
                 " WHERE d.\"CTLG_NAME\" = $1"
                 " AND ($2::json IS NULL"
                 "      OR lower(d.\"NAME\") LIKE ANY (SELECT json_array_elements_text($2::json)))"
                 " AND ($3::json IS NULL"
                 "      OR lower(t.\"TBL_NAME\") LIKE ANY (SELECT json_array_elements_text($3::json)))"
                 " AND ($4::json IS NULL"
                 "      OR t.\"TBL_TYPE\" IN (SELECT json_array_elements_text($4::json)))"
                 " ORDER BY d.\"NAME\" COLLATE \"C\", t.\"TBL_NAME\" COLLATE \"C\"",
                 G_N_ELEMENTS (values), values, error);
  HmsTableMeta *meta;
  gboolean ok = TRUE;

  if (result == NULL || !sink->begin (user_data, (guint) PQntuples (result), error))
    return FALSE;
  /*
   * One object refilled row after row: its strings point into the result
   * while the sink has it, and are taken back before it is freed.
   */
  meta = g_object_new (HMS_TYPE_TABLE_META, NULL);
  meta->catName = (char *) catalog;
  meta->__isset_catName = TRUE;
  for (int row = 0; ok && row < PQntuples (result); row++)
    {
      const char *comment = hms_db_value (result, row, 3);

      meta->dbName = PQgetvalue (result, row, 0);
      meta->tableName = PQgetvalue (result, row, 1);
      meta->tableType = hms_db_value (result, row, 2) ? PQgetvalue (result, row, 2) : "";
      meta->comments = (char *) comment;
      meta->__isset_comments = comment != NULL;
      ok = sink->element (user_data, meta, error);
    }
  meta->dbName = meta->tableName = meta->tableType = meta->comments = meta->catName = NULL;
  g_object_unref (meta);
  return ok;
}

gboolean
hms_store_table_partition_descriptors (PGconn *conn, gint64 table_id, GArray *sd_ids,
                                       GPtrArray *locations, GError **error)
{
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, table_id);
  const char *values[] = { id_text };
  g_autoptr (PGresult) result =
    hms_db_exec (conn,
                 "SELECT s.\"SD_ID\", s.\"LOCATION\" FROM \"PARTITIONS\" p"
                 " JOIN \"SDS\" s ON s.\"SD_ID\" = p.\"SD_ID\""
                 " WHERE p.\"TBL_ID\" = $1 ORDER BY p.\"PART_ID\"",
                 1, values, error);

  if (result == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (result); row++)
    {
      gint64 id = int_value (result, row, 0);

      if (sd_ids != NULL)
        g_array_append_val (sd_ids, id);
      if (locations != NULL)
        g_ptr_array_add (locations, g_strdup (hms_db_value (result, row, 1)));
    }
  return TRUE;
}

GPtrArray *
hms_store_table_delete_stale_column_statistics (PGconn *conn, gint64 table_id,
                                                GPtrArray *columns,
                                                HmsPartitionStatistics partitions,
                                                GError **error)
{
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, table_id);
  g_autoptr (JsonBuilder) builder = json_builder_new_immutable ();
  g_autofree char *columns_json = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; columns != NULL && i < columns->len; i++)
    {
      HmsFieldSchema *column = g_ptr_array_index (columns, i);

      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, column->name ? column->name : "");
      json_builder_add_string_value (builder, column->type ? column->type : "");
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  columns_json = builder_to_text (builder);
  {
    const char *values[] = {
      id_text, columns_json,
      partitions == HMS_PARTITION_STATISTICS_KEEP ? "keep"
        : partitions == HMS_PARTITION_STATISTICS_ALL ? "all" : "stale",
    };
    /*
     * A statistic survives while a column of the same name and type (both
     * compared without case, as HiveAlterHandler does) is still there.
     */
    g_autoptr (PGresult) result =
      hms_db_exec (conn,
                   "WITH kept AS (SELECT lower(c.value->>0) AS name, lower(c.value->>1) AS type"
                   "              FROM json_array_elements($2::json) c),"
                   " table_level AS (DELETE FROM \"TAB_COL_STATS\" s WHERE s.\"TBL_ID\" = $1"
                   "   AND NOT EXISTS (SELECT 1 FROM kept WHERE kept.name = lower(s.\"COLUMN_NAME\")"
                   "                   AND kept.type = lower(s.\"COLUMN_TYPE\"))"
                   "   RETURNING s.\"COLUMN_NAME\"),"
                   " partition_level AS (DELETE FROM \"PART_COL_STATS\" s"
                   "   WHERE $3 <> 'keep' AND s.\"PART_ID\" IN (SELECT \"PART_ID\" FROM \"PARTITIONS\" WHERE \"TBL_ID\" = $1)"
                   "   AND ($3 = 'all' OR NOT EXISTS (SELECT 1 FROM kept WHERE kept.name = lower(s.\"COLUMN_NAME\")"
                   "                                  AND kept.type = lower(s.\"COLUMN_TYPE\"))))"
                   " SELECT DISTINCT \"COLUMN_NAME\" FROM table_level",
                   G_N_ELEMENTS (values), values, error);

    if (result == NULL)
      return NULL;
    return first_column_strings (result);
  }
}

/* The basic statistics Hive zeroes on truncate (StatsSetupConst.SUPPORTED_STATS). */
#define SUPPORTED_STATS "'numFiles', 'numRows', 'totalSize', 'rawDataSize', 'numFilesErasureCoded'"

gboolean
hms_store_table_truncate_statistics (PGconn *conn, gint64 table_id, gboolean partitions,
                                     const char *partition_names, GError **error)
{
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, table_id);
  g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
  const char *values[] = { id_text, partition_names, now };
  g_autoptr (PGresult) result =
    partitions
      ? hms_db_exec (conn,
                     "WITH part AS (SELECT \"PART_ID\" FROM \"PARTITIONS\" WHERE \"TBL_ID\" = $1"
                     "              AND ($2::json IS NULL OR \"PART_NAME\" = ANY (ARRAY (SELECT json_array_elements_text($2::json))))),"
                     " zeroed AS (UPDATE \"PARTITION_PARAMS\" SET \"PARAM_VALUE\" = '0'"
                     "            WHERE \"PART_ID\" IN (SELECT \"PART_ID\" FROM part)"
                     "            AND \"PARAM_KEY\" IN (" SUPPORTED_STATS ")),"
                     " accurate AS (INSERT INTO \"PARTITION_PARAMS\" (\"PART_ID\", \"PARAM_KEY\", \"PARAM_VALUE\")"
                     "            SELECT \"PART_ID\", 'COLUMN_STATS_ACCURATE', '{\"BASIC_STATS\":\"true\"}' FROM part"
                     "            ON CONFLICT (\"PART_ID\", \"PARAM_KEY\") DO UPDATE SET \"PARAM_VALUE\" = EXCLUDED.\"PARAM_VALUE\")"
                     " INSERT INTO \"PARTITION_PARAMS\" (\"PART_ID\", \"PARAM_KEY\", \"PARAM_VALUE\")"
                     " SELECT \"PART_ID\", 'transient_lastDdlTime', $3 FROM part"
                     " ON CONFLICT (\"PART_ID\", \"PARAM_KEY\") DO UPDATE SET \"PARAM_VALUE\" ="
                     "   CASE WHEN \"PARTITION_PARAMS\".\"PARAM_VALUE\" IS NULL OR \"PARTITION_PARAMS\".\"PARAM_VALUE\" = '0'"
                     "        THEN EXCLUDED.\"PARAM_VALUE\" ELSE \"PARTITION_PARAMS\".\"PARAM_VALUE\" END",
                     G_N_ELEMENTS (values), values, error)
      : hms_db_exec (conn,
                     "WITH zeroed AS (UPDATE \"TABLE_PARAMS\" SET \"PARAM_VALUE\" = '0'"
                     "                WHERE \"TBL_ID\" = $1 AND \"PARAM_KEY\" IN (" SUPPORTED_STATS "))"
                     " INSERT INTO \"TABLE_PARAMS\" (\"TBL_ID\", \"PARAM_KEY\", \"PARAM_VALUE\")"
                     " VALUES ($1, 'COLUMN_STATS_ACCURATE', '{\"BASIC_STATS\":\"true\"}')"
                     " ON CONFLICT (\"TBL_ID\", \"PARAM_KEY\") DO UPDATE SET \"PARAM_VALUE\" = EXCLUDED.\"PARAM_VALUE\"",
                     1, values, error);

  return result != NULL;
}

GPtrArray *
hms_store_table_partition_locations (PGconn *conn, gint64 table_id, const char *partition_names,
                                     GError **error)
{
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, table_id);
  const char *values[] = { id_text, partition_names };
  g_autoptr (PGresult) result =
    hms_db_exec (conn,
                 "SELECT s.\"LOCATION\" FROM \"PARTITIONS\" p JOIN \"SDS\" s ON s.\"SD_ID\" = p.\"SD_ID\""
                 " WHERE p.\"TBL_ID\" = $1 AND s.\"LOCATION\" IS NOT NULL"
                 " AND ($2::json IS NULL OR p.\"PART_NAME\" = ANY (ARRAY (SELECT json_array_elements_text($2::json))))"
                 " ORDER BY p.\"PART_ID\"",
                 G_N_ELEMENTS (values), values, error);

  if (result == NULL)
    return NULL;
  return first_column_strings (result);
}

/* --- get_table_names_by_filter ----------------------------------------- */

/*
 * Hive's table filter language (Filter.g, ExpressionTree): comparisons
 * joined with AND / OR and parentheses, each a key, an operator and a
 * string or integer literal.  Keys: hive_filter_field_owner__ (every
 * operator), hive_filter_field_last_access__ (no LIKE) and
 * hive_filter_field_params__<name> (=, <>, != and LIKE, on tables that
 * have the parameter).  LIKE takes a Java regular expression, translated
 * the way DataNucleus translates String.matches.  The parser writes SQL
 * with every key and value as a parameter.
 */
#define FILTER_OWNER "hive_filter_field_owner__"
#define FILTER_LAST_ACCESS "hive_filter_field_last_access__"
#define FILTER_PARAMS "hive_filter_field_params__"

typedef struct
{
  const char *text;
  const char *at;
  GString *sql;
  GPtrArray *values;
  GError **error;
} FilterParser;

static void
skip_spaces (FilterParser *parser)
{
  while (g_ascii_isspace (*parser->at))
    parser->at++;
}

static gboolean
filter_fail (FilterParser *parser, const char *what)
{
  g_set_error (parser->error, HMS_ERROR, HMS_ERROR_FAILED,
               "Error parsing partition filter : %s at position %d in \"%s\"", what,
               (int) (parser->at - parser->text), parser->text);
  return FALSE;
}

/* A case-insensitive keyword followed by a non-identifier character. */
static gboolean
take_keyword (FilterParser *parser, const char *keyword)
{
  gsize length = strlen (keyword);

  skip_spaces (parser);
  if (g_ascii_strncasecmp (parser->at, keyword, length) == 0
      && !g_ascii_isalnum (parser->at[length]) && parser->at[length] != '_')
    {
      parser->at += length;
      return TRUE;
    }
  return FALSE;
}

static char *
take_identifier (FilterParser *parser)
{
  const char *start;

  skip_spaces (parser);
  start = parser->at;
  while (g_ascii_isalnum (*parser->at) || *parser->at == '_')
    parser->at++;
  return parser->at > start ? g_strndup (start, parser->at - start) : NULL;
}

/* A literal: '...' or "..." (adjacent ones concatenated, as the lexer does), or an integer. */
static char *
take_literal (FilterParser *parser, gboolean *is_string)
{
  GString *value = NULL;

  skip_spaces (parser);
  while (*parser->at == '\'' || *parser->at == '"')
    {
      char quote = *parser->at++;
      const char *end = strchr (parser->at, quote);

      if (end == NULL)
        return NULL;
      if (value == NULL)
        value = g_string_new (NULL);
      g_string_append_len (value, parser->at, end - parser->at);
      parser->at = end + 1;
    }
  if (value != NULL)
    {
      *is_string = TRUE;
      return g_string_free (value, FALSE);
    }
  {
    const char *start = parser->at;

    if (*parser->at == '-')
      parser->at++;
    while (g_ascii_isdigit (*parser->at))
      parser->at++;
    if (parser->at == start || (parser->at == start + 1 && *start == '-'))
      {
        parser->at = start;
        return NULL;
      }
    *is_string = FALSE;
    return g_strndup (start, parser->at - start);
  }
}

static const char *
take_operator (FilterParser *parser)
{
  static const char *const operators[] = { "<>", "!=", "<=", ">=", "=", "<", ">" };

  skip_spaces (parser);
  for (guint i = 0; i < G_N_ELEMENTS (operators); i++)
    if (g_str_has_prefix (parser->at, operators[i]))
      {
        parser->at += strlen (operators[i]);
        return strcmp (operators[i], "!=") == 0 ? "<>" : operators[i];
      }
  if (take_keyword (parser, "like"))
    return "LIKE";
  return NULL;
}

/* A Java regular expression as the SQL LIKE pattern DataNucleus would make of it. */
static char *
regex_to_like (const char *regex)
{
  GString *like = g_string_new (NULL);

  for (const char *c = regex; *c != '\0'; c++)
    {
      if (c[0] == '.' && c[1] == '*')
        {
          g_string_append_c (like, '%');
          c++;
        }
      else if (c[0] == '.')
        g_string_append_c (like, '_');
      else if (c[0] == '\\' && c[1] != '\0')
        {
          c++;
          if (*c == '%' || *c == '_' || *c == '\\')
            g_string_append_c (like, '\\');
          g_string_append_c (like, *c);
        }
      else
        {
          if (*c == '%' || *c == '_')
            g_string_append_c (like, '\\');
          g_string_append_c (like, *c);
        }
    }
  return g_string_free (like, FALSE);
}

static guint
add_value (FilterParser *parser, char *value)
{
  g_ptr_array_add (parser->values, value);
  return parser->values->len;
}

static gboolean parse_or (FilterParser *parser);

static gboolean
parse_comparison (FilterParser *parser)
{
  g_autofree char *key = NULL;
  g_autofree char *value = NULL;
  const char *operator;
  gboolean is_string = FALSE;

  skip_spaces (parser);
  if (*parser->at == '(')
    {
      parser->at++;
      g_string_append_c (parser->sql, '(');
      if (!parse_or (parser))
        return FALSE;
      skip_spaces (parser);
      if (*parser->at != ')')
        return filter_fail (parser, "missing )");
      parser->at++;
      g_string_append_c (parser->sql, ')');
      return TRUE;
    }
  key = take_identifier (parser);
  if (key == NULL)
    return filter_fail (parser, "expected a key");
  operator = take_operator (parser);
  if (operator == NULL)
    return filter_fail (parser, "expected an operator");
  value = take_literal (parser, &is_string);
  if (value == NULL)
    return filter_fail (parser, "expected a value");

  if (strcmp (operator, "LIKE") == 0)
    {
      char *like = regex_to_like (value);

      g_free (value);
      value = like;
    }
  if (g_str_has_prefix (key, FILTER_PARAMS))
    {
      guint key_index, value_index;

      if (strcmp (operator, "=") != 0 && strcmp (operator, "<>") != 0 && strcmp (operator, "LIKE") != 0)
        {
          g_set_error (parser->error, HMS_ERROR, HMS_ERROR_FAILED,
                       "Only [=, <>, !=, LIKE] are supported operators for HIVE_FILTER_FIELD_PARAMS");
          return FALSE;
        }
      key_index = add_value (parser, g_strdup (key + strlen (FILTER_PARAMS)));
      value_index = add_value (parser, g_steal_pointer (&value));
      g_string_append_printf (parser->sql,
                              "EXISTS (SELECT 1 FROM \"TABLE_PARAMS\" p WHERE p.\"TBL_ID\" = t.\"TBL_ID\""
                              " AND p.\"PARAM_KEY\" = $%u AND p.\"PARAM_VALUE\" %s $%u)",
                              key_index, operator, value_index);
    }
  else if (strcmp (key, FILTER_OWNER) == 0)
    g_string_append_printf (parser->sql, "t.\"OWNER\" %s $%u", operator,
                            add_value (parser, g_steal_pointer (&value)));
  else if (strcmp (key, FILTER_LAST_ACCESS) == 0)
    {
      if (strcmp (operator, "LIKE") == 0)
        {
          g_set_error (parser->error, HMS_ERROR, HMS_ERROR_FAILED,
                       "Like is not supported for HIVE_FILTER_FIELD_LAST_ACCESS");
          return FALSE;
        }
      if (is_string)
        return filter_fail (parser, "expected an integer");
      g_string_append_printf (parser->sql, "t.\"LAST_ACCESS_TIME\" %s $%u::bigint", operator,
                              add_value (parser, g_steal_pointer (&value)));
    }
  else
    {
      g_set_error (parser->error, HMS_ERROR, HMS_ERROR_FAILED,
                   "Invalid key name in filter.  Use constants from org.apache.hadoop.hive.metastore.api");
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_and (FilterParser *parser)
{
  if (!parse_comparison (parser))
    return FALSE;
  while (take_keyword (parser, "and"))
    {
      g_string_append (parser->sql, " AND ");
      if (!parse_comparison (parser))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_or (FilterParser *parser)
{
  if (!parse_and (parser))
    return FALSE;
  while (take_keyword (parser, "or"))
    {
      g_string_append (parser->sql, " OR ");
      if (!parse_and (parser))
        return FALSE;
    }
  return TRUE;
}

GPtrArray *
hms_store_table_names_by_filter (PGconn *conn, const char *catalog, const char *database,
                                 const char *filter, gint max_tables, GError **error)
{
  g_autoptr (GString) sql = g_string_new (NULL);
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  FilterParser parser = { filter, filter, NULL, values, error };
  g_autoptr (PGresult) result = NULL;

  g_ptr_array_add (values, g_strdup (database));
  g_ptr_array_add (values, g_strdup (catalog));
  g_ptr_array_add (values, max_tables >= 0 ? g_strdup_printf ("%d", max_tables) : NULL);
  g_string_append (sql, "SELECT DISTINCT t.\"TBL_NAME\" FROM \"TBLS\" t JOIN \"DBS\" d ON d.\"DB_ID\" = t.\"DB_ID\""
                        " WHERE d.\"NAME\" = $1 AND d.\"CTLG_NAME\" = $2");
  skip_spaces (&parser);
  if (*parser.at != '\0')
    {
      parser.sql = g_string_new (NULL);
      if (!parse_or (&parser))
        {
          g_string_free (parser.sql, TRUE);
          return NULL;
        }
      skip_spaces (&parser);
      if (*parser.at != '\0')
        {
          g_string_free (parser.sql, TRUE);
          filter_fail (&parser, "unexpected text");
          return NULL;
        }
      g_string_append_printf (sql, " AND (%s)", parser.sql->str);
      g_string_free (parser.sql, TRUE);
    }
  g_string_append (sql, " ORDER BY 1 LIMIT $3::bigint");
  result = hms_db_exec (conn, sql->str, values->len, (const char *const *) values->pdata, error);
  if (result == NULL)
    return NULL;
  return first_column_strings (result);
}
