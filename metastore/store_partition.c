/*
 * store_partition.c
 *    Partitions: rows of PARTITIONS, PARTITION_KEY_VALS, PARTITION_PARAMS
 *    and what hangs off them (see store_partition.h).
 */
#include "store_partition.h"
#include "db.h"
#include "error.h"
#include "partition_name.h"
#include "store.h"
#include "store_json.h"
#include "store_sd.h"

#include <json-glib/json-glib.h>
#include <string.h>

/* --- selecting ---------------------------------------------------------- */

/*
 * The parameters and SQL pieces of a selection: $1 is the table id, $2 the
 * row limit (NULL: none), the match's own values follow from $3.
 */
typedef struct
{
  GPtrArray *values;     /* const char *, borrowed or owned by `owned` */
  GPtrArray *owned;      /* strings to free */
  char      *joins;
  char      *condition;  /* " AND ..." or "" */
} Selection;

static void
selection_clear (Selection *selection)
{
  g_clear_pointer (&selection->values, g_ptr_array_unref);
  g_clear_pointer (&selection->owned, g_ptr_array_unref);
  g_clear_pointer (&selection->joins, g_free);
  g_clear_pointer (&selection->condition, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Selection, selection_clear)

static const char *
own (Selection *selection, char *text)
{
  g_ptr_array_add (selection->owned, text);
  return text;
}

/*
 * The LIKE pattern of the partition names a partial specification can
 * match: the leading non-empty values named as Hive names them
 * ("k1=v1/k2=v2", FileUtils.escapePathName), LIKE's own specials escaped,
 * then "/%" when keys follow.  NULL when the first value is a wildcard.
 */
static char *
values_name_pattern (const char *const *keys, GPtrArray *values)
{
  guint key_total = g_strv_length ((char **) keys);
  guint fixed = 0;
  g_autofree char *name = NULL;
  GString *pattern;

  while (fixed < values->len && fixed < key_total
         && ((const char *) g_ptr_array_index (values, fixed))[0] != '\0')
    fixed++;
  if (fixed == 0)
    return NULL;
  name = hms_partition_make_name (keys, (const char *const *) values->pdata, fixed, NULL);
  pattern = g_string_sized_new (strlen (name) + 4);
  for (const char *c = name; *c != '\0'; c++)
    {
      if (*c == '%' || *c == '_' || *c == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *c);
    }
  if (fixed < key_total)
    g_string_append (pattern, "/%");
  return g_string_free (pattern, FALSE);
}

static void
selection_init (Selection *selection, gint64 table_id, gint max_partitions,
                const HmsPartitionMatch *match)
{
  selection->values = g_ptr_array_new ();
  selection->owned = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (selection->values,
                   (gpointer) own (selection, g_strdup_printf ("%" G_GINT64_FORMAT, table_id)));
  g_ptr_array_add (selection->values,
                   max_partitions >= 0 ? (gpointer) own (selection, g_strdup_printf ("%d", max_partitions))
                                       : NULL);

  switch (match->kind)
    {
    case HMS_PARTITION_MATCH_ALL:
      selection->joins = g_strdup ("");
      selection->condition = g_strdup ("");
      break;
    case HMS_PARTITION_MATCH_NAMES:
      /* An index probe in UNIQUEPARTITION (TBL_ID, PART_NAME) per name. */
      g_ptr_array_add (selection->values,
                       (gpointer) own (selection, hms_db_text_array ((const char *const *) match->names->pdata,
                                                                     match->names->len)));
      selection->joins = g_strdup ("");
      selection->condition = g_strdup (" AND p.\"PART_NAME\" = ANY ($3::text[])");
      break;
    case HMS_PARTITION_MATCH_VALUES:
      {
        char *pattern = match->keys != NULL ? values_name_pattern (match->keys, match->values) : NULL;

        /*
         * Hive's get_partitions_ps: every value given must equal the
         * partition's value at that position; "" matches anything.  The
         * name pattern of the leading fixed values ($4) reads only the
         * partitions it can match (an index range where PART_NAME's
         * collation is C, else a filter on the table's index entries); the
         * values check stays exact.  It is a scalar lookup per (partition,
         * value) in PARTITION_KEY_VALS's primary key: written as NOT EXISTS
         * (... = value), a generic plan hashes the whole of
         * PARTITION_KEY_VALS instead.
         */
        g_ptr_array_add (selection->values,
                         (gpointer) own (selection, hms_db_text_array ((const char *const *) match->values->pdata,
                                                                       match->values->len)));
        selection->joins = g_strdup ("");
        selection->condition =
          g_strdup_printf ("%s AND NOT EXISTS (SELECT 1 FROM unnest($3::text[])"
                           "                 WITH ORDINALITY AS v(value, position)"
                           "   WHERE v.value <> '' AND v.value IS DISTINCT FROM"
                           "     (SELECT k.\"PART_KEY_VAL\" FROM \"PARTITION_KEY_VALS\" k"
                           "      WHERE k.\"PART_ID\" = p.\"PART_ID\" AND k.\"INTEGER_IDX\" = v.position - 1))",
                           pattern != NULL ? " AND p.\"PART_NAME\" LIKE $4" : "");
        if (pattern != NULL)
          g_ptr_array_add (selection->values, (gpointer) own (selection, pattern));
      }
      break;
    case HMS_PARTITION_MATCH_FILTER:
      for (guint i = 0; i < match->filter->parameters->len; i++)
        g_ptr_array_add (selection->values, g_ptr_array_index (match->filter->parameters, i));
      selection->joins = g_strdup (match->filter->joins);
      selection->condition = g_strdup_printf (" AND (%s)", match->filter->condition);
      break;
    }
}

/*
 * Runs a selection query.  A PostgreSQL data exception (class 22: a cast
 * of a stored value that is not a number or a date) is what makes Hive's
 * direct SQL give up; its JDO fallback then refuses the filter, so the
 * client gets Hive's message for it.
 */
static PGresult *
run_selection (PGconn *conn, const char *sql, Selection *selection, GError **error)
{
  g_autoptr (GError) local = NULL;
  PGresult *result = hms_db_exec (conn, sql, selection->values->len,
                                  (const char *const *) selection->values->pdata, &local);

  if (result == NULL)
    {
      if (strstr (local->message, "(SQLSTATE 22") != NULL)
        g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED, HMS_PARTITION_FILTER_TYPE_MESSAGE);
      else
        g_propagate_error (error, g_steal_pointer (&local));
    }
  return result;
}

