/*
 * store_database.c
 *    Databases: rows of DBS and DATABASE_PARAMS (see store.h).
 */
#include "store.h"
#include "db.h"
#include "error.h"
#include "store_json.h"

#include <string.h>

#define DATABASE_COLUMNS \
  "d.\"NAME\", d.\"DESC\", d.\"DB_LOCATION_URI\", d.\"OWNER_NAME\", d.\"OWNER_TYPE\"," \
  " d.\"CTLG_NAME\", d.\"CREATE_TIME\", d.\"DB_MANAGED_LOCATION_URI\", d.\"TYPE\"," \
  " d.\"DATACONNECTOR_NAME\", d.\"REMOTE_DBNAME\"," \
  " (SELECT json_object_agg(p.\"PARAM_KEY\", p.\"PARAM_VALUE\") FROM \"DATABASE_PARAMS\" p" \
  "   WHERE p.\"DB_ID\" = d.\"DB_ID\")"

/* Sets a string field and its isset flag from a column (unset when SQL NULL). */
#define SET_STRING_FIELD(object, field, value)           \
  G_STMT_START {                                         \
    const char *set_value_ = (value);                    \
    g_free ((object)->field);                            \
    (object)->field = g_strdup (set_value_);             \
    (object)->__isset_##field = set_value_ != NULL;      \
  } G_STMT_END

static HmsPrincipalType
principal_type_from_text (const char *text)
{
  if (text != NULL && strcmp (text, "ROLE") == 0)
    return HMS_PRINCIPAL_TYPE_ROLE;
  if (text != NULL && strcmp (text, "GROUP") == 0)
    return HMS_PRINCIPAL_TYPE_GROUP;
  return HMS_PRINCIPAL_TYPE_USER;
}

static const char *
principal_type_to_text (HmsPrincipalType type)
{
  switch (type)
    {
    case HMS_PRINCIPAL_TYPE_ROLE:
      return "ROLE";
    case HMS_PRINCIPAL_TYPE_GROUP:
      return "GROUP";
    default:
      return "USER";
    }
}

gboolean
hms_store_database_get (PGconn *conn, const char *catalog, const char *name,
                        HmsDatabase *database, GError **error)
{
  const char *values[] = { name, catalog };
  g_autoptr (PGresult) result =
    hms_db_exec (conn,
                 "SELECT " DATABASE_COLUMNS " FROM \"DBS\" d"
                 " WHERE d.\"NAME\" = $1 AND d.\"CTLG_NAME\" = $2",
                 2, values, error);
  const char *owner_type, *create_time, *type;

  if (result == NULL)
    return FALSE;
  if (PQntuples (result) == 0)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_NO_SUCH_OBJECT,
                   "database %s.%s does not exist", catalog, name);
      return FALSE;
    }

  SET_STRING_FIELD (database, name, hms_db_value (result, 0, 0));
  SET_STRING_FIELD (database, description, hms_db_value (result, 0, 1));
  SET_STRING_FIELD (database, locationUri, hms_db_value (result, 0, 2));
  SET_STRING_FIELD (database, ownerName, hms_db_value (result, 0, 3));
  owner_type = hms_db_value (result, 0, 4);
  database->ownerType = principal_type_from_text (owner_type);
  database->__isset_ownerType = owner_type != NULL;
  SET_STRING_FIELD (database, catalogName, hms_db_value (result, 0, 5));
  create_time = hms_db_value (result, 0, 6);
  database->createTime = create_time ? (gint32) g_ascii_strtoll (create_time, NULL, 10) : 0;
  database->__isset_createTime = create_time != NULL;
  SET_STRING_FIELD (database, managedLocationUri, hms_db_value (result, 0, 7));
  type = hms_db_value (result, 0, 8);
  database->type = (type != NULL && strcmp (type, "REMOTE") == 0) ? HMS_DATABASE_TYPE_REMOTE
                                                                   : HMS_DATABASE_TYPE_NATIVE;
  database->__isset_type = type != NULL;
  SET_STRING_FIELD (database, connector_name, hms_db_value (result, 0, 9));
  SET_STRING_FIELD (database, remote_dbname, hms_db_value (result, 0, 10));

  /* The Java server always sends the map, empty when there are no parameters. */
  g_hash_table_remove_all (database->parameters);
  if (!hms_json_object_to_hash (hms_db_value (result, 0, 11), database->parameters, error))
    return FALSE;
  database->__isset_parameters = TRUE;
  return TRUE;
}

