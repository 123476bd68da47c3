/*
 * store_json.h
 *    Maps travel between hms and PostgreSQL as JSON objects: json_object_agg
 *    on the way out, json_each_text on the way in, so a whole map costs one
 *    parameter or one column instead of a row per entry.
 */
#ifndef HMS_STORE_JSON_H
#define HMS_STORE_JSON_H

#include <glib.h>

/* Adds the members of a JSON object (NULL text: none) to a string->string table. */
gboolean hms_json_object_to_hash (const char *json, GHashTable *table, GError **error);

/* A JSON object of a string->string table (NULL table: "{}"). */
char    *hms_json_object_from_hash (GHashTable *table);

/* A JSON array of strings. */
char    *hms_json_array_from_strings (GPtrArray *strings);

#endif /* HMS_STORE_JSON_H */
