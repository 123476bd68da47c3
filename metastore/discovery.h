/*
 * discovery.h
 *    Partition discovery: the partitions of a table found in its S3
 *    location and registered or dropped to match, as Hive's MSCK REPAIR
 *    TABLE ... ADD/DROP/SYNC PARTITIONS does (Msck, HiveMetaStoreChecker),
 *    and the periodic task that does it for every table with
 *    discover.partitions=true, as Hive's PartitionManagementTask does, but
 *    every few seconds.
 *
 * A table's location is listed level by level with the delimiter "/", one
 * level per partition key, so that only directories are listed, never
 * every object.  At each level a directory must be KEY=VALUE for that
 * level's key (the key compared without case, both unescaped as
 * FileUtils.unescapePathName does); names starting with '_' or '.'
 * (_temporary, _SUCCESS, .hive-staging...) and the S3 sink's tombstone/
 * folders are skipped in silence, other directories that do not match are
 * skipped and logged once.  Objects (the sink's .keys. files among them)
 * are never partitions.
 *
 * The listing is compared with what is registered (one query); the
 * missing partitions are added and the vanished ones dropped in one
 * transaction.  A partition is dropped only when its location lies under
 * the table's location and the complete listing did not find it; a
 * listing that fails, is cut short or is denied changes nothing.  An
 * unchanged table costs 2 queries and no write.
 */
#ifndef HMS_DISCOVERY_H
#define HMS_DISCOVERY_H

#include <gio/gio.h>
#include <glib.h>
#include <libpq-fe.h>

#include "conf.h"
#include "s3_config.h"

/* MSCK REPAIR TABLE's ADD, DROP and SYNC PARTITIONS. */
typedef enum
{
  HMS_DISCOVERY_ADD  = 1 << 0,
  HMS_DISCOVERY_DROP = 1 << 1,
  HMS_DISCOVERY_SYNC = HMS_DISCOVERY_ADD | HMS_DISCOVERY_DROP,
} HmsDiscoveryMode;

/* What one discovery found and did; the arrays hold partition names. */
typedef struct
{
  GPtrArray *added;     /* missing from the metastore: added (or, dry run, to add) */
  GPtrArray *dropped;   /* gone from S3: dropped (or, dry run, to drop) */
  GPtrArray *ignored;   /* directories skipped because they match no partition key,
                         * as "relative/path (why)" */
  guint      listings;  /* ListObjectsV2 listings made (each may be many pages) */
} HmsDiscoveryResult;

void hms_discovery_result_clear (HmsDiscoveryResult *result);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HmsDiscoveryResult, hms_discovery_result_clear)

/*
 * Discovers the partitions of CATALOG.DATABASE.TABLE (names as stored:
 * lower case) on CONN, outside any transaction of the caller's.  MODE says
 * whether missing partitions are added, vanished ones dropped, or both;
 * DRY_RUN computes the same RESULT and writes nothing.  A new partition
 * gets what Msck gives it (MetaStoreServerUtils.createMetaPartitionObject,
 * then add_partitions): the table's storage descriptor with the
 * partition's directory as location, createTime and transient_lastDdlTime
 * of now, the table's writeId, and the table parameters named by
 * metastore.partition.inherit.table.properties.
 * Round trips: 2 when nothing changes; else 2 + 2 + those of adding
 * (5 to 7) + 1 (dropping) + begin and commit, whatever the number of
 * partitions.  Errors: HMS_ERROR_NO_SUCH_OBJECT for no such table,
 * HMS_ERROR_FAILED for an unpartitioned table or one not on S3, the S3
 * client's error (naming the location and the reason) for a listing.
 */
gboolean hms_discovery_run_table (PGconn *conn, HmsConf *conf, HmsS3Clients *clients,
                                  const char *catalog, const char *database, const char *table,
                                  HmsDiscoveryMode mode, gboolean dry_run,
                                  HmsDiscoveryResult *result, GCancellable *cancellable,
                                  GError **error);

/*
 * The periodic task: a thread that every
 * metastore.partition.management.task.frequency discovers (adds and drops)
 * the partitions of every table with discover.partitions=true whose type
 * is in metastore.partition.management.table.types, holding the
 * PostgreSQL advisory lock HMS_DISCOVERY_LOCK_KEY on a connection of its
 * own so that one replica at a time does it (the others try again each
 * period).  Failures are logged, once until they change, and the task goes
 * on.  NULL (logged) when the frequency is 0 or cannot be read, or when
 * metastore.housekeeping.threads.on is false: Hive runs the task among
 * its housekeeping threads.
 */
#define HMS_DISCOVERY_LOCK_KEY G_GINT64_CONSTANT (0x686d73646973636f) /* "hmsdisco" */

typedef struct HmsDiscoveryTask HmsDiscoveryTask;

HmsDiscoveryTask *hms_discovery_task_start (HmsConf *conf, const char *conninfo);

/* Stops the task, cancelling a listing in progress, and waits for its thread.  NULL is fine. */
void hms_discovery_task_stop (HmsDiscoveryTask *task);

#endif /* HMS_DISCOVERY_H */
