/*
 * stats_values.c
 *    Column statistics as values: conversions, decimal text,
 *    COLUMN_STATS_ACCURATE, partition names, write id lists, merging and
 *    extrapolation, each as Hive's metastore does it (see stats_values.h).
 */
#include "stats_values.h"
#include "error.h"
#include "partition_name.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

/* --- rows ------------------------------------------------------------------ */

HmsStatsRow *
hms_stats_row_new (void)
{
  HmsStatsRow *row = g_new0 (HmsStatsRow, 1);

  row->partition_index = -1;
  return row;
}

void
hms_stats_row_free (HmsStatsRow *row)
{
  if (row == NULL)
    return;
  g_free (row->column_name);
  g_free (row->column_type);
  g_free (row->decimal_low);
  g_free (row->decimal_high);
  g_clear_pointer (&row->bit_vector, g_bytes_unref);
  g_clear_pointer (&row->histogram, g_bytes_unref);
  g_free (row->engine);
  g_free (row->partition_name);
  g_free (row);
}

static GBytes *
bytes_of (const GByteArray *array)
{
  return g_bytes_new (array && array->len ? array->data : NULL, array ? array->len : 0);
}

static GByteArray *
byte_array_of (GBytes *bytes)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  GByteArray *array = g_byte_array_sized_new (size);

  g_byte_array_append (array, data, size);
  return array;
}

/* The sketch columns a kind keeps, and the count columns every NDV-bearing kind shares. */
static void
row_take_sketches (HmsStatsRow *row, GByteArray *bit_vectors, gboolean has_bit_vectors,
                   GByteArray *histogram, gboolean has_histogram)
{
  if (has_bit_vectors && bit_vectors != NULL)
    {
      row->bit_vector = bytes_of (bit_vectors);
      row->present |= HMS_STATS_BIT_VECTOR;
    }
  if (has_histogram && histogram != NULL)
    {
      row->histogram = bytes_of (histogram);
      row->present |= HMS_STATS_HISTOGRAM;
    }
}

static void
row_set_counts (HmsStatsRow *row, gint64 num_nulls, gint64 num_distincts)
{
  row->num_nulls = num_nulls;
  row->num_distincts = num_distincts;
  row->present |= HMS_STATS_NUM_NULLS | HMS_STATS_NUM_DISTINCTS;
}

static void
row_set_longs (HmsStatsRow *row, gboolean has_low, gint64 low, gboolean has_high, gint64 high)
{
  if (has_low)
    {
      row->long_low = low;
      row->present |= HMS_STATS_LONG_LOW;
    }
  if (has_high)
    {
      row->long_high = high;
      row->present |= HMS_STATS_LONG_HIGH;
    }
}

HmsStatsRow *
hms_stats_row_from_object (const HmsColumnStatisticsObj *object, GError **error)
{
  g_autoptr (HmsStatsRow) row = hms_stats_row_new ();
  HmsColumnStatisticsData *data = object->statsData;

  row->column_name = g_strdup (object->colName ? object->colName : "");
  row->column_type = g_strdup (object->colType ? object->colType : "");

  /* StatObjectConverter tests the members in this order. */
  if (data != NULL && data->__isset_booleanStats)
    {
      HmsBooleanColumnStatsData *s = data->booleanStats;

      row->num_trues = s->numTrues;
      row->num_falses = s->numFalses;
      row->num_nulls = s->numNulls;
      row->present |= HMS_STATS_NUM_TRUES | HMS_STATS_NUM_FALSES | HMS_STATS_NUM_NULLS;
    }
  else if (data != NULL && data->__isset_longStats)
    {
      HmsLongColumnStatsData *s = data->longStats;

      row_set_counts (row, s->numNulls, s->numDVs);
      row_take_sketches (row, s->bitVectors, s->__isset_bitVectors, s->histogram, s->__isset_histogram);
      row_set_longs (row, s->__isset_lowValue, s->lowValue, s->__isset_highValue, s->highValue);
    }
  else if (data != NULL && data->__isset_doubleStats)
    {
      HmsDoubleColumnStatsData *s = data->doubleStats;

      row_set_counts (row, s->numNulls, s->numDVs);
      row_take_sketches (row, s->bitVectors, s->__isset_bitVectors, s->histogram, s->__isset_histogram);
      if (s->__isset_lowValue)
        {
          row->double_low = s->lowValue;
          row->present |= HMS_STATS_DOUBLE_LOW;
        }
      if (s->__isset_highValue)
        {
          row->double_high = s->highValue;
          row->present |= HMS_STATS_DOUBLE_HIGH;
        }
    }
  else if (data != NULL && data->__isset_decimalStats)
    {
      HmsDecimalColumnStatsData *s = data->decimalStats;

      row_set_counts (row, s->numNulls, s->numDVs);
      row_take_sketches (row, s->bitVectors, s->__isset_bitVectors, s->histogram, s->__isset_histogram);
      if (s->__isset_lowValue && s->lowValue != NULL)
        {
          row->decimal_low = hms_stats_decimal_to_text (s->lowValue->unscaled, s->lowValue->scale);
          row->present |= HMS_STATS_DECIMAL_LOW;
        }
      if (s->__isset_highValue && s->highValue != NULL)
        {
          row->decimal_high = hms_stats_decimal_to_text (s->highValue->unscaled, s->highValue->scale);
          row->present |= HMS_STATS_DECIMAL_HIGH;
        }
    }
  else if (data != NULL && data->__isset_stringStats)
    {
      HmsStringColumnStatsData *s = data->stringStats;

      row_set_counts (row, s->numNulls, s->numDVs);
      row_take_sketches (row, s->bitVectors, s->__isset_bitVectors, NULL, FALSE);
      row->max_col_len = s->maxColLen;
      row->avg_col_len = s->avgColLen;
      row->present |= HMS_STATS_MAX_COL_LEN | HMS_STATS_AVG_COL_LEN;
    }
  else if (data != NULL && data->__isset_binaryStats)
    {
      HmsBinaryColumnStatsData *s = data->binaryStats;

      row->num_nulls = s->numNulls;
      row->max_col_len = s->maxColLen;
      row->avg_col_len = s->avgColLen;
      row->present |= HMS_STATS_NUM_NULLS | HMS_STATS_MAX_COL_LEN | HMS_STATS_AVG_COL_LEN;
    }
  else if (data != NULL && data->__isset_dateStats)
    {
      HmsDateColumnStatsData *s = data->dateStats;

      row_set_counts (row, s->numNulls, s->numDVs);
      row_take_sketches (row, s->bitVectors, s->__isset_bitVectors, s->histogram, s->__isset_histogram);
      row_set_longs (row, s->__isset_lowValue && s->lowValue, s->lowValue ? s->lowValue->daysSinceEpoch : 0,
                     s->__isset_highValue && s->highValue, s->highValue ? s->highValue->daysSinceEpoch : 0);
    }
  else if (data != NULL && data->__isset_timestampStats)
    {
      HmsTimestampColumnStatsData *s = data->timestampStats;

      row_set_counts (row, s->numNulls, s->numDVs);
      row_take_sketches (row, s->bitVectors, s->__isset_bitVectors, s->histogram, s->__isset_histogram);
      row_set_longs (row, s->__isset_lowValue && s->lowValue,
                     s->lowValue ? s->lowValue->secondsSinceEpoch : 0,
                     s->__isset_highValue && s->highValue,
                     s->highValue ? s->highValue->secondsSinceEpoch : 0);
    }
  else
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_OBJECT, "Invalid column stats object");
      return NULL;
    }
  return g_steal_pointer (&row);
}

typedef enum
{
  KIND_NONE,
  KIND_BOOLEAN,
  KIND_STRING,
  KIND_BINARY,
  KIND_LONG,
  KIND_DOUBLE,
  KIND_DECIMAL,
  KIND_DATE,
  KIND_TIMESTAMP,
} StatsKind;

/* The kind of statistics StatObjectConverter reads for a stored COLUMN_TYPE. */
static StatsKind
kind_of_type (const char *column_type)
{
  g_autofree char *type = g_ascii_strdown (column_type ? column_type : "", -1);

  if (strcmp (type, "boolean") == 0)
    return KIND_BOOLEAN;
  if (strcmp (type, "string") == 0 || g_str_has_prefix (type, "varchar") || g_str_has_prefix (type, "char"))
    return KIND_STRING;
  if (strcmp (type, "binary") == 0)
    return KIND_BINARY;
  if (strcmp (type, "bigint") == 0 || strcmp (type, "int") == 0
      || strcmp (type, "smallint") == 0 || strcmp (type, "tinyint") == 0)
    return KIND_LONG;
  if (strcmp (type, "double") == 0 || strcmp (type, "float") == 0)
    return KIND_DOUBLE;
  if (g_str_has_prefix (type, "decimal"))
    return KIND_DECIMAL;
  if (strcmp (type, "date") == 0)
    return KIND_DATE;
  if (strcmp (type, "timestamp") == 0)
    return KIND_TIMESTAMP;
  return KIND_NONE;
}

