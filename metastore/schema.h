/*
 * schema.h
 *    The metastore schema as hms and its schematool see it: which version a
 *    database holds, whether hms can serve it, and creating or upgrading it
 *    with the Hive scripts that travel inside the binary (a GResource under
 *    /hms/schema).
 *
 * The database is shared with the Java Hive metastore, so the scripts are
 * Hive's own and the version rules are Hive's (MetaStoreSchemaInfo).  Every
 * change runs in one transaction under one advisory lock, so two hms
 * replicas starting together cannot both initialise or upgrade, and a
 * failure leaves the database as it was.
 */
#ifndef HMS_SCHEMA_H
#define HMS_SCHEMA_H

#include <glib.h>
#include <libpq-fe.h>

/* The schema version this hms writes and expects (VERSION.SCHEMA_VERSION). */
#define HMS_SCHEMA_VERSION "4.2.0"

/*
 * Key of the transaction-scoped advisory lock (pg_advisory_xact_lock) taken
 * by every schema initialisation, upgrade and start-up fix-up: the ASCII
 * bytes of "HMSSCHEM".  Only hms processes take it; the Java metastore and
 * its schematool do not know it.
 */
#define HMS_SCHEMA_LOCK_KEY G_GINT64_CONSTANT (0x484D53534348454D)

/* What a line handed to an HmsSchemaPrintFunc is. */
typedef enum
{
  HMS_SCHEMA_OUTPUT_PROGRESS,   /* what Hive's schematool prints */
  HMS_SCHEMA_OUTPUT_VERBOSE,    /* script statements, for -verbose */
} HmsSchemaOutput;

/*
 * Receives progress lines (without newline).  Where a function takes one and
 * it is NULL, progress lines go to g_message and verbose lines to g_debug.
 */
typedef void (*HmsSchemaPrintFunc) (HmsSchemaOutput kind, const char *line,
                                    gpointer user_data);

/*
 * Reads VERSION.SCHEMA_VERSION.  Returns the version, or NULL with:
 * HMS_ERROR_NO_SUCH_OBJECT when there is no "VERSION" table (no schema, or
 * one too old to record its version), HMS_ERROR_INVALID_OBJECT when the
 * table is empty or holds several rows (a broken schema), and
 * HMS_ERROR_DATABASE when the query fails.
 */
char     *hms_schema_read_version (PGconn *conn, GError **error);

/*
 * Sets *exists to whether the database holds any part of a Hive schema: the
 * "VERSION" table or any of the core Hive tables ("DBS", "TBLS", ...), in a
 * schema on the search path (where Hive's scripts and hms's queries find
 * them).  A database where this is TRUE is never initialised over.
 */
gboolean  hms_schema_exists (PGconn *conn, gboolean *exists, GError **error);

/*
 * Hive's MetaStoreSchemaInfo.isVersionCompatible: TRUE when a tool (or
 * server) built for tool_version can work on a database at db_version, that
 * is when they are equal (after mapping equivalent versions such as 4.0.1 to
 * 4.0.0) or the database is newer.  Versions not of the form a.b.c[-x] are
 * only compatible when equal.
 */
gboolean  hms_schema_versions_compatible (const char *tool_version,
                                          const char *db_version);

/*
 * The name of the initialisation script for `version` (NULL means
 * HMS_SCHEMA_VERSION), e.g. "hive-schema-4.2.0.postgres.sql", or NULL with
 * HMS_ERROR_INVALID_INPUT "unknown version specified for initialization"
 * when hms has no such script.
 */
char     *hms_schema_initialization_script (const char *version, GError **error);

/*
 * The upgrade scripts from from_version to HMS_SCHEMA_VERSION, in order, as
 * Hive picks them from upgrade.order.postgres: from the line starting with
 * "FROM-to-" to the end.  An empty list when from_version is already
 * HMS_SCHEMA_VERSION; NULL with HMS_ERROR_INVALID_INPUT when no line starts
 * with it.
 */
GStrv     hms_schema_upgrade_scripts (const char *from_version, GError **error);

