/*
 * store_sd.c
 *    Storage descriptors as rows (see store_sd.h).
 *
 * Writes go to PostgreSQL as one JSON array describing every descriptor of
 * the batch, unpacked on the server with json_array_elements.  Descriptors
 * come back as plain columns with their child rows as arrays
 * (hms_store_sd_load_many), which cost a fraction of a JSON document per
 * row to read.  Either way a batch costs the same round trips as a single
 * descriptor.
 */
#include "store_sd.h"
#include "db.h"
#include "error.h"
#include "store.h"

#include <json-glib/json-glib.h>
#include <string.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HmsStorageDescriptor, g_object_unref)

/* --- reading ----------------------------------------------------------- */

static JsonNode *
parse_json (const char *text, const char *what, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) local = NULL;

  if (!json_parser_load_from_data (parser, text, -1, &local))
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_DATABASE,
                   "could not parse %s from the metastore database: %s", what, local->message);
      return NULL;
    }
  return json_node_copy (json_parser_get_root (parser));
}

/* An array member, NULL when absent or JSON null. */
static JsonArray *
member_array (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static void
strings_from_array (JsonArray *array, GPtrArray *into)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      g_ptr_array_add (into, g_strdup (JSON_NODE_HOLDS_NULL (node) ? NULL : json_node_get_string (node)));
    }
}

static void
skew_from_object (JsonObject *object, HmsSkewedInfo *skew)
{
  JsonArray *values = member_array (object, "skewedColValues");
  JsonArray *locations = member_array (object, "skewedLocations");

  g_ptr_array_set_size (skew->skewedColNames, 0);
  strings_from_array (member_array (object, "skewedColNames"), skew->skewedColNames);
  skew->__isset_skewedColNames = TRUE;

  g_ptr_array_set_size (skew->skewedColValues, 0);
  for (guint i = 0; values != NULL && i < json_array_get_length (values); i++)
    {
      GPtrArray *list = g_ptr_array_new_with_free_func (g_free);

      strings_from_array (json_array_get_array_element (values, i), list);
      g_ptr_array_add (skew->skewedColValues, list);
    }
  skew->__isset_skewedColValues = TRUE;

  g_hash_table_remove_all (skew->skewedColValueLocationMaps);
  for (guint i = 0; locations != NULL && i < json_array_get_length (locations); i++)
    {
      JsonArray *pair = json_array_get_array_element (locations, i);
      GPtrArray *key = g_ptr_array_new_with_free_func (g_free);
      const char *location = json_array_get_null_element (pair, 1) ? NULL
                             : json_array_get_string_element (pair, 1);

      strings_from_array (json_array_get_array_element (pair, 0), key);
      g_hash_table_insert (skew->skewedColValueLocationMaps, key, g_strdup (location ? location : ""));
    }
  skew->__isset_skewedColValueLocationMaps = TRUE;
}

/* sortCols from its JSON member ([[column, order], ...]); empty when absent. */
static void
sort_columns_from_object (JsonObject *object, HmsStorageDescriptor *descriptor)
{
  JsonArray *sort_columns = member_array (object, "sortCols");

  g_ptr_array_set_size (descriptor->sortCols, 0);
  for (guint i = 0; sort_columns != NULL && i < json_array_get_length (sort_columns); i++)
    {
      JsonArray *pair = json_array_get_array_element (sort_columns, i);
      HmsOrder *order = g_object_new (HMS_TYPE_ORDER, NULL);

      if (!json_array_get_null_element (pair, 0))
        {
          order->col = g_strdup (json_array_get_string_element (pair, 0));
          order->__isset_col = TRUE;
        }
      order->order = (gint32) json_array_get_int_element (pair, 1);
      order->__isset_order = TRUE;
      g_ptr_array_add (descriptor->sortCols, order);
    }
  descriptor->__isset_sortCols = TRUE;
}

/*
 * The columns of hms_store_sd_load_many's query, in order.  Child rows come
 * as arrays (parsed without building a JSON document per row); sort and
 * skew information, rarely present, as one JSON object that is NULL when
 * there is none.  Bucketing, sort and skew rows are looked for once for the
 * whole set ("rare", a few index scans) and per descriptor only where
 * there are some: most partitions have none, and eight lookups per row
 * cost more than the row.
 */
enum
{
  LOAD_ORDINAL,
  LOAD_CD_ID,
  LOAD_LOCATION,
  LOAD_INPUT_FORMAT,
  LOAD_OUTPUT_FORMAT,
  LOAD_COMPRESSED,
  LOAD_NUM_BUCKETS,
  LOAD_SUBDIRECTORIES,
  LOAD_SERDE_ID,
  LOAD_SERDE_NAME,
  LOAD_SERDE_LIBRARY,
  LOAD_SERDE_DESCRIPTION,
  LOAD_SERDE_SERIALIZER,
  LOAD_SERDE_DESERIALIZER,
  LOAD_SERDE_TYPE,
  LOAD_SERDE_PARAMETERS,
  LOAD_PARAMETERS,
  LOAD_BUCKET_COLUMNS,
  LOAD_SORT_AND_SKEW,
  LOAD_COLUMNS,
};

