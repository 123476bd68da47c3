/*
 * partition_name.h
 *    Partition names as Hive writes and reads them: "k1=v1/k2=v2", keys
 *    lower-cased, keys and values escaped as FileUtils.escapePathName does,
 *    an empty value written as __HIVE_DEFAULT_PARTITION__, and the reverse
 *    (Warehouse.makeSpecFromName, makeValsFromName).
 *
 * The names are the PART_NAME column that the Java metastore and hms share,
 * and the directory names under a table, so the escaping must be Hive's
 * byte for byte; Trino builds the same names and sends them back.
 */
#ifndef HMS_PARTITION_NAME_H
#define HMS_PARTITION_NAME_H

#include <glib.h>

/* The name FileUtils.escapePathName gives a null or empty value. */
#define HMS_PARTITION_DEFAULT_NAME "__HIVE_DEFAULT_PARTITION__"

/*
 * FileUtils.escapePathName: every character of Hive's escape set (control
 * characters, '"', '#', '%', '\'', '*', '/', ':', '=', '?', '\\', DEL, '{',
 * '[', ']', '^') becomes '%' and two upper-case hex digits; everything else,
 * space and non-ASCII included, stays.  NULL or "" gives `default_name`, or
 * __HIVE_DEFAULT_PARTITION__ when that is NULL.
 */
char      *hms_partition_escape (const char *value, const char *default_name);

/*
 * FileUtils.unescapePathName: '%' followed by two characters that Java's
 * Integer.parseInt(.., 16) reads as a number >= 0 becomes that code point
 * (U+0000 to U+00FF, written as UTF-8 as Java's char would be); anything
 * else stays as it is.
 */
char      *hms_partition_unescape (const char *name);

/*
 * FileUtils.makePartName: "k1=v1/k2=v2" from `count` keys and values, keys
 * lower-cased, both escaped (empty values become `default_name`, or
 * __HIVE_DEFAULT_PARTITION__ when NULL).
 */
char      *hms_partition_make_name (const char *const *keys, const char *const *values,
                                    guint count, const char *default_name);

/*
 * Warehouse.makeSpecFromName: the key=value components of a name, in
 * order, unescaped; components without a non-empty key and value around
 * an '=' are skipped (the last '=' splits, as Hive's regular expression
 * does), and a key seen twice keeps its first place and its last value.
 * Appends to `keys` and `values` (arrays of strings that own them).  Never
 * fails on content; an empty name gives nothing.
 */
void       hms_partition_name_to_spec (const char *name, GPtrArray *keys, GPtrArray *values);

/*
 * Warehouse.makeValsFromName: the values of "k1=v1/k2=v2", unescaped, one
 * per '/'-separated component (trailing empty components dropped, as
 * Java's split does).  When `expected` is not 0 the count must equal it.
 * Errors (HMS_ERROR_FAILED, Hive's messages): "Expected N components, got
 * M (name)", "Unexpected component C" for a component whose '=' is missing
 * or first.
 */
GPtrArray *hms_partition_name_to_values (const char *name, guint expected, GError **error);

/*
 * The values of partition `name` in the order of `keys` (a table's
 * partition keys), as HMSHandler.getPartValsFromName reads them: a key the
 * name lacks is an error, HMS_ERROR_INVALID_OBJECT "incomplete partition
 * name - missing KEY".
 */
GPtrArray *hms_partition_name_values_for_keys (const char *name, const char *const *keys,
                                               guint count, GError **error);

/* Java's List.toString of strings: "[a, b]". */
char      *hms_partition_values_to_string (const char *const *values, guint count);

#endif /* HMS_PARTITION_NAME_H */