gint64
hms_store_database_id (PGconn *conn, const char *catalog, const char *name,
                       gboolean lock, GError **error)
{
  const char *values[] = { name, catalog };
  g_autoptr (PGresult) result =
    hms_db_exec (conn,
                 lock ? "SELECT \"DB_ID\" FROM \"DBS\" WHERE \"NAME\" = $1 AND \"CTLG_NAME\" = $2 FOR UPDATE"
                      : "SELECT \"DB_ID\" FROM \"DBS\" WHERE \"NAME\" = $1 AND \"CTLG_NAME\" = $2",
                 2, values, error);

  if (result == NULL)
    return -1;
  if (PQntuples (result) == 0)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_NO_SUCH_OBJECT,
                   "database %s.%s does not exist", catalog, name);
      return -1;
    }
  return g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
}

GPtrArray *
hms_store_database_names (PGconn *conn, const char *catalog, const char *like_patterns,
                          GError **error)
{
  const char *values[] = { catalog, like_patterns };
  g_autoptr (PGresult) result =
    hms_db_exec (conn,
                 like_patterns
                   ? "SELECT \"NAME\" FROM \"DBS\" WHERE \"CTLG_NAME\" = $1"
                     " AND lower(\"NAME\") LIKE ANY (SELECT json_array_elements_text($2::json))"
                     " ORDER BY \"NAME\" COLLATE \"C\""
                   : "SELECT \"NAME\" FROM \"DBS\" WHERE \"CTLG_NAME\" = $1 ORDER BY \"NAME\" COLLATE \"C\"",
                 like_patterns ? 2 : 1, values, error);
  GPtrArray *names;

  if (result == NULL)
    return NULL;
  names = g_ptr_array_new_full (PQntuples (result), g_free);
  for (int row = 0; row < PQntuples (result); row++)
    g_ptr_array_add (names, g_strdup (PQgetvalue (result, row, 0)));
  return names;
}

gboolean
hms_store_database_create (PGconn *conn, const HmsDatabase *database, GError **error)
{
  g_autofree char *id_text = NULL;
  g_autofree char *create_time = g_strdup_printf ("%d", database->createTime);
  g_autofree char *parameters = hms_json_object_from_hash (database->parameters);
  gint64 id = hms_store_allocate_ids (conn, "MDatabase", "DBS", "DB_ID", 1, error);

  if (id < 0)
    return FALSE;
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  {
    const char *values[] = {
      id_text,
      database->name,
      database->__isset_description ? database->description : NULL,
      database->locationUri,
      database->__isset_ownerName ? database->ownerName : NULL,
      database->__isset_ownerType ? principal_type_to_text (database->ownerType) : "USER",
      database->catalogName,
      create_time,
      database->__isset_managedLocationUri ? database->managedLocationUri : NULL,
      database->type == HMS_DATABASE_TYPE_REMOTE ? "REMOTE" : "NATIVE",
      database->__isset_connector_name ? database->connector_name : NULL,
      database->__isset_remote_dbname ? database->remote_dbname : NULL,
      parameters,
    };
    g_autoptr (GError) local = NULL;
    g_autoptr (PGresult) result =
      hms_db_exec (conn,
                   "WITH inserted AS ("
                   "  INSERT INTO \"DBS\" (\"DB_ID\", \"NAME\", \"DESC\", \"DB_LOCATION_URI\","
                   "    \"OWNER_NAME\", \"OWNER_TYPE\", \"CTLG_NAME\", \"CREATE_TIME\","
                   "    \"DB_MANAGED_LOCATION_URI\", \"TYPE\", \"DATACONNECTOR_NAME\", \"REMOTE_DBNAME\")"
                   "  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING \"DB_ID\")"
                   " INSERT INTO \"DATABASE_PARAMS\" (\"DB_ID\", \"PARAM_KEY\", \"PARAM_VALUE\")"
                   " SELECT inserted.\"DB_ID\", p.key, p.value"
                   " FROM inserted, json_each_text($13::json) p",
                   G_N_ELEMENTS (values), values, &local);

    if (result == NULL)
      {
        if (g_error_matches (local, HMS_ERROR, HMS_ERROR_ALREADY_EXISTS))
          g_set_error (error, HMS_ERROR, HMS_ERROR_ALREADY_EXISTS,
                       "Database %s already exists", database->name);
        else
          g_propagate_error (error, g_steal_pointer (&local));
        return FALSE;
      }
  }
  return TRUE;
}

