/*
 * hmsbench.c
 *    The operations of Hive's own benchmark tool (apache/hive
 *    standalone-metastore/metastore-tools/metastore-benchmarks, from
 *    akolb1/hclient), whose published figures for the Java metastore the
 *    report sets beside ours.  Each operation does what HMSBenchmarks.java
 *    does in the version that produced the published table: the same
 *    calls, measured and unmeasured steps (MicroBenchmark.measure(pre,
 *    test, post)), table and partition shapes (createPartitionedTable: one
 *    string column "name", partition key "date"; values "d<i>").
 *
 *    `--params` parameters go where upstream's --params puts them: on the
 *    partitions of dropTableWithPartitions (the published run used
 *    --params=100); tables and other partitions have none, as there.
 *
 *    Differences, on purpose: partition objects are built before the
 *    measured step (in Java building them is inside it, and costs little);
 *    an operation stops measuring after --budget seconds (at least 3
 *    iterations) so that the whole run stays bounded, and says how many
 *    iterations it measured.
 */
#include "bench.h"

#include <pthread.h>
#include <string.h>

#include "handler.h"

#define BENCH_DATABASE_NAME "hmsbench"
#define BENCH_TABLE_NAME    "bench_table"

typedef struct
{
  BenchClient *client;
  guint        objects;
  guint        params;        /* of the partitions it builds */
  HmsTable    *table;         /* as read back */
  HmsTable    *renamed;       /* renameTable: the table under its other name */
  GPtrArray   *partitions;    /* built for the next step */
  GPtrArray   *names;         /* partition names */
} Bench;

typedef gboolean (*Step) (Bench *bench, GError **error);

/*
 * MicroBenchmark.measure(pre, test, post): warm-up iterations, then
 * measured ones (the time of `test` only).  To stay within the time budget,
 * an operation whose iterations are long warms up once, and measuring
 * stops once the budget is spent and three iterations are measured.
 */
#define MINIMUM_MEASURED 3

static gboolean
measure (Bench *bench, Step pre, Step test, Step post, GArray *latencies, guint *warmups,
         GError **error)
{
  gint64 started = bench_now ();
  guint warmup = bench_settings.warmup;

  *warmups = 0;
  while (latencies->len < bench_settings.iterations)
    {
      gint64 iteration_start = bench_now (), start, latency;
      gboolean warming = *warmups < warmup;

      if (!warming && latencies->len >= MINIMUM_MEASURED
          && (bench_now () - started) / 1e9 > bench_settings.budget_seconds)
        break;
      if (pre != NULL && !pre (bench, error))
        return FALSE;
      start = bench_now ();
      if (!test (bench, error))
        return FALSE;
      latency = bench_now () - start;
      if (post != NULL && !post (bench, error))
        return FALSE;
      if (warming)
        {
          (*warmups)++;
          /* One long iteration is warm-up enough. */
          if ((bench_now () - iteration_start) / 1e9 > bench_settings.budget_seconds / 10)
            warmup = *warmups;
        }
      else
        g_array_append_val (latencies, latency);
    }
  return TRUE;
}

/* --- steps ------------------------------------------------------------------------ */

static const char *const name_column[] = { "name", NULL };
static const char *const date_key[] = { "date", NULL };
static const char *const many_columns[] = { "name", "string", NULL };
static const char *const many_keys[] = { "date", "string", NULL };

static gboolean
create_partitioned_table (Bench *bench, GError **error)
{
  bench_auto_unref HmsTable *table = bench_table_new (BENCH_DATABASE_NAME, BENCH_TABLE_NAME, name_column,
                                                      date_key, 0);

  if (!bench_create_table (bench->client, table, error))
    return FALSE;
  g_clear_object (&bench->table);
  bench->table = bench_get_table (bench->client, BENCH_DATABASE_NAME, BENCH_TABLE_NAME, error);
  return bench->table != NULL;
}

static gboolean
drop_bench_table (Bench *bench, GError **error)
{
  return bench_drop_table (bench->client, BENCH_DATABASE_NAME, BENCH_TABLE_NAME, TRUE, error);
}

/* Partitions d<prefix>0 .. d<prefix>(count-1) of bench->table, with the parameters. */
static void
build_partitions (Bench *bench, const char *prefix, guint count)
{
  g_clear_pointer (&bench->partitions, g_ptr_array_unref);
  bench->partitions = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < count; i++)
    {
      g_autofree char *value = g_strdup_printf ("d%s%u", prefix, i);
      const char *values[] = { value };

      g_ptr_array_add (bench->partitions, bench_partition_new (bench->table, values, bench->params));
    }
}

