/*
 * schematool.c
 *    `hms schematool` (see schematool.h): Hive's option parsing, messages
 *    and -validate checks over the schema functions of schema.c.
 *
 * The command line follows Hive's SchemaToolCommandLine (commons-cli with
 * single-dash long options; a double dash is accepted too), and the output
 * follows MetastoreSchemaTool and its SchemaToolTask* classes line for line
 * where scripts may read it ("Metastore schema version:\t 4.2.0").  Errors
 * go to stderr, then "*** schemaTool failed ***" and exit code 1.
 *
 * Unlike Hive, whose scripts run through SqlLine statement by statement,
 * every script runs inside one transaction: a failed initialisation or
 * upgrade changes nothing, and an existing schema is never initialised
 * over (Hive's -initSchema would fail halfway through on it).
 */
#define G_LOG_DOMAIN "hms"

#include "schematool.h"
#include "conf.h"
#include "db.h"
#include "error.h"
#include "schema.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Connection attempts while the database may still be starting (compose, k8s). */
#define CONNECT_ATTEMPTS 5
/* Rows fetched per query when checking locations, as Hive's 2000-id ranges. */
#define LOCATION_PAGE_SIZE "2000"

typedef enum
{
  TASK_NONE,
  TASK_HELP,
  TASK_INFO,
  TASK_INIT,
  TASK_INIT_TO,
  TASK_UPGRADE,
  TASK_UPGRADE_FROM,
  TASK_INIT_OR_UPGRADE,
  TASK_VALIDATE,
  TASK_UNSUPPORTED,   /* a Hive task hms does not implement */
} Task;

typedef struct
{
  const char *name;
  Task        task;          /* TASK_NONE for options that are not tasks */
  const char *argument;      /* NULL for options without a value */
  const char *description;
} OptionSpec;

/* Hive's options, in Hive's order, then hms's configuration options. */
static const OptionSpec option_specs[] = {
  { "help", TASK_HELP, NULL, "print this message" },
  { "info", TASK_INFO, NULL, "Show config and schema details" },
  { "upgradeSchema", TASK_UPGRADE, NULL, "Schema upgrade" },
  { "upgradeSchemaFrom", TASK_UPGRADE_FROM, "upgradeFrom", "Schema upgrade from a version" },
  { "initSchema", TASK_INIT, NULL, "Schema initialization" },
  { "initSchemaTo", TASK_INIT_TO, "initTo", "Schema initialization to a version" },
  { "initOrUpgradeSchema", TASK_INIT_OR_UPGRADE, NULL,
    "Initialize or upgrade schema to latest version" },
  { "validate", TASK_VALIDATE, NULL, "Validate the database" },
  { "dropAllDatabases", TASK_UNSUPPORTED, NULL, "(Hive only; not supported by hms)" },
  { "createCatalog", TASK_UNSUPPORTED, "catalog", "(Hive only; not supported by hms)" },
  { "alterCatalog", TASK_UNSUPPORTED, "catalog", "(Hive only; not supported by hms)" },
  { "mergeCatalog", TASK_UNSUPPORTED, "catalog", "(Hive only; not supported by hms)" },
  { "moveDatabase", TASK_UNSUPPORTED, "database", "(Hive only; not supported by hms)" },
  { "moveTable", TASK_UNSUPPORTED, "table", "(Hive only; not supported by hms)" },
  { "createUser", TASK_UNSUPPORTED, NULL, "(Hive only; not supported by hms)" },
  { "createLogsTable", TASK_UNSUPPORTED, NULL, "(Hive only; not supported by hms)" },
  { "dbType", TASK_NONE, "databaseType", "Metastore database type (postgres)" },
  { "userName", TASK_NONE, "user", "Override config file user name" },
  { "passWord", TASK_NONE, "password", "Override config file password" },
  { "url", TASK_NONE, "url", "connection url to the database" },
  { "driver", TASK_NONE, "driver", "driver name for connection" },
  { "dbOpts", TASK_NONE, "databaseOpts", "Backend DB specific options (ignored)" },
  { "dryRun", TASK_NONE, NULL, "list SQL scripts (no execute)" },
  { "verbose", TASK_NONE, NULL, "only print SQL statements" },
  { "servers", TASK_NONE, "serverList",
    "a comma-separated list of servers used in location validation in the format of"
    " scheme://authority (e.g. hdfs://localhost:8000)" },
  { "conf", TASK_NONE, "dir", "hms: configuration directory (default $HIVE_CONF_DIR, else /opt/hive/conf)" },
  { "D", TASK_NONE, "key=value", "hms: set a configuration property" },
  { "hiveconf", TASK_NONE, "key=value", "hms: set a configuration property" },
};

