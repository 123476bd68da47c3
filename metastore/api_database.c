/*
 * api_database.c
 *    The database methods of the HMS API: get_database(_req),
 *    get_databases, get_all_databases, create_database(_req),
 *    drop_database(_req), alter_database(_req).
 *
 * Each method is a thin wrapper that names its exceptions; the work is in
 * a ...Generic function shared by a method and its _req variant.  Checks
 * and messages follow Hive's HMSHandler so clients see what the Java server
 * would say.  Every write is one transaction.
 */
#include "handler.h"
#include "db.h"
#include "error.h"
#include "names.h"
#include "store.h"
#include "store_table.h"
#include "warehouse.h"
#include "warehouse_fs.h"

#include <string.h>

#define DEFAULT_DATABASE_NAME "default"

/* Borrowing a connection, as every method starts. */
#define LEASE_OR_FAIL(lease, context, failure)                       \
  g_autoptr (HmsLease) lease = hms_pool_lease ((context)->pool, failure); \
  if (lease == NULL)                                                  \
    return FALSE

/* A _req's catalog field, when given, wins over the default or an "@cat#" prefix. */
static void
override_catalog (char **catalog, const char *catalog_argument)
{
  if (catalog_argument == NULL || catalog_argument[0] == '\0')
    return;
  g_free (*catalog);
  *catalog = hms_name_normalize (catalog_argument);
}

static gboolean
get_database_generic (HmsContext *context, const char *catalog_argument,
                      const char *name_argument, HmsDatabase *database, GError **error)
{
  g_autofree char *catalog = NULL;
  g_autofree char *name = NULL;

  if (!hms_name_parse_database (name_argument, context->default_catalog, &catalog, &name, error))
    return FALSE;
  override_catalog (&catalog, catalog_argument);
  if (name == NULL || name[0] == '\0')
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_NO_SUCH_OBJECT,
                   "database name is empty");
      return FALSE;
    }
  {
    LEASE_OR_FAIL (lease, context, error);
    return hms_store_database_get (lease->conn, catalog, name, database, error);
  }
}

static gboolean
get_database (HmsThriftHiveMetastoreIf *iface, HmsDatabase **database, const gchar *name,
              HmsNoSuchObjectException **o1, HmsMetaException **o2, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!get_database_generic (hms_handler_context (iface), NULL, name, *database, &failure))
    return hms_handler_raise ("get_database", failure, error,
                              HMS_TYPE_NO_SUCH_OBJECT_EXCEPTION, o1,
                              HMS_TYPE_META_EXCEPTION, o2, G_TYPE_INVALID);
  return TRUE;
}

static gboolean
get_database_req (HmsThriftHiveMetastoreIf *iface, HmsDatabase **database,
                  const HmsGetDatabaseRequest *request,
                  HmsNoSuchObjectException **o1, HmsMetaException **o2, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!get_database_generic (hms_handler_context (iface),
                             request->__isset_catalogName ? request->catalogName : NULL,
                             request->name, *database, &failure))
    return hms_handler_raise ("get_database_req", failure, error,
                              HMS_TYPE_NO_SUCH_OBJECT_EXCEPTION, o1,
                              HMS_TYPE_META_EXCEPTION, o2, G_TYPE_INVALID);
  return TRUE;
}

/* Names matching a Hive pattern (NULL: all) in the catalog a "@cat#" prefix names. */
static gboolean
list_databases_generic (HmsContext *context, const char *pattern_argument,
                        GPtrArray *names, GError **error)
{
  g_autofree char *catalog = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *likes = NULL;
  g_autoptr (GPtrArray) found = NULL;

  /* Hive answers a null pattern with no names, and "*" with all. */
  if (pattern_argument == NULL)
    return TRUE;
  if (!hms_name_parse_database (pattern_argument, context->default_catalog,
                                &catalog, &pattern, error))
    return FALSE;
  if (pattern != NULL && strcmp (pattern, "*") != 0)
    likes = hms_name_pattern_to_like (pattern);
  {
    LEASE_OR_FAIL (lease, context, error);
    found = hms_store_database_names (lease->conn, catalog, likes, error);
  }
  if (found == NULL)
    return FALSE;
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (names, g_strdup (g_ptr_array_index (found, i)));
  return TRUE;
}

