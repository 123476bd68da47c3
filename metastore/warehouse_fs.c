/*
 * warehouse_fs.c
 *    Deleting dropped data on S3 and on the local file system, after the
 *    metadata change committed, best effort like Hive's Warehouse.deleteDir.
 */
#include <string.h>

#include "error.h"
#include "s3.h"
#include "s3_config.h"
#include "warehouse_fs.h"

gboolean
hms_warehouse_fs_is_below (const char *parent, const char *child)
{
  g_autofree char *parent_slash = NULL;
  g_autofree char *child_slash = NULL;

  if (parent == NULL || child == NULL)
    return FALSE;
  parent_slash = g_str_has_suffix (parent, "/") ? g_strdup (parent) : g_strconcat (parent, "/", NULL);
  child_slash = g_str_has_suffix (child, "/") ? g_strdup (child) : g_strconcat (child, "/", NULL);
  return g_str_has_prefix (child_slash, parent_slash);
}

/* --- S3 ------------------------------------------------------------------ */

/* Collects the keys of each listing page. */
static gboolean
collect_keys (HmsS3Listing *page, gpointer user_data, GError **error)
{
  GPtrArray *keys = user_data;

  for (guint i = 0; i < page->objects->len; i++)
    {
      HmsS3Object *object = g_ptr_array_index (page->objects, i);

      g_ptr_array_add (keys, g_strdup (object->key));
    }
  return TRUE;
}

/*
 * Every object under "KEY/" (the listing is complete before the first
 * deletion, so deleting cannot disturb its continuation tokens), the
 * marker "KEY/" kept when KEEP_DIRECTORY.
 */
static gboolean
delete_s3 (HmsContext *context, const char *location, gboolean keep_directory, guint64 *deleted,
           GError **error)
{
  g_autofree char *bucket = NULL;
  g_autofree char *key = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr (HmsS3Client) client = NULL;
  g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  gsize length;

  if (context->s3_clients == NULL)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED, "no S3 client is configured");
      return FALSE;
    }
  client = hms_s3_clients_for_location (context->s3_clients, location, &bucket, &key, error);
  if (client == NULL)
    return FALSE;
  length = strlen (key);
  while (length > 0 && key[length - 1] == '/')
    key[--length] = '\0';
  if (length == 0)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                   "refusing to delete the root of bucket \"%s\"", bucket);
      return FALSE;
    }
  prefix = g_strconcat (key, "/", NULL);
  if (!hms_s3_list (client, bucket, prefix, NULL, 0, collect_keys, keys, NULL, error))
    return FALSE;
  for (guint i = 0; i < keys->len; i++)
    {
      const char *object = g_ptr_array_index (keys, i);

      /* A listing under the prefix gives nothing else; checked all the same, as deleting is final. */
      if (!g_str_has_prefix (object, prefix) || (keep_directory && strcmp (object, prefix) == 0))
        continue;
      if (!hms_s3_delete_object (client, bucket, object, NULL, error))
        return FALSE;
      (*deleted)++;
    }
  return TRUE;
}

/* --- local file system --------------------------------------------------- */

/* The path of a file: location ("file:/p", "file:///p", "file://localhost/p"), or NULL with ERROR. */
static char *
file_location_path (const char *location, GError **error)
{
  const char *rest = location + strlen ("file:");
  g_autofree char *path = NULL;

  if (g_str_has_prefix (rest, "//"))
    {
      const char *slash = strchr (rest + 2, '/');
      g_autofree char *host = g_strndup (rest + 2, slash ? (gsize) (slash - rest - 2) : strlen (rest + 2));

      if (host[0] != '\0' && g_ascii_strcasecmp (host, "localhost") != 0)
        {
          g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                       "cannot delete \"%s\": the file system of host \"%s\" is not local", location, host);
          return NULL;
        }
      rest = slash ? slash : "/";
    }
  if (rest[0] != '/')
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED, "cannot delete \"%s\": not an absolute path", location);
      return NULL;
    }
  path = g_canonicalize_filename (rest, "/");
  return g_steal_pointer (&path);
}