/* Util.addManyPartitions: get_table, then add_partitions of the built ones. */
static gboolean
add_many_partitions (Bench *bench, GError **error)
{
  bench_auto_unref HmsTable *table = bench_get_table (bench->client, BENCH_DATABASE_NAME,
                                                      BENCH_TABLE_NAME, error);

  return table != NULL && bench_add_partitions (bench->client, bench->partitions, error);
}

/* HMSClient.dropPartitions(db, table, null): get_partition_names, then drop_partitions_req. */
static gboolean
drop_all_partitions (Bench *bench, GError **error)
{
  g_autoptr (GPtrArray) names = bench_partition_names (bench->client, BENCH_DATABASE_NAME,
                                                       BENCH_TABLE_NAME, error);

  return names != NULL
         && bench_drop_partitions_by_name (bench->client, BENCH_DATABASE_NAME, BENCH_TABLE_NAME,
                                           names, error);
}

static gboolean
setup_partitioned (Bench *bench, guint count, GError **error)
{
  if (!create_partitioned_table (bench, error))
    return FALSE;
  build_partitions (bench, "", count);
  return count == 0 || add_many_partitions (bench, error);
}

/* --- the operations ----------------------------------------------------------------- */

static gboolean
test_get_nid (Bench *bench, GError **error)
{
  gboolean served;

  if (!bench_call_without_arguments (bench->client, "get_current_notificationEventId", &served, error))
    return FALSE;
  if (!served)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                 "get_current_notificationEventId is not served");
  return served;
}

static gboolean
test_list_databases (Bench *bench, GError **error)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  HmsMetaException *o1 = NULL;
  gboolean ok = hms_thrift_hive_metastore_if_get_all_databases (bench->client->iface, &names, &o1, error);

  return bench_check (ok, error, o1, NULL);
}

static gboolean
test_list_tables (Bench *bench, GError **error)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  HmsMetaException *o1 = NULL;
  gboolean ok = hms_thrift_hive_metastore_if_get_all_tables (bench->client->iface, &names,
                                                              BENCH_DATABASE_NAME, &o1, error);

  return bench_check (ok, error, o1, NULL);
}

/* createManyTables: tmp_table_<i> with columns (name, string) and keys (date, string). */
static gboolean
create_many_tables (Bench *bench, GError **error)
{
  for (guint i = 0; i < bench->objects; i++)
    {
      g_autofree char *name = g_strdup_printf ("tmp_table_%u", i);
      bench_auto_unref HmsTable *table = bench_table_new (BENCH_DATABASE_NAME, name, many_columns,
                                                          many_keys, 0);

      if (!bench_create_table (bench->client, table, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
test_get_table (Bench *bench, GError **error)
{
  bench_auto_unref HmsTable *table = bench_get_table (bench->client, BENCH_DATABASE_NAME,
                                                      BENCH_TABLE_NAME, error);

  return table != NULL;
}

static gboolean
create_default_table (Bench *bench, GError **error)
{
  bench_auto_unref HmsTable *table = bench_table_new (BENCH_DATABASE_NAME, BENCH_TABLE_NAME, NULL, NULL, 0);

  return bench_create_table (bench->client, table, error);
}

static gboolean
add_one_partition (Bench *bench, GError **error)
{
  bench_auto_unref HmsPartition *added = g_object_new (HMS_TYPE_PARTITION, NULL);
  HmsInvalidObjectException *o1 = NULL;
  HmsAlreadyExistsException *o2 = NULL;
  HmsMetaException *o3 = NULL;
  gboolean ok = hms_thrift_hive_metastore_if_add_partition (bench->client->iface, &added,
                                                             g_ptr_array_index (bench->partitions, 0),
                                                             &o1, &o2, &o3, error);

  return bench_check (ok, error, o1, o2, o3, NULL);
}

static gboolean
drop_one_partition (Bench *bench, GError **error)
{
  HmsPartition *added = g_ptr_array_index (bench->partitions, 0);
  GPtrArray *values = added->values;
  gboolean dropped = FALSE;
  HmsNoSuchObjectException *o1 = NULL;
  HmsMetaException *o2 = NULL;
  gboolean ok;

  ok = hms_thrift_hive_metastore_if_drop_partition (bench->client->iface, &dropped, BENCH_DATABASE_NAME,
                                                     BENCH_TABLE_NAME, values, TRUE, &o1, &o2, error);
  return bench_check (ok, error, o1, o2, NULL);
}

static gboolean
test_list_partitions (Bench *bench, GError **error)
{
  g_autoptr (GPtrArray) partitions = g_ptr_array_new_with_free_func (g_object_unref);
  HmsNoSuchObjectException *o1 = NULL;
  HmsMetaException *o2 = NULL;
  gboolean ok = hms_thrift_hive_metastore_if_get_partitions (bench->client->iface, &partitions,
                                                              BENCH_DATABASE_NAME, BENCH_TABLE_NAME, -1,
                                                              &o1, &o2, error);

  if (!bench_check (ok, error, o1, o2, NULL))
    return FALSE;
  if (partitions->len != bench->objects)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "get_partitions returned %u of %u",
                   partitions->len, bench->objects);
      return FALSE;
    }
  return TRUE;
}

static gboolean
test_partition_names (Bench *bench, GError **error)
{
  g_autoptr (GPtrArray) names = bench_partition_names (bench->client, BENCH_DATABASE_NAME,
                                                       BENCH_TABLE_NAME, error);

  return names != NULL;
}

static gboolean
test_partitions_by_names (Bench *bench, GError **error)
{
  g_autoptr (GPtrArray) partitions = g_ptr_array_new_with_free_func (g_object_unref);
  HmsMetaException *o1 = NULL;
  HmsNoSuchObjectException *o2 = NULL;
  HmsInvalidObjectException *o3 = NULL;
  gboolean ok = hms_thrift_hive_metastore_if_get_partitions_by_names (bench->client->iface, &partitions,
                                                                       BENCH_DATABASE_NAME,
                                                                       BENCH_TABLE_NAME, bench->names,
                                                                       &o1, &o2, &o3, error);

  if (!bench_check (ok, error, o1, o2, o3, NULL))
    return FALSE;
  if (partitions->len != bench->names->len)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "get_partitions_by_names returned %u of %u",
                   partitions->len, bench->names->len);
      return FALSE;
    }
  return TRUE;
}

