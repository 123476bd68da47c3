/*
 * schema.c
 *    Reading, checking, creating and upgrading the metastore schema (see
 *    schema.h).
 *
 * The SQL scripts are Hive's, bundled as the GResource /hms/schema (see
 * schema/hms-schema.gresource.xml).  A script runs as one simple-protocol
 * query string (PQexec) inside an explicit transaction: PostgreSQL parses
 * it, so dollar quoting, comments and the scripts' own SET commands need no
 * client-side parser, and a failing statement aborts the whole transaction.
 * Statements are split here only to count and echo them for -verbose.
 *
 * Tables are named without a schema, so they resolve through the
 * connection's search_path exactly as the store layer's queries do: a schema
 * that hms can read is also one it will never initialise over.
 */

#include "schema.h"
#include "store.h"
#include "db.h"
#include "error.h"
#include "hms-schema-resources.h"

#include <stdarg.h>
#include <string.h>

#define RESOURCE_PREFIX "/hms/schema/"
#define UPGRADE_ORDER_FILE "upgrade.order.postgres"
#define MODEL_CLASS_PREFIX "org.apache.hadoop.hive.metastore.model."
#define UPGRADE_HINT "Run \"hms schematool -dbType postgres -upgradeSchema\" to upgrade it."

/* Nested psql includes deeper than this are taken for a loop. */
#define MAX_INCLUDE_DEPTH 8

/* Hive's EQUIVALENT_VERSIONS: releases that kept an earlier release's schema. */
static const char *const equivalent_versions[][2] = {
  { "0.13.1", "0.13.0" },
  { "1.0.0", "0.14.0" },
  { "1.0.1", "1.0.0" },
  { "1.1.1", "1.1.0" },
  { "1.2.1", "1.2.0" },
  { "4.0.1", "4.0.0" },
};

/* Tables whose presence means a Hive schema is there, whole or in part. */
static const char *const hive_tables[] = {
  "VERSION", "DBS", "TBLS", "SDS", "CTLGS", "SEQUENCE_TABLE", "PARTITIONS",
  "BUCKETING_COLS",   /* the first table upstream's hive-schema-*.sql creates */
};

typedef enum
{
  SCHEMA_ABSENT,    /* no Hive table at all */
  SCHEMA_PRESENT,   /* a readable version */
  SCHEMA_BROKEN,    /* Hive tables without a readable version */
} SchemaState;

/*
 * Sets an error in PostgreSQL's style: a primary message, then the detail
 * and the hint (full sentences, either may be NULL) after a colon.
 */
static void G_GNUC_PRINTF (5, 6)
set_error (GError **error, HmsErrorCode code, const char *detail,
           const char *hint, const char *format, ...)
{
  g_autofree char *primary = NULL;
  g_autoptr (GString) message = NULL;
  va_list arguments;

  va_start (arguments, format);
  primary = g_strdup_vprintf (format, arguments);
  va_end (arguments);

  message = g_string_new (primary);
  if (detail != NULL || hint != NULL)
    g_string_append_c (message, ':');
  if (detail != NULL)
    g_string_append_printf (message, " %s", detail);
  if (hint != NULL)
    g_string_append_printf (message, " %s", hint);
  g_set_error_literal (error, HMS_ERROR, code, message->str);
}

/* Turns an array of strings (freeing them on its own) into a GStrv. */
static GStrv
take_strv (GPtrArray *strings)
{
  g_ptr_array_set_free_func (strings, NULL);
  g_ptr_array_add (strings, NULL);
  return (GStrv) g_ptr_array_free (strings, FALSE);
}

/* Hands a line to the caller's print function, or to the log. */
static void
emit (HmsSchemaPrintFunc print, gpointer user_data, HmsSchemaOutput kind,
      const char *format, ...) G_GNUC_PRINTF (4, 5);

static void
emit (HmsSchemaPrintFunc print, gpointer user_data, HmsSchemaOutput kind,
      const char *format, ...)
{
  g_autofree char *line = NULL;
  va_list arguments;

  va_start (arguments, format);
  line = g_strdup_vprintf (format, arguments);
  va_end (arguments);

  if (print != NULL)
    print (kind, line, user_data);
  else if (kind == HMS_SCHEMA_OUTPUT_PROGRESS)
    g_message ("%s", line);
  else
    g_debug ("%s", line);
}

/* The bundled file `name`, or NULL when hms has none of that name. */
static GBytes *
lookup_resource (const char *name)
{
  g_autofree char *path = NULL;

  if (name == NULL || name[0] == '\0' || strchr (name, '/') != NULL)
    return NULL;
  path = g_strconcat (RESOURCE_PREFIX, name, NULL);
  return g_resource_lookup_data (hms_schema_get_resource (), path,
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
}

/* The file name of a psql "\i FILE" line, or NULL for any other line. */
static char *
include_target (const char *line)
{
  const char *cursor = line;
  g_autofree char *target = NULL;

  while (g_ascii_isspace (*cursor))
    cursor++;
  if (cursor[0] != '\\' || cursor[1] != 'i' || !g_ascii_isspace (cursor[2]))
    return NULL;
  target = g_strstrip (g_strdup (cursor + 3));
  /* Hive's scripts write "\i NAME;" and sometimes quote the name. */
  while (g_str_has_suffix (target, ";"))
    target[strlen (target) - 1] = '\0';
  g_strstrip (target);
  if (target[0] == '\'' && g_str_has_suffix (target + 1, "'"))
    {
      target[strlen (target) - 1] = '\0';
      return g_strdup (target + 1);
    }
  return g_steal_pointer (&target);
}

static char *load_script_at_depth (const char *name, guint depth, GError **error);

/* Replaces each "\i FILE" line of text by that bundled script's text. */
static char *
expand_includes (const char *name, const char *text, guint depth, GError **error)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr (GString) expanded = g_string_sized_new (strlen (text));

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *target = include_target (lines[i]);

      if (target == NULL)
        {
          g_string_append (expanded, lines[i]);
        }
      else
        {
          g_autofree char *included = NULL;

          if (depth >= MAX_INCLUDE_DEPTH)
            {
              set_error (error, HMS_ERROR_INVALID_INPUT,
                         "Scripts include each other more than 8 levels deep.", NULL,
                         "could not expand \"\\i %s\" in schema script \"%s\"",
                         target, name);
              return NULL;
            }
          included = load_script_at_depth (target, depth + 1, error);
          if (included == NULL)
            {
              g_prefix_error (error, "in schema script \"%s\": ", name);
              return NULL;
            }
          g_string_append (expanded, included);
        }
      if (lines[i + 1] != NULL)
        g_string_append_c (expanded, '\n');
    }
  return g_string_free (g_steal_pointer (&expanded), FALSE);
}