gboolean
hms_store_database_contents (PGconn *conn, gint64 database_id,
                             gint64 *tables, gint64 *functions, GError **error)
{
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, database_id);
  const char *values[] = { id_text };
  g_autoptr (PGresult) result =
    hms_db_exec (conn,
                 "SELECT (SELECT count(*) FROM \"TBLS\" WHERE \"DB_ID\" = $1),"
                 "       (SELECT count(*) FROM \"FUNCS\" WHERE \"DB_ID\" = $1)",
                 1, values, error);

  if (result == NULL)
    return FALSE;
  *tables = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  *functions = g_ascii_strtoll (PQgetvalue (result, 0, 1), NULL, 10);
  return TRUE;
}

gboolean
hms_store_database_delete (PGconn *conn, gint64 database_id, GError **error)
{
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, database_id);
  const char *values[] = { id_text };
  g_autoptr (PGresult) result =
    hms_db_exec (conn,
                 "WITH functions AS (SELECT \"FUNC_ID\" FROM \"FUNCS\" WHERE \"DB_ID\" = $1),"
                 " resources AS (DELETE FROM \"FUNC_RU\" WHERE \"FUNC_ID\" IN (SELECT \"FUNC_ID\" FROM functions)),"
                 " funcs AS (DELETE FROM \"FUNCS\" WHERE \"DB_ID\" = $1),"
                 " privileges AS (DELETE FROM \"DB_PRIVS\" WHERE \"DB_ID\" = $1),"
                 " parameters AS (DELETE FROM \"DATABASE_PARAMS\" WHERE \"DB_ID\" = $1)"
                 " DELETE FROM \"DBS\" WHERE \"DB_ID\" = $1",
                 1, values, error);

  return result != NULL;
}

/*
 * The partitions are found by TBL_ID = ANY (the tables' ids, bound as a
 * parameter), not by a join with the tables: TBLS, analysed when it held a
 * few tables, made a just-filled database's tables look like one row, and
 * the join became a nested loop reading all of PARTITIONS once per table
 * (100 tables beside 10,000 partitions: 1,000,000 rows compared, seconds
 * when PARTITIONS held dead rows).  An id array computed inside the
 * statement would be no better: the planner cannot see into it, and a scan
 * compares every row with every element.  Bound, the array is a constant
 * the planner reads (UNIQUEPARTITION probed once per table, or one scan
 * with hashed lookups).  The external-table test is a column, applied here
 * with each partition matched to its table in C.
 */
GPtrArray *
hms_store_database_table_data_locations (PGconn *conn, gint64 database_id, GPtrArray **parents,
                                         GError **error)
{
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, database_id);
  const char *database_values[] = { id_text };
  g_autoptr (GHashTable) table_locations = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) locations = NULL;
  g_autoptr (GPtrArray) parent_locations = NULL;
  g_autoptr (PGresult) result = NULL;
  g_autoptr (PGresult) ids =
    hms_db_exec (conn,
                 "SELECT COALESCE(array_agg(\"TBL_ID\"), '{}') FROM \"TBLS\" WHERE \"DB_ID\" = $1",
                 G_N_ELEMENTS (database_values), database_values, error);
  int rows;

  if (ids == NULL)
    return NULL;
  {
    const char *values[] = { PQgetvalue (ids, 0, 0) };

    result = hms_db_exec (conn,
                          "SELECT t.\"TBL_ID\", s.\"LOCATION\","
                          " NOT EXISTS (SELECT 1 FROM \"TABLE_PARAMS\" q WHERE q.\"TBL_ID\" = t.\"TBL_ID\""
                          "             AND q.\"PARAM_KEY\" = 'EXTERNAL' AND lower(q.\"PARAM_VALUE\") = 'true')"
                          " OR EXISTS (SELECT 1 FROM \"TABLE_PARAMS\" q WHERE q.\"TBL_ID\" = t.\"TBL_ID\""
                          "            AND q.\"PARAM_KEY\" = 'external.table.purge'"
                          "            AND lower(q.\"PARAM_VALUE\") = 'true')"
                          " FROM \"TBLS\" t LEFT JOIN \"SDS\" s ON s.\"SD_ID\" = t.\"SD_ID\""
                          " WHERE t.\"TBL_ID\" = ANY ($1::bigint[])"
                          " UNION ALL"
                          " SELECT p.\"TBL_ID\", s.\"LOCATION\", NULL FROM \"PARTITIONS\" p"
                          " JOIN \"SDS\" s ON s.\"SD_ID\" = p.\"SD_ID\""
                          " WHERE p.\"TBL_ID\" = ANY ($1::bigint[]) AND s.\"LOCATION\" IS NOT NULL",
                          G_N_ELEMENTS (values), values, error);
  }
  if (result == NULL)
    return NULL;
  rows = PQntuples (result);
  locations = g_ptr_array_new_full (rows, g_free);
  parent_locations = g_ptr_array_new_full (rows, g_free);
  /* The tables first: whether their data goes, and their locations, the partitions' parents. */
  for (int row = 0; row < rows; row++)
    {
      const char *location = hms_db_value (result, row, 1);
      const char *goes = hms_db_value (result, row, 2);

      if (goes == NULL || goes[0] != 't')
        continue;
      g_hash_table_insert (table_locations, PQgetvalue (result, row, 0), (gpointer) location);
      if (location != NULL)
        {
          g_ptr_array_add (locations, g_strdup (location));
          g_ptr_array_add (parent_locations, NULL);
        }
    }
  for (int row = 0; row < rows; row++)
    if (PQgetisnull (result, row, 2) && g_hash_table_contains (table_locations, PQgetvalue (result, row, 0)))
      {
        g_ptr_array_add (locations, g_strdup (PQgetvalue (result, row, 1)));
        g_ptr_array_add (parent_locations,
                         g_strdup (g_hash_table_lookup (table_locations, PQgetvalue (result, row, 0))));
      }
  *parents = g_steal_pointer (&parent_locations);
  return g_steal_pointer (&locations);
}

