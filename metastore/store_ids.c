/*
 * store_ids.c
 *    Surrogate ids (DB_ID, TBL_ID, SD_ID, ...) from DataNucleus's
 *    SEQUENCE_TABLE, so that hms and a Java metastore on the same database
 *    never hand out the same id.
 *
 * The Java server reserves blocks by locking the class's row, reading
 * NEXT_VAL and adding its block size, in a short transaction of its own
 * (DataNucleus's value generator, transactionAttribute "New").  One
 * UPDATE ... RETURNING does the same atomically.
 *
 * A serving hms does it the Java server's way (hms_store_ids_configure):
 * it reserves a block of BLOCK_SIZE ids per class (more when a call needs
 * more) on a connection kept for that, in autocommit, and hands ids out
 * from memory.  The row is locked only for that one statement, so writers
 * no longer queue behind each other's transactions on SEQUENCE_TABLE, and
 * most writes reserve nothing at all.  Every reservation is committed
 * before its ids are used, so ids never repeat across hms replicas and
 * Java servers sharing the database; a write that fails leaves a gap, as
 * DataNucleus does.
 *
 * Without configuration (hms msck, schema set-up, tools linking the store)
 * ids are reserved inside the caller's transaction, exactly as many as
 * asked: the row stays locked until that transaction ends.
 */
#include "store.h"
#include "db.h"
#include "error.h"

#define MODEL_PACKAGE "org.apache.hadoop.hive.metastore.model."

/* Ids reserved per class at a time, when a call asks for fewer. */
#define BLOCK_SIZE 100

/*
 * How long a reservation waits for the row lock.  A transaction that
 * holds the row while it waits for a lock one of hms's calls holds (an
 * hms msck, which reserves inside its transaction) would otherwise be a
 * deadlock PostgreSQL cannot see; this turns it into an error.
 */
#define RESERVE_LOCK_TIMEOUT "10s"

/* Ids reserved and not yet handed out: [next, end). */
typedef struct
{
  gint64 next;
  gint64 end;
} IdBlock;

static struct
{
  GMutex      lock;
  char       *conninfo;   /* NULL: reserve inside the caller's transaction */
  PGconn     *conn;       /* the allocator's own, opened on first use */
  GHashTable *blocks;     /* sequence name -> IdBlock */
} allocator;

/*
 * Reserves `count` ids of a sequence row in one statement: the first id, or
 * 0 with *found FALSE when the row is missing, or -1 with an error.
 */
static gint64
reserve (PGconn *conn, const char *sequence_name, gint64 count, gboolean *found, GError **error)
{
  g_autofree char *count_text = g_strdup_printf ("%" G_GINT64_FORMAT, count);
  const char *values[] = { sequence_name, count_text };
  g_autoptr (PGresult) result =
    hms_db_exec (conn,
                 "UPDATE \"SEQUENCE_TABLE\" SET \"NEXT_VAL\" = \"NEXT_VAL\" + $2::bigint"
                 " WHERE \"SEQUENCE_NAME\" = $1 RETURNING \"NEXT_VAL\" - $2::bigint",
                 2, values, error);

  if (result == NULL)
    return -1;
  *found = PQntuples (result) == 1;
  return *found ? g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10) : 0;
}

/*
 * Reserves `count` ids, creating the class's row first when it is missing:
 * it then starts above what the table holds, as DataNucleus does.  Table
 * and column names are ours, never a client's.  ON CONFLICT covers a Java
 * server creating the row at the same moment.  1 round trip, 3 when the
 * row is missing.
 */
static gint64
reserve_or_create (PGconn *conn, const char *sequence_name, const char *table,
                   const char *id_column, const char *model_class, gint64 count, GError **error)
{
  g_autofree char *create_sql = NULL;
  gboolean found = FALSE;
  gint64 first;

  first = reserve (conn, sequence_name, count, &found, error);
  if (first < 0 || found)
    return first;

  create_sql = g_strdup_printf ("INSERT INTO \"SEQUENCE_TABLE\" (\"SEQUENCE_NAME\", \"NEXT_VAL\")"
                                " SELECT $1, COALESCE(MAX(\"%s\"), 0) + 1 FROM \"%s\""
                                " ON CONFLICT (\"SEQUENCE_NAME\") DO NOTHING",
                                id_column, table);
  {
    const char *values[] = { sequence_name };
    g_autoptr (PGresult) result = hms_db_exec (conn, create_sql, 1, values, error);

    if (result == NULL)
      return -1;
  }
  first = reserve (conn, sequence_name, count, &found, error);
  if (first >= 0 && !found)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_DATABASE,
                   "could not allocate ids for %s", model_class);
      return -1;
    }
  return first;
}

