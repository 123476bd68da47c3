/*
 * main.c
 *    hms-bench: the load generator bench/run drives.  Each command prints
 *    one JSON object on stdout (figures, or "error") and exits non-zero
 *    when it failed.
 *
 *    hms-bench [OPTION...] list
 *    hms-bench [OPTION...] fixtures
 *    hms-bench [OPTION...] percall OPERATION      (see `list`)
 *    hms-bench [OPTION...] hmsbench OPERATION     (upstream hmsbench names)
 *    hms-bench [OPTION...] load-tables COUNT
 *    hms-bench [OPTION...] load-partitions COUNT
 *    hms-bench [OPTION...] startup -- HMS-COMMAND...
 */
#include "bench.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

BenchSettings bench_settings = {
  .port = 9083,
  .clients = 1,
  .seconds = 3,
  .warmup_seconds = 1,
  .iterations = 100,
  .warmup = 15,
  .budget_seconds = 8,
  .objects = 100,
  .params = 100,
  .threads = 2,
  .scale_tables = 200000,
  .scale_partitions = 1000000,
};

static gint startup_times = 5;

static GOptionEntry entries[] = {
  { "host", 0, 0, G_OPTION_ARG_STRING, &bench_settings.host, "hms host (127.0.0.1)", "HOST" },
  { "port", 0, 0, G_OPTION_ARG_INT, &bench_settings.port, "hms port (9083)", "PORT" },
  { "pg", 0, 0, G_OPTION_ARG_STRING, &bench_settings.pg_conninfo,
    "libpq connection string of the floor's and the store path's connections", "CONNINFO" },
  { "admin", 0, 0, G_OPTION_ARG_STRING, &bench_settings.admin_conninfo,
    "superuser connection string, to count statements with pg_stat_statements", "CONNINFO" },
  { "hms-role", 0, 0, G_OPTION_ARG_STRING, &bench_settings.hms_role, "the role hms logs in as", "ROLE" },
  { "database", 0, 0, G_OPTION_ARG_STRING, &bench_settings.database, "fixture database (bench)", "NAME" },
  { "catalog", 0, 0, G_OPTION_ARG_STRING, &bench_settings.catalog, "catalog (hive)", "NAME" },
  { "clients", 'c', 0, G_OPTION_ARG_INT, &bench_settings.clients, "concurrent clients (1)", "N" },
  { "seconds", 's', 0, G_OPTION_ARG_DOUBLE, &bench_settings.seconds, "measured seconds (3)", "S" },
  { "warmup-seconds", 0, 0, G_OPTION_ARG_DOUBLE, &bench_settings.warmup_seconds, "warm-up seconds (1)", "S" },
  { "calls", 0, 0, G_OPTION_ARG_INT, &bench_settings.calls,
    "count mode: calls in all (the operation's default)", "N" },
  { "warmup-calls", 0, 0, G_OPTION_ARG_INT, &bench_settings.warmup_calls,
    "count mode: warm-up calls per client", "N" },
  { "new-connection", 0, 0, G_OPTION_ARG_NONE, &bench_settings.new_connection,
    "open a new Thrift connection for every call", NULL },
  { "count-sql", 0, 0, G_OPTION_ARG_INT, &bench_settings.sql_count,
    "first count hms's statements over N calls (needs --admin and --hms-role)", "N" },
  { "sample-waits", 0, 0, G_OPTION_ARG_NONE, &bench_settings.sample_waits,
    "sample what hms's PostgreSQL backends wait on while measuring (needs --admin and --hms-role)", NULL },
  { "server-pid", 0, 0, G_OPTION_ARG_INT, &bench_settings.server_pid, "hms's pid, for its CPU time", "PID" },
  { "postmaster-pid", 0, 0, G_OPTION_ARG_INT, &bench_settings.postmaster_pid,
    "PostgreSQL's pid, for its CPU time", "PID" },
  { "iterations", 'L', 0, G_OPTION_ARG_INT, &bench_settings.iterations, "hmsbench: measured iterations (100)", "N" },
  { "warmup", 'W', 0, G_OPTION_ARG_INT, &bench_settings.warmup, "hmsbench: warm-up iterations (15)", "N" },
  { "budget", 0, 0, G_OPTION_ARG_DOUBLE, &bench_settings.budget_seconds,
    "hmsbench: seconds after which an operation stops measuring (8)", "S" },
  { "objects", 'N', 0, G_OPTION_ARG_INT, &bench_settings.objects, "hmsbench: N (100)", "N" },
  { "params", 0, 0, G_OPTION_ARG_INT, &bench_settings.params,
    "hmsbench: parameters of dropTableWithPartitions' partitions, as upstream's --params (100)", "N" },
  { "threads", 'T', 0, G_OPTION_ARG_INT, &bench_settings.threads,
    "hmsbench: threads of concurrentPartitionAdd (2)", "N" },
  { "scale-tables", 0, 0, G_OPTION_ARG_INT, &bench_settings.scale_tables,
    "scale: the tables load-tables made (200000)", "N" },
  { "scale-partitions", 0, 0, G_OPTION_ARG_INT, &bench_settings.scale_partitions,
    "scale: the partitions load-partitions made (1000000)", "N" },
  { "times", 0, 0, G_OPTION_ARG_INT, &startup_times, "startup: how many starts (5)", "N" },
  { NULL },
};