#define VALUE_OR_ZERO(row, field, bit) (((row)->present & (bit)) ? (row)->field : 0)

/* MetaStoreDirectSql's placeholders for a NULL written through DataNucleus (HIVE-17836). */
static GByteArray *
stored_bit_vector (const HmsStatsRow *row, gboolean wanted)
{
  gsize size = 0;
  const guint8 *data;

  if (!wanted || !(row->present & HMS_STATS_BIT_VECTOR) || row->bit_vector == NULL)
    return NULL;
  data = g_bytes_get_data (row->bit_vector, &size);
  if (size == 2 && data[0] == 'H' && data[1] == 'L')
    return NULL;
  return byte_array_of (row->bit_vector);
}

static GByteArray *
stored_histogram (const HmsStatsRow *row, gboolean wanted)
{
  if (!wanted || !(row->present & HMS_STATS_HISTOGRAM) || row->histogram == NULL
      || g_bytes_get_size (row->histogram) == 0)
    return NULL;
  return byte_array_of (row->histogram);
}

static void
set_sketches (GByteArray **bit_vectors, gboolean *has_bit_vectors, GByteArray *bit_vector,
              GByteArray **histogram, gboolean *has_histogram, GByteArray *histogram_value)
{
  if (bit_vector != NULL)
    {
      if (*bit_vectors != NULL)
        g_byte_array_unref (*bit_vectors);
      *bit_vectors = bit_vector;
      *has_bit_vectors = TRUE;
    }
  if (histogram != NULL && histogram_value != NULL)
    {
      if (*histogram != NULL)
        g_byte_array_unref (*histogram);
      *histogram = histogram_value;
      *has_histogram = TRUE;
    }
}

static gboolean
set_decimal (HmsDecimal *decimal, const char *text, GError **error)
{
  GByteArray *unscaled = NULL;
  gint16 scale = 0;

  if (!hms_stats_decimal_from_text (text, &unscaled, &scale, error))
    return FALSE;
  if (decimal->unscaled != NULL)
    g_byte_array_unref (decimal->unscaled);
  decimal->unscaled = unscaled;
  decimal->scale = scale;
  return TRUE;
}

/* A new statistics object named and typed as the row, with the union member of `kind` filled
 * by the caller.  */
static HmsColumnStatisticsObj *
new_object (const HmsStatsRow *row, StatsKind kind)
{
  HmsColumnStatisticsObj *object = g_object_new (HMS_TYPE_COLUMN_STATISTICS_OBJ, NULL);
  HmsColumnStatisticsData *data = object->statsData;

  object->colName = g_strdup (row->column_name ? row->column_name : "");
  object->colType = g_strdup (row->column_type ? row->column_type : "");
  /*
   * c_glib gives a new union every member, each with its own nested
   * objects; only one is ever sent.  Dropping the others makes a reply of
   * 200,000 statistics five times lighter (the writer skips unset members
   * and finalize skips NULL ones).
   */
#define DROP_UNLESS(member, wanted) \
  if (kind != (wanted)) g_clear_object (&data->member)
  DROP_UNLESS (booleanStats, KIND_BOOLEAN);
  DROP_UNLESS (longStats, KIND_LONG);
  DROP_UNLESS (doubleStats, KIND_DOUBLE);
  DROP_UNLESS (stringStats, KIND_STRING);
  DROP_UNLESS (binaryStats, KIND_BINARY);
  DROP_UNLESS (decimalStats, KIND_DECIMAL);
  DROP_UNLESS (dateStats, KIND_DATE);
  DROP_UNLESS (timestampStats, KIND_TIMESTAMP);
#undef DROP_UNLESS
  return object;
}

HmsColumnStatisticsObj *
hms_stats_row_to_object (const HmsStatsRow *row, gboolean with_bit_vector,
                         gboolean with_histogram, GError **error)
{
  StatsKind kind = kind_of_type (row->column_type);
  g_autoptr (HmsColumnStatisticsObj) object = NULL;
  HmsColumnStatisticsData *data;

  if (kind == KIND_NONE)
    return NULL;
  object = new_object (row, kind);
  data = object->statsData;
  switch (kind)
    {
    case KIND_BOOLEAN:
      data->booleanStats->numTrues = VALUE_OR_ZERO (row, num_trues, HMS_STATS_NUM_TRUES);
      data->booleanStats->numFalses = VALUE_OR_ZERO (row, num_falses, HMS_STATS_NUM_FALSES);
      data->booleanStats->numNulls = VALUE_OR_ZERO (row, num_nulls, HMS_STATS_NUM_NULLS);
      data->__isset_booleanStats = TRUE;
      break;
    case KIND_STRING:
      {
        HmsStringColumnStatsData *s = data->stringStats;

        s->numNulls = VALUE_OR_ZERO (row, num_nulls, HMS_STATS_NUM_NULLS);
        s->avgColLen = VALUE_OR_ZERO (row, avg_col_len, HMS_STATS_AVG_COL_LEN);
        s->maxColLen = VALUE_OR_ZERO (row, max_col_len, HMS_STATS_MAX_COL_LEN);
        s->numDVs = VALUE_OR_ZERO (row, num_distincts, HMS_STATS_NUM_DISTINCTS);
        set_sketches (&s->bitVectors, &s->__isset_bitVectors, stored_bit_vector (row, with_bit_vector),
                      NULL, NULL, NULL);
        data->__isset_stringStats = TRUE;
      }
      break;
    case KIND_BINARY:
      data->binaryStats->numNulls = VALUE_OR_ZERO (row, num_nulls, HMS_STATS_NUM_NULLS);
      data->binaryStats->avgColLen = VALUE_OR_ZERO (row, avg_col_len, HMS_STATS_AVG_COL_LEN);
      data->binaryStats->maxColLen = VALUE_OR_ZERO (row, max_col_len, HMS_STATS_MAX_COL_LEN);
      data->__isset_binaryStats = TRUE;
      break;
    case KIND_LONG:
      {
        HmsLongColumnStatsData *s = data->longStats;

        s->numNulls = VALUE_OR_ZERO (row, num_nulls, HMS_STATS_NUM_NULLS);
        s->numDVs = VALUE_OR_ZERO (row, num_distincts, HMS_STATS_NUM_DISTINCTS);
        s->lowValue = row->long_low;
        s->__isset_lowValue = (row->present & HMS_STATS_LONG_LOW) != 0;
        s->highValue = row->long_high;
        s->__isset_highValue = (row->present & HMS_STATS_LONG_HIGH) != 0;
        set_sketches (&s->bitVectors, &s->__isset_bitVectors, stored_bit_vector (row, with_bit_vector),
                      &s->histogram, &s->__isset_histogram, stored_histogram (row, with_histogram));
        data->__isset_longStats = TRUE;
      }
      break;
    case KIND_DOUBLE:
      {
        HmsDoubleColumnStatsData *s = data->doubleStats;

        s->numNulls = VALUE_OR_ZERO (row, num_nulls, HMS_STATS_NUM_NULLS);
        s->numDVs = VALUE_OR_ZERO (row, num_distincts, HMS_STATS_NUM_DISTINCTS);
        s->lowValue = row->double_low;
        s->__isset_lowValue = (row->present & HMS_STATS_DOUBLE_LOW) != 0;
        s->highValue = row->double_high;
        s->__isset_highValue = (row->present & HMS_STATS_DOUBLE_HIGH) != 0;
        set_sketches (&s->bitVectors, &s->__isset_bitVectors, stored_bit_vector (row, with_bit_vector),
                      &s->histogram, &s->__isset_histogram, stored_histogram (row, with_histogram));
        data->__isset_doubleStats = TRUE;
      }
      break;
    case KIND_DECIMAL:
      {
        HmsDecimalColumnStatsData *s = data->decimalStats;

        s->numNulls = VALUE_OR_ZERO (row, num_nulls, HMS_STATS_NUM_NULLS);
        s->numDVs = VALUE_OR_ZERO (row, num_distincts, HMS_STATS_NUM_DISTINCTS);
        if ((row->present & HMS_STATS_DECIMAL_LOW) && row->decimal_low != NULL)
          {
            if (!set_decimal (s->lowValue, row->decimal_low, error))
              return NULL;
            s->__isset_lowValue = TRUE;
          }
        if ((row->present & HMS_STATS_DECIMAL_HIGH) && row->decimal_high != NULL)
          {
            if (!set_decimal (s->highValue, row->decimal_high, error))
              return NULL;
            s->__isset_highValue = TRUE;
          }
        set_sketches (&s->bitVectors, &s->__isset_bitVectors, stored_bit_vector (row, with_bit_vector),
                      &s->histogram, &s->__isset_histogram, stored_histogram (row, with_histogram));
        data->__isset_decimalStats = TRUE;
      }
      break;
    case KIND_DATE:
      {
        HmsDateColumnStatsData *s = data->dateStats;

        s->numNulls = VALUE_OR_ZERO (row, num_nulls, HMS_STATS_NUM_NULLS);
        s->numDVs = VALUE_OR_ZERO (row, num_distincts, HMS_STATS_NUM_DISTINCTS);
        s->lowValue->daysSinceEpoch = row->long_low;
        s->__isset_lowValue = (row->present & HMS_STATS_LONG_LOW) != 0;
        s->highValue->daysSinceEpoch = row->long_high;
        s->__isset_highValue = (row->present & HMS_STATS_LONG_HIGH) != 0;
        set_sketches (&s->bitVectors, &s->__isset_bitVectors, stored_bit_vector (row, with_bit_vector),
                      &s->histogram, &s->__isset_histogram, stored_histogram (row, with_histogram));
        data->__isset_dateStats = TRUE;
      }
      break;
    case KIND_TIMESTAMP:
      {
        HmsTimestampColumnStatsData *s = data->timestampStats;

        s->numNulls = VALUE_OR_ZERO (row, num_nulls, HMS_STATS_NUM_NULLS);
        s->numDVs = VALUE_OR_ZERO (row, num_distincts, HMS_STATS_NUM_DISTINCTS);
        s->lowValue->secondsSinceEpoch = row->long_low;
        s->__isset_lowValue = (row->present & HMS_STATS_LONG_LOW) != 0;
        s->highValue->secondsSinceEpoch = row->long_high;
        s->__isset_highValue = (row->present & HMS_STATS_LONG_HIGH) != 0;
        set_sketches (&s->bitVectors, &s->__isset_bitVectors, stored_bit_vector (row, with_bit_vector),
                      &s->histogram, &s->__isset_histogram, stored_histogram (row, with_histogram));
        data->__isset_timestampStats = TRUE;
      }
      break;
    case KIND_NONE:
      break;
    }
  return g_steal_pointer (&object);
}