#define LOAD_MANY_SQL \
  "WITH w AS (SELECT id, ord FROM unnest($1::bigint[]) WITH ORDINALITY AS w(id, ord))," \
  " rare AS (SELECT \"SD_ID\" AS id FROM \"BUCKETING_COLS\" WHERE \"SD_ID\" IN (SELECT id FROM w)" \
  "          UNION SELECT \"SD_ID\" FROM \"SORT_COLS\" WHERE \"SD_ID\" IN (SELECT id FROM w)" \
  "          UNION SELECT \"SD_ID\" FROM \"SKEWED_COL_NAMES\" WHERE \"SD_ID\" IN (SELECT id FROM w)" \
  "          UNION SELECT \"SD_ID_OID\" FROM \"SKEWED_VALUES\" WHERE \"SD_ID_OID\" IN (SELECT id FROM w)" \
  "          UNION SELECT \"SD_ID\" FROM \"SKEWED_COL_VALUE_LOC_MAP\" WHERE \"SD_ID\" IN (SELECT id FROM w))" \
  " SELECT w.ord, s.\"CD_ID\", s.\"LOCATION\", s.\"INPUT_FORMAT\", s.\"OUTPUT_FORMAT\"," \
  " s.\"IS_COMPRESSED\", s.\"NUM_BUCKETS\", s.\"IS_STOREDASSUBDIRECTORIES\"," \
  " se.\"SERDE_ID\", se.\"NAME\", se.\"SLIB\", se.\"DESCRIPTION\", se.\"SERIALIZER_CLASS\"," \
  " se.\"DESERIALIZER_CLASS\", se.\"SERDE_TYPE\"," \
  " (SELECT array_agg(ARRAY[sp.\"PARAM_KEY\", sp.\"PARAM_VALUE\"]) FROM \"SERDE_PARAMS\" sp" \
  "  WHERE sp.\"SERDE_ID\" = se.\"SERDE_ID\" AND sp.\"PARAM_VALUE\" IS NOT NULL)," \
  " (SELECT array_agg(ARRAY[p.\"PARAM_KEY\", p.\"PARAM_VALUE\"]) FROM \"SD_PARAMS\" p" \
  "  WHERE p.\"SD_ID\" = s.\"SD_ID\" AND p.\"PARAM_VALUE\" IS NOT NULL)," \
  " CASE WHEN r.id IS NOT NULL THEN" \
  "  (SELECT array_agg(b.\"BUCKET_COL_NAME\" ORDER BY b.\"INTEGER_IDX\") FROM \"BUCKETING_COLS\" b" \
  "   WHERE b.\"SD_ID\" = s.\"SD_ID\") END," \
  " CASE WHEN r.id IS NOT NULL THEN" \
  "  (SELECT json_build_object('sortCols', x.sort, 'skewedColNames', x.names," \
  "                            'skewedColValues', x.vals, 'skewedLocations', x.locations)" \
  "   FROM (SELECT" \
  "    (SELECT json_agg(json_build_array(o.\"COLUMN_NAME\", o.\"ORDER\") ORDER BY o.\"INTEGER_IDX\")" \
  "     FROM \"SORT_COLS\" o WHERE o.\"SD_ID\" = s.\"SD_ID\") AS sort," \
  "    (SELECT json_agg(k.\"SKEWED_COL_NAME\" ORDER BY k.\"INTEGER_IDX\")" \
  "     FROM \"SKEWED_COL_NAMES\" k WHERE k.\"SD_ID\" = s.\"SD_ID\") AS names," \
  "    (SELECT json_agg((SELECT COALESCE(json_agg(l.\"STRING_LIST_VALUE\" ORDER BY l.\"INTEGER_IDX\"), '[]')" \
  "                      FROM \"SKEWED_STRING_LIST_VALUES\" l" \
  "                      WHERE l.\"STRING_LIST_ID\" = v.\"STRING_LIST_ID_EID\") ORDER BY v.\"INTEGER_IDX\")" \
  "     FROM \"SKEWED_VALUES\" v WHERE v.\"SD_ID_OID\" = s.\"SD_ID\") AS vals," \
  "    (SELECT json_agg(json_build_array(" \
  "       (SELECT COALESCE(json_agg(l.\"STRING_LIST_VALUE\" ORDER BY l.\"INTEGER_IDX\"), '[]')" \
  "        FROM \"SKEWED_STRING_LIST_VALUES\" l WHERE l.\"STRING_LIST_ID\" = m.\"STRING_LIST_ID_KID\")," \
  "       m.\"LOCATION\"))" \
  "     FROM \"SKEWED_COL_VALUE_LOC_MAP\" m WHERE m.\"SD_ID\" = s.\"SD_ID\") AS locations) x" \
  "   WHERE x.sort IS NOT NULL OR x.names IS NOT NULL OR x.vals IS NOT NULL OR x.locations IS NOT NULL) END," \
  " CASE WHEN s.\"CD_ID\" IS NOT NULL AND row_number() OVER (PARTITION BY s.\"CD_ID\" ORDER BY w.ord) = 1" \
  "      THEN (SELECT array_agg(ARRAY[c.\"COLUMN_NAME\", c.\"TYPE_NAME\", c.\"COMMENT\"] ORDER BY c.\"INTEGER_IDX\")" \
  "            FROM \"COLUMNS_V2\" c WHERE c.\"CD_ID\" = s.\"CD_ID\") END" \
  " FROM w JOIN \"SDS\" s ON s.\"SD_ID\" = w.id" \
  " LEFT JOIN \"SERDES\" se ON se.\"SERDE_ID\" = s.\"SERDE_ID\"" \
  " LEFT JOIN rare r ON r.id = s.\"SD_ID\"" \
  " ORDER BY w.ord"

static gboolean
parse_failure (GError **error, const char *what)
{
  g_set_error (error, HMS_ERROR, HMS_ERROR_DATABASE,
               "could not parse %s from the metastore database", what);
  return FALSE;
}

/* A text column into a string field and its isset flag (SQL NULL: unset). */
static void
take_text (const PGresult *result, int row, int column, char **field, gboolean *isset)
{
  const char *value = hms_db_value (result, row, column);

  g_free (*field);
  *field = g_strdup (value);
  *isset = value != NULL;
}

static gint64
value_int (const PGresult *result, int row, int column)
{
  const char *value = hms_db_value (result, row, column);

  return value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;
}

static gboolean
value_bool (const PGresult *result, int row, int column)
{
  const char *value = hms_db_value (result, row, column);

  return value != NULL && value[0] == 't';
}

/* The [name, type, comment] triples of a CD's columns as new HmsFieldSchema objects. */
static gboolean
columns_from_triples (const char *text, GPtrArray *columns, GError **error)
{
  g_autoptr (GPtrArray) elements = g_ptr_array_new_with_free_func (g_free);

  if (!hms_db_parse_array (text, elements) || elements->len % 3 != 0)
    return parse_failure (error, "a column list");
  for (guint i = 0; i < elements->len; i += 3)
    {
      HmsFieldSchema *column = g_object_new (HMS_TYPE_FIELD_SCHEMA, NULL);

      column->name = g_steal_pointer (&g_ptr_array_index (elements, i));
      column->__isset_name = column->name != NULL;
      column->type = g_steal_pointer (&g_ptr_array_index (elements, i + 1));
      column->__isset_type = column->type != NULL;
      column->comment = g_steal_pointer (&g_ptr_array_index (elements, i + 2));
      column->__isset_comment = column->comment != NULL;
      g_ptr_array_add (columns, column);
    }
  return TRUE;
}

/*
 * Empties what descriptor_from_row appends to, so that one descriptor can
 * be filled row after row (a streamed reply reuses its objects).
 */
static void
descriptor_reset (HmsStorageDescriptor *descriptor)
{
  g_ptr_array_set_size (descriptor->cols, 0);
  g_hash_table_remove_all (descriptor->serdeInfo->parameters);
  g_hash_table_remove_all (descriptor->parameters);
  g_ptr_array_set_size (descriptor->bucketCols, 0);
  g_ptr_array_set_size (descriptor->sortCols, 0);
  g_ptr_array_set_size (descriptor->skewedInfo->skewedColNames, 0);
  g_ptr_array_set_size (descriptor->skewedInfo->skewedColValues, 0);
  g_hash_table_remove_all (descriptor->skewedInfo->skewedColValueLocationMaps);
}

/*
 * Fills `descriptor` (new, or one filled before: its children are emptied
 * first) from a row of LOAD_MANY_SQL, but for its columns, as
 * the table reader fills it.
 */