static char *
load_script_at_depth (const char *name, guint depth, GError **error)
{
  g_autoptr (GBytes) bytes = lookup_resource (name);
  gsize size = 0;
  const char *data = NULL;

  if (bytes == NULL)
    {
      set_error (error, HMS_ERROR_INVALID_INPUT, NULL, NULL,
                 "schema script \"%s\" is not bundled in hms", name);
      return NULL;
    }
  data = g_bytes_get_data (bytes, &size);
  if (!g_utf8_validate_len (data, size, NULL))
    {
      set_error (error, HMS_ERROR_INVALID_INPUT, NULL, NULL,
                 "schema script \"%s\" is not valid UTF-8", name);
      return NULL;
    }
  {
    g_autofree char *text = g_strndup (data, size);

    return expand_includes (name, text, depth, error);
  }
}

char *
hms_schema_load_script (const char *name, GError **error)
{
  g_return_val_if_fail (name != NULL, NULL);

  return load_script_at_depth (name, 0, error);
}

/* Length of the dollar-quote tag ("$$", "$body$") starting at text, or 0. */
static gsize
dollar_tag_length (const char *text)
{
  gsize length = 1;

  if (text[0] != '$')
    return 0;
  if (g_ascii_isdigit (text[1]))
    return 0;   /* $1: a parameter, not a quote */
  while (g_ascii_isalnum (text[length]) || text[length] == '_')
    length++;
  return text[length] == '$' ? length + 1 : 0;
}

/* One statement of a script, as echoed for -verbose and named in errors. */
typedef struct
{
  char  *text;
  guint  line;    /* 1-based line of the script where it starts */
} Statement;

static void
statement_clear (gpointer data)
{
  g_free (((Statement *) data)->text);
}

/*
 * Splits script text into its statements, for echoing and for naming the
 * one that failed: aware of comments (dropped), quoted strings (with the
 * backslash escapes that standard_conforming_strings = off allows), quoted
 * identifiers and dollar quoting.  PostgreSQL itself parses the script; a
 * miscount here only misnames a statement.
 */
static GArray *
split_statements (const char *text)
{
  GArray *statements = g_array_new (FALSE, FALSE, sizeof (Statement));
  g_autoptr (GString) current = g_string_new (NULL);
  const char *cursor = text;
  guint line = 1;
  guint start_line = 0;   /* 0: no code in current yet */

  g_array_set_clear_func (statements, statement_clear);

/* Copies `length` bytes at cursor into current, counting lines. */
#define TAKE(length)                                              \
  G_STMT_START {                                                  \
    for (gsize taken = 0; taken < (gsize) (length); taken++)      \
      {                                                           \
        if (cursor[0] == '\n')                                    \
          line++;                                                 \
        g_string_append_c (current, *cursor++);                   \
      }                                                           \
  } G_STMT_END

  while (*cursor != '\0')
    {
      gsize tag = 0;

      if (cursor[0] == '-' && cursor[1] == '-')
        {
          while (*cursor != '\0' && *cursor != '\n')
            cursor++;
        }
      else if (cursor[0] == '/' && cursor[1] == '*')
        {
          guint nesting = 0;

          do
            {
              if (cursor[0] == '/' && cursor[1] == '*')
                {
                  nesting++;
                  cursor += 2;
                }
              else if (cursor[0] == '*' && cursor[1] == '/')
                {
                  nesting--;
                  cursor += 2;
                }
              else
                {
                  if (*cursor == '\n')
                    line++;
                  cursor++;
                }
            }
          while (*cursor != '\0' && nesting > 0);
        }
      else if (*cursor == '\'' || *cursor == '"')
        {
          char quote = *cursor;

          if (start_line == 0)
            start_line = line;
          TAKE (1);
          while (*cursor != '\0')
            {
              if ((quote == '\'' && cursor[0] == '\\' && cursor[1] != '\0')
                  || (cursor[0] == quote && cursor[1] == quote))
                TAKE (2);
              else if (cursor[0] == quote)
                {
                  TAKE (1);
                  break;
                }
              else
                TAKE (1);
            }
        }
      else if ((tag = dollar_tag_length (cursor)) > 0)
        {
          g_autofree char *delimiter = g_strndup (cursor, tag);
          const char *end = strstr (cursor + tag, delimiter);

          if (start_line == 0)
            start_line = line;
          TAKE (end != NULL ? (gsize) (end - cursor) + tag : strlen (cursor));
        }
      else if (*cursor == ';')
        {
          if (start_line != 0)
            {
              Statement statement = { g_strstrip (g_strdup (current->str)), start_line };

              g_array_append_val (statements, statement);
            }
          g_string_truncate (current, 0);
          start_line = 0;
          cursor++;
        }
      else
        {
          if (start_line == 0 && !g_ascii_isspace (*cursor))
            start_line = line;
          TAKE (1);
        }
    }
  if (start_line != 0)
    {
      Statement statement = { g_strstrip (g_strdup (current->str)), start_line };

      g_array_append_val (statements, statement);
    }
#undef TAKE
  return statements;
}

