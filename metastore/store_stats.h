/*
 * store_stats.h
 *    Column statistics as rows: TAB_COL_STATS and PART_COL_STATS, reached
 *    through TBL_ID and PART_ID (the 4.1+ schema has no name columns in
 *    them), with the COLUMN_STATS_ACCURATE parameter and write id of their
 *    table or partition.
 *
 * Rows travel as HmsStatsRow (stats_values.h).  Every function costs a
 * fixed number of round trips whatever the number of columns and
 * partitions: lists go to PostgreSQL as one JSON parameter each.
 */
#ifndef HMS_STORE_STATS_H
#define HMS_STORE_STATS_H

#include <glib.h>
#include <libpq-fe.h>

#include "stats_values.h"

/* Row locks a lookup takes, held until the transaction ends. */
typedef enum
{
  HMS_STATS_LOCK_NONE,
  HMS_STATS_LOCK_SHARE,    /* FOR SHARE: the table of partition statistics being written */
  HMS_STATS_LOCK_UPDATE,   /* FOR UPDATE: the table or partitions whose parameters change */
} HmsStatsLock;

/* What the statistics calls need to know of a table. */
typedef struct
{
  gint64     table_id;        /* 0: no such table */
  gint64     write_id;        /* TBLS.WRITE_ID */
  char      *accurate;        /* COLUMN_STATS_ACCURATE, NULL when absent */
  gboolean   transactional;   /* parameter "transactional" is "true" (any case) */
  gboolean   has_descriptor;  /* has a storage descriptor */
  GPtrArray *columns;         /* names of its columns (sd.cols), in order */
  GPtrArray *partition_keys;  /* names of its partition keys, in order */
} HmsStatsTable;

void hms_stats_table_clear (HmsStatsTable *table);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HmsStatsTable, hms_stats_table_clear)

/*
 * Fills `table` with the named table (names as stored: the caller
 * normalises them), taking `lock` on its TBLS row; table_id 0 when there
 * is no such table.  1 round trip.
 */
gboolean   hms_store_stats_table (PGconn *conn, const char *catalog, const char *database,
                                  const char *name, HmsStatsLock lock, HmsStatsTable *table,
                                  GError **error);

/* A partition as the statistics calls see it. */
typedef struct
{
  char    *name;           /* PART_NAME */
  gint64   partition_id;   /* 0: no such partition */
  gint64   write_id;
  char    *accurate;       /* COLUMN_STATS_ACCURATE, NULL when absent */
} HmsStatsPartition;

void       hms_stats_partition_free (HmsStatsPartition *partition);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HmsStatsPartition, hms_stats_partition_free)

/*
 * The partitions of table `table_id` named `names` (PART_NAMEs), one
 * HmsStatsPartition per name in the same order (partition_id 0 for a name
 * with no partition), locking the rows FOR UPDATE when `lock`.
 * 1 round trip whatever the number of names.
 */
GPtrArray *hms_store_stats_partitions (PGconn *conn, gint64 table_id, GPtrArray *names,
                                       gboolean lock, GError **error);

/* A change to a table or partition made with its statistics. */
typedef struct
{
  gint64    owner_id;         /* TBL_ID or PART_ID */
  gboolean  change_accurate;  /* write `accurate` (NULL: remove the parameter) */
  char     *accurate;
  gboolean  change_write_id;  /* set WRITE_ID to `write_id` */
  gint64    write_id;
} HmsStatsOwnerChange;

void hms_stats_owner_change_clear (HmsStatsOwnerChange *change);

/*
 * Upserts `rows` (each with owner_id, engine, column name and type) into
 * TAB_COL_STATS (`partitions` FALSE, owners are TBL_IDs) or PART_COL_STATS
 * (owners are PART_IDs) as Hive's ObjectStore does: a row for the same
 * owner, column and engine gets the new row's non-NULL values (its
 * COLUMN_TYPE stays), LAST_ANALYZED and ENGINE; other rows are inserted
 * with CS_IDs from SEQUENCE_TABLE.  Then applies `changes`
 * (HmsStatsOwnerChange) to TABLE_PARAMS / PARTITION_PARAMS and TBLS /
 * PARTITIONS.  1 round trip, plus the CS ids' reservation with new rows
 * (hms_store_allocate_ids).
 */
gboolean   hms_store_stats_write (PGconn *conn, gboolean partitions, GPtrArray *rows,
                                  gint64 last_analyzed, GArray *changes, GError **error);

/*
 * Reads the table-level statistics of `columns` for `engine` of the named
 * table into `rows` (in the order of `columns`, columns without statistics
 * absent), filling `table` (only table_id, write_id, accurate and
 * transactional; table_id 0 when there is no such table).  Bit vectors and
 * histograms are read only when asked for.  1 round trip.
 */
gboolean   hms_store_stats_read_table (PGconn *conn, const char *catalog, const char *database,
                                       const char *name, GPtrArray *columns, const char *engine,
                                       gboolean bit_vectors, gboolean histograms,
                                       HmsStatsTable *table, GPtrArray *rows, GError **error);

/*
 * Reads the statistics of `columns` for `engine` in the partitions named
 * `partition_names` (PART_NAMEs) of the named table into `rows`, ordered
 * by partition name then by the order of `columns`; each row carries its
 * partition_name, owner_id (PART_ID), and in `partition_states` (when not
 * NULL; PART_NAME -> HmsStatsPartition) its partition's write id and
 * COLUMN_STATS_ACCURATE.  Fills `table` as hms_store_stats_read_table.
 * 1 round trip whatever the number of partitions and columns.
 */
gboolean   hms_store_stats_read_partitions (PGconn *conn, const char *catalog, const char *database,
                                            const char *name, GPtrArray *partition_names,
                                            GPtrArray *columns, const char *engine,
                                            gboolean bit_vectors, gboolean histograms,
                                            HmsStatsTable *table, GPtrArray *rows,
                                            GHashTable *partition_states, GError **error);

/*
 * MetaStoreDirectSql's aggregation over the partitions `partition_names`
 * of the named table for `columns` and `engine`: one aggregate row per
 * stored (column, type) in `aggregates` (min of lower bounds, max of upper
 * bounds, sums of null/true/false counts, max NDV, lengths, average
 * densities, sum of NDVs, row_count), and in *parts_found the number of
 * partitions that have statistics for all `columns` (a list of n names,
 * duplicates counted, as Hive counts them).  *table_id is 0 when there is
 * no such table.  1 round trip.
 */
gboolean   hms_store_stats_aggregate (PGconn *conn, const char *catalog, const char *database,
                                      const char *name, GPtrArray *partition_names,
                                      GPtrArray *columns, const char *engine, gint64 *table_id,
                                      gint64 *parts_found, GPtrArray *aggregates, GError **error);

/*
 * Deletes the statistics rows of one owner (TBL_ID, or PART_ID when
 * `partition`), of one column (NULL: all) and engine (NULL: all), and
 * applies `change` to the owner when not NULL.  1 round trip.
 */
gboolean   hms_store_stats_delete (PGconn *conn, gboolean partition, gint64 owner_id,
                                   const char *column, const char *engine,
                                   const HmsStatsOwnerChange *change, GError **error);

#endif /* HMS_STORE_STATS_H */
