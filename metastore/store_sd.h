/*
 * store_sd.h
 *    Storage descriptors as rows: SDS with its serde (SERDES, SERDE_PARAMS),
 *    parameters (SD_PARAMS), bucketing and sort columns, skew information
 *    (SKEWED_COL_NAMES, SKEWED_VALUES, SKEWED_STRING_LIST(_VALUES),
 *    SKEWED_COL_VALUE_LOC_MAP) and its column descriptor (CDS, COLUMNS_V2).
 *
 * Tables and partitions both own storage descriptors, so everything here
 * works on batches: N descriptors cost the same round trips as one.  The
 * rows are the ones DataNucleus writes for Hive's MStorageDescriptor,
 * MSerDeInfo and MColumnDescriptor, so the Java metastore reads what hms
 * writes and the other way round.
 *
 * Column descriptors are shared: Hive gives a partition its table's CD when
 * the partition's columns equal the table's (ObjectStore.convertToMPart),
 * so a CD lives as long as one SDS row references it.  Every function here
 * that drops a reference deletes the CD when it was the last one.
 *
 * Id allocation order.  The ids come from SEQUENCE_TABLE rows (store_ids.c).
 * A serving hms reserves them in blocks on a connection of its own, but
 * without that (hms msck, tools) the rows stay locked until the caller's
 * transaction ends.  To keep concurrent writers from deadlocking then,
 * every transaction takes them in one order: the owner's class first
 * (MTable, MPartition), then, inside the functions below,
 * MStorageDescriptor, MSerDeInfo, MColumnDescriptor, MStringList.
 * Allocate your own ids before calling in here, never after.
 */
#ifndef HMS_STORE_SD_H
#define HMS_STORE_SD_H

#include <glib.h>
#include <libpq-fe.h>

#include "hms_hive_metastore_types.h"

/*
 * What the Java server fills in when it reads a descriptor
 * (ObjectStore.convertToStorageDescriptor): every list and map present,
 * empty when there are no rows; skewedInfo present with its three members;
 * compressed, numBuckets and storedAsSubDirectories set.  The loaders
 * below give exactly that.
 */

/* --- reading ----------------------------------------------------------- */

/*
 * Loads the descriptors whose SD_IDs are sd_ids[0 .. count-1]; returns a
 * new array of `count` HmsStorageDescriptor objects in the same order (an
 * id without a row gives NULL at its place).  Descriptors that share a CD
 * share its HmsFieldSchema objects (each column list holds its own
 * references): copy a column before changing it.  The CD_IDs go to
 * column_descriptor_ids[i] when that is not NULL.  1 round trip, each CD's
 * columns sent once whatever the number of descriptors sharing it.
 */
GPtrArray *hms_store_sd_load_many (PGconn *conn, const gint64 *sd_ids, guint count,
                                   gint64 *column_descriptor_ids, GError **error);

/*
 * The rows of hms_store_sd_load_many's query, for callers that fill their
 * own objects (a streamed reply fills one descriptor row after row instead
 * of building one per partition).  hms_store_sd_rows_load costs 1 round
 * trip; the rows come back in the order of sd_ids, an id without a row
 * missing.
 */
typedef struct _HmsSdRows HmsSdRows;

HmsSdRows *hms_store_sd_rows_load (PGconn *conn, const gint64 *sd_ids, guint count, GError **error);
guint      hms_store_sd_rows_count (const HmsSdRows *rows);

/*
 * Fills `descriptor` (new, or filled before: what it held is replaced)
 * from row `row`; *position receives the index in sd_ids the row is for,
 * *column_descriptor_id (unless NULL) its CD_ID.  Column objects are
 * shared by the descriptors of one CD as in hms_store_sd_load_many.  No
 * round trip.
 */
gboolean   hms_store_sd_rows_fill (HmsSdRows *rows, guint row, HmsStorageDescriptor *descriptor,
                                   guint *position, gint64 *column_descriptor_id, GError **error);
void       hms_store_sd_rows_free (HmsSdRows *rows);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HmsSdRows, hms_store_sd_rows_free)

/* --- writing ----------------------------------------------------------- */

/*
 * TRUE when two column lists are equal as Hive's List<FieldSchema>.equals
 * sees them: same length, and pairwise equal name, type and comment (an
 * unset comment differs from an empty one).  NULL is an empty list.
 */
gboolean hms_store_sd_columns_equal (GPtrArray *a, GPtrArray *b);

