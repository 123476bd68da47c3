/*
 * test_webhook.c
 *    Reading MinIO's bucket notification bodies (webhook.h,
 *    hms_webhook_parse_events): the recorded bodies under
 *    tests/fixtures/minio, AWS's event names, batches, and what is refused.
 */
#include <glib.h>
#include <string.h>

#include "discovery.h"
#include "error.h"
#include "webhook.h"

static char *
fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "minio", name, NULL);
  char *text = NULL;
  g_autoptr (GError) error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static GPtrArray *
parse (const char *body, guint *skipped)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *events = hms_webhook_parse_events (body, strlen (body), skipped, &error);

  g_assert_no_error (error);
  g_assert_nonnull (events);
  return events;
}

static void
assert_event (GPtrArray *events, guint index, HmsObjectEventKind kind, const char *bucket, const char *key)
{
  HmsObjectEvent *event;

  g_assert_cmpuint (index, <, events->len);
  event = g_ptr_array_index (events, index);
  g_assert_cmpint (event->kind, ==, kind);
  g_assert_cmpstr (event->bucket, ==, bucket);
  g_assert_cmpstr (event->key, ==, key);
}

static void
test_recorded_bodies (void)
{
  static const struct
  {
    const char *file;
    HmsObjectEventKind kind;
    const char *key;
  } cases[] = {
    { "created-put.json", HMS_OBJECT_CREATED,
      "topics/dbserver1.public.customers/partition=0/dbserver1.public.customers+0+0000000000.json" },
    { "created-multipart.json", HMS_OBJECT_CREATED,
      "topics/dbserver1.public.orders/year=2024/month=05/day=07/hour=15/dbserver1.public.orders+0+0000000000.json" },
    { "removed-delete.json", HMS_OBJECT_REMOVED,
      "topics/dbserver1.public.customers/partition=0/dbserver1.public.customers+0+0000000000.json" },
    { "created-odd-keys-1.json", HMS_OBJECT_CREATED, "odd/city=São Paulo/day=2024-05-07/part 1.json" },
    { "created-odd-keys-2.json", HMS_OBJECT_CREATED, "odd/city=a%2Fb/day=00%3A00/100% sure+plus.json" },
    { "created-odd-keys-3.json", HMS_OBJECT_CREATED, "odd/city=x&y=z/day=1/日本語 ü.json" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *body = fixture (cases[i].file);
      guint skipped = 99;
      g_autoptr (GPtrArray) events = parse (body, &skipped);

      g_assert_cmpuint (events->len, ==, 1);
      g_assert_cmpuint (skipped, ==, 0);
      assert_event (events, 0, cases[i].kind, "business", cases[i].key);
    }
}

static void
test_other_events_are_skipped (void)
{
  g_autofree char *body = fixture ("accessed-get.json");
  guint skipped = 0;
  g_autoptr (GPtrArray) events = parse (body, &skipped);

  g_assert_cmpuint (events->len, ==, 0);
  g_assert_cmpuint (skipped, ==, 1);
}

static void
test_batches_and_aws_names (void)
{
  const char *body =
    "{\"Records\": ["
    " {\"eventName\": \"ObjectCreated:Put\", \"s3\": {\"bucket\": {\"name\": \"b\"},"
    "   \"object\": {\"key\": \"t/p%3D1/a+b.json\", \"size\": 3}}},"
    " {\"eventName\": \"s3:ObjectRemoved:DeleteMarkerCreated\", \"s3\": {\"bucket\": {\"name\": \"b\"},"
    "   \"object\": {\"key\": \"t%2Fp%3D2%2Fx.json\"}}},"
    " {\"eventName\": \"s3:Replication:OperationCompletedReplication\", \"s3\": {}},"
    " {\"eventName\": \"s3:ObjectCreated:Copy\", \"s3\": {\"bucket\": {\"name\": \"c\"},"
    "   \"object\": {\"key\": \"%E2%82%AC%2B%25\"}}}]}";
  guint skipped = 0;
  g_autoptr (GPtrArray) events = parse (body, &skipped);

  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpuint (skipped, ==, 1);
  assert_event (events, 0, HMS_OBJECT_CREATED, "b", "t/p=1/a b.json");
  assert_event (events, 1, HMS_OBJECT_REMOVED, "b", "t/p=2/x.json");
  assert_event (events, 2, HMS_OBJECT_CREATED, "c", "€+%");
}

static void
test_summary_without_records (void)
{
  guint skipped = 0;
  g_autoptr (GPtrArray) events =
    parse ("{\"EventName\": \"s3:ObjectRemoved:Delete\", \"Key\": \"b/t/p=1/f 1.json\"}", &skipped);

  g_assert_cmpuint (events->len, ==, 1);
  assert_event (events, 0, HMS_OBJECT_REMOVED, "b", "t/p=1/f 1.json");
}

static void
test_refused (void)
{
  static const struct
  {
    const char *body;
    const char *message;
  } cases[] = {
    { "not json", "the body is not JSON" },
    { "[1, 2]", "the body is not a JSON object" },
    { "{}", "neither \"Records\" nor \"EventName\" and \"Key\"" },
    { "{\"Records\": {}}", "\"Records\" is not an array" },
    { "{\"Records\": [3]}", "Records[0] is not an object" },
    { "{\"Records\": [{\"s3\": {}}]}", "Records[0] has no eventName" },
    { "{\"Records\": [{\"eventName\": \"s3:ObjectCreated:Put\", \"s3\": {\"object\": {\"key\": \"k\"}}}]}",
      "Records[0] has no s3.bucket.name" },
    { "{\"Records\": [{\"eventName\": \"s3:ObjectCreated:Put\", \"s3\": {\"bucket\": {\"name\": \"b\"}}}]}",
      "Records[0] has no s3.object.key" },
    { "{\"Records\": [{\"eventName\": \"s3:ObjectCreated:Put\", \"s3\": {\"bucket\": {\"name\": \"b\"},"
      " \"object\": {\"key\": \"bad%zz\"}}}]}",
      "Records[0]: s3.object.key \"bad%zz\" is not URL-encoded UTF-8" },
    { "{\"Records\": [{\"eventName\": \"s3:ObjectCreated:Put\", \"s3\": {\"bucket\": {\"name\": \"b\"},"
      " \"object\": {\"key\": \"%FF%FE\"}}}]}",
      "is not URL-encoded UTF-8" },
    { "{\"EventName\": \"s3:ObjectCreated:Put\", \"Key\": \"nobucket\"}", "is not \"bucket/object key\"" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      GPtrArray *events = hms_webhook_parse_events (cases[i].body, strlen (cases[i].body), NULL, &error);

      g_assert_null (events);
      g_assert_error (error, HMS_ERROR, HMS_ERROR_INVALID_INPUT);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %" G_GSIZE_FORMAT ": \"%s\" does not contain \"%s\"", i, error->message,
                 cases[i].message);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/webhook/recorded-bodies", test_recorded_bodies);
  g_test_add_func ("/webhook/other-events-skipped", test_other_events_are_skipped);
  g_test_add_func ("/webhook/batches-and-aws-names", test_batches_and_aws_names);
  g_test_add_func ("/webhook/summary-without-records", test_summary_without_records);
  g_test_add_func ("/webhook/refused", test_refused);
  return g_test_run ();
}
