/*
 * partition_name.c
 *    Partition names, escaped and parsed as Hive does (see partition_name.h).
 */
#include "partition_name.h"
#include "error.h"

#include <string.h>

/* FileUtils.charToEscape (the non-Windows set). */
static gboolean
needs_escaping (guchar c)
{
  if (c < 0x20 || c == 0x7F)
    return TRUE;
  return c != '\0' && strchr ("\"#%'*/:=?\\{[]^", c) != NULL;
}

char *
hms_partition_escape (const char *value, const char *default_name)
{
  GString *escaped;

  if (value == NULL || value[0] == '\0')
    return g_strdup (default_name != NULL ? default_name : HMS_PARTITION_DEFAULT_NAME);
  escaped = g_string_sized_new (strlen (value) + 8);
  for (const char *c = value; *c != '\0'; c++)
    {
      if (needs_escaping ((guchar) *c))
        g_string_append_printf (escaped, "%%%02X", (guchar) *c);
      else
        g_string_append_c (escaped, *c);
    }
  return g_string_free (escaped, FALSE);
}

/*
 * What Java's Integer.parseInt(two characters, 16) gives for the two bytes
 * at `digits`, or -1 when it throws: two hex digits, or a sign and one.
 */
static int
parse_escape_code (const char *digits)
{
  if (g_ascii_isxdigit (digits[0]) && g_ascii_isxdigit (digits[1]))
    return g_ascii_xdigit_value (digits[0]) * 16 + g_ascii_xdigit_value (digits[1]);
  if (digits[0] == '+' && g_ascii_isxdigit (digits[1]))
    return g_ascii_xdigit_value (digits[1]);
  if (digits[0] == '-' && g_ascii_isxdigit (digits[1]))
    return -g_ascii_xdigit_value (digits[1]);
  return -1;
}

char *
hms_partition_unescape (const char *name)
{
  GString *plain = g_string_sized_new (strlen (name));

  for (const char *c = name; *c != '\0'; c++)
    {
      /* Hive needs two more characters after the '%' (i + 2 < length). */
      if (*c == '%' && c[1] != '\0' && c[2] != '\0')
        {
          int code = parse_escape_code (c + 1);

          /* A NUL cannot live in a C or PostgreSQL string: "%00" stays as written. */
          if (code > 0)
            {
              g_string_append_unichar (plain, (gunichar) code);
              c += 2;
              continue;
            }
        }
      g_string_append_c (plain, *c);
    }
  return g_string_free (plain, FALSE);
}

char *
hms_partition_make_name (const char *const *keys, const char *const *values,
                         guint count, const char *default_name)
{
  GString *name = g_string_new (NULL);

  for (guint i = 0; i < count; i++)
    {
      g_autofree char *key = g_utf8_strdown (keys[i], -1);
      g_autofree char *escaped_key = hms_partition_escape (key, default_name);
      g_autofree char *escaped_value = hms_partition_escape (values[i], default_name);

      if (i > 0)
        g_string_append_c (name, '/');
      g_string_append (name, escaped_key);
      g_string_append_c (name, '=');
      g_string_append (name, escaped_value);
    }
  return g_string_free (name, FALSE);
}

/*
 * Where Hive's "([^/]+)=([^/]+)" splits a whole component: at the last '='
 * with something on both sides; -1 when it does not match.
 */
static gssize
spec_separator (const char *component, gsize length)
{
  for (gssize i = (gssize) length - 2; i > 0; i--)
    if (component[i] == '=')
      return i;
  return -1;
}

void
hms_partition_name_to_spec (const char *name, GPtrArray *keys, GPtrArray *values)
{
  g_auto (GStrv) components = NULL;

  if (name == NULL)
    return;
  components = g_strsplit (name, "/", -1);
  for (guint i = 0; components[i] != NULL; i++)
    {
      const char *component = components[i];
      gssize separator = spec_separator (component, strlen (component));
      g_autofree char *key_text = NULL;
      char *key, *value;
      gboolean replaced = FALSE;

      if (separator < 0)
        continue;
      key_text = g_strndup (component, separator);
      key = hms_partition_unescape (key_text);
      value = hms_partition_unescape (component + separator + 1);
      /* A LinkedHashMap: a repeated key keeps its place and takes the new value. */
      for (guint j = 0; j < keys->len; j++)
        if (strcmp (g_ptr_array_index (keys, j), key) == 0)
          {
            g_free (values->pdata[j]);
            values->pdata[j] = value;
            g_free (key);
            replaced = TRUE;
            break;
          }
      if (!replaced)
        {
          g_ptr_array_add (keys, key);
          g_ptr_array_add (values, value);
        }
    }
}

GPtrArray *
hms_partition_name_to_values (const char *name, guint expected, GError **error)
{
  g_auto (GStrv) components = g_strsplit (name, "/", -1);
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  guint count = g_strv_length (components);

  /* Java's split drops trailing empty strings, but keeps one for "". */
  while (count > 1 && components[count - 1][0] == '\0')
    count--;
  if (count == 0)
    count = 1;
  if (expected != 0 && count != expected)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                   "Expected %u components, got %u (%s)", expected, count, name);
      return NULL;
    }
  for (guint i = 0; i < count; i++)
    {
      const char *component = components[i] != NULL ? components[i] : "";
      const char *equals = strchr (component, '=');

      if (equals == NULL || equals == component)
        {
          g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED, "Unexpected component %s", component);
          return NULL;
        }
      g_ptr_array_add (values, hms_partition_unescape (equals + 1));
    }
  return g_steal_pointer (&values);
}

GPtrArray *
hms_partition_name_values_for_keys (const char *name, const char *const *keys,
                                    guint count, GError **error)
{
  g_autoptr (GPtrArray) spec_keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) spec_values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

  hms_partition_name_to_spec (name, spec_keys, spec_values);
  for (guint i = 0; i < count; i++)
    {
      const char *value = NULL;

      for (guint j = 0; j < spec_keys->len && value == NULL; j++)
        if (strcmp (g_ptr_array_index (spec_keys, j), keys[i]) == 0)
          value = g_ptr_array_index (spec_values, j);
      if (value == NULL)
        {
          g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_OBJECT,
                       "incomplete partition name - missing %s", keys[i]);
          return NULL;
        }
      g_ptr_array_add (values, g_strdup (value));
    }
  return g_steal_pointer (&values);
}

char *
hms_partition_values_to_string (const char *const *values, guint count)
{
  GString *text = g_string_new ("[");

  for (guint i = 0; i < count; i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, values[i] != NULL ? values[i] : "null");
    }
  g_string_append_c (text, ']');
  return g_string_free (text, FALSE);
}
