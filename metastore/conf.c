/*
 * conf.c
 *    The configuration of hms as Hive reads it (see conf.h): Hadoop XML
 *    resources with final properties and ${...} substitution, -D and
 *    SERVICE_OPTS overrides, Hive's metastore.* / hive.* double names, and
 *    the translation of Hive's JDBC connection URL into a libpq conninfo.
 *
 * The semantics follow org.apache.hadoop.conf.Configuration and Hive's
 * MetastoreConf, so that a file behaves here as it does in the JVM.  Where
 * we part from them it is said where.
 */
#include "conf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>

#include "error.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlParserCtxt, xmlFreeParserCtxt)

/* Hadoop's Configuration gives up on a value after this many substitutions
 * (MAX_SUBST); we leave the rest of the text unexpanded instead of failing. */
#define SUBSTITUTION_LIMIT 20

#define MASKED_VALUE "********"
#define DEFAULT_CONF_DIR "/opt/hive/conf"
#define POSTGRESQL_JDBC_PREFIX "jdbc:postgresql:"
#define POSTGRESQL_JDBC_DRIVER "org.postgresql.Driver"
#define POSTGRESQL_DEFAULT_HOST "localhost"
#define POSTGRESQL_DEFAULT_PORT "5432"
#define XINCLUDE_NAMESPACE "http://www.w3.org/2001/XInclude"

#define MILLISECONDS_PER_SECOND G_GINT64_CONSTANT (1000)
#define MILLISECONDS_PER_MINUTE (60 * MILLISECONDS_PER_SECOND)
#define MILLISECONDS_PER_HOUR (60 * MILLISECONDS_PER_MINUTE)
#define MILLISECONDS_PER_DAY (24 * MILLISECONDS_PER_HOUR)

typedef enum
{
  CONF_TYPE_STRING,
  CONF_TYPE_INT,
  CONF_TYPE_BOOL,
  CONF_TYPE_TIME,
} ConfType;

typedef struct
{
  const char *name;          /* metastore.* name, looked up first */
  const char *hive_name;     /* old hive.* name, NULL when Hive has only one */
  const char *default_value; /* NULL: unset */
  ConfType type;
  gint64 unit_ms;            /* CONF_TYPE_TIME: what a bare number counts */
  const char *description;
} ConfVariable;

/* Names and defaults are Hive's MetastoreConf.ConfVars (and Hadoop's
 * core-default.xml for fs.s3a.*) unless the description says otherwise. */
