/*
 * discovery.c
 *    Partition discovery in S3 for one table, and the periodic partition
 *    management task (see discovery.h).
 */
#include "discovery.h"
#include "discovery_private.h"
#include "db.h"
#include "error.h"
#include "handler.h"
#include "partition_name.h"
#include "store_discovery.h"
#include "store_partition.h"
#include "store_table.h"
#include "warehouse.h"
#include "warehouse_fs.h"

#include <string.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HmsPartition, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HmsTable, g_object_unref)

#define DDL_TIME "transient_lastDdlTime"
#define RETENTION_PERIOD "partition.retention.period"

void
hms_discovery_result_clear (HmsDiscoveryResult *result)
{
  g_clear_pointer (&result->added, g_ptr_array_unref);
  g_clear_pointer (&result->dropped, g_ptr_array_unref);
  g_clear_pointer (&result->ignored, g_ptr_array_unref);
  g_clear_pointer (&result->expired, g_ptr_array_unref);
  result->listings = 0;
  result->retention_seconds = 0;
}

/* --- logging ignored directories once ------------------------------------ */

static GMutex logged_lock;
static GHashTable *logged_ignored;

void
hms_discovery_log_ignored_once (const char *location, const char *why)
{
  gboolean first;

  g_mutex_lock (&logged_lock);
  if (logged_ignored == NULL)
    logged_ignored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  first = g_hash_table_add (logged_ignored, g_strdup (location));
  g_mutex_unlock (&logged_lock);
  if (first)
    g_message ("partition discovery skips \"%s\": %s", location, why);
}

/* --- listing --------------------------------------------------------------- */

/* A directory found at some depth: its path below the table and its values so far. */
typedef struct
{
  char      *relative;  /* "k1=v1/k2=v2/" (ends with '/'), "" for the table itself */
  GPtrArray *values;    /* unescaped values, one per level listed */
} Directory;

static void
directory_free (Directory *directory)
{
  g_free (directory->relative);
  g_ptr_array_unref (directory->values);
  g_free (directory);
}

gboolean
hms_discovery_is_hidden (const char *component)
{
  return component[0] == '_' || component[0] == '.' || strcmp (component, "tombstone") == 0;
}

char *
hms_discovery_component_value (const char *component, const char *key, char **why)
{
  const char *equals = strchr (component, '=');
  g_autofree char *raw_key = NULL;
  g_autofree char *found_key = NULL;

  if (equals == NULL || equals == component || equals[1] == '\0')
    {
      *why = g_strdup_printf ("not a partition directory of the form %s=value", key);
      return NULL;
    }
  raw_key = g_strndup (component, equals - component);
  found_key = hms_partition_unescape (raw_key);
  if (g_ascii_strcasecmp (found_key, key) != 0)
    {
      *why = g_strdup_printf ("partition key \"%s\" where \"%s\" was expected", found_key, key);
      return NULL;
    }
  return hms_partition_unescape (equals + 1);
}

/*
 * The leaf directories under BUCKET/BASE (BASE "" or ending with '/') that
 * match KEYS level by level, with their values: one listing per directory
 * above the leaves.  Fails as soon as one listing fails: nothing partial
 * is returned.
 */