GPtrArray *
hms_store_partition_names (PGconn *conn, gint64 table_id, const HmsPartitionMatch *match,
                           gint max_partitions, GError **error)
{
  g_auto (Selection) selection = { 0 };
  g_autofree char *sql = NULL;
  g_autoptr (PGresult) result = NULL;
  GPtrArray *names;

  selection_init (&selection, table_id, max_partitions, match);
  sql = g_strdup_printf ("SELECT p.\"PART_NAME\" FROM \"PARTITIONS\" p%s"
                         " WHERE p.\"TBL_ID\" = $1::bigint%s"
                         " ORDER BY p.\"PART_NAME\" LIMIT $2::bigint",
                         selection.joins, selection.condition);
  result = run_selection (conn, sql, &selection, error);
  if (result == NULL)
    return NULL;
  names = g_ptr_array_new_full (PQntuples (result), g_free);
  for (int row = 0; row < PQntuples (result); row++)
    g_ptr_array_add (names, g_strdup (PQgetvalue (result, row, 0)));
  return names;
}

gint64
hms_store_partition_count (PGconn *conn, gint64 table_id, const HmsPartitionMatch *match,
                           GError **error)
{
  g_auto (Selection) selection = { 0 };
  g_autofree char *sql = NULL;
  g_autoptr (PGresult) result = NULL;

  selection_init (&selection, table_id, -1, match);
  /* The LIMIT only gives $2 a type; a count is one row. */
  sql = g_strdup_printf ("SELECT count(*) FROM \"PARTITIONS\" p%s"
                         " WHERE p.\"TBL_ID\" = $1::bigint%s LIMIT $2::bigint",
                         selection.joins, selection.condition);
  result = run_selection (conn, sql, &selection, error);
  if (result == NULL)
    return -1;
  return g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
}

/* Appends the values of a text[] (NULL text: none; an SQL NULL is ""). */
static gboolean
values_from_array (const char *text, GPtrArray *into, GError **error)
{
  guint first = into->len;

  if (!hms_db_parse_array (text, into))
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_DATABASE,
                   "could not parse partition values from the metastore database");
      return FALSE;
    }
  for (guint i = first; i < into->len; i++)
    if (g_ptr_array_index (into, i) == NULL)
      g_ptr_array_index (into, i) = g_strdup ("");
  return TRUE;
}

static void
set_string (char **field, gboolean *isset, const char *value)
{
  g_free (*field);
  *field = g_strdup (value);
  *isset = value != NULL;
}

/*
 * The columns of a partition row, in the order partition_from_row reads
 * them, for a FROM clause that names PARTITIONS "p".
 */
#define PARTITION_COLUMNS \
  "p.\"PART_ID\", COALESCE(p.\"SD_ID\", 0), p.\"CREATE_TIME\"," \
  " p.\"LAST_ACCESS_TIME\", COALESCE(p.\"WRITE_ID\", 0)," \
  " (SELECT array_agg(k.\"PART_KEY_VAL\" ORDER BY k.\"INTEGER_IDX\")" \
  "  FROM \"PARTITION_KEY_VALS\" k WHERE k.\"PART_ID\" = p.\"PART_ID\")," \
  " (SELECT array_agg(ARRAY[a.\"PARAM_KEY\", a.\"PARAM_VALUE\"])" \
  "  FROM \"PARTITION_PARAMS\" a WHERE a.\"PART_ID\" = p.\"PART_ID\")"

/* Who a partition belongs to, set on every partition read. */
typedef struct
{
  const char *catalog;
  const char *database;
  const char *table;
} Owner;

/*
 * Fills `partition` (new, or filled before: what it held is replaced, but
 * for sd, which the caller sets) from a row of PARTITION_COLUMNS, its ids
 * into *ids.
 */
