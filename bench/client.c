/*
 * client.c
 *    hms-bench's side of the wire: connections through the generated c_glib
 *    client, the few calls written by hand for methods our IDL may not
 *    declare, and the tables and partitions the benchmarks send, built as
 *    Hive's hmsbench (metastore-benchmarks, Util.TableBuilder and
 *    PartitionBuilder) builds them.
 */
#include "bench.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <unistd.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>

#include <thrift/c_glib/protocol/thrift_binary_protocol.h>
#include <thrift/c_glib/thrift_application_exception.h>
#include <thrift/c_glib/transport/thrift_transport.h>

#include "handler.h"
#include "transport.h"

/*
 * The generator talks through hms's own transport (metastore/transport.c):
 * c_glib's ThriftBufferedTransport does not buffer reads and would make the
 * generator cost more than the server it measures.  The bytes on the wire
 * are the same: unframed binary protocol, as Trino's TSocket sends them.
 */
void
bench_wire_bytes (gint64 *sent, gint64 *received)
{
  hms_socket_transport_totals (sent, received);
}

/* A connected TCP socket to hms with TCP_NODELAY, as Java's TSocket sets it. */
static int
connect_socket (GError **error)
{
  struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
  struct addrinfo *addresses = NULL;
  g_autofree char *service = g_strdup_printf ("%u", bench_settings.port);
  int fd = -1, status, yes = 1, last_errno = 0;

  status = getaddrinfo (bench_settings.host, service, &hints, &addresses);
  if (status != 0)
    {
      g_set_error (error, THRIFT_TRANSPORT_ERROR, THRIFT_TRANSPORT_ERROR_HOST, "%s: %s",
                   bench_settings.host, gai_strerror (status));
      return -1;
    }
  for (struct addrinfo *address = addresses; address != NULL && fd < 0; address = address->ai_next)
    {
      fd = socket (address->ai_family, address->ai_socktype | SOCK_CLOEXEC, address->ai_protocol);
      if (fd >= 0 && connect (fd, address->ai_addr, address->ai_addrlen) != 0)
        {
          last_errno = errno;
          close (fd);
          fd = -1;
        }
    }
  freeaddrinfo (addresses);
  if (fd < 0)
    {
      g_set_error (error, THRIFT_TRANSPORT_ERROR, THRIFT_TRANSPORT_ERROR_CONNECT,
                   "could not connect to %s:%u: %s", bench_settings.host, bench_settings.port,
                   g_strerror (last_errno));
      return -1;
    }
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  return fd;
}

BenchClient *
bench_client_open (GError **error)
{
  BenchClient *client;
  ThriftConfiguration *configuration;
  int fd = connect_socket (error);

  if (fd < 0)
    return NULL;
  client = g_new0 (BenchClient, 1);
  /* The generator trusts its server: replies of any size. */
  configuration = g_object_new (THRIFT_TYPE_CONFIGURATION, "max_message_size", G_MAXINT32, NULL);
  client->transport = G_OBJECT (hms_socket_transport_new (fd, configuration, G_MAXINT32));
  g_object_unref (configuration);
  client->protocol = g_object_new (THRIFT_TYPE_BINARY_PROTOCOL, "transport", client->transport, NULL);
  client->iface = g_object_new (HMS_TYPE_THRIFT_HIVE_METASTORE_CLIENT,
                                "input_protocol", client->protocol,
                                "output_protocol", client->protocol, NULL);
  return client;
}

void
bench_client_close (BenchClient *client)
{
  if (client == NULL)
    return;
  if (client->transport != NULL)
    thrift_transport_close (THRIFT_TRANSPORT (client->transport), NULL);
  g_clear_object (&client->iface);
  g_clear_object (&client->protocol);
  g_clear_object (&client->transport);
  g_free (client);
}

gboolean
bench_check (gboolean ok, GError **error, ...)
{
  va_list exceptions;
  GObject *exception;
  char *described = NULL;

  va_start (exceptions, error);
  while ((exception = va_arg (exceptions, GObject *)) != NULL)
    {
      if (described == NULL)
        {
          g_autofree char *message = NULL;

          if (g_object_class_find_property (G_OBJECT_GET_CLASS (exception), "message") != NULL)
            g_object_get (exception, "message", &message, NULL);
          described = g_strdup_printf ("%s: %s", G_OBJECT_TYPE_NAME (exception),
                                       message ? message : "(no message)");
        }
      g_object_unref (exception);
    }
  va_end (exceptions);
  if (described != NULL)
    {
      g_clear_error (error);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, described);
      g_free (described);
      return FALSE;
    }
  if (!ok && error != NULL && *error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "call failed");
  return ok;
}

