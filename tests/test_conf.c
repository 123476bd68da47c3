/*
 * test_conf.c
 *    Tests of the configuration (metastore/conf.c): Hive's XML files and
 *    their Hadoop semantics, overrides, typed lookups, the JDBC URL to libpq
 *    conninfo translation and the printed dump.
 *
 * Fixtures live in tests/conf-fixtures/ and are found with
 * g_test_build_filename (G_TEST_DIST, ...), i.e. under $G_TEST_SRCDIR.
 *
 * hms logs through the structured API (G_LOG_USE_STRUCTURED), which
 * g_test_expect_message cannot watch, so expected warnings are caught by a
 * log writer of our own; any other warning still aborts the test.
 */
#include <stdarg.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>

#include "conf.h"
#include "error.h"

/* Patterns (g_pattern_match_simple) of the warnings the running test
 * expects, in the order they must come. */
static GQueue expected_warnings = G_QUEUE_INIT;

static GLogWriterOutput
write_log_checking_warnings (GLogLevelFlags level, const GLogField *fields,
                             gsize field_count, gpointer user_data)
{
  if ((level & G_LOG_LEVEL_WARNING) && !g_queue_is_empty (&expected_warnings))
    {
      const char *pattern = g_queue_peek_head (&expected_warnings);

      for (gsize i = 0; i < field_count; i++)
        {
          if (strcmp (fields[i].key, "MESSAGE") == 0
              && fields[i].length < 0
              && g_pattern_match_simple (pattern, fields[i].value))
            {
              g_free (g_queue_pop_head (&expected_warnings));
              return G_LOG_WRITER_HANDLED;
            }
        }
    }
  /* In a test, the default writer makes warnings fatal. */
  return g_log_writer_default (level, fields, field_count, user_data);
}

static void
expect_warning (const char *pattern)
{
  g_queue_push_tail (&expected_warnings, g_strdup (pattern));
}

static void
assert_expected_warnings (void)
{
  if (!g_queue_is_empty (&expected_warnings))
    g_error ("expected warning \"%s\" was not logged",
             (const char *) g_queue_peek_head (&expected_warnings));
}

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "conf-fixtures", name, NULL);
}

