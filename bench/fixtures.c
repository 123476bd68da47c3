/*
 * fixtures.c
 *    What the measurements run against, and the time hms takes to start:
 *
 *    fixtures         database "bench" with t_get (10 columns, 10
 *                     parameters, statistics of every column) and t_parts
 *                     (keys ds, hr; 10,000 partitions), made through hms.
 *    load-tables      database "scale" with 200,000 tables: the rows hms
 *                     wrote for one table, copied in SQL (see there);
 *    load-partitions  scale.t_million with 1,000,000 partitions: the rows
 *                     hms wrote for one partition, copied the same way.
 *                     Both then read a loaded object back through hms and
 *                     check it equals the template but for its name and
 *                     location.
 *    startup          exec of `hms serve` to its first answered call.
 */
#include "bench.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db.h"
#include "handler.h"
#include "store.h"
#include "store_partition.h"
#include "store_table.h"

extern char **environ;

static void
add_number (JsonBuilder *builder, const char *name, gdouble value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}

/* --- the per-call fixtures ------------------------------------------------------------ */

static const char *const plain_columns[] = { "c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", NULL };
static const char *const partition_columns[] = { "c0", "c1", "c2", "c3", "c4", NULL };
static const char *const partition_keys[] = { "ds", "hr", NULL };

static gboolean
add_column_statistics (BenchClient *client, GError **error)
{
  bench_auto_unref HmsColumnStatistics *statistics = g_object_new (HMS_TYPE_COLUMN_STATISTICS, NULL);
  HmsNoSuchObjectException *o1 = NULL;
  HmsInvalidObjectException *o2 = NULL;
  HmsMetaException *o3 = NULL;
  HmsInvalidInputException *o4 = NULL;
  gboolean updated = FALSE, ok;

  if (statistics->statsDesc == NULL)
    statistics->statsDesc = g_object_new (HMS_TYPE_COLUMN_STATISTICS_DESC, NULL);
  statistics->statsDesc->isTblLevel = TRUE;
  statistics->statsDesc->dbName = g_strdup (bench_settings.database);
  statistics->statsDesc->tableName = g_strdup (BENCH_TABLE_PLAIN);
  for (guint i = 0; plain_columns[i] != NULL; i++)
    {
      HmsColumnStatisticsObj *column = g_object_new (HMS_TYPE_COLUMN_STATISTICS_OBJ, NULL);
      HmsStringColumnStatsData *strings;

      column->colName = g_strdup (plain_columns[i]);
      column->colType = g_strdup ("string");
      if (column->statsData == NULL)
        column->statsData = g_object_new (HMS_TYPE_COLUMN_STATISTICS_DATA, NULL);
      if (column->statsData->stringStats == NULL)
        column->statsData->stringStats = g_object_new (HMS_TYPE_STRING_COLUMN_STATS_DATA, NULL);
      strings = column->statsData->stringStats;
      strings->maxColLen = 20 + i;
      strings->avgColLen = 10.5;
      strings->numNulls = i;
      strings->numDVs = 1000 + i;
      column->statsData->__isset_stringStats = TRUE;
      g_ptr_array_add (statistics->statsObj, column);
    }
  statistics->engine = g_strdup ("hive");
  statistics->__isset_engine = TRUE;
  ok = hms_thrift_hive_metastore_if_update_table_column_statistics (client->iface, &updated, statistics,
                                                                     &o1, &o2, &o3, &o4, error);
  return bench_check (ok, error, o1, o2, o3, o4, NULL);
}

