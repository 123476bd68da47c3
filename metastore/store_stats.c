/*
 * store_stats.c
 *    Column statistics rows: TAB_COL_STATS, PART_COL_STATS and the
 *    COLUMN_STATS_ACCURATE parameter of their owners (see store_stats.h).
 *
 * Statements that exist in a table-level and a partition-level form are
 * written once, with the table names (ours, never a client's) filled in
 * by printf.  Lists go in as JSON (json_array_elements_text,
 * json_to_recordset) so that one statement handles any number of rows.
 */
#include "store_stats.h"
#include "db.h"
#include "error.h"
#include "store.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

/* The names a statement needs for one level of statistics. */
typedef struct
{
  const char *stats;        /* TAB_COL_STATS / PART_COL_STATS */
  const char *owner_id;     /* TBL_ID / PART_ID */
  const char *params;       /* TABLE_PARAMS / PARTITION_PARAMS */
  const char *owners;       /* TBLS / PARTITIONS */
  const char *model;        /* DataNucleus class of a row */
} Level;

static const Level table_level = {
  "TAB_COL_STATS", "TBL_ID", "TABLE_PARAMS", "TBLS", "MTableColumnStatistics",
};
static const Level partition_level = {
  "PART_COL_STATS", "PART_ID", "PARTITION_PARAMS", "PARTITIONS", "MPartitionColumnStatistics",
};

/* The statistics columns of a row `s`, in the order parse_row reads them. */
#define STATS_COLUMNS \
  "s.\"COLUMN_NAME\", s.\"COLUMN_TYPE\", s.\"LONG_LOW_VALUE\", s.\"LONG_HIGH_VALUE\"," \
  " s.\"DOUBLE_LOW_VALUE\", s.\"DOUBLE_HIGH_VALUE\", s.\"BIG_DECIMAL_LOW_VALUE\"," \
  " s.\"BIG_DECIMAL_HIGH_VALUE\", s.\"NUM_NULLS\", s.\"NUM_DISTINCTS\", s.\"AVG_COL_LEN\"," \
  " s.\"MAX_COL_LEN\", s.\"NUM_TRUES\", s.\"NUM_FALSES\"," \
  " CASE WHEN $%d::boolean THEN s.\"BIT_VECTOR\" END, CASE WHEN $%d::boolean THEN s.\"HISTOGRAM\" END"
#define STATS_COLUMN_COUNT 16

/* The table named by $1 (catalog), $2 (database), $3 (name), with what the calls need of it. */
#define TABLE_CTE \
  "t AS (SELECT t.\"TBL_ID\", t.\"WRITE_ID\"," \
  "        (SELECT p.\"PARAM_VALUE\" FROM \"TABLE_PARAMS\" p" \
  "          WHERE p.\"TBL_ID\" = t.\"TBL_ID\" AND p.\"PARAM_KEY\" = 'COLUMN_STATS_ACCURATE') AS accurate," \
  "        (SELECT lower(p.\"PARAM_VALUE\") = 'true' FROM \"TABLE_PARAMS\" p" \
  "          WHERE p.\"TBL_ID\" = t.\"TBL_ID\" AND p.\"PARAM_KEY\" = 'transactional') AS transactional" \
  "      FROM \"TBLS\" t JOIN \"DBS\" d ON d.\"DB_ID\" = t.\"DB_ID\"" \
  "      WHERE d.\"CTLG_NAME\" = $1 AND d.\"NAME\" = $2 AND t.\"TBL_NAME\" = $3)"

/*
 * The strings of the JSON array parameter $n as a text[], computed once (an
 * InitPlan): "column = ANY (LIST_ARRAY (n))" is then an index condition
 * whatever the planner believes of the tables' sizes, where a join with
 * the JSON function, estimated at 100 rows, can turn into a nested loop
 * over every pair (10,000 names x 200,000 rows) on tables not analysed yet.
 */
#define LIST_ARRAY(n) "ARRAY(SELECT json_array_elements_text($" #n "::json))"

/*
 * The partitions of table `table_sql` (an expression) named in the JSON
 * array $n, as rows ("PART_ID", "PART_NAME", "WRITE_ID"): one lookup in
 * UNIQUEPARTITION (TBL_ID, PART_NAME) per distinct name.  OFFSET 0 keeps
 * the planner from flattening the lateral lookup into a join it might
 * order badly.
 */
#define PARTITIONS_NAMED(table_sql, n) \
  "(SELECT found.* FROM (SELECT DISTINCT unnest(" LIST_ARRAY (n) ") AS name) wanted_name" \
  " CROSS JOIN LATERAL (SELECT q.\"PART_ID\", q.\"PART_NAME\", q.\"WRITE_ID\" FROM \"PARTITIONS\" q" \
  "   WHERE q.\"TBL_ID\" = " table_sql " AND q.\"PART_NAME\" = wanted_name.name OFFSET 0) found)"

static gint64
parse_long (const char *text)
{
  return text ? g_ascii_strtoll (text, NULL, 10) : 0;
}

static double
parse_double (const char *text)
{
  return text ? g_ascii_strtod (text, NULL) : 0;
}

