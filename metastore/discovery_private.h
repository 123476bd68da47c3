/*
 * discovery_private.h
 *    What the two halves of partition discovery share: the listing of a
 *    table (discovery.c) and the bucket notifications (discovery_event.c)
 *    read directory names, skip what is not data and build new partitions
 *    the same way, so that an object seen by either is judged alike.
 *    Not for use outside discovery*.c.
 */
#ifndef HMS_DISCOVERY_PRIVATE_H
#define HMS_DISCOVERY_PRIVATE_H

#include <glib.h>

#include "conf.h"
#include "hms_thrift_hive_metastore.h"

/* Not data: Hive's hidden names (FileUtils.HIDDEN_FILES_PATH_FILTER: a
 * leading '_' or '.', so _temporary, _SUCCESS, .hive-staging) and the S3
 * sink's tombstone folders. */
gboolean hms_discovery_is_hidden (const char *component);

/*
 * The value of COMPONENT ("key=value", escaped as Hive escapes directory
 * names) when its key is KEY (without case), unescaped; else NULL with WHY
 * set (newly allocated) to say what is wrong.
 */
char *hms_discovery_component_value (const char *component, const char *key, char **why);

/* Logs that LOCATION was skipped, and WHY, the first time this process sees it. */
void hms_discovery_log_ignored_once (const char *location, const char *why);

/* "bucket" and "key/without/trailing/slash" of an S3 location, or FALSE. */
gboolean hms_discovery_split_location (const char *location, char **bucket, char **key);

/*
 * The partition Msck registers for the directory RELATIVE (below
 * TABLE_LOCATION, no slash at either end) with VALUES
 * (MetaStoreServerUtils.createMetaPartitionObject): the table's storage
 * descriptor with the directory as location, createTime and
 * transient_lastDdlTime of NOW, the table's writeId, and the table
 * parameters metastore.partition.inherit.table.properties names.
 */
HmsPartition *hms_discovery_new_partition (HmsConf *conf, HmsTable *table, const char *catalog,
                                           const char *table_location, const char *relative,
                                           GPtrArray *values, gint64 now);

#endif /* HMS_DISCOVERY_PRIVATE_H */