static GPtrArray *
list_partition_directories (HmsS3Client *client, const char *bucket, const char *base,
                            const char *table_location, const char *const *keys, guint key_count,
                            HmsDiscoveryResult *result, GCancellable *cancellable, GError **error)
{
  g_autoptr (GPtrArray) frontier = g_ptr_array_new_with_free_func ((GDestroyNotify) directory_free);
  Directory *root = g_new0 (Directory, 1);

  root->relative = g_strdup ("");
  root->values = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (frontier, root);

  for (guint level = 0; level < key_count; level++)
    {
      g_autoptr (GPtrArray) next = g_ptr_array_new_with_free_func ((GDestroyNotify) directory_free);

      for (guint i = 0; i < frontier->len; i++)
        {
          Directory *parent = g_ptr_array_index (frontier, i);
          g_autofree char *prefix = g_strconcat (base, parent->relative, NULL);
          g_autoptr (HmsS3Listing) listing = NULL;
          gsize prefix_length = strlen (prefix);

          listing = hms_s3_list_all (client, bucket, prefix, "/", 0, cancellable, error);
          result->listings++;
          if (listing == NULL)
            return NULL;
          for (guint p = 0; p < listing->prefixes->len; p++)
            {
              const char *full = g_ptr_array_index (listing->prefixes, p);
              g_autofree char *component = NULL;
              g_autofree char *why = NULL;
              g_autofree char *value = NULL;
              gsize length = strlen (full);
              Directory *child;

              if (length <= prefix_length + 1 || strncmp (full, prefix, prefix_length) != 0)
                continue;
              component = g_strndup (full + prefix_length, length - prefix_length - 1);
              if (hms_discovery_is_hidden (component))
                continue;
              value = hms_discovery_component_value (component, keys[level], &why);
              if (value == NULL)
                {
                  g_autofree char *where = g_strdup_printf ("%s/%s%s", table_location,
                                                            parent->relative, component);

                  hms_discovery_log_ignored_once (where, why);
                  g_ptr_array_add (result->ignored,
                                   g_strdup_printf ("%s%s (%s)", parent->relative, component, why));
                  continue;
                }
              child = g_new0 (Directory, 1);
              child->relative = g_strconcat (parent->relative, component, "/", NULL);
              child->values = g_ptr_array_new_with_free_func (g_free);
              for (guint v = 0; v < parent->values->len; v++)
                g_ptr_array_add (child->values, g_strdup (g_ptr_array_index (parent->values, v)));
              g_ptr_array_add (child->values, g_steal_pointer (&value));
              g_ptr_array_add (next, child);
            }
        }
      g_ptr_array_unref (frontier);
      frontier = g_steal_pointer (&next);
    }
  return g_steal_pointer (&frontier);
}

/* --- the diff ------------------------------------------------------------- */

/* A partition directory found in S3. */
typedef struct
{
  char      *name;      /* Hive's name for its values */
  char      *relative;  /* its path below the table, without the trailing '/' */
  GPtrArray *values;
} Found;

static void
found_free (Found *found)
{
  g_free (found->name);
  g_free (found->relative);
  g_ptr_array_unref (found->values);
  g_free (found);
}

gboolean
hms_discovery_split_location (const char *location, char **bucket, char **key)
{
  gsize length;

  if (location == NULL || !hms_s3_location_is_s3 (location)
      || !hms_s3_location_parse (location, bucket, key, NULL))
    return FALSE;
  length = strlen (*key);
  while (length > 0 && (*key)[length - 1] == '/')
    (*key)[--length] = '\0';
  return TRUE;
}

/*
 * Whether REGISTERED has vanished: its location lies under the table's
 * (TABLE_BUCKET, TABLE_KEY) and neither its name nor its directory was
 * found.  A partition placed elsewhere is never judged from this listing.
 */
static gboolean
has_vanished (const HmsRegisteredPartition *registered, const char *table_bucket,
              const char *table_key, GHashTable *found_names, GHashTable *found_relatives)
{
  g_autofree char *bucket = NULL;
  g_autofree char *key = NULL;
  gsize table_key_length = strlen (table_key);
  const char *relative;

  if (g_hash_table_contains (found_names, registered->name))
    return FALSE;
  if (!hms_discovery_split_location (registered->location, &bucket, &key) || strcmp (bucket, table_bucket) != 0)
    return FALSE;
  if (table_key_length == 0)
    relative = key;
  else if (strncmp (key, table_key, table_key_length) == 0 && key[table_key_length] == '/')
    relative = key + table_key_length + 1;
  else
    return FALSE;
  if (relative[0] == '\0')
    return FALSE;
  return !g_hash_table_contains (found_relatives, relative);
}

/*
 * PartitionManagementTask.getRetentionPeriodInSeconds: the table property
 * partition.retention.period read as MetastoreConf.convertTimeStr reads a
 * time in seconds ("7d", "10m", "3600s", "3600"); 0 when it is unset, and
 * when it is empty or not a time, which is logged once and ignored, as
 * Hive ignores it.
 */