static GBytes *
parse_bytea (const char *text)
{
  size_t length = 0;
  unsigned char *data = PQunescapeBytea ((const unsigned char *) text, &length);
  GBytes *bytes;

  if (data == NULL)
    return g_bytes_new (NULL, 0);
  bytes = g_bytes_new (data, length);
  PQfreemem (data);
  return bytes;
}

/* A row from STATS_COLUMNS starting at `column`; NULL when the row has no statistics (an outer join). */
static HmsStatsRow *
parse_row (const PGresult *result, int row_number, int column)
{
  HmsStatsRow *row;
  const char *value;

  if (PQgetisnull (result, row_number, column))
    return NULL;
  row = hms_stats_row_new ();
  row->column_name = g_strdup (PQgetvalue (result, row_number, column));
  row->column_type = g_strdup (hms_db_value (result, row_number, column + 1));
#define LONG_FIELD(offset, field, bit)                                    \
  if ((value = hms_db_value (result, row_number, column + (offset))))     \
    {                                                                     \
      row->field = parse_long (value);                                    \
      row->present |= (bit);                                              \
    }
#define DOUBLE_FIELD(offset, field, bit)                                  \
  if ((value = hms_db_value (result, row_number, column + (offset))))     \
    {                                                                     \
      row->field = parse_double (value);                                  \
      row->present |= (bit);                                              \
    }
#define TEXT_FIELD(offset, field, bit)                                    \
  if ((value = hms_db_value (result, row_number, column + (offset))))     \
    {                                                                     \
      row->field = g_strdup (value);                                      \
      row->present |= (bit);                                              \
    }
#define BYTES_FIELD(offset, field, bit)                                   \
  if ((value = hms_db_value (result, row_number, column + (offset))))     \
    {                                                                     \
      row->field = parse_bytea (value);                                   \
      row->present |= (bit);                                              \
    }
  LONG_FIELD (2, long_low, HMS_STATS_LONG_LOW);
  LONG_FIELD (3, long_high, HMS_STATS_LONG_HIGH);
  DOUBLE_FIELD (4, double_low, HMS_STATS_DOUBLE_LOW);
  DOUBLE_FIELD (5, double_high, HMS_STATS_DOUBLE_HIGH);
  TEXT_FIELD (6, decimal_low, HMS_STATS_DECIMAL_LOW);
  TEXT_FIELD (7, decimal_high, HMS_STATS_DECIMAL_HIGH);
  LONG_FIELD (8, num_nulls, HMS_STATS_NUM_NULLS);
  LONG_FIELD (9, num_distincts, HMS_STATS_NUM_DISTINCTS);
  DOUBLE_FIELD (10, avg_col_len, HMS_STATS_AVG_COL_LEN);
  LONG_FIELD (11, max_col_len, HMS_STATS_MAX_COL_LEN);
  LONG_FIELD (12, num_trues, HMS_STATS_NUM_TRUES);
  LONG_FIELD (13, num_falses, HMS_STATS_NUM_FALSES);
  BYTES_FIELD (14, bit_vector, HMS_STATS_BIT_VECTOR);
  BYTES_FIELD (15, histogram, HMS_STATS_HISTOGRAM);
  return row;
}

static char *
json_of_strings (GPtrArray *strings)
{
  g_autoptr (JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; strings != NULL && i < strings->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (strings, i));
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static void
fill_table (const PGresult *result, HmsStatsTable *table)
{
  table->table_id = parse_long (PQgetvalue (result, 0, 0));
  table->write_id = parse_long (hms_db_value (result, 0, 1));
  g_free (table->accurate);
  table->accurate = g_strdup (hms_db_value (result, 0, 2));
  table->transactional = g_strcmp0 (hms_db_value (result, 0, 3), "t") == 0;
}

void
hms_stats_table_clear (HmsStatsTable *table)
{
  g_clear_pointer (&table->accurate, g_free);
  g_clear_pointer (&table->columns, g_ptr_array_unref);
  g_clear_pointer (&table->partition_keys, g_ptr_array_unref);
  memset (table, 0, sizeof *table);
}

static gboolean
strings_from_json (const char *json, GPtrArray *into, GError **error)
{
  g_autoptr (JsonParser) parser = NULL;
  JsonNode *root;
  JsonArray *array;

  if (json == NULL)
    return TRUE;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, json, -1, error))
    return FALSE;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_ARRAY (root))
    return TRUE;
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *value = json_array_get_string_element (array, i);

      g_ptr_array_add (into, g_strdup (value ? value : ""));
    }
  return TRUE;
}

