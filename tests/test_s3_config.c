/*
 * test_s3_config.c
 *    Which endpoint, region and credentials reach each bucket (S3A's keys,
 *    per-bucket overrides, then the AWS_* environment), S3 locations, and
 *    the URLs and headers the client builds from them.
 */
#include <string.h>

#include <glib.h>

#include "conf.h"
#include "error.h"
#include "s3.h"
#include "s3_config.h"

static void
clear_environment (void)
{
  g_unsetenv ("AWS_ACCESS_KEY_ID");
  g_unsetenv ("AWS_SECRET_ACCESS_KEY");
  g_unsetenv ("AWS_REGION");
}

/* The seed deployment: one MinIO, one user per domain bucket. */
static HmsConf *
seed_conf (void)
{
  HmsConf *conf = hms_conf_new ();

  hms_conf_set (conf, "fs.s3a.endpoint", "http://minio:9000");
  hms_conf_set (conf, "fs.s3a.path.style.access", "true");
  hms_conf_set (conf, "fs.s3a.access.key", "admin");
  hms_conf_set (conf, "fs.s3a.secret.key", "admin-secret");
  hms_conf_set (conf, "fs.s3a.bucket.business.access.key", "business-user");
  hms_conf_set (conf, "fs.s3a.bucket.business.secret.key", " business-secret ");
  hms_conf_set (conf, "fs.s3a.bucket.checkin.access.key", "checkin-user");
  hms_conf_set (conf, "fs.s3a.bucket.checkin.secret.key", "checkin-secret");
  hms_conf_set (conf, "fs.s3a.bucket.checkin.endpoint", "minio-2:9000");
  hms_conf_set (conf, "fs.s3a.bucket.checkin.connection.ssl.enabled", "false");
  hms_conf_set (conf, "fs.s3a.bucket.checkin.endpoint.region", "eu-central-1");
  return conf;
}

static void
test_per_bucket_credentials (void)
{
  g_autoptr (HmsConf) conf = NULL;
  g_autoptr (HmsS3Settings) business = NULL;
  g_autoptr (HmsS3Settings) checkin = NULL;
  g_autoptr (HmsS3Settings) user = NULL;
  g_autoptr (GError) error = NULL;

  clear_environment ();
  conf = seed_conf ();
  business = hms_s3_config_settings_for_bucket (conf, "business", &error);
  g_assert_no_error (error);
  checkin = hms_s3_config_settings_for_bucket (conf, "checkin", &error);
  g_assert_no_error (error);
  user = hms_s3_config_settings_for_bucket (conf, "user", &error);
  g_assert_no_error (error);

  g_assert_cmpstr (business->access_key, ==, "business-user");
  g_assert_cmpstr (business->secret_key, ==, "business-secret");  /* trimmed */
  g_assert_cmpstr (business->credential_source, ==, "\"fs.s3a.bucket.business.access.key\"");
  g_assert_cmpstr (business->endpoint, ==, "http://minio:9000");
  g_assert_cmpstr (business->region, ==, "us-east-1");
  g_assert_true (business->path_style);

  g_assert_cmpstr (checkin->access_key, ==, "checkin-user");
  g_assert_cmpstr (checkin->secret_key, ==, "checkin-secret");
  /* No scheme in the endpoint: connection.ssl.enabled (per bucket) decides. */
  g_assert_cmpstr (checkin->endpoint, ==, "http://minio-2:9000");
  g_assert_cmpstr (checkin->region, ==, "eu-central-1");

  /* A bucket without its own keys gets the base ones. */
  g_assert_cmpstr (user->access_key, ==, "admin");
  g_assert_cmpstr (user->secret_key, ==, "admin-secret");
  g_assert_cmpstr (user->credential_source, ==, "\"fs.s3a.access.key\"");
}

