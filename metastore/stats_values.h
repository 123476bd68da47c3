/*
 * stats_values.h
 *    Column statistics as values, the way Hive's metastore converts and
 *    combines them, with no SQL: Thrift statistics objects to and from the
 *    rows of TAB_COL_STATS / PART_COL_STATS (StatObjectConverter), decimal
 *    text (DecimalUtils), the COLUMN_STATS_ACCURATE parameter
 *    (StatsSetupConst), partition names (Warehouse, FileUtils), write id
 *    lists (ValidReaderWriteIdList), merging (ColumnStatsMerger*) and the
 *    aggregation across partitions of MetaStoreDirectSql with its linear
 *    extrapolation (LinearExtrapolatePartStatus).
 *
 * Everything here is pure computation, so unit tests cover it directly
 * (tests/test_stats_values.c); store_stats.c moves the rows, api_stats.c
 * applies the rules.
 */
#ifndef HMS_STATS_VALUES_H
#define HMS_STATS_VALUES_H

#include <glib.h>

#include "hms_hive_metastore_types.h"

/* --- rows ---------------------------------------------------------------- */

/* Which columns of a row are not SQL NULL. */
typedef enum
{
  HMS_STATS_LONG_LOW        = 1 << 0,
  HMS_STATS_LONG_HIGH       = 1 << 1,
  HMS_STATS_DOUBLE_LOW      = 1 << 2,
  HMS_STATS_DOUBLE_HIGH     = 1 << 3,
  HMS_STATS_DECIMAL_LOW     = 1 << 4,
  HMS_STATS_DECIMAL_HIGH    = 1 << 5,
  HMS_STATS_NUM_NULLS       = 1 << 6,
  HMS_STATS_NUM_DISTINCTS   = 1 << 7,
  HMS_STATS_AVG_COL_LEN     = 1 << 8,
  HMS_STATS_MAX_COL_LEN     = 1 << 9,
  HMS_STATS_NUM_TRUES       = 1 << 10,
  HMS_STATS_NUM_FALSES      = 1 << 11,
  HMS_STATS_BIT_VECTOR      = 1 << 12,
  HMS_STATS_HISTOGRAM       = 1 << 13,
  /* Aggregates only (MetaStoreDirectSql's extra columns). */
  HMS_STATS_AVG_NDV_LONG    = 1 << 14,
  HMS_STATS_AVG_NDV_DOUBLE  = 1 << 15,
  HMS_STATS_AVG_NDV_DECIMAL = 1 << 16,
  HMS_STATS_SUM_DISTINCTS   = 1 << 17,
} HmsStatsField;

/*
 * One row of TAB_COL_STATS or PART_COL_STATS (or one aggregate over such
 * rows): a value counts only when its HmsStatsField bit is in `present`.
 * Decimals are kept as the text Hive stores (BigDecimal.toString).
 */
typedef struct
{
  char    *column_name;
  char    *column_type;
  guint    present;
  gint64   long_low, long_high;
  double   double_low, double_high;
  char    *decimal_low, *decimal_high;
  gint64   num_nulls, num_distincts;
  double   avg_col_len;
  gint64   max_col_len, num_trues, num_falses;
  GBytes  *bit_vector, *histogram;
  double   avg_ndv_long, avg_ndv_double, avg_ndv_decimal;
  gint64   sum_distincts;
  /* Where a row belongs: the TBL_ID or PART_ID, the engine, the partition's name. */
  gint64   owner_id;
  char    *engine;
  char    *partition_name;
  gint     partition_index;   /* its place in a request's partition list */
  gint64   row_count;         /* aggregates: how many rows were combined */
} HmsStatsRow;

HmsStatsRow *hms_stats_row_new (void);
void         hms_stats_row_free (HmsStatsRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HmsStatsRow, hms_stats_row_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HmsColumnStatisticsObj, g_object_unref)

/*
 * The row StatObjectConverter.convertToM*ColumnStatistics makes of a
 * statistics object: name and type as given, and the columns that its
 * kind of statistics fills (a binary or boolean kind drops its bit
 * vector, a string kind its histogram, as Hive does).  Decimal bounds
 * become their text.  INVALID_OBJECT "Invalid column stats object" when
 * the object sets no kind of statistics.
 */
HmsStatsRow *hms_stats_row_from_object (const HmsColumnStatisticsObj *object, GError **error);

/*
 * The statistics object Hive builds from a stored row
 * (StatObjectConverter.fillColumnStatisticsData): the kind follows the
 * stored COLUMN_TYPE (boolean, string/varchar/char, binary, the integer
 * types, double/float, decimal, date, timestamp); NULL for any other type,
 * which has no kind.  NULL counts read as 0; bit vectors and histograms
 * only when asked for (metastore.stats.fetch.bitvector / .kll), and never
 * DataNucleus's placeholder values ("HL", empty).
 */
HmsColumnStatisticsObj *hms_stats_row_to_object (const HmsStatsRow *row, gboolean with_bit_vector,
                                                 gboolean with_histogram, GError **error);

/*
 * The statistics object of an aggregate row, with the NDV adjusted as
 * MetaStoreDirectSql does (StatObjectConverter's DB variant):
 * num_distincts is the lower bound, sum_distincts the upper one, the
 * density function (metastore.stats.ndv.densityfunction) or the tuner
 * (metastore.stats.ndv.tuner) picks between them, and for integer, date
 * and timestamp columns the value range caps it.  NULL for types with no
 * kind of statistics.
 */
HmsColumnStatisticsObj *hms_stats_aggregate_to_object (const HmsStatsRow *aggregate,
                                                       gboolean density_function, double ndv_tuner,
                                                       GError **error);

