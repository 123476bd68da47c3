/*
 * db.h
 *    Talking to PostgreSQL: connecting (with retries at start-up), running
 *    parameterised statements, and transactions, each failure as a GError.
 *
 * Every statement goes through hms_db_exec with its values as parameters;
 * nothing here or above pastes a client's string into SQL.
 */
#ifndef HMS_DB_H
#define HMS_DB_H

#include <glib.h>
#include <libpq-fe.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

/* One attempt; on failure the error says host, port and PostgreSQL's reason. */
PGconn   *hms_db_connect (const char *conninfo, GError **error);

/*
 * Connects, retrying with exponential backoff (0.5 s doubling up to 8 s) for
 * as long as the failure looks passing (server not up yet, connection
 * refused), logging each retry; gives up after `attempts` tries.  A wrong
 * password or a missing database is not retried.
 */
PGconn   *hms_db_connect_retry (const char *conninfo, guint attempts, GError **error);

/*
 * Runs one statement with text parameters (NULL entries are SQL NULL).
 * Returns the result when it is PGRES_TUPLES_OK or PGRES_COMMAND_OK, else
 * NULL with HMS_ERROR_DATABASE set (or HMS_ERROR_ALREADY_EXISTS for a
 * unique violation, so callers can tell a duplicate from a failure).
 */
PGresult *hms_db_exec (PGconn *conn, const char *sql, int n_params,
                       const char *const *values, GError **error);

/* hms_db_exec for statements without parameters whose result is not needed. */
gboolean  hms_db_run (PGconn *conn, const char *sql, GError **error);

gboolean  hms_db_begin (PGconn *conn, GError **error);
gboolean  hms_db_commit (PGconn *conn, GError **error);
/* Best effort: a failed rollback leaves the connection bad, which the pool notices. */
void      hms_db_rollback (PGconn *conn);

/* Textual value of a column, NULL when SQL NULL. */
static inline const char *
hms_db_value (const PGresult *result, int row, int column)
{
  return PQgetisnull (result, row, column) ? NULL : PQgetvalue (result, row, column);
}

/* The server's host and port, for log lines. */
char     *hms_db_describe_target (const char *conninfo);

#endif /* HMS_DB_H */