gboolean
hms_store_stats_table (PGconn *conn, const char *catalog, const char *database,
                       const char *name, HmsStatsLock lock, HmsStatsTable *table, GError **error)
{
  const char *values[] = { catalog, database, name };
  const char *suffix = lock == HMS_STATS_LOCK_UPDATE ? " FOR UPDATE OF t"
                       : lock == HMS_STATS_LOCK_SHARE ? " FOR SHARE OF t" : "";
  g_autofree char *sql =
    g_strconcat ("SELECT t.\"TBL_ID\", t.\"WRITE_ID\","
                 " (SELECT p.\"PARAM_VALUE\" FROM \"TABLE_PARAMS\" p"
                 "   WHERE p.\"TBL_ID\" = t.\"TBL_ID\" AND p.\"PARAM_KEY\" = 'COLUMN_STATS_ACCURATE'),"
                 " (SELECT lower(p.\"PARAM_VALUE\") = 'true' FROM \"TABLE_PARAMS\" p"
                 "   WHERE p.\"TBL_ID\" = t.\"TBL_ID\" AND p.\"PARAM_KEY\" = 'transactional'),"
                 " (SELECT json_agg(c.\"COLUMN_NAME\" ORDER BY c.\"INTEGER_IDX\")"
                 "   FROM \"SDS\" sd JOIN \"COLUMNS_V2\" c ON c.\"CD_ID\" = sd.\"CD_ID\""
                 "   WHERE sd.\"SD_ID\" = t.\"SD_ID\"),"
                 " (SELECT json_agg(k.\"PKEY_NAME\" ORDER BY k.\"INTEGER_IDX\")"
                 "   FROM \"PARTITION_KEYS\" k WHERE k.\"TBL_ID\" = t.\"TBL_ID\"),"
                 " t.\"SD_ID\" IS NOT NULL"
                 " FROM \"TBLS\" t JOIN \"DBS\" d ON d.\"DB_ID\" = t.\"DB_ID\""
                 " WHERE d.\"CTLG_NAME\" = $1 AND d.\"NAME\" = $2 AND t.\"TBL_NAME\" = $3",
                 suffix, NULL);
  g_autoptr (PGresult) result = hms_db_exec (conn, sql, 3, values, error);

  if (result == NULL)
    return FALSE;
  hms_stats_table_clear (table);
  table->columns = g_ptr_array_new_with_free_func (g_free);
  table->partition_keys = g_ptr_array_new_with_free_func (g_free);
  if (PQntuples (result) == 0)
    return TRUE;
  fill_table (result, table);
  table->has_descriptor = strcmp (PQgetvalue (result, 0, 6), "t") == 0;
  return strings_from_json (hms_db_value (result, 0, 4), table->columns, error)
         && strings_from_json (hms_db_value (result, 0, 5), table->partition_keys, error);
}

void
hms_stats_partition_free (HmsStatsPartition *partition)
{
  if (partition == NULL)
    return;
  g_free (partition->name);
  g_free (partition->accurate);
  g_free (partition);
}

GPtrArray *
hms_store_stats_partitions (PGconn *conn, gint64 table_id, GPtrArray *names, gboolean lock,
                            GError **error)
{
  g_autofree char *table_text = g_strdup_printf ("%" G_GINT64_FORMAT, table_id);
  g_autofree char *names_json = json_of_strings (names);
  const char *values[] = { table_text, names_json };
  g_autoptr (PGresult) result =
    hms_db_exec (conn,
                 lock
                   /* Locks are taken in PART_ID order, so that two writers cannot deadlock. */
                   ? "SELECT p.\"PART_NAME\", p.\"PART_ID\", p.\"WRITE_ID\","
                     " (SELECT q.\"PARAM_VALUE\" FROM \"PARTITION_PARAMS\" q"
                     "   WHERE q.\"PART_ID\" = p.\"PART_ID\" AND q.\"PARAM_KEY\" = 'COLUMN_STATS_ACCURATE')"
                     " FROM \"PARTITIONS\" p"
                     " WHERE p.\"PART_ID\" = ANY (ARRAY(SELECT n.\"PART_ID\" FROM "
                     PARTITIONS_NAMED ("$1::bigint", 2) " n))"
                     " ORDER BY p.\"PART_ID\" FOR UPDATE OF p"
                   : "SELECT p.\"PART_NAME\", p.\"PART_ID\", p.\"WRITE_ID\","
                     " (SELECT q.\"PARAM_VALUE\" FROM \"PARTITION_PARAMS\" q"
                     "   WHERE q.\"PART_ID\" = p.\"PART_ID\" AND q.\"PARAM_KEY\" = 'COLUMN_STATS_ACCURATE')"
                     " FROM " PARTITIONS_NAMED ("$1::bigint", 2) " p",
                 2, values, error);
  g_autoptr (GHashTable) found = NULL;
  GPtrArray *partitions;

  if (result == NULL)
    return NULL;
  found = g_hash_table_new (g_str_hash, g_str_equal);
  for (int row = 0; row < PQntuples (result); row++)
    g_hash_table_insert (found, PQgetvalue (result, row, 0), GINT_TO_POINTER (row + 1));
  partitions = g_ptr_array_new_with_free_func ((GDestroyNotify) hms_stats_partition_free);
  for (guint i = 0; i < names->len; i++)
    {
      HmsStatsPartition *partition = g_new0 (HmsStatsPartition, 1);
      int row = GPOINTER_TO_INT (g_hash_table_lookup (found, g_ptr_array_index (names, i))) - 1;

      partition->name = g_strdup (g_ptr_array_index (names, i));
      if (row >= 0)
        {
          partition->partition_id = parse_long (PQgetvalue (result, row, 1));
          partition->write_id = parse_long (hms_db_value (result, row, 2));
          partition->accurate = g_strdup (hms_db_value (result, row, 3));
        }
      g_ptr_array_add (partitions, partition);
    }
  return partitions;
}

void
hms_stats_owner_change_clear (HmsStatsOwnerChange *change)
{
  g_clear_pointer (&change->accurate, g_free);
}