static gboolean
get_databases (HmsThriftHiveMetastoreIf *iface, GPtrArray **names, const gchar *pattern,
               HmsMetaException **o1, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!list_databases_generic (hms_handler_context (iface), pattern, *names, &failure))
    return hms_handler_raise ("get_databases", failure, error,
                              HMS_TYPE_META_EXCEPTION, o1, G_TYPE_INVALID);
  return TRUE;
}

static gboolean
get_all_databases (HmsThriftHiveMetastoreIf *iface, GPtrArray **names,
                   HmsMetaException **o1, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!list_databases_generic (hms_handler_context (iface), "*", *names, &failure))
    return hms_handler_raise ("get_all_databases", failure, error,
                              HMS_TYPE_META_EXCEPTION, o1, G_TYPE_INVALID);
  return TRUE;
}

/*
 * Fills in what Hive fills in before a database is stored: normalised name
 * and catalog, the location under the warehouse when none is given (a given
 * one qualified), the creation time.
 */
static gboolean
prepare_new_database (HmsContext *context, HmsDatabase *database, GError **error)
{
  g_autofree char *name = hms_name_normalize (database->name);
  g_autofree char *catalog = NULL;

  if (!hms_name_is_valid (name, hms_conf_get_bool (context->conf, HMS_CONF_SUPPORT_SPECIAL_CHARACTERS_TABLENAME)))
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_OBJECT,
                   "%s is not a valid database name", database->name ? database->name : "null");
      return FALSE;
    }
  catalog = hms_name_normalize (database->__isset_catalogName && database->catalogName
                                  ? database->catalogName : context->default_catalog);

  g_free (database->name);
  database->name = g_steal_pointer (&name);
  g_free (database->catalogName);
  database->catalogName = g_steal_pointer (&catalog);
  database->__isset_catalogName = TRUE;

  if (database->__isset_locationUri && database->locationUri != NULL
      && database->locationUri[0] != '\0')
    {
      char *qualified = hms_warehouse_qualify (context, database->locationUri);

      g_free (database->locationUri);
      database->locationUri = qualified;
    }
  else
    {
      g_free (database->locationUri);
      database->locationUri = hms_warehouse_database_location (context, database->name, FALSE);
    }
  database->__isset_locationUri = TRUE;
  if (database->__isset_managedLocationUri && database->managedLocationUri != NULL
      && database->managedLocationUri[0] != '\0')
    {
      char *qualified = hms_warehouse_qualify (context, database->managedLocationUri);

      g_free (database->managedLocationUri);
      database->managedLocationUri = qualified;
    }
  else
    database->__isset_managedLocationUri = FALSE;

  /* Hive names the calling user (set_ugi's) as owner when the client names none. */
  if (!database->__isset_ownerName || database->ownerName == NULL)
    {
      const char *user = hms_handler_connection_user ();

      g_free (database->ownerName);
      database->ownerName = g_strdup (user ? user : g_get_user_name ());
      database->__isset_ownerName = TRUE;
    }
  database->createTime = (gint32) (g_get_real_time () / G_USEC_PER_SEC);
  database->__isset_createTime = TRUE;
  if (!database->__isset_type)
    database->type = HMS_DATABASE_TYPE_NATIVE;
  return TRUE;
}

static gboolean
create_database_generic (HmsContext *context, HmsDatabase *database, GError **error)
{
  if (!prepare_new_database (context, database, error))
    return FALSE;
  {
    LEASE_OR_FAIL (lease, context, error);
    return hms_db_begin (lease->conn, error)
           && hms_store_database_create (lease->conn, database, error)
           && hms_db_commit (lease->conn, error);
  }
}