static const ConfVariable variables[HMS_CONF_N] = {
  [HMS_CONF_CONNECTION_URL] = {
    "javax.jdo.option.ConnectionURL", NULL, NULL, CONF_TYPE_STRING, 0,
    "JDBC URL of the metastore database (jdbc:postgresql://host:port/db). "
    "Unset: hms runs an embedded PostgreSQL (Hive's default is Derby)." },
  [HMS_CONF_CONNECTION_USER_NAME] = {
    "javax.jdo.option.ConnectionUserName", NULL, "APP", CONF_TYPE_STRING, 0,
    "User name for the metastore database." },
  [HMS_CONF_CONNECTION_PASSWORD] = {
    "javax.jdo.option.ConnectionPassword", NULL, "mine", CONF_TYPE_STRING, 0,
    "Password for the metastore database." },
  [HMS_CONF_CONNECTION_DRIVER_NAME] = {
    "javax.jdo.option.ConnectionDriverName", NULL, POSTGRESQL_JDBC_DRIVER,
    CONF_TYPE_STRING, 0,
    "JDBC driver class; only org.postgresql.Driver is accepted (Hive's "
    "default is the Derby driver)." },
  [HMS_CONF_CONNECTION_POOL_MAX_SIZE] = {
    "datanucleus.connectionPool.maxPoolSize", NULL, "10", CONF_TYPE_INT, 0,
    "Maximum number of connections to the metastore database." },
  [HMS_CONF_THRIFT_PORT] = {
    "metastore.thrift.port", "hive.metastore.port", "9083", CONF_TYPE_INT, 0,
    "Port the Thrift server listens on." },
  [HMS_CONF_THRIFT_BIND_HOST] = {
    "metastore.thrift.bind.host", "hive.metastore.thrift.bind.host", "",
    CONF_TYPE_STRING, 0,
    "Address the Thrift server binds to; empty for all addresses." },
  [HMS_CONF_THRIFT_URIS] = {
    "metastore.thrift.uris", "hive.metastore.uris", "", CONF_TYPE_STRING, 0,
    "Thrift URIs clients use to reach the metastore." },
  [HMS_CONF_THRIFT_FRAMED_TRANSPORT_ENABLED] = {
    "metastore.thrift.framed.transport.enabled",
    "hive.metastore.thrift.framed.transport.enabled", "false",
    CONF_TYPE_BOOL, 0,
    "Use TFramedTransport instead of the plain socket transport." },
  [HMS_CONF_THRIFT_COMPACT_PROTOCOL_ENABLED] = {
    "metastore.thrift.compact.protocol.enabled",
    "hive.metastore.thrift.compact.protocol.enabled", "false",
    CONF_TYPE_BOOL, 0,
    "Use TCompactProtocol instead of TBinaryProtocol." },
  [HMS_CONF_THRIFT_TRANSPORT_MODE] = {
    "metastore.server.thrift.transport.mode",
    "hive.metastore.server.thrift.transport.mode", "binary",
    CONF_TYPE_STRING, 0,
    "Thrift transport mode: binary or http." },
  [HMS_CONF_SERVER_MIN_THREADS] = {
    "metastore.server.min.threads", "hive.metastore.server.min.threads",
    "200", CONF_TYPE_INT, 0,
    "Minimum number of worker threads of the Thrift server." },
  [HMS_CONF_SERVER_MAX_THREADS] = {
    "metastore.server.max.threads", "hive.metastore.server.max.threads",
    "1000", CONF_TYPE_INT, 0,
    "Maximum number of worker threads of the Thrift server." },
  [HMS_CONF_SERVER_MAX_MESSAGE_SIZE] = {
    "metastore.server.max.message.size",
    "hive.metastore.server.max.message.size", "104857600", CONF_TYPE_INT, 0,
    "Largest Thrift message accepted, in bytes." },
  [HMS_CONF_USE_SSL] = {
    "metastore.use.SSL", "hive.metastore.use.SSL", "false", CONF_TYPE_BOOL, 0,
    "Use TLS on the Thrift server." },
  [HMS_CONF_AUTHENTICATION] = {
    "metastore.authentication", "hive.metastore.authentication", "NOSASL",
    CONF_TYPE_STRING, 0,
    "Client authentication: NOSASL, NONE, LDAP, KERBEROS, CUSTOM or JWT." },
  [HMS_CONF_SASL_ENABLED] = {
    "metastore.sasl.enabled", "hive.metastore.sasl.enabled", "false",
    CONF_TYPE_BOOL, 0,
    "Secure the Thrift interface with SASL (Kerberos)." },
  [HMS_CONF_CLIENT_SOCKET_TIMEOUT] = {
    "metastore.client.socket.timeout", "hive.metastore.client.socket.timeout",
    "600s", CONF_TYPE_TIME, MILLISECONDS_PER_SECOND,
    "Socket timeout of metastore clients (bare numbers are seconds)." },
  [HMS_CONF_WAREHOUSE_DIR] = {
    "metastore.warehouse.dir", "hive.metastore.warehouse.dir",
    "/user/hive/warehouse", CONF_TYPE_STRING, 0,
    "Location of the default database of the warehouse." },
  [HMS_CONF_WAREHOUSE_EXTERNAL_DIR] = {
    "metastore.warehouse.external.dir", "hive.metastore.warehouse.external.dir",
    "", CONF_TYPE_STRING, 0,
    "Default location of external tables; empty for the warehouse dir." },
  [HMS_CONF_CATALOG_DEFAULT] = {
    "metastore.catalog.default", NULL, "hive", CONF_TYPE_STRING, 0,
    "Catalog used when a request names none." },
  [HMS_CONF_SCHEMA_VERIFICATION] = {
    "metastore.schema.verification", "hive.metastore.schema.verification",
    "true", CONF_TYPE_BOOL, 0,
    "Refuse to start when the database schema version does not match." },
  [HMS_CONF_DEFAULT_PARTITION_NAME] = {
    "metastore.default.partition.name", "hive.exec.default.partition.name",
    "__HIVE_DEFAULT_PARTITION__", CONF_TYPE_STRING, 0,
    "Partition name used for null or empty partition column values." },
  [HMS_CONF_BATCH_RETRIEVE_MAX] = {
    "metastore.batch.retrieve.max", "hive.metastore.batch.retrieve.max",
    "300", CONF_TYPE_INT, 0,
    "Maximum number of tables or partitions retrieved in one batch." },
  [HMS_CONF_LIMIT_PARTITION_REQUEST] = {
    "metastore.limit.partition.request",
    "hive.metastore.limit.partition.request", "-1", CONF_TYPE_INT, 0,
    "Maximum number of partitions one request may fetch; -1 for no limit." },
  [HMS_CONF_TRY_DIRECT_SQL] = {
    "metastore.try.direct.sql", "hive.metastore.try.direct.sql", "true",
    CONF_TYPE_BOOL, 0,
    "Accepted for compatibility: hms always uses SQL directly." },
  [HMS_CONF_SUPPORT_SPECIAL_CHARACTERS_TABLENAME] = {
    "metastore.support.special.characters.tablename",
    "hive.support.special.characters.tablename", "true",
    CONF_TYPE_BOOL, 0,
    "Allow the special characters Hive 4 accepts in database and table names." },
  [HMS_CONF_DISALLOW_INCOMPATIBLE_COL_TYPE_CHANGES] = {
    "metastore.disallow.incompatible.col.type.changes",
    "hive.metastore.disallow.incompatible.col.type.changes", "true",
    CONF_TYPE_BOOL, 0,
    "Reject ALTER TABLE changing a column to an incompatible type." },
  [HMS_CONF_PARTITION_MANAGEMENT_TASK_FREQUENCY] = {
    "metastore.partition.management.task.frequency", NULL, "10s",
    CONF_TYPE_TIME, MILLISECONDS_PER_HOUR,
    "How often partition discovery and retention run; 0 disables.  hms "
    "defaults to 10s where Hive defaults to 6h; bare numbers are hours, as "
    "in Hive." },
  [HMS_CONF_PARTITION_MANAGEMENT_TABLE_TYPES] = {
    "metastore.partition.management.table.types", NULL,
    "MANAGED_TABLE,EXTERNAL_TABLE", CONF_TYPE_STRING, 0,
    "Table types partition management looks at." },
  [HMS_CONF_MSCK_REPAIR_ENABLE_PARTITION_RETENTION] = {
    "metastore.msck.repair.enable.partition.retention", NULL, "false",
    CONF_TYPE_BOOL, 0,
    "Whether hms msck also drops the partitions older than the table's "
    "partition.retention.period (the periodic task always does)." },
  [HMS_CONF_DISCOVERY_WEBHOOK_PORT] = {
    "metastore.discovery.webhook.port", NULL, "0", CONF_TYPE_INT, 0,
    "hms only: port of the HTTP endpoint taking MinIO bucket notifications "
    "(partitions registered as objects arrive); 0 disables it." },
  [HMS_CONF_DISCOVERY_WEBHOOK_BIND_HOST] = {
    "metastore.discovery.webhook.bind.host", NULL, NULL, CONF_TYPE_STRING, 0,
    "hms only: address the webhook endpoint binds to; unset for the Thrift "
    "server's (metastore.thrift.bind.host), empty for all addresses." },
  [HMS_CONF_DISCOVERY_WEBHOOK_TOKEN] = {
    "metastore.discovery.webhook.token", NULL, NULL, CONF_TYPE_STRING, 0,
    "hms only: when set, notifications must carry \"Authorization: Bearer "
    "TOKEN\" (MinIO's auth_token); unset accepts any." },
  [HMS_CONF_HOUSEKEEPING_THREADS_ON] = {
    "metastore.housekeeping.threads.on",
    "hive.metastore.housekeeping.threads.on", "true", CONF_TYPE_BOOL, 0,
    "Run the housekeeping tasks on this instance." },
  [HMS_CONF_EVENT_DB_NOTIFICATION_API_AUTH] = {
    "metastore.event.db.notification.api.auth",
    "hive.metastore.event.db.notification.api.auth", "true", CONF_TYPE_BOOL, 0,
    "Restrict the notification APIs to proxy superusers." },
  [HMS_CONF_TRANSACTIONAL_EVENT_LISTENERS] = {
    "metastore.transactional.event.listeners",
    "hive.metastore.transactional.event.listeners", "", CONF_TYPE_STRING, 0,
    "Listener classes run in the transaction of each event." },
  [HMS_CONF_S3A_ENDPOINT] = {
    "fs.s3a.endpoint", NULL, NULL, CONF_TYPE_STRING, 0,
    "S3 endpoint; unset for AWS." },
  [HMS_CONF_S3A_ENDPOINT_REGION] = {
    "fs.s3a.endpoint.region", NULL, NULL, CONF_TYPE_STRING, 0,
    "S3 region used for request signing." },
  [HMS_CONF_S3A_ACCESS_KEY] = {
    "fs.s3a.access.key", NULL, NULL, CONF_TYPE_STRING, 0,
    "S3 access key id." },
  [HMS_CONF_S3A_SECRET_KEY] = {
    "fs.s3a.secret.key", NULL, NULL, CONF_TYPE_STRING, 0,
    "S3 secret access key." },
  [HMS_CONF_S3A_PATH_STYLE_ACCESS] = {
    "fs.s3a.path.style.access", NULL, "false", CONF_TYPE_BOOL, 0,
    "Address buckets as endpoint/bucket rather than bucket.endpoint." },
  [HMS_CONF_S3A_CONNECTION_SSL_ENABLED] = {
    "fs.s3a.connection.ssl.enabled", NULL, "true", CONF_TYPE_BOOL, 0,
    "Use HTTPS to reach S3." },
};

/* The files of a Hive conf directory, weakest first, as Hive's
 * MetastoreConf loads them (core-site.xml through Hadoop's Configuration). */
static const char *const conf_dir_files[] = {
  "core-site.xml",
  "hive-site.xml",
  "hivemetastore-site.xml",
  "metastore-site.xml",
};

/* Overrides of a higher rank are not replaced by ones of a lower rank, so
 * that -D beats SERVICE_OPTS whatever order the caller applies them in. */
typedef enum
{
  ORIGIN_FILE,
  ORIGIN_SERVICE_OPTS,
  ORIGIN_COMMAND_LINE,
  ORIGIN_PROGRAM,
} Origin;

typedef struct
{
  char *value;      /* NULL: a <final> property without <value> */
  char *source;     /* file path, "-D", "SERVICE_OPTS" or "set by hms" */
  Origin origin;
  gboolean is_final;
} Entry;

struct HmsConf
{
  GMutex mutex;
  GHashTable *file_properties;  /* key -> Entry */
  GHashTable *overrides;        /* key -> Entry */
  /* Substituted values handed out: kept until hms_conf_free so that callers
   * may hold them while others change the configuration. */
  GStringChunk *handed_out;
};

static void
entry_free (Entry *entry)
{
  g_free (entry->value);
  g_free (entry->source);
  g_free (entry);
}

static Entry *
entry_new (const char *value, const char *source, Origin origin,
           gboolean is_final)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->value = g_strdup (value);
  entry->source = g_strdup (source);
  entry->origin = origin;
  entry->is_final = is_final;
  return entry;
}

static int
origin_rank (Origin origin)
{
  /* -D / --hiveconf and the program share a rank: the last one set wins. */
  return origin == ORIGIN_PROGRAM ? ORIGIN_COMMAND_LINE : (int) origin;
}