gboolean
bench_fixtures_create (JsonBuilder *builder, GError **error)
{
  BenchClient *client = bench_client_open (error);
  bench_auto_unref HmsTable *plain = NULL;
  bench_auto_unref HmsTable *partitioned = NULL;
  bench_auto_unref HmsTable *stored = NULL;
  g_autoptr (GPtrArray) partitions = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 start;
  gboolean ok;

  if (client == NULL)
    return FALSE;
  plain = bench_table_new (bench_settings.database, BENCH_TABLE_PLAIN, plain_columns, NULL, 10);
  partitioned = bench_table_new (bench_settings.database, BENCH_TABLE_PARTITIONED, partition_columns,
                                 partition_keys, 10);
  ok = bench_drop_database (client, bench_settings.database, TRUE, error)
       && bench_create_database (client, bench_settings.database, error)
       && bench_create_table (client, plain, error)
       && add_column_statistics (client, error)
       && bench_create_table (client, partitioned, error)
       && (stored = bench_get_table (client, bench_settings.database, BENCH_TABLE_PARTITIONED, error)) != NULL;
  if (ok)
    {
      for (guint i = 0; i < BENCH_FIXTURE_PARTITIONS; i++)
        {
          g_autofree char *day = g_strdup_printf ("d%04u", i / BENCH_HOURS);
          g_autofree char *hour = g_strdup_printf ("%02u", i % BENCH_HOURS);
          const char *values[] = { day, hour };

          g_ptr_array_add (partitions, bench_partition_new (stored, values, 5));
        }
      start = bench_now ();
      ok = bench_add_partitions (client, partitions, error);
      add_number (builder, "first_add_partitions_10000_ms", (bench_now () - start) / 1e6);
    }
  bench_client_close (client);
  return ok;
}

/* --- checking loaded rows ---------------------------------------------------------------- */

static void
describe_map (GString *out, const char *label, GHashTable *map)
{
  g_autoptr (GList) keys = g_list_sort (g_hash_table_get_keys (map), (GCompareFunc) strcmp);

  g_string_append_printf (out, "%s{", label);
  for (GList *key = keys; key != NULL; key = key->next)
    g_string_append_printf (out, "%s=%s;", (char *) key->data, (char *) g_hash_table_lookup (map, key->data));
  g_string_append (out, "}\n");
}

static void
describe_fields (GString *out, const char *label, GPtrArray *fields)
{
  g_string_append_printf (out, "%s[", label);
  for (guint i = 0; i < fields->len; i++)
    {
      HmsFieldSchema *field = g_ptr_array_index (fields, i);

      g_string_append_printf (out, "%s:%s:%s;", field->name, field->type,
                              field->__isset_comment && field->comment ? field->comment : "(null)");
    }
  g_string_append (out, "]\n");
}

/* Everything of a storage descriptor but its location and serde name. */
static void
describe_sd (GString *out, HmsStorageDescriptor *sd)
{
  describe_fields (out, "cols", sd->cols);
  g_string_append_printf (out, "in=%s out=%s compressed=%d buckets=%d stored_as_sub=%d\n",
                          sd->inputFormat, sd->outputFormat, sd->compressed, sd->numBuckets,
                          sd->storedAsSubDirectories);
  g_string_append_printf (out, "serde lib=%s\n", sd->serdeInfo->serializationLib);
  describe_map (out, "serde parameters", sd->serdeInfo->parameters);
  describe_map (out, "sd parameters", sd->parameters);
  g_string_append_printf (out, "bucket cols %u sort cols %u\n", sd->bucketCols->len, sd->sortCols->len);
}

static char *
describe_table (HmsTable *table)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "db=%s owner=%s type=%s created=%d retention=%d write_id=%" G_GINT64_FORMAT "\n",
                          table->dbName, table->owner, table->tableType, table->createTime,
                          table->retention, table->writeId);
  describe_map (out, "parameters", table->parameters);
  describe_fields (out, "keys", table->partitionKeys);
  describe_sd (out, table->sd);
  return g_string_free (out, FALSE);
}

static char *
describe_partition (HmsPartition *partition)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "db=%s table=%s created=%d last_access=%d write_id=%" G_GINT64_FORMAT "\n",
                          partition->dbName, partition->tableName, partition->createTime,
                          partition->lastAccessTime, partition->writeId);
  describe_map (out, "parameters", partition->parameters);
  describe_sd (out, partition->sd);
  return g_string_free (out, FALSE);
}

static gboolean
same_description (const char *what, char *template, char *loaded, GError **error)
{
  g_autofree char *expected = template;
  g_autofree char *got = loaded;

  if (strcmp (expected, got) == 0)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               "a loaded %s differs from the one hms wrote:\n--- hms\n%s--- loaded\n%s", what, expected, got);
  return FALSE;
}

/* --- 200,000 tables -------------------------------------------------------------------------- */

