/*
 * api_partition.c
 *    The partition methods of the HMS API: adding (add_partition(s),
 *    append_partition...), reading (get_partition..., get_partitions...,
 *    get_partition_names..., by names, by filter), dropping (drop_partition...,
 *    drop_partitions_req), altering and renaming (alter_partition(s)...,
 *    rename_partition...), and partition-name helpers.
 *
 * Each method is a thin wrapper naming its exceptions over a ...Generic
 * function shared with its variants; checks, messages and parameter
 * handling follow Hive 4's HMSHandler, HiveAlterHandler and ObjectStore so
 * that clients see what the Java server would say.  Every write is one
 * transaction (a failing add of 1,000 partitions adds none) and every call
 * costs a bounded number of round trips whatever the number of partitions;
 * the store functions state theirs.
 *
 * hms never creates or moves partition directories; with deleteData it
 * deletes the directories of dropped partitions on S3 and local locations
 * (warehouse_fs.h), as Hive does, once the drop committed.  Where the
 * Java server would list a new partition's existing directory to fill
 * numFiles and totalSize it behaves as for a directory it has just created,
 * keeping the parameters the client sent.
 *
 * get_partitions_by_expr (and its _spec_ and get_partition_names_req
 * relatives) is not declared: its argument is a Kryo-serialised Java
 * expression.  Hive's clients answer the resulting TApplicationException
 * (UNKNOWN_METHOD) by pruning on the client side (IncompatibleMetastore-
 * Exception in HiveMetaStoreClient.listPartitionsByExpr), while a
 * MetaException would fail their query.
 */
#include "handler.h"
#include "db.h"
#include "error.h"
#include "names.h"
#include "partition_filter.h"
#include "partition_name.h"
#include "reply_stream.h"
#include "store.h"
#include "store_json.h"
#include "store_partition.h"
#include "store_sd.h"
#include "store_table.h"
#include "warehouse.h"
#include "warehouse_fs.h"

#include <json-glib/json-glib.h>
#include <string.h>

#define DDL_TIME "transient_lastDdlTime"
#define COLUMN_STATS_ACCURATE "COLUMN_STATS_ACCURATE"

/* Borrowing a connection, as every method starts. */
#define LEASE_OR_FAIL(lease, context, failure)                       \
  g_autoptr (HmsLease) lease = hms_pool_lease ((context)->pool, failure); \
  if (lease == NULL)                                                  \
    return FALSE

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HmsPartition, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HmsTable, g_object_unref)

/* --- the table a call is about ------------------------------------------- */

typedef struct
{
  char       *catalog;
  char       *database;
  char       *name;
  HmsTable   *table;
  HmsTableIds ids;
} PartitionedTable;

static void
partitioned_table_clear (PartitionedTable *table)
{
  g_clear_pointer (&table->catalog, g_free);
  g_clear_pointer (&table->database, g_free);
  g_clear_pointer (&table->name, g_free);
  g_clear_object (&table->table);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PartitionedTable, partitioned_table_clear)

/*
 * Normalised names: the database argument may be "@cat#db" (Hive's
 * parseDbName); a request's catalog field, when given, wins.
 */
static gboolean
resolve_table (HmsContext *context, const char *catalog_argument, const char *database_argument,
               const char *table_argument, PartitionedTable *table, GError **error)
{
  if (!hms_name_parse_database (database_argument, context->default_catalog,
                                &table->catalog, &table->database, error))
    return FALSE;
  if (catalog_argument != NULL && catalog_argument[0] != '\0')
    {
      g_free (table->catalog);
      table->catalog = hms_name_normalize (catalog_argument);
    }
  if (table->database == NULL)
    table->database = g_strdup ("");
  table->name = hms_name_normalize (table_argument != NULL ? table_argument : "");
  return TRUE;
}

/*
 * Loads the table (locked as asked, inside the caller's transaction).
 * When it does not exist, `missing_code` and `missing_message` (printf
 * format with %s for "cat.db.table") replace the store's error; NULL keeps
 * it (NO_SUCH_OBJECT "cat.db.t table not found").  1 round trip.
 */
static gboolean
load_table (PGconn *conn, PartitionedTable *table, HmsTableLock lock,
            HmsErrorCode missing_code, const char *missing_message, GError **error)
{
  g_autoptr (GError) local = NULL;

  table->table = g_object_new (HMS_TYPE_TABLE, NULL);
  if (hms_store_table_get (conn, table->catalog, table->database, table->name, lock,
                           table->table, &table->ids, &local))
    return TRUE;
  if (missing_message != NULL && g_error_matches (local, HMS_ERROR, HMS_ERROR_NO_SUCH_OBJECT))
    {
      g_autofree char *qualified = g_strdup_printf ("%s.%s.%s", table->catalog, table->database, table->name);

      g_set_error (error, HMS_ERROR, missing_code, missing_message, qualified);
      return FALSE;
    }
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

static guint
key_count (const PartitionedTable *table)
{
  return table->table->partitionKeys->len;
}

static const char *
key_name (const PartitionedTable *table, guint index)
{
  HmsFieldSchema *key = g_ptr_array_index (table->table->partitionKeys, index);

  return key->name != NULL ? key->name : "";
}

/* The key names as an array for partition_name.h (the strings are borrowed). */
static const char **
key_names (const PartitionedTable *table)
{
  const char **names = g_new0 (const char *, key_count (table) + 1);

  for (guint i = 0; i < key_count (table); i++)
    names[i] = key_name (table, i);
  return names;
}

/*
 * Warehouse.makePartName over the table's keys: the values must be one per
 * key, else Hive's MetaException "Invalid partition key & values; keys
 * [a, b, ], values [1, ]".
 */
static char *
make_partition_name (const PartitionedTable *table, GPtrArray *values, GError **error)
{
  g_autofree const char **keys = key_names (table);

  if (values->len != key_count (table) || key_count (table) == 0)
    {
      GString *message = g_string_new ("Invalid partition key & values; keys [");

      for (guint i = 0; i < key_count (table); i++)
        g_string_append_printf (message, "%s, ", keys[i]);
      g_string_append (message, "], values [");
      for (guint i = 0; i < values->len; i++)
        g_string_append_printf (message, "%s, ", (const char *) g_ptr_array_index (values, i));
      g_string_append_c (message, ']');
      g_set_error_literal (error, HMS_ERROR, HMS_ERROR_FAILED, message->str);
      g_string_free (message, TRUE);
      return NULL;
    }
  return hms_partition_make_name (keys, (const char *const *) values->pdata, values->len, NULL);
}

static char *
values_text (GPtrArray *values)
{
  return hms_partition_values_to_string ((const char *const *) values->pdata, values->len);
}

/* What Hive's messages print for a partition (an abridged Partition.toString). */
static char *
describe_partition (const HmsPartition *partition)
{
  g_autofree char *values = values_text (partition->values);

  return g_strdup_printf ("Partition(values:%s, dbName:%s, tableName:%s)", values,
                          partition->dbName ? partition->dbName : "null",
                          partition->tableName ? partition->tableName : "null");
}

static gboolean
is_true (const char *text)
{
  return text != NULL && g_ascii_strcasecmp (text, "true") == 0;
}

/* HMSHandler.checkTableDataShouldBeDeleted: asked to, and the table managed or external with purge. */
static gboolean
table_data_should_be_deleted (const PartitionedTable *table, gboolean delete_data)
{
  return delete_data && (!is_true (g_hash_table_lookup (table->table->parameters, "EXTERNAL"))
                         || is_true (g_hash_table_lookup (table->table->parameters, "external.table.purge")));
}

/*
 * After a drop committed, the directories of the dropped PARTITIONS, each
 * deleted on its own wherever it is, as HMSHandler.drop_partition_common
 * and drop_partitions_req do; logged (warehouse_fs.h).
 */
static void
delete_partition_data (HmsContext *context, const PartitionedTable *table, GPtrArray *partitions,
                       gboolean delete_data, const char *method)
{
  g_autofree char *what = g_strdup_printf ("%s %s.%s.%s", method, table->catalog, table->database, table->name);

  if (!table_data_should_be_deleted (table, delete_data))
    {
      if (delete_data)
        g_message ("%s: the data of %u partition%s is kept: the table is external without"
                   " external.table.purge", what, partitions->len, partitions->len == 1 ? "" : "s");
      return;
    }
  for (guint i = 0; i < partitions->len; i++)
    {
      HmsPartition *partition = g_ptr_array_index (partitions, i);

      if (partition->__isset_sd && partition->sd != NULL && partition->sd->location != NULL
          && partition->sd->location[0] != '\0')
        hms_warehouse_fs_delete_logged (context, what, partition->sd->location, FALSE);
    }
}

static gboolean
table_is_transactional (const PartitionedTable *table)
{
  return is_true (g_hash_table_lookup (table->table->parameters, "transactional"));
}

static gboolean
table_is_view (const PartitionedTable *table)
{
  return g_strcmp0 (table->table->tableType, "VIRTUAL_VIEW") == 0;
}

static const char *
table_location (const PartitionedTable *table)
{
  if (!table->table->__isset_sd || !table->table->sd->__isset_location)
    return NULL;
  return table->table->sd->location;
}

/* Hadoop's new Path(parent, child) for a relative child: one '/' between. */
static char *
join_location (const char *parent, const char *child)
{
  if (g_str_has_suffix (parent, "/"))
    return g_strconcat (parent, child, NULL);
  return g_strconcat (parent, "/", child, NULL);
}

/* The default partition name Hive uses in filters (metastore.default.partition.name). */
static const char *
default_partition_name (HmsContext *context)
{
  const char *name = hms_conf_get_string (context->conf, HMS_CONF_DEFAULT_PARTITION_NAME);

  return name != NULL && name[0] != '\0' ? name : HMS_PARTITION_DEFAULT_NAME;
}

/* A metastore setting: the connection's setMetaConf value first, then the configuration. */
static gint64
limit_partition_request (HmsContext *context)
{
  const char *connection_value =
    hms_handler_connection_setting (hms_conf_var_name (HMS_CONF_LIMIT_PARTITION_REQUEST));

  if (connection_value != NULL)
    return g_ascii_strtoll (connection_value, NULL, 10);
  return hms_conf_get_int (context->conf, HMS_CONF_LIMIT_PARTITION_REQUEST, NULL);
}

/*
 * HMSHandler.checkLimitNumberOfPartitions: with metastore.limit.partition.request
 * set (> -1), a request for more partitions than it allows fails before
 * anything is read; max_parts < 0 means the number of matching partitions
 * (1 extra round trip, only when a limit is set).
 */
static gboolean
check_partition_limit (HmsContext *context, PGconn *conn, const PartitionedTable *table,
                       const HmsPartitionMatch *match, gint max_parts, GError **error)
{
  gint64 limit = limit_partition_request (context);
  gint64 requested = max_parts;

  if (limit < 0)
    return TRUE;
  if (max_parts < 0)
    {
      requested = hms_store_partition_count (conn, table->ids.table_id, match, error);
      if (requested < 0)
        return FALSE;
    }
  if (requested > limit)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                   "Number of partitions scanned (=%" G_GINT64_FORMAT ") on table '%s' exceeds limit"
                   " (=%" G_GINT64_FORMAT "). This is controlled on the metastore server by %s.",
                   requested, table->name, limit, hms_conf_var_name (HMS_CONF_LIMIT_PARTITION_REQUEST));
      return FALSE;
    }
  return TRUE;
}

/*
 * metastore.partition.name.whitelist.pattern: when set, every value must
 * match it whole (MetaStoreServerUtils.validatePartitionNameCharacters).
 */
static gboolean
validate_value_characters (HmsContext *context, GPtrArray *values, GError **error)
{
  const char *pattern = hms_conf_get (context->conf, "metastore.partition.name.whitelist.pattern");
  g_autoptr (GRegex) regex = NULL;

  if (pattern == NULL)
    pattern = hms_conf_get (context->conf, "hive.metastore.partition.name.whitelist.pattern");
  if (pattern == NULL || pattern[0] == '\0')
    return TRUE;
  regex = g_regex_new (pattern, G_REGEX_ANCHORED, G_REGEX_MATCH_ANCHORED, NULL);
  if (regex == NULL)
    return TRUE;
  for (guint i = 0; i < values->len; i++)
    {
      const char *value = g_ptr_array_index (values, i);
      g_autoptr (GMatchInfo) match = NULL;
      gint end = -1;

      if (g_regex_match (regex, value, 0, &match))
        g_match_info_fetch_pos (match, 0, NULL, &end);
      if (end != (gint) strlen (value))
        {
          g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                       "Partition value '%s' contains a character not matched by whitelist pattern"
                       " '%s'.  (configure with metastore.partition.name.whitelist.pattern)",
                       value, pattern);
          return FALSE;
        }
    }
  return TRUE;
}

/* Replaces a pre-allocated Thrift result with `object` (the processor unrefs what it finds). */
static void
set_result (gpointer *result, gpointer object)
{
  if (*result != NULL)
    g_object_unref (*result);
  *result = object;
}

/* A new array holding a copy of one string. */
static GPtrArray *
one_string (const char *text)
{
  GPtrArray *strings = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (strings, g_strdup (text));
  return strings;
}

static void
append_partitions (GPtrArray *into, GPtrArray *partitions)
{
  for (guint i = 0; i < partitions->len; i++)
    g_ptr_array_add (into, g_object_ref (g_ptr_array_index (partitions, i)));
}

static void
set_string_field (char **field, gboolean *isset, const char *value)
{
  g_free (*field);
  *field = g_strdup (value);
  *isset = value != NULL;
}

/* --- basic statistics parameters, as MetaStoreServerUtils keeps them ------ */