static const char *
origin_label (Origin origin)
{
  switch (origin)
    {
    case ORIGIN_SERVICE_OPTS:
      return "SERVICE_OPTS";
    case ORIGIN_COMMAND_LINE:
      return "-D";
    case ORIGIN_PROGRAM:
      return "set by hms";
    case ORIGIN_FILE:
      break;
    }
  g_return_val_if_reached ("file");
}

HmsConf *
hms_conf_new (void)
{
  HmsConf *conf = g_new0 (HmsConf, 1);

  /* libxml2 wants its globals set up once before any thread parses. */
  xmlInitParser ();

  g_mutex_init (&conf->mutex);
  conf->file_properties = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                 g_free,
                                                 (GDestroyNotify) entry_free);
  conf->overrides = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) entry_free);
  conf->handed_out = g_string_chunk_new (1024);
  return conf;
}

void
hms_conf_free (HmsConf *conf)
{
  if (conf == NULL)
    return;
  g_hash_table_unref (conf->file_properties);
  g_hash_table_unref (conf->overrides);
  g_string_chunk_free (conf->handed_out);
  g_mutex_clear (&conf->mutex);
  g_free (conf);
}

const char *
hms_conf_var_name (HmsConfVar var)
{
  g_return_val_if_fail ((int) var >= 0 && var < HMS_CONF_N, NULL);
  return variables[var].name;
}

/* ------------------------------------------------------------------------
 * Raw lookup and ${...} substitution
 */

/* The entry that gives KEY its value, or NULL when KEY is unset. */
static Entry *
lookup_entry (HmsConf *conf, const char *key)
{
  Entry *entry = g_hash_table_lookup (conf->overrides, key);

  if (entry == NULL)
    entry = g_hash_table_lookup (conf->file_properties, key);
  return entry != NULL && entry->value != NULL ? entry : NULL;
}

static const char *
lookup_raw (HmsConf *conf, const char *key)
{
  Entry *entry = lookup_entry (conf, key);

  return entry != NULL ? entry->value : NULL;
}

/* Finds the first ${name} at or after FROM as Hadoop's findSubVariable
 * does: the name is non-empty and holds no space, '$' or '}', so in
 * "${a${b}}" the inner reference is found first. */
static gboolean
find_reference (const char *text, gsize from, gsize *start, gsize *length)
{
  const char *search = text + from;

  while ((search = strstr (search, "${")) != NULL)
    {
      const char *name = search + 2;
      gsize name_length = strcspn (name, " $}");

      if (name[name_length] == '}' && name_length > 0)
        {
          *start = search - text;
          *length = name_length + 3;
          return TRUE;
        }
      if (name[name_length] == '\0')
        return FALSE;
      /* A '$' may itself open the reference we are looking for. */
      search = name[name_length] == '$' ? name + name_length
                                         : name + name_length + 1;
    }
  return FALSE;
}

/* ${env.NAME}, ${env.NAME:-default} (default when unset or empty) and
 * ${env.NAME-default} (default when unset), as in Hadoop. */
static char *
resolve_environment_reference (const char *reference)
{
  for (gsize i = 0; reference[i] != '\0'; i++)
    {
      if (reference[i] == ':' && reference[i + 1] == '-')
        {
          g_autofree char *name = g_strndup (reference, i);
          const char *value = g_getenv (name);

          return g_strdup (value != NULL && *value != '\0'
                           ? value : reference + i + 2);
        }
      if (reference[i] == '-')
        {
          g_autofree char *name = g_strndup (reference, i);
          const char *value = g_getenv (name);

          return g_strdup (value != NULL ? value : reference + i + 1);
        }
    }
  return g_strdup (g_getenv (reference));
}

static char *
resolve_reference (HmsConf *conf, const char *name)
{
  if (g_str_has_prefix (name, "env.") && name[4] != '\0')
    {
      char *value = resolve_environment_reference (name + 4);

      if (value != NULL)
        return value;
    }
  /* Hadoop looks at Java system properties before the configuration; our
   * -D and SERVICE_OPTS overrides stand for those and are looked at first
   * by lookup_raw. */
  return g_strdup (lookup_raw (conf, name));
}

/* VALUE with its ${...} references replaced, as Hadoop's substituteVars
 * does.  Unlike Hadoop, an unbound reference stays literally without
 * stopping the expansion of later ones, and a value still referring to
 * others after SUBSTITUTION_LIMIT substitutions stays as it then is instead
 * of failing the lookup. */
static char *
expand_value (HmsConf *conf, const char *key, const char *value)
{
  g_autoptr(GString) text = g_string_new (value);
  gsize search_from = 0;
  int substitutions = 0;
  gsize start;
  gsize length;

  while (find_reference (text->str, search_from, &start, &length))
    {
      g_autofree char *name = g_strndup (text->str + start + 2, length - 3);
      g_autofree char *replacement = NULL;
      g_autofree char *reference = NULL;

      if (substitutions == SUBSTITUTION_LIMIT)
        {
          g_warning_once ("configuration parameter \"%s\" still refers to "
                          "\"${%s}\" after %d substitutions. Check for a "
                          "loop of references; the rest is left unexpanded.",
                          key, name, SUBSTITUTION_LIMIT);
          break;
        }

      replacement = resolve_reference (conf, name);
      if (replacement == NULL)
        {
          search_from = start + length;
          continue;
        }

      /* A value that contains its own reference would grow forever:
       * Hadoop then gives up and returns the value unexpanded. */
      reference = g_strndup (text->str + start, length);
      if (strstr (replacement, reference) != NULL)
        return g_strdup (value);

      g_string_erase (text, start, length);
      g_string_insert (text, start, replacement);
      substitutions++;
      /* Rescan from the start, as Hadoop does: the replacement may hold
       * references, or complete an enclosing one ("${a.${b}}"). */
      search_from = 0;
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The substituted value of KEY, valid until hms_conf_free; NULL if unset. */
static const char *
get_locked (HmsConf *conf, const char *key)
{
  const char *raw = lookup_raw (conf, key);
  g_autofree char *expanded = NULL;

  if (raw == NULL)
    return NULL;
  expanded = expand_value (conf, key, raw);
  return g_string_chunk_insert_const (conf->handed_out, expanded);
}

const char *
hms_conf_get (HmsConf *conf, const char *key)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (conf != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  locker = g_mutex_locker_new (&conf->mutex);
  return get_locked (conf, key);
}

/* Which of VARIABLE's names is set, metastore.* first; NULL if neither. */
static const char *
effective_key (HmsConf *conf, const ConfVariable *variable)
{
  if (lookup_entry (conf, variable->name) != NULL)
    return variable->name;
  if (variable->hive_name != NULL
      && lookup_entry (conf, variable->hive_name) != NULL)
    return variable->hive_name;
  return NULL;
}

/* VARIABLE's value (substituted) or default; KEY and SOURCE say where it
 * came from, for messages. */
static const char *
get_variable_locked (HmsConf *conf, const ConfVariable *variable,
                     const char **key, const char **source)
{
  const char *effective = effective_key (conf, variable);

  if (effective == NULL)
    {
      *key = variable->name;
      *source = "default";
      return variable->default_value;
    }
  *key = effective;
  *source = lookup_entry (conf, effective)->source;
  return get_locked (conf, effective);
}

const char *
hms_conf_get_string (HmsConf *conf, HmsConfVar var)
{
  g_autoptr(GMutexLocker) locker = NULL;
  const char *key;
  const char *source;

  g_return_val_if_fail (conf != NULL, NULL);
  g_return_val_if_fail ((int) var >= 0 && var < HMS_CONF_N, NULL);

  locker = g_mutex_locker_new (&conf->mutex);
  return get_variable_locked (conf, &variables[var], &key, &source);
}

const char *
hms_conf_get_by_name (HmsConf *conf, const char *name)
{
  g_autoptr(GMutexLocker) locker = NULL;
  const char *key;
  const char *source;

  g_return_val_if_fail (conf != NULL && name != NULL, NULL);

  locker = g_mutex_locker_new (&conf->mutex);
  for (guint i = 0; i < HMS_CONF_N; i++)
    if (g_strcmp0 (variables[i].name, name) == 0
        || g_strcmp0 (variables[i].hive_name, name) == 0)
      return get_variable_locked (conf, &variables[i], &key, &source);
  return get_locked (conf, name);
}

gboolean
hms_conf_is_set (HmsConf *conf, HmsConfVar var)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (conf != NULL, FALSE);
  g_return_val_if_fail ((int) var >= 0 && var < HMS_CONF_N, FALSE);

  locker = g_mutex_locker_new (&conf->mutex);
  return effective_key (conf, &variables[var]) != NULL;
}

/* ------------------------------------------------------------------------
 * Typed lookups
 */

static gboolean
parse_int (const char *text, gint64 *number)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  return g_ascii_string_to_signed (trimmed, 10, G_MININT64, G_MAXINT64,
                                   number, NULL);
}