static gboolean
dispatch (int argc, char **argv, JsonBuilder *builder, GError **error)
{
  const char *command = argv[1];

  json_builder_set_member_name (builder, "command");
  json_builder_add_string_value (builder, command);
  if (strcmp (command, "list") == 0)
    {
      bench_percall_list ();
      bench_hmsbench_list ();
      return TRUE;
    }
  if (strcmp (command, "fixtures") == 0)
    return bench_fixtures_create (builder, error);
  if (strcmp (command, "percall") == 0 && argc == 3)
    {
      const BenchOperation *operation = bench_percall_find (argv[2]);

      if (operation == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no operation %s (see `list`)", argv[2]);
          return FALSE;
        }
      if (bench_settings.sql_count > 0
          && !bench_count_statements (operation, bench_settings.sql_count, builder, error))
        return FALSE;
      return bench_run_operation (operation, builder, error);
    }
  if (strcmp (command, "hmsbench") == 0 && argc == 3)
    return bench_hmsbench_run (argv[2], builder, error);
  if (strcmp (command, "load-tables") == 0 && argc == 3)
    return bench_load_tables ((guint) atoi (argv[2]), builder, error);
  if (strcmp (command, "load-partitions") == 0 && argc == 3)
    return bench_load_partitions ((guint) atoi (argv[2]), builder, error);
  if (strcmp (command, "startup") == 0 && argc > 2)
    {
      char **hms_command = argv + 2;

      /* GOption leaves the "--" that ends the options. */
      if (strcmp (hms_command[0], "--") == 0)
        hms_command++;
      return bench_startup (hms_command, (guint) MAX (startup_times, 1), builder, error);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "unknown command or missing argument: %s",
               command);
  return FALSE;
}

int
main (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("COMMAND [ARGUMENT...]");
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *text = NULL;
  gboolean ok;

  setlocale (LC_ALL, "C");
  bench_register_types ();
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "The load generator of hms's bench/: commands list, fixtures, percall OP,\n"
                                "hmsbench OP, load-tables N, load-partitions N, startup -- HMS-COMMAND...");
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc < 2)
    {
      g_printerr ("hms-bench: %s\n", error ? error->message : "no command (try --help)");
      return 2;
    }
  if (bench_settings.host == NULL)
    bench_settings.host = g_strdup ("127.0.0.1");
  if (bench_settings.database == NULL)
    bench_settings.database = g_strdup ("bench");
  if (bench_settings.catalog == NULL)
    bench_settings.catalog = g_strdup ("hive");

  json_builder_begin_object (builder);
  ok = dispatch (argc, argv, builder, &error);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, ok);
  if (!ok)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, error->message);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  if (strcmp (argv[1], "list") != 0)
    g_print ("%s\n", text);
  return ok ? 0 : 1;
}
