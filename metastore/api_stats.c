/*
 * api_stats.c
 *    The column statistics methods of the HMS API:
 *    update_table_column_statistics(_req), update_partition_column_statistics(_req),
 *    get_table_statistics_req, get_partitions_statistics_req,
 *    get_aggr_stats_for, set_aggr_stats_for, delete_table_column_statistics,
 *    delete_partition_column_statistics.
 *
 * Semantics follow Hive 4's HMSHandler and ObjectStore with direct SQL on
 * (its default): an update upserts one row per (owner, column, engine)
 * keeping stored values the new statistics leave unset, stamps
 * LAST_ANALYZED, and marks the columns in the owner's
 * COLUMN_STATS_ACCURATE parameter; reads return only columns that have
 * statistics; aggregation is MetaStoreDirectSql's, extrapolation included.
 * Every write is one transaction, so a failing call changes nothing (Hive
 * commits partition by partition in set_aggr_stats_for; hms does not).
 */
#include "handler.h"
#include "db.h"
#include "error.h"
#include "names.h"
#include "stats_values.h"
#include "store_stats.h"

#include <string.h>

#define LEASE_OR_FAIL(lease, context, failure)                            \
  g_autoptr (HmsLease) lease = hms_pool_lease ((context)->pool, failure); \
  if (lease == NULL)                                                      \
    return FALSE

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HmsColumnStatistics, g_object_unref)

/* --- settings ---------------------------------------------------------------- */

/* A boolean metastore setting hms has no variable for: metastore.* name, then hive.* name. */
static gboolean
setting_flag (HmsContext *context, const char *name, const char *old_name, gboolean fallback)
{
  const char *value = hms_conf_get (context->conf, name);
  g_autofree char *trimmed = NULL;

  if (value == NULL)
    value = hms_conf_get (context->conf, old_name);
  if (value == NULL)
    return fallback;
  trimmed = g_strstrip (g_strdup (value));
  if (g_ascii_strcasecmp (trimmed, "true") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (trimmed, "false") == 0)
    return FALSE;
  return fallback;
}

static double
setting_double (HmsContext *context, const char *name, const char *old_name, double fallback)
{
  const char *value = hms_conf_get (context->conf, name);
  char *end = NULL;
  double parsed;

  if (value == NULL)
    value = hms_conf_get (context->conf, old_name);
  if (value == NULL)
    return fallback;
  parsed = g_ascii_strtod (value, &end);
  return end != value ? parsed : fallback;
}

/* MetastoreConf.STATS_FETCH_BITVECTOR, STATS_FETCH_KLL, HIVE_TXN_STATS_ENABLED, ... */
#define FETCH_BIT_VECTORS(context) \
  setting_flag (context, "metastore.stats.fetch.bitvector", "hive.stats.fetch.bitvector", FALSE)
#define FETCH_HISTOGRAMS(context) \
  setting_flag (context, "metastore.stats.fetch.kll", "hive.stats.fetch.kll", FALSE)
#define TXN_STATS_ENABLED(context) \
  setting_flag (context, "metastore.txn.stats.enabled", "hive.txn.stats.enabled", TRUE)
#define NDV_DENSITY_FUNCTION(context) \
  setting_flag (context, "metastore.stats.ndv.densityfunction", "hive.metastore.stats.ndv.densityfunction", FALSE)
#define NDV_TUNER(context) \
  setting_double (context, "metastore.stats.ndv.tuner", "hive.metastore.stats.ndv.tuner", 0.0)

/* --- names -------------------------------------------------------------------- */

/* Hive's String.toLowerCase of a name (NULL stays NULL). */
static char *
lower (const char *text)
{
  return text ? g_utf8_strdown (text, -1) : NULL;
}

static char *
catalog_of (HmsContext *context, gboolean isset, const char *catalog)
{
  return lower (isset && catalog != NULL ? catalog : context->default_catalog);
}

/* The lower-cased copies of a list of names. */
static GPtrArray *
lower_all (GPtrArray *names)
{
  GPtrArray *lowered = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; names != NULL && i < names->len; i++)
    g_ptr_array_add (lowered, lower (g_ptr_array_index (names, i)));
  return lowered;
}

/* HMSHandler.lowerCaseConvertPartName of every name. */
static GPtrArray *
lower_partition_names (GPtrArray *names, GError **error)
{
  g_autoptr (GPtrArray) lowered = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      char *name = NULL;

      if (!hms_stats_partition_name_lower_keys (g_ptr_array_index (names, i), &name, error))
        return NULL;
      g_ptr_array_add (lowered, name);
    }
  return g_steal_pointer (&lowered);
}

static gboolean
set_no_table (GError **error, const char *catalog, const char *database, const char *table)
{
  g_set_error (error, HMS_ERROR, HMS_ERROR_NO_SUCH_OBJECT,
               "Specified catalog.database.table does not exist : %s.%s.%s",
               catalog, database, table);
  return FALSE;
}

/* --- writing --------------------------------------------------------------------- */

/* Later values of a row over earlier ones, as two successive upserts leave it. */
static void
overlay_row (HmsStatsRow *earlier, HmsStatsRow *row)
{
  earlier->present |= row->present;
#define TAKE(bit, field) if (row->present & (bit)) earlier->field = row->field
  TAKE (HMS_STATS_LONG_LOW, long_low);
  TAKE (HMS_STATS_LONG_HIGH, long_high);
  TAKE (HMS_STATS_DOUBLE_LOW, double_low);
  TAKE (HMS_STATS_DOUBLE_HIGH, double_high);
  TAKE (HMS_STATS_NUM_NULLS, num_nulls);
  TAKE (HMS_STATS_NUM_DISTINCTS, num_distincts);
  TAKE (HMS_STATS_AVG_COL_LEN, avg_col_len);
  TAKE (HMS_STATS_MAX_COL_LEN, max_col_len);
  TAKE (HMS_STATS_NUM_TRUES, num_trues);
  TAKE (HMS_STATS_NUM_FALSES, num_falses);
#undef TAKE
  if (row->present & HMS_STATS_DECIMAL_LOW)
    {
      g_free (earlier->decimal_low);
      earlier->decimal_low = g_steal_pointer (&row->decimal_low);
    }
  if (row->present & HMS_STATS_DECIMAL_HIGH)
    {
      g_free (earlier->decimal_high);
      earlier->decimal_high = g_steal_pointer (&row->decimal_high);
    }
  if (row->present & HMS_STATS_BIT_VECTOR)
    {
      g_clear_pointer (&earlier->bit_vector, g_bytes_unref);
      earlier->bit_vector = g_steal_pointer (&row->bit_vector);
    }
  if (row->present & HMS_STATS_HISTOGRAM)
    {
      g_clear_pointer (&earlier->histogram, g_bytes_unref);
      earlier->histogram = g_steal_pointer (&row->histogram);
    }
}