static void
add_long (JsonBuilder *builder, const char *name, const HmsStatsRow *row, guint bit, gint64 value)
{
  json_builder_set_member_name (builder, name);
  if (row->present & bit)
    {
      char text[32];

      g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_null_value (builder);
}

/* Doubles travel as float8 input text, so that NaN and the infinities survive JSON. */
static void
add_double (JsonBuilder *builder, const char *name, const HmsStatsRow *row, guint bit, double value)
{
  json_builder_set_member_name (builder, name);
  if (row->present & bit)
    {
      char text[G_ASCII_DTOSTR_BUF_SIZE];

      if (isnan (value))
        json_builder_add_string_value (builder, "NaN");
      else if (isinf (value))
        json_builder_add_string_value (builder, value > 0 ? "Infinity" : "-Infinity");
      else
        json_builder_add_string_value (builder, g_ascii_dtostr (text, sizeof text, value));
    }
  else
    json_builder_add_null_value (builder);
}

static void
add_text (JsonBuilder *builder, const char *name, const HmsStatsRow *row, guint bit, const char *value)
{
  json_builder_set_member_name (builder, name);
  if ((row->present & bit) && value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* Bytes travel as hex, decoded by decode(..., 'hex'). */
static void
add_bytes (JsonBuilder *builder, const char *name, const HmsStatsRow *row, guint bit, GBytes *value)
{
  json_builder_set_member_name (builder, name);
  if ((row->present & bit) && value != NULL)
    {
      gsize size = 0;
      const guint8 *data = g_bytes_get_data (value, &size);
      GString *hex = g_string_sized_new (size * 2);

      for (gsize i = 0; i < size; i++)
        g_string_append_printf (hex, "%02x", data[i]);
      json_builder_add_string_value (builder, hex->str);
      g_string_free (hex, TRUE);
    }
  else
    json_builder_add_null_value (builder);
}

static char *
json_of_rows (GPtrArray *rows)
{
  g_autoptr (JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      const HmsStatsRow *row = g_ptr_array_index (rows, i);
      char number[32];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "n");
      g_snprintf (number, sizeof number, "%u", i);
      json_builder_add_string_value (builder, number);
      json_builder_set_member_name (builder, "owner");
      g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, row->owner_id);
      json_builder_add_string_value (builder, number);
      json_builder_set_member_name (builder, "engine");
      json_builder_add_string_value (builder, row->engine ? row->engine : "hive");
      json_builder_set_member_name (builder, "column");
      json_builder_add_string_value (builder, row->column_name);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, row->column_type);
      add_long (builder, "long_low", row, HMS_STATS_LONG_LOW, row->long_low);
      add_long (builder, "long_high", row, HMS_STATS_LONG_HIGH, row->long_high);
      add_double (builder, "double_low", row, HMS_STATS_DOUBLE_LOW, row->double_low);
      add_double (builder, "double_high", row, HMS_STATS_DOUBLE_HIGH, row->double_high);
      add_text (builder, "decimal_low", row, HMS_STATS_DECIMAL_LOW, row->decimal_low);
      add_text (builder, "decimal_high", row, HMS_STATS_DECIMAL_HIGH, row->decimal_high);
      add_long (builder, "num_nulls", row, HMS_STATS_NUM_NULLS, row->num_nulls);
      add_long (builder, "num_distincts", row, HMS_STATS_NUM_DISTINCTS, row->num_distincts);
      add_double (builder, "avg_col_len", row, HMS_STATS_AVG_COL_LEN, row->avg_col_len);
      add_long (builder, "max_col_len", row, HMS_STATS_MAX_COL_LEN, row->max_col_len);
      add_long (builder, "num_trues", row, HMS_STATS_NUM_TRUES, row->num_trues);
      add_long (builder, "num_falses", row, HMS_STATS_NUM_FALSES, row->num_falses);
      add_bytes (builder, "bit_vector", row, HMS_STATS_BIT_VECTOR, row->bit_vector);
      add_bytes (builder, "histogram", row, HMS_STATS_HISTOGRAM, row->histogram);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static char *
json_of_changes (GArray *changes)
{
  g_autoptr (JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; changes != NULL && i < changes->len; i++)
    {
      const HmsStatsOwnerChange *change = &g_array_index (changes, HmsStatsOwnerChange, i);
      char number[32];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "owner");
      g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, change->owner_id);
      json_builder_add_string_value (builder, number);
      json_builder_set_member_name (builder, "change_accurate");
      json_builder_add_boolean_value (builder, change->change_accurate);
      json_builder_set_member_name (builder, "accurate");
      if (change->change_accurate && change->accurate != NULL)
        json_builder_add_string_value (builder, change->accurate);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "write_id");
      if (change->change_write_id)
        {
          g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, change->write_id);
          json_builder_add_string_value (builder, number);
        }
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/*
 * Data-modifying CTEs applying the owner changes in $%1 (the JSON of
 * json_of_changes): COLUMN_STATS_ACCURATE written or removed, WRITE_ID
 * set.  %2$s params table, %3$s owner id column, %4$s owners table.
 */
