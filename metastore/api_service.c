/*
 * api_service.c
 *    The service-level methods: fb303's FacebookService (name, version,
 *    status, counters, options) and the HMS session methods getMetaConf,
 *    setMetaConf, get_config_value and set_ugi.
 */
#include "handler.h"
#include "error.h"
#include "schema.h"

#include <string.h>

/* What the Java server calls itself through fb303. */
#define SERVICE_NAME "new db based metaserver"

/*
 * The variables a client may read and set per connection with getMetaConf
 * and setMetaConf (MetastoreConf.metaConfVars), under either name, with
 * their defaults as Hive prints them.  Like the Java server, a lookup reads
 * the exact key given, without aliasing the other name.
 */
static const struct
{
  const char *metastore_name;
  const char *hive_name;
  const char *default_value;
} meta_conf_variables[] = {
  { "metastore.try.direct.sql", "hive.metastore.try.direct.sql", "true" },
  { "metastore.try.direct.sql.ddl", "hive.metastore.try.direct.sql.ddl", "true" },
  { "metastore.client.socket.timeout", "hive.metastore.client.socket.timeout", "600s" },
  { "metastore.partition.name.whitelist.pattern", "hive.metastore.partition.name.whitelist.pattern", "" },
  { "metastore.partition.order.expr", "hive.metastore.partition.order.expr", "\"PART_NAME\" asc" },
  { "metastore.client.capability.check", "hive.metastore.client.capability.check", "true" },
  { "metastore.disallow.incompatible.col.type.changes",
    "hive.metastore.disallow.incompatible.col.type.changes", "true" },
  { "metastore.expression.proxy", "hive.metastore.expression.proxy",
    "org.apache.hadoop.hive.ql.optimizer.ppr.PartitionExpressionForMetastore" },
};

/* The default of a per-connection variable, or NULL when KEY is not one. */
static const char *
meta_conf_default (const char *key)
{
  for (guint i = 0; key != NULL && i < G_N_ELEMENTS (meta_conf_variables); i++)
    if (strcmp (key, meta_conf_variables[i].metastore_name) == 0
        || strcmp (key, meta_conf_variables[i].hive_name) == 0)
      return meta_conf_variables[i].default_value;
  return NULL;
}

/* fb303 options: process-wide, in memory, as FacebookBase keeps them. */
static GMutex options_lock;
static GHashTable *options_table;

static GHashTable *
options (void)
{
  if (options_table == NULL)
    options_table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return options_table;
}

/* fb303 */

static gboolean
get_name (HmsFacebookServiceIf *iface, gchar **name, GError **error)
{
  *name = g_strdup (SERVICE_NAME);
  return TRUE;
}

static gboolean
get_version (HmsFacebookServiceIf *iface, gchar **version, GError **error)
{
  *version = g_strdup (HMS_SCHEMA_VERSION);
  return TRUE;
}

static gboolean
get_status (HmsFacebookServiceIf *iface, Hmsfb_status *status, GError **error)
{
  *status = HMS_FB_STATUS_ALIVE;
  return TRUE;
}

static gboolean
get_status_details (HmsFacebookServiceIf *iface, gchar **details, GError **error)
{
  *details = g_strdup ("");
  return TRUE;
}

static gboolean
get_counters (HmsFacebookServiceIf *iface, GHashTable **counters, GError **error)
{
  hms_handler_copy_counters (*counters);
  return TRUE;
}

static gboolean
get_counter (HmsFacebookServiceIf *iface, gint64 *value, const gchar *key, GError **error)
{
  *value = hms_handler_counter (key);
  return TRUE;
}

static gboolean
set_option (HmsFacebookServiceIf *iface, const gchar *key, const gchar *value, GError **error)
{
  g_mutex_lock (&options_lock);
  g_hash_table_replace (options (), g_strdup (key ? key : ""), g_strdup (value ? value : ""));
  g_mutex_unlock (&options_lock);
  return TRUE;
}

static gboolean
get_option (HmsFacebookServiceIf *iface, gchar **value, const gchar *key, GError **error)
{
  g_mutex_lock (&options_lock);
  /* FacebookBase answers null for a missing key; the nearest a string result can carry is "". */
  *value = g_strdup (g_hash_table_lookup (options (), key ? key : ""));
  if (*value == NULL)
    *value = g_strdup ("");
  g_mutex_unlock (&options_lock);
  return TRUE;
}

static gboolean
get_options (HmsFacebookServiceIf *iface, GHashTable **result, GError **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_mutex_lock (&options_lock);
  g_hash_table_iter_init (&iter, options ());
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_replace (*result, g_strdup (key), g_strdup (value));
  g_mutex_unlock (&options_lock);
  return TRUE;
}

static gboolean
get_cpu_profile (HmsFacebookServiceIf *iface, gchar **profile, const gint32 seconds, GError **error)
{
  *profile = g_strdup ("");
  return TRUE;
}

