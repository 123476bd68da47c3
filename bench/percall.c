/*
 * percall.c
 *    The per-call operations: Thrift calls against hms, and beside them the
 *    two lower bounds measured in the same run against the same PostgreSQL:
 *
 *    floor.*   the minimal SQL the call must do, through libpq directly
 *              (one SELECT of the table row; one SELECT returning the
 *              partition rows with their descriptor, values and parameters);
 *    store.*   hms's own store functions (store_table.c, store_partition.c)
 *              called in this process: the exact SQL hms sends, and the
 *              decoding of its rows into Thrift objects, without Thrift I/O
 *              and without the handler.  For add_partitions this is "the
 *              same INSERTs sent directly", the floor the issue names.
 *
 *    So hms's distance from the floor splits into SQL shape (store - floor)
 *    and server overhead (hms - store).  scale.* operations run against the
 *    200,000-table database and the 1,000,000-partition table that
 *    `hms-bench load-tables` / `load-partitions` fill.
 */
#include "bench.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "handler.h"
#include "store_partition.h"
#include "store_table.h"

/* --- shared fixture data --------------------------------------------------------- */

/* Partition names of the fixture table, in PART_NAME order (the table's values sort as names do). */
static GPtrArray *fixture_names;
static HmsTableIds fixture_ids;         /* t_parts */
static HmsTableIds scale_ids;           /* scale.t_million */
static GPtrArray *scale_names_1000;     /* 1,000 names of the scale table */
static gint run_suffix;                 /* makes this run's table names unique */

static const char *const plain_columns[] = { "c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", NULL };
static const char *const partition_columns[] = { "c0", "c1", "c2", "c3", "c4", NULL };
static const char *const partition_keys[] = { "ds", "hr", NULL };

/* "ds=d0123/hr=07" for fixture partition `index` (24 per day). */
static char *
fixture_name (guint index)
{
  return g_strdup_printf ("ds=d%04u/hr=%02u", index / BENCH_HOURS, index % BENCH_HOURS);
}

static gboolean
prepare_fixture_names (GError **error)
{
  if (fixture_names != NULL)
    return TRUE;
  fixture_names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < BENCH_FIXTURE_PARTITIONS; i++)
    g_ptr_array_add (fixture_names, fixture_name (i));
  if (run_suffix == 0)
    run_suffix = getpid ();
  return TRUE;
}

static gboolean
load_table_ids (const char *database, const char *name, HmsTableIds *ids, GError **error)
{
  PGconn *conn;
  bench_auto_unref HmsTable *table = g_object_new (HMS_TYPE_TABLE, NULL);
  gboolean ok;

  if (ids->table_id != 0)
    return TRUE;
  conn = hms_db_connect (bench_settings.pg_conninfo, error);
  if (conn == NULL)
    return FALSE;
  ok = hms_store_table_get (conn, bench_settings.catalog, database, name, HMS_TABLE_LOCK_NONE,
                            table, ids, error);
  PQfinish (conn);
  return ok;
}

static gboolean
prepare_partitioned (GError **error)
{
  return prepare_fixture_names (error)
         && load_table_ids (bench_settings.database, BENCH_TABLE_PARTITIONED, &fixture_ids, error);
}

/* `count` consecutive fixture names from a start that moves with every call. */
static GPtrArray *
name_window (BenchWorker *worker, guint count)
{
  GPtrArray *names = g_ptr_array_sized_new (count);
  guint start = count >= fixture_names->len ? 0
                : (guint) ((worker->sequence * 7919 + worker->index * 104729) % (fixture_names->len - count + 1));

  for (guint i = 0; i < count && i < fixture_names->len; i++)
    g_ptr_array_add (names, g_ptr_array_index (fixture_names, start + i));
  return names;
}

/* The day a call asks about, moving with every call. */
static guint
call_day (BenchWorker *worker)
{
  return (guint) ((worker->sequence * 31 + worker->index * 17) % (BENCH_FIXTURE_PARTITIONS / BENCH_HOURS));
}

static gboolean
expect_count (const char *what, guint got, guint expected, GError **error)
{
  if (got == expected)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s returned %u rows, expected %u",
               what, got, expected);
  return FALSE;
}

/* --- Thrift calls ------------------------------------------------------------------ */

static gboolean
call_null (BenchWorker *worker, GError **error)
{
  Hmsfb_status status;

  return hms_facebook_service_if_get_status (HMS_FACEBOOK_SERVICE_IF (worker->client->iface),
                                             &status, error);
}

static gboolean
call_get_all_databases (BenchWorker *worker, GError **error)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  HmsMetaException *o1 = NULL;
  gboolean ok = hms_thrift_hive_metastore_if_get_all_databases (worker->client->iface, &names, &o1,
                                                                 error);

  return bench_check (ok, error, o1, NULL);
}

static gboolean
call_get_table (BenchWorker *worker, GError **error)
{
  bench_auto_unref HmsGetTableRequest *request = g_object_new (HMS_TYPE_GET_TABLE_REQUEST, NULL);
  bench_auto_unref HmsGetTableResult *result = g_object_new (HMS_TYPE_GET_TABLE_RESULT, NULL);
  HmsMetaException *o1 = NULL;
  HmsNoSuchObjectException *o2 = NULL;
  gboolean ok;

  request->dbName = g_strdup (bench_settings.database);
  request->tblName = g_strdup (BENCH_TABLE_PLAIN);
  ok = hms_thrift_hive_metastore_if_get_table_req (worker->client->iface, &result, request,
                                                    &o1, &o2, error);
  if (!bench_check (ok, error, o1, o2, NULL))
    return FALSE;
  return expect_count ("get_table_req columns", result->table->sd->cols->len, 10, error);
}

