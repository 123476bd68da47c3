/*
 * db.c
 *    PostgreSQL connections and statements (see db.h).
 *
 * The statement cache: hms's statements are large (one SELECT building a
 * whole table as JSON, say), so parsing and planning cost more than
 * running them.  A pooled connection keeps its statements prepared, keyed
 * by their text (store SQL is mostly static, but some is built: a
 * partition filter's, a statistics level's), at most
 * HMS_DB_STATEMENT_CACHE_SIZE of them, least recently used deallocated
 * first, so statements built from clients' filters cannot grow a
 * backend's memory without bound.  A statement seen for the first time is
 * prepared and executed in one pipeline, with the DEALLOCATE of the one it
 * replaces: the same single round trip as an unnamed statement.  The cache
 * hangs off the PGconn as libpq event instance data, so it is freed by
 * PQfinish and can never outlive or be confused with its connection.
 */
#include "db.h"
#include "error.h"

#include <libpq-events.h>
#include <string.h>


/* The SQLSTATE PostgreSQL reports for a duplicate key. */
#define SQLSTATE_UNIQUE_VIOLATION "23505"

char *
hms_db_describe_target (const char *conninfo)
{
  const char *host = NULL;
  const char *port = NULL;
  const char *dbname = NULL;
  char *description;
  PQconninfoOption *options = PQconninfoParse (conninfo, NULL);

  for (PQconninfoOption *option = options; option != NULL && option->keyword != NULL; option++)
    {
      if (option->val == NULL)
        continue;
      if (strcmp (option->keyword, "host") == 0 || (host == NULL && strcmp (option->keyword, "hostaddr") == 0))
        host = option->val;
      else if (strcmp (option->keyword, "port") == 0)
        port = option->val;
      else if (strcmp (option->keyword, "dbname") == 0)
        dbname = option->val;
    }
  description = g_strdup_printf ("host \"%s\", port %s, database \"%s\"",
                                 host ? host : "localhost", port ? port : "5432",
                                 dbname ? dbname : "(default)");
  PQconninfoFree (options);
  return description;
}

/* libpq's messages end with a newline; ours do not. */
static char *
chomp_message (const char *message)
{
  char *copy = g_strdup (message ? message : "");

  return g_strchomp (copy);
}

PGconn *
hms_db_connect (const char *conninfo, GError **error)
{
  PGconn *conn = PQconnectdb (conninfo);

  if (PQstatus (conn) != CONNECTION_OK)
    {
      g_autofree char *target = hms_db_describe_target (conninfo);
      g_autofree char *reason = chomp_message (PQerrorMessage (conn));

      g_set_error (error, HMS_ERROR, HMS_ERROR_DATABASE,
                   "could not connect to the metastore database at %s: %s",
                   target, reason);
      PQfinish (conn);
      return NULL;
    }
  return conn;
}

/* A failure worth waiting out: the server is not (yet) there. */
static gboolean
connect_failure_is_passing (const char *message)
{
  static const char *const permanent[] = {
    "password authentication failed",
    "does not exist",
    "no password supplied",
    "no pg_hba.conf entry",
    "role \"",
    "invalid",
    NULL,
  };

  for (guint i = 0; permanent[i] != NULL; i++)
    if (strstr (message, permanent[i]) != NULL)
      return FALSE;
  return TRUE;
}

PGconn *
hms_db_connect_retry (const char *conninfo, guint attempts, GError **error)
{
  gulong delay_ms = 500;

  for (guint attempt = 1;; attempt++)
    {
      g_autoptr (GError) local = NULL;
      PGconn *conn = hms_db_connect (conninfo, &local);

      if (conn != NULL)
        return conn;
      if (attempt >= attempts || !connect_failure_is_passing (local->message))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      g_warning ("%s; retrying in %lu ms (attempt %u of %u)",
                 local->message, delay_ms, attempt, attempts);
      g_usleep (delay_ms * 1000);
      delay_ms = MIN (delay_ms * 2, 8000);
    }
}

/* --- the statement cache ------------------------------------------------- */

typedef struct
{
  char  *sql;
  char   name[32];
  GList  link;          /* in StatementCache.recent; data points here */
} PreparedStatement;

