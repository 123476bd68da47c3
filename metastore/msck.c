/*
 * msck.c
 *    `hms msck [--add | --drop | --sync] [--dry-run] [--conf DIR]
 *    [-D KEY=VALUE] DB.TABLE`: Hive's MSCK REPAIR TABLE ... ADD, DROP or
 *    SYNC PARTITIONS for one table, on demand, through partition discovery
 *    (discovery.h) against the configured metastore database.
 *
 * It prints what Hive's MSCK prints, one line per partition:
 *
 *   Partitions not in metastore:    db.table:k=v      (found in S3)
 *   Partitions missing from filesystem:  db.table:k=v (gone from S3)
 *   Expired partitions (retention period: 3600s) :  db.table:k=v
 *   Repair: Added partition to metastore db.table:k=v
 *   Repair: Dropped partition from metastore db.table:k=v
 *
 * With --drop or --sync and metastore.msck.repair.enable.partition.retention
 * set to true, the partitions older than the table's
 * partition.retention.period are dropped too, as Hive's MSCK REPAIR does
 * then (their data is kept, as MSCK's is).
 *
 * (the Repair lines only without --dry-run), then the directories it
 * skipped.  Exit status 0 when the discovery completed, 1 when it failed
 * (nothing was changed), 2 for a usage error.
 */
#include "msck.h"
#include "conf.h"
#include "db.h"
#include "discovery.h"
#include "error.h"
#include "log.h"
#include "names.h"
#include "s3_config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  gboolean  add;
  gboolean  drop;
  gboolean  sync;
  gboolean  dry_run;
  char     *conf_dir;
  char    **overrides;
  char    **arguments;
} MsckOptions;

static void
msck_options_clear (MsckOptions *options)
{
  g_free (options->conf_dir);
  g_strfreev (options->overrides);
  g_strfreev (options->arguments);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MsckOptions, msck_options_clear)


static void
print_names (const char *heading, const char *table, GPtrArray *names)
{
  for (guint i = 0; i < names->len; i++)
    g_print ("%s%s:%s\n", heading, table, (const char *) g_ptr_array_index (names, i));
}

int
hms_msck_main (int argc, char **argv)
{
  g_auto (MsckOptions) options = { 0 };
  GOptionEntry entries[] = {
    { "add", 0, 0, G_OPTION_ARG_NONE, &options.add,
      "Add the partitions found in S3 that the metastore lacks (the default)", NULL },
    { "drop", 0, 0, G_OPTION_ARG_NONE, &options.drop,
      "Drop the partitions whose directories are gone from S3", NULL },
    { "sync", 0, 0, G_OPTION_ARG_NONE, &options.sync, "Both --add and --drop", NULL },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &options.dry_run,
      "Print what would change and change nothing", NULL },
    { "conf", 'c', 0, G_OPTION_ARG_FILENAME, &options.conf_dir,
      "Read hive-site.xml and metastore-site.xml from DIR (default: $HIVE_CONF_DIR, else /opt/hive/conf)", "DIR" },
    { "define", 'D', 0, G_OPTION_ARG_STRING_ARRAY, &options.overrides,
      "Set a configuration key, overriding the files", "KEY=VALUE" },
    { "hiveconf", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.overrides, "The same as -D", "KEY=VALUE" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.arguments, NULL, "DB.TABLE" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- MSCK REPAIR TABLE: register the partitions found in S3");
  g_autoptr (GError) error = NULL;
  g_autoptr (HmsConf) conf = NULL;
  g_autoptr (HmsS3Clients) clients = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *catalog = NULL;
  g_autofree char *database = NULL;
  g_autofree char *table = NULL;
  g_autofree char *qualified = NULL;
  g_auto (HmsDiscoveryResult) result = { 0 };
  HmsDiscoveryMode mode;
  const char *dot;
  PGconn *conn;
  gboolean ok;

  hms_log_init (HMS_LOG_TEXT);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("hms msck: %s\nTry \"hms msck --help\" for more information.\n", error->message);
      return 2;
    }
  if (options.arguments == NULL || options.arguments[0] == NULL || options.arguments[1] != NULL
      || (dot = strchr (options.arguments[0], '.')) == NULL || dot == options.arguments[0]
      || dot[1] == '\0')
    {
      g_printerr ("hms msck: expected one DB.TABLE argument\nTry \"hms msck --help\" for more information.\n");
      return 2;
    }
  if (options.add + options.drop + options.sync > 1)
    {
      g_printerr ("hms msck: --add, --drop and --sync are exclusive\n");
      return 2;
    }
  mode = options.sync ? HMS_DISCOVERY_SYNC : options.drop ? HMS_DISCOVERY_DROP : HMS_DISCOVERY_ADD;

  conf = hms_conf_load_for_command (options.conf_dir, options.overrides, &error);
  if (conf == NULL)
    {
      g_printerr ("hms msck: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (!hms_conf_is_set (conf, HMS_CONF_CONNECTION_URL))
    {
      g_printerr ("hms msck: %s is not set: msck works on a configured metastore database\n",
                  hms_conf_var_name (HMS_CONF_CONNECTION_URL));
      return EXIT_FAILURE;
    }
  conninfo = hms_conf_database_conninfo (conf, &error);
  if (conninfo == NULL)
    {
      g_printerr ("hms msck: %s\n", error->message);
      return EXIT_FAILURE;
    }

  {
    g_autofree char *raw_database = g_strndup (options.arguments[0], dot - options.arguments[0]);

    database = hms_name_normalize (raw_database);
    table = hms_name_normalize (dot + 1);
  }
  catalog = g_ascii_strdown (hms_conf_get_string (conf, HMS_CONF_CATALOG_DEFAULT), -1);
  qualified = g_strdup_printf ("%s.%s", database, table);

  conn = hms_db_connect (conninfo, &error);
  if (conn == NULL)
    {
      g_printerr ("hms msck: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (hms_conf_get_bool (conf, HMS_CONF_MSCK_REPAIR_ENABLE_PARTITION_RETENTION))
    mode |= HMS_DISCOVERY_RETENTION;
  clients = hms_s3_clients_new (conf);
  ok = hms_discovery_run_table (conn, conf, clients, catalog, database, table, mode, options.dry_run,
                                &result, NULL, &error);
  PQfinish (conn);
  if (!ok)
    {
      g_printerr ("hms msck: MSCK of %s failed, nothing changed: %s\n", qualified, error->message);
      return EXIT_FAILURE;
    }
  print_names ("Partitions not in metastore:\t", qualified, result.added);
  print_names ("Partitions missing from filesystem:\t", qualified, result.dropped);
  {
    g_autofree char *heading = g_strdup_printf ("Expired partitions (retention period: %" G_GINT64_FORMAT
                                                "s) :\t", result.retention_seconds);

    print_names (heading, qualified, result.expired);
  }
  if (!options.dry_run)
    {
      print_names ("Repair: Added partition to metastore ", qualified, result.added);
      print_names ("Repair: Dropped partition from metastore ", qualified, result.dropped);
      print_names ("Repair: Dropped partition from metastore ", qualified, result.expired);
    }
  for (guint i = 0; i < result.ignored->len; i++)
    g_print ("Skipped directory: %s\n", (const char *) g_ptr_array_index (result.ignored, i));
  return EXIT_SUCCESS;
}
