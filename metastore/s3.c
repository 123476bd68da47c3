/*
 * s3.c
 *    hms's own S3 client (see s3.h): requests built and signed here, sent
 *    with libcurl, answers read with libxml2, retried with backoff.
 *
 * Each attempt signs afresh (a retry minutes later must not carry a stale
 * x-amz-date) and takes a curl handle from the client's pool, so
 * keep-alive connections serve the next request of any thread.
 */
#include "s3.h"

#include <string.h>

#include <curl/curl.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <openssl/crypto.h>

#include "error.h"

#ifndef HMS_VERSION
#define HMS_VERSION "unknown"
#endif

/* Idle curl handles kept per client: enough for the threads that list at
 * once; more are made on demand and closed when returned. */
#define IDLE_HANDLES_MAX 8

/* A list page is ~300 bytes a key: 1,000 keys stay far below this. */
#define LIST_RESPONSE_MAX (64 * 1024 * 1024)
/* Error bodies are a few hundred bytes. */
#define ERROR_RESPONSE_MAX (1024 * 1024)

/* No backoff grows beyond this. */
#define BACKOFF_MAX_MS 20000

struct HmsS3Client
{
  gatomicrefcount references;
  HmsS3Settings *settings;
  char *scheme;       /* "http" or "https" */
  char *host;         /* Host header of the endpoint: "[::1]:9000", "minio:9000" */
  gboolean host_is_address;
  GMutex pool_lock;
  GPtrArray *idle_handles;  /* CURL * */
};

static void
initialize_libraries_once (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      if (curl_global_init (CURL_GLOBAL_DEFAULT) != CURLE_OK)
        g_error ("libcurl could not be initialised");
      xmlInitParser ();
      g_once_init_leave (&initialized, 1);
    }
}

/* ---- settings ---------------------------------------------------------- */

HmsS3Settings *
hms_s3_settings_new (void)
{
  HmsS3Settings *settings = g_new0 (HmsS3Settings, 1);

  settings->region = g_strdup ("us-east-1");
  settings->connect_timeout_ms = 5000;
  settings->request_timeout_ms = 60000;
  settings->retry_limit = 5;
  settings->retry_interval_ms = 500;
  return settings;
}

HmsS3Settings *
hms_s3_settings_copy (const HmsS3Settings *settings)
{
  HmsS3Settings *copy = g_new0 (HmsS3Settings, 1);

  *copy = *settings;
  copy->endpoint = g_strdup (settings->endpoint);
  copy->region = g_strdup (settings->region);
  copy->access_key = g_strdup (settings->access_key);
  copy->secret_key = g_strdup (settings->secret_key);
  copy->credential_source = g_strdup (settings->credential_source);
  copy->ca_file = g_strdup (settings->ca_file);
  return copy;
}

void
hms_s3_settings_free (HmsS3Settings *settings)
{
  if (settings == NULL)
    return;
  if (settings->secret_key != NULL)
    OPENSSL_cleanse (settings->secret_key, strlen (settings->secret_key));
  g_free (settings->endpoint);
  g_free (settings->region);
  g_free (settings->access_key);
  g_free (settings->secret_key);
  g_free (settings->credential_source);
  g_free (settings->ca_file);
  g_free (settings);
}

/* ---- client ------------------------------------------------------------ */

HmsS3Client *
hms_s3_client_new (const HmsS3Settings *settings, GError **error)
{
  g_autoptr (GUri) uri = NULL;
  g_autoptr (GError) parse_error = NULL;
  g_autoptr (HmsS3Client) client = NULL;
  const char *scheme, *host, *path;
  int port;

  g_return_val_if_fail (settings != NULL, NULL);
  initialize_libraries_once ();

  if (settings->endpoint == NULL
      || (uri = g_uri_parse (settings->endpoint, G_URI_FLAGS_NONE, &parse_error)) == NULL)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG, "invalid S3 endpoint \"%s\": %s",
                   settings->endpoint != NULL ? settings->endpoint : "",
                   parse_error != NULL ? parse_error->message : "not set");
      return NULL;
    }
  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  path = g_uri_get_path (uri);
  port = g_uri_get_port (uri);
  if ((g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
      || host == NULL || host[0] == '\0' || (path[0] != '\0' && strcmp (path, "/") != 0)
      || g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL
      || g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                   "invalid S3 endpoint \"%s\": expected http://HOST[:PORT] or "
                   "https://HOST[:PORT]", settings->endpoint);
      return NULL;
    }
  if ((settings->access_key == NULL) != (settings->secret_key == NULL))
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                   "S3 credentials for endpoint \"%s\" are incomplete: %s",
                   settings->endpoint,
                   settings->access_key == NULL ? "a secret key is set without an access key"
                                                : "an access key is set without a secret key");
      return NULL;
    }

  client = g_new0 (HmsS3Client, 1);
  g_atomic_ref_count_init (&client->references);
  g_mutex_init (&client->pool_lock);
  client->idle_handles = g_ptr_array_new ();
  client->settings = hms_s3_settings_copy (settings);
  client->scheme = g_ascii_strdown (scheme, -1);
  client->host_is_address = g_hostname_is_ip_address (host);
  {
    gboolean default_port = port == -1 || (strcmp (client->scheme, "http") == 0 && port == 80)
                            || (strcmp (client->scheme, "https") == 0 && port == 443);
    g_autofree char *bracketed = strchr (host, ':') != NULL ? g_strdup_printf ("[%s]", host)
                                                            : g_ascii_strdown (host, -1);

    client->host = default_port ? g_steal_pointer (&bracketed)
                                : g_strdup_printf ("%s:%d", bracketed, port);
  }
  /* The endpoint as messages name it: normalised, no trailing slash. */
  g_free (client->settings->endpoint);
  client->settings->endpoint = g_strdup_printf ("%s://%s", client->scheme, client->host);
  return g_steal_pointer (&client);
}