static gboolean
create_database (HmsThriftHiveMetastoreIf *iface, const HmsDatabase *database,
                 HmsAlreadyExistsException **o1, HmsInvalidObjectException **o2,
                 HmsMetaException **o3, GError **error)
{
  g_autoptr (GError) failure = NULL;
  g_autoptr (HmsDatabase) copy = hms_struct_copy (database);

  if (!create_database_generic (hms_handler_context (iface), copy, &failure))
    return hms_handler_raise ("create_database", failure, error,
                              HMS_TYPE_ALREADY_EXISTS_EXCEPTION, o1,
                              HMS_TYPE_INVALID_OBJECT_EXCEPTION, o2,
                              HMS_TYPE_META_EXCEPTION, o3, G_TYPE_INVALID);
  return TRUE;
}

/* The request form carries the same fields as a Database, under other names for two. */
static HmsDatabase *
database_from_request (const HmsCreateDatabaseRequest *request)
{
  HmsDatabase *database = g_object_new (HMS_TYPE_DATABASE, "name", request->databaseName, NULL);

  if (request->__isset_description)
    g_object_set (database, "description", request->description, NULL);
  if (request->__isset_locationUri)
    g_object_set (database, "locationUri", request->locationUri, NULL);
  if (request->__isset_parameters)
    g_object_set (database, "parameters", request->parameters, NULL);
  if (request->__isset_ownerName)
    g_object_set (database, "ownerName", request->ownerName, NULL);
  if (request->__isset_ownerType)
    g_object_set (database, "ownerType", request->ownerType, NULL);
  if (request->__isset_catalogName)
    g_object_set (database, "catalogName", request->catalogName, NULL);
  if (request->__isset_managedLocationUri)
    g_object_set (database, "managedLocationUri", request->managedLocationUri, NULL);
  if (request->__isset_type)
    g_object_set (database, "type", request->type, NULL);
  if (request->__isset_dataConnectorName)
    g_object_set (database, "connector_name", request->dataConnectorName, NULL);
  if (request->__isset_remote_dbname)
    g_object_set (database, "remote_dbname", request->remote_dbname, NULL);
  return database;
}

static gboolean
create_database_req (HmsThriftHiveMetastoreIf *iface, const HmsCreateDatabaseRequest *request,
                     HmsAlreadyExistsException **o1, HmsInvalidObjectException **o2,
                     HmsMetaException **o3, GError **error)
{
  g_autoptr (GError) failure = NULL;
  g_autoptr (HmsDatabase) database = database_from_request (request);

  if (!create_database_generic (hms_handler_context (iface), database, &failure))
    return hms_handler_raise ("create_database_req", failure, error,
                              HMS_TYPE_ALREADY_EXISTS_EXCEPTION, o1,
                              HMS_TYPE_INVALID_OBJECT_EXCEPTION, o2,
                              HMS_TYPE_META_EXCEPTION, o3, G_TYPE_INVALID);
  return TRUE;
}

/*
 * After drop_database committed with deleteData, as HMSHandler.drop_database_core
 * does: the directories of tables whose data goes with them (managed, or
 * external with purge) that lie outside the database's directories, and
 * of their partitions outside their table's directory; then the managed
 * directory (when DELETE_MANAGED_DIRECTORY) and the database's directory.
 * Best effort and logged (warehouse_fs.h).
 */
static void
delete_database_data (HmsContext *context, const char *catalog, const char *name,
                      HmsDatabase *database, GPtrArray *locations, GPtrArray *parents,
                      gboolean delete_managed_directory)
{
  g_autofree char *what = g_strdup_printf ("drop_database %s.%s", catalog, name);
  const char *location = database->locationUri;
  const char *managed = database->__isset_managedLocationUri && database->managedLocationUri != NULL
                        && database->managedLocationUri[0] != '\0' ? database->managedLocationUri : NULL;

  for (guint i = 0; i < locations->len; i++)
    {
      const char *data = g_ptr_array_index (locations, i);
      const char *parent = g_ptr_array_index (parents, i);

      if (hms_warehouse_fs_is_below (location, data) || hms_warehouse_fs_is_below (managed, data)
          || (parent != NULL && hms_warehouse_fs_is_below (parent, data)))
        continue;
      hms_warehouse_fs_delete_logged (context, what, data, FALSE);
    }
  if (delete_managed_directory && managed != NULL && g_strcmp0 (managed, location) != 0)
    hms_warehouse_fs_delete_logged (context, what, managed, FALSE);
  if (location != NULL && location[0] != '\0')
    hms_warehouse_fs_delete_logged (context, what, location, FALSE);
}

