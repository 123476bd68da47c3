/*
 * store_partition.h
 *    Partitions as rows: PARTITIONS, PARTITION_KEY_VALS, PARTITION_PARAMS,
 *    each partition's storage descriptor (through store_sd.h), and the rows
 *    that die with a partition (PART_COL_STATS, PART_PRIVS, PART_COL_PRIVS).
 *
 * Every function works on sets: a call costs the round trips its comment
 * states whatever the number of partitions (names and ids go in as
 * arrays, values and parameter maps as one JSON document; rows come back
 * with their values and parameters as arrays).  Results are ordered by PART_NAME, as
 * Hive's metastore.partition.order.expr ("PART_NAME" asc) orders them.
 * Functions run inside the caller's transaction when there is one.
 */
#ifndef HMS_STORE_PARTITION_H
#define HMS_STORE_PARTITION_H

#include <glib.h>
#include <libpq-fe.h>

#include "hms_hive_metastore_types.h"
#include "partition_filter.h"
#include "store.h"

/* Which partitions of a table a query is about. */
typedef enum
{
  HMS_PARTITION_MATCH_ALL,
  HMS_PARTITION_MATCH_NAMES,      /* PART_NAME in `names` */
  HMS_PARTITION_MATCH_VALUES,     /* `values` by key position, "" matching any value */
  HMS_PARTITION_MATCH_FILTER,     /* a filter's SQL */
} HmsPartitionMatchKind;

/*
 * The first parameter number a filter's SQL may use in these queries
 * (hms_partition_filter_to_sql's first_parameter).
 */
#define HMS_STORE_PARTITION_FILTER_FIRST_PARAMETER 3

typedef struct
{
  HmsPartitionMatchKind        kind;
  GPtrArray                   *names;    /* NAMES */
  GPtrArray                   *values;   /* VALUES: a prefix of the keys, or all of them */
  const HmsPartitionFilterSql *filter;   /* FILTER */
  /*
   * VALUES, optional: the table's partition key names (NUL-terminated).
   * With them the leading fixed values also narrow the partitions by name
   * (PART_NAME LIKE 'k1=v1/k2=v2/%', as Hive matches partial
   * specifications), which an index on PART_NAME can serve.
   */
  const char *const           *keys;
} HmsPartitionMatch;

/* The surrogate keys of a stored partition. */
typedef struct
{
  gint64 partition_id;
  gint64 sd_id;                 /* 0 when the partition has no storage descriptor */
  gint64 column_descriptor_id;  /* 0 when none */
} HmsPartitionIds;

/*
 * Names of the matching partitions of table `table_id`, at most
 * `max_partitions` (< 0: all).  1 round trip.  A filter whose casts meet a
 * stored value they cannot read fails as Hive does (see
 * HMS_PARTITION_FILTER_TYPE_MESSAGE).
 */
GPtrArray *hms_store_partition_names (PGconn *conn, gint64 table_id, const HmsPartitionMatch *match,
                                      gint max_partitions, GError **error);

/* Number of matching partitions.  1 round trip. */
gint64     hms_store_partition_count (PGconn *conn, gint64 table_id, const HmsPartitionMatch *match,
                                      GError **error);

/*
 * The matching partitions as new HmsPartition objects, filled as Hive's
 * direct SQL fills them: values in key order, catName, dbName, tableName
 * (the given ones), createTime, lastAccessTime, writeId, parameters
 * (always set), and sd with its columns, serde and the rest (unset when
 * the row has no descriptor, as for a view's partitions).  When `ids` is
 * not NULL it receives an HmsPartitionIds per partition, in the same order.
 * `lock` takes the PARTITIONS rows FOR UPDATE (the caller changes them).
 * 2 round trips (rows, then descriptors with each shared column list sent
 * once).
 */
GPtrArray *hms_store_partition_get_many (PGconn *conn, gint64 table_id, const HmsPartitionMatch *match,
                                         gint max_partitions, const char *catalog,
                                         const char *database, const char *table,
                                         gboolean lock, GArray *ids, GError **error);

