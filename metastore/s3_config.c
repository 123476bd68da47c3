/*
 * s3_config.c
 *    S3 endpoint and credentials per bucket from the configuration, as
 *    Hadoop's S3A reads them, and the per-bucket client cache (see
 *    s3_config.h).
 */
#include "s3_config.h"

#include <string.h>

#include "error.h"

/* A value found for a key, and the key it was found under. */
typedef struct
{
  char *value;  /* trimmed, never empty */
  char *key;
} Found;

static void
found_clear (Found *found)
{
  g_clear_pointer (&found->value, g_free);
  g_clear_pointer (&found->key, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Found, found_clear)

/* A trimmed copy of VALUE, NULL when VALUE is NULL or blank. */
static char *
trimmed_or_null (const char *value)
{
  char *trimmed;

  if (value == NULL)
    return NULL;
  trimmed = g_strstrip (g_strdup (value));
  if (trimmed[0] == '\0')
    g_clear_pointer (&trimmed, g_free);
  return trimmed;
}

/* Looks SUFFIX up for BUCKET: fs.s3a.bucket.BUCKET.SUFFIX, then BASE_KEY
 * (through the variable table when BASE_VARIABLE is not HMS_CONF_N, so the
 * table's default applies).  FALSE when neither is set. */
static gboolean
look_up (HmsConf *conf, const char *bucket, const char *bucket_key_format, const char *suffix,
         const char *base_key, HmsConfVar base_variable, Found *found)
{
  g_autofree char *bucket_key = g_strdup_printf (bucket_key_format, bucket, suffix);
  char *value = trimmed_or_null (hms_conf_get (conf, bucket_key));

  if (value != NULL)
    {
      found->value = value;
      found->key = g_steal_pointer (&bucket_key);
      return TRUE;
    }
  value = trimmed_or_null (base_variable != HMS_CONF_N ? hms_conf_get_string (conf, base_variable)
                                                        : hms_conf_get (conf, base_key));
  if (value == NULL)
    return FALSE;
  found->value = value;
  found->key = g_strdup (base_key);
  return TRUE;
}

/* fs.s3a.bucket.BUCKET.SUFFIX, then fs.s3a.SUFFIX. */
static gboolean
look_up_s3a (HmsConf *conf, const char *bucket, const char *suffix, HmsConfVar base_variable,
             Found *found)
{
  g_autofree char *base_key = g_strconcat ("fs.s3a.", suffix, NULL);

  return look_up (conf, bucket, "fs.s3a.bucket.%s.%s", suffix, base_key, base_variable, found);
}

static gboolean
parse_boolean (const Found *found, gboolean *value, GError **error)
{
  if (g_ascii_strcasecmp (found->value, "true") == 0)
    *value = TRUE;
  else if (g_ascii_strcasecmp (found->value, "false") == 0)
    *value = FALSE;
  else
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                   "invalid value for configuration parameter \"%s\": \"%s\" "
                   "(expected true or false)", found->key, found->value);
      return FALSE;
    }
  return TRUE;
}

/* A Hadoop duration ("30s", "500ms", "2m") in milliseconds; a bare
 * number counts milliseconds, as S3A's time keys do. */
static gboolean
parse_duration_ms (const Found *found, gint64 *milliseconds, GError **error)
{
  static const struct
  {
    const char *suffix;
    double milliseconds;
  } units[] = {
    { "", 1 }, { "ns", 1e-6 }, { "us", 1e-3 }, { "ms", 1 }, { "s", 1000 },
    { "m", 60000 }, { "h", 3600000 }, { "d", 86400000 },
  };
  char *end = NULL;
  gint64 number = g_ascii_strtoll (found->value, &end, 10);

  if (end != found->value && number >= 0)
    {
      g_autofree char *unit = g_strstrip (g_ascii_strdown (end, -1));

      for (gsize i = 0; i < G_N_ELEMENTS (units); i++)
        if (strcmp (unit, units[i].suffix) == 0)
          {
            *milliseconds = (gint64) (number * units[i].milliseconds);
            return TRUE;
          }
    }
  g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
               "invalid value for configuration parameter \"%s\": \"%s\" "
               "(expected a duration such as 500ms, 30s or 2m)", found->key, found->value);
  return FALSE;
}

/* The region an AWS endpoint host names: "s3.eu-west-1.amazonaws.com" and
 * "s3-eu-west-1.amazonaws.com" give "eu-west-1"; NULL otherwise. */