#define CHANGES_CTES \
  " changes AS (SELECT * FROM json_to_recordset($%1$d::json)" \
  "             AS c(owner bigint, change_accurate boolean, accurate text, write_id bigint))," \
  " removed AS (DELETE FROM \"%2$s\" p USING changes c" \
  "             WHERE p.\"%3$s\" = c.owner AND p.\"PARAM_KEY\" = 'COLUMN_STATS_ACCURATE'" \
  "             AND c.change_accurate AND c.accurate IS NULL RETURNING 1)," \
  " stored AS (INSERT INTO \"%2$s\" (\"%3$s\", \"PARAM_KEY\", \"PARAM_VALUE\")" \
  "            SELECT c.owner, 'COLUMN_STATS_ACCURATE', c.accurate FROM changes c" \
  "            WHERE c.change_accurate AND c.accurate IS NOT NULL" \
  "            ON CONFLICT (\"%3$s\", \"PARAM_KEY\") DO UPDATE SET \"PARAM_VALUE\" = EXCLUDED.\"PARAM_VALUE\"" \
  "            RETURNING 1)," \
  " write_ids AS (UPDATE \"%4$s\" o SET \"WRITE_ID\" = c.write_id FROM changes c" \
  "               WHERE o.\"%3$s\" = c.owner AND c.write_id IS NOT NULL RETURNING 1)"

gboolean
hms_store_stats_write (PGconn *conn, gboolean partitions, GPtrArray *rows, gint64 last_analyzed,
                       GArray *changes, GError **error)
{
  const Level *level = partitions ? &partition_level : &table_level;
  g_autofree char *rows_json = json_of_rows (rows);
  g_autofree char *changes_json = json_of_changes (changes);
  g_autofree char *analyzed_text = g_strdup_printf ("%" G_GINT64_FORMAT, last_analyzed);
  g_autofree char *first_text = NULL;
  g_autofree char *changes_ctes = NULL;
  g_autofree char *sql = NULL;
  gint64 first_id = 0;

  if (rows->len > 0)
    {
      /* One id per row, some unused when a row is updated: ids only need to be unique. */
      first_id = hms_store_allocate_ids (conn, level->model, level->stats, "CS_ID", rows->len, error);
      if (first_id < 0)
        return FALSE;
    }
  first_text = g_strdup_printf ("%" G_GINT64_FORMAT, first_id);
  changes_ctes = g_strdup_printf (CHANGES_CTES, 4, level->params, level->owner_id, level->owners);
  /*
   * One statement: rows matching (owner, column, engine) are updated with
   * the new non-NULL values, the others inserted; all CTEs see the same
   * snapshot, so the update and the insert never touch the same row.
   */
  sql = g_strdup_printf (
    "WITH input AS (SELECT * FROM json_to_recordset($1::json) AS x(n bigint, owner bigint, engine text,"
    "   \"column\" text, type text, long_low bigint, long_high bigint, double_low float8,"
    "   double_high float8, decimal_low text, decimal_high text, num_nulls bigint,"
    "   num_distincts bigint, avg_col_len float8, max_col_len bigint, num_trues bigint,"
    "   num_falses bigint, bit_vector text, histogram text)),"
    " existing AS (SELECT s.\"CS_ID\", i.n FROM input i JOIN \"%1$s\" s"
    "   ON s.\"%2$s\" = i.owner AND s.\"COLUMN_NAME\" = i.\"column\" AND s.\"ENGINE\" = i.engine),"
    " updated AS (UPDATE \"%1$s\" s SET"
    "   \"LONG_LOW_VALUE\" = COALESCE(i.long_low, s.\"LONG_LOW_VALUE\"),"
    "   \"LONG_HIGH_VALUE\" = COALESCE(i.long_high, s.\"LONG_HIGH_VALUE\"),"
    "   \"DOUBLE_LOW_VALUE\" = COALESCE(i.double_low, s.\"DOUBLE_LOW_VALUE\"),"
    "   \"DOUBLE_HIGH_VALUE\" = COALESCE(i.double_high, s.\"DOUBLE_HIGH_VALUE\"),"
    "   \"BIG_DECIMAL_LOW_VALUE\" = COALESCE(i.decimal_low, s.\"BIG_DECIMAL_LOW_VALUE\"),"
    "   \"BIG_DECIMAL_HIGH_VALUE\" = COALESCE(i.decimal_high, s.\"BIG_DECIMAL_HIGH_VALUE\"),"
    "   \"NUM_NULLS\" = COALESCE(i.num_nulls, s.\"NUM_NULLS\"),"
    "   \"NUM_DISTINCTS\" = COALESCE(i.num_distincts, s.\"NUM_DISTINCTS\"),"
    "   \"AVG_COL_LEN\" = COALESCE(i.avg_col_len, s.\"AVG_COL_LEN\"),"
    "   \"MAX_COL_LEN\" = COALESCE(i.max_col_len, s.\"MAX_COL_LEN\"),"
    "   \"NUM_TRUES\" = COALESCE(i.num_trues, s.\"NUM_TRUES\"),"
    "   \"NUM_FALSES\" = COALESCE(i.num_falses, s.\"NUM_FALSES\"),"
    "   \"BIT_VECTOR\" = COALESCE(decode(i.bit_vector, 'hex'), s.\"BIT_VECTOR\"),"
    "   \"HISTOGRAM\" = COALESCE(decode(i.histogram, 'hex'), s.\"HISTOGRAM\"),"
    "   \"LAST_ANALYZED\" = $2::bigint, \"ENGINE\" = i.engine"
    "   FROM existing e JOIN input i ON i.n = e.n WHERE s.\"CS_ID\" = e.\"CS_ID\" RETURNING 1),"
    " inserted AS (INSERT INTO \"%1$s\" (\"CS_ID\", \"COLUMN_NAME\", \"COLUMN_TYPE\", \"%2$s\","
    "   \"LONG_LOW_VALUE\", \"LONG_HIGH_VALUE\", \"DOUBLE_LOW_VALUE\", \"DOUBLE_HIGH_VALUE\","
    "   \"BIG_DECIMAL_LOW_VALUE\", \"BIG_DECIMAL_HIGH_VALUE\", \"NUM_NULLS\", \"NUM_DISTINCTS\","
    "   \"BIT_VECTOR\", \"AVG_COL_LEN\", \"MAX_COL_LEN\", \"NUM_TRUES\", \"NUM_FALSES\","
    "   \"LAST_ANALYZED\", \"ENGINE\", \"HISTOGRAM\")"
    "   SELECT $3::bigint + i.n, i.\"column\", i.type, i.owner, i.long_low, i.long_high,"
    "     i.double_low, i.double_high, i.decimal_low, i.decimal_high, i.num_nulls, i.num_distincts,"
    "     decode(i.bit_vector, 'hex'), i.avg_col_len, i.max_col_len, i.num_trues, i.num_falses,"
    "     $2::bigint, i.engine, decode(i.histogram, 'hex')"
    "   FROM input i WHERE NOT EXISTS (SELECT 1 FROM existing e WHERE e.n = i.n) RETURNING 1),"
    "%3$s"
    " SELECT (SELECT count(*) FROM updated), (SELECT count(*) FROM inserted)",
    level->stats, level->owner_id, changes_ctes);
  {
    const char *values[] = { rows_json, analyzed_text, first_text, changes_json };
    g_autoptr (PGresult) result = hms_db_exec (conn, sql, G_N_ELEMENTS (values), values, error);

    return result != NULL;
  }
}