static gboolean
alive_since (HmsFacebookServiceIf *iface, gint64 *since, GError **error)
{
  *since = hms_handler_context (iface)->started_at;
  return TRUE;
}

static gboolean
reinitialize (HmsFacebookServiceIf *iface, GError **error)
{
  return TRUE;
}

static gboolean
shutdown_service (HmsFacebookServiceIf *iface, GError **error)
{
  /* A client may not stop a shared metastore; the Java server ignores it too. */
  g_message ("ignoring a shutdown request from a client");
  return TRUE;
}

/* HMS session methods */

static gboolean
get_meta_conf (HmsThriftHiveMetastoreIf *iface, gchar **value, const gchar *key,
               HmsMetaException **o1, GError **error)
{
  HmsContext *context = hms_handler_context (iface);
  const char *default_value = meta_conf_default (key);
  const char *found;
  g_autoptr (GError) failure = NULL;

  if (default_value == NULL)
    {
      g_set_error (&failure, HMS_ERROR, HMS_ERROR_FAILED, "Invalid configuration key %s",
                   key ? key : "null");
      return hms_handler_raise ("getMetaConf", failure, error, HMS_TYPE_META_EXCEPTION, o1,
                                G_TYPE_INVALID);
    }
  found = hms_handler_connection_setting (key);
  if (found == NULL)
    found = hms_conf_get (context->conf, key);
  *value = g_strdup (found ? found : default_value);
  return TRUE;
}

static gboolean
set_meta_conf (HmsThriftHiveMetastoreIf *iface, const gchar *key, const gchar *value,
               HmsMetaException **o1, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (meta_conf_default (key) == NULL)
    {
      g_set_error (&failure, HMS_ERROR, HMS_ERROR_FAILED, "Invalid configuration key %s",
                   key ? key : "null");
      return hms_handler_raise ("setMetaConf", failure, error, HMS_TYPE_META_EXCEPTION, o1,
                                G_TYPE_INVALID);
    }
  hms_handler_set_connection_setting (key, value);
  return TRUE;
}

/* Hive lets clients read only keys of these families (HMSHandler.get_config_value). */
static gboolean
config_key_is_readable (const char *name)
{
  static const char *const prefixes[] = { "hive", "hdfs", "mapred", "metastore" };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_has_prefix (name, prefixes[i]))
      return TRUE;
  return FALSE;
}

static gboolean
get_config_value (HmsThriftHiveMetastoreIf *iface, gchar **value, const gchar *name,
                  const gchar *default_value, HmsConfigValSecurityException **o1, GError **error)
{
  HmsContext *context = hms_handler_context (iface);
  const char *found;

  if (name == NULL)
    {
      *value = g_strdup (default_value);
      return TRUE;
    }
  if (!config_key_is_readable (name))
    {
      g_autofree char *message =
        g_strdup_printf ("For security reasons, the config key %s cannot be accessed", name);

      g_debug ("get_config_value: %s", message);
      *o1 = g_object_new (HMS_TYPE_CONFIG_VAL_SECURITY_EXCEPTION, "message", message, NULL);
      return FALSE;
    }
  /* A known variable answers with its default rather than the client's, as MetastoreConf.get does. */
  found = hms_conf_get_by_name (context->conf, name);
  *value = g_strdup (found ? found : default_value);
  return TRUE;
}

static gboolean
set_ugi (HmsThriftHiveMetastoreIf *iface, GPtrArray **groups, const gchar *user_name,
         const GPtrArray *group_names, HmsMetaException **o1, GError **error)
{
  hms_handler_set_connection_user (user_name);
  for (guint i = 0; group_names != NULL && i < group_names->len; i++)
    g_ptr_array_add (*groups, g_strdup (g_ptr_array_index ((GPtrArray *) group_names, i)));
  return TRUE;
}

void
hms_api_service_install (HmsThriftHiveMetastoreHandlerClass *klass)
{
  HmsFacebookServiceHandlerClass *fb303 = HMS_FACEBOOK_SERVICE_HANDLER_CLASS (klass);

  fb303->get_name = get_name;
  fb303->get_version = get_version;
  fb303->get_status = get_status;
  fb303->get_status_details = get_status_details;
  fb303->get_counters = get_counters;
  fb303->get_counter = get_counter;
  fb303->set_option = set_option;
  fb303->get_option = get_option;
  fb303->get_options = get_options;
  fb303->get_cpu_profile = get_cpu_profile;
  fb303->alive_since = alive_since;
  fb303->reinitialize = reinitialize;
  fb303->shutdown = shutdown_service;

  klass->get_meta_conf = get_meta_conf;
  klass->set_meta_conf = set_meta_conf;
  klass->get_config_value = get_config_value;
  klass->set_ugi = set_ugi;
}