/*
 * Appends to `rows` the rows an update writes for one ColumnStatistics,
 * names and types lower-cased (HMSHandler.normalizeColStatsInput), and to
 * `columns` the column names in order.  `index` (owner, column and engine
 * -> row) makes one row of a column given twice for one owner: the later
 * values over the earlier ones, the earlier type kept, as successive
 * upserts would leave the row.
 */
static gboolean
append_rows (const HmsColumnStatistics *statistics, gint64 owner_id, GPtrArray *rows,
             GHashTable *index, GPtrArray *columns, GError **error)
{
  const char *engine = statistics->engine ? statistics->engine : "hive";

  for (guint i = 0; statistics->statsObj != NULL && i < statistics->statsObj->len; i++)
    {
      g_autoptr (HmsStatsRow) row = hms_stats_row_from_object (g_ptr_array_index (statistics->statsObj, i), error);
      char *key;
      HmsStatsRow *earlier;
      char *name;

      if (row == NULL)
        return FALSE;
      name = lower (row->column_name);
      g_free (row->column_name);
      row->column_name = name;
      name = lower (row->column_type);
      g_free (row->column_type);
      row->column_type = name;
      row->engine = g_strdup (engine);
      row->owner_id = owner_id;
      g_ptr_array_add (columns, g_strdup (row->column_name));
      key = g_strdup_printf ("%" G_GINT64_FORMAT "/%s/%s", owner_id, engine, row->column_name);
      earlier = g_hash_table_lookup (index, key);
      if (earlier != NULL)
        {
          overlay_row (earlier, row);
          g_free (key);
          continue;
        }
      g_hash_table_insert (index, key, row);
      g_ptr_array_add (rows, g_steal_pointer (&row));
    }
  return TRUE;
}

/*
 * The new state of an owner after statistics for `columns` were written
 * (ObjectStore.update*ColumnStatistics): the columns marked in
 * COLUMN_STATS_ACCURATE; for a transactional table, Hive's checks of the
 * write state, the parameter dropped when the statistics are not valid
 * for the writer, and the write id recorded.
 */
static gboolean
owner_change_after_write (HmsContext *context, gint64 owner_id, const char *accurate,
                          gint64 owner_write_id, GPtrArray *columns, gboolean transactional,
                          const char *qualified_table, const char *write_ids, gint64 write_id,
                          HmsStatsOwnerChange *change, GError **error)
{
  g_autoptr (HmsStatsAccurate) state = hms_stats_accurate_parse (accurate);
  g_autofree char *text = NULL;

  hms_stats_accurate_add_columns (state, columns);
  text = hms_stats_accurate_to_text (state);
  change->owner_id = owner_id;
  change->change_accurate = TRUE;
  if (!transactional)
    {
      change->accurate = g_steal_pointer (&text);
      return TRUE;
    }
  if (!TXN_STATS_ENABLED (context))
    return TRUE;   /* setBasicStatsState(FALSE): the parameter goes */
  /* ObjectStore.verifyStatsChangeCtx: a change of state needs the writer's transaction. */
  if (!(write_ids != NULL && write_id > 0))
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                   "Cannot change stats state for a transactional table %s without providing the"
                   " transactional write state for verification (new write ID %" G_GINT64_FORMAT
                   ", valid write IDs %s; current state %s; new state %s",
                   qualified_table, write_id, write_ids ? write_ids : "null",
                   accurate ? accurate : "null", text);
      return FALSE;
    }
  {
    gboolean valid = FALSE;

    if (!hms_stats_valid_for_query (accurate, owner_write_id, write_ids, TRUE, &valid, error))
      return FALSE;
    if (valid)
      change->accurate = g_steal_pointer (&text);
  }
  change->change_write_id = TRUE;
  change->write_id = write_id;
  return TRUE;
}

/*
 * A needMerge: keeps the statistics objects of columns that the owner's
 * COLUMN_STATS_ACCURATE names (getMergableCols) and merges each with the
 * stored row of its column, when there is one (mergeColStats).
 */
static void
merge_with_stored (HmsColumnStatistics *statistics, const char *accurate, GPtrArray *stored_rows)
{
  g_autoptr (HmsStatsAccurate) state = hms_stats_accurate_parse (accurate);
  GPtrArray *kept = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < statistics->statsObj->len; i++)
    {
      HmsColumnStatisticsObj *object = g_ptr_array_index (statistics->statsObj, i);
      g_autofree char *column = lower (object->colName);

      if (!hms_stats_accurate_has_column (state, column))
        continue;
      for (guint j = 0; stored_rows != NULL && j < stored_rows->len; j++)
        {
          HmsStatsRow *row = g_ptr_array_index (stored_rows, j);
          g_autoptr (HmsColumnStatisticsObj) old = NULL;

          if (strcmp (row->column_name, column) != 0)
            continue;
          old = hms_stats_row_to_object (row, TRUE, TRUE, NULL);
          if (old != NULL)
            hms_stats_merge (object, old);
          break;
        }
      g_ptr_array_add (kept, g_object_ref (object));
    }
  g_ptr_array_unref (statistics->statsObj);
  statistics->statsObj = kept;
}

/*
 * update_table_column_statistics(_req) and the table form of
 * set_aggr_stats_for.  Round trips: the table (1), with needMerge its
 * stored statistics (1), then ids and the write (2).
 */
