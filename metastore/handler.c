/*
 * handler.c
 *    The Thrift service object and the one place where failures become
 *    Thrift exceptions (see handler.h).
 */
#include "handler.h"
#include "error.h"
#include "reply_stream.h"

#include <stdarg.h>
#include <thrift/c_glib/thrift_application_exception.h>
#include <thrift/c_glib/protocol/thrift_binary_protocol.h>
#include <thrift/c_glib/transport/thrift_memory_buffer.h>


G_DEFINE_TYPE (HmsHandler, hms_handler, HMS_TYPE_THRIFT_HIVE_METASTORE_HANDLER)

static void
hms_handler_init (HmsHandler *self)
{
}

static void
hms_handler_class_init (HmsHandlerClass *klass)
{
  HmsThriftHiveMetastoreHandlerClass *service = HMS_THRIFT_HIVE_METASTORE_HANDLER_CLASS (klass);

  hms_api_service_install (service);
  hms_api_database_install (service);
  hms_api_table_install (service);
  hms_api_partition_install (service);
  hms_api_stats_install (service);
}

HmsHandler *
hms_handler_new (HmsContext *context)
{
  HmsHandler *handler = g_object_new (HMS_TYPE_HANDLER, NULL);

  handler->context = context;
  return handler;
}

/* fb303 counters. */
static GMutex counters_lock;
static GHashTable *counters;   /* method name -> gint64 * */

static void
count_call (const char *name)
{
  gint64 *count;

  g_mutex_lock (&counters_lock);
  if (counters == NULL)
    counters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  count = g_hash_table_lookup (counters, name);
  if (count == NULL)
    {
      count = g_new0 (gint64, 1);
      g_hash_table_insert (counters, g_strdup (name), count);
    }
  (*count)++;
  g_mutex_unlock (&counters_lock);
}

gint64
hms_handler_counter (const char *name)
{
  gint64 *count;
  gint64 value = 0;

  g_mutex_lock (&counters_lock);
  if (counters != NULL && name != NULL && (count = g_hash_table_lookup (counters, name)) != NULL)
    value = *count;
  g_mutex_unlock (&counters_lock);
  return value;
}

void
hms_handler_copy_counters (GHashTable *into)
{
  GHashTableIter iter;
  gpointer name, count;

  g_mutex_lock (&counters_lock);
  if (counters != NULL)
    {
      g_hash_table_iter_init (&iter, counters);
      while (g_hash_table_iter_next (&iter, &name, &count))
        {
          gint64 *copy = g_new (gint64, 1);

          *copy = *(gint64 *) count;
          g_hash_table_replace (into, g_strdup (name), copy);
        }
    }
  g_mutex_unlock (&counters_lock);
}

/*
 * The processor: counts each call, then serves it with a streamed reply
 * when its method registered one (reply_stream.h), else lets the
 * generated code dispatch it.
 */
typedef struct
{
  HmsThriftHiveMetastoreProcessor parent;
} HmsProcessor;

typedef struct
{
  HmsThriftHiveMetastoreProcessorClass parent;
} HmsProcessorClass;

static GType hms_processor_get_type (void);
G_DEFINE_TYPE (HmsProcessor, hms_processor, HMS_TYPE_THRIFT_HIVE_METASTORE_PROCESSOR)

static gboolean
hms_processor_dispatch_call (ThriftDispatchProcessor *self, ThriftProtocol *in,
                             ThriftProtocol *out, gchar *name, gint32 sequence_id, GError **error)
{
  const HmsStreamedMethod *streamed = hms_reply_stream_lookup (name);

  count_call (name);
  if (streamed != NULL)
    return hms_reply_stream_serve (streamed,
                                   hms_handler_context (HMS_THRIFT_HIVE_METASTORE_PROCESSOR (self)->handler),
                                   in, out, sequence_id, error);
  return THRIFT_DISPATCH_PROCESSOR_CLASS (hms_processor_parent_class)
    ->dispatch_call (self, in, out, name, sequence_id, error);
}

static void
hms_processor_init (HmsProcessor *self)
{
}

static void
hms_processor_class_init (HmsProcessorClass *klass)
{
  THRIFT_DISPATCH_PROCESSOR_CLASS (klass)->dispatch_call = hms_processor_dispatch_call;
}

ThriftProcessor *
hms_processor_new (HmsHandler *handler)
{
  return g_object_new (hms_processor_get_type (), "handler", handler, NULL);
}

/* The exception a code stands for (MetaException for anything not listed). */
static GType
exception_type_for (const GError *failure)
{
  if (failure->domain == HMS_ERROR)
    switch ((HmsErrorCode) failure->code)
      {
      case HMS_ERROR_NO_SUCH_OBJECT:
        return HMS_TYPE_NO_SUCH_OBJECT_EXCEPTION;
      case HMS_ERROR_ALREADY_EXISTS:
        return HMS_TYPE_ALREADY_EXISTS_EXCEPTION;
      case HMS_ERROR_INVALID_OBJECT:
        return HMS_TYPE_INVALID_OBJECT_EXCEPTION;
      case HMS_ERROR_INVALID_OPERATION:
        return HMS_TYPE_INVALID_OPERATION_EXCEPTION;
      case HMS_ERROR_UNKNOWN_DB:
        return HMS_TYPE_UNKNOWN_D_B_EXCEPTION;
      case HMS_ERROR_UNKNOWN_TABLE:
        return HMS_TYPE_UNKNOWN_TABLE_EXCEPTION;
      case HMS_ERROR_INVALID_INPUT:
        return HMS_TYPE_INVALID_INPUT_EXCEPTION;
      case HMS_ERROR_FAILED:
      case HMS_ERROR_CONFIG:
      case HMS_ERROR_DATABASE:
        break;
      }
  return HMS_TYPE_META_EXCEPTION;
}

