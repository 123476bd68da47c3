/*
 * store_table.h
 *    Tables as rows: TBLS, TABLE_PARAMS, PARTITION_KEYS and the table's
 *    storage descriptor (through store_sd.h), plus the listings the table
 *    API needs.  hms_store_tables_delete_in_database stays in store.h,
 *    where drop_database finds it.
 */
#ifndef HMS_STORE_TABLE_H
#define HMS_STORE_TABLE_H

#include <glib.h>
#include <libpq-fe.h>

#include "hms_hive_metastore_types.h"
#include "store.h"

/* The surrogate keys behind a table, for callers that write rows hanging off it. */
typedef struct
{
  gint64 table_id;
  gint64 database_id;
  gint64 sd_id;                 /* 0 when the table has no storage descriptor */
  gint64 column_descriptor_id;  /* 0 when its descriptor has no CD */
} HmsTableIds;

/* Row locks a reader can take on the TBLS row, held until its transaction ends. */
typedef enum
{
  HMS_TABLE_LOCK_NONE,
  HMS_TABLE_LOCK_SHARE,     /* FOR SHARE: adding or changing partitions, statistics */
  HMS_TABLE_LOCK_UPDATE,    /* FOR UPDATE: altering or dropping the table */
} HmsTableLock;

/*
 * Fills `table` (a new HmsTable) with the named table as Hive's
 * ObjectStore.getTable returns it: sd with columns, serde and the rest,
 * partitionKeys, parameters, catName, ownerType, writeId, id, ... (fields
 * the Java server leaves null stay unset).  Names are looked up as given:
 * the caller normalises them.  `ids` (may be NULL) receives the keys.
 * Round trips: 1 for a table without bucketing, sort or skew rows that is
 * no materialized view (nearly all), plus 1 when its descriptor has such
 * rows, plus 1 for a materialized view's creation metadata.
 * NO_SUCH_OBJECT "hive.db.t table not found" when there is no such table
 * (or database).
 */
gboolean   hms_store_table_get (PGconn *conn, const char *catalog, const char *database,
                                const char *name, HmsTableLock lock, HmsTable *table,
                                HmsTableIds *ids, GError **error);

/*
 * The named tables of one database that exist, as new HmsTable objects in
 * the order of `names` (duplicates once, unknown names skipped), as
 * get_table_objects_by_name returns them.  Round trips whatever the number
 * of names: 1, plus 1 when some of the tables' descriptors have bucketing,
 * sort or skew rows, plus 1 when some are materialized views.
 */
GPtrArray *hms_store_table_get_many (PGconn *conn, const char *catalog, const char *database,
                                     GPtrArray *names, GError **error);

/*
 * Inserts a table whose names, location, times, owner and parameters the
 * caller has filled in: TBLS, TABLE_PARAMS, PARTITION_KEYS and the storage
 * descriptor (with a new CD).  `database_id` is the DBS row's id.
 * ALREADY_EXISTS "Table hive.db.t already exists" when the name is taken.
 * Fills `ids` when not NULL.  Round trips: 1 (TBLS and its rows) plus
 * those of hms_store_sd_insert_many, plus the id reservations
 * (hms_store_allocate_ids; usually none in a serving hms).
 */
gboolean   hms_store_table_create (PGconn *conn, gint64 database_id, const HmsTable *table,
                                   HmsTableIds *ids, GError **error);

/*
 * Rewrites the table row ids->table_id from `table` as ObjectStore.alterTable
 * does: database (ids->database_id, already the target's), name, owner,
 * owner type, retention, type, last access time, view texts, rewrite flag,
 * parameters (replaced), partition keys (replaced) and the storage
 * descriptor in place (hms_store_sd_update_many).  The creation time stays.
 * ids->column_descriptor_id says which CD the descriptor keeps: the current
 * one when the caller found the columns unchanged, 0 for a new one from
 * table->sd->cols; on return it is the CD in use.  `write_id` > 0 replaces
 * WRITE_ID, else it stays.  A name taken in the target database is
 * INVALID_OPERATION.  Round trips: 1 plus the descriptor's update.
 */
gboolean   hms_store_table_update (PGconn *conn, HmsTableIds *ids, const HmsTable *table,
                                   gint64 write_id, GError **error);

/*
 * Deletes tables by id with everything that hangs off them (partitions and
 * their descriptors, statistics, privileges, constraints, parameters) in one
 * statement.  Returns the number deleted or -1.  1 round trip.
 */
gint64     hms_store_tables_delete (PGconn *conn, const gint64 *table_ids, guint count,
                                    GError **error);