static gboolean
partition_from_row (const PGresult *result, int row, const Owner *owner,
                    HmsPartition *partition, HmsPartitionIds *ids, GError **error)
{
  ids->partition_id = g_ascii_strtoll (PQgetvalue (result, row, 0), NULL, 10);
  ids->sd_id = g_ascii_strtoll (PQgetvalue (result, row, 1), NULL, 10);
  ids->column_descriptor_id = 0;
  partition->createTime = (gint32) g_ascii_strtoll (PQgetvalue (result, row, 2), NULL, 10);
  partition->__isset_createTime = TRUE;
  partition->lastAccessTime = (gint32) g_ascii_strtoll (PQgetvalue (result, row, 3), NULL, 10);
  partition->__isset_lastAccessTime = TRUE;
  partition->writeId = g_ascii_strtoll (PQgetvalue (result, row, 4), NULL, 10);
  partition->__isset_writeId = TRUE;
  g_ptr_array_set_size (partition->values, 0);
  if (!values_from_array (hms_db_value (result, row, 5), partition->values, error))
    return FALSE;
  g_hash_table_remove_all (partition->parameters);
  if (!hms_db_parse_pairs (hms_db_value (result, row, 6), partition->parameters, ""))
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_DATABASE,
                   "could not parse partition parameters from the metastore database");
      return FALSE;
    }
  partition->__isset_values = TRUE;
  partition->__isset_parameters = TRUE;
  if (partition->catName == NULL || strcmp (partition->catName, owner->catalog) != 0)
    set_string (&partition->catName, &partition->__isset_catName, owner->catalog);
  if (partition->dbName == NULL || strcmp (partition->dbName, owner->database) != 0)
    set_string (&partition->dbName, &partition->__isset_dbName, owner->database);
  if (partition->tableName == NULL || strcmp (partition->tableName, owner->table) != 0)
    set_string (&partition->tableName, &partition->__isset_tableName, owner->table);
  return TRUE;
}

GPtrArray *
hms_store_partition_get_many (PGconn *conn, gint64 table_id, const HmsPartitionMatch *match,
                              gint max_partitions, const char *catalog,
                              const char *database, const char *table,
                              gboolean lock, GArray *ids, GError **error)
{
  g_auto (Selection) selection = { 0 };
  g_autofree char *sql = NULL;
  g_autoptr (PGresult) result = NULL;
  g_autoptr (GPtrArray) partitions = NULL;
  g_autoptr (GArray) sd_ids = NULL;
  g_autoptr (GArray) sd_positions = NULL;
  const Owner owner = { catalog, database, table };
  int rows;

  selection_init (&selection, table_id, max_partitions, match);
  sql = g_strdup_printf ("SELECT " PARTITION_COLUMNS
                         " FROM \"PARTITIONS\" p%s"
                         " WHERE p.\"TBL_ID\" = $1::bigint%s"
                         " ORDER BY p.\"PART_NAME\" LIMIT $2::bigint%s",
                         selection.joins, selection.condition, lock ? " FOR UPDATE OF p" : "");
  result = run_selection (conn, sql, &selection, error);
  if (result == NULL)
    return NULL;

  rows = PQntuples (result);
  partitions = g_ptr_array_new_full (rows, g_object_unref);
  sd_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), rows);
  sd_positions = g_array_sized_new (FALSE, FALSE, sizeof (guint), rows);
  for (int row = 0; row < rows; row++)
    {
      HmsPartition *partition = g_object_new (HMS_TYPE_PARTITION, NULL);
      HmsPartitionIds partition_ids = { 0 };

      g_ptr_array_add (partitions, partition);
      if (!partition_from_row (result, row, &owner, partition, &partition_ids, error))
        return NULL;
      if (partition_ids.sd_id > 0)
        {
          guint position = (guint) row;

          g_array_append_val (sd_ids, partition_ids.sd_id);
          g_array_append_val (sd_positions, position);
        }
      if (ids != NULL)
        g_array_append_val (ids, partition_ids);
    }

  if (sd_ids->len > 0)
    {
      g_autofree gint64 *column_descriptor_ids = g_new0 (gint64, sd_ids->len);
      g_autoptr (GPtrArray) descriptors =
        hms_store_sd_load_many (conn, (const gint64 *) sd_ids->data, sd_ids->len,
                                column_descriptor_ids, error);

      if (descriptors == NULL)
        return NULL;
      for (guint i = 0; i < sd_ids->len; i++)
        {
          guint position = g_array_index (sd_positions, guint, i);
          HmsPartition *partition = g_ptr_array_index (partitions, position);
          HmsStorageDescriptor *descriptor = g_ptr_array_index (descriptors, i);

          if (descriptor == NULL)
            continue;
          g_object_unref (partition->sd);
          partition->sd = g_object_ref (descriptor);
          partition->__isset_sd = TRUE;
          if (ids != NULL)
            {
              /* ids were appended in row order, after whatever the caller had there. */
              HmsPartitionIds *entry =
                &g_array_index (ids, HmsPartitionIds, ids->len - (guint) rows + position);

              entry->column_descriptor_id = column_descriptor_ids[i];
            }
        }
    }
  return g_steal_pointer (&partitions);
}

/* --- streaming ---------------------------------------------------------- */

/*
 * The most rows a streamed read holds at once: partitions (with their
 * descriptors, ~1 KB each as rows) and names.
 */
#define STREAM_PARTITION_CHUNK 1000
#define STREAM_NAME_CHUNK      10000

/*
 * How many rows a selection can give at most, known before reading: the
 * number of names asked for, or max_partitions; -1 when only the table
 * knows.
 */
static gint64
selection_bound (const HmsPartitionMatch *match, gint max_partitions)
{
  gint64 bound = -1;

  if (match->kind == HMS_PARTITION_MATCH_NAMES)
    bound = match->names->len;
  if (max_partitions >= 0 && (bound < 0 || max_partitions < bound))
    bound = max_partitions;
  return bound;
}

/*
 * Opens the snapshot a multi-statement read needs (every chunk sees the
 * rows the count saw), unless the caller's transaction is open already.
 * *began tells the caller to end it.  1 round trip when it begins one.
 */