/* dropTableWithPartitions: the table and its partitions are made before each measured drop. */
static gboolean
pre_table_with_partitions (Bench *bench, GError **error)
{
  return create_partitioned_table (bench, error) && add_many_partitions (bench, error);
}

static gboolean
rename_there_and_back (Bench *bench, GError **error)
{
  HmsInvalidOperationException *o1 = NULL;
  HmsMetaException *o2 = NULL;
  gboolean ok = hms_thrift_hive_metastore_if_alter_table (bench->client->iface, BENCH_DATABASE_NAME,
                                                           BENCH_TABLE_NAME, bench->renamed,
                                                           &o1, &o2, error);

  if (!bench_check (ok, error, o1, o2, NULL))
    return FALSE;
  ok = hms_thrift_hive_metastore_if_alter_table (bench->client->iface, BENCH_DATABASE_NAME,
                                                 bench->renamed->tableName, bench->table, &o1, &o2, error);
  return bench_check (ok, error, o1, o2, NULL);
}

static gboolean
pre_database_with_tables (Bench *bench, GError **error)
{
  return bench_create_database (bench->client, BENCH_DATABASE_NAME, error)
         && create_many_tables (bench, error);
}

static gboolean
test_drop_database (Bench *bench, GError **error)
{
  return bench_drop_database (bench->client, BENCH_DATABASE_NAME, FALSE, error);
}

/* concurrentPartitionAdd#T: T threads, each on a new connection: add N, then drop those N. */
typedef struct
{
  Bench   *bench;
  guint    instance;
  GError  *error;
} Adder;

static gpointer
add_drop_partitions (gpointer data)
{
  Adder *adder = data;
  Bench *bench = adder->bench;
  g_autoptr (GPtrArray) partitions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  BenchClient *client = bench_client_open (&adder->error);

  if (client == NULL)
    return NULL;
  for (guint i = 0; i < bench->objects; i++)
    {
      g_autofree char *value = g_strdup_printf ("d%u%u", adder->instance, i);
      const char *values[] = { value };

      g_ptr_array_add (partitions, bench_partition_new (bench->table, values, bench->params));
      g_ptr_array_add (names, g_strdup_printf ("date=%s", value));
    }
  if (bench_add_partitions (client, partitions, &adder->error))
    bench_drop_partitions_by_name (client, BENCH_DATABASE_NAME, BENCH_TABLE_NAME, names, &adder->error);
  bench_client_close (client);
  return NULL;
}

