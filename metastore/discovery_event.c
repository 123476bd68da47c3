/*
 * discovery_event.c
 *    Partition discovery driven by bucket notifications: an object created
 *    or removed in a partition directory of a table with
 *    discover.partitions=true registers or drops that one partition,
 *    without listing the table (see discovery.h).
 */
#include "discovery.h"
#include "discovery_private.h"
#include "db.h"
#include "error.h"
#include "partition_name.h"
#include "store_discovery.h"
#include "store_partition.h"
#include "store_table.h"

#include <string.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HmsTable, g_object_unref)

/* How often adding is tried when another writer registered one of the partitions first. */
#define ADD_ATTEMPTS 3

HmsObjectEvent *
hms_object_event_new (HmsObjectEventKind kind, const char *bucket, const char *key)
{
  HmsObjectEvent *event = g_new0 (HmsObjectEvent, 1);

  event->kind = kind;
  event->bucket = g_strdup (bucket);
  event->key = g_strdup (key);
  return event;
}

void
hms_object_event_free (HmsObjectEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->bucket);
  g_free (event->key);
  g_free (event);
}

void
hms_event_result_clear (HmsEventResult *result)
{
  g_clear_pointer (&result->added, g_ptr_array_unref);
  g_clear_pointer (&result->dropped, g_ptr_array_unref);
  g_clear_pointer (&result->kept, g_ptr_array_unref);
  result->matched = 0;
  result->ignored = 0;
  result->listings = 0;
}

/* --- an object's partition --------------------------------------------------- */

/* The partition directory an event is about. */
typedef struct
{
  char      *relative;  /* "k1=v1/k2=v2" as the key spells it, below the table's location */
  char      *name;      /* Hive's name for its values */
  GPtrArray *values;    /* unescaped */
} Candidate;

static void
candidate_free (Candidate *candidate)
{
  g_free (candidate->relative);
  g_free (candidate->name);
  g_ptr_array_unref (candidate->values);
  g_free (candidate);
}

/*
 * The partition directory of the object at RELATIVE_KEY below a table
 * with partition KEYS, or NULL with WHY: the first KEY_COUNT directories
 * must be KEY=VALUE for the keys in order and not hidden (the listing's
 * rules), and something must follow them (an object, or the directory's
 * own marker "k=v/").  A CREATED object below the partition must be data
 * too: no hidden name on its way, and not one of the S3 sink's .keys.
 * files (a removed one is not judged: its directory may be empty now).
 */
static Candidate *
object_partition (const char *relative_key, const char *const *keys, guint key_count,
                  gboolean created, const char *default_name, char **why)
{
  g_auto (GStrv) components = g_strsplit (relative_key, "/", -1);
  guint count = g_strv_length (components);
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) relative = g_string_new (NULL);
  Candidate *candidate;

  if (count < key_count + 1)
    {
      *why = g_strdup ("not inside a partition directory");
      return NULL;
    }
  for (guint i = 0; i < key_count; i++)
    {
      char *value;

      if (components[i][0] == '\0' || hms_discovery_is_hidden (components[i]))
        {
          *why = g_strdup_printf ("\"%s\" is not data", components[i]);
          return NULL;
        }
      value = hms_discovery_component_value (components[i], keys[i], why);
      if (value == NULL)
        return NULL;
      g_ptr_array_add (values, value);
      if (i > 0)
        g_string_append_c (relative, '/');
      g_string_append (relative, components[i]);
    }
  if (created)
    for (guint i = key_count; i < count; i++)
      if (components[i][0] != '\0'
          && (hms_discovery_is_hidden (components[i])
              || (i == count - 1 && strstr (components[i], ".keys.") != NULL)))
        {
          *why = g_strdup_printf ("\"%s\" is not data", components[i]);
          return NULL;
        }

  candidate = g_new0 (Candidate, 1);
  candidate->relative = g_string_free (g_steal_pointer (&relative), FALSE);
  candidate->name = hms_partition_make_name (keys, (const char *const *) values->pdata, key_count,
                                             default_name);
  candidate->values = g_steal_pointer (&values);
  return candidate;
}

/* --- one table ---------------------------------------------------------------- */

/* The events that fell into one table's partition directories. */
typedef struct
{
  const HmsDiscoveryObjectMatch *match;  /* borrowed from the matches */
  char      *bucket;                     /* the table's location */
  char      *key;                        /* without trailing slash */
  char      *qualified;                  /* "catalog.database.table" */
  GPtrArray *created;                    /* Candidate *, one per partition name */
  GPtrArray *removed;                    /* Candidate *, one per directory */
} TableWork;

static void
table_work_free (TableWork *work)
{
  g_free (work->bucket);
  g_free (work->key);
  g_free (work->qualified);
  g_ptr_array_unref (work->created);
  g_ptr_array_unref (work->removed);
  g_free (work);
}