/*
 * Server messages while a script runs: NOTICEs ("table does not exist,
 * skipping") are debug lines, WARNINGs (a GRANT the role may not give) are
 * worth a warning.
 */
static void
log_script_message (void *unused, const PGresult *message)
{
  const char *severity = PQresultErrorField (message, PG_DIAG_SEVERITY_NONLOCALIZED);
  const char *primary = PQresultErrorField (message, PG_DIAG_MESSAGE_PRIMARY);

  if (primary == NULL)
    return;
  if (g_strcmp0 (severity, "WARNING") == 0)
    g_warning ("schema script: %s", primary);
  else
    g_debug ("schema script: %s", primary);
}

/* The 1-based line of text holding the 1-based character `position`. */
static guint
line_of_position (const char *text, glong position)
{
  guint line = 1;
  glong index = 1;

  for (const char *cursor = text; *cursor != '\0' && index < position;
       cursor = g_utf8_next_char (cursor), index++)
    if (*cursor == '\n')
      line++;
  return line;
}

/* The first line of a statement, shortened, to name it in an error. */
static char *
statement_summary (const Statement *statement)
{
  const char *newline = strchr (statement->text, '\n');
  gsize length = newline != NULL ? (gsize) (newline - statement->text) : strlen (statement->text);
  g_autofree char *first = g_strndup (statement->text, MIN (length, 120));

  return g_strdup_printf ("%s%s", g_strchomp (first), length > 120 || newline != NULL ? " ..." : "");
}

/*
 * Runs a whole script on conn, inside the caller's transaction, as one
 * simple-protocol query: the server runs its statements in order, sends one
 * result each and stops at the first error.  Counting the results names the
 * statement that failed.  On failure the caller's transaction is aborted and
 * must be rolled back.
 */
static gboolean
run_script (PGconn *conn, const char *name, const char *text,
            HmsSchemaPrintFunc print, gpointer user_data, GError **error)
{
  g_autoptr (GArray) statements = split_statements (text);
  PQnoticeReceiver previous = NULL;
  PGresult *failure = NULL;
  PGresult *result = NULL;
  guint succeeded = 0;

  emit (print, user_data, HMS_SCHEMA_OUTPUT_VERBOSE, "Running %u statements of %s",
        statements->len, name);
  for (guint i = 0; i < statements->len; i++)
    emit (print, user_data, HMS_SCHEMA_OUTPUT_VERBOSE, "%s;",
          g_array_index (statements, Statement, i).text);

  /* The previous receiver's argument cannot be read back; libpq's default has none. */
  previous = PQsetNoticeReceiver (conn, log_script_message, NULL);
  if (!PQsendQuery (conn, text))
    {
      g_autofree char *reason = g_strchomp (g_strdup (PQerrorMessage (conn)));

      PQsetNoticeReceiver (conn, previous, NULL);
      set_error (error, HMS_ERROR_DATABASE, NULL, NULL,
                 "could not send schema script %s: %s", name, reason);
      return FALSE;
    }
  while ((result = PQgetResult (conn)) != NULL)
    {
      ExecStatusType status = PQresultStatus (result);

      if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        succeeded++;
      if (failure == NULL && status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK
          && status != PGRES_EMPTY_QUERY)
        failure = g_steal_pointer (&result);
      PQclear (result);
    }
  PQsetNoticeReceiver (conn, previous, NULL);
  if (failure == NULL)
    {
      if (succeeded != statements->len)
        g_debug ("%s: the server ran %u statements, hms counted %u", name, succeeded,
                 statements->len);
      return TRUE;
    }

  {
    const char *primary = PQresultErrorField (failure, PG_DIAG_MESSAGE_PRIMARY);
    const char *sqlstate = PQresultErrorField (failure, PG_DIAG_SQLSTATE);
    const char *position = PQresultErrorField (failure, PG_DIAG_STATEMENT_POSITION);
    g_autofree char *reason = g_strchomp (g_strdup (primary != NULL ? primary
                                                    : PQerrorMessage (conn)));
    g_autofree char *where = NULL;

    if (position != NULL)
      where = g_strdup_printf (" at line %u",
                               line_of_position (text, g_ascii_strtoll (position, NULL, 10)));
    else if (succeeded < statements->len)
      {
        const Statement *statement = &g_array_index (statements, Statement, succeeded);
        g_autofree char *summary = statement_summary (statement);

        where = g_strdup_printf (" at line %u (%s)", statement->line, summary);
      }
    set_error (error, HMS_ERROR_DATABASE,
               "The transaction was rolled back: nothing was changed.", NULL,
               "schema script %s failed%s: %s (SQLSTATE %s)", name,
               where != NULL ? where : "", reason, sqlstate != NULL ? sqlstate : "none");
    PQclear (failure);
    return FALSE;
  }
}

/* Takes the schema lock for the rest of conn's current transaction. */
static gboolean
take_schema_lock (PGconn *conn, GError **error)
{
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, HMS_SCHEMA_LOCK_KEY);
  const char *values[] = { key };
  g_autoptr (PGresult) result = hms_db_exec (conn, "SELECT pg_advisory_xact_lock($1::bigint)",
                                             1, values, error);

  return result != NULL;
}

/* After a script's SET commands were committed, back to the session defaults. */
static void
reset_session (PGconn *conn)
{
  g_autoptr (GError) local = NULL;

  if (!hms_db_run (conn, "RESET ALL", &local))
    g_warning ("could not reset session settings after a schema script: %s", local->message);
}

/*
 * Sets *exists to whether any of the tables is visible through the search
 * path.  It reads pg_class with the statement's snapshot rather than
 * to_regclass, whose cached "no such relation" could outlive another
 * process's commit while this one waited for the schema lock.
 */
