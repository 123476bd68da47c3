/*
 * webhook.c
 *    The bucket notification endpoint (see webhook.h): a SoupServer in a
 *    thread of its own, MinIO's JSON read into object events, the events
 *    applied by worker threads through partition discovery.
 */
#include "webhook.h"
#include "discovery.h"
#include "error.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

/* Requests applied at once; the others wait for a worker. */
#define WORKERS 4

struct HmsWebhook
{
  HmsContext   *context;
  char         *token;        /* NULL: no Authorization needed */
  guint         port;
  GMainContext *main_context; /* the server's, run by THREAD */
  GMainLoop    *loop;
  SoupServer   *server;
  GThread      *thread;
  GThreadPool  *workers;
  GCancellable *cancellable;  /* cancelled at stop: S3 listings in progress give up */
  GMutex        lock;         /* guards STOPPING against requests pushed to WORKERS */
  gboolean      stopping;
};

/* --- the body ------------------------------------------------------------ */

/*
 * Go's url.QueryUnescape, which MinIO's key escaping (url.QueryEscape)
 * inverts: '+' is a space (a real '+' arrives as %2B), then %XX escapes.
 * NULL for a broken escape, an escaped NUL or bytes that are not UTF-8.
 */
static char *
form_decode (const char *text)
{
  g_autofree char *spaced = g_strdelimit (g_strdup (text), "+", ' ');
  char *decoded = g_uri_unescape_string (spaced, NULL);

  if (decoded != NULL && !g_utf8_validate (decoded, -1, NULL))
    g_clear_pointer (&decoded, g_free);
  return decoded;
}

/* The kind of an event name, MinIO's ("s3:ObjectCreated:Put") or AWS's ("ObjectCreated:Put"); FALSE for others. */
static gboolean
classify (const char *name, HmsObjectEventKind *kind)
{
  const char *bare = g_str_has_prefix (name, "s3:") ? name + strlen ("s3:") : name;

  if (g_str_has_prefix (bare, "ObjectCreated:"))
    *kind = HMS_OBJECT_CREATED;
  else if (g_str_has_prefix (bare, "ObjectRemoved:"))
    *kind = HMS_OBJECT_REMOVED;
  else
    return FALSE;
  return TRUE;
}