gboolean
hms_store_stats_read_table (PGconn *conn, const char *catalog, const char *database,
                            const char *name, GPtrArray *columns, const char *engine,
                            gboolean bit_vectors, gboolean histograms, HmsStatsTable *table,
                            GPtrArray *rows, GError **error)
{
  g_autofree char *columns_json = json_of_strings (columns);
  g_autofree char *stats_columns = g_strdup_printf (STATS_COLUMNS, 6, 7);
  g_autofree char *sql =
    g_strconcat ("WITH " TABLE_CTE
                 " SELECT t.\"TBL_ID\", t.\"WRITE_ID\", t.accurate, t.transactional, ",
                 stats_columns,
                 " FROM t LEFT JOIN \"TAB_COL_STATS\" s"
                 "   ON s.\"TBL_ID\" = t.\"TBL_ID\" AND s.\"ENGINE\" = $5"
                 "   AND s.\"COLUMN_NAME\" = ANY (" LIST_ARRAY (4) ")"
                 /* In the order asked, by first mention. */
                 " ORDER BY array_position(" LIST_ARRAY (4) ", s.\"COLUMN_NAME\"::text), s.\"CS_ID\"",
                 NULL);
  const char *values[] = { catalog, database, name, columns_json, engine,
                           bit_vectors ? "true" : "false", histograms ? "true" : "false" };
  g_autoptr (PGresult) result = hms_db_exec (conn, sql, G_N_ELEMENTS (values), values, error);

  if (result == NULL)
    return FALSE;
  g_clear_pointer (&table->accurate, g_free);
  table->table_id = 0;
  if (PQntuples (result) == 0)
    return TRUE;
  fill_table (result, table);
  for (int row = 0; row < PQntuples (result); row++)
    {
      HmsStatsRow *stats = parse_row (result, row, 4);

      if (stats == NULL)
        continue;
      stats->owner_id = table->table_id;
      g_ptr_array_add (rows, stats);
    }
  return TRUE;
}

