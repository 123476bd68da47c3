/*
 * test_db_arrays.c
 *    PostgreSQL array literals as hms writes them (hms_db_text_array,
 *    hms_db_id_array) and array output as hms reads it (hms_db_parse_array,
 *    hms_db_parse_pairs).  The round trip through PostgreSQL itself is
 *    tests/test_store_perf.py's.
 */
#include <glib.h>

#include "db.h"

/* Strings that need quoting, escaping, or would mean something else bare. */
static const char *const awkward[] = {
  "plain", "", " lead and trail ", "a,b", "{braces}", "quote\"inside", "back\\slash",
  "\\\"", "NULL", "null", "ünïcödé ✓", "tab\there", "new\nline", "=/%_*", "}", "{", "\"",
};

static void
test_text_array_literal (void)
{
  const char *const items[] = { "a", "b\"c", "d\\e", "NULL", "" };
  g_autofree char *literal = hms_db_text_array (items, G_N_ELEMENTS (items));
  g_autofree char *empty = hms_db_text_array (NULL, 0);
  const char *const with_null[] = { "x", NULL };
  g_autofree char *null_literal = hms_db_text_array (with_null, 2);

  g_assert_cmpstr (literal, ==, "{\"a\",\"b\\\"c\",\"d\\\\e\",\"NULL\",\"\"}");
  g_assert_cmpstr (empty, ==, "{}");
  g_assert_cmpstr (null_literal, ==, "{\"x\",NULL}");
}

static void
test_id_array_literal (void)
{
  const gint64 ids[] = { 1, -2, G_MAXINT64 };
  g_autofree char *literal = hms_db_id_array (ids, G_N_ELEMENTS (ids));

  g_assert_cmpstr (literal, ==, "{1,-2,9223372036854775807}");
}

/* What hms writes, it reads back unchanged (our quoting is a subset of PostgreSQL's output). */
static void
test_round_trip (void)
{
  g_autofree char *literal = hms_db_text_array (awkward, G_N_ELEMENTS (awkward));
  g_autoptr (GPtrArray) parsed = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (hms_db_parse_array (literal, parsed));
  g_assert_cmpuint (parsed->len, ==, G_N_ELEMENTS (awkward));
  for (guint i = 0; i < parsed->len; i++)
    g_assert_cmpstr (g_ptr_array_index (parsed, i), ==, awkward[i]);
}

/* Array output as PostgreSQL's array_out writes it. */
static void
test_parse_postgres_output (void)
{
  g_autoptr (GPtrArray) parsed = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (hms_db_parse_array ("{a,\"b c\",NULL,\"NULL\",\"\",\"x\\\\y\\\"z\"}", parsed));
  g_assert_cmpuint (parsed->len, ==, 6);
  g_assert_cmpstr (g_ptr_array_index (parsed, 0), ==, "a");
  g_assert_cmpstr (g_ptr_array_index (parsed, 1), ==, "b c");
  g_assert_null (g_ptr_array_index (parsed, 2));
  g_assert_cmpstr (g_ptr_array_index (parsed, 3), ==, "NULL");
  g_assert_cmpstr (g_ptr_array_index (parsed, 4), ==, "");
  g_assert_cmpstr (g_ptr_array_index (parsed, 5), ==, "x\\y\"z");

  g_ptr_array_set_size (parsed, 0);
  g_assert_true (hms_db_parse_array ("{}", parsed));
  g_assert_cmpuint (parsed->len, ==, 0);
  g_assert_true (hms_db_parse_array (NULL, parsed));
  g_assert_cmpuint (parsed->len, ==, 0);

  /* Two dimensions flatten in order; bounds other than 1 are skipped. */
  g_assert_true (hms_db_parse_array ("{{k1,v1},{\"k,2\",NULL}}", parsed));
  g_assert_cmpuint (parsed->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (parsed, 2), ==, "k,2");
  g_assert_null (g_ptr_array_index (parsed, 3));
  g_ptr_array_set_size (parsed, 0);
  g_assert_true (hms_db_parse_array ("[0:1]={7,8}", parsed));
  g_assert_cmpuint (parsed->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (parsed, 1), ==, "8");
}

static void
test_parse_malformed (void)
{
  const char *const malformed[] = { "", "a,b", "{a,b", "{\"a}", "{a}x", "[1:2]" };

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autoptr (GPtrArray) parsed = g_ptr_array_new_with_free_func (g_free);

      g_assert_false (hms_db_parse_array (malformed[i], parsed));
    }
}

static void
test_parse_pairs (void)
{
  g_autoptr (GHashTable) map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GHashTable) skipping = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_assert_true (hms_db_parse_pairs ("{{a,1},{\"b c\",NULL},{\"{}\",\"\\\"\"}}", map, ""));
  g_assert_cmpuint (g_hash_table_size (map), ==, 3);
  g_assert_cmpstr (g_hash_table_lookup (map, "a"), ==, "1");
  g_assert_cmpstr (g_hash_table_lookup (map, "b c"), ==, "");
  g_assert_cmpstr (g_hash_table_lookup (map, "{}"), ==, "\"");

  g_assert_true (hms_db_parse_pairs ("{{a,1},{b,NULL}}", skipping, NULL));
  g_assert_cmpuint (g_hash_table_size (skipping), ==, 1);
  g_assert_true (hms_db_parse_pairs (NULL, skipping, NULL));
  g_assert_false (hms_db_parse_pairs ("{a,b,c}", skipping, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/db/text-array-literal", test_text_array_literal);
  g_test_add_func ("/db/id-array-literal", test_id_array_literal);
  g_test_add_func ("/db/round-trip", test_round_trip);
  g_test_add_func ("/db/parse-postgres-output", test_parse_postgres_output);
  g_test_add_func ("/db/parse-malformed", test_parse_malformed);
  g_test_add_func ("/db/parse-pairs", test_parse_pairs);
  return g_test_run ();
}