static gboolean
descriptor_from_row (const PGresult *result, int row, HmsStorageDescriptor *descriptor,
                     GError **error)
{
  const char *sort_and_skew = hms_db_value (result, row, LOAD_SORT_AND_SKEW);

  descriptor_reset (descriptor);
  take_text (result, row, LOAD_LOCATION, &descriptor->location, &descriptor->__isset_location);
  take_text (result, row, LOAD_INPUT_FORMAT, &descriptor->inputFormat, &descriptor->__isset_inputFormat);
  take_text (result, row, LOAD_OUTPUT_FORMAT, &descriptor->outputFormat, &descriptor->__isset_outputFormat);
  descriptor->compressed = value_bool (result, row, LOAD_COMPRESSED);
  descriptor->__isset_compressed = TRUE;
  descriptor->numBuckets = (gint32) value_int (result, row, LOAD_NUM_BUCKETS);
  descriptor->__isset_numBuckets = TRUE;
  descriptor->storedAsSubDirectories = value_bool (result, row, LOAD_SUBDIRECTORIES);
  descriptor->__isset_storedAsSubDirectories = TRUE;

  descriptor->__isset_serdeInfo = !PQgetisnull (result, row, LOAD_SERDE_ID);
  if (descriptor->__isset_serdeInfo)
    {
      HmsSerDeInfo *serde = descriptor->serdeInfo;
      gint64 type = value_int (result, row, LOAD_SERDE_TYPE);

      take_text (result, row, LOAD_SERDE_NAME, &serde->name, &serde->__isset_name);
      take_text (result, row, LOAD_SERDE_LIBRARY, &serde->serializationLib, &serde->__isset_serializationLib);
      take_text (result, row, LOAD_SERDE_DESCRIPTION, &serde->description, &serde->__isset_description);
      take_text (result, row, LOAD_SERDE_SERIALIZER, &serde->serializerClass, &serde->__isset_serializerClass);
      take_text (result, row, LOAD_SERDE_DESERIALIZER, &serde->deserializerClass,
                 &serde->__isset_deserializerClass);
      serde->serdeType = (HmsSerdeType) type;
      serde->__isset_serdeType = type > 0;
      if (!hms_db_parse_pairs (hms_db_value (result, row, LOAD_SERDE_PARAMETERS), serde->parameters, NULL))
        return parse_failure (error, "serde parameters");
      serde->__isset_parameters = TRUE;
    }

  if (!hms_db_parse_pairs (hms_db_value (result, row, LOAD_PARAMETERS), descriptor->parameters, NULL))
    return parse_failure (error, "storage descriptor parameters");
  descriptor->__isset_parameters = TRUE;
  if (!hms_db_parse_array (hms_db_value (result, row, LOAD_BUCKET_COLUMNS), descriptor->bucketCols))
    return parse_failure (error, "bucket columns");
  descriptor->__isset_bucketCols = TRUE;

  if (sort_and_skew != NULL)
    {
      g_autoptr (JsonNode) root = parse_json (sort_and_skew, "sort and skew information", error);

      if (root == NULL)
        return FALSE;
      if (!JSON_NODE_HOLDS_OBJECT (root))
        return parse_failure (error, "sort and skew information");
      sort_columns_from_object (json_node_get_object (root), descriptor);
      skew_from_object (json_node_get_object (root), descriptor->skewedInfo);
    }
  else
    {
      /* What skew_from_object gives for none: three empty, set members. */
      descriptor->__isset_sortCols = TRUE;
      descriptor->skewedInfo->__isset_skewedColNames = TRUE;
      descriptor->skewedInfo->__isset_skewedColValues = TRUE;
      descriptor->skewedInfo->__isset_skewedColValueLocationMaps = TRUE;
    }
  descriptor->__isset_skewedInfo = TRUE;
  return TRUE;
}

struct _HmsSdRows
{
  PGresult   *result;
  GHashTable *columns_by_cd;   /* CD_ID -> GPtrArray of HmsFieldSchema, parsed once */
};

HmsSdRows *
hms_store_sd_rows_load (PGconn *conn, const gint64 *sd_ids, guint count, GError **error)
{
  g_autofree char *ids = hms_db_id_array (sd_ids, count);
  const char *values[] = { ids };
  PGresult *result = hms_db_exec (conn, LOAD_MANY_SQL, 1, values, error);
  HmsSdRows *rows;

  if (result == NULL)
    return NULL;
  rows = g_new (HmsSdRows, 1);
  rows->result = result;
  rows->columns_by_cd = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                               (GDestroyNotify) g_ptr_array_unref);
  return rows;
}

guint
hms_store_sd_rows_count (const HmsSdRows *rows)
{
  return (guint) PQntuples (rows->result);
}

void
hms_store_sd_rows_free (HmsSdRows *rows)
{
  if (rows == NULL)
    return;
  PQclear (rows->result);
  g_hash_table_unref (rows->columns_by_cd);
  g_free (rows);
}

gboolean
hms_store_sd_rows_fill (HmsSdRows *rows, guint row, HmsStorageDescriptor *descriptor,
                        guint *position, gint64 *column_descriptor_id, GError **error)
{
  const PGresult *result = rows->result;
  gint64 cd = value_int (result, (int) row, LOAD_CD_ID);
  GPtrArray *columns;

  *position = (guint) value_int (result, (int) row, LOAD_ORDINAL) - 1;
  if (column_descriptor_id != NULL)
    *column_descriptor_id = cd;
  if (!descriptor_from_row (result, (int) row, descriptor, error))
    return FALSE;
  /* Hive sends no column list for a descriptor without a CD (a view's, say). */
  descriptor->__isset_cols = cd > 0;
  if (cd <= 0)
    return TRUE;
  /* Each CD's columns travel once, on the first descriptor that uses it; the others share the parsed list. */
  columns = g_hash_table_lookup (rows->columns_by_cd, &cd);
  if (columns == NULL)
    {
      gint64 *key = g_new (gint64, 1);

      *key = cd;
      columns = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (rows->columns_by_cd, key, columns);
      if (!columns_from_triples (hms_db_value (result, (int) row, LOAD_COLUMNS), columns, error))
        return FALSE;
    }
  for (guint i = 0; i < columns->len; i++)
    g_ptr_array_add (descriptor->cols, g_object_ref (g_ptr_array_index (columns, i)));
  return TRUE;
}

GPtrArray *
hms_store_sd_load_many (PGconn *conn, const gint64 *sd_ids, guint count,
                        gint64 *column_descriptor_ids, GError **error)
{
  g_autoptr (HmsSdRows) rows = hms_store_sd_rows_load (conn, sd_ids, count, error);
  g_autoptr (GPtrArray) descriptors = NULL;

  if (rows == NULL)
    return NULL;
  descriptors = g_ptr_array_new_full (count, (GDestroyNotify) g_object_unref);
  g_ptr_array_set_size (descriptors, count);
  if (column_descriptor_ids != NULL)
    memset (column_descriptor_ids, 0, sizeof (gint64) * count);

  for (guint row = 0; row < hms_store_sd_rows_count (rows); row++)
    {
      g_autoptr (HmsStorageDescriptor) descriptor = g_object_new (HMS_TYPE_STORAGE_DESCRIPTOR, NULL);
      guint index;
      gint64 cd;

      if (!hms_store_sd_rows_fill (rows, row, descriptor, &index, &cd, error))
        return NULL;
      if (index >= count)
        continue;
      if (column_descriptor_ids != NULL)
        column_descriptor_ids[index] = cd;
      if (g_ptr_array_index (descriptors, index) != NULL)
        g_object_unref (g_ptr_array_index (descriptors, index));
      g_ptr_array_index (descriptors, index) = g_steal_pointer (&descriptor);
    }
  return g_steal_pointer (&descriptors);
}

/* --- writing ----------------------------------------------------------- */

static gboolean
strings_equal (const char *a, gboolean a_set, const char *b, gboolean b_set)
{
  const char *left = a_set ? a : NULL;
  const char *right = b_set ? b : NULL;

  if (left == NULL || right == NULL)
    return left == right;
  return strcmp (left, right) == 0;
}