typedef struct
{
  Task       task;
  char      *task_option;
  char      *task_value;     /* -initSchemaTo / -upgradeSchemaFrom */
  char      *db_type;
  char      *user_name;
  char      *password;
  char      *url;
  char      *driver;
  char      *servers;
  char      *conf_dir;
  GPtrArray *overrides;      /* "key=value" from -D / --hiveconf */
  gboolean   dry_run;
  gboolean   verbose;
} Options;

static void
options_clear (Options *options)
{
  g_free (options->task_option);
  g_free (options->task_value);
  g_free (options->db_type);
  g_free (options->user_name);
  g_free (options->password);
  g_free (options->url);
  g_free (options->driver);
  g_free (options->servers);
  g_free (options->conf_dir);
  g_clear_pointer (&options->overrides, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static void
print_usage (FILE *out)
{
  fprintf (out, "usage: schemaTool\n");
  for (guint i = 0; i < G_N_ELEMENTS (option_specs); i++)
    {
      const OptionSpec *spec = &option_specs[i];
      g_autofree char *left = spec->argument != NULL
                              ? g_strdup_printf ("-%s <%s>", spec->name, spec->argument)
                              : g_strdup_printf ("-%s", spec->name);

      fprintf (out, " %-36s %s\n", left, spec->description);
    }
}

static const OptionSpec *
find_option (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (option_specs); i++)
    if (strcmp (option_specs[i].name, name) == 0)
      return &option_specs[i];
  return NULL;
}

/* Stores one parsed option (with its value, NULL for flags). */
static gboolean
store_option (Options *options, const OptionSpec *spec, const char *value, GError **error)
{
  const char *name = spec->name;
  char **target = NULL;

  if (spec->task != TASK_NONE)
    {
      if (options->task != TASK_NONE)
        {
          g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_INPUT,
                       "The option '%s' was specified but an option from this group has"
                       " already been selected: '%s'", name, options->task_option);
          return FALSE;
        }
      options->task = spec->task;
      options->task_option = g_strdup (name);
      options->task_value = g_strdup (value);
      return TRUE;
    }
  if (strcmp (name, "dryRun") == 0)
    options->dry_run = TRUE;
  else if (strcmp (name, "verbose") == 0)
    options->verbose = TRUE;
  else if (strcmp (name, "D") == 0 || strcmp (name, "hiveconf") == 0)
    g_ptr_array_add (options->overrides, g_strdup (value));
  else if (strcmp (name, "dbType") == 0)
    target = &options->db_type;
  else if (strcmp (name, "userName") == 0)
    target = &options->user_name;
  else if (strcmp (name, "passWord") == 0)
    target = &options->password;
  else if (strcmp (name, "url") == 0)
    target = &options->url;
  else if (strcmp (name, "driver") == 0)
    target = &options->driver;
  else if (strcmp (name, "servers") == 0)
    target = &options->servers;
  else if (strcmp (name, "conf") == 0)
    target = &options->conf_dir;
  /* -dbOpts is accepted and ignored: it only ever meant something to SqlLine. */
  if (target != NULL)
    {
      g_free (*target);
      *target = g_strdup (value);
    }
  return TRUE;
}

/*
 * Parses argv as commons-cli's GnuParser would: "-name value", "-name=value",
 * "--name value", "-Dkey=value" and "-D key=value".
 */
static gboolean
parse_options (int argc, char **argv, Options *options, GError **error)
{
  options->overrides = g_ptr_array_new_with_free_func (g_free);
  for (int i = 1; i < argc; i++)
    {
      const char *argument = argv[i];
      g_autofree char *name = NULL;
      const char *inline_value = NULL;
      const OptionSpec *spec = NULL;
      const char *value = NULL;

      if (argument[0] != '-' || argument[1] == '\0')
        {
          g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_INPUT,
                       "Unrecognized argument: %s", argument);
          return FALSE;
        }
      name = g_strdup (argument[1] == '-' ? argument + 2 : argument + 1);
      if (name[0] == 'D' && name[1] != '\0')
        {
          /* -Dkey=value: the Java system property form. */
          inline_value = argument + (argument[1] == '-' ? 3 : 2);
          name[1] = '\0';
        }
      else
        {
          char *equals = strchr (name, '=');

          if (equals != NULL)
            {
              *equals = '\0';
              inline_value = argument + (equals - name) + (argument[1] == '-' ? 3 : 2);
            }
        }
      spec = find_option (name);
      if (spec == NULL)
        {
          g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_INPUT,
                       "Unrecognized option: %s", argument);
          return FALSE;
        }
      if (spec->argument != NULL)
        {
          value = inline_value;
          if (value == NULL && i + 1 < argc)
            value = argv[++i];
          if (value == NULL)
            {
              g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_INPUT,
                           "Missing argument for option: %s", spec->name);
              return FALSE;
            }
        }
      else if (inline_value != NULL)
        {
          g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_INPUT,
                       "Option -%s takes no value", spec->name);
          return FALSE;
        }
      if (!store_option (options, spec, value, error))
        return FALSE;
    }

  if (options->task == TASK_HELP)
    return TRUE;
  if (options->task == TASK_NONE)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_INPUT,
                   "Missing required option: one of -help, -info, -upgradeSchema,"
                   " -upgradeSchemaFrom, -initSchema, -initSchemaTo, -initOrUpgradeSchema,"
                   " -validate");
      return FALSE;
    }
  if (options->db_type == NULL)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_INPUT, "Missing required option: dbType");
      return FALSE;
    }
  if (strcmp (options->db_type, "postgres") != 0)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_INPUT,
                   "Unsupported dbType %s: hms keeps its metastore in PostgreSQL only;"
                   " use -dbType postgres.", options->db_type);
      return FALSE;
    }
  if (options->task == TASK_UNSUPPORTED)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_INPUT,
                   "-%s is not supported by hms schematool", options->task_option);
      return FALSE;
    }
  return TRUE;
}