/* Java's (long) of a double: NaN is 0, out of range saturates. */
static gint64
java_double_to_long (double value)
{
  if (isnan (value))
    return 0;
  if (value >= 9223372036854775807.0)
    return G_MAXINT64;
  if (value <= -9223372036854775808.0)
    return G_MININT64;
  return (gint64) value;
}

/*
 * The NDV estimate of StatObjectConverter's DB variant: between the largest
 * partition NDV and their sum, by density (range / average density) when
 * asked and possible, else by the tuner.
 */
static gint64
estimate_ndv (const HmsStatsRow *aggregate, gboolean density_function, double ndv_tuner,
              gboolean bounds_known, double range, guint average_bit, double average)
{
  gint64 lower = VALUE_OR_ZERO (aggregate, num_distincts, HMS_STATS_NUM_DISTINCTS);
  gint64 higher = VALUE_OR_ZERO (aggregate, sum_distincts, HMS_STATS_SUM_DISTINCTS);

  if (density_function && bounds_known && (aggregate->present & average_bit) && average != 0.0)
    {
      gint64 estimation = java_double_to_long (range / average);

      if (estimation < lower)
        return lower;
      if (estimation > higher)
        return higher;
      return estimation;
    }
  return java_double_to_long ((double) lower + (double) (higher - lower) * ndv_tuner);
}

HmsColumnStatisticsObj *
hms_stats_aggregate_to_object (const HmsStatsRow *aggregate, gboolean density_function,
                               double ndv_tuner, GError **error)
{
  StatsKind kind = kind_of_type (aggregate->column_type);
  g_autoptr (HmsColumnStatisticsObj) object = NULL;
  HmsColumnStatisticsData *data;
  gboolean longs_known = (aggregate->present & HMS_STATS_LONG_LOW) && (aggregate->present & HMS_STATS_LONG_HIGH);

  if (kind == KIND_NONE)
    return NULL;
  /* The same fields as a stored row, without sketches; the NDV comes after. */
  {
    g_autoptr (HmsStatsRow) plain = hms_stats_row_new ();

    *plain = *aggregate;
    plain->present &= ~(HMS_STATS_BIT_VECTOR | HMS_STATS_HISTOGRAM);
    object = hms_stats_row_to_object (plain, FALSE, FALSE, error);
    /* The copy borrowed every pointer: forget them before it is freed. */
    memset (plain, 0, sizeof *plain);
    if (object == NULL)
      return NULL;
  }
  data = object->statsData;
  switch (kind)
    {
    case KIND_LONG:
    case KIND_DATE:
    case KIND_TIMESTAMP:
      {
        /* The wrap-around of Java's long arithmetic is kept on purpose. */
        gint64 span = (gint64) ((guint64) aggregate->long_high - (guint64) aggregate->long_low);
        gint64 range_bound = longs_known ? (gint64) ((guint64) span + 1) : G_MAXINT64;
        gint64 estimation = estimate_ndv (aggregate, density_function, ndv_tuner, longs_known,
                                          (double) span, HMS_STATS_AVG_NDV_LONG,
                                          aggregate->avg_ndv_long);

        estimation = MIN (estimation, range_bound);
        if (kind == KIND_LONG)
          data->longStats->numDVs = estimation;
        else if (kind == KIND_DATE)
          data->dateStats->numDVs = estimation;
        else
          data->timestampStats->numDVs = estimation;
      }
      break;
    case KIND_DOUBLE:
      {
        gboolean known = (aggregate->present & HMS_STATS_DOUBLE_LOW) && (aggregate->present & HMS_STATS_DOUBLE_HIGH);
        /* Hive truncates both bounds to longs before dividing. */
        double range = (double) (java_double_to_long (aggregate->double_high)
                                 - java_double_to_long (aggregate->double_low));

        data->doubleStats->numDVs = estimate_ndv (aggregate, density_function, ndv_tuner, known, range,
                                                  HMS_STATS_AVG_NDV_DOUBLE, aggregate->avg_ndv_double);
      }
      break;
    case KIND_DECIMAL:
      {
        gboolean known = (aggregate->present & HMS_STATS_DECIMAL_LOW) && (aggregate->present & HMS_STATS_DECIMAL_HIGH)
                         && aggregate->decimal_low && aggregate->decimal_high;
        /* BigDecimal.subtract(...).floatValue(): the difference rounded to a float. */
        double range = known ? (double) (float) (g_ascii_strtod (aggregate->decimal_high, NULL)
                                                 - g_ascii_strtod (aggregate->decimal_low, NULL))
                             : 0.0;

        data->decimalStats->numDVs = estimate_ndv (aggregate, density_function, ndv_tuner, known, range,
                                                   HMS_STATS_AVG_NDV_DECIMAL, aggregate->avg_ndv_decimal);
      }
      break;
    default:
      /* Boolean, string and binary statistics take the maximum NDV as it is. */
      break;
    }
  return g_steal_pointer (&object);
}

/* --- extrapolation -------------------------------------------------------------- */

/* IExtrapolatePartStatus's statistics, in its order. */
enum
{
  X_LONG_LOW, X_LONG_HIGH, X_DOUBLE_LOW, X_DOUBLE_HIGH, X_DECIMAL_LOW, X_DECIMAL_HIGH,
  X_NUM_NULLS, X_NUM_DISTINCTS, X_AVG_COL_LEN, X_MAX_COL_LEN, X_NUM_TRUES, X_NUM_FALSES,
  X_AVG_NDV_LONG, X_AVG_NDV_DOUBLE, X_AVG_NDV_DECIMAL, X_SUM_DISTINCTS, X_COUNT
};

typedef enum { AGGREGATE_MIN, AGGREGATE_MAX, AGGREGATE_SUM, AGGREGATE_AVG } AggregateKind;
typedef enum { VALUE_LONG, VALUE_DOUBLE, VALUE_DECIMAL } ValueKind;

static const AggregateKind extrapolation_aggregates[X_COUNT] = {
  AGGREGATE_MIN, AGGREGATE_MAX, AGGREGATE_MIN, AGGREGATE_MAX, AGGREGATE_MIN, AGGREGATE_MAX,
  AGGREGATE_SUM, AGGREGATE_MAX, AGGREGATE_MAX, AGGREGATE_MAX, AGGREGATE_SUM, AGGREGATE_SUM,
  AGGREGATE_AVG, AGGREGATE_AVG, AGGREGATE_AVG, AGGREGATE_SUM,
};

