/*
 * handler.h
 *    The Thrift service object: HmsHandler subclasses the generated
 *    ThriftHiveMetastore handler, each api_*.c file installs the methods of
 *    its area into the class, and failures become Thrift exceptions here, in
 *    one place.
 */
#ifndef HMS_HANDLER_H
#define HMS_HANDLER_H

#include <glib-object.h>
#include <libpq-fe.h>
#include <thrift/c_glib/processor/thrift_dispatch_processor.h>

#include "hms_thrift_hive_metastore.h"
#include "conf.h"
#include "pgpool.h"
#include "s3_config.h"

/* What every call may read; shared by all connection threads, never changed after start. */
typedef struct
{
  HmsConf    *conf;
  HmsPool    *pool;
  char       *default_catalog;        /* metastore.catalog.default */
  char       *warehouse_uri;          /* qualified metastore.warehouse.dir */
  char       *external_warehouse_uri; /* qualified metastore.warehouse.external.dir, or warehouse_uri */
  gint64      started_at;             /* seconds since the epoch */
  HmsS3Clients *s3_clients;           /* S3 clients per bucket, for deleting dropped data (warehouse_fs.h) */
} HmsContext;

#define HMS_TYPE_HANDLER (hms_handler_get_type ())
#define HMS_HANDLER(obj) (G_TYPE_CHECK_INSTANCE_CAST ((obj), HMS_TYPE_HANDLER, HmsHandler))

typedef struct
{
  HmsThriftHiveMetastoreHandler parent;
  HmsContext *context;
} HmsHandler;

typedef struct
{
  HmsThriftHiveMetastoreHandlerClass parent;
} HmsHandlerClass;

GType       hms_handler_get_type (void);
HmsHandler *hms_handler_new (HmsContext *context);

/*
 * The processor that serves a handler: the generated one, plus fb303's
 * per-method call counters, counted as each call is dispatched.
 */
ThriftProcessor *hms_processor_new (HmsHandler *handler);

/* fb303 counters: calls per method name since start (process-wide). */
gint64      hms_handler_counter (const char *name);
void        hms_handler_copy_counters (GHashTable *into);

static inline HmsContext *
hms_handler_context (gpointer iface)
{
  return HMS_HANDLER (iface)->context;
}

/*
 * Answers a failed call: maps `failure` (an HMS_ERROR) to the exception type
 * its code stands for and stores a new exception object in the matching
 * out-parameter among those the method declares, given as pairs of
 * (GType, gpointer *slot) ending with G_TYPE_INVALID.  A code whose
 * exception the method does not declare becomes its MetaException if it has
 * one, else a TApplicationException (INTERNAL_ERROR) through `error`.
 * Logs the failure with the method's name.  Always returns FALSE, so a
 * method can end with `return hms_handler_raise (...)`.
 */
gboolean    hms_handler_raise (const char *method, const GError *failure, GError **error, ...);

/* Generated Thrift objects are GObjects. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HmsDatabase, g_object_unref)

/*
 * A deep copy of a generated Thrift struct (through the binary protocol and
 * a memory buffer, so it copies every field the IDL has): handlers change
 * copies, never the arguments the processor owns.
 */
gpointer    hms_struct_copy (gconstpointer object);

/* TRUE for NULL, "" and white space only (Hive's StringUtils.isBlank). */
gboolean    hms_string_is_blank (const char *text);

/* The methods of each area, installed by hms_handler_class_init. */
void        hms_api_service_install (HmsThriftHiveMetastoreHandlerClass *klass);
void        hms_api_database_install (HmsThriftHiveMetastoreHandlerClass *klass);
void        hms_api_table_install (HmsThriftHiveMetastoreHandlerClass *klass);
void        hms_api_partition_install (HmsThriftHiveMetastoreHandlerClass *klass);
void        hms_api_stats_install (HmsThriftHiveMetastoreHandlerClass *klass);

/* Forgets the current connection's user and settings (its thread serves others next). */
void        hms_handler_connection_reset (void);

/* The user the current connection named with set_ugi, or NULL. */
const char *hms_handler_connection_user (void);
void        hms_handler_set_connection_user (const char *user);

/*
 * Per-connection metastore settings from setMetaConf (a connection is one
 * thread, as in the Java server where they live in the handler's thread
 * local configuration).
 */
const char *hms_handler_connection_setting (const char *key);
void        hms_handler_set_connection_setting (const char *key, const char *value);

#endif /* HMS_HANDLER_H */