HmsS3Client *
hms_s3_client_ref (HmsS3Client *client)
{
  g_return_val_if_fail (client != NULL, NULL);
  g_atomic_ref_count_inc (&client->references);
  return client;
}

void
hms_s3_client_unref (HmsS3Client *client)
{
  if (client == NULL || !g_atomic_ref_count_dec (&client->references))
    return;
  for (guint i = 0; i < client->idle_handles->len; i++)
    curl_easy_cleanup (g_ptr_array_index (client->idle_handles, i));
  g_ptr_array_free (client->idle_handles, TRUE);
  g_mutex_clear (&client->pool_lock);
  hms_s3_settings_free (client->settings);
  g_free (client->scheme);
  g_free (client->host);
  g_free (client);
}

const HmsS3Settings *
hms_s3_client_get_settings (HmsS3Client *client)
{
  return client->settings;
}

static CURL *
take_handle (HmsS3Client *client)
{
  CURL *handle = NULL;

  g_mutex_lock (&client->pool_lock);
  if (client->idle_handles->len > 0)
    handle = g_ptr_array_steal_index_fast (client->idle_handles, client->idle_handles->len - 1);
  g_mutex_unlock (&client->pool_lock);
  if (handle == NULL)
    handle = curl_easy_init ();
  else
    curl_easy_reset (handle);  /* keeps its live connections */
  if (handle == NULL)
    g_error ("libcurl could not make a handle");
  return handle;
}

static void
return_handle (HmsS3Client *client, CURL *handle)
{
  g_mutex_lock (&client->pool_lock);
  if (client->idle_handles->len < IDLE_HANDLES_MAX)
    {
      g_ptr_array_add (client->idle_handles, handle);
      handle = NULL;
    }
  g_mutex_unlock (&client->pool_lock);
  if (handle != NULL)
    curl_easy_cleanup (handle);
}

/* ---- locations --------------------------------------------------------- */

static const char *const s3_schemes[] = { "s3a://", "s3://", "s3n://" };

/* The length of LOCATION's S3 scheme prefix, 0 when it has none. */
static gsize
s3_scheme_length (const char *location)
{
  for (gsize i = 0; i < G_N_ELEMENTS (s3_schemes); i++)
    if (g_ascii_strncasecmp (location, s3_schemes[i], strlen (s3_schemes[i])) == 0)
      return strlen (s3_schemes[i]);
  return 0;
}

gboolean
hms_s3_location_is_s3 (const char *location)
{
  return location != NULL && s3_scheme_length (location) > 0;
}

gboolean
hms_s3_location_parse (const char *location, char **bucket, char **key, GError **error)
{
  gsize scheme_length = location != NULL ? s3_scheme_length (location) : 0;
  const char *authority, *slash;
  g_autofree char *bucket_name = NULL;

  if (scheme_length == 0)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                   "location \"%s\" is not in S3: expected s3a://, s3:// or s3n://",
                   location != NULL ? location : "");
      return FALSE;
    }
  authority = location + scheme_length;
  slash = strchr (authority, '/');
  bucket_name = slash != NULL ? g_strndup (authority, slash - authority) : g_strdup (authority);
  /* Old Hadoop accepted s3a://ID:SECRET@bucket/: never echo such a location. */
  if (strchr (bucket_name, '@') != NULL)
    {
      g_set_error_literal (error, HMS_ERROR, HMS_ERROR_FAILED,
                           "invalid S3 location: credentials in a location are not supported; "
                           "configure fs.s3a.access.key and fs.s3a.secret.key instead");
      return FALSE;
    }
  if (bucket_name[0] == '\0' || strpbrk (bucket_name, " \t\r\n?#%\\") != NULL)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                   "invalid S3 location \"%s\": no valid bucket name", location);
      return FALSE;
    }
  if (bucket != NULL)
    *bucket = g_steal_pointer (&bucket_name);
  if (key != NULL)
    *key = g_strdup (slash != NULL ? slash + 1 : "");
  return TRUE;
}

/* ---- listings ---------------------------------------------------------- */

static void
object_free (HmsS3Object *object)
{
  g_free (object->key);
  g_free (object->etag);
  g_clear_pointer (&object->last_modified, g_date_time_unref);
  g_free (object);
}

HmsS3Listing *
hms_s3_listing_new (void)
{
  HmsS3Listing *listing = g_new0 (HmsS3Listing, 1);

  listing->prefixes = g_ptr_array_new_with_free_func (g_free);
  listing->objects = g_ptr_array_new_with_free_func ((GDestroyNotify) object_free);
  return listing;
}

void
hms_s3_listing_free (HmsS3Listing *listing)
{
  if (listing == NULL)
    return;
  g_ptr_array_unref (listing->prefixes);
  g_ptr_array_unref (listing->objects);
  g_free (listing);
}

/* ---- requests ---------------------------------------------------------- */

