/*
 * test_partition_name.c
 *    Partition names: Hive's escaping (FileUtils.escapePathName and
 *    unescapePathName), makePartName, makeSpecFromName and makeValsFromName,
 *    checked against what Hive gives for the same input.
 */
#include <glib.h>

#include "error.h"
#include "partition_name.h"

static void
test_escape (void)
{
  struct
  {
    const char *value, *escaped;
  } cases[] = {
    { "2024-01-01", "2024-01-01" },
    { "a b", "a b" },                        /* space is not escaped (non-Windows) */
    { "a/b", "a%2Fb" },
    { "k=v", "k%3Dv" },
    { "100%", "100%25" },
    { "12:30", "12%3A30" },
    { "\"#'*?\\", "%22%23%27%2A%3F%5C" },
    { "{[]}^", "%7B%5B%5D}%5E" },            /* '}' is not in Hive's set */
    { "tab\tnew\nline", "tab%09new%0Aline" },
    { "\x7f", "%7F" },
    { "caf\xc3\xa9 \xe6\x97\xa5", "caf\xc3\xa9 \xe6\x97\xa5" },  /* non-ASCII stays */
    { "a_b-c.d~!@$&()+,;<>|", "a_b-c.d~!@$&()+,;<>|" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *escaped = hms_partition_escape (cases[i].value, NULL);
      g_autofree char *back = hms_partition_unescape (escaped);

      g_assert_cmpstr (escaped, ==, cases[i].escaped);
      g_assert_cmpstr (back, ==, cases[i].value);
    }
}

static void
test_escape_default (void)
{
  g_autofree char *empty = hms_partition_escape ("", NULL);
  g_autofree char *null = hms_partition_escape (NULL, NULL);
  g_autofree char *wildcard = hms_partition_escape ("", ".*");

  g_assert_cmpstr (empty, ==, "__HIVE_DEFAULT_PARTITION__");
  g_assert_cmpstr (null, ==, "__HIVE_DEFAULT_PARTITION__");
  g_assert_cmpstr (wildcard, ==, ".*");
}

static void
test_unescape_like_java (void)
{
  struct
  {
    const char *name, *value;
  } cases[] = {
    { "%41%62", "Ab" },
    { "%e9", "\xc3\xa9" },      /* a code point, not a UTF-8 byte: Java's (char) 0xE9 */
    { "%C3%A9", "\xc3\x83\xc2\xa9" },
    { "%zz", "%zz" },           /* not hex: kept */
    { "50%", "50%" },           /* too short: kept */
    { "a%4", "a%4" },
    { "%+A", "\n" },            /* Integer.parseInt("+A", 16) is 10 */
    { "%-1", "%-1" },           /* negative: kept */
    { "%00", "%00" },           /* NUL cannot be stored: kept */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *value = hms_partition_unescape (cases[i].name);

      g_assert_cmpstr (value, ==, cases[i].value);
    }
}

static void
test_make_name (void)
{
  const char *keys[] = { "DS", "Country", "city" };
  const char *values[] = { "2024-01-01", "a/b=c", "" };
  g_autofree char *name = hms_partition_make_name (keys, values, 3, NULL);

  g_assert_cmpstr (name, ==, "ds=2024-01-01/country=a%2Fb%3Dc/city=__HIVE_DEFAULT_PARTITION__");
}

static void
test_name_to_spec (void)
{
  g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

  hms_partition_name_to_spec ("ds=2024-01-01/country=a%2Fb%3Dc//junk/x=/city=%E4%BD", keys, values);
  g_assert_cmpuint (keys->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (keys, 0), ==, "ds");
  g_assert_cmpstr (g_ptr_array_index (values, 1), ==, "a/b=c");
  g_assert_cmpstr (g_ptr_array_index (keys, 2), ==, "city");
  g_assert_cmpstr (g_ptr_array_index (values, 2), ==, "\xc3\xa4\xc2\xbd");

  /* The last '=' with a value after it splits; a repeated key keeps its place. */
  g_ptr_array_set_size (keys, 0);
  g_ptr_array_set_size (values, 0);
  hms_partition_name_to_spec ("a=1/d=1/a=2/e==/b=c=d", keys, values);
  g_assert_cmpuint (keys->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (keys, 0), ==, "a");
  g_assert_cmpstr (g_ptr_array_index (values, 0), ==, "2");
  g_assert_cmpstr (g_ptr_array_index (keys, 3), ==, "b=c");
  g_assert_cmpstr (g_ptr_array_index (values, 3), ==, "d");
  g_assert_cmpstr (g_ptr_array_index (keys, 2), ==, "e");
  g_assert_cmpstr (g_ptr_array_index (values, 2), ==, "=");

  g_ptr_array_set_size (keys, 0);
  g_ptr_array_set_size (values, 0);
  hms_partition_name_to_spec ("", keys, values);
  g_assert_cmpuint (keys->len, ==, 0);
}

static void
test_name_to_values (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) values = hms_partition_name_to_values ("a=1/b=x%2Fy/", 2, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (values->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (values, 1), ==, "x/y");

  g_assert_null (hms_partition_name_to_values ("a=1", 2, &error));
  g_assert_error (error, HMS_ERROR, HMS_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "Expected 2 components, got 1 (a=1)");
  g_clear_error (&error);

  g_assert_null (hms_partition_name_to_values ("a=1/=2", 0, &error));
  g_assert_cmpstr (error->message, ==, "Unexpected component =2");
}

static void
test_values_for_keys (void)
{
  const char *keys[] = { "ds", "hr" };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) values = hms_partition_name_values_for_keys ("hr=07/ds=2024%3A1", keys, 2, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (g_ptr_array_index (values, 0), ==, "2024:1");
  g_assert_cmpstr (g_ptr_array_index (values, 1), ==, "07");

  g_assert_null (hms_partition_name_values_for_keys ("ds=1", keys, 2, &error));
  g_assert_error (error, HMS_ERROR, HMS_ERROR_INVALID_OBJECT);
  g_assert_cmpstr (error->message, ==, "incomplete partition name - missing hr");
}

static void
test_values_to_string (void)
{
  const char *values[] = { "a", "", "c d" };
  g_autofree char *text = hms_partition_values_to_string (values, 3);
  g_autofree char *empty = hms_partition_values_to_string (values, 0);

  g_assert_cmpstr (text, ==, "[a, , c d]");
  g_assert_cmpstr (empty, ==, "[]");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/partition-name/escape", test_escape);
  g_test_add_func ("/partition-name/escape-default", test_escape_default);
  g_test_add_func ("/partition-name/unescape-like-java", test_unescape_like_java);
  g_test_add_func ("/partition-name/make-name", test_make_name);
  g_test_add_func ("/partition-name/name-to-spec", test_name_to_spec);
  g_test_add_func ("/partition-name/name-to-values", test_name_to_values);
  g_test_add_func ("/partition-name/values-for-keys", test_values_for_keys);
  g_test_add_func ("/partition-name/values-to-string", test_values_to_string);
  return g_test_run ();
}
