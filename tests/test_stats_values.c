/*
 * test_stats_values.c
 *    Column statistics as values: decimal text as Java's BigDecimal writes
 *    and reads it, Double.toString, COLUMN_STATS_ACCURATE as
 *    StatsSetupConst reads and writes it, partition names, write id lists,
 *    conversions between Thrift objects and rows, merging, and
 *    MetaStoreDirectSql's aggregation and extrapolation.
 */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "error.h"
#include "stats_values.h"

static GByteArray *
bytes (const char *data, guint length)
{
  GByteArray *array = g_byte_array_new ();

  g_byte_array_append (array, (const guint8 *) data, length);
  return array;
}

static void
check_decimal_text (const char *data, guint length, gint16 scale, const char *expected)
{
  g_autoptr (GByteArray) unscaled = bytes (data, length);
  g_autofree char *text = hms_stats_decimal_to_text (unscaled, scale);
  g_autoptr (GByteArray) back = NULL;
  gint16 back_scale = 0;

  g_assert_cmpstr (text, ==, expected);
  /* And back: BigDecimal(String) gives the same unscaled bytes and scale. */
  g_assert_true (hms_stats_decimal_from_text (text, &back, &back_scale, NULL));
  g_assert_cmpint (back_scale, ==, scale);
  g_assert_cmpmem (back->data, back->len, unscaled->data, unscaled->len);
}

static void
test_decimal_text (void)
{
  check_decimal_text ("\x04\xe2", 2, 2, "12.50");           /* 1250, scale 2 */
  check_decimal_text ("\xff", 1, -3, "-1E+3");
  check_decimal_text ("\x00", 1, 0, "0");
  check_decimal_text ("\x00", 1, 2, "0.00");
  check_decimal_text ("\x01", 1, 7, "1E-7");                /* adjusted exponent below -6 */
  check_decimal_text ("\x01", 1, 6, "0.000001");
  check_decimal_text ("\x0f", 1, 10, "1.5E-9");
  check_decimal_text ("\x80", 1, 0, "-128");
  check_decimal_text ("\x00\x80", 2, 0, "128");
  check_decimal_text ("\xff\x7f", 2, 1, "-12.9");
  check_decimal_text ("\x7b", 1, -1, "1.23E+3");
  /* 2^64, beyond any machine integer. */
  check_decimal_text ("\x01\x00\x00\x00\x00\x00\x00\x00\x00", 9, 3, "18446744073709551.616");
}

static void
test_decimal_parse_and_compare (void)
{
  g_autoptr (GByteArray) unscaled = NULL;
  g_autoptr (GError) error = NULL;
  gint16 scale = 0;

  g_assert_true (hms_stats_decimal_from_text ("+.5e-2", &unscaled, &scale, NULL));
  g_assert_cmpint (scale, ==, 3);
  g_assert_cmpmem (unscaled->data, unscaled->len, "\x05", 1);
  g_clear_pointer (&unscaled, g_byte_array_unref);
  g_assert_true (hms_stats_decimal_from_text ("-000129", &unscaled, &scale, NULL));
  g_assert_cmpint (scale, ==, 0);
  g_assert_cmpmem (unscaled->data, unscaled->len, "\xff\x7f", 2);
  g_clear_pointer (&unscaled, g_byte_array_unref);
  g_assert_false (hms_stats_decimal_from_text ("1.2.3", &unscaled, &scale, &error));
  g_assert_error (error, HMS_ERROR, HMS_ERROR_INVALID_OBJECT);
  g_assert_false (hms_stats_decimal_from_text ("e5", &unscaled, &scale, NULL));
  g_assert_false (hms_stats_decimal_from_text ("", &unscaled, &scale, NULL));

  g_assert_cmpint (hms_stats_decimal_compare ("12.50", "12.5"), ==, 0);
  g_assert_cmpint (hms_stats_decimal_compare ("1E+3", "999.99"), ==, 1);
  g_assert_cmpint (hms_stats_decimal_compare ("-1E+3", "-999.99"), ==, -1);
  g_assert_cmpint (hms_stats_decimal_compare ("0.00", "-0"), ==, 0);
  g_assert_cmpint (hms_stats_decimal_compare ("-0.001", "0"), ==, -1);
  g_assert_cmpint (hms_stats_decimal_compare ("0.0012", "0.00119"), ==, 1);
}