static gboolean
environment_says (const HmsEnvironmentContext *environment, const char *key, const char *value)
{
  const char *found;

  if (environment == NULL || !environment->__isset_properties || environment->properties == NULL)
    return FALSE;
  found = g_hash_table_lookup (environment->properties, key);
  return found != NULL && strcmp (found, value) == 0;
}

/*
 * StatsSetupConst's COLUMN_STATS_ACCURATE: {"BASIC_STATS":"true",
 * "COLUMN_STATS":{"col":"true",...}} with the columns sorted, each part
 * left out when false or empty; text that is not JSON reads as the old
 * "true" (basic statistics accurate) or nothing.
 */
typedef struct
{
  gboolean    basic;
  GHashTable *columns;  /* name -> "true" / "false" */
} StatsAccurate;

static void
stats_accurate_parse (const char *text, StatsAccurate *stats)
{
  g_autoptr (JsonParser) parser = json_parser_new ();

  stats->basic = FALSE;
  stats->columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (text == NULL)
    return;
  if (!json_parser_load_from_data (parser, text, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      stats->basic = g_ascii_strcasecmp (text, "true") == 0;
      return;
    }
  {
    JsonObject *object = json_node_get_object (json_parser_get_root (parser));
    JsonNode *basic = json_object_get_member (object, "BASIC_STATS");
    JsonNode *columns = json_object_get_member (object, "COLUMN_STATS");

    if (basic != NULL && JSON_NODE_HOLDS_VALUE (basic))
      stats->basic = is_true (json_node_get_string (basic));
    if (columns != NULL && JSON_NODE_HOLDS_OBJECT (columns))
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *value;

        json_object_iter_init (&iter, json_node_get_object (columns));
        while (json_object_iter_next (&iter, &name, &value))
          g_hash_table_replace (stats->columns, g_strdup (name),
                                g_strdup (JSON_NODE_HOLDS_VALUE (value)
                                            && is_true (json_node_get_string (value)) ? "true" : "false"));
      }
  }
}

static char *
stats_accurate_text (StatsAccurate *stats)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GList) names = g_hash_table_get_keys (stats->columns);

  json_builder_begin_object (builder);
  if (stats->basic)
    {
      json_builder_set_member_name (builder, "BASIC_STATS");
      json_builder_add_string_value (builder, "true");
    }
  if (names != NULL)
    {
      names = g_list_sort (names, (GCompareFunc) strcmp);
      json_builder_set_member_name (builder, "COLUMN_STATS");
      json_builder_begin_object (builder);
      for (GList *name = names; name != NULL; name = name->next)
        {
          json_builder_set_member_name (builder, name->data);
          json_builder_add_string_value (builder, g_hash_table_lookup (stats->columns, name->data));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/*
 * MetaStoreServerUtils.updateBasicState: basic statistics become accurate
 * when the environment says STATS_GENERATED=TASK, else the flag goes.
 */
static void
update_basic_state (const HmsEnvironmentContext *environment, GHashTable *parameters)
{
  StatsAccurate stats;

  if (!environment_says (environment, "STATS_GENERATED", "TASK"))
    {
      g_hash_table_remove (parameters, COLUMN_STATS_ACCURATE);
      return;
    }
  stats_accurate_parse (g_hash_table_lookup (parameters, COLUMN_STATS_ACCURATE), &stats);
  stats.basic = TRUE;
  g_hash_table_replace (parameters, g_strdup (COLUMN_STATS_ACCURATE), stats_accurate_text (&stats));
  g_hash_table_unref (stats.columns);
}

/* StatsSetupConst.removeColumnStatsState for the columns whose statistics went. */
static void
remove_column_stats_state (GHashTable *parameters, GPtrArray *columns)
{
  StatsAccurate stats;

  stats_accurate_parse (g_hash_table_lookup (parameters, COLUMN_STATS_ACCURATE), &stats);
  for (guint i = 0; i < columns->len; i++)
    g_hash_table_remove (stats.columns, g_ptr_array_index (columns, i));
  g_hash_table_replace (parameters, g_strdup (COLUMN_STATS_ACCURATE), stats_accurate_text (&stats));
  g_hash_table_unref (stats.columns);
}

static const char *const fast_stats[] = { "numFiles", "totalSize", "numFilesErasureCoded" };

static gboolean
contains_all_fast_stats (GHashTable *parameters)
{
  for (guint i = 0; i < G_N_ELEMENTS (fast_stats); i++)
    if (!g_hash_table_contains (parameters, fast_stats[i]))
      return FALSE;
  return TRUE;
}

/* MetaStoreServerUtils.isFastStatsSame (a value that is not a number never matches). */
static gboolean
fast_stats_same (const HmsPartition *old_partition, const HmsPartition *new_partition)
{
  for (guint i = 0; i < G_N_ELEMENTS (fast_stats); i++)
    {
      const char *old_value = g_hash_table_lookup (old_partition->parameters, fast_stats[i]);
      const char *new_value = g_hash_table_lookup (new_partition->parameters, fast_stats[i]);
      gint64 old_number, new_number;

      if (old_value == NULL || new_value == NULL
          || !g_ascii_string_to_signed (old_value, 10, G_MININT64, G_MAXINT64, &old_number, NULL)
          || !g_ascii_string_to_signed (new_value, 10, G_MININT64, G_MAXINT64, &new_number, NULL)
          || old_number != new_number)
        return FALSE;
    }
  return TRUE;
}

/* MetaStoreServerUtils.requireCalStats. */
static gboolean
require_stats_update (const HmsPartition *old_partition, const HmsPartition *new_partition,
                      const PartitionedTable *table, const HmsEnvironmentContext *environment)
{
  if (environment_says (environment, "DO_NOT_UPDATE_STATS", "true") || table_is_view (table))
    return FALSE;
  if (!contains_all_fast_stats (new_partition->parameters))
    return TRUE;
  if (environment_says (environment, "STATS_GENERATED", "TASK")
      || environment_says (environment, "STATS_GENERATED", "USER"))
    return TRUE;
  return !fast_stats_same (old_partition, new_partition);
}

/*
 * What an alter does to the basic statistics parameters (HiveAlterHandler):
 * when they need recomputing, the state flag is updated; the file listing
 * Hive would then do for numFiles and totalSize is the part hms leaves out
 * (transactional tables skip it in Hive too).
 */
static void
apply_alter_stats (const HmsPartition *old_partition, HmsPartition *new_partition,
                   const PartitionedTable *table, const HmsEnvironmentContext *environment,
                   gboolean renaming)
{
  if (!require_stats_update (old_partition, new_partition, table, environment))
    return;
  if (!renaming && fast_stats_same (old_partition, new_partition))
    update_basic_state (environment, new_partition->parameters);
  else if (!table_is_transactional (table))
    update_basic_state (environment, new_partition->parameters);
}

/* Sets transient_lastDdlTime to now when missing (alters: also when "0"). */
static void
stamp_ddl_time (HmsPartition *partition, gint64 now, gboolean also_when_zero)
{
  const char *current = g_hash_table_lookup (partition->parameters, DDL_TIME);

  if (current == NULL || (also_when_zero && g_ascii_strtoll (current, NULL, 10) == 0))
    g_hash_table_replace (partition->parameters, g_strdup (DDL_TIME),
                          g_strdup_printf ("%" G_GINT64_FORMAT, now));
  partition->__isset_parameters = TRUE;
}

/* metastore.partition.inherit.table.properties: table parameters copied to a new partition. */
static void
inherit_table_parameters (HmsContext *context, const PartitionedTable *table, HmsPartition *partition)
{
  const char *setting = hms_conf_get (context->conf, "metastore.partition.inherit.table.properties");
  g_auto (GStrv) keys = NULL;

  if (setting == NULL)
    setting = hms_conf_get (context->conf, "hive.metastore.partition.inherit.table.properties");
  if (setting == NULL)
    return;
  keys = g_strsplit (setting, ",", -1);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_strstrip (keys[i]);
      if (keys[i][0] == '\0')
        continue;
      if (strcmp (keys[i], "*") == 0)
        {
          GHashTableIter iter;
          gpointer key, value;

          g_hash_table_iter_init (&iter, table->table->parameters);
          while (g_hash_table_iter_next (&iter, &key, &value))
            g_hash_table_replace (partition->parameters, g_strdup (key), g_strdup (value));
          continue;
        }
      {
        const char *value = g_hash_table_lookup (table->table->parameters, keys[i]);

        if (value != NULL)
          g_hash_table_replace (partition->parameters, g_strdup (keys[i]), g_strdup (value));
      }
    }
  partition->__isset_parameters = TRUE;
}

/* The CD a new partition uses: its table's when the columns are the same (ObjectStore.convertToMPart). */
static gint64
shared_column_descriptor (const PartitionedTable *table, const HmsPartition *partition)
{
  if (table->ids.column_descriptor_id <= 0 || !table->table->__isset_sd
      || !partition->__isset_sd || partition->sd == NULL)
    return 0;
  return hms_store_sd_columns_equal (table->table->sd->cols, partition->sd->cols)
           ? table->ids.column_descriptor_id : 0;
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* --- adding -------------------------------------------------------------- */

typedef enum
{
  ADD_ONE,    /* add_partition: HMSHandler.add_partition_core */
  ADD_MANY,   /* add_partitions, add_partitions_req: add_partitions_core */
} AddMode;

/*
 * The checks of HMSHandler.validatePartition that need no database: names
 * set and matching the target table, values present; gives the name.
 */
static char *
check_new_partition (const PartitionedTable *table, AddMode mode, HmsPartition *partition,
                     GError **error)
{
  if (mode == ADD_MANY)
    {
      if (!partition->__isset_dbName || !partition->__isset_tableName
          || partition->dbName == NULL || partition->tableName == NULL)
        {
          g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                       "The database and table name must be set in the partition.");
          return NULL;
        }
      if (g_ascii_strcasecmp (partition->tableName, table->name) != 0
          || g_ascii_strcasecmp (partition->dbName, table->database) != 0)
        {
          g_autofree char *described = describe_partition (partition);

          g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                       "Partition does not belong to target table %s.%s.%s. It belongs to the table %s.%s : %s",
                       table->catalog, table->database, table->name, partition->dbName,
                       partition->tableName, described);
          return NULL;
        }
    }
  if (partition->values->len == 0)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED, "The partition values cannot be null or empty.");
      return NULL;
    }
  return make_partition_name (table, partition->values, error);
}

/*
 * HMSHandler.createLocationForAddedPartition, without the directory: an
 * empty location becomes the table's location + "/" + the name, a given
 * one is qualified; a view's partitions (table without location) have
 * none.
 */
static gboolean
place_new_partition (HmsContext *context, const PartitionedTable *table, HmsPartition *partition,
                     const char *name, GError **error)
{
  const char *location;

  if (!partition->__isset_sd || partition->sd == NULL)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                   "partition %s has no storage descriptor", name);
      return FALSE;
    }
  location = partition->sd->__isset_location ? partition->sd->location : NULL;
  if (location == NULL || location[0] == '\0')
    {
      if (table_location (table) == NULL)
        return TRUE;
      g_free (partition->sd->location);
      partition->sd->location = join_location (table_location (table), name);
      partition->sd->__isset_location = TRUE;
      return TRUE;
    }
  if (table_location (table) == NULL)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED, "Cannot specify location for a view partition");
      return FALSE;
    }
  {
    char *qualified = hms_warehouse_qualify (context, location);

    g_free (partition->sd->location);
    partition->sd->location = qualified;
  }
  return TRUE;
}

/*
 * Adds partitions to one table in one transaction, as Hive's
 * add_partition_core (ADD_ONE) and add_partitions_core (ADD_MANY) do:
 * each partition is checked in order (names, values, existence: an
 * existing one fails unless if_not_exists skips it; the same partition
 * twice fails), then placed, timed and stored; nothing is stored unless
 * all pass.  `partitions` are the caller's copies and are completed in
 * place; those added go to `added` (may be NULL).
 * Round trips: 1 (table) + 1 (existing names) + those of
 * hms_store_partition_insert_many, whatever the number of partitions.
 */