static const ValueKind extrapolation_values[X_COUNT] = {
  VALUE_LONG, VALUE_LONG, VALUE_DOUBLE, VALUE_DOUBLE, VALUE_DECIMAL, VALUE_DECIMAL,
  VALUE_LONG, VALUE_LONG, VALUE_DOUBLE, VALUE_LONG, VALUE_LONG, VALUE_LONG,
  VALUE_DOUBLE, VALUE_DOUBLE, VALUE_DOUBLE, VALUE_LONG,
};

static const guint extrapolation_bits[X_COUNT] = {
  HMS_STATS_LONG_LOW, HMS_STATS_LONG_HIGH, HMS_STATS_DOUBLE_LOW, HMS_STATS_DOUBLE_HIGH,
  HMS_STATS_DECIMAL_LOW, HMS_STATS_DECIMAL_HIGH, HMS_STATS_NUM_NULLS, HMS_STATS_NUM_DISTINCTS,
  HMS_STATS_AVG_COL_LEN, HMS_STATS_MAX_COL_LEN, HMS_STATS_NUM_TRUES, HMS_STATS_NUM_FALSES,
  HMS_STATS_AVG_NDV_LONG, HMS_STATS_AVG_NDV_DOUBLE, HMS_STATS_AVG_NDV_DECIMAL, HMS_STATS_SUM_DISTINCTS,
};

/* IExtrapolatePartStatus.indexMaps: which statistics each column type extrapolates. */
static const int *
extrapolated_statistics (const char *column_type, gboolean *decimal)
{
  static const int integers[] = { 0, 1, 6, 7, 12, 15, -1 };
  static const int doubles[] = { 2, 3, 6, 7, 13, 15, -1 };
  static const int strings[] = { 8, 9, 6, 7, 15, -1 };
  static const int booleans[] = { 10, 11, 6, 15, -1 };
  static const int binaries[] = { 8, 9, 6, 15, -1 };
  static const int decimals[] = { 4, 5, 6, 7, 14, 15, -1 };
  static const int others[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 15, -1 };
  static const char *const integer_types[] = { "bigint", "int", "smallint", "tinyint", "date", "timestamp", "long" };
  g_autofree char *type = g_ascii_strdown (column_type ? column_type : "", -1);

  *decimal = g_str_has_prefix (type, "decimal");
  if (*decimal)
    return decimals;
  for (guint i = 0; i < G_N_ELEMENTS (integer_types); i++)
    if (strcmp (type, integer_types[i]) == 0)
      return integers;
  if (strcmp (type, "double") == 0 || strcmp (type, "float") == 0)
    return doubles;
  if (strcmp (type, "varchar") == 0 || strcmp (type, "char") == 0 || strcmp (type, "string") == 0)
    return strings;
  if (strcmp (type, "boolean") == 0)
    return booleans;
  if (strcmp (type, "binary") == 0)
    return binaries;
  return others;
}

static gint64
row_long (const HmsStatsRow *row, int statistic)
{
  switch (statistic)
    {
    case X_LONG_LOW: return row->long_low;
    case X_LONG_HIGH: return row->long_high;
    case X_NUM_NULLS: return row->num_nulls;
    case X_NUM_DISTINCTS: return row->num_distincts;
    case X_MAX_COL_LEN: return row->max_col_len;
    case X_NUM_TRUES: return row->num_trues;
    case X_NUM_FALSES: return row->num_falses;
    default: return 0;
    }
}

static double
row_double (const HmsStatsRow *row, int statistic)
{
  switch (statistic)
    {
    case X_DOUBLE_LOW: return row->double_low;
    case X_DOUBLE_HIGH: return row->double_high;
    case X_AVG_COL_LEN: return row->avg_col_len;
    default: return 0;
    }
}

static const char *
row_decimal (const HmsStatsRow *row, int statistic)
{
  return statistic == X_DECIMAL_LOW ? row->decimal_low : row->decimal_high;
}

/* PostgreSQL's float8 order: NaN above everything. */
static int
compare_doubles (double a, double b)
{
  if (isnan (a) || isnan (b))
    return isnan (a) - isnan (b);
  return (a > b) - (a < b);
}

typedef struct
{
  int statistic;
  gboolean numeric_text;   /* decimal text ordered as numbers (a decimal column) */
} OrderContext;

/* ORDER BY the statistic, NULLs last; ties by place in the request, which Hive leaves open. */
static gint
compare_for_statistic (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const HmsStatsRow *left = *(HmsStatsRow *const *) a;
  const HmsStatsRow *right = *(HmsStatsRow *const *) b;
  const OrderContext *context = user_data;
  guint bit = extrapolation_bits[context->statistic];
  gboolean left_null = !(left->present & bit), right_null = !(right->present & bit);
  int order = 0;

  if (left_null || right_null)
    order = left_null - right_null;
  else if (extrapolation_values[context->statistic] == VALUE_LONG)
    {
      gint64 x = row_long (left, context->statistic), y = row_long (right, context->statistic);

      order = (x > y) - (x < y);
    }
  else if (extrapolation_values[context->statistic] == VALUE_DOUBLE)
    order = compare_doubles (row_double (left, context->statistic), row_double (right, context->statistic));
  else if (context->numeric_text)
    order = hms_stats_decimal_compare (row_decimal (left, context->statistic),
                                       row_decimal (right, context->statistic));
  else
    order = g_strcmp0 (row_decimal (left, context->statistic), row_decimal (right, context->statistic));
  if (order != 0)
    return order;
  return (left->partition_index > right->partition_index) - (left->partition_index < right->partition_index);
}

static void
set_long_statistic (HmsStatsRow *row, int statistic, gint64 value)
{
  switch (statistic)
    {
    case X_LONG_LOW: row->long_low = value; break;
    case X_LONG_HIGH: row->long_high = value; break;
    case X_NUM_NULLS: row->num_nulls = value; break;
    case X_NUM_DISTINCTS: row->num_distincts = value; break;
    case X_MAX_COL_LEN: row->max_col_len = value; break;
    case X_NUM_TRUES: row->num_trues = value; break;
    case X_NUM_FALSES: row->num_falses = value; break;
    case X_SUM_DISTINCTS: row->sum_distincts = value; break;
    default: return;
    }
  row->present |= extrapolation_bits[statistic];
}

static void
set_double_statistic (HmsStatsRow *row, int statistic, double value)
{
  switch (statistic)
    {
    case X_DOUBLE_LOW: row->double_low = value; break;
    case X_DOUBLE_HIGH: row->double_high = value; break;
    case X_AVG_COL_LEN: row->avg_col_len = value; break;
    case X_AVG_NDV_LONG: row->avg_ndv_long = value; break;
    case X_AVG_NDV_DOUBLE: row->avg_ndv_double = value; break;
    case X_AVG_NDV_DECIMAL: row->avg_ndv_decimal = value; break;
    default: return;
    }
  row->present |= extrapolation_bits[statistic];
}

/*
 * LinearExtrapolatePartStatus.extrapolate for one statistic: the value at
 * the end of the partition list, on the line through the partitions that
 * hold the smallest and the largest value.  Java's evaluation order (and
 * its truncating long division) is kept.
 */