gboolean
hms_store_sd_columns_equal (GPtrArray *a, GPtrArray *b)
{
  guint a_length = a ? a->len : 0;
  guint b_length = b ? b->len : 0;

  if (a_length != b_length)
    return FALSE;
  for (guint i = 0; i < a_length; i++)
    {
      HmsFieldSchema *left = g_ptr_array_index (a, i);
      HmsFieldSchema *right = g_ptr_array_index (b, i);

      if (!strings_equal (left->name, left->__isset_name, right->name, right->__isset_name)
          || !strings_equal (left->type, left->__isset_type, right->type, right->__isset_type)
          || !strings_equal (left->comment, left->__isset_comment, right->comment, right->__isset_comment))
        return FALSE;
    }
  return TRUE;
}

/* Lower-cased and trimmed, as Hive's normalizeIdentifier; NULL stays NULL. */
static char *
normalize (const char *name)
{
  g_autofree char *copy = NULL;

  if (name == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (name));
  return g_utf8_strdown (copy, -1);
}

static void
add_string_member (JsonBuilder *builder, const char *name, const char *value)
{
  json_builder_set_member_name (builder, name);
  if (value == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, value);
}

static void
add_map_member (JsonBuilder *builder, const char *name, GHashTable *map, gboolean set)
{
  GHashTableIter iter;
  gpointer key, value;

  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  if (set && map != NULL)
    {
      g_hash_table_iter_init (&iter, map);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          json_builder_set_member_name (builder, key);
          json_builder_add_string_value (builder, value);
        }
    }
  json_builder_end_object (builder);
}

static void
add_strings_member (JsonBuilder *builder, const char *name, GPtrArray *strings, gboolean set)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; set && strings != NULL && i < strings->len; i++)
    {
      const char *value = g_ptr_array_index (strings, i);

      if (value == NULL)
        json_builder_add_null_value (builder);
      else
        json_builder_add_string_value (builder, value);
    }
  json_builder_end_array (builder);
}

/* Column rows as DataNucleus writes them: names lower-cased, in list order. */
static void
add_columns_member (JsonBuilder *builder, const char *name, GPtrArray *columns)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; columns != NULL && i < columns->len; i++)
    {
      HmsFieldSchema *column = g_ptr_array_index (columns, i);
      g_autofree char *lower = g_utf8_strdown (column->__isset_name && column->name ? column->name : "", -1);

      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, lower);
      if (column->__isset_type && column->type != NULL)
        json_builder_add_string_value (builder, column->type);
      else
        json_builder_add_null_value (builder);
      if (column->__isset_comment && column->comment != NULL)
        json_builder_add_string_value (builder, column->comment);
      else
        json_builder_add_null_value (builder);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
}

/* How many SKEWED_STRING_LIST rows a descriptor needs. */
static guint
string_lists_needed (HmsStorageDescriptor *descriptor)
{
  HmsSkewedInfo *skew = descriptor->skewedInfo;

  if (!descriptor->__isset_skewedInfo || skew == NULL)
    return 0;
  return (skew->__isset_skewedColValues ? skew->skewedColValues->len : 0)
         + (skew->__isset_skewedColValueLocationMaps
              ? g_hash_table_size (skew->skewedColValueLocationMaps) : 0);
}

/*
 * The skew members of one descriptor's JSON; string list ids are taken
 * from *next_list_id onwards.
 */
static void
add_skew_members (JsonBuilder *builder, HmsStorageDescriptor *descriptor, gint64 *next_list_id)
{
  HmsSkewedInfo *skew = descriptor->__isset_skewedInfo ? descriptor->skewedInfo : NULL;
  GHashTableIter iter;
  gpointer key, value;

  add_strings_member (builder, "skewed_names", skew ? skew->skewedColNames : NULL,
                      skew && skew->__isset_skewedColNames);

  json_builder_set_member_name (builder, "skewed_values");
  json_builder_begin_array (builder);
  for (guint i = 0; skew && skew->__isset_skewedColValues && i < skew->skewedColValues->len; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, (*next_list_id)++);
      add_strings_member (builder, "values", g_ptr_array_index (skew->skewedColValues, i), TRUE);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "skewed_locations");
  json_builder_begin_array (builder);
  if (skew && skew->__isset_skewedColValueLocationMaps)
    {
      g_hash_table_iter_init (&iter, skew->skewedColValueLocationMaps);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, (*next_list_id)++);
          add_strings_member (builder, "values", key, TRUE);
          add_string_member (builder, "location", value);
          json_builder_end_object (builder);
        }
    }
  json_builder_end_array (builder);
}

/*
 * One descriptor's JSON, the input of the statements below.  serde_id 0
 * means no serde row; serde_new says the serde row is to be inserted;
 * cd_id is the CD to reference, its columns included only when new_cd.
 */
static void
add_descriptor (JsonBuilder *builder, HmsStorageDescriptor *descriptor, gint64 sd_id,
                gint64 serde_id, gboolean serde_new, gint64 cd_id, gboolean new_cd,
                gint64 *next_list_id)
{
  HmsSerDeInfo *serde = descriptor->__isset_serdeInfo ? descriptor->serdeInfo : NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sd");
  json_builder_add_int_value (builder, sd_id);
  json_builder_set_member_name (builder, "serde");
  if (serde_id > 0)
    json_builder_add_int_value (builder, serde_id);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "serde_new");
  json_builder_add_boolean_value (builder, serde_id > 0 && serde_new);
  json_builder_set_member_name (builder, "cd");
  json_builder_add_int_value (builder, cd_id);
  json_builder_set_member_name (builder, "new_cd");
  json_builder_add_boolean_value (builder, new_cd);
  if (new_cd)
    add_columns_member (builder, "cols", descriptor->__isset_cols ? descriptor->cols : NULL);

  add_string_member (builder, "location", descriptor->__isset_location ? descriptor->location : NULL);
  add_string_member (builder, "input", descriptor->__isset_inputFormat ? descriptor->inputFormat : NULL);
  add_string_member (builder, "output", descriptor->__isset_outputFormat ? descriptor->outputFormat : NULL);
  json_builder_set_member_name (builder, "compressed");
  json_builder_add_boolean_value (builder, descriptor->compressed);
  json_builder_set_member_name (builder, "buckets");
  json_builder_add_int_value (builder, descriptor->numBuckets);
  json_builder_set_member_name (builder, "subdirs");
  json_builder_add_boolean_value (builder, descriptor->__isset_storedAsSubDirectories
                                             && descriptor->storedAsSubDirectories);

  add_string_member (builder, "serde_name", serde && serde->__isset_name ? serde->name : NULL);
  add_string_member (builder, "serde_lib",
                     serde && serde->__isset_serializationLib ? serde->serializationLib : NULL);
  add_string_member (builder, "serde_description",
                     serde && serde->__isset_description ? serde->description : NULL);
  add_string_member (builder, "serializer",
                     serde && serde->__isset_serializerClass ? serde->serializerClass : NULL);
  add_string_member (builder, "deserializer",
                     serde && serde->__isset_deserializerClass ? serde->deserializerClass : NULL);
  /* MSerDeInfo keeps an int: 0 for an unset serde type. */
  json_builder_set_member_name (builder, "serde_type");
  json_builder_add_int_value (builder, serde && serde->__isset_serdeType ? serde->serdeType : 0);
  add_map_member (builder, "serde_parameters", serde ? serde->parameters : NULL,
                  serde && serde->__isset_parameters);
  add_map_member (builder, "parameters", descriptor->parameters, descriptor->__isset_parameters);

  add_strings_member (builder, "bucket_cols", descriptor->bucketCols, descriptor->__isset_bucketCols);
  json_builder_set_member_name (builder, "sort_cols");
  json_builder_begin_array (builder);
  for (guint i = 0; descriptor->__isset_sortCols && i < descriptor->sortCols->len; i++)
    {
      HmsOrder *order = g_ptr_array_index (descriptor->sortCols, i);
      g_autofree char *column = normalize (order->__isset_col ? order->col : NULL);

      json_builder_begin_array (builder);
      if (column != NULL)
        json_builder_add_string_value (builder, column);
      else
        json_builder_add_null_value (builder);
      json_builder_add_int_value (builder, order->order);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  add_skew_members (builder, descriptor, next_list_id);
  json_builder_end_object (builder);
}

