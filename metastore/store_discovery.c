/*
 * store_discovery.c
 *    The queries of partition discovery (see store_discovery.h).  Adding
 *    and dropping the partitions it finds goes through store_partition.h.
 */
#include "store_discovery.h"
#include "db.h"
#include "error.h"

#include <json-glib/json-glib.h>

void
hms_registered_partition_free (HmsRegisteredPartition *partition)
{
  if (partition == NULL)
    return;
  g_free (partition->name);
  g_free (partition->location);
  g_free (partition);
}

GPtrArray *
hms_store_discovery_registered (PGconn *conn, gint64 table_id, GError **error)
{
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, table_id);
  const char *values[] = { id_text };
  g_autoptr (PGresult) result =
    hms_db_exec (conn,
                 "SELECT p.\"PART_ID\", p.\"PART_NAME\", s.\"LOCATION\", p.\"CREATE_TIME\""
                 " FROM \"PARTITIONS\" p LEFT JOIN \"SDS\" s ON s.\"SD_ID\" = p.\"SD_ID\""
                 " WHERE p.\"TBL_ID\" = $1::bigint ORDER BY p.\"PART_NAME\"",
                 1, values, error);
  GPtrArray *partitions;

  if (result == NULL)
    return NULL;
  partitions = g_ptr_array_new_full (PQntuples (result), (GDestroyNotify) hms_registered_partition_free);
  for (int row = 0; row < PQntuples (result); row++)
    {
      HmsRegisteredPartition *partition = g_new0 (HmsRegisteredPartition, 1);
      const char *create_time = hms_db_value (result, row, 3);

      partition->partition_id = g_ascii_strtoll (PQgetvalue (result, row, 0), NULL, 10);
      partition->name = g_strdup (hms_db_value (result, row, 1));
      partition->location = g_strdup (hms_db_value (result, row, 2));
      partition->create_time = create_time != NULL ? g_ascii_strtoll (create_time, NULL, 10) : 0;
      g_ptr_array_add (partitions, partition);
    }
  return partitions;
}

void
hms_discovery_table_name_free (HmsDiscoveryTableName *name)
{
  if (name == NULL)
    return;
  g_free (name->catalog);
  g_free (name->database);
  g_free (name->table);
  g_free (name);
}

GPtrArray *
hms_store_discovery_tables (PGconn *conn, const char *const *table_types, GError **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *types_json = NULL;
  const char *values[1];
  g_autoptr (PGresult) result = NULL;
  GPtrArray *names;

  json_builder_begin_array (builder);
  for (guint i = 0; table_types != NULL && table_types[i] != NULL; i++)
    json_builder_add_string_value (builder, table_types[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  types_json = json_to_string (root, FALSE);
  values[0] = types_json;
  result = hms_db_exec (conn,
                        "SELECT d.\"CTLG_NAME\", d.\"NAME\", t.\"TBL_NAME\""
                        " FROM \"TBLS\" t JOIN \"DBS\" d ON d.\"DB_ID\" = t.\"DB_ID\""
                        " JOIN \"TABLE_PARAMS\" p ON p.\"TBL_ID\" = t.\"TBL_ID\""
                        "  AND p.\"PARAM_KEY\" = 'discover.partitions'"
                        " WHERE lower(btrim(p.\"PARAM_VALUE\")) = 'true'"
                        "  AND upper(t.\"TBL_TYPE\") IN"
                        "   (SELECT upper(btrim(v)) FROM json_array_elements_text($1::json) v)"
                        "  AND EXISTS (SELECT 1 FROM \"PARTITION_KEYS\" k WHERE k.\"TBL_ID\" = t.\"TBL_ID\")"
                        " ORDER BY 1, 2, 3",
                        1, values, error);
  if (result == NULL)
    return NULL;
  names = g_ptr_array_new_full (PQntuples (result), (GDestroyNotify) hms_discovery_table_name_free);
  for (int row = 0; row < PQntuples (result); row++)
    {
      HmsDiscoveryTableName *name = g_new0 (HmsDiscoveryTableName, 1);

      name->catalog = g_strdup (PQgetvalue (result, row, 0));
      name->database = g_strdup (PQgetvalue (result, row, 1));
      name->table = g_strdup (PQgetvalue (result, row, 2));
      g_ptr_array_add (names, name);
    }
  return names;
}
