/*
 * db.c
 *    PostgreSQL connections and statements (see db.h).
 */
#include "db.h"
#include "error.h"

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

PGresult *
hms_db_exec (PGconn *conn, const char *sql, int n_params,
             const char *const *values, GError **error)
{
  PGresult *result = PQexecParams (conn, sql, n_params, NULL, values, NULL, NULL, 0);
  ExecStatusType status = PQresultStatus (result);

  if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)
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

gboolean
hms_db_run (PGconn *conn, const char *sql, GError **error)
{
  g_autoptr (PGresult) result = hms_db_exec (conn, sql, 0, NULL, error);

  return result != NULL;
}

gboolean
hms_db_begin (PGconn *conn, GError **error)
{
  return hms_db_run (conn, "BEGIN", error);
}

gboolean
hms_db_commit (PGconn *conn, GError **error)
{
  return hms_db_run (conn, "COMMIT", error);
}

void
hms_db_rollback (PGconn *conn)
{
  PGresult *result = PQexec (conn, "ROLLBACK");

  PQclear (result);
}