static HmsConf *
conf_from_fixture (const char *name)
{
  g_autoptr(HmsConf) conf = hms_conf_new ();
  g_autofree char *path = fixture (name);
  g_autoptr(GError) error = NULL;

  g_assert_true (hms_conf_load_file (conf, path, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&conf);
}

/* Loads conf-fixtures/site, where metastore-site.xml tries to change two
 * final properties of hive-site.xml: each attempt warns. */
static void
load_site_dir (HmsConf *conf)
{
  g_autofree char *dir = fixture ("site");
  g_autoptr(GError) error = NULL;

  expect_warning ("*line 11*\"metastore.batch.retrieve.max\", declared "
                  "final in*hive-site.xml*");
  expect_warning ("*line 15*\"test.final.without.value\", declared final*");
  g_assert_true (hms_conf_load_dir (conf, dir, &error));
  g_assert_no_error (error);
  assert_expected_warnings ();
}

/* The whole of hms_conf_print's output. */
static char *
print_to_string (HmsConf *conf)
{
  FILE *out = tmpfile ();
  GString *text = g_string_new (NULL);
  char buffer[4096];
  size_t count;

  g_assert_nonnull (out);
  hms_conf_print (conf, out);
  rewind (out);
  while ((count = fread (buffer, 1, sizeof buffer, out)) > 0)
    g_string_append_len (text, buffer, count);
  fclose (out);
  return g_string_free (text, FALSE);
}

static void
test_defaults (void)
{
  g_autoptr(HmsConf) conf = hms_conf_new ();
  g_autoptr(GError) error = NULL;

  g_assert_null (hms_conf_get_string (conf, HMS_CONF_CONNECTION_URL));
  g_assert_false (hms_conf_is_set (conf, HMS_CONF_CONNECTION_URL));
  g_assert_cmpstr (hms_conf_get_string (conf, HMS_CONF_CONNECTION_USER_NAME),
                   ==, "APP");
  g_assert_cmpstr (hms_conf_get_string (conf, HMS_CONF_CONNECTION_PASSWORD),
                   ==, "mine");
  g_assert_cmpstr (hms_conf_get_string (conf, HMS_CONF_WAREHOUSE_DIR), ==,
                   "/user/hive/warehouse");
  g_assert_cmpstr (hms_conf_get_string (conf, HMS_CONF_CATALOG_DEFAULT), ==,
                   "hive");
  g_assert_cmpstr (hms_conf_get_string (conf, HMS_CONF_DEFAULT_PARTITION_NAME),
                   ==, "__HIVE_DEFAULT_PARTITION__");
  g_assert_cmpstr (hms_conf_get_string (conf, HMS_CONF_AUTHENTICATION), ==,
                   "NOSASL");
  g_assert_cmpint (hms_conf_get_int (conf, HMS_CONF_THRIFT_PORT, &error), ==,
                   9083);
  g_assert_cmpint (hms_conf_get_int (conf, HMS_CONF_SERVER_MAX_MESSAGE_SIZE,
                                     &error), ==, 104857600);
  g_assert_cmpint (hms_conf_get_int (conf, HMS_CONF_LIMIT_PARTITION_REQUEST,
                                     &error), ==, -1);
  g_assert_cmpint (hms_conf_get_int (conf, HMS_CONF_CONNECTION_POOL_MAX_SIZE,
                                     &error), ==, 10);
  g_assert_no_error (error);
  g_assert_true (hms_conf_get_bool (conf, HMS_CONF_SCHEMA_VERIFICATION));
  g_assert_false (hms_conf_get_bool (conf, HMS_CONF_USE_SSL));
  g_assert_false (hms_conf_get_bool (conf, HMS_CONF_S3A_PATH_STYLE_ACCESS));
  g_assert_true (hms_conf_get_bool (conf, HMS_CONF_S3A_CONNECTION_SSL_ENABLED));
  g_assert_cmpint (hms_conf_get_time_ms (conf, HMS_CONF_CLIENT_SOCKET_TIMEOUT,
                                         &error), ==, 600000);
  g_assert_cmpint (hms_conf_get_time_ms (conf,
                                         HMS_CONF_PARTITION_MANAGEMENT_TASK_FREQUENCY,
                                         &error), ==, 10000);
  g_assert_no_error (error);
  g_assert_cmpstr (hms_conf_var_name (HMS_CONF_THRIFT_PORT), ==,
                   "metastore.thrift.port");
}

/* Every entry of the table is filled in and printed. */
static void
test_every_variable_is_printed (void)
{
  g_autoptr(HmsConf) conf = hms_conf_new ();
  g_autofree char *printed = print_to_string (conf);

  for (int var = 0; var < HMS_CONF_N; var++)
    {
      g_autofree char *line_start = NULL;

      g_assert_nonnull (hms_conf_var_name (var));
      line_start = g_strdup_printf ("%s = ", hms_conf_var_name (var));
      g_assert_nonnull (strstr (printed, line_start));
    }
}

static void
test_files_in_order (void)
{
  g_autoptr(HmsConf) conf = hms_conf_new ();
  g_autoptr(GError) error = NULL;

  /* Only two of the four files exist: the others are skipped. */
  load_site_dir (conf);

  g_assert_cmpstr (hms_conf_get (conf, "test.overridden"), ==,
                   "from metastore-site");
  g_assert_cmpint (hms_conf_get_int (conf, HMS_CONF_SERVER_MAX_THREADS,
                                     &error), ==, 20);
  g_assert_no_error (error);
  g_assert_cmpstr (hms_conf_get_string (conf, HMS_CONF_WAREHOUSE_DIR), ==,
                   "/opt/hive/data/warehouse");
  g_assert_true (hms_conf_is_set (conf, HMS_CONF_WAREHOUSE_DIR));
  /* Names are trimmed, values are not; <value/> is an empty string. */
  g_assert_cmpstr (hms_conf_get (conf, "test.trimmed.name"), ==,
                   "  kept as written  ");
  g_assert_cmpstr (hms_conf_get (conf, "test.empty"), ==, "");
  g_assert_cmpstr (hms_conf_get (conf, "test.attribute.form"), ==,
                   "from attributes");
  g_assert_null (hms_conf_get (conf, "no.such.key"));
}

static void
test_final (void)
{
  g_autoptr(HmsConf) conf = hms_conf_new ();
  g_autoptr(GError) error = NULL;

  load_site_dir (conf);

  /* metastore-site.xml may not change what hive-site.xml made final... */
  g_assert_cmpint (hms_conf_get_int (conf, HMS_CONF_BATCH_RETRIEVE_MAX,
                                     &error), ==, 50);
  /* ...even when hive-site.xml gave it no value... */
  g_assert_null (hms_conf_get (conf, "test.final.without.value"));
  /* ...but -D may. */
  g_assert_true (hms_conf_set_override (conf,
                                        "metastore.batch.retrieve.max=70",
                                        &error));
  g_assert_cmpint (hms_conf_get_int (conf, HMS_CONF_BATCH_RETRIEVE_MAX,
                                     &error), ==, 70);
  g_assert_no_error (error);
}

static void
test_command_line_override (void)
{
  g_autoptr(HmsConf) conf = hms_conf_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (hms_conf_set_override (conf, "test.overridden=from -D",
                                        &error));
  /* Loading files after the override does not undo it. */
  load_site_dir (conf);
  g_assert_cmpstr (hms_conf_get (conf, "test.overridden"), ==, "from -D");

  /* Only the first '=' splits; the key is trimmed. */
  g_assert_true (hms_conf_set_override (conf, " a.key =b=c", &error));
  g_assert_cmpstr (hms_conf_get (conf, "a.key"), ==, "b=c");
  g_assert_true (hms_conf_set_override (conf, "metastore.thrift.port=9090",
                                        &error));
  g_assert_no_error (error);
  g_assert_cmpint (hms_conf_get_int (conf, HMS_CONF_THRIFT_PORT, &error), ==,
                   9090);

  g_assert_false (hms_conf_set_override (conf, "no-equals-sign", &error));
  g_assert_error (error, HMS_ERROR, HMS_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "no-equals-sign"));
  g_clear_error (&error);
  g_assert_false (hms_conf_set_override (conf, " =value", &error));
  g_assert_error (error, HMS_ERROR, HMS_ERROR_CONFIG);
  g_clear_error (&error);

  /* hms_conf_set: same rank as -D, NULL removes. */
  hms_conf_set (conf, "a.key", "set");
  g_assert_cmpstr (hms_conf_get (conf, "a.key"), ==, "set");
  hms_conf_set (conf, "a.key", NULL);
  g_assert_null (hms_conf_get (conf, "a.key"));
}