static gboolean
test_concurrent_partition_add (Bench *bench, GError **error)
{
  guint threads = MAX (bench_settings.threads, 1);
  g_autofree Adder *adders = g_new0 (Adder, threads);
  g_autofree GThread **handles = g_new0 (GThread *, threads);
  gboolean ok = TRUE;

  for (guint i = 0; i < threads; i++)
    {
      adders[i].bench = bench;
      adders[i].instance = i;
      handles[i] = g_thread_new ("bench-adder", add_drop_partitions, &adders[i]);
    }
  for (guint i = 0; i < threads; i++)
    {
      g_thread_join (handles[i]);
      if (adders[i].error != NULL)
        {
          if (ok)
            g_propagate_error (error, adders[i].error);
          else
            g_error_free (adders[i].error);
          ok = FALSE;
        }
    }
  return ok;
}

/* --- the table of operations --------------------------------------------------------- */

typedef enum
{
  SETUP_NONE,
  SETUP_TABLE,              /* createPartitionedTable */
  SETUP_PARTITIONS,         /* ... with N partitions (1 for the unsuffixed getPartition) */
  SETUP_TABLES,             /* N tables */
  SETUP_NAMES,              /* ... N partitions and their names */
  SETUP_RENAME,             /* ... N partitions and the renamed copy */
  SETUP_BUILD,              /* a table, N partition objects built but not added */
  SETUP_NO_DATABASE,        /* the database dropped (dropDatabase) */
} Setup;

typedef struct
{
  const char *name;
  gboolean    with_objects;    /* the name takes .N */
  Setup       setup;
  Step        pre, test, post;
  const char *calls;           /* what the measured step calls */
} Operation;

static const Operation hmsbench_operations[] = {
  { "getNid", FALSE, SETUP_NONE, NULL, test_get_nid, NULL, "get_current_notificationEventId" },
  { "listDatabases", FALSE, SETUP_NONE, NULL, test_list_databases, NULL, "get_all_databases" },
  { "listTables", TRUE, SETUP_TABLES, NULL, test_list_tables, NULL, "get_all_tables (N tables)" },
  { "getTable", FALSE, SETUP_TABLE, NULL, test_get_table, NULL, "get_table_req" },
  { "createTable", FALSE, SETUP_NONE, NULL, create_default_table, drop_bench_table, "create_table" },
  { "dropTable", FALSE, SETUP_NONE, create_default_table, drop_bench_table, NULL, "drop_table" },
  { "addPartition", FALSE, SETUP_BUILD, NULL, add_one_partition, drop_one_partition, "add_partition" },
  { "getPartition", FALSE, SETUP_PARTITIONS, NULL, test_list_partitions, NULL,
    "get_partitions of a 1-partition table" },
  { "addPartitions", TRUE, SETUP_BUILD, NULL, add_many_partitions, drop_all_partitions,
    "get_table + add_partitions (N)" },
  { "listPartitions", TRUE, SETUP_PARTITIONS, NULL, test_list_partitions, NULL, "get_partitions (N)" },
  { "getPartitionNames", TRUE, SETUP_PARTITIONS, NULL, test_partition_names, NULL,
    "get_partition_names (N)" },
  { "getPartitionsByNames", TRUE, SETUP_NAMES, NULL, test_partitions_by_names, NULL,
    "get_partitions_by_names (N)" },
  { "dropPartitions", TRUE, SETUP_BUILD, add_many_partitions, drop_all_partitions, NULL,
    "get_partition_names + drop_partitions_req (N)" },
  { "dropTableWithPartitions", TRUE, SETUP_BUILD, pre_table_with_partitions, drop_bench_table, NULL,
    "drop_table with N partitions" },
  { "renameTable", TRUE, SETUP_RENAME, NULL, rename_there_and_back, NULL,
    "alter_table rename and back, N partitions" },
  { "dropDatabase", TRUE, SETUP_NO_DATABASE, pre_database_with_tables, test_drop_database, NULL,
    "drop_database cascade with N tables" },
  { "concurrentPartitionAdd", TRUE, SETUP_TABLE, NULL, test_concurrent_partition_add, NULL,
    "T threads: new connection, add_partitions (N), drop_partitions_req (N)" },
};

static const Operation *
find (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (hmsbench_operations); i++)
    if (strcmp (hmsbench_operations[i].name, name) == 0)
      return &hmsbench_operations[i];
  return NULL;
}

void
bench_hmsbench_list (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (hmsbench_operations); i++)
    g_print ("%-26s%s %s\n", hmsbench_operations[i].name,
             hmsbench_operations[i].with_objects ? ".N" : "  ", hmsbench_operations[i].calls);
}