/* The string at PATH (member names, NULL-terminated) below OBJECT, or NULL. */
static const char *
string_at (JsonObject *object, ...)
{
  va_list names;
  const char *name;
  JsonNode *node = NULL;

  va_start (names, object);
  while ((name = va_arg (names, const char *)) != NULL)
    {
      if (object == NULL || (node = json_object_get_member (object, name)) == NULL)
        {
          va_end (names);
          return NULL;
        }
      object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }
  va_end (names);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
invalid (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError **error, const char *format, ...)
{
  va_list arguments;
  g_autofree char *message = NULL;

  va_start (arguments, format);
  message = g_strdup_vprintf (format, arguments);
  va_end (arguments);
  g_set_error_literal (error, HMS_ERROR, HMS_ERROR_INVALID_INPUT, message);
  return FALSE;
}

/* One record of "Records" into EVENTS (or counted in SKIPPED). */
static gboolean
parse_record (JsonNode *node, guint index, GPtrArray *events, guint *skipped, GError **error)
{
  JsonObject *record = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *name;
  const char *bucket;
  const char *key;
  g_autofree char *decoded = NULL;
  HmsObjectEventKind kind;

  if (record == NULL)
    return invalid (error, "Records[%u] is not an object", index);
  name = string_at (record, "eventName", NULL);
  if (name == NULL)
    return invalid (error, "Records[%u] has no eventName", index);
  if (!classify (name, &kind))
    {
      (*skipped)++;
      return TRUE;
    }
  bucket = string_at (record, "s3", "bucket", "name", NULL);
  key = string_at (record, "s3", "object", "key", NULL);
  if (bucket == NULL || bucket[0] == '\0')
    return invalid (error, "Records[%u] has no s3.bucket.name", index);
  if (key == NULL || key[0] == '\0')
    return invalid (error, "Records[%u] has no s3.object.key", index);
  decoded = form_decode (key);
  if (decoded == NULL)
    return invalid (error, "Records[%u]: s3.object.key \"%s\" is not URL-encoded UTF-8", index, key);
  g_ptr_array_add (events, hms_object_event_new (kind, bucket, decoded));
  return TRUE;
}

GPtrArray *
hms_webhook_parse_events (const char *body, gsize length, guint *skipped, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) hms_object_event_free);
  g_autoptr (GError) local = NULL;
  guint ignored = 0;
  JsonObject *root;
  JsonNode *records;

  if (skipped == NULL)
    skipped = &ignored;
  *skipped = 0;
  if (length > G_MAXSSIZE || !json_parser_load_from_data (parser, body, (gssize) length, &local))
    {
      invalid (error, "the body is not JSON: %s", local != NULL ? local->message : "too long");
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      invalid (error, "the body is not a JSON object of a bucket notification");
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  records = json_object_get_member (root, "Records");
  if (records != NULL && !JSON_NODE_HOLDS_NULL (records))
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (records))
        {
          invalid (error, "\"Records\" is not an array");
          return NULL;
        }
      array = json_node_get_array (records);
      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!parse_record (json_array_get_element (array, i), i, events, skipped, error))
          return NULL;
    }
  else
    {
      /* MinIO's own summary: "Key" is "bucket/key", already decoded. */
      const char *name = string_at (root, "EventName", NULL);
      const char *key = string_at (root, "Key", NULL);
      const char *slash = key != NULL ? strchr (key, '/') : NULL;
      HmsObjectEventKind kind;

      if (name == NULL || key == NULL)
        {
          invalid (error, "the body has neither \"Records\" nor \"EventName\" and \"Key\"");
          return NULL;
        }
      if (!classify (name, &kind))
        (*skipped)++;
      else if (slash == NULL || slash == key || slash[1] == '\0' || !g_utf8_validate (key, -1, NULL))
        {
          invalid (error, "\"Key\" \"%s\" is not \"bucket/object key\"", key);
          return NULL;
        }
      else
        {
          g_autofree char *bucket = g_strndup (key, slash - key);

          g_ptr_array_add (events, hms_object_event_new (kind, bucket, slash + 1));
        }
    }
  return g_steal_pointer (&events);
}

/* --- answers ---------------------------------------------------------------- */

static char *
json_text (JsonBuilder *builder)
{
  g_autoptr (JsonNode) root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

static void
respond (SoupServerMessage *message, guint status, const char *json)
{
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

static void
respond_error (SoupServerMessage *message, guint status, const char *text)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
  json = json_text (builder);
  respond (message, status, json);
}

static void
add_strings (JsonBuilder *builder, const char *member, GPtrArray *strings)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; strings != NULL && i < strings->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (strings, i));
  json_builder_end_array (builder);
}

/* {"events": N, "matched": N, "ignored": N, "skipped": N, "added": [...], "dropped": [...], "kept": [...]} */
static char *
summary (guint events, guint skipped, const HmsEventResult *result, const GError *failure)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "events");
  json_builder_add_int_value (builder, events);
  json_builder_set_member_name (builder, "matched");
  json_builder_add_int_value (builder, result->matched);
  json_builder_set_member_name (builder, "ignored");
  json_builder_add_int_value (builder, result->ignored);
  json_builder_set_member_name (builder, "skipped");
  json_builder_add_int_value (builder, skipped);
  add_strings (builder, "added", result->added);
  add_strings (builder, "dropped", result->dropped);
  add_strings (builder, "kept", result->kept);
  if (failure != NULL)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, failure->message);
    }
  json_builder_end_object (builder);
  return json_text (builder);
}

/* --- requests -------------------------------------------------------------- */

/* A POST body as it arrives, capped. */
typedef struct
{
  GByteArray *body;
  gboolean    too_large;
} Upload;

static void
upload_free (Upload *upload)
{
  g_byte_array_unref (upload->body);
  g_free (upload);
}

#define UPLOAD_KEY "hms-webhook-upload"