static gboolean
any_table_exists (PGconn *conn, const char *const *tables, guint count, gboolean *exists,
                  GError **error)
{
  g_autoptr (GString) array = g_string_new ("{");
  g_autoptr (PGresult) result = NULL;
  const char *values[1];

  for (guint i = 0; i < count; i++)
    g_string_append_printf (array, "%s\"%s\"", i > 0 ? "," : "", tables[i]);
  g_string_append_c (array, '}');
  values[0] = array->str;
  result = hms_db_exec (conn,
                        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c"
                        " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                        " WHERE c.relname = ANY ($1::text[])"
                        " AND n.nspname = ANY (current_schemas(false))"
                        " AND c.relkind IN ('r', 'p'))",
                        1, values, error);
  if (result == NULL)
    return FALSE;
  *exists = strcmp (PQgetvalue (result, 0, 0), "t") == 0;
  return TRUE;
}

char *
hms_schema_read_version (PGconn *conn, GError **error)
{
  static const char *const version_table[] = { "VERSION" };
  g_autoptr (PGresult) rows = NULL;
  gboolean exists = FALSE;

  g_return_val_if_fail (conn != NULL, NULL);

  if (!any_table_exists (conn, version_table, G_N_ELEMENTS (version_table), &exists, error))
    return NULL;
  if (!exists)
    {
      set_error (error, HMS_ERROR_NO_SUCH_OBJECT,
                 "The database has no \"VERSION\" table.",
                 "Create the schema with \"hms schematool -dbType postgres -initSchema\".",
                 "could not find metastore VERSION table");
      return NULL;
    }
  rows = hms_db_exec (conn, "SELECT \"SCHEMA_VERSION\" FROM \"VERSION\"", 0, NULL, error);
  if (rows == NULL)
    {
      g_prefix_error (error, "failed to get schema version: ");
      return NULL;
    }
  if (PQntuples (rows) == 0)
    {
      set_error (error, HMS_ERROR_INVALID_OBJECT,
                 "The \"VERSION\" table is empty.", NULL,
                 "could not find version info in metastore VERSION table");
      return NULL;
    }
  if (PQntuples (rows) > 1)
    {
      g_autofree char *detail = g_strdup_printf ("The \"VERSION\" table has %d rows.",
                                                 PQntuples (rows));

      set_error (error, HMS_ERROR_INVALID_OBJECT, detail, NULL,
                 "multiple versions were found in metastore");
      return NULL;
    }
  return g_strdup (PQgetvalue (rows, 0, 0));
}

gboolean
hms_schema_exists (PGconn *conn, gboolean *exists, GError **error)
{
  g_return_val_if_fail (conn != NULL && exists != NULL, FALSE);

  return any_table_exists (conn, hive_tables, G_N_ELEMENTS (hive_tables), exists, error);
}

/*
 * Tells absent, present (with *version set) and broken (with *reason set)
 * apart.  FALSE with an error only when the database cannot be asked.
 */