static char *
builder_to_text (JsonBuilder *builder)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/*
 * The statements below read the batch from $1, a JSON array of
 * add_descriptor objects, as the relation `input` (one column d).
 */
#define INPUT_CTE "WITH input AS (SELECT value AS d FROM json_array_elements($1::json))"

/* The new CDs (new_cd) with their columns, names lower-cased, in list order. */
#define NEW_COLUMN_DESCRIPTOR_CTES \
  ", cds AS (INSERT INTO \"CDS\" (\"CD_ID\") SELECT (d->>'cd')::bigint FROM input" \
  "          WHERE (d->>'new_cd')::boolean)," \
  " cols AS (INSERT INTO \"COLUMNS_V2\" (\"CD_ID\", \"COMMENT\", \"COLUMN_NAME\", \"TYPE_NAME\", \"INTEGER_IDX\")" \
  "          SELECT (d->>'cd')::bigint, c.value->>2, c.value->>0, c.value->>1, (c.ordinality - 1)::int" \
  "          FROM input, json_array_elements(d->'cols') WITH ORDINALITY c" \
  "          WHERE (d->>'new_cd')::boolean)"

/* The serde rows still to be inserted (serde_new). */
#define NEW_SERDE_CTE \
  ", serdes AS (INSERT INTO \"SERDES\" (\"SERDE_ID\", \"NAME\", \"SLIB\", \"DESCRIPTION\"," \
  "               \"SERIALIZER_CLASS\", \"DESERIALIZER_CLASS\", \"SERDE_TYPE\")" \
  "             SELECT (d->>'serde')::bigint, d->>'serde_name', d->>'serde_lib', d->>'serde_description'," \
  "                    d->>'serializer', d->>'deserializer', (d->>'serde_type')::int" \
  "             FROM input WHERE (d->>'serde_new')::boolean)"

/*
 * The rows hanging off a descriptor and its serde: parameters, bucketing,
 * sort and skew rows (each skewed value list and each location map key is
 * a SKEWED_STRING_LIST of its own, as DataNucleus stores MStringList).
 */
#define CHILD_ROW_CTES \
  ", serde_parameters AS (INSERT INTO \"SERDE_PARAMS\" (\"SERDE_ID\", \"PARAM_KEY\", \"PARAM_VALUE\")" \
  "            SELECT (d->>'serde')::bigint, p.key, p.value" \
  "            FROM input, json_each_text(d->'serde_parameters') p WHERE d->>'serde' IS NOT NULL)," \
  " parameters AS (INSERT INTO \"SD_PARAMS\" (\"SD_ID\", \"PARAM_KEY\", \"PARAM_VALUE\")" \
  "            SELECT (d->>'sd')::bigint, p.key, p.value FROM input, json_each_text(d->'parameters') p)," \
  " bucketing AS (INSERT INTO \"BUCKETING_COLS\" (\"SD_ID\", \"BUCKET_COL_NAME\", \"INTEGER_IDX\")" \
  "            SELECT (d->>'sd')::bigint, b.value, b.ordinality - 1" \
  "            FROM input, json_array_elements_text(d->'bucket_cols') WITH ORDINALITY b)," \
  " sorting AS (INSERT INTO \"SORT_COLS\" (\"SD_ID\", \"COLUMN_NAME\", \"ORDER\", \"INTEGER_IDX\")" \
  "            SELECT (d->>'sd')::bigint, o.value->>0, (o.value->>1)::bigint, o.ordinality - 1" \
  "            FROM input, json_array_elements(d->'sort_cols') WITH ORDINALITY o)," \
  " skewed_names AS (INSERT INTO \"SKEWED_COL_NAMES\" (\"SD_ID\", \"SKEWED_COL_NAME\", \"INTEGER_IDX\")" \
  "            SELECT (d->>'sd')::bigint, k.value, k.ordinality - 1" \
  "            FROM input, json_array_elements_text(d->'skewed_names') WITH ORDINALITY k)," \
  " skewed_lists AS (SELECT (d->>'sd')::bigint AS sd, v.value AS l, v.ordinality - 1 AS idx, FALSE AS mapped" \
  "            FROM input, json_array_elements(d->'skewed_values') WITH ORDINALITY v" \
  "            UNION ALL SELECT (d->>'sd')::bigint, m.value, 0, TRUE" \
  "            FROM input, json_array_elements(d->'skewed_locations') m)," \
  " string_lists AS (INSERT INTO \"SKEWED_STRING_LIST\" (\"STRING_LIST_ID\")" \
  "            SELECT (l->>'id')::bigint FROM skewed_lists)," \
  " string_list_values AS (INSERT INTO \"SKEWED_STRING_LIST_VALUES\"" \
  "              (\"STRING_LIST_ID\", \"STRING_LIST_VALUE\", \"INTEGER_IDX\")" \
  "            SELECT (l->>'id')::bigint, x.value, x.ordinality - 1" \
  "            FROM skewed_lists, json_array_elements_text(l->'values') WITH ORDINALITY x)," \
  " skewed_values AS (INSERT INTO \"SKEWED_VALUES\" (\"SD_ID_OID\", \"STRING_LIST_ID_EID\", \"INTEGER_IDX\")" \
  "            SELECT sd, (l->>'id')::bigint, idx FROM skewed_lists WHERE NOT mapped)," \
  " skewed_locations AS (INSERT INTO \"SKEWED_COL_VALUE_LOC_MAP\" (\"SD_ID\", \"STRING_LIST_ID_KID\", \"LOCATION\")" \
  "            SELECT sd, (l->>'id')::bigint, l->>'location' FROM skewed_lists WHERE mapped)"

/* New descriptors: the SDS rows with everything hanging off them. */
#define INSERT_SQL \
  INPUT_CTE NEW_COLUMN_DESCRIPTOR_CTES NEW_SERDE_CTE CHILD_ROW_CTES "," \
  " sds AS (INSERT INTO \"SDS\" (\"SD_ID\", \"INPUT_FORMAT\", \"IS_COMPRESSED\", \"LOCATION\"," \
  "           \"NUM_BUCKETS\", \"OUTPUT_FORMAT\", \"SERDE_ID\", \"CD_ID\", \"IS_STOREDASSUBDIRECTORIES\")" \
  "         SELECT (d->>'sd')::bigint, d->>'input', (d->>'compressed')::boolean, d->>'location'," \
  "                (d->>'buckets')::bigint, d->>'output', (d->>'serde')::bigint, (d->>'cd')::bigint," \
  "                (d->>'subdirs')::boolean FROM input)" \
  " SELECT 1"