static void
got_chunk (SoupServerMessage *message, GBytes *chunk, gpointer data)
{
  Upload *upload = data;
  gsize size;
  const guint8 *bytes = g_bytes_get_data (chunk, &size);

  if (upload->too_large)
    return;
  if (upload->body->len + size > HMS_WEBHOOK_MAX_BODY)
    {
      upload->too_large = TRUE;
      g_byte_array_set_size (upload->body, 0);
      return;
    }
  g_byte_array_append (upload->body, bytes, size);
}

/* Whether AUTHORIZATION ("Bearer TOKEN", the scheme in any case) carries WEBHOOK's token; compared in constant time. */
static gboolean
authorized (HmsWebhook *webhook, const char *authorization)
{
  g_autofree char *given = NULL;
  gsize expected_length;
  guchar difference = 0;

  if (webhook->token == NULL)
    return TRUE;
  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", strlen ("Bearer ")) != 0)
    return FALSE;
  given = g_strstrip (g_strdup (authorization + strlen ("Bearer ")));
  expected_length = strlen (webhook->token);
  if (strlen (given) != expected_length)
    return FALSE;
  for (gsize i = 0; i < expected_length; i++)
    difference |= (guchar) given[i] ^ (guchar) webhook->token[i];
  return difference == 0;
}

/* After the headers: the method, the token and the announced size, then the body read in pieces. */
static void
early_handler (SoupServer *server, SoupServerMessage *message, const char *path, GHashTable *query,
               gpointer data)
{
  HmsWebhook *webhook = data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  Upload *upload;

  /* Never kept whole by libsoup: got_chunk keeps at most the cap. */
  soup_message_body_set_accumulate (soup_server_message_get_request_body (message), FALSE);
  if (strcmp (soup_server_message_get_method (message), SOUP_METHOD_POST) != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (message), "Allow", "POST");
      respond_error (message, SOUP_STATUS_METHOD_NOT_ALLOWED,
                     "only POST is accepted: this endpoint takes MinIO's bucket notifications");
      return;
    }
  if (!authorized (webhook, soup_message_headers_get_one (headers, "Authorization")))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                    "WWW-Authenticate", "Bearer");
      respond_error (message, SOUP_STATUS_UNAUTHORIZED,
                     "missing or wrong \"Authorization: Bearer\" token (metastore.discovery.webhook.token)");
      return;
    }
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
      && soup_message_headers_get_content_length (headers) > HMS_WEBHOOK_MAX_BODY)
    {
      respond_error (message, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                     "the body is larger than 1 MiB");
      return;
    }
  upload = g_new0 (Upload, 1);
  upload->body = g_byte_array_new ();
  g_object_set_data_full (G_OBJECT (message), UPLOAD_KEY, upload, (GDestroyNotify) upload_free);
  g_signal_connect (message, "got-chunk", G_CALLBACK (got_chunk), upload);
}

/* A request handed to a worker; MESSAGE is paused until it is answered. */
typedef struct
{
  HmsWebhook        *webhook;
  SoupServerMessage *message;       /* a reference */
  GPtrArray         *events;
  guint              skipped;
  gulong             finished_handler;
  gboolean           finished;      /* the exchange ended (the client went) before the answer */
  guint              status;
  char              *answer;
} Job;

static void
job_free (Job *job)
{
  g_object_unref (job->message);
  g_ptr_array_unref (job->events);
  g_free (job->answer);
  g_free (job);
}

static void
message_finished (SoupServerMessage *message, gpointer data)
{
  ((Job *) data)->finished = TRUE;
}

/* In the server's thread: the answer sent, unless the client is gone. */
static gboolean
complete_job (gpointer data)
{
  Job *job = data;

  g_signal_handler_disconnect (job->message, job->finished_handler);
  if (!job->finished)
    {
      respond (job->message, job->status, job->answer);
      soup_server_message_unpause (job->message);
    }
  job_free (job);
  return G_SOURCE_REMOVE;
}

