/*
 * api_table.c
 *    The table methods of the HMS API: create_table(_with_environment_context,
 *    _req), get_table(_req), get_table_objects_by_name(_req), get_tables,
 *    get_tables_by_type, get_all_tables, get_table_meta,
 *    get_table_names_by_filter, get_fields(_with_environment_context, _req),
 *    get_schema(_with_environment_context, _req), alter_table(_with_
 *    environment_context, _with_cascade, _req), drop_table(_with_environment_
 *    context, _req), truncate_table(_req).
 *
 * As in api_database.c, each method is a thin wrapper naming its exceptions
 * over a ...Generic function.  The checks, defaults and messages follow
 * Hive 4's HMSHandler.create_table_core / get_table_core / drop_table_core,
 * MetastoreDefaultTransformer, HiveAlterHandler.alterTable and ObjectStore,
 * so clients see what the Java server would say and the rows are the ones
 * it would write.
 *
 * Where Hive creates or moves directories, hms records the location in the
 * metadata exactly as Hive would and logs what Hive would have done to the
 * files; where Hive deletes data (drop, truncate), hms deletes it too on S3
 * and local locations (warehouse_fs.h).
 */
#include "handler.h"
#include "db.h"
#include "error.h"
#include "names.h"
#include "reply_stream.h"
#include "store.h"
#include "store_json.h"
#include "store_sd.h"
#include "store_table.h"
#include "warehouse.h"
#include "warehouse_fs.h"

#include <json-glib/json-glib.h>
#include <string.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HmsTable, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HmsEnvironmentContext, g_object_unref)

#define DDL_TIME "transient_lastDdlTime"
#define MANAGED_TABLE "MANAGED_TABLE"
#define EXTERNAL_TABLE "EXTERNAL_TABLE"
#define VIRTUAL_VIEW "VIRTUAL_VIEW"
#define MATERIALIZED_VIEW "MATERIALIZED_VIEW"
#define DEFAULT_TRANSFORMER "org.apache.hadoop.hive.metastore.MetastoreDefaultTransformer"

/* Borrowing a connection, as every method starts. */
#define LEASE_OR_FAIL(lease, context, failure)                       \
  g_autoptr (HmsLease) lease = hms_pool_lease ((context)->pool, failure); \
  if (lease == NULL)                                                  \
    return FALSE

/* --- configuration ------------------------------------------------------ */

/*
 * A setting Hive reads through MetastoreConf: the connection's setMetaConf
 * value, then the metastore.* key, then the old hive.* key, then Hive's
 * default.
 */
static const char *
setting (HmsContext *context, const char *key, const char *old_key, const char *fallback)
{
  const char *value = hms_handler_connection_setting (key);

  if (value == NULL && old_key != NULL)
    value = hms_handler_connection_setting (old_key);
  if (value == NULL)
    value = hms_conf_get (context->conf, key);
  if (value == NULL && old_key != NULL)
    value = hms_conf_get (context->conf, old_key);
  return value != NULL ? value : fallback;
}

static gboolean
setting_is_true (HmsContext *context, const char *key, const char *old_key, gboolean fallback)
{
  g_autofree char *value = g_strstrip (g_strdup (setting (context, key, old_key,
                                                          fallback ? "true" : "false")));

  return g_ascii_strcasecmp (value, "true") == 0;
}

/* Whether `item` is one of the comma-separated entries of a list setting. */
static gboolean
list_setting_contains (const char *list, const char *item)
{
  g_auto (GStrv) entries = NULL;

  if (list == NULL || item == NULL)
    return FALSE;
  entries = g_strsplit (list, ",", -1);
  for (guint i = 0; entries[i] != NULL; i++)
    if (strcmp (g_strstrip (entries[i]), item) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
special_characters_allowed (HmsContext *context)
{
  return hms_conf_get_bool (context->conf, HMS_CONF_SUPPORT_SPECIAL_CHARACTERS_TABLENAME);
}

/* Hive's metadata transformer (MetastoreDefaultTransformer) unless configured away. */
static gboolean
transformer_enabled (HmsContext *context)
{
  const char *class_name = setting (context, "metastore.metadata.transformer.class", NULL,
                                    DEFAULT_TRANSFORMER);

  return !hms_string_is_blank (class_name);
}

/* --- small helpers ------------------------------------------------------ */

static const char *
parameter (HmsTable *table, const char *key)
{
  return table->__isset_parameters ? g_hash_table_lookup (table->parameters, key) : NULL;
}

/* MetaStoreUtils.isPropertyTrue: "true" in any case. */
static gboolean
parameter_is_true (HmsTable *table, const char *key)
{
  const char *value = parameter (table, key);

  return value != NULL && g_ascii_strcasecmp (value, "true") == 0;
}

static void
put_parameter (HmsTable *table, const char *key, const char *value)
{
  g_hash_table_replace (table->parameters, g_strdup (key), g_strdup (value));
  table->__isset_parameters = TRUE;
}

static const char *
environment_value (const HmsEnvironmentContext *environment, const char *key)
{
  if (environment == NULL || !environment->__isset_properties || environment->properties == NULL)
    return NULL;
  return g_hash_table_lookup (environment->properties, key);
}

static gboolean
environment_is_true (const HmsEnvironmentContext *environment, const char *key)
{
  const char *value = environment_value (environment, key);

  return value != NULL && g_ascii_strcasecmp (value, "true") == 0;
}

static gboolean
is_external (HmsTable *table)
{
  return parameter_is_true (table, "EXTERNAL");
}

static gboolean
is_view (HmsTable *table)
{
  return table->__isset_tableType && g_strcmp0 (table->tableType, VIRTUAL_VIEW) == 0;
}

static gboolean
is_transactional (HmsTable *table)
{
  return parameter_is_true (table, "transactional");
}

static gboolean
is_insert_only (HmsTable *table)
{
  const char *value = parameter (table, "transactional_properties");

  return value != NULL && g_ascii_strcasecmp (value, "insert_only") == 0;
}

static char *
table_location (HmsTable *table)
{
  if (!table->__isset_sd || !table->sd->__isset_location)
    return NULL;
  return table->sd->location;
}

static void
set_location (HmsTable *table, const char *location)
{
  g_free (table->sd->location);
  table->sd->location = g_strdup (location);
  table->sd->__isset_location = location != NULL;
  table->__isset_sd = TRUE;
}

/* A _req's catalog field, when given, wins over the default or an "@cat#" prefix. */
static void
override_catalog (char **catalog, const char *catalog_argument)
{
  if (catalog_argument == NULL || catalog_argument[0] == '\0')
    return;
  g_free (*catalog);
  *catalog = hms_name_normalize (catalog_argument);
}

/* The catalog and database of a database-name argument ("@cat#db" or "db"). */
static gboolean
parse_database (HmsContext *context, const char *argument, const char *catalog_argument,
                char **catalog, char **database, GError **error)
{
  if (!hms_name_parse_database (argument, context->default_catalog, catalog, database, error))
    return FALSE;
  override_catalog (catalog, catalog_argument);
  if (*database == NULL)
    *database = g_strdup ("");
  return TRUE;
}

/* --- locations (Warehouse, FileUtils) ------------------------------------ */

/* The path of a URI without scheme and authority (Path.getPathWithoutSchemeAndAuthority). */
static const char *
path_part (const char *uri)
{
  const char *colon = uri ? strchr (uri, ':') : NULL;
  const char *slash = uri ? strchr (uri, '/') : NULL;

  if (colon == NULL || (slash != NULL && slash < colon))
    return uri;
  if (colon[1] == '/' && colon[2] == '/')
    {
      const char *path = strchr (colon + 3, '/');

      return path ? path : "";
    }
  return colon + 1;
}

/* The "scheme://authority" (or "scheme:") prefix of a URI; "" for none. */
static char *
scheme_and_authority (const char *uri)
{
  const char *path = path_part (uri);

  return g_strndup (uri, path - uri);
}

/* MetaStoreUtils.encodeTableName: characters other than letters, digits and _ become -<code>-. */
static char *
encode_table_name (const char *name)
{
  g_autofree char *lower = g_utf8_strdown (name, -1);
  GString *encoded = g_string_new (NULL);

  for (const char *c = lower; *c != '\0'; c = g_utf8_next_char (c))
    {
      gunichar character = g_utf8_get_char (c);

      if (g_unichar_isalnum (character) || character == '_')
        g_string_append_unichar (encoded, character);
      else
        g_string_append_printf (encoded, "-%u-", character);
    }
  return g_string_free (encoded, FALSE);
}

static char *
join_path (const char *parent, const char *child)
{
  return g_str_has_suffix (parent, "/") ? g_strconcat (parent, child, NULL)
                                        : g_strconcat (parent, "/", child, NULL);
}

/* Warehouse.getDatabaseManagedPath. */
static char *
database_managed_path (HmsContext *context, HmsDatabase *database)
{
  if (database->__isset_managedLocationUri && database->managedLocationUri != NULL)
    return hms_warehouse_qualify (context, database->managedLocationUri);
  if (g_strcmp0 (database->catalogName, "hive") != 0)
    return g_strdup (database->locationUri);
  return hms_warehouse_database_location (context, database->name, TRUE);
}

/* Warehouse.getDatabaseExternalPath. */
static char *
database_external_path (HmsContext *context, HmsDatabase *database)
{
  if (hms_warehouse_fs_is_below (context->warehouse_uri, database->locationUri))
    return hms_warehouse_database_location (context, database->name, FALSE);
  return hms_warehouse_qualify (context, database->locationUri);
}

/* Warehouse.getDefaultTablePath (Database, name, isExternal). */
static char *
default_table_path (HmsContext *context, HmsDatabase *database, const char *name, gboolean external)
{
  g_autofree char *database_path = NULL;
  g_autofree char *encoded = encode_table_name (name);
  g_autofree char *joined = NULL;

  if (external)
    database_path = hms_warehouse_fs_is_below (context->warehouse_uri, database->locationUri)
                      ? hms_warehouse_database_location (context, database->name, FALSE)
                      : g_strdup (database->locationUri);
  else
    database_path = database_managed_path (context, database);
  joined = join_path (database_path, encoded);
  return hms_warehouse_qualify (context, joined);
}

/* MetaStoreUtils.validateTblStorage: a location must not be a file system's root. */
static gboolean
is_root_location (const char *location)
{
  const char *path;

  if (hms_string_is_blank (location))
    return FALSE;
  path = path_part (location);
  return path[0] == '\0' || strcmp (path, "/") == 0;
}

/*
 * MetastoreDefaultTransformer.validateTablePaths: where a managed or an
 * external table may live, and where it goes when it has no location.
 */
static gboolean
validate_table_paths (HmsContext *context, HmsDatabase *database, HmsTable *table, GError **error)
{
  const char *location = table_location (table);
  const char *warehouse_path = path_part (context->warehouse_uri);

  if (g_strcmp0 (table->tableType, MANAGED_TABLE) == 0)
    {
      if (database->__isset_managedLocationUri && database->managedLocationUri != NULL)
        {
          g_autofree char *path = NULL;

          if (location != NULL)
            {
              g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                           "Location for managed table is derived from the database's "
                           "managedLocationUri, it cannot be specified by the user");
              return FALSE;
            }
          path = default_table_path (context, database, table->tableName, FALSE);
          set_location (table, path);
        }
      else if (location != NULL)
        {
          if (!hms_warehouse_fs_is_below (context->warehouse_uri, location))
            {
              g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                           "A managed table's location should be located within managed warehouse "
                           "root directory or within its database's managedLocationUri. Table %s's "
                           "location is not valid:%s, managed warehouse:%s",
                           table->tableName, location, context->warehouse_uri);
              return FALSE;
            }
        }
      else
        {
          g_autofree char *managed = database_managed_path (context, database);
          g_autofree char *encoded = encode_table_name (table->tableName);
          g_autofree char *joined = join_path (managed, encoded);
          g_autofree char *path = hms_warehouse_qualify (context, joined);

          set_location (table, path);
        }
      return TRUE;
    }

  if (location != NULL)
    {
      if (hms_warehouse_fs_is_below (warehouse_path, path_part (location)))
        {
          g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                       "An external table's location should not be located within managed "
                       "warehouse root directory, table:%s,location:%s,managed warehouse:%s",
                       table->tableName, path_part (location), warehouse_path);
          return FALSE;
        }
      return TRUE;
    }
  {
    g_autofree char *path = NULL;

    if (!hms_warehouse_fs_is_below (warehouse_path, path_part (database->locationUri)))
      path = join_path (database->locationUri, table->tableName);
    else
      path = default_table_path (context, database, table->tableName, TRUE);
    set_location (table, path);
  }
  return TRUE;
}