static gboolean
add_partitions_generic (HmsContext *context, const char *catalog_argument,
                        const char *database_argument, const char *table_argument,
                        GPtrArray *partitions, AddMode mode, gboolean if_not_exists,
                        GPtrArray *added, GError **error)
{
  g_auto (PartitionedTable) table = { 0 };
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) static_failure = NULL;
  g_autoptr (GPtrArray) existing = NULL;
  g_autoptr (GHashTable) existing_set = NULL;
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) to_add = g_ptr_array_new ();
  g_autoptr (GPtrArray) to_add_names = g_ptr_array_new ();
  g_autofree gint64 *column_descriptor_ids = NULL;
  guint checked;
  gint64 now = now_seconds ();

  if (!resolve_table (context, catalog_argument, database_argument, table_argument, &table, error))
    return FALSE;
  LEASE_OR_FAIL (lease, context, error);
  if (!hms_db_begin (lease->conn, error))
    return FALSE;
  if (!load_table (lease->conn, &table, HMS_TABLE_LOCK_SHARE, HMS_ERROR_INVALID_OBJECT,
                   mode == ADD_ONE ? "Unable to add partition because table or database do not exist"
                                   : "Unable to add partitions because %s does not exist",
                   error))
    return FALSE;

  /* The checks that need no query, in order, up to the first failure. */
  for (checked = 0; checked < partitions->len; checked++)
    {
      HmsPartition *partition = g_ptr_array_index (partitions, checked);
      char *name = NULL;

      if (validate_value_characters (context, partition->values, &static_failure))
        name = check_new_partition (&table, mode, partition, &static_failure);
      if (name == NULL)
        break;
      g_ptr_array_add (names, name);
    }

  /* Which of the names exist already: one query for all of them. */
  {
    HmsPartitionMatch match = { .kind = HMS_PARTITION_MATCH_NAMES, .names = names };

    existing = names->len > 0
                 ? hms_store_partition_names (lease->conn, table.ids.table_id, &match, -1, error)
                 : g_ptr_array_new ();
    if (existing == NULL)
      return FALSE;
  }
  existing_set = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < existing->len; i++)
    g_hash_table_add (existing_set, g_ptr_array_index (existing, i));

  for (guint i = 0; i < checked; i++)
    {
      HmsPartition *partition = g_ptr_array_index (partitions, i);
      const char *name = g_ptr_array_index (names, i);

      if (g_hash_table_contains (existing_set, name))
        {
          g_autofree char *described = NULL;

          if (if_not_exists)
            continue;
          described = describe_partition (partition);
          g_set_error (error, HMS_ERROR, HMS_ERROR_ALREADY_EXISTS, "Partition already exists: %s",
                       described);
          return FALSE;
        }
      if (!g_hash_table_add (seen, (gpointer) name))
        {
          g_autofree char *described = describe_partition (partition);

          g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED, "Duplicate partitions in the list: %s",
                       described);
          return FALSE;
        }
      g_ptr_array_add (to_add, partition);
      g_ptr_array_add (to_add_names, (gpointer) name);
    }
  if (static_failure != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&static_failure));
      return FALSE;
    }

  column_descriptor_ids = g_new0 (gint64, to_add->len + 1);
  for (guint i = 0; i < to_add->len; i++)
    {
      HmsPartition *partition = g_ptr_array_index (to_add, i);
      const char *name = g_ptr_array_index (to_add_names, i);

      /* add_partitions_core inherits table parameters first, add_partition_core last. */
      if (mode == ADD_MANY)
        inherit_table_parameters (context, &table, partition);
      if (!place_new_partition (context, &table, partition, name, error))
        return FALSE;
      partition->createTime = (gint32) now;
      partition->__isset_createTime = TRUE;
      stamp_ddl_time (partition, now, FALSE);
      if (mode == ADD_ONE)
        inherit_table_parameters (context, &table, partition);
      if (!partition->__isset_catName || partition->catName == NULL)
        set_string_field (&partition->catName, &partition->__isset_catName, table.catalog);
      /* Replication's column statistics in a partition are not kept with it. */
      partition->__isset_colStats = FALSE;
      column_descriptor_ids[i] = shared_column_descriptor (&table, partition);
    }

  if (!hms_store_partition_insert_many (lease->conn, table.ids.table_id,
                                        (HmsPartition *const *) to_add->pdata,
                                        (const char *const *) to_add_names->pdata, to_add->len,
                                        column_descriptor_ids, error)
      || !hms_db_commit (lease->conn, error))
    return FALSE;
  if (added != NULL)
    for (guint i = 0; i < to_add->len; i++)
      g_ptr_array_add (added, g_object_ref (g_ptr_array_index (to_add, i)));
  return TRUE;
}

static gboolean
add_partition_with_environment_context (HmsThriftHiveMetastoreIf *iface, HmsPartition **result,
                                        const HmsPartition *new_part,
                                        const HmsEnvironmentContext *environment_context,
                                        HmsInvalidObjectException **o1, HmsAlreadyExistsException **o2,
                                        HmsMetaException **o3, GError **error)
{
  g_autoptr (GError) failure = NULL;
  g_autoptr (GPtrArray) partitions = g_ptr_array_new_with_free_func (g_object_unref);
  HmsPartition *copy = hms_struct_copy (new_part);

  g_ptr_array_add (partitions, copy);
  if (!add_partitions_generic (hms_handler_context (iface),
                               copy->__isset_catName ? copy->catName : NULL,
                               copy->__isset_dbName ? copy->dbName : NULL,
                               copy->__isset_tableName ? copy->tableName : NULL,
                               partitions, ADD_ONE, FALSE, NULL, &failure))
    return hms_handler_raise ("add_partition", failure, error,
                              HMS_TYPE_INVALID_OBJECT_EXCEPTION, o1,
                              HMS_TYPE_ALREADY_EXISTS_EXCEPTION, o2,
                              HMS_TYPE_META_EXCEPTION, o3, G_TYPE_INVALID);
  set_result ((gpointer *) result, g_object_ref (copy));
  return TRUE;
}

static gboolean
add_partition (HmsThriftHiveMetastoreIf *iface, HmsPartition **result, const HmsPartition *new_part,
               HmsInvalidObjectException **o1, HmsAlreadyExistsException **o2,
               HmsMetaException **o3, GError **error)
{
  return add_partition_with_environment_context (iface, result, new_part, NULL, o1, o2, o3, error);
}

/* Deep copies of the partitions of a request, for the method to complete. */
static GPtrArray *
copy_partitions (const GPtrArray *partitions)
{
  GPtrArray *copies = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; partitions != NULL && i < partitions->len; i++)
    g_ptr_array_add (copies, hms_struct_copy (g_ptr_array_index (partitions, i)));
  return copies;
}

static gboolean
add_partitions (HmsThriftHiveMetastoreIf *iface, gint32 *result, const GPtrArray *new_parts,
                HmsInvalidObjectException **o1, HmsAlreadyExistsException **o2,
                HmsMetaException **o3, GError **error)
{
  g_autoptr (GError) failure = NULL;
  g_autoptr (GPtrArray) partitions = copy_partitions (new_parts);
  g_autoptr (GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  HmsPartition *first;

  *result = 0;
  if (partitions->len == 0)
    return TRUE;
  /* The old API takes the table from the first partition. */
  first = g_ptr_array_index (partitions, 0);
  if (!add_partitions_generic (hms_handler_context (iface),
                               first->__isset_catName ? first->catName : NULL,
                               first->dbName, first->tableName, partitions, ADD_MANY, FALSE,
                               added, &failure))
    return hms_handler_raise ("add_partitions", failure, error,
                              HMS_TYPE_INVALID_OBJECT_EXCEPTION, o1,
                              HMS_TYPE_ALREADY_EXISTS_EXCEPTION, o2,
                              HMS_TYPE_META_EXCEPTION, o3, G_TYPE_INVALID);
  *result = (gint32) added->len;
  return TRUE;
}

static gboolean
add_partitions_req (HmsThriftHiveMetastoreIf *iface, HmsAddPartitionsResult **result,
                    const HmsAddPartitionsRequest *request, HmsInvalidObjectException **o1,
                    HmsAlreadyExistsException **o2, HmsMetaException **o3, GError **error)
{
  HmsContext *context = hms_handler_context (iface);
  g_autoptr (GError) failure = NULL;
  g_autoptr (GPtrArray) partitions = copy_partitions (request->parts);
  g_autoptr (GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  const char *catalog = request->__isset_catName && request->catName != NULL
                          ? request->catName : context->default_catalog;

  if (partitions->len == 0)
    return TRUE;
  /* Every partition gets the catalog, as Hive sets it before adding. */
  for (guint i = 0; i < partitions->len; i++)
    {
      HmsPartition *partition = g_ptr_array_index (partitions, i);

      if (!partition->__isset_catName || partition->catName == NULL)
        set_string_field (&partition->catName, &partition->__isset_catName, catalog);
    }
  if (!add_partitions_generic (context, catalog, request->dbName, request->tblName, partitions,
                               ADD_MANY, request->ifNotExists, added, &failure))
    return hms_handler_raise ("add_partitions_req", failure, error,
                              HMS_TYPE_INVALID_OBJECT_EXCEPTION, o1,
                              HMS_TYPE_ALREADY_EXISTS_EXCEPTION, o2,
                              HMS_TYPE_META_EXCEPTION, o3, G_TYPE_INVALID);
  if (!request->__isset_needResult || request->needResult)
    {
      append_partitions ((*result)->partitions, added);
      (*result)->__isset_partitions = TRUE;
    }
  return TRUE;
}

/*
 * HMSHandler.append_partition_common: a partition from values alone, with
 * a copy of the table's storage descriptor at the table's location +
 * "/" + name, created now, parameters {transient_lastDdlTime: now}.  By
 * name (`name` not NULL), the values come from the name as
 * getPartValsFromName reads it.  Round trips: 1 (table) + 1 (existence)
 * + the insert's.
 */
static gboolean
append_partition_generic (HmsContext *context, const char *catalog_argument,
                          const char *database_argument, const char *table_argument,
                          const GPtrArray *values_argument, const char *name_argument,
                          HmsPartition **result, GError **error)
{
  g_auto (PartitionedTable) table = { 0 };
  g_autoptr (GPtrArray) values = NULL;
  g_autoptr (HmsPartition) partition = NULL;
  g_autofree char *name = NULL;
  g_autoptr (GPtrArray) existing = NULL;
  gint64 column_descriptor_id;
  gint64 now = now_seconds ();

  if (name_argument == NULL && (values_argument == NULL || values_argument->len == 0))
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED, "The partition values must not be null or empty.");
      return FALSE;
    }
  if (!resolve_table (context, catalog_argument, database_argument, table_argument, &table, error))
    return FALSE;
  LEASE_OR_FAIL (lease, context, error);
  if (!hms_db_begin (lease->conn, error))
    return FALSE;
  if (name_argument != NULL)
    {
      g_autofree const char **keys = NULL;
      g_autofree char *missing = g_strdup_printf ("%s.%s table not found", table.database, table.name);

      if (!load_table (lease->conn, &table, HMS_TABLE_LOCK_SHARE, HMS_ERROR_INVALID_OBJECT, missing, error))
        return FALSE;
      keys = key_names (&table);
      values = hms_partition_name_values_for_keys (name_argument, keys, key_count (&table), error);
      if (values == NULL)
        return FALSE;
    }
  else
    {
      values = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < values_argument->len; i++)
        g_ptr_array_add (values, g_strdup (g_ptr_array_index (values_argument, i)));
      if (!validate_value_characters (context, values, error)
          || !load_table (lease->conn, &table, HMS_TABLE_LOCK_SHARE, HMS_ERROR_INVALID_OBJECT,
                          "Unable to add partition because table or database do not exist", error))
        return FALSE;
    }
  if (table_location (&table) == NULL)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED, "Cannot append a partition to a view");
      return FALSE;
    }
  name = make_partition_name (&table, values, error);
  if (name == NULL)
    return FALSE;

  partition = g_object_new (HMS_TYPE_PARTITION, NULL);
  set_string_field (&partition->catName, &partition->__isset_catName, table.catalog);
  set_string_field (&partition->dbName, &partition->__isset_dbName, table.database);
  set_string_field (&partition->tableName, &partition->__isset_tableName, table.name);
  for (guint i = 0; i < values->len; i++)
    g_ptr_array_add (partition->values, g_strdup (g_ptr_array_index (values, i)));
  partition->__isset_values = TRUE;
  g_object_unref (partition->sd);
  partition->sd = hms_struct_copy (table.table->sd);
  partition->__isset_sd = TRUE;
  g_free (partition->sd->location);
  partition->sd->location = join_location (table_location (&table), name);

  {
    g_autoptr (GPtrArray) one = one_string (name);
    HmsPartitionMatch match = { .kind = HMS_PARTITION_MATCH_NAMES, .names = one };

    existing = hms_store_partition_names (lease->conn, table.ids.table_id, &match, -1, error);
    if (existing == NULL)
      return FALSE;
  }
  if (existing->len > 0)
    {
      g_autofree char *described = describe_partition (partition);

      g_set_error (error, HMS_ERROR, HMS_ERROR_ALREADY_EXISTS, "Partition already exists:%s", described);
      return FALSE;
    }
  partition->createTime = (gint32) now;
  partition->__isset_createTime = TRUE;
  g_hash_table_replace (partition->parameters, g_strdup (DDL_TIME),
                        g_strdup_printf ("%" G_GINT64_FORMAT, now));
  partition->__isset_parameters = TRUE;

  column_descriptor_id = shared_column_descriptor (&table, partition);
  if (!hms_store_partition_insert_many (lease->conn, table.ids.table_id, &partition,
                                        (const char *const *) &name, 1, &column_descriptor_id, error)
      || !hms_db_commit (lease->conn, error))
    return FALSE;
  set_result ((gpointer *) result, g_steal_pointer (&partition));
  return TRUE;
}

#define RAISE_APPEND(method)                                                  \
  hms_handler_raise (method, failure, error,                                  \
                     HMS_TYPE_INVALID_OBJECT_EXCEPTION, o1,                   \
                     HMS_TYPE_ALREADY_EXISTS_EXCEPTION, o2,                   \
                     HMS_TYPE_META_EXCEPTION, o3, G_TYPE_INVALID)

static gboolean
append_partition_with_environment_context (HmsThriftHiveMetastoreIf *iface, HmsPartition **result,
                                           const gchar *db_name, const gchar *tbl_name,
                                           const GPtrArray *part_vals,
                                           const HmsEnvironmentContext *environment_context,
                                           HmsInvalidObjectException **o1,
                                           HmsAlreadyExistsException **o2, HmsMetaException **o3,
                                           GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!append_partition_generic (hms_handler_context (iface), NULL, db_name, tbl_name, part_vals,
                                 NULL, result, &failure))
    return RAISE_APPEND ("append_partition");
  return TRUE;
}

static gboolean
append_partition (HmsThriftHiveMetastoreIf *iface, HmsPartition **result, const gchar *db_name,
                  const gchar *tbl_name, const GPtrArray *part_vals, HmsInvalidObjectException **o1,
                  HmsAlreadyExistsException **o2, HmsMetaException **o3, GError **error)
{
  return append_partition_with_environment_context (iface, result, db_name, tbl_name, part_vals,
                                                    NULL, o1, o2, o3, error);
}

