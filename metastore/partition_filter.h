/*
 * partition_filter.h
 *    Hive's partition filter language (get_partitions_by_filter,
 *    get_num_partitions_by_filter, drop_partitions_req by expression):
 *    parsed here, then turned into a parameterised SQL condition over
 *    PARTITIONS and PARTITION_KEY_VALS with the semantics of Hive's direct
 *    SQL (MetaStoreDirectSql.PartitionFilterGenerator).
 *
 * The syntax is Hive 4's PartitionFilter.g4: comparisons (=, ==, !=, <>,
 * <, <=, >, >=, LIKE) between a partition key and a constant on either
 * side; key [NOT] BETWEEN c1 AND c2; (key) [NOT] IN (c1, ...);
 * (STRUCT(k1, k2)) [NOT] IN (STRUCT(c1, c2), ...); AND, OR, parentheses.
 * Keywords are case-insensitive; keys are [A-Za-z0-9_]+ or `back-quoted`;
 * constants are 'strings' or "strings" (backslash escapes kept as written,
 * as Hive keeps them), integers, DATE 'yyyy-mm-dd' or a bare yyyy-mm-dd,
 * TIMESTAMP 'yyyy-mm-dd hh:mm:ss' or a bare one.  Two additions, both
 * unambiguous: `key [NOT] IN (...)` without the parentheses Hive requires
 * around the key, and STRUCT lists of any length (Hive's grammar takes
 * exactly two).  Trailing text after a complete filter is an error (Hive's
 * grammar has no EOF and silently ignores it).
 *
 * Nothing a client wrote is pasted into SQL: keys become column aliases we
 * name ("FILTER<index>"), constants become parameters.
 */
#ifndef HMS_PARTITION_FILTER_H
#define HMS_PARTITION_FILTER_H

#include <glib.h>

typedef struct HmsPartitionFilter HmsPartitionFilter;

/*
 * Parses a filter.  NULL, "" or white space only is the empty filter,
 * which matches every partition (as Hive treats an empty filter).  A
 * malformed filter is HMS_ERROR_FAILED (a MetaException) "Error parsing
 * partition filter: line L:C <what was found>, expecting <what>", C being
 * the 0-based column as ANTLR reports it.
 */
HmsPartitionFilter *hms_partition_filter_parse (const char *text, GError **error);
void                hms_partition_filter_free (HmsPartitionFilter *filter);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HmsPartitionFilter, hms_partition_filter_free)

/* TRUE for the empty filter. */
gboolean            hms_partition_filter_is_empty (const HmsPartitionFilter *filter);

/*
 * The parsed tree in a canonical form, for tests and logs: leaves as
 * key op value with strings quoted in '', integers bare, a reversed
 * comparison written value op key; AND and OR nodes parenthesised.
 */
char               *hms_partition_filter_describe (const HmsPartitionFilter *filter);

/* A partition key of the table being filtered: its name and Hive type. */
typedef struct
{
  const char *name;
  const char *type;
} HmsPartitionKey;

/* The SQL of a filter, for a query whose PARTITIONS row is aliased "p". */
typedef struct
{
  char      *joins;       /* JOIN clauses to add after "PARTITIONS" p ("" for none) */
  char      *condition;   /* a boolean SQL expression ("TRUE" for the empty filter) */
  GPtrArray *parameters;  /* text values of $first, $first+1, ... */
} HmsPartitionFilterSql;

void hms_partition_filter_sql_clear (HmsPartitionFilterSql *sql);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HmsPartitionFilterSql, hms_partition_filter_sql_clear)

/*
 * Turns a filter into SQL for a table with the given partition keys, its
 * parameters numbered from $first_parameter.  As Hive's direct SQL does:
 * a key matches a table key by case-insensitive name; a string key
 * (string, char, varchar) compares PART_KEY_VAL as text with a string
 * constant; an integral key (tinyint, smallint, int, bigint) compares the
 * value cast to decimal(21,0) with an integer constant, date and timestamp
 * keys the value cast to date / timestamp with a string constant that reads
 * as one; the default partition name compares as text whatever the type,
 * and is never equal to, less or greater than a number or date (the cast
 * is skipped for it).  = and != also test PART_NAME as Hive does (equality
 * of the escaped "key=value" fragment, or LIKE on it for multi-key tables).
 *
 * Errors, HMS_ERROR_FAILED with Hive's messages: "Specified key <k> is not
 * a partitioning key for the table"; "Filtering is supported only on
 * partition keys of type string" where Hive's direct SQL cannot push the
 * comparison down and its JDO fallback refuses it (a key of another type,
 * a constant of the wrong kind, LIKE on a non-string key); "Partition spec
 * is incorrect. {k=}" for = or != with an empty string.
 */
gboolean hms_partition_filter_to_sql (const HmsPartitionFilter *filter,
                                      const HmsPartitionKey *keys, guint key_count,
                                      const char *default_partition_name,
                                      guint first_parameter, HmsPartitionFilterSql *sql,
                                      GError **error);

/*
 * Hive's answer when a pushed-down comparison cannot be evaluated on the
 * stored values (a non-numeric value of an integral key, a non-date value
 * of a date key): its direct SQL fails and its JDO fallback refuses
 * non-string keys.  Store code sets this after the query failed with a
 * PostgreSQL data exception.
 */
#define HMS_PARTITION_FILTER_TYPE_MESSAGE "Filtering is supported only on partition keys of type string"

#endif /* HMS_PARTITION_FILTER_H */