static char *
region_of_aws_host (const char *endpoint)
{
  const char *host = strstr (endpoint, "://") != NULL ? strstr (endpoint, "://") + 3 : endpoint;
  g_auto (GStrv) labels = g_strsplit (host, ".", -1);
  guint count = g_strv_length (labels);

  if (count == 4 && strcmp (labels[2], "amazonaws") == 0 && g_str_has_prefix (labels[3], "com")
      && strcmp (labels[0], "s3") == 0)
    return g_strdup (labels[1]);
  if (count == 3 && strcmp (labels[1], "amazonaws") == 0 && g_str_has_prefix (labels[0], "s3-"))
    return g_strdup (labels[0] + 3);
  return NULL;
}

/* Both keys of a pair set, or neither; one alone is a mistake worth a
 * clear error rather than a silent fallback to other credentials. */
static gboolean
read_credentials (HmsConf *conf, const char *bucket, HmsS3Settings *settings, GError **error)
{
  g_auto (Found) access = { 0 };
  g_auto (Found) secret = { 0 };
  gboolean has_access = look_up_s3a (conf, bucket, "access.key", HMS_CONF_S3A_ACCESS_KEY, &access);
  gboolean has_secret = look_up_s3a (conf, bucket, "secret.key", HMS_CONF_S3A_SECRET_KEY, &secret);

  if (has_access != has_secret)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                   "incomplete S3 credentials for bucket \"%s\": \"%s\" is set but no %s is",
                   bucket, has_access ? access.key : secret.key,
                   has_access ? "secret key" : "access key");
      return FALSE;
    }
  if (has_access)
    {
      settings->access_key = g_steal_pointer (&access.value);
      settings->secret_key = g_steal_pointer (&secret.value);
      settings->credential_source = g_strdup_printf ("\"%s\"", access.key);
      return TRUE;
    }

  {
    char *environment_access = trimmed_or_null (g_getenv ("AWS_ACCESS_KEY_ID"));
    char *environment_secret = trimmed_or_null (g_getenv ("AWS_SECRET_ACCESS_KEY"));

    if (environment_access != NULL && environment_secret != NULL)
      {
        settings->access_key = environment_access;
        settings->secret_key = environment_secret;
        settings->credential_source = g_strdup ("the environment (AWS_ACCESS_KEY_ID)");
        return TRUE;
      }
    g_free (environment_access);
    g_free (environment_secret);
  }
  return TRUE;  /* none: unsigned requests */
}