static void
extrapolate_linear (HmsStatsRow *result, int statistic, const HmsStatsRow *min_row,
                    const HmsStatsRow *max_row, gint64 right_border)
{
  gint64 min_index = min_row->partition_index, max_index = max_row->partition_index;
  gboolean is_max = extrapolation_aggregates[statistic] == AGGREGATE_MAX;
  ValueKind value_kind = extrapolation_values[statistic];

  if (min_index == max_index)
    {
      if (value_kind == VALUE_LONG)
        set_long_statistic (result, statistic, row_long (min_row, statistic));
      else if (value_kind == VALUE_DOUBLE)
        set_double_statistic (result, statistic, row_double (min_row, statistic));
      else
        {
          char **target = statistic == X_DECIMAL_LOW ? &result->decimal_low : &result->decimal_high;

          g_free (*target);
          *target = g_strdup (row_decimal (min_row, statistic));
          result->present |= extrapolation_bits[statistic];
        }
      return;
    }
  if (value_kind == VALUE_LONG)
    {
      gint64 low = row_long (min_row, statistic), high = row_long (max_row, statistic), value;

      if (is_max)
        value = min_index < max_index
                  ? low + (high - low) * (right_border - min_index) / (max_index - min_index)
                  : low + (high - low) * min_index / (min_index - max_index);
      else
        value = min_index < max_index
                  ? high - (high - low) * max_index / (max_index - min_index)
                  : high - (high - low) * (right_border - max_index) / (min_index - max_index);
      set_long_statistic (result, statistic, value);
      return;
    }
  {
    double low, high, value;

    if (value_kind == VALUE_DOUBLE)
      {
        low = row_double (min_row, statistic);
        high = row_double (max_row, statistic);
      }
    else
      {
        low = g_ascii_strtod (row_decimal (min_row, statistic), NULL);
        high = g_ascii_strtod (row_decimal (max_row, statistic), NULL);
      }
    if (is_max)
      value = min_index < max_index
                ? low + (high - low) * (double) (right_border - min_index) / (double) (max_index - min_index)
                : low + (high - low) * (double) min_index / (double) (min_index - max_index);
    else
      value = min_index < max_index
                ? high - (high - low) * (double) max_index / (double) (max_index - min_index)
                : high - (high - low) * (double) (right_border - max_index) / (double) (min_index - max_index);
    if (value_kind == VALUE_DOUBLE)
      set_double_statistic (result, statistic, value);
    else
      {
        char **target = statistic == X_DECIMAL_LOW ? &result->decimal_low : &result->decimal_high;

        g_free (*target);
        *target = hms_stats_double_to_java_text (value);
        result->present |= extrapolation_bits[statistic];
      }
  }
}

HmsStatsRow *
hms_stats_extrapolate (const char *column_name, const char *column_type, GPtrArray *rows,
                       gint64 found, guint requested)
{
  g_autoptr (HmsStatsRow) result = hms_stats_row_new ();
  g_autoptr (GPtrArray) sorted = g_ptr_array_sized_new (rows->len);   /* borrows the rows */
  gboolean decimal = FALSE;
  const int *statistics = extrapolated_statistics (column_type, &decimal);

  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (rows, i));
  result->column_name = g_strdup (column_name);
  result->column_type = g_strdup (column_type);
  for (const int *statistic = statistics; *statistic >= 0; statistic++)
    {
      int s = *statistic;

      switch (extrapolation_aggregates[s])
        {
        case AGGREGATE_SUM:
          {
            /* A SQL sum over the column's rows, scaled up: (sum / found) * requested in longs. */
            guint bit = s == X_SUM_DISTINCTS ? HMS_STATS_NUM_DISTINCTS : extrapolation_bits[s];
            int source = s == X_SUM_DISTINCTS ? X_NUM_DISTINCTS : s;
            gboolean any = FALSE;
            gint64 sum = 0;

            for (guint i = 0; i < rows->len; i++)
              {
                const HmsStatsRow *row = g_ptr_array_index (rows, i);

                if (row->present & bit)
                  {
                    sum += row_long (row, source);
                    any = TRUE;
                  }
              }
            if (any && found != 0)
              set_long_statistic (result, s, sum / found * (gint64) requested);
          }
          break;
        case AGGREGATE_MIN:
        case AGGREGATE_MAX:
          {
            OrderContext context = { s, decimal };
            const HmsStatsRow *first, *last;

            if (rows->len == 0)
              break;
            g_ptr_array_sort_with_data (sorted, compare_for_statistic, &context);
            first = g_ptr_array_index (sorted, 0);
            last = g_ptr_array_index (sorted, sorted->len - 1);
            /* NULLs sort last: a NULL at either end leaves the statistic NULL. */
            if ((first->present & extrapolation_bits[s]) && (last->present & extrapolation_bits[s]))
              extrapolate_linear (result, s, first, last, (gint64) requested - 1);
          }
          break;
        case AGGREGATE_AVG:
          {
            /* avg((high - low) / NUM_DISTINCTS) over the rows where it is defined. */
            double total = 0;
            guint count = 0;

            for (guint i = 0; i < rows->len; i++)
              {
                const HmsStatsRow *row = g_ptr_array_index (rows, i);
                double quotient;

                if (!(row->present & HMS_STATS_NUM_DISTINCTS) || row->num_distincts == 0)
                  continue;
                if (s == X_AVG_NDV_LONG && (row->present & HMS_STATS_LONG_LOW) && (row->present & HMS_STATS_LONG_HIGH))
                  quotient = ((double) row->long_high - (double) row->long_low) / (double) row->num_distincts;
                else if (s == X_AVG_NDV_DOUBLE && (row->present & HMS_STATS_DOUBLE_LOW)
                         && (row->present & HMS_STATS_DOUBLE_HIGH))
                  quotient = (row->double_high - row->double_low) / (double) row->num_distincts;
                else if (s == X_AVG_NDV_DECIMAL && row->decimal_low && row->decimal_high)
                  quotient = (g_ascii_strtod (row->decimal_high, NULL) - g_ascii_strtod (row->decimal_low, NULL))
                             / (double) row->num_distincts;
                else
                  continue;
                total += quotient;
                count++;
              }
            if (count > 0)
              set_double_statistic (result, s, total / count);
          }
          break;
        }
    }
  return g_steal_pointer (&result);
}

/* --- merging -------------------------------------------------------------------- */

static gint64
max_ndv (gint64 a, gint64 b)
{
  return MAX (a, b);
}

/* The NDV rule of every merger: the larger one (sketches are not merged, see the header). */
static void
merge_sketch (GByteArray **bit_vectors, gboolean *has_bit_vectors, GByteArray *old_bit_vectors,
              gboolean old_has)
{
  if (!*has_bit_vectors && old_has && old_bit_vectors != NULL)
    {
      *bit_vectors = g_byte_array_ref (old_bit_vectors);
      *has_bit_vectors = TRUE;
    }
}

#define MERGE_BOUNDS(merged, old, low_set, high_set, LOW, HIGH, LESS)                 \
  G_STMT_START {                                                                      \
    if ((merged)->low_set || (old)->low_set)                                          \
      {                                                                               \
        if (!(merged)->low_set || ((old)->low_set && LESS ((old), (merged), LOW)))    \
          {                                                                           \
            COPY_BOUND ((merged), (old), LOW);                                        \
          }                                                                           \
        (merged)->low_set = TRUE;                                                     \
      }                                                                               \
    if ((merged)->high_set || (old)->high_set)                                        \
      {                                                                               \
        if (!(merged)->high_set || ((old)->high_set && LESS ((merged), (old), HIGH))) \
          {                                                                           \
            COPY_BOUND ((merged), (old), HIGH);                                       \
          }                                                                           \
        (merged)->high_set = TRUE;                                                    \
      }                                                                               \
  } G_STMT_END

#define PLAIN_LESS(a, b, field) ((a)->field < (b)->field)
#define DATE_LESS(a, b, field) ((a)->field->daysSinceEpoch < (b)->field->daysSinceEpoch)
#define TIMESTAMP_LESS(a, b, field) ((a)->field->secondsSinceEpoch < (b)->field->secondsSinceEpoch)

static gboolean
decimal_less (const HmsDecimal *a, const HmsDecimal *b)
{
  g_autofree char *left = hms_stats_decimal_to_text (a->unscaled, a->scale);
  g_autofree char *right = hms_stats_decimal_to_text (b->unscaled, b->scale);

  return hms_stats_decimal_compare (left, right) < 0;
}
#define DECIMAL_LESS(a, b, field) decimal_less ((a)->field, (b)->field)

