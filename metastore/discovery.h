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
 *
 * Retention (PartitionManagementTask, partition.retention.period): with
 * HMS_DISCOVERY_RETENTION the partitions whose age (now - CREATE_TIME)
 * exceeds the table property partition.retention.period ("7d", "10m",
 * "3600s", a bare number of seconds) are dropped too, in the same
 * transaction, and with HMS_DISCOVERY_DELETE_DATA their data is deleted
 * after the commit when the table is managed or external with
 * external.table.purge, as the task's drop_partitions with deleteData
 * does.  The directory of an expired partition of an external table
 * without purge stays, so a later discovery registers it again as a new
 * partition, as Hive's task does.
 *
 * Bucket notifications (hms_discovery_apply_events, discovery_event.c):
 * an object created in a partition directory of a table with
 * discover.partitions=true registers that partition, and an object removed
 * drops it once its directory holds no object, without listing the table.
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
  /* With HMS_DISCOVERY_DROP: also drop the partitions older than the table's partition.retention.period. */
  HMS_DISCOVERY_RETENTION = 1 << 2,
  /* Delete the data of the expired partitions of managed and purged tables (the periodic task). */
  HMS_DISCOVERY_DELETE_DATA = 1 << 3,
} HmsDiscoveryMode;

/* What one discovery found and did; the arrays hold partition names. */
typedef struct
{
  GPtrArray *added;     /* missing from the metastore: added (or, dry run, to add) */
  GPtrArray *dropped;   /* gone from S3: dropped (or, dry run, to drop) */
  GPtrArray *ignored;   /* directories skipped because they match no partition key,
                         * as "relative/path (why)" */
  GPtrArray *expired;   /* older than the retention period: dropped (or, dry run, to drop) */
  guint      listings;  /* ListObjectsV2 listings made (each may be many pages) */
  gint64     retention_seconds;  /* the retention period applied, 0 for none */
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
 * (5 to 7) + 1 (dropping, vanished and expired together) + begin and
 * commit, whatever the number of partitions.  Errors: HMS_ERROR_NO_SUCH_OBJECT for no such table,
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

/* --- bucket notifications (discovery_event.c) ---------------------------- */

typedef enum
{
  HMS_OBJECT_CREATED,   /* s3:ObjectCreated:* */
  HMS_OBJECT_REMOVED,   /* s3:ObjectRemoved:* */
} HmsObjectEventKind;

/* One object that appeared or went: its bucket and its key, decoded. */
typedef struct
{
  HmsObjectEventKind kind;
  char              *bucket;
  char              *key;
} HmsObjectEvent;

HmsObjectEvent *hms_object_event_new (HmsObjectEventKind kind, const char *bucket, const char *key);
void hms_object_event_free (HmsObjectEvent *event);

/* What a batch of events did; partitions named "catalog.database.table:name". */
typedef struct
{
  GPtrArray *added;      /* registered */
  GPtrArray *dropped;    /* dropped: their directory holds no object any more */
  GPtrArray *kept;       /* an object went, others are left: the partition stays */
  guint      matched;    /* events inside a partition directory of some table */
  guint      ignored;    /* events under no such table, or not data */
  guint      listings;   /* ListObjectsV2 requests made */
} HmsEventResult;

void hms_event_result_clear (HmsEventResult *result);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HmsEventResult, hms_event_result_clear)

/*
 * Applies EVENTS (HmsObjectEvent *) on CONN, outside any transaction of
 * the caller's.  The tables looked at are those the periodic task looks
 * after (discover.partitions=true, partitioned, a type of
 * metastore.partition.management.table.types) whose S3 location holds the
 * object; the object's directories below the location must be KEY=VALUE
 * for the partition keys in order, the rules of the listing applied
 * (hidden names, tombstone/, and for a created object also a hidden name
 * below the partition or a .keys. file, are not data).
 *
 * A created object registers its partition when missing, as discovery
 * would (one transaction per table; a partition that another replica or
 * the periodic task added first is success).  A removed object drops its
 * partition when the partition's location is that directory and one
 * ListObjectsV2 of the directory with max-keys 1 finds nothing; a listing
 * that fails drops nothing.  The partition rows are locked (FOR SHARE when
 * adding, FOR UPDATE when dropping) so that an object created while a
 * drop is decided waits for it and registers its partition again.
 *
 * Every table is handled even when one fails; FALSE with the first error
 * when any failed (what succeeded stays done, and applying the same
 * events again is harmless).  Round trips: 1 to match all events with
 * their tables, then per table with created objects 3 when their
 * partitions exist (begin, check, commit), 4 + 5 to 7 when some are
 * added; per table with removed objects 3 + 1 when some are dropped;
 * whatever the number of events.
 */
gboolean hms_discovery_apply_events (PGconn *conn, HmsConf *conf, HmsS3Clients *clients,
                                     GPtrArray *events, HmsEventResult *result,
                                     GCancellable *cancellable, GError **error);

#endif /* HMS_DISCOVERY_H */