/* Progress from schema.c: Hive's lines to stdout; statements only with -verbose. */
static void
print_progress (HmsSchemaOutput kind, const char *line, gpointer user_data)
{
  const Options *options = user_data;

  if (kind == HMS_SCHEMA_OUTPUT_VERBOSE && !options->verbose)
    return;
  printf ("%s\n", line);
  fflush (stdout);
}

/* A line for stderr, after what stdout has so far. */
static void G_GNUC_PRINTF (1, 2)
print_problem (const char *format, ...)
{
  va_list arguments;

  fflush (stdout);
  va_start (arguments, format);
  vfprintf (stderr, format, arguments);
  va_end (arguments);
  fputc ('\n', stderr);
  fflush (stderr);
}

/*
 * The configuration as `hms serve` reads it: the conf directory, then
 * SERVICE_OPTS, then -D / --hiveconf, then -url, -userName, -passWord and
 * -driver, which override the javax.jdo.option.* keys as in Hive.
 */
static HmsConf *
load_configuration (const Options *options, GError **error)
{
  g_autoptr (HmsConf) conf = hms_conf_new ();
  g_autofree char *default_dir = NULL;
  const char *service_opts = g_getenv ("SERVICE_OPTS");
  const char *dir = options->conf_dir;

  if (dir == NULL)
    dir = default_dir = hms_conf_default_dir ();
  if (!hms_conf_load_dir (conf, dir, error))
    return NULL;
  if (service_opts != NULL && !hms_conf_apply_service_opts (conf, service_opts, error))
    return NULL;
  for (guint i = 0; i < options->overrides->len; i++)
    if (!hms_conf_set_override (conf, g_ptr_array_index (options->overrides, i), error))
      return NULL;
  if (options->url != NULL)
    hms_conf_set (conf, hms_conf_var_name (HMS_CONF_CONNECTION_URL), options->url);
  if (options->user_name != NULL)
    hms_conf_set (conf, hms_conf_var_name (HMS_CONF_CONNECTION_USER_NAME), options->user_name);
  if (options->password != NULL)
    hms_conf_set (conf, hms_conf_var_name (HMS_CONF_CONNECTION_PASSWORD), options->password);
  if (options->driver != NULL)
    hms_conf_set (conf, hms_conf_var_name (HMS_CONF_CONNECTION_DRIVER_NAME), options->driver);
  return g_steal_pointer (&conf);
}

/* HiveSchemaHelper's connection lines; the password is never printed. */
static void
print_connection_info (HmsConf *conf)
{
  const char *url = hms_conf_get_string (conf, HMS_CONF_CONNECTION_URL);
  const char *driver = hms_conf_get_string (conf, HMS_CONF_CONNECTION_DRIVER_NAME);
  const char *user = hms_conf_get_string (conf, HMS_CONF_CONNECTION_USER_NAME);
  g_autofree char *shown = url != NULL ? hms_conf_redact_url (url) : g_strdup ("");

  printf ("Metastore connection URL:\t %s\n", shown);
  printf ("Metastore connection Driver :\t %s\n", driver != NULL ? driver : "");
  printf ("Metastore connection User:\t %s\n", user != NULL ? user : "");
  fflush (stdout);
}

static PGconn *
connect_to_metastore (HmsConf *conf, GError **error)
{
  g_autofree char *conninfo = NULL;

  if (!hms_conf_is_set (conf, HMS_CONF_CONNECTION_URL))
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                   "no metastore database is configured: javax.jdo.option.ConnectionURL is not set."
                   " Set it in hive-site.xml, with -D or SERVICE_OPTS, or pass -url;"
                   " the embedded database of hms serve is not reachable from schematool.");
      return NULL;
    }
  conninfo = hms_conf_database_conninfo (conf, error);
  if (conninfo == NULL)
    return NULL;
  return hms_db_connect_retry (conninfo, CONNECT_ATTEMPTS, error);
}