HmsS3Settings *
hms_s3_config_settings_for_bucket (HmsConf *conf, const char *bucket, GError **error)
{
  g_autoptr (HmsS3Settings) settings = hms_s3_settings_new ();
  g_auto (Found) endpoint = { 0 };
  g_auto (Found) region = { 0 };
  g_auto (Found) found = { 0 };
  gboolean ssl = TRUE;

  g_return_val_if_fail (conf != NULL && bucket != NULL, NULL);

  if (look_up_s3a (conf, bucket, "path.style.access", HMS_CONF_S3A_PATH_STYLE_ACCESS, &found)
      && !parse_boolean (&found, &settings->path_style, error))
    return NULL;
  found_clear (&found);
  if (look_up_s3a (conf, bucket, "connection.ssl.enabled", HMS_CONF_S3A_CONNECTION_SSL_ENABLED,
                   &found)
      && !parse_boolean (&found, &ssl, error))
    return NULL;
  found_clear (&found);

  look_up_s3a (conf, bucket, "endpoint", HMS_CONF_S3A_ENDPOINT, &endpoint);

  /* Region: configured, then $AWS_REGION, then what an AWS endpoint names. */
  g_free (settings->region);
  settings->region = NULL;
  if (look_up_s3a (conf, bucket, "endpoint.region", HMS_CONF_S3A_ENDPOINT_REGION, &region))
    settings->region = g_steal_pointer (&region.value);
  else if ((settings->region = trimmed_or_null (g_getenv ("AWS_REGION"))) == NULL
           && endpoint.value != NULL)
    settings->region = region_of_aws_host (endpoint.value);
  if (settings->region == NULL)
    settings->region = g_strdup ("us-east-1");

  if (endpoint.value == NULL)
    settings->endpoint = strcmp (settings->region, "us-east-1") == 0
                         ? g_strdup_printf ("%s://s3.amazonaws.com", ssl ? "https" : "http")
                         : g_strdup_printf ("%s://s3.%s.amazonaws.com", ssl ? "https" : "http",
                                            settings->region);
  else if (strstr (endpoint.value, "://") != NULL)
    settings->endpoint = g_strdup (endpoint.value);  /* its scheme wins, as in S3A */
  else
    settings->endpoint = g_strdup_printf ("%s://%s", ssl ? "https" : "http", endpoint.value);
  while (g_str_has_suffix (settings->endpoint, "/") && !g_str_has_suffix (settings->endpoint, "://"))
    settings->endpoint[strlen (settings->endpoint) - 1] = '\0';

  if (!read_credentials (conf, bucket, settings, error))
    return NULL;

  if (look_up (conf, bucket, "hms.s3.bucket.%s.%s", "ca.file", "hms.s3.ca.file", HMS_CONF_N,
               &found))
    settings->ca_file = g_steal_pointer (&found.value);
  found_clear (&found);

  if (look_up_s3a (conf, bucket, "connection.establish.timeout", HMS_CONF_N, &found)
      && !parse_duration_ms (&found, &settings->connect_timeout_ms, error))
    return NULL;
  found_clear (&found);
  if (look_up_s3a (conf, bucket, "connection.request.timeout", HMS_CONF_N, &found)
      && !parse_duration_ms (&found, &settings->request_timeout_ms, error))
    return NULL;
  found_clear (&found);
  if (look_up_s3a (conf, bucket, "retry.interval", HMS_CONF_N, &found)
      && !parse_duration_ms (&found, &settings->retry_interval_ms, error))
    return NULL;
  found_clear (&found);
  if (look_up_s3a (conf, bucket, "attempts.maximum", HMS_CONF_N, &found))
    {
      char *end = NULL;
      gint64 retries = g_ascii_strtoll (found.value, &end, 10);

      if (end == found.value || *end != '\0' || retries < 0 || retries > 100)
        {
          g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                       "invalid value for configuration parameter \"%s\": \"%s\" "
                       "(expected a number of retries from 0 to 100)", found.key, found.value);
          return NULL;
        }
      settings->retry_limit = (guint) retries;
    }
  return g_steal_pointer (&settings);
}

struct HmsS3Clients
{
  HmsConf *conf;
  GMutex lock;
  GHashTable *by_bucket;  /* bucket name -> HmsS3Client */
};

HmsS3Clients *
hms_s3_clients_new (HmsConf *conf)
{
  HmsS3Clients *clients = g_new0 (HmsS3Clients, 1);

  clients->conf = conf;
  g_mutex_init (&clients->lock);
  clients->by_bucket = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) hms_s3_client_unref);
  return clients;
}

void
hms_s3_clients_free (HmsS3Clients *clients)
{
  if (clients == NULL)
    return;
  g_hash_table_unref (clients->by_bucket);
  g_mutex_clear (&clients->lock);
  g_free (clients);
}

HmsS3Client *
hms_s3_clients_get (HmsS3Clients *clients, const char *bucket, GError **error)
{
  HmsS3Client *client;

  g_mutex_lock (&clients->lock);
  client = g_hash_table_lookup (clients->by_bucket, bucket);
  if (client == NULL)
    {
      g_autoptr (HmsS3Settings) settings = hms_s3_config_settings_for_bucket (clients->conf,
                                                                               bucket, error);

      if (settings != NULL)
        client = hms_s3_client_new (settings, error);
      if (client != NULL)
        g_hash_table_insert (clients->by_bucket, g_strdup (bucket), client);
    }
  if (client != NULL)
    hms_s3_client_ref (client);
  g_mutex_unlock (&clients->lock);
  return client;
}

HmsS3Client *
hms_s3_clients_for_location (HmsS3Clients *clients, const char *location, char **bucket,
                             char **key, GError **error)
{
  g_autofree char *bucket_name = NULL;
  g_autofree char *object_key = NULL;
  HmsS3Client *client;

  if (!hms_s3_location_parse (location, &bucket_name, &object_key, error))
    return NULL;
  client = hms_s3_clients_get (clients, bucket_name, error);
  if (client == NULL)
    return NULL;
  if (bucket != NULL)
    *bucket = g_steal_pointer (&bucket_name);
  if (key != NULL)
    *key = g_steal_pointer (&object_key);
  return client;
}