static void
check_java_double (double value, const char *expected)
{
  g_autofree char *text = hms_stats_double_to_java_text (value);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_java_double (void)
{
  check_java_double (150.0, "150.0");
  check_java_double (-0.25, "-0.25");
  check_java_double (1e7, "1.0E7");
  check_java_double (12345678.9, "1.23456789E7");
  check_java_double (0.001, "0.001");
  check_java_double (0.0001, "1.0E-4");
  check_java_double (1.0 / 3, "0.3333333333333333");
  check_java_double (0.0, "0.0");
  check_java_double (-0.0, "-0.0");
  check_java_double (NAN, "NaN");
  check_java_double (-INFINITY, "-Infinity");
}

static char *
accurate_after_add (const char *before, const char *const *columns)
{
  g_autoptr (HmsStatsAccurate) state = hms_stats_accurate_parse (before);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();

  for (; *columns != NULL; columns++)
    g_ptr_array_add (names, (gpointer) *columns);
  hms_stats_accurate_add_columns (state, names);
  return hms_stats_accurate_to_text (state);
}

static void
test_column_stats_accurate (void)
{
  const char *const b_a[] = { "b", "a", NULL };
  const char *const none[] = { NULL };
  struct { const char *before; const char *const *columns; const char *after; } cases[] = {
    { NULL, none, "{}" },
    { NULL, b_a, "{\"COLUMN_STATS\":{\"a\":\"true\",\"b\":\"true\"}}" },
    { "{\"BASIC_STATS\":\"true\"}", b_a, "{\"BASIC_STATS\":\"true\",\"COLUMN_STATS\":{\"a\":\"true\",\"b\":\"true\"}}" },
    { "TRUE", none, "{\"BASIC_STATS\":\"true\"}" },
    { "garbage", none, "{}" },
    { "{\"BASIC_STATS\":true,\"COLUMN_STATS\":{\"b\":\"false\",\"c\":true}}", b_a,
      "{\"BASIC_STATS\":\"true\",\"COLUMN_STATS\":{\"a\":\"true\",\"b\":\"false\",\"c\":\"true\"}}" },
    { "{\"BASIC_STATS\":\"false\"}", none, "{}" },
    { "{\"UNKNOWN\":1,\"BASIC_STATS\":\"true\"}", none, "{}" },
    { "{\"COLUMN_STATS\":[]}", none, "{}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *after = accurate_after_add (cases[i].before, cases[i].columns);

      g_assert_cmpstr (after, ==, cases[i].after);
    }
  {
    g_autoptr (HmsStatsAccurate) state =
      hms_stats_accurate_parse ("{\"BASIC_STATS\":\"true\",\"COLUMN_STATS\":{\"a\":\"true\",\"q\\\"\\n\":\"true\"}}");
    g_autoptr (GPtrArray) remove = g_ptr_array_new ();
    g_autofree char *text = NULL;
    g_autofree char *cleared = NULL;

    g_assert_true (hms_stats_accurate_basic (state));
    g_assert_true (hms_stats_accurate_has_column (state, "q\"\n"));
    text = hms_stats_accurate_to_text (state);
    g_assert_cmpstr (text, ==, "{\"BASIC_STATS\":\"true\",\"COLUMN_STATS\":{\"a\":\"true\",\"q\\\"\\n\":\"true\"}}");
    g_ptr_array_add (remove, "a");
    hms_stats_accurate_remove_columns (state, remove);
    g_assert_false (hms_stats_accurate_has_column (state, "a"));
    hms_stats_accurate_remove_columns (state, NULL);
    cleared = hms_stats_accurate_to_text (state);
    g_assert_cmpstr (cleared, ==, "{\"BASIC_STATS\":\"true\"}");
  }
}

static void
test_partition_names (void)
{
  g_autoptr (GPtrArray) keys = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  char *lowered = NULL;
  char *canonical;

  g_assert_true (hms_stats_partition_name_lower_keys ("DS=2024-01-01/Hr=A%2Fb", &lowered, NULL));
  g_assert_cmpstr (lowered, ==, "ds=2024-01-01/hr=A%2Fb");
  g_free (lowered);
  /* Components without key or value are skipped, a repeated key keeps its place and last value. */
  g_assert_true (hms_stats_partition_name_lower_keys ("a=1/junk/=x/b=/a=2/c=d=e/A=3", &lowered, NULL));
  /* Keys are told apart before they are lower-cased, as Hive's LinkedHashMap does. */
  g_assert_cmpstr (lowered, ==, "a=2/c=d=e/a=3");
  g_free (lowered);
  g_assert_true (hms_stats_partition_name_lower_keys (NULL, &lowered, NULL));
  g_assert_null (lowered);
  g_assert_false (hms_stats_partition_name_lower_keys ("", &lowered, &error));
  g_assert_error (error, HMS_ERROR, HMS_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "Partition name is invalid. ");
  g_clear_error (&error);

  g_ptr_array_add (keys, "ds");
  g_ptr_array_add (keys, "hr");
  canonical = hms_stats_partition_name_canonical (keys, "HR=3/ds=a%2fb/extra=1", NULL);
  g_assert_cmpstr (canonical, ==, "ds=a%2Fb/hr=3");
  g_free (canonical);
  g_assert_null (hms_stats_partition_name_canonical (keys, "ds=1", &error));
  g_assert_error (error, HMS_ERROR, HMS_ERROR_INVALID_OBJECT);
  g_assert_cmpstr (error->message, ==, "incomplete partition name - missing hr");
}

static void
test_write_ids (void)
{
  const char *list = "db.t:10:3:3,7:5";
  gboolean valid = TRUE;
  g_autoptr (GError) error = NULL;

  g_assert_true (hms_stats_valid_for_query (NULL, 0, list, FALSE, &valid, NULL));
  g_assert_true (valid);   /* not transactional statistics */
  g_assert_true (hms_stats_valid_for_query ("{\"BASIC_STATS\":\"true\"}", 4, list, FALSE, &valid, NULL));
  g_assert_true (valid);
  g_assert_true (hms_stats_valid_for_query ("{}", 4, list, FALSE, &valid, NULL));
  g_assert_false (valid);  /* basic statistics not accurate */
  g_assert_true (hms_stats_valid_for_query ("{\"BASIC_STATS\":\"true\"}", 7, list, FALSE, &valid, NULL));
  g_assert_false (valid);  /* open */
  g_assert_true (hms_stats_valid_for_query (NULL, 5, list, TRUE, &valid, NULL));
  g_assert_true (valid);   /* aborted: a complete writer may replace it */
  g_assert_true (hms_stats_valid_for_query (NULL, 11, list, TRUE, &valid, NULL));
  g_assert_false (valid);  /* above the high watermark */
  g_assert_false (hms_stats_valid_for_query (NULL, 11, "db.t:x", TRUE, &valid, &error));
}

static HmsColumnStatisticsObj *
long_object (const char *name, gint64 low, gint64 high, gint64 nulls, gint64 ndv)
{
  HmsColumnStatisticsObj *object = g_object_new (HMS_TYPE_COLUMN_STATISTICS_OBJ, NULL);

  object->colName = g_strdup (name);
  object->colType = g_strdup ("bigint");
  object->statsData->__isset_longStats = TRUE;
  object->statsData->longStats->lowValue = low;
  object->statsData->longStats->__isset_lowValue = TRUE;
  object->statsData->longStats->highValue = high;
  object->statsData->longStats->__isset_highValue = TRUE;
  object->statsData->longStats->numNulls = nulls;
  object->statsData->longStats->numDVs = ndv;
  return object;
}

static void
test_object_row_round_trip (void)
{
  g_autoptr (HmsColumnStatisticsObj) object = long_object ("x", -3, 9, 1, 4);
  g_autoptr (HmsStatsRow) row = NULL;
  g_autoptr (HmsColumnStatisticsObj) back = NULL;
  g_autoptr (HmsColumnStatisticsObj) empty = g_object_new (HMS_TYPE_COLUMN_STATISTICS_OBJ, NULL);
  g_autoptr (GError) error = NULL;

  object->statsData->longStats->bitVectors = bytes ("HL", 2);
  object->statsData->longStats->__isset_bitVectors = TRUE;
  row = hms_stats_row_from_object (object, NULL);
  g_assert_nonnull (row);
  g_assert_cmpuint (row->present, ==, HMS_STATS_LONG_LOW | HMS_STATS_LONG_HIGH | HMS_STATS_NUM_NULLS
                                      | HMS_STATS_NUM_DISTINCTS | HMS_STATS_BIT_VECTOR);
  back = hms_stats_row_to_object (row, TRUE, TRUE, NULL);
  g_assert_true (back->statsData->__isset_longStats);
  g_assert_cmpint (back->statsData->longStats->lowValue, ==, -3);
  g_assert_cmpint (back->statsData->longStats->numDVs, ==, 4);
  g_assert_false (back->statsData->longStats->__isset_bitVectors);   /* the "HL" placeholder */

  g_free (row->column_type);
  row->column_type = g_strdup ("map<string,int>");
  g_assert_null (hms_stats_row_to_object (row, TRUE, TRUE, NULL));

  g_assert_null (hms_stats_row_from_object (empty, &error));
  g_assert_error (error, HMS_ERROR, HMS_ERROR_INVALID_OBJECT);
}

static void
test_merge (void)
{
  g_autoptr (HmsColumnStatisticsObj) merged = long_object ("x", 5, 10, 1, 4);
  g_autoptr (HmsColumnStatisticsObj) old = long_object ("x", 1, 7, 2, 6);

  merged->statsData->longStats->__isset_highValue = FALSE;
  hms_stats_merge (merged, old);
  g_assert_cmpint (merged->statsData->longStats->lowValue, ==, 1);
  g_assert_cmpint (merged->statsData->longStats->highValue, ==, 7);
  g_assert_true (merged->statsData->longStats->__isset_highValue);
  g_assert_cmpint (merged->statsData->longStats->numNulls, ==, 3);
  g_assert_cmpint (merged->statsData->longStats->numDVs, ==, 6);
}

static HmsStatsRow *
partition_row (gint index, gint64 low, gint64 high, gint64 nulls, gint64 ndv)
{
  HmsStatsRow *row = hms_stats_row_new ();

  row->column_name = g_strdup ("x");
  row->column_type = g_strdup ("bigint");
  row->partition_index = index;
  row->long_low = low;
  row->long_high = high;
  row->num_nulls = nulls;
  row->num_distincts = ndv;
  row->present = HMS_STATS_LONG_LOW | HMS_STATS_LONG_HIGH | HMS_STATS_NUM_NULLS | HMS_STATS_NUM_DISTINCTS;
  return row;
}

static void
test_extrapolation (void)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) hms_stats_row_free);
  g_autoptr (HmsStatsRow) result = NULL;
  g_autoptr (HmsColumnStatisticsObj) object = NULL;

  /* Partitions 0, 1 and 3 of 5. */
  g_ptr_array_add (rows, partition_row (0, 10, 20, 4, 5));
  g_ptr_array_add (rows, partition_row (1, 12, 30, 2, 8));
  g_ptr_array_add (rows, partition_row (3, 8, 50, 6, 6));
  result = hms_stats_extrapolate ("x", "bigint", rows, 3, 5);
  g_assert_cmpint (result->long_low, ==, 6);
  g_assert_cmpint (result->long_high, ==, 60);
  g_assert_cmpint (result->num_nulls, ==, 20);
  g_assert_cmpint (result->num_distincts, ==, 17);
  g_assert_cmpint (result->sum_distincts, ==, 30);
  g_assert_true (result->present & HMS_STATS_AVG_NDV_LONG);
  object = hms_stats_aggregate_to_object (result, FALSE, 0.0, NULL);
  g_assert_cmpint (object->statsData->longStats->numDVs, ==, 17);
  g_clear_object (&object);
  /* The tuner moves the NDV towards the sum: 17 + (30 - 17) * 0.5. */
  object = hms_stats_aggregate_to_object (result, FALSE, 0.5, NULL);
  g_assert_cmpint (object->statsData->longStats->numDVs, ==, 23);
  g_clear_object (&object);
  /* The density estimate (range / average density), kept between the bounds. */
  object = hms_stats_aggregate_to_object (result, TRUE, 0.0, NULL);
  g_assert_cmpint (object->statsData->longStats->numDVs, >=, 17);
  g_assert_cmpint (object->statsData->longStats->numDVs, <=, 30);

  /* A NULL in any partition leaves a bound NULL. */
  ((HmsStatsRow *) g_ptr_array_index (rows, 1))->present &= ~HMS_STATS_LONG_HIGH;
  g_clear_pointer (&result, hms_stats_row_free);
  result = hms_stats_extrapolate ("x", "bigint", rows, 3, 5);
  g_assert_false (result->present & HMS_STATS_LONG_HIGH);
  g_assert_true (result->present & HMS_STATS_LONG_LOW);
}