/* In a worker: the events applied on a borrowed connection. */
static void
apply_job (gpointer data, gpointer user_data)
{
  Job *job = data;
  HmsWebhook *webhook = user_data;
  g_auto (HmsEventResult) result = { 0 };
  g_autoptr (GError) failure = NULL;
  gboolean ok = FALSE;

  {
    g_autoptr (HmsLease) lease = hms_pool_lease (webhook->context->pool, &failure);

    if (lease != NULL)
      ok = hms_discovery_apply_events (lease->conn, webhook->context->conf, webhook->context->s3_clients,
                                       job->events, &result, webhook->cancellable, &failure);
  }
  if (!ok)
    g_warning ("bucket notification of %u event%s failed (answered 503, MinIO may send it again): %s",
               job->events->len, job->events->len == 1 ? "" : "s", failure->message);
  job->status = ok ? SOUP_STATUS_OK : SOUP_STATUS_SERVICE_UNAVAILABLE;
  job->answer = summary (job->events->len, job->skipped, &result, ok ? NULL : failure);
  g_main_context_invoke (webhook->main_context, complete_job, job);
}

/* After the body: read it, then hand the events to a worker. */
static void
handle_request (SoupServer *server, SoupServerMessage *message, const char *path, GHashTable *query,
                gpointer data)
{
  HmsWebhook *webhook = data;
  Upload *upload = g_object_get_data (G_OBJECT (message), UPLOAD_KEY);
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GError) error = NULL;
  guint skipped = 0;
  Job *job;

  if (upload == NULL)
    {
      /* The early handler took every POST it let through: nothing else gets here. */
      respond_error (message, SOUP_STATUS_INTERNAL_SERVER_ERROR, "the body was not read");
      return;
    }
  if (upload->too_large)
    {
      respond_error (message, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "the body is larger than 1 MiB");
      return;
    }
  events = hms_webhook_parse_events ((const char *) upload->body->data, upload->body->len, &skipped, &error);
  if (events == NULL)
    {
      g_message ("bucket notification refused (400): %s", error->message);
      respond_error (message, SOUP_STATUS_BAD_REQUEST, error->message);
      return;
    }
  if (events->len == 0)
    {
      HmsEventResult nothing = { 0 };
      g_autofree char *answer = summary (0, skipped, &nothing, NULL);

      respond (message, SOUP_STATUS_OK, answer);
      return;
    }

  g_mutex_lock (&webhook->lock);
  if (webhook->stopping)
    {
      g_mutex_unlock (&webhook->lock);
      respond_error (message, SOUP_STATUS_SERVICE_UNAVAILABLE, "hms is shutting down");
      return;
    }
  job = g_new0 (Job, 1);
  job->webhook = webhook;
  job->message = g_object_ref (message);
  job->events = g_steal_pointer (&events);
  job->skipped = skipped;
  job->finished_handler = g_signal_connect (message, "finished", G_CALLBACK (message_finished), job);
  soup_server_message_pause (message);
  g_thread_pool_push (webhook->workers, job, NULL);
  g_mutex_unlock (&webhook->lock);
}

/* --- the server -------------------------------------------------------------- */

static gpointer
serve (gpointer data)
{
  HmsWebhook *webhook = data;

  g_main_context_push_thread_default (webhook->main_context);
  g_main_loop_run (webhook->loop);
  soup_server_disconnect (webhook->server);
  g_clear_object (&webhook->server);
  while (g_main_context_iteration (webhook->main_context, FALSE))
    ;
  g_main_context_pop_thread_default (webhook->main_context);
  return NULL;
}

/* Listens on HOST (an address or a name; NULL or "" for every address) and PORT. */
static gboolean
listen_on (SoupServer *server, const char *host, guint port, GError **error)
{
  g_autoptr (GInetAddress) address = NULL;
  g_autoptr (GSocketAddress) socket_address = NULL;

  if (host == NULL || host[0] == '\0')
    return soup_server_listen_all (server, port, 0, error);
  address = g_inet_address_new_from_string (host);
  if (address == NULL)
    {
      g_autoptr (GResolver) resolver = g_resolver_get_default ();
      GList *addresses = g_resolver_lookup_by_name (resolver, host, NULL, error);

      if (addresses == NULL)
        return FALSE;
      address = g_object_ref (addresses->data);
      g_resolver_free_addresses (addresses);
    }
  socket_address = g_inet_socket_address_new (address, port);
  return soup_server_listen (server, socket_address, 0, error);
}