/* Hive's assertCompatibleVersion. */
static gboolean
check_compatible (const char *db_version, GError **error)
{
  if (hms_schema_versions_compatible (HMS_SCHEMA_VERSION, db_version))
    return TRUE;
  g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
               "metastore schema version is not compatible: Hive version %s,"
               " database schema version %s", HMS_SCHEMA_VERSION, db_version);
  return FALSE;
}

static gboolean
run_info (PGconn *conn, GError **error)
{
  g_autofree char *db_version = hms_schema_read_version (conn, error);

  if (db_version == NULL)
    return FALSE;
  printf ("Hive distribution version:\t %s\n", HMS_SCHEMA_VERSION);
  printf ("Metastore schema version:\t %s\n", db_version);
  return check_compatible (db_version, error);
}

/* Hive's verifySchemaVersion after an initialisation or upgrade. */
static gboolean
verify_schema_version (PGconn *conn, GError **error)
{
  g_autofree char *db_version = hms_schema_read_version (conn, error);

  return db_version != NULL && check_compatible (db_version, error);
}

static gboolean
run_init (PGconn *conn, const Options *options, GError **error)
{
  const char *version = options->task == TASK_INIT_TO ? options->task_value : HMS_SCHEMA_VERSION;

  if (options->dry_run)
    {
      g_autofree char *script = hms_schema_initialization_script (version, error);

      if (script == NULL)
        return FALSE;
      printf ("Starting metastore schema initialization to %s\n", version);
      printf ("Initialization script %s\n", script);
      return TRUE;
    }
  if (!hms_schema_initialize (conn, version, print_progress, (gpointer) options, error))
    return FALSE;
  /* Like Hive, -initSchemaTo skips the check: it may create an older schema. */
  return options->task == TASK_INIT_TO || verify_schema_version (conn, error);
}

static gboolean
run_upgrade (PGconn *conn, const Options *options, GError **error)
{
  const char *from = options->task == TASK_UPGRADE_FROM ? options->task_value : NULL;

  return hms_schema_upgrade (conn, from, options->dry_run, print_progress,
                             (gpointer) options, error);
}

/* Hive's initOrUpgradeSchema: upgrade when a version can be read, else initialise. */
static gboolean
run_init_or_upgrade (PGconn *conn, Options *options, GError **error)
{
  g_autoptr (GError) read_error = NULL;
  g_autoptr (GError) init_error = NULL;
  g_autofree char *db_version = hms_schema_read_version (conn, &read_error);

  if (db_version != NULL)
    return run_upgrade (conn, options, error);
  g_debug ("no schema version (%s); initialising", read_error->message);
  printf ("Initializing the schema to: %s\n", HMS_SCHEMA_VERSION);
  options->task = TASK_INIT;
  if (run_init (conn, options, &init_error))
    return TRUE;
  /* Another process initialised it in between: then there may be nothing to do. */
  if (g_error_matches (init_error, HMS_ERROR, HMS_ERROR_ALREADY_EXISTS))
    {
      printf ("The schema was initialised by another process meanwhile\n");
      return run_upgrade (conn, options, error);
    }
  g_propagate_error (error, g_steal_pointer (&init_error));
  return FALSE;
}

/* ---- -validate ---------------------------------------------------------- */

/* A location split as Hadoop's Path(String) does: scheme, authority, path. */
typedef struct
{
  char *scheme;
  char *authority;
  char *path;
} Location;

static void
location_clear (Location *location)
{
  g_free (location->scheme);
  g_free (location->authority);
  g_free (location->path);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Location, location_clear)

static void
split_location (const char *text, Location *location)
{
  const char *colon = strchr (text, ':');
  const char *slash = strchr (text, '/');
  const char *rest = text;

  if (colon != NULL && (slash == NULL || colon < slash))
    {
      location->scheme = g_strndup (text, colon - text);
      rest = colon + 1;
    }
  if (g_str_has_prefix (rest, "//") && strlen (rest) > 2)
    {
      const char *end = strchr (rest + 2, '/');

      location->authority = end != NULL ? g_strndup (rest + 2, end - rest - 2) : g_strdup (rest + 2);
      rest = end != NULL ? end : rest + strlen (rest);
    }
  location->path = g_strdup (rest);
}

/* A path of slashes only ("/"): Hive warns about it. */
static gboolean
is_root_path (const char *path)
{
  for (const char *cursor = path; *cursor != '\0'; cursor++)
    if (*cursor != '/')
      return FALSE;
  return TRUE;
}