static void
test_service_opts (void)
{
  g_autoptr(HmsConf) conf = hms_conf_new ();
  g_autoptr(GError) error = NULL;
  const char *service_opts =
    "-Xmx1G -Djavax.jdo.option.ConnectionDriverName=org.postgresql.Driver "
    "-Djavax.jdo.option.ConnectionURL=jdbc:postgresql://postgres:5432/metastore_db "
    "-Djavax.jdo.option.ConnectionUserName=hive "
    "-Djavax.jdo.option.ConnectionPassword='it'\\''s \"quoted\"' "
    "\"-Dhive.metastore.warehouse.dir=/with space\" "
    "-XX:+UseG1GC -verbose:gc -Dbare.flag -D -cp /x:/y";

  g_assert_true (hms_conf_apply_service_opts (conf, service_opts, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hms_conf_get_string (conf, HMS_CONF_CONNECTION_URL), ==,
                   "jdbc:postgresql://postgres:5432/metastore_db");
  g_assert_cmpstr (hms_conf_get_string (conf, HMS_CONF_CONNECTION_USER_NAME),
                   ==, "hive");
  g_assert_cmpstr (hms_conf_get_string (conf, HMS_CONF_CONNECTION_PASSWORD),
                   ==, "it's \"quoted\"");
  g_assert_cmpstr (hms_conf_get_string (conf, HMS_CONF_WAREHOUSE_DIR), ==,
                   "/with space");
  g_assert_cmpstr (hms_conf_get (conf, "bare.flag"), ==, "");
  g_assert_null (hms_conf_get (conf, "-Xmx1G"));
  g_assert_null (hms_conf_get (conf, "XX:+UseG1GC"));

  /* -D wins over SERVICE_OPTS, whichever comes first. */
  g_assert_true (hms_conf_set_override (conf,
                                        "javax.jdo.option.ConnectionUserName=cli",
                                        &error));
  g_assert_true (hms_conf_apply_service_opts (
    conf, "-Djavax.jdo.option.ConnectionUserName=late", &error));
  g_assert_cmpstr (hms_conf_get_string (conf, HMS_CONF_CONNECTION_USER_NAME),
                   ==, "cli");

  g_assert_true (hms_conf_apply_service_opts (conf, "", &error));
  g_assert_true (hms_conf_apply_service_opts (conf, "   ", &error));
  g_assert_true (hms_conf_apply_service_opts (conf, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (hms_conf_apply_service_opts (conf, "-Da='unterminated",
                                               &error));
  g_assert_error (error, HMS_ERROR, HMS_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "SERVICE_OPTS"));
}

static void
test_substitution (void)
{
  g_autoptr(HmsConf) conf = NULL;
  g_autoptr(GError) error = NULL;
  const char *looped;

  g_setenv ("HMS_TEST_HOME", "/home/hms", TRUE);
  g_setenv ("HMS_TEST_EMPTY", "", TRUE);
  g_unsetenv ("HMS_TEST_UNSET");
  conf = conf_from_fixture ("substitution.xml");

  g_assert_cmpstr (hms_conf_get (conf, "warehouse"), ==, "/data/warehouse");
  g_assert_cmpstr (hms_conf_get (conf, "repeated"), ==, "/data:/data");
  g_assert_cmpstr (hms_conf_get (conf, "chained"), ==,
                   "/data/warehouse/managed");
  g_assert_cmpstr (hms_conf_get (conf, "nested"), ==, "/data/nested");
  g_assert_cmpstr (hms_conf_get (conf, "home"), ==, "/home/hms/conf");
  g_assert_cmpstr (hms_conf_get (conf, "env.unset.default"), ==, "fallback");
  g_assert_cmpstr (hms_conf_get (conf, "env.empty.colon.default"), ==,
                   "fallback");
  g_assert_cmpstr (hms_conf_get (conf, "env.empty.dash.default"), ==, "[]");
  g_assert_cmpstr (hms_conf_get (conf, "env.default.with.reference"), ==,
                   "/data");
  g_assert_cmpstr (hms_conf_get (conf, "unbound"), ==,
                   "${no.such.key}:/data");
  g_assert_cmpstr (hms_conf_get (conf, "not.a.reference"), ==,
                   "$HOME ${} ${with space} $base.dir");

  /* A value containing its own reference is left as written (Hadoop). */
  g_assert_cmpstr (hms_conf_get (conf, "self"), ==, "x${self}");
  /* A loop through two keys stops after 20 substitutions. */
  expect_warning ("*loop.*after 20 substitutions*");
  looped = hms_conf_get (conf, "loop.a");
  assert_expected_warnings ();
  g_assert_true (g_str_has_prefix (looped, "${loop."));

  /* Overrides take part in substitution, as Java system properties do. */
  g_assert_true (hms_conf_set_override (conf, "base.dir=/override", &error));
  g_assert_cmpstr (hms_conf_get (conf, "warehouse"), ==,
                   "/override/warehouse");
  /* Typed lookups see substituted values too. */
  hms_conf_set (conf, "metastore.warehouse.dir", "${base.dir}/w");
  g_assert_cmpstr (hms_conf_get_string (conf, HMS_CONF_WAREHOUSE_DIR), ==,
                   "/override/w");
  g_unsetenv ("HMS_TEST_HOME");
  g_unsetenv ("HMS_TEST_EMPTY");
}

static void
test_name_precedence (void)
{
  g_autoptr(HmsConf) conf = conf_from_fixture ("names.xml");
  g_autoptr(GError) error = NULL;
  g_autofree char *printed = NULL;

  /* Only hive.metastore.port is set: it is used. */
  g_assert_cmpint (hms_conf_get_int (conf, HMS_CONF_THRIFT_PORT, &error), ==,
                   9999);
  g_assert_true (hms_conf_is_set (conf, HMS_CONF_THRIFT_PORT));
  /* Both names are set: metastore.warehouse.dir wins. */
  g_assert_cmpstr (hms_conf_get_string (conf, HMS_CONF_WAREHOUSE_DIR), ==,
                   "/new/name");
  /* Even an override of the old name does not beat the new name. */
  g_assert_true (hms_conf_set_override (conf,
                                        "hive.metastore.warehouse.dir=/cli",
                                        &error));
  g_assert_cmpstr (hms_conf_get_string (conf, HMS_CONF_WAREHOUSE_DIR), ==,
                   "/new/name");
  g_assert_no_error (error);

  printed = print_to_string (conf);
  g_assert_nonnull (strstr (printed, "metastore.thrift.port = 9999  # "));
  g_assert_nonnull (strstr (printed, "names.xml, as hive.metastore.port\n"));
}

static void
test_time_parsing (void)
{
  static const struct
  {
    const char *text;
    gint64 milliseconds;
  } cases[] = {
    { "600s", 600000 },
    { "10ms", 10 },
    { "1d", 86400000 },
    { "30m", 1800000 },
    { "6h", 21600000 },
    { "5", 5000 },          /* bare: the variable's unit, seconds */
    { " 7s\n", 7000 },
    { "2hours", 7200000 },
    { "3 min", 180000 },
    { "10SEC", 10000 },
    { "1500us", 1 },
    { "0", 0 },
    { "-1", -1000 },
  };
  static const char *const garbage[] = {
    "10x", "abc", "s", "", "1.5s", "-5s", "99999999999999999999s",
    "9223372036854775807d",
  };
  g_autoptr(HmsConf) conf = hms_conf_new ();
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      hms_conf_set (conf, "metastore.client.socket.timeout", cases[i].text);
      g_assert_cmpint (hms_conf_get_time_ms (conf,
                                             HMS_CONF_CLIENT_SOCKET_TIMEOUT,
                                             &error), ==,
                       cases[i].milliseconds);
      g_assert_no_error (error);
    }

  /* Bare numbers of the partition management frequency are hours, as in
   * Hive, although hms's default is 10s. */
  hms_conf_set (conf, "metastore.partition.management.task.frequency", "2");
  g_assert_cmpint (hms_conf_get_time_ms (conf,
                                         HMS_CONF_PARTITION_MANAGEMENT_TASK_FREQUENCY,
                                         &error), ==, 7200000);

  for (gsize i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      hms_conf_set (conf, "metastore.client.socket.timeout", garbage[i]);
      g_assert_cmpint (hms_conf_get_time_ms (conf,
                                             HMS_CONF_CLIENT_SOCKET_TIMEOUT,
                                             &error), ==, 0);
      g_assert_error (error, HMS_ERROR, HMS_ERROR_CONFIG);
      g_assert_nonnull (strstr (error->message,
                                "metastore.client.socket.timeout"));
      g_clear_error (&error);
    }
}

static void
test_bad_int (void)
{
  g_autoptr(HmsConf) conf = hms_conf_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (hms_conf_set_override (conf, "hive.metastore.port=90x",
                                        &error));
  g_assert_cmpint (hms_conf_get_int (conf, HMS_CONF_THRIFT_PORT, &error), ==,
                   0);
  g_assert_error (error, HMS_ERROR, HMS_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "\"hive.metastore.port\""));
  g_assert_nonnull (strstr (error->message, "\"90x\""));
  g_assert_nonnull (strstr (error->message, "-D"));
  g_clear_error (&error);

  /* Typed lookups trim. */
  hms_conf_set (conf, "metastore.thrift.port", " 9084\n");
  g_assert_cmpint (hms_conf_get_int (conf, HMS_CONF_THRIFT_PORT, &error), ==,
                   9084);
  g_assert_no_error (error);
}