void
hms_stats_merge (HmsColumnStatisticsObj *merged, const HmsColumnStatisticsObj *old)
{
  HmsColumnStatisticsData *m = merged->statsData, *o = old->statsData;

  if (m->__isset_booleanStats && o->__isset_booleanStats)
    {
      m->booleanStats->numTrues += o->booleanStats->numTrues;
      m->booleanStats->numFalses += o->booleanStats->numFalses;
      m->booleanStats->numNulls += o->booleanStats->numNulls;
    }
  else if (m->__isset_longStats && o->__isset_longStats)
    {
      HmsLongColumnStatsData *a = m->longStats, *b = o->longStats;
#define COPY_BOUND(x, y, field) ((x)->field = (y)->field)
      MERGE_BOUNDS (a, b, __isset_lowValue, __isset_highValue, lowValue, highValue, PLAIN_LESS);
      a->numNulls += b->numNulls;
      a->numDVs = max_ndv (a->numDVs, b->numDVs);
      merge_sketch (&a->bitVectors, &a->__isset_bitVectors, b->bitVectors, b->__isset_bitVectors);
    }
  else if (m->__isset_doubleStats && o->__isset_doubleStats)
    {
      HmsDoubleColumnStatsData *a = m->doubleStats, *b = o->doubleStats;

      MERGE_BOUNDS (a, b, __isset_lowValue, __isset_highValue, lowValue, highValue, PLAIN_LESS);
      a->numNulls += b->numNulls;
      a->numDVs = max_ndv (a->numDVs, b->numDVs);
      merge_sketch (&a->bitVectors, &a->__isset_bitVectors, b->bitVectors, b->__isset_bitVectors);
#undef COPY_BOUND
    }
  else if (m->__isset_decimalStats && o->__isset_decimalStats)
    {
      HmsDecimalColumnStatsData *a = m->decimalStats, *b = o->decimalStats;
#define COPY_BOUND(x, y, field)                                                          \
      G_STMT_START {                                                                     \
        g_clear_pointer (&(x)->field->unscaled, g_byte_array_unref);                     \
        (x)->field->unscaled = (y)->field->unscaled ? g_byte_array_ref ((y)->field->unscaled) : NULL; \
        (x)->field->scale = (y)->field->scale;                                           \
      } G_STMT_END
      MERGE_BOUNDS (a, b, __isset_lowValue, __isset_highValue, lowValue, highValue, DECIMAL_LESS);
#undef COPY_BOUND
      a->numNulls += b->numNulls;
      a->numDVs = max_ndv (a->numDVs, b->numDVs);
      merge_sketch (&a->bitVectors, &a->__isset_bitVectors, b->bitVectors, b->__isset_bitVectors);
    }
  else if (m->__isset_stringStats && o->__isset_stringStats)
    {
      HmsStringColumnStatsData *a = m->stringStats, *b = o->stringStats;

      a->maxColLen = MAX (a->maxColLen, b->maxColLen);
      a->avgColLen = MAX (a->avgColLen, b->avgColLen);
      a->numNulls += b->numNulls;
      a->numDVs = max_ndv (a->numDVs, b->numDVs);
      merge_sketch (&a->bitVectors, &a->__isset_bitVectors, b->bitVectors, b->__isset_bitVectors);
    }
  else if (m->__isset_binaryStats && o->__isset_binaryStats)
    {
      HmsBinaryColumnStatsData *a = m->binaryStats, *b = o->binaryStats;

      a->maxColLen = MAX (a->maxColLen, b->maxColLen);
      a->avgColLen = MAX (a->avgColLen, b->avgColLen);
      a->numNulls += b->numNulls;
    }
  else if (m->__isset_dateStats && o->__isset_dateStats)
    {
      HmsDateColumnStatsData *a = m->dateStats, *b = o->dateStats;
#define COPY_BOUND(x, y, field) ((x)->field->daysSinceEpoch = (y)->field->daysSinceEpoch)
      MERGE_BOUNDS (a, b, __isset_lowValue, __isset_highValue, lowValue, highValue, DATE_LESS);
#undef COPY_BOUND
      a->numNulls += b->numNulls;
      a->numDVs = max_ndv (a->numDVs, b->numDVs);
      merge_sketch (&a->bitVectors, &a->__isset_bitVectors, b->bitVectors, b->__isset_bitVectors);
    }
  else if (m->__isset_timestampStats && o->__isset_timestampStats)
    {
      HmsTimestampColumnStatsData *a = m->timestampStats, *b = o->timestampStats;
#define COPY_BOUND(x, y, field) ((x)->field->secondsSinceEpoch = (y)->field->secondsSinceEpoch)
      MERGE_BOUNDS (a, b, __isset_lowValue, __isset_highValue, lowValue, highValue, TIMESTAMP_LESS);
#undef COPY_BOUND
      a->numNulls += b->numNulls;
      a->numDVs = max_ndv (a->numDVs, b->numDVs);
      merge_sketch (&a->bitVectors, &a->__isset_bitVectors, b->bitVectors, b->__isset_bitVectors);
    }
}

/* --- decimals ------------------------------------------------------------------- */

/* A decimal value: sign, magnitude digits without leading zeros ("" for zero), scale. */
typedef struct
{
  gboolean negative;
  GString *digits;
  gint64   scale;
} DecimalValue;

static void
decimal_value_clear (DecimalValue *value)
{
  if (value->digits != NULL)
    g_string_free (value->digits, TRUE);
  value->digits = NULL;
}

/* The magnitude (big-endian bytes) of a big-endian two's-complement integer. */
static GByteArray *
magnitude_of (const guint8 *data, guint length, gboolean *negative)
{
  GByteArray *magnitude = g_byte_array_sized_new (length);

  g_byte_array_append (magnitude, data, length);
  *negative = length > 0 && (data[0] & 0x80);
  if (*negative)
    {
      /* Negate: invert, then add one from the low end. */
      guint carry = 1;

      for (guint i = magnitude->len; i-- > 0;)
        {
          guint value = (guint8) ~magnitude->data[i] + carry;

          magnitude->data[i] = value & 0xff;
          carry = value >> 8;
        }
    }
  return magnitude;
}

/* Decimal digits of a big-endian magnitude, by repeated division by ten. */
static GString *
digits_of_magnitude (GByteArray *magnitude)
{
  GString *reversed = g_string_new (NULL);
  GString *digits;
  guint start = 0;

  while (start < magnitude->len && magnitude->data[start] == 0)
    start++;
  while (start < magnitude->len)
    {
      guint remainder = 0;

      for (guint i = start; i < magnitude->len; i++)
        {
          guint value = (remainder << 8) | magnitude->data[i];

          magnitude->data[i] = value / 10;
          remainder = value % 10;
        }
      g_string_append_c (reversed, (char) ('0' + remainder));
      while (start < magnitude->len && magnitude->data[start] == 0)
        start++;
    }
  digits = g_string_sized_new (reversed->len);
  for (gsize i = reversed->len; i-- > 0;)
    g_string_append_c (digits, reversed->str[i]);
  g_string_free (reversed, TRUE);
  return digits;
}

char *
hms_stats_decimal_to_text (const GByteArray *unscaled, gint16 scale)
{
  gboolean negative = FALSE;
  g_autoptr (GByteArray) magnitude =
    magnitude_of (unscaled ? unscaled->data : NULL, unscaled ? unscaled->len : 0, &negative);
  g_autoptr (GString) coefficient = digits_of_magnitude (magnitude);
  GString *text = g_string_new (negative ? "-" : "");
  gint64 adjusted;

  if (coefficient->len == 0)
    g_string_append_c (coefficient, '0');
  adjusted = -(gint64) scale + (gint64) (coefficient->len - 1);
  /* BigDecimal.toString: plain notation unless the exponent is large or the scale negative. */
  if (scale == 0)
    g_string_append (text, coefficient->str);
  else if (scale > 0 && adjusted >= -6)
    {
      gint64 pad = (gint64) scale - (gint64) coefficient->len;

      if (pad >= 0)
        {
          g_string_append (text, "0.");
          for (gint64 i = 0; i < pad; i++)
            g_string_append_c (text, '0');
          g_string_append (text, coefficient->str);
        }
      else
        {
          g_string_append_len (text, coefficient->str, coefficient->len - scale);
          g_string_append_c (text, '.');
          g_string_append (text, coefficient->str + coefficient->len - scale);
        }
    }
  else
    {
      g_string_append_c (text, coefficient->str[0]);
      if (coefficient->len > 1)
        {
          g_string_append_c (text, '.');
          g_string_append (text, coefficient->str + 1);
        }
      if (adjusted != 0)
        g_string_append_printf (text, "E%s%" G_GINT64_FORMAT, adjusted > 0 ? "+" : "", adjusted);
    }
  return g_string_free (text, FALSE);
}

/* BigDecimal(String): [sign] digits [. digits] [e|E [sign] digits]. */
static gboolean
parse_decimal (const char *text, DecimalValue *value)
{
  const char *cursor = text;
  gboolean any_digit = FALSE, seen_point = FALSE;
  gint64 fraction_digits = 0, exponent = 0;

  value->negative = FALSE;
  value->digits = g_string_new (NULL);
  value->scale = 0;
  if (text == NULL)
    return FALSE;
  if (*cursor == '+' || *cursor == '-')
    value->negative = *cursor++ == '-';
  for (; *cursor != '\0'; cursor++)
    {
      if (g_ascii_isdigit (*cursor))
        {
          any_digit = TRUE;
          if (value->digits->len > 0 || *cursor != '0')
            g_string_append_c (value->digits, *cursor);
          if (seen_point)
            fraction_digits++;
        }
      else if (*cursor == '.' && !seen_point)
        seen_point = TRUE;
      else
        break;
    }
  if (!any_digit)
    return FALSE;
  if (*cursor == 'e' || *cursor == 'E')
    {
      gboolean exponent_negative = FALSE, exponent_digit = FALSE;

      cursor++;
      if (*cursor == '+' || *cursor == '-')
        exponent_negative = *cursor++ == '-';
      for (; g_ascii_isdigit (*cursor); cursor++)
        {
          exponent_digit = TRUE;
          if (exponent > G_MAXINT32)
            return FALSE;
          exponent = exponent * 10 + (*cursor - '0');
        }
      if (!exponent_digit)
        return FALSE;
      if (exponent_negative)
        exponent = -exponent;
    }
  if (*cursor != '\0')
    return FALSE;
  value->scale = fraction_digits - exponent;
  return value->scale >= G_MININT32 && value->scale <= G_MAXINT32;
}