/* Virtual-hosted addressing needs the bucket to be a DNS label (and no
 * dots, which would break the TLS certificate's wildcard) and a host name
 * endpoint; otherwise path style is the only one that can work. */
static gboolean
use_path_style (HmsS3Client *client, const char *bucket)
{
  gsize length = strlen (bucket);

  if (client->settings->path_style || client->host_is_address)
    return TRUE;
  if (length < 3 || length > 63 || bucket[0] == '-' || bucket[length - 1] == '-')
    return TRUE;
  for (const char *c = bucket; *c != '\0'; c++)
    if (!(g_ascii_islower (*c) || g_ascii_isdigit (*c) || *c == '-'))
      return TRUE;
  return FALSE;
}

static void
pair_free (HmsS3Pair *pair)
{
  g_free ((char *) pair->name);
  g_free ((char *) pair->value);
  g_free (pair);
}

static void
add_header (GPtrArray *headers, const char *name, const char *value)
{
  HmsS3Pair *pair = g_new0 (HmsS3Pair, 1);

  pair->name = g_strdup (name);
  pair->value = g_strdup (value);
  g_ptr_array_add (headers, pair);
}

HmsS3PreparedRequest *
hms_s3_prepare_request (HmsS3Client *client, const char *method, const char *bucket,
                        const char *key, const HmsS3Pair *query, gsize query_count,
                        const HmsS3Pair *extra_headers, gsize extra_header_count,
                        const char *amz_date)
{
  HmsS3PreparedRequest *request = g_new0 (HmsS3PreparedRequest, 1);
  g_autofree char *encoded_bucket = hms_s3_uri_encode (bucket, FALSE);
  g_autofree char *encoded_key = key != NULL ? hms_s3_uri_encode (key, TRUE) : NULL;
  g_autofree char *canonical_query = hms_s3_canonical_query (query, query_count);
  g_autofree char *host = NULL;
  g_autofree char *path = NULL;

  if (use_path_style (client, bucket))
    {
      host = g_strdup (client->host);
      path = key != NULL ? g_strdup_printf ("/%s/%s", encoded_bucket, encoded_key)
                         : g_strdup_printf ("/%s", encoded_bucket);
    }
  else
    {
      host = g_strdup_printf ("%s.%s", bucket, client->host);
      path = g_strdup_printf ("/%s", key != NULL ? encoded_key : "");
    }
  request->url = g_strdup_printf ("%s://%s%s%s%s", client->scheme, host, path,
                                  canonical_query[0] != '\0' ? "?" : "", canonical_query);
  request->headers = g_ptr_array_new_with_free_func ((GDestroyNotify) pair_free);
  add_header (request->headers, "Host", host);
  add_header (request->headers, "x-amz-content-sha256", HMS_S3_EMPTY_PAYLOAD_SHA256);
  add_header (request->headers, "x-amz-date", amz_date);
  for (gsize i = 0; i < extra_header_count; i++)
    add_header (request->headers, extra_headers[i].name, extra_headers[i].value);

  if (client->settings->access_key != NULL)
    {
      g_autofree HmsS3Pair *signed_headers = g_new0 (HmsS3Pair, request->headers->len + 1);
      HmsS3SignKey sign_key = {
        .access_key = client->settings->access_key,
        .secret_key = client->settings->secret_key,
        .region = client->settings->region,
        .service = "s3",
      };
      HmsS3SignRequest sign_request = {
        .method = method,
        .canonical_uri = path,
        .canonical_query = canonical_query,
        .headers = signed_headers,
        .header_count = request->headers->len,
        .payload_hash = HMS_S3_EMPTY_PAYLOAD_SHA256,
        .amz_date = amz_date,
      };
      g_autoptr (HmsS3Signature) signature = NULL;

      for (guint i = 0; i < request->headers->len; i++)
        signed_headers[i] = *(HmsS3Pair *) g_ptr_array_index (request->headers, i);
      signature = hms_s3_sign (&sign_request, &sign_key);
      add_header (request->headers, "Authorization", signature->authorization);
    }
  return request;
}

void
hms_s3_prepared_request_free (HmsS3PreparedRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->url);
  g_ptr_array_unref (request->headers);
  g_free (request);
}

/* One S3 operation as the retry loop runs it. */
typedef struct
{
  const char *action;      /* "list", "read", ...: "could not <action> ..." */
  const char *method;
  const char *bucket;
  const char *key;         /* NULL: the bucket */
  const char *shown_key;   /* the key or prefix messages name; NULL: none */
  const HmsS3Pair *query;
  gsize query_count;
  gsize max_body;          /* bytes of a successful answer's body accepted */
  GCancellable *cancellable;
} S3Call;

/* What one attempt got. */
typedef struct
{
  long status;
  GByteArray *body;
  CURL *handle;
  gsize max_body;          /* for a 2xx answer; error documents get ERROR_RESPONSE_MAX */
  gboolean body_too_large;
  char *request_id;
  GCancellable *cancellable;
} S3Response;

/* How an attempt ended, when it did not succeed. */
typedef struct
{
  gboolean retryable;
  gboolean cancelled;
  int code;       /* HMS_ERROR_* */
  char *reason;   /* "SignatureDoesNotMatch: ... (HTTP 403)" or the transport failure */
  char *s3_code;  /* S3's error Code, when it sent one */
} S3Failure;

static void
clear_failure (S3Failure *failure)
{
  g_clear_pointer (&failure->reason, g_free);
  g_clear_pointer (&failure->s3_code, g_free);
  failure->retryable = failure->cancelled = FALSE;
  failure->code = HMS_ERROR_FAILED;
}