/* --- columns ------------------------------------------------------------ */

/* The type names MetaStoreServerUtils.validateColumnType accepts (ColumnType.AllTypes). */
static const char *const known_types[] = {
  "void", "boolean", "tinyint", "smallint", "int", "bigint", "float", "double", "string",
  "char", "varchar", "date", "datetime", "timestamp", "decimal", "binary",
  "interval_year_month", "interval_day_time", "timestamp with time zone", "array", "map",
  "struct", "uniontype", "columns", "columns.types", "column.name.delimiter", NULL,
};

/*
 * validateColumnType: the type's first token (a run of letters, digits and
 * underscores, or of other characters) must be a known type name.  NULL
 * when valid, else the message tail ("type: x").
 */
static char *
invalid_column_type (const char *type)
{
  gboolean word;
  const char *end;
  g_autofree char *token = NULL;

  if (type == NULL || type[0] == '\0')
    return g_strdup_printf ("type: %s", type ? type : "null");
  if (strcmp (type, "<derived from deserializer>") == 0)
    return NULL;
  word = g_ascii_isalnum (type[0]) || type[0] == '_';
  for (end = type + 1; *end != '\0'; end++)
    if ((g_ascii_isalnum (*end) || *end == '_') != word)
      break;
  token = g_strndup (type, end - type);
  if (g_strv_contains (known_types, token))
    return NULL;
  return g_strdup_printf ("type: %s", type);
}

/* validateTblColumns over a list; NULL when all are valid. */
static char *
invalid_columns (GPtrArray *columns)
{
  for (guint i = 0; columns != NULL && i < columns->len; i++)
    {
      HmsFieldSchema *column = g_ptr_array_index (columns, i);
      char *problem;

      if (!column->__isset_name || column->name == NULL)
        return g_strdup ("name: null");
      problem = invalid_column_type (column->__isset_type ? column->type : NULL);
      if (problem != NULL)
        return problem;
    }
  return NULL;
}

/* ColumnType.getTypeName: the lower-cased first word, with aliases. */
static char *
type_name (const char *type)
{
  g_autofree char *lower = g_ascii_strdown (type ? type : "", -1);
  const char *end = lower;

  while (g_ascii_isalnum (*end) || *end == '_')
    end++;
  {
    g_autofree char *word = g_strndup (lower, end - lower);

    if (strcmp (word, "integer") == 0)
      return g_strdup ("int");
    if (strcmp (word, "numeric") == 0)
      return g_strdup ("decimal");
    return g_steal_pointer (&word);
  }
}

static int
numeric_rank (const char *type)
{
  static const char *const order[] = { "tinyint", "smallint", "int", "bigint", "decimal", "float", "double", NULL };

  for (int i = 0; order[i] != NULL; i++)
    if (strcmp (order[i], type) == 0)
      return i + 1;
  return 0;
}

/* ColumnType.areColTypesCompatible. */
static gboolean
types_compatible (const char *from, const char *to)
{
  static const char *const primitive[] = {
    "void", "boolean", "tinyint", "smallint", "int", "bigint", "float", "double", "string",
    "varchar", "char", "date", "datetime", "timestamp", "interval_year_month",
    "interval_day_time", "decimal", "binary", "timestamp with time zone", NULL,
  };
  static const char *const strings[] = { "string", "varchar", "char", NULL };
  static const char *const dates[] = { "date", "datetime", "timestamp", "timestamp with time zone", NULL };

  if (strcmp (from, to) == 0)
    return TRUE;
  if (!g_strv_contains (primitive, from) || !g_strv_contains (primitive, to))
    return FALSE;
  if (g_strv_contains (strings, from) && g_strv_contains (strings, to))
    return TRUE;
  if (numeric_rank (from) && numeric_rank (to))
    return numeric_rank (from) < numeric_rank (to);
  if (strcmp (from, "void") == 0)
    return TRUE;
  if (g_strv_contains (dates, from) && g_strv_contains (strings, to))
    return TRUE;
  if (numeric_rank (from) && g_strv_contains (strings, to))
    return TRUE;
  return FALSE;
}

/* FieldSchema.equals with the name compared without case (MetaStoreServerUtils.areSameColumns). */
static gboolean
columns_same_ignoring_name_case (GPtrArray *a, guint a_length, GPtrArray *b)
{
  if (b == NULL || a_length > b->len || a == NULL)
    return a_length == 0;
  for (guint i = 0; i < a_length; i++)
    {
      HmsFieldSchema *left = g_ptr_array_index (a, i);
      HmsFieldSchema *right = g_ptr_array_index (b, i);

      if (g_ascii_strcasecmp (left->name ? left->name : "", right->name ? right->name : "") != 0
          || g_strcmp0 (left->__isset_type ? left->type : NULL, right->__isset_type ? right->type : NULL) != 0
          || g_strcmp0 (left->__isset_comment ? left->comment : NULL,
                        right->__isset_comment ? right->comment : NULL) != 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
same_columns (GPtrArray *old_columns, GPtrArray *new_columns)
{
  guint old_length = old_columns ? old_columns->len : 0;
  guint new_length = new_columns ? new_columns->len : 0;

  return old_length == new_length && columns_same_ignoring_name_case (old_columns, old_length, new_columns);
}

static gboolean
prefix_columns (GPtrArray *prefix, GPtrArray *columns)
{
  guint prefix_length = prefix ? prefix->len : 0;
  guint length = columns ? columns->len : 0;

  return prefix_length <= length && columns_same_ignoring_name_case (prefix, prefix_length, columns);
}

static GPtrArray *
table_columns (HmsTable *table)
{
  return table->__isset_sd && table->sd->__isset_cols ? table->sd->cols : NULL;
}

/* --- basic statistics state (StatsSetupConst) ---------------------------- */

#define COLUMN_STATS_ACCURATE "COLUMN_STATS_ACCURATE"

/*
 * Rewrites COLUMN_STATS_ACCURATE the way Jackson writes ColumnStatsAccurate:
 * {"BASIC_STATS":"true","COLUMN_STATS":{...sorted...}}, members left out
 * when false or empty.  basic: -1 keeps, 0 clears, 1 sets; `drop` lists
 * columns whose entry goes (NULL: none), `drop_all` clears every column.
 */
static void
rewrite_stats_state (HmsTable *table, int basic, GPtrArray *drop, gboolean drop_all)
{
  const char *current = parameter (table, COLUMN_STATS_ACCURATE);
  gboolean basic_stats = FALSE;
  g_autoptr (GList) names = NULL;
  g_autoptr (GHashTable) columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *text = NULL;

  if (current != NULL)
    {
      g_autoptr (JsonParser) parser = json_parser_new_immutable ();

      if (json_parser_load_from_data (parser, current, -1, NULL)
          && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          JsonObject *object = json_node_get_object (json_parser_get_root (parser));
          JsonNode *node = json_object_get_member (object, "BASIC_STATS");

          if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
            basic_stats = json_node_get_value_type (node) == G_TYPE_BOOLEAN
                            ? json_node_get_boolean (node)
                            : g_ascii_strcasecmp (json_node_get_string (node) ? json_node_get_string (node) : "", "true") == 0;
          node = json_object_get_member (object, "COLUMN_STATS");
          if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
            {
              JsonObjectIter iter;
              const char *name;
              JsonNode *value;

              json_object_iter_init (&iter, json_node_get_object (node));
              while (json_object_iter_next (&iter, &name, &value))
                g_hash_table_add (columns, g_strdup (name));
            }
        }
      else
        basic_stats = g_ascii_strcasecmp (current, "true") == 0;
    }
  else if (basic < 0)
    return;

  if (basic >= 0)
    basic_stats = basic == 1;
  if (drop_all)
    g_hash_table_remove_all (columns);
  for (guint i = 0; drop != NULL && i < drop->len; i++)
    g_hash_table_remove (columns, g_ptr_array_index (drop, i));

  json_builder_begin_object (builder);
  if (basic_stats)
    {
      json_builder_set_member_name (builder, "BASIC_STATS");
      json_builder_add_string_value (builder, "true");
    }
  names = g_list_sort (g_hash_table_get_keys (columns), (GCompareFunc) strcmp);
  if (names != NULL)
    {
      json_builder_set_member_name (builder, "COLUMN_STATS");
      json_builder_begin_object (builder);
      for (GList *name = names; name != NULL; name = name->next)
        {
          json_builder_set_member_name (builder, name->data);
          json_builder_add_string_value (builder, "true");
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  put_parameter (table, COLUMN_STATS_ACCURATE, text);
}

/* StatsSetupConst.setBasicStatsState: FALSE removes the parameter altogether. */
static void
set_basic_stats_state (HmsTable *table, gboolean accurate)
{
  if (!accurate)
    {
      if (table->__isset_parameters)
        g_hash_table_remove (table->parameters, COLUMN_STATS_ACCURATE);
      return;
    }
  rewrite_stats_state (table, 1, NULL, FALSE);
}

/*
 * MetaStoreServerUtils.updateTableStatsSlow without the file listing hms
 * cannot do: the DO_NOT_UPDATE_STATS table parameter goes, and when stats
 * are recomputed the basic statistics are marked accurate only if the
 * statistics task produced them (STATS_GENERATED=TASK).  numFiles and
 * totalSize stay as the client sent them.
 */
static void
update_table_stats_slow (HmsTable *table, gboolean new_directory, gboolean force,
                         const HmsEnvironmentContext *environment)
{
  const char *value = parameter (table, "DO_NOT_UPDATE_STATS");
  gboolean update = TRUE;

  if (value != NULL)
    {
      update = g_ascii_strcasecmp (value, "true") != 0;
      g_hash_table_remove (table->parameters, "DO_NOT_UPDATE_STATS");
    }
  if (!update || new_directory || (table->__isset_partitionKeys && table->partitionKeys->len > 0))
    return;
  if (!force && parameter (table, "numFiles") != NULL && parameter (table, "totalSize") != NULL)
    return;
  set_basic_stats_state (table, g_strcmp0 (environment_value (environment, "STATS_GENERATED"), "TASK") == 0);
}

/* --- reading ------------------------------------------------------------ */

/*
 * HMSHandler.assertClientHasCapability for insert-only tables, unless
 * metastore.client.capability.check is off.
 */
static gboolean
check_insert_only_capability (HmsContext *context, HmsTable *table,
                              const HmsClientCapabilities *capabilities, const char *call,
                              GError **error)
{
  if (!is_insert_only (table)
      || !setting_is_true (context, "metastore.client.capability.check",
                           "hive.metastore.client.capability.check", TRUE))
    return TRUE;
  for (guint i = 0; capabilities != NULL && capabilities->values != NULL && i < capabilities->values->len; i++)
    if (g_array_index (capabilities->values, gint32, i) == HMS_CLIENT_CAPABILITY_INSERT_ONLY_TABLES)
      return TRUE;
  g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
               "Your client does not appear to support insert-only tables. To skip capability checks, "
               "please set metastore.client.capability.check to false. This setting can be set "
               "globally, or on the client for the current metastore session. Note that this may "
               "lead to incorrect results, data loss, undefined behavior, etc. if your client is "
               "actually incompatible. You can also specify custom client capabilities via %s API.",
               call);
  return FALSE;
}

/* get_table_core: the table as the store has it; NO_SUCH_OBJECT "cat.db.t table not found". */
static gboolean
get_table_generic (HmsContext *context, const char *catalog_argument, const char *database_argument,
                   const char *name_argument, const HmsClientCapabilities *capabilities,
                   HmsTable *table, GError **error)
{
  g_autofree char *catalog = NULL;
  g_autofree char *database = NULL;
  g_autofree char *name = hms_name_normalize (name_argument);

  if (!parse_database (context, database_argument, catalog_argument, &catalog, &database, error))
    return FALSE;
  {
    LEASE_OR_FAIL (lease, context, error);
    if (!hms_store_table_get (lease->conn, catalog, database, name ? name : "", HMS_TABLE_LOCK_NONE,
                              table, NULL, error))
      return FALSE;
  }
  return check_insert_only_capability (context, table, capabilities, "get_table_req", error);
}

static gboolean
get_table (HmsThriftHiveMetastoreIf *iface, HmsTable **table, const gchar *database,
           const gchar *name, HmsMetaException **o1, HmsNoSuchObjectException **o2, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!get_table_generic (hms_handler_context (iface), NULL, database, name, NULL, *table, &failure))
    return hms_handler_raise ("get_table", failure, error,
                              HMS_TYPE_META_EXCEPTION, o1,
                              HMS_TYPE_NO_SUCH_OBJECT_EXCEPTION, o2, G_TYPE_INVALID);
  return TRUE;
}

static gboolean
get_table_req (HmsThriftHiveMetastoreIf *iface, HmsGetTableResult **result,
               const HmsGetTableRequest *request, HmsMetaException **o1,
               HmsNoSuchObjectException **o2, GError **error)
{
  g_autoptr (GError) failure = NULL;

  /* GetTableResult(table): isStatsCompliant stays unset, as HMSHandler builds it. */
  if (!get_table_generic (hms_handler_context (iface),
                          request->__isset_catName ? request->catName : NULL,
                          request->dbName, request->tblName,
                          request->__isset_capabilities ? request->capabilities : NULL,
                          (*result)->table, &failure))
    return hms_handler_raise ("get_table_req", failure, error,
                              HMS_TYPE_META_EXCEPTION, o1,
                              HMS_TYPE_NO_SUCH_OBJECT_EXCEPTION, o2, G_TYPE_INVALID);
  return TRUE;
}

/* getTableObjectsInternal: the named tables that exist, each once. */
static gboolean
get_table_objects_generic (HmsContext *context, const char *catalog_argument,
                           const char *database_argument, const GPtrArray *names_argument,
                           const char *pattern, const HmsClientCapabilities *capabilities,
                           GPtrArray *tables, GError **error)
{
  g_autofree char *catalog = NULL;
  g_autofree char *database = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) found = NULL;

  if (!parse_database (context, database_argument, catalog_argument, &catalog, &database, error))
    return FALSE;
  if (database[0] == '\0')
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_UNKNOWN_DB, "DB name is null or empty");
      return FALSE;
    }
  if (pattern == NULL && names_argument == NULL)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_OPERATION,
                   "%s cannot find null tables", database);
      return FALSE;
    }
  {
    LEASE_OR_FAIL (lease, context, error);

    if (pattern != NULL)
      {
        g_autofree char *likes = hms_name_pattern_to_like (pattern);
        g_autoptr (GPtrArray) matching = hms_store_table_names (lease->conn, catalog, database,
                                                                 likes, NULL, error);

        if (matching == NULL)
          return FALSE;
        for (guint i = 0; i < matching->len; i++)
          g_ptr_array_add (names, g_strdup (g_ptr_array_index (matching, i)));
      }
    else
      for (guint i = 0; i < names_argument->len; i++)
        {
          char *name = hms_name_normalize (g_ptr_array_index (names_argument, i));

          if (name == NULL || g_hash_table_contains (seen, name))
            {
              g_free (name);
              continue;
            }
          g_hash_table_add (seen, name);
          g_ptr_array_add (names, name);
        }
    found = hms_store_table_get_many (lease->conn, catalog, database, names, error);
    if (found == NULL)
      return FALSE;
    /* Hive tells a missing database from a list that matched nothing. */
    if (found->len == 0 && hms_store_database_id (lease->conn, catalog, database, FALSE, NULL) < 0)
      {
        g_set_error (error, HMS_ERROR, HMS_ERROR_UNKNOWN_DB,
                     "Could not find database %s.%s", catalog, database);
        return FALSE;
      }
  }
  for (guint i = 0; i < found->len; i++)
    if (!check_insert_only_capability (context, g_ptr_array_index (found, i), capabilities,
                                       "get_table_req", error))
      return FALSE;
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (tables, g_object_ref (g_ptr_array_index (found, i)));
  return TRUE;
}