/*
 * Calls whose answer is a list are sent with the generated client and
 * received without building their elements (bench_receive_list): the
 * generator must not cost more than the server it measures.
 */
#define RECEIVE_LIST(worker, method, expected, error) \
  G_STMT_START { \
    guint received_ = 0; \
    if (!bench_receive_list ((worker)->client, method, &received_, error)) \
      return FALSE; \
    return expect_count (method, received_, expected, error); \
  } G_STMT_END

static gboolean
get_partitions_by_names (BenchWorker *worker, guint count, GError **error)
{
  g_autoptr (GPtrArray) names = name_window (worker, count);

  if (!hms_thrift_hive_metastore_client_send_get_partitions_by_names (worker->client->iface,
                                                                       bench_settings.database,
                                                                       BENCH_TABLE_PARTITIONED, names,
                                                                       error))
    return FALSE;
  RECEIVE_LIST (worker, "get_partitions_by_names", count, error);
}

static gboolean call_gpbn_10 (BenchWorker *w, GError **e) { return get_partitions_by_names (w, 10, e); }
static gboolean call_gpbn_1000 (BenchWorker *w, GError **e) { return get_partitions_by_names (w, 1000, e); }
static gboolean call_gpbn_10000 (BenchWorker *w, GError **e) { return get_partitions_by_names (w, 10000, e); }

static gboolean
call_get_partition_names_ps (BenchWorker *worker, GError **error)
{
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (values, g_strdup_printf ("d%04u", call_day (worker)));
  g_ptr_array_add (values, g_strdup (""));
  if (!hms_thrift_hive_metastore_client_send_get_partition_names_ps (worker->client->iface,
                                                                      bench_settings.database,
                                                                      BENCH_TABLE_PARTITIONED, values, -1,
                                                                      error))
    return FALSE;
  RECEIVE_LIST (worker, "get_partition_names_ps", BENCH_HOURS, error);
}

static gboolean
call_get_partitions_by_filter (BenchWorker *worker, GError **error)
{
  g_autofree char *filter = g_strdup_printf ("ds = \"d%04u\"", call_day (worker));

  if (!hms_thrift_hive_metastore_client_send_get_partitions_by_filter (worker->client->iface,
                                                                        bench_settings.database,
                                                                        BENCH_TABLE_PARTITIONED,
                                                                        filter, -1, error))
    return FALSE;
  RECEIVE_LIST (worker, "get_partitions_by_filter", BENCH_HOURS, error);
}

static gboolean
call_get_table_statistics (BenchWorker *worker, GError **error)
{
  bench_auto_unref HmsTableStatsRequest *request = g_object_new (HMS_TYPE_TABLE_STATS_REQUEST, NULL);
  bench_auto_unref HmsTableStatsResult *result = g_object_new (HMS_TYPE_TABLE_STATS_RESULT, NULL);
  HmsNoSuchObjectException *o1 = NULL;
  HmsMetaException *o2 = NULL;
  gboolean ok;

  request->dbName = g_strdup (bench_settings.database);
  request->tblName = g_strdup (BENCH_TABLE_PLAIN);
  for (guint i = 0; plain_columns[i] != NULL; i++)
    g_ptr_array_add (request->colNames, g_strdup (plain_columns[i]));
  ok = hms_thrift_hive_metastore_if_get_table_statistics_req (worker->client->iface, &result, request,
                                                               &o1, &o2, error);
  if (!bench_check (ok, error, o1, o2, NULL))
    return FALSE;
  return expect_count ("get_table_statistics_req", result->tableStats->len, 10, error);
}

static gboolean
call_get_nid (BenchWorker *worker, GError **error)
{
  gboolean served;

  if (!bench_call_without_arguments (worker->client, "get_current_notificationEventId", &served, error))
    return FALSE;
  if (!served)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                 "get_current_notificationEventId is not served");
  return served;
}

static gboolean
call_lock_unlock (BenchWorker *worker, GError **error)
{
  gboolean served;

  if (!bench_lock_unlock (worker->client, bench_settings.database, BENCH_TABLE_PLAIN, &served, error))
    return FALSE;
  if (!served)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "lock is not served");
  return served;
}

/* create_table + drop_table of a table of the worker's own. */
static gboolean
call_create_drop_table (BenchWorker *worker, GError **error)
{
  g_autofree char *name = g_strdup_printf ("cd_%d_%u_%" G_GUINT64_FORMAT, run_suffix, worker->index,
                                           worker->sequence);
  bench_auto_unref HmsTable *table = bench_table_new (bench_settings.database, name, partition_columns,
                                                      NULL, 10);

  return bench_create_table (worker->client, table, error)
         && bench_drop_table (worker->client, bench_settings.database, name, FALSE, error);
}

/* --- writes of partitions ----------------------------------------------------------- */

/* A worker's tables (dropped at teardown) and the partitions of its next call. */
typedef struct
{
  GPtrArray *tables;       /* names */
  HmsTable  *table;        /* as hms returned it */
  GPtrArray *partitions;   /* of the next call */
  HmsTableIds ids;         /* store path: the table's keys */
  GPtrArray *names;        /* store path: names of the partitions */
} WriteState;