static gint64
retention_seconds (HmsTable *table, const char *catalog)
{
  const char *value = table->parameters != NULL
                      ? g_hash_table_lookup (table->parameters, RETENTION_PERIOD) : NULL;
  gint64 milliseconds = 0;

  if (value == NULL)
    return 0;
  if (!hms_conf_parse_time_ms (value, 1000, &milliseconds) || milliseconds < 0)
    {
      g_autofree char *where = g_strdup_printf ("%s.%s.%s %s=%s", catalog, table->dbName,
                                                table->tableName, RETENTION_PERIOD, value);

      hms_discovery_log_ignored_once (where, value[0] == '\0'
                                      ? "the retention period is empty: no partition expires"
                                      : "not a time such as 7d, 10m or 3600s: no partition expires");
      return 0;
    }
  return milliseconds / 1000;
}

/*
 * What to add (Found *, borrowed) and what to drop (HmsRegisteredPartition
 * *, borrowed): TO_DROP the vanished partitions, TO_EXPIRE the others
 * older than RETENTION seconds at NOW (HiveMetaStoreChecker: an age above
 * the period, the age counted from CREATE_TIME) when RETENTION > 0.
 */
static void
compute_diff (GPtrArray *found, GPtrArray *registered, HmsDiscoveryMode mode,
              const char *table_bucket, const char *table_key, gint64 retention, gint64 now,
              GPtrArray *to_add, GPtrArray *to_drop, GPtrArray *to_expire)
{
  g_autoptr (GHashTable) registered_names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) found_names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) found_relatives = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < registered->len; i++)
    {
      HmsRegisteredPartition *partition = g_ptr_array_index (registered, i);

      g_hash_table_add (registered_names, partition->name);
    }
  for (guint i = 0; i < found->len; i++)
    {
      Found *directory = g_ptr_array_index (found, i);

      g_hash_table_add (found_relatives, directory->relative);
      /* Two spellings of the same values ("a b" and "a%20b") are one partition. */
      if (!g_hash_table_add (found_names, directory->name))
        continue;
      if ((mode & HMS_DISCOVERY_ADD) && !g_hash_table_contains (registered_names, directory->name))
        g_ptr_array_add (to_add, directory);
    }
  if (mode & HMS_DISCOVERY_DROP)
    for (guint i = 0; i < registered->len; i++)
      {
        HmsRegisteredPartition *partition = g_ptr_array_index (registered, i);

        if (has_vanished (partition, table_bucket, table_key, found_names, found_relatives))
          g_ptr_array_add (to_drop, partition);
        else if ((mode & HMS_DISCOVERY_RETENTION) && retention > 0
                 && now - partition->create_time > retention)
          g_ptr_array_add (to_expire, partition);
      }
}

/* --- writing ---------------------------------------------------------------- */

/* metastore.partition.inherit.table.properties, as add_partitions applies it. */
static void
inherit_table_parameters (HmsConf *conf, HmsTable *table, HmsPartition *partition)
{
  const char *setting = hms_conf_get (conf, "metastore.partition.inherit.table.properties");
  g_auto (GStrv) keys = NULL;

  if (setting == NULL)
    setting = hms_conf_get (conf, "hive.metastore.partition.inherit.table.properties");
  if (setting == NULL)
    return;
  keys = g_strsplit (setting, ",", -1);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_strstrip (keys[i]);
      if (keys[i][0] == '\0')
        continue;
      g_hash_table_iter_init (&iter, table->parameters);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (strcmp (keys[i], "*") == 0 || strcmp (keys[i], key) == 0)
          g_hash_table_replace (partition->parameters, g_strdup (key), g_strdup (value));
    }
}

HmsPartition *
hms_discovery_new_partition (HmsConf *conf, HmsTable *table, const char *catalog,
                             const char *table_location, const char *relative, GPtrArray *values,
                             gint64 now)
{
  HmsPartition *partition = g_object_new (HMS_TYPE_PARTITION, NULL);

  for (guint i = 0; i < values->len; i++)
    g_ptr_array_add (partition->values, g_strdup (g_ptr_array_index (values, i)));
  partition->__isset_values = TRUE;
  partition->dbName = g_strdup (table->dbName);
  partition->__isset_dbName = TRUE;
  partition->tableName = g_strdup (table->tableName);
  partition->__isset_tableName = TRUE;
  partition->catName = g_strdup (catalog);
  partition->__isset_catName = TRUE;
  partition->createTime = (gint32) now;
  partition->__isset_createTime = TRUE;
  partition->lastAccessTime = 0;
  partition->__isset_lastAccessTime = TRUE;
  g_clear_object (&partition->sd);
  partition->sd = hms_struct_copy (table->sd);
  g_free (partition->sd->location);
  partition->sd->location = g_strdup_printf ("%s/%s", table_location, relative);
  partition->sd->__isset_location = TRUE;
  partition->__isset_sd = TRUE;
  inherit_table_parameters (conf, table, partition);
  g_hash_table_replace (partition->parameters, g_strdup (DDL_TIME),
                        g_strdup_printf ("%" G_GINT64_FORMAT, now));
  partition->__isset_parameters = TRUE;
  if (table->__isset_writeId && table->writeId > 0)
    {
      partition->writeId = table->writeId;
      partition->__isset_writeId = TRUE;
    }
  return partition;
}

