/*
 * test_names.c
 *    Hive's naming rules: normalisation, validity, "@cat#db" arguments,
 *    name patterns, and locations qualified as Hadoop's Path does.
 */
#include <glib.h>

#include "error.h"
#include "names.h"
#include "warehouse.h"

static void
test_normalize (void)
{
  g_autofree char *name = hms_name_normalize ("  Sales_DB ");

  g_assert_cmpstr (name, ==, "sales_db");
  g_assert_null (hms_name_normalize (NULL));
}

static void
test_validity (void)
{
  g_assert_true (hms_name_is_valid ("abc_123", FALSE));
  g_assert_false (hms_name_is_valid ("", TRUE));
  g_assert_false (hms_name_is_valid (NULL, TRUE));
  g_assert_false (hms_name_is_valid ("a-b", FALSE));
  g_assert_true (hms_name_is_valid ("a-b.c", TRUE));
  g_assert_false (hms_name_is_valid ("tab\there", TRUE));
  g_assert_false (hms_name_is_valid ("na\xc3\xafve", TRUE));
}

static void
test_parse_database (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *catalog = NULL;
  g_autofree char *database = NULL;

  g_assert_true (hms_name_parse_database ("@Spark#Sales", "hive", &catalog, &database, &error));
  g_assert_cmpstr (catalog, ==, "spark");
  g_assert_cmpstr (database, ==, "sales");
  g_clear_pointer (&catalog, g_free);
  g_clear_pointer (&database, g_free);

  g_assert_true (hms_name_parse_database ("@hive#", "hive", &catalog, &database, &error));
  g_assert_cmpstr (catalog, ==, "hive");
  g_assert_null (database);
  g_clear_pointer (&catalog, g_free);

  g_assert_true (hms_name_parse_database ("Plain", "hive", &catalog, &database, &error));
  g_assert_cmpstr (catalog, ==, "hive");
  g_assert_cmpstr (database, ==, "plain");
  g_clear_pointer (&catalog, g_free);
  g_clear_pointer (&database, g_free);

  /* "@x" without "#" is an ordinary name, as Hive's parseDbName treats it. */
  g_assert_true (hms_name_parse_database ("@x", "hive", &catalog, &database, &error));
  g_assert_cmpstr (database, ==, "@x");
}

static void
test_pattern_to_like (void)
{
  g_autofree char *likes = hms_name_pattern_to_like ("User_*|a.b|x\\.y|50%");

  g_assert_cmpstr (likes, ==, "[\"user\\\\_%\",\"a_b\",\"x.y\",\"50\\\\%\"]");
}

static void
test_qualify_path (void)
{
  struct
  {
    const char *default_fs, *path, *expected;
  } cases[] = {
    { NULL, "/user/hive/warehouse", "file:/user/hive/warehouse" },
    { "file:///", "/data/wh/", "file:/data/wh" },
    { "hdfs://nn:8020", "/wh", "hdfs://nn:8020/wh" },
    { "hdfs://nn:8020/", "/wh", "hdfs://nn:8020/wh" },
    { NULL, "s3a://bucket/wh/", "s3a://bucket/wh" },
    { NULL, "s3a://bucket", "s3a://bucket" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *qualified = hms_warehouse_qualify_path (cases[i].default_fs, cases[i].path);

      g_assert_cmpstr (qualified, ==, cases[i].expected);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/names/normalize", test_normalize);
  g_test_add_func ("/names/validity", test_validity);
  g_test_add_func ("/names/parse-database", test_parse_database);
  g_test_add_func ("/names/pattern-to-like", test_pattern_to_like);
  g_test_add_func ("/warehouse/qualify-path", test_qualify_path);
  return g_test_run ();
}