static void
write_state_free (WriteState *state)
{
  g_ptr_array_unref (state->tables);
  g_clear_object (&state->table);
  g_clear_pointer (&state->partitions, g_ptr_array_unref);
  g_clear_pointer (&state->names, g_ptr_array_unref);
  g_free (state);
}

static gboolean
setup_writes (BenchWorker *worker, GError **error)
{
  WriteState *state = g_new0 (WriteState, 1);

  state->tables = g_ptr_array_new_with_free_func (g_free);
  worker->state = state;
  if (run_suffix == 0)
    run_suffix = getpid ();
  return TRUE;
}

/* Creates a partitioned table for the worker through hms and reads it back. */
static gboolean
new_write_table (BenchWorker *worker, GError **error)
{
  WriteState *state = worker->state;
  g_autofree char *name = g_strdup_printf ("ap_%d_%u_%u", run_suffix, worker->index, state->tables->len);
  bench_auto_unref HmsTable *table = bench_table_new (bench_settings.database, name, partition_columns,
                                                      partition_keys, 10);

  if (!bench_create_table (worker->client, table, error))
    return FALSE;
  g_ptr_array_add (state->tables, g_strdup (name));
  g_clear_object (&state->table);
  state->table = bench_get_table (worker->client, bench_settings.database, name, error);
  return state->table != NULL;
}

/* Partitions first..first+count-1 of the worker's current table, Trino-like (5 parameters). */
static void
build_partitions (WriteState *state, guint first, guint count)
{
  g_clear_pointer (&state->partitions, g_ptr_array_unref);
  state->partitions = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = first; i < first + count; i++)
    {
      g_autofree char *day = g_strdup_printf ("d%04u", i / BENCH_HOURS);
      g_autofree char *hour = g_strdup_printf ("%02u", i % BENCH_HOURS);
      const char *values[] = { day, hour };

      g_ptr_array_add (state->partitions, bench_partition_new (state->table, values, 5));
    }
}

static void
teardown_writes (BenchWorker *worker)
{
  WriteState *state = worker->state;

  if (state == NULL)
    return;
  for (guint i = 0; worker->client != NULL && i < state->tables->len; i++)
    {
      g_autoptr (GError) error = NULL;

      if (!bench_drop_table (worker->client, bench_settings.database,
                             g_ptr_array_index (state->tables, i), TRUE, &error))
        g_printerr ("hms-bench: could not drop %s: %s\n", (char *) g_ptr_array_index (state->tables, i),
                    error->message);
    }
  write_state_free (state);
  worker->state = NULL;
}

/* add_partitions of 10,000: every call into a fresh table. */
static gboolean
before_add_partitions_10000 (BenchWorker *worker, GError **error)
{
  if (!new_write_table (worker, error))
    return FALSE;
  build_partitions (worker->state, 0, BENCH_FIXTURE_PARTITIONS);
  return TRUE;
}

static gboolean
call_add_partitions (BenchWorker *worker, GError **error)
{
  WriteState *state = worker->state;

  return bench_add_partitions (worker->client, state->partitions, error);
}

/* add_partition, one partition a call, into the worker's table. */
static gboolean
setup_add_partition (BenchWorker *worker, GError **error)
{
  return setup_writes (worker, error) && new_write_table (worker, error);
}

static gboolean
before_add_partition (BenchWorker *worker, GError **error)
{
  build_partitions (worker->state, (guint) worker->sequence, 1);
  return TRUE;
}

static gboolean
call_add_partition (BenchWorker *worker, GError **error)
{
  WriteState *state = worker->state;
  bench_auto_unref HmsPartition *added = g_object_new (HMS_TYPE_PARTITION, NULL);
  HmsInvalidObjectException *o1 = NULL;
  HmsAlreadyExistsException *o2 = NULL;
  HmsMetaException *o3 = NULL;
  gboolean ok = hms_thrift_hive_metastore_if_add_partition (worker->client->iface, &added,
                                                             g_ptr_array_index (state->partitions, 0),
                                                             &o1, &o2, &o3, error);

  return bench_check (ok, error, o1, o2, o3, NULL);
}

/* --- the store path of add_partitions: the same INSERTs, sent directly --------------- */

/* Completes the partitions as the handler does before storing them. */
static gboolean
before_store_insert (BenchWorker *worker, guint first, guint count, gboolean new_table, GError **error)
{
  WriteState *state = worker->state;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *now_text = g_strdup_printf ("%" G_GINT64_FORMAT, now);

  if (new_table)
    {
      bench_auto_unref HmsTable *stored = g_object_new (HMS_TYPE_TABLE, NULL);

      if (!new_write_table (worker, error)
          || !hms_store_table_get (worker->pg, bench_settings.catalog, bench_settings.database,
                                   state->table->tableName, HMS_TABLE_LOCK_NONE, stored, &state->ids,
                                   error))
        return FALSE;
    }
  build_partitions (state, first, count);
  g_clear_pointer (&state->names, g_ptr_array_unref);
  state->names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < state->partitions->len; i++)
    {
      HmsPartition *partition = g_ptr_array_index (state->partitions, i);

      g_ptr_array_add (state->names,
                       bench_partition_name (state->table, (const char *const *) partition->values->pdata));
      partition->createTime = (gint32) now;
      partition->__isset_createTime = TRUE;
      g_hash_table_insert (partition->parameters, g_strdup ("transient_lastDdlTime"), g_strdup (now_text));
      g_free (partition->catName);
      partition->catName = g_strdup (bench_settings.catalog);
      partition->__isset_catName = TRUE;
    }
  return TRUE;
}