static gboolean
snapshot_begin (PGconn *conn, gboolean *began, GError **error)
{
  *began = PQtransactionStatus (conn) == PQTRANS_IDLE;
  return !*began || hms_db_run (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error);
}

/* Ends what snapshot_begin began.  1 round trip when it began one. */
static gboolean
snapshot_end (PGconn *conn, gboolean began, GError **error)
{
  return !began || hms_db_commit (conn, error);
}

/* What a streamed partition read needs between chunks. */
typedef struct
{
  PGconn             *conn;
  const Owner        *owner;
  HmsPartition       *partition;   /* filled row after row */
  HmsStorageDescriptor *descriptor; /* the partition's sd, filled row after row */
  const HmsListSink *sink;
  gpointer            user_data;
} PartitionStream;

/*
 * Hands the partitions of `result` (rows of PARTITION_COLUMNS, `first` to
 * `first` + count - 1) to the sink, each with its descriptor.  1 round
 * trip (the descriptors).
 */
static gboolean
stream_partition_rows (PartitionStream *stream, const PGresult *result, int first, int count,
                       GError **error)
{
  g_autoptr (GArray) sd_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), count);
  g_autofree gint64 *row_sd = g_new0 (gint64, count);
  g_autoptr (HmsSdRows) descriptors = NULL;
  guint next_descriptor = 0;

  for (int i = 0; i < count; i++)
    {
      row_sd[i] = g_ascii_strtoll (PQgetvalue (result, first + i, 1), NULL, 10);
      if (row_sd[i] > 0)
        g_array_append_val (sd_ids, row_sd[i]);
    }
  if (sd_ids->len > 0)
    {
      descriptors = hms_store_sd_rows_load (stream->conn, (const gint64 *) sd_ids->data,
                                            sd_ids->len, error);
      if (descriptors == NULL)
        return FALSE;
    }

  for (guint i = 0, wanted = 0; i < (guint) count; i++)
    {
      HmsPartition *partition = stream->partition;
      HmsPartitionIds ids;

      if (!partition_from_row (result, first + (int) i, stream->owner, partition, &ids, error))
        return FALSE;
      /* Descriptor rows come in the order of sd_ids, those without a row left out. */
      partition->__isset_sd = FALSE;
      if (row_sd[i] > 0)
        {
          guint position;

          if (descriptors != NULL && next_descriptor < hms_store_sd_rows_count (descriptors))
            {
              if (!hms_store_sd_rows_fill (descriptors, next_descriptor, stream->descriptor,
                                           &position, NULL, error))
                return FALSE;
              if (position == wanted)
                {
                  partition->__isset_sd = TRUE;
                  next_descriptor++;
                }
            }
          wanted++;
        }
      if (!stream->sink->element (stream->user_data, partition, error))
        return FALSE;
    }
  return TRUE;
}

/*
 * The snapshot part of hms_store_partition_stream: the ids of the matching
 * partitions, then their rows a chunk at a time.  Round trips: 1 + 2 per
 * chunk.
 */