/* Failures a client caused are routine; the others deserve an operator's eye. */
static gboolean
failure_is_clients (const GError *failure)
{
  return failure->domain == HMS_ERROR
         && failure->code != HMS_ERROR_FAILED
         && failure->code != HMS_ERROR_DATABASE
         && failure->code != HMS_ERROR_CONFIG;
}

gboolean
hms_handler_raise (const char *method, const GError *failure, GError **error, ...)
{
  GType wanted = exception_type_for (failure);
  gpointer *chosen = NULL;
  gpointer *meta_slot = NULL;
  GType chosen_type = G_TYPE_INVALID;
  va_list slots;

  g_return_val_if_fail (failure != NULL, FALSE);

  va_start (slots, error);
  for (;;)
    {
      GType type = va_arg (slots, GType);
      gpointer *slot;

      if (type == G_TYPE_INVALID)
        break;
      slot = va_arg (slots, gpointer *);
      if (type == wanted && chosen == NULL)
        {
          chosen = slot;
          chosen_type = type;
        }
      if (type == HMS_TYPE_META_EXCEPTION)
        meta_slot = slot;
    }
  va_end (slots);

  if (chosen == NULL && meta_slot != NULL)
    {
      chosen = meta_slot;
      chosen_type = HMS_TYPE_META_EXCEPTION;
    }

  if (failure_is_clients (failure))
    g_debug ("%s: %s", method, failure->message);
  else
    g_warning ("%s: %s", method, failure->message);

  if (chosen != NULL)
    *chosen = g_object_new (chosen_type, "message", failure->message, NULL);
  else
    g_set_error (error, THRIFT_APPLICATION_EXCEPTION_ERROR,
                 THRIFT_APPLICATION_EXCEPTION_ERROR_INTERNAL_ERROR,
                 "%s", failure->message);
  return FALSE;
}

/* Per-connection state: a connection is served by one thread from start to end. */
typedef struct
{
  char       *user;
  GHashTable *settings;
} ConnectionState;

static void
connection_state_free (gpointer data)
{
  ConnectionState *state = data;

  g_free (state->user);
  if (state->settings)
    g_hash_table_unref (state->settings);
  g_free (state);
}

static GPrivate connection_state_key = G_PRIVATE_INIT (connection_state_free);

static ConnectionState *
connection_state (void)
{
  ConnectionState *state = g_private_get (&connection_state_key);

  if (state == NULL)
    {
      state = g_new0 (ConnectionState, 1);
      state->settings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_private_set (&connection_state_key, state);
    }
  return state;
}

void
hms_handler_connection_reset (void)
{
  g_private_replace (&connection_state_key, NULL);
}

const char *
hms_handler_connection_user (void)
{
  return connection_state ()->user;
}

void
hms_handler_set_connection_user (const char *user)
{
  ConnectionState *state = connection_state ();

  g_free (state->user);
  state->user = g_strdup (user);
}

const char *
hms_handler_connection_setting (const char *key)
{
  return g_hash_table_lookup (connection_state ()->settings, key);
}

void
hms_handler_set_connection_setting (const char *key, const char *value)
{
  g_hash_table_replace (connection_state ()->settings, g_strdup (key), g_strdup (value));
}

/*
 * Memory buffers for hms_struct_copy, kept for reuse: c_glib's transport
 * classes do not chain up their finalize, so each buffer unreffed would
 * leak a little.  A pair is borrowed for one copy and comes back empty (the
 * read consumes what the write put in), so there are never more pairs than
 * copies running at once.
 */
typedef struct
{
  ThriftMemoryBuffer *buffer;
  ThriftProtocol     *protocol;
} CopyChannel;

static GMutex copy_channels_lock;
static GSList *copy_channels;

static CopyChannel *
borrow_copy_channel (void)
{
  CopyChannel *channel = NULL;

  g_mutex_lock (&copy_channels_lock);
  if (copy_channels != NULL)
    {
      channel = copy_channels->data;
      copy_channels = g_slist_delete_link (copy_channels, copy_channels);
    }
  g_mutex_unlock (&copy_channels_lock);
  if (channel == NULL)
    {
      channel = g_new (CopyChannel, 1);
      channel->buffer = g_object_new (THRIFT_TYPE_MEMORY_BUFFER, NULL);
      channel->protocol = g_object_new (THRIFT_TYPE_BINARY_PROTOCOL, "transport", channel->buffer, NULL);
    }
  return channel;
}

static void
return_copy_channel (CopyChannel *channel)
{
  g_mutex_lock (&copy_channels_lock);
  copy_channels = g_slist_prepend (copy_channels, channel);
  g_mutex_unlock (&copy_channels_lock);
}

gpointer
hms_struct_copy (gconstpointer object)
{
  ThriftStruct *original = THRIFT_STRUCT ((gpointer) object);
  ThriftStruct *copy = g_object_new (G_OBJECT_TYPE (original), NULL);
  CopyChannel *channel = borrow_copy_channel ();
  g_autoptr (GError) error = NULL;

  /* A memory buffer cannot fail short of running out of memory, which aborts anyway. */
  if (thrift_struct_write (original, channel->protocol, &error) < 0
      || thrift_struct_read (copy, channel->protocol, &error) < 0)
    g_error ("could not copy a %s: %s", G_OBJECT_TYPE_NAME (original), error->message);
  return_copy_channel (channel);
  return copy;
}

gboolean
hms_string_is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}