static gboolean
before_store_insert_10000 (BenchWorker *worker, GError **error)
{
  return before_store_insert (worker, 0, BENCH_FIXTURE_PARTITIONS, TRUE, error);
}

static gboolean
setup_store_insert_one (BenchWorker *worker, GError **error)
{
  WriteState *state;
  bench_auto_unref HmsTable *stored = g_object_new (HMS_TYPE_TABLE, NULL);

  if (!setup_writes (worker, error) || !new_write_table (worker, error))
    return FALSE;
  state = worker->state;
  return hms_store_table_get (worker->pg, bench_settings.catalog, bench_settings.database,
                              state->table->tableName, HMS_TABLE_LOCK_NONE, stored, &state->ids, error);
}

static gboolean
before_store_insert_one (BenchWorker *worker, GError **error)
{
  return before_store_insert (worker, (guint) worker->sequence, 1, FALSE, error);
}

static gboolean
call_store_insert (BenchWorker *worker, GError **error)
{
  WriteState *state = worker->state;
  g_autofree gint64 *descriptors = g_new (gint64, state->partitions->len + 1);

  /* The partitions' columns are the table's: they share its column descriptor. */
  for (guint i = 0; i < state->partitions->len; i++)
    descriptors[i] = state->ids.column_descriptor_id;
  if (!hms_db_begin (worker->pg, error))
    return FALSE;
  if (!hms_store_partition_insert_many (worker->pg, state->ids.table_id,
                                        (HmsPartition *const *) state->partitions->pdata,
                                        (const char *const *) state->names->pdata,
                                        state->partitions->len, descriptors, error))
    {
      hms_db_rollback (worker->pg);
      return FALSE;
    }
  return hms_db_commit (worker->pg, error);
}

/* --- the store path of reads ----------------------------------------------------------- */

static gboolean
call_store_get_table (BenchWorker *worker, GError **error)
{
  bench_auto_unref HmsTable *table = g_object_new (HMS_TYPE_TABLE, NULL);

  return hms_store_table_get (worker->pg, bench_settings.catalog, bench_settings.database,
                              BENCH_TABLE_PLAIN, HMS_TABLE_LOCK_NONE, table, NULL, error);
}

static gboolean
store_get_partitions (BenchWorker *worker, guint count, GError **error)
{
  g_autoptr (GPtrArray) names = name_window (worker, count);
  HmsPartitionMatch match = { .kind = HMS_PARTITION_MATCH_NAMES, .names = names };
  g_autoptr (GPtrArray) partitions =
    hms_store_partition_get_many (worker->pg, fixture_ids.table_id, &match, -1, bench_settings.catalog,
                                  bench_settings.database, BENCH_TABLE_PARTITIONED, FALSE, NULL, error);

  return partitions != NULL && expect_count ("store get_many", partitions->len, count, error);
}

static gboolean call_store_gpbn_10 (BenchWorker *w, GError **e) { return store_get_partitions (w, 10, e); }
static gboolean call_store_gpbn_1000 (BenchWorker *w, GError **e) { return store_get_partitions (w, 1000, e); }
static gboolean call_store_gpbn_10000 (BenchWorker *w, GError **e) { return store_get_partitions (w, 10000, e); }

/* --- the floor: minimal SQL through libpq ---------------------------------------------- */

/* Reads every value of a result, as a client that uses them would. */
static gsize
touch_result (PGresult *result)
{
  gsize total = 0;

  for (int row = 0; row < PQntuples (result); row++)
    for (int column = 0; column < PQnfields (result); column++)
      total += PQgetlength (result, row, column);
  return total;
}

static gboolean
floor_query (PGconn *conn, const char *sql, int count, const char *const *values, int expected_rows,
             GError **error)
{
  g_autoptr (PGresult) result = hms_db_exec (conn, sql, count, values, error);

  if (result == NULL)
    return FALSE;
  touch_result (result);
  return expected_rows < 0 || expect_count ("floor query", PQntuples (result), expected_rows, error);
}

/* get_table at minimum: the table's row, found by database and table name (unique keys). */
#define FLOOR_GET_TABLE_SQL \
  "SELECT t.* FROM \"TBLS\" t JOIN \"DBS\" d ON d.\"DB_ID\" = t.\"DB_ID\"" \
  " WHERE d.\"NAME\" = $1 AND d.\"CTLG_NAME\" = $2 AND t.\"TBL_NAME\" = $3"

static gboolean
call_floor_get_table (BenchWorker *worker, GError **error)
{
  const char *values[] = { bench_settings.database, bench_settings.catalog, BENCH_TABLE_PLAIN };

  return floor_query (worker->pg, FLOOR_GET_TABLE_SQL, 3, values, 1, error);
}

static gboolean
setup_floor_prepared (BenchWorker *worker, GError **error)
{
  g_autoptr (PGresult) result = PQprepare (worker->pg, "get_table", FLOOR_GET_TABLE_SQL, 3, NULL);

  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "prepare: %s", PQerrorMessage (worker->pg));
      return FALSE;
    }
  return TRUE;
}

static gboolean
call_floor_get_table_prepared (BenchWorker *worker, GError **error)
{
  const char *values[] = { bench_settings.database, bench_settings.catalog, BENCH_TABLE_PLAIN };
  g_autoptr (PGresult) result = PQexecPrepared (worker->pg, "get_table", 3, values, NULL, NULL, 0);

  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", PQerrorMessage (worker->pg));
      return FALSE;
    }
  touch_result (result);
  return expect_count ("prepared floor", PQntuples (result), 1, error);
}