static gboolean
set_up (Bench *bench, const Operation *operation, GError **error)
{
  switch (operation->setup)
    {
    case SETUP_NONE:
      return TRUE;
    case SETUP_TABLE:
      return create_partitioned_table (bench, error);
    case SETUP_PARTITIONS:
      return setup_partitioned (bench, bench->objects, error);
    case SETUP_TABLES:
      return create_many_tables (bench, error);
    case SETUP_NAMES:
      if (!setup_partitioned (bench, bench->objects, error))
        return FALSE;
      bench->names = bench_partition_names (bench->client, BENCH_DATABASE_NAME, BENCH_TABLE_NAME, error);
      return bench->names != NULL;
    case SETUP_RENAME:
      if (!setup_partitioned (bench, bench->objects, error))
        return FALSE;
      /* As upstream: the table read back, its location emptied, and a copy under another name. */
      g_free (bench->table->sd->location);
      bench->table->sd->location = g_strdup ("");
      bench->renamed = hms_struct_copy (bench->table);
      g_free (bench->renamed->tableName);
      bench->renamed->tableName = g_strdup (BENCH_TABLE_NAME "_renamed");
      return TRUE;
    case SETUP_BUILD:
      if (!create_partitioned_table (bench, error))
        return FALSE;
      build_partitions (bench, "", bench->objects);
      if (operation->pre == pre_table_with_partitions)
        return drop_bench_table (bench, error);
      return TRUE;
    case SETUP_NO_DATABASE:
      return bench_drop_database (bench->client, BENCH_DATABASE_NAME, TRUE, error);
    }
  return TRUE;
}

/* Leaves the database as it found it: empty, whatever failed. */
static void
clean_up (Bench *bench, const Operation *operation)
{
  g_autoptr (GError) error = NULL;

  if (!bench_drop_database (bench->client, BENCH_DATABASE_NAME, TRUE, &error)
      || !bench_create_database (bench->client, BENCH_DATABASE_NAME, &error))
    g_printerr ("hms-bench: cleaning up after %s: %s\n", operation->name, error->message);
}

gboolean
bench_hmsbench_run (const char *name, JsonBuilder *builder, GError **error)
{
  const Operation *operation = find (name);
  Bench bench = { 0 };
  g_autoptr (GArray) latencies = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GError) failure = NULL;
  g_autofree char *label = NULL;
  BenchSummary summary;
  guint warmups = 0;
  gboolean ok;

  if (operation == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no hmsbench operation %s", name);
      return FALSE;
    }
  bench.objects = operation->with_objects ? MAX (bench_settings.objects, 1) : 1;
  bench.params = operation->pre == pre_table_with_partitions ? bench_settings.params : 0;
  label = operation->with_objects ? g_strdup_printf ("%s.%u", name, bench.objects) : g_strdup (name);
  if (operation->test == test_concurrent_partition_add)
    {
      g_free (label);
      label = g_strdup_printf ("%s#%u.%u", name, MAX (bench_settings.threads, 1), bench.objects);
    }
  bench.client = bench_client_open (error);
  if (bench.client == NULL)
    return FALSE;

  /* A clean database to start from, as BenchmarkTool makes sure of. */
  ok = bench_drop_database (bench.client, BENCH_DATABASE_NAME, TRUE, &failure)
       && bench_create_database (bench.client, BENCH_DATABASE_NAME, &failure)
       && set_up (&bench, operation, &failure)
       && measure (&bench, operation->pre, operation->test, operation->post, latencies, &warmups,
                   &failure);
  /* Upstream drops the N tables one by one here; dropping the database does it faster. */
  clean_up (&bench, operation);

  bench_summarise (latencies, &summary);
  json_builder_set_member_name (builder, "operation");
  json_builder_add_string_value (builder, label);
  json_builder_set_member_name (builder, "calls");
  json_builder_add_string_value (builder, operation->calls);
  json_builder_set_member_name (builder, "objects");
  json_builder_add_int_value (builder, operation->with_objects ? bench.objects : 0);
  json_builder_set_member_name (builder, "params");
  json_builder_add_int_value (builder, bench.params);
  json_builder_set_member_name (builder, "warmup");
  json_builder_add_int_value (builder, warmups);
  bench_add_summary (builder, &summary);
  json_builder_set_member_name (builder, "complete");
  json_builder_add_boolean_value (builder, ok);
  json_builder_set_member_name (builder, "served");
  json_builder_add_boolean_value (builder,
                                  failure == NULL
                                  || !g_error_matches (failure, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED));
  if (failure != NULL)
    {
      json_builder_set_member_name (builder, "failure");
      json_builder_add_string_value (builder, failure->message);
    }

  g_clear_object (&bench.table);
  g_clear_object (&bench.renamed);
  g_clear_pointer (&bench.partitions, g_ptr_array_unref);
  g_clear_pointer (&bench.names, g_ptr_array_unref);
  bench_client_close (bench.client);
  return TRUE;
}