/* Adds CANDIDATE to CANDIDATES unless one with the same name (BY_NAME) or directory is there. */
static void
add_candidate (GPtrArray *candidates, Candidate *candidate, gboolean by_name)
{
  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *other = g_ptr_array_index (candidates, i);

      if (strcmp (by_name ? other->name : other->relative,
                  by_name ? candidate->name : candidate->relative) == 0)
        {
          candidate_free (candidate);
          return;
        }
    }
  g_ptr_array_add (candidates, candidate);
}

/* The names of CANDIDATES, borrowed, for the store. */
static GPtrArray *
candidate_names (GPtrArray *candidates)
{
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; i < candidates->len; i++)
    g_ptr_array_add (names, ((Candidate *) g_ptr_array_index (candidates, i))->name);
  return names;
}

/*
 * One attempt at registering the missing partitions of WORK->created, in
 * one transaction: the rows of those already there locked FOR SHARE (an
 * object removed meanwhile waits for us, and a drop deciding now makes us
 * wait and then see the partition gone), the table read FOR SHARE, the
 * others inserted.  ADDED receives their names.
 */
static gboolean
try_add (PGconn *conn, HmsConf *conf, TableWork *work, GPtrArray *added, GError **error)
{
  const HmsDiscoveryObjectMatch *match = work->match;
  g_autoptr (GPtrArray) names = candidate_names (work->created);
  g_autoptr (GPtrArray) registered = NULL;
  g_autoptr (GHashTable) present = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) missing = g_ptr_array_new ();
  g_autoptr (HmsTable) table = g_object_new (HMS_TYPE_TABLE, NULL);
  g_autoptr (GPtrArray) partitions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) missing_names = g_ptr_array_new ();
  g_autofree gint64 *column_descriptor_ids = NULL;
  g_autofree char *bucket = NULL;
  g_autofree char *key = NULL;
  g_autofree char *table_location = NULL;
  g_autoptr (GError) local = NULL;
  HmsTableIds ids = { 0 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (!hms_db_begin (conn, error))
    return FALSE;
  registered = hms_store_discovery_registered_by_name (conn, match->table_id,
                                                       (const char *const *) names->pdata, names->len,
                                                       HMS_TABLE_LOCK_SHARE, error);
  if (registered == NULL)
    {
      hms_db_rollback (conn);
      return FALSE;
    }
  for (guint i = 0; i < registered->len; i++)
    g_hash_table_add (present, ((HmsRegisteredPartition *) g_ptr_array_index (registered, i))->name);
  for (guint i = 0; i < work->created->len; i++)
    {
      Candidate *candidate = g_ptr_array_index (work->created, i);

      if (!g_hash_table_contains (present, candidate->name))
        g_ptr_array_add (missing, candidate);
    }
  if (missing->len == 0)
    return hms_db_commit (conn, error);

  if (!hms_store_table_get (conn, match->catalog, match->database, match->table, HMS_TABLE_LOCK_SHARE,
                            table, &ids, &local))
    {
      hms_db_rollback (conn);
      /* Dropped since the events were matched: nothing to register. */
      if (g_error_matches (local, HMS_ERROR, HMS_ERROR_NO_SUCH_OBJECT))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  /* Moved since the events were matched: the directories are not its partitions. */
  if (!table->__isset_sd || table->sd == NULL
      || !hms_discovery_split_location (table->sd->location, &bucket, &key)
      || strcmp (bucket, work->bucket) != 0 || strcmp (key, work->key) != 0)
    {
      hms_db_rollback (conn);
      return TRUE;
    }

  table_location = g_strstrip (g_strdup (table->sd->location));
  while (g_str_has_suffix (table_location, "/"))
    table_location[strlen (table_location) - 1] = '\0';
  column_descriptor_ids = g_new0 (gint64, missing->len + 1);
  for (guint i = 0; i < missing->len; i++)
    {
      Candidate *candidate = g_ptr_array_index (missing, i);

      g_ptr_array_add (partitions, hms_discovery_new_partition (conf, table, match->catalog, table_location,
                                                                candidate->relative, candidate->values,
                                                                now));
      g_ptr_array_add (missing_names, candidate->name);
      column_descriptor_ids[i] = ids.column_descriptor_id;
    }
  if (!hms_store_partition_insert_many (conn, ids.table_id, (HmsPartition *const *) partitions->pdata,
                                        (const char *const *) missing_names->pdata, missing->len,
                                        column_descriptor_ids, error)
      || !hms_db_commit (conn, error))
    {
      hms_db_rollback (conn);
      return FALSE;
    }
  for (guint i = 0; i < missing_names->len; i++)
    g_ptr_array_add (added, g_strdup (g_ptr_array_index (missing_names, i)));
  return TRUE;
}

/* Registers the partitions of WORK->created that are missing; another writer's "already exists" is success. */
static gboolean
add_partitions (PGconn *conn, HmsConf *conf, TableWork *work, HmsEventResult *result, GError **error)
{
  for (guint attempt = 1;; attempt++)
    {
      g_autoptr (GError) local = NULL;
      g_autoptr (GPtrArray) added = g_ptr_array_new_with_free_func (g_free);

      if (try_add (conn, conf, work, added, &local))
        {
          for (guint i = 0; i < added->len; i++)
            {
              g_autofree char *entry = g_strdup_printf ("%s:%s", work->qualified,
                                                        (char *) g_ptr_array_index (added, i));

              g_message ("partition discovery (bucket notification) added %s", entry);
              g_ptr_array_add (result->added, g_steal_pointer (&entry));
            }
          return TRUE;
        }
      /* A replica, the periodic task or a client registered one of them first: look again. */
      if (g_error_matches (local, HMS_ERROR, HMS_ERROR_ALREADY_EXISTS) && attempt < ADD_ATTEMPTS)
        continue;
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
}

/*
 * Drops the partitions of WORK->removed whose directory holds no object
 * any more, in one transaction: their rows locked FOR UPDATE, then for
 * each one whose location is the directory of the event, one listing of
 * it with max-keys 1.  A listing that fails drops nothing of this table.
 */
static gboolean
drop_if_empty (PGconn *conn, HmsS3Clients *clients, TableWork *work, HmsEventResult *result,
               GCancellable *cancellable, GError **error)
{
  const HmsDiscoveryObjectMatch *match = work->match;
  g_autoptr (GPtrArray) names = candidate_names (work->removed);
  g_autoptr (GPtrArray) registered = NULL;
  g_autoptr (HmsS3Client) client = NULL;
  g_autoptr (GArray) drop_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GPtrArray) dropped = g_ptr_array_new ();
  g_autoptr (GPtrArray) kept = g_ptr_array_new ();

  if (!hms_db_begin (conn, error))
    return FALSE;
  registered = hms_store_discovery_registered_by_name (conn, match->table_id,
                                                       (const char *const *) names->pdata, names->len,
                                                       HMS_TABLE_LOCK_UPDATE, error);
  if (registered == NULL)
    {
      hms_db_rollback (conn);
      return FALSE;
    }
  for (guint i = 0; i < registered->len; i++)
    {
      HmsRegisteredPartition *partition = g_ptr_array_index (registered, i);
      g_autofree char *bucket = NULL;
      g_autofree char *key = NULL;

      /* A partition placed elsewhere is never judged from this directory. */
      if (!hms_discovery_split_location (partition->location, &bucket, &key)
          || strcmp (bucket, work->bucket) != 0)
        continue;
      for (guint c = 0; c < work->removed->len; c++)
        {
          Candidate *candidate = g_ptr_array_index (work->removed, c);
          g_autofree char *directory = work->key[0] != '\0'
                                       ? g_strconcat (work->key, "/", candidate->relative, NULL)
                                       : g_strdup (candidate->relative);
          g_autofree char *prefix = NULL;
          gboolean has_objects = TRUE;

          if (strcmp (candidate->name, partition->name) != 0 || strcmp (directory, key) != 0)
            continue;
          if (client == NULL
              && (client = hms_s3_clients_get (clients, work->bucket, error)) == NULL)
            {
              hms_db_rollback (conn);
              return FALSE;
            }
          prefix = g_strconcat (directory, "/", NULL);
          result->listings++;
          if (!hms_s3_prefix_has_objects (client, work->bucket, prefix, &has_objects, cancellable, error))
            {
              hms_db_rollback (conn);
              return FALSE;
            }
          if (has_objects)
            g_ptr_array_add (kept, partition->name);
          else
            {
              g_array_append_val (drop_ids, partition->partition_id);
              g_ptr_array_add (dropped, partition->name);
            }
          break;
        }
    }
  if ((drop_ids->len > 0
       && hms_store_partition_delete_many (conn, (const gint64 *) drop_ids->data, drop_ids->len, error) < 0)
      || !hms_db_commit (conn, error))
    {
      hms_db_rollback (conn);
      return FALSE;
    }
  for (guint i = 0; i < dropped->len; i++)
    {
      g_autofree char *entry = g_strdup_printf ("%s:%s", work->qualified, (char *) g_ptr_array_index (dropped, i));

      g_message ("partition discovery (bucket notification) dropped %s: its directory is empty", entry);
      g_ptr_array_add (result->dropped, g_steal_pointer (&entry));
    }
  for (guint i = 0; i < kept->len; i++)
    g_ptr_array_add (result->kept, g_strdup_printf ("%s:%s", work->qualified,
                                                    (char *) g_ptr_array_index (kept, i)));
  return TRUE;
}

/* --- the batch -------------------------------------------------------------- */

gboolean
hms_discovery_apply_events (PGconn *conn, HmsConf *conf, HmsS3Clients *clients, GPtrArray *events,
                            HmsEventResult *result, GCancellable *cancellable, GError **error)
{
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) matches = NULL;
  g_autoptr (GPtrArray) works = g_ptr_array_new_with_free_func ((GDestroyNotify) table_work_free);
  g_autoptr (GHashTable) by_table = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree gboolean *matched = NULL;
  g_auto (GStrv) types = NULL;
  g_autoptr (GError) first_failure = NULL;
  const char *default_name = hms_conf_get_string (conf, HMS_CONF_DEFAULT_PARTITION_NAME);

  if (result->added == NULL)
    result->added = g_ptr_array_new_with_free_func (g_free);
  if (result->dropped == NULL)
    result->dropped = g_ptr_array_new_with_free_func (g_free);
  if (result->kept == NULL)
    result->kept = g_ptr_array_new_with_free_func (g_free);
  if (events->len == 0)
    return TRUE;

  for (guint i = 0; i < events->len; i++)
    {
      HmsObjectEvent *event = g_ptr_array_index (events, i);

      g_ptr_array_add (paths, g_strconcat (event->bucket, "/", event->key, NULL));
    }
  types = g_strsplit (hms_conf_get_string (conf, HMS_CONF_PARTITION_MANAGEMENT_TABLE_TYPES), ",", -1);
  matches = hms_store_discovery_match_objects (conn, (const char *const *) paths->pdata, paths->len,
                                               (const char *const *) types, error);
  if (matches == NULL)
    return FALSE;

  matched = g_new0 (gboolean, events->len);
  for (guint m = 0; m < matches->len; m++)
    {
      const HmsDiscoveryObjectMatch *match = g_ptr_array_index (matches, m);
      HmsObjectEvent *event = g_ptr_array_index (events, match->path_index);
      TableWork *work = g_hash_table_lookup (by_table, &match->table_id);
      g_autofree char *why = NULL;
      Candidate *candidate;
      const char *relative_key;

      if (work == NULL)
        {
          work = g_new0 (TableWork, 1);
          work->match = match;
          work->qualified = g_strdup_printf ("%s.%s.%s", match->catalog, match->database, match->table);
          work->created = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);
          work->removed = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);
          if (!hms_discovery_split_location (match->location, &work->bucket, &work->key))
            {
              table_work_free (work);
              continue;
            }
          g_ptr_array_add (works, work);
          g_hash_table_insert (by_table, (gpointer) &match->table_id, work);
        }
      /* The store matched "bucket/key" texts: check the bucket and the key apart. */
      if (strcmp (event->bucket, work->bucket) != 0
          || (work->key[0] != '\0'
              && !(g_str_has_prefix (event->key, work->key) && event->key[strlen (work->key)] == '/')))
        continue;
      relative_key = event->key + (work->key[0] != '\0' ? strlen (work->key) + 1 : 0);
      candidate = object_partition (relative_key, (const char *const *) match->keys,
                                    g_strv_length (match->keys), event->kind == HMS_OBJECT_CREATED,
                                    default_name, &why);
      if (candidate == NULL)
        {
          g_debug ("bucket notification for s3a://%s/%s: not a partition of %s: %s", event->bucket,
                   event->key, work->qualified, why);
          continue;
        }
      matched[match->path_index] = TRUE;
      add_candidate (event->kind == HMS_OBJECT_CREATED ? work->created : work->removed, candidate,
                     event->kind == HMS_OBJECT_CREATED);
    }
  for (guint i = 0; i < events->len; i++)
    {
      if (matched[i])
        result->matched++;
      else
        result->ignored++;
    }

  for (guint w = 0; w < works->len; w++)
    {
      TableWork *work = g_ptr_array_index (works, w);
      g_autoptr (GError) failure = NULL;

      if ((work->created->len > 0 && !add_partitions (conn, conf, work, result, &failure))
          || (work->removed->len > 0 && !drop_if_empty (conn, clients, work, result, cancellable, &failure)))
        {
          g_warning ("partition discovery (bucket notification) of %s failed: %s", work->qualified,
                     failure->message);
          if (first_failure == NULL)
            first_failure = g_steal_pointer (&failure);
        }
      if (PQstatus (conn) != CONNECTION_OK)
        break;
    }
  if (first_failure != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first_failure));
      return FALSE;
    }
  return TRUE;
}