static gboolean
inspect_schema (PGconn *conn, SchemaState *state, char **version, char **reason,
                GError **error)
{
  g_autoptr (GError) local = NULL;
  gboolean exists = FALSE;
  g_autofree char *found = NULL;

  if (!hms_schema_exists (conn, &exists, error))
    return FALSE;
  found = hms_schema_read_version (conn, &local);
  if (found != NULL)
    {
      *state = SCHEMA_PRESENT;
      *version = g_steal_pointer (&found);
      return TRUE;
    }
  if (g_error_matches (local, HMS_ERROR, HMS_ERROR_NO_SUCH_OBJECT))
    {
      *state = exists ? SCHEMA_BROKEN : SCHEMA_ABSENT;
      if (exists)
        *reason = g_strdup ("the database holds Hive metastore tables but no \"VERSION\" table");
      return TRUE;
    }
  if (g_error_matches (local, HMS_ERROR, HMS_ERROR_INVALID_OBJECT))
    {
      *state = SCHEMA_BROKEN;
      *reason = g_strdup (local->message);
      return TRUE;
    }
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

/* Sets the error for a schema that has Hive tables but no readable version. */
static void
set_broken_schema_error (GError **error, const char *reason)
{
  set_error (error, HMS_ERROR_INVALID_OBJECT,
             "A partly created or damaged schema is never initialised over.",
             "Check the database; \"hms schematool -dbType postgres -validate\" reports what is wrong.",
             "metastore schema is broken: %s", reason);
}

static const char *
equivalent_version (const char *version)
{
  for (guint i = 0; i < G_N_ELEMENTS (equivalent_versions); i++)
    if (strcmp (version, equivalent_versions[i][0]) == 0)
      return equivalent_versions[i][1];
  return version;
}

/* commons-lang StringUtils.isNumeric: non-empty and only digits. */
static gboolean
is_numeric (const char *part)
{
  if (*part == '\0')
    return FALSE;
  for (const char *cursor = part; *cursor != '\0'; cursor++)
    if (!g_ascii_isdigit (*cursor))
      return FALSE;
  return TRUE;
}

/* Hive's compareVersion: > 0 when the database's part is the newer. */
static int
compare_version_part (const char *db_part, const char *tool_part)
{
  gboolean db_numeric = is_numeric (db_part);
  gboolean tool_numeric = is_numeric (tool_part);

  if (strcmp (db_part, tool_part) == 0)
    return 0;
  if (db_numeric && tool_numeric)
    {
      gint64 db_value = g_ascii_strtoll (db_part, NULL, 10);
      gint64 tool_value = g_ascii_strtoll (tool_part, NULL, 10);

      return db_value > tool_value ? 1 : db_value < tool_value ? -1 : 0;
    }
  if (!db_numeric && !tool_numeric)
    return strcmp (db_part, tool_part);
  return -1;
}

/* Splits on '.' and '-' like Java's split("\\.|-") (trailing empties dropped). */
static GStrv
split_version (const char *version)
{
  g_auto (GStrv) parts = g_regex_split_simple ("[.-]", version, 0, 0);
  guint length = g_strv_length (parts);

  while (length > 0 && parts[length - 1][0] == '\0')
    {
      g_free (parts[length - 1]);
      parts[--length] = NULL;
    }
  return g_steal_pointer (&parts);
}

gboolean
hms_schema_versions_compatible (const char *tool_version, const char *db_version)
{
  const char *tool = NULL;
  const char *db = NULL;
  g_auto (GStrv) tool_dotted = NULL;
  g_auto (GStrv) db_dotted = NULL;
  g_auto (GStrv) tool_parts = NULL;
  g_auto (GStrv) db_parts = NULL;
  guint tool_length = 0;
  guint db_length = 0;

  g_return_val_if_fail (tool_version != NULL && db_version != NULL, FALSE);

  tool = equivalent_version (tool_version);
  db = equivalent_version (db_version);
  if (strcmp (tool, db) == 0)
    return TRUE;

  tool_dotted = g_strsplit (tool, ".", -1);
  db_dotted = g_strsplit (db, ".", -1);
  if (g_strv_length (tool_dotted) != 3 || g_strv_length (db_dotted) != 3)
    return FALSE;   /* non-standard version numbers cannot be compared */

  tool_parts = split_version (tool);
  db_parts = split_version (db);
  tool_length = g_strv_length (tool_parts);
  db_length = g_strv_length (db_parts);
  for (guint i = 0; i < MIN (tool_length, db_length); i++)
    {
      int compare = compare_version_part (db_parts[i], tool_parts[i]);

      if (compare != 0)
        return compare > 0;
    }
  /* "4.0.0" (tool) against "4.0.0-alpha-1" (database): the database is older. */
  return tool_length > db_length;
}

char *
hms_schema_initialization_script (const char *version, GError **error)
{
  const char *target = version != NULL ? version : HMS_SCHEMA_VERSION;
  g_autofree char *name = g_strdup_printf ("hive-schema-%s.postgres.sql", target);
  g_autoptr (GBytes) bytes = lookup_resource (name);

  if (bytes == NULL)
    {
      set_error (error, HMS_ERROR_INVALID_INPUT, NULL, NULL,
                 "unknown version specified for initialization: %s", target);
      return NULL;
    }
  return g_steal_pointer (&name);
}

GStrv
hms_schema_upgrade_scripts (const char *from_version, GError **error)
{
  g_autoptr (GBytes) order = lookup_resource (UPGRADE_ORDER_FILE);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr (GPtrArray) scripts = g_ptr_array_new_with_free_func (g_free);
  gint first = -1;

  g_return_val_if_fail (from_version != NULL, NULL);

  if (strcmp (from_version, HMS_SCHEMA_VERSION) == 0)
    return g_new0 (char *, 1);
  if (order == NULL)
    {
      set_error (error, HMS_ERROR_FAILED, NULL, NULL,
                 "file %s is not bundled in hms", UPGRADE_ORDER_FILE);
      return NULL;
    }
  text = g_strndup (g_bytes_get_data (order, NULL), g_bytes_get_size (order));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    g_strstrip (lines[i]);

  /* Like Hive, the last line that matches wins (each version has one). */
  prefix = g_strconcat (from_version, "-to-", NULL);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      first = (gint) i;
  if (first < 0)
    {
      set_error (error, HMS_ERROR_INVALID_INPUT,
                 "Metastore schema may be too old or newer.", NULL,
                 "unknown version specified for upgrade %s", from_version);
      return NULL;
    }
  for (guint i = (guint) first; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_ptr_array_add (scripts, g_strdup_printf ("upgrade-%s.postgres.sql", lines[i]));
  return take_strv (g_steal_pointer (&scripts));
}

/* The body of hms_schema_initialize, inside the caller's transaction. */
static gboolean
initialize_in_transaction (PGconn *conn, const char *version, const char *script,
                           HmsSchemaPrintFunc print, gpointer user_data, GError **error)
{
  g_autofree char *text = NULL;
  g_autofree char *found = NULL;
  g_autofree char *reason = NULL;
  SchemaState state = SCHEMA_ABSENT;

  if (!take_schema_lock (conn, error)
      || !inspect_schema (conn, &state, &found, &reason, error))
    return FALSE;
  if (state == SCHEMA_PRESENT)
    {
      g_autofree char *detail = g_strdup_printf ("The database holds metastore schema version %s.",
                                                 found);

      set_error (error, HMS_ERROR_ALREADY_EXISTS, detail,
                 strcmp (found, HMS_SCHEMA_VERSION) == 0 ? NULL : UPGRADE_HINT,
                 "metastore schema already exists");
      return FALSE;
    }
  if (state == SCHEMA_BROKEN)
    {
      set_broken_schema_error (error, reason);
      return FALSE;
    }

  text = hms_schema_load_script (script, error);
  if (text == NULL)
    return FALSE;
  emit (print, user_data, HMS_SCHEMA_OUTPUT_PROGRESS,
        "Starting metastore schema initialization to %s", version);
  emit (print, user_data, HMS_SCHEMA_OUTPUT_PROGRESS, "Initialization script %s", script);
  return run_script (conn, script, text, print, user_data, error);
}

gboolean
hms_schema_initialize (PGconn *conn, const char *version,
                       HmsSchemaPrintFunc print, gpointer user_data, GError **error)
{
  const char *target = version != NULL ? version : HMS_SCHEMA_VERSION;
  g_autofree char *script = NULL;

  g_return_val_if_fail (conn != NULL, FALSE);

  script = hms_schema_initialization_script (target, error);
  if (script == NULL || !hms_db_begin (conn, error))
    return FALSE;
  if (!initialize_in_transaction (conn, target, script, print, user_data, error))
    {
      hms_db_rollback (conn);
      reset_session (conn);
      return FALSE;
    }
  if (!hms_db_commit (conn, error))
    {
      hms_db_rollback (conn);
      reset_session (conn);
      g_prefix_error (error, "schema initialization failed: ");
      return FALSE;
    }
  reset_session (conn);
  emit (print, user_data, HMS_SCHEMA_OUTPUT_PROGRESS, "Initialization script completed");
  return TRUE;
}

/*
 * Runs the pre-upgrade scripts bundled for `script` (pre-0-upgrade-..., pre-1-...),
 * each under a savepoint: like Hive, their failures are only warnings.
 */
static gboolean
run_pre_upgrade_scripts (PGconn *conn, const char *script,
                         HmsSchemaPrintFunc print, gpointer user_data, GError **error)
{
  for (guint index = 0;; index++)
    {
      g_autofree char *name = g_strdup_printf ("pre-%u-%s", index, script);
      g_autoptr (GBytes) bytes = lookup_resource (name);
      g_autofree char *text = NULL;
      g_autoptr (GError) local = NULL;

      if (bytes == NULL)
        return TRUE;
      if (!hms_db_run (conn, "SAVEPOINT hms_pre_upgrade", error))
        return FALSE;
      text = hms_schema_load_script (name, &local);
      if (text != NULL && run_script (conn, name, text, print, user_data, &local))
        {
          emit (print, user_data, HMS_SCHEMA_OUTPUT_PROGRESS, "Completed %s", name);
          if (!hms_db_run (conn, "RELEASE SAVEPOINT hms_pre_upgrade", error))
            return FALSE;
        }
      else
        {
          g_warning ("Warning in pre-upgrade script %s: %s", name, local->message);
          if (!hms_db_run (conn, "ROLLBACK TO SAVEPOINT hms_pre_upgrade", error))
            return FALSE;
        }
    }
}

/* The body of hms_schema_upgrade, inside the caller's transaction. */
static gboolean
upgrade_in_transaction (PGconn *conn, const char *from_version, gboolean dry_run,
                        HmsSchemaPrintFunc print, gpointer user_data, GError **error)
{
  g_autoptr (GError) read_error = NULL;
  g_autofree char *db_version = NULL;
  g_autofree char *after = NULL;
  g_auto (GStrv) scripts = NULL;
  const char *from = NULL;

  if (!take_schema_lock (conn, error))
    return FALSE;
  db_version = hms_schema_read_version (conn, &read_error);
  if (db_version == NULL && g_error_matches (read_error, HMS_ERROR, HMS_ERROR_DATABASE))
    {
      g_propagate_error (error, g_steal_pointer (&read_error));
      return FALSE;
    }

  if (from_version != NULL)
    {
      if (db_version != NULL && strcmp (from_version, db_version) != 0)
        {
          g_autofree char *detail =
            g_strdup_printf ("The database records schema version %s.", db_version);

          set_error (error, HMS_ERROR_INVALID_INPUT, detail,
                     "Leave out -upgradeSchemaFrom to upgrade from the recorded version.",
                     "the upgradeSchemaFrom version %s and metastore schema version %s are different",
                     from_version, db_version);
          return FALSE;
        }
      from = from_version;
      emit (print, user_data, HMS_SCHEMA_OUTPUT_PROGRESS,
            "Upgrading from the user input version %s", from);
    }
  else
    {
      if (db_version == NULL)
        {
          g_debug ("no schema version: %s", read_error->message);
          set_error (error, read_error->code,
                     "Metastore schema is too old or corrupt.",
                     "Try specifying the version manually with -upgradeSchemaFrom.",
                     "schema version not stored in the metastore");
          return FALSE;
        }
      from = db_version;
      emit (print, user_data, HMS_SCHEMA_OUTPUT_PROGRESS, "Upgrading from the version %s", from);
    }

  if (strcmp (from, HMS_SCHEMA_VERSION) == 0)
    {
      emit (print, user_data, HMS_SCHEMA_OUTPUT_PROGRESS,
            "No schema upgrade required from version %s", from);
      return TRUE;
    }
  scripts = hms_schema_upgrade_scripts (from, error);
  if (scripts == NULL)
    return FALSE;

  emit (print, user_data, HMS_SCHEMA_OUTPUT_PROGRESS,
        "Starting upgrade metastore schema from version %s to %s", from, HMS_SCHEMA_VERSION);
  for (guint i = 0; scripts[i] != NULL; i++)
    {
      g_autofree char *text = hms_schema_load_script (scripts[i], error);

      if (text == NULL)
        return FALSE;
      emit (print, user_data, HMS_SCHEMA_OUTPUT_PROGRESS, "Upgrade script %s", scripts[i]);
      if (dry_run)
        continue;
      if (!run_pre_upgrade_scripts (conn, scripts[i], print, user_data, error)
          || !run_script (conn, scripts[i], text, print, user_data, error))
        return FALSE;
      emit (print, user_data, HMS_SCHEMA_OUTPUT_PROGRESS, "Completed %s", scripts[i]);
    }
  if (dry_run)
    return TRUE;

  /* Hive's verifySchemaVersion, before anything is committed. */
  after = hms_schema_read_version (conn, error);
  if (after == NULL)
    return FALSE;
  if (!hms_schema_versions_compatible (HMS_SCHEMA_VERSION, after))
    {
      g_autofree char *detail =
        g_strdup_printf ("After the upgrade scripts the database records version %s.", after);

      set_error (error, HMS_ERROR_FAILED, detail,
                 "The transaction was rolled back: nothing was changed.",
                 "metastore schema version is not compatible: hms version %s, database schema version %s",
                 HMS_SCHEMA_VERSION, after);
      return FALSE;
    }
  return TRUE;
}

gboolean
hms_schema_upgrade (PGconn *conn, const char *from_version, gboolean dry_run,
                    HmsSchemaPrintFunc print, gpointer user_data, GError **error)
{
  g_return_val_if_fail (conn != NULL, FALSE);

  if (!hms_db_begin (conn, error))
    return FALSE;
  if (!upgrade_in_transaction (conn, from_version, dry_run, print, user_data, error))
    {
      hms_db_rollback (conn);
      reset_session (conn);
      return FALSE;
    }
  /* A dry run changed nothing; the rollback only ends the transaction. */
  if (dry_run)
    {
      hms_db_rollback (conn);
      return TRUE;
    }
  if (!hms_db_commit (conn, error))
    {
      hms_db_rollback (conn);
      reset_session (conn);
      g_prefix_error (error, "schema upgrade failed: ");
      return FALSE;
    }
  reset_session (conn);
  return TRUE;
}

/*
 * Waits (polling once a second) until another process has created the
 * schema.  TRUE with *version set once it is there.
 */
static gboolean
wait_for_schema (PGconn *conn, guint wait_seconds, char **version, GError **error)
{
  g_autofree char *last_reason = NULL;
  gint64 deadline = g_get_monotonic_time () + (gint64) wait_seconds * G_USEC_PER_SEC;

  g_message ("no metastore schema found; waiting up to %u s for another process to create it",
             wait_seconds);
  for (;;)
    {
      SchemaState state = SCHEMA_ABSENT;
      g_autofree char *found = NULL;
      g_autofree char *reason = NULL;

      if (!inspect_schema (conn, &state, &found, &reason, error))
        return FALSE;
      if (state == SCHEMA_PRESENT)
        {
          g_message ("metastore schema version %s found", found);
          *version = g_steal_pointer (&found);
          return TRUE;
        }
      /* A schematool that runs its statements one by one shows tables before VERSION. */
      if (state == SCHEMA_BROKEN)
        {
          g_free (last_reason);
          last_reason = g_strdup (reason);
        }
      if (g_get_monotonic_time () >= deadline)
        break;
      g_usleep (G_USEC_PER_SEC);
    }
  if (last_reason != NULL)
    {
      set_broken_schema_error (error, last_reason);
      return FALSE;
    }
  {
    g_autofree char *detail =
      g_strdup_printf ("No process created it within %u seconds, and IS_RESUME=true keeps hms from creating it.",
                       wait_seconds);

    set_error (error, HMS_ERROR_NO_SUCH_OBJECT, detail,
               "Run \"hms schematool -dbType postgres -initSchema\", or start hms without IS_RESUME=true.",
               "metastore schema not found");
  }
  return FALSE;
}

/* The error for a schema hms cannot serve, saying which side to upgrade. */
static void
set_incompatible_error (GError **error, const char *db_version)
{
  g_autofree char *detail =
    g_strdup_printf ("hms works with schema version %s and newer compatible ones; the database records %s.",
                     HMS_SCHEMA_VERSION, db_version);

  /* Hive accepts any newer schema, so one it refuses is older, or not a version at all. */
  set_error (error, HMS_ERROR_FAILED, detail,
             "Run \"hms schematool -dbType postgres -upgradeSchema\".",
             "metastore schema version %s is not compatible with hms", db_version);
}

/* Hive's start-up fix-ups (HMSHandler.createDefaultCatalog and createDefaultDB). */
static gboolean
create_defaults_in_transaction (PGconn *conn, const char *warehouse_uri,
                                const char *database_uri, GError **error)
{
  g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
  g_autoptr (PGresult) catalog = NULL;
  g_autoptr (PGresult) database = NULL;

  if (!take_schema_lock (conn, error))
    return FALSE;

  {
    const char *values[] = { warehouse_uri };

    catalog = hms_db_exec (conn,
                           "UPDATE \"CTLGS\" SET \"LOCATION_URI\" = $1"
                           " WHERE \"NAME\" = 'hive' AND \"LOCATION_URI\" = 'TBD'",
                           1, values, error);
    if (catalog == NULL)
      return FALSE;
    if (strcmp (PQcmdTuples (catalog), "0") != 0)
      g_message ("set the location of catalog hive to %s", warehouse_uri);
  }
  g_clear_pointer (&catalog, PQclear);
  catalog = hms_db_exec (conn, "SELECT 1 FROM \"CTLGS\" WHERE \"NAME\" = 'hive'", 0, NULL, error);
  if (catalog == NULL)
    return FALSE;
  if (PQntuples (catalog) == 0)
    {
      gint64 id = hms_store_allocate_ids (conn, "MCatalog", "CTLGS", "CTLG_ID", 1, error);
      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
      const char *values[] = { id_text, warehouse_uri, now };
      g_autoptr (PGresult) inserted = NULL;

      if (id < 0)
        return FALSE;
      inserted = hms_db_exec (conn,
                              "INSERT INTO \"CTLGS\" (\"CTLG_ID\", \"NAME\", \"DESC\", \"LOCATION_URI\", \"CREATE_TIME\")"
                              " VALUES ($1, 'hive', 'Default catalog, for Hive', $2, $3)"
                              " ON CONFLICT DO NOTHING",
                              3, values, error);
      if (inserted == NULL)
        return FALSE;
      g_message ("created catalog hive at %s", warehouse_uri);
    }

  database = hms_db_exec (conn,
                          "SELECT 1 FROM \"DBS\" WHERE \"NAME\" = 'default' AND \"CTLG_NAME\" = 'hive'",
                          0, NULL, error);
  if (database == NULL)
    return FALSE;
  if (PQntuples (database) == 0)
    {
      gint64 id = hms_store_allocate_ids (conn, "MDatabase", "DBS", "DB_ID", 1, error);
      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
      const char *values[] = { id_text, database_uri, now };
      g_autoptr (PGresult) inserted = NULL;

      if (id < 0)
        return FALSE;
      inserted = hms_db_exec (conn,
                              "INSERT INTO \"DBS\" (\"DB_ID\", \"DESC\", \"DB_LOCATION_URI\", \"NAME\","
                              " \"OWNER_NAME\", \"OWNER_TYPE\", \"CTLG_NAME\", \"CREATE_TIME\", \"TYPE\")"
                              " VALUES ($1, 'Default Hive database', $2, 'default',"
                              " 'public', 'ROLE', 'hive', $3, 'NATIVE')"
                              " ON CONFLICT DO NOTHING",
                              3, values, error);
      if (inserted == NULL)
        return FALSE;
      if (strcmp (PQcmdTuples (inserted), "1") == 0)
        g_message ("created database default at %s", database_uri);
    }
  return TRUE;
}

/* Brings an initialised, compatible schema to what Hive expects at start-up. */
static gboolean
create_defaults (PGconn *conn, const char *warehouse_uri, const char *database_uri,
                 GError **error)
{
  if (!hms_db_begin (conn, error))
    return FALSE;
  if (!create_defaults_in_transaction (conn, warehouse_uri, database_uri, error))
    {
      hms_db_rollback (conn);
      g_prefix_error (error, "could not create the default catalog and database: ");
      return FALSE;
    }
  if (!hms_db_commit (conn, error))
    {
      hms_db_rollback (conn);
      g_prefix_error (error, "could not create the default catalog and database: ");
      return FALSE;
    }
  return TRUE;
}

gboolean
hms_schema_prepare_for_serving (PGconn *conn, gboolean is_resume, gboolean verify,
                                guint wait_seconds, const char *warehouse_uri,
                                const char *external_warehouse_uri, GError **error)
{
  SchemaState state = SCHEMA_ABSENT;
  g_autofree char *version = NULL;
  g_autofree char *reason = NULL;
  const char *database_uri = NULL;

  g_return_val_if_fail (conn != NULL && warehouse_uri != NULL, FALSE);

  database_uri = external_warehouse_uri != NULL && external_warehouse_uri[0] != '\0'
                 ? external_warehouse_uri : warehouse_uri;
  if (!inspect_schema (conn, &state, &version, &reason, error))
    return FALSE;

  if (state == SCHEMA_BROKEN)
    {
      set_broken_schema_error (error, reason);
      return FALSE;
    }
  if (state == SCHEMA_ABSENT && is_resume)
    {
      if (!wait_for_schema (conn, wait_seconds, &version, error))
        return FALSE;
    }
  else if (state == SCHEMA_ABSENT)
    {
      g_autoptr (GError) local = NULL;

      g_message ("no metastore schema found; initialising schema version %s", HMS_SCHEMA_VERSION);
      if (hms_schema_initialize (conn, NULL, NULL, NULL, &local))
        {
          version = g_strdup (HMS_SCHEMA_VERSION);
        }
      else if (g_error_matches (local, HMS_ERROR, HMS_ERROR_ALREADY_EXISTS))
        {
          g_message ("another process initialised the metastore schema meanwhile; using it");
          version = hms_schema_read_version (conn, error);
          if (version == NULL)
            return FALSE;
        }
      else
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }

  if (verify && strcmp (version, HMS_SCHEMA_VERSION) != 0
      && hms_schema_versions_compatible (HMS_SCHEMA_VERSION, version))
    {
      /*
       * Hive's rule would serve a newer schema; hms does not know what a
       * newer Hive added, so it refuses unless verification is off.
       */
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                   "metastore schema version %s is newer than this hms: hms works with schema version %s. "
                   "Upgrade hms, or set metastore.schema.verification=false to serve this schema anyway.",
                   version, HMS_SCHEMA_VERSION);
      return FALSE;
    }
  if (!hms_schema_versions_compatible (HMS_SCHEMA_VERSION, version))
    {
      if (verify)
        {
          set_incompatible_error (error, version);
          return FALSE;
        }
      g_warning ("metastore schema version %s is not compatible with hms (schema %s);"
                 " serving anyway because metastore.schema.verification is false;"
                 " the default catalog and database are left as they are",
                 version, HMS_SCHEMA_VERSION);
      return TRUE;
    }
  g_message ("metastore schema version %s", version);
  return create_defaults (conn, warehouse_uri, database_uri, error);
}

GStrv
hms_schema_script_tables (const char *script_text)
{
  g_autoptr (GRegex) spaces = g_regex_new (" +", 0, 0, NULL);
  g_autoptr (GRegex) create = g_regex_new ("CREATE TABLE(\\s+IF NOT EXISTS)?\\s+(\\S+)", 0, 0, NULL);
  g_autoptr (GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) lines = NULL;

  g_return_val_if_fail (script_text != NULL, NULL);

  lines = g_strsplit (script_text, "\n", -1);
  /* The same clean-up as Hive's SchemaToolTaskValidate.findCreateTable. */
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *single = g_regex_replace_literal (spaces, lines[i], -1, 0, " ", 0, NULL);
      g_autoptr (GString) line = g_string_new (single);
      g_autoptr (GMatchInfo) match = NULL;

      g_string_replace (line, "(", " ", 0);
      g_string_replace (line, "IF NOT EXISTS ", "", 0);
      g_string_replace (line, "`", "", 0);
      g_string_replace (line, "'", "", 0);
      g_string_replace (line, "\"", "", 0);
      if (g_regex_match (create, line->str, 0, &match))
        {
          g_autofree char *name = g_match_info_fetch (match, 2);
          const char *bare = g_str_has_prefix (name, "public.") ? name + strlen ("public.") : name;

          g_ptr_array_add (tables, g_ascii_strdown (bare, -1));
        }
    }
  return take_strv (g_steal_pointer (&tables));
}