/*
 * Deletes the CDs in $2 (bigint[]) that no SDS row references, with their
 * columns and the constraints on them, as removeUnusedColumnDescriptor.
 */
#define ORPHAN_COLUMN_DESCRIPTOR_CTES \
  ", orphan_cd AS (SELECT c.\"CD_ID\" FROM \"CDS\" c WHERE c.\"CD_ID\" = ANY ($2::bigint[])" \
  "                AND NOT EXISTS (SELECT 1 FROM \"SDS\" s WHERE s.\"CD_ID\" = c.\"CD_ID\"))," \
  " orphan_columns AS (DELETE FROM \"COLUMNS_V2\" WHERE \"CD_ID\" IN (SELECT \"CD_ID\" FROM orphan_cd))," \
  " orphan_constraints AS (DELETE FROM \"KEY_CONSTRAINTS\" WHERE \"PARENT_CD_ID\" IN (SELECT \"CD_ID\" FROM orphan_cd)" \
  "                        OR \"CHILD_CD_ID\" IN (SELECT \"CD_ID\" FROM orphan_cd))," \
  " orphan_cds AS (DELETE FROM \"CDS\" WHERE \"CD_ID\" IN (SELECT \"CD_ID\" FROM orphan_cd))"

/*
 * First half of an update: delete the old child rows, add the new CDs and
 * serdes, move constraints to the new CDs, and rewrite the SDS and SERDES
 * rows.  Child rows are deleted here and inserted by the second statement
 * because one statement may not delete and insert the same key.
 */
#define UPDATE_MAIN_SQL \
  INPUT_CTE "," \
  " old AS (SELECT s.\"SD_ID\", s.\"SERDE_ID\", s.\"CD_ID\" FROM \"SDS\" s" \
  "         WHERE s.\"SD_ID\" IN (SELECT (d->>'sd')::bigint FROM input))," \
  " old_lists AS (SELECT \"STRING_LIST_ID_EID\" AS id FROM \"SKEWED_VALUES\"" \
  "               WHERE \"SD_ID_OID\" IN (SELECT \"SD_ID\" FROM old)" \
  "               UNION SELECT \"STRING_LIST_ID_KID\" FROM \"SKEWED_COL_VALUE_LOC_MAP\"" \
  "               WHERE \"SD_ID\" IN (SELECT \"SD_ID\" FROM old))," \
  " d1 AS (DELETE FROM \"SD_PARAMS\" WHERE \"SD_ID\" IN (SELECT \"SD_ID\" FROM old))," \
  " d2 AS (DELETE FROM \"BUCKETING_COLS\" WHERE \"SD_ID\" IN (SELECT \"SD_ID\" FROM old))," \
  " d3 AS (DELETE FROM \"SORT_COLS\" WHERE \"SD_ID\" IN (SELECT \"SD_ID\" FROM old))," \
  " d4 AS (DELETE FROM \"SKEWED_COL_NAMES\" WHERE \"SD_ID\" IN (SELECT \"SD_ID\" FROM old))," \
  " d5 AS (DELETE FROM \"SKEWED_COL_VALUE_LOC_MAP\" WHERE \"SD_ID\" IN (SELECT \"SD_ID\" FROM old))," \
  " d6 AS (DELETE FROM \"SKEWED_VALUES\" WHERE \"SD_ID_OID\" IN (SELECT \"SD_ID\" FROM old))," \
  " d7 AS (DELETE FROM \"SKEWED_STRING_LIST_VALUES\" WHERE \"STRING_LIST_ID\" IN (SELECT id FROM old_lists))," \
  " d8 AS (DELETE FROM \"SKEWED_STRING_LIST\" WHERE \"STRING_LIST_ID\" IN (SELECT id FROM old_lists))," \
  " d9 AS (DELETE FROM \"SERDE_PARAMS\" WHERE \"SERDE_ID\" IN (SELECT \"SERDE_ID\" FROM old))" \
  NEW_COLUMN_DESCRIPTOR_CTES NEW_SERDE_CTE "," \
  " changed AS (SELECT o.\"CD_ID\" AS old_cd, (i.d->>'cd')::bigint AS new_cd, i.d" \
  "             FROM old o JOIN input i ON o.\"SD_ID\" = (i.d->>'sd')::bigint" \
  "             WHERE o.\"CD_ID\" IS NOT NULL AND o.\"CD_ID\" <> (i.d->>'cd')::bigint)," \
  " new_columns AS (SELECT ch.old_cd, ch.new_cd, c.value->>0 AS name, c.value->>1 AS type," \
  "                        c.value->>2 AS comment, c.ordinality - 1 AS idx" \
  "                 FROM changed ch, json_array_elements(ch.d->'cols') WITH ORDINALITY c" \
  "                 WHERE (ch.d->>'new_cd')::boolean" \
  "                 UNION ALL SELECT ch.old_cd, ch.new_cd, n.\"COLUMN_NAME\", n.\"TYPE_NAME\", n.\"COMMENT\"," \
  "                        n.\"INTEGER_IDX\"" \
  "                 FROM changed ch JOIN \"COLUMNS_V2\" n ON n.\"CD_ID\" = ch.new_cd" \
  "                 WHERE NOT (ch.d->>'new_cd')::boolean)," \
  " mapping AS (SELECT DISTINCT ON (n.old_cd, o.\"INTEGER_IDX\") n.old_cd, n.new_cd," \
  "                    o.\"INTEGER_IDX\" AS old_idx, n.idx AS new_idx" \
  "             FROM new_columns n JOIN \"COLUMNS_V2\" o ON o.\"CD_ID\" = n.old_cd" \
  "               AND o.\"COLUMN_NAME\" = n.name AND o.\"TYPE_NAME\" IS NOT DISTINCT FROM n.type" \
  "               AND o.\"COMMENT\" IS NOT DISTINCT FROM n.comment" \
  "             ORDER BY n.old_cd, o.\"INTEGER_IDX\", n.idx)," \
  " remapped AS (UPDATE \"KEY_CONSTRAINTS\" k SET" \
  "   \"PARENT_CD_ID\" = COALESCE((SELECT m.new_cd FROM mapping m WHERE m.old_cd = k.\"PARENT_CD_ID\"" \
  "                     AND m.old_idx = k.\"PARENT_INTEGER_IDX\"), k.\"PARENT_CD_ID\")," \
  "   \"PARENT_INTEGER_IDX\" = COALESCE((SELECT m.new_idx FROM mapping m WHERE m.old_cd = k.\"PARENT_CD_ID\"" \
  "                     AND m.old_idx = k.\"PARENT_INTEGER_IDX\"), k.\"PARENT_INTEGER_IDX\")," \
  "   \"CHILD_CD_ID\" = COALESCE((SELECT m.new_cd FROM mapping m WHERE m.old_cd = k.\"CHILD_CD_ID\"" \
  "                     AND m.old_idx = k.\"CHILD_INTEGER_IDX\"), k.\"CHILD_CD_ID\")," \
  "   \"CHILD_INTEGER_IDX\" = COALESCE((SELECT m.new_idx FROM mapping m WHERE m.old_cd = k.\"CHILD_CD_ID\"" \
  "                     AND m.old_idx = k.\"CHILD_INTEGER_IDX\"), k.\"CHILD_INTEGER_IDX\")" \
  "   WHERE k.\"PARENT_CD_ID\" IN (SELECT old_cd FROM changed)" \
  "      OR k.\"CHILD_CD_ID\" IN (SELECT old_cd FROM changed))," \
  " serde_rows AS (UPDATE \"SERDES\" se SET \"NAME\" = i.d->>'serde_name', \"SLIB\" = i.d->>'serde_lib'" \
  "                FROM input i WHERE se.\"SERDE_ID\" = (i.d->>'serde')::bigint" \
  "                AND NOT (i.d->>'serde_new')::boolean)" \
  " UPDATE \"SDS\" s SET \"INPUT_FORMAT\" = i.d->>'input', \"IS_COMPRESSED\" = (i.d->>'compressed')::boolean," \
  "   \"LOCATION\" = i.d->>'location', \"NUM_BUCKETS\" = (i.d->>'buckets')::bigint," \
  "   \"OUTPUT_FORMAT\" = i.d->>'output', \"SERDE_ID\" = (i.d->>'serde')::bigint," \
  "   \"CD_ID\" = (i.d->>'cd')::bigint, \"IS_STOREDASSUBDIRECTORIES\" = (i.d->>'subdirs')::boolean" \
  " FROM input i WHERE s.\"SD_ID\" = (i.d->>'sd')::bigint"