typedef struct
{
  GHashTable *by_sql;   /* sql (owned by the entry) -> PreparedStatement */
  GQueue      recent;   /* links of the entries, most recently used first */
  guint64     next_number;
} StatementCache;

static void
prepared_statement_free (PreparedStatement *statement)
{
  g_free (statement->sql);
  g_free (statement);
}

static void
statement_cache_clear (StatementCache *cache)
{
  g_hash_table_remove_all (cache->by_sql);
  g_queue_init (&cache->recent);
}

static void
statement_cache_free (StatementCache *cache)
{
  if (cache == NULL)
    return;
  g_hash_table_destroy (cache->by_sql);
  g_free (cache);
}

/* Forgets the statements when libpq resets or destroys the connection. */
static int
statement_cache_event (PGEventId event, void *event_info, void *pass_through)
{
  (void) pass_through;
  if (event == PGEVT_CONNDESTROY)
    {
      PGEventConnDestroy *destroy = event_info;

      statement_cache_free (PQinstanceData (destroy->conn, statement_cache_event));
    }
  else if (event == PGEVT_CONNRESET)
    {
      PGEventConnReset *reset = event_info;
      StatementCache *cache = PQinstanceData (reset->conn, statement_cache_event);

      if (cache != NULL)
        statement_cache_clear (cache);
    }
  return TRUE;
}

void
hms_db_enable_statement_cache (PGconn *conn)
{
  StatementCache *cache;

  if (PQinstanceData (conn, statement_cache_event) != NULL)
    return;
  if (!PQregisterEventProc (conn, statement_cache_event, "hms statement cache", NULL))
    return;
  cache = g_new0 (StatementCache, 1);
  /* The key is the entry's own copy of the text, freed with the entry. */
  cache->by_sql = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) prepared_statement_free);
  g_queue_init (&cache->recent);
  PQsetInstanceData (conn, statement_cache_event, cache);
}

guint
hms_db_prepared_count (PGconn *conn)
{
  StatementCache *cache = PQinstanceData (conn, statement_cache_event);

  return cache != NULL ? g_hash_table_size (cache->by_sql) : 0;
}

/*
 * The first result of one statement of a pipeline, the rest of its
 * results (none, normally) cleared.  NULL when the connection broke.
 */
static PGresult *
pipeline_take_result (PGconn *conn)
{
  PGresult *first = PQgetResult (conn);
  PGresult *more;

  if (first == NULL)
    return NULL;
  while ((more = PQgetResult (conn)) != NULL)
    PQclear (more);
  return first;
}

static gboolean
result_succeeded (const PGresult *result)
{
  ExecStatusType status = PQresultStatus (result);

  return status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK;
}

/*
 * Prepares `sql` under a new name and executes it, deallocating the least
 * recently used statement first when the cache is full: one pipeline, one
 * round trip.  Returns the execution's result or, when something failed,
 * the first failure's (NULL when the connection itself failed: the caller
 * reports PQerrorMessage).
 */