/* Frees what hms_webhook_start made, once its thread (if any) has ended. */
static void
webhook_free (HmsWebhook *webhook)
{
  g_object_unref (webhook->cancellable);
  g_main_loop_unref (webhook->loop);
  g_main_context_unref (webhook->main_context);
  g_mutex_clear (&webhook->lock);
  g_free (webhook->token);
  g_free (webhook);
}

HmsWebhook *
hms_webhook_start (HmsContext *context, GError **error)
{
  HmsConf *conf = context->conf;
  g_autoptr (GError) local = NULL;
  gint64 port = hms_conf_get_int (conf, HMS_CONF_DISCOVERY_WEBHOOK_PORT, error);
  const char *host = hms_conf_is_set (conf, HMS_CONF_DISCOVERY_WEBHOOK_BIND_HOST)
                     ? hms_conf_get_string (conf, HMS_CONF_DISCOVERY_WEBHOOK_BIND_HOST)
                     : hms_conf_get_string (conf, HMS_CONF_THRIFT_BIND_HOST);
  const char *token = hms_conf_get_string (conf, HMS_CONF_DISCOVERY_WEBHOOK_TOKEN);
  HmsWebhook *webhook;
  GSList *uris;
  gboolean listening;

  if (error != NULL && *error != NULL)
    return NULL;
  if (port == 0)
    return NULL;
  if (port < 0 || port > 65535)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                   "invalid value for configuration parameter \"%s\": %" G_GINT64_FORMAT
                   " is not a port (1 to 65535, or 0 for no webhook)",
                   hms_conf_var_name (HMS_CONF_DISCOVERY_WEBHOOK_PORT), port);
      return NULL;
    }

  webhook = g_new0 (HmsWebhook, 1);
  webhook->context = context;
  webhook->token = token != NULL && token[0] != '\0' ? g_strstrip (g_strdup (token)) : NULL;
  webhook->main_context = g_main_context_new ();
  webhook->loop = g_main_loop_new (webhook->main_context, FALSE);
  webhook->cancellable = g_cancellable_new ();
  g_mutex_init (&webhook->lock);

  /* The listening socket's sources go to the server's context, which its thread runs from now on. */
  g_main_context_push_thread_default (webhook->main_context);
  webhook->server = soup_server_new ("server-header", "hms-webhook ", NULL);
  soup_server_add_early_handler (webhook->server, NULL, early_handler, webhook, NULL);
  soup_server_add_handler (webhook->server, NULL, handle_request, webhook, NULL);
  listening = listen_on (webhook->server, host, (guint) port, &local);
  if (listening)
    {
      uris = soup_server_get_uris (webhook->server);
      webhook->port = uris != NULL ? (guint) g_uri_get_port (uris->data) : (guint) port;
      g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
    }
  else
    g_clear_object (&webhook->server);
  g_main_context_pop_thread_default (webhook->main_context);
  if (!listening)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                   "the bucket notification endpoint cannot listen on %s port %" G_GINT64_FORMAT ": %s",
                   host != NULL && host[0] != '\0' ? host : "all interfaces", port, local->message);
      webhook_free (webhook);
      return NULL;
    }

  webhook->workers = g_thread_pool_new (apply_job, webhook, WORKERS, FALSE, NULL);
  webhook->thread = g_thread_new ("hms-webhook", serve, webhook);
  g_message ("bucket notifications (MinIO webhook) accepted on %s port %u, %s",
             host != NULL && host[0] != '\0' ? host : "all interfaces", webhook->port,
             webhook->token != NULL ? "with a bearer token" : "without a token");
  return webhook;
}

guint
hms_webhook_port (HmsWebhook *webhook)
{
  return webhook->port;
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
hms_webhook_stop (HmsWebhook *webhook)
{
  if (webhook == NULL)
    return;
  g_mutex_lock (&webhook->lock);
  webhook->stopping = TRUE;
  g_mutex_unlock (&webhook->lock);
  g_cancellable_cancel (webhook->cancellable);
  /* Every request handed over is applied and answered while the loop still runs. */
  g_thread_pool_free (webhook->workers, FALSE, TRUE);
  g_main_context_invoke (webhook->main_context, quit_loop, webhook->loop);
  g_thread_join (webhook->thread);
  webhook_free (webhook);
}