gboolean
hms_stats_decimal_from_text (const char *text, GByteArray **unscaled, gint16 *scale,
                             GError **error)
{
  DecimalValue value = { 0 };
  g_autoptr (GByteArray) magnitude = g_byte_array_new ();   /* little-endian */
  GByteArray *result;
  guint length;

  if (!parse_decimal (text, &value))
    {
      decimal_value_clear (&value);
      g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_OBJECT,
                   "invalid decimal statistics value \"%s\"", text ? text : "null");
      return FALSE;
    }
  /* Decimal digits to base 256 by multiply-and-add. */
  for (gsize i = 0; i < value.digits->len; i++)
    {
      guint carry = value.digits->str[i] - '0';

      for (guint j = 0; j < magnitude->len; j++)
        {
          guint product = magnitude->data[j] * 10 + carry;

          magnitude->data[j] = product & 0xff;
          carry = product >> 8;
        }
      if (carry > 0)
        {
          guint8 byte = carry;

          g_byte_array_append (magnitude, &byte, 1);
        }
    }
  /* BigInteger.toByteArray: big-endian two's complement with room for the sign bit. */
  length = magnitude->len + 1;
  result = g_byte_array_sized_new (length);
  g_byte_array_set_size (result, length);
  for (guint i = 0; i < length; i++)
    result->data[length - 1 - i] = i < magnitude->len ? magnitude->data[i] : 0;
  if (value.negative && value.digits->len > 0)
    {
      guint carry = 1;

      for (guint i = length; i-- > 0;)
        {
          guint byte = (guint8) ~result->data[i] + carry;

          result->data[i] = byte & 0xff;
          carry = byte >> 8;
        }
    }
  while (result->len > 1
         && ((result->data[0] == 0x00 && !(result->data[1] & 0x80))
             || (result->data[0] == 0xff && (result->data[1] & 0x80))))
    g_byte_array_remove_index (result, 0);
  *unscaled = result;
  /* Hive narrows the scale to a Thrift i16 with a cast. */
  *scale = (gint16) value.scale;
  decimal_value_clear (&value);
  return TRUE;
}

int
hms_stats_decimal_compare (const char *a, const char *b)
{
  DecimalValue left = { 0 }, right = { 0 };
  gboolean left_ok = parse_decimal (a, &left), right_ok = parse_decimal (b, &right);
  int sign_left, sign_right, order = 0;

  if (!left_ok || !right_ok)
    order = left_ok - right_ok;
  else
    {
      sign_left = left.digits->len == 0 ? 0 : (left.negative ? -1 : 1);
      sign_right = right.digits->len == 0 ? 0 : (right.negative ? -1 : 1);
      if (sign_left != sign_right)
        order = (sign_left > sign_right) - (sign_left < sign_right);
      else if (sign_left != 0)
        {
          /* Same sign: compare magnitudes by the place of the leading digit, then digit by digit. */
          gint64 place_left = (gint64) left.digits->len - left.scale;
          gint64 place_right = (gint64) right.digits->len - right.scale;

          if (place_left != place_right)
            order = place_left > place_right ? 1 : -1;
          else
            {
              gsize length = MAX (left.digits->len, right.digits->len);

              for (gsize i = 0; i < length && order == 0; i++)
                {
                  char x = i < left.digits->len ? left.digits->str[i] : '0';
                  char y = i < right.digits->len ? right.digits->str[i] : '0';

                  order = (x > y) - (x < y);
                }
            }
          order *= sign_left;
        }
    }
  decimal_value_clear (&left);
  decimal_value_clear (&right);
  return order;
}

char *
hms_stats_double_to_java_text (double value)
{
  char buffer[64], format[16];
  GString *digits, *text;
  const char *cursor;
  int exponent, precision;
  double magnitude = fabs (value);

  if (isnan (value))
    return g_strdup ("NaN");
  if (isinf (value))
    return g_strdup (value > 0 ? "Infinity" : "-Infinity");
  if (value == 0)
    return g_strdup (signbit (value) ? "-0.0" : "0.0");
  /* The shortest digits that read back as the same double, as Java 19+ picks them. */
  for (precision = 1; precision <= 17; precision++)
    {
      g_snprintf (format, sizeof format, "%%.%de", precision - 1);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  digits = g_string_new (NULL);
  for (cursor = buffer; *cursor != 'e'; cursor++)
    if (g_ascii_isdigit (*cursor))
      g_string_append_c (digits, *cursor);
  exponent = atoi (cursor + 1);
  while (digits->len > 1 && digits->str[digits->len - 1] == '0')
    g_string_truncate (digits, digits->len - 1);

  text = g_string_new (value < 0 ? "-" : "");
  if (magnitude >= 1e-3 && magnitude < 1e7)
    {
      int point = exponent + 1;

      if (point <= 0)
        {
          g_string_append (text, "0.");
          for (int i = 0; i < -point; i++)
            g_string_append_c (text, '0');
          g_string_append (text, digits->str);
        }
      else if ((gsize) point >= digits->len)
        {
          g_string_append (text, digits->str);
          for (gsize i = digits->len; i < (gsize) point; i++)
            g_string_append_c (text, '0');
          g_string_append (text, ".0");
        }
      else
        {
          g_string_append_len (text, digits->str, point);
          g_string_append_c (text, '.');
          g_string_append (text, digits->str + point);
        }
    }
  else
    {
      g_string_append_c (text, digits->str[0]);
      g_string_append_c (text, '.');
      g_string_append (text, digits->len > 1 ? digits->str + 1 : "0");
      g_string_append_printf (text, "E%d", exponent);
    }
  g_string_free (digits, TRUE);
  return g_string_free (text, FALSE);
}

/* --- COLUMN_STATS_ACCURATE -------------------------------------------------------- */

struct HmsStatsAccurate
{
  gboolean basic;
  GTree   *columns;   /* name -> GINT_TO_POINTER (accurate), sorted as Java's TreeMap */
};

static gint
compare_names (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return strcmp (a, b);
}

static HmsStatsAccurate *
accurate_new (void)
{
  HmsStatsAccurate *accurate = g_new0 (HmsStatsAccurate, 1);

  accurate->columns = g_tree_new_full (compare_names, NULL, g_free, NULL);
  return accurate;
}

void
hms_stats_accurate_free (HmsStatsAccurate *accurate)
{
  if (accurate == NULL)
    return;
  g_tree_destroy (accurate->columns);
  g_free (accurate);
}

/*
 * A scalar as Jackson's getValueAsString reads it into Boolean.valueOf:
 * true for the string or literal "true" in any case.  FALSE in *ok for a
 * structure, which the deserializer cannot read.
 */
static gboolean
scalar_is_true (JsonNode *node, gboolean *ok)
{
  *ok = TRUE;
  if (JSON_NODE_HOLDS_NULL (node))
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    {
      *ok = FALSE;
      return FALSE;
    }
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strcasecmp (json_node_get_string (node), "true") == 0;
  return FALSE;
}

/* Jackson's reading of ColumnStatsAccurate; FALSE when it would throw. */
static gboolean
accurate_read_json (const char *text, HmsStatsAccurate *accurate)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonObjectIter iter;
  const char *key;
  JsonNode *member;

  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  json_object_iter_init (&iter, json_node_get_object (root));
  while (json_object_iter_next (&iter, &key, &member))
    {
      gboolean ok;

      if (strcmp (key, "BASIC_STATS") == 0)
        {
          accurate->basic = scalar_is_true (member, &ok);
          if (!ok)
            return FALSE;
        }
      else if (strcmp (key, "COLUMN_STATS") == 0)
        {
          JsonObjectIter columns;
          const char *column;
          JsonNode *value;

          g_tree_remove_all (accurate->columns);
          if (JSON_NODE_HOLDS_NULL (member))
            continue;
          if (!JSON_NODE_HOLDS_OBJECT (member))
            return FALSE;
          json_object_iter_init (&columns, json_node_get_object (member));
          while (json_object_iter_next (&columns, &column, &value))
            {
              gboolean flag = scalar_is_true (value, &ok);

              if (!ok)
                return FALSE;
              g_tree_replace (accurate->columns, g_strdup (column), GINT_TO_POINTER (flag));
            }
        }
      else
        return FALSE;   /* Jackson fails on unknown properties */
    }
  return TRUE;
}