/*
 * Names of the database's tables, sorted, those whose lower-cased name is
 * LIKE one of the patterns (a JSON array from hms_name_pattern_to_like;
 * NULL: all) and, when `table_type` is not NULL, of that TBL_TYPE.
 * 1 round trip.  An unknown database gives an empty list, as in Hive.
 */
GPtrArray *hms_store_table_names (PGconn *conn, const char *catalog, const char *database,
                                  const char *like_patterns, const char *table_type,
                                  GError **error);

/*
 * The same names handed to `sink` (begin, then each name) straight from
 * PostgreSQL's result, no copy of them held.  1 round trip.
 */
gboolean   hms_store_table_names_each (PGconn *conn, const char *catalog, const char *database,
                                       const char *like_patterns, const char *table_type,
                                       const HmsListSink *sink, gpointer user_data, GError **error);

/*
 * get_table_names_by_filter: the names of the database's tables that match
 * a Hive table filter (hive_filter_field_owner__, _last_access__ and
 * _params__<key> compared with =, <>, !=, <, >, <=, >=, LIKE, joined with
 * AND / OR), sorted, at most max_tables (< 0: all).  A filter Hive cannot
 * parse, or an operator it refuses for a key, fails (HMS_ERROR_FAILED) with
 * Hive's message.  An empty filter matches every table.  1 round trip.
 */
GPtrArray *hms_store_table_names_by_filter (PGconn *conn, const char *catalog,
                                            const char *database, const char *filter,
                                            gint max_tables, GError **error);

/*
 * The TableMeta of the catalog's tables whose database LIKE one of
 * `database_likes` and name LIKE one of `table_likes` (JSON arrays; NULL:
 * all) and type in `table_types` (JSON array; NULL: all), sorted by
 * database and name, each with catName and, when the table has a
 * "comment" parameter, comments (ObjectStore.getTableMeta), handed to
 * `sink` as one HmsTableMeta refilled row after row (its strings are
 * PostgreSQL's: copy what must outlive the call).  1 round trip.
 */
gboolean   hms_store_table_meta_each (PGconn *conn, const char *catalog, const char *database_likes,
                                      const char *table_likes, const char *table_types,
                                      const HmsListSink *sink, gpointer user_data, GError **error);

/*
 * The SD_IDs and locations of a table's partitions, in PART_ID order, for
 * alter table's cascade and rename; appended to the given arrays (either may
 * be NULL).  1 round trip.
 */
gboolean   hms_store_table_partition_descriptors (PGconn *conn, gint64 table_id,
                                                  GArray *sd_ids, GPtrArray *locations,
                                                  GError **error);

/* Which partition column statistics hms_store_table_delete_stale_column_statistics deletes. */
typedef enum
{
  HMS_PARTITION_STATISTICS_KEEP,    /* none */
  HMS_PARTITION_STATISTICS_STALE,   /* those of columns no longer there */
  HMS_PARTITION_STATISTICS_ALL,     /* all of them */
} HmsPartitionStatistics;

/*
 * After a column change: deletes the table's column statistics whose
 * column is no longer there with the same name and type
 * (HiveAlterHandler.deleteTableColumnStats), and its partitions' as
 * `partitions` says; returns the names of the table-level statistics
 * deleted, for COLUMN_STATS_ACCURATE.  1 round trip.
 */
GPtrArray *hms_store_table_delete_stale_column_statistics (PGconn *conn, gint64 table_id,
                                                           GPtrArray *columns,
                                                           HmsPartitionStatistics partitions,
                                                           GError **error);

/*
 * The parameter side of truncate_table (HMSHandler.updateStatsForTruncate):
 * the basic statistics present (numFiles, numRows, totalSize, rawDataSize,
 * numFilesErasureCoded) become "0" and COLUMN_STATS_ACCURATE becomes
 * {"BASIC_STATS":"true"}, on the table itself when `partitions` is FALSE,
 * else on its partitions named in `partition_names` (a JSON array; NULL:
 * all), which also get transient_lastDdlTime when they have none (or "0").
 * 1 round trip.
 */
gboolean   hms_store_table_truncate_statistics (PGconn *conn, gint64 table_id, gboolean partitions,
                                                const char *partition_names, GError **error);

/*
 * The locations Hive would look at to truncate: those of the partitions
 * named in `partition_names` (JSON array; NULL: all).  1 round trip.
 */
GPtrArray *hms_store_table_partition_locations (PGconn *conn, gint64 table_id,
                                                const char *partition_names, GError **error);

#endif /* HMS_STORE_TABLE_H */