/*
 * HMSHandler.drop_database_core: the database, with its tables when
 * CASCADE, in one transaction; with DELETE_DATA, its data once that
 * committed.  Round trips: 3 to 5, + 3 with DELETE_DATA.
 */
static gboolean
drop_database_generic (HmsContext *context, const char *catalog_argument,
                       const char *name_argument, gboolean ignore_unknown,
                       gboolean cascade, gboolean delete_data, gboolean delete_managed_directory,
                       GError **error)
{
  g_autofree char *catalog = NULL;
  g_autofree char *name = NULL;
  g_autoptr (GError) lookup_failure = NULL;
  g_autoptr (HmsDatabase) database = NULL;
  g_autoptr (GPtrArray) locations = NULL;
  g_autoptr (GPtrArray) parents = NULL;
  gint64 id, tables = 0, functions = 0;

  if (!hms_name_parse_database (name_argument, context->default_catalog, &catalog, &name, error))
    return FALSE;
  override_catalog (&catalog, catalog_argument);
  if (name != NULL && strcmp (name, DEFAULT_DATABASE_NAME) == 0
      && strcmp (catalog, context->default_catalog) == 0)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                   "Can not drop default database in catalog %s", catalog);
      return FALSE;
    }

  {
    LEASE_OR_FAIL (lease, context, error);
    if (!hms_db_begin (lease->conn, error))
      return FALSE;
    id = hms_store_database_id (lease->conn, catalog, name ? name : "", TRUE, &lookup_failure);
    if (id < 0)
      {
        if (ignore_unknown && g_error_matches (lookup_failure, HMS_ERROR, HMS_ERROR_NO_SUCH_OBJECT))
          return TRUE;
        g_propagate_error (error, g_steal_pointer (&lookup_failure));
        return FALSE;
      }
    if (!hms_store_database_contents (lease->conn, id, &tables, &functions, error))
      return FALSE;
    if (!cascade && tables > 0)
      {
        g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_OPERATION,
                     "Database %s is not empty. One or more tables exist.", name);
        return FALSE;
      }
    if (!cascade && functions > 0)
      {
        g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_OPERATION,
                     "Database %s is not empty. One or more functions exist.", name);
        return FALSE;
      }
    if (delete_data)
      {
        database = g_object_new (HMS_TYPE_DATABASE, NULL);
        if (!hms_store_database_get (lease->conn, catalog, name, database, error))
          return FALSE;
        locations = hms_store_database_table_data_locations (lease->conn, id, &parents, error);
        if (locations == NULL)
          return FALSE;
      }
    if (!((tables == 0 || hms_store_tables_delete_in_database (lease->conn, id, error) >= 0)
          && hms_store_database_delete (lease->conn, id, error)
          && hms_db_commit (lease->conn, error)))
      return FALSE;
  }
  if (delete_data)
    delete_database_data (context, catalog, name, database, locations, parents, delete_managed_directory);
  return TRUE;
}

static gboolean
drop_database (HmsThriftHiveMetastoreIf *iface, const gchar *name, const gboolean delete_data,
               const gboolean cascade, HmsNoSuchObjectException **o1,
               HmsInvalidOperationException **o2, HmsMetaException **o3, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!drop_database_generic (hms_handler_context (iface), NULL, name, FALSE, cascade, delete_data, TRUE,
                              &failure))
    return hms_handler_raise ("drop_database", failure, error,
                              HMS_TYPE_NO_SUCH_OBJECT_EXCEPTION, o1,
                              HMS_TYPE_INVALID_OPERATION_EXCEPTION, o2,
                              HMS_TYPE_META_EXCEPTION, o3, G_TYPE_INVALID);
  return TRUE;
}

