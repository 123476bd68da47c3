/*
 * s3_probe.c
 *    A test-only command over hms's S3 client: lists, heads, gets, deletes
 *    and signs through the same code hms runs, reading the same
 *    configuration keys (-D key=value, --conf DIR), and prints one JSON
 *    document on stdout.  tests/test_s3.py drives it against real S3
 *    servers and compares its signatures with botocore's.
 *
 *   s3_probe [-D KEY=VALUE]... [--conf DIR] COMMAND ...
 *     list LOCATION [--recursive] [--page-size N] [--max-entries N] [--threads N]
 *                                    delimiter "/" unless --recursive;
 *                                    --max-entries uses hms_s3_list_all;
 *                                    --threads lists N times at once through
 *                                    the one client and checks they agree
 *     head-bucket LOCATION
 *     get LOCATION [--max-size N]
 *     delete LOCATION
 *     sign METHOD LOCATION --date YYYYMMDDTHHMMSSZ [--query NAME=VALUE]...
 *          [--header NAME:VALUE]...  (an empty key addresses the bucket)
 *
 * Success: exit 0 and the result.  Failure: exit 1 and {"error": message,
 * "code": HMS_ERROR code, "pages": pages seen before it}.  Logs go to
 * stderr through hms's own log writer.
 */
#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "conf.h"
#include "error.h"
#include "log.h"
#include "s3.h"
#include "s3_config.h"

static void
print_json (JsonBuilder *builder)
{
  g_autoptr (JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (root, FALSE);

  printf ("%s\n", text);
}

static int
fail (GError *error, guint pages)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, error->message);
  json_builder_set_member_name (builder, "code");
  json_builder_add_int_value (builder, error->domain == HMS_ERROR ? error->code : -1);
  json_builder_set_member_name (builder, "pages");
  json_builder_add_int_value (builder, pages);
  json_builder_end_object (builder);
  print_json (builder);
  return 1;
}

static void
add_string (JsonBuilder *builder, const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  json_builder_add_string_value (builder, valid);
}

typedef struct
{
  JsonBuilder *prefixes;
  JsonBuilder *objects;
  guint pages;
} ListState;

static void
add_listing (ListState *state, HmsS3Listing *page)
{
  for (guint i = 0; i < page->prefixes->len; i++)
    add_string (state->prefixes, g_ptr_array_index (page->prefixes, i));
  for (guint i = 0; i < page->objects->len; i++)
    {
      HmsS3Object *object = g_ptr_array_index (page->objects, i);

      json_builder_begin_object (state->objects);
      json_builder_set_member_name (state->objects, "key");
      add_string (state->objects, object->key);
      json_builder_set_member_name (state->objects, "size");
      json_builder_add_int_value (state->objects, object->size);
      json_builder_end_object (state->objects);
    }
}

static gboolean
receive_page (HmsS3Listing *page, gpointer user_data, GError **error)
{
  ListState *state = user_data;

  state->pages++;
  add_listing (state, page);
  return TRUE;
}

typedef struct
{
  HmsS3Client *client;
  const char *bucket;
  const char *prefix;
  const char *delimiter;
  char *result;  /* every prefix and key, one a line, or the error */
} ListThread;

static gpointer
list_in_thread (gpointer data)
{
  ListThread *job = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (HmsS3Listing) listing = hms_s3_list_all (job->client, job->bucket, job->prefix,
                                                      job->delimiter, 0, NULL, &error);
  GString *result = g_string_new ("");

  if (listing == NULL)
    g_string_append (result, error->message);
  else
    {
      for (guint i = 0; i < listing->prefixes->len; i++)
        g_string_append_printf (result, "%s\n", (char *) g_ptr_array_index (listing->prefixes, i));
      for (guint i = 0; i < listing->objects->len; i++)
        g_string_append_printf (result, "%s\n",
                                ((HmsS3Object *) g_ptr_array_index (listing->objects, i))->key);
    }
  job->result = g_string_free (result, FALSE);
  return NULL;
}

/* Lists COUNT times at once through CLIENT: TRUE when all agree. */
static gboolean
list_concurrently (HmsS3Client *client, const char *bucket, const char *prefix,
                   const char *delimiter, guint count)
{
  g_autofree ListThread *jobs = g_new0 (ListThread, count);
  g_autofree GThread **threads = g_new0 (GThread *, count);
  gboolean agree = TRUE;

  for (guint i = 0; i < count; i++)
    {
      jobs[i] = (ListThread) { client, bucket, prefix, delimiter, NULL };
      threads[i] = g_thread_new ("lister", list_in_thread, &jobs[i]);
    }
  for (guint i = 0; i < count; i++)
    g_thread_join (threads[i]);
  for (guint i = 0; i < count; i++)
    {
      agree = agree && strcmp (jobs[i].result, jobs[0].result) == 0;
      if (i > 0)
        g_free (jobs[i].result);
    }
  g_free (jobs[0].result);
  return agree;
}