/*
 * The tables are copies of one template table written through hms: every
 * row hms wrote for it is copied in SQL, N-1 times, with new ids reserved
 * from DataNucleus's SEQUENCE_TABLE (hms_store_allocate_ids, as hms
 * reserves them), the new name, and the location and serde name that
 * follow from it.  jsonb_populate_record copies every column of a row, so
 * the copies stay what hms writes when its rows gain columns; the rows the
 * template must not have (privileges, statistics, constraints, skew) are
 * checked, and a copy is read back through hms and compared.
 */
typedef struct
{
  const char *table;         /* a table holding rows of the template */
  const char *key;           /* its column naming the owner */
  int         owner;         /* which of the ids the key holds */
  const char *references;    /* "COLUMN:owner,..." of other copied rows it points to */
  const char *overrides;     /* more jsonb_build_object arguments (%1$s: the name expression) */
} CloneStep;

/* Tables: ids 0 TBL_ID, 1 SD_ID, 2 SERDE_ID, 3 CD_ID. */
static const CloneStep table_steps[] = {
  { "SERDES", "SERDE_ID", 2, "", ", 'NAME', CASE WHEN r.\"NAME\" = $1 THEN %1$s ELSE r.\"NAME\" END" },
  { "SERDE_PARAMS", "SERDE_ID", 2, "", "" },
  { "CDS", "CD_ID", 3, "", "" },
  { "COLUMNS_V2", "CD_ID", 3, "", "" },
  { "SDS", "SD_ID", 1, "SERDE_ID:2,CD_ID:3", ", 'LOCATION', $2 || %1$s" },
  { "SD_PARAMS", "SD_ID", 1, "", "" },
  { "BUCKETING_COLS", "SD_ID", 1, "", "" },
  { "SORT_COLS", "SD_ID", 1, "", "" },
  { "SKEWED_COL_NAMES", "SD_ID", 1, "", "" },
  { "TBLS", "TBL_ID", 0, "SD_ID:1", ", 'TBL_NAME', %1$s" },
  { "TABLE_PARAMS", "TBL_ID", 0, "", "" },
  { "PARTITION_KEYS", "TBL_ID", 0, "", "" },
};

/*
 * Partitions: ids 0 PART_ID, 1 SD_ID, 2 SERDE_ID; the column descriptor is
 * the table's, shared.  Copy i is partition i + 1: day (i + 1) / 100,
 * bucket (i + 1) % 100.
 */
static const CloneStep partition_steps[] = {
  { "SERDES", "SERDE_ID", 2, "", "" },
  { "SERDE_PARAMS", "SERDE_ID", 2, "", "" },
  { "SDS", "SD_ID", 1, "SERDE_ID:2", ", 'LOCATION', $2 || '/' || %1$s" },
  { "SD_PARAMS", "SD_ID", 1, "", "" },
  { "BUCKETING_COLS", "SD_ID", 1, "", "" },
  { "SORT_COLS", "SD_ID", 1, "", "" },
  { "SKEWED_COL_NAMES", "SD_ID", 1, "", "" },
  { "PARTITIONS", "PART_ID", 0, "SD_ID:1", ", 'PART_NAME', %1$s" },
  { "PARTITION_KEY_VALS", "PART_ID", 0, "",
    ", 'PART_KEY_VAL', CASE r.\"INTEGER_IDX\" WHEN 0 THEN 'd' || lpad(((i + 1) / 100)::text, 5, '0')"
    " ELSE lpad(((i + 1) %% 100)::text, 3, '0') END" },
  { "PARTITION_PARAMS", "PART_ID", 0, "", "" },
};

#define TABLE_NAME_SQL "('t_' || lpad((i + 1)::text, 6, '0'))"
#define PARTITION_NAME_SQL \
  "('ds=d' || lpad(((i + 1) / 100)::text, 5, '0') || '/b=' || lpad(((i + 1) % 100)::text, 3, '0'))"

/* The ids a copied row takes: its own and those of the copied rows it points to. */
static char *
id_overrides (const CloneStep *step, const gint64 *first)
{
  GString *text = g_string_new (NULL);
  g_auto (GStrv) references = g_strsplit (step->references, ",", 0);

  g_string_append_printf (text, "'%s', %" G_GINT64_FORMAT " + i", step->key, first[step->owner]);
  for (guint i = 0; references[i] != NULL; i++)
    {
      g_auto (GStrv) pair = g_strsplit (references[i], ":", 2);

      if (pair[0] != NULL && pair[1] != NULL)
        g_string_append_printf (text, ", '%s', %" G_GINT64_FORMAT " + i", pair[0], first[atoi (pair[1])]);
    }
  return g_string_free (text, FALSE);
}

