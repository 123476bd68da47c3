/*
 * warehouse_fs.h
 *    Deleting the data of dropped and truncated tables, partitions and
 *    databases, as Hive's Warehouse.deleteDir does once the metadata change
 *    committed: best effort, a failure is logged and never undoes the drop.
 *
 * hms reaches two kinds of locations: S3 (s3a://, s3://, s3n://, through
 * hms's own client configured like S3A, s3_config.h) and the local file
 * system (file:).  For any other scheme (hdfs:, abfs:, ...) it logs that
 * it cannot delete there.
 *
 * A location is a directory.  On S3 that is every object whose key starts
 * with "KEY/" (the directory marker "KEY/" included); nothing outside that
 * prefix is touched, a sibling "KEY2/" or "KEY_other" included, and a
 * location without a key (a bucket root) is refused.  On the local file
 * system "/" and the warehouse roots are refused.
 */
#ifndef HMS_WAREHOUSE_FS_H
#define HMS_WAREHOUSE_FS_H

#include "handler.h"

/*
 * Deletes the directory LOCATION and everything below it, or, with
 * KEEP_DIRECTORY (truncate), everything below it only.  *DELETED (may be
 * NULL) counts the objects or files deleted, also when the call fails
 * half way.  A location that does not exist is deleted already: TRUE with
 * a count of 0.  FALSE with ERROR when the location cannot be deleted by
 * hms (refused, unknown scheme) or a deletion failed.
 */
gboolean hms_warehouse_fs_delete (HmsContext *context, const char *location,
                                  gboolean keep_directory, guint64 *deleted, GError **error);

/*
 * hms_warehouse_fs_delete, logged as Hive logs it: a message naming WHAT
 * (e.g. "drop_table hive.db.t"), the location and the object count, or a
 * warning with the reason it was not deleted.  Never fails.
 */
void hms_warehouse_fs_delete_logged (HmsContext *context, const char *what, const char *location,
                                     gboolean keep_directory);

/*
 * TRUE when CHILD is PARENT or lies below it, comparing locations as
 * paths (a trailing slash ignored): "s3a://b/t/p=1" is below "s3a://b/t",
 * "s3a://b/t2" is not.
 */
gboolean hms_warehouse_fs_is_below (const char *parent, const char *child);

#endif /* HMS_WAREHOUSE_FS_H */