static gboolean
append_partition_by_name_with_environment_context (HmsThriftHiveMetastoreIf *iface,
                                                   HmsPartition **result, const gchar *db_name,
                                                   const gchar *tbl_name, const gchar *part_name,
                                                   const HmsEnvironmentContext *environment_context,
                                                   HmsInvalidObjectException **o1,
                                                   HmsAlreadyExistsException **o2,
                                                   HmsMetaException **o3, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!append_partition_generic (hms_handler_context (iface), NULL, db_name, tbl_name, NULL,
                                 part_name ? part_name : "", result, &failure))
    return RAISE_APPEND ("append_partition_by_name");
  return TRUE;
}

static gboolean
append_partition_by_name (HmsThriftHiveMetastoreIf *iface, HmsPartition **result,
                          const gchar *db_name, const gchar *tbl_name, const gchar *part_name,
                          HmsInvalidObjectException **o1, HmsAlreadyExistsException **o2,
                          HmsMetaException **o3, GError **error)
{
  return append_partition_by_name_with_environment_context (iface, result, db_name, tbl_name,
                                                            part_name, NULL, o1, o2, o3, error);
}

static gboolean
append_partition_req (HmsThriftHiveMetastoreIf *iface, HmsPartition **result,
                      const HmsAppendPartitionsRequest *request, HmsInvalidObjectException **o1,
                      HmsAlreadyExistsException **o2, HmsMetaException **o3, GError **error)
{
  g_autoptr (GError) failure = NULL;
  gboolean by_name = request->__isset_name && request->name != NULL;

  if (!append_partition_generic (hms_handler_context (iface),
                                 request->__isset_catalogName ? request->catalogName : NULL,
                                 request->dbName, request->tableName,
                                 by_name || !request->__isset_partVals ? NULL : request->partVals,
                                 by_name ? request->name : NULL, result, &failure))
    return RAISE_APPEND ("append_partition_req");
  return TRUE;
}

/* --- reading ------------------------------------------------------------- */

/*
 * Where a listing goes: appended to `into` (partition objects, or names as
 * strings) for the installed methods, or written to `reply` as it is read
 * for a streamed one.
 */
typedef struct
{
  GPtrArray      *into;
  HmsReplyStream *reply;
} ListingTarget;

#define INTO(array)    (&(ListingTarget) { .into = (array) })
#define STREAM(stream) (&(ListingTarget) { .reply = (stream) })


/*
 * Partitions (or, with `names_only`, names) of a table: `match` says
 * which, at most `max_parts` (< 0: all).  `limited` applies Hive's
 * metastore.limit.partition.request check first.
 * Round trips: 1 (table) + 1 for names or 2 for partitions (+1 for the
 * limit check when a limit is configured and max_parts < 0); streamed into
 * a reply, those of hms_store_partition_stream or _names_stream instead of
 * the 1 or 2.
 */
static gboolean
list_partitions_generic (HmsContext *context, const char *catalog_argument,
                         const char *database_argument, const char *table_argument,
                         HmsPartitionMatch *match, const char *filter_text, gint max_parts,
                         gboolean names_only, gboolean limited, const ListingTarget *target,
                         GError **error)
{
  g_auto (PartitionedTable) table = { 0 };
  g_autoptr (HmsPartitionFilter) filter = NULL;
  g_auto (HmsPartitionFilterSql) filter_sql = { 0 };
  g_autoptr (GPtrArray) found = NULL;
  g_autofree const char **keys = NULL;

  if (!resolve_table (context, catalog_argument, database_argument, table_argument, &table, error))
    return FALSE;
  if (match->kind == HMS_PARTITION_MATCH_FILTER)
    {
      filter = hms_partition_filter_parse (filter_text, error);
      if (filter == NULL)
        return FALSE;
    }
  LEASE_OR_FAIL (lease, context, error);
  if (!load_table (lease->conn, &table, HMS_TABLE_LOCK_NONE, 0, NULL, error))
    return FALSE;
  if (match->kind == HMS_PARTITION_MATCH_VALUES && match->values->len > key_count (&table))
    {
      g_autofree char *given = values_text (match->values);

      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                   "Incorrect number of partition values. numPartKeys=%u, part_val=%s",
                   key_count (&table), given);
      return FALSE;
    }
  if (match->kind == HMS_PARTITION_MATCH_VALUES)
    {
      /* Lets the store narrow by name before it checks the values. */
      keys = key_names (&table);
      match->keys = keys;
    }
  if (filter != NULL)
    {
      g_autofree HmsPartitionKey *keys = g_new0 (HmsPartitionKey, key_count (&table) + 1);

      for (guint i = 0; i < key_count (&table); i++)
        {
          HmsFieldSchema *key = g_ptr_array_index (table.table->partitionKeys, i);

          keys[i].name = key_name (&table, i);
          keys[i].type = key->type;
        }
      if (!hms_partition_filter_to_sql (filter, keys, key_count (&table), default_partition_name (context),
                                        HMS_STORE_PARTITION_FILTER_FIRST_PARAMETER, &filter_sql, error))
        return FALSE;
      match->filter = &filter_sql;
    }
  if (limited && !check_partition_limit (context, lease->conn, &table, match, max_parts, error))
    return FALSE;
  if (target->reply != NULL && names_only)
    return hms_store_partition_names_stream (lease->conn, table.ids.table_id, match, max_parts,
                                             &hms_reply_stream_sink, target->reply, error);
  if (target->reply != NULL)
    return hms_store_partition_stream (lease->conn, table.ids.table_id, match, max_parts,
                                       table.catalog, table.database, table.name,
                                       &hms_reply_stream_sink, target->reply, error);
  if (names_only)
    found = hms_store_partition_names (lease->conn, table.ids.table_id, match, max_parts, error);
  else
    found = hms_store_partition_get_many (lease->conn, table.ids.table_id, match, max_parts,
                                          table.catalog, table.database, table.name, FALSE, NULL, error);
  if (found == NULL)
    return FALSE;
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (target->into, names_only ? g_strdup (g_ptr_array_index (found, i))
                                              : g_object_ref (g_ptr_array_index (found, i)));
  return TRUE;
}

/*
 * One partition by its values (or, with `by_name`, by its name, as
 * get_partition_by_name reads it).  Round trips: 3.
 */
static gboolean
get_partition_generic (HmsContext *context, const char *catalog_argument,
                       const char *database_argument, const char *table_argument,
                       const GPtrArray *values_argument, const char *name_argument,
                       HmsPartition **result, GError **error)
{
  g_auto (PartitionedTable) table = { 0 };
  g_autoptr (GPtrArray) values = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autofree char *name = NULL;

  if (!resolve_table (context, catalog_argument, database_argument, table_argument, &table, error))
    return FALSE;
  LEASE_OR_FAIL (lease, context, error);
  if (!load_table (lease->conn, &table, HMS_TABLE_LOCK_NONE, 0, NULL, error))
    return FALSE;
  if (name_argument != NULL)
    {
      g_autofree const char **keys = key_names (&table);
      g_autoptr (GError) local = NULL;

      values = hms_partition_name_values_for_keys (name_argument, keys, key_count (&table), &local);
      if (values == NULL)
        {
          /* get_partition_by_name answers an incomplete name as not found. */
          g_set_error_literal (error, HMS_ERROR, HMS_ERROR_NO_SUCH_OBJECT, local->message);
          return FALSE;
        }
    }
  else
    {
      values = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < values_argument->len; i++)
        g_ptr_array_add (values, g_strdup (g_ptr_array_index (values_argument, i)));
    }
  name = make_partition_name (&table, values, error);
  if (name == NULL)
    return FALSE;
  {
    g_autoptr (GPtrArray) one = one_string (name);
    HmsPartitionMatch match = { .kind = HMS_PARTITION_MATCH_NAMES, .names = one };

    found = hms_store_partition_get_many (lease->conn, table.ids.table_id, &match, -1,
                                          table.catalog, table.database, table.name, FALSE, NULL, error);
    if (found == NULL)
      return FALSE;
  }
  if (found->len == 0)
    {
      g_autofree char *given = values_text (values);

      if (name_argument != NULL)
        g_set_error (error, HMS_ERROR, HMS_ERROR_NO_SUCH_OBJECT, "%s.%s.%s partition (%s) not found",
                     table.catalog, table.database, table.name, name_argument);
      else
        g_set_error (error, HMS_ERROR, HMS_ERROR_NO_SUCH_OBJECT, "partition values=%s", given);
      return FALSE;
    }
  set_result ((gpointer *) result, g_object_ref (g_ptr_array_index (found, 0)));
  return TRUE;
}

#define RAISE_META_NO_SUCH(method)                                            \
  hms_handler_raise (method, failure, error,                                  \
                     HMS_TYPE_META_EXCEPTION, o1,                             \
                     HMS_TYPE_NO_SUCH_OBJECT_EXCEPTION, o2, G_TYPE_INVALID)
#define RAISE_NO_SUCH_META(method)                                            \
  hms_handler_raise (method, failure, error,                                  \
                     HMS_TYPE_NO_SUCH_OBJECT_EXCEPTION, o1,                   \
                     HMS_TYPE_META_EXCEPTION, o2, G_TYPE_INVALID)

static gboolean
get_partition (HmsThriftHiveMetastoreIf *iface, HmsPartition **result, const gchar *db_name,
               const gchar *tbl_name, const GPtrArray *part_vals, HmsMetaException **o1,
               HmsNoSuchObjectException **o2, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!get_partition_generic (hms_handler_context (iface), NULL, db_name, tbl_name, part_vals,
                              NULL, result, &failure))
    return RAISE_META_NO_SUCH ("get_partition");
  return TRUE;
}

static gboolean
get_partition_req (HmsThriftHiveMetastoreIf *iface, HmsGetPartitionResponse **result,
                   const HmsGetPartitionRequest *request, HmsMetaException **o1,
                   HmsNoSuchObjectException **o2, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!get_partition_generic (hms_handler_context (iface),
                              request->__isset_catName ? request->catName : NULL,
                              request->dbName, request->tblName, request->partVals, NULL,
                              &(*result)->partition, &failure))
    return RAISE_META_NO_SUCH ("get_partition_req");
  return TRUE;
}

static gboolean
get_partition_with_auth (HmsThriftHiveMetastoreIf *iface, HmsPartition **result,
                         const gchar *db_name, const gchar *tbl_name, const GPtrArray *part_vals,
                         const gchar *user_name, const GPtrArray *group_names,
                         HmsMetaException **o1, HmsNoSuchObjectException **o2, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!get_partition_generic (hms_handler_context (iface), NULL, db_name, tbl_name, part_vals,
                              NULL, result, &failure))
    return RAISE_META_NO_SUCH ("get_partition_with_auth");
  return TRUE;
}

static gboolean
get_partition_by_name (HmsThriftHiveMetastoreIf *iface, HmsPartition **result,
                       const gchar *db_name, const gchar *tbl_name, const gchar *part_name,
                       HmsMetaException **o1, HmsNoSuchObjectException **o2, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!get_partition_generic (hms_handler_context (iface), NULL, db_name, tbl_name, NULL,
                              part_name ? part_name : "", result, &failure))
    return RAISE_META_NO_SUCH ("get_partition_by_name");
  return TRUE;
}

static gboolean
get_partitions (HmsThriftHiveMetastoreIf *iface, GPtrArray **result, const gchar *db_name,
                const gchar *tbl_name, const gint16 max_parts, HmsNoSuchObjectException **o1,
                HmsMetaException **o2, GError **error)
{
  g_autoptr (GError) failure = NULL;
  HmsPartitionMatch match = { .kind = HMS_PARTITION_MATCH_ALL };

  if (!list_partitions_generic (hms_handler_context (iface), NULL, db_name, tbl_name, &match, NULL,
                                max_parts, FALSE, TRUE, INTO (*result), &failure))
    return RAISE_NO_SUCH_META ("get_partitions");
  return TRUE;
}

/*
 * A PartitionsRequest's partitions (get_partitions_req) or, with
 * `names_only`, names (fetch_partition_names_req).
 */
static gboolean
list_requested_partitions (HmsContext *context, const HmsPartitionsRequest *request,
                           gboolean names_only, const ListingTarget *target, GError **failure)
{
  HmsPartitionMatch match = { .kind = HMS_PARTITION_MATCH_ALL };

  return list_partitions_generic (context, request->__isset_catName ? request->catName : NULL,
                                  request->dbName, request->tblName, &match, NULL,
                                  request->maxParts, names_only, !names_only, target, failure);
}

static gboolean
get_partitions_req (HmsThriftHiveMetastoreIf *iface, HmsPartitionsResponse **result,
                    const HmsPartitionsRequest *request, HmsNoSuchObjectException **o1,
                    HmsMetaException **o2, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!list_requested_partitions (hms_handler_context (iface), request, FALSE,
                                  INTO ((*result)->partitions), &failure))
    return RAISE_NO_SUCH_META ("get_partitions_req");
  return TRUE;
}

static gboolean
get_partitions_with_auth (HmsThriftHiveMetastoreIf *iface, GPtrArray **result,
                          const gchar *db_name, const gchar *tbl_name, const gint16 max_parts,
                          const gchar *user_name, const GPtrArray *group_names,
                          HmsNoSuchObjectException **o1, HmsMetaException **o2, GError **error)
{
  return get_partitions (iface, result, db_name, tbl_name, max_parts, o1, o2, error);
}

