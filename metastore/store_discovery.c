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

/* Rows of (PART_ID, PART_NAME, LOCATION, CREATE_TIME) as HmsRegisteredPartitions. */
static GPtrArray *
registered_partitions (PGresult *result)
{
  GPtrArray *partitions = g_ptr_array_new_full (PQntuples (result),
                                                (GDestroyNotify) hms_registered_partition_free);

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

  if (result == NULL)
    return NULL;
  return registered_partitions (result);
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

/* A JSON array of the `count` strings `items`, for json_array_elements_text. */
static char *
json_string_array (const char *const *items, guint count)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < count; i++)
    json_builder_add_string_value (builder, items[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

GPtrArray *
hms_store_discovery_registered_by_name (PGconn *conn, gint64 table_id, const char *const *names,
                                        guint count, int lock, GError **error)
{
  static const char *const queries[] = {
    /* HMS_TABLE_LOCK_NONE, _SHARE, _UPDATE */
    "", " FOR SHARE OF p", " FOR UPDATE OF p",
  };
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, table_id);
  g_autofree char *names_json = json_string_array (names, count);
  g_autofree char *sql = NULL;
  const char *values[] = { id_text, names_json };
  g_autoptr (PGresult) result = NULL;

  g_return_val_if_fail (lock >= 0 && lock < (int) G_N_ELEMENTS (queries), NULL);
  sql = g_strconcat ("SELECT p.\"PART_ID\", p.\"PART_NAME\", s.\"LOCATION\", p.\"CREATE_TIME\""
                     " FROM \"PARTITIONS\" p LEFT JOIN \"SDS\" s ON s.\"SD_ID\" = p.\"SD_ID\""
                     " WHERE p.\"TBL_ID\" = $1::bigint"
                     "  AND p.\"PART_NAME\" IN (SELECT json_array_elements_text($2::json))",
                     queries[lock], NULL);
  result = hms_db_exec (conn, sql, 2, values, error);
  if (result == NULL)
    return NULL;
  return registered_partitions (result);
}

void
hms_discovery_object_match_free (HmsDiscoveryObjectMatch *match)
{
  if (match == NULL)
    return;
  g_free (match->catalog);
  g_free (match->database);
  g_free (match->table);
  g_free (match->location);
  g_strfreev (match->keys);
  g_free (match);
}

GPtrArray *
hms_store_discovery_match_objects (PGconn *conn, const char *const *paths, guint count,
                                   const char *const *table_types, GError **error)
{
  g_autofree char *paths_json = json_string_array (paths, count);
  g_autofree char *types_json = json_string_array (table_types, table_types ? g_strv_length ((char **) table_types) : 0);
  const char *values[] = { paths_json, types_json };
  g_autoptr (PGresult) result = NULL;
  GPtrArray *matches;

  /* The location without its scheme and trailing slashes is "bucket/key";
   * an object lies below it when its "bucket/key" starts with that and a '/'. */
  result = hms_db_exec (conn,
                        "WITH objects AS ("
                        "  SELECT (o.n - 1)::int AS n, o.path"
                        "  FROM json_array_elements_text($1::json) WITH ORDINALITY o(path, n)),"
                        " tables AS ("
                        "  SELECT t.\"TBL_ID\", d.\"CTLG_NAME\", d.\"NAME\", t.\"TBL_NAME\", s.\"LOCATION\","
                        "   regexp_replace(regexp_replace(btrim(s.\"LOCATION\"), '^[sS]3[aAnN]?://', ''),"
                        "                  '/+$', '') AS base"
                        "  FROM \"TBLS\" t JOIN \"DBS\" d ON d.\"DB_ID\" = t.\"DB_ID\""
                        "  JOIN \"SDS\" s ON s.\"SD_ID\" = t.\"SD_ID\""
                        "  JOIN \"TABLE_PARAMS\" p ON p.\"TBL_ID\" = t.\"TBL_ID\""
                        "   AND p.\"PARAM_KEY\" = 'discover.partitions'"
                        "  WHERE lower(btrim(p.\"PARAM_VALUE\")) = 'true'"
                        "   AND btrim(s.\"LOCATION\") ~* '^s3[an]?://[^/]'"
                        "   AND upper(t.\"TBL_TYPE\") IN"
                        "    (SELECT upper(btrim(v)) FROM json_array_elements_text($2::json) v)"
                        "   AND EXISTS (SELECT 1 FROM \"PARTITION_KEYS\" k WHERE k.\"TBL_ID\" = t.\"TBL_ID\"))"
                        " SELECT o.n, t.\"TBL_ID\", t.\"CTLG_NAME\", t.\"NAME\", t.\"TBL_NAME\", t.\"LOCATION\","
                        "  (SELECT json_agg(k.\"PKEY_NAME\" ORDER BY k.\"INTEGER_IDX\")"
                        "   FROM \"PARTITION_KEYS\" k WHERE k.\"TBL_ID\" = t.\"TBL_ID\")"
                        " FROM objects o JOIN tables t ON starts_with(o.path, t.base || '/')"
                        " ORDER BY 1, 2",
                        2, values, error);
  if (result == NULL)
    return NULL;
  matches = g_ptr_array_new_full (PQntuples (result), (GDestroyNotify) hms_discovery_object_match_free);
  for (int row = 0; row < PQntuples (result); row++)
    {
      HmsDiscoveryObjectMatch *match = g_new0 (HmsDiscoveryObjectMatch, 1);
      g_autoptr (JsonParser) parser = json_parser_new ();
      g_autoptr (GPtrArray) keys = g_ptr_array_new ();

      match->path_index = (guint) g_ascii_strtoull (PQgetvalue (result, row, 0), NULL, 10);
      match->table_id = g_ascii_strtoll (PQgetvalue (result, row, 1), NULL, 10);
      match->catalog = g_strdup (PQgetvalue (result, row, 2));
      match->database = g_strdup (PQgetvalue (result, row, 3));
      match->table = g_strdup (PQgetvalue (result, row, 4));
      match->location = g_strdup (PQgetvalue (result, row, 5));
      if (json_parser_load_from_data (parser, PQgetvalue (result, row, 6), -1, NULL)
          && JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
        {
          JsonArray *array = json_node_get_array (json_parser_get_root (parser));

          for (guint i = 0; i < json_array_get_length (array); i++)
            g_ptr_array_add (keys, g_strdup (json_array_get_string_element (array, i)));
        }
      g_ptr_array_add (keys, NULL);
      match->keys = (char **) g_ptr_array_free (g_steal_pointer (&keys), FALSE);
      g_ptr_array_add (matches, match);
    }
  return matches;
}