static gboolean
call_floor_null (BenchWorker *worker, GError **error)
{
  return floor_query (worker->pg, "SELECT 1", 0, NULL, 1, error);
}

/*
 * get_partitions_by_names at minimum: one SELECT returning the partitions'
 * rows with their storage descriptor, serde, values and parameters (the
 * columns are the table's, shared through its column descriptor).
 */
#define FLOOR_PARTITIONS_SQL(where) \
  "SELECT p.\"PART_ID\", p.\"PART_NAME\", p.\"CREATE_TIME\", p.\"LAST_ACCESS_TIME\", p.\"WRITE_ID\"," \
  " s.\"LOCATION\", s.\"INPUT_FORMAT\", s.\"OUTPUT_FORMAT\", s.\"IS_COMPRESSED\", s.\"NUM_BUCKETS\"," \
  " s.\"CD_ID\", s.\"SLIB\"," \
  " (SELECT array_agg(v.\"PART_KEY_VAL\" ORDER BY v.\"INTEGER_IDX\") FROM \"PARTITION_KEY_VALS\" v" \
  "   WHERE v.\"PART_ID\" = p.\"PART_ID\")," \
  " (SELECT json_object_agg(pp.\"PARAM_KEY\", pp.\"PARAM_VALUE\") FROM \"PARTITION_PARAMS\" pp" \
  "   WHERE pp.\"PART_ID\" = p.\"PART_ID\")" \
  " FROM \"PARTITIONS\" p" \
  " JOIN \"TBLS\" t ON t.\"TBL_ID\" = p.\"TBL_ID\"" \
  " JOIN \"DBS\" d ON d.\"DB_ID\" = t.\"DB_ID\"" \
  /* Per partition, by key (OFFSET 0 keeps the planner from hashing all of SDS). */ \
  " LEFT JOIN LATERAL (SELECT s.*, e.\"SLIB\" FROM \"SDS\" s" \
  "   LEFT JOIN \"SERDES\" e ON e.\"SERDE_ID\" = s.\"SERDE_ID\"" \
  "   WHERE s.\"SD_ID\" = p.\"SD_ID\" OFFSET 0) s ON true" \
  " WHERE d.\"NAME\" = $1 AND d.\"CTLG_NAME\" = $2 AND t.\"TBL_NAME\" = $3 AND " where \
  " ORDER BY p.\"PART_NAME\""

/* {"a","b"}: plain names only (no quotes or backslashes in them). */
static char *
array_literal (GPtrArray *names)
{
  GString *literal = g_string_new ("{");

  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (literal, "%s\"%s\"", i > 0 ? "," : "", (char *) g_ptr_array_index (names, i));
  g_string_append_c (literal, '}');
  return g_string_free (literal, FALSE);
}

static gboolean
floor_partitions (PGconn *conn, const char *database, const char *table, GPtrArray *names,
                  GError **error)
{
  g_autofree char *literal = array_literal (names);
  const char *values[] = { database, bench_settings.catalog, table, literal };

  return floor_query (conn, FLOOR_PARTITIONS_SQL ("p.\"PART_NAME\" = ANY ($4::text[])"), 4, values,
                      (int) names->len, error);
}

static gboolean
floor_get_partitions (BenchWorker *worker, guint count, GError **error)
{
  g_autoptr (GPtrArray) names = name_window (worker, count);

  return floor_partitions (worker->pg, bench_settings.database, BENCH_TABLE_PARTITIONED, names, error);
}

static gboolean call_floor_gpbn_10 (BenchWorker *w, GError **e) { return floor_get_partitions (w, 10, e); }
static gboolean call_floor_gpbn_1000 (BenchWorker *w, GError **e) { return floor_get_partitions (w, 1000, e); }
static gboolean call_floor_gpbn_10000 (BenchWorker *w, GError **e) { return floor_get_partitions (w, 10000, e); }

/* --- scale ------------------------------------------------------------------------------- */

static guint scale_days (void);
static guint scale_middle_day (void);

static gboolean
prepare_scale_partitions (GError **error)
{
  if (!load_table_ids (BENCH_SCALE_DATABASE, BENCH_TABLE_SCALE_PARTS, &scale_ids, error))
    return FALSE;
  if (scale_names_1000 == NULL)
    {
      scale_names_1000 = g_ptr_array_new_with_free_func (g_free);
      /* Ten days of 100 buckets from the middle of the table. */
      for (guint i = 0; i < 1000; i++)
        g_ptr_array_add (scale_names_1000, g_strdup_printf ("ds=d%05u/b=%03u", scale_middle_day () + i / 100,
                                                            i % 100));
    }
  return TRUE;
}

/* The scale table has 100 partitions a day; its middle day. */
static guint
scale_days (void)
{
  return MAX (bench_settings.scale_partitions / 100, 1);
}

static guint
scale_middle_day (void)
{
  return scale_days () / 2;
}

/* The scale schema may hold more tables than were loaded (those hmsbench made): at least those. */
static gboolean
expect_tables (BenchWorker *worker, const char *method, GError **error)
{
  guint received = 0;

  if (!bench_receive_list (worker->client, method, &received, error))
    return FALSE;
  return received >= bench_settings.scale_tables
         || expect_count (method, received, bench_settings.scale_tables, error);
}

