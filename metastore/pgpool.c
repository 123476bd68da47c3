/*
 * pgpool.c
 *    The PostgreSQL connection pool (see pgpool.h).
 *
 * Idle connections wait in a queue; `open` counts those that exist, idle or
 * borrowed, so that no more than max_size are ever open.  A borrower that
 * finds none idle and the limit reached waits on the condition.
 */
#include "pgpool.h"
#include "db.h"

#include <poll.h>

struct HmsPool
{
  char      *conninfo;
  guint      max_size;
  GMutex     lock;
  GCond      returned;
  GQueue     idle;       /* PGconn *, most recently returned first */
  guint      open;
};

/*
 * An idle connection has nothing to read unless the server went away (a
 * restart sends a termination message, then EOF).  Checking costs no round
 * trip, so a restarted PostgreSQL costs no client call an error.
 */
static gboolean
idle_connection_is_alive (PGconn *conn)
{
  struct pollfd descriptor = { .fd = PQsocket (conn), .events = POLLIN };

  if (PQstatus (conn) != CONNECTION_OK || descriptor.fd < 0)
    return FALSE;
  /* A dying server's goodbye takes two reads: its message, then EOF. */
  for (int reads = 0; reads < 4 && poll (&descriptor, 1, 0) > 0; reads++)
    {
      PGresult *stray;

      if (!PQconsumeInput (conn))
        return FALSE;
      while (!PQisBusy (conn) && (stray = PQgetResult (conn)) != NULL)
        PQclear (stray);
      if (PQstatus (conn) != CONNECTION_OK)
        return FALSE;
    }
  return PQstatus (conn) == CONNECTION_OK;
}

/*
 * What every pooled connection gets before its first call: a statement
 * cache, and no JIT compilation.  PostgreSQL compiles a statement whose
 * estimated cost passes jit_above_cost (100,000), which hms's statements
 * over 10,000 partitions do: 10 to 300 ms of compiling to save less than
 * that in running.  A server without JIT (or one that refuses the setting)
 * is served all the same.
 */
static void
prepare_connection (PGconn *conn)
{
  g_autoptr (GError) ignored = NULL;

  hms_db_run (conn, "SET jit = off", &ignored);
  hms_db_enable_statement_cache (conn);
}

HmsPool *
hms_pool_new (const char *conninfo, guint max_size)
{
  HmsPool *pool = g_new0 (HmsPool, 1);

  pool->conninfo = g_strdup (conninfo);
  pool->max_size = MAX (max_size, 1);
  g_mutex_init (&pool->lock);
  g_cond_init (&pool->returned);
  g_queue_init (&pool->idle);
  return pool;
}

void
hms_pool_free (HmsPool *pool)
{
  PGconn *conn;

  if (pool == NULL)
    return;
  while ((conn = g_queue_pop_head (&pool->idle)) != NULL)
    PQfinish (conn);
  g_mutex_clear (&pool->lock);
  g_cond_clear (&pool->returned);
  g_free (pool->conninfo);
  g_free (pool);
}

PGconn *
hms_pool_borrow (HmsPool *pool, GError **error)
{
  PGconn *conn = NULL;

  g_mutex_lock (&pool->lock);
  for (;;)
    {
      conn = g_queue_pop_head (&pool->idle);
      if (conn != NULL)
        {
          gboolean alive;

          /* Its check is a system call: other threads need not wait for it. */
          g_mutex_unlock (&pool->lock);
          alive = idle_connection_is_alive (conn);
          if (!alive)
            PQfinish (conn);
          g_mutex_lock (&pool->lock);
          if (alive)
            break;
          /* Broke while idle (server restarted): dropped; look again. */
          pool->open--;
          continue;
        }
      if (pool->open < pool->max_size)
        {
          pool->open++;
          g_mutex_unlock (&pool->lock);
          conn = hms_db_connect (pool->conninfo, error);
          if (conn != NULL)
            prepare_connection (conn);
          if (conn == NULL)
            {
              g_mutex_lock (&pool->lock);
              pool->open--;
              g_cond_signal (&pool->returned);
              g_mutex_unlock (&pool->lock);
            }
          return conn;
        }
      g_cond_wait (&pool->returned, &pool->lock);
    }
  g_mutex_unlock (&pool->lock);
  return conn;
}

void
hms_pool_return (HmsPool *pool, PGconn *conn)
{
  gboolean usable;

  if (conn == NULL)
    return;
  usable = PQstatus (conn) == CONNECTION_OK
           && PQtransactionStatus (conn) == PQTRANS_IDLE;
  if (!usable)
    PQfinish (conn);

  g_mutex_lock (&pool->lock);
  if (usable)
    g_queue_push_head (&pool->idle, conn);
  else
    pool->open--;
  g_cond_signal (&pool->returned);
  g_mutex_unlock (&pool->lock);
}

void
hms_pool_adopt (HmsPool *pool, PGconn *conn)
{
  if (conn == NULL)
    return;
  if (PQstatus (conn) != CONNECTION_OK || PQtransactionStatus (conn) != PQTRANS_IDLE)
    {
      PQfinish (conn);
      return;
    }
  prepare_connection (conn);
  g_mutex_lock (&pool->lock);
  if (pool->open < pool->max_size)
    {
      pool->open++;
      g_queue_push_head (&pool->idle, conn);
      conn = NULL;
      g_cond_signal (&pool->returned);
    }
  g_mutex_unlock (&pool->lock);
  if (conn != NULL)
    PQfinish (conn);
}

HmsLease *
hms_pool_lease (HmsPool *pool, GError **error)
{
  PGconn *conn = hms_pool_borrow (pool, error);
  HmsLease *lease;

  if (conn == NULL)
    return NULL;
  lease = g_new (HmsLease, 1);
  lease->pool = pool;
  lease->conn = conn;
  return lease;
}

void
hms_lease_release (HmsLease *lease)
{
  if (lease == NULL)
    return;
  if (PQstatus (lease->conn) == CONNECTION_OK
      && PQtransactionStatus (lease->conn) != PQTRANS_IDLE)
    hms_db_rollback (lease->conn);
  hms_pool_return (lease->pool, lease->conn);
  g_free (lease);
}
