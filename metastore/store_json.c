/*
 * store_json.c
 *    JSON for maps and lists passed to and from PostgreSQL (see store_json.h).
 */
#include "store_json.h"
#include "error.h"

#include <json-glib/json-glib.h>

gboolean
hms_json_object_to_hash (const char *json, GHashTable *table, GError **error)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) local = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (json == NULL)
    return TRUE;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, json, -1, &local))
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_DATABASE,
                   "could not parse a parameter map from the metastore database: %s",
                   local->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_DATABASE,
                   "parameter map from the metastore database is not a JSON object");
      return FALSE;
    }
  object = json_node_get_object (root);
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &value))
    g_hash_table_replace (table, g_strdup (key),
                          JSON_NODE_HOLDS_NULL (value) ? g_strdup ("")
                                                       : g_strdup (json_node_get_string (value)));
  return TRUE;
}

char *
hms_json_object_from_hash (GHashTable *table)
{
  g_autoptr (JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  GHashTableIter iter;
  gpointer key, value;

  json_builder_begin_object (builder);
  if (table != NULL)
    {
      g_hash_table_iter_init (&iter, table);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          json_builder_set_member_name (builder, key);
          json_builder_add_string_value (builder, value);
        }
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

char *
hms_json_array_from_strings (GPtrArray *strings)
{
  g_autoptr (JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; strings != NULL && i < strings->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (strings, i));
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}