static gboolean
get_table_objects_by_name (HmsThriftHiveMetastoreIf *iface, GPtrArray **tables,
                           const gchar *database, const GPtrArray *names, GError **error)
{
  g_autoptr (GError) failure = NULL;

  /* Hive 4.0.0 declares no exceptions here: failures reach the client as TApplicationException. */
  if (!get_table_objects_generic (hms_handler_context (iface), NULL, database, names, NULL, NULL,
                                  *tables, &failure))
    return hms_handler_raise ("get_table_objects_by_name", failure, error, G_TYPE_INVALID);
  return TRUE;
}

static gboolean
get_table_objects_by_name_req (HmsThriftHiveMetastoreIf *iface, HmsGetTablesResult **result,
                               const HmsGetTablesRequest *request, HmsMetaException **o1,
                               HmsInvalidOperationException **o2, HmsUnknownDBException **o3,
                               GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!get_table_objects_generic (hms_handler_context (iface),
                                  request->__isset_catName ? request->catName : NULL,
                                  request->dbName,
                                  request->__isset_tblNames ? request->tblNames : NULL,
                                  request->__isset_tablesPattern ? request->tablesPattern : NULL,
                                  request->__isset_capabilities ? request->capabilities : NULL,
                                  (*result)->tables, &failure))
    return hms_handler_raise ("get_table_objects_by_name_req", failure, error,
                              HMS_TYPE_META_EXCEPTION, o1,
                              HMS_TYPE_INVALID_OPERATION_EXCEPTION, o2,
                              HMS_TYPE_UNKNOWN_D_B_EXCEPTION, o3, G_TYPE_INVALID);
  return TRUE;
}

/* --- listing ------------------------------------------------------------ */

static const char *const table_types[] = {
  MANAGED_TABLE, EXTERNAL_TABLE, VIRTUAL_VIEW, MATERIALIZED_VIEW, NULL,
};

/*
 * Where a listing goes: an array the installed method returns (strings,
 * or new HmsTableMeta objects), or a streamed reply (reply_stream.c),
 * written as PostgreSQL's rows are read: get_table_meta of 200,000
 * tables then holds no object per table.
 */
static gboolean
collect_begin (gpointer into, guint count, GError **error)
{
  return TRUE;
}

static gboolean
collect_meta (gpointer into, gpointer meta, GError **error)
{
  g_ptr_array_add (into, hms_struct_copy (meta));
  return TRUE;
}

static const HmsListSink collect_metas = { collect_begin, collect_meta };

/*
 * get_tables / get_tables_by_type / get_all_tables: names matching a
 * pattern (NULL: all), handed to `sink`.  Round trips: 1.
 */
static gboolean
list_tables_generic (HmsContext *context, const char *database_argument, const char *pattern,
                     const char *table_type, const HmsListSink *sink, gpointer target,
                     GError **error)
{
  g_autofree char *catalog = NULL;
  g_autofree char *database = NULL;
  g_autofree char *likes = NULL;

  if (table_type != NULL && !g_strv_contains (table_types, table_type))
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                   "No enum constant org.apache.hadoop.hive.metastore.TableType.%s", table_type);
      return FALSE;
    }
  if (!parse_database (context, database_argument, NULL, &catalog, &database, error))
    return FALSE;
  if (pattern != NULL)
    likes = hms_name_pattern_to_like (pattern);
  LEASE_OR_FAIL (lease, context, error);
  return hms_store_table_names_each (lease->conn, catalog, database, likes, table_type,
                                     sink, target, error);
}

static gboolean
get_tables (HmsThriftHiveMetastoreIf *iface, GPtrArray **names, const gchar *database,
            const gchar *pattern, HmsMetaException **o1, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!list_tables_generic (hms_handler_context (iface), database, pattern, NULL,
                            &hms_store_collect_strings, *names, &failure))
    return hms_handler_raise ("get_tables", failure, error,
                              HMS_TYPE_META_EXCEPTION, o1, G_TYPE_INVALID);
  return TRUE;
}

static gboolean
get_tables_by_type (HmsThriftHiveMetastoreIf *iface, GPtrArray **names, const gchar *database,
                    const gchar *pattern, const gchar *table_type, HmsMetaException **o1,
                    GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!list_tables_generic (hms_handler_context (iface), database, pattern,
                            table_type ? table_type : "", &hms_store_collect_strings, *names, &failure))
    return hms_handler_raise ("get_tables_by_type", failure, error,
                              HMS_TYPE_META_EXCEPTION, o1, G_TYPE_INVALID);
  return TRUE;
}

static gboolean
get_all_tables (HmsThriftHiveMetastoreIf *iface, GPtrArray **names, const gchar *database,
                HmsMetaException **o1, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!list_tables_generic (hms_handler_context (iface), database, NULL, NULL,
                            &hms_store_collect_strings, *names, &failure))
    return hms_handler_raise ("get_all_tables", failure, error,
                              HMS_TYPE_META_EXCEPTION, o1, G_TYPE_INVALID);
  return TRUE;
}

/* get_table_meta (ObjectStore.getTableMeta), handed to `sink`.  Round trips: 1. */
static gboolean
get_table_meta_generic (HmsContext *context, const char *database_patterns,
                        const char *table_patterns, const GPtrArray *types,
                        const HmsListSink *sink, gpointer target, GError **error)
{
  g_autofree char *catalog = NULL;
  g_autofree char *database_pattern = NULL;
  g_autofree char *database_likes = NULL;
  g_autofree char *table_likes = NULL;
  g_autofree char *types_json = NULL;

  /* ObjectStore.getTableMeta: "*" (or none) means every name. */
  hms_name_parse_database (database_patterns, context->default_catalog, &catalog,
                           &database_pattern, NULL);
  if (database_pattern != NULL && strcmp (database_pattern, "*") != 0)
    database_likes = hms_name_pattern_to_like (database_pattern);
  if (table_patterns != NULL && strcmp (table_patterns, "*") != 0)
    table_likes = hms_name_pattern_to_like (table_patterns);
  if (types != NULL && types->len > 0)
    types_json = hms_json_array_from_strings ((GPtrArray *) types);
  LEASE_OR_FAIL (lease, context, error);
  return hms_store_table_meta_each (lease->conn, catalog, database_likes, table_likes,
                                    types_json, sink, target, error);
}

static gboolean
get_table_meta (HmsThriftHiveMetastoreIf *iface, GPtrArray **metas, const gchar *database_patterns,
                const gchar *table_patterns, const GPtrArray *types, HmsMetaException **o1,
                GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!get_table_meta_generic (hms_handler_context (iface), database_patterns, table_patterns,
                               types, &collect_metas, *metas, &failure))
    return hms_handler_raise ("get_table_meta", failure, error,
                              HMS_TYPE_META_EXCEPTION, o1, G_TYPE_INVALID);
  return TRUE;
}

/* The same listings as streamed replies (reply_stream.h). */
static gboolean
serve_get_tables (HmsContext *context, gpointer args, HmsReplyStream *reply, GError **failure)
{
  HmsThriftHiveMetastoreGetTablesArgs *call = args;

  return list_tables_generic (context, call->db_name, call->pattern, NULL,
                              &hms_reply_stream_sink, reply, failure);
}