/* The allocator's connection, opened when needed.  Called with the lock held. */
static PGconn *
allocator_connection (GError **error)
{
  if (allocator.conn != NULL && PQstatus (allocator.conn) != CONNECTION_OK)
    g_clear_pointer (&allocator.conn, PQfinish);
  if (allocator.conn == NULL)
    {
      PGconn *conn = hms_db_connect (allocator.conninfo, error);

      if (conn == NULL)
        return NULL;
      if (!hms_db_run (conn, "SET lock_timeout = '" RESERVE_LOCK_TIMEOUT "'", error))
        {
          PQfinish (conn);
          return NULL;
        }
      hms_db_enable_statement_cache (conn);
      allocator.conn = conn;
    }
  return allocator.conn;
}

/*
 * Reserves at least `count` ids in a block of the allocator's and hands out
 * the first `count`.  Called with the lock held.  A broken connection is
 * replaced and the reservation tried once more: an UPDATE that failed with
 * its connection may or may not have committed, and either way its ids
 * are simply never used.
 */
static gint64
allocate_from_block (const char *sequence_name, const char *table, const char *id_column,
                     const char *model_class, guint count, GError **error)
{
  IdBlock *block = g_hash_table_lookup (allocator.blocks, sequence_name);
  gint64 wanted = MAX ((gint64) count, BLOCK_SIZE);
  gint64 first = -1;
  gint64 id;

  if (block != NULL && block->end - block->next >= (gint64) count)
    {
      id = block->next;
      block->next += count;
      return id;
    }

  for (int attempt = 0; attempt < 2 && first < 0; attempt++)
    {
      g_autoptr (GError) local = NULL;
      PGconn *conn = allocator_connection (&local);

      if (conn != NULL)
        first = reserve_or_create (conn, sequence_name, table, id_column, model_class, wanted, &local);
      if (first >= 0)
        break;
      if (attempt == 1 || (conn != NULL && PQstatus (conn) == CONNECTION_OK))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return -1;
        }
      g_warning ("id allocation for %s: %s; reconnecting", model_class, local->message);
      g_clear_pointer (&allocator.conn, PQfinish);
    }

  if (block == NULL)
    {
      block = g_new0 (IdBlock, 1);
      g_hash_table_insert (allocator.blocks, g_strdup (sequence_name), block);
    }
  /* Nobody reserved in between: the new block continues the old one. */
  if (first != block->end || block->next >= block->end)
    block->next = first;
  block->end = first + wanted;
  id = block->next;
  block->next += count;
  return id;
}

void
hms_store_ids_configure (const char *conninfo)
{
  g_mutex_lock (&allocator.lock);
  g_clear_pointer (&allocator.conn, PQfinish);
  g_clear_pointer (&allocator.blocks, g_hash_table_destroy);
  g_clear_pointer (&allocator.conninfo, g_free);
  if (conninfo != NULL)
    {
      allocator.conninfo = g_strdup (conninfo);
      allocator.blocks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    }
  g_mutex_unlock (&allocator.lock);
}

gint64
hms_store_allocate_ids (PGconn *conn, const char *model_class, const char *table,
                        const char *id_column, guint count, GError **error)
{
  g_autofree char *sequence_name = g_strconcat (MODEL_PACKAGE, model_class, NULL);
  gint64 first;

  g_return_val_if_fail (count > 0, -1);

  g_mutex_lock (&allocator.lock);
  if (allocator.conninfo != NULL)
    {
      first = allocate_from_block (sequence_name, table, id_column, model_class, count, error);
      g_mutex_unlock (&allocator.lock);
      return first;
    }
  g_mutex_unlock (&allocator.lock);
  return reserve_or_create (conn, sequence_name, table, id_column, model_class, count, error);
}