static gboolean
multiply_checked (gint64 number, gint64 factor, gint64 *product)
{
  if (number > G_MAXINT64 / factor || number < G_MININT64 / factor)
    return FALSE;
  *product = number * factor;
  return TRUE;
}

/* A time as Hive's MetastoreConf.convertTimeStr reads it, in milliseconds:
 * digits and a unit ("600s", "6hours"), or a bare number in UNIT_MS. */
static gboolean
parse_time_ms (const char *text, gint64 unit_ms, gint64 *milliseconds)
{
  static const struct
  {
    const char *abbreviation;
    const char *prefix;
    gint64 numerator;     /* milliseconds = number * numerator / denominator */
    gint64 denominator;
  } units[] = {
    { "s", "sec", MILLISECONDS_PER_SECOND, 1 },
    { "ms", "msec", 1, 1 },
    { "m", "min", MILLISECONDS_PER_MINUTE, 1 },
    { "us", "usec", 1, 1000 },
    { "ns", "nsec", 1, 1000000 },
    { "h", "hour", MILLISECONDS_PER_HOUR, 1 },
    { "d", "day", MILLISECONDS_PER_DAY, 1 },
  };
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_autofree char *digits = NULL;
  g_autofree char *unit = NULL;
  guint64 number;
  gsize digit_count;

  if (*trimmed == '\0')
    return FALSE;
  if (!g_ascii_isalpha (trimmed[strlen (trimmed) - 1]))
    {
      gint64 bare;

      return parse_int (trimmed, &bare)
             && multiply_checked (bare, unit_ms, milliseconds);
    }

  digit_count = strspn (trimmed, "0123456789");
  digits = g_strndup (trimmed, digit_count);
  unit = g_ascii_strdown (g_strchug (trimmed + digit_count), -1);
  if (!g_ascii_string_to_unsigned (digits, 10, 0, G_MAXINT64, &number, NULL))
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (units); i++)
    {
      if (strcmp (unit, units[i].abbreviation) != 0
          && !g_str_has_prefix (unit, units[i].prefix))
        continue;
      if (!multiply_checked ((gint64) number, units[i].numerator,
                             milliseconds))
        return FALSE;
      *milliseconds /= units[i].denominator;
      return TRUE;
    }
  return FALSE;
}

gboolean
hms_conf_parse_time_ms (const char *text, gint64 unit_ms, gint64 *milliseconds)
{
  g_return_val_if_fail (milliseconds != NULL, FALSE);
  return text != NULL && parse_time_ms (text, unit_ms, milliseconds);
}

static gboolean
parse_bool (const char *text, gboolean *value)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  if (g_ascii_strcasecmp (trimmed, "true") == 0)
    *value = TRUE;
  else if (g_ascii_strcasecmp (trimmed, "false") == 0)
    *value = FALSE;
  else
    return FALSE;
  return TRUE;
}

static void
set_invalid_value_error (GError **error, const char *key, const char *source,
                         const char *value, const char *expected)
{
  g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
               "invalid value for configuration parameter \"%s\" (%s): "
               "\"%s\". %s",
               key, source, value, expected);
}

gint64
hms_conf_get_int (HmsConf *conf, HmsConfVar var, GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  const ConfVariable *variable;
  const char *key;
  const char *source;
  const char *value;
  gint64 number;

  g_return_val_if_fail (conf != NULL, 0);
  g_return_val_if_fail ((int) var >= 0 && var < HMS_CONF_N, 0);
  g_return_val_if_fail (variables[var].type == CONF_TYPE_INT, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  locker = g_mutex_locker_new (&conf->mutex);
  variable = &variables[var];
  value = get_variable_locked (conf, variable, &key, &source);
  if (!parse_int (value, &number))
    {
      set_invalid_value_error (error, key, source, value,
                               "A whole number is expected.");
      return 0;
    }
  return number;
}

gboolean
hms_conf_get_bool (HmsConf *conf, HmsConfVar var)
{
  g_autoptr(GMutexLocker) locker = NULL;
  const ConfVariable *variable;
  const char *key;
  const char *source;
  const char *value;
  gboolean result;

  g_return_val_if_fail (conf != NULL, FALSE);
  g_return_val_if_fail ((int) var >= 0 && var < HMS_CONF_N, FALSE);
  g_return_val_if_fail (variables[var].type == CONF_TYPE_BOOL, FALSE);

  locker = g_mutex_locker_new (&conf->mutex);
  variable = &variables[var];
  value = get_variable_locked (conf, variable, &key, &source);
  if (parse_bool (value, &result))
    return result;

  /* Hadoop's getBoolean falls back to the default the same way. */
  g_warning ("invalid value for configuration parameter \"%s\" (%s): \"%s\". "
             "Expected true or false; using the default, %s.",
             key, source, value, variable->default_value);
  if (!parse_bool (variable->default_value, &result))
    g_return_val_if_reached (FALSE);
  return result;
}

gint64
hms_conf_get_time_ms (HmsConf *conf, HmsConfVar var, GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  const ConfVariable *variable;
  const char *key;
  const char *source;
  const char *value;
  gint64 milliseconds;

  g_return_val_if_fail (conf != NULL, 0);
  g_return_val_if_fail ((int) var >= 0 && var < HMS_CONF_N, 0);
  g_return_val_if_fail (variables[var].type == CONF_TYPE_TIME, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  locker = g_mutex_locker_new (&conf->mutex);
  variable = &variables[var];
  value = get_variable_locked (conf, variable, &key, &source);
  if (!parse_time_ms (value, variable->unit_ms, &milliseconds))
    {
      set_invalid_value_error (error, key, source, value,
                               "A time such as 600s, 10ms, 30m, 6h or 1d is "
                               "expected.");
      return 0;
    }
  return milliseconds;
}

/* ------------------------------------------------------------------------
 * Overrides
 */

static void
set_override_locked (HmsConf *conf, const char *key, const char *value,
                     Origin origin)
{
  Entry *existing = g_hash_table_lookup (conf->overrides, key);

  if (existing != NULL && origin_rank (existing->origin) > origin_rank (origin))
    {
      g_debug ("configuration parameter \"%s\" from %s is ignored: %s "
               "overrides it", key, origin_label (origin),
               existing->source);
      return;
    }
  if (value == NULL)
    g_hash_table_remove (conf->overrides, key);
  else
    g_hash_table_replace (conf->overrides, g_strdup (key),
                          entry_new (value, origin_label (origin), origin,
                                     FALSE));
}

/* Splits "key=value" (the key trimmed, as Hadoop trims names) and sets it. */
static gboolean
apply_assignment (HmsConf *conf, const char *assignment, Origin origin,
                  GError **error)
{
  const char *equals = strchr (assignment, '=');
  g_autofree char *key = NULL;

  if (equals == NULL)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                   "invalid configuration override \"%s\" (%s). "
                   "Write it as key=value.",
                   assignment, origin_label (origin));
      return FALSE;
    }
  key = g_strstrip (g_strndup (assignment, equals - assignment));
  if (*key == '\0')
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                   "invalid configuration override \"%s\" (%s). "
                   "The key before \"=\" is empty.",
                   assignment, origin_label (origin));
      return FALSE;
    }
  set_override_locked (conf, key, equals + 1, origin);
  return TRUE;
}