/* TRUE when LOCATION names the same local directory as PATH. */
static gboolean
same_local_directory (const char *location, const char *path)
{
  g_autofree char *other = NULL;

  if (location == NULL || !g_str_has_prefix (location, "file:"))
    return FALSE;
  other = file_location_path (location, NULL);
  return other != NULL && strcmp (other, path) == 0;
}

/* Deletes what DIRECTORY holds, depth first; symbolic links are deleted, never followed. */
static gboolean
delete_children (GFile *directory, guint64 *deleted, GError **error)
{
  g_autoptr (GFileEnumerator) children =
    g_file_enumerate_children (directory, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                               G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, error);

  if (children == NULL)
    return FALSE;
  for (;;)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;

      if (!g_file_enumerator_iterate (children, &info, &child, NULL, error))
        return FALSE;
      if (info == NULL)
        return TRUE;
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY
          && !delete_children (child, deleted, error))
        return FALSE;
      if (!g_file_delete (child, NULL, error))
        return FALSE;
      if (g_file_info_get_file_type (info) != G_FILE_TYPE_DIRECTORY)
        (*deleted)++;
    }
}

static gboolean
delete_local (HmsContext *context, const char *location, gboolean keep_directory, guint64 *deleted,
              GError **error)
{
  g_autofree char *path = file_location_path (location, error);
  g_autoptr (GFile) directory = NULL;
  g_autoptr (GError) missing = NULL;
  GFileType type;

  if (path == NULL)
    return FALSE;
  if (strcmp (path, "/") == 0 || same_local_directory (context->warehouse_uri, path)
      || same_local_directory (context->external_warehouse_uri, path))
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED, "refusing to delete \"%s\": %s", location,
                   strcmp (path, "/") == 0 ? "the root directory" : "a warehouse root");
      return FALSE;
    }
  directory = g_file_new_for_path (path);
  type = g_file_query_file_type (directory, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL);
  if (type == G_FILE_TYPE_UNKNOWN)
    return TRUE; /* nothing there: deleted already */
  if (type == G_FILE_TYPE_DIRECTORY && !delete_children (directory, deleted, error))
    return FALSE;
  if (keep_directory && type == G_FILE_TYPE_DIRECTORY)
    return TRUE;
  if (!g_file_delete (directory, NULL, error))
    return FALSE;
  if (type != G_FILE_TYPE_DIRECTORY)
    (*deleted)++;
  return TRUE;
}

/* --- entry points -------------------------------------------------------- */

gboolean
hms_warehouse_fs_delete (HmsContext *context, const char *location, gboolean keep_directory,
                         guint64 *deleted, GError **error)
{
  guint64 ignored = 0;

  if (deleted == NULL)
    deleted = &ignored;
  *deleted = 0;
  if (location == NULL || location[0] == '\0')
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED, "there is no location");
      return FALSE;
    }
  if (hms_s3_location_is_s3 (location))
    return delete_s3 (context, location, keep_directory, deleted, error);
  if (g_ascii_strncasecmp (location, "file:", strlen ("file:")) == 0)
    return delete_local (context, location, keep_directory, deleted, error);
  g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
               "hms cannot delete data at \"%s\": it deletes on s3a:, s3:, s3n: and file: locations only",
               location);
  return FALSE;
}

void
hms_warehouse_fs_delete_logged (HmsContext *context, const char *what, const char *location,
                                gboolean keep_directory)
{
  g_autoptr (GError) failure = NULL;
  guint64 deleted = 0;

  if (hms_warehouse_fs_delete (context, location, keep_directory, &deleted, &failure))
    g_message ("%s: deleted %s %s (%" G_GUINT64_FORMAT " object%s)", what,
               keep_directory ? "the files in" : "the directory", location, deleted,
               deleted == 1 ? "" : "s");
  else
    g_warning ("%s: could not delete %s %s (%" G_GUINT64_FORMAT " object%s deleted before the failure): %s",
               what, keep_directory ? "the files in" : "the directory", location ? location : "(none)",
               deleted, deleted == 1 ? "" : "s", failure->message);
}
