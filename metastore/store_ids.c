/*
 * store_ids.c
 *    Surrogate ids (DB_ID, TBL_ID, SD_ID, ...) from DataNucleus's
 *    SEQUENCE_TABLE, so that hms and a Java metastore on the same database
 *    never hand out the same id.
 *
 * The Java server reserves blocks by locking the class's row, reading
 * NEXT_VAL and adding its block size.  One UPDATE ... RETURNING does the
 * same atomically.  It runs inside the caller's transaction, so the row
 * stays locked until that transaction ends: writers of one class queue
 * behind each other, which keeps ids dense and costs nothing but a short
 * wait, since every hms write transaction is short.
 */
#include "store.h"
#include "db.h"
#include "error.h"

#define MODEL_PACKAGE "org.apache.hadoop.hive.metastore.model."

static gint64
reserve (PGconn *conn, const char *sequence_name, const char *count_text,
         gboolean *found, GError **error)
{
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

gint64
hms_store_allocate_ids (PGconn *conn, const char *model_class, const char *table,
                        const char *id_column, guint count, GError **error)
{
  g_autofree char *sequence_name = g_strconcat (MODEL_PACKAGE, model_class, NULL);
  g_autofree char *count_text = g_strdup_printf ("%u", count);
  g_autofree char *create_sql = NULL;
  gboolean found = FALSE;
  gint64 first;

  g_return_val_if_fail (count > 0, -1);

  first = reserve (conn, sequence_name, count_text, &found, error);
  if (first < 0 || found)
    return first;

  /*
   * First id of this class: start above what is there, as DataNucleus does.
   * Table and column names are ours, never a client's.  ON CONFLICT covers a
   * Java server creating the row at the same moment.
   */
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
  first = reserve (conn, sequence_name, count_text, &found, error);
  if (first >= 0 && !found)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_DATABASE,
                   "could not allocate ids for %s", model_class);
      return -1;
    }
  return first;
}