static PGresult *
prepare_and_execute (PGconn *conn, StatementCache *cache, const char *sql, int n_params,
                     const char *const *values)
{
  PreparedStatement *victim = NULL;
  g_autofree char *deallocate = NULL;
  PreparedStatement *statement;
  PGresult *deallocated = NULL;
  PGresult *prepared = NULL;
  PGresult *executed = NULL;
  PGresult *outcome;
  gboolean sent;

  if (g_hash_table_size (cache->by_sql) >= HMS_DB_STATEMENT_CACHE_SIZE)
    {
      GList *oldest = g_queue_peek_tail_link (&cache->recent);

      victim = oldest->data;
      deallocate = g_strdup_printf ("DEALLOCATE %s", victim->name);
    }
  statement = g_new0 (PreparedStatement, 1);
  statement->sql = g_strdup (sql);
  statement->link.data = statement;
  g_snprintf (statement->name, sizeof statement->name, "hms_%" G_GUINT64_FORMAT, cache->next_number++);

  if (!PQenterPipelineMode (conn))
    {
      prepared_statement_free (statement);
      return PQexecParams (conn, sql, n_params, NULL, values, NULL, NULL, 0);
    }
  sent = (deallocate == NULL || PQsendQueryParams (conn, deallocate, 0, NULL, NULL, NULL, NULL, 0))
         && PQsendPrepare (conn, statement->name, sql, n_params, NULL)
         && PQsendQueryPrepared (conn, statement->name, n_params, values, NULL, NULL, 0)
         && PQpipelineSync (conn);
  if (sent)
    {
      PGresult *sync;

      if (deallocate != NULL)
        deallocated = pipeline_take_result (conn);
      prepared = pipeline_take_result (conn);
      executed = pipeline_take_result (conn);
      sync = PQgetResult (conn);
      PQclear (sync);
    }
  PQexitPipelineMode (conn);

  /*
   * Names are never reused, so a victim whose DEALLOCATE failed is only
   * forgotten; a statement whose PREPARE succeeded stays prepared even if
   * its execution failed.
   */
  if (victim != NULL)
    {
      g_queue_unlink (&cache->recent, &victim->link);
      g_hash_table_remove (cache->by_sql, victim->sql);
    }
  if (prepared != NULL && result_succeeded (prepared))
    {
      g_hash_table_insert (cache->by_sql, statement->sql, statement);
      g_queue_push_head_link (&cache->recent, &statement->link);
    }
  else
    prepared_statement_free (statement);

  if (deallocated != NULL && !result_succeeded (deallocated))
    outcome = g_steal_pointer (&deallocated);
  else if (prepared != NULL && !result_succeeded (prepared))
    outcome = g_steal_pointer (&prepared);
  else
    outcome = g_steal_pointer (&executed);
  PQclear (deallocated);
  PQclear (prepared);
  PQclear (executed);
  return outcome;
}

/* Runs a statement: prepared when the connection has a cache, else unnamed. */
static PGresult *
execute (PGconn *conn, const char *sql, int n_params, const char *const *values)
{
  StatementCache *cache = PQinstanceData (conn, statement_cache_event);
  PreparedStatement *statement;

  if (cache == NULL)
    return PQexecParams (conn, sql, n_params, NULL, values, NULL, NULL, 0);
  statement = g_hash_table_lookup (cache->by_sql, sql);
  if (statement == NULL)
    return prepare_and_execute (conn, cache, sql, n_params, values);
  g_queue_unlink (&cache->recent, &statement->link);
  g_queue_push_head_link (&cache->recent, &statement->link);
  return PQexecPrepared (conn, statement->name, n_params, values, NULL, NULL, 0);
}

/* --- arrays as parameters ------------------------------------------------- */

char *
hms_db_text_array (const char *const *items, guint count)
{
  GString *text = g_string_sized_new (16 + count * 16);

  g_string_append_c (text, '{');
  for (guint i = 0; i < count; i++)
    {
      if (i > 0)
        g_string_append_c (text, ',');
      if (items[i] == NULL)
        {
          /* Not expected; SQL NULL matches nothing, which is what a null name should. */
          g_string_append (text, "NULL");
          continue;
        }
      g_string_append_c (text, '"');
      for (const char *c = items[i]; *c != '\0'; c++)
        {
          if (*c == '"' || *c == '\\')
            g_string_append_c (text, '\\');
          g_string_append_c (text, *c);
        }
      g_string_append_c (text, '"');
    }
  g_string_append_c (text, '}');
  return g_string_free (text, FALSE);
}

gboolean
hms_db_parse_array (const char *text, GPtrArray *into)
{
  const char *c = text;
  int depth = 0;

  if (text == NULL)
    return TRUE;
  /* Bounds other than 1 come first: "[0:1]={a,b}". */
  if (*c == '[' && (c = strchr (c, '=')) != NULL)
    c++;
  if (c == NULL || *c != '{')
    return FALSE;
  while (*c != '\0')
    {
      if (*c == '{')
        depth++;
      else if (*c == '}')
        {
          if (--depth == 0)
            return c[1] == '\0';
        }
      else if (*c == '"')
        {
          GString *element = g_string_new (NULL);

          for (c++; *c != '\0' && *c != '"'; c++)
            {
              if (*c == '\\' && c[1] != '\0')
                c++;
              g_string_append_c (element, *c);
            }
          if (*c != '"')
            {
              g_string_free (element, TRUE);
              return FALSE;
            }
          g_ptr_array_add (into, g_string_free (element, FALSE));
        }
      else if (*c != ',')
        {
          /* Unquoted: no specials inside, and NULL is SQL NULL. */
          const char *start = c;

          while (c[1] != '\0' && c[1] != ',' && c[1] != '}')
            c++;
          if (c + 1 - start == 4 && g_ascii_strncasecmp (start, "NULL", 4) == 0)
            g_ptr_array_add (into, NULL);
          else
            g_ptr_array_add (into, g_strndup (start, c + 1 - start));
        }
      c++;
    }
  return FALSE;
}

