/*
 * warehouse.c
 *    Locations of databases and tables (see warehouse.h).
 */
#include "warehouse.h"

#include <string.h>

/* A URI scheme is letters, digits, '+', '-', '.' before the first ':', starting with a letter. */
static gboolean
has_scheme (const char *path)
{
  const char *c = path;

  if (!g_ascii_isalpha (*c))
    return FALSE;
  while (g_ascii_isalnum (*c) || *c == '+' || *c == '-' || *c == '.')
    c++;
  return *c == ':';
}

static char *
strip_trailing_slashes (char *path)
{
  gsize length = strlen (path);

  /* Keep "file:/" and "s3a://bucket/" roots meaningful: only strip past the authority. */
  while (length > 1 && path[length - 1] == '/' && path[length - 2] != ':' && path[length - 2] != '/')
    path[--length] = '\0';
  return path;
}

char *
hms_warehouse_qualify_path (const char *default_fs, const char *path)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (path));
  g_autofree char *fs = NULL;

  if (has_scheme (trimmed))
    return strip_trailing_slashes (g_steal_pointer (&trimmed));

  fs = g_strdup (default_fs != NULL && default_fs[0] != '\0' ? default_fs : "file:///");
  /* Hadoop's Path drops an empty authority: file:/// + /x is file:/x. */
  if (g_str_has_suffix (fs, ":///"))
    fs[strlen (fs) - 3] = '\0';
  else
    while (g_str_has_suffix (fs, "/"))
      fs[strlen (fs) - 1] = '\0';
  if (trimmed[0] != '/')
    return strip_trailing_slashes (g_strconcat (fs, "/", trimmed, NULL));
  return strip_trailing_slashes (g_strconcat (fs, trimmed, NULL));
}

char *
hms_warehouse_qualify (HmsContext *context, const char *path)
{
  return hms_warehouse_qualify_path (hms_conf_get (context->conf, "fs.defaultFS"), path);
}

char *
hms_warehouse_database_location (HmsContext *context, const char *name, gboolean managed)
{
  const char *root = managed ? context->warehouse_uri : context->external_warehouse_uri;

  if (strcmp (name, "default") == 0)
    return g_strdup (root);
  return g_strdup_printf ("%s/%s.db", root, name);
}
