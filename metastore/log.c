/*
 * log.c
 *    The log writer (see log.h).
 *
 * Text lines look like "2026-11-25 17:30:00.123 UTC WARNING: message"; JSON
 * lines carry time, level, domain and message plus any other structured
 * fields the caller gave.  Both go to stderr, one write per line, so lines
 * from different threads never interleave.
 */
#include "log.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static HmsLogFormat log_format = HMS_LOG_TEXT;

static const char *
level_name (GLogLevelFlags level)
{
  if (level & G_LOG_LEVEL_ERROR)
    return "FATAL";
  if (level & G_LOG_LEVEL_CRITICAL)
    return "CRITICAL";
  if (level & G_LOG_LEVEL_WARNING)
    return "WARNING";
  if (level & G_LOG_LEVEL_MESSAGE)
    return "LOG";
  if (level & G_LOG_LEVEL_INFO)
    return "INFO";
  return "DEBUG";
}

static char *
format_text (GLogLevelFlags level, const char *domain, const char *message)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H:%M:%S.%f");

  /* %f gives microseconds; milliseconds are enough for a reader. */
  stamp[strlen (stamp) - 3] = '\0';
  if (domain != NULL && strcmp (domain, "hms") != 0)
    return g_strdup_printf ("%s UTC %s: [%s] %s\n", stamp, level_name (level), domain, message);
  return g_strdup_printf ("%s UTC %s: %s\n", stamp, level_name (level), message);
}

static char *
format_json (GLogLevelFlags level, const GLogField *fields, gsize n_fields)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  g_autofree char *line = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "time");
  json_builder_add_string_value (builder, stamp);
  json_builder_set_member_name (builder, "level");
  json_builder_add_string_value (builder, level_name (level));
  for (gsize i = 0; i < n_fields; i++)
    {
      const GLogField *field = &fields[i];
      g_autofree char *value = NULL;
      const char *name;

      if (strcmp (field->key, "PRIORITY") == 0 || field->length == 0)
        continue;
      if (strcmp (field->key, "MESSAGE") == 0)
        name = "message";
      else if (strcmp (field->key, "GLIB_DOMAIN") == 0)
        name = "domain";
      else if (strcmp (field->key, "CODE_FILE") == 0 || strcmp (field->key, "CODE_LINE") == 0
               || strcmp (field->key, "CODE_FUNC") == 0)
        continue;
      else
        name = field->key;
      value = field->length < 0 ? g_strdup (field->value)
                                : g_strndup (field->value, field->length);
      json_builder_set_member_name (builder, name);
      json_builder_add_string_value (builder, value);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  line = json_generator_to_data (generator, NULL);
  return g_strconcat (line, "\n", NULL);
}

static GLogWriterOutput
write_log (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer unused)
{
  const char *domain = NULL;
  const char *message = "";
  g_autofree char *line = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (strcmp (fields[i].key, "GLIB_DOMAIN") == 0)
        domain = fields[i].value;
      else if (strcmp (fields[i].key, "MESSAGE") == 0)
        message = fields[i].value;
    }
  if (g_log_writer_default_would_drop (level, domain))
    return G_LOG_WRITER_HANDLED;

  line = log_format == HMS_LOG_JSON ? format_json (level, fields, n_fields)
                                    : format_text (level, domain, message);
  if (write (STDERR_FILENO, line, strlen (line)) < 0)
    return G_LOG_WRITER_UNHANDLED;
  return G_LOG_WRITER_HANDLED;
}

gboolean
hms_log_parse_format (const char *name, HmsLogFormat *format)
{
  if (g_ascii_strcasecmp (name, "text") == 0)
    *format = HMS_LOG_TEXT;
  else if (g_ascii_strcasecmp (name, "json") == 0)
    *format = HMS_LOG_JSON;
  else
    return FALSE;
  return TRUE;
}

void
hms_log_init (HmsLogFormat format)
{
  log_format = format;
  g_log_set_writer_func (write_log, NULL, NULL);
}
