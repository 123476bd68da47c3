/*
 * main.c
 *    The hms command: `hms serve`, `hms schematool`, `hms version`.
 *
 * serve reads the configuration (conf.c), finds the metastore database (a
 * configured PostgreSQL, or an embedded one it starts itself), makes sure
 * the schema is there (schema.c), and serves the Thrift API (server.c,
 * handler.c) until SIGINT or SIGTERM.
 */
#include <locale.h>
#include <pthread.h>
#include <unistd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "conf.h"
#include "db.h"
#include "discovery.h"
#include "embedded.h"
#include "error.h"
#include "handler.h"
#include "log.h"
#include "memory.h"
#include "msck.h"
#include "pgpool.h"
#include "schema.h"
#include "schematool.h"
#include "server.h"
#include "store.h"
#include "warehouse.h"
#include "webhook.h"


/* Tries over about half a minute before giving up on PostgreSQL at start. */
#define CONNECT_ATTEMPTS 7

/* How long a replica started with IS_RESUME=true waits for the schema. */
#define RESUME_WAIT_SECONDS 120

typedef struct
{
  char     *conf_dir;
  char    **overrides;
  char     *data_dir;
  char     *log_format;
  gboolean  print_config;
} ServeOptions;

static void
serve_options_clear (ServeOptions *options)
{
  g_free (options->conf_dir);
  g_strfreev (options->overrides);
  g_free (options->data_dir);
  g_free (options->log_format);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ServeOptions, serve_options_clear)

/* Blocks SIGINT/SIGTERM everywhere; this thread waits for them and stops the server. */
static gpointer
wait_for_signal (gpointer data)
{
  HmsServer *server = data;
  sigset_t signals;
  int received = 0;

  sigemptyset (&signals);
  sigaddset (&signals, SIGINT);
  sigaddset (&signals, SIGTERM);
  sigwait (&signals, &received);
  g_message ("received %s, shutting down", received == SIGINT ? "SIGINT" : "SIGTERM");
  hms_server_stop (server);
  return NULL;
}

static gboolean
parse_serve_options (int *argc, char ***argv, ServeOptions *options, GError **error)
{
  GOptionEntry entries[] = {
    { "conf", 'c', 0, G_OPTION_ARG_FILENAME, &options->conf_dir,
      "Read hive-site.xml and metastore-site.xml from DIR (default: $HIVE_CONF_DIR, else /opt/hive/conf)", "DIR" },
    { "define", 'D', 0, G_OPTION_ARG_STRING_ARRAY, &options->overrides,
      "Set a configuration key, overriding the files", "KEY=VALUE" },
    { "hiveconf", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->overrides,
      "The same as -D", "KEY=VALUE" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &options->data_dir,
      "Where the embedded PostgreSQL keeps its data when no database is configured (default: ./hms-data)", "DIR" },
    { "print-config", 0, 0, G_OPTION_ARG_NONE, &options->print_config,
      "Print the effective configuration (passwords masked) and exit", NULL },
    { "log-format", 0, 0, G_OPTION_ARG_STRING, &options->log_format,
      "text (default) or json: one JSON object per line", "FORMAT" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- serve the Hive Metastore Thrift API");

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Without javax.jdo.option.ConnectionURL, hms starts its own PostgreSQL under --data-dir.\n"
    "IS_RESUME=true: never initialise the schema, wait for one to exist.\n");
  return g_option_context_parse (context, argc, argv, error);
}

/* The context every call reads: the configuration and what follows from it. */
static gboolean
context_init (HmsContext *context, HmsConf *conf, HmsPool *pool, GError **error)
{
  const char *external = hms_conf_get_string (conf, HMS_CONF_WAREHOUSE_EXTERNAL_DIR);

  context->conf = conf;
  context->pool = pool;
  context->default_catalog = g_ascii_strdown (hms_conf_get_string (conf, HMS_CONF_CATALOG_DEFAULT), -1);
  context->warehouse_uri = hms_warehouse_qualify_path (hms_conf_get (conf, "fs.defaultFS"),
                                                       hms_conf_get_string (conf, HMS_CONF_WAREHOUSE_DIR));
  context->external_warehouse_uri =
    (external != NULL && external[0] != '\0')
      ? hms_warehouse_qualify_path (hms_conf_get (conf, "fs.defaultFS"), external)
      : g_strdup (context->warehouse_uri);
  context->started_at = g_get_real_time () / G_USEC_PER_SEC;
  context->s3_clients = hms_s3_clients_new (conf);
  return TRUE;
}

static void
context_clear (HmsContext *context)
{
  g_free (context->default_catalog);
  g_free (context->warehouse_uri);
  g_free (context->external_warehouse_uri);
  g_clear_pointer (&context->s3_clients, hms_s3_clients_free);
}

/*
 * Settings a client would rely on that hms does not provide yet: refusing to
 * start beats serving plain text to a client that expects TLS or SASL.
 */
static gboolean
check_supported_transport (HmsConf *conf, GError **error)
{
  const char *mode = hms_conf_get_string (conf, HMS_CONF_THRIFT_TRANSPORT_MODE);
  const char *authentication = hms_conf_get_string (conf, HMS_CONF_AUTHENTICATION);
  const char *unsupported = NULL;

  if (hms_conf_get_bool (conf, HMS_CONF_USE_SSL))
    unsupported = "metastore.use.SSL=true (TLS)";
  else if (hms_conf_get_bool (conf, HMS_CONF_SASL_ENABLED))
    unsupported = "metastore.sasl.enabled=true (SASL)";
  else if (mode != NULL && g_ascii_strcasecmp (mode, "binary") != 0)
    unsupported = "metastore.server.thrift.transport.mode other than binary";
  else if (authentication != NULL && g_ascii_strcasecmp (authentication, "NOSASL") != 0
           && g_ascii_strcasecmp (authentication, "NONE") != 0)
    unsupported = "metastore.authentication other than NOSASL or NONE";
  if (unsupported == NULL)
    return TRUE;
  g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
               "unsupported configuration: %s. hms serves plain TBinaryProtocol over TCP (framed or not) "
               "without authentication; put TLS or authentication in front of it, or unset the key.",
               unsupported);
  return FALSE;
}