static void
test_bool (void)
{
  g_autoptr(HmsConf) conf = hms_conf_new ();

  hms_conf_set (conf, "metastore.use.SSL", "TRUE");
  g_assert_true (hms_conf_get_bool (conf, HMS_CONF_USE_SSL));
  hms_conf_set (conf, "metastore.use.SSL", " true\n");
  g_assert_true (hms_conf_get_bool (conf, HMS_CONF_USE_SSL));
  hms_conf_set (conf, "metastore.schema.verification", "False");
  g_assert_false (hms_conf_get_bool (conf, HMS_CONF_SCHEMA_VERIFICATION));

  hms_conf_set (conf, "metastore.schema.verification", "yes");
  expect_warning ("*metastore.schema.verification*yes*");
  g_assert_true (hms_conf_get_bool (conf, HMS_CONF_SCHEMA_VERIFICATION));
  assert_expected_warnings ();
}

static void
assert_load_fails (const char *name, const char *expected_line,
                   const char *expected_text)
{
  g_autoptr(HmsConf) conf = hms_conf_new ();
  g_autofree char *path = fixture (name);
  g_autoptr(GError) error = NULL;
  g_autofree char *quoted_path = g_strdup_printf ("\"%s\"", path);

  g_assert_false (hms_conf_load_file (conf, path, &error));
  g_assert_error (error, HMS_ERROR, HMS_ERROR_CONFIG);
  g_test_message ("%s: %s", name, error->message);
  g_assert_nonnull (strstr (error->message, quoted_path));
  g_assert_nonnull (strstr (error->message, expected_line));
  g_assert_nonnull (strstr (error->message, expected_text));
}

