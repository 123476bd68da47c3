/*
 * test_partition_filter.c
 *    Hive's partition filter language: what parses and into which tree,
 *    what is refused and with which message, and the SQL and parameters
 *    generated for each kind of key.
 */
#include <glib.h>
#include <string.h>

#include "error.h"
#include "partition_filter.h"

static char *
describe (const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HmsPartitionFilter) filter = hms_partition_filter_parse (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (filter);
  return hms_partition_filter_describe (filter);
}

static void
test_parse (void)
{
  struct
  {
    const char *text, *tree;
  } cases[] = {
    { "ds = '2024-01-01'", "ds = '2024-01-01'" },
    { "ds == \"x\"", "ds = 'x'" },
    { "hr > 5", "hr > 5" },
    { "hr >= -5 and hr < 10", "(hr >= -5 AND hr < 10)" },
    { "a = 1 OR b = 2 AND c = 3", "(a = 1 OR (b = 2 AND c = 3))" },
    { "(a = 1 OR b = 2) AND c = 3", "((a = 1 OR b = 2) AND c = 3)" },
    { "a <> 'x' and b != 'y'", "(a <> 'x' AND b != 'y')" },
    { "'2024' < ds", "'2024' < ds" },
    { "ds like 'a%'", "ds LIKE 'a%'" },
    { "hr between 1 and 3", "(hr >= 1 AND hr <= 3)" },
    { "hr NOT BETWEEN 1 AND 3", "(hr < 1 OR hr > 3)" },
    { "(ds) IN ('a', 'b', 'c')", "((ds = 'a' OR ds = 'b') OR ds = 'c')" },
    { "(ds) not in ('a', 'b')", "(ds != 'a' AND ds != 'b')" },
    { "ds in ('a')", "ds = 'a'" },
    { "(struct(a, b)) IN (const struct('1', 2), struct('3', 4))",
      "((a = '1' AND b = 2) OR (a = '3' AND b = 4))" },
    { "(STRUCT(a, b)) NOT IN (STRUCT('1', 2))", "(a != '1' OR b != 2)" },
    { "`weird key` = 'v' and `a``b` = 'w'", "(weird key = 'v' AND a`b = 'w')" },
    { "d = date '2024-02-29'", "d = '2024-02-29'" },
    { "d = 2024-02-29", "d = '2024-02-29'" },
    { "t = timestamp '2024-01-01 10:00:00'", "t = '2024-01-01 10:00:00'" },
    { "t = 2024-01-01 10:00:00", "t = '2024-01-01 10:00:00'" },
    { "s = 'a''b'", "s = 'a''b'" },                 /* Hive keeps the inner quotes */
    { "s = 'it\\'s'", "s = 'it\\'s'" },             /* and the backslash */
    { "s = 'a' \"b\"", "s = ''a'\"b\"'" },          /* texts run together; mismatched quotes stay */
    { "s = ''", "s = ''" },
    { "key1 = 'caf\xc3\xa9'", "key1 = 'caf\xc3\xa9'" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *tree = describe (cases[i].text);

      g_assert_cmpstr (tree, ==, cases[i].tree);
    }
}

static void
test_empty (void)
{
  const char *blanks[] = { NULL, "", "   \t\n" };

  for (guint i = 0; i < G_N_ELEMENTS (blanks); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (HmsPartitionFilter) filter = hms_partition_filter_parse (blanks[i], &error);
      g_auto (HmsPartitionFilterSql) sql = { 0 };
      HmsPartitionKey key = { "ds", "string" };

      g_assert_no_error (error);
      g_assert_true (hms_partition_filter_is_empty (filter));
      g_assert_true (hms_partition_filter_to_sql (filter, &key, 1, NULL, 1, &sql, &error));
      g_assert_cmpstr (sql.condition, ==, "TRUE");
      g_assert_cmpstr (sql.joins, ==, "");
      g_assert_cmpuint (sql.parameters->len, ==, 0);
    }
}

static void
test_malformed (void)
{
  struct
  {
    const char *text, *message;
  } cases[] = {
    { "ds =", "Error parsing partition filter: lexer error: line 1:4 mismatched input '<EOF>' expecting a constant" },
    { "ds = 'a' and", "Error parsing partition filter: lexer error: line 1:12 mismatched input '<EOF>' expecting a partition key, a constant or '('" },
    { "ds 'a'", "Error parsing partition filter: lexer error: line 1:3 mismatched input ''a'' expecting a comparison operator" },
    { "ds = 'a' junk", "Error parsing partition filter: lexer error: line 1:9 mismatched input 'junk' expecting AND, OR or <EOF>" },
    { "(ds = 'a'", "Error parsing partition filter: lexer error: line 1:9 mismatched input '<EOF>' expecting ')'" },
    { "ds = 'unterminated", "Error parsing partition filter: lexer error: line 1:5 mismatched input ''' expecting a constant" },
    { "ds = 1.5", "Error parsing partition filter: lexer error: line 1:6 mismatched input '.' expecting AND, OR or <EOF>" },
    { "ds <=> 'a'", "Error parsing partition filter: Unsupported comparison operator: <=>" },
    { "ds\n  = @", "Error parsing partition filter: lexer error: line 2:4 mismatched input '@' expecting a constant" },
    { "hr = 99999999999999999999", "Error parsing partition filter: For input string: \"99999999999999999999\"" },
    { "d = date '2024-02-30'", "Error parsing partition filter: Text '2024-02-30' could not be parsed as a date" },
    { "(struct(a, b)) in (struct('1'))", "Error parsing partition filter: Struct key [a, b] and value [1] sizes do not match." },
    { "ds not like 'a'", "Error parsing partition filter: lexer error: line 1:7 mismatched input 'like' expecting BETWEEN or IN" },
    { "ds in ()", "Error parsing partition filter: lexer error: line 1:7 mismatched input ')' expecting a constant" },
    { "and = 1", "Error parsing partition filter: lexer error: line 1:0 mismatched input 'and' expecting a partition key, a constant or '('" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (HmsPartitionFilter) filter = hms_partition_filter_parse (cases[i].text, &error);

      g_assert_null (filter);
      g_assert_error (error, HMS_ERROR, HMS_ERROR_FAILED);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

/* Generates SQL for `text` over the keys ds string, hr int, d date (first parameter $3). */
static gboolean
generate (const char *text, guint key_count, HmsPartitionFilterSql *sql, GError **error)
{
  static const HmsPartitionKey keys[] = {
    { "ds", "string" }, { "hr", "int" }, { "d", "date" }, { "t", "timestamp" }, { "x", "double" },
    { "v", "varchar(10)" },
  };
  g_autoptr (HmsPartitionFilter) filter = hms_partition_filter_parse (text, error);

  g_assert_nonnull (filter);
  return hms_partition_filter_to_sql (filter, keys, key_count, "__HIVE_DEFAULT_PARTITION__", 3, sql, error);
}

static void
test_sql_string_key (void)
{
  g_autoptr (GError) error = NULL;
  g_auto (HmsPartitionFilterSql) sql = { 0 };

  g_assert_true (generate ("DS = 'a/b' and ds > 'a'", 1, &sql, &error));
  g_assert_cmpstr (sql.joins, ==,
                   " JOIN \"PARTITION_KEY_VALS\" \"FILTER0\" ON \"FILTER0\".\"PART_ID\" = p.\"PART_ID\""
                   " AND \"FILTER0\".\"INTEGER_IDX\" = 0");
  g_assert_cmpstr (sql.condition, ==,
                   "((\"FILTER0\".\"PART_KEY_VAL\" = $3 AND p.\"PART_NAME\" = $4)"
                   " AND (\"FILTER0\".\"PART_KEY_VAL\" > $5))");
  g_assert_cmpuint (sql.parameters->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (sql.parameters, 0), ==, "a/b");
  g_assert_cmpstr (g_ptr_array_index (sql.parameters, 1), ==, "ds=a%2Fb");
  g_assert_cmpstr (g_ptr_array_index (sql.parameters, 2), ==, "a");
}

static void
test_sql_multi_key_names (void)
{
  g_autoptr (GError) error = NULL;
  g_auto (HmsPartitionFilterSql) sql = { 0 };

  g_assert_true (generate ("ds != 'x' and hr = 7 and d = '2024-01-02'", 3, &sql, &error));
  /* First key: prefix; middle key: infix; a date: any time suffix. */
  g_assert_cmpstr (g_ptr_array_index (sql.parameters, 1), ==, "ds=x/%");
  g_assert_cmpstr (g_ptr_array_index (sql.parameters, 4), ==, "%/hr=7/%");
  g_assert_cmpstr (g_ptr_array_index (sql.parameters, 7), ==, "%/d=2024-01-02%");
  g_assert_nonnull (strstr (sql.condition, "p.\"PART_NAME\" NOT LIKE $4"));
  g_assert_nonnull (strstr (sql.condition,
                            "(CASE WHEN \"FILTER1\".\"PART_KEY_VAL\" <> $6 THEN CAST(\"FILTER1\".\"PART_KEY_VAL\""
                            " AS decimal(21,0)) ELSE NULL END) = $5::bigint"));
  g_assert_nonnull (strstr (sql.condition, "AS date) ELSE NULL END) = $8::date"));
  g_assert_cmpstr (g_ptr_array_index (sql.parameters, 2), ==, "7");
  g_assert_cmpstr (g_ptr_array_index (sql.parameters, 4), ==, "%/hr=7/%");
}

static void
test_sql_default_partition (void)
{
  g_autoptr (GError) error = NULL;
  g_auto (HmsPartitionFilterSql) sql = { 0 };

  /* On an integral key the default partition compares as text, without a cast. */
  g_assert_true (generate ("hr = '__HIVE_DEFAULT_PARTITION__'", 2, &sql, &error));
  g_assert_cmpstr (sql.condition, ==,
                   "(\"FILTER1\".\"PART_KEY_VAL\" = $3 AND p.\"PART_NAME\" LIKE $4)");
  g_assert_cmpstr (g_ptr_array_index (sql.parameters, 1), ==, "%/hr=__HIVE_DEFAULT_PARTITION__");
}

static void
test_sql_like_and_reversed (void)
{
  g_autoptr (GError) error = NULL;
  g_auto (HmsPartitionFilterSql) sql = { 0 };

  g_assert_true (generate ("ds like 'a\\_%' or 5 < hr", 2, &sql, &error));
  g_assert_nonnull (strstr (sql.condition, "\"FILTER0\".\"PART_KEY_VAL\" LIKE $3 ESCAPE '\\'"));
  g_assert_nonnull (strstr (sql.condition, "$4::bigint < (CASE WHEN"));
}

static void
test_sql_refused (void)
{
  struct
  {
    const char *text, *message;
  } cases[] = {
    { "nope = 'a'", "Specified key <nope> is not a partitioning key for the table" },
    { "hr = 'abc'", HMS_PARTITION_FILTER_TYPE_MESSAGE },
    { "ds = 5", HMS_PARTITION_FILTER_TYPE_MESSAGE },
    { "x = 1", HMS_PARTITION_FILTER_TYPE_MESSAGE },
    { "hr like 5", HMS_PARTITION_FILTER_TYPE_MESSAGE },
    { "d = 'not a date'", HMS_PARTITION_FILTER_TYPE_MESSAGE },
    { "t = '2024-01-01'", HMS_PARTITION_FILTER_TYPE_MESSAGE },
    { "'a%' like ds", "Value should be on the RHS for LIKE operator : Key <ds>" },
    { "ds = ''", "Partition spec is incorrect. {ds=}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_auto (HmsPartitionFilterSql) sql = { 0 };

      g_assert_false (generate (cases[i].text, 6, &sql, &error));
      g_assert_error (error, HMS_ERROR, HMS_ERROR_FAILED);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_sql_other_kinds (void)
{
  g_autoptr (GError) error = NULL;
  g_auto (HmsPartitionFilterSql) sql = { 0 };

  g_assert_true (generate ("v = 'a' and t > timestamp '2024-01-01 00:00:00' and hr between -1 and 2", 6,
                           &sql, &error));
  g_assert_nonnull (strstr (sql.condition, "\"FILTER5\".\"PART_KEY_VAL\" = $3"));
  g_assert_nonnull (strstr (sql.condition, "AS timestamp) ELSE NULL END) > $5::timestamp"));
  g_assert_nonnull (strstr (sql.condition, ">= $7::bigint"));
  /* One join per key, however often it is used. */
  g_assert_null (strstr (strstr (sql.joins, "\"FILTER1\"") + 1, "JOIN \"PARTITION_KEY_VALS\" \"FILTER1\""));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/partition-filter/parse", test_parse);
  g_test_add_func ("/partition-filter/empty", test_empty);
  g_test_add_func ("/partition-filter/malformed", test_malformed);
  g_test_add_func ("/partition-filter/sql-string-key", test_sql_string_key);
  g_test_add_func ("/partition-filter/sql-multi-key-names", test_sql_multi_key_names);
  g_test_add_func ("/partition-filter/sql-default-partition", test_sql_default_partition);
  g_test_add_func ("/partition-filter/sql-like-and-reversed", test_sql_like_and_reversed);
  g_test_add_func ("/partition-filter/sql-refused", test_sql_refused);
  g_test_add_func ("/partition-filter/sql-other-kinds", test_sql_other_kinds);
  return g_test_run ();
}