static int
run_list (HmsS3Client *client, const char *bucket, const char *prefix, char **options)
{
  guint threads = 0;
  gboolean recursive = FALSE;
  guint page_size = 0;
  gsize max_entries = 0;
  gboolean use_cap = FALSE;
  ListState state = { json_builder_new (), json_builder_new (), 0 };
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GError) error = NULL;
  gboolean ok;

  for (guint i = 0; options[i] != NULL; i++)
    {
      if (strcmp (options[i], "--recursive") == 0)
        recursive = TRUE;
      else if (strcmp (options[i], "--page-size") == 0 && options[i + 1] != NULL)
        page_size = (guint) g_ascii_strtoull (options[++i], NULL, 10);
      else if (strcmp (options[i], "--threads") == 0 && options[i + 1] != NULL)
        threads = (guint) g_ascii_strtoull (options[++i], NULL, 10);
      else if (strcmp (options[i], "--max-entries") == 0 && options[i + 1] != NULL)
        {
          max_entries = g_ascii_strtoull (options[++i], NULL, 10);
          use_cap = TRUE;
        }
      else
        {
          fprintf (stderr, "s3_probe: unknown list option %s\n", options[i]);
          return 2;
        }
    }

  json_builder_begin_array (state.prefixes);
  json_builder_begin_array (state.objects);
  if (use_cap)
    {
      g_autoptr (HmsS3Listing) listing = hms_s3_list_all (client, bucket, prefix,
                                                          recursive ? NULL : "/", max_entries,
                                                          NULL, &error);

      ok = listing != NULL;
      if (ok)
        add_listing (&state, listing);
    }
  else
    ok = hms_s3_list (client, bucket, prefix, recursive ? NULL : "/", page_size, receive_page,
                      &state, NULL, &error);
  json_builder_end_array (state.prefixes);
  json_builder_end_array (state.objects);
  if (!ok)
    {
      int status = fail (error, state.pages);

      g_object_unref (state.prefixes);
      g_object_unref (state.objects);
      return status;
    }

  json_builder_begin_object (builder);
  if (threads > 0)
    {
      json_builder_set_member_name (builder, "threads_agree");
      json_builder_add_boolean_value (builder, list_concurrently (client, bucket, prefix,
                                                                  recursive ? NULL : "/",
                                                                  threads));
    }
  json_builder_set_member_name (builder, "pages");
  json_builder_add_int_value (builder, state.pages);
  json_builder_set_member_name (builder, "prefixes");
  json_builder_add_value (builder, json_builder_get_root (state.prefixes));
  json_builder_set_member_name (builder, "objects");
  json_builder_add_value (builder, json_builder_get_root (state.objects));
  json_builder_end_object (builder);
  print_json (builder);
  g_object_unref (state.prefixes);
  g_object_unref (state.objects);
  return 0;
}