/* Makes sure the schema is there, then serves until a signal stops the server. */
static gboolean
serve_database (HmsConf *conf, const char *conninfo, GError **error)
{
  HmsContext context = { 0 };
  g_autoptr (HmsPool) pool = NULL;
  g_autoptr (GError) local = NULL;
  HmsServerOptions server_options = { 0 };
  HmsServer *server;
  HmsHandler *handler;
  ThriftProcessor *processor;
  GThread *signal_thread;
  HmsDiscoveryTask *discovery;
  HmsWebhook *webhook = NULL;
  PGconn *startup_conn = NULL;
  gint64 max_threads, pool_size, port, max_message_size;
  gboolean ok;
  sigset_t signals;

  if ((port = hms_conf_get_int (conf, HMS_CONF_THRIFT_PORT, error)) < 0
      || (max_threads = hms_conf_get_int (conf, HMS_CONF_SERVER_MAX_THREADS, error)) < 0
      || (pool_size = hms_conf_get_int (conf, HMS_CONF_CONNECTION_POOL_MAX_SIZE, error)) < 0
      || (max_message_size = hms_conf_get_int (conf, HMS_CONF_SERVER_MAX_MESSAGE_SIZE, error)) < 0)
    return FALSE;

  {
    g_autofree char *target = hms_db_describe_target (conninfo);
    PGconn *conn;

    g_message ("connecting to the metastore database at %s", target);
    conn = hms_db_connect_retry (conninfo, CONNECT_ATTEMPTS, error);
    if (conn == NULL)
      return FALSE;
    context_init (&context, conf, NULL, NULL);
    ok = hms_schema_prepare_for_serving (conn,
                                         g_strcmp0 (g_getenv ("IS_RESUME"), "true") == 0,
                                         hms_conf_get_bool (conf, HMS_CONF_SCHEMA_VERIFICATION),
                                         RESUME_WAIT_SECONDS,
                                         context.warehouse_uri, context.external_warehouse_uri,
                                         error);
    if (!ok)
      {
        PQfinish (conn);
        context_clear (&context);
        return FALSE;
      }
    startup_conn = conn;
  }

  pool = hms_pool_new (conninfo, (guint) pool_size);
  /* The connection that checked the schema serves the first call, warm. */
  hms_pool_adopt (pool, g_steal_pointer (&startup_conn));
  context.pool = pool;
  /* Ids in blocks reserved on a connection of their own, as DataNucleus does. */
  hms_store_ids_configure (conninfo);
  handler = hms_handler_new (&context);
  processor = hms_processor_new (handler);

  server_options.bind_host = hms_conf_get_string (conf, HMS_CONF_THRIFT_BIND_HOST);
  server_options.port = (guint) port;
  server_options.framed = hms_conf_get_bool (conf, HMS_CONF_THRIFT_FRAMED_TRANSPORT_ENABLED);
  server_options.compact = hms_conf_get_bool (conf, HMS_CONF_THRIFT_COMPACT_PROTOCOL_ENABLED);
  server_options.max_threads = (guint) MAX (max_threads, 1);
  server_options.max_message_size = max_message_size;

  /* Signals go to the waiting thread only: block them before any other thread starts. */
  sigemptyset (&signals);
  sigaddset (&signals, SIGINT);
  sigaddset (&signals, SIGTERM);
  pthread_sigmask (SIG_BLOCK, &signals, NULL);

  /* The bucket notification endpoint, when configured (webhook.h): failing to listen stops serve. */
  webhook = hms_webhook_start (&context, &local);
  server = local != NULL ? NULL : hms_server_new (&server_options, THRIFT_PROCESSOR (processor), error);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      ok = FALSE;
    }
  else if (server == NULL)
    ok = FALSE;
  else
    {
      g_message ("listening on %s port %u (%s%s transport, %s protocol)",
                 (server_options.bind_host && server_options.bind_host[0]) ? server_options.bind_host
                                                                          : "all interfaces",
                 hms_server_port (server),
                 server_options.framed ? "framed" : "buffered", "",
                 server_options.compact ? "compact" : "binary");
      signal_thread = g_thread_new ("hms-signals", wait_for_signal, server);
      discovery = hms_discovery_task_start (conf, conninfo);
      ok = hms_server_run (server, error);
      if (!ok)
        {
          /* Wake the signal thread so it can be joined. */
          kill (getpid (), SIGTERM);
        }
      g_thread_join (signal_thread);
      hms_webhook_stop (g_steal_pointer (&webhook));
      hms_discovery_task_stop (discovery);
      hms_server_free (server);
      g_message ("stopped");
    }

  hms_webhook_stop (webhook);
  g_object_unref (processor);
  g_object_unref (handler);
  hms_store_ids_configure (NULL);
  context_clear (&context);
  return ok;
}