static size_t
receive_body (char *data, size_t size, size_t count, void *user_data)
{
  S3Response *response = user_data;
  gsize length = size * count;
  long status = 0;
  gsize limit;

  curl_easy_getinfo (response->handle, CURLINFO_RESPONSE_CODE, &status);
  limit = status >= 200 && status < 300 ? response->max_body : ERROR_RESPONSE_MAX;
  if (response->body->len + length > limit)
    {
      response->body_too_large = TRUE;
      return 0;  /* makes curl stop with CURLE_WRITE_ERROR */
    }
  g_byte_array_append (response->body, (const guint8 *) data, length);
  return length;
}

static size_t
receive_header (char *data, size_t size, size_t count, void *user_data)
{
  S3Response *response = user_data;
  gsize length = size * count;
  static const char name[] = "x-amz-request-id:";

  if (length > strlen (name) && g_ascii_strncasecmp (data, name, strlen (name)) == 0)
    {
      g_free (response->request_id);
      response->request_id = g_strstrip (g_strndup (data + strlen (name), length - strlen (name)));
    }
  return length;
}

static int
check_cancelled (void *user_data, curl_off_t download_total, curl_off_t downloaded,
                 curl_off_t upload_total, curl_off_t uploaded)
{
  S3Response *response = user_data;

  return response->cancellable != NULL && g_cancellable_is_cancelled (response->cancellable);
}

/* The text of the first child of NODE named NAME (any namespace), or NULL. */
static char *
child_text (xmlNode *node, const char *name)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE && strcmp ((const char *) child->name, name) == 0)
      {
        xmlChar *content = xmlNodeGetContent (child);
        char *text = g_strdup (content != NULL ? (const char *) content : "");

        xmlFree (content);
        return text;
      }
  return NULL;
}