gboolean
hms_db_parse_pairs (const char *text, GHashTable *into, const char *null_value)
{
  g_autoptr (GPtrArray) elements = NULL;

  if (text == NULL)
    return TRUE;
  elements = g_ptr_array_new_with_free_func (g_free);
  if (!hms_db_parse_array (text, elements) || elements->len % 2 != 0)
    return FALSE;
  for (guint i = 0; i < elements->len; i += 2)
    {
      char *key = g_ptr_array_index (elements, i);
      char *value = g_ptr_array_index (elements, i + 1);

      if (key == NULL || (value == NULL && null_value == NULL))
        continue;
      g_ptr_array_index (elements, i) = NULL;
      g_ptr_array_index (elements, i + 1) = NULL;
      g_hash_table_replace (into, key, value != NULL ? value : g_strdup (null_value));
    }
  return TRUE;
}

char *
hms_db_id_array (const gint64 *ids, guint count)
{
  GString *text = g_string_sized_new (2 + count * 8);

  g_string_append_c (text, '{');
  for (guint i = 0; i < count; i++)
    g_string_append_printf (text, i ? ",%" G_GINT64_FORMAT : "%" G_GINT64_FORMAT, ids[i]);
  g_string_append_c (text, '}');
  return g_string_free (text, FALSE);
}

/* --- statements ------------------------------------------------------------ */

/*
 * The result when it succeeded, else NULL with the error set (the result
 * cleared).  A NULL result means the connection failed: libpq's message.
 */
static PGresult *
checked (PGconn *conn, PGresult *result, const char *sql, GError **error)
{
  if (result_succeeded (result))
    return result;

  {
    const char *sqlstate = PQresultErrorField (result, PG_DIAG_SQLSTATE);
    const char *primary = PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY);
    const char *detail = PQresultErrorField (result, PG_DIAG_MESSAGE_DETAIL);
    g_autofree char *reason = chomp_message (primary ? primary : PQerrorMessage (conn));
    gboolean duplicate = sqlstate != NULL && strcmp (sqlstate, SQLSTATE_UNIQUE_VIOLATION) == 0;
    g_autofree char *detail_text = detail ? g_strdup_printf (" %s", detail) : g_strdup ("");

    g_set_error (error, HMS_ERROR,
                 duplicate ? HMS_ERROR_ALREADY_EXISTS : HMS_ERROR_DATABASE,
                 "metastore database error: %s (SQLSTATE %s)%s", reason,
                 sqlstate ? sqlstate : "none", detail_text);
    g_debug ("failed statement: %s", sql);
  }
  PQclear (result);
  return NULL;
}

PGresult *
hms_db_exec (PGconn *conn, const char *sql, int n_params,
             const char *const *values, GError **error)
{
  return checked (conn, execute (conn, sql, n_params, values), sql, error);
}

gboolean
hms_db_run (PGconn *conn, const char *sql, GError **error)
{
  g_autoptr (PGresult) result = hms_db_exec (conn, sql, 0, NULL, error);

  return result != NULL;
}

/* Transaction control: nothing to plan, so never prepared. */
static gboolean
run_unprepared (PGconn *conn, const char *sql, GError **error)
{
  g_autoptr (PGresult) result = checked (conn, PQexec (conn, sql), sql, error);

  return result != NULL;
}

gboolean
hms_db_begin (PGconn *conn, GError **error)
{
  return run_unprepared (conn, "BEGIN", error);
}

gboolean
hms_db_commit (PGconn *conn, GError **error)
{
  return run_unprepared (conn, "COMMIT", error);
}

void
hms_db_rollback (PGconn *conn)
{
  PGresult *result = PQexec (conn, "ROLLBACK");

  PQclear (result);
}