static void
test_decimal_extrapolation (void)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) hms_stats_row_free);
  g_autoptr (HmsStatsRow) result = NULL;
  g_autoptr (HmsColumnStatisticsObj) object = NULL;
  const char *lows[] = { "1.5", "0.5" }, *highs[] = { "2", "1E+1" };

  for (guint i = 0; i < 2; i++)
    {
      HmsStatsRow *row = hms_stats_row_new ();

      row->column_name = g_strdup ("d");
      row->column_type = g_strdup ("decimal(10,1)");
      row->partition_index = i;
      row->decimal_low = g_strdup (lows[i]);
      row->decimal_high = g_strdup (highs[i]);
      row->num_nulls = 1;
      row->num_distincts = 2;
      row->present = HMS_STATS_DECIMAL_LOW | HMS_STATS_DECIMAL_HIGH | HMS_STATS_NUM_NULLS | HMS_STATS_NUM_DISTINCTS;
      g_ptr_array_add (rows, row);
    }
  /* Two of three partitions: bounds through Java doubles and Double.toString. */
  result = hms_stats_extrapolate ("d", "decimal(10,1)", rows, 2, 3);
  g_assert_cmpstr (result->decimal_low, ==, "-0.5");    /* 1.5 - 1.0 * 2 / 1 */
  g_assert_cmpstr (result->decimal_high, ==, "18.0");   /* 2 + 8 * 2 / 1 */
  g_assert_cmpint (result->num_nulls, ==, 2 / 2 * 3);
  object = hms_stats_aggregate_to_object (result, FALSE, 0.0, NULL);
  g_assert_cmpint (object->statsData->decimalStats->lowValue->scale, ==, 1);
  g_assert_cmpmem (object->statsData->decimalStats->lowValue->unscaled->data,
                   object->statsData->decimalStats->lowValue->unscaled->len, "\xfb", 1);
  g_assert_cmpint (object->statsData->decimalStats->numDVs, ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/stats/decimal-text", test_decimal_text);
  g_test_add_func ("/stats/decimal-parse-compare", test_decimal_parse_and_compare);
  g_test_add_func ("/stats/java-double", test_java_double);
  g_test_add_func ("/stats/column-stats-accurate", test_column_stats_accurate);
  g_test_add_func ("/stats/partition-names", test_partition_names);
  g_test_add_func ("/stats/write-ids", test_write_ids);
  g_test_add_func ("/stats/object-row", test_object_row_round_trip);
  g_test_add_func ("/stats/merge", test_merge);
  g_test_add_func ("/stats/extrapolation", test_extrapolation);
  g_test_add_func ("/stats/decimal-extrapolation", test_decimal_extrapolation);
  return g_test_run ();
}