static xmlDoc *
parse_xml (const GByteArray *body)
{
  if (body->len == 0 || body->len > G_MAXINT)
    return NULL;
  /* No network, no entity substitution: S3 answers never need either. */
  return xmlReadMemory ((const char *) body->data, (int) body->len, "s3-response.xml", NULL,
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

static gboolean
is_retryable_transport_error (CURLcode code)
{
  switch (code)
    {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_HTTP3:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Fills FAILURE from an HTTP error answer: S3's <Error> Code and Message
 * when the body has them (HEAD answers have no body). */
static void
describe_http_failure (const S3Response *response, S3Failure *failure)
{
  g_autoptr (GString) reason = g_string_new ("");
  xmlDoc *document = parse_xml (response->body);
  xmlNode *root = document != NULL ? xmlDocGetRootElement (document) : NULL;
  g_autofree char *message = NULL;
  g_autofree char *request_id = g_strdup (response->request_id);

  if (root != NULL && strcmp ((const char *) root->name, "Error") == 0)
    {
      failure->s3_code = child_text (root, "Code");
      message = child_text (root, "Message");
      if (request_id == NULL)
        request_id = child_text (root, "RequestId");
    }
  if (document != NULL)
    xmlFreeDoc (document);

  if (failure->s3_code != NULL && failure->s3_code[0] != '\0')
    g_string_append (reason, failure->s3_code);
  else
    g_string_append (reason, response->status == 404 ? "NotFound"
                             : response->status == 403 ? "Forbidden" : "HTTP error");
  if (message != NULL && message[0] != '\0')
    g_string_append_printf (reason, ": %s", message);
  g_string_append_printf (reason, " (HTTP %ld", response->status);
  if (request_id != NULL && request_id[0] != '\0')
    g_string_append_printf (reason, ", request id %s", request_id);
  g_string_append_c (reason, ')');
  failure->reason = g_strdup (reason->str);

  failure->code = response->status == 404 ? HMS_ERROR_NO_SUCH_OBJECT : HMS_ERROR_FAILED;
  failure->retryable = response->status >= 500 || response->status == 429
                       || g_strcmp0 (failure->s3_code, "SlowDown") == 0
                       || g_strcmp0 (failure->s3_code, "RequestTimeout") == 0
                       || g_strcmp0 (failure->s3_code, "InternalError") == 0;
}

/* One attempt of CALL.  TRUE on a 2xx answer, with RESPONSE filled;
 * FALSE with FAILURE filled otherwise. */
static gboolean
attempt_call (HmsS3Client *client, const S3Call *call, S3Response *response, S3Failure *failure)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *amz_date = hms_s3_amz_date (now);
  g_autoptr (HmsS3PreparedRequest) request = NULL;
  struct curl_slist *header_list = NULL;
  char curl_message[CURL_ERROR_SIZE] = "";
  CURL *handle = take_handle (client);
  CURLcode result;

  request = hms_s3_prepare_request (client, call->method, call->bucket, call->key, call->query,
                                    call->query_count, NULL, 0, amz_date);
  for (guint i = 0; i < request->headers->len; i++)
    {
      const HmsS3Pair *header = g_ptr_array_index (request->headers, i);
      g_autofree char *line = g_strdup_printf ("%s: %s", header->name, header->value);

      header_list = curl_slist_append (header_list, line);
    }
  /* No "Expect: 100-continue" dance: no request has a body. */
  header_list = curl_slist_append (header_list, "Expect:");

  g_byte_array_set_size (response->body, 0);
  g_clear_pointer (&response->request_id, g_free);
  response->status = 0;
  response->body_too_large = FALSE;
  response->max_body = call->max_body;
  response->cancellable = call->cancellable;
  response->handle = handle;

  curl_easy_setopt (handle, CURLOPT_URL, request->url);
  curl_easy_setopt (handle, CURLOPT_HTTPHEADER, header_list);
  curl_easy_setopt (handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (handle, CURLOPT_PATH_AS_IS, 1L);      /* S3 keys are not paths */
  curl_easy_setopt (handle, CURLOPT_NOSIGNAL, 1L);        /* threads */
  curl_easy_setopt (handle, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt (handle, CURLOPT_FOLLOWLOCATION, 0L);
  /* Like S3A, ignore http_proxy and friends: an in-cluster MinIO must not
   * be sent through a proxy meant for the outside world. */
  curl_easy_setopt (handle, CURLOPT_PROXY, "");
  curl_easy_setopt (handle, CURLOPT_USERAGENT, "hms/" HMS_VERSION);
  curl_easy_setopt (handle, CURLOPT_ERRORBUFFER, curl_message);
  curl_easy_setopt (handle, CURLOPT_WRITEFUNCTION, receive_body);
  curl_easy_setopt (handle, CURLOPT_WRITEDATA, response);
  curl_easy_setopt (handle, CURLOPT_HEADERFUNCTION, receive_header);
  curl_easy_setopt (handle, CURLOPT_HEADERDATA, response);
  curl_easy_setopt (handle, CURLOPT_XFERINFOFUNCTION, check_cancelled);
  curl_easy_setopt (handle, CURLOPT_XFERINFODATA, response);
  curl_easy_setopt (handle, CURLOPT_NOPROGRESS, 0L);
  if (client->settings->connect_timeout_ms > 0)
    curl_easy_setopt (handle, CURLOPT_CONNECTTIMEOUT_MS, (long) client->settings->connect_timeout_ms);
  if (client->settings->request_timeout_ms > 0)
    curl_easy_setopt (handle, CURLOPT_TIMEOUT_MS, (long) client->settings->request_timeout_ms);
  if (client->settings->ca_file != NULL)
    curl_easy_setopt (handle, CURLOPT_CAINFO, client->settings->ca_file);
  if (strcmp (call->method, "HEAD") == 0)
    curl_easy_setopt (handle, CURLOPT_NOBODY, 1L);
  else if (strcmp (call->method, "GET") != 0)
    curl_easy_setopt (handle, CURLOPT_CUSTOMREQUEST, call->method);

  result = curl_easy_perform (handle);
  curl_easy_getinfo (handle, CURLINFO_RESPONSE_CODE, &response->status);
  response->handle = NULL;
  curl_easy_setopt (handle, CURLOPT_HTTPHEADER, NULL);
  curl_easy_setopt (handle, CURLOPT_ERRORBUFFER, NULL);
  return_handle (client, handle);
  curl_slist_free_all (header_list);

  g_debug ("S3 %s %s: %s, HTTP %ld", call->method, request->url,
           result == CURLE_OK ? "done" : curl_easy_strerror (result), response->status);

  clear_failure (failure);
  if (result == CURLE_ABORTED_BY_CALLBACK)
    {
      failure->cancelled = TRUE;
      return FALSE;
    }
  if (result == CURLE_WRITE_ERROR && response->body_too_large)
    {
      /* Final: asking again gets the same size. */
      failure->reason = g_strdup_printf ("the answer is larger than the limit of %" G_GSIZE_FORMAT
                                         " bytes (HTTP %ld)", response->status >= 200
                                         && response->status < 300 ? call->max_body
                                         : (gsize) ERROR_RESPONSE_MAX, response->status);
      return FALSE;
    }
  if (result != CURLE_OK)
    {
      failure->reason = g_strdup (curl_message[0] != '\0' ? curl_message
                                                          : curl_easy_strerror (result));
      failure->retryable = is_retryable_transport_error (result);
      return FALSE;
    }
  if (response->status >= 200 && response->status < 300)
    return TRUE;
  describe_http_failure (response, failure);
  return FALSE;
}

/* Replaces every occurrence of SECRET in TEXT with asterisks: insurance
 * against a server that echoes what it was sent.  Secrets shorter than
 * MinIO's minimum of 8 characters are left alone, or a secret "b" would
 * blank out every "b" of the message. */
static char *
redact (const char *text, const char *secret)
{
  g_auto (GStrv) parts = NULL;

  if (secret == NULL || strlen (secret) < 8 || strstr (text, secret) == NULL)
    return g_strdup (text);
  parts = g_strsplit (text, secret, -1);
  return g_strjoinv ("********", parts);
}

/* "s3a://bucket/key" for messages. */
static char *
describe_location (const S3Call *call)
{
  return g_strdup_printf ("s3a://%s%s%s", call->bucket, call->shown_key != NULL ? "/" : "",
                          call->shown_key != NULL ? call->shown_key : "");
}

static void
set_call_error (GError **error, HmsS3Client *client, const S3Call *call, int code,
                guint attempts, const char *reason, const char *s3_code)
{
  g_autofree char *location = describe_location (call);
  g_autoptr (GString) message = g_string_new ("");
  g_autofree char *redacted = NULL;

  g_string_append_printf (message, "could not %s \"%s\" (endpoint %s)", call->action, location,
                          client->settings->endpoint);
  if (attempts > 1)
    g_string_append_printf (message, " after %u attempts", attempts);
  g_string_append_printf (message, ": %s", reason);
  if (s3_code != NULL
      && (strcmp (s3_code, "SignatureDoesNotMatch") == 0 || strcmp (s3_code, "AccessDenied") == 0
          || strcmp (s3_code, "InvalidAccessKeyId") == 0))
    {
      if (client->settings->access_key == NULL)
        g_string_append_printf (message, "; no credentials are configured for bucket \"%s\"",
                                call->bucket);
      else if (client->settings->credential_source != NULL)
        g_string_append_printf (message, "; the credentials came from %s",
                                client->settings->credential_source);
    }
  redacted = redact (message->str, client->settings->secret_key);
  g_set_error_literal (error, HMS_ERROR, code, redacted);
}

/* The pause before retry number RETRY (1, 2, ...): exponential, capped,
 * with "equal jitter" (half fixed, half random) so that many clients
 * failing together do not come back together. */
static gint64
backoff_ms (HmsS3Client *client, guint retry)
{
  gint64 delay = MAX (client->settings->retry_interval_ms, 1);

  for (guint i = 1; i < retry && delay < BACKOFF_MAX_MS; i++)
    delay *= 2;
  delay = MIN (delay, BACKOFF_MAX_MS);
  return delay / 2 + g_random_int_range (0, (gint32) (delay / 2) + 1);
}

/* Sleeps MILLISECONDS unless CANCELLABLE fires first (then FALSE). */
static gboolean
sleep_unless_cancelled (gint64 milliseconds, GCancellable *cancellable)
{
  gint64 deadline = g_get_monotonic_time () + milliseconds * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      if (cancellable != NULL && g_cancellable_is_cancelled (cancellable))
        return FALSE;
      g_usleep (MIN (deadline - g_get_monotonic_time (), 50000));
    }
  return cancellable == NULL || !g_cancellable_is_cancelled (cancellable);
}

/* Runs CALL with retries.  TRUE with RESPONSE holding the 2xx answer. */
static gboolean
perform_call (HmsS3Client *client, const S3Call *call, S3Response *response, GError **error)
{
  guint attempts = client->settings->retry_limit + 1;
  S3Failure failure = { 0 };

  for (guint attempt = 1;; attempt++)
    {
      gint64 delay;

      if (attempt_call (client, call, response, &failure))
        {
          clear_failure (&failure);
          return TRUE;
        }
      if (failure.cancelled)
        break;
      if (!failure.retryable || attempt >= attempts)
        {
          set_call_error (error, client, call, failure.code, attempt, failure.reason,
                          failure.s3_code);
          clear_failure (&failure);
          return FALSE;
        }
      delay = backoff_ms (client, attempt);
      {
        g_autofree char *location = describe_location (call);
        g_autofree char *reason = redact (failure.reason, client->settings->secret_key);

        g_message ("S3 request to %s for \"%s\" failed (attempt %u of %u): %s; retrying in "
                   "%" G_GINT64_FORMAT " ms", client->settings->endpoint, location, attempt,
                   attempts, reason, delay);
      }
      if (!sleep_unless_cancelled (delay, call->cancellable))
        break;
    }
  clear_failure (&failure);
  {
    g_autofree char *location = describe_location (call);

    g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s of \"%s\" cancelled", call->action,
                 location);
  }
  return FALSE;
}

static void
response_init (S3Response *response)
{
  memset (response, 0, sizeof *response);
  response->body = g_byte_array_new ();
}

static void
response_clear (S3Response *response)
{
  g_clear_pointer (&response->body, g_byte_array_unref);
  g_clear_pointer (&response->request_id, g_free);
}

/* ---- ListObjectsV2 ----------------------------------------------------- */

/* S3's encoding-type=url: application/x-www-form-urlencoded, so '+' is a
 * space and %XX a byte.  NULL for a malformed escape. */
static char *
url_decode (const char *text)
{
  GString *decoded = g_string_sized_new (strlen (text));

  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '+')
        g_string_append_c (decoded, ' ');
      else if (*c == '%')
        {
          int high = g_ascii_xdigit_value (c[1]);
          int low = high >= 0 ? g_ascii_xdigit_value (c[2]) : -1;

          if (high < 0 || low < 0)
            {
              g_string_free (decoded, TRUE);
              return NULL;
            }
          g_string_append_c (decoded, (char) (high * 16 + low));
          c += 2;
        }
      else
        g_string_append_c (decoded, *c);
    }
  return g_string_free (decoded, FALSE);
}

/* Takes TEXT (owned) as the server sent it: decoded when it said it
 * encoded keys.  NULL (TEXT freed) for a malformed encoding. */
static char *
take_key (char *text, gboolean url_encoded)
{
  char *decoded;

  if (text == NULL || !url_encoded)
    return text;
  decoded = url_decode (text);
  g_free (text);
  return decoded;
}

/* Parses one ListBucketResult page into PAGE, *TRUNCATED and *NEXT_TOKEN.
 * FALSE with REASON (a short description) for anything malformed. */
static gboolean
parse_list_page (const GByteArray *body, HmsS3Listing *page, gboolean *truncated,
                 char **next_token, char **reason)
{
  xmlDoc *document = parse_xml (body);
  xmlNode *root = document != NULL ? xmlDocGetRootElement (document) : NULL;
  g_autofree char *encoding = NULL;
  g_autofree char *is_truncated = NULL;
  gboolean url_encoded;

  if (root == NULL || strcmp ((const char *) root->name, "ListBucketResult") != 0)
    {
      *reason = g_strdup ("the answer is not a ListBucketResult document");
      if (document != NULL)
        xmlFreeDoc (document);
      return FALSE;
    }
  encoding = child_text (root, "EncodingType");
  url_encoded = encoding != NULL && g_ascii_strcasecmp (encoding, "url") == 0;
  is_truncated = child_text (root, "IsTruncated");
  *truncated = is_truncated != NULL && g_ascii_strcasecmp (g_strstrip (is_truncated), "true") == 0;
  *next_token = child_text (root, "NextContinuationToken");

  for (xmlNode *child = root->children; child != NULL && *reason == NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;
      if (strcmp ((const char *) child->name, "Contents") == 0)
        {
          g_autofree char *size = child_text (child, "Size");
          g_autofree char *modified = child_text (child, "LastModified");
          char *key = take_key (child_text (child, "Key"), url_encoded);
          HmsS3Object *object;

          if (key == NULL)
            {
              *reason = g_strdup ("an object in the answer has no valid Key");
              break;
            }
          object = g_new0 (HmsS3Object, 1);
          object->key = key;
          object->size = size != NULL ? g_ascii_strtoll (size, NULL, 10) : 0;
          object->etag = child_text (child, "ETag");
          object->last_modified = modified != NULL
                                  ? g_date_time_new_from_iso8601 (g_strstrip (modified), NULL)
                                  : NULL;
          g_ptr_array_add (page->objects, object);
        }
      else if (strcmp ((const char *) child->name, "CommonPrefixes") == 0)
        {
          char *prefix = take_key (child_text (child, "Prefix"), url_encoded);

          if (prefix == NULL)
            *reason = g_strdup ("a common prefix in the answer has no valid Prefix");
          else
            g_ptr_array_add (page->prefixes, prefix);
        }
    }
  xmlFreeDoc (document);
  return *reason == NULL;
}

/*
 * One ListObjectsV2 request: the page after TOKEN (NULL for the first)
 * into PAGE, whether S3 said more follow, and where they start.  FALSE
 * with ERROR when the call failed after its retries or the page is
 * malformed (a truncated page without a new continuation token too).
 */
static gboolean
list_page (HmsS3Client *client, const char *bucket, const char *prefix, const char *delimiter,
           const char *max_keys, const char *token, S3Response *response, HmsS3Listing *page,
           gboolean *truncated, char **next_token, GCancellable *cancellable, GError **error)
{
  HmsS3Pair query[6];
  gsize count = 0;
  S3Call call = {
    .action = "list",
    .method = "GET",
    .bucket = bucket,
    .shown_key = prefix,
    .query = query,
    .max_body = LIST_RESPONSE_MAX,
    .cancellable = cancellable,
  };
  g_autofree char *reason = NULL;

  query[count++] = (HmsS3Pair) { "list-type", "2" };
  query[count++] = (HmsS3Pair) { "encoding-type", "url" };
  if (prefix[0] != '\0')
    query[count++] = (HmsS3Pair) { "prefix", prefix };
  if (delimiter != NULL)
    query[count++] = (HmsS3Pair) { "delimiter", delimiter };
  if (max_keys != NULL)
    query[count++] = (HmsS3Pair) { "max-keys", max_keys };
  if (token != NULL)
    query[count++] = (HmsS3Pair) { "continuation-token", token };
  call.query_count = count;

  if (!perform_call (client, &call, response, error))
    return FALSE;
  if (!parse_list_page (response->body, page, truncated, next_token, &reason))
    {
      set_call_error (error, client, &call, HMS_ERROR_FAILED, 1, reason, NULL);
      return FALSE;
    }
  /* A truncated page must say where to go on, and somewhere new: a
   * server that repeats itself would loop forever. */
  if (*truncated && (*next_token == NULL || (*next_token)[0] == '\0'
                     || g_strcmp0 (*next_token, token) == 0))
    {
      set_call_error (error, client, &call, HMS_ERROR_FAILED, 1,
                      *next_token == NULL || (*next_token)[0] == '\0'
                      ? "a truncated page has no NextContinuationToken"
                      : "the server returned the same continuation token twice", NULL);
      return FALSE;
    }
  return TRUE;
}

gboolean
hms_s3_list (HmsS3Client *client, const char *bucket, const char *prefix,
             const char *delimiter, guint page_size, HmsS3ListFunc callback,
             gpointer user_data, GCancellable *cancellable, GError **error)
{
  g_autofree char *token = NULL;
  g_autofree char *max_keys = page_size > 0 ? g_strdup_printf ("%u", page_size) : NULL;
  S3Response response;
  gboolean truncated = TRUE;
  gboolean ok = TRUE;

  g_return_val_if_fail (client != NULL && bucket != NULL && callback != NULL, FALSE);
  if (prefix == NULL)
    prefix = "";
  response_init (&response);

  while (ok && truncated)
    {
      g_autoptr (HmsS3Listing) page = hms_s3_listing_new ();
      g_autofree char *next_token = NULL;

      if (!list_page (client, bucket, prefix, delimiter, max_keys, token, &response, page,
                      &truncated, &next_token, cancellable, error))
        {
          ok = FALSE;
          break;
        }
      g_free (token);
      token = g_steal_pointer (&next_token);
      {
        g_autoptr (GError) callback_error = NULL;

        if (!callback (page, user_data, &callback_error))
          {
            if (callback_error == NULL)
              g_set_error (&callback_error, HMS_ERROR, HMS_ERROR_FAILED,
                           "could not list \"s3a://%s/%s\" (endpoint %s): the listing was stopped",
                           bucket, prefix, client->settings->endpoint);
            g_propagate_error (error, g_steal_pointer (&callback_error));
            ok = FALSE;
            break;
          }
      }
    }
  response_clear (&response);
  return ok;
}

gboolean
hms_s3_prefix_has_objects (HmsS3Client *client, const char *bucket, const char *prefix,
                           gboolean *has_objects, GCancellable *cancellable, GError **error)
{
  g_autoptr (HmsS3Listing) page = hms_s3_listing_new ();
  g_autofree char *next_token = NULL;
  S3Response response;
  gboolean truncated = FALSE;
  gboolean ok;

  g_return_val_if_fail (client != NULL && bucket != NULL && has_objects != NULL, FALSE);
  response_init (&response);
  ok = list_page (client, bucket, prefix != NULL ? prefix : "", NULL, "1", NULL, &response, page,
                  &truncated, &next_token, cancellable, error);
  response_clear (&response);
  if (ok)
    *has_objects = page->objects->len > 0 || page->prefixes->len > 0 || truncated;
  return ok;
}

typedef struct
{
  HmsS3Listing *listing;
  gsize max_entries;
  const char *endpoint;
  const char *bucket;
  const char *prefix;
} CollectState;

static gboolean
collect_page (HmsS3Listing *page, gpointer user_data, GError **error)
{
  CollectState *state = user_data;
  gsize total = state->listing->prefixes->len + state->listing->objects->len
                + page->prefixes->len + page->objects->len;

  if (state->max_entries > 0 && total > state->max_entries)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                   "could not list \"s3a://%s/%s\" (endpoint %s): more than %" G_GSIZE_FORMAT
                   " entries", state->bucket, state->prefix, state->endpoint, state->max_entries);
      return FALSE;
    }
  /* Move the entries: the page's arrays lose their free functions' work. */
  for (guint i = 0; i < page->prefixes->len; i++)
    g_ptr_array_add (state->listing->prefixes, g_steal_pointer (&page->prefixes->pdata[i]));
  for (guint i = 0; i < page->objects->len; i++)
    g_ptr_array_add (state->listing->objects, g_steal_pointer (&page->objects->pdata[i]));
  g_ptr_array_set_free_func (page->prefixes, NULL);
  g_ptr_array_set_free_func (page->objects, NULL);
  return TRUE;
}