static gboolean
serve_get_tables_by_type (HmsContext *context, gpointer args, HmsReplyStream *reply,
                          GError **failure)
{
  HmsThriftHiveMetastoreGetTablesByTypeArgs *call = args;

  return list_tables_generic (context, call->db_name, call->pattern,
                              call->tableType ? call->tableType : "",
                              &hms_reply_stream_sink, reply, failure);
}

static gboolean
serve_get_all_tables (HmsContext *context, gpointer args, HmsReplyStream *reply, GError **failure)
{
  HmsThriftHiveMetastoreGetAllTablesArgs *call = args;

  return list_tables_generic (context, call->db_name, NULL, NULL, &hms_reply_stream_sink, reply,
                              failure);
}

static gboolean
serve_get_table_meta (HmsContext *context, gpointer args, HmsReplyStream *reply, GError **failure)
{
  HmsThriftHiveMetastoreGetTableMetaArgs *call = args;

  return get_table_meta_generic (context, call->db_patterns, call->tbl_patterns, call->tbl_types,
                                 &hms_reply_stream_sink, reply, failure);
}

#define STREAMED(method, element_type)                                    \
  { #method, hms_thrift_hive_metastore_##method##_args_get_type,         \
    hms_thrift_hive_metastore_##method##_result_get_type, 0,             \
    element_type, serve_##method }

static const HmsStreamedMethod streamed_methods[] = {
  STREAMED (get_tables, T_STRING),
  STREAMED (get_tables_by_type, T_STRING),
  STREAMED (get_all_tables, T_STRING),
  STREAMED (get_table_meta, T_STRUCT),
};

static gboolean
get_table_names_by_filter (HmsThriftHiveMetastoreIf *iface, GPtrArray **names,
                           const gchar *database_argument, const gchar *filter,
                           const gint16 max_tables, HmsMetaException **o1,
                           HmsInvalidOperationException **o2, HmsUnknownDBException **o3,
                           GError **error)
{
  HmsContext *context = hms_handler_context (iface);
  g_autoptr (GError) failure = NULL;
  g_autofree char *catalog = NULL;
  g_autofree char *database = NULL;
  g_autoptr (GPtrArray) found = NULL;

  parse_database (context, database_argument, NULL, &catalog, &database, NULL);
  if (catalog == NULL || catalog[0] == '\0' || database[0] == '\0')
    g_set_error (&failure, HMS_ERROR, HMS_ERROR_UNKNOWN_DB, "DB name is null or empty");
  else if (filter == NULL)
    g_set_error (&failure, HMS_ERROR, HMS_ERROR_INVALID_OPERATION, "null cannot apply null filter");
  else
    {
      HmsLease *lease = hms_pool_lease (context->pool, &failure);

      if (lease != NULL)
        {
          found = hms_store_table_names_by_filter (lease->conn, catalog, database, filter,
                                                   max_tables, &failure);
          hms_lease_release (lease);
        }
    }
  if (found == NULL)
    return hms_handler_raise ("get_table_names_by_filter", failure, error,
                              HMS_TYPE_META_EXCEPTION, o1,
                              HMS_TYPE_INVALID_OPERATION_EXCEPTION, o2,
                              HMS_TYPE_UNKNOWN_D_B_EXCEPTION, o3, G_TYPE_INVALID);
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (*names, g_strdup (g_ptr_array_index (found, i)));
  return TRUE;
}

/* --- get_fields / get_schema -------------------------------------------- */

#define SERDES_USING_METASTORE_FOR_SCHEMA \
  "org.apache.hadoop.hive.ql.io.orc.OrcSerde," \
  "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe," \
  "org.apache.hadoop.hive.serde2.columnar.ColumnarSerDe," \
  "org.apache.hadoop.hive.serde2.dynamic_type.DynamicSerDe," \
  "org.apache.hadoop.hive.serde2.MetadataTypedColumnsetSerDe," \
  "org.apache.hadoop.hive.serde2.columnar.LazyBinaryColumnarSerDe," \
  "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe," \
  "org.apache.hadoop.hive.serde2.lazybinary.LazyBinarySerDe"

/*
 * get_fields_with_environment_context (with_keys: get_schema's, which adds
 * the partition keys).  The part of the name before the first '.' is the
 * table.  Columns come from the metastore only for the serdes listed in
 * metastore.serdes.using.metastore.for.schema (or none); for any other
 * Hive asks the serde through its storage schema reader, whose default
 * refuses, as hms does.
 */
static gboolean
get_fields_generic (HmsContext *context, const char *catalog_argument, const char *database_argument,
                    const char *name_argument, gboolean with_keys, GPtrArray *fields, GError **error)
{
  g_autoptr (HmsTable) table = g_object_new (HMS_TYPE_TABLE, NULL);
  g_autoptr (GError) local = NULL;
  g_auto (GStrv) parts = g_strsplit (name_argument ? name_argument : "", ".", 2);
  const char *library;
  GPtrArray *columns;

  if (!get_table_generic (context, catalog_argument, database_argument, parts[0] ? parts[0] : "",
                          NULL, table, &local))
    {
      if (g_error_matches (local, HMS_ERROR, HMS_ERROR_NO_SUCH_OBJECT))
        g_set_error_literal (error, HMS_ERROR, HMS_ERROR_UNKNOWN_TABLE, local->message);
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  library = table->sd->__isset_serdeInfo && table->sd->serdeInfo->__isset_serializationLib
              ? table->sd->serdeInfo->serializationLib : NULL;
  if (library != NULL
      && !list_setting_contains (setting (context, "metastore.serdes.using.metastore.for.schema",
                                          "hive.serdes.using.metastore.for.schema",
                                          SERDES_USING_METASTORE_FOR_SCHEMA), library))
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED, "Storage schema reading not supported");
      return FALSE;
    }
  columns = table_columns (table);
  for (guint i = 0; columns != NULL && i < columns->len; i++)
    g_ptr_array_add (fields, g_object_ref (g_ptr_array_index (columns, i)));
  for (guint i = 0; with_keys && i < table->partitionKeys->len; i++)
    g_ptr_array_add (fields, g_object_ref (g_ptr_array_index (table->partitionKeys, i)));
  return TRUE;
}

#define RAISE_FIELDS(method, failure, error, o1, o2, o3) \
  hms_handler_raise (method, failure, error, HMS_TYPE_META_EXCEPTION, o1, \
                     HMS_TYPE_UNKNOWN_TABLE_EXCEPTION, o2, HMS_TYPE_UNKNOWN_D_B_EXCEPTION, o3, \
                     G_TYPE_INVALID)

static gboolean
get_fields (HmsThriftHiveMetastoreIf *iface, GPtrArray **fields, const gchar *database,
            const gchar *name, HmsMetaException **o1, HmsUnknownTableException **o2,
            HmsUnknownDBException **o3, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!get_fields_generic (hms_handler_context (iface), NULL, database, name, FALSE, *fields, &failure))
    return RAISE_FIELDS ("get_fields", failure, error, o1, o2, o3);
  return TRUE;
}

static gboolean
get_fields_with_environment_context (HmsThriftHiveMetastoreIf *iface, GPtrArray **fields,
                                     const gchar *database, const gchar *name,
                                     const HmsEnvironmentContext *environment,
                                     HmsMetaException **o1, HmsUnknownTableException **o2,
                                     HmsUnknownDBException **o3, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!get_fields_generic (hms_handler_context (iface), NULL, database, name, FALSE, *fields, &failure))
    return RAISE_FIELDS ("get_fields_with_environment_context", failure, error, o1, o2, o3);
  return TRUE;
}

static gboolean
get_fields_req (HmsThriftHiveMetastoreIf *iface, HmsGetFieldsResponse **response,
                const HmsGetFieldsRequest *request, HmsMetaException **o1,
                HmsUnknownTableException **o2, HmsUnknownDBException **o3, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!get_fields_generic (hms_handler_context (iface),
                           request->__isset_catName ? request->catName : NULL,
                           request->dbName, request->tblName, FALSE, (*response)->fields, &failure))
    return RAISE_FIELDS ("get_fields_req", failure, error, o1, o2, o3);
  return TRUE;
}

static gboolean
get_schema (HmsThriftHiveMetastoreIf *iface, GPtrArray **fields, const gchar *database,
            const gchar *name, HmsMetaException **o1, HmsUnknownTableException **o2,
            HmsUnknownDBException **o3, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!get_fields_generic (hms_handler_context (iface), NULL, database, name, TRUE, *fields, &failure))
    return RAISE_FIELDS ("get_schema", failure, error, o1, o2, o3);
  return TRUE;
}

static gboolean
get_schema_with_environment_context (HmsThriftHiveMetastoreIf *iface, GPtrArray **fields,
                                     const gchar *database, const gchar *name,
                                     const HmsEnvironmentContext *environment,
                                     HmsMetaException **o1, HmsUnknownTableException **o2,
                                     HmsUnknownDBException **o3, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!get_fields_generic (hms_handler_context (iface), NULL, database, name, TRUE, *fields, &failure))
    return RAISE_FIELDS ("get_schema_with_environment_context", failure, error, o1, o2, o3);
  return TRUE;
}

static gboolean
get_schema_req (HmsThriftHiveMetastoreIf *iface, HmsGetSchemaResponse **response,
                const HmsGetSchemaRequest *request, HmsMetaException **o1,
                HmsUnknownTableException **o2, HmsUnknownDBException **o3, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!get_fields_generic (hms_handler_context (iface),
                           request->__isset_catName ? request->catName : NULL,
                           request->dbName, request->tblName, TRUE, (*response)->fields, &failure))
    return RAISE_FIELDS ("get_schema_req", failure, error, o1, o2, o3);
  return TRUE;
}

/* --- create ------------------------------------------------------------- */

static gboolean
has_capability (const GPtrArray *capabilities, const char *name)
{
  for (guint i = 0; capabilities != NULL && i < capabilities->len; i++)
    if (g_strcmp0 (g_ptr_array_index (capabilities, i), name) == 0)
      return TRUE;
  return FALSE;
}

/* The write capabilities of a kind of ACID table the processor lacks, as Java prints a list. */
static char *
missing_capabilities (const GPtrArray *capabilities, const char *first)
{
  const char *const wanted[] = { first, "HIVEMANAGESTATS", "HIVECACHEINVALIDATE", "CONNECTORWRITE" };
  GString *list = g_string_new ("[");

  for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
    if (!has_capability (capabilities, wanted[i]))
      g_string_append_printf (list, list->len > 1 ? ", %s" : "%s", wanted[i]);
  g_string_append_c (list, ']');
  return g_string_free (list, FALSE);
}

/*
 * MetastoreDefaultTransformer.transformCreateTable: a managed table that is
 * not ACID becomes an external table whose data is purged with it (in the
 * external warehouse when it has no location); an ACID one needs a processor
 * that can write it; locations of external and ACID tables are checked.
 */