/* HMSHandler.checkTableDataShouldBeDeleted: a managed table, or an external one with external.table.purge. */
static gboolean
table_data_is_purged (HmsTable *table)
{
  const char *external = table->parameters ? g_hash_table_lookup (table->parameters, "EXTERNAL") : NULL;
  const char *purge = table->parameters ? g_hash_table_lookup (table->parameters, "external.table.purge") : NULL;

  return !(external != NULL && g_ascii_strcasecmp (external, "true") == 0)
         || (purge != NULL && g_ascii_strcasecmp (purge, "true") == 0);
}

/*
 * The data of the expired partitions EXPIRED of TABLE, deleted after their
 * drop committed as the partition management task's drop_partitions with
 * deleteData does: only for a managed table or an external one with
 * external.table.purge, each directory on its own, logged, never undoing
 * the drop.
 */
static void
delete_expired_data (HmsConf *conf, HmsS3Clients *clients, const char *catalog, HmsTable *table,
                     GPtrArray *expired)
{
  g_autofree char *what = g_strdup_printf ("partition retention of %s.%s.%s", catalog, table->dbName,
                                           table->tableName);
  const char *external = hms_conf_get_string (conf, HMS_CONF_WAREHOUSE_EXTERNAL_DIR);
  const char *default_fs = hms_conf_get (conf, "fs.defaultFS");
  g_autofree char *warehouse = hms_warehouse_qualify_path (default_fs,
                                                           hms_conf_get_string (conf, HMS_CONF_WAREHOUSE_DIR));
  g_autofree char *external_warehouse = external != NULL && external[0] != '\0'
                                        ? hms_warehouse_qualify_path (default_fs, external)
                                        : g_strdup (warehouse);
  /* What warehouse_fs reads: the S3 clients and the roots it must never delete. */
  HmsContext context = {
    .conf = conf,
    .warehouse_uri = warehouse,
    .external_warehouse_uri = external_warehouse,
    .s3_clients = clients,
  };

  if (expired->len == 0)
    return;
  if (!table_data_is_purged (table))
    {
      g_message ("%s: the data of %u expired partition%s is kept: the table is external without"
                 " external.table.purge", what, expired->len, expired->len == 1 ? "" : "s");
      return;
    }
  for (guint i = 0; i < expired->len; i++)
    {
      const char *location = g_ptr_array_index (expired, i);

      if (location != NULL && location[0] != '\0')
        hms_warehouse_fs_delete_logged (&context, what, location, FALSE);
    }
}

/*
 * One transaction: the table locked FOR SHARE and what is registered read
 * again, the diff redone against it, the missing partitions added and the
 * vanished and expired ones dropped.  RESULT receives what was done; the
 * locations of the expired partitions go to EXPIRED_LOCATIONS.  TABLE is
 * filled with the table as read in the transaction.
 */