/*
 * Copies the template's rows of every step `copies` times, inside the
 * caller's transaction.  $1 is the template's name, $2 the location the
 * copies' locations start with.
 */
static gboolean
copy_rows (PGconn *conn, const CloneStep *steps, guint n_steps, const gint64 *template_ids,
           const gint64 *first_ids, guint copies, const char *name_sql, const char *template_name,
           const char *location, GError **error)
{
  for (guint i = 0; i < n_steps; i++)
    {
      const CloneStep *step = &steps[i];
      g_autofree char *ids_text = id_overrides (step, first_ids);
      g_autofree char *more = g_strdup_printf (step->overrides, name_sql);
      g_autofree char *sql =
        g_strdup_printf ("INSERT INTO \"%1$s\""
                         " SELECT (jsonb_populate_record(NULL::\"%1$s\","
                         "         to_jsonb(r) || jsonb_build_object(%2$s%3$s))).*"
                         " FROM \"%1$s\" r, generate_series(0, %4$u - 1) i"
                         " WHERE r.\"%5$s\" = %6$" G_GINT64_FORMAT
                         /* Keep $1 and $2 typed in every statement. */
                         " AND $1::text IS NOT NULL AND $2::text IS NOT NULL",
                         step->table, ids_text, more, copies, step->key, template_ids[step->owner]);
      const char *values[] = { template_name, location };
      g_autoptr (PGresult) result = hms_db_exec (conn, sql, 2, values, error);

      if (result == NULL)
        {
          g_prefix_error (error, "copying %s: ", step->table);
          return FALSE;
        }
    }
  return TRUE;
}