static gboolean
transform_create (HmsContext *context, HmsDatabase *database, HmsTable *table,
                  const GPtrArray *capabilities, GError **error)
{
  if (g_strcmp0 (table->tableType, MANAGED_TABLE) == 0)
    {
      const char *transactional = parameter (table, "transactional");

      if ((transactional == NULL || g_ascii_strcasecmp (transactional, "false") == 0)
          && !is_insert_only (table))
        {
          g_free (table->tableType);
          table->tableType = g_strdup (EXTERNAL_TABLE);
          if (table->__isset_parameters)
            {
              g_hash_table_remove (table->parameters, "transactional");
              g_hash_table_remove (table->parameters, "transactional_properties");
            }
          put_parameter (table, "EXTERNAL", "TRUE");
          put_parameter (table, "external.table.purge", "TRUE");
          put_parameter (table, "TRANSLATED_TO_EXTERNAL", "TRUE");
          if (table_location (table) == NULL)
            {
              g_autofree char *path = default_table_path (context, database, table->tableName, TRUE);

              set_location (table, path);
            }
          return TRUE;
        }
      if (capabilities == NULL || capabilities->len == 0)
        {
          g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                       "Processor has no capabilities, cannot create an ACID table.");
          return FALSE;
        }
      if (!validate_table_paths (context, database, table, error))
        return FALSE;
      if (is_insert_only (table) && !has_capability (capabilities, "HIVEMANAGEDINSERTWRITE"))
        {
          g_autofree char *missing = missing_capabilities (capabilities, "HIVEMANAGEDINSERTWRITE");

          g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                       "Processor does not have capabilities to create a INSERT ACID table:%s", missing);
          return FALSE;
        }
      if (!is_insert_only (table) && !has_capability (capabilities, "HIVEFULLACIDWRITE"))
        {
          g_autofree char *missing = missing_capabilities (capabilities, "HIVEFULLACIDWRITE");

          g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                       "Processor does not have capabilities to create a FULL ACID table:%s", missing);
          return FALSE;
        }
      return TRUE;
    }
  if (g_strcmp0 (table->tableType, EXTERNAL_TABLE) == 0)
    return validate_table_paths (context, database, table, error);
  return TRUE;
}

/* ObjectStore.convertToMTable: the EXTERNAL parameter decides between managed and external. */
static void
adjust_table_type (HmsTable *table)
{
  const char *type = table->__isset_tableType ? table->tableType : NULL;

  if (g_strcmp0 (type, MANAGED_TABLE) == 0 && is_external (table))
    {
      g_free (table->tableType);
      table->tableType = g_strdup (EXTERNAL_TABLE);
    }
  else if (g_strcmp0 (type, EXTERNAL_TABLE) == 0 && !is_external (table))
    {
      g_free (table->tableType);
      table->tableType = g_strdup (MANAGED_TABLE);
    }
}

/* validateSkewedColNamesSubsetCol: skewed columns missing from the table, as a Java list, or NULL. */
static char *
invalid_skew_columns (HmsTable *table)
{
  HmsSkewedInfo *skew = table->sd->__isset_skewedInfo ? table->sd->skewedInfo : NULL;
  GPtrArray *columns = table_columns (table);
  GString *missing;

  if (skew == NULL || !skew->__isset_skewedColNames || skew->skewedColNames->len == 0)
    return NULL;
  missing = g_string_new ("[");
  for (guint i = 0; i < skew->skewedColNames->len; i++)
    {
      const char *name = g_ptr_array_index (skew->skewedColNames, i);
      gboolean found = FALSE;

      for (guint j = 0; columns != NULL && j < columns->len && !found; j++)
        found = g_strcmp0 (((HmsFieldSchema *) g_ptr_array_index (columns, j))->name, name) == 0;
      if (!found)
        g_string_append_printf (missing, missing->len > 1 ? ", %s" : "%s", name ? name : "null");
    }
  if (missing->len == 1)
    {
      g_string_free (missing, TRUE);
      return NULL;
    }
  g_string_append_c (missing, ']');
  return g_string_free (missing, FALSE);
}

/* The database a table goes into; Hive's "There is no database cat.db" when absent. */
static HmsDatabase *
load_database (PGconn *conn, const char *catalog, const char *name, gint64 *id, GError **error)
{
  g_autoptr (HmsDatabase) database = g_object_new (HMS_TYPE_DATABASE, NULL);
  g_autoptr (GError) local = NULL;

  if (!hms_store_database_get (conn, catalog, name, database, &local)
      || (id != NULL && (*id = hms_store_database_id (conn, catalog, name, FALSE, &local)) < 0))
    {
      if (g_error_matches (local, HMS_ERROR, HMS_ERROR_NO_SUCH_OBJECT))
        g_set_error (error, HMS_ERROR, HMS_ERROR_NO_SUCH_OBJECT,
                     "There is no database %s.%s", catalog, name);
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  return g_steal_pointer (&database);
}

static gboolean
table_exists (PGconn *conn, const char *catalog, const char *database, const char *name,
              gboolean *exists, GError **error)
{
  g_autoptr (HmsTable) found = g_object_new (HMS_TYPE_TABLE, NULL);
  g_autoptr (GError) local = NULL;

  *exists = hms_store_table_get (conn, catalog, database, name, HMS_TABLE_LOCK_NONE, found, NULL, &local);
  if (!*exists && !g_error_matches (local, HMS_ERROR, HMS_ERROR_NO_SUCH_OBJECT))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

/*
 * HMSHandler.create_table_core on a copy of the client's table: checks,
 * names, the transformer, location, statistics state, times, then one
 * transaction for the rows.
 */
static gboolean
create_table_generic (HmsContext *context, HmsTable *table, const HmsEnvironmentContext *environment,
                      const GPtrArray *capabilities, GError **error)
{
  g_autofree char *catalog = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *now = NULL;
  g_autoptr (HmsDatabase) database = NULL;
  gint64 database_id = -1;
  gboolean exists = FALSE;
  gint64 seconds = g_get_real_time () / G_USEC_PER_SEC;

  if (!table->__isset_dbName || table->dbName == NULL)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED, "Null database name is not allowed");
      return FALSE;
    }
  if (!table->__isset_tableName || !hms_name_is_valid (table->tableName, special_characters_allowed (context)))
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_OBJECT, "%s is not a valid object name",
                   table->__isset_tableName && table->tableName ? table->tableName : "null");
      return FALSE;
    }
  if (!table->__isset_sd)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED, "table %s has no storage descriptor",
                   table->tableName);
      return FALSE;
    }
  if (is_root_location (table_location (table)))
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_OBJECT, "%s location must not be root path",
                   table->tableName);
      return FALSE;
    }
  if (!table->__isset_catName || table->catName == NULL)
    {
      g_free (table->catName);
      table->catName = g_strdup (context->default_catalog);
      table->__isset_catName = TRUE;
    }
  catalog = hms_name_normalize (table->catName);

  {
    LEASE_OR_FAIL (lease, context, error);
    g_autofree char *database_name = hms_name_normalize (table->dbName);
    g_autofree char *table_name = hms_name_normalize (table->tableName);
    g_autoptr (GError) local = NULL;

    if (!hms_db_begin (lease->conn, error))
      return FALSE;
    database = load_database (lease->conn, catalog, database_name, &database_id, &local);
    if (database == NULL)
      {
        /* create_table turns a missing database into InvalidObjectException. */
        if (g_error_matches (local, HMS_ERROR, HMS_ERROR_NO_SUCH_OBJECT))
          g_set_error_literal (error, HMS_ERROR, HMS_ERROR_INVALID_OBJECT, local->message);
        else
          g_propagate_error (error, g_steal_pointer (&local));
        return FALSE;
      }
    if (database->type == HMS_DATABASE_TYPE_REMOTE)
      {
        g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                     "Create table in REMOTE database %s is not allowed", database->name);
        return FALSE;
      }
    if (!table_exists (lease->conn, catalog, database_name, table_name, &exists, error))
      return FALSE;
    if (exists)
      {
        g_set_error (error, HMS_ERROR, HMS_ERROR_ALREADY_EXISTS, "Table %s.%s.%s already exists",
                     table->catName, table->dbName, table->tableName);
        return FALSE;
      }
    g_free (table->dbName);
    table->dbName = g_steal_pointer (&database_name);
    g_free (table->tableName);
    table->tableName = g_steal_pointer (&table_name);

    if (transformer_enabled (context) && strcmp (catalog, context->default_catalog) == 0
        && !transform_create (context, database, table, capabilities, error))
      return FALSE;

    if (table->__isset_parameters)
      {
        g_hash_table_remove (table->parameters, "created_with_ctas");
        g_hash_table_remove (table->parameters, "created_with_ctlt");
        if (environment_is_true (environment, "create_table_as_external")
            && g_strcmp0 (table->tableType, MANAGED_TABLE) == 0)
          {
            put_parameter (table, "EXTERNAL", "TRUE");
            g_free (table->tableType);
            table->tableType = g_strdup (EXTERNAL_TABLE);
          }
      }

    /* Column statistics sent with the table are not stored (Hive stores them after the create). */
    table->__isset_colStats = FALSE;
    problem = invalid_columns (table_columns (table));
    if (problem != NULL)
      {
        g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_OBJECT, "Invalid column %s", problem);
        return FALSE;
      }
    if (table->__isset_partitionKeys && (problem = invalid_columns (table->partitionKeys)) != NULL)
      {
        g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_OBJECT, "Invalid partition column %s", problem);
        return FALSE;
      }
    if ((problem = invalid_skew_columns (table)) != NULL)
      {
        g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_OBJECT, "Invalid skew column %s", problem);
        return FALSE;
      }
    if (!table->sd->__isset_serdeInfo)
      {
        g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED, "Invalid SerDeInfo object");
        return FALSE;
      }

    /*
     * Where the data lives.  Hive would also create the directory; hms
     * keeps no file system client and treats it as new, so statistics are
     * not gathered from files.
     */
    if (!is_view (table))
      {
        const char *location = table_location (table);
        g_autofree char *path = NULL;

        if (location == NULL || location[0] == '\0')
          path = default_table_path (context, database, table->tableName, is_external (table));
        else
          path = hms_warehouse_qualify (context, location);
        set_location (table, path);
        g_debug ("create_table %s.%s.%s: Hive would create the directory %s", catalog,
                 table->dbName, table->tableName, path);
      }

    if (!table->__isset_parameters)
      table->__isset_parameters = TRUE;
    if (!is_view (table)
        && setting_is_true (context, "metastore.stats.autogather", "hive.stats.autogather", TRUE)
        && !environment_is_true (environment, "DO_NOT_UPDATE_STATS"))
      update_table_stats_slow (table, TRUE, FALSE, environment);

    table->createTime = (gint32) seconds;
    table->__isset_createTime = TRUE;
    now = g_strdup_printf ("%" G_GINT64_FORMAT, seconds);
    if (parameter (table, DDL_TIME) == NULL)
      put_parameter (table, DDL_TIME, now);
    adjust_table_type (table);

    return hms_store_table_create (lease->conn, database_id, table, NULL, error)
           && hms_db_commit (lease->conn, error);
  }
}

#define RAISE_CREATE(method, failure, error, o1, o2, o3, o4) \
  hms_handler_raise (method, failure, error, HMS_TYPE_ALREADY_EXISTS_EXCEPTION, o1, \
                     HMS_TYPE_INVALID_OBJECT_EXCEPTION, o2, HMS_TYPE_META_EXCEPTION, o3, \
                     HMS_TYPE_NO_SUCH_OBJECT_EXCEPTION, o4, G_TYPE_INVALID)

static gboolean
create_table (HmsThriftHiveMetastoreIf *iface, const HmsTable *table,
              HmsAlreadyExistsException **o1, HmsInvalidObjectException **o2,
              HmsMetaException **o3, HmsNoSuchObjectException **o4, GError **error)
{
  g_autoptr (GError) failure = NULL;
  g_autoptr (HmsTable) copy = hms_struct_copy (table);

  if (!create_table_generic (hms_handler_context (iface), copy, NULL, NULL, &failure))
    return RAISE_CREATE ("create_table", failure, error, o1, o2, o3, o4);
  return TRUE;
}

static gboolean
create_table_with_environment_context (HmsThriftHiveMetastoreIf *iface, const HmsTable *table,
                                       const HmsEnvironmentContext *environment,
                                       HmsAlreadyExistsException **o1,
                                       HmsInvalidObjectException **o2, HmsMetaException **o3,
                                       HmsNoSuchObjectException **o4, GError **error)
{
  g_autoptr (GError) failure = NULL;
  g_autoptr (HmsTable) copy = hms_struct_copy (table);

  if (!create_table_generic (hms_handler_context (iface), copy, environment, NULL, &failure))
    return RAISE_CREATE ("create_table_with_environment_context", failure, error, o1, o2, o3, o4);
  return TRUE;
}