gboolean
hms_conf_set_override (HmsConf *conf, const char *assignment, GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (conf != NULL, FALSE);
  g_return_val_if_fail (assignment != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&conf->mutex);
  return apply_assignment (conf, assignment, ORIGIN_COMMAND_LINE, error);
}

gboolean
hms_conf_apply_service_opts (HmsConf *conf, const char *service_opts,
                             GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GError) shell_error = NULL;
  g_auto(GStrv) arguments = NULL;

  g_return_val_if_fail (conf != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (service_opts == NULL)
    return TRUE;
  if (!g_shell_parse_argv (service_opts, NULL, &arguments, &shell_error))
    {
      /* An empty or blank SERVICE_OPTS simply holds no options. */
      if (g_error_matches (shell_error, G_SHELL_ERROR,
                           G_SHELL_ERROR_EMPTY_STRING))
        return TRUE;
      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                   "could not parse SERVICE_OPTS: %s", shell_error->message);
      return FALSE;
    }

  locker = g_mutex_locker_new (&conf->mutex);
  for (char **argument = arguments; *argument != NULL; argument++)
    {
      const char *definition = *argument + 2;

      if (!g_str_has_prefix (*argument, "-D"))
        continue;
      /* java -Dname sets the property to "", so do we. */
      if (strchr (definition, '=') == NULL)
        {
          g_autofree char *key = g_strstrip (g_strdup (definition));

          if (*key != '\0')
            set_override_locked (conf, key, "", ORIGIN_SERVICE_OPTS);
          continue;
        }
      if (!apply_assignment (conf, definition, ORIGIN_SERVICE_OPTS, error))
        return FALSE;
    }
  return TRUE;
}

void
hms_conf_set (HmsConf *conf, const char *key, const char *value)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (conf != NULL);
  g_return_if_fail (key != NULL);

  locker = g_mutex_locker_new (&conf->mutex);
  set_override_locked (conf, key, value, ORIGIN_PROGRAM);
}

/* ------------------------------------------------------------------------
 * Files
 */

char *
hms_conf_default_dir (void)
{
  const char *dir = g_getenv ("HIVE_CONF_DIR");

  return g_strdup (dir != NULL && *dir != '\0' ? dir : DEFAULT_CONF_DIR);
}

static char *
read_whole_file (const char *path, gsize *length, GError **error)
{
  g_autoptr(GString) contents = g_string_new (NULL);
  char buffer[8192];
  FILE *file = fopen (path, "rb");
  gsize count;
  int saved_errno;

  if (file == NULL)
    {
      saved_errno = errno;
      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                   "could not open configuration file \"%s\": %s",
                   path, g_strerror (saved_errno));
      return NULL;
    }
  while ((count = fread (buffer, 1, sizeof buffer, file)) > 0)
    g_string_append_len (contents, buffer, count);
  saved_errno = errno;
  if (ferror (file))
    {
      fclose (file);
      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                   "could not read configuration file \"%s\": %s",
                   path, g_strerror (saved_errno));
      return NULL;
    }
  fclose (file);
  *length = contents->len;
  return g_string_free (g_steal_pointer (&contents), FALSE);
}

static void G_GNUC_PRINTF (4, 5)
set_parse_error (GError **error, const char *path, int line,
                 const char *format, ...)
{
  g_autofree char *detail = NULL;
  va_list arguments;

  va_start (arguments, format);
  detail = g_strdup_vprintf (format, arguments);
  va_end (arguments);
  g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
               "could not parse configuration file \"%s\": line %d: %s",
               path, line, detail);
}

/* The text of NODE (entity references and CDATA included) as a GLib
 * string. */
static char *
node_text (xmlNode *node)
{
  xmlChar *content = xmlNodeGetContent (node);
  char *text = g_strdup (content != NULL ? (const char *) content : "");

  xmlFree (content);
  return text;
}

static char *
node_attribute (xmlNode *node, const char *name)
{
  xmlChar *content = xmlGetNoNsProp (node, BAD_CAST name);
  char *text = g_strdup ((const char *) content);

  xmlFree (content);
  return text;
}

/* xmlGetLineNo gives a long; lines of a configuration file fit an int. */
static int
node_line (xmlNode *node)
{
  return (int) CLAMP (xmlGetLineNo (node), 0, G_MAXINT);
}

static gboolean
is_element (xmlNode *node, const char *name)
{
  return node->type == XML_ELEMENT_NODE
         && xmlStrEqual (node->name, BAD_CAST name);
}

static gboolean
is_true (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  return g_ascii_strcasecmp (trimmed, "true") == 0;
}

/* Records one property read from PATH, honouring <final> from earlier
 * properties and files as Hadoop's loadProperty does. */
static void
store_file_property (HmsConf *conf, const char *path, int line,
                     const char *name, const char *value, gboolean is_final)
{
  Entry *existing = g_hash_table_lookup (conf->file_properties, name);

  if (existing != NULL && existing->is_final)
    {
      if (value != NULL && g_strcmp0 (existing->value, value) != 0)
        g_warning ("configuration file \"%s\": line %d: ignoring the value of "
                   "\"%s\", declared final in \"%s\"",
                   path, line, name, existing->source);
      return;
    }

  /* Hadoop sets nothing for a property without <value>, but still makes
   * the name final. */
  if (value == NULL)
    {
      if (!is_final)
        return;
      if (existing != NULL)
        {
          existing->is_final = TRUE;
          return;
        }
    }
  g_hash_table_replace (conf->file_properties, g_strdup (name),
                        entry_new (value, path, ORIGIN_FILE, is_final));
}

/* One <property>: <name>, <value> and <final> children, or the attributes
 * of the same names that Hadoop 3 also accepts. */
static gboolean
load_property (HmsConf *conf, const char *path, xmlNode *property,
               GError **error)
{
  int line = node_line (property);
  g_autofree char *name = node_attribute (property, "name");
  g_autofree char *value = node_attribute (property, "value");
  g_autofree char *final = node_attribute (property, "final");

  for (xmlNode *child = property->children; child != NULL; child = child->next)
    {
      if (is_element (child, "name"))
        {
          g_free (name);
          name = node_text (child);
        }
      else if (is_element (child, "value"))
        {
          g_free (value);
          value = node_text (child);
        }
      else if (is_element (child, "final"))
        {
          g_free (final);
          final = node_text (child);
        }
      /* <description>, <source>, <tag> and the like carry nothing for us. */
    }

  if (name == NULL)
    {
      set_parse_error (error, path, line, "property has no <name>");
      return FALSE;
    }
  g_strstrip (name);
  if (*name == '\0')
    {
      set_parse_error (error, path, line, "property has an empty <name>");
      return FALSE;
    }
  store_file_property (conf, path, line, name, value,
                       final != NULL && is_true (final));
  return TRUE;
}

static gboolean
load_configuration_element (HmsConf *conf, const char *path,
                            xmlNode *configuration, GError **error)
{
  for (xmlNode *child = configuration->children; child != NULL;
       child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;
      if (is_element (child, "property"))
        {
          if (!load_property (conf, path, child, error))
            return FALSE;
        }
      /* Hadoop allows a <configuration> nested in another. */
      else if (is_element (child, "configuration"))
        {
          if (!load_configuration_element (conf, path, child, error))
            return FALSE;
        }
      else if (is_element (child, "include") && child->ns != NULL
               && xmlStrEqual (child->ns->href, BAD_CAST XINCLUDE_NAMESPACE))
        {
          g_autofree char *href = node_attribute (child, "href");

          g_warning ("configuration file \"%s\": line %d: XInclude is not "
                     "supported; \"%s\" is not read",
                     path, node_line (child), href != NULL ? href : "");
        }
      else
        g_debug ("configuration file \"%s\": line %d: ignoring element <%s>",
                 path, node_line (child), (const char *) child->name);
    }
  return TRUE;
}

/* Where a <!DOCTYPE> was met while parsing; 0 if none. */
typedef struct
{
  int doctype_line;
} ParseState;