/* Row counts of the template's and of one copy's rows in every table copied. */
static gboolean
same_row_counts (PGconn *conn, const CloneStep *steps, guint n_steps, const gint64 *template_ids,
                 const gint64 *copy_ids, GError **error)
{
  for (guint i = 0; i < n_steps; i++)
    {
      const CloneStep *step = &steps[i];
      g_autofree char *sql =
        g_strdup_printf ("SELECT (SELECT count(*) FROM \"%1$s\" WHERE \"%2$s\" = %3$" G_GINT64_FORMAT "),"
                         " (SELECT count(*) FROM \"%1$s\" WHERE \"%2$s\" = %4$" G_GINT64_FORMAT ")",
                         step->table, step->key, template_ids[step->owner], copy_ids[step->owner]);
      g_autoptr (PGresult) result = hms_db_exec (conn, sql, 0, NULL, error);

      if (result == NULL)
        return FALSE;
      if (strcmp (PQgetvalue (result, 0, 0), PQgetvalue (result, 0, 1)) != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: the template has %s rows, a copy %s",
                       step->table, PQgetvalue (result, 0, 0), PQgetvalue (result, 0, 1));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
check_template_has_no (PGconn *conn, const gint64 *ids, GError **error)
{
  g_autofree char *sql =
    g_strdup_printf ("SELECT (SELECT count(*) FROM \"TBL_PRIVS\" WHERE \"TBL_ID\" = %1$" G_GINT64_FORMAT ")"
                     " + (SELECT count(*) FROM \"TBL_COL_PRIVS\" WHERE \"TBL_ID\" = %1$" G_GINT64_FORMAT ")"
                     " + (SELECT count(*) FROM \"TAB_COL_STATS\" WHERE \"TBL_ID\" = %1$" G_GINT64_FORMAT ")"
                     " + (SELECT count(*) FROM \"KEY_CONSTRAINTS\" WHERE \"PARENT_TBL_ID\" = %1$" G_GINT64_FORMAT
                     "      OR \"CHILD_TBL_ID\" = %1$" G_GINT64_FORMAT ")"
                     " + (SELECT count(*) FROM \"SKEWED_VALUES\" WHERE \"SD_ID_OID\" = %2$" G_GINT64_FORMAT ")"
                     " + (SELECT count(*) FROM \"SKEWED_COL_VALUE_LOC_MAP\" WHERE \"SD_ID\" = %2$" G_GINT64_FORMAT ")",
                     ids[0], ids[1]);
  g_autoptr (PGresult) result = hms_db_exec (conn, sql, 0, NULL, error);

  if (result == NULL)
    return FALSE;
  if (strcmp (PQgetvalue (result, 0, 0), "0") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "the template table has rows the loader does not copy (privileges, statistics, "
                   "constraints or skew)");
      return FALSE;
    }
  return TRUE;
}

gboolean
bench_load_tables (guint count, JsonBuilder *builder, GError **error)
{
  static const char *const classes[][3] = {
    { "MTable", "TBLS", "TBL_ID" },
    { "MStorageDescriptor", "SDS", "SD_ID" },
    { "MSerDeInfo", "SERDES", "SERDE_ID" },
    { "MColumnDescriptor", "CDS", "CD_ID" },
  };
  BenchClient *client = bench_client_open (error);
  bench_auto_unref HmsTable *first = NULL;
  bench_auto_unref HmsTable *stored = g_object_new (HMS_TYPE_TABLE, NULL);
  bench_auto_unref HmsTable *template_read = NULL;
  bench_auto_unref HmsTable *loaded_read = NULL;
  g_autofree char *template_location = NULL;
  g_autofree char *last_name = g_strdup_printf ("t_%06u", count - 1);
  gint64 template_ids[4] = { 0 }, first_ids[4] = { 0 }, copy_ids[4];
  HmsTableIds ids;
  PGconn *conn = NULL;
  gint64 start = bench_now ();
  gboolean ok;

  if (client == NULL)
    return FALSE;
  first = bench_table_new (BENCH_SCALE_DATABASE, "t_000000", plain_columns, NULL, 10);
  ok = bench_drop_database (client, BENCH_SCALE_DATABASE, TRUE, error)
       && bench_create_database (client, BENCH_SCALE_DATABASE, error)
       && bench_create_table (client, first, error)
       && (conn = hms_db_connect (bench_settings.pg_conninfo, error)) != NULL
       && hms_store_table_get (conn, bench_settings.catalog, BENCH_SCALE_DATABASE, "t_000000",
                               HMS_TABLE_LOCK_NONE, stored, &ids, error);
  if (ok)
    {
      g_autofree char *sd_id = g_strdup_printf ("%" G_GINT64_FORMAT, ids.sd_id);
      const char *values[] = { sd_id };
      g_autoptr (PGresult) serde = hms_db_exec (conn, "SELECT \"SERDE_ID\" FROM \"SDS\" WHERE \"SD_ID\" = $1::bigint",
                                                1, values, error);

      template_ids[0] = ids.table_id;
      template_ids[1] = ids.sd_id;
      template_ids[3] = ids.column_descriptor_id;
      ok = serde != NULL && PQntuples (serde) == 1;
      if (ok)
        template_ids[2] = g_ascii_strtoll (PQgetvalue (serde, 0, 0), NULL, 10);
      /* The location hms gave the template ends with its name. */
      template_location = g_strndup (stored->sd->location, strlen (stored->sd->location) - strlen ("t_000000"));
    }
  ok = ok && check_template_has_no (conn, template_ids, error) && hms_db_begin (conn, error);
  for (guint i = 0; ok && i < G_N_ELEMENTS (classes); i++)
    ok = (first_ids[i] = hms_store_allocate_ids (conn, classes[i][0], classes[i][1], classes[i][2], count - 1,
                                                 error)) >= 0;
  ok = ok && copy_rows (conn, table_steps, G_N_ELEMENTS (table_steps), template_ids, first_ids, count - 1,
                       TABLE_NAME_SQL, "t_000000", template_location, error);
  ok = ok && hms_db_commit (conn, error);
  for (guint i = 0; i < 4; i++)
    copy_ids[i] = first_ids[i] + count - 2;
  if (ok)
    ok = (template_read = bench_get_table (client, BENCH_SCALE_DATABASE, "t_000000", error)) != NULL
         && (loaded_read = bench_get_table (client, BENCH_SCALE_DATABASE, last_name, error)) != NULL
         && same_description ("table", describe_table (template_read), describe_table (loaded_read), error)
         && same_row_counts (conn, table_steps, G_N_ELEMENTS (table_steps), template_ids, copy_ids, error);
  if (ok)
    {
      add_number (builder, "tables", count);
      add_number (builder, "load_s", (bench_now () - start) / 1e9);
    }
  if (conn != NULL)
    PQfinish (conn);
  bench_client_close (client);
  return ok;
}

/* --- 1,000,000 partitions --------------------------------------------------------------------- */

#define BUCKETS 100

static const char *const scale_keys[] = { "ds", "b", NULL };

static GPtrArray *
get_partitions_by_names (BenchClient *client, GPtrArray *names, GError **error)
{
  g_autoptr (GPtrArray) partitions = g_ptr_array_new_with_free_func (g_object_unref);
  HmsMetaException *o1 = NULL;
  HmsNoSuchObjectException *o2 = NULL;
  HmsInvalidObjectException *o3 = NULL;
  gboolean ok = hms_thrift_hive_metastore_if_get_partitions_by_names (client->iface, &partitions,
                                                                       BENCH_SCALE_DATABASE,
                                                                       BENCH_TABLE_SCALE_PARTS, names,
                                                                       &o1, &o2, &o3, error);

  if (!bench_check (ok, error, o1, o2, o3, NULL))
    return NULL;
  if (partitions->len != names->len)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "read back %u of %u partitions",
                   partitions->len, names->len);
      return NULL;
    }
  return g_steal_pointer (&partitions);
}