static gboolean
create_table_req (HmsThriftHiveMetastoreIf *iface, const HmsCreateTableRequest *request,
                  HmsAlreadyExistsException **o1, HmsInvalidObjectException **o2,
                  HmsMetaException **o3, HmsNoSuchObjectException **o4, GError **error)
{
  g_autoptr (GError) failure = NULL;
  g_autoptr (HmsTable) copy = hms_struct_copy (request->table);

  if ((request->__isset_primaryKeys && request->primaryKeys->len > 0)
      || (request->__isset_foreignKeys && request->foreignKeys->len > 0)
      || (request->__isset_uniqueConstraints && request->uniqueConstraints->len > 0)
      || (request->__isset_notNullConstraints && request->notNullConstraints->len > 0)
      || (request->__isset_defaultConstraints && request->defaultConstraints->len > 0)
      || (request->__isset_checkConstraints && request->checkConstraints->len > 0))
    g_warning ("create_table_req: constraints of %s.%s are not stored",
               copy->dbName ? copy->dbName : "", copy->tableName ? copy->tableName : "");
  if (!create_table_generic (hms_handler_context (iface), copy,
                             request->__isset_envContext ? request->envContext : NULL,
                             request->__isset_processorCapabilities ? request->processorCapabilities : NULL,
                             &failure))
    return RAISE_CREATE ("create_table_req", failure, error, o1, o2, o3, o4);
  return TRUE;
}

/* --- drop --------------------------------------------------------------- */

/*
 * HMSHandler.drop_table_core: the table and everything hanging off it go
 * in one statement.  Hive then deletes the data of managed tables (and of
 * external ones with external.table.purge) when deleteData is set, and
 * so does hms once the drop committed (warehouse_fs.h): the table's
 * directory and the directories of partitions outside it.
 */
static gboolean
drop_table_generic (HmsContext *context, const char *catalog_argument, const char *database_argument,
                    const char *name_argument, gboolean delete_data,
                    const HmsEnvironmentContext *environment, GError **error)
{
  g_autofree char *catalog = NULL;
  g_autofree char *database_name = NULL;
  g_autofree char *name = hms_name_normalize (name_argument ? name_argument : "");
  g_autoptr (HmsDatabase) database = NULL;
  g_autoptr (HmsTable) table = g_object_new (HMS_TYPE_TABLE, NULL);
  g_autoptr (GPtrArray) outside = g_ptr_array_new_with_free_func (g_free);
  HmsTableIds ids;
  gboolean delete_files;
  const char *location;

  if (!parse_database (context, database_argument, catalog_argument, &catalog, &database_name, error))
    return FALSE;
  {
    LEASE_OR_FAIL (lease, context, error);

    if (!hms_db_begin (lease->conn, error))
      return FALSE;
    database = load_database (lease->conn, catalog, database_name, NULL, error);
    if (database == NULL
        || !hms_store_table_get (lease->conn, catalog, database_name, name, HMS_TABLE_LOCK_UPDATE,
                                 table, &ids, error))
      return FALSE;
    if (!table->__isset_sd)
      {
        g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED, "Table metadata is corrupted");
        return FALSE;
      }
    delete_files = delete_data && (!is_external (table) || parameter_is_true (table, "external.table.purge"));
    location = table_location (table);
    if (delete_files && table->partitionKeys->len > 0)
      {
        g_autoptr (GPtrArray) partition_locations =
          hms_store_table_partition_locations (lease->conn, ids.table_id, NULL, error);

        if (partition_locations == NULL)
          return FALSE;
        for (guint i = 0; i < partition_locations->len; i++)
          if (location == NULL || !hms_warehouse_fs_is_below (location, g_ptr_array_index (partition_locations, i)))
            g_ptr_array_add (outside, g_strdup (g_ptr_array_index (partition_locations, i)));
      }
    if (hms_store_tables_delete (lease->conn, &ids.table_id, 1, error) < 0
        || !hms_db_commit (lease->conn, error))
      return FALSE;
  }
  if (delete_data && !delete_files)
    g_message ("drop_table %s.%s.%s: the data at %s is kept: the table is external without external.table.purge",
               catalog, database_name, name, location ? location : "(no location)");
  if (delete_files)
    {
      g_autofree char *what = g_strdup_printf ("drop_table %s.%s.%s", catalog, database_name, name);

      /* hms has no trash (as Hadoop with its default fs.trash.interval=0): auto.purge and ifPurge change nothing. */
      if (location != NULL)
        hms_warehouse_fs_delete_logged (context, what, location, FALSE);
      for (guint i = 0; i < outside->len; i++)
        hms_warehouse_fs_delete_logged (context, what, g_ptr_array_index (outside, i), FALSE);
    }
  return TRUE;
}

static gboolean
drop_table (HmsThriftHiveMetastoreIf *iface, const gchar *database, const gchar *name,
            const gboolean delete_data, HmsNoSuchObjectException **o1, HmsMetaException **o3,
            GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!drop_table_generic (hms_handler_context (iface), NULL, database, name, delete_data, NULL, &failure))
    return hms_handler_raise ("drop_table", failure, error, HMS_TYPE_NO_SUCH_OBJECT_EXCEPTION, o1,
                              HMS_TYPE_META_EXCEPTION, o3, G_TYPE_INVALID);
  return TRUE;
}

static gboolean
drop_table_with_environment_context (HmsThriftHiveMetastoreIf *iface, const gchar *database,
                                     const gchar *name, const gboolean delete_data,
                                     const HmsEnvironmentContext *environment,
                                     HmsNoSuchObjectException **o1, HmsMetaException **o3,
                                     GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!drop_table_generic (hms_handler_context (iface), NULL, database, name, delete_data,
                           environment, &failure))
    return hms_handler_raise ("drop_table_with_environment_context", failure, error,
                              HMS_TYPE_NO_SUCH_OBJECT_EXCEPTION, o1,
                              HMS_TYPE_META_EXCEPTION, o3, G_TYPE_INVALID);
  return TRUE;
}

static gboolean
drop_table_req (HmsThriftHiveMetastoreIf *iface, const HmsDropTableRequest *request,
                HmsNoSuchObjectException **o1, HmsMetaException **o3, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!drop_table_generic (hms_handler_context (iface),
                           request->__isset_catalogName ? request->catalogName : NULL,
                           request->dbName, request->tableName,
                           request->__isset_deleteData && request->deleteData,
                           request->__isset_envContext ? request->envContext : NULL, &failure))
    return hms_handler_raise ("drop_table_req", failure, error, HMS_TYPE_NO_SUCH_OBJECT_EXCEPTION, o1,
                              HMS_TYPE_META_EXCEPTION, o3, G_TYPE_INVALID);
  return TRUE;
}

/* --- truncate ----------------------------------------------------------- */

/*
 * HMSHandler.truncateTableInternal, metadata side: the basic statistics of
 * the table (or of its partitions, all or the named ones) become zero and
 * accurate; then the files in the directories are deleted, the
 * directories kept (warehouse_fs.h).
 */
static gboolean
truncate_table_generic (HmsContext *context, const char *database_argument, const char *name_argument,
                        const GPtrArray *partition_names, GError **error)
{
  g_autofree char *catalog = NULL;
  g_autofree char *database = NULL;
  g_autofree char *name = hms_name_normalize (name_argument ? name_argument : "");
  g_autofree char *names_json = partition_names ? hms_json_array_from_strings ((GPtrArray *) partition_names) : NULL;
  g_autoptr (HmsTable) table = g_object_new (HMS_TYPE_TABLE, NULL);
  g_autoptr (GPtrArray) locations = NULL;
  HmsTableIds ids;
  gboolean partitions;

  if (!parse_database (context, database_argument, NULL, &catalog, &database, error))
    return FALSE;
  {
    LEASE_OR_FAIL (lease, context, error);

    if (!hms_db_begin (lease->conn, error)
        || !hms_store_table_get (lease->conn, catalog, database, name, HMS_TABLE_LOCK_UPDATE,
                                 table, &ids, error))
      return FALSE;
    partitions = partition_names != NULL || table->partitionKeys->len > 0;
    if (partitions)
      locations = hms_store_table_partition_locations (lease->conn, ids.table_id, names_json, error);
    else
      {
        locations = g_ptr_array_new_with_free_func (g_free);
        if (table_location (table) != NULL)
          g_ptr_array_add (locations, g_strdup (table_location (table)));
      }
    if (locations == NULL
        || !hms_store_table_truncate_statistics (lease->conn, ids.table_id, partitions, names_json, error)
        || !hms_db_commit (lease->conn, error))
      return FALSE;
  }
  if (is_transactional (table))
    g_message ("truncate_table %s.%s.%s: the files of a transactional table are kept: Hive writes an"
               " empty base directory instead, which hms does not", catalog, database, name);
  else
    {
      g_autofree char *what = g_strdup_printf ("truncate_table %s.%s.%s", catalog, database, name);

      for (guint i = 0; i < locations->len; i++)
        hms_warehouse_fs_delete_logged (context, what, g_ptr_array_index (locations, i), TRUE);
    }
  return TRUE;
}

/* An unknown table is a NoSuchObjectException the IDL does not declare: Java sends it as an internal error. */
static gboolean
raise_truncate (const char *method, const GError *failure, GError **error, HmsMetaException **o1)
{
  if (g_error_matches (failure, HMS_ERROR, HMS_ERROR_NO_SUCH_OBJECT))
    return hms_handler_raise (method, failure, error, G_TYPE_INVALID);
  return hms_handler_raise (method, failure, error, HMS_TYPE_META_EXCEPTION, o1, G_TYPE_INVALID);
}

static gboolean
truncate_table (HmsThriftHiveMetastoreIf *iface, const gchar *database, const gchar *name,
                const GPtrArray *partition_names, HmsMetaException **o1, GError **error)
{
  g_autoptr (GError) failure = NULL;

  /* c_glib cannot tell an absent list from an empty one: both mean the whole table here. */
  if (!truncate_table_generic (hms_handler_context (iface), database, name,
                               partition_names != NULL && partition_names->len > 0 ? partition_names : NULL,
                               &failure))
    return raise_truncate ("truncate_table", failure, error, o1);
  return TRUE;
}

static gboolean
truncate_table_req (HmsThriftHiveMetastoreIf *iface, HmsTruncateTableResponse **response,
                    const HmsTruncateTableRequest *request, HmsMetaException **o1, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!truncate_table_generic (hms_handler_context (iface), request->dbName, request->tableName,
                               request->__isset_partNames ? request->partNames : NULL, &failure))
    return raise_truncate ("truncate_table_req", failure, error, o1);
  return TRUE;
}

/* --- alter -------------------------------------------------------------- */

/* MetaStoreUtils.isTranslatedToExternalTable. */
static gboolean
is_translated_to_external (HmsTable *table)
{
  return is_external (table) && parameter_is_true (table, "TRANSLATED_TO_EXTERNAL")
         && table_location (table) != NULL;
}

/* java.net.URI.relativize: the rest of `child` under `base`, or `child` itself. */
static const char *
relativize (const char *base, const char *child)
{
  g_autofree char *base_prefix = scheme_and_authority (base);
  g_autofree char *child_prefix = scheme_and_authority (child);
  const char *base_path = path_part (base);
  const char *child_path = path_part (child);
  gsize length = strlen (base_path);

  if (g_ascii_strcasecmp (base_prefix, child_prefix) != 0)
    return child;
  if (length > 0 && base_path[length - 1] == '/')
    length--;
  if (strncmp (child_path, base_path, length) != 0 || child_path[length] != '/')
    return child;
  return child_path + length + 1;
}

/* HiveAlterHandler.constructRenamedPath: the scheme and authority of `current`, the path of `default_path`. */
static char *
renamed_path (const char *default_path, const char *current)
{
  g_autofree char *prefix = scheme_and_authority (current);

  return g_strconcat (prefix, path_part (default_path), NULL);
}