static void
test_malformed_files (void)
{
  g_autoptr(HmsConf) conf = hms_conf_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *empty_dir = NULL;

  assert_load_fails ("malformed.xml", ": line 5: ", "tag mismatch");
  assert_load_fails ("no-name.xml", ": line 4: ", "property has no <name>");
  assert_load_fails ("doctype.xml", ": line 2: ", "DOCTYPE");
  assert_load_fails ("wrong-root.xml", ": line 2: ", "<properties>");
  assert_load_fails ("does-not-exist.xml", "could not open configuration file",
                     "No such file");

  /* A directory without the files, or no directory at all, loads nothing. */
  empty_dir = g_dir_make_tmp ("hms-test-conf-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_true (hms_conf_load_dir (conf, empty_dir, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_rmdir (empty_dir), ==, 0);
  g_assert_true (hms_conf_load_dir (conf, "/nonexistent/hms/conf", &error));
  g_assert_no_error (error);
}

static void
test_default_dir (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("HIVE_CONF_DIR"));
  g_autofree char *from_environment = NULL;
  g_autofree char *fallback = NULL;

  g_setenv ("HIVE_CONF_DIR", "/etc/hive", TRUE);
  from_environment = hms_conf_default_dir ();
  g_unsetenv ("HIVE_CONF_DIR");
  fallback = hms_conf_default_dir ();
  if (saved != NULL)
    g_setenv ("HIVE_CONF_DIR", saved, TRUE);

  g_assert_cmpstr (from_environment, ==, "/etc/hive");
  g_assert_cmpstr (fallback, ==, "/opt/hive/conf");
}