gboolean
bench_load_partitions (guint count, JsonBuilder *builder, GError **error)
{
  static const char *const classes[][3] = {
    { "MPartition", "PARTITIONS", "PART_ID" },
    { "MStorageDescriptor", "SDS", "SD_ID" },
    { "MSerDeInfo", "SERDES", "SERDE_ID" },
  };
  BenchClient *client = bench_client_open (error);
  bench_auto_unref HmsTable *table = NULL;
  bench_auto_unref HmsTable *stored_table = NULL;
  g_autoptr (GPtrArray) first = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) template_names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) stored = NULL;
  g_autoptr (GPtrArray) check_names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) read_back = NULL;
  g_autoptr (GArray) template_partition_ids = g_array_new (FALSE, FALSE, sizeof (HmsPartitionIds));
  gint64 template_ids[3] = { 0 }, first_ids[3] = { 0 }, copy_ids[3];
  PGconn *conn = NULL;
  gint64 start = bench_now ();
  gboolean ok;

  if (client == NULL)
    return FALSE;
  table = bench_table_new (BENCH_SCALE_DATABASE, BENCH_TABLE_SCALE_PARTS, partition_columns, scale_keys, 10);
  {
    g_autoptr (GError) exists = NULL;

    /* The database exists when load-tables ran first; the table is made anew. */
    bench_create_database (client, BENCH_SCALE_DATABASE, &exists);
  }
  ok = bench_drop_table (client, BENCH_SCALE_DATABASE, BENCH_TABLE_SCALE_PARTS, TRUE, error)
       && bench_create_table (client, table, error)
       && (stored_table = bench_get_table (client, BENCH_SCALE_DATABASE, BENCH_TABLE_SCALE_PARTS, error)) != NULL;
  if (ok)
    {
      const char *values[] = { "d00000", "000" };

      g_ptr_array_add (first, bench_partition_new (stored_table, values, 5));
      g_ptr_array_add (template_names, g_strdup ("ds=d00000/b=000"));
      ok = bench_add_partitions (client, first, error)
           && (conn = hms_db_connect (bench_settings.pg_conninfo, error)) != NULL;
    }
  if (ok)
    {
      HmsPartitionMatch match = { .kind = HMS_PARTITION_MATCH_NAMES, .names = template_names };
      bench_auto_unref HmsTable *row = g_object_new (HMS_TYPE_TABLE, NULL);
      HmsTableIds table_ids;

      ok = hms_store_table_get (conn, bench_settings.catalog, BENCH_SCALE_DATABASE, BENCH_TABLE_SCALE_PARTS,
                                HMS_TABLE_LOCK_NONE, row, &table_ids, error)
           && (stored = hms_store_partition_get_many (conn, table_ids.table_id, &match, -1,
                                                      bench_settings.catalog, BENCH_SCALE_DATABASE,
                                                      BENCH_TABLE_SCALE_PARTS, FALSE, template_partition_ids,
                                                      error)) != NULL
           && stored->len == 1;
    }
  if (ok)
    {
      HmsPartitionIds *template_partition = &g_array_index (template_partition_ids, HmsPartitionIds, 0);
      g_autofree char *sql = g_strdup_printf (
        "SELECT s.\"SERDE_ID\","
        " (SELECT count(*) FROM \"PART_PRIVS\" WHERE \"PART_ID\" = %1$" G_GINT64_FORMAT ")"
        " + (SELECT count(*) FROM \"PART_COL_PRIVS\" WHERE \"PART_ID\" = %1$" G_GINT64_FORMAT ")"
        " + (SELECT count(*) FROM \"PART_COL_STATS\" WHERE \"PART_ID\" = %1$" G_GINT64_FORMAT ")"
        " + (SELECT count(*) FROM \"SKEWED_VALUES\" WHERE \"SD_ID_OID\" = s.\"SD_ID\")"
        " + (SELECT count(*) FROM \"SKEWED_COL_VALUE_LOC_MAP\" WHERE \"SD_ID\" = s.\"SD_ID\")"
        " FROM \"SDS\" s WHERE s.\"SD_ID\" = %2$" G_GINT64_FORMAT,
        template_partition->partition_id, template_partition->sd_id);
      g_autoptr (PGresult) result = hms_db_exec (conn, sql, 0, NULL, error);

      template_ids[0] = template_partition->partition_id;
      template_ids[1] = template_partition->sd_id;
      ok = result != NULL && PQntuples (result) == 1;
      if (ok && strcmp (PQgetvalue (result, 0, 1), "0") != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "the template partition has rows the loader does not copy");
          ok = FALSE;
        }
      if (ok)
        template_ids[2] = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
    }
  ok = ok && hms_db_begin (conn, error);
  for (guint i = 0; ok && i < G_N_ELEMENTS (classes); i++)
    ok = (first_ids[i] = hms_store_allocate_ids (conn, classes[i][0], classes[i][1], classes[i][2], count - 1,
                                                 error)) >= 0;
  ok = ok && copy_rows (conn, partition_steps, G_N_ELEMENTS (partition_steps), template_ids, first_ids,
                        count - 1, PARTITION_NAME_SQL, "ds=d00000/b=000", stored_table->sd->location, error)
       && hms_db_commit (conn, error);
  for (guint i = 0; i < 3; i++)
    copy_ids[i] = first_ids[i] + count - 2;
  if (ok)
    {
      g_autofree char *last = g_strdup_printf ("ds=d%05u/b=%03u", (count - 1) / BUCKETS, (count - 1) % BUCKETS);

      g_ptr_array_add (check_names, g_strdup ("ds=d00000/b=000"));
      g_ptr_array_add (check_names, g_strdup (last));
      ok = (read_back = get_partitions_by_names (client, check_names, error)) != NULL
           && same_description ("partition", describe_partition (g_ptr_array_index (read_back, 0)),
                                describe_partition (g_ptr_array_index (read_back, 1)), error)
           && same_row_counts (conn, partition_steps, G_N_ELEMENTS (partition_steps), template_ids, copy_ids,
                               error);
    }
  if (ok)
    {
      add_number (builder, "partitions", count);
      add_number (builder, "load_s", (bench_now () - start) / 1e9);
    }
  if (conn != NULL)
    PQfinish (conn);
  bench_client_close (client);
  return ok;
}