static gboolean
call_scale_table_meta (BenchWorker *worker, GError **error)
{
  g_autoptr (GPtrArray) types = g_ptr_array_new ();

  return hms_thrift_hive_metastore_client_send_get_table_meta (worker->client->iface, BENCH_SCALE_DATABASE,
                                                               "*", types, error)
         && expect_tables (worker, "get_table_meta", error);
}

static gboolean
call_scale_all_tables (BenchWorker *worker, GError **error)
{
  return hms_thrift_hive_metastore_client_send_get_all_tables (worker->client->iface, BENCH_SCALE_DATABASE,
                                                               error)
         && expect_tables (worker, "get_all_tables", error);
}

static gboolean
call_scale_tables_by_type (BenchWorker *worker, GError **error)
{
  return hms_thrift_hive_metastore_client_send_get_tables_by_type (worker->client->iface,
                                                                   BENCH_SCALE_DATABASE, "*",
                                                                   "EXTERNAL_TABLE", error)
         && expect_tables (worker, "get_tables_by_type", error);
}

static gboolean
call_scale_partition_names (BenchWorker *worker, GError **error)
{
  if (!hms_thrift_hive_metastore_client_send_get_partition_names (worker->client->iface,
                                                                  BENCH_SCALE_DATABASE,
                                                                  BENCH_TABLE_SCALE_PARTS, -1, error))
    return FALSE;
  RECEIVE_LIST (worker, "get_partition_names", bench_settings.scale_partitions, error);
}

static gboolean
call_scale_partition_names_ps (BenchWorker *worker, GError **error)
{
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (values, g_strdup_printf ("d%05u", (guint) (worker->sequence * 37 % scale_days ())));
  g_ptr_array_add (values, g_strdup (""));
  if (!hms_thrift_hive_metastore_client_send_get_partition_names_ps (worker->client->iface,
                                                                      BENCH_SCALE_DATABASE,
                                                                      BENCH_TABLE_SCALE_PARTS, values, -1,
                                                                      error))
    return FALSE;
  RECEIVE_LIST (worker, "get_partition_names_ps", 100, error);
}

static gboolean
call_scale_gpbn_1000 (BenchWorker *worker, GError **error)
{
  if (!hms_thrift_hive_metastore_client_send_get_partitions_by_names (worker->client->iface,
                                                                       BENCH_SCALE_DATABASE,
                                                                       BENCH_TABLE_SCALE_PARTS,
                                                                       scale_names_1000, error))
    return FALSE;
  RECEIVE_LIST (worker, "get_partitions_by_names", 1000, error);
}

/* Half the table: the days from the middle one on. */
#define SCALE_FILTER_TEXT "ds >= \"<middle day>\""

static guint
scale_filter_count (void)
{
  return bench_settings.scale_partitions - scale_middle_day () * 100;
}

static gboolean
call_scale_num_by_filter (BenchWorker *worker, GError **error)
{
  g_autofree char *filter = g_strdup_printf ("ds >= \"d%05u\"", scale_middle_day ());
  gint32 count = 0;
  HmsMetaException *o1 = NULL;
  HmsNoSuchObjectException *o2 = NULL;
  gboolean ok = hms_thrift_hive_metastore_if_get_num_partitions_by_filter (worker->client->iface, &count,
                                                                            BENCH_SCALE_DATABASE,
                                                                            BENCH_TABLE_SCALE_PARTS,
                                                                            filter, &o1, &o2, error);

  if (!bench_check (ok, error, o1, o2, NULL))
    return FALSE;
  return expect_count ("get_num_partitions_by_filter", (guint) count, scale_filter_count (), error);
}

static gboolean
call_floor_scale_table_meta (BenchWorker *worker, GError **error)
{
  const char *values[] = { BENCH_SCALE_DATABASE, bench_settings.catalog };

  return floor_query (worker->pg,
                      "SELECT d.\"NAME\", t.\"TBL_NAME\", t.\"TBL_TYPE\""
                      " FROM \"TBLS\" t JOIN \"DBS\" d ON d.\"DB_ID\" = t.\"DB_ID\""
                      " WHERE d.\"NAME\" = $1 AND d.\"CTLG_NAME\" = $2 ORDER BY t.\"TBL_NAME\"",
                      2, values, -1, error);
}

static gboolean
call_floor_scale_all_tables (BenchWorker *worker, GError **error)
{
  const char *values[] = { BENCH_SCALE_DATABASE, bench_settings.catalog };

  return floor_query (worker->pg,
                      "SELECT t.\"TBL_NAME\" FROM \"TBLS\" t JOIN \"DBS\" d ON d.\"DB_ID\" = t.\"DB_ID\""
                      " WHERE d.\"NAME\" = $1 AND d.\"CTLG_NAME\" = $2 ORDER BY t.\"TBL_NAME\"",
                      2, values, -1, error);
}

static gboolean
call_floor_scale_tables_by_type (BenchWorker *worker, GError **error)
{
  const char *values[] = { BENCH_SCALE_DATABASE, bench_settings.catalog, "EXTERNAL_TABLE" };

  return floor_query (worker->pg,
                      "SELECT t.\"TBL_NAME\" FROM \"TBLS\" t JOIN \"DBS\" d ON d.\"DB_ID\" = t.\"DB_ID\""
                      " WHERE d.\"NAME\" = $1 AND d.\"CTLG_NAME\" = $2 AND t.\"TBL_TYPE\" = $3"
                      " ORDER BY t.\"TBL_NAME\"",
                      3, values, -1, error);
}