/* Hive's checkLocation: reports on stderr, TRUE when the location is valid. */
static gboolean
check_location (const char *entity, const char *value, GStrv servers)
{
  g_auto (Location) location = { NULL, NULL, NULL };

  if (value == NULL)
    {
      print_problem ("%s, Error: empty location", entity);
      return FALSE;
    }
  if (value[0] == '\0')
    {
      print_problem ("%s, Error: invalid location - Can not create a Path from an empty string",
                     entity);
      return FALSE;
    }
  split_location (value, &location);
  if (location.scheme == NULL || location.scheme[0] == '\0')
    {
      print_problem ("%s, Location: %s, Error: missing location scheme.", entity, value);
      return FALSE;
    }
  if (location.path[0] == '\0')
    {
      print_problem ("%s, Location: %s, Error: missing location path.", entity, value);
      return FALSE;
    }
  if (servers != NULL && servers[0] != NULL && location.authority != NULL)
    {
      gboolean matched = FALSE;

      for (guint i = 0; servers[i] != NULL && !matched; i++)
        {
          g_auto (Location) server = { NULL, NULL, NULL };

          split_location (g_strstrip (servers[i]), &server);
          matched = server.scheme != NULL && server.authority != NULL
                    && g_ascii_strcasecmp (server.scheme, location.scheme) == 0
                    && g_ascii_strcasecmp (server.authority, location.authority) == 0;
        }
      if (!matched)
        {
          print_problem ("%s, Location: %s, Error: mismatched server.", entity, value);
          return FALSE;
        }
    }
  if (is_root_path (location.path))
    print_problem ("%s, Location: %s, Warn: location set to root, not a recommended config.",
                   entity, value);
  return TRUE;
}

/* Hive's getNameOrID: "Name: x", or "ID: n" when the name is empty. */
static char *
name_or_id (const PGresult *result, int row, int name_column, int id_column)
{
  const char *name = hms_db_value (result, row, name_column);

  if (name == NULL || name[0] == '\0')
    return g_strdup_printf ("ID: %s", PQgetvalue (result, row, id_column));
  return g_strdup_printf ("Name: %s", name);
}

static void
print_step_result (gboolean valid)
{
  printf ("%s\n\n", valid ? "[SUCCESS]" : "[FAIL]");
  fflush (stdout);
}

static gboolean
validate_schema_version (PGconn *conn, gboolean *valid, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autofree char *db_version = NULL;

  printf ("Validating schema version\n");
  db_version = hms_schema_read_version (conn, &local);
  if (db_version == NULL && g_error_matches (local, HMS_ERROR, HMS_ERROR_DATABASE))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (db_version != NULL)
    check_compatible (db_version, &local);
  if (local != NULL)
    print_problem ("%s", local->message);
  *valid = local == NULL;
  print_step_result (*valid);
  return TRUE;
}

/* Whether `table` exists (4.x dropped IDXS, which Hive's list still names). */
static gboolean
table_exists (PGconn *conn, const char *table, gboolean *exists, GError **error)
{
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", table);
  const char *values[] = { quoted };
  g_autoptr (PGresult) result = hms_db_exec (conn, "SELECT to_regclass($1) IS NOT NULL",
                                             1, values, error);

  if (result == NULL)
    return FALSE;
  *exists = strcmp (PQgetvalue (result, 0, 0), "t") == 0;
  return TRUE;
}