static gboolean
apply_diff (PGconn *conn, HmsConf *conf, const char *catalog, const char *database,
            const char *table_name, GPtrArray *found, HmsDiscoveryMode mode,
            const char *table_bucket, const char *table_key, HmsTable *table,
            HmsDiscoveryResult *result, GPtrArray *expired_locations, GError **error)
{
  g_autoptr (GPtrArray) registered = NULL;
  g_autoptr (GPtrArray) to_add = g_ptr_array_new ();
  g_autoptr (GPtrArray) to_drop = g_ptr_array_new ();
  g_autoptr (GPtrArray) to_expire = g_ptr_array_new ();
  g_autoptr (GPtrArray) partitions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autofree gint64 *column_descriptor_ids = NULL;
  g_autofree gint64 *drop_ids = NULL;
  g_autofree char *table_location = NULL;
  HmsTableIds ids = { 0 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint drop_count = 0;

  if (!hms_db_begin (conn, error))
    return FALSE;
  if (!hms_store_table_get (conn, catalog, database, table_name, HMS_TABLE_LOCK_SHARE, table, &ids, error)
      || (registered = hms_store_discovery_registered (conn, ids.table_id, error)) == NULL)
    {
      hms_db_rollback (conn);
      return FALSE;
    }
  result->retention_seconds = (mode & HMS_DISCOVERY_RETENTION) ? retention_seconds (table, catalog) : 0;
  compute_diff (found, registered, mode, table_bucket, table_key, result->retention_seconds, now,
                to_add, to_drop, to_expire);
  if (to_add->len == 0 && to_drop->len == 0 && to_expire->len == 0)
    {
      hms_db_rollback (conn);
      return TRUE;
    }

  table_location = g_strdup (table->sd->location);
  g_strchomp (table_location);
  while (g_str_has_suffix (table_location, "/"))
    table_location[strlen (table_location) - 1] = '\0';
  column_descriptor_ids = g_new0 (gint64, to_add->len + 1);
  for (guint i = 0; i < to_add->len; i++)
    {
      Found *directory = g_ptr_array_index (to_add, i);

      g_ptr_array_add (partitions, hms_discovery_new_partition (conf, table, catalog, table_location,
                                                                directory->relative, directory->values,
                                                                now));
      g_ptr_array_add (names, directory->name);
      column_descriptor_ids[i] = ids.column_descriptor_id;
    }
  drop_ids = g_new0 (gint64, to_drop->len + to_expire->len + 1);
  for (guint i = 0; i < to_drop->len; i++)
    drop_ids[drop_count++] = ((HmsRegisteredPartition *) g_ptr_array_index (to_drop, i))->partition_id;
  for (guint i = 0; i < to_expire->len; i++)
    drop_ids[drop_count++] = ((HmsRegisteredPartition *) g_ptr_array_index (to_expire, i))->partition_id;

  if ((to_add->len > 0
       && !hms_store_partition_insert_many (conn, ids.table_id, (HmsPartition *const *) partitions->pdata,
                                            (const char *const *) names->pdata, to_add->len,
                                            column_descriptor_ids, error))
      || (drop_count > 0 && hms_store_partition_delete_many (conn, drop_ids, drop_count, error) < 0)
      || !hms_db_commit (conn, error))
    {
      hms_db_rollback (conn);
      return FALSE;
    }
  for (guint i = 0; i < to_add->len; i++)
    g_ptr_array_add (result->added, g_strdup (((Found *) g_ptr_array_index (to_add, i))->name));
  for (guint i = 0; i < to_drop->len; i++)
    g_ptr_array_add (result->dropped,
                     g_strdup (((HmsRegisteredPartition *) g_ptr_array_index (to_drop, i))->name));
  for (guint i = 0; i < to_expire->len; i++)
    {
      HmsRegisteredPartition *partition = g_ptr_array_index (to_expire, i);

      g_ptr_array_add (result->expired, g_strdup (partition->name));
      g_ptr_array_add (expired_locations, g_strdup (partition->location));
    }
  return TRUE;
}

/* --- one table -------------------------------------------------------------- */

gboolean
hms_discovery_run_table (PGconn *conn, HmsConf *conf, HmsS3Clients *clients,
                         const char *catalog, const char *database, const char *table_name,
                         HmsDiscoveryMode mode, gboolean dry_run,
                         HmsDiscoveryResult *result, GCancellable *cancellable,
                         GError **error)
{
  g_autoptr (HmsTable) table = g_object_new (HMS_TYPE_TABLE, NULL);
  g_autoptr (HmsS3Client) client = NULL;
  g_autoptr (GPtrArray) directories = NULL;
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) found_free);
  g_autoptr (GPtrArray) registered = NULL;
  g_autoptr (GPtrArray) to_add = g_ptr_array_new ();
  g_autoptr (GPtrArray) to_drop = g_ptr_array_new ();
  g_autoptr (GPtrArray) to_expire = g_ptr_array_new ();
  g_autoptr (GPtrArray) expired_locations = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (HmsTable) written = NULL;
  g_autofree const char **keys = NULL;
  g_autofree char *table_bucket = NULL;
  g_autofree char *table_key = NULL;
  g_autofree char *base = NULL;
  g_autofree char *table_location = NULL;
  const char *default_name = hms_conf_get_string (conf, HMS_CONF_DEFAULT_PARTITION_NAME);
  HmsTableIds ids = { 0 };
  guint key_count;

  if (result->added == NULL)
    result->added = g_ptr_array_new_with_free_func (g_free);
  if (result->dropped == NULL)
    result->dropped = g_ptr_array_new_with_free_func (g_free);
  if (result->ignored == NULL)
    result->ignored = g_ptr_array_new_with_free_func (g_free);
  if (result->expired == NULL)
    result->expired = g_ptr_array_new_with_free_func (g_free);

  if (!hms_store_table_get (conn, catalog, database, table_name, HMS_TABLE_LOCK_NONE, table, &ids, error))
    return FALSE;
  key_count = table->partitionKeys != NULL ? table->partitionKeys->len : 0;
  if (key_count == 0)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                   "table %s.%s is not partitioned", database, table_name);
      return FALSE;
    }
  if (!table->__isset_sd || table->sd == NULL || !table->sd->__isset_location
      || table->sd->location == NULL || !hms_s3_location_is_s3 (table->sd->location))
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                   "table %s.%s has no S3 location (s3a://, s3:// or s3n://): \"%s\"",
                   database, table_name,
                   table->__isset_sd && table->sd->location != NULL ? table->sd->location : "");
      return FALSE;
    }
  keys = g_new0 (const char *, key_count + 1);
  for (guint i = 0; i < key_count; i++)
    keys[i] = ((HmsFieldSchema *) g_ptr_array_index (table->partitionKeys, i))->name;

  table_location = g_strstrip (g_strdup (table->sd->location));
  while (g_str_has_suffix (table_location, "/"))
    table_location[strlen (table_location) - 1] = '\0';
  client = hms_s3_clients_for_location (clients, table_location, &table_bucket, &table_key, error);
  if (client == NULL)
    return FALSE;
  while (table_key[0] != '\0' && g_str_has_suffix (table_key, "/"))
    table_key[strlen (table_key) - 1] = '\0';
  base = table_key[0] == '\0' ? g_strdup ("") : g_strconcat (table_key, "/", NULL);

  directories = list_partition_directories (client, table_bucket, base, table_location, keys, key_count,
                                            result, cancellable, error);
  if (directories == NULL)
    return FALSE;
  for (guint i = 0; i < directories->len; i++)
    {
      Directory *directory = g_ptr_array_index (directories, i);
      Found *entry = g_new0 (Found, 1);

      entry->name = hms_partition_make_name (keys, (const char *const *) directory->values->pdata,
                                             key_count, default_name);
      entry->relative = g_strndup (directory->relative, strlen (directory->relative) - 1);
      entry->values = g_ptr_array_ref (directory->values);
      g_ptr_array_add (found, entry);
    }

  /* Outside a transaction first: an unchanged table writes nothing, locks nothing. */
  registered = hms_store_discovery_registered (conn, ids.table_id, error);
  if (registered == NULL)
    return FALSE;
  result->retention_seconds = (mode & HMS_DISCOVERY_RETENTION) ? retention_seconds (table, catalog) : 0;
  compute_diff (found, registered, mode, table_bucket, table_key, result->retention_seconds,
                g_get_real_time () / G_USEC_PER_SEC, to_add, to_drop, to_expire);
  if (to_add->len == 0 && to_drop->len == 0 && to_expire->len == 0)
    return TRUE;
  if (dry_run)
    {
      for (guint i = 0; i < to_add->len; i++)
        g_ptr_array_add (result->added, g_strdup (((Found *) g_ptr_array_index (to_add, i))->name));
      for (guint i = 0; i < to_drop->len; i++)
        g_ptr_array_add (result->dropped,
                         g_strdup (((HmsRegisteredPartition *) g_ptr_array_index (to_drop, i))->name));
      for (guint i = 0; i < to_expire->len; i++)
        g_ptr_array_add (result->expired,
                         g_strdup (((HmsRegisteredPartition *) g_ptr_array_index (to_expire, i))->name));
      return TRUE;
    }
  written = g_object_new (HMS_TYPE_TABLE, NULL);
  if (!apply_diff (conn, conf, catalog, database, table_name, found, mode, table_bucket, table_key,
                   written, result, expired_locations, error))
    return FALSE;
  if (mode & HMS_DISCOVERY_DELETE_DATA)
    delete_expired_data (conf, clients, catalog, written, expired_locations);
  return TRUE;
}

