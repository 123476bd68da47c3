/*
 * store_discovery.h
 *    The rows partition discovery reads: the partitions a table has
 *    registered (name, location, creation time), and the tables the
 *    partition management task looks after.
 */
#ifndef HMS_STORE_DISCOVERY_H
#define HMS_STORE_DISCOVERY_H

#include <glib.h>
#include <libpq-fe.h>

/* One registered partition, as discovery compares it with a listing. */
typedef struct
{
  gint64  partition_id;
  char   *name;          /* PART_NAME, escaped as Hive writes it */
  char   *location;      /* its SDS.LOCATION; NULL when none */
  gint64  create_time;   /* seconds since the epoch */
} HmsRegisteredPartition;

void hms_registered_partition_free (HmsRegisteredPartition *partition);

/*
 * Every partition of table `table_id`, ordered by PART_NAME, as
 * HmsRegisteredPartition.  1 round trip.
 */
GPtrArray *hms_store_discovery_registered (PGconn *conn, gint64 table_id, GError **error);

/* A table the partition management task looks after. */
typedef struct
{
  char *catalog;
  char *database;
  char *table;
} HmsDiscoveryTableName;

void hms_discovery_table_name_free (HmsDiscoveryTableName *name);

/*
 * The partitioned tables whose parameter discover.partitions is "true" and
 * whose TBL_TYPE is one of `table_types`, as PartitionManagementTask picks
 * them (Hive matches "true" exactly; here any case and surrounding blanks
 * are taken, types too), ordered by catalog, database and name.
 * 1 round trip.
 */
GPtrArray *hms_store_discovery_tables (PGconn *conn, const char *const *table_types,
                                       GError **error);

/*
 * The registered partitions of table `table_id` among the `count` names
 * `names` (PART_NAME, as Hive writes them), as HmsRegisteredPartition in
 * no particular order; names not registered are left out.  `lock` takes
 * the PARTITIONS rows FOR SHARE or FOR UPDATE (see HmsTableLock), held
 * until the caller's transaction ends.  1 round trip.
 */
GPtrArray *hms_store_discovery_registered_by_name (PGconn *conn, gint64 table_id,
                                                   const char *const *names, guint count,
                                                   int lock, GError **error);

/* A table whose S3 location holds an object of a bucket notification. */
typedef struct
{
  guint   path_index;   /* which of the paths given */
  gint64  table_id;
  char   *catalog;
  char   *database;
  char   *table;
  char   *location;     /* SDS.LOCATION as stored */
  char  **keys;         /* partition key names in order, NULL-terminated */
} HmsDiscoveryObjectMatch;

void hms_discovery_object_match_free (HmsDiscoveryObjectMatch *match);

/*
 * For each of the `count` object paths `paths` ("bucket/key", the key
 * decoded), the tables the partition management task looks after (as
 * hms_store_discovery_tables picks them, `table_types` alike) whose
 * location, an s3a://, s3:// or s3n:// URI, is a directory holding the
 * object: the path starts with the location's "bucket/key" and a '/'.
 * As HmsDiscoveryObjectMatch, ordered by path then table id; a path under
 * no such table gives nothing.  1 round trip whatever `count`.
 */
GPtrArray *hms_store_discovery_match_objects (PGconn *conn, const char *const *paths, guint count,
                                              const char *const *table_types, GError **error);

#endif /* HMS_STORE_DISCOVERY_H */