HmsStatsAccurate *
hms_stats_accurate_parse (const char *text)
{
  HmsStatsAccurate *accurate = accurate_new ();

  if (text == NULL)
    return accurate;
  if (!accurate_read_json (text, accurate))
    {
      /* StatsSetupConst.parseStatsAcc falls back to the old plain "true". */
      g_tree_remove_all (accurate->columns);
      accurate->basic = g_ascii_strcasecmp (text, "true") == 0;
    }
  return accurate;
}

/* Jackson's string escaping: quote, backslash and control characters; the rest as is. */
static void
append_json_string (GString *out, const char *text)
{
  g_string_append_c (out, '"');
  for (const unsigned char *c = (const unsigned char *) text; *c != '\0'; c++)
    {
      switch (*c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (*c < 0x20)
            g_string_append_printf (out, "\\u%04X", *c);
          else
            g_string_append_c (out, (char) *c);
        }
    }
  g_string_append_c (out, '"');
}

static gboolean
append_column (gpointer key, gpointer value, gpointer data)
{
  GString *out = data;

  if (out->str[out->len - 1] != '{')
    g_string_append_c (out, ',');
  append_json_string (out, key);
  g_string_append (out, GPOINTER_TO_INT (value) ? ":\"true\"" : ":\"false\"");
  return FALSE;
}

char *
hms_stats_accurate_to_text (const HmsStatsAccurate *accurate)
{
  GString *out = g_string_new ("{");

  if (accurate->basic)
    g_string_append (out, "\"BASIC_STATS\":\"true\"");
  if (g_tree_nnodes (accurate->columns) > 0)
    {
      if (accurate->basic)
        g_string_append_c (out, ',');
      g_string_append (out, "\"COLUMN_STATS\":{");
      g_tree_foreach (accurate->columns, append_column, out);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

void
hms_stats_accurate_add_columns (HmsStatsAccurate *accurate, GPtrArray *columns)
{
  for (guint i = 0; columns != NULL && i < columns->len; i++)
    {
      const char *column = g_ptr_array_index (columns, i);

      if (g_tree_lookup_extended (accurate->columns, column, NULL, NULL))
        continue;
      g_tree_insert (accurate->columns, g_strdup (column), GINT_TO_POINTER (TRUE));
    }
}

void
hms_stats_accurate_remove_columns (HmsStatsAccurate *accurate, GPtrArray *columns)
{
  if (columns == NULL)
    {
      g_tree_remove_all (accurate->columns);
      return;
    }
  for (guint i = 0; i < columns->len; i++)
    g_tree_remove (accurate->columns, g_ptr_array_index (columns, i));
}

gboolean
hms_stats_accurate_has_column (const HmsStatsAccurate *accurate, const char *column)
{
  return g_tree_lookup_extended (accurate->columns, column, NULL, NULL);
}

gboolean
hms_stats_accurate_basic (const HmsStatsAccurate *accurate)
{
  return accurate->basic;
}

/* --- partition names ---------------------------------------------------------------- */

/*
 * Warehouse.makeEscSpecFromName: key and value alternating, both as
 * written.  The key is greedy in Hive's ([^/]+)=([^/]+): the last '=' that
 * leaves a value splits.
 */
static GPtrArray *
escaped_spec (const char *name, GError **error)
{
  g_auto (GStrv) components = NULL;
  GPtrArray *spec;

  if (name == NULL || *name == '\0')
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED, "Partition name is invalid. %s",
                   name ? name : "null");
      return NULL;
    }
  spec = g_ptr_array_new_with_free_func (g_free);
  components = g_strsplit (name, "/", -1);
  for (guint i = 0; components[i] != NULL; i++)
    {
      const char *component = components[i];
      gsize length = strlen (component);
      const char *split = NULL;
      g_autofree char *key = NULL;
      gboolean replaced = FALSE;

      for (gsize at = length >= 2 ? length - 1 : 0; at-- > 1;)
        if (component[at] == '=')
          {
            split = component + at;
            break;
          }
      if (split == NULL)
        continue;
      key = g_strndup (component, split - component);
      for (guint j = 0; j < spec->len && !replaced; j += 2)
        if (strcmp (g_ptr_array_index (spec, j), key) == 0)
          {
            g_free (spec->pdata[j + 1]);
            spec->pdata[j + 1] = g_strdup (split + 1);
            replaced = TRUE;
          }
      if (!replaced)
        {
          g_ptr_array_add (spec, g_steal_pointer (&key));
          g_ptr_array_add (spec, g_strdup (split + 1));
        }
    }
  return spec;
}

gboolean
hms_stats_partition_name_lower_keys (const char *name, char **lowered, GError **error)
{
  g_autoptr (GPtrArray) spec = NULL;
  GString *out;

  *lowered = NULL;
  if (name == NULL)
    return TRUE;
  spec = escaped_spec (name, error);
  if (spec == NULL)
    return FALSE;
  out = g_string_new (NULL);
  for (guint i = 0; i < spec->len; i += 2)
    {
      g_autofree char *key = g_utf8_strdown (g_ptr_array_index (spec, i), -1);

      if (i > 0)
        g_string_append_c (out, '/');
      g_string_append_printf (out, "%s=%s", key, (char *) g_ptr_array_index (spec, i + 1));
    }
  *lowered = g_string_free (out, FALSE);
  return TRUE;
}

char *
hms_stats_partition_name_canonical (GPtrArray *keys, const char *name, GError **error)
{
  g_autofree char *lowered = NULL;
  g_autoptr (GPtrArray) values = NULL;

  if (!hms_stats_partition_name_lower_keys (name, &lowered, error))
    return NULL;
  if (lowered == NULL)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED, "Partition name is invalid. null");
      return NULL;
    }
  values = hms_partition_name_values_for_keys (lowered, (const char *const *) keys->pdata,
                                               keys->len, error);
  if (values == NULL)
    return NULL;
  return hms_partition_make_name ((const char *const *) keys->pdata,
                                  (const char *const *) values->pdata, keys->len, NULL);
}

/* --- transactional state ---------------------------------------------------------- */

static gint
compare_write_ids (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static gboolean
parse_id_list (const char *text, GArray *ids)
{
  g_auto (GStrv) items = NULL;

  if (text == NULL || *text == '\0')
    return TRUE;
  items = g_strsplit (text, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      gint64 id;

      if (!g_ascii_string_to_signed (items[i], 10, G_MININT64, G_MAXINT64, &id, NULL))
        return FALSE;
      g_array_append_val (ids, id);
    }
  return TRUE;
}

gboolean
hms_stats_valid_for_query (const char *accurate, gint64 stats_write_id, const char *write_ids,
                           gboolean complete_writer, gboolean *valid, GError **error)
{
  g_auto (GStrv) parts = NULL;
  g_autoptr (GArray) open = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) aborted = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 high_watermark;

  *valid = FALSE;
  /* Not transactional statistics. */
  if (stats_write_id < 1)
    {
      *valid = TRUE;
      return TRUE;
    }
  if (!complete_writer)
    {
      g_autoptr (HmsStatsAccurate) state = hms_stats_accurate_parse (accurate);

      if (!state->basic)
        return TRUE;
    }
  if (write_ids == NULL)
    return TRUE;
  /* ValidReaderWriteIdList: table:highWatermark:minOpenWriteId:open,ids:aborted,ids */
  parts = g_strsplit (write_ids, ":", -1);
  if (g_strv_length (parts) < 3
      || !g_ascii_string_to_signed (parts[1], 10, G_MININT64, G_MAXINT64, &high_watermark, NULL)
      || (parts[3] != NULL && !parse_id_list (parts[3], open))
      || (parts[3] != NULL && parts[4] != NULL && !parse_id_list (parts[4], aborted)))
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED, "invalid write id list \"%s\"", write_ids);
      return FALSE;
    }
  g_array_sort (open, compare_write_ids);
  g_array_sort (aborted, compare_write_ids);
  {
    gboolean is_open = g_array_binary_search (open, &stats_write_id, compare_write_ids, NULL);
    gboolean is_aborted = g_array_binary_search (aborted, &stats_write_id, compare_write_ids, NULL);

    if (stats_write_id <= high_watermark && !is_open && !is_aborted)
      *valid = TRUE;
    else if (complete_writer && is_aborted)
      *valid = TRUE;
  }
  return TRUE;
}