gboolean
hms_store_stats_read_partitions (PGconn *conn, const char *catalog, const char *database,
                                 const char *name, GPtrArray *partition_names, GPtrArray *columns,
                                 const char *engine, gboolean bit_vectors, gboolean histograms,
                                 HmsStatsTable *table, GPtrArray *rows,
                                 GHashTable *partition_states, GError **error)
{
  g_autofree char *columns_json = json_of_strings (columns);
  g_autofree char *names_json = json_of_strings (partition_names);
  g_autofree char *stats_columns = g_strdup_printf (STATS_COLUMNS, 7, 8);
  g_autofree char *sql =
    g_strconcat ("WITH " TABLE_CTE
                 " SELECT t.\"TBL_ID\", t.\"WRITE_ID\", t.accurate, t.transactional,"
                 "  s.\"PART_NAME\", s.\"PART_ID\", s.\"WRITE_ID\","
                 "  (SELECT q.\"PARAM_VALUE\" FROM \"PARTITION_PARAMS\" q"
                 "    WHERE q.\"PART_ID\" = s.\"PART_ID\" AND q.\"PARAM_KEY\" = 'COLUMN_STATS_ACCURATE'), ",
                 stats_columns,
                 " FROM t LEFT JOIN LATERAL (SELECT p.\"PART_NAME\", p.\"WRITE_ID\", s.*"
                 "   FROM " PARTITIONS_NAMED ("t.\"TBL_ID\"", 5) " p"
                 "   JOIN \"PART_COL_STATS\" s ON s.\"PART_ID\" = p.\"PART_ID\" AND s.\"ENGINE\" = $6"
                 "   AND s.\"COLUMN_NAME\" = ANY (" LIST_ARRAY (4) ")) s ON true"
                 " ORDER BY s.\"PART_NAME\", array_position(" LIST_ARRAY (4) ", s.\"COLUMN_NAME\"::text),"
                 "   s.\"CS_ID\"",
                 NULL);
  const char *values[] = { catalog, database, name, columns_json, names_json, engine,
                           bit_vectors ? "true" : "false", histograms ? "true" : "false" };
  g_autoptr (PGresult) result = hms_db_exec (conn, sql, G_N_ELEMENTS (values), values, error);

  if (result == NULL)
    return FALSE;
  g_clear_pointer (&table->accurate, g_free);
  table->table_id = 0;
  if (PQntuples (result) == 0)
    return TRUE;
  fill_table (result, table);
  for (int row = 0; row < PQntuples (result); row++)
    {
      HmsStatsRow *stats = parse_row (result, row, 8);

      if (stats == NULL)
        continue;
      stats->partition_name = g_strdup (PQgetvalue (result, row, 4));
      stats->owner_id = parse_long (PQgetvalue (result, row, 5));
      g_ptr_array_add (rows, stats);
      if (partition_states != NULL && !g_hash_table_contains (partition_states, stats->partition_name))
        {
          HmsStatsPartition *partition = g_new0 (HmsStatsPartition, 1);

          partition->name = g_strdup (stats->partition_name);
          partition->partition_id = stats->owner_id;
          partition->write_id = parse_long (hms_db_value (result, row, 6));
          partition->accurate = g_strdup (hms_db_value (result, row, 7));
          g_hash_table_insert (partition_states, partition->name, partition);
        }
    }
  return TRUE;
}