static gboolean
write_table_statistics (HmsContext *context, HmsColumnStatistics *statistics, gboolean merge,
                        const char *write_ids, gint64 write_id, GError **error)
{
  HmsColumnStatisticsDesc *description = statistics->statsDesc;
  g_autofree char *catalog = catalog_of (context, description->__isset_catName, description->catName);
  g_autofree char *database = lower (description->dbName ? description->dbName : "");
  g_autofree char *name = lower (description->tableName ? description->tableName : "");
  g_autofree char *qualified = g_strdup_printf ("%s.%s", database, name);
  g_autoptr (GPtrArray) columns = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) hms_stats_row_free);
  g_autoptr (GHashTable) index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto (HmsStatsTable) table = { 0 };
  g_autoptr (GArray) changes = g_array_new (FALSE, TRUE, sizeof (HmsStatsOwnerChange));
  HmsStatsOwnerChange change = { 0 };

  g_array_set_clear_func (changes, (GDestroyNotify) hms_stats_owner_change_clear);
  {
    LEASE_OR_FAIL (lease, context, error);
    if (!hms_db_begin (lease->conn, error)
        || !hms_store_stats_table (lease->conn, catalog, database, name, HMS_STATS_LOCK_UPDATE,
                                   &table, error))
      return FALSE;
    if (table.table_id == 0)
      return set_no_table (error, catalog, database, name);
    if (merge)
      {
        g_autoptr (GPtrArray) wanted = g_ptr_array_new_with_free_func (g_free);
        g_autoptr (GPtrArray) stored = g_ptr_array_new_with_free_func ((GDestroyNotify) hms_stats_row_free);
        g_auto (HmsStatsTable) reread = { 0 };

        for (guint i = 0; i < statistics->statsObj->len; i++)
          g_ptr_array_add (wanted, lower (((HmsColumnStatisticsObj *) g_ptr_array_index (statistics->statsObj, i))->colName));
        if (!hms_store_stats_read_table (lease->conn, catalog, database, name, wanted,
                                         statistics->engine, TRUE, TRUE, &reread, stored, error))
          return FALSE;
        merge_with_stored (statistics, table.accurate, stored);
        /* Nothing accurate enough to merge: Hive writes nothing and succeeds. */
        if (statistics->statsObj->len == 0)
          return hms_db_commit (lease->conn, error);
      }
    if (!append_rows (statistics, table.table_id, rows, index, columns, error))
      return FALSE;
    /* ObjectStore.validateTableCols, before anything is written. */
    for (guint i = 0; i < columns->len; i++)
      {
        const char *column = g_ptr_array_index (columns, i);
        gboolean found = FALSE;

        for (guint j = 0; j < table.columns->len && !found; j++)
          found = strcmp (g_ptr_array_index (table.columns, j), column) == 0;
        if (!found)
          {
            g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                         "Column %s doesn't exist in table %s in database %s", column, name, database);
            return FALSE;
          }
      }
    if (!owner_change_after_write (context, table.table_id, table.accurate, table.write_id, columns,
                                   table.transactional, qualified, write_ids, write_id, &change, error))
      {
        hms_stats_owner_change_clear (&change);
        return FALSE;
      }
    g_array_append_val (changes, change);
    return hms_store_stats_write (lease->conn, FALSE, rows, g_get_real_time () / G_USEC_PER_SEC,
                                  changes, error)
           && hms_db_commit (lease->conn, error);
  }
}

/*
 * update_partition_column_statistics(_req) and the partition form of
 * set_aggr_stats_for: statistics for any number of partitions of one
 * table in one transaction.  Round trips: the table (1), the partitions
 * (1), with needMerge their stored statistics (1), ids and the write (2).
 */
static gboolean
write_partition_statistics (HmsContext *context, GPtrArray *list, gboolean merge,
                            const char *write_ids, gint64 write_id, GError **error)
{
  HmsColumnStatistics *first = g_ptr_array_index (list, 0);
  HmsColumnStatisticsDesc *description = first->statsDesc;
  g_autofree char *catalog = catalog_of (context, description->__isset_catName, description->catName);
  g_autofree char *database = lower (description->dbName ? description->dbName : "");
  g_autofree char *name = lower (description->tableName ? description->tableName : "");
  g_autofree char *qualified = g_strdup_printf ("%s.%s", database, name);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) partitions = NULL;
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) hms_stats_row_free);
  g_autoptr (GHashTable) index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GArray) changes = g_array_new (FALSE, TRUE, sizeof (HmsStatsOwnerChange));
  g_autoptr (GHashTable) stored_by_partition = NULL;
  /* PART_ID -> 1 + place of its change in `changes`, and -> the entry holding its state. */
  g_autoptr (GHashTable) change_of_partition = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GHashTable) state_of_partition = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_auto (HmsStatsTable) table = { 0 };

  g_array_set_clear_func (changes, (GDestroyNotify) hms_stats_owner_change_clear);
  {
    LEASE_OR_FAIL (lease, context, error);
    if (!hms_db_begin (lease->conn, error)
        || !hms_store_stats_table (lease->conn, catalog, database, name, HMS_STATS_LOCK_SHARE,
                                   &table, error))
      return FALSE;
    if (table.table_id == 0)
      {
        g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_OBJECT, "%s.%s.%s table not found",
                     catalog, database, name);
        return FALSE;
      }
    /* HMSHandler.getPartValsFromName, then the partition by its name. */
    for (guint i = 0; i < list->len; i++)
      {
        HmsColumnStatistics *statistics = g_ptr_array_index (list, i);
        const char *given = statistics->statsDesc->__isset_partName ? statistics->statsDesc->partName : NULL;
        char *canonical = hms_stats_partition_name_canonical (table.partition_keys, given, error);

        if (canonical == NULL)
          return FALSE;
        g_ptr_array_add (names, canonical);
      }
    partitions = hms_store_stats_partitions (lease->conn, table.table_id, names, TRUE, error);
    if (partitions == NULL)
      return FALSE;
    for (guint i = 0; i < partitions->len; i++)
      if (((HmsStatsPartition *) g_ptr_array_index (partitions, i))->partition_id == 0)
        {
          g_set_error (error, HMS_ERROR, HMS_ERROR_NO_SUCH_OBJECT,
                       "Partition for which stats is gathered doesn't exist.");
          return FALSE;
        }
    if (merge)
      {
        /* One read of the stored statistics of the first request's columns in all partitions. */
        g_autoptr (GPtrArray) wanted = g_ptr_array_new_with_free_func (g_free);
        g_autoptr (GPtrArray) stored = g_ptr_array_new_with_free_func ((GDestroyNotify) hms_stats_row_free);
        g_auto (HmsStatsTable) reread = { 0 };

        for (guint i = 0; i < first->statsObj->len; i++)
          g_ptr_array_add (wanted, lower (((HmsColumnStatisticsObj *) g_ptr_array_index (first->statsObj, i))->colName));
        if (!hms_store_stats_read_partitions (lease->conn, catalog, database, name, names, wanted,
                                              first->engine, TRUE, TRUE, &reread, stored, NULL, error))
          return FALSE;
        stored_by_partition = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                     (GDestroyNotify) g_ptr_array_unref);
        for (guint i = 0; i < stored->len; i++)
          {
            HmsStatsRow *row = g_ptr_array_index (stored, i);
            GPtrArray *of_partition = g_hash_table_lookup (stored_by_partition, row->partition_name);

            if (of_partition == NULL)
              {
                of_partition = g_ptr_array_new ();
                g_hash_table_insert (stored_by_partition, row->partition_name, of_partition);
              }
            g_ptr_array_add (of_partition, row);
          }
        /* The rows stay owned by `stored` until the end of this block: merge now. */
        for (guint i = 0; i < list->len; i++)
          {
            HmsStatsPartition *partition = g_ptr_array_index (partitions, i);

            merge_with_stored (g_ptr_array_index (list, i), partition->accurate,
                               g_hash_table_lookup (stored_by_partition, partition->name));
          }
        g_clear_pointer (&stored_by_partition, g_hash_table_unref);
      }
    for (guint i = 0; i < list->len; i++)
      {
        HmsColumnStatistics *statistics = g_ptr_array_index (list, i);
        HmsStatsPartition *partition = g_ptr_array_index (partitions, i);
        g_autoptr (GPtrArray) columns = g_ptr_array_new_with_free_func (g_free);
        HmsStatsOwnerChange change = { 0 };
        gpointer earlier = NULL;

        if (statistics->statsObj->len == 0)
          continue;
        if (!append_rows (statistics, partition->partition_id, rows, index, columns, error))
          return FALSE;
        /*
         * Two names for one partition in a request: the later change builds
         * on the earlier one (its state is kept in the first name's entry).
         */
        if (g_hash_table_lookup_extended (change_of_partition, &partition->partition_id, NULL, &earlier))
          partition = g_hash_table_lookup (state_of_partition, &partition->partition_id);
        else
          g_hash_table_insert (state_of_partition, &partition->partition_id, partition);
        /* Hive only warns when the partition lacks a column; the statistics are written. */
        if (!owner_change_after_write (context, partition->partition_id, partition->accurate,
                                       partition->write_id, columns, table.transactional, qualified,
                                       write_ids, write_id, &change, error))
          {
            hms_stats_owner_change_clear (&change);
            return FALSE;
          }
        g_free (partition->accurate);
        partition->accurate = g_strdup (change.accurate);
        if (earlier != NULL)
          {
            HmsStatsOwnerChange *replaced = &g_array_index (changes, HmsStatsOwnerChange,
                                                            GPOINTER_TO_UINT (earlier) - 1);

            hms_stats_owner_change_clear (replaced);
            *replaced = change;
          }
        else
          {
            g_array_append_val (changes, change);
            g_hash_table_insert (change_of_partition, &partition->partition_id,
                                 GUINT_TO_POINTER (changes->len));
          }
      }
    return hms_store_stats_write (lease->conn, TRUE, rows, g_get_real_time () / G_USEC_PER_SEC,
                                  changes, error)
           && hms_db_commit (lease->conn, error);
  }
}