static char *
replace_all (const char *text, const char *old, const char *new)
{
  g_auto (GStrv) pieces = NULL;

  if (old[0] == '\0')
    return g_strdup (text);
  pieces = g_strsplit (text, old, -1);
  return g_strjoinv (new, pieces);
}

/* A Java List of names, as toString prints it. */
static char *
java_list (GPtrArray *names)
{
  GString *text = g_string_new ("[");

  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (text, i ? ", %s" : "%s", (char *) g_ptr_array_index (names, i));
  g_string_append_c (text, ']');
  return g_string_free (text, FALSE);
}

/*
 * DefaultIncompatibleTableChangeHandler.allowChange: with
 * metastore.disallow.incompatible.col.type.changes (the default), a column
 * may change type only to a compatible one, position by position, unless
 * the table's serde is listed as allowing it.
 */
static gboolean
check_column_type_changes (HmsContext *context, HmsTable *old_table, HmsTable *new_table, GError **error)
{
  GPtrArray *old_columns = table_columns (old_table);
  GPtrArray *new_columns = table_columns (new_table);
  g_autoptr (GPtrArray) incompatible = g_ptr_array_new ();
  guint count;

  if (!hms_conf_get_bool (context->conf, HMS_CONF_DISALLOW_INCOMPATIBLE_COL_TYPE_CHANGES)
      || g_strcmp0 (old_table->tableType, VIRTUAL_VIEW) == 0
      || old_columns == NULL || new_columns == NULL)
    return TRUE;
  count = MIN (old_columns->len, new_columns->len);
  for (guint i = 0; i < count; i++)
    {
      HmsFieldSchema *old_column = g_ptr_array_index (old_columns, i);
      HmsFieldSchema *new_column = g_ptr_array_index (new_columns, i);
      g_autofree char *from = type_name (old_column->type);
      g_autofree char *to = type_name (new_column->type);

      if (!types_compatible (from, to))
        g_ptr_array_add (incompatible, new_column->name ? new_column->name : "null");
    }
  if (incompatible->len == 0)
    return TRUE;
  {
    const char *library = old_table->sd->__isset_serdeInfo && old_table->sd->serdeInfo->__isset_serializationLib
                            ? old_table->sd->serdeInfo->serializationLib : NULL;
    const char *allowed = setting (context, "metastore.allow.incompatible.col.type.changes.serdes",
                                   "hive.metastore.allow.incompatible.col.type.changes.serdes",
                                   "org.apache.hadoop.hive.kudu.KuduSerDe,org.apache.iceberg.mr.hive.HiveIcebergSerDe");
    g_autoptr (GString) names = g_string_new (NULL);

    if (list_setting_contains (allowed, library))
      return TRUE;
    for (guint i = 0; i < incompatible->len; i++)
      g_string_append_printf (names, i ? ",%s" : "%s", (char *) g_ptr_array_index (incompatible, i));
    g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_OPERATION,
                 "The following columns have types incompatible with the existing columns in their "
                 "respective positions :\n%s", names->str);
    return FALSE;
  }
}

/* HiveAlterHandler.checkPartialPartKeysEqual: same number and names (types and comments may change). */
static gboolean
partition_keys_kept (HmsTable *old_table, HmsTable *new_table)
{
  GPtrArray *old_keys = old_table->partitionKeys;
  GPtrArray *new_keys = new_table->__isset_partitionKeys ? new_table->partitionKeys : NULL;

  if (new_keys == NULL)
    return FALSE;
  if (old_keys->len != new_keys->len)
    return FALSE;
  for (guint i = 0; i < old_keys->len; i++)
    if (g_strcmp0 (((HmsFieldSchema *) g_ptr_array_index (old_keys, i))->name,
                   ((HmsFieldSchema *) g_ptr_array_index (new_keys, i))->name) != 0)
      return FALSE;
  return TRUE;
}

/* MetaStoreServerUtils.validateBucketColumns: bucket columns that are not columns. */
static char *
invalid_bucket_columns (HmsTable *table)
{
  GPtrArray *columns = table_columns (table);
  g_autoptr (GPtrArray) missing = g_ptr_array_new ();

  if (!table->sd->__isset_bucketCols || table->sd->bucketCols->len == 0 || columns == NULL || columns->len == 0)
    return NULL;
  for (guint i = 0; i < table->sd->bucketCols->len; i++)
    {
      const char *bucket = g_ptr_array_index (table->sd->bucketCols, i);
      g_autofree char *lower = g_ascii_strdown (bucket ? bucket : "", -1);
      gboolean found = FALSE;

      for (guint j = 0; j < columns->len && !found; j++)
        {
          const char *column = ((HmsFieldSchema *) g_ptr_array_index (columns, j))->name;
          g_autofree char *column_lower = g_ascii_strdown (column ? column : "", -1);

          found = strcmp (lower, column_lower) == 0;
        }
      if (!found)
        g_ptr_array_add (missing, (gpointer) bucket);
    }
  return missing->len > 0 ? java_list (missing) : NULL;
}

/*
 * A rename that Hive answers by moving the data (HiveAlterHandler): sets the
 * new table's location, and returns the old and new table locations when
 * the data moves, for the partitions under it.
 */
static void
plan_rename_location (HmsContext *context, HmsTable *old_table, HmsTable *new_table,
                      HmsDatabase *old_database, HmsDatabase *new_database,
                      const char *old_name, gboolean translated, char **source, char **destination)
{
  const char *old_location = table_location (old_table);
  g_autofree char *managed = database_managed_path (context, old_database);
  const char *relative = relativize (managed, old_location);
  g_autofree char *with_slash = g_strconcat (old_name, "/", NULL);
  gboolean specified_location = g_ascii_strcasecmp (relative, old_name) != 0
                                && g_ascii_strcasecmp (relative, with_slash) != 0;
  g_autofree char *target = NULL;

  if (!translated && specified_location)
    return;
  if (translated && !specified_location)
    target = g_strdup (table_location (new_table));
  else
    {
      g_autofree char *database_path = translated ? database_external_path (context, new_database)
                                                  : database_managed_path (context, new_database);
      g_autofree char *base = renamed_path (database_path, old_location);

      target = join_path (base, new_table->tableName);
      set_location (new_table, target);
    }
  if (target != NULL && g_strcmp0 (target, old_location) != 0)
    {
      g_message ("alter_table: Hive would move the directory %s to %s; hms does not move data files",
                 old_location, target);
      *source = g_strdup (old_location);
      *destination = g_steal_pointer (&target);
    }
}

/* Partitions under a moved table directory follow it (path part replaced, their own scheme kept). */
static gboolean
move_partitions (PGconn *conn, gint64 table_id, const char *source, const char *destination,
                 GError **error)
{
  g_autoptr (GArray) sd_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GPtrArray) locations = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) moved_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GPtrArray) moved = g_ptr_array_new_with_free_func (g_free);
  const char *old_path = path_part (source);
  const char *new_path = path_part (destination);

  if (!hms_store_table_partition_descriptors (conn, table_id, sd_ids, locations, error))
    return FALSE;
  for (guint i = 0; i < locations->len; i++)
    {
      const char *location = g_ptr_array_index (locations, i);
      g_autofree char *prefix = NULL;
      g_autofree char *path = NULL;

      if (location == NULL || strstr (location, old_path) == NULL)
        continue;
      prefix = scheme_and_authority (location);
      path = replace_all (path_part (location), old_path, new_path);
      g_array_append_val (moved_ids, g_array_index (sd_ids, gint64, i));
      g_ptr_array_add (moved, g_strconcat (prefix, path, NULL));
    }
  return hms_store_sd_set_locations (conn, (gint64 *) moved_ids->data,
                                     (const char *const *) moved->pdata, moved->len, error);
}

/*
 * HMSHandler.alter_table_core and HiveAlterHandler.alterTable on a copy of
 * the client's table, in one transaction.
 */