static void
test_environment_credentials (void)
{
  g_autoptr (HmsConf) conf = hms_conf_new ();
  g_autoptr (HmsConf) configured = seed_conf ();
  g_autoptr (HmsS3Settings) settings = NULL;
  g_autoptr (HmsS3Settings) anonymous = NULL;
  g_autoptr (HmsS3Settings) from_conf = NULL;
  g_autoptr (GError) error = NULL;

  clear_environment ();
  anonymous = hms_s3_config_settings_for_bucket (conf, "data", &error);
  g_assert_no_error (error);
  g_assert_null (anonymous->access_key);
  g_assert_null (anonymous->secret_key);
  /* No endpoint: AWS, https, us-east-1. */
  g_assert_cmpstr (anonymous->endpoint, ==, "https://s3.amazonaws.com");
  g_assert_cmpstr (anonymous->region, ==, "us-east-1");
  g_assert_false (anonymous->path_style);

  g_setenv ("AWS_ACCESS_KEY_ID", "env-user", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "env-secret", TRUE);
  g_setenv ("AWS_REGION", "eu-west-3", TRUE);
  settings = hms_s3_config_settings_for_bucket (conf, "data", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (settings->access_key, ==, "env-user");
  g_assert_cmpstr (settings->secret_key, ==, "env-secret");
  g_assert_cmpstr (settings->region, ==, "eu-west-3");
  g_assert_cmpstr (settings->endpoint, ==, "https://s3.eu-west-3.amazonaws.com");

  /* The configuration wins over the environment. */
  from_conf = hms_s3_config_settings_for_bucket (configured, "business", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (from_conf->access_key, ==, "business-user");
  clear_environment ();
}

static void
test_region_and_endpoint_forms (void)
{
  g_autoptr (HmsConf) conf = hms_conf_new ();
  g_autoptr (HmsS3Settings) aws = NULL;
  g_autoptr (HmsS3Settings) dashed = NULL;
  g_autoptr (HmsS3Settings) plain = NULL;
  g_autoptr (GError) error = NULL;

  clear_environment ();
  hms_conf_set (conf, "fs.s3a.endpoint", "s3.ap-south-1.amazonaws.com/");
  hms_conf_set (conf, "fs.s3a.bucket.old.endpoint", "https://s3-us-west-2.amazonaws.com");
  hms_conf_set (conf, "fs.s3a.bucket.plain.endpoint", "minio.local:9000");
  hms_conf_set (conf, "fs.s3a.bucket.plain.endpoint.region", "home-lab");
  aws = hms_s3_config_settings_for_bucket (conf, "b", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (aws->endpoint, ==, "https://s3.ap-south-1.amazonaws.com");
  g_assert_cmpstr (aws->region, ==, "ap-south-1");
  dashed = hms_s3_config_settings_for_bucket (conf, "old", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dashed->region, ==, "us-west-2");
  plain = hms_s3_config_settings_for_bucket (conf, "plain", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plain->endpoint, ==, "https://minio.local:9000");
  g_assert_cmpstr (plain->region, ==, "home-lab");
}

static void
test_timeouts_retries_and_ca (void)
{
  g_autoptr (HmsConf) conf = hms_conf_new ();
  g_autoptr (HmsS3Settings) defaults = NULL;
  g_autoptr (HmsS3Settings) settings = NULL;
  g_autoptr (GError) error = NULL;

  clear_environment ();
  defaults = hms_s3_config_settings_for_bucket (conf, "b", &error);
  g_assert_no_error (error);
  g_assert_cmpint (defaults->connect_timeout_ms, ==, 5000);
  g_assert_cmpint (defaults->request_timeout_ms, ==, 60000);
  g_assert_cmpuint (defaults->retry_limit, ==, 5);
  g_assert_cmpint (defaults->retry_interval_ms, ==, 500);
  g_assert_null (defaults->ca_file);

  hms_conf_set (conf, "fs.s3a.connection.establish.timeout", "2s");
  hms_conf_set (conf, "fs.s3a.connection.request.timeout", "1500");
  hms_conf_set (conf, "fs.s3a.bucket.b.connection.request.timeout", "2m");
  hms_conf_set (conf, "fs.s3a.attempts.maximum", "3");
  hms_conf_set (conf, "fs.s3a.retry.interval", "10ms");
  hms_conf_set (conf, "hms.s3.ca.file", "/etc/ssl/minio-ca.pem");
  hms_conf_set (conf, "hms.s3.bucket.b.ca.file", "/etc/ssl/b-ca.pem");
  settings = hms_s3_config_settings_for_bucket (conf, "b", &error);
  g_assert_no_error (error);
  g_assert_cmpint (settings->connect_timeout_ms, ==, 2000);
  g_assert_cmpint (settings->request_timeout_ms, ==, 120000);
  g_assert_cmpuint (settings->retry_limit, ==, 3);
  g_assert_cmpint (settings->retry_interval_ms, ==, 10);
  g_assert_cmpstr (settings->ca_file, ==, "/etc/ssl/b-ca.pem");
  g_clear_pointer (&settings, hms_s3_settings_free);
  settings = hms_s3_config_settings_for_bucket (conf, "other", &error);
  g_assert_no_error (error);
  g_assert_cmpint (settings->request_timeout_ms, ==, 1500);
  g_assert_cmpstr (settings->ca_file, ==, "/etc/ssl/minio-ca.pem");
}

static void
test_invalid_values (void)
{
  struct
  {
    const char *key, *value, *expected;
  } cases[] = {
    { "fs.s3a.bucket.b.path.style.access", "yes", "fs.s3a.bucket.b.path.style.access" },
    { "fs.s3a.connection.establish.timeout", "soon", "fs.s3a.connection.establish.timeout" },
    { "fs.s3a.attempts.maximum", "-1", "fs.s3a.attempts.maximum" },
    { "fs.s3a.bucket.b.access.key", "someone", "no secret key" },
  };

  clear_environment ();
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (HmsConf) conf = hms_conf_new ();
      g_autoptr (GError) error = NULL;
      g_autoptr (HmsS3Settings) settings = NULL;

      hms_conf_set (conf, cases[i].key, cases[i].value);
      settings = hms_s3_config_settings_for_bucket (conf, "b", &error);
      g_assert_null (settings);
      g_assert_error (error, HMS_ERROR, HMS_ERROR_CONFIG);
      g_assert_nonnull (strstr (error->message, cases[i].expected));
    }

  /* A secret without its access key: the message names the key, not the secret. */
  {
    g_autoptr (HmsConf) conf = hms_conf_new ();
    g_autoptr (GError) error = NULL;
    g_autoptr (HmsS3Settings) settings = NULL;

    hms_conf_set (conf, "fs.s3a.bucket.b.secret.key", "very-secret-value");
    settings = hms_s3_config_settings_for_bucket (conf, "b", &error);
    g_assert_null (settings);
    g_assert_error (error, HMS_ERROR, HMS_ERROR_CONFIG);
    g_assert_nonnull (strstr (error->message, "fs.s3a.bucket.b.secret.key"));
    g_assert_null (strstr (error->message, "very-secret-value"));
  }
}

static void
test_locations (void)
{
  struct
  {
    const char *location, *bucket, *key;
  } cases[] = {
    { "s3a://business/topics/dbserver1.public.customers", "business",
      "topics/dbserver1.public.customers" },
    { "s3://checkin/topics/", "checkin", "topics/" },
    { "S3N://user", "user", "" },
    { "s3a://user/", "user", "" },
    /* Literal, never percent-decoded: Hive's escaped partition values. */
    { "s3a://b/t/hour=00%3A00/a b", "b", "t/hour=00%3A00/a b" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *bucket = NULL;
      g_autofree char *key = NULL;
      g_autoptr (GError) error = NULL;

      g_assert_true (hms_s3_location_is_s3 (cases[i].location));
      g_assert_true (hms_s3_location_parse (cases[i].location, &bucket, &key, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (bucket, ==, cases[i].bucket);
      g_assert_cmpstr (key, ==, cases[i].key);
    }

  g_assert_false (hms_s3_location_is_s3 ("hdfs://nn/x"));
  g_assert_false (hms_s3_location_is_s3 ("file:/tmp/x"));
  g_assert_false (hms_s3_location_is_s3 ("s3a:/bucket"));

  {
    const char *bad[] = { "hdfs://nn/x", "s3a:///key", "s3a://", "s3a://bu cket/x" };

    for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr (GError) error = NULL;

        g_assert_false (hms_s3_location_parse (bad[i], NULL, NULL, &error));
        g_assert_error (error, HMS_ERROR, HMS_ERROR_FAILED);
      }
  }
  {
    g_autoptr (GError) error = NULL;

    g_assert_false (hms_s3_location_parse ("s3a://AKID:topsecret@bucket/x", NULL, NULL, &error));
    g_assert_error (error, HMS_ERROR, HMS_ERROR_FAILED);
    g_assert_null (strstr (error->message, "topsecret"));
  }
}

static HmsS3Client *
client_for (const char *endpoint, gboolean path_style, gboolean signed_requests)
{
  g_autoptr (HmsS3Settings) settings = hms_s3_settings_new ();
  g_autoptr (GError) error = NULL;
  HmsS3Client *client;

  settings->endpoint = g_strdup (endpoint);
  settings->path_style = path_style;
  if (signed_requests)
    {
      settings->access_key = g_strdup ("AKID");
      settings->secret_key = g_strdup ("SECRET");
    }
  client = hms_s3_client_new (settings, &error);
  g_assert_no_error (error);
  return client;
}

static const char *
header_value (HmsS3PreparedRequest *request, const char *name)
{
  for (guint i = 0; i < request->headers->len; i++)
    {
      HmsS3Pair *header = g_ptr_array_index (request->headers, i);

      if (g_ascii_strcasecmp (header->name, name) == 0)
        return header->value;
    }
  return NULL;
}

static void
test_request_addressing (void)
{
  const HmsS3Pair list_query[] = {
    { "list-type", "2" },
    { "prefix", "topics/a b/" },
    { "delimiter", "/" },
  };
  struct
  {
    const char *endpoint;
    gboolean path_style;
    const char *bucket, *key;
    const HmsS3Pair *query;
    gsize query_count;
    const char *url, *host;
  } cases[] = {
    { "http://minio:9000", TRUE, "business", "topics/x+y=1/caf\xc3\xa9 %.json", NULL, 0,
      "http://minio:9000/business/topics/x%2By%3D1/caf%C3%A9%20%25.json", "minio:9000" },
    { "https://s3.eu-west-1.amazonaws.com", FALSE, "business", "a//b/./c", NULL, 0,
      "https://business.s3.eu-west-1.amazonaws.com/a//b/./c",
      "business.s3.eu-west-1.amazonaws.com" },
    { "https://s3.amazonaws.com:443/", FALSE, "business", NULL, list_query, 3,
      "https://business.s3.amazonaws.com/?delimiter=%2F&list-type=2&prefix=topics%2Fa%20b%2F",
      "business.s3.amazonaws.com" },
    /* Buckets with dots and IP endpoints cannot be virtual hosts. */
    { "https://s3.amazonaws.com", FALSE, "my.bucket", NULL, NULL, 0,
      "https://s3.amazonaws.com/my.bucket", "s3.amazonaws.com" },
    { "http://127.0.0.1:9000", FALSE, "business", "k", NULL, 0,
      "http://127.0.0.1:9000/business/k", "127.0.0.1:9000" },
    { "http://[::1]:9000", TRUE, "business", "k", NULL, 0,
      "http://[::1]:9000/business/k", "[::1]:9000" },
    { "http://MinIO:80", TRUE, "business", "k", NULL, 0, "http://minio/business/k", "minio" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (HmsS3Client) client = client_for (cases[i].endpoint, cases[i].path_style, TRUE);
      g_autoptr (HmsS3PreparedRequest) request = hms_s3_prepare_request (
          client, "GET", cases[i].bucket, cases[i].key, cases[i].query, cases[i].query_count,
          NULL, 0, "20260101T000000Z");

      g_assert_cmpstr (request->url, ==, cases[i].url);
      g_assert_cmpstr (header_value (request, "Host"), ==, cases[i].host);
      g_assert_cmpstr (header_value (request, "x-amz-date"), ==, "20260101T000000Z");
      g_assert_nonnull (strstr (header_value (request, "Authorization"),
                                "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "));
    }

  /* No credentials: unsigned. */
  {
    g_autoptr (HmsS3Client) client = client_for ("http://minio:9000", TRUE, FALSE);
    g_autoptr (HmsS3PreparedRequest) request = hms_s3_prepare_request (
        client, "HEAD", "b", NULL, NULL, 0, NULL, 0, "20260101T000000Z");

    g_assert_cmpstr (request->url, ==, "http://minio:9000/b");
    g_assert_null (header_value (request, "Authorization"));
  }
}

static void
test_invalid_endpoints (void)
{
  const char *bad[] = { "ftp://minio", "minio:9000", "http://minio:9000/path", "http://u:p@minio",
                        NULL };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (HmsS3Settings) settings = hms_s3_settings_new ();
      g_autoptr (GError) error = NULL;
      g_autoptr (HmsS3Client) client = NULL;

      settings->endpoint = g_strdup (bad[i]);
      client = hms_s3_client_new (settings, &error);
      g_assert_null (client);
      g_assert_error (error, HMS_ERROR, HMS_ERROR_CONFIG);
    }
}

static void
test_client_cache (void)
{
  g_autoptr (HmsConf) conf = NULL;
  g_autoptr (HmsS3Clients) clients = NULL;
  g_autoptr (HmsS3Client) first = NULL;
  g_autoptr (HmsS3Client) again = NULL;
  g_autoptr (HmsS3Client) other = NULL;
  g_autofree char *bucket = NULL;
  g_autofree char *key = NULL;
  g_autoptr (GError) error = NULL;

  clear_environment ();
  conf = seed_conf ();
  clients = hms_s3_clients_new (conf);
  first = hms_s3_clients_for_location (clients, "s3a://business/topics/t", &bucket, &key, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bucket, ==, "business");
  g_assert_cmpstr (key, ==, "topics/t");
  again = hms_s3_clients_get (clients, "business", &error);
  other = hms_s3_clients_get (clients, "checkin", &error);
  g_assert_no_error (error);
  g_assert_true (first == again);
  g_assert_true (first != other);
  g_assert_cmpstr (hms_s3_client_get_settings (first)->access_key, ==, "business-user");
  g_assert_cmpstr (hms_s3_client_get_settings (other)->access_key, ==, "checkin-user");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/s3-config/per-bucket-credentials", test_per_bucket_credentials);
  g_test_add_func ("/s3-config/environment-credentials", test_environment_credentials);
  g_test_add_func ("/s3-config/region-and-endpoint-forms", test_region_and_endpoint_forms);
  g_test_add_func ("/s3-config/timeouts-retries-and-ca", test_timeouts_retries_and_ca);
  g_test_add_func ("/s3-config/invalid-values", test_invalid_values);
  g_test_add_func ("/s3-config/locations", test_locations);
  g_test_add_func ("/s3-config/request-addressing", test_request_addressing);
  g_test_add_func ("/s3-config/invalid-endpoints", test_invalid_endpoints);
  g_test_add_func ("/s3-config/client-cache", test_client_cache);
  return g_test_run ();
}