/* --- the periodic task --------------------------------------------------- */

struct HmsDiscoveryTask
{
  HmsConf      *conf;
  char         *conninfo;
  gint64        frequency_ms;
  GThread      *thread;
  GCancellable *cancellable;
  GMutex        lock;
  GCond         wake;
  gboolean      stopping;
  /* The thread's own. */
  PGconn       *conn;
  gboolean      holds_lock;
  HmsS3Clients *clients;
  GHashTable   *failures;  /* "cat.db.table" -> last error message logged */
};

static void
drop_connection (HmsDiscoveryTask *task)
{
  if (task->conn != NULL)
    PQfinish (task->conn);
  task->conn = NULL;
  task->holds_lock = FALSE;
}

/* The advisory lock on the task's own connection: TRUE when this replica holds it. */
static gboolean
take_lock (HmsDiscoveryTask *task)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, HMS_DISCOVERY_LOCK_KEY);
  const char *values[] = { key };
  g_autoptr (PGresult) result = NULL;

  if (task->conn != NULL && PQstatus (task->conn) != CONNECTION_OK)
    drop_connection (task);
  if (task->conn == NULL)
    {
      task->conn = hms_db_connect (task->conninfo, &error);
      if (task->conn == NULL)
        {
          g_warning ("partition discovery cannot reach the metastore database: %s", error->message);
          return FALSE;
        }
    }
  if (task->holds_lock)
    return TRUE;
  result = hms_db_exec (task->conn, "SELECT pg_try_advisory_lock($1::bigint)", 1, values, &error);
  if (result == NULL)
    {
      g_warning ("partition discovery cannot take its advisory lock: %s", error->message);
      drop_connection (task);
      return FALSE;
    }
  task->holds_lock = strcmp (PQgetvalue (result, 0, 0), "t") == 0;
  if (task->holds_lock)
    g_message ("partition discovery runs on this replica (advisory lock %" G_GINT64_FORMAT ")",
               HMS_DISCOVERY_LOCK_KEY);
  return task->holds_lock;
}