static gboolean
call_floor_scale_partition_names (BenchWorker *worker, GError **error)
{
  g_autofree char *table_id = g_strdup_printf ("%" G_GINT64_FORMAT, scale_ids.table_id);
  const char *values[] = { table_id };

  return floor_query (worker->pg,
                      "SELECT \"PART_NAME\" FROM \"PARTITIONS\" WHERE \"TBL_ID\" = $1 ORDER BY \"PART_NAME\"",
                      1, values, (int) bench_settings.scale_partitions, error);
}

static gboolean
call_floor_scale_partition_names_ps (BenchWorker *worker, GError **error)
{
  g_autofree char *table_id = g_strdup_printf ("%" G_GINT64_FORMAT, scale_ids.table_id);
  g_autofree char *day = g_strdup_printf ("d%05u", (guint) (worker->sequence * 37 % scale_days ()));
  const char *values[] = { table_id, day };

  return floor_query (worker->pg,
                      "SELECT p.\"PART_NAME\" FROM \"PARTITIONS\" p JOIN \"PARTITION_KEY_VALS\" v"
                      " ON v.\"PART_ID\" = p.\"PART_ID\" AND v.\"INTEGER_IDX\" = 0"
                      " WHERE p.\"TBL_ID\" = $1 AND v.\"PART_KEY_VAL\" = $2 ORDER BY p.\"PART_NAME\"",
                      2, values, 100, error);
}

static gboolean
call_floor_scale_gpbn_1000 (BenchWorker *worker, GError **error)
{
  return floor_partitions (worker->pg, BENCH_SCALE_DATABASE, BENCH_TABLE_SCALE_PARTS, scale_names_1000,
                           error);
}

static gboolean
call_floor_scale_num_by_filter (BenchWorker *worker, GError **error)
{
  g_autofree char *table_id = g_strdup_printf ("%" G_GINT64_FORMAT, scale_ids.table_id);
  g_autofree char *middle = g_strdup_printf ("d%05u", scale_middle_day ());
  const char *values[] = { table_id, middle };
  g_autoptr (PGresult) result =
    hms_db_exec (worker->pg,
                 "SELECT count(*) FROM \"PARTITIONS\" p JOIN \"PARTITION_KEY_VALS\" v"
                 " ON v.\"PART_ID\" = p.\"PART_ID\" AND v.\"INTEGER_IDX\" = 0"
                 " WHERE p.\"TBL_ID\" = $1 AND v.\"PART_KEY_VAL\" >= $2",
                 2, values, error);

  if (result == NULL)
    return FALSE;
  return expect_count ("floor count", (guint) atoi (PQgetvalue (result, 0, 0)), scale_filter_count (), error);
}

/* --- the table ------------------------------------------------------------------------------ */

#define THRIFT_READ(n, d, f, p) { n, d, TRUE, FALSE, FALSE, 0, 0, p, NULL, NULL, f, NULL, NULL }
#define THRIFT_READ_COUNT(n, d, f, p, calls, warmup) \
  { n, d, TRUE, FALSE, TRUE, calls, warmup, p, NULL, NULL, f, NULL, NULL }
#define PG_READ(n, d, f, p, s) { n, d, FALSE, TRUE, FALSE, 0, 0, p, s, NULL, f, NULL, NULL }
#define PG_READ_COUNT(n, d, f, p, calls, warmup) \
  { n, d, FALSE, TRUE, TRUE, calls, warmup, p, NULL, NULL, f, NULL, NULL }