/*
 * MetaStoreDirectSql's extrapolation for a column whose statistics exist
 * for only `found` (>= 2) of the `requested` partitions: `rows` are all
 * its rows in those partitions (any stored type), each with its
 * partition_index (the last place of its name in the request).  Min and
 * max bounds are extrapolated linearly to the ends of the request's
 * partition list, sums scaled by requested / found, averages averaged.
 * Returns the aggregate row, typed `column_type`.
 */
HmsStatsRow *hms_stats_extrapolate (const char *column_name, const char *column_type,
                                    GPtrArray *rows, gint64 found, guint requested);

/*
 * Merges `old` into `merged` as ColumnStatsMerger does (set_aggr_stats_for
 * with needMerge): lower bounds by minimum, upper bounds by maximum, null,
 * true and false counts summed, lengths by maximum, the NDV by maximum.
 * Objects of different kinds are left alone.  Hive merges NDV sketches
 * when both sides carry bit vectors; hms does not read sketches and keeps
 * the maximum NDV with the new bit vector.
 */
void hms_stats_merge (HmsColumnStatisticsObj *merged, const HmsColumnStatisticsObj *old);

/* --- decimals -------------------------------------------------------------- */

/*
 * The text Hive stores for a Thrift Decimal (BigDecimal.toString of the
 * big-endian two's-complement unscaled value and the scale), e.g. "12.50",
 * "-3", "1E+3", "1.5E-9".
 */
char    *hms_stats_decimal_to_text (const GByteArray *unscaled, gint16 scale);

/*
 * A Thrift Decimal's fields from a decimal text, as BigDecimal(String)
 * and BigInteger.toByteArray give them: the minimal big-endian two's
 * complement of the unscaled value (one zero byte for zero).
 * INVALID_OBJECT when the text is not a number.
 */
gboolean hms_stats_decimal_from_text (const char *text, GByteArray **unscaled, gint16 *scale,
                                      GError **error);

/* Compares two decimal texts by value (-1, 0, 1); an unparsable text sorts first. */
int      hms_stats_decimal_compare (const char *a, const char *b);

/* Java's Double.toString: "150.0", "1.0E-5", "1.2345678E7", "NaN", "-Infinity". */
char    *hms_stats_double_to_java_text (double value);

/* --- COLUMN_STATS_ACCURATE --------------------------------------------------- */

#define HMS_STATS_ACCURATE_KEY "COLUMN_STATS_ACCURATE"

/*
 * The parameter StatsSetupConst keeps per table and partition, e.g.
 * {"BASIC_STATS":"true","COLUMN_STATS":{"a":"true","b":"true"}}: whether
 * the basic statistics are accurate, and which columns have accurate
 * column statistics.
 */
typedef struct HmsStatsAccurate HmsStatsAccurate;

/* Parses a value as Jackson does for Hive (NULL: none; anything unreadable: nothing accurate, or
 * basic statistics only when the text is "true"). */
HmsStatsAccurate *hms_stats_accurate_parse (const char *text);
void              hms_stats_accurate_free (HmsStatsAccurate *accurate);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HmsStatsAccurate, hms_stats_accurate_free)

/* The JSON text Hive writes: members in order, BASIC_STATS only when true, COLUMN_STATS only when
 * not empty, column names sorted, every value a "true"/"false" string. */
char     *hms_stats_accurate_to_text (const HmsStatsAccurate *accurate);

/* StatsSetupConst.setColumnStatsState: marks the columns accurate, keeping existing entries. */
void      hms_stats_accurate_add_columns (HmsStatsAccurate *accurate, GPtrArray *columns);
/* removeColumnStatsState (columns NULL: clearColumnStatsState). */
void      hms_stats_accurate_remove_columns (HmsStatsAccurate *accurate, GPtrArray *columns);
/* canColumnStatsMerge: the column has an entry, whatever its value. */
gboolean  hms_stats_accurate_has_column (const HmsStatsAccurate *accurate, const char *column);
gboolean  hms_stats_accurate_basic (const HmsStatsAccurate *accurate);

/* --- partition names ---------------------------------------------------------- */

/*
 * HMSHandler.lowerCaseConvertPartName: the key=value components of the
 * name as Warehouse.makeEscSpecFromName reads them (escaped, components
 * without a usable '=' skipped, a repeated key in its first place with its
 * last value), joined again with lower-case keys.  NULL stays NULL;
 * FAILED "Partition name is invalid. <name>" for an empty name.
 */
gboolean   hms_stats_partition_name_lower_keys (const char *name, char **lowered, GError **error);

/*
 * The PART_NAME of the partition a client's name designates in a table
 * partitioned by `keys` (lower-case names, in order), as
 * HMSHandler.getPartValsFromName and Warehouse.makePartName compute it
 * (through partition_name.h).  FAILED for an empty or NULL name,
 * INVALID_OBJECT "incomplete partition name - missing <key>".
 */
char      *hms_stats_partition_name_canonical (GPtrArray *keys, const char *name, GError **error);

/* --- transactional state ---------------------------------------------------------- */

/*
 * ObjectStore.isCurrentStatsValidForTheQuery: whether statistics written
 * with `stats_write_id` (< 1: not transactional) under the parameter value
 * `accurate` are valid for a query that sees `write_ids` (a
 * ValidReaderWriteIdList string, NULL for none); a complete writer may
 * also replace statistics of an aborted write.  FAILED on a malformed list.
 */
gboolean hms_stats_valid_for_query (const char *accurate, gint64 stats_write_id,
                                    const char *write_ids, gboolean complete_writer,
                                    gboolean *valid, GError **error);

#endif /* HMS_STATS_VALUES_H */