/*
 * Creates the schema by running hive-schema-VERSION.postgres.sql (version
 * NULL means HMS_SCHEMA_VERSION) in one transaction, holding
 * HMS_SCHEMA_LOCK_KEY.  Inside the lock it checks again that the database
 * holds no Hive schema.  conn must be outside any transaction; it is left
 * outside one, with its session settings reset (RESET ALL).
 *
 * Errors: HMS_ERROR_INVALID_INPUT for a version without a script;
 * HMS_ERROR_ALREADY_EXISTS when a schema with a readable version exists,
 * including one that another process created while this one waited for the
 * lock (a caller that wants a schema can go on with it);
 * HMS_ERROR_INVALID_OBJECT when Hive tables exist without a readable
 * version (broken: refused); HMS_ERROR_DATABASE when the script fails, in
 * which case nothing was changed.  An existing schema is never touched.
 */
gboolean  hms_schema_initialize (PGconn *conn, const char *version,
                                 HmsSchemaPrintFunc print, gpointer user_data,
                                 GError **error);

/*
 * Upgrades the schema to HMS_SCHEMA_VERSION, printing what Hive's
 * schematool prints.  from_version NULL means the version in "VERSION"; a
 * given one must match it when the table has one.  All scripts run in one
 * transaction holding HMS_SCHEMA_LOCK_KEY, and the version is read inside
 * the lock, so an upgrade another replica finished meanwhile leaves nothing
 * to do.  With dry_run the scripts are only listed.  After the scripts, the
 * version recorded must be compatible with HMS_SCHEMA_VERSION, else
 * everything is rolled back.  conn must be outside any transaction and is
 * left outside one.
 *
 * Errors: HMS_ERROR_INVALID_INPUT when there is no path from the version
 * (too old, or newer than hms) or when from_version disagrees with the
 * database; HMS_ERROR_NO_SUCH_OBJECT / HMS_ERROR_INVALID_OBJECT as
 * hms_schema_read_version when no version is recorded and none was given;
 * HMS_ERROR_DATABASE when a script fails (nothing was changed).
 */
gboolean  hms_schema_upgrade (PGconn *conn, const char *from_version,
                              gboolean dry_run, HmsSchemaPrintFunc print,
                              gpointer user_data, GError **error);

/*
 * What `hms serve` does before it listens, on a connection outside any
 * transaction:
 * - no schema and !is_resume: initialises HMS_SCHEMA_VERSION (if another
 *   replica does so at the same time, goes on with that one);
 * - no schema and is_resume: waits up to wait_seconds (polling each second)
 *   for another process to create it, then fails (HMS_ERROR_NO_SUCH_OBJECT);
 * - Hive tables without a readable version: fails (HMS_ERROR_INVALID_OBJECT);
 * - a schema: when verify (metastore.schema.verification) and its version is
 *   older than HMS_SCHEMA_VERSION, fails (HMS_ERROR_FAILED) naming the
 *   upgrade command; when newer (which Hive's rule would accept), fails too,
 *   since hms cannot know what a newer Hive added; without verify only warns.
 * An existing schema is never initialised again, whatever is_resume says.
 * Then, on a compatible schema, as Hive's HMSHandler does at start-up, in
 * one transaction under HMS_SCHEMA_LOCK_KEY: the catalog 'hive' gets
 * warehouse_uri as location where it still says 'TBD' (or is created), and
 * database 'default' is created when missing, located at
 * external_warehouse_uri (NULL or "" means warehouse_uri).  Both URIs must be
 * fully qualified (file:/..., s3a://...).
 */
gboolean  hms_schema_prepare_for_serving (PGconn *conn, gboolean is_resume,
                                          gboolean verify, guint wait_seconds,
                                          const char *warehouse_uri,
                                          const char *external_warehouse_uri,
                                          GError **error);

/*
 * Resource-level access for schematool -validate: the text of a script
 * bundled in hms (e.g. "hive-schema-4.2.0.postgres.sql"), with psql "\i"
 * includes expanded, or NULL with HMS_ERROR_INVALID_INPUT when there is no
 * such script.
 */
char     *hms_schema_load_script (const char *name, GError **error);

/*
 * The table names a script creates (CREATE TABLE [IF NOT EXISTS] name, as
 * Hive's schematool -validate finds them), lower case, in script order.
 */
GStrv     hms_schema_script_tables (const char *script_text);

#endif /* HMS_SCHEMA_H */
