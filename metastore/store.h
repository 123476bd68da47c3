/*
 * store.h
 *    The store: every SQL statement hms sends about metastore objects lives
 *    in a store_*.c file, behind functions that take a connection inside the
 *    caller's transaction.  Handlers above never build SQL.
 *
 * Each function's comment says how many round trips it costs, whatever the
 * number of rows.
 */
#ifndef HMS_STORE_H
#define HMS_STORE_H

#include <glib.h>
#include <libpq-fe.h>

#include "hms_hive_metastore_types.h"

/*
 * Where a streamed read hands its rows (hms_store_partition_stream,
 * hms_store_table_meta_each, ...): `begin` once with the number of
 * elements that follow, before the first; then `element` for each, in
 * order: an object of the list's type, refilled for the next row and so
 * valid only during the call, or a string.  A callback that fails stops
 * the read with its error.
 */
typedef struct
{
  gboolean (*begin) (gpointer user_data, guint count, GError **error);
  gboolean (*element) (gpointer user_data, gpointer element, GError **error);
} HmsListSink;

/* A sink that appends a copy of each string to the GPtrArray (g_free) given as user_data. */
extern const HmsListSink hms_store_collect_strings;

/* store_database.c: DBS and DATABASE_PARAMS. */

/* Fills `database` with the named database.  1 round trip.  NO_SUCH_OBJECT when absent. */
gboolean   hms_store_database_get (PGconn *conn, const char *catalog, const char *name,
                                   HmsDatabase *database, GError **error);

/* DB_ID of the named database, locking its row FOR UPDATE when `lock`.  1 round trip. */
gint64     hms_store_database_id (PGconn *conn, const char *catalog, const char *name,
                                  gboolean lock, GError **error);

/*
 * Names of the catalog's databases, sorted, all of them or those whose
 * lower-cased name is LIKE one of the patterns (a JSON array, see
 * hms_name_pattern_to_like).  1 round trip.
 */
GPtrArray *hms_store_database_names (PGconn *conn, const char *catalog, const char *like_patterns,
                                     GError **error);

/*
 * Inserts a database whose name, catalog and locations are already
 * normalised and filled in.  ALREADY_EXISTS when the name is taken.
 * 2 round trips (row, parameters), plus the id's (hms_store_allocate_ids).
 */
gboolean   hms_store_database_create (PGconn *conn, const HmsDatabase *database, GError **error);

/* Counts of what lives in a database: tables and functions.  1 round trip. */
gboolean   hms_store_database_contents (PGconn *conn, gint64 database_id,
                                        gint64 *tables, gint64 *functions, GError **error);

/*
 * Deletes a database row with its parameters, privileges and functions;
 * the caller has dropped (or checked there are no) tables.  1 round trip.
 */
gboolean   hms_store_database_delete (PGconn *conn, gint64 database_id, GError **error);

/*
 * What drop_database with deleteData deletes besides the database's own
 * directories: the locations of the database's tables whose data goes
 * with them (managed, or external with external.table.purge=TRUE) and of
 * their partitions.  Returns the locations; PARENTS gets, at the same
 * index, NULL for a table and its table's location (NULL when it has
 * none) for a partition.  2 round trips.
 */
GPtrArray *hms_store_database_table_data_locations (PGconn *conn, gint64 database_id,
                                                    GPtrArray **parents, GError **error);

/*
 * Applies an alter_database: the fields of `changes` that Hive lets change
 * (parameters when set, owner, description, locations when not blank).
 * 2 round trips.
 */
gboolean   hms_store_database_update (PGconn *conn, gint64 database_id,
                                      const HmsDatabase *changes, GError **error);

/* store_table.c: TBLS and everything hanging off a table. */

/*
 * Deletes the tables of a database with their partitions, storage
 * descriptors, columns (where no other descriptor shares them), serdes,
 * parameters, statistics, privileges and constraints.  Returns the number
 * of tables deleted, or -1 with an error.  2 round trips.
 */
gint64     hms_store_tables_delete_in_database (PGconn *conn, gint64 database_id, GError **error);

/* store_ids.c: surrogate ids, allocated the way DataNucleus does. */

/*
 * Reserves `count` consecutive ids for a model class (e.g. "MDatabase") in
 * SEQUENCE_TABLE, the row the Java metastore allocates from, so both
 * servers can write to one database; creates the row from MAX(id) when
 * missing.  Returns the first id, or -1 with an error.
 *
 * Once hms_store_ids_configure has been called, ids come from blocks
 * reserved on the allocator's own connection and committed there: no
 * statement in the caller's transaction, and a reservation (1 round trip
 * on the allocator's connection, 3 the first time a class is used) only
 * when the class's block runs out.  Otherwise they are reserved in the
 * caller's transaction: 1 round trip (3 the first time a class is used).
 */
gint64     hms_store_allocate_ids (PGconn *conn, const char *model_class, const char *table,
                                   const char *id_column, guint count, GError **error);

/*
 * Makes hms_store_allocate_ids reserve blocks of ids on a connection of
 * its own to `conninfo` (opened on first use, reopened when it breaks),
 * for the whole process; NULL goes back to reserving in the caller's
 * transaction and closes that connection.
 */
void       hms_store_ids_configure (const char *conninfo);

#endif /* HMS_STORE_H */
