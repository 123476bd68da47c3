/*
 * pgpool.h
 *    A bounded pool of PostgreSQL connections shared by the connection
 *    threads: each Thrift call borrows one for its duration.
 */
#ifndef HMS_PGPOOL_H
#define HMS_PGPOOL_H

#include <glib.h>
#include <libpq-fe.h>

typedef struct HmsPool HmsPool;

/*
 * Connections are opened lazily, at most max_size of them; each keeps its
 * statements prepared (hms_db_enable_statement_cache) and runs with
 * jit = off.
 */
HmsPool *hms_pool_new (const char *conninfo, guint max_size);
void     hms_pool_free (HmsPool *pool);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HmsPool, hms_pool_free)

/*
 * Borrows a connection that is idle and outside any transaction, waiting
 * while all max_size are in use.  A connection that broke since it was last
 * used is replaced.  NULL with an error when PostgreSQL cannot be reached.
 */
PGconn  *hms_pool_borrow (HmsPool *pool, GError **error);

/* Gives a connection back; a broken one, or one left inside a transaction, is closed. */
void     hms_pool_return (HmsPool *pool, PGconn *conn);

/*
 * Takes an open connection made elsewhere (the one start-up checked the
 * schema with) into the pool as an idle connection, so that the first call
 * finds a warm one.  Closed instead when it is not idle or the pool is full.
 */
void     hms_pool_adopt (HmsPool *pool, PGconn *conn);

/*
 * A borrowed connection that goes back by itself: declare it
 * g_autoptr (HmsLease) and every return path, failed ones included, rolls
 * back whatever transaction is still open and returns the connection.
 */
typedef struct
{
  HmsPool *pool;
  PGconn  *conn;
} HmsLease;

HmsLease *hms_pool_lease (HmsPool *pool, GError **error);
void      hms_lease_release (HmsLease *lease);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HmsLease, hms_lease_release)

#endif /* HMS_PGPOOL_H */