/* --- start-up ------------------------------------------------------------------------------------ */

static gboolean
port_accepts (void)
{
  struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
  struct addrinfo *addresses = NULL;
  g_autofree char *service = g_strdup_printf ("%u", bench_settings.port);
  gboolean accepted = FALSE;

  if (getaddrinfo (bench_settings.host, service, &hints, &addresses) != 0)
    return FALSE;
  for (struct addrinfo *address = addresses; address != NULL && !accepted; address = address->ai_next)
    {
      int fd = socket (address->ai_family, address->ai_socktype, address->ai_protocol);

      if (fd < 0)
        continue;
      accepted = connect (fd, address->ai_addr, address->ai_addrlen) == 0;
      close (fd);
    }
  freeaddrinfo (addresses);
  return accepted;
}

static gboolean
answers_a_call (void)
{
  BenchClient *client = bench_client_open (NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  HmsMetaException *o1 = NULL;
  gboolean ok;

  if (client == NULL)
    return FALSE;
  ok = hms_thrift_hive_metastore_if_get_all_databases (client->iface, &names, &o1, NULL);
  g_clear_object (&o1);
  bench_client_close (client);
  return ok;
}

/*
 * The log lines of one start with their time after exec: hms stamps each
 * line with the wall clock to the millisecond ("2026-01-02 10:11:12.345
 * UTC LOG: ..."), compared here with the wall clock at exec.
 */
static void
add_log_phases (JsonBuilder *builder, const char *log_path, gint64 exec_wall_us)
{
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GDateTime) exec_time = g_date_time_new_from_unix_utc (exec_wall_us / G_USEC_PER_SEC);
  gdouble exec_of_day = g_date_time_get_hour (exec_time) * 3600.0 + g_date_time_get_minute (exec_time) * 60.0
                        + g_date_time_get_second (exec_time) + (exec_wall_us % G_USEC_PER_SEC) / 1e6;

  json_builder_set_member_name (builder, "log");
  json_builder_begin_array (builder);
  if (g_file_get_contents (log_path, &contents, NULL, NULL))
    {
      lines = g_strsplit (contents, "\n", 0);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          int hour, minute;
          double second;

          if (sscanf (lines[i], "%*d-%*d-%*d %d:%d:%lf", &hour, &minute, &second) != 3)
            continue;
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "ms");
          json_builder_add_double_value (builder, (hour * 3600.0 + minute * 60.0 + second - exec_of_day) * 1000);
          json_builder_set_member_name (builder, "line");
          json_builder_add_string_value (builder, strstr (lines[i], "UTC ") ? strstr (lines[i], "UTC ") + 4 : lines[i]);
          json_builder_end_object (builder);
        }
    }
  json_builder_end_array (builder);
}