/*
 * The partitions hms_store_partition_get_many would return (same fields,
 * same order; no lock, no ids), handed to sink->partition one by one
 * without holding more than a chunk of 1,000 rows: the answer's size does
 * not decide the memory used.  An answer that can fit in one chunk (at
 * most 1,000 names asked for, max_partitions <= 1,000, or fewer rows
 * found) is read by one statement: 2 round trips, as get_many.  A larger
 * one is read in a REPEATABLE READ READ ONLY transaction (when none is
 * open: the caller's is used otherwise), so the count announced and the
 * rows that follow agree: the ids first, then rows and descriptors per
 * chunk.  A filter's rows always come from one statement, as get_many
 * reads them (its casts must meet the rows they met there), held as
 * PostgreSQL sent them while their objects are built a chunk at a time.
 * Round trips: 2 for up to 1,000 partitions; else 3 + 2 per 1,000
 * partitions (+1 when neither names nor max_partitions bounded it); by
 * filter, 1 + 1 per 1,000.
 */
gboolean   hms_store_partition_stream (PGconn *conn, gint64 table_id, const HmsPartitionMatch *match,
                                       gint max_partitions, const char *catalog,
                                       const char *database, const char *table,
                                       const HmsListSink *sink, gpointer user_data,
                                       GError **error);

/*
 * The names hms_store_partition_names would return, handed to sink->name
 * one by one, at most 10,000 held at once.  Up to 10,000 names: 1 round
 * trip.  More: in a REPEATABLE READ READ ONLY transaction as above, a
 * count then chunks that continue after the last name sent.  Round trips:
 * 1 for up to 10,000 names; else 3 + 1 per 10,000 names (+1 when
 * max_partitions did not bound it).
 */
gboolean   hms_store_partition_names_stream (PGconn *conn, gint64 table_id,
                                             const HmsPartitionMatch *match, gint max_partitions,
                                             const HmsListSink *sink, gpointer user_data,
                                             GError **error);

/*
 * Inserts `count` new partitions of table `table_id`: partitions[i] (its
 * values, createTime, lastAccessTime, parameters and sd, all final) under
 * the name names[i].  column_descriptor_ids (may be NULL) is as for
 * hms_store_sd_insert_many: > 0 shares that CD (the table's, when the
 * partition's columns equal the table's), 0 gives a new one.  The WRITE_ID
 * is the partition's writeId when set and positive, else 0, as
 * DataNucleus leaves it.  ALREADY_EXISTS when a name is taken.
 * Round trips: 1 (rows) + those of hms_store_sd_insert_many + the id
 * reservations (hms_store_allocate_ids; with blocks reserved beforehand,
 * none for small batches): 2 to 7 whatever `count`.
 */
gboolean   hms_store_partition_insert_many (PGconn *conn, gint64 table_id,
                                            HmsPartition *const *partitions,
                                            const char *const *names, guint count,
                                            gint64 *column_descriptor_ids, GError **error);

/*
 * Rewrites existing partitions ids[i] from partitions[i] as
 * ObjectStore.alterPartition does: name (names[i]) and values, parameters
 * (replaced), createTime, lastAccessTime, writeId when `set_write_id`,
 * and the storage descriptor in place (hms_store_sd_update_many with
 * column_descriptor_ids as it takes them).  A partition without an sd
 * keeps its descriptor.  Round trips: 1 + those of the descriptor update.
 */
gboolean   hms_store_partition_update_many (PGconn *conn, const HmsPartitionIds *ids,
                                            HmsPartition *const *partitions,
                                            const char *const *names, guint count,
                                            gint64 *column_descriptor_ids, gboolean set_write_id,
                                            GError **error);

/*
 * Deletes partitions by id with every row that depends on them:
 * PARTITION_KEY_VALS, PARTITION_PARAMS, PART_COL_STATS, PART_PRIVS,
 * PART_COL_PRIVS, their storage descriptors with serdes, parameters,
 * bucketing, sort and skew rows, and their column descriptors when no
 * other descriptor uses them.  Returns the number of partitions deleted,
 * or -1.  1 round trip.
 */
gint64     hms_store_partition_delete_many (PGconn *conn, const gint64 *partition_ids, guint count,
                                            GError **error);

/*
 * Deletes the column statistics of partitions whose column is no longer
 * among their columns, as HiveAlterHandler does when an alter drops or
 * retypes columns.  `partitions_json` is a JSON array of
 * {"id": PART_ID, "cols": [[name, type], ...]} with the columns each
 * partition keeps (compared without case).  Appends one entry per deleted
 * (partition, column) to `partition_ids` (gint64) and `columns` (strings).
 * 1 round trip.
 */
gboolean   hms_store_partition_delete_stale_column_stats (PGconn *conn, const char *partitions_json,
                                                          GArray *partition_ids, GPtrArray *columns,
                                                          GError **error);

#endif /* HMS_STORE_PARTITION_H */