/* --- calls written by hand ------------------------------------------------ */

static gboolean
finish_request (ThriftProtocol *protocol, GError **error)
{
  return thrift_protocol_write_field_stop (protocol, error) >= 0
         && thrift_protocol_write_struct_end (protocol, error) >= 0
         && thrift_protocol_write_message_end (protocol, error) >= 0
         && thrift_transport_flush (protocol->transport, error)
         && thrift_transport_write_end (protocol->transport, error);
}

/*
 * Reads a reply's message header: FALSE with *served FALSE when it is an
 * UNKNOWN_METHOD exception, FALSE with `error` for any other exception.
 */
static gboolean
begin_reply (ThriftProtocol *protocol, gboolean *served, GError **error)
{
  g_autofree char *name = NULL;
  ThriftMessageType type;
  gint32 sequence;

  *served = TRUE;
  if (thrift_protocol_read_message_begin (protocol, &name, &type, &sequence, error) < 0)
    return FALSE;
  if (type == T_EXCEPTION)
    {
      g_autoptr (GObject) exception = g_object_new (THRIFT_TYPE_APPLICATION_EXCEPTION, NULL);
      ThriftApplicationException *application = (ThriftApplicationException *) exception;

      if (thrift_struct_read (THRIFT_STRUCT (exception), protocol, error) < 0)
        return FALSE;
      thrift_protocol_read_message_end (protocol, NULL);
      thrift_transport_read_end (protocol->transport, NULL);
      if (application->type == THRIFT_APPLICATION_EXCEPTION_ERROR_UNKNOWN_METHOD)
        *served = FALSE;
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", name,
                     application->message ? application->message : "application exception");
      return FALSE;
    }
  return TRUE;
}

static gboolean
end_reply (ThriftProtocol *protocol, GError **error)
{
  return thrift_protocol_read_message_end (protocol, error) >= 0
         && thrift_transport_read_end (protocol->transport, error);
}

gboolean
bench_call_without_arguments (BenchClient *client, const char *method, gboolean *served,
                              GError **error)
{
  ThriftProtocol *protocol = THRIFT_PROTOCOL (client->protocol);

  if (thrift_protocol_write_message_begin (protocol, method, T_CALL, 0, error) < 0
      || thrift_protocol_write_struct_begin (protocol, "args", error) < 0
      || !finish_request (protocol, error))
    return FALSE;
  if (!begin_reply (protocol, served, error))
    return !*served && (error == NULL || *error == NULL);
  return thrift_protocol_skip (protocol, T_STRUCT, error) >= 0 && end_reply (protocol, error);
}

static gboolean
write_string_field (ThriftProtocol *protocol, const char *name, gint16 id, const char *value,
                    GError **error)
{
  return thrift_protocol_write_field_begin (protocol, name, T_STRING, id, error) >= 0
         && thrift_protocol_write_string (protocol, value, error) >= 0
         && thrift_protocol_write_field_end (protocol, error) >= 0;
}

static gboolean
write_i32_field (ThriftProtocol *protocol, const char *name, gint16 id, gint32 value, GError **error)
{
  return thrift_protocol_write_field_begin (protocol, name, T_I32, id, error) >= 0
         && thrift_protocol_write_i32 (protocol, value, error) >= 0
         && thrift_protocol_write_field_end (protocol, error) >= 0;
}