static gboolean
stream_partitions_by_ids (PartitionStream *stream, Selection *selection, GError **error)
{
  PGconn *conn = stream->conn;
  g_autofree char *sql = NULL;
  g_autoptr (PGresult) ids_result = NULL;
  g_autoptr (GArray) ids = NULL;

  sql = g_strdup_printf ("SELECT p.\"PART_ID\" FROM \"PARTITIONS\" p%s"
                         " WHERE p.\"TBL_ID\" = $1::bigint%s"
                         " ORDER BY p.\"PART_NAME\" LIMIT $2::bigint",
                         selection->joins, selection->condition);
  ids_result = run_selection (conn, sql, selection, error);
  if (ids_result == NULL)
    return FALSE;
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), PQntuples (ids_result));
  for (int row = 0; row < PQntuples (ids_result); row++)
    {
      gint64 id = g_ascii_strtoll (PQgetvalue (ids_result, row, 0), NULL, 10);

      g_array_append_val (ids, id);
    }
  g_clear_pointer (&ids_result, PQclear);

  if (!stream->sink->begin (stream->user_data, ids->len, error))
    return FALSE;
  for (guint first = 0; first < ids->len; first += STREAM_PARTITION_CHUNK)
    {
      guint count = MIN (STREAM_PARTITION_CHUNK, ids->len - first);
      g_autofree char *chunk_ids = hms_db_id_array (&g_array_index (ids, gint64, first), count);
      const char *values[] = { chunk_ids };
      g_autoptr (PGresult) result =
        hms_db_exec (conn, "SELECT " PARTITION_COLUMNS
                           " FROM unnest($1::bigint[]) WITH ORDINALITY AS w(id, ord)"
                           " JOIN \"PARTITIONS\" p ON p.\"PART_ID\" = w.id ORDER BY w.ord",
                     1, values, error);

      if (result == NULL)
        return FALSE;
      /* The snapshot keeps every row the ids named; anything else is not the answer announced. */
      if ((guint) PQntuples (result) != count)
        {
          g_set_error (error, HMS_ERROR, HMS_ERROR_DATABASE,
                       "partitions changed while they were read (%d of %u found)",
                       PQntuples (result), count);
          return FALSE;
        }
      if (!stream_partition_rows (stream, result, 0, (int) count, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
hms_store_partition_stream (PGconn *conn, gint64 table_id, const HmsPartitionMatch *match,
                            gint max_partitions, const char *catalog, const char *database,
                            const char *table, const HmsListSink *sink, gpointer user_data,
                            GError **error)
{
  g_auto (Selection) selection = { 0 };
  HmsPartition *partition = g_object_new (HMS_TYPE_PARTITION, NULL);
  const Owner owner = { catalog, database, table };
  /* The partition's own descriptor object is the one filled row after row. */
  PartitionStream stream = { conn, &owner, partition, partition->sd, sink, user_data };
  gint64 bound = selection_bound (match, max_partitions);
  gboolean began = FALSE;
  gboolean ok;

  selection_init (&selection, table_id, max_partitions, match);
  if (bound < 0 || bound <= STREAM_PARTITION_CHUNK || match->kind == HMS_PARTITION_MATCH_FILTER)
    {
      /*
       * One statement when the answer may fit in one chunk (a chunk and
       * one more row are asked for when only the table knows); a larger
       * answer takes the snapshot path below.  A filter's statement runs
       * as get_many runs it, whatever the answer's size: its casts may
       * fail on values another plan would not have cast (Hive's fallback
       * then refuses the filter), so its plan must not change with the
       * path; its rows are held as PostgreSQL sent them, the objects
       * still a chunk at a time.
       */
      gboolean whole = match->kind == HMS_PARTITION_MATCH_FILTER;
      g_autoptr (PGresult) result = NULL;
      g_autofree char *limit = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                bound >= 0 ? bound : STREAM_PARTITION_CHUNK + 1);
      g_autofree char *sql = g_strdup_printf ("SELECT " PARTITION_COLUMNS " FROM \"PARTITIONS\" p%s"
                                              " WHERE p.\"TBL_ID\" = $1::bigint%s"
                                              " ORDER BY p.\"PART_NAME\" LIMIT $2::bigint",
                                              selection.joins, selection.condition);
      gpointer limit_given = g_ptr_array_index (selection.values, 1);

      if (!whole)
        g_ptr_array_index (selection.values, 1) = limit;
      result = run_selection (conn, sql, &selection, error);
      g_ptr_array_index (selection.values, 1) = limit_given;
      if (result != NULL && (whole || PQntuples (result) <= STREAM_PARTITION_CHUNK))
        {
          int rows = PQntuples (result);

          ok = sink->begin (user_data, (guint) rows, error);
          for (int first = 0; ok && first < rows; first += STREAM_PARTITION_CHUNK)
            ok = stream_partition_rows (&stream, result, first, MIN (STREAM_PARTITION_CHUNK, rows - first),
                                        error);
          g_object_unref (partition);
          return ok;
        }
      if (result == NULL)
        {
          g_object_unref (partition);
          return FALSE;
        }
    }

  ok = snapshot_begin (conn, &began, error)
       && stream_partitions_by_ids (&stream, &selection, error)
       && snapshot_end (conn, began, error);
  if (!ok && began)
    hms_db_rollback (conn);
  g_object_unref (partition);
  return ok;
}

/*
 * The snapshot part of hms_store_partition_names_stream: the count, then
 * the names a chunk at a time, each chunk continuing after the last name
 * sent (an index range of UNIQUEPARTITION (TBL_ID, PART_NAME)).  Round
 * trips: 1 + 1 per chunk.
 */
static gboolean
stream_names_by_chunks (PGconn *conn, gint64 table_id, const HmsPartitionMatch *match,
                        gint max_partitions, Selection *selection, const HmsListSink *sink,
                        gpointer user_data, GError **error)
{
  g_autofree char *first_sql = NULL;
  g_autofree char *next_sql = NULL;
  g_autofree char *last = NULL;
  gint64 total, sent = 0;

  total = hms_store_partition_count (conn, table_id, match, error);
  if (total < 0)
    return FALSE;
  if (max_partitions >= 0 && total > max_partitions)
    total = max_partitions;
  if (total > G_MAXINT32)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                   "too many partitions to list: %" G_GINT64_FORMAT, total);
      return FALSE;
    }
  if (!sink->begin (user_data, (guint) total, error))
    return FALSE;

  first_sql = g_strdup_printf ("SELECT p.\"PART_NAME\" FROM \"PARTITIONS\" p%s"
                               " WHERE p.\"TBL_ID\" = $1::bigint%s"
                               " ORDER BY p.\"PART_NAME\" LIMIT $2::bigint",
                               selection->joins, selection->condition);
  next_sql = g_strdup_printf ("SELECT p.\"PART_NAME\" FROM \"PARTITIONS\" p%s"
                              " WHERE p.\"TBL_ID\" = $1::bigint%s AND p.\"PART_NAME\" > $%u"
                              " ORDER BY p.\"PART_NAME\" LIMIT $2::bigint",
                              selection->joins, selection->condition, selection->values->len + 1);
  while (sent < total)
    {
      g_autoptr (PGresult) result = NULL;
      g_autofree char *limit = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                MIN (STREAM_NAME_CHUNK, total - sent));
      int rows;

      /* $2 is the chunk's size here; the name to continue after comes last. */
      g_ptr_array_index (selection->values, 1) = limit;
      if (last != NULL)
        g_ptr_array_add (selection->values, last);
      result = run_selection (conn, last != NULL ? next_sql : first_sql, selection, error);
      if (last != NULL)
        g_ptr_array_set_size (selection->values, selection->values->len - 1);
      g_ptr_array_index (selection->values, 1) = NULL;
      if (result == NULL)
        return FALSE;
      rows = PQntuples (result);
      if (rows == 0)
        {
          g_set_error (error, HMS_ERROR, HMS_ERROR_DATABASE,
                       "partitions changed while their names were read (%" G_GINT64_FORMAT
                       " of %" G_GINT64_FORMAT " found)", sent, total);
          return FALSE;
        }
      for (int row = 0; row < rows; row++)
        if (!sink->element (user_data, PQgetvalue (result, row, 0), error))
          return FALSE;
      sent += rows;
      g_free (last);
      last = g_strdup (PQgetvalue (result, rows - 1, 0));
    }
  return TRUE;
}