static const BenchOperation operations[] = {
  THRIFT_READ ("null", "fb303 getStatus: a Thrift round trip, no SQL", call_null, NULL),
  THRIFT_READ ("get_all_databases", "get_all_databases", call_get_all_databases, NULL),
  THRIFT_READ ("get_table", "get_table_req of a 10-column table with 10 parameters", call_get_table, NULL),
  THRIFT_READ ("gpbn.10", "get_partitions_by_names of 10", call_gpbn_10, prepare_partitioned),
  THRIFT_READ ("gpbn.1000", "get_partitions_by_names of 1,000", call_gpbn_1000, prepare_partitioned),
  THRIFT_READ_COUNT ("gpbn.10000", "get_partitions_by_names of 10,000", call_gpbn_10000,
                     prepare_partitioned, 0, 1),
  THRIFT_READ ("get_partition_names_ps", "get_partition_names_ps, day fixed (24 names)",
               call_get_partition_names_ps, prepare_partitioned),
  THRIFT_READ ("get_partitions_by_filter", "get_partitions_by_filter ds = day (24 partitions)",
               call_get_partitions_by_filter, prepare_partitioned),
  THRIFT_READ ("get_table_statistics_req", "get_table_statistics_req of 10 columns",
               call_get_table_statistics, NULL),
  THRIFT_READ ("get_nid", "get_current_notificationEventId (written by hand)", call_get_nid, NULL),
  THRIFT_READ ("lock_unlock", "lock + unlock of a table lock (written by hand)", call_lock_unlock, NULL),
  { "create_drop_table", "create_table + drop_table (10 columns, 10 parameters)",
    TRUE, FALSE, FALSE, 0, 0, prepare_fixture_names, setup_writes, NULL, call_create_drop_table, NULL,
    teardown_writes },
  { "add_partitions.10000", "add_partitions: one call of 10,000 partitions into a new table",
    TRUE, FALSE, TRUE, 0, 0, prepare_fixture_names, setup_writes, before_add_partitions_10000,
    call_add_partitions, NULL, teardown_writes },
  { "add_partition.1000x1", "add_partition: 1,000 calls of one partition",
    TRUE, FALSE, TRUE, 1000, 0, prepare_fixture_names, setup_add_partition, before_add_partition,
    call_add_partition, NULL, teardown_writes },

  PG_READ ("floor.null", "SELECT 1 through libpq", call_floor_null, NULL, NULL),
  PG_READ ("floor.get_table", "the TBLS row by database and table name (PQexecParams)",
           call_floor_get_table, NULL, NULL),
  PG_READ ("floor.get_table.prepared", "the same SELECT as a prepared statement",
           call_floor_get_table_prepared, NULL, setup_floor_prepared),
  PG_READ ("floor.gpbn.10", "one SELECT of 10 partition rows", call_floor_gpbn_10, prepare_partitioned, NULL),
  PG_READ ("floor.gpbn.1000", "one SELECT of 1,000 partition rows", call_floor_gpbn_1000,
           prepare_partitioned, NULL),
  PG_READ_COUNT ("floor.gpbn.10000", "one SELECT of 10,000 partition rows", call_floor_gpbn_10000,
                 prepare_partitioned, 0, 1),
  { "floor.add_partitions.10000", "hms's INSERTs of 10,000 partitions sent directly (store function)",
    TRUE, TRUE, TRUE, 0, 0, prepare_fixture_names, setup_writes, before_store_insert_10000,
    call_store_insert, NULL, teardown_writes },
  { "floor.add_partition.1000x1", "hms's INSERTs of one partition sent directly, 1,000 times",
    TRUE, TRUE, TRUE, 1000, 0, prepare_fixture_names, setup_store_insert_one, before_store_insert_one,
    call_store_insert, NULL, teardown_writes },

  PG_READ ("store.get_table", "hms_store_table_get: hms's SQL and row decoding, no Thrift",
           call_store_get_table, NULL, NULL),
  PG_READ ("store.gpbn.10", "hms_store_partition_get_many of 10", call_store_gpbn_10, prepare_partitioned, NULL),
  PG_READ ("store.gpbn.1000", "hms_store_partition_get_many of 1,000", call_store_gpbn_1000,
           prepare_partitioned, NULL),
  PG_READ_COUNT ("store.gpbn.10000", "hms_store_partition_get_many of 10,000", call_store_gpbn_10000,
                 prepare_partitioned, 0, 1),

  THRIFT_READ_COUNT ("scale.get_table_meta", "get_table_meta(scale, *, []) of 200,000 tables",
                     call_scale_table_meta, NULL, 3, 1),
  THRIFT_READ_COUNT ("scale.get_all_tables", "get_all_tables of 200,000 tables",
                     call_scale_all_tables, NULL, 3, 1),
  THRIFT_READ_COUNT ("scale.get_tables_by_type", "get_tables_by_type(scale, *, EXTERNAL_TABLE): hms keeps non-ACID managed tables as external, as Hive 4 does",
                     call_scale_tables_by_type, NULL, 3, 1),
  THRIFT_READ_COUNT ("scale.get_partition_names", "get_partition_names of 1,000,000",
                     call_scale_partition_names, prepare_scale_partitions, 3, 1),
  THRIFT_READ_COUNT ("scale.get_partition_names_ps", "get_partition_names_ps, day fixed (100 of 1,000,000)",
                     call_scale_partition_names_ps, prepare_scale_partitions, 20, 2),
  THRIFT_READ_COUNT ("scale.gpbn.1000", "get_partitions_by_names of 1,000 of 1,000,000",
                     call_scale_gpbn_1000, prepare_scale_partitions, 10, 2),
  THRIFT_READ_COUNT ("scale.get_num_partitions_by_filter", "get_num_partitions_by_filter " SCALE_FILTER_TEXT,
                     call_scale_num_by_filter, prepare_scale_partitions, 3, 1),
  PG_READ_COUNT ("floor.scale.get_table_meta", "SELECT of 200,000 (database, name, type) rows",
                 call_floor_scale_table_meta, NULL, 3, 1),
  PG_READ_COUNT ("floor.scale.get_all_tables", "SELECT of 200,000 names", call_floor_scale_all_tables,
                 NULL, 3, 1),
  PG_READ_COUNT ("floor.scale.get_tables_by_type", "SELECT of 200,000 names of a type",
                 call_floor_scale_tables_by_type, NULL, 3, 1),
  PG_READ_COUNT ("floor.scale.get_partition_names", "SELECT of 1,000,000 PART_NAMEs",
                 call_floor_scale_partition_names, prepare_scale_partitions, 3, 1),
  PG_READ_COUNT ("floor.scale.get_partition_names_ps", "SELECT of 100 PART_NAMEs by first value",
                 call_floor_scale_partition_names_ps, prepare_scale_partitions, 20, 2),
  PG_READ_COUNT ("floor.scale.gpbn.1000", "one SELECT of 1,000 of 1,000,000 partition rows",
                 call_floor_scale_gpbn_1000, prepare_scale_partitions, 10, 2),
  PG_READ_COUNT ("floor.scale.get_num_partitions_by_filter", "count(*) of half the partitions",
                 call_floor_scale_num_by_filter, prepare_scale_partitions, 3, 1),
};

const BenchOperation *
bench_percall_find (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (operations); i++)
    if (strcmp (operations[i].name, name) == 0)
      return &operations[i];
  return NULL;
}

void
bench_percall_list (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (operations); i++)
    g_print ("%-40s %s\n", operations[i].name, operations[i].description);
}