/* Reads field 1 (i64) of the result's struct field 0, skipping the rest. */
static gboolean
read_result_id (ThriftProtocol *protocol, gint64 *id, GError **error)
{
  g_autofree char *name = NULL;
  ThriftType type;
  gint16 field;
  gboolean found = FALSE;

  if (thrift_protocol_read_struct_begin (protocol, &name, error) < 0)
    return FALSE;
  for (;;)
    {
      if (thrift_protocol_read_field_begin (protocol, NULL, &type, &field, error) < 0)
        return FALSE;
      if (type == T_STOP)
        break;
      if (field == 0 && type == T_STRUCT)
        {
          g_autofree char *inner_name = NULL;

          /* c_glib's binary protocol stores the (empty) struct name: never pass NULL. */
          if (thrift_protocol_read_struct_begin (protocol, &inner_name, error) < 0)
            return FALSE;
          for (;;)
            {
              ThriftType inner_type;
              gint16 inner;

              if (thrift_protocol_read_field_begin (protocol, NULL, &inner_type, &inner, error) < 0)
                return FALSE;
              if (inner_type == T_STOP)
                break;
              if (inner == 1 && inner_type == T_I64)
                {
                  if (thrift_protocol_read_i64 (protocol, id, error) < 0)
                    return FALSE;
                  found = TRUE;
                }
              else if (thrift_protocol_skip (protocol, inner_type, error) < 0)
                return FALSE;
              thrift_protocol_read_field_end (protocol, NULL);
            }
          thrift_protocol_read_struct_end (protocol, NULL);
        }
      else if (thrift_protocol_skip (protocol, type, error) < 0)
        return FALSE;
      thrift_protocol_read_field_end (protocol, NULL);
    }
  thrift_protocol_read_struct_end (protocol, NULL);
  if (!found)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "lock answered without a lock id");
  return found;
}

gboolean
bench_lock_unlock (BenchClient *client, const char *database, const char *table,
                   gboolean *served, GError **error)
{
  ThriftProtocol *protocol = THRIFT_PROTOCOL (client->protocol);
  gint64 lock_id = 0;

  /* lock(LockRequest{[LockComponent{SHARED_READ, TABLE, db, table, SELECT}], user, hostname}) */
  if (thrift_protocol_write_message_begin (protocol, "lock", T_CALL, 0, error) < 0
      || thrift_protocol_write_struct_begin (protocol, "lock_args", error) < 0
      || thrift_protocol_write_field_begin (protocol, "rqst", T_STRUCT, 1, error) < 0
      || thrift_protocol_write_struct_begin (protocol, "LockRequest", error) < 0
      || thrift_protocol_write_field_begin (protocol, "component", T_LIST, 1, error) < 0
      || thrift_protocol_write_list_begin (protocol, T_STRUCT, 1, error) < 0
      || thrift_protocol_write_struct_begin (protocol, "LockComponent", error) < 0
      || !write_i32_field (protocol, "type", 1, 1 /* SHARED_READ */, error)
      || !write_i32_field (protocol, "level", 2, 2 /* TABLE */, error)
      || !write_string_field (protocol, "dbname", 3, database, error)
      || !write_string_field (protocol, "tablename", 4, table, error)
      || !write_i32_field (protocol, "operationType", 6, 1 /* SELECT */, error)
      || thrift_protocol_write_field_stop (protocol, error) < 0
      || thrift_protocol_write_struct_end (protocol, error) < 0
      || thrift_protocol_write_list_end (protocol, error) < 0
      || thrift_protocol_write_field_end (protocol, error) < 0
      || !write_string_field (protocol, "user", 3, "bench", error)
      || !write_string_field (protocol, "hostname", 4, "localhost", error)
      || thrift_protocol_write_field_stop (protocol, error) < 0
      || thrift_protocol_write_struct_end (protocol, error) < 0
      || thrift_protocol_write_field_end (protocol, error) < 0
      || !finish_request (protocol, error))
    return FALSE;
  if (!begin_reply (protocol, served, error))
    return !*served && (error == NULL || *error == NULL);
  if (!read_result_id (protocol, &lock_id, error) || !end_reply (protocol, error))
    return FALSE;

  /* unlock(UnlockRequest{lock_id}) */
  if (thrift_protocol_write_message_begin (protocol, "unlock", T_CALL, 0, error) < 0
      || thrift_protocol_write_struct_begin (protocol, "unlock_args", error) < 0
      || thrift_protocol_write_field_begin (protocol, "rqst", T_STRUCT, 1, error) < 0
      || thrift_protocol_write_struct_begin (protocol, "UnlockRequest", error) < 0
      || thrift_protocol_write_field_begin (protocol, "lockid", T_I64, 1, error) < 0
      || thrift_protocol_write_i64 (protocol, lock_id, error) < 0
      || thrift_protocol_write_field_end (protocol, error) < 0
      || thrift_protocol_write_field_stop (protocol, error) < 0
      || thrift_protocol_write_struct_end (protocol, error) < 0
      || thrift_protocol_write_field_end (protocol, error) < 0
      || !finish_request (protocol, error))
    return FALSE;
  if (!begin_reply (protocol, served, error))
    return FALSE;
  return thrift_protocol_skip (protocol, T_STRUCT, error) >= 0 && end_reply (protocol, error);
}

