/*
 * embedded.h
 *    The embedded metastore database: when no database is configured,
 *    `hms serve` runs a private PostgreSQL cluster in its data folder, the
 *    way the Java metastore falls back to an embedded Derby.
 *
 * The cluster lives in DATA_DIR/pgdata and listens on a Unix socket only
 * (listen_addresses is empty), in a directory that only the cluster's owner
 * can enter; local connections are trusted, so nothing but that user and
 * root can reach it, and there is no password to keep.  A second start
 * reuses the cluster and its data.
 */
#ifndef HMS_EMBEDDED_H
#define HMS_EMBEDDED_H

#include <glib.h>

typedef struct HmsEmbedded HmsEmbedded;

/*
 * Starts (creating it with initdb on the first start) the PostgreSQL cluster
 * in data_dir/pgdata, waits until it accepts connections, and creates
 * database "metastore" when missing.  The binaries are initdb and pg_ctl of
 * the cluster's major version under /usr/lib/postgresql, else those on PATH,
 * else the highest version under /usr/lib/postgresql.
 *
 * PostgreSQL refuses to run as root: then the cluster runs as the owner of
 * data_dir when that is not root, else as user "postgres"; data_dir is given
 * to that user.  A cluster left running by an earlier hms that died is
 * reused; a data folder held by another running hms is an error
 * (HMS_ERROR_CONFIG), as is any failure of initdb or pg_ctl, whose output
 * the error quotes.
 */
HmsEmbedded *hms_embedded_start (const char *data_dir, GError **error);

/* libpq conninfo for database "metastore" of the running cluster. */
const char  *hms_embedded_conninfo (HmsEmbedded *embedded);

/* Stops the cluster (pg_ctl stop -m fast, waiting) and frees embedded. */
void         hms_embedded_stop (HmsEmbedded *embedded);

#endif /* HMS_EMBEDDED_H */
