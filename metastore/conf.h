/*
 * conf.h
 *    The configuration of hms, read the way Hive reads it: Hadoop-style XML
 *    files from the conf directory (hive-site.xml, metastore-site.xml, ...),
 *    overridden by -D / --hiveconf and by the -D options in SERVICE_OPTS,
 *    under Hive's own key names.  A conf directory written for the
 *    apache/hive image therefore works for hms unchanged.
 *
 * Precedence, lowest first: the default in the variable table, the files in
 * the order loaded (a <final>true</final> property cannot be changed by a
 * later file), SERVICE_OPTS, then -D / --hiveconf / hms_conf_set (the last
 * of these calls wins).  A known variable is looked up as Hive's
 * MetastoreConf does: the metastore.* name, then the old hive.* name, then
 * the default.
 *
 * Every lookup is locked, so worker threads may read the configuration
 * while it is in use; strings returned stay valid until hms_conf_free.
 */
#ifndef HMS_CONF_H
#define HMS_CONF_H

#include <stdio.h>

#include <glib.h>

/* The variables hms reads; conf.c maps each to its names, default, type
 * and description. */
typedef enum
{
  /* The metastore database: unset URL means the embedded PostgreSQL. */
  HMS_CONF_CONNECTION_URL,
  HMS_CONF_CONNECTION_USER_NAME,
  HMS_CONF_CONNECTION_PASSWORD,
  HMS_CONF_CONNECTION_DRIVER_NAME,
  HMS_CONF_CONNECTION_POOL_MAX_SIZE,

  /* The Thrift server. */
  HMS_CONF_THRIFT_PORT,
  HMS_CONF_THRIFT_BIND_HOST,
  HMS_CONF_THRIFT_URIS,
  HMS_CONF_THRIFT_FRAMED_TRANSPORT_ENABLED,
  HMS_CONF_THRIFT_COMPACT_PROTOCOL_ENABLED,
  HMS_CONF_THRIFT_TRANSPORT_MODE,
  HMS_CONF_SERVER_MIN_THREADS,
  HMS_CONF_SERVER_MAX_THREADS,
  HMS_CONF_SERVER_MAX_MESSAGE_SIZE,
  HMS_CONF_USE_SSL,
  HMS_CONF_AUTHENTICATION,
  HMS_CONF_SASL_ENABLED,
  HMS_CONF_CLIENT_SOCKET_TIMEOUT,

  /* Metadata behaviour. */
  HMS_CONF_WAREHOUSE_DIR,
  HMS_CONF_WAREHOUSE_EXTERNAL_DIR,
  HMS_CONF_CATALOG_DEFAULT,
  HMS_CONF_SCHEMA_VERIFICATION,
  HMS_CONF_DEFAULT_PARTITION_NAME,
  HMS_CONF_BATCH_RETRIEVE_MAX,
  HMS_CONF_LIMIT_PARTITION_REQUEST,
  HMS_CONF_TRY_DIRECT_SQL,
  HMS_CONF_SUPPORT_SPECIAL_CHARACTERS_TABLENAME,
  HMS_CONF_DISALLOW_INCOMPATIBLE_COL_TYPE_CHANGES,
  HMS_CONF_PARTITION_MANAGEMENT_TASK_FREQUENCY,
  HMS_CONF_PARTITION_MANAGEMENT_TABLE_TYPES,
  HMS_CONF_MSCK_REPAIR_ENABLE_PARTITION_RETENTION,
  HMS_CONF_DISCOVERY_WEBHOOK_PORT,
  HMS_CONF_DISCOVERY_WEBHOOK_BIND_HOST,
  HMS_CONF_DISCOVERY_WEBHOOK_TOKEN,
  HMS_CONF_HOUSEKEEPING_THREADS_ON,
  HMS_CONF_EVENT_DB_NOTIFICATION_API_AUTH,
  HMS_CONF_TRANSACTIONAL_EVENT_LISTENERS,

  /* S3A object storage (Hadoop's fs.s3a.* keys). */
  HMS_CONF_S3A_ENDPOINT,
  HMS_CONF_S3A_ENDPOINT_REGION,
  HMS_CONF_S3A_ACCESS_KEY,
  HMS_CONF_S3A_SECRET_KEY,
  HMS_CONF_S3A_PATH_STYLE_ACCESS,
  HMS_CONF_S3A_CONNECTION_SSL_ENABLED,

  HMS_CONF_N
} HmsConfVar;

typedef struct HmsConf HmsConf;

HmsConf *hms_conf_new (void);
void hms_conf_free (HmsConf *conf);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HmsConf, hms_conf_free)