static int
serve_main (int argc, char **argv)
{
  g_auto (ServeOptions) options = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (HmsConf) conf = NULL;
  g_autofree char *conninfo = NULL;
  HmsEmbedded *embedded = NULL;
  HmsLogFormat log_format = HMS_LOG_TEXT;
  int status = EXIT_FAILURE;

  if (!parse_serve_options (&argc, &argv, &options, &error))
    {
      g_printerr ("hms serve: %s\nTry \"hms serve --help\" for more information.\n", error->message);
      return 2;
    }
  if (options.log_format == NULL && g_getenv ("HMS_LOG_FORMAT") != NULL)
    options.log_format = g_strdup (g_getenv ("HMS_LOG_FORMAT"));
  if (options.log_format != NULL && !hms_log_parse_format (options.log_format, &log_format))
    {
      g_printerr ("hms serve: invalid log format \"%s\"\nHint: Use text or json.\n", options.log_format);
      return 2;
    }
  hms_log_init (log_format);
  hms_memory_configure ();

  conf = hms_conf_load_for_command (options.conf_dir, options.overrides, &error);
  if (conf == NULL)
    {
      g_critical ("%s", error->message);
      return EXIT_FAILURE;
    }

  if (!hms_conf_is_set (conf, HMS_CONF_CONNECTION_URL))
    {
      g_autofree char *data_dir = g_canonicalize_filename (options.data_dir ? options.data_dir : "hms-data", NULL);

      /* The embedded default serves this machine only, and keeps its warehouse beside its data. */
      if (!hms_conf_is_set (conf, HMS_CONF_THRIFT_BIND_HOST))
        hms_conf_set (conf, "metastore.thrift.bind.host", "127.0.0.1");
      if (!hms_conf_is_set (conf, HMS_CONF_WAREHOUSE_DIR))
        {
          g_autofree char *warehouse = g_build_filename (data_dir, "warehouse", NULL);

          hms_conf_set (conf, "metastore.warehouse.dir", warehouse);
        }
    }

  if (options.print_config)
    {
      hms_conf_print (conf, stdout);
      return EXIT_SUCCESS;
    }
  if (!check_supported_transport (conf, &error))
    {
      g_critical ("%s", error->message);
      return EXIT_FAILURE;
    }

  if (hms_conf_is_set (conf, HMS_CONF_CONNECTION_URL))
    {
      conninfo = hms_conf_database_conninfo (conf, &error);
      if (conninfo != NULL && serve_database (conf, conninfo, &error))
        status = EXIT_SUCCESS;
    }
  else
    {
      g_autofree char *data_dir = g_canonicalize_filename (options.data_dir ? options.data_dir : "hms-data", NULL);

      embedded = hms_embedded_start (data_dir, &error);
      if (embedded != NULL && serve_database (conf, hms_embedded_conninfo (embedded), &error))
        status = EXIT_SUCCESS;
      if (embedded != NULL)
        hms_embedded_stop (embedded);
    }
  if (status != EXIT_SUCCESS)
    g_critical ("%s", error->message);
  return status;
}