static gboolean
get_partition_names (HmsThriftHiveMetastoreIf *iface, GPtrArray **result, const gchar *db_name,
                     const gchar *tbl_name, const gint16 max_parts, HmsNoSuchObjectException **o1,
                     HmsMetaException **o2, GError **error)
{
  g_autoptr (GError) failure = NULL;
  HmsPartitionMatch match = { .kind = HMS_PARTITION_MATCH_ALL };

  if (!list_partitions_generic (hms_handler_context (iface), NULL, db_name, tbl_name, &match, NULL,
                                max_parts, TRUE, FALSE, INTO (*result), &failure))
    return RAISE_NO_SUCH_META ("get_partition_names");
  return TRUE;
}

static gboolean
fetch_partition_names_req (HmsThriftHiveMetastoreIf *iface, GPtrArray **result,
                           const HmsPartitionsRequest *request, HmsNoSuchObjectException **o1,
                           HmsMetaException **o2, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!list_requested_partitions (hms_handler_context (iface), request, TRUE, INTO (*result), &failure))
    return RAISE_NO_SUCH_META ("fetch_partition_names_req");
  return TRUE;
}

/* A partial specification: "" (and missing trailing values) match anything. */
static gboolean
list_partitions_by_values (HmsContext *context, const char *catalog, const char *db_name,
                           const char *tbl_name, const GPtrArray *part_vals, gint max_parts,
                           gboolean names_only, const ListingTarget *target, GError **failure)
{
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  HmsPartitionMatch match = { .kind = HMS_PARTITION_MATCH_VALUES, .values = values };

  for (guint i = 0; part_vals != NULL && i < part_vals->len; i++)
    g_ptr_array_add (values, g_strdup (g_ptr_array_index (part_vals, i)));
  return list_partitions_generic (context, catalog, db_name, tbl_name, &match,
                                  NULL, max_parts, names_only, !names_only, target, failure);
}

static gboolean
get_partitions_ps (HmsThriftHiveMetastoreIf *iface, GPtrArray **result, const gchar *db_name,
                   const gchar *tbl_name, const GPtrArray *part_vals, const gint16 max_parts,
                   HmsMetaException **o1, HmsNoSuchObjectException **o2, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!list_partitions_by_values (hms_handler_context (iface), NULL, db_name, tbl_name, part_vals,
                                  max_parts, FALSE, INTO (*result), &failure))
    return RAISE_META_NO_SUCH ("get_partitions_ps");
  return TRUE;
}

static gboolean
get_partitions_ps_with_auth (HmsThriftHiveMetastoreIf *iface, GPtrArray **result,
                             const gchar *db_name, const gchar *tbl_name,
                             const GPtrArray *part_vals, const gint16 max_parts,
                             const gchar *user_name, const GPtrArray *group_names,
                             HmsNoSuchObjectException **o1, HmsMetaException **o2, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!list_partitions_by_values (hms_handler_context (iface), NULL, db_name, tbl_name,
                                  part_vals, max_parts, FALSE, INTO (*result), &failure))
    return RAISE_NO_SUCH_META ("get_partitions_ps_with_auth");
  return TRUE;
}

static gboolean
get_partitions_by_names_generic (HmsContext *context, const char *catalog, const char *db_name,
                                 const char *tbl_name, const GPtrArray *names_argument,
                                 const ListingTarget *target, GError **error);

/* Hive 4 serves partNames, when given, as get_partitions_by_names. */
static gboolean
list_partitions_ps_request (HmsContext *context, const HmsGetPartitionsPsWithAuthRequest *request,
                            const ListingTarget *target, GError **failure)
{
  const char *catalog = request->__isset_catName ? request->catName : NULL;

  if (request->__isset_partNames)
    return get_partitions_by_names_generic (context, catalog, request->dbName, request->tblName,
                                            request->partNames, target, failure);
  return list_partitions_by_values (context, catalog, request->dbName, request->tblName,
                                    request->__isset_partVals ? request->partVals : NULL,
                                    request->maxParts, FALSE, target, failure);
}

static gboolean
get_partitions_ps_with_auth_req (HmsThriftHiveMetastoreIf *iface,
                                 HmsGetPartitionsPsWithAuthResponse **result,
                                 const HmsGetPartitionsPsWithAuthRequest *request,
                                 HmsMetaException **o1, HmsNoSuchObjectException **o2,
                                 GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!list_partitions_ps_request (hms_handler_context (iface), request,
                                   INTO ((*result)->partitions), &failure))
    return RAISE_META_NO_SUCH ("get_partitions_ps_with_auth_req");
  return TRUE;
}

static gboolean
get_partition_names_ps (HmsThriftHiveMetastoreIf *iface, GPtrArray **result, const gchar *db_name,
                        const gchar *tbl_name, const GPtrArray *part_vals, const gint16 max_parts,
                        HmsMetaException **o1, HmsNoSuchObjectException **o2, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!list_partitions_by_values (hms_handler_context (iface), NULL, db_name, tbl_name,
                                  part_vals, max_parts, TRUE, INTO (*result), &failure))
    return RAISE_META_NO_SUCH ("get_partition_names_ps");
  return TRUE;
}

static gboolean
list_partition_names_ps_request (HmsContext *context, const HmsGetPartitionNamesPsRequest *request,
                                 const ListingTarget *target, GError **failure)
{
  return list_partitions_by_values (context, request->__isset_catName ? request->catName : NULL,
                                    request->dbName, request->tblName,
                                    request->__isset_partValues ? request->partValues : NULL,
                                    request->maxParts, TRUE, target, failure);
}

static gboolean
get_partition_names_ps_req (HmsThriftHiveMetastoreIf *iface, HmsGetPartitionNamesPsResponse **result,
                            const HmsGetPartitionNamesPsRequest *request, HmsMetaException **o1,
                            HmsNoSuchObjectException **o2, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!list_partition_names_ps_request (hms_handler_context (iface), request,
                                        INTO ((*result)->names), &failure))
    return RAISE_META_NO_SUCH ("get_partition_names_ps_req");
  return TRUE;
}

static gboolean
get_partitions_by_filter (HmsThriftHiveMetastoreIf *iface, GPtrArray **result, const gchar *db_name,
                          const gchar *tbl_name, const gchar *filter, const gint16 max_parts,
                          HmsMetaException **o1, HmsNoSuchObjectException **o2, GError **error)
{
  g_autoptr (GError) failure = NULL;
  HmsPartitionMatch match = { .kind = HMS_PARTITION_MATCH_FILTER };

  if (!list_partitions_generic (hms_handler_context (iface), NULL, db_name, tbl_name, &match, filter,
                                max_parts, FALSE, TRUE, INTO (*result), &failure))
    return RAISE_META_NO_SUCH ("get_partitions_by_filter");
  return TRUE;
}

static gboolean
list_partitions_filter_request (HmsContext *context, const HmsGetPartitionsByFilterRequest *request,
                                const ListingTarget *target, GError **failure)
{
  HmsPartitionMatch match = { .kind = HMS_PARTITION_MATCH_FILTER };

  return list_partitions_generic (context, request->__isset_catName ? request->catName : NULL,
                                  request->dbName, request->tblName, &match, request->filter,
                                  request->maxParts, FALSE, TRUE, target, failure);
}

static gboolean
get_partitions_by_filter_req (HmsThriftHiveMetastoreIf *iface, GPtrArray **result,
                              const HmsGetPartitionsByFilterRequest *request, HmsMetaException **o1,
                              HmsNoSuchObjectException **o2, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!list_partitions_filter_request (hms_handler_context (iface), request, INTO (*result), &failure))
    return RAISE_META_NO_SUCH ("get_partitions_by_filter_req");
  return TRUE;
}

/* Counting by filter.  Round trips: 2. */
static gboolean
count_partitions_generic (HmsContext *context, const char *db_name, const char *tbl_name,
                          const char *filter_text, gint32 *result, GError **error)
{
  g_auto (PartitionedTable) table = { 0 };
  g_autoptr (HmsPartitionFilter) filter = NULL;
  g_auto (HmsPartitionFilterSql) filter_sql = { 0 };
  g_autofree HmsPartitionKey *keys = NULL;
  HmsPartitionMatch match = { .kind = HMS_PARTITION_MATCH_FILTER, .filter = &filter_sql };
  gint64 count;

  if (db_name == NULL || tbl_name == NULL)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED, "The DB and table name cannot be null.");
      return FALSE;
    }
  if (!resolve_table (context, NULL, db_name, tbl_name, &table, error))
    return FALSE;
  filter = hms_partition_filter_parse (filter_text, error);
  if (filter == NULL)
    return FALSE;
  LEASE_OR_FAIL (lease, context, error);
  if (!load_table (lease->conn, &table, HMS_TABLE_LOCK_NONE, 0, NULL, error))
    return FALSE;
  keys = g_new0 (HmsPartitionKey, key_count (&table) + 1);
  for (guint i = 0; i < key_count (&table); i++)
    {
      keys[i].name = key_name (&table, i);
      keys[i].type = ((HmsFieldSchema *) g_ptr_array_index (table.table->partitionKeys, i))->type;
    }
  if (!hms_partition_filter_to_sql (filter, keys, key_count (&table), default_partition_name (context),
                                    HMS_STORE_PARTITION_FILTER_FIRST_PARAMETER, &filter_sql, error))
    return FALSE;
  count = hms_store_partition_count (lease->conn, table.ids.table_id, &match, error);
  if (count < 0)
    return FALSE;
  *result = (gint32) count;
  return TRUE;
}

static gboolean
get_num_partitions_by_filter (HmsThriftHiveMetastoreIf *iface, gint32 *result, const gchar *db_name,
                              const gchar *tbl_name, const gchar *filter, HmsMetaException **o1,
                              HmsNoSuchObjectException **o2, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!count_partitions_generic (hms_handler_context (iface), db_name, tbl_name, filter, result, &failure))
    return RAISE_META_NO_SUCH ("get_num_partitions_by_filter");
  return TRUE;
}

/*
 * The partitions with the given names that exist (each once, unknown
 * names skipped, ordered by name).  Round trips: 3, whatever the number
 * of names.
 */
static gboolean
get_partitions_by_names_generic (HmsContext *context, const char *catalog, const char *db_name,
                                 const char *tbl_name, const GPtrArray *names_argument,
                                 const ListingTarget *target, GError **error)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  HmsPartitionMatch match = { .kind = HMS_PARTITION_MATCH_NAMES, .names = names };

  for (guint i = 0; names_argument != NULL && i < names_argument->len; i++)
    g_ptr_array_add (names, g_strdup (g_ptr_array_index (names_argument, i)));
  return list_partitions_generic (context, catalog, db_name, tbl_name, &match, NULL, -1, FALSE,
                                  FALSE, target, error);
}

static gboolean
get_partitions_by_names (HmsThriftHiveMetastoreIf *iface, GPtrArray **result, const gchar *db_name,
                         const gchar *tbl_name, const GPtrArray *names, HmsMetaException **o1,
                         HmsNoSuchObjectException **o2, HmsInvalidObjectException **o3,
                         GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!get_partitions_by_names_generic (hms_handler_context (iface), NULL, db_name, tbl_name, names,
                                        INTO (*result), &failure))
    return hms_handler_raise ("get_partitions_by_names", failure, error,
                              HMS_TYPE_META_EXCEPTION, o1,
                              HMS_TYPE_NO_SUCH_OBJECT_EXCEPTION, o2,
                              HMS_TYPE_INVALID_OBJECT_EXCEPTION, o3, G_TYPE_INVALID);
  return TRUE;
}

static gboolean
list_partitions_names_request (HmsContext *context, const HmsGetPartitionsByNamesRequest *request,
                               const ListingTarget *target, GError **failure)
{
  return get_partitions_by_names_generic (context, NULL, request->db_name, request->tbl_name,
                                          request->__isset_names ? request->names : NULL,
                                          target, failure);
}

static gboolean
get_partitions_by_names_req (HmsThriftHiveMetastoreIf *iface, HmsGetPartitionsByNamesResult **result,
                             const HmsGetPartitionsByNamesRequest *request, HmsMetaException **o1,
                             HmsNoSuchObjectException **o2, HmsInvalidObjectException **o3,
                             GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!list_partitions_names_request (hms_handler_context (iface), request,
                                      INTO ((*result)->partitions), &failure))
    return hms_handler_raise ("get_partitions_by_names_req", failure, error,
                              HMS_TYPE_META_EXCEPTION, o1,
                              HMS_TYPE_NO_SUCH_OBJECT_EXCEPTION, o2,
                              HMS_TYPE_INVALID_OBJECT_EXCEPTION, o3, G_TYPE_INVALID);
  return TRUE;
}

/* --- streamed replies ---------------------------------------------------- */

/*
 * The listing methods as the processor streams them (reply_stream.h): the
 * same functions as the installed methods above with the reply as target;
 * the exceptions are the ones the method's result declares, chosen as
 * hms_handler_raise chooses them for the installed method.
 */

static gboolean
serve_get_partitions (HmsContext *context, gpointer args, HmsReplyStream *reply, GError **failure)
{
  HmsThriftHiveMetastoreGetPartitionsArgs *call = args;
  HmsPartitionMatch match = { .kind = HMS_PARTITION_MATCH_ALL };

  return list_partitions_generic (context, NULL, call->db_name, call->tbl_name, &match, NULL,
                                  call->max_parts, FALSE, TRUE, STREAM (reply), failure);
}

static gboolean
serve_get_partitions_with_auth (HmsContext *context, gpointer args, HmsReplyStream *reply,
                                GError **failure)
{
  HmsThriftHiveMetastoreGetPartitionsWithAuthArgs *call = args;
  HmsPartitionMatch match = { .kind = HMS_PARTITION_MATCH_ALL };

  return list_partitions_generic (context, NULL, call->db_name, call->tbl_name, &match, NULL,
                                  call->max_parts, FALSE, TRUE, STREAM (reply), failure);
}