/* --- update methods ------------------------------------------------------------------ */

#define RAISE_UPDATE(method)                                                        \
  hms_handler_raise (method, failure, error,                                        \
                     HMS_TYPE_NO_SUCH_OBJECT_EXCEPTION, o1,                         \
                     HMS_TYPE_INVALID_OBJECT_EXCEPTION, o2,                         \
                     HMS_TYPE_META_EXCEPTION, o3,                                   \
                     HMS_TYPE_INVALID_INPUT_EXCEPTION, o4, G_TYPE_INVALID)

static gboolean
update_table_column_statistics (HmsThriftHiveMetastoreIf *iface, gboolean *_return,
                                const HmsColumnStatistics *stats_obj,
                                HmsNoSuchObjectException **o1, HmsInvalidObjectException **o2,
                                HmsMetaException **o3, HmsInvalidInputException **o4, GError **error)
{
  g_autoptr (GError) failure = NULL;
  g_autoptr (HmsColumnStatistics) copy = hms_struct_copy (stats_obj);

  if (!write_table_statistics (hms_handler_context (iface), copy, FALSE, NULL, -1, &failure))
    return RAISE_UPDATE ("update_table_column_statistics");
  *_return = TRUE;
  return TRUE;
}

static gboolean
update_partition_column_statistics (HmsThriftHiveMetastoreIf *iface, gboolean *_return,
                                    const HmsColumnStatistics *stats_obj,
                                    HmsNoSuchObjectException **o1, HmsInvalidObjectException **o2,
                                    HmsMetaException **o3, HmsInvalidInputException **o4,
                                    GError **error)
{
  g_autoptr (GError) failure = NULL;
  g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (list, hms_struct_copy (stats_obj));
  if (!write_partition_statistics (hms_handler_context (iface), list, FALSE, NULL, -1, &failure))
    return RAISE_UPDATE ("update_partition_column_statistics");
  *_return = TRUE;
  return TRUE;
}

/* HMSHandler's checks of an update_*_column_statistics_req. */
static gboolean
check_single_request (const HmsSetPartitionsStatsRequest *request, GError **error)
{
  if (request->colStats == NULL || request->colStats->len != 1)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_INPUT, "Only one stats object expected");
      return FALSE;
    }
  if (request->__isset_needMerge && request->needMerge)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_INPUT,
                   "Merge is not supported for non-aggregate stats");
      return FALSE;
    }
  return TRUE;
}

static const char *
write_ids_of (const HmsSetPartitionsStatsRequest *request)
{
  return request->__isset_validWriteIdList ? request->validWriteIdList : NULL;
}

static gboolean
update_table_column_statistics_req (HmsThriftHiveMetastoreIf *iface,
                                    HmsSetPartitionsStatsResponse **_return,
                                    const HmsSetPartitionsStatsRequest *req,
                                    HmsNoSuchObjectException **o1, HmsInvalidObjectException **o2,
                                    HmsMetaException **o3, HmsInvalidInputException **o4,
                                    GError **error)
{
  g_autoptr (GError) failure = NULL;
  g_autoptr (HmsColumnStatistics) copy = NULL;

  if (!check_single_request (req, &failure))
    return RAISE_UPDATE ("update_table_column_statistics_req");
  copy = hms_struct_copy (g_ptr_array_index (req->colStats, 0));
  if (!write_table_statistics (hms_handler_context (iface), copy, FALSE, write_ids_of (req),
                               req->writeId, &failure))
    return RAISE_UPDATE ("update_table_column_statistics_req");
  (*_return)->result = TRUE;
  return TRUE;
}

static gboolean
update_partition_column_statistics_req (HmsThriftHiveMetastoreIf *iface,
                                        HmsSetPartitionsStatsResponse **_return,
                                        const HmsSetPartitionsStatsRequest *req,
                                        HmsNoSuchObjectException **o1, HmsInvalidObjectException **o2,
                                        HmsMetaException **o3, HmsInvalidInputException **o4,
                                        GError **error)
{
  g_autoptr (GError) failure = NULL;
  g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);

  if (!check_single_request (req, &failure))
    return RAISE_UPDATE ("update_partition_column_statistics_req");
  g_ptr_array_add (list, hms_struct_copy (g_ptr_array_index (req->colStats, 0)));
  if (!write_partition_statistics (hms_handler_context (iface), list, FALSE, write_ids_of (req),
                                   req->writeId, &failure))
    return RAISE_UPDATE ("update_partition_column_statistics_req");
  (*_return)->result = TRUE;
  return TRUE;
}