gboolean
hms_store_database_update (PGconn *conn, gint64 database_id,
                           const HmsDatabase *changes, GError **error)
{
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, database_id);
  g_autofree char *parameters =
    hms_json_object_from_hash (changes->__isset_parameters ? changes->parameters : NULL);
  const char *values[] = {
    id_text,
    changes->__isset_ownerName ? changes->ownerName : NULL,
    changes->__isset_ownerType ? principal_type_to_text (changes->ownerType) : NULL,
    changes->__isset_description ? changes->description : NULL,
    changes->__isset_locationUri ? changes->locationUri : NULL,
    changes->__isset_managedLocationUri ? changes->managedLocationUri : NULL,
    parameters,
  };
  /*
   * As Hive's ObjectStore.alterDatabase: the owner name and the parameters
   * are always replaced (unset means none), the owner type when set, and
   * blank strings leave the description and locations as they were.
   * New parameters replace the old map: the keys that go and the keys that
   * stay are disjoint, so one statement can delete the first and upsert the
   * second.
   */
  g_autoptr (PGresult) result =
    hms_db_exec (conn,
                 "WITH cleared AS ("
                 "  DELETE FROM \"DATABASE_PARAMS\" WHERE \"DB_ID\" = $1"
                 "    AND \"PARAM_KEY\" NOT IN (SELECT key FROM json_each_text($7::json))),"
                 " added AS ("
                 "  INSERT INTO \"DATABASE_PARAMS\" (\"DB_ID\", \"PARAM_KEY\", \"PARAM_VALUE\")"
                 "  SELECT $1, p.key, p.value FROM json_each_text($7::json) p"
                 "  ON CONFLICT (\"DB_ID\", \"PARAM_KEY\") DO UPDATE SET \"PARAM_VALUE\" = EXCLUDED.\"PARAM_VALUE\")"
                 " UPDATE \"DBS\" SET"
                 "  \"OWNER_NAME\" = $2,"
                 "  \"OWNER_TYPE\" = COALESCE($3, \"OWNER_TYPE\"),"
                 "  \"DESC\" = CASE WHEN btrim(coalesce($4, '')) <> '' THEN $4 ELSE \"DESC\" END,"
                 "  \"DB_LOCATION_URI\" = CASE WHEN btrim(coalesce($5, '')) <> '' THEN $5 ELSE \"DB_LOCATION_URI\" END,"
                 "  \"DB_MANAGED_LOCATION_URI\" = CASE WHEN btrim(coalesce($6, '')) <> '' THEN $6"
                 "                                ELSE \"DB_MANAGED_LOCATION_URI\" END"
                 " WHERE \"DB_ID\" = $1",
                 G_N_ELEMENTS (values), values, error);

  return result != NULL;
}