/*
 * Reads an exception struct of a reply (field 1 is the message in every
 * exception hive_metastore.thrift declares) into `error`.
 */
static gboolean
read_exception (ThriftProtocol *protocol, const char *method, gint16 slot, GError **error)
{
  g_autofree char *message = NULL;
  g_autofree char *name = NULL;
  ThriftType type;
  gint16 field;

  if (thrift_protocol_read_struct_begin (protocol, &name, error) < 0)
    return FALSE;
  for (;;)
    {
      if (thrift_protocol_read_field_begin (protocol, NULL, &type, &field, error) < 0)
        return FALSE;
      if (type == T_STOP)
        break;
      if (field == 1 && type == T_STRING && message == NULL)
        {
          if (thrift_protocol_read_string (protocol, &message, error) < 0)
            return FALSE;
        }
      else if (thrift_protocol_skip (protocol, type, error) < 0)
        return FALSE;
      thrift_protocol_read_field_end (protocol, NULL);
    }
  thrift_protocol_read_struct_end (protocol, NULL);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: exception o%d: %s", method, slot,
               message != NULL ? message : "(no message)");
  return FALSE;
}

gboolean
bench_receive_list (BenchClient *client, const char *method, guint *count, GError **error)
{
  ThriftProtocol *protocol = THRIFT_PROTOCOL (client->protocol);
  gboolean served = TRUE, found = FALSE;
  g_autofree char *name = NULL;
  ThriftType type;
  gint16 field;

  *count = 0;
  if (!begin_reply (protocol, &served, error))
    {
      if (!served)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s: not served", method);
      return FALSE;
    }
  if (thrift_protocol_read_struct_begin (protocol, &name, error) < 0)
    return FALSE;
  for (;;)
    {
      if (thrift_protocol_read_field_begin (protocol, NULL, &type, &field, error) < 0)
        return FALSE;
      if (type == T_STOP)
        break;
      if (field == 0 && type == T_LIST)
        {
          ThriftType element_type;
          guint32 size;

          if (thrift_protocol_read_list_begin (protocol, &element_type, &size, error) < 0)
            return FALSE;
          /* Every byte of every element is read and checked for shape: only no object is built. */
          for (guint32 i = 0; i < size; i++)
            if (thrift_protocol_skip (protocol, element_type, error) < 0)
              return FALSE;
          thrift_protocol_read_list_end (protocol, NULL);
          *count = size;
          found = TRUE;
        }
      else if (field > 0 && type == T_STRUCT)
        return read_exception (protocol, method, field, error);
      else if (thrift_protocol_skip (protocol, type, error) < 0)
        return FALSE;
      thrift_protocol_read_field_end (protocol, NULL);
    }
  thrift_protocol_read_struct_end (protocol, NULL);
  if (!end_reply (protocol, error))
    return FALSE;
  if (!found)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: answered without a list", method);
  return found;
}

/* --- objects ---------------------------------------------------------------- */

static char *
dup_set (gboolean *isset, const char *value)
{
  *isset = TRUE;
  return g_strdup (value);
}

static HmsFieldSchema *
field_new (const char *name)
{
  HmsFieldSchema *field = g_object_new (HMS_TYPE_FIELD_SCHEMA, NULL);

  field->name = dup_set (&field->__isset_name, name);
  field->type = dup_set (&field->__isset_type, "string");
  field->comment = dup_set (&field->__isset_comment, "");
  return field;
}

static void
add_parameters (GHashTable *parameters, guint count)
{
  for (guint i = 0; i < count; i++)
    g_hash_table_insert (parameters, g_strdup_printf ("parameter_%u", i),
                         g_strdup_printf ("value_%u", i));
}