/* Loads, from DIR and in this order, core-site.xml, hive-site.xml,
 * hivemetastore-site.xml and metastore-site.xml, the files Hive finds in its
 * conf directory; later files override earlier ones.  A missing file (or a
 * missing DIR) is fine; an unreadable or malformed one is an error naming
 * the file, the line and what is wrong. */
gboolean hms_conf_load_dir (HmsConf *conf, const char *dir, GError **error);
gboolean hms_conf_load_file (HmsConf *conf, const char *path, GError **error);

/* Where to look when --conf is not given: $HIVE_CONF_DIR, else
 * /opt/hive/conf.  Newly allocated. */
char *hms_conf_default_dir (void);

/*
 * The configuration as `hms serve` and `hms msck` read it: the files of
 * `conf_dir` (NULL: hms_conf_default_dir, which may be absent; a folder
 * named on the command line must exist), then SERVICE_OPTS, then each
 * KEY=VALUE of `overrides` (-D / --hiveconf).
 */
HmsConf *hms_conf_load_for_command (const char *conf_dir, char **overrides, GError **error);

/* "key=value" from -D or --hiveconf: overrides the files. */
gboolean hms_conf_set_override (HmsConf *conf, const char *assignment,
                                GError **error);

/* The JVM options the apache/hive image passes in SERVICE_OPTS, split with
 * shell quoting: each -Dkey=value becomes an override weaker than -D on the
 * command line; other options (-Xmx1G, ...) are ignored. */
gboolean hms_conf_apply_service_opts (HmsConf *conf, const char *service_opts,
                                      GError **error);

/* Sets KEY as -D would (VALUE NULL removes what was set this way). */
void hms_conf_set (HmsConf *conf, const char *key, const char *value);

/* The value of KEY after ${...} substitution, untrimmed; NULL when unset.
 * No default and no metastore.* / hive.* aliasing. */
const char *hms_conf_get (HmsConf *conf, const char *key);

/* Typed lookups of a known variable: the metastore.* name, then the hive.*
 * name, then the default.  Numbers, booleans and times are trimmed first. */
const char *hms_conf_get_string (HmsConf *conf, HmsConfVar var);
gint64 hms_conf_get_int (HmsConf *conf, HmsConfVar var, GError **error);
/* "true" / "false" in any case; anything else warns and gives the default. */
gboolean hms_conf_get_bool (HmsConf *conf, HmsConfVar var);
/* A time as Hive writes it ("600s", "10ms", "30m", "6h", "1d", also "sec",
 * "min", "hours", "days", "us", "ns"), or a bare number counted in the
 * variable's own unit, converted to milliseconds. */
gint64 hms_conf_get_time_ms (HmsConf *conf, HmsConfVar var, GError **error);
/* TEXT read as hms_conf_get_time_ms reads a value (a bare number counted in
 * UNIT_MS), for times found elsewhere than in the configuration, such as
 * the table property partition.retention.period.  FALSE when TEXT is not
 * such a time. */
gboolean hms_conf_parse_time_ms (const char *text, gint64 unit_ms, gint64 *milliseconds);
/* Hive's MetastoreConf.get: for the name (either one) of a known variable,
 * its typed lookup with the default; for any other key, its raw value or
 * NULL. */
const char *hms_conf_get_by_name (HmsConf *conf, const char *name);
/* Whether VAR is set anywhere (a file or an override) under either name. */
gboolean hms_conf_is_set (HmsConf *conf, HmsConfVar var);

/* The metastore.* (primary) name of VAR. */
const char *hms_conf_var_name (HmsConfVar var);

/* Translates a pgjdbc URL, jdbc:postgresql://host[:port][,host2[:port2]]/
 * database?param=value&..., with USER and PASSWORD (either may be NULL; the
 * URL's user= and password= win, as in pgjdbc) into a libpq conninfo
 * string.  pgjdbc parameters with a libpq equivalent are mapped; others are
 * ignored.  Any other kind of URL is an HMS_ERROR_CONFIG error. */
char *hms_conf_jdbc_to_conninfo (const char *jdbc_url, const char *user,
                                 const char *password, GError **error);

/* A JDBC URL fit for messages and logs: the password of user:password@host
 * and any parameter naming a password or secret shown as ********. */
char *hms_conf_redact_url (const char *url);

/* The conninfo of the metastore database from the connection URL, user and
 * password.  An error when the driver is set to anything but
 * org.postgresql.Driver, or when the URL is unset (check
 * hms_conf_is_set (conf, HMS_CONF_CONNECTION_URL) first: unset means the
 * embedded PostgreSQL). */
char *hms_conf_database_conninfo (HmsConf *conf, GError **error);

/* One line per known variable, "name = value  # source", then the other
 * keys that are set; values of keys naming a password, secret or access key
 * are printed as ********. */
void hms_conf_print (HmsConf *conf, FILE *out);

#endif /* HMS_CONF_H */