HmsS3Listing *
hms_s3_list_all (HmsS3Client *client, const char *bucket, const char *prefix,
                 const char *delimiter, gsize max_entries, GCancellable *cancellable,
                 GError **error)
{
  g_autoptr (HmsS3Listing) listing = hms_s3_listing_new ();
  CollectState state = {
    .listing = listing,
    .max_entries = max_entries,
    .endpoint = client->settings->endpoint,
    .bucket = bucket,
    .prefix = prefix != NULL ? prefix : "",
  };

  if (!hms_s3_list (client, bucket, prefix, delimiter, 0, collect_page, &state, cancellable,
                    error))
    return NULL;
  return g_steal_pointer (&listing);
}

/* ---- buckets and objects ------------------------------------------------ */

gboolean
hms_s3_head_bucket (HmsS3Client *client, const char *bucket, GCancellable *cancellable,
                    GError **error)
{
  S3Call call = {
    .action = "reach bucket",
    .method = "HEAD",
    .bucket = bucket,
    .max_body = ERROR_RESPONSE_MAX,
    .cancellable = cancellable,
  };
  S3Response response;
  gboolean ok;

  g_return_val_if_fail (client != NULL && bucket != NULL, FALSE);
  response_init (&response);
  ok = perform_call (client, &call, &response, error);
  response_clear (&response);
  return ok;
}