static gboolean
serve_get_partitions_req (HmsContext *context, gpointer args, HmsReplyStream *reply, GError **failure)
{
  return list_requested_partitions (context, ((HmsThriftHiveMetastoreGetPartitionsReqArgs *) args)->req,
                                    FALSE, STREAM (reply), failure);
}

static gboolean
serve_get_partition_names (HmsContext *context, gpointer args, HmsReplyStream *reply, GError **failure)
{
  HmsThriftHiveMetastoreGetPartitionNamesArgs *call = args;
  HmsPartitionMatch match = { .kind = HMS_PARTITION_MATCH_ALL };

  return list_partitions_generic (context, NULL, call->db_name, call->tbl_name, &match, NULL,
                                  call->max_parts, TRUE, FALSE, STREAM (reply), failure);
}

static gboolean
serve_fetch_partition_names_req (HmsContext *context, gpointer args, HmsReplyStream *reply,
                                 GError **failure)
{
  return list_requested_partitions (context,
                                    ((HmsThriftHiveMetastoreFetchPartitionNamesReqArgs *) args)->partitionReq,
                                    TRUE, STREAM (reply), failure);
}

static gboolean
serve_get_partitions_ps (HmsContext *context, gpointer args, HmsReplyStream *reply, GError **failure)
{
  HmsThriftHiveMetastoreGetPartitionsPsArgs *call = args;

  return list_partitions_by_values (context, NULL, call->db_name, call->tbl_name, call->part_vals,
                                    call->max_parts, FALSE, STREAM (reply), failure);
}

static gboolean
serve_get_partitions_ps_with_auth (HmsContext *context, gpointer args, HmsReplyStream *reply,
                                   GError **failure)
{
  HmsThriftHiveMetastoreGetPartitionsPsWithAuthArgs *call = args;

  return list_partitions_by_values (context, NULL, call->db_name, call->tbl_name, call->part_vals,
                                    call->max_parts, FALSE, STREAM (reply), failure);
}

static gboolean
serve_get_partitions_ps_with_auth_req (HmsContext *context, gpointer args, HmsReplyStream *reply,
                                       GError **failure)
{
  return list_partitions_ps_request (context,
                                     ((HmsThriftHiveMetastoreGetPartitionsPsWithAuthReqArgs *) args)->req,
                                     STREAM (reply), failure);
}

static gboolean
serve_get_partition_names_ps (HmsContext *context, gpointer args, HmsReplyStream *reply,
                              GError **failure)
{
  HmsThriftHiveMetastoreGetPartitionNamesPsArgs *call = args;

  return list_partitions_by_values (context, NULL, call->db_name, call->tbl_name, call->part_vals,
                                    call->max_parts, TRUE, STREAM (reply), failure);
}

static gboolean
serve_get_partition_names_ps_req (HmsContext *context, gpointer args, HmsReplyStream *reply,
                                  GError **failure)
{
  return list_partition_names_ps_request (context,
                                          ((HmsThriftHiveMetastoreGetPartitionNamesPsReqArgs *) args)->req,
                                          STREAM (reply), failure);
}

static gboolean
serve_get_partitions_by_filter (HmsContext *context, gpointer args, HmsReplyStream *reply,
                                GError **failure)
{
  HmsThriftHiveMetastoreGetPartitionsByFilterArgs *call = args;
  HmsPartitionMatch match = { .kind = HMS_PARTITION_MATCH_FILTER };

  return list_partitions_generic (context, NULL, call->db_name, call->tbl_name, &match, call->filter,
                                  call->max_parts, FALSE, TRUE, STREAM (reply), failure);
}

static gboolean
serve_get_partitions_by_filter_req (HmsContext *context, gpointer args, HmsReplyStream *reply,
                                    GError **failure)
{
  return list_partitions_filter_request (context,
                                         ((HmsThriftHiveMetastoreGetPartitionsByFilterReqArgs *) args)->req,
                                         STREAM (reply), failure);
}

static gboolean
serve_get_partitions_by_names (HmsContext *context, gpointer args, HmsReplyStream *reply,
                               GError **failure)
{
  HmsThriftHiveMetastoreGetPartitionsByNamesArgs *call = args;

  return get_partitions_by_names_generic (context, NULL, call->db_name, call->tbl_name, call->names,
                                          STREAM (reply), failure);
}

static gboolean
serve_get_partitions_by_names_req (HmsContext *context, gpointer args, HmsReplyStream *reply,
                                   GError **failure)
{
  return list_partitions_names_request (context,
                                        ((HmsThriftHiveMetastoreGetPartitionsByNamesReqArgs *) args)->req,
                                        STREAM (reply), failure);
}

/* A method's entry: its name, generated argument and result types, where the list sits, of what. */
#define STREAMED(method, wrapper_field, element_type)                     \
  { #method, hms_thrift_hive_metastore_##method##_args_get_type,         \
    hms_thrift_hive_metastore_##method##_result_get_type, wrapper_field, \
    element_type, serve_##method }

static const HmsStreamedMethod streamed_methods[] = {
  STREAMED (get_partitions, 0, T_STRUCT),
  STREAMED (get_partitions_with_auth, 0, T_STRUCT),
  STREAMED (get_partitions_req, 1, T_STRUCT),                 /* PartitionsResponse.partitions */
  STREAMED (get_partition_names, 0, T_STRING),
  STREAMED (fetch_partition_names_req, 0, T_STRING),
  STREAMED (get_partitions_ps, 0, T_STRUCT),
  STREAMED (get_partitions_ps_with_auth, 0, T_STRUCT),
  STREAMED (get_partitions_ps_with_auth_req, 1, T_STRUCT),    /* GetPartitionsPsWithAuthResponse.partitions */
  STREAMED (get_partition_names_ps, 0, T_STRING),
  STREAMED (get_partition_names_ps_req, 1, T_STRING),         /* GetPartitionNamesPsResponse.names */
  STREAMED (get_partitions_by_filter, 0, T_STRUCT),
  STREAMED (get_partitions_by_filter_req, 0, T_STRUCT),
  STREAMED (get_partitions_by_names, 0, T_STRUCT),
  STREAMED (get_partitions_by_names_req, 1, T_STRUCT),        /* GetPartitionsByNamesResult.partitions */
};

/* --- dropping ------------------------------------------------------------ */

static gboolean
delete_partitions (PGconn *conn, GArray *ids, GError **error)
{
  g_autofree gint64 *partition_ids = g_new0 (gint64, ids->len + 1);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  guint count = 0;

  /* Expressions of drop_partitions_req may select a partition twice. */
  for (guint i = 0; i < ids->len; i++)
    {
      HmsPartitionIds *entry = &g_array_index (ids, HmsPartitionIds, i);

      if (g_hash_table_add (seen, &entry->partition_id))
        partition_ids[count++] = entry->partition_id;
    }
  return hms_store_partition_delete_many (conn, partition_ids, count, error) >= 0;
}

/*
 * HMSHandler.drop_partition_common: the partition named by its values (or
 * by its name) is deleted with everything that depends on it; with
 * DELETE_DATA, its directory too once that committed.
 * Round trips: 1 (table) + 2 (partition) + 1 (delete).
 */
static gboolean
drop_partition_generic (HmsContext *context, const char *catalog_argument,
                        const char *database_argument, const char *table_argument,
                        const GPtrArray *values_argument, const char *name_argument,
                        gboolean delete_data, GError **error)
{
  g_auto (PartitionedTable) table = { 0 };
  g_autoptr (GPtrArray) values = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (HmsPartitionIds));
  g_autofree char *name = NULL;

  if (name_argument == NULL && values_argument == NULL)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED, "The partition values cannot be null.");
      return FALSE;
    }
  if (!resolve_table (context, catalog_argument, database_argument, table_argument, &table, error))
    return FALSE;
  LEASE_OR_FAIL (lease, context, error);
  if (!hms_db_begin (lease->conn, error))
    return FALSE;
  if (name_argument != NULL)
    {
      g_autofree const char **keys = NULL;
      g_autofree char *missing = g_strdup_printf ("%s.%s table not found", table.database, table.name);
      g_autoptr (GError) local = NULL;

      if (!load_table (lease->conn, &table, HMS_TABLE_LOCK_SHARE, HMS_ERROR_NO_SUCH_OBJECT, missing, error))
        return FALSE;
      keys = key_names (&table);
      values = hms_partition_name_values_for_keys (name_argument, keys, key_count (&table), &local);
      if (values == NULL)
        {
          g_set_error_literal (error, HMS_ERROR, HMS_ERROR_NO_SUCH_OBJECT, local->message);
          return FALSE;
        }
    }
  else
    {
      values = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < values_argument->len; i++)
        g_ptr_array_add (values, g_strdup (g_ptr_array_index (values_argument, i)));
      if (!load_table (lease->conn, &table, HMS_TABLE_LOCK_SHARE, 0, NULL, error))
        return FALSE;
    }
  name = make_partition_name (&table, values, error);
  if (name == NULL)
    return FALSE;
  {
    g_autoptr (GPtrArray) one = one_string (name);
    HmsPartitionMatch match = { .kind = HMS_PARTITION_MATCH_NAMES, .names = one };

    found = hms_store_partition_get_many (lease->conn, table.ids.table_id, &match, -1, table.catalog,
                                          table.database, table.name, TRUE, ids, error);
    if (found == NULL)
      return FALSE;
  }
  if (found->len == 0)
    {
      g_autofree char *given = values_text (values);

      g_set_error (error, HMS_ERROR, HMS_ERROR_NO_SUCH_OBJECT, "partition values=%s", given);
      return FALSE;
    }
  if (!delete_partitions (lease->conn, ids, error) || !hms_db_commit (lease->conn, error))
    return FALSE;
  delete_partition_data (context, &table, found, delete_data, "drop_partition");
  return TRUE;
}

static gboolean
drop_partition_with_environment_context (HmsThriftHiveMetastoreIf *iface, gboolean *result,
                                         const gchar *db_name, const gchar *tbl_name,
                                         const GPtrArray *part_vals, const gboolean deleteData,
                                         const HmsEnvironmentContext *environment_context,
                                         HmsNoSuchObjectException **o1, HmsMetaException **o2,
                                         GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!drop_partition_generic (hms_handler_context (iface), NULL, db_name, tbl_name, part_vals, NULL,
                               deleteData, &failure))
    return RAISE_NO_SUCH_META ("drop_partition");
  *result = TRUE;
  return TRUE;
}

static gboolean
drop_partition (HmsThriftHiveMetastoreIf *iface, gboolean *result, const gchar *db_name,
                const gchar *tbl_name, const GPtrArray *part_vals, const gboolean deleteData,
                HmsNoSuchObjectException **o1, HmsMetaException **o2, GError **error)
{
  return drop_partition_with_environment_context (iface, result, db_name, tbl_name, part_vals,
                                                  deleteData, NULL, o1, o2, error);
}

static gboolean
drop_partition_by_name_with_environment_context (HmsThriftHiveMetastoreIf *iface, gboolean *result,
                                                 const gchar *db_name, const gchar *tbl_name,
                                                 const gchar *part_name, const gboolean deleteData,
                                                 const HmsEnvironmentContext *environment_context,
                                                 HmsNoSuchObjectException **o1,
                                                 HmsMetaException **o2, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!drop_partition_generic (hms_handler_context (iface), NULL, db_name, tbl_name, NULL,
                               part_name ? part_name : "", deleteData, &failure))
    return RAISE_NO_SUCH_META ("drop_partition_by_name");
  *result = TRUE;
  return TRUE;
}

static gboolean
drop_partition_by_name (HmsThriftHiveMetastoreIf *iface, gboolean *result, const gchar *db_name,
                        const gchar *tbl_name, const gchar *part_name, const gboolean deleteData,
                        HmsNoSuchObjectException **o1, HmsMetaException **o2, GError **error)
{
  return drop_partition_by_name_with_environment_context (iface, result, db_name, tbl_name, part_name,
                                                          deleteData, NULL, o1, o2, error);
}

static gboolean
drop_partition_req (HmsThriftHiveMetastoreIf *iface, gboolean *result,
                    const HmsDropPartitionRequest *request, HmsNoSuchObjectException **o1,
                    HmsMetaException **o2, GError **error)
{
  g_autoptr (GError) failure = NULL;
  gboolean by_name = request->__isset_partName && request->partName != NULL;

  if (!drop_partition_generic (hms_handler_context (iface),
                               request->__isset_catName ? request->catName : NULL,
                               request->dbName, request->tblName,
                               by_name || !request->__isset_partVals ? NULL : request->partVals,
                               by_name ? request->partName : NULL,
                               request->__isset_deleteData && request->deleteData, &failure))
    return RAISE_NO_SUCH_META ("drop_partition_req");
  *result = TRUE;
  return TRUE;
}

/*
 * The text of a drop expression.  Hive's clients send a Kryo-serialised
 * expression, which only Java can read; Hive's MSCK sends a partition
 * filter's text as bytes, which Hive then reads as a filter
 * (PartitionExpressionForMetastore, decodeFilterExpToStr).  hms reads the
 * second kind only.
 */
static char *
expression_filter_text (const GByteArray *expression, GError **error)
{
  if (expression == NULL || expression->len == 0
      || memchr (expression->data, '\0', expression->len) != NULL
      || !g_utf8_validate ((const char *) expression->data, expression->len, NULL))
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                   "cannot read the partition expression: hms accepts partition filter text,"
                   " not Hive's serialized expressions");
      return NULL;
    }
  return g_strndup ((const char *) expression->data, expression->len);
}