/* Second half of an update: the new child rows, then the CDs left unused. */
#define UPDATE_CHILDREN_SQL \
  INPUT_CTE CHILD_ROW_CTES ORPHAN_COLUMN_DESCRIPTOR_CTES " SELECT 1"

/* Ids for one batch, allocated in the documented class order. */
typedef struct
{
  gint64 first_sd;
  gint64 first_serde;
  gint64 first_cd;
  gint64 first_list;
} BatchIds;

static gboolean
allocate_batch_ids (PGconn *conn, guint descriptors, guint serdes, guint cds, guint lists,
                    BatchIds *ids, GError **error)
{
  memset (ids, 0, sizeof *ids);
  if (descriptors > 0
      && (ids->first_sd = hms_store_allocate_ids (conn, "MStorageDescriptor", "SDS", "SD_ID",
                                                  descriptors, error)) < 0)
    return FALSE;
  if (serdes > 0
      && (ids->first_serde = hms_store_allocate_ids (conn, "MSerDeInfo", "SERDES", "SERDE_ID",
                                                     serdes, error)) < 0)
    return FALSE;
  if (cds > 0
      && (ids->first_cd = hms_store_allocate_ids (conn, "MColumnDescriptor", "CDS", "CD_ID",
                                                  cds, error)) < 0)
    return FALSE;
  if (lists > 0
      && (ids->first_list = hms_store_allocate_ids (conn, "MStringList", "SKEWED_STRING_LIST",
                                                    "STRING_LIST_ID", lists, error)) < 0)
    return FALSE;
  return TRUE;
}

static gboolean
run_with_json (PGconn *conn, const char *sql, const char *input, const char *second,
               GError **error)
{
  const char *values[] = { input, second };
  g_autoptr (PGresult) result = hms_db_exec (conn, sql, second ? 2 : 1, values, error);

  return result != NULL;
}

gboolean
hms_store_sd_insert_many (PGconn *conn, HmsStorageDescriptor *const *descriptors, guint count,
                          gint64 *column_descriptor_ids, gint64 *sd_ids, GError **error)
{
  g_autoptr (JsonBuilder) builder = NULL;
  g_autofree char *input = NULL;
  guint serdes = 0, new_cds = 0, lists = 0;
  gint64 next_serde, next_cd, next_list;
  BatchIds ids;

  if (count == 0)
    return TRUE;
  for (guint i = 0; i < count; i++)
    {
      serdes += descriptors[i]->__isset_serdeInfo ? 1 : 0;
      new_cds += column_descriptor_ids == NULL || column_descriptor_ids[i] <= 0 ? 1 : 0;
      lists += string_lists_needed (descriptors[i]);
    }
  if (!allocate_batch_ids (conn, count, serdes, new_cds, lists, &ids, error))
    return FALSE;

  next_serde = ids.first_serde;
  next_cd = ids.first_cd;
  next_list = ids.first_list;
  builder = json_builder_new_immutable ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < count; i++)
    {
      gboolean new_cd = column_descriptor_ids == NULL || column_descriptor_ids[i] <= 0;
      gint64 cd = new_cd ? next_cd++ : column_descriptor_ids[i];
      gint64 serde = descriptors[i]->__isset_serdeInfo ? next_serde++ : 0;

      sd_ids[i] = ids.first_sd + i;
      if (column_descriptor_ids != NULL)
        column_descriptor_ids[i] = cd;
      add_descriptor (builder, descriptors[i], sd_ids[i], serde, TRUE, cd, new_cd, &next_list);
    }
  json_builder_end_array (builder);
  input = builder_to_text (builder);
  return run_with_json (conn, INSERT_SQL, input, NULL, error);
}

gint64
hms_store_sd_insert (PGconn *conn, HmsStorageDescriptor *descriptor,
                     gint64 *column_descriptor_id, GError **error)
{
  gint64 sd_id = -1;

  if (!hms_store_sd_insert_many (conn, &descriptor, 1, column_descriptor_id, &sd_id, error))
    return -1;
  return sd_id;
}