static gboolean
validate_sequences (PGconn *conn, gboolean *valid, GError **error)
{
  /* Hive's seqNameToTable: model class, table, id column. */
  static const char *const sequences[][3] = {
    { "MDatabase", "DBS", "DB_ID" },
    { "MRole", "ROLES", "ROLE_ID" },
    { "MGlobalPrivilege", "GLOBAL_PRIVS", "USER_GRANT_ID" },
    { "MTable", "TBLS", "TBL_ID" },
    { "MStorageDescriptor", "SDS", "SD_ID" },
    { "MSerDeInfo", "SERDES", "SERDE_ID" },
    { "MColumnDescriptor", "CDS", "CD_ID" },
    { "MTablePrivilege", "TBL_PRIVS", "TBL_GRANT_ID" },
    { "MTableColumnStatistics", "TAB_COL_STATS", "CS_ID" },
    { "MPartition", "PARTITIONS", "PART_ID" },
    { "MPartitionColumnStatistics", "PART_COL_STATS", "CS_ID" },
    { "MFunction", "FUNCS", "FUNC_ID" },
    { "MIndex", "IDXS", "INDEX_ID" },
    { "MStringList", "SKEWED_STRING_LIST", "STRING_LIST_ID" },
  };

  printf ("Validating sequence number for SEQUENCE_TABLE\n");
  *valid = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (sequences); i++)
    {
      const char *model = sequences[i][0];
      const char *table = sequences[i][1];
      const char *column = sequences[i][2];
      g_autofree char *max_query = g_strdup_printf ("SELECT COALESCE(max(\"%s\"), 0) FROM \"%s\"",
                                                    column, table);
      g_autofree char *sequence_name =
        g_strconcat ("org.apache.hadoop.hive.metastore.model.", model, NULL);
      const char *values[] = { sequence_name };
      g_autoptr (PGresult) max_result = NULL;
      g_autoptr (PGresult) sequence = NULL;
      gboolean exists = FALSE;
      gint64 max_id = 0;

      if (!table_exists (conn, table, &exists, error))
        return FALSE;
      if (!exists)
        continue;
      max_result = hms_db_exec (conn, max_query, 0, NULL, error);
      if (max_result == NULL)
        return FALSE;
      max_id = g_ascii_strtoll (PQgetvalue (max_result, 0, 0), NULL, 10);
      if (max_id <= 0)
        continue;
      sequence = hms_db_exec (conn,
                              "SELECT \"NEXT_VAL\" FROM \"SEQUENCE_TABLE\" WHERE \"SEQUENCE_NAME\" = $1",
                              1, values, error);
      if (sequence == NULL)
        return FALSE;
      if (PQntuples (sequence) == 0)
        {
          *valid = FALSE;
          print_problem ("Missing SEQUENCE_NAME %s from SEQUENCE_TABLE", model);
        }
      else if (g_ascii_strtoll (PQgetvalue (sequence, 0, 0), NULL, 10) < max_id)
        {
          *valid = FALSE;
          print_problem ("NEXT_VAL for %s in SEQUENCE_TABLE < max(%s) in %s", model, column, table);
        }
    }
  print_step_result (*valid);
  return TRUE;
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static gboolean
validate_schema_tables (PGconn *conn, gboolean *valid, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autofree char *db_version = NULL;
  g_autofree char *script = NULL;
  g_autofree char *text = NULL;
  g_auto (GStrv) expected = NULL;
  g_autoptr (PGresult) present = NULL;
  g_autoptr (GHashTable) present_names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) missing = g_ptr_array_new ();

  printf ("Validating metastore schema tables\n");
  *valid = FALSE;
  db_version = hms_schema_read_version (conn, &local);
  if (db_version == NULL)
    {
      print_problem ("Failed to determine schema version from Hive Metastore DB. %s", local->message);
      printf ("Failed in schema table validation.\n");
      return TRUE;
    }
  script = hms_schema_initialization_script (db_version, &local);
  text = script != NULL ? hms_schema_load_script (script, &local) : NULL;
  if (text == NULL)
    {
      print_problem ("Exception in parsing schema file. Cause:%s", local->message);
      printf ("Failed in schema table validation.\n");
      return TRUE;
    }
  expected = hms_schema_script_tables (text);

  present = hms_db_exec (conn,
                         "SELECT lower(table_name) FROM information_schema.tables"
                         " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
                         0, NULL, error);
  if (present == NULL)
    {
      g_prefix_error (error, "failed to retrieve schema tables from Hive Metastore DB: ");
      return FALSE;
    }
  for (int row = 0; row < PQntuples (present); row++)
    g_hash_table_add (present_names, PQgetvalue (present, row, 0));
  for (guint i = 0; expected[i] != NULL; i++)
    if (!g_hash_table_contains (present_names, expected[i]))
      g_ptr_array_add (missing, expected[i]);

  if (missing->len > 0)
    {
      g_autofree char *list = NULL;

      g_ptr_array_sort (missing, compare_strings);
      g_ptr_array_add (missing, NULL);
      list = g_strjoinv (", ", (char **) missing->pdata);
      print_problem ("Table(s) [ [%s] ] are missing from the metastore database schema.", list);
    }
  *valid = missing->len == 0;
  print_step_result (*valid);
  return TRUE;
}

/*
 * Checks the locations a paged query returns, 2000 rows at a time: the
 * query takes the last key seen as $1 and returns the key in column 0.
 * describe builds the entity's name for a row.
 */
typedef char *(*DescribeRow) (const PGresult *result, int row);

static gboolean
check_locations_paged (PGconn *conn, const char *query, int location_column,
                       DescribeRow describe, GStrv servers, guint *invalid, GError **error)
{
  g_autofree char *last_key = g_strdup ("-9223372036854775808");

  for (;;)
    {
      const char *values[] = { last_key, LOCATION_PAGE_SIZE };
      g_autoptr (PGresult) page = hms_db_exec (conn, query, 2, values, error);
      int rows = 0;

      if (page == NULL)
        return FALSE;
      rows = PQntuples (page);
      for (int row = 0; row < rows; row++)
        {
          g_autofree char *entity = describe (page, row);

          if (!check_location (entity, hms_db_value (page, row, location_column), servers))
            (*invalid)++;
        }
      if (rows < (int) g_ascii_strtoll (LOCATION_PAGE_SIZE, NULL, 10))
        return TRUE;
      g_free (last_key);
      last_key = g_strdup (PQgetvalue (page, rows - 1, 0));
    }
}