/*
 * HMSHandler.drop_partitions_req: by names (those that exist) or by
 * expressions (filters); fewer partitions than names (or than
 * expressions) fail unless ifExists; with deleteData, their directories
 * go once that committed.  Round trips: 1 (table) + 2 per
 * expression, or 2 for any number of names, + 1 (delete).
 */
static gboolean
drop_partitions_generic (HmsContext *context, const HmsDropPartitionsRequest *request,
                         GPtrArray *dropped, GError **error)
{
  g_auto (PartitionedTable) table = { 0 };
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (HmsPartitionIds));
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean if_exists = request->__isset_ifExists && request->ifExists;
  guint minimum = 0;

  if (!resolve_table (context, request->__isset_catName ? request->catName : NULL,
                      request->dbName, request->tblName, &table, error))
    return FALSE;
  LEASE_OR_FAIL (lease, context, error);
  if (!hms_db_begin (lease->conn, error)
      || !load_table (lease->conn, &table, HMS_TABLE_LOCK_SHARE, 0, NULL, error))
    return FALSE;

  if (request->parts->__isset_names)
    {
      g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      HmsPartitionMatch match = { .kind = HMS_PARTITION_MATCH_NAMES, .names = names };
      g_autoptr (GPtrArray) partitions = NULL;

      for (guint i = 0; i < request->parts->names->len; i++)
        g_ptr_array_add (names, g_strdup (g_ptr_array_index (request->parts->names, i)));
      minimum = names->len;
      partitions = hms_store_partition_get_many (lease->conn, table.ids.table_id, &match, -1,
                                                 table.catalog, table.database, table.name, TRUE,
                                                 ids, error);
      if (partitions == NULL)
        return FALSE;
      append_partitions (found, partitions);
    }
  else if (request->parts->__isset_exprs)
    {
      g_autofree HmsPartitionKey *keys = g_new0 (HmsPartitionKey, key_count (&table) + 1);

      for (guint i = 0; i < key_count (&table); i++)
        {
          keys[i].name = key_name (&table, i);
          keys[i].type = ((HmsFieldSchema *) g_ptr_array_index (table.table->partitionKeys, i))->type;
        }
      for (guint i = 0; i < request->parts->exprs->len; i++)
        {
          HmsDropPartitionsExpr *expression = g_ptr_array_index (request->parts->exprs, i);
          g_autofree char *text = expression_filter_text (expression->expr, error);
          g_autoptr (HmsPartitionFilter) filter = NULL;
          g_auto (HmsPartitionFilterSql) filter_sql = { 0 };
          HmsPartitionMatch match = { .kind = HMS_PARTITION_MATCH_FILTER, .filter = &filter_sql };
          g_autoptr (GPtrArray) partitions = NULL;

          if (text == NULL || (filter = hms_partition_filter_parse (text, error)) == NULL
              || !hms_partition_filter_to_sql (filter, keys, key_count (&table),
                                               default_partition_name (context),
                                               HMS_STORE_PARTITION_FILTER_FIRST_PARAMETER,
                                               &filter_sql, error))
            return FALSE;
          minimum++;
          partitions = hms_store_partition_get_many (lease->conn, table.ids.table_id, &match, -1,
                                                     table.catalog, table.database, table.name,
                                                     TRUE, ids, error);
          if (partitions == NULL)
            return FALSE;
          append_partitions (found, partitions);
        }
    }
  else
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED, "Partition spec is not set");
      return FALSE;
    }

  if (found->len < minimum && !if_exists)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_NO_SUCH_OBJECT, "Some partitions to drop are missing");
      return FALSE;
    }
  if (!delete_partitions (lease->conn, ids, error) || !hms_db_commit (lease->conn, error))
    return FALSE;
  delete_partition_data (context, &table, found, request->__isset_deleteData && request->deleteData,
                         "drop_partitions_req");
  append_partitions (dropped, found);
  return TRUE;
}

static gboolean
drop_partitions_req (HmsThriftHiveMetastoreIf *iface, HmsDropPartitionsResult **result,
                     const HmsDropPartitionsRequest *request, HmsNoSuchObjectException **o1,
                     HmsMetaException **o2, GError **error)
{
  g_autoptr (GError) failure = NULL;
  g_autoptr (GPtrArray) dropped = g_ptr_array_new_with_free_func (g_object_unref);

  if (!drop_partitions_generic (hms_handler_context (iface), request, dropped, &failure))
    return RAISE_NO_SUCH_META ("drop_partitions_req");
  if (!request->__isset_needResult || request->needResult)
    {
      append_partitions ((*result)->partitions, dropped);
      (*result)->__isset_partitions = TRUE;
    }
  return TRUE;
}

/* --- altering and renaming ----------------------------------------------- */

/* A JSON array of [name, type] of a descriptor's columns. */
static void
add_columns_json (JsonBuilder *builder, const HmsPartition *partition)
{
  json_builder_begin_array (builder);
  if (partition->__isset_sd && partition->sd != NULL)
    for (guint i = 0; i < partition->sd->cols->len; i++)
      {
        HmsFieldSchema *column = g_ptr_array_index (partition->sd->cols, i);

        json_builder_begin_array (builder);
        json_builder_add_string_value (builder, column->name ? column->name : "");
        json_builder_add_string_value (builder, column->type ? column->type : "");
        json_builder_end_array (builder);
      }
  json_builder_end_array (builder);
}

/*
 * HiveAlterHandler.updateOrGetPartitionColumnStats: statistics of columns
 * an alter drops or retypes go, and leave COLUMN_STATS_ACCURATE.  Only
 * partitions that had a descriptor are concerned.  1 round trip.
 */
static gboolean
drop_stale_column_stats (PGconn *conn, GArray *ids, GPtrArray *old_partitions,
                         GPtrArray *new_partitions, GError **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *input = NULL;
  g_autoptr (GArray) deleted_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GPtrArray) deleted_columns = g_ptr_array_new_with_free_func (g_free);
  gboolean any = FALSE;

  json_builder_begin_array (builder);
  for (guint i = 0; i < new_partitions->len; i++)
    {
      HmsPartition *old_partition = g_ptr_array_index (old_partitions, i);

      if (!old_partition->__isset_sd)
        continue;
      any = TRUE;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, g_array_index (ids, HmsPartitionIds, i).partition_id);
      json_builder_set_member_name (builder, "cols");
      add_columns_json (builder, g_ptr_array_index (new_partitions, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (!any)
    return TRUE;
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  input = json_generator_to_data (generator, NULL);
  if (!hms_store_partition_delete_stale_column_stats (conn, input, deleted_ids, deleted_columns, error))
    return FALSE;
  for (guint i = 0; i < new_partitions->len; i++)
    {
      gint64 id = g_array_index (ids, HmsPartitionIds, i).partition_id;
      g_autoptr (GPtrArray) columns = g_ptr_array_new ();

      for (guint j = 0; j < deleted_ids->len; j++)
        if (g_array_index (deleted_ids, gint64, j) == id)
          g_ptr_array_add (columns, g_ptr_array_index (deleted_columns, j));
      if (columns->len > 0)
        remove_column_stats_state (((HmsPartition *) g_ptr_array_index (new_partitions, i))->parameters,
                                   columns);
    }
  return TRUE;
}

/*
 * The CD an altered partition uses, as ObjectStore.alterPartition and
 * copyMSD decide: its own when the columns did not change, else its
 * table's when they equal the table's, else a new one.
 */
static gint64
altered_column_descriptor (const PartitionedTable *table, const HmsPartitionIds *ids,
                           const HmsPartition *old_partition, const HmsPartition *new_partition)
{
  if (ids->column_descriptor_id > 0 && old_partition->__isset_sd
      && hms_store_sd_columns_equal (old_partition->sd->cols, new_partition->sd->cols))
    return ids->column_descriptor_id;
  return shared_column_descriptor (table, new_partition);
}

/* The new partition as the client sent it, completed as HMSHandler.rename_partition does. */
static void
prepare_altered_partition (HmsContext *context, const char *catalog, HmsPartition *partition,
                           gint64 now)
{
  if (partition->__isset_sd && partition->sd != NULL && partition->sd->__isset_location
      && partition->sd->location != NULL && partition->sd->location[0] != '\0')
    {
      char *qualified = hms_warehouse_qualify (context, partition->sd->location);

      g_free (partition->sd->location);
      partition->sd->location = qualified;
    }
  if (!partition->__isset_catName || partition->catName == NULL)
    set_string_field (&partition->catName, &partition->__isset_catName, catalog);
  stamp_ddl_time (partition, now, TRUE);
}

typedef enum
{
  ALTER_ONE,   /* alter_partition(_with_environment_context): HiveAlterHandler.alterPartition */
  ALTER_MANY,  /* alter_partitions...: HiveAlterHandler.alterPartitions */
} AlterMode;

/*
 * Replaces partitions identified by their values with the given ones, in
 * one transaction: basic statistics state as HiveAlterHandler keeps it,
 * stale column statistics dropped, then rows rewritten in place.
 * `write_id` > 0 (alter_partitions_req) becomes the partitions' writeId on
 * a transactional table.  Round trips: 1 (table) + 2 (old partitions) +
 * 1 (column statistics) + the update's, whatever the number of partitions.
 */
static gboolean
alter_partitions_generic (HmsContext *context, const char *catalog_argument,
                          const char *database_argument, const char *table_argument,
                          GPtrArray *partitions, const HmsEnvironmentContext *environment,
                          gint64 write_id, AlterMode mode, GError **error)
{
  g_auto (PartitionedTable) table = { 0 };
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) found_ids = g_array_new (FALSE, FALSE, sizeof (HmsPartitionIds));
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (HmsPartitionIds));
  g_autoptr (GPtrArray) old_partitions = g_ptr_array_new ();
  g_autofree gint64 *column_descriptor_ids = g_new0 (gint64, partitions->len + 1);
  gint64 now = now_seconds ();
  gboolean transactional;

  if (!resolve_table (context, catalog_argument, database_argument, table_argument, &table, error))
    return FALSE;
  for (guint i = 0; i < partitions->len; i++)
    prepare_altered_partition (context, table.catalog, g_ptr_array_index (partitions, i), now);

  LEASE_OR_FAIL (lease, context, error);
  if (!hms_db_begin (lease->conn, error))
    return FALSE;
  if (!load_table (lease->conn, &table, HMS_TABLE_LOCK_SHARE, HMS_ERROR_INVALID_OPERATION,
                   mode == ALTER_ONE
                     ? "alter is not possible: Unable to alter partition because table or database does not exist."
                     : "Alter partition operation failed: InvalidObjectException(message:Unable to alter"
                       " partitions because table or database does not exist.)",
                   error))
    return FALSE;
  transactional = table_is_transactional (&table);

  for (guint i = 0; i < partitions->len; i++)
    {
      HmsPartition *partition = g_ptr_array_index (partitions, i);
      char *name = make_partition_name (&table, partition->values, error);

      if (name == NULL)
        return FALSE;
      g_ptr_array_add (names, name);
    }
  {
    HmsPartitionMatch match = { .kind = HMS_PARTITION_MATCH_NAMES, .names = names };

    found = hms_store_partition_get_many (lease->conn, table.ids.table_id, &match, -1, table.catalog,
                                          table.database, table.name, TRUE, found_ids, error);
    if (found == NULL)
      return FALSE;
  }
  if (mode == ALTER_ONE && found->len == 0)
    {
      g_autofree char *given = values_text (((HmsPartition *) g_ptr_array_index (partitions, 0))->values);

      g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_OPERATION,
                   "alter is not possible: partition values=%s", given);
      return FALSE;
    }
  if (found->len != partitions->len)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_OPERATION,
                   "Alter partition operation failed: new parts size %u not matching with old parts size %u",
                   partitions->len, found->len);
      return FALSE;
    }

  /* Pair each new partition with its stored self (found is ordered by name). */
  {
    g_autoptr (GHashTable) found_by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    for (guint j = 0; j < found->len; j++)
      {
        HmsPartition *candidate = g_ptr_array_index (found, j);
        char *candidate_name = make_partition_name (&table, candidate->values, NULL);

        if (candidate_name != NULL)
          g_hash_table_insert (found_by_name, candidate_name, GUINT_TO_POINTER (j + 1));
      }
    for (guint i = 0; i < partitions->len; i++)
      {
        HmsPartition *partition = g_ptr_array_index (partitions, i);
        guint j = GPOINTER_TO_UINT (g_hash_table_lookup (found_by_name, g_ptr_array_index (names, i)));
        HmsPartition *old_partition;

        if (j == 0)
          {
            g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_OPERATION,
                         "Alter partition operation failed: new parts size %u not matching with old parts size %u",
                         partitions->len, found->len);
            return FALSE;
          }
        old_partition = g_ptr_array_index (found, j - 1);
        g_ptr_array_add (old_partitions, old_partition);
        g_array_append_val (ids, g_array_index (found_ids, HmsPartitionIds, j - 1));
        if (write_id > 0)
          partition->writeId = write_id;
        apply_alter_stats (old_partition, partition, &table, environment, FALSE);
        if (partition->__isset_sd && partition->sd != NULL)
          column_descriptor_ids[i] = altered_column_descriptor (&table, &g_array_index (ids, HmsPartitionIds, i),
                                                                old_partition, partition);
      }
  }

  return drop_stale_column_stats (lease->conn, ids, old_partitions, partitions, error)
         && hms_store_partition_update_many (lease->conn, (const HmsPartitionIds *) ids->data,
                                             (HmsPartition *const *) partitions->pdata,
                                             (const char *const *) names->pdata, partitions->len,
                                             column_descriptor_ids, transactional, error)
         && hms_db_commit (lease->conn, error);
}