gboolean
hms_store_partition_names_stream (PGconn *conn, gint64 table_id, const HmsPartitionMatch *match,
                                  gint max_partitions, const HmsListSink *sink,
                                  gpointer user_data, GError **error)
{
  g_auto (Selection) selection = { 0 };
  gint64 bound = selection_bound (match, max_partitions);
  gboolean began = FALSE;
  gboolean ok;

  selection_init (&selection, table_id, max_partitions, match);
  if (bound < 0 || bound <= STREAM_NAME_CHUNK)
    {
      /* One statement when the answer may fit in one chunk (one row more is asked for to tell). */
      g_autoptr (PGresult) result = NULL;
      g_autofree char *limit = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                bound >= 0 ? bound : STREAM_NAME_CHUNK + 1);
      g_autofree char *sql = g_strdup_printf ("SELECT p.\"PART_NAME\" FROM \"PARTITIONS\" p%s"
                                              " WHERE p.\"TBL_ID\" = $1::bigint%s"
                                              " ORDER BY p.\"PART_NAME\" LIMIT $2::bigint",
                                              selection.joins, selection.condition);
      gpointer limit_given = g_ptr_array_index (selection.values, 1);

      g_ptr_array_index (selection.values, 1) = limit;
      result = run_selection (conn, sql, &selection, error);
      g_ptr_array_index (selection.values, 1) = limit_given;
      if (result == NULL)
        return FALSE;
      if (PQntuples (result) <= STREAM_NAME_CHUNK)
        {
          if (!sink->begin (user_data, (guint) PQntuples (result), error))
            return FALSE;
          for (int row = 0; row < PQntuples (result); row++)
            if (!sink->element (user_data, PQgetvalue (result, row, 0), error))
              return FALSE;
          return TRUE;
        }
    }

  ok = snapshot_begin (conn, &began, error)
       && stream_names_by_chunks (conn, table_id, match, max_partitions, &selection, sink,
                                  user_data, error)
       && snapshot_end (conn, began, error);
  if (!ok && began)
    hms_db_rollback (conn);
  return ok;
}

/* --- writing ------------------------------------------------------------ */

static char *
builder_to_text (JsonBuilder *builder)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* The members every partition row carries in the JSON sent to PostgreSQL. */
static void
add_partition_members (JsonBuilder *builder, HmsPartition *partition, const char *name,
                       gint64 write_id)
{
  GHashTableIter iter;
  gpointer key, value;

  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "created");
  json_builder_add_int_value (builder, partition->createTime);
  json_builder_set_member_name (builder, "accessed");
  json_builder_add_int_value (builder, partition->lastAccessTime);
  json_builder_set_member_name (builder, "write_id");
  json_builder_add_int_value (builder, write_id);
  json_builder_set_member_name (builder, "vals");
  json_builder_begin_array (builder);
  for (guint i = 0; i < partition->values->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (partition->values, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "params");
  json_builder_begin_object (builder);
  if (partition->parameters != NULL)
    {
      g_hash_table_iter_init (&iter, partition->parameters);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          json_builder_set_member_name (builder, key);
          json_builder_add_string_value (builder, value);
        }
    }
  json_builder_end_object (builder);
}