static gboolean
drop_database_req (HmsThriftHiveMetastoreIf *iface, const HmsDropDatabaseRequest *request,
                   HmsNoSuchObjectException **o1, HmsInvalidOperationException **o2,
                   HmsMetaException **o3, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!drop_database_generic (hms_handler_context (iface),
                              request->__isset_catalogName ? request->catalogName : NULL,
                              request->name, request->ignoreUnknownDb, request->cascade,
                              request->deleteData,
                              !request->__isset_deleteManagedDir || request->deleteManagedDir, &failure))
    return hms_handler_raise ("drop_database_req", failure, error,
                              HMS_TYPE_NO_SUCH_OBJECT_EXCEPTION, o1,
                              HMS_TYPE_INVALID_OPERATION_EXCEPTION, o2,
                              HMS_TYPE_META_EXCEPTION, o3, G_TYPE_INVALID);
  return TRUE;
}

static gboolean
alter_database_generic (HmsContext *context, const char *catalog_argument,
                        const char *name_argument, const HmsDatabase *changes, GError **error)
{
  g_autofree char *catalog = NULL;
  g_autofree char *name = NULL;
  g_autoptr (HmsDatabase) qualified = hms_struct_copy (changes);
  gint64 id;

  if (!hms_name_parse_database (name_argument, context->default_catalog, &catalog, &name, error))
    return FALSE;
  override_catalog (&catalog, catalog_argument);
  if (qualified->__isset_locationUri && !hms_string_is_blank (qualified->locationUri))
    {
      char *location = hms_warehouse_qualify (context, qualified->locationUri);

      g_free (qualified->locationUri);
      qualified->locationUri = location;
    }
  {
    LEASE_OR_FAIL (lease, context, error);
    if (!hms_db_begin (lease->conn, error))
      return FALSE;
    id = hms_store_database_id (lease->conn, catalog, name ? name : "", TRUE, error);
    return id >= 0
           && hms_store_database_update (lease->conn, id, qualified, error)
           && hms_db_commit (lease->conn, error);
  }
}

static gboolean
alter_database (HmsThriftHiveMetastoreIf *iface, const gchar *name, const HmsDatabase *database,
                HmsMetaException **o1, HmsNoSuchObjectException **o2, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!alter_database_generic (hms_handler_context (iface), NULL, name, database, &failure))
    return hms_handler_raise ("alter_database", failure, error,
                              HMS_TYPE_META_EXCEPTION, o1,
                              HMS_TYPE_NO_SUCH_OBJECT_EXCEPTION, o2, G_TYPE_INVALID);
  return TRUE;
}

static gboolean
alter_database_req (HmsThriftHiveMetastoreIf *iface, const HmsAlterDatabaseRequest *request,
                    HmsMetaException **o1, HmsNoSuchObjectException **o2, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!alter_database_generic (hms_handler_context (iface),
                              request->newDb->__isset_catalogName ? request->newDb->catalogName : NULL,
                              request->oldDbName, request->newDb, &failure))
    return hms_handler_raise ("alter_database_req", failure, error,
                              HMS_TYPE_META_EXCEPTION, o1,
                              HMS_TYPE_NO_SUCH_OBJECT_EXCEPTION, o2, G_TYPE_INVALID);
  return TRUE;
}

void
hms_api_database_install (HmsThriftHiveMetastoreHandlerClass *klass)
{
  klass->get_database = get_database;
  klass->get_database_req = get_database_req;
  klass->get_databases = get_databases;
  klass->get_all_databases = get_all_databases;
  klass->create_database = create_database;
  klass->create_database_req = create_database_req;
  klass->drop_database = drop_database;
  klass->drop_database_req = drop_database_req;
  klass->alter_database = alter_database;
  klass->alter_database_req = alter_database_req;
}