GBytes *
hms_s3_get_object (HmsS3Client *client, const char *bucket, const char *key, gsize max_size,
                   GCancellable *cancellable, GError **error)
{
  S3Call call = {
    .action = "read",
    .method = "GET",
    .bucket = bucket,
    .key = key,
    .shown_key = key,
    .max_body = max_size,
    .cancellable = cancellable,
  };
  S3Response response;
  GBytes *content = NULL;

  g_return_val_if_fail (client != NULL && bucket != NULL && key != NULL && key[0] != '\0', NULL);
  response_init (&response);
  if (perform_call (client, &call, &response, error))
    content = g_byte_array_free_to_bytes (g_steal_pointer (&response.body));
  response_clear (&response);
  return content;
}

gboolean
hms_s3_delete_object (HmsS3Client *client, const char *bucket, const char *key,
                      GCancellable *cancellable, GError **error)
{
  S3Call call = {
    .action = "delete",
    .method = "DELETE",
    .bucket = bucket,
    .key = key,
    .shown_key = key,
    .max_body = ERROR_RESPONSE_MAX,
    .cancellable = cancellable,
  };
  S3Response response;
  gboolean ok;

  g_return_val_if_fail (client != NULL && bucket != NULL && key != NULL && key[0] != '\0', FALSE);
  response_init (&response);
  ok = perform_call (client, &call, &response, error);
  response_clear (&response);
  return ok;
}