static int
version_main (void)
{
  g_print ("hms %s (Hive Metastore API and schema %s)\n", HMS_VERSION, HMS_SCHEMA_VERSION);
  return EXIT_SUCCESS;
}

static void
print_usage (FILE *out)
{
  fprintf (out,
           "hms: a Hive Metastore on PostgreSQL\n"
           "\n"
           "Usage:\n"
           "  hms serve [--conf DIR] [-D KEY=VALUE ...] [--data-dir DIR] [--print-config]\n"
           "  hms schematool -dbType postgres -initSchema | -upgradeSchema | -info | -validate | ...\n"
           "  hms msck [--add | --drop | --sync] [--dry-run] [--conf DIR] [-D KEY=VALUE ...] DB.TABLE\n"
           "  hms version\n"
           "\n"
           "Run \"hms COMMAND --help\" for a command's options.\n");
}

/*
 * GLib 2.74 allocates GObjects and its containers from its own slice
 * allocator, which keeps freed memory for itself: a server that once
 * answered a call of 10,000 partitions would stay that large.  The slice
 * allocator reads G_SLICE once, when GLib itself starts (before main), so
 * a server started without it runs itself again with
 * G_SLICE=always-malloc, which hands every allocation to malloc (whose
 * free memory memory.c gives back).  Setting G_SLICE to anything keeps
 * whatever the user chose; if the exec fails, the server runs as it is.
 */
static void
prefer_malloc (char **argv)
{
  /* The file itself rather than /proc/self/exe, so the process keeps its name. */
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  if (self == NULL || g_getenv ("G_SLICE") != NULL)
    return;
  if (!g_setenv ("G_SLICE", "always-malloc", TRUE))
    return;
  execv (self, argv);
  g_unsetenv ("G_SLICE");
}

int
main (int argc, char **argv)
{
  const char *command = argc > 1 ? argv[1] : NULL;

  setlocale (LC_ALL, "");
  /* Writes to a client that hung up fail with EPIPE instead of killing the process. */
  signal (SIGPIPE, SIG_IGN);

  if (command == NULL || strcmp (command, "help") == 0 || strcmp (command, "--help") == 0
      || strcmp (command, "-h") == 0)
    {
      print_usage (command == NULL ? stderr : stdout);
      return command == NULL ? 2 : EXIT_SUCCESS;
    }
  if (strcmp (command, "serve") == 0)
    {
      prefer_malloc (argv);
      return serve_main (argc - 1, argv + 1);
    }
  if (strcmp (command, "schematool") == 0)
    {
      hms_log_init (HMS_LOG_TEXT);
      return hms_schematool_main (argc - 1, argv + 1);
    }
  if (strcmp (command, "msck") == 0)
    return hms_msck_main (argc - 1, argv + 1);
  if (strcmp (command, "version") == 0 || strcmp (command, "--version") == 0)
    return version_main ();

  fprintf (stderr, "hms: unknown command \"%s\"\n\n", command);
  print_usage (stderr);
  return 2;
}