/* HMSHandler.set_aggr_stats_for. */
static gboolean
set_aggr_stats_for_generic (HmsContext *context, const HmsSetPartitionsStatsRequest *request,
                            GError **error)
{
  gboolean merge = request->__isset_needMerge && request->needMerge;
  HmsColumnStatistics *first;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GHashTable) places = NULL;

  if (request->colStats == NULL || request->colStats->len == 0)
    return TRUE;
  first = g_ptr_array_index (request->colStats, 0);
  if (first->statsDesc->isTblLevel)
    {
      g_autoptr (HmsColumnStatistics) copy = NULL;

      if (request->colStats->len != 1)
        {
          g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                       "Expecting only 1 ColumnStatistics for table's column stats, but find %u",
                       request->colStats->len);
          return FALSE;
        }
      copy = hms_struct_copy (first);
      return write_table_statistics (context, copy, merge, write_ids_of (request), request->writeId, error);
    }
  /*
   * A partition named twice: the later statistics absorb the earlier ones
   * (mergeColStats, columns of the later only) and replace them.
   */
  list = g_ptr_array_new_with_free_func (g_object_unref);
  places = g_hash_table_new (g_str_hash, g_str_equal);   /* partName -> 1 + place in list */
  for (guint i = 0; i < request->colStats->len; i++)
    {
      HmsColumnStatistics *given = g_ptr_array_index (request->colStats, i);
      const char *part = given->statsDesc->partName ? given->statsDesc->partName : "";
      guint place = GPOINTER_TO_UINT (g_hash_table_lookup (places, part));
      HmsColumnStatistics *statistics, *earlier;

      /* The request's own objects while nothing changes them (a needMerge does): no copy. */
      if (place == 0)
        {
          g_ptr_array_add (list, merge ? hms_struct_copy (given) : g_object_ref (given));
          g_hash_table_insert (places, (gpointer) part, GUINT_TO_POINTER (list->len));
          continue;
        }
      statistics = hms_struct_copy (given);
      part = statistics->statsDesc->partName ? statistics->statsDesc->partName : "";
      earlier = g_ptr_array_index (list, place - 1);
      for (guint k = 0; k < statistics->statsObj->len; k++)
        {
          HmsColumnStatisticsObj *object = g_ptr_array_index (statistics->statsObj, k);

          for (guint m = 0; m < earlier->statsObj->len; m++)
            {
              HmsColumnStatisticsObj *old = g_ptr_array_index (earlier->statsObj, m);

              if (g_strcmp0 (old->colName, object->colName) == 0)
                {
                  hms_stats_merge (object, old);
                  break;
                }
            }
        }
      /* The key points into the statistics being replaced: re-key before freeing them. */
      g_hash_table_replace (places, (gpointer) part, GUINT_TO_POINTER (place));
      list->pdata[place - 1] = statistics;
      g_object_unref (earlier);
    }
  return write_partition_statistics (context, list, merge, write_ids_of (request), request->writeId, error);
}

static gboolean
set_aggr_stats_for (HmsThriftHiveMetastoreIf *iface, gboolean *_return,
                    const HmsSetPartitionsStatsRequest *request,
                    HmsNoSuchObjectException **o1, HmsInvalidObjectException **o2,
                    HmsMetaException **o3, HmsInvalidInputException **o4, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!set_aggr_stats_for_generic (hms_handler_context (iface), request, &failure))
    return RAISE_UPDATE ("set_aggr_stats_for");
  *_return = TRUE;
  return TRUE;
}

/* --- reading -------------------------------------------------------------------------- */

/* Objects for stored rows, skipping types that have no kind of statistics (Hive cannot send those). */
static gboolean
append_objects (GPtrArray *rows, guint from, guint to, gboolean bit_vectors, gboolean histograms,
                GPtrArray *into, GError **error)
{
  for (guint i = from; i < to; i++)
    {
      HmsStatsRow *row = g_ptr_array_index (rows, i);
      g_autoptr (GError) local = NULL;
      HmsColumnStatisticsObj *object = hms_stats_row_to_object (row, bit_vectors, histograms, &local);

      if (local != NULL)
        {
          g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED, "%s", local->message);
          return FALSE;
        }
      if (object == NULL)
        {
          g_warning ("column statistics of %s have a type without statistics (%s): left out",
                     row->column_name, row->column_type ? row->column_type : "null");
          continue;
        }
      g_ptr_array_add (into, object);
    }
  return TRUE;
}

/* get_table_statistics_req: 1 round trip. */
static gboolean
get_table_statistics_generic (HmsContext *context, const HmsTableStatsRequest *request,
                              HmsTableStatsResult *result, GError **error)
{
  g_autofree char *catalog = catalog_of (context, request->__isset_catName, request->catName);
  g_autofree char *database = lower (request->dbName ? request->dbName : "");
  g_autofree char *name = lower (request->tblName ? request->tblName : "");
  g_autoptr (GPtrArray) columns = lower_all (request->colNames);
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) hms_stats_row_free);
  g_auto (HmsStatsTable) table = { 0 };
  gboolean bit_vectors = FETCH_BIT_VECTORS (context), histograms = FETCH_HISTOGRAMS (context);
  const char *write_ids = request->__isset_validWriteIdList ? request->validWriteIdList : NULL;

  {
    LEASE_OR_FAIL (lease, context, error);
    if (!hms_store_stats_read_table (lease->conn, catalog, database, name, columns,
                                     request->engine ? request->engine : "hive",
                                     bit_vectors, histograms, &table, rows, error))
      return FALSE;
  }
  if (table.table_id == 0)
    return set_no_table (error, catalog, database, name);
  /* Statistics that are not valid for the caller's snapshot are not returned at all. */
  if (write_ids != NULL && table.transactional)
    {
      gboolean valid = FALSE;

      if (TXN_STATS_ENABLED (context)
          && !hms_stats_valid_for_query (table.accurate, table.write_id, write_ids, FALSE, &valid, error))
        return FALSE;
      if (!valid)
        return TRUE;
    }
  return append_objects (rows, 0, rows->len, bit_vectors, histograms, result->tableStats, error);
}