gboolean
hms_store_stats_aggregate (PGconn *conn, const char *catalog, const char *database,
                           const char *name, GPtrArray *partition_names, GPtrArray *columns,
                           const char *engine, gint64 *table_id, gint64 *parts_found,
                           GPtrArray *aggregates, GError **error)
{
  g_autofree char *columns_json = json_of_strings (columns);
  g_autofree char *names_json = json_of_strings (partition_names);
  g_autofree char *column_count = g_strdup_printf ("%u", columns->len);
  const char *values[] = { catalog, database, name, columns_json, names_json, engine, column_count };
  /*
   * The aggregates of MetaStoreDirectSql.aggrStatsUseDB, grouped by column
   * and stored type, as text so that numeric results keep their digits.
   * Differences are taken in numeric and NDVs of 0 skipped, where Hive's
   * query would fail on an overflow or a division by zero.
   */
  g_autoptr (PGresult) result =
    hms_db_exec (conn,
                 "WITH " TABLE_CTE ","
                 " s AS MATERIALIZED (SELECT s.* FROM t, LATERAL " PARTITIONS_NAMED ("t.\"TBL_ID\"", 5) " p"
                 "       JOIN \"PART_COL_STATS\" s ON s.\"PART_ID\" = p.\"PART_ID\" AND s.\"ENGINE\" = $6"
                 "         AND s.\"COLUMN_NAME\" = ANY (" LIST_ARRAY (4) ")),"
                 " found AS (SELECT count(*) AS n FROM (SELECT 1 FROM s GROUP BY s.\"PART_ID\""
                 "           HAVING count(s.\"COLUMN_NAME\") = $7::bigint) x),"
                 " g AS (SELECT s.\"COLUMN_NAME\", s.\"COLUMN_TYPE\","
                 "   min(s.\"LONG_LOW_VALUE\")::text AS a1, max(s.\"LONG_HIGH_VALUE\")::text AS a2,"
                 "   min(s.\"DOUBLE_LOW_VALUE\")::text AS a3, max(s.\"DOUBLE_HIGH_VALUE\")::text AS a4,"
                 "   min(cast(s.\"BIG_DECIMAL_LOW_VALUE\" AS numeric))::text AS a5,"
                 "   max(cast(s.\"BIG_DECIMAL_HIGH_VALUE\" AS numeric))::text AS a6,"
                 "   sum(s.\"NUM_NULLS\")::text AS a7, max(s.\"NUM_DISTINCTS\")::text AS a8,"
                 "   max(s.\"AVG_COL_LEN\")::text AS a9, max(s.\"MAX_COL_LEN\")::text AS a10,"
                 "   sum(s.\"NUM_TRUES\")::text AS a11, sum(s.\"NUM_FALSES\")::text AS a12,"
                 "   avg((s.\"LONG_HIGH_VALUE\"::numeric - s.\"LONG_LOW_VALUE\"::numeric)"
                 "       / nullif(s.\"NUM_DISTINCTS\", 0)::numeric)::text AS a13,"
                 "   avg((s.\"DOUBLE_HIGH_VALUE\" - s.\"DOUBLE_LOW_VALUE\")"
                 "       / nullif(s.\"NUM_DISTINCTS\", 0))::text AS a14,"
                 "   avg((cast(s.\"BIG_DECIMAL_HIGH_VALUE\" AS numeric) - cast(s.\"BIG_DECIMAL_LOW_VALUE\" AS numeric))"
                 "       / nullif(s.\"NUM_DISTINCTS\", 0))::text AS a15,"
                 "   sum(s.\"NUM_DISTINCTS\")::text AS a16, count(*) AS a17"
                 "   FROM s GROUP BY s.\"COLUMN_NAME\", s.\"COLUMN_TYPE\")"
                 " SELECT t.\"TBL_ID\", (SELECT n FROM found), g.* FROM t LEFT JOIN g ON true"
                 " ORDER BY g.\"COLUMN_NAME\", g.\"COLUMN_TYPE\"",
                 G_N_ELEMENTS (values), values, error);

  if (result == NULL)
    return FALSE;
  *table_id = 0;
  *parts_found = 0;
  if (PQntuples (result) == 0)
    return TRUE;
  *table_id = parse_long (PQgetvalue (result, 0, 0));
  *parts_found = parse_long (hms_db_value (result, 0, 1));
  for (int row = 0; row < PQntuples (result); row++)
    {
      HmsStatsRow *aggregate;
      const char *value;

      if (PQgetisnull (result, row, 2))
        continue;
      aggregate = hms_stats_row_new ();
      aggregate->column_name = g_strdup (PQgetvalue (result, row, 2));
      aggregate->column_type = g_strdup (hms_db_value (result, row, 3));
#define AGGREGATE(offset, field, bit, parse)                               \
      if ((value = hms_db_value (result, row, 4 + (offset))))             \
        {                                                                  \
          aggregate->field = parse (value);                               \
          aggregate->present |= (bit);                                     \
        }
      AGGREGATE (0, long_low, HMS_STATS_LONG_LOW, parse_long);
      AGGREGATE (1, long_high, HMS_STATS_LONG_HIGH, parse_long);
      AGGREGATE (2, double_low, HMS_STATS_DOUBLE_LOW, parse_double);
      AGGREGATE (3, double_high, HMS_STATS_DOUBLE_HIGH, parse_double);
      AGGREGATE (4, decimal_low, HMS_STATS_DECIMAL_LOW, g_strdup);
      AGGREGATE (5, decimal_high, HMS_STATS_DECIMAL_HIGH, g_strdup);
      AGGREGATE (6, num_nulls, HMS_STATS_NUM_NULLS, parse_long);
      AGGREGATE (7, num_distincts, HMS_STATS_NUM_DISTINCTS, parse_long);
      AGGREGATE (8, avg_col_len, HMS_STATS_AVG_COL_LEN, parse_double);
      AGGREGATE (9, max_col_len, HMS_STATS_MAX_COL_LEN, parse_long);
      AGGREGATE (10, num_trues, HMS_STATS_NUM_TRUES, parse_long);
      AGGREGATE (11, num_falses, HMS_STATS_NUM_FALSES, parse_long);
      AGGREGATE (12, avg_ndv_long, HMS_STATS_AVG_NDV_LONG, parse_double);
      AGGREGATE (13, avg_ndv_double, HMS_STATS_AVG_NDV_DOUBLE, parse_double);
      AGGREGATE (14, avg_ndv_decimal, HMS_STATS_AVG_NDV_DECIMAL, parse_double);
      AGGREGATE (15, sum_distincts, HMS_STATS_SUM_DISTINCTS, parse_long);
#undef AGGREGATE
      aggregate->row_count = parse_long (PQgetvalue (result, row, 4 + 16));
      g_ptr_array_add (aggregates, aggregate);
    }
  return TRUE;
}

gboolean
hms_store_stats_delete (PGconn *conn, gboolean partition, gint64 owner_id, const char *column,
                        const char *engine, const HmsStatsOwnerChange *change, GError **error)
{
  const Level *level = partition ? &partition_level : &table_level;
  g_autofree char *owner_text = g_strdup_printf ("%" G_GINT64_FORMAT, owner_id);
  g_autoptr (GArray) changes = g_array_new (FALSE, TRUE, sizeof (HmsStatsOwnerChange));
  g_autofree char *changes_json = NULL;
  g_autofree char *changes_ctes = NULL;
  g_autofree char *sql = NULL;

  if (change != NULL)
    g_array_append_val (changes, *change);
  changes_json = json_of_changes (changes);
  changes_ctes = g_strdup_printf (CHANGES_CTES, 4, level->params, level->owner_id, level->owners);
  sql = g_strdup_printf ("WITH deleted AS (DELETE FROM \"%s\" WHERE \"%s\" = $1::bigint"
                         "   AND ($2::text IS NULL OR \"COLUMN_NAME\" = $2)"
                         "   AND ($3::text IS NULL OR \"ENGINE\" = $3) RETURNING 1),"
                         "%s"
                         " SELECT count(*) FROM deleted",
                         level->stats, level->owner_id, changes_ctes);
  {
    const char *values[] = { owner_text, column, engine, changes_json };
    g_autoptr (PGresult) result = hms_db_exec (conn, sql, G_N_ELEMENTS (values), values, error);

    return result != NULL;
  }
}
