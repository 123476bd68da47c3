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

#endif /* HMS_STORE_DISCOVERY_H */