/* Stops the parse at <!DOCTYPE>: a DTD could declare external entities,
 * and Hadoop refuses DTDs too.  Stopping here, before the internal subset
 * is read, keeps any declaration in it from being processed. */
static void
reject_doctype (void *context, const xmlChar *name G_GNUC_UNUSED,
                const xmlChar *external_id G_GNUC_UNUSED,
                const xmlChar *system_id G_GNUC_UNUSED)
{
  xmlParserCtxt *parser = context;
  ParseState *state = parser->_private;

  state->doctype_line = xmlSAX2GetLineNumber (context);
  xmlStopParser (parser);
}

/* libxml2's message as our detail: no trailing newline, and lower case
 * like the rest of the primary message. */
static char *
libxml_detail (const xmlError *xml_error)
{
  char *detail = g_strdup (xml_error != NULL && xml_error->message != NULL
                           ? xml_error->message : "malformed XML");

  g_strchomp (detail);
  if (g_ascii_isupper (detail[0]) && g_ascii_islower (detail[1]))
    detail[0] = g_ascii_tolower (detail[0]);
  return detail;
}

gboolean
hms_conf_load_file (HmsConf *conf, const char *path, GError **error)
{
  /* No XML_PARSE_NOENT: entities are never substituted; XML_PARSE_NONET:
   * nothing is fetched from the network. */
  const int options = XML_PARSE_NONET | XML_PARSE_NOERROR
                      | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES;
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(xmlParserCtxt) parser = NULL;
  g_autoptr(xmlDoc) document = NULL;
  g_autofree char *contents = NULL;
  ParseState state = { 0 };
  xmlNode *root;
  gsize length;

  g_return_val_if_fail (conf != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  contents = read_whole_file (path, &length, error);
  if (contents == NULL)
    return FALSE;
  if (length > G_MAXINT)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                   "configuration file \"%s\" is too large", path);
      return FALSE;
    }

  parser = xmlCreateMemoryParserCtxt (contents, (int) length);
  if (parser == NULL)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                   "could not parse configuration file \"%s\": line 1: "
                   "empty document", path);
      return FALSE;
    }
  xmlCtxtUseOptions (parser, options);
  parser->_private = &state;
  parser->sax->internalSubset = reject_doctype;
  xmlParseDocument (parser);
  document = g_steal_pointer (&parser->myDoc);

  if (state.doctype_line > 0)
    {
      set_parse_error (error, path, state.doctype_line,
                       "document type declarations (<!DOCTYPE>) are not "
                       "allowed");
      return FALSE;
    }
  if (document == NULL || !parser->wellFormed)
    {
      const xmlError *xml_error = xmlCtxtGetLastError (parser);
      g_autofree char *detail = libxml_detail (xml_error);

      set_parse_error (error, path, xml_error != NULL ? xml_error->line : 0,
                       "%s", detail);
      return FALSE;
    }

  root = xmlDocGetRootElement (document);
  if (root == NULL || !is_element (root, "configuration"))
    {
      set_parse_error (error, path, root != NULL ? node_line (root) : 1,
                       "root element is <%s>, not <configuration>",
                       root != NULL ? (const char *) root->name : "");
      return FALSE;
    }

  locker = g_mutex_locker_new (&conf->mutex);
  return load_configuration_element (conf, path, root, error);
}

gboolean
hms_conf_load_dir (HmsConf *conf, const char *dir, GError **error)
{
  g_return_val_if_fail (conf != NULL, FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (gsize i = 0; i < G_N_ELEMENTS (conf_dir_files); i++)
    {
      g_autofree char *path = g_build_filename (dir, conf_dir_files[i], NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_debug ("configuration file \"%s\" does not exist; skipped", path);
          continue;
        }
      if (!hms_conf_load_file (conf, path, error))
        return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------
 * JDBC URL to libpq conninfo
 */

/* The URL with passwords masked, to name it in messages and logs: the
 * password of user:password@host and any parameter whose name holds
 * "password" or "secret" (after '?', '&' or ';', as drivers differ). */
char *
hms_conf_redact_url (const char *url)
{
  GString *redacted = g_string_new (NULL);
  const char *authority = strstr (url, "://");
  const char *cursor = url;

  if (authority != NULL)
    {
      const char *end = authority + 3 + strcspn (authority + 3, "/?;");
      const char *at = g_strstr_len (authority + 3, end - authority - 3, "@");
      const char *colon = at != NULL
                          ? g_strstr_len (authority + 3, at - authority - 3, ":")
                          : NULL;

      if (colon != NULL)
        {
          g_string_append_len (redacted, url, colon + 1 - url);
          g_string_append (redacted, MASKED_VALUE);
          cursor = at;
        }
    }

  while (*cursor != '\0')
    {
      gsize plain = strcspn (cursor, "?&;");
      const char *parameter;
      gsize parameter_length;
      const char *equals;
      g_autofree char *name = NULL;

      g_string_append_len (redacted, cursor, plain);
      cursor += plain;
      if (*cursor == '\0')
        break;
      g_string_append_c (redacted, *cursor++);
      parameter = cursor;
      parameter_length = strcspn (parameter, "?&;");
      equals = memchr (parameter, '=', parameter_length);
      if (equals == NULL)
        continue;
      name = g_ascii_strdown (parameter, equals - parameter);
      if (strstr (name, "password") == NULL && strstr (name, "secret") == NULL)
        continue;
      g_string_append_len (redacted, parameter, equals + 1 - parameter);
      g_string_append (redacted, MASKED_VALUE);
      cursor = parameter + parameter_length;
    }
  return g_string_free (redacted, FALSE);
}

/* Decodes %XX and '+' as pgjdbc's URLDecoder does; NULL if malformed. */
static char *
decode_url_component (const char *component)
{
  g_autofree char *spaced = g_strdup (component);

  g_strdelimit (spaced, "+", ' ');
  return g_uri_unescape_string (spaced, NULL);
}

static void
set_keyword (GHashTable *keywords, const char *keyword, const char *value)
{
  g_hash_table_replace (keywords, (gpointer) keyword, g_strdup (value));
}

/* Adds one "host[:port]" of the URL (or "[v6address][:port]") to the
 * comma-separated host and port lists libpq takes. */
static gboolean
append_host (GString *hosts, GString *ports, const char *address,
             const char *shown_url, GError **error)
{
  g_autofree char *host = NULL;
  const char *port = NULL;
  guint64 port_number;

  if (address[0] == '[')
    {
      const char *closing = strchr (address, ']');

      if (closing == NULL || (closing[1] != '\0' && closing[1] != ':'))
        {
          g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                       "invalid host \"%s\" in database URL \"%s\". "
                       "Write IPv6 addresses as [address]:port.",
                       address, shown_url);
          return FALSE;
        }
      host = g_strndup (address + 1, closing - address - 1);
      if (closing[1] == ':')
        port = closing + 2;
    }
  else
    {
      const char *colon = strrchr (address, ':');

      host = colon != NULL ? g_strndup (address, colon - address)
                           : g_strdup (address);
      if (colon != NULL)
        port = colon + 1;
    }

  if (*host == '\0')
    {
      g_free (host);
      host = g_strdup (POSTGRESQL_DEFAULT_HOST);
    }
  if (port == NULL || *port == '\0')
    port = POSTGRESQL_DEFAULT_PORT;
  if (!g_ascii_string_to_unsigned (port, 10, 1, 65535, &port_number, NULL))
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                   "invalid port \"%s\" in database URL \"%s\". "
                   "A port is a number from 1 to 65535.",
                   port, shown_url);
      return FALSE;
    }

  /* A comma would split the list libpq reads. */
  if (strchr (host, ',') != NULL)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                   "invalid host \"%s\" in database URL \"%s\"",
                   host, shown_url);
      return FALSE;
    }
  if (hosts->len > 0)
    {
      g_string_append_c (hosts, ',');
      g_string_append_c (ports, ',');
    }
  g_string_append (hosts, host);
  g_string_append_printf (ports, "%" G_GUINT64_FORMAT, port_number);
  return TRUE;
}