static gboolean
get_table_statistics_req (HmsThriftHiveMetastoreIf *iface, HmsTableStatsResult **_return,
                          const HmsTableStatsRequest *request,
                          HmsNoSuchObjectException **o1, HmsMetaException **o2, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!get_table_statistics_generic (hms_handler_context (iface), request, *_return, &failure))
    return hms_handler_raise ("get_table_statistics_req", failure, error,
                              HMS_TYPE_NO_SUCH_OBJECT_EXCEPTION, o1,
                              HMS_TYPE_META_EXCEPTION, o2, G_TYPE_INVALID);
  return TRUE;
}

/* get_partitions_statistics_req: 1 round trip whatever the number of partitions and columns. */
static gboolean
get_partitions_statistics_generic (HmsContext *context, const HmsPartitionsStatsRequest *request,
                                   HmsPartitionsStatsResult *result, GError **error)
{
  g_autofree char *catalog = catalog_of (context, request->__isset_catName, request->catName);
  g_autofree char *database = lower (request->dbName ? request->dbName : "");
  g_autofree char *name = lower (request->tblName ? request->tblName : "");
  g_autoptr (GPtrArray) columns = lower_all (request->colNames);
  g_autoptr (GPtrArray) names = lower_partition_names (request->partNames, error);
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) hms_stats_row_free);
  g_autoptr (GHashTable) states = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                         (GDestroyNotify) hms_stats_partition_free);
  g_auto (HmsStatsTable) table = { 0 };
  gboolean bit_vectors = FETCH_BIT_VECTORS (context), histograms = FETCH_HISTOGRAMS (context);
  const char *write_ids = request->__isset_validWriteIdList ? request->validWriteIdList : NULL;
  guint start = 0;

  if (names == NULL)
    return FALSE;
  /* ObjectStore answers empty lists before it looks for the table. */
  if (names->len == 0 || columns->len == 0)
    return TRUE;
  {
    LEASE_OR_FAIL (lease, context, error);
    if (!hms_store_stats_read_partitions (lease->conn, catalog, database, name, names, columns,
                                          request->engine ? request->engine : "hive",
                                          bit_vectors, histograms, &table, rows, states, error))
      return FALSE;
  }
  if (table.table_id == 0)
    return set_no_table (error, catalog, database, name);
  while (start < rows->len)
    {
      HmsStatsRow *row = g_ptr_array_index (rows, start);
      guint end = start + 1;
      gboolean valid = TRUE;

      while (end < rows->len
             && strcmp (((HmsStatsRow *) g_ptr_array_index (rows, end))->partition_name, row->partition_name) == 0)
        end++;
      if (write_ids != NULL)
        {
          HmsStatsPartition *state = g_hash_table_lookup (states, row->partition_name);

          valid = FALSE;
          if (TXN_STATS_ENABLED (context)
              && !hms_stats_valid_for_query (state ? state->accurate : NULL, state ? state->write_id : 0,
                                             write_ids, FALSE, &valid, error))
            return FALSE;
        }
      if (valid)
        {
          GPtrArray *objects = g_ptr_array_new_with_free_func (g_object_unref);

          if (!append_objects (rows, start, end, bit_vectors, histograms, objects, error))
            {
              g_ptr_array_unref (objects);
              return FALSE;
            }
          g_hash_table_replace (result->partStats, g_strdup (row->partition_name), objects);
        }
      start = end;
    }
  return TRUE;
}

static gboolean
get_partitions_statistics_req (HmsThriftHiveMetastoreIf *iface, HmsPartitionsStatsResult **_return,
                               const HmsPartitionsStatsRequest *request,
                               HmsNoSuchObjectException **o1, HmsMetaException **o2, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!get_partitions_statistics_generic (hms_handler_context (iface), request, *_return, &failure))
    return hms_handler_raise ("get_partitions_statistics_req", failure, error,
                              HMS_TYPE_NO_SUCH_OBJECT_EXCEPTION, o1,
                              HMS_TYPE_META_EXCEPTION, o2, G_TYPE_INVALID);
  return TRUE;
}

/*
 * Whether every requested partition's statistics are valid for the
 * caller's snapshot (ObjectStore.get_aggr_stats_for with a write id list).
 * Round trips: 2.
 */
static gboolean
aggregate_is_compliant (HmsContext *context, PGconn *conn, const char *catalog, const char *database,
                        const char *name, GPtrArray *names, const char *write_ids,
                        gboolean *compliant, GError **error)
{
  g_auto (HmsStatsTable) table = { 0 };
  g_autoptr (GPtrArray) partitions = NULL;

  *compliant = FALSE;
  if (names->len == 0)
    return TRUE;
  if (!hms_store_stats_table (conn, catalog, database, name, HMS_STATS_LOCK_NONE, &table, error))
    return FALSE;
  if (table.table_id == 0)
    return set_no_table (error, catalog, database, name);
  if (table.transactional && !TXN_STATS_ENABLED (context))
    return TRUE;
  partitions = hms_store_stats_partitions (conn, table.table_id, names, FALSE, error);
  if (partitions == NULL)
    return FALSE;
  for (guint i = 0; i < partitions->len; i++)
    {
      HmsStatsPartition *partition = g_ptr_array_index (partitions, i);
      gboolean valid = FALSE;

      if (partition->partition_id == 0)
        continue;
      if (!hms_stats_valid_for_query (partition->accurate, partition->write_id, write_ids, FALSE,
                                      &valid, error))
        return FALSE;
      if (!valid)
        return TRUE;
    }
  *compliant = TRUE;
  return TRUE;
}

/*
 * get_aggr_stats_for, as MetaStoreDirectSql.aggrColStatsForPartitions
 * computes it.  Round trips: 1 (aggregates), plus 1 when some columns need
 * extrapolation (their rows), plus 2 with a write id list.
 */