gboolean
bench_startup (char **argv, guint times, JsonBuilder *builder, GError **error)
{
  g_autoptr (GArray) listening = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) ready = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *log_path = g_build_filename (g_get_tmp_dir (), "hms-bench-startup.log", NULL);
  gint64 last_exec_wall = 0;
  BenchSummary summary;

  for (guint i = 0; i < times; i++)
    {
      posix_spawn_file_actions_t actions;
      pid_t pid;
      gint64 start, listened = 0, answered = 0, deadline;
      int status;

      posix_spawn_file_actions_init (&actions);
      posix_spawn_file_actions_addopen (&actions, STDOUT_FILENO, log_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
      posix_spawn_file_actions_adddup2 (&actions, STDOUT_FILENO, STDERR_FILENO);
      last_exec_wall = g_get_real_time ();
      start = bench_now ();
      if (posix_spawn (&pid, argv[0], &actions, NULL, argv, environ) != 0)
        {
          posix_spawn_file_actions_destroy (&actions);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "could not run %s: %s", argv[0], g_strerror (errno));
          return FALSE;
        }
      posix_spawn_file_actions_destroy (&actions);
      deadline = start + G_GINT64_CONSTANT (30000000000);
      while (answered == 0 && bench_now () < deadline && waitpid (pid, &status, WNOHANG) == 0)
        {
          if (listened == 0 && port_accepts ())
            listened = bench_now ();
          if (listened != 0 && answers_a_call ())
            answered = bench_now ();
          else
            g_usleep (200);
        }
      kill (pid, SIGTERM);
      waitpid (pid, &status, 0);
      if (answered == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "hms did not answer within 30 s of exec");
          return FALSE;
        }
      listened -= start;
      answered -= start;
      g_array_append_val (listening, listened);
      g_array_append_val (ready, answered);
    }
  add_log_phases (builder, log_path, last_exec_wall);
  unlink (log_path);
  bench_summarise (listening, &summary);
  add_number (builder, "listening_p50_ms", summary.p50_ms);
  add_number (builder, "listening_max_ms", summary.max_ms);
  bench_summarise (ready, &summary);
  json_builder_set_member_name (builder, "ready");
  json_builder_begin_object (builder);
  bench_add_summary (builder, &summary);
  json_builder_end_object (builder);
  return TRUE;
}