/* Parses CONNINFO with libpq and checks it holds exactly the given
 * keyword/value pairs (NULL-terminated) among those set. */
static void
assert_conninfo (const char *conninfo, ...)
{
  g_autoptr(GHashTable) expected = g_hash_table_new (g_str_hash, g_str_equal);
  char *parse_error = NULL;
  PQconninfoOption *options;
  const char *keyword;
  va_list arguments;
  guint set_count = 0;

  va_start (arguments, conninfo);
  while ((keyword = va_arg (arguments, const char *)) != NULL)
    g_hash_table_insert (expected, (gpointer) keyword,
                         va_arg (arguments, char *));
  va_end (arguments);

  g_test_message ("conninfo: %s", conninfo);
  options = PQconninfoParse (conninfo, &parse_error);
  if (options == NULL)
    g_error ("libpq rejects \"%s\": %s", conninfo, parse_error);
  for (PQconninfoOption *option = options; option->keyword != NULL; option++)
    {
      if (option->val == NULL)
        continue;
      set_count++;
      g_assert_cmpstr (option->val, ==,
                       g_hash_table_lookup (expected, option->keyword));
    }
  PQconninfoFree (options);
  g_assert_cmpuint (set_count, ==, g_hash_table_size (expected));
}

static void
test_jdbc_conversion (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *simple = NULL;
  g_autofree char *with_port = NULL;
  g_autofree char *hosts = NULL;
  g_autofree char *ssl = NULL;
  g_autofree char *schema = NULL;
  g_autofree char *password = NULL;
  g_autofree char *bare = NULL;
  g_autofree char *url_user = NULL;
  g_autofree char *ipv6 = NULL;
  g_autofree char *ignored = NULL;

  simple = hms_conf_jdbc_to_conninfo ("jdbc:postgresql://db/metastore",
                                      NULL, NULL, &error);
  g_assert_no_error (error);
  assert_conninfo (simple, "host", "db", "port", "5432",
                   "dbname", "metastore", NULL);

  with_port = hms_conf_jdbc_to_conninfo (
    " jdbc:postgresql://postgres:6543/metastore_db\n", "hive", "pw", &error);
  g_assert_no_error (error);
  assert_conninfo (with_port, "host", "postgres", "port", "6543",
                   "dbname", "metastore_db", "user", "hive",
                   "password", "pw", NULL);

  hosts = hms_conf_jdbc_to_conninfo (
    "jdbc:postgresql://pg1:5433,pg2,pg3:5434/hms?targetServerType=primary",
    NULL, NULL, &error);
  g_assert_no_error (error);
  assert_conninfo (hosts, "host", "pg1,pg2,pg3", "port", "5433,5432,5434",
                   "dbname", "hms", "target_session_attrs", "read-write",
                   NULL);

  ssl = hms_conf_jdbc_to_conninfo (
    "jdbc:postgresql://db/hms?sslmode=verify-ca&sslrootcert=/etc/ca.pem"
    "&sslcert=/c.pem&sslkey=/k.pem&connectTimeout=5"
    "&ApplicationName=hms%20server&tcpKeepAlive=true",
    NULL, NULL, &error);
  g_assert_no_error (error);
  assert_conninfo (ssl, "host", "db", "port", "5432", "dbname", "hms",
                   "sslmode", "verify-ca", "sslrootcert", "/etc/ca.pem",
                   "sslcert", "/c.pem", "sslkey", "/k.pem",
                   "connect_timeout", "5", "application_name", "hms server",
                   "keepalives", "1", NULL);

  schema = hms_conf_jdbc_to_conninfo (
    "jdbc:postgresql://db/hms?currentSchema=hive,public&ssl=true"
    "&targetServerType=any",
    NULL, NULL, &error);
  g_assert_no_error (error);
  assert_conninfo (schema, "host", "db", "port", "5432", "dbname", "hms",
                   "options", "-c search_path=hive,public",
                   "sslmode", "verify-full", "target_session_attrs", "any",
                   NULL);

  /* Spaces, quotes and backslashes survive libpq's quoting. */
  password = hms_conf_jdbc_to_conninfo ("jdbc:postgresql://db/hms",
                                        "o'brien", "p a'ss\"wo\\rd ",
                                        &error);
  g_assert_no_error (error);
  assert_conninfo (password, "host", "db", "port", "5432", "dbname", "hms",
                   "user", "o'brien", "password", "p a'ss\"wo\\rd ", NULL);

  /* jdbc:postgresql:database connects to localhost. */
  bare = hms_conf_jdbc_to_conninfo ("jdbc:postgresql:metastore", NULL, NULL,
                                    &error);
  g_assert_no_error (error);
  assert_conninfo (bare, "host", "localhost", "port", "5432",
                   "dbname", "metastore", NULL);

  /* user= and password= in the URL win, as in pgjdbc. */
  url_user = hms_conf_jdbc_to_conninfo (
    "jdbc:postgresql://db/?user=fromurl&password=a%26b+c", "hive", "pw",
    &error);
  g_assert_no_error (error);
  assert_conninfo (url_user, "host", "db", "port", "5432", "user", "fromurl",
                   "password", "a&b c", NULL);

  ipv6 = hms_conf_jdbc_to_conninfo ("jdbc:postgresql://[::1]:5433,[fe80::2]/x",
                                    NULL, NULL, &error);
  g_assert_no_error (error);
  assert_conninfo (ipv6, "host", "::1,fe80::2", "port", "5433,5432",
                   "dbname", "x", NULL);

  /* pgjdbc-only parameters are dropped. */
  ignored = hms_conf_jdbc_to_conninfo (
    "jdbc:postgresql://db/hms?prepareThreshold=0&reWriteBatchedInserts=true"
    "&socketTimeout=30&currentSchema=my%20schema",
    NULL, NULL, &error);
  g_assert_no_error (error);
  assert_conninfo (ignored, "host", "db", "port", "5432", "dbname", "hms",
                   "options", "-c search_path=my\\ schema", NULL);
}