static gboolean
alter_table_generic (HmsContext *context, const char *catalog_argument, const char *database_argument,
                     const char *name_argument, HmsTable *new_table,
                     const HmsEnvironmentContext *environment, const char *valid_write_ids,
                     GError **error)
{
  g_autofree char *catalog = NULL;
  g_autofree char *database_name = NULL;
  g_autofree char *name = hms_name_normalize (name_argument ? name_argument : "");
  g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
  g_autofree char *new_name = NULL;
  g_autofree char *new_database_name = NULL;
  g_autofree char *new_catalog = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *source = NULL;
  g_autofree char *destination = NULL;
  g_autoptr (HmsTable) old_table = g_object_new (HMS_TYPE_TABLE, NULL);
  g_autoptr (HmsDatabase) old_database = NULL;
  g_autoptr (HmsDatabase) new_database = NULL;
  g_autoptr (GPtrArray) stale = NULL;
  g_autoptr (GError) local = NULL;
  HmsPartitionStatistics partition_statistics = HMS_PARTITION_STATISTICS_KEEP;
  gboolean cascade = g_strcmp0 (environment_value (environment, "CASCADE"), "true") == 0;
  gboolean rename, partitioned, location_flow, cascade_columns = FALSE;
  const char *expected_key, *expected_value;
  gint64 new_database_id = -1;
  HmsTableIds ids;

  if (!parse_database (context, database_argument, catalog_argument, &catalog, &database_name, error))
    return FALSE;

  /* alter_table_core */
  if (parameter (new_table, DDL_TIME) == NULL)
    put_parameter (new_table, DDL_TIME, now);
  if (new_table->__isset_sd && !hms_string_is_blank (table_location (new_table)))
    {
      g_autofree char *qualified = hms_warehouse_qualify (context, table_location (new_table));

      set_location (new_table, qualified);
    }
  if (!new_table->__isset_catName || new_table->catName == NULL)
    {
      g_free (new_table->catName);
      new_table->catName = g_strdup (catalog);
      new_table->__isset_catName = TRUE;
    }

  LEASE_OR_FAIL (lease, context, error);
  if (!hms_db_begin (lease->conn, error))
    return FALSE;
  if (!hms_store_table_get (lease->conn, catalog, database_name, name, HMS_TABLE_LOCK_UPDATE,
                            old_table, &ids, &local))
    {
      if (g_error_matches (local, HMS_ERROR, HMS_ERROR_NO_SUCH_OBJECT))
        g_set_error_literal (error, HMS_ERROR, HMS_ERROR_INVALID_OPERATION, local->message);
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  if (!new_table->__isset_tableName || new_table->tableName == NULL
      || !new_table->__isset_dbName || new_table->dbName == NULL || !new_table->__isset_sd)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED, "new table %s is incomplete: it needs a name, "
                   "a database and a storage descriptor", name);
      return FALSE;
    }
  new_name = g_utf8_strdown (new_table->tableName, -1);
  new_database_name = g_utf8_strdown (new_table->dbName, -1);
  new_catalog = hms_name_normalize (new_table->catName);

  /* MetastoreDefaultTransformer.transformAlterTable: a new location is checked like a created table's. */
  if (transformer_enabled (context) && strcmp (new_catalog, context->default_catalog) == 0
      && table_location (new_table) != NULL && table_location (old_table) != NULL
      && strcmp (table_location (new_table), table_location (old_table)) != 0)
    {
      g_autoptr (HmsDatabase) target = load_database (lease->conn, new_catalog, new_database_name, NULL, NULL);

      if (target == NULL)
        {
          g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED, "Database %s for table %s could not be found",
                       new_table->tableName, new_table->tableName);
          return FALSE;
        }
      if (!validate_table_paths (context, target, new_table, error))
        return FALSE;
    }

  if (!hms_name_is_valid (new_name, special_characters_allowed (context)))
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_OPERATION, "%s is not a valid object name", new_name);
      return FALSE;
    }
  if ((problem = invalid_columns (table_columns (new_table))) != NULL)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_OPERATION, "Invalid column %s", problem);
      return FALSE;
    }
  if ((problem = invalid_bucket_columns (new_table)) != NULL)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_OPERATION,
                   "Bucket columns - %s doesn't match with any table columns", problem);
      return FALSE;
    }
  if (g_ascii_strcasecmp (catalog, new_table->catName) != 0)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_OPERATION,
                   "Tables cannot be moved between catalogs, old catalog%s, new catalog %s",
                   catalog, new_table->catName);
      return FALSE;
    }
  rename = strcmp (new_name, name) != 0 || strcmp (new_database_name, database_name) != 0;
  if (rename)
    {
      gboolean exists = FALSE;

      if (!table_exists (lease->conn, catalog, new_database_name, new_name, &exists, error))
        return FALSE;
      if (exists)
        {
          g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_OPERATION, "new table %s.%s already exists",
                       new_database_name, new_name);
          return FALSE;
        }
    }

  /* The optimistic check of HIVE-26882 (Iceberg commits without locks). */
  expected_key = environment_value (environment, "expected_parameter_key");
  expected_value = environment_value (environment, "expected_parameter_value");
  if (expected_key != NULL && expected_value != NULL
      && g_strcmp0 (expected_value, parameter (old_table, expected_key)) != 0)
    {
      const char *current = parameter (old_table, expected_key);

      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                   "The table has been modified. The parameter value for key '%s' is '%s'. "
                   "The expected was value was '%s'",
                   expected_key, current ? current : "null", expected_value);
      return FALSE;
    }

  old_database = load_database (lease->conn, catalog, database_name, NULL, error);
  if (old_database == NULL)
    return FALSE;
  new_database = load_database (lease->conn, catalog, new_database_name, &new_database_id, &local);
  if (new_database == NULL)
    {
      if (g_error_matches (local, HMS_ERROR, HMS_ERROR_NO_SUCH_OBJECT))
        g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_OPERATION,
                     "Unable to change partition or table. Object %s does not exist. "
                     "Check metastore logs for detailed stack.", local->message);
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  if (!check_column_type_changes (context, old_table, new_table, error))
    return FALSE;
  if (g_strcmp0 (old_table->tableType, VIRTUAL_VIEW) != 0
      && !environment_is_true (environment, "allow_partition_key_change")
      && !partition_keys_kept (old_table, new_table))
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_OPERATION, "partition keys can not be changed.");
      return FALSE;
    }
  if (!new_table->sd->__isset_serdeInfo)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED, "Invalid SerDeInfo object");
      return FALSE;
    }
  partitioned = old_table->partitionKeys->len > 0;

  /* Renames that move the data (or, for external tables, only rename). */
  {
    gboolean old_view = g_strcmp0 (old_table->tableType, VIRTUAL_VIEW) == 0;
    const char *old_location = table_location (old_table);
    const char *new_location = table_location (new_table);
    const char *iceberg = parameter (new_table, "table_type");
    gboolean renamed_managed = rename && !old_view
                               && (g_strcmp0 (old_location, new_location) == 0 || hms_string_is_blank (new_location))
                               && !is_external (old_table);
    gboolean renamed_translated = rename && is_translated_to_external (old_table)
                                  && is_translated_to_external (new_table);
    gboolean renamed_external = rename && is_external (old_table)
                                && !parameter_is_true (old_table, "TRANSLATED_TO_EXTERNAL");

    location_flow = !(rename && iceberg != NULL && g_ascii_strcasecmp (iceberg, "ICEBERG") == 0)
                    && (renamed_managed || renamed_translated || renamed_external);
    if (location_flow && !renamed_external && old_location != NULL)
      {
        g_free (new_table->tableName);
        new_table->tableName = g_strdup (new_name);
        plan_rename_location (context, old_table, new_table, old_database, new_database, name,
                              renamed_translated, &source, &destination);
      }
  }

  if (!location_flow)
    {
      gboolean require_stats = !(g_strcmp0 (environment_value (environment, "DO_NOT_UPDATE_STATS"), "true") == 0)
                               && !is_view (new_table);

      if (require_stats && !partitioned)
        update_table_stats_slow (new_table, FALSE, TRUE, environment);
      if (partitioned)
        {
          gboolean run = (cascade && !same_columns (table_columns (old_table), table_columns (new_table)))
                         || (!cascade && !prefix_columns (table_columns (old_table), table_columns (new_table)));

          if (run)
            {
              if (cascade || setting_is_true (context, "metastore.colstats.retain.on.column.removal",
                                              "hive.metastore.colstats.retain.on.column.removal", TRUE))
                partition_statistics = HMS_PARTITION_STATISTICS_STALE;
              else
                partition_statistics = HMS_PARTITION_STATISTICS_ALL;
              cascade_columns = cascade;
            }
          else
            g_debug ("alter_table %s.%s.%s: not cascaded to partitions", catalog, database_name, name);
        }
    }

  /* Column statistics of columns that went or changed type go (deleteTableColumnStats). */
  stale = hms_store_table_delete_stale_column_statistics (lease->conn, ids.table_id,
                                                          table_columns (new_table),
                                                          partition_statistics, error);
  if (stale == NULL)
    return FALSE;
  if (stale->len > 0)
    rewrite_stats_state (new_table, -1, stale, FALSE);

  if (cascade_columns)
    {
      g_autoptr (GArray) sd_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

      if (!hms_store_table_partition_descriptors (lease->conn, ids.table_id, sd_ids, NULL, error)
          || !hms_store_sd_set_columns (lease->conn, (gint64 *) sd_ids->data, sd_ids->len,
                                        table_columns (new_table), error))
        return FALSE;
    }

  /* ObjectStore.alterTable */
  g_free (new_table->tableName);
  new_table->tableName = g_strdup (new_name);
  g_free (new_table->dbName);
  new_table->dbName = g_strdup (new_database_name);
  adjust_table_type (new_table);
  if (!same_columns (table_columns (old_table), table_columns (new_table)))
    ids.column_descriptor_id = 0;
  ids.database_id = new_database_id;
  if (!hms_store_table_update (lease->conn, &ids, new_table,
                               valid_write_ids != NULL && is_transactional (new_table)
                               && new_table->__isset_writeId ? new_table->writeId : -1,
                               error))
    return FALSE;
  if (partitioned && destination != NULL
      && !move_partitions (lease->conn, ids.table_id, source, destination, error))
    return FALSE;
  return hms_db_commit (lease->conn, error);
}

#define RAISE_ALTER(method, failure, error, o1, o2) \
  hms_handler_raise (method, failure, error, HMS_TYPE_INVALID_OPERATION_EXCEPTION, o1, \
                     HMS_TYPE_META_EXCEPTION, o2, G_TYPE_INVALID)

static gboolean
alter_table (HmsThriftHiveMetastoreIf *iface, const gchar *database, const gchar *name,
             const HmsTable *table, HmsInvalidOperationException **o1, HmsMetaException **o2,
             GError **error)
{
  g_autoptr (GError) failure = NULL;
  g_autoptr (HmsTable) copy = hms_struct_copy (table);

  if (!alter_table_generic (hms_handler_context (iface), NULL, database, name, copy, NULL, NULL, &failure))
    return RAISE_ALTER ("alter_table", failure, error, o1, o2);
  return TRUE;
}

static gboolean
alter_table_with_environment_context (HmsThriftHiveMetastoreIf *iface, const gchar *database,
                                      const gchar *name, const HmsTable *table,
                                      const HmsEnvironmentContext *environment,
                                      HmsInvalidOperationException **o1, HmsMetaException **o2,
                                      GError **error)
{
  g_autoptr (GError) failure = NULL;
  g_autoptr (HmsTable) copy = hms_struct_copy (table);

  if (!alter_table_generic (hms_handler_context (iface), NULL, database, name, copy, environment,
                            NULL, &failure))
    return RAISE_ALTER ("alter_table_with_environment_context", failure, error, o1, o2);
  return TRUE;
}

static gboolean
alter_table_with_cascade (HmsThriftHiveMetastoreIf *iface, const gchar *database, const gchar *name,
                          const HmsTable *table, const gboolean cascade,
                          HmsInvalidOperationException **o1, HmsMetaException **o2, GError **error)
{
  g_autoptr (GError) failure = NULL;
  g_autoptr (HmsTable) copy = hms_struct_copy (table);
  g_autoptr (HmsEnvironmentContext) environment = g_object_new (HMS_TYPE_ENVIRONMENT_CONTEXT, NULL);

  if (cascade)
    {
      g_hash_table_replace (environment->properties, g_strdup ("CASCADE"), g_strdup ("true"));
      environment->__isset_properties = TRUE;
    }
  if (!alter_table_generic (hms_handler_context (iface), NULL, database, name, copy,
                            cascade ? environment : NULL, NULL, &failure))
    return RAISE_ALTER ("alter_table_with_cascade", failure, error, o1, o2);
  return TRUE;
}

static gboolean
alter_table_req (HmsThriftHiveMetastoreIf *iface, HmsAlterTableResponse **response,
                 const HmsAlterTableRequest *request, HmsInvalidOperationException **o1,
                 HmsMetaException **o2, GError **error)
{
  g_autoptr (GError) failure = NULL;
  g_autoptr (HmsTable) copy = hms_struct_copy (request->table);
  g_autoptr (HmsEnvironmentContext) environment =
    request->__isset_environmentContext ? hms_struct_copy (request->environmentContext)
                                        : g_object_new (HMS_TYPE_ENVIRONMENT_CONTEXT, NULL);

  /* The request's own expected-parameter fields mean what the environment keys mean. */
  if (request->__isset_expectedParameterKey && request->__isset_expectedParameterValue)
    {
      g_hash_table_replace (environment->properties, g_strdup ("expected_parameter_key"),
                            g_strdup (request->expectedParameterKey));
      g_hash_table_replace (environment->properties, g_strdup ("expected_parameter_value"),
                            g_strdup (request->expectedParameterValue));
      environment->__isset_properties = TRUE;
    }
  if (request->__isset_writeId && request->writeId > 0 && !copy->__isset_writeId)
    {
      copy->writeId = request->writeId;
      copy->__isset_writeId = TRUE;
    }
  if (!alter_table_generic (hms_handler_context (iface),
                            request->__isset_catName ? request->catName : NULL,
                            request->dbName, request->tableName, copy, environment,
                            request->__isset_validWriteIdList ? request->validWriteIdList : NULL,
                            &failure))
    return RAISE_ALTER ("alter_table_req", failure, error, o1, o2);
  return TRUE;
}

void
hms_api_table_install (HmsThriftHiveMetastoreHandlerClass *klass)
{
  klass->create_table = create_table;
  klass->create_table_with_environment_context = create_table_with_environment_context;
  klass->create_table_req = create_table_req;
  klass->get_table = get_table;
  klass->get_table_req = get_table_req;
  klass->get_table_objects_by_name = get_table_objects_by_name;
  klass->get_table_objects_by_name_req = get_table_objects_by_name_req;
  klass->get_tables = get_tables;
  klass->get_tables_by_type = get_tables_by_type;
  klass->get_all_tables = get_all_tables;
  klass->get_table_meta = get_table_meta;
  hms_reply_stream_register (streamed_methods, G_N_ELEMENTS (streamed_methods));
  klass->get_table_names_by_filter = get_table_names_by_filter;
  klass->get_fields = get_fields;
  klass->get_fields_with_environment_context = get_fields_with_environment_context;
  klass->get_fields_req = get_fields_req;
  klass->get_schema = get_schema;
  klass->get_schema_with_environment_context = get_schema_with_environment_context;
  klass->get_schema_req = get_schema_req;
  klass->alter_table = alter_table;
  klass->alter_table_with_environment_context = alter_table_with_environment_context;
  klass->alter_table_with_cascade = alter_table_with_cascade;
  klass->alter_table_req = alter_table_req;
  klass->drop_table = drop_table;
  klass->drop_table_with_environment_context = drop_table_with_environment_context;
  klass->drop_table_req = drop_table_req;
  klass->truncate_table = truncate_table;
  klass->truncate_table_req = truncate_table_req;
}
