/*
 * names.c
 *    Hive's naming rules (see names.h).
 */
#include "names.h"
#include "error.h"
#include "store_json.h"

#include <string.h>

char *
hms_name_normalize (const char *name)
{
  g_autofree char *copy = NULL;

  if (name == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (name));
  return g_utf8_strdown (copy, -1);
}

/* The characters Hive 4 accepts in names besides [A-Za-z0-9_] (MetaStoreUtils). */
static const char special_characters[] = " \"%&'()*+,-./:;<=>?[]_|{}$^!~#@`";

gboolean
hms_name_is_valid (const char *name, gboolean allow_special_characters)
{
  if (name == NULL || name[0] == '\0')
    return FALSE;
  for (const char *c = name; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '_'
        && !(allow_special_characters && strchr (special_characters, *c) != NULL))
      return FALSE;
  return TRUE;
}

gboolean
hms_name_parse_database (const char *argument, const char *default_catalog,
                         char **catalog, char **database, GError **error)
{
  const char *separator = argument != NULL ? strchr (argument, '#') : NULL;

  /* Only "@" followed somewhere by "#" is the catalog form; "@x" is a name. */
  if (argument == NULL || argument[0] != '@' || separator == NULL)
    {
      *catalog = hms_name_normalize (default_catalog);
      *database = hms_name_normalize (argument);
      return TRUE;
    }
  {
    g_autofree char *catalog_part = g_strndup (argument + 1, separator - argument - 1);

    *catalog = hms_name_normalize (catalog_part);
    /* "!" is Hive's marker for an empty database name. */
    if (strcmp (separator + 1, "!") == 0)
      *database = g_strdup ("");
    else
      *database = separator[1] != '\0' ? hms_name_normalize (separator + 1) : NULL;
  }
  return TRUE;
}

char *
hms_name_pattern_to_like (const char *pattern)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (pattern));
  g_auto (GStrv) alternatives = g_strsplit (trimmed, "|", -1);
  g_autoptr (GPtrArray) likes = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; alternatives[i] != NULL; i++)
    {
      g_autofree char *lower = g_utf8_strdown (alternatives[i], -1);
      GString *like = g_string_new (NULL);

      for (const char *c = lower; *c != '\0'; c++)
        {
          if (c[0] == '\\' && c[1] != '\0')
            {
              /* An escaped character stands for itself. */
              c++;
              if (*c == '%' || *c == '_' || *c == '\\')
                g_string_append_c (like, '\\');
              g_string_append_c (like, *c);
            }
          else if (*c == '*')
            g_string_append_c (like, '%');
          else if (*c == '.')
            g_string_append_c (like, '_');
          else if (*c == '%' || *c == '_')
            {
              g_string_append_c (like, '\\');
              g_string_append_c (like, *c);
            }
          else
            g_string_append_c (like, *c);
        }
      g_ptr_array_add (likes, g_string_free (like, FALSE));
    }
  return hms_json_array_from_strings (likes);
}