#define RAISE_ALTER(method)                                                   \
  hms_handler_raise (method, failure, error,                                  \
                     HMS_TYPE_INVALID_OPERATION_EXCEPTION, o1,                \
                     HMS_TYPE_META_EXCEPTION, o2, G_TYPE_INVALID)

static gboolean
alter_partition_with_environment_context (HmsThriftHiveMetastoreIf *iface, const gchar *db_name,
                                          const gchar *tbl_name, const HmsPartition *new_part,
                                          const HmsEnvironmentContext *environment_context,
                                          HmsInvalidOperationException **o1, HmsMetaException **o2,
                                          GError **error)
{
  g_autoptr (GError) failure = NULL;
  g_autoptr (GPtrArray) partitions = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (partitions, hms_struct_copy (new_part));
  if (!alter_partitions_generic (hms_handler_context (iface), NULL, db_name, tbl_name, partitions,
                                 environment_context, -1, ALTER_ONE, &failure))
    return RAISE_ALTER ("alter_partition");
  return TRUE;
}

static gboolean
alter_partition (HmsThriftHiveMetastoreIf *iface, const gchar *db_name, const gchar *tbl_name,
                 const HmsPartition *new_part, HmsInvalidOperationException **o1,
                 HmsMetaException **o2, GError **error)
{
  return alter_partition_with_environment_context (iface, db_name, tbl_name, new_part, NULL, o1, o2,
                                                   error);
}

static gboolean
alter_partitions_with_environment_context (HmsThriftHiveMetastoreIf *iface, const gchar *db_name,
                                           const gchar *tbl_name, const GPtrArray *new_parts,
                                           const HmsEnvironmentContext *environment_context,
                                           HmsInvalidOperationException **o1, HmsMetaException **o2,
                                           GError **error)
{
  g_autoptr (GError) failure = NULL;
  g_autoptr (GPtrArray) partitions = copy_partitions (new_parts);

  if (!alter_partitions_generic (hms_handler_context (iface), NULL, db_name, tbl_name, partitions,
                                 environment_context, -1, ALTER_MANY, &failure))
    return RAISE_ALTER ("alter_partitions");
  return TRUE;
}

static gboolean
alter_partitions (HmsThriftHiveMetastoreIf *iface, const gchar *db_name, const gchar *tbl_name,
                  const GPtrArray *new_parts, HmsInvalidOperationException **o1,
                  HmsMetaException **o2, GError **error)
{
  return alter_partitions_with_environment_context (iface, db_name, tbl_name, new_parts, NULL, o1, o2,
                                                    error);
}

static gboolean
alter_partitions_req (HmsThriftHiveMetastoreIf *iface, HmsAlterPartitionsResponse **result,
                      const HmsAlterPartitionsRequest *request, HmsInvalidOperationException **o1,
                      HmsMetaException **o2, GError **error)
{
  g_autoptr (GError) failure = NULL;
  g_autoptr (GPtrArray) partitions = copy_partitions (request->partitions);

  if (!alter_partitions_generic (hms_handler_context (iface),
                                 request->__isset_catName ? request->catName : NULL,
                                 request->dbName, request->tableName, partitions,
                                 request->__isset_environmentContext ? request->environmentContext : NULL,
                                 request->__isset_writeId ? request->writeId : -1, ALTER_MANY, &failure))
    return RAISE_ALTER ("alter_partitions_req");
  return TRUE;
}

/*
 * HiveAlterHandler.alterPartition with old values: the partition takes
 * the new values, name and location (a managed table's partitions move
 * to the table location + "/" + the new name; an external table's keep
 * theirs).  The files are not moved: hms has no file system access.
 * Round trips: 1 (table) + 2 (old) + 1 (new name free) + 1 (column
 * statistics) + the update's.
 */
static gboolean
rename_partition_generic (HmsContext *context, const char *catalog_argument,
                          const char *database_argument, const char *table_argument,
                          const GPtrArray *old_values_argument, const HmsPartition *new_part,
                          GError **error)
{
  g_auto (PartitionedTable) table = { 0 };
  g_autoptr (GPtrArray) partitions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) old_values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GPtrArray) taken = NULL;
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (HmsPartitionIds));
  g_autofree char *old_name = NULL;
  g_autofree char *new_name = NULL;
  HmsPartition *partition;
  HmsPartition *old_partition;
  gint64 column_descriptor_id = 0;
  gboolean move_data;

  if (old_values_argument == NULL || old_values_argument->len == 0)
    {
      g_ptr_array_add (partitions, hms_struct_copy (new_part));
      return alter_partitions_generic (context, catalog_argument, database_argument, table_argument,
                                       partitions, NULL, -1, ALTER_ONE, error);
    }
  for (guint i = 0; i < old_values_argument->len; i++)
    g_ptr_array_add (old_values, g_strdup (g_ptr_array_index (old_values_argument, i)));
  partition = hms_struct_copy (new_part);
  g_ptr_array_add (partitions, partition);
  if (!resolve_table (context, catalog_argument, database_argument, table_argument, &table, error)
      || !validate_value_characters (context, partition->values, error))
    return FALSE;
  prepare_altered_partition (context, table.catalog, partition, now_seconds ());

  LEASE_OR_FAIL (lease, context, error);
  if (!hms_db_begin (lease->conn, error)
      || !load_table (lease->conn, &table, HMS_TABLE_LOCK_SHARE, HMS_ERROR_INVALID_OPERATION,
                      "Unable to alter partition because table or database does not exist.", error))
    return FALSE;
  old_name = make_partition_name (&table, old_values, error);
  if (old_name == NULL)
    return FALSE;
  {
    g_autoptr (GPtrArray) one = one_string (old_name);
    HmsPartitionMatch match = { .kind = HMS_PARTITION_MATCH_NAMES, .names = one };

    found = hms_store_partition_get_many (lease->conn, table.ids.table_id, &match, -1, table.catalog,
                                          table.database, table.name, TRUE, ids, error);
    if (found == NULL)
      return FALSE;
  }
  if (found->len == 0)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_OPERATION,
                   "Unable to rename partition because old partition does not exist");
      return FALSE;
    }
  old_partition = g_ptr_array_index (found, 0);
  new_name = make_partition_name (&table, partition->values, error);
  if (new_name == NULL)
    return FALSE;
  {
    g_autoptr (GPtrArray) one = one_string (new_name);
    HmsPartitionMatch match = { .kind = HMS_PARTITION_MATCH_NAMES, .names = one };

    taken = hms_store_partition_names (lease->conn, table.ids.table_id, &match, -1, error);
    if (taken == NULL)
      return FALSE;
  }
  if (taken->len > 0)
    {
      g_autofree char *given = values_text (partition->values);

      g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_OPERATION, "Partition already exists:%s.%s.%s",
                   table.database, table.name, given);
      return FALSE;
    }
  if (!partition->__isset_sd || partition->sd == NULL)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED, "partition %s has no storage descriptor", new_name);
      return FALSE;
    }

  /* Data moves with the partition unless the table is external (and not translated to it). */
  move_data = !(is_true (g_hash_table_lookup (table.table->parameters, "EXTERNAL"))
                && !is_true (g_hash_table_lookup (table.table->parameters, "TRANSLATED_TO_EXTERNAL")));
  g_free (partition->sd->location);
  if (move_data && table_location (&table) != NULL)
    partition->sd->location = join_location (table_location (&table), new_name);
  else
    partition->sd->location = g_strdup (old_partition->__isset_sd ? old_partition->sd->location : NULL);
  partition->sd->__isset_location = partition->sd->location != NULL;

  apply_alter_stats (old_partition, partition, &table, NULL, TRUE);
  column_descriptor_id = altered_column_descriptor (&table, &g_array_index (ids, HmsPartitionIds, 0),
                                                    old_partition, partition);
  return drop_stale_column_stats (lease->conn, ids, found, partitions, error)
         && hms_store_partition_update_many (lease->conn, (const HmsPartitionIds *) ids->data,
                                             &partition, (const char *const *) &new_name, 1,
                                             &column_descriptor_id, table_is_transactional (&table), error)
         && hms_db_commit (lease->conn, error);
}

static gboolean
rename_partition (HmsThriftHiveMetastoreIf *iface, const gchar *db_name, const gchar *tbl_name,
                  const GPtrArray *part_vals, const HmsPartition *new_part,
                  HmsInvalidOperationException **o1, HmsMetaException **o2, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!rename_partition_generic (hms_handler_context (iface), NULL, db_name, tbl_name, part_vals,
                                 new_part, &failure))
    return RAISE_ALTER ("rename_partition");
  return TRUE;
}

static gboolean
rename_partition_req (HmsThriftHiveMetastoreIf *iface, HmsRenamePartitionResponse **result,
                      const HmsRenamePartitionRequest *request, HmsInvalidOperationException **o1,
                      HmsMetaException **o2, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!rename_partition_generic (hms_handler_context (iface),
                                 request->__isset_catName ? request->catName : NULL,
                                 request->dbName, request->tableName, request->partVals,
                                 request->newPart, &failure))
    return RAISE_ALTER ("rename_partition_req");
  return TRUE;
}

/* --- names --------------------------------------------------------------- */

static gboolean
partition_name_has_valid_characters (HmsThriftHiveMetastoreIf *iface, gboolean *result,
                                     const GPtrArray *part_vals, const gboolean throw_exception,
                                     HmsMetaException **o1, GError **error)
{
  g_autoptr (GError) failure = NULL;
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; part_vals != NULL && i < part_vals->len; i++)
    g_ptr_array_add (values, g_strdup (g_ptr_array_index (part_vals, i)));
  *result = validate_value_characters (hms_handler_context (iface), values, &failure);
  if (!*result && throw_exception)
    return hms_handler_raise ("partition_name_has_valid_characters", failure, error,
                              HMS_TYPE_META_EXCEPTION, o1, G_TYPE_INVALID);
  return TRUE;
}

static gboolean
partition_name_to_vals (HmsThriftHiveMetastoreIf *iface, GPtrArray **result, const gchar *part_name,
                        HmsMetaException **o1, GError **error)
{
  g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

  hms_partition_name_to_spec (part_name, keys, values);
  for (guint i = 0; i < values->len; i++)
    g_ptr_array_add (*result, g_strdup (g_ptr_array_index (values, i)));
  return TRUE;
}

static gboolean
partition_name_to_spec (HmsThriftHiveMetastoreIf *iface, GHashTable **result, const gchar *part_name,
                        HmsMetaException **o1, GError **error)
{
  g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

  hms_partition_name_to_spec (part_name, keys, values);
  for (guint i = 0; i < keys->len; i++)
    g_hash_table_replace (*result, g_strdup (g_ptr_array_index (keys, i)),
                          g_strdup (g_ptr_array_index (values, i)));
  return TRUE;
}

void
hms_api_partition_install (HmsThriftHiveMetastoreHandlerClass *klass)
{
  hms_reply_stream_register (streamed_methods, G_N_ELEMENTS (streamed_methods));
  klass->add_partition = add_partition;
  klass->add_partition_with_environment_context = add_partition_with_environment_context;
  klass->add_partitions = add_partitions;
  klass->add_partitions_req = add_partitions_req;
  klass->append_partition = append_partition;
  klass->append_partition_with_environment_context = append_partition_with_environment_context;
  klass->append_partition_req = append_partition_req;
  klass->append_partition_by_name = append_partition_by_name;
  klass->append_partition_by_name_with_environment_context = append_partition_by_name_with_environment_context;
  klass->drop_partition = drop_partition;
  klass->drop_partition_with_environment_context = drop_partition_with_environment_context;
  klass->drop_partition_req = drop_partition_req;
  klass->drop_partition_by_name = drop_partition_by_name;
  klass->drop_partition_by_name_with_environment_context = drop_partition_by_name_with_environment_context;
  klass->drop_partitions_req = drop_partitions_req;
  klass->get_partition = get_partition;
  klass->get_partition_req = get_partition_req;
  klass->get_partition_with_auth = get_partition_with_auth;
  klass->get_partition_by_name = get_partition_by_name;
  klass->get_partitions = get_partitions;
  klass->get_partitions_req = get_partitions_req;
  klass->get_partitions_with_auth = get_partitions_with_auth;
  klass->get_partition_names = get_partition_names;
  klass->fetch_partition_names_req = fetch_partition_names_req;
  klass->get_partitions_ps = get_partitions_ps;
  klass->get_partitions_ps_with_auth = get_partitions_ps_with_auth;
  klass->get_partitions_ps_with_auth_req = get_partitions_ps_with_auth_req;
  klass->get_partition_names_ps = get_partition_names_ps;
  klass->get_partition_names_ps_req = get_partition_names_ps_req;
  klass->get_partitions_by_filter = get_partitions_by_filter;
  klass->get_partitions_by_filter_req = get_partitions_by_filter_req;
  klass->get_num_partitions_by_filter = get_num_partitions_by_filter;
  klass->get_partitions_by_names = get_partitions_by_names;
  klass->get_partitions_by_names_req = get_partitions_by_names_req;
  klass->alter_partition = alter_partition;
  klass->alter_partition_with_environment_context = alter_partition_with_environment_context;
  klass->alter_partitions = alter_partitions;
  klass->alter_partitions_with_environment_context = alter_partitions_with_environment_context;
  klass->alter_partitions_req = alter_partitions_req;
  klass->rename_partition = rename_partition;
  klass->rename_partition_req = rename_partition_req;
  klass->partition_name_has_valid_characters = partition_name_has_valid_characters;
  klass->partition_name_to_vals = partition_name_to_vals;
  klass->partition_name_to_spec = partition_name_to_spec;
}
