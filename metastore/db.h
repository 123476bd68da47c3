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
 *
 * On a connection with a statement cache (hms_db_enable_statement_cache)
 * the statement is prepared the first time its text is seen and executed
 * by name afterwards, so PostgreSQL parses and plans it once per
 * connection; the first execution still costs one round trip (the PREPARE
 * travels with it).  Elsewhere it is sent unnamed, parsed every time.
 */
PGresult *hms_db_exec (PGconn *conn, const char *sql, int n_params,
                       const char *const *values, GError **error);

/*
 * Gives `conn` a cache of prepared statements keyed by their SQL text: the
 * HMS_DB_STATEMENT_CACHE_SIZE most recently used stay prepared, the least
 * recently used is deallocated when a new one needs room.  The cache lives
 * and dies with the PGconn (PQfinish frees it, PQreset empties it).  The
 * connection must not be used by two threads at once, as for any PGconn.
 */
#define HMS_DB_STATEMENT_CACHE_SIZE 256
void      hms_db_enable_statement_cache (PGconn *conn);

/* Statements prepared on `conn` now (0 without a cache); for tests and logs. */
guint     hms_db_prepared_count (PGconn *conn);

/*
 * A PostgreSQL text[] literal of `items`, each element quoted ("..." with
 * backslash and double quote escaped), so any string, braces, commas,
 * quotes or "NULL" included, comes back unchanged from $n::text[].  A NULL
 * item (callers pass none) becomes SQL NULL, which equals nothing.
 */
char     *hms_db_text_array (const char *const *items, guint count);

/*
 * Appends the elements of a PostgreSQL array as text output (`{a,"b c",NULL}`,
 * multidimensional arrays flattened in order: `{{k1,v1},{k2,v2}}` gives k1,
 * v1, k2, v2) to `into` as new strings, SQL NULL as a NULL pointer.  NULL
 * text (an SQL NULL array) appends nothing.  FALSE when the text is not an
 * array's, with whatever was read before appended.
 */
gboolean  hms_db_parse_array (const char *text, GPtrArray *into);

/*
 * A map from an array of key/value pairs as text (array_agg(ARRAY[key,
 * value]): `{{k1,v1},{k2,v2}}`) into `into` (string -> string, both
 * owned): a NULL value becomes `null_value`, or is left out when that is
 * NULL.  FALSE when the text is not such an array.
 */
gboolean  hms_db_parse_pairs (const char *text, GHashTable *into, const char *null_value);

/* A PostgreSQL bigint[] literal: {1,2,3}. */
char     *hms_db_id_array (const gint64 *ids, guint count);

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