static int
run_sign (HmsS3Client *client, const char *method, const char *bucket, const char *key,
          char **options)
{
  g_autoptr (GPtrArray) query = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) headers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (HmsS3PreparedRequest) request = NULL;
  const char *amz_date = NULL;

  for (guint i = 0; options[i] != NULL; i++)
    {
      gboolean is_query = strcmp (options[i], "--query") == 0;
      gboolean is_header = strcmp (options[i], "--header") == 0;

      if (strcmp (options[i], "--date") == 0 && options[i + 1] != NULL)
        amz_date = options[++i];
      else if ((is_query || is_header) && options[i + 1] != NULL)
        {
          const char *text = options[++i];
          const char *separator = strchr (text, is_query ? '=' : ':');
          HmsS3Pair *pair = g_new0 (HmsS3Pair, 1);
          char *name = separator != NULL ? g_strndup (text, separator - text) : g_strdup (text);
          char *value = g_strdup (separator != NULL ? separator + 1 : "");

          g_ptr_array_add (texts, name);
          g_ptr_array_add (texts, value);
          pair->name = name;
          pair->value = value;
          g_ptr_array_add (is_query ? query : headers, pair);
        }
      else
        {
          fprintf (stderr, "s3_probe: unknown sign option %s\n", options[i]);
          return 2;
        }
    }
  if (amz_date == NULL)
    {
      fprintf (stderr, "s3_probe: sign needs --date\n");
      return 2;
    }

  {
    g_autofree HmsS3Pair *query_pairs = g_new0 (HmsS3Pair, query->len + 1);
    g_autofree HmsS3Pair *header_pairs = g_new0 (HmsS3Pair, headers->len + 1);

    for (guint i = 0; i < query->len; i++)
      query_pairs[i] = *(HmsS3Pair *) g_ptr_array_index (query, i);
    for (guint i = 0; i < headers->len; i++)
      header_pairs[i] = *(HmsS3Pair *) g_ptr_array_index (headers, i);
    request = hms_s3_prepare_request (client, method, bucket, key[0] != '\0' ? key : NULL,
                                      query_pairs, query->len, header_pairs, headers->len,
                                      amz_date);
  }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, request->url);
  json_builder_set_member_name (builder, "headers");
  json_builder_begin_object (builder);
  for (guint i = 0; i < request->headers->len; i++)
    {
      HmsS3Pair *header = g_ptr_array_index (request->headers, i);

      json_builder_set_member_name (builder, header->name);
      json_builder_add_string_value (builder, header->value);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  print_json (builder);
  return 0;
}

int
main (int argc, char **argv)
{
  g_autoptr (HmsConf) conf = hms_conf_new ();
  g_autoptr (HmsS3Clients) clients = NULL;
  g_autoptr (HmsS3Client) client = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *bucket = NULL;
  g_autofree char *key = NULL;
  const char *command, *location, *method = NULL;
  int next = 1;

  hms_log_init (HMS_LOG_TEXT);
  while (next < argc)
    {
      if (strcmp (argv[next], "-D") == 0 && next + 1 < argc)
        {
          if (!hms_conf_set_override (conf, argv[next + 1], &error))
            return fail (error, 0);
          next += 2;
        }
      else if (strcmp (argv[next], "--conf") == 0 && next + 1 < argc)
        {
          if (!hms_conf_load_dir (conf, argv[next + 1], &error))
            return fail (error, 0);
          next += 2;
        }
      else
        break;
    }
  if (next >= argc)
    {
      fprintf (stderr, "usage: s3_probe [-D KEY=VALUE]... COMMAND LOCATION [OPTIONS]\n");
      return 2;
    }
  command = argv[next++];
  if (strcmp (command, "sign") == 0 && next < argc)
    method = argv[next++];
  if (next >= argc)
    {
      fprintf (stderr, "s3_probe: %s needs a location\n", command);
      return 2;
    }
  location = argv[next++];

  clients = hms_s3_clients_new (conf);
  client = hms_s3_clients_for_location (clients, location, &bucket, &key, &error);
  if (client == NULL)
    return fail (error, 0);

  if (strcmp (command, "list") == 0)
    return run_list (client, bucket, key, argv + next);
  if (strcmp (command, "sign") == 0)
    return run_sign (client, method, bucket, key, argv + next);
  if (strcmp (command, "head-bucket") == 0)
    {
      if (!hms_s3_head_bucket (client, bucket, NULL, &error))
        return fail (error, 0);
      printf ("{\"exists\":true}\n");
      return 0;
    }
  if (strcmp (command, "get") == 0)
    {
      gsize max_size = 16 * 1024 * 1024;
      g_autoptr (GBytes) content = NULL;
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      gsize size = 0;
      const char *data;

      if (next + 1 < argc && strcmp (argv[next], "--max-size") == 0)
        max_size = g_ascii_strtoull (argv[next + 1], NULL, 10);
      content = hms_s3_get_object (client, bucket, key, max_size, NULL, &error);
      if (content == NULL)
        return fail (error, 0);
      data = g_bytes_get_data (content, &size);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, size);
      json_builder_set_member_name (builder, "content");
      {
        g_autofree char *text = g_strndup (data, size);

        add_string (builder, text);
      }
      json_builder_end_object (builder);
      print_json (builder);
      return 0;
    }
  if (strcmp (command, "delete") == 0)
    {
      if (!hms_s3_delete_object (client, bucket, key, NULL, &error))
        return fail (error, 0);
      printf ("{\"deleted\":true}\n");
      return 0;
    }
  fprintf (stderr, "s3_probe: unknown command %s\n", command);
  return 2;
}