HmsTable *
bench_table_new (const char *database, const char *name, const char *const *columns,
                 const char *const *partition_keys, guint params)
{
  HmsTable *table = g_object_new (HMS_TYPE_TABLE, NULL);
  HmsStorageDescriptor *sd = table->sd;

  table->dbName = dup_set (&table->__isset_dbName, database);
  table->tableName = dup_set (&table->__isset_tableName, name);
  table->tableType = dup_set (&table->__isset_tableType, "MANAGED_TABLE");
  table->owner = dup_set (&table->__isset_owner, "bench");
  for (guint i = 0; columns != NULL && columns[i] != NULL; i++)
    g_ptr_array_add (sd->cols, field_new (columns[i]));
  sd->__isset_cols = TRUE;
  sd->serdeInfo->name = dup_set (&sd->serdeInfo->__isset_name, name);
  sd->serdeInfo->serializationLib = dup_set (&sd->serdeInfo->__isset_serializationLib,
                                             "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe");
  sd->serdeInfo->__isset_parameters = TRUE;
  sd->__isset_serdeInfo = TRUE;
  sd->inputFormat = dup_set (&sd->__isset_inputFormat, "org.apache.hadoop.hive.ql.io.HiveInputFormat");
  sd->outputFormat = dup_set (&sd->__isset_outputFormat, "org.apache.hadoop.hive.ql.io.HiveOutputFormat");
  sd->__isset_parameters = TRUE;
  table->__isset_sd = TRUE;
  for (guint i = 0; partition_keys != NULL && partition_keys[i] != NULL; i++)
    g_ptr_array_add (table->partitionKeys, field_new (partition_keys[i]));
  table->__isset_partitionKeys = TRUE;
  add_parameters (table->parameters, params);
  table->__isset_parameters = TRUE;
  return table;
}

char *
bench_partition_name (const HmsTable *table, const char *const *values)
{
  GString *name = g_string_new (NULL);

  for (guint i = 0; i < table->partitionKeys->len; i++)
    {
      HmsFieldSchema *key = g_ptr_array_index (table->partitionKeys, i);

      g_string_append_printf (name, "%s%s=%s", i > 0 ? "/" : "", key->name, values[i]);
    }
  return g_string_free (name, FALSE);
}

HmsPartition *
bench_partition_new (const HmsTable *table, const char *const *values, guint params)
{
  HmsPartition *partition = g_object_new (HMS_TYPE_PARTITION, NULL);
  g_autofree char *name = bench_partition_name (table, values);

  partition->dbName = dup_set (&partition->__isset_dbName, table->dbName);
  partition->tableName = dup_set (&partition->__isset_tableName, table->tableName);
  for (guint i = 0; i < table->partitionKeys->len; i++)
    g_ptr_array_add (partition->values, g_strdup (values[i]));
  partition->__isset_values = TRUE;
  g_object_unref (partition->sd);
  partition->sd = hms_struct_copy (table->sd);
  g_free (partition->sd->location);
  partition->sd->location = g_strdup_printf ("%s/%s", table->sd->location ? table->sd->location : "",
                                             name);
  partition->sd->__isset_location = TRUE;
  partition->__isset_sd = TRUE;
  add_parameters (partition->parameters, params);
  partition->__isset_parameters = TRUE;
  return partition;
}

/* --- Thrift helpers ---------------------------------------------------------- */

gboolean
bench_create_database (BenchClient *client, const char *name, GError **error)
{
  bench_auto_unref HmsDatabase *database = g_object_new (HMS_TYPE_DATABASE, NULL);
  HmsAlreadyExistsException *o1 = NULL;
  HmsInvalidObjectException *o2 = NULL;
  HmsMetaException *o3 = NULL;
  gboolean ok;

  database->name = dup_set (&database->__isset_name, name);
  ok = hms_thrift_hive_metastore_if_create_database (client->iface, database, &o1, &o2, &o3, error);
  return bench_check (ok, error, o1, o2, o3, NULL);
}

gboolean
bench_drop_database (BenchClient *client, const char *name, gboolean if_exists, GError **error)
{
  HmsNoSuchObjectException *o1 = NULL;
  HmsInvalidOperationException *o2 = NULL;
  HmsMetaException *o3 = NULL;
  gboolean ok = hms_thrift_hive_metastore_if_drop_database (client->iface, name, TRUE, TRUE,
                                                             &o1, &o2, &o3, error);

  if (!ok && if_exists && o1 != NULL && o2 == NULL && o3 == NULL)
    {
      g_object_unref (o1);
      g_clear_error (error);
      return TRUE;
    }
  return bench_check (ok, error, o1, o2, o3, NULL);
}