/*
 * Inserts descriptors[0 .. count-1] (HmsStorageDescriptor *), each with its
 * serde, parameters, bucketing, sort and skew rows, and returns their new
 * SD_IDs in sd_ids[i].
 *
 * Column descriptors: column_descriptor_ids is in/out and may be NULL
 * (meaning all zero).  On input, a value > 0 makes descriptor i reference
 * that existing CD, and its cols are not written (the caller has checked
 * with hms_store_sd_columns_equal that they are that CD's, as Hive does for
 * a partition and its table); 0 gives descriptor i a new CD holding its
 * cols (an empty CD when it has none, as DataNucleus writes).  On output
 * every entry holds the CD_ID used.
 *
 * Values are stored as given (the caller qualifies locations); unset
 * compressed/storedAsSubDirectories are false, an unset numBuckets is
 * stored as given by the struct (Thrift's default 0; Hive's clients send
 * -1 for "not bucketed").  A NULL serdeInfo gives the descriptor no SERDES
 * row (SERDE_ID NULL), as DataNucleus does for a null member.
 *
 * Round trips: 1 for the rows, plus an id reservation per id class needed
 * (SD and serde always, CD when one is new, string list when there are
 * skewed values; see hms_store_allocate_ids: usually none in a serving
 * hms, whose ids come from blocks reserved beforehand): 1 to 5 whatever
 * `count`.
 */
gboolean hms_store_sd_insert_many (PGconn *conn, HmsStorageDescriptor *const *descriptors,
                                   guint count, gint64 *column_descriptor_ids,
                                   gint64 *sd_ids, GError **error);

/* hms_store_sd_insert_many for one descriptor; returns the SD_ID or -1. */
gint64   hms_store_sd_insert (PGconn *conn, HmsStorageDescriptor *descriptor,
                              gint64 *column_descriptor_id, GError **error);

/*
 * Rewrites the existing descriptors sd_ids[i] from descriptors[i] as
 * ObjectStore.copyMSD does: the SDS row keeps its SD_ID and gets the new
 * location, formats, compressed, numBuckets and storedAsSubDirectories; its
 * serde keeps SERDE_ID and gets the new name, library and parameters (Hive
 * leaves description, serializer and deserializer classes and serde type
 * as they were; a descriptor without a serde row gets a new one); SD_PARAMS,
 * bucketing, sort and skew rows are replaced.
 *
 * column_descriptor_ids is in/out as for hms_store_sd_insert_many: > 0
 * keeps (or switches to) that CD, 0 makes a new CD from the descriptor's
 * cols.  When a descriptor changes CD, the constraints (KEY_CONSTRAINTS)
 * on its old CD follow the columns that are still there, by position, as
 * copyMSD remaps them.  Afterwards every CD that no SDS row references any
 * more is deleted with its columns and remaining constraints
 * (ObjectStore.removeUnusedColumnDescriptor).
 *
 * Round trips: 3 (lock and read the rows, delete the old child rows and
 * update the main ones, insert the new child rows and drop orphaned CDs),
 * plus id allocation as for insert (serde only when one is missing).
 * NO_SUCH_OBJECT when an SD_ID has no row.
 */
gboolean hms_store_sd_update_many (PGconn *conn, const gint64 *sd_ids,
                                   HmsStorageDescriptor *const *descriptors, guint count,
                                   gint64 *column_descriptor_ids, GError **error);

/*
 * Gives each of the descriptors sd_ids[0 .. count-1] a new CD of its own
 * holding `columns` (HmsFieldSchema *), as Hive's alter table CASCADE does
 * when it rewrites every partition through alter_partition, and deletes the
 * CDs they used when nothing references them any more.  Nothing else of the
 * descriptors changes.  Round trips: 1, plus the CD ids' reservation
 * (hms_store_allocate_ids).
 */
gboolean hms_store_sd_set_columns (PGconn *conn, const gint64 *sd_ids, guint count,
                                   GPtrArray *columns, GError **error);

/*
 * Sets the LOCATION of descriptors sd_ids[i] to locations[i] (NULL: none),
 * e.g. partitions moved by a table rename.  1 round trip.
 */
gboolean hms_store_sd_set_locations (PGconn *conn, const gint64 *sd_ids,
                                     const char *const *locations, guint count,
                                     GError **error);

/*
 * Deletes the descriptors sd_ids[0 .. count-1] with their serdes, rows that
 * hang off them, and their CDs (with the constraints on them) when no other
 * SDS row references them.  The caller has already deleted the rows that
 * reference the descriptors (TBLS, PARTITIONS), or deletes them in the same
 * statement through HMS_STORE_SD_DELETE_CTES.  1 round trip.
 */
gboolean hms_store_sd_delete_many (PGconn *conn, const gint64 *sd_ids, guint count,
                                   GError **error);