gboolean
hms_store_partition_insert_many (PGconn *conn, gint64 table_id,
                                 HmsPartition *const *partitions,
                                 const char *const *names, guint count,
                                 gint64 *column_descriptor_ids, GError **error)
{
  g_autoptr (JsonBuilder) builder = NULL;
  g_autofree gint64 *sd_ids = NULL;
  g_autoptr (GPtrArray) descriptors = NULL;
  g_autofree char *input = NULL;
  g_autofree char *table_text = NULL;
  g_autoptr (GArray) positions = NULL;
  gint64 first_id;

  if (count == 0)
    return TRUE;
  /* MPartition ids before the descriptors' classes: the order store_sd.h asks for. */
  first_id = hms_store_allocate_ids (conn, "MPartition", "PARTITIONS", "PART_ID", count, error);
  if (first_id < 0)
    return FALSE;

  /* Partitions without a descriptor (a view's) get a NULL SD_ID. */
  descriptors = g_ptr_array_new ();
  positions = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < count; i++)
    if (partitions[i]->__isset_sd && partitions[i]->sd != NULL)
      {
        g_ptr_array_add (descriptors, partitions[i]->sd);
        g_array_append_val (positions, i);
      }
  sd_ids = g_new0 (gint64, count);
  if (descriptors->len > 0)
    {
      g_autofree gint64 *descriptor_ids = g_new0 (gint64, descriptors->len);
      g_autofree gint64 *cds = g_new0 (gint64, descriptors->len);

      for (guint i = 0; i < positions->len; i++)
        cds[i] = column_descriptor_ids != NULL
                   ? column_descriptor_ids[g_array_index (positions, guint, i)] : 0;
      if (!hms_store_sd_insert_many (conn, (HmsStorageDescriptor *const *) descriptors->pdata,
                                     descriptors->len, cds, descriptor_ids, error))
        return FALSE;
      for (guint i = 0; i < positions->len; i++)
        {
          guint position = g_array_index (positions, guint, i);

          sd_ids[position] = descriptor_ids[i];
          if (column_descriptor_ids != NULL)
            column_descriptor_ids[position] = cds[i];
        }
    }

  builder = json_builder_new_immutable ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < count; i++)
    {
      HmsPartition *partition = partitions[i];
      gint64 write_id = partition->__isset_writeId && partition->writeId > 0 ? partition->writeId : 0;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, first_id + i);
      json_builder_set_member_name (builder, "sd");
      if (sd_ids[i] > 0)
        json_builder_add_int_value (builder, sd_ids[i]);
      else
        json_builder_add_null_value (builder);
      add_partition_members (builder, partition, names[i], write_id);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  input = builder_to_text (builder);
  table_text = g_strdup_printf ("%" G_GINT64_FORMAT, table_id);
  {
    const char *values[] = { input, table_text };
    g_autoptr (PGresult) result =
      hms_db_exec (conn,
                   "WITH input AS (SELECT * FROM json_to_recordset($1::json) AS x(id bigint, sd bigint,"
                   "                 name text, created bigint, accessed bigint, write_id bigint,"
                   "                 vals json, params json)),"
                   " inserted AS (INSERT INTO \"PARTITIONS\" (\"PART_ID\", \"CREATE_TIME\", \"LAST_ACCESS_TIME\","
                   "                \"PART_NAME\", \"SD_ID\", \"TBL_ID\", \"WRITE_ID\")"
                   "              SELECT id, created, accessed, name, sd, $2::bigint, write_id FROM input"
                   "              RETURNING 1),"
                   " key_values AS (INSERT INTO \"PARTITION_KEY_VALS\" (\"PART_ID\", \"PART_KEY_VAL\", \"INTEGER_IDX\")"
                   "                SELECT i.id, v.value, v.position - 1 FROM input i,"
                   "                  json_array_elements_text(i.vals) WITH ORDINALITY AS v(value, position)),"
                   " parameters AS (INSERT INTO \"PARTITION_PARAMS\" (\"PART_ID\", \"PARAM_KEY\", \"PARAM_VALUE\")"
                   "                SELECT i.id, a.key, a.value FROM input i, json_each_text(i.params) a)"
                   " SELECT count(*) FROM inserted",
                   G_N_ELEMENTS (values), values, error);

    return result != NULL;
  }
}

gboolean
hms_store_partition_update_many (PGconn *conn, const HmsPartitionIds *ids,
                                 HmsPartition *const *partitions,
                                 const char *const *names, guint count,
                                 gint64 *column_descriptor_ids, gboolean set_write_id,
                                 GError **error)
{
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (GPtrArray) descriptors = NULL;
  g_autoptr (GArray) descriptor_sd_ids = NULL;
  g_autoptr (GArray) positions = NULL;
  g_autofree char *input = NULL;

  if (count == 0)
    return TRUE;

  descriptors = g_ptr_array_new ();
  descriptor_sd_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  positions = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < count; i++)
    if (ids[i].sd_id > 0 && partitions[i]->__isset_sd && partitions[i]->sd != NULL)
      {
        g_ptr_array_add (descriptors, partitions[i]->sd);
        g_array_append_val (descriptor_sd_ids, ids[i].sd_id);
        g_array_append_val (positions, i);
      }
  if (descriptors->len > 0)
    {
      g_autofree gint64 *cds = g_new0 (gint64, descriptors->len);

      for (guint i = 0; i < positions->len; i++)
        cds[i] = column_descriptor_ids != NULL
                   ? column_descriptor_ids[g_array_index (positions, guint, i)] : 0;
      if (!hms_store_sd_update_many (conn, (const gint64 *) descriptor_sd_ids->data,
                                     (HmsStorageDescriptor *const *) descriptors->pdata,
                                     descriptors->len, cds, error))
        return FALSE;
      for (guint i = 0; i < positions->len && column_descriptor_ids != NULL; i++)
        column_descriptor_ids[g_array_index (positions, guint, i)] = cds[i];
    }

  builder = json_builder_new_immutable ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < count; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, ids[i].partition_id);
      add_partition_members (builder, partitions[i], names[i], partitions[i]->writeId);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  input = builder_to_text (builder);
  {
    const char *values[] = { input, set_write_id ? "true" : "false" };
    /*
     * Old and new values and parameters are replaced with a delete of the
     * keys that go and an upsert of those that stay or come: disjoint
     * sets, so the order in which PostgreSQL runs the CTEs does not matter.
     */
    g_autoptr (PGresult) result =
      hms_db_exec (conn,
                   "WITH input AS (SELECT * FROM json_to_recordset($1::json) AS x(id bigint, name text,"
                   "                 created bigint, accessed bigint, write_id bigint, vals json, params json)),"
                   " updated AS (UPDATE \"PARTITIONS\" p SET \"PART_NAME\" = i.name,"
                   "               \"CREATE_TIME\" = i.created, \"LAST_ACCESS_TIME\" = i.accessed,"
                   "               \"WRITE_ID\" = CASE WHEN $2::boolean THEN i.write_id ELSE p.\"WRITE_ID\" END"
                   "             FROM input i WHERE p.\"PART_ID\" = i.id RETURNING 1),"
                   " values_gone AS (DELETE FROM \"PARTITION_KEY_VALS\" k USING input i"
                   "                 WHERE k.\"PART_ID\" = i.id AND k.\"INTEGER_IDX\" >= json_array_length(i.vals)),"
                   " values_set AS (INSERT INTO \"PARTITION_KEY_VALS\" (\"PART_ID\", \"PART_KEY_VAL\", \"INTEGER_IDX\")"
                   "                SELECT i.id, v.value, v.position - 1 FROM input i,"
                   "                  json_array_elements_text(i.vals) WITH ORDINALITY AS v(value, position)"
                   "                ON CONFLICT (\"PART_ID\", \"INTEGER_IDX\")"
                   "                DO UPDATE SET \"PART_KEY_VAL\" = EXCLUDED.\"PART_KEY_VAL\"),"
                   " parameters_gone AS (DELETE FROM \"PARTITION_PARAMS\" a USING input i"
                   "                     WHERE a.\"PART_ID\" = i.id AND NOT (i.params::jsonb ? a.\"PARAM_KEY\")),"
                   " parameters_set AS (INSERT INTO \"PARTITION_PARAMS\" (\"PART_ID\", \"PARAM_KEY\", \"PARAM_VALUE\")"
                   "                    SELECT i.id, e.key, e.value FROM input i, json_each_text(i.params) e"
                   "                    ON CONFLICT (\"PART_ID\", \"PARAM_KEY\")"
                   "                    DO UPDATE SET \"PARAM_VALUE\" = EXCLUDED.\"PARAM_VALUE\")"
                   " SELECT count(*) FROM updated",
                   G_N_ELEMENTS (values), values, error);

    return result != NULL;
  }
}