/* Logs a table's failure when it differs from the last one logged for it, and its recovery. */
static void
note_outcome (HmsDiscoveryTask *task, const char *qualified, const GError *error)
{
  const char *last = g_hash_table_lookup (task->failures, qualified);

  if (error == NULL)
    {
      if (last != NULL)
        {
          g_message ("partition discovery of %s works again", qualified);
          g_hash_table_remove (task->failures, qualified);
        }
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (g_strcmp0 (last, error->message) != 0)
    {
      g_warning ("partition discovery of %s failed, nothing changed: %s", qualified, error->message);
      g_hash_table_replace (task->failures, g_strdup (qualified), g_strdup (error->message));
    }
}

static void
run_round (HmsDiscoveryTask *task)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) tables = NULL;
  g_auto (GStrv) types = NULL;

  if (!take_lock (task))
    return;
  types = g_strsplit (hms_conf_get_string (task->conf, HMS_CONF_PARTITION_MANAGEMENT_TABLE_TYPES), ",", -1);
  tables = hms_store_discovery_tables (task->conn, (const char *const *) types, &error);
  if (tables == NULL)
    {
      g_warning ("partition discovery cannot list its tables: %s", error->message);
      if (PQstatus (task->conn) != CONNECTION_OK)
        drop_connection (task);
      return;
    }
  for (guint i = 0; i < tables->len && !g_cancellable_is_cancelled (task->cancellable); i++)
    {
      HmsDiscoveryTableName *name = g_ptr_array_index (tables, i);
      g_auto (HmsDiscoveryResult) result = { 0 };
      g_autoptr (GError) failure = NULL;
      g_autofree char *qualified = g_strdup_printf ("%s.%s.%s", name->catalog, name->database, name->table);

      if (hms_discovery_run_table (task->conn, task->conf, task->clients, name->catalog, name->database,
                                   name->table,
                                   HMS_DISCOVERY_SYNC | HMS_DISCOVERY_RETENTION | HMS_DISCOVERY_DELETE_DATA,
                                   FALSE, &result,
                                   task->cancellable, &failure))
        {
          for (guint a = 0; a < result.added->len; a++)
            g_message ("partition discovery added %s:%s", qualified,
                       (char *) g_ptr_array_index (result.added, a));
          for (guint d = 0; d < result.dropped->len; d++)
            g_message ("partition discovery dropped %s:%s", qualified,
                       (char *) g_ptr_array_index (result.dropped, d));
          for (guint e = 0; e < result.expired->len; e++)
            g_message ("partition retention dropped %s:%s (older than %s=%" G_GINT64_FORMAT "s)",
                       qualified, (char *) g_ptr_array_index (result.expired, e), RETENTION_PERIOD,
                       result.retention_seconds);
        }
      note_outcome (task, qualified, failure);
      if (PQstatus (task->conn) != CONNECTION_OK)
        {
          drop_connection (task);
          return;
        }
    }
}