/* The query string of a pgjdbc URL: name=value pairs split on '&', values
 * URL-decoded, a name without '=' set to "" and the last of a name winning,
 * all as pgjdbc's Driver.parseURL does. */
static GHashTable *
parse_jdbc_parameters (const char *query, const char *shown_url,
                       GError **error)
{
  g_autoptr(GHashTable) parameters =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) pairs = g_strsplit (query != NULL ? query : "", "&", -1);

  for (char **pair = pairs; *pair != NULL; pair++)
    {
      const char *equals = strchr (*pair, '=');
      char *value;

      if (**pair == '\0')
        continue;
      value = decode_url_component (equals != NULL ? equals + 1 : "");
      if (value == NULL)
        {
          g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                       "invalid percent-encoding in database URL \"%s\"",
                       shown_url);
          return NULL;
        }
      g_hash_table_replace (parameters,
                            equals != NULL ? g_strndup (*pair, equals - *pair)
                                           : g_strdup (*pair),
                            value);
    }
  return g_steal_pointer (&parameters);
}

static gboolean
libpq_knows_keyword (const char *keyword)
{
  PQconninfoOption *defaults = PQconndefaults ();
  gboolean known = FALSE;

  for (PQconninfoOption *option = defaults;
       option != NULL && option->keyword != NULL; option++)
    {
      if (strcmp (option->keyword, keyword) == 0)
        {
          known = TRUE;
          break;
        }
    }
  PQconninfoFree (defaults);
  return known;
}

/* The backend splits "options" on white space, taking a backslash to
 * escape the next character. */
static void
append_backend_option (GString *options, const char *name, const char *value)
{
  if (options->len > 0)
    g_string_append_c (options, ' ');
  g_string_append_printf (options, "-c %s=", name);
  for (const char *c = value; *c != '\0'; c++)
    {
      if (g_ascii_isspace (*c) || *c == '\\')
        g_string_append_c (options, '\\');
      g_string_append_c (options, *c);
    }
}

static gboolean
map_target_server_type (GHashTable *keywords, const char *type,
                        const char *shown_url, GError **error)
{
  static const struct
  {
    const char *jdbc_value;
    const char *libpq_value;  /* NULL: libpq's default, "any" */
  } types[] = {
    { "any", "any" },
    { "primary", "read-write" },
    { "master", "read-write" },
    { "secondary", "read-only" },
    { "slave", "read-only" },
    { "preferSecondary", "prefer-standby" },
    { "preferSlave", "prefer-standby" },
    /* libpq cannot prefer a primary; any server is the nearest. */
    { "preferPrimary", "any" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    {
      if (strcmp (type, types[i].jdbc_value) == 0)
        {
          set_keyword (keywords, "target_session_attrs", types[i].libpq_value);
          return TRUE;
        }
    }
  g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
               "invalid targetServerType \"%s\" in database URL \"%s\". "
               "Use any, primary, secondary, preferSecondary or preferPrimary.",
               type, shown_url);
  return FALSE;
}

/* Maps the pgjdbc parameters to libpq keywords in KEYWORDS. */
static gboolean
map_jdbc_parameters (GHashTable *keywords, GHashTable *parameters,
                     const char *shown_url, GError **error)
{
  static const struct
  {
    const char *jdbc_name;
    const char *libpq_keyword;
  } same_meaning[] = {
    { "user", "user" },
    { "password", "password" },
    { "sslmode", "sslmode" },
    { "sslcert", "sslcert" },
    { "sslkey", "sslkey" },
    { "sslrootcert", "sslrootcert" },
    { "sslpassword", "sslpassword" },
    { "connectTimeout", "connect_timeout" },
    { "ApplicationName", "application_name" },
    { "gssEncMode", "gssencmode" },
    { "kerberosServerName", "krbsrvname" },
    { "channelBinding", "channel_binding" },
  };
  static const char *const handled_below[] = {
    "ssl", "options", "currentSchema", "targetServerType", "tcpKeepAlive",
    "loadBalanceHosts",
  };
  g_autoptr(GString) options = g_string_new (NULL);
  GHashTableIter iter;
  const char *name;
  const char *value;

  g_hash_table_iter_init (&iter, parameters);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, (gpointer *) &value))
    {
      gboolean known = g_strv_contains (handled_below, name);

      for (gsize i = 0; !known && i < G_N_ELEMENTS (same_meaning); i++)
        {
          if (strcmp (name, same_meaning[i].jdbc_name) == 0)
            {
              set_keyword (keywords, same_meaning[i].libpq_keyword, value);
              known = TRUE;
            }
        }
      if (!known)
        g_debug ("ignoring JDBC connection parameter \"%s\": libpq has no "
                 "equivalent", name);
    }

  /* pgjdbc: ssl=true (or a bare "ssl") without sslmode means verify-full;
   * ssl=false leaves the default, prefer, which is libpq's as well. */
  value = g_hash_table_lookup (parameters, "ssl");
  if (value != NULL && (*value == '\0' || g_ascii_strcasecmp (value, "true") == 0)
      && g_hash_table_lookup (parameters, "sslmode") == NULL)
    set_keyword (keywords, "sslmode", "verify-full");

  value = g_hash_table_lookup (parameters, "options");
  if (value != NULL)
    g_string_append (options, value);
  value = g_hash_table_lookup (parameters, "currentSchema");
  if (value != NULL)
    append_backend_option (options, "search_path", value);
  if (options->len > 0)
    set_keyword (keywords, "options", options->str);

  value = g_hash_table_lookup (parameters, "targetServerType");
  if (value != NULL
      && !map_target_server_type (keywords, value, shown_url, error))
    return FALSE;

  value = g_hash_table_lookup (parameters, "tcpKeepAlive");
  if (value != NULL)
    set_keyword (keywords, "keepalives",
                 g_ascii_strcasecmp (value, "true") == 0 ? "1" : "0");

  value = g_hash_table_lookup (parameters, "loadBalanceHosts");
  if (value != NULL && g_ascii_strcasecmp (value, "true") == 0)
    {
      /* load_balance_hosts came with libpq 16. */
      if (libpq_knows_keyword ("load_balance_hosts"))
        set_keyword (keywords, "load_balance_hosts", "random");
      else
        g_debug ("ignoring JDBC connection parameter loadBalanceHosts: this "
                 "libpq cannot balance hosts");
    }
  return TRUE;
}

/* keyword='value', quoted and escaped as PQconnectdb reads it. */
static void
append_conninfo_pair (GString *conninfo, const char *keyword,
                      const char *value)
{
  if (conninfo->len > 0)
    g_string_append_c (conninfo, ' ');
  g_string_append_printf (conninfo, "%s='", keyword);
  for (const char *c = value; *c != '\0'; c++)
    {
      if (*c == '\'' || *c == '\\')
        g_string_append_c (conninfo, '\\');
      g_string_append_c (conninfo, *c);
    }
  g_string_append_c (conninfo, '\'');
}