gint64
hms_store_partition_delete_many (PGconn *conn, const gint64 *partition_ids, guint count,
                                 GError **error)
{
  g_autofree char *ids = NULL;
  g_autoptr (PGresult) result = NULL;

  if (count == 0)
    return 0;
  ids = hms_db_id_array (partition_ids, count);
  {
    const char *values[] = { ids };

    /*
     * One statement: the CTEs read one snapshot and the foreign keys are
     * checked when it ends, by which time every referencing row is gone.
     * Every table is probed by key = ANY (an array) through its index (see
     * HMS_STORE_SD_DELETE_CTES).
     */
    result = hms_db_exec (conn,
                          "WITH part AS (SELECT \"PART_ID\", \"SD_ID\" FROM \"PARTITIONS\""
                          "              WHERE \"PART_ID\" = ANY ($1::bigint[])),"
                          " sd AS (SELECT s.\"SD_ID\", s.\"SERDE_ID\", s.\"CD_ID\" FROM \"SDS\" s"
                          "        WHERE s.\"SD_ID\" = ANY (ARRAY (SELECT \"SD_ID\" FROM part))),"
                          " part_delete_01 AS (DELETE FROM \"PART_COL_STATS\" WHERE \"PART_ID\" = ANY ($1::bigint[])),"
                          " part_delete_02 AS (DELETE FROM \"PARTITION_KEY_VALS\" WHERE \"PART_ID\" = ANY ($1::bigint[])),"
                          " part_delete_03 AS (DELETE FROM \"PARTITION_PARAMS\" WHERE \"PART_ID\" = ANY ($1::bigint[])),"
                          " part_delete_04 AS (DELETE FROM \"PART_PRIVS\" WHERE \"PART_ID\" = ANY ($1::bigint[])),"
                          " part_delete_05 AS (DELETE FROM \"PART_COL_PRIVS\" WHERE \"PART_ID\" = ANY ($1::bigint[])),"
                          " part_delete_06 AS (DELETE FROM \"PARTITIONS\" WHERE \"PART_ID\" = ANY ($1::bigint[])"
                          "                    RETURNING 1)"
                          HMS_STORE_SD_DELETE_CTES
                          " SELECT count(*) FROM part_delete_06",
                          G_N_ELEMENTS (values), values, error);
  }
  if (result == NULL)
    return -1;
  return g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
}

gboolean
hms_store_partition_delete_stale_column_stats (PGconn *conn, const char *partitions_json,
                                               GArray *partition_ids, GPtrArray *columns,
                                               GError **error)
{
  const char *values[] = { partitions_json };
  g_autoptr (PGresult) result =
    hms_db_exec (conn,
                 "WITH input AS (SELECT * FROM json_to_recordset($1::json) AS x(id bigint, cols json)),"
                 " deleted AS (DELETE FROM \"PART_COL_STATS\" s USING input i WHERE s.\"PART_ID\" = i.id"
                 "   AND NOT EXISTS (SELECT 1 FROM json_array_elements(i.cols) c"
                 "                   WHERE lower(c->>0) = lower(s.\"COLUMN_NAME\")"
                 "                     AND lower(c->>1) = lower(s.\"COLUMN_TYPE\"))"
                 "   RETURNING s.\"PART_ID\", s.\"COLUMN_NAME\")"
                 " SELECT DISTINCT \"PART_ID\", \"COLUMN_NAME\" FROM deleted",
                 G_N_ELEMENTS (values), values, error);

  if (result == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (result); row++)
    {
      gint64 id = g_ascii_strtoll (PQgetvalue (result, row, 0), NULL, 10);

      g_array_append_val (partition_ids, id);
      g_ptr_array_add (columns, g_strdup (PQgetvalue (result, row, 1)));
    }
  return TRUE;
}
