/*
 * warehouse.h
 *    Locations as Hive's Warehouse class computes them: paths qualified
 *    with a file system scheme, and the default places of databases.
 */
#ifndef HMS_WAREHOUSE_H
#define HMS_WAREHOUSE_H

#include "handler.h"

/*
 * A path with a scheme kept as it is; one without qualified against
 * fs.defaultFS (default file:///) the way Hadoop's Path does:
 * "/data/wh" becomes "file:/data/wh", or "hdfs://nn:8020/data/wh".
 * A trailing slash is dropped.
 */
char *hms_warehouse_qualify_path (const char *default_fs, const char *path);
char *hms_warehouse_qualify (HmsContext *context, const char *path);

/*
 * Where a database lives when its creator gave no location, as Hive 4's
 * Warehouse.getDefaultDatabasePath places it: NAME.db under the external
 * warehouse root (managed: the managed root), or the root itself for
 * "default".  The external root is the managed one when not configured.
 */
char *hms_warehouse_database_location (HmsContext *context, const char *name, gboolean managed);

#endif /* HMS_WAREHOUSE_H */