char *
hms_conf_jdbc_to_conninfo (const char *jdbc_url, const char *user,
                           const char *password, GError **error)
{
  /* Every keyword map_jdbc_parameters may set, in the order written. */
  static const char *const keyword_order[] = {
    "host", "port", "dbname", "user", "password", "sslmode", "sslcert",
    "sslkey", "sslrootcert", "sslpassword", "gssencmode", "krbsrvname",
    "channel_binding", "connect_timeout", "keepalives", "application_name",
    "options", "target_session_attrs", "load_balance_hosts",
  };
  g_autofree char *url = NULL;
  g_autofree char *shown_url = NULL;
  g_autofree char *server = NULL;
  g_autofree char *database = NULL;
  g_autoptr(GHashTable) keywords =
    g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) parameters = NULL;
  g_autoptr(GString) hosts = g_string_new (NULL);
  g_autoptr(GString) ports = g_string_new (NULL);
  g_autoptr(GString) conninfo = g_string_new (NULL);
  const char *rest;
  const char *query;
  guint written = 0;

  g_return_val_if_fail (jdbc_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  url = g_strstrip (g_strdup (jdbc_url));
  shown_url = hms_conf_redact_url (url);
  if (!g_str_has_prefix (url, POSTGRESQL_JDBC_PREFIX))
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                   "unsupported metastore database URL \"%s\". "
                   "Only PostgreSQL is supported: use a URL of the form "
                   "jdbc:postgresql://host:port/database.",
                   shown_url);
      return NULL;
    }

  rest = url + strlen (POSTGRESQL_JDBC_PREFIX);
  query = strchr (rest, '?');
  server = query != NULL ? g_strndup (rest, query - rest) : g_strdup (rest);
  if (query != NULL)
    query++;

  /* //host:port,host:port/database, or just database (pgjdbc then
   * connects to localhost). */
  if (g_str_has_prefix (server, "//"))
    {
      const char *addresses = server + 2;
      const char *slash = strchr (addresses, '/');
      g_autofree char *address_list =
        slash != NULL ? g_strndup (addresses, slash - addresses)
                      : g_strdup (addresses);
      g_auto(GStrv) address_array = g_strsplit (address_list, ",", -1);

      database = g_strdup (slash != NULL ? slash + 1 : "");
      if (address_array[0] == NULL)
        append_host (hosts, ports, "", shown_url, error);
      for (char **address = address_array; *address != NULL; address++)
        {
          if (!append_host (hosts, ports, *address, shown_url, error))
            return NULL;
        }
    }
  else
    {
      database = g_strdup (server);
      append_host (hosts, ports, "", shown_url, error);
    }

  set_keyword (keywords, "host", hosts->str);
  set_keyword (keywords, "port", ports->str);
  if (*database != '\0')
    {
      g_autofree char *decoded = decode_url_component (database);

      if (decoded == NULL)
        {
          g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                       "invalid percent-encoding in database URL \"%s\"",
                       shown_url);
          return NULL;
        }
      set_keyword (keywords, "dbname", decoded);
    }

  /* pgjdbc lets user= and password= in the URL win over the properties
   * passed beside it. */
  if (user != NULL)
    set_keyword (keywords, "user", user);
  if (password != NULL)
    set_keyword (keywords, "password", password);
  parameters = parse_jdbc_parameters (query, shown_url, error);
  if (parameters == NULL)
    return NULL;
  if (!map_jdbc_parameters (keywords, parameters, shown_url, error))
    return NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (keyword_order); i++)
    {
      const char *value = g_hash_table_lookup (keywords, keyword_order[i]);

      if (value != NULL)
        {
          append_conninfo_pair (conninfo, keyword_order[i], value);
          written++;
        }
    }
  /* A keyword missing from keyword_order would be silently dropped. */
  g_warn_if_fail (written == g_hash_table_size (keywords));
  return g_string_free (g_steal_pointer (&conninfo), FALSE);
}

char *
hms_conf_database_conninfo (HmsConf *conf, GError **error)
{
  g_autofree char *driver = NULL;
  const char *url;

  g_return_val_if_fail (conf != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  driver = g_strstrip (g_strdup (hms_conf_get_string (
    conf, HMS_CONF_CONNECTION_DRIVER_NAME)));
  if (*driver != '\0' && strcmp (driver, POSTGRESQL_JDBC_DRIVER) != 0)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                   "unsupported JDBC driver \"%s\" in %s. Only PostgreSQL "
                   "is supported: set it to %s or leave it unset.",
                   driver, variables[HMS_CONF_CONNECTION_DRIVER_NAME].name,
                   POSTGRESQL_JDBC_DRIVER);
      return NULL;
    }

  url = hms_conf_get_string (conf, HMS_CONF_CONNECTION_URL);
  if (url == NULL)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                   "no metastore database URL is configured. Set %s, or "
                   "leave it unset to use the embedded PostgreSQL.",
                   variables[HMS_CONF_CONNECTION_URL].name);
      return NULL;
    }
  return hms_conf_jdbc_to_conninfo (
    url, hms_conf_get_string (conf, HMS_CONF_CONNECTION_USER_NAME),
    hms_conf_get_string (conf, HMS_CONF_CONNECTION_PASSWORD), error);
}

/* ------------------------------------------------------------------------
 * Printing
 */

static gboolean
is_secret_key (const char *key)
{
  g_autofree char *lower = g_ascii_strdown (key, -1);

  return strstr (lower, "password") != NULL || strstr (lower, "secret") != NULL
         || strstr (lower, "access.key") != NULL || strstr (lower, "token") != NULL;
}

/* "name = value  # source", the value masked or escaped so that each
 * setting stays on one line. */
static void
print_setting (FILE *out, const char *name, gboolean is_secret,
               const char *value, const char *source)
{
  g_autoptr(GString) shown = g_string_new (NULL);

  if (value == NULL)
    g_string_append (shown, "<unset>");
  else if (is_secret)
    g_string_append (shown, MASKED_VALUE);
  else
    {
      for (const char *c = value; *c != '\0'; c++)
        {
          if (*c == '\n')
            g_string_append (shown, "\\n");
          else if (*c == '\r')
            g_string_append (shown, "\\r");
          else if (*c == '\t')
            g_string_append (shown, "\\t");
          else
            g_string_append_c (shown, *c);
        }
    }
  fprintf (out, "%s = %s  # %s\n", name, shown->str, source);
}

static gboolean
is_variable_name (const char *key)
{
  for (int var = 0; var < HMS_CONF_N; var++)
    {
      if (strcmp (key, variables[var].name) == 0
          || g_strcmp0 (key, variables[var].hive_name) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
collect_other_keys (GHashTable *properties, GHashTable *keys)
{
  GHashTableIter iter;
  const char *key;
  Entry *entry;

  g_hash_table_iter_init (&iter, properties);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, (gpointer *) &entry))
    {
      if (entry->value != NULL && !is_variable_name (key))
        g_hash_table_add (keys, (gpointer) key);
    }
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

void
hms_conf_print (HmsConf *conf, FILE *out)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GHashTable) other_keys = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree gpointer *sorted = NULL;
  guint count;

  g_return_if_fail (conf != NULL);
  g_return_if_fail (out != NULL);

  locker = g_mutex_locker_new (&conf->mutex);
  for (int var = 0; var < HMS_CONF_N; var++)
    {
      const ConfVariable *variable = &variables[var];
      const char *key;
      const char *source;
      const char *value = get_variable_locked (conf, variable, &key, &source);
      g_autofree char *labelled_source = NULL;

      /* Say when the value came under the old hive.* name. */
      if (strcmp (key, variable->name) != 0)
        labelled_source = g_strdup_printf ("%s, as %s", source, key);
      print_setting (out, variable->name, is_secret_key (variable->name),
                     value, labelled_source != NULL ? labelled_source : source);
    }

  collect_other_keys (conf->file_properties, other_keys);
  collect_other_keys (conf->overrides, other_keys);
  sorted = g_hash_table_get_keys_as_array (other_keys, &count);
  qsort (sorted, count, sizeof *sorted, compare_strings);
  for (guint i = 0; i < count; i++)
    {
      const char *key = sorted[i];

      print_setting (out, key, is_secret_key (key), get_locked (conf, key),
                     lookup_entry (conf, key)->source);
    }
}

HmsConf *
hms_conf_load_for_command (const char *conf_dir, char **overrides, GError **error)
{
  g_autoptr (HmsConf) conf = hms_conf_new ();
  g_autofree char *dir = conf_dir ? g_strdup (conf_dir) : hms_conf_default_dir ();

  /* The default folder may be absent (no configuration); one named on the command line may not. */
  if (conf_dir != NULL && !g_file_test (conf_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                   "configuration directory \"%s\" does not exist", conf_dir);
      return NULL;
    }
  if (!hms_conf_load_dir (conf, dir, error))
    return NULL;
  if (!hms_conf_apply_service_opts (conf, g_getenv ("SERVICE_OPTS"), error))
    return NULL;
  for (guint i = 0; overrides != NULL && overrides[i] != NULL; i++)
    if (!hms_conf_set_override (conf, overrides[i], error))
      return NULL;
  return g_steal_pointer (&conf);
}