static gboolean
get_aggr_stats_generic (HmsContext *context, const HmsPartitionsStatsRequest *request,
                        HmsAggrStats *result, GError **error)
{
  g_autofree char *catalog = catalog_of (context, request->__isset_catName, request->catName);
  g_autofree char *database = lower (request->dbName ? request->dbName : "");
  g_autofree char *name = lower (request->tblName ? request->tblName : "");
  g_autoptr (GPtrArray) columns = lower_all (request->colNames);
  g_autoptr (GPtrArray) names = lower_partition_names (request->partNames, error);
  g_autoptr (GPtrArray) aggregates = g_ptr_array_new_with_free_func ((GDestroyNotify) hms_stats_row_free);
  g_autoptr (GPtrArray) extra = g_ptr_array_new ();   /* aggregates to extrapolate */
  g_autoptr (GPtrArray) extra_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) hms_stats_row_free);
  gboolean density = NDV_DENSITY_FUNCTION (context);
  double tuner = NDV_TUNER (context);
  const char *engine = request->engine ? request->engine : "hive";
  gint64 table_id = 0, parts_found = 0;

  if (names == NULL)
    return FALSE;
  {
    LEASE_OR_FAIL (lease, context, error);

    if (request->__isset_validWriteIdList && request->validWriteIdList != NULL)
      {
        gboolean compliant = FALSE;

        if (!aggregate_is_compliant (context, lease->conn, catalog, database, name, names,
                                     request->validWriteIdList, &compliant, error))
          return FALSE;
        /* Hive answers no statistics at all; an empty answer is the closest Thrift allows. */
        if (!compliant)
          return TRUE;
      }
    if (!hms_store_stats_aggregate (lease->conn, catalog, database, name, names, columns, engine,
                                    &table_id, &parts_found, aggregates, error))
      return FALSE;
    if (table_id == 0)
      return set_no_table (error, catalog, database, name);
    if (columns->len == 0 || names->len == 0)
      return TRUE;
    result->partsFound = parts_found;
    /*
     * Columns whose statistics exist in some but not all partitions (and in
     * at least two) are extrapolated; the others are aggregated as they are.
     */
    for (guint i = 0; i < aggregates->len; i++)
      {
        HmsStatsRow *aggregate = g_ptr_array_index (aggregates, i);

        if (parts_found != (gint64) names->len && aggregate->row_count != (gint64) names->len
            && aggregate->row_count >= 2)
          g_ptr_array_add (extra, aggregate);
      }
    if (extra->len > 0)
      {
        g_autoptr (GPtrArray) extra_columns = g_ptr_array_new ();
        g_auto (HmsStatsTable) table = { 0 };

        for (guint i = 0; i < extra->len; i++)
          g_ptr_array_add (extra_columns, ((HmsStatsRow *) g_ptr_array_index (extra, i))->column_name);
        if (!hms_store_stats_read_partitions (lease->conn, catalog, database, name, names, extra_columns,
                                              engine, FALSE, FALSE, &table, extra_rows, NULL, error))
          return FALSE;
      }
  }
  /* The aggregates needing no extrapolation, in the order the columns were asked for. */
  for (guint c = 0; c < columns->len; c++)
    for (guint i = 0; i < aggregates->len; i++)
      {
        HmsStatsRow *aggregate = g_ptr_array_index (aggregates, i);
        HmsColumnStatisticsObj *object;

        if (strcmp (aggregate->column_name, g_ptr_array_index (columns, c)) != 0
            || g_ptr_array_find (extra, aggregate, NULL) || aggregate->row_count < 0)
          continue;
        object = hms_stats_aggregate_to_object (aggregate, density, tuner, error);
        if (object == NULL && error && *error)
          return FALSE;
        if (object != NULL)
          g_ptr_array_add (result->colStats, object);
        aggregate->row_count = -1;   /* done: a column named twice is answered once */
      }
  if (extra->len > 0)
    {
      /* Partition places in the request, the last one for a name given twice (Hive's index map). */
      g_autoptr (GHashTable) places = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < names->len; i++)
        g_hash_table_insert (places, g_ptr_array_index (names, i), GUINT_TO_POINTER (i));
      for (guint i = 0; i < extra_rows->len; i++)
        {
          HmsStatsRow *row = g_ptr_array_index (extra_rows, i);

          row->partition_index = GPOINTER_TO_UINT (g_hash_table_lookup (places, row->partition_name));
        }
      for (guint i = 0; i < extra->len; i++)
        {
          HmsStatsRow *aggregate = g_ptr_array_index (extra, i);
          g_autoptr (GPtrArray) of_column = g_ptr_array_new ();
          g_autoptr (HmsStatsRow) extrapolated = NULL;
          HmsColumnStatisticsObj *object;
          gboolean seen = FALSE;

          /* Hive keys extrapolated columns by name: one answer per column. */
          for (guint j = i + 1; j < extra->len && !seen; j++)
            seen = strcmp (((HmsStatsRow *) g_ptr_array_index (extra, j))->column_name,
                           aggregate->column_name) == 0;
          if (seen)
            continue;
          for (guint j = 0; j < extra_rows->len; j++)
            {
              HmsStatsRow *row = g_ptr_array_index (extra_rows, j);

              if (strcmp (row->column_name, aggregate->column_name) == 0)
                g_ptr_array_add (of_column, row);
            }
          extrapolated = hms_stats_extrapolate (aggregate->column_name, aggregate->column_type, of_column,
                                                aggregate->row_count, names->len);
          object = hms_stats_aggregate_to_object (extrapolated, density, tuner, error);
          if (object == NULL && error && *error)
            return FALSE;
          if (object != NULL)
            g_ptr_array_add (result->colStats, object);
        }
    }
  return TRUE;
}

static gboolean
get_aggr_stats_for (HmsThriftHiveMetastoreIf *iface, HmsAggrStats **_return,
                    const HmsPartitionsStatsRequest *request,
                    HmsNoSuchObjectException **o1, HmsMetaException **o2, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!get_aggr_stats_generic (hms_handler_context (iface), request, *_return, &failure))
    return hms_handler_raise ("get_aggr_stats_for", failure, error,
                              HMS_TYPE_NO_SUCH_OBJECT_EXCEPTION, o1,
                              HMS_TYPE_META_EXCEPTION, o2, G_TYPE_INVALID);
  return TRUE;
}

/* --- deleting -------------------------------------------------------------------------- */

/*
 * The owner change of a delete: COLUMN_STATS_ACCURATE without the column
 * (all columns when NULL), written only when it was there and changes.
 */
static HmsStatsOwnerChange *
change_after_delete (gint64 owner_id, const char *accurate, const char *column,
                     HmsStatsOwnerChange *change)
{
  g_autoptr (HmsStatsAccurate) state = NULL;
  g_autoptr (GPtrArray) columns = NULL;
  g_autofree char *text = NULL;

  if (accurate == NULL)
    return NULL;
  state = hms_stats_accurate_parse (accurate);
  if (column != NULL)
    {
      columns = g_ptr_array_new ();
      g_ptr_array_add (columns, (gpointer) column);
    }
  hms_stats_accurate_remove_columns (state, columns);
  text = hms_stats_accurate_to_text (state);
  if (strcmp (text, accurate) == 0)
    return NULL;
  change->owner_id = owner_id;
  change->change_accurate = TRUE;
  change->accurate = g_steal_pointer (&text);
  return change;
}