gboolean
hms_store_sd_update_many (PGconn *conn, const gint64 *sd_ids,
                          HmsStorageDescriptor *const *descriptors, guint count,
                          gint64 *column_descriptor_ids, GError **error)
{
  g_autofree char *id_text = hms_db_id_array (sd_ids, count);
  g_autofree gint64 *old_serdes = NULL;
  g_autofree gint64 *old_cds = NULL;
  g_autofree char *old_cd_text = NULL;
  g_autofree char *input = NULL;
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (GHashTable) rows = NULL;
  guint missing_serdes = 0, new_cds = 0, lists = 0;
  gint64 next_serde, next_cd, next_list;
  BatchIds ids;

  if (count == 0)
    return TRUE;

  /* The rows, locked, with the serde and CD each one uses now. */
  {
    const char *values[] = { id_text };
    g_autoptr (PGresult) result =
      hms_db_exec (conn,
                   "SELECT \"SD_ID\", \"SERDE_ID\", \"CD_ID\" FROM \"SDS\""
                   " WHERE \"SD_ID\" = ANY ($1::bigint[]) ORDER BY \"SD_ID\" FOR UPDATE",
                   1, values, error);

    if (result == NULL)
      return FALSE;
    rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
    for (int row = 0; row < PQntuples (result); row++)
      {
        gint64 *key = g_new (gint64, 1);
        gint64 *pair = g_new0 (gint64, 2);

        *key = g_ascii_strtoll (PQgetvalue (result, row, 0), NULL, 10);
        pair[0] = hms_db_value (result, row, 1) ? g_ascii_strtoll (PQgetvalue (result, row, 1), NULL, 10) : 0;
        pair[1] = hms_db_value (result, row, 2) ? g_ascii_strtoll (PQgetvalue (result, row, 2), NULL, 10) : 0;
        g_hash_table_insert (rows, key, pair);
      }
  }
  old_serdes = g_new0 (gint64, count);
  old_cds = g_new0 (gint64, count);
  for (guint i = 0; i < count; i++)
    {
      gint64 *pair = g_hash_table_lookup (rows, &sd_ids[i]);

      if (pair == NULL)
        {
          g_set_error (error, HMS_ERROR, HMS_ERROR_NO_SUCH_OBJECT,
                       "storage descriptor %" G_GINT64_FORMAT " does not exist", sd_ids[i]);
          return FALSE;
        }
      old_serdes[i] = pair[0];
      old_cds[i] = pair[1];
      missing_serdes += pair[0] == 0 ? 1 : 0;
      new_cds += column_descriptor_ids == NULL || column_descriptor_ids[i] <= 0 ? 1 : 0;
      lists += string_lists_needed (descriptors[i]);
    }
  if (!allocate_batch_ids (conn, 0, missing_serdes, new_cds, lists, &ids, error))
    return FALSE;

  next_serde = ids.first_serde;
  next_cd = ids.first_cd;
  next_list = ids.first_list;
  builder = json_builder_new_immutable ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < count; i++)
    {
      gboolean new_cd = column_descriptor_ids == NULL || column_descriptor_ids[i] <= 0;
      gint64 cd = new_cd ? next_cd++ : column_descriptor_ids[i];
      gboolean serde_new = old_serdes[i] == 0;
      gint64 serde = serde_new ? next_serde++ : old_serdes[i];

      if (column_descriptor_ids != NULL)
        column_descriptor_ids[i] = cd;
      add_descriptor (builder, descriptors[i], sd_ids[i], serde, serde_new, cd, new_cd, &next_list);
    }
  json_builder_end_array (builder);
  input = builder_to_text (builder);
  old_cd_text = hms_db_id_array (old_cds, count);

  return run_with_json (conn, UPDATE_MAIN_SQL, input, NULL, error)
         && run_with_json (conn, UPDATE_CHILDREN_SQL, input, old_cd_text, error);
}

gboolean
hms_store_sd_set_columns (PGconn *conn, const gint64 *sd_ids, guint count,
                          GPtrArray *columns, GError **error)
{
  g_autofree char *id_text = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *columns_json = NULL;
  g_autoptr (JsonBuilder) builder = NULL;
  gint64 first;

  if (count == 0)
    return TRUE;
  first = hms_store_allocate_ids (conn, "MColumnDescriptor", "CDS", "CD_ID", count, error);
  if (first < 0)
    return FALSE;
  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  add_columns_member (builder, "cols", columns);
  json_builder_end_object (builder);
  columns_json = builder_to_text (builder);
  id_text = hms_db_id_array (sd_ids, count);
  first_text = g_strdup_printf ("%" G_GINT64_FORMAT, first);
  {
    const char *values[] = { id_text, first_text, columns_json };
    g_autoptr (PGresult) result =
      hms_db_exec (conn,
                   "WITH input AS (SELECT w.sd, $2::bigint + w.ord - 1 AS cd"
                   "               FROM unnest($1::bigint[]) WITH ORDINALITY AS w(sd, ord)),"
                   " old AS (SELECT \"SD_ID\", \"CD_ID\" FROM \"SDS\" WHERE \"SD_ID\" IN (SELECT sd FROM input)),"
                   " cds AS (INSERT INTO \"CDS\" (\"CD_ID\") SELECT cd FROM input),"
                   " cols AS (INSERT INTO \"COLUMNS_V2\" (\"CD_ID\", \"COMMENT\", \"COLUMN_NAME\", \"TYPE_NAME\", \"INTEGER_IDX\")"
                   "          SELECT i.cd, c.value->>2, c.value->>0, c.value->>1, (c.ordinality - 1)::int"
                   "          FROM input i, json_array_elements($3::json->'cols') WITH ORDINALITY c),"
                   " moved AS (UPDATE \"SDS\" s SET \"CD_ID\" = i.cd FROM input i WHERE s.\"SD_ID\" = i.sd),"
                   " orphan_cd AS (SELECT DISTINCT o.\"CD_ID\" FROM old o WHERE o.\"CD_ID\" IS NOT NULL"
                   "               AND NOT EXISTS (SELECT 1 FROM \"SDS\" x WHERE x.\"CD_ID\" = o.\"CD_ID\""
                   "                               AND x.\"SD_ID\" NOT IN (SELECT sd FROM input))),"
                   " orphan_columns AS (DELETE FROM \"COLUMNS_V2\" WHERE \"CD_ID\" IN (SELECT \"CD_ID\" FROM orphan_cd)),"
                   " orphan_constraints AS (DELETE FROM \"KEY_CONSTRAINTS\""
                   "                        WHERE \"PARENT_CD_ID\" IN (SELECT \"CD_ID\" FROM orphan_cd)"
                   "                        OR \"CHILD_CD_ID\" IN (SELECT \"CD_ID\" FROM orphan_cd)),"
                   " orphan_cds AS (DELETE FROM \"CDS\" WHERE \"CD_ID\" IN (SELECT \"CD_ID\" FROM orphan_cd))"
                   " SELECT 1",
                   G_N_ELEMENTS (values), values, error);

    return result != NULL;
  }
}

gboolean
hms_store_sd_delete_many (PGconn *conn, const gint64 *sd_ids, guint count, GError **error)
{
  g_autofree char *id_text = NULL;

  if (count == 0)
    return TRUE;
  id_text = hms_db_id_array (sd_ids, count);
  {
    const char *values[] = { id_text };
    g_autoptr (PGresult) result =
      hms_db_exec (conn,
                   "WITH sd AS (SELECT \"SD_ID\", \"SERDE_ID\", \"CD_ID\" FROM \"SDS\""
                   "            WHERE \"SD_ID\" = ANY ($1::bigint[]))"
                   HMS_STORE_SD_DELETE_CTES
                   " SELECT 1",
                   1, values, error);

    return result != NULL;
  }
}

gboolean
hms_store_sd_set_locations (PGconn *conn, const gint64 *sd_ids, const char *const *locations,
                            guint count, GError **error)
{
  g_autoptr (JsonBuilder) builder = NULL;
  g_autofree char *input = NULL;

  if (count == 0)
    return TRUE;
  builder = json_builder_new_immutable ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < count; i++)
    {
      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, sd_ids[i]);
      if (locations[i] != NULL)
        json_builder_add_string_value (builder, locations[i]);
      else
        json_builder_add_null_value (builder);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  input = builder_to_text (builder);
  {
    const char *values[] = { input };
    g_autoptr (PGresult) result =
      hms_db_exec (conn,
                   "UPDATE \"SDS\" s SET \"LOCATION\" = l.value->>1"
                   " FROM json_array_elements($1::json) l WHERE s.\"SD_ID\" = (l.value->>0)::bigint",
                   1, values, error);

    return result != NULL;
  }
}