static char *
describe_database (const PGresult *result, int row)
{
  g_autofree char *database = name_or_id (result, row, 1, 0);

  return g_strdup_printf ("Database %s", database);
}

static char *
describe_table (const PGresult *result, int row)
{
  g_autofree char *database = name_or_id (result, row, 4, 3);
  g_autofree char *table = name_or_id (result, row, 1, 0);

  return g_strdup_printf ("Database %s, Table %s", database, table);
}

static char *
describe_partition (const PGresult *result, int row)
{
  g_autofree char *database = name_or_id (result, row, 6, 5);
  g_autofree char *table = name_or_id (result, row, 4, 3);
  g_autofree char *partition = name_or_id (result, row, 1, 0);

  return g_strdup_printf ("Database %s, Table %s, Partition %s", database, table, partition);
}

static char *
describe_skewed_location (const PGresult *result, int row)
{
  g_autofree char *database = name_or_id (result, row, 5, 4);
  g_autofree char *table = name_or_id (result, row, 1, 0);

  return g_strdup_printf ("Database %s, Table %s, String list %s", database, table,
                          PQgetvalue (result, row, 2));
}

/*
 * Skewed-value locations: rare, so one query.  A missing table was already
 * reported by the schema tables check.
 */
static gboolean
check_skewed_locations (PGconn *conn, GStrv servers, guint *invalid, GError **error)
{
  g_autoptr (PGresult) skewed = NULL;
  gboolean exists = FALSE;

  if (!table_exists (conn, "SKEWED_COL_VALUE_LOC_MAP", &exists, error))
    return FALSE;
  if (!exists)
    return TRUE;
  skewed = hms_db_exec (conn,
                        "SELECT t.\"TBL_ID\", t.\"TBL_NAME\", sk.\"STRING_LIST_ID_KID\", sk.\"LOCATION\","
                        " d.\"DB_ID\", d.\"NAME\""
                        " FROM \"TBLS\" t"
                        " JOIN \"SDS\" s ON s.\"SD_ID\" = t.\"SD_ID\""
                        " JOIN \"DBS\" d ON d.\"DB_ID\" = t.\"DB_ID\""
                        " JOIN \"SKEWED_COL_VALUE_LOC_MAP\" sk ON sk.\"SD_ID\" = s.\"SD_ID\""
                        " ORDER BY t.\"TBL_ID\"",
                        0, NULL, error);
  if (skewed == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (skewed); row++)
    {
      g_autofree char *entity = describe_skewed_location (skewed, row);

      if (!check_location (entity, hms_db_value (skewed, row, 3), servers))
        (*invalid)++;
    }
  return TRUE;
}

static gboolean
validate_locations (PGconn *conn, const char *servers_option, gboolean *valid, GError **error)
{
  g_auto (GStrv) servers = servers_option != NULL && servers_option[0] != '\0'
                           ? g_strsplit (servers_option, ",", -1) : NULL;
  guint invalid = 0;

  printf ("Validating DFS locations\n");
  if (!check_locations_paged (conn,
                              "SELECT \"DB_ID\", \"NAME\", \"DB_LOCATION_URI\" FROM \"DBS\""
                              " WHERE \"DB_ID\" > $1::bigint ORDER BY \"DB_ID\" LIMIT $2::bigint",
                              2, describe_database, servers, &invalid, error)
      || !check_locations_paged (conn,
                                 "SELECT t.\"TBL_ID\", t.\"TBL_NAME\", s.\"LOCATION\", d.\"DB_ID\", d.\"NAME\""
                                 " FROM \"TBLS\" t"
                                 " JOIN \"SDS\" s ON s.\"SD_ID\" = t.\"SD_ID\""
                                 " JOIN \"DBS\" d ON d.\"DB_ID\" = t.\"DB_ID\""
                                 " WHERE t.\"TBL_TYPE\" <> 'VIRTUAL_VIEW' AND t.\"TBL_ID\" > $1::bigint"
                                 " ORDER BY t.\"TBL_ID\" LIMIT $2::bigint",
                                 2, describe_table, servers, &invalid, error)
      || !check_locations_paged (conn,
                                 "SELECT p.\"PART_ID\", p.\"PART_NAME\", s.\"LOCATION\","
                                 " t.\"TBL_ID\", t.\"TBL_NAME\", d.\"DB_ID\", d.\"NAME\""
                                 " FROM \"PARTITIONS\" p"
                                 " JOIN \"SDS\" s ON s.\"SD_ID\" = p.\"SD_ID\""
                                 " JOIN \"TBLS\" t ON t.\"TBL_ID\" = p.\"TBL_ID\""
                                 " JOIN \"DBS\" d ON d.\"DB_ID\" = t.\"DB_ID\""
                                 " WHERE p.\"PART_ID\" > $1::bigint"
                                 " ORDER BY p.\"PART_ID\" LIMIT $2::bigint",
                                 2, describe_partition, servers, &invalid, error))
    return FALSE;

  if (!check_skewed_locations (conn, servers, &invalid, error))
    return FALSE;
  *valid = invalid == 0;
  print_step_result (*valid);
  return TRUE;
}