/* delete_table_column_statistics: 2 round trips. */
static gboolean
delete_table_statistics_generic (HmsContext *context, const char *database_argument,
                                 const char *table_argument, const char *column_argument,
                                 const char *engine, GError **error)
{
  g_autofree char *catalog = NULL;
  g_autofree char *database = NULL;
  g_autofree char *name = lower (table_argument ? table_argument : "");
  g_autofree char *column = lower (column_argument);
  g_auto (HmsStatsTable) table = { 0 };
  HmsStatsOwnerChange change = { 0 };
  gboolean done;

  if (!hms_name_parse_database (database_argument ? database_argument : "", context->default_catalog,
                                &catalog, &database, error))
    return FALSE;
  {
    LEASE_OR_FAIL (lease, context, error);
    if (!hms_db_begin (lease->conn, error)
        || !hms_store_stats_table (lease->conn, catalog, database ? database : "", name,
                                   HMS_STATS_LOCK_UPDATE, &table, error))
      return FALSE;
    if (table.table_id == 0)
      return set_no_table (error, catalog, database ? database : "", name);
    if (table.transactional)
      {
        g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                     "Cannot delete stats via this API for a transactional table");
        return FALSE;
      }
    done = hms_store_stats_delete (lease->conn, FALSE, table.table_id, column, engine,
                                   change_after_delete (table.table_id, table.accurate, column, &change),
                                   error)
           && hms_db_commit (lease->conn, error);
    hms_stats_owner_change_clear (&change);
    return done;
  }
}

#define RAISE_DELETE(method)                                                        \
  hms_handler_raise (method, failure, error,                                        \
                     HMS_TYPE_NO_SUCH_OBJECT_EXCEPTION, o1,                         \
                     HMS_TYPE_META_EXCEPTION, o2,                                   \
                     HMS_TYPE_INVALID_OBJECT_EXCEPTION, o3,                         \
                     HMS_TYPE_INVALID_INPUT_EXCEPTION, o4, G_TYPE_INVALID)

static gboolean
delete_table_column_statistics (HmsThriftHiveMetastoreIf *iface, gboolean *_return,
                                const gchar *db_name, const gchar *tbl_name, const gchar *col_name,
                                const gchar *engine, HmsNoSuchObjectException **o1,
                                HmsMetaException **o2, HmsInvalidObjectException **o3,
                                HmsInvalidInputException **o4, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!delete_table_statistics_generic (hms_handler_context (iface), db_name, tbl_name, col_name,
                                        engine, &failure))
    return RAISE_DELETE ("delete_table_column_statistics");
  *_return = TRUE;
  return TRUE;
}

/* delete_partition_column_statistics: 3 round trips. */
static gboolean
delete_partition_statistics_generic (HmsContext *context, const char *database_argument,
                                     const char *table_argument, const char *partition_argument,
                                     const char *column_argument, const char *engine, GError **error)
{
  g_autofree char *catalog = NULL;
  g_autofree char *database = NULL;
  g_autofree char *name = lower (table_argument ? table_argument : "");
  g_autofree char *column = lower (column_argument);
  g_autofree char *partition_name = NULL;
  g_autofree char *canonical = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) partitions = NULL;
  g_auto (HmsStatsTable) table = { 0 };
  HmsStatsPartition *partition;
  HmsStatsOwnerChange change = { 0 };
  gboolean done;

  if (!hms_name_parse_database (database_argument ? database_argument : "", context->default_catalog,
                                &catalog, &database, error)
      || !hms_stats_partition_name_lower_keys (partition_argument, &partition_name, error))
    return FALSE;
  {
    LEASE_OR_FAIL (lease, context, error);
    if (!hms_db_begin (lease->conn, error)
        || !hms_store_stats_table (lease->conn, catalog, database ? database : "", name,
                                   HMS_STATS_LOCK_SHARE, &table, error))
      return FALSE;
    /* HMSHandler.getPartValsFromName names the table without its catalog here. */
    if (table.table_id == 0)
      {
        g_set_error (error, HMS_ERROR, HMS_ERROR_INVALID_OBJECT, "%s.%s table not found",
                     database ? database : "", name);
        return FALSE;
      }
    canonical = hms_stats_partition_name_canonical (table.partition_keys, partition_name, error);
    if (canonical == NULL)
      return FALSE;
    if (table.transactional)
      {
        g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                     "Cannot delete stats via this API for a transactional table");
        return FALSE;
      }
    /* The statistics are looked up by the name as given, keys lower-cased, as Hive does. */
    g_ptr_array_add (names, g_strdup (partition_name));
    partitions = hms_store_stats_partitions (lease->conn, table.table_id, names, TRUE, error);
    if (partitions == NULL)
      return FALSE;
    partition = g_ptr_array_index (partitions, 0);
    if (partition->partition_id == 0)
      return hms_db_commit (lease->conn, error);
    done = hms_store_stats_delete (lease->conn, TRUE, partition->partition_id, column, engine,
                                   change_after_delete (partition->partition_id, partition->accurate,
                                                        column, &change),
                                   error)
           && hms_db_commit (lease->conn, error);
    hms_stats_owner_change_clear (&change);
    return done;
  }
}

static gboolean
delete_partition_column_statistics (HmsThriftHiveMetastoreIf *iface, gboolean *_return,
                                    const gchar *db_name, const gchar *tbl_name,
                                    const gchar *part_name, const gchar *col_name,
                                    const gchar *engine, HmsNoSuchObjectException **o1,
                                    HmsMetaException **o2, HmsInvalidObjectException **o3,
                                    HmsInvalidInputException **o4, GError **error)
{
  g_autoptr (GError) failure = NULL;

  if (!delete_partition_statistics_generic (hms_handler_context (iface), db_name, tbl_name,
                                            part_name, col_name, engine, &failure))
    return RAISE_DELETE ("delete_partition_column_statistics");
  *_return = TRUE;
  return TRUE;
}

void
hms_api_stats_install (HmsThriftHiveMetastoreHandlerClass *klass)
{
  klass->update_table_column_statistics = update_table_column_statistics;
  klass->update_partition_column_statistics = update_partition_column_statistics;
  klass->update_table_column_statistics_req = update_table_column_statistics_req;
  klass->update_partition_column_statistics_req = update_partition_column_statistics_req;
  klass->get_table_statistics_req = get_table_statistics_req;
  klass->get_partitions_statistics_req = get_partitions_statistics_req;
  klass->get_aggr_stats_for = get_aggr_stats_for;
  klass->set_aggr_stats_for = set_aggr_stats_for;
  klass->delete_table_column_statistics = delete_table_column_statistics;
  klass->delete_partition_column_statistics = delete_partition_column_statistics;
}