static void
test_jdbc_errors (void)
{
  g_autoptr(HmsConf) conf = hms_conf_new ();
  g_autoptr(GError) error = NULL;
  char *conninfo;

  conninfo = hms_conf_jdbc_to_conninfo (
    "jdbc:mysql://root:topsecret@db:3306/hive?password=hunter2&useSSL=false",
    NULL, NULL, &error);
  g_assert_null (conninfo);
  g_assert_error (error, HMS_ERROR, HMS_ERROR_CONFIG);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "jdbc:mysql://root:********@db"));
  g_assert_nonnull (strstr (error->message, "password=********&useSSL"));
  g_assert_null (strstr (error->message, "topsecret"));
  g_assert_null (strstr (error->message, "hunter2"));
  g_assert_nonnull (strstr (error->message, "PostgreSQL"));
  g_clear_error (&error);

  conninfo = hms_conf_jdbc_to_conninfo ("jdbc:postgresql://db:99999/hms",
                                        NULL, NULL, &error);
  g_assert_null (conninfo);
  g_assert_error (error, HMS_ERROR, HMS_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "\"99999\""));
  g_clear_error (&error);

  conninfo = hms_conf_jdbc_to_conninfo (
    "jdbc:postgresql://db/hms?targetServerType=leader", NULL, NULL, &error);
  g_assert_null (conninfo);
  g_assert_error (error, HMS_ERROR, HMS_ERROR_CONFIG);
  g_clear_error (&error);

  /* Through the configuration: URL unset, then a foreign driver. */
  conninfo = hms_conf_database_conninfo (conf, &error);
  g_assert_null (conninfo);
  g_assert_error (error, HMS_ERROR, HMS_ERROR_CONFIG);
  g_clear_error (&error);

  hms_conf_set (conf, "javax.jdo.option.ConnectionURL",
                "jdbc:postgresql://db/hms");
  hms_conf_set (conf, "javax.jdo.option.ConnectionDriverName",
                "com.mysql.cj.jdbc.Driver");
  conninfo = hms_conf_database_conninfo (conf, &error);
  g_assert_null (conninfo);
  g_assert_error (error, HMS_ERROR, HMS_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "com.mysql.cj.jdbc.Driver"));
  g_assert_nonnull (strstr (error->message, "PostgreSQL"));
  g_clear_error (&error);

  hms_conf_set (conf, "javax.jdo.option.ConnectionDriverName",
                "org.postgresql.Driver");
  hms_conf_set (conf, "javax.jdo.option.ConnectionUserName", "hive");
  hms_conf_set (conf, "javax.jdo.option.ConnectionPassword", "secret pw");
  conninfo = hms_conf_database_conninfo (conf, &error);
  g_assert_no_error (error);
  assert_conninfo (conninfo, "host", "db", "port", "5432", "dbname", "hms",
                   "user", "hive", "password", "secret pw", NULL);
  g_free (conninfo);
}

