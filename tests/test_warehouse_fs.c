/*
 * test_warehouse_fs.c
 *    What hms refuses to delete (bucket roots, "/", warehouse roots, schemes
 *    it cannot reach) and how locations nest; the deletions themselves are
 *    tested end to end in tests/test_drop_data.py.
 */
#include <string.h>

#include <glib.h>

#include "conf.h"
#include "error.h"
#include "warehouse_fs.h"

static void
test_is_below (void)
{
  g_assert_true (hms_warehouse_fs_is_below ("s3a://b/t", "s3a://b/t/p=1"));
  g_assert_true (hms_warehouse_fs_is_below ("s3a://b/t/", "s3a://b/t"));
  g_assert_false (hms_warehouse_fs_is_below ("s3a://b/t", "s3a://b/t2"));
  g_assert_false (hms_warehouse_fs_is_below ("s3a://b/t", "s3a://b/t_other/x"));
  g_assert_false (hms_warehouse_fs_is_below (NULL, "s3a://b/t"));
}

static void
test_refusals (void)
{
  HmsConf *conf = hms_conf_new ();
  HmsContext context = { 0 };
  const char *refused[] = { "s3a://bucket", "s3a://bucket/", "s3://bucket//", "file:/", "file:///",
                            "file:/data/wh", "file:/data/wh/", "file:/data/ext/../wh",
                            "file://otherhost/data/x", "hdfs://nn:8020/wh/t", "" };

  hms_conf_set (conf, "fs.s3a.endpoint", "http://127.0.0.1:1");
  context.conf = conf;
  context.warehouse_uri = "file:/data/wh";
  context.external_warehouse_uri = "file:/data/ext";
  context.s3_clients = hms_s3_clients_new (conf);
  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr (GError) error = NULL;
      guint64 deleted = 7;

      g_assert_false (hms_warehouse_fs_delete (&context, refused[i], FALSE, &deleted, &error));
      g_assert_error (error, HMS_ERROR, HMS_ERROR_FAILED);
      g_assert_cmpuint (deleted, ==, 0);
    }
  hms_s3_clients_free (context.s3_clients);
  hms_conf_free (conf);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/warehouse_fs/is_below", test_is_below);
  g_test_add_func ("/warehouse_fs/refusals", test_refusals);
  return g_test_run ();
}