gboolean
bench_create_table (BenchClient *client, HmsTable *table, GError **error)
{
  HmsAlreadyExistsException *o1 = NULL;
  HmsInvalidObjectException *o2 = NULL;
  HmsMetaException *o3 = NULL;
  HmsNoSuchObjectException *o4 = NULL;
  gboolean ok = hms_thrift_hive_metastore_if_create_table (client->iface, table, &o1, &o2, &o3, &o4,
                                                            error);

  return bench_check (ok, error, o1, o2, o3, o4, NULL);
}

gboolean
bench_drop_table (BenchClient *client, const char *database, const char *name, gboolean if_exists,
                  GError **error)
{
  HmsNoSuchObjectException *o1 = NULL;
  HmsMetaException *o3 = NULL;
  gboolean ok = hms_thrift_hive_metastore_if_drop_table (client->iface, database, name, TRUE,
                                                          &o1, &o3, error);

  if (!ok && if_exists && o1 != NULL && o3 == NULL)
    {
      g_object_unref (o1);
      g_clear_error (error);
      return TRUE;
    }
  return bench_check (ok, error, o1, o3, NULL);
}

HmsTable *
bench_get_table (BenchClient *client, const char *database, const char *name, GError **error)
{
  bench_auto_unref HmsGetTableRequest *request = g_object_new (HMS_TYPE_GET_TABLE_REQUEST, NULL);
  bench_auto_unref HmsGetTableResult *result = g_object_new (HMS_TYPE_GET_TABLE_RESULT, NULL);
  HmsMetaException *o1 = NULL;
  HmsNoSuchObjectException *o2 = NULL;
  gboolean ok;

  request->dbName = g_strdup (database);
  request->tblName = g_strdup (name);
  ok = hms_thrift_hive_metastore_if_get_table_req (client->iface, &result, request, &o1, &o2, error);
  if (!bench_check (ok, error, o1, o2, NULL))
    return NULL;
  return g_object_ref (result->table);
}

gboolean
bench_add_partitions (BenchClient *client, GPtrArray *partitions, GError **error)
{
  HmsInvalidObjectException *o1 = NULL;
  HmsAlreadyExistsException *o2 = NULL;
  HmsMetaException *o3 = NULL;
  gint32 added = 0;
  gboolean ok = hms_thrift_hive_metastore_if_add_partitions (client->iface, &added, partitions,
                                                              &o1, &o2, &o3, error);

  if (!bench_check (ok, error, o1, o2, o3, NULL))
    return FALSE;
  if ((guint) added != partitions->len)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "add_partitions added %d of %u",
                   added, partitions->len);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
bench_partition_names (BenchClient *client, const char *database, const char *table, GError **error)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  HmsNoSuchObjectException *o1 = NULL;
  HmsMetaException *o2 = NULL;
  gboolean ok = hms_thrift_hive_metastore_if_get_partition_names (client->iface, &names, database,
                                                                   table, -1, &o1, &o2, error);

  if (!bench_check (ok, error, o1, o2, NULL))
    return NULL;
  return g_steal_pointer (&names);
}

gboolean
bench_drop_partitions_by_name (BenchClient *client, const char *database, const char *table,
                               GPtrArray *names, GError **error)
{
  bench_auto_unref HmsDropPartitionsRequest *request = g_object_new (HMS_TYPE_DROP_PARTITIONS_REQUEST, NULL);
  bench_auto_unref HmsDropPartitionsResult *result = g_object_new (HMS_TYPE_DROP_PARTITIONS_RESULT, NULL);
  HmsNoSuchObjectException *o1 = NULL;
  HmsMetaException *o2 = NULL;
  gboolean ok;

  if (names->len == 0)
    return TRUE;
  request->dbName = g_strdup (database);
  request->tblName = g_strdup (table);
  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (request->parts->names, g_strdup (g_ptr_array_index (names, i)));
  request->parts->__isset_names = TRUE;
  request->deleteData = TRUE;
  request->__isset_deleteData = TRUE;
  ok = hms_thrift_hive_metastore_if_drop_partitions_req (client->iface, &result, request, &o1, &o2,
                                                          error);
  return bench_check (ok, error, o1, o2, NULL);
}