/*
 * Data-modifying CTEs (each preceded by a comma) deleting what
 * hms_store_sd_delete_many deletes, for one statement that also deletes
 * the owners: the enclosing WITH must define a relation named `sd` with
 * columns "SD_ID", "SERDE_ID" and "CD_ID" of the descriptors to delete.
 * CTE names start with sd_delete_.  Rows are found as "key = ANY (ARRAY
 * (SELECT ... FROM sd))": the array is computed once and each table is
 * probed through its index, whatever the planner guesses of sd's size (a
 * join, planned from a guess of thousands of rows, reads whole tables).
 */
#define HMS_STORE_SD_DELETE_CTES \
  ", sd_delete_lists AS (SELECT \"STRING_LIST_ID_EID\" AS id FROM \"SKEWED_VALUES\"" \
  "                      WHERE \"SD_ID_OID\" = ANY (ARRAY (SELECT \"SD_ID\" FROM sd))" \
  "                      UNION SELECT \"STRING_LIST_ID_KID\" FROM \"SKEWED_COL_VALUE_LOC_MAP\"" \
  "                      WHERE \"SD_ID\" = ANY (ARRAY (SELECT \"SD_ID\" FROM sd)))," \
  " sd_delete_orphan_cd AS (SELECT DISTINCT \"CD_ID\" FROM sd WHERE \"CD_ID\" IS NOT NULL AND NOT EXISTS" \
  "                         (SELECT 1 FROM \"SDS\" o WHERE o.\"CD_ID\" = sd.\"CD_ID\"" \
  "                          AND o.\"SD_ID\" NOT IN (SELECT \"SD_ID\" FROM sd)))," \
  " sd_delete_01 AS (DELETE FROM \"SD_PARAMS\" WHERE \"SD_ID\" = ANY (ARRAY (SELECT \"SD_ID\" FROM sd)))," \
  " sd_delete_02 AS (DELETE FROM \"BUCKETING_COLS\" WHERE \"SD_ID\" = ANY (ARRAY (SELECT \"SD_ID\" FROM sd)))," \
  " sd_delete_03 AS (DELETE FROM \"SORT_COLS\" WHERE \"SD_ID\" = ANY (ARRAY (SELECT \"SD_ID\" FROM sd)))," \
  " sd_delete_04 AS (DELETE FROM \"SKEWED_COL_NAMES\" WHERE \"SD_ID\" = ANY (ARRAY (SELECT \"SD_ID\" FROM sd)))," \
  " sd_delete_05 AS (DELETE FROM \"SKEWED_COL_VALUE_LOC_MAP\" WHERE \"SD_ID\" = ANY (ARRAY (SELECT \"SD_ID\" FROM sd)))," \
  " sd_delete_06 AS (DELETE FROM \"SKEWED_VALUES\" WHERE \"SD_ID_OID\" = ANY (ARRAY (SELECT \"SD_ID\" FROM sd)))," \
  " sd_delete_07 AS (DELETE FROM \"SKEWED_STRING_LIST_VALUES\"" \
  "                  WHERE \"STRING_LIST_ID\" = ANY (ARRAY (SELECT id FROM sd_delete_lists)))," \
  " sd_delete_08 AS (DELETE FROM \"SKEWED_STRING_LIST\"" \
  "                  WHERE \"STRING_LIST_ID\" = ANY (ARRAY (SELECT id FROM sd_delete_lists)))," \
  " sd_delete_09 AS (DELETE FROM \"SDS\" WHERE \"SD_ID\" = ANY (ARRAY (SELECT \"SD_ID\" FROM sd)))," \
  " sd_delete_10 AS (DELETE FROM \"SERDE_PARAMS\" WHERE \"SERDE_ID\" = ANY (ARRAY (SELECT \"SERDE_ID\" FROM sd)))," \
  " sd_delete_11 AS (DELETE FROM \"SERDES\" WHERE \"SERDE_ID\" = ANY (ARRAY (SELECT \"SERDE_ID\" FROM sd)))," \
  " sd_delete_12 AS (DELETE FROM \"COLUMNS_V2\" WHERE \"CD_ID\" = ANY (ARRAY (SELECT \"CD_ID\" FROM sd_delete_orphan_cd)))," \
  " sd_delete_13 AS (DELETE FROM \"KEY_CONSTRAINTS\" WHERE \"PARENT_CD_ID\" IN (SELECT \"CD_ID\" FROM sd_delete_orphan_cd)" \
  "                  OR \"CHILD_CD_ID\" IN (SELECT \"CD_ID\" FROM sd_delete_orphan_cd))," \
  " sd_delete_14 AS (DELETE FROM \"CDS\" WHERE \"CD_ID\" = ANY (ARRAY (SELECT \"CD_ID\" FROM sd_delete_orphan_cd)))"

#endif /* HMS_STORE_SD_H */