static gboolean
validate_column_null_values (PGconn *conn, gboolean *valid, GError **error)
{
  g_autoptr (PGresult) result = NULL;

  printf ("Validating columns for incorrect NULL values.\n");
  result = hms_db_exec (conn,
                        "SELECT \"TBL_ID\", \"TBL_NAME\", \"TBL_TYPE\" FROM \"TBLS\""
                        " WHERE \"SD_ID\" IS NULL"
                        " AND \"TBL_TYPE\" IN ('EXTERNAL_TABLE', 'MANAGED_TABLE')"
                        " ORDER BY \"TBL_ID\"",
                        0, NULL, error);
  if (result == NULL)
    {
      g_prefix_error (error, "failed to validate columns for incorrect NULL values: ");
      return FALSE;
    }
  for (int row = 0; row < PQntuples (result); row++)
    print_problem ("SD_ID in TBLS should not be NULL for Table Name=%s, Table ID=%s, Table Type=%s",
                   PQgetvalue (result, row, 1), PQgetvalue (result, row, 0),
                   PQgetvalue (result, row, 2));
  *valid = PQntuples (result) == 0;
  print_step_result (*valid);
  return TRUE;
}

/* Hive's SchemaToolTaskValidate: every check runs, each says [SUCCESS] or [FAIL]. */
static gboolean
run_validate (PGconn *conn, const Options *options, GError **error)
{
  gboolean version_valid = FALSE;
  gboolean sequences_valid = FALSE;
  gboolean tables_valid = FALSE;
  gboolean locations_valid = FALSE;
  gboolean nulls_valid = FALSE;
  gboolean valid = FALSE;

  printf ("Starting metastore validation\n\n");
  if (!validate_schema_version (conn, &version_valid, error)
      || !validate_sequences (conn, &sequences_valid, error)
      || !validate_schema_tables (conn, &tables_valid, error)
      || !validate_locations (conn, options->servers, &locations_valid, error)
      || !validate_column_null_values (conn, &nulls_valid, error))
    return FALSE;

  valid = version_valid && sequences_valid && tables_valid && locations_valid && nulls_valid;
  printf ("Done with metastore validation: %s\n", valid ? "[SUCCESS]" : "[FAIL]");
  fflush (stdout);
  if (!valid)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED, "metastore validation failed");
      return FALSE;
    }
  return TRUE;
}

/* ---- the tool ----------------------------------------------------------- */

static gboolean
run_task (Options *options, GError **error)
{
  g_autoptr (HmsConf) conf = load_configuration (options, error);
  PGconn *conn = NULL;
  gboolean ok = FALSE;

  if (conf == NULL)
    return FALSE;
  if (options->task == TASK_INIT)
    printf ("Initializing the schema to: %s\n", HMS_SCHEMA_VERSION);
  if (options->task != TASK_VALIDATE)
    print_connection_info (conf);
  conn = connect_to_metastore (conf, error);
  if (conn == NULL)
    return FALSE;

  switch (options->task)
    {
    case TASK_INFO:
      ok = run_info (conn, error);
      break;
    case TASK_INIT:
    case TASK_INIT_TO:
      ok = run_init (conn, options, error);
      break;
    case TASK_UPGRADE:
    case TASK_UPGRADE_FROM:
      ok = run_upgrade (conn, options, error);
      break;
    case TASK_INIT_OR_UPGRADE:
      ok = run_init_or_upgrade (conn, options, error);
      break;
    case TASK_VALIDATE:
      ok = run_validate (conn, options, error);
      break;
    case TASK_NONE:
    case TASK_HELP:
    case TASK_UNSUPPORTED:
      g_assert_not_reached ();
    }
  PQfinish (conn);
  return ok;
}

int
hms_schematool_main (int argc, char **argv)
{
  g_auto (Options) options = { 0 };
  g_autoptr (GError) error = NULL;

  if (!parse_options (argc, argv, &options, &error))
    {
      print_problem ("%s", error->message);
      print_usage (stdout);
      print_problem ("*** schemaTool failed ***");
      return 1;
    }
  if (options.task == TASK_HELP)
    {
      print_usage (stdout);
      return 0;
    }
  if (!run_task (&options, &error))
    {
      print_problem ("%s", error->message);
      print_problem ("*** schemaTool failed ***");
      return 1;
    }
  printf ("schemaTool completed\n");
  fflush (stdout);
  return 0;
}