static void
test_print (void)
{
  g_autoptr(HmsConf) conf = hms_conf_new ();
  g_autofree char *hive_site = fixture ("site/hive-site.xml");
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *printed = NULL;

  load_site_dir (conf);
  g_assert_true (hms_conf_set_override (
    conf, "javax.jdo.option.ConnectionPassword=hunter2", &error));
  g_assert_true (hms_conf_apply_service_opts (
    conf, "-Dfs.s3a.secret.key=s3cr3t -Dfs.s3a.access.key=AKIAEXAMPLE "
    "-Dcustom.Password=pw", &error));
  hms_conf_set (conf, "custom.key", "v");
  hms_conf_set (conf, "custom.multi.line", "a\nb");
  g_assert_no_error (error);

  printed = print_to_string (conf);
  g_test_message ("%s", printed);
  g_assert_null (strstr (printed, "hunter2"));
  g_assert_null (strstr (printed, "s3cr3t"));
  g_assert_null (strstr (printed, "AKIAEXAMPLE"));
  g_assert_nonnull (strstr (printed,
                            "javax.jdo.option.ConnectionPassword = ********  # -D\n"));
  g_assert_nonnull (strstr (printed,
                            "fs.s3a.secret.key = ********  # SERVICE_OPTS\n"));
  g_assert_nonnull (strstr (printed,
                            "fs.s3a.access.key = ********  # SERVICE_OPTS\n"));
  g_assert_nonnull (strstr (printed,
                            "custom.Password = ********  # SERVICE_OPTS\n"));
  g_assert_nonnull (strstr (printed, "metastore.thrift.port = 9083  # default\n"));
  g_assert_nonnull (strstr (printed,
                            "javax.jdo.option.ConnectionURL = <unset>  # default\n"));
  g_assert_nonnull (strstr (printed, "custom.key = v  # set by hms\n"));
  g_assert_nonnull (strstr (printed,
                            "custom.multi.line = a\\nb  # set by hms\n"));
  g_assert_nonnull (strstr (printed, "fs.s3a.endpoint = <unset>  # default\n"));
  expected = g_strdup_printf ("metastore.warehouse.dir = /opt/hive/data/warehouse"
                              "  # %s, as hive.metastore.warehouse.dir\n",
                              hive_site);
  g_assert_nonnull (strstr (printed, expected));
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("\nhive.server2.enable.doAs = false  # %s\n",
                              hive_site);
  g_assert_nonnull (strstr (printed, expected));
  /* Known variables come first, in table order, then the others sorted. */
  g_assert_true (g_str_has_prefix (printed, "javax.jdo.option.ConnectionURL = "));
  g_assert_true (strstr (printed, "custom.Password") < strstr (printed,
                                                                "custom.key"));
  g_assert_true (strstr (printed, "fs.s3a.connection.ssl.enabled")
                 < strstr (printed, "custom.Password"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (write_log_checking_warnings, NULL, NULL);

  g_test_add_func ("/conf/defaults", test_defaults);
  g_test_add_func ("/conf/every-variable-is-printed",
                   test_every_variable_is_printed);
  g_test_add_func ("/conf/files-in-order", test_files_in_order);
  g_test_add_func ("/conf/final", test_final);
  g_test_add_func ("/conf/command-line-override", test_command_line_override);
  g_test_add_func ("/conf/service-opts", test_service_opts);
  g_test_add_func ("/conf/substitution", test_substitution);
  g_test_add_func ("/conf/name-precedence", test_name_precedence);
  g_test_add_func ("/conf/time-parsing", test_time_parsing);
  g_test_add_func ("/conf/bad-int", test_bad_int);
  g_test_add_func ("/conf/bool", test_bool);
  g_test_add_func ("/conf/malformed-files", test_malformed_files);
  g_test_add_func ("/conf/default-dir", test_default_dir);
  g_test_add_func ("/conf/jdbc-conversion", test_jdbc_conversion);
  g_test_add_func ("/conf/jdbc-errors", test_jdbc_errors);
  g_test_add_func ("/conf/print", test_print);

  return g_test_run ();
}