static gpointer
task_thread (gpointer data)
{
  HmsDiscoveryTask *task = data;

  for (;;)
    {
      gint64 deadline;

      g_mutex_lock (&task->lock);
      if (task->stopping)
        {
          g_mutex_unlock (&task->lock);
          break;
        }
      g_mutex_unlock (&task->lock);

      run_round (task);

      deadline = g_get_monotonic_time () + task->frequency_ms * G_TIME_SPAN_MILLISECOND;
      g_mutex_lock (&task->lock);
      while (!task->stopping && g_cond_wait_until (&task->wake, &task->lock, deadline))
        ;
      g_mutex_unlock (&task->lock);
    }
  drop_connection (task);
  return NULL;
}

HmsDiscoveryTask *
hms_discovery_task_start (HmsConf *conf, const char *conninfo)
{
  g_autoptr (GError) error = NULL;
  gint64 frequency_ms = hms_conf_get_time_ms (conf, HMS_CONF_PARTITION_MANAGEMENT_TASK_FREQUENCY, &error);
  HmsDiscoveryTask *task;

  if (frequency_ms < 0 || error != NULL)
    {
      g_warning ("partition discovery is off: %s", error != NULL ? error->message : "negative frequency");
      return NULL;
    }
  if (!hms_conf_get_bool (conf, HMS_CONF_HOUSEKEEPING_THREADS_ON))
    {
      g_message ("partition discovery is off on this replica (%s is false)",
                 hms_conf_var_name (HMS_CONF_HOUSEKEEPING_THREADS_ON));
      return NULL;
    }
  if (frequency_ms == 0)
    {
      g_message ("partition discovery is off (%s is 0)",
                 hms_conf_var_name (HMS_CONF_PARTITION_MANAGEMENT_TASK_FREQUENCY));
      return NULL;
    }
  task = g_new0 (HmsDiscoveryTask, 1);
  task->conf = conf;
  task->conninfo = g_strdup (conninfo);
  task->frequency_ms = frequency_ms;
  task->cancellable = g_cancellable_new ();
  task->clients = hms_s3_clients_new (conf);
  task->failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_mutex_init (&task->lock);
  g_cond_init (&task->wake);
  task->thread = g_thread_new ("hms-discovery", task_thread, task);
  return task;
}

void
hms_discovery_task_stop (HmsDiscoveryTask *task)
{
  if (task == NULL)
    return;
  g_mutex_lock (&task->lock);
  task->stopping = TRUE;
  g_cond_signal (&task->wake);
  g_mutex_unlock (&task->lock);
  g_cancellable_cancel (task->cancellable);
  g_thread_join (task->thread);
  hms_s3_clients_free (task->clients);
  g_hash_table_unref (task->failures);
  g_object_unref (task->cancellable);
  g_mutex_clear (&task->lock);
  g_cond_clear (&task->wake);
  g_free (task->conninfo);
  g_free (task);
}
