/*
 * reply_stream.c
 *    Streamed list replies (see reply_stream.h): the registry of streamed
 *    methods, serving a call of one, and writing its reply piece by piece.
 */
#include "reply_stream.h"

#include <thrift/c_glib/thrift_application_exception.h>
#include <thrift/c_glib/thrift_struct.h>

struct _HmsReplyStream
{
  const HmsStreamedMethod *method;
  ThriftProtocol *out;
  gint32          sequence_id;
  gboolean        begun;          /* the message header has been written */
  guint           announced;      /* elements the list header announced */
  guint           written;        /* elements written so far */
};

/* Filled at class initialisation, read-only once serving starts. */
static GHashTable *streamed_methods;   /* name -> const HmsStreamedMethod * */

void
hms_reply_stream_register (const HmsStreamedMethod *methods, guint count)
{
  if (streamed_methods == NULL)
    streamed_methods = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < count; i++)
    g_hash_table_replace (streamed_methods, (gpointer) methods[i].name, (gpointer) &methods[i]);
}

const HmsStreamedMethod *
hms_reply_stream_lookup (const char *name)
{
  return streamed_methods != NULL && name != NULL ? g_hash_table_lookup (streamed_methods, name) : NULL;
}

gboolean
hms_reply_stream_begin_list (HmsReplyStream *reply, guint count, GError **error)
{
  ThriftProtocol *out = reply->out;
  const HmsStreamedMethod *method = reply->method;

  g_return_val_if_fail (!reply->begun, FALSE);
  reply->begun = TRUE;
  reply->announced = count;
  if (thrift_protocol_write_message_begin (out, method->name, T_REPLY, reply->sequence_id, error) < 0
      || thrift_protocol_write_struct_begin (out, "result", error) < 0
      || thrift_protocol_write_field_begin (out, "success",
                                            method->wrapper_field != 0 ? T_STRUCT : T_LIST, 0,
                                            error) < 0)
    return FALSE;
  if (method->wrapper_field != 0
      && (thrift_protocol_write_struct_begin (out, "response", error) < 0
          || thrift_protocol_write_field_begin (out, "list", T_LIST, method->wrapper_field, error) < 0))
    return FALSE;
  return thrift_protocol_write_list_begin (out, method->element_type, (gint32) count, error) >= 0;
}

/* Counts an element against the announced size; a method that writes more has a bug. */
static gboolean
count_element (HmsReplyStream *reply, GError **error)
{
  if (!reply->begun || reply->written >= reply->announced)
    {
      g_set_error (error, THRIFT_PROTOCOL_ERROR, THRIFT_PROTOCOL_ERROR_UNKNOWN,
                   "%s: element %u of a list of %u does not belong to the reply",
                   reply->method->name, reply->written + 1, reply->announced);
      return FALSE;
    }
  reply->written++;
  return TRUE;
}

gboolean
hms_reply_stream_write_element (HmsReplyStream *reply, gpointer element, GError **error)
{
  if (!count_element (reply, error))
    return FALSE;
  if (reply->method->element_type == T_STRING)
    return thrift_protocol_write_string (reply->out, element, error) >= 0;
  return thrift_struct_write (THRIFT_STRUCT (element), reply->out, error) >= 0;
}

static gboolean
sink_begin (gpointer reply, guint count, GError **error)
{
  return hms_reply_stream_begin_list (reply, count, error);
}

static gboolean
sink_element (gpointer reply, gpointer element, GError **error)
{
  return hms_reply_stream_write_element (reply, element, error);
}

const HmsListSink hms_reply_stream_sink = { sink_begin, sink_element };

/* Closes the list and the structs around it: the reply is whole after this. */
static gboolean
end_list (HmsReplyStream *reply, GError **error)
{
  ThriftProtocol *out = reply->out;

  if (reply->written != reply->announced)
    {
      g_set_error (error, THRIFT_PROTOCOL_ERROR, THRIFT_PROTOCOL_ERROR_UNKNOWN,
                   "%s: %u elements written of the %u announced",
                   reply->method->name, reply->written, reply->announced);
      return FALSE;
    }
  if (thrift_protocol_write_list_end (out, error) < 0
      || thrift_protocol_write_field_end (out, error) < 0)
    return FALSE;
  if (reply->method->wrapper_field != 0
      && (thrift_protocol_write_field_stop (out, error) < 0
          || thrift_protocol_write_struct_end (out, error) < 0
          || thrift_protocol_write_field_end (out, error) < 0))
    return FALSE;
  return thrift_protocol_write_field_stop (out, error) >= 0
         && thrift_protocol_write_struct_end (out, error) >= 0;
}

/*
 * Answers a failure that came before the reply began, as the generated
 * process function answers the installed method's: the result struct with
 * the exception hms_handler_raise chooses among the result's o1..o3, or a
 * TApplicationException when it declares none that fits.
 */
static gboolean
write_failure (HmsReplyStream *reply, const GError *failure, GError **error)
{
  const HmsStreamedMethod *method = reply->method;
  g_autoptr (GObject) result = g_object_new (method->result_type (), NULL);
  GObjectClass *result_class = G_OBJECT_GET_CLASS (result);
  static const char *const slot_names[] = { "o1", "o2", "o3" };
  GType types[G_N_ELEMENTS (slot_names)] = { G_TYPE_INVALID, G_TYPE_INVALID, G_TYPE_INVALID };
  gpointer slots[G_N_ELEMENTS (slot_names)] = { NULL };
  g_autoptr (GError) application_error = NULL;
  gboolean declared = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (slot_names); i++)
    {
      GParamSpec *property = g_object_class_find_property (result_class, slot_names[i]);

      if (property == NULL)
        break;
      types[i] = property->value_type;
    }
  hms_handler_raise (method->name, failure, &application_error,
                     types[0], &slots[0], types[1], &slots[1], types[2], &slots[2], G_TYPE_INVALID);
  for (guint i = 0; i < G_N_ELEMENTS (slot_names); i++)
    if (slots[i] != NULL)
      {
        g_object_set (result, slot_names[i], slots[i], NULL);
        g_object_unref (slots[i]);
        declared = TRUE;
      }

  reply->begun = TRUE;
  if (declared)
    return thrift_protocol_write_message_begin (reply->out, method->name, T_REPLY,
                                                reply->sequence_id, error) >= 0
           && thrift_struct_write (THRIFT_STRUCT (result), reply->out, error) >= 0;
  {
    g_autoptr (GObject) exception =
      g_object_new (THRIFT_TYPE_APPLICATION_EXCEPTION,
                    "type", application_error != NULL ? application_error->code
                                                      : THRIFT_APPLICATION_EXCEPTION_ERROR_UNKNOWN,
                    "message", application_error != NULL ? application_error->message : failure->message,
                    NULL);

    return thrift_protocol_write_message_begin (reply->out, method->name, T_EXCEPTION,
                                                reply->sequence_id, error) >= 0
           && thrift_struct_write (THRIFT_STRUCT (exception), reply->out, error) >= 0;
  }
}

/* Reads the arguments as the generated process function does. */
static gpointer
read_arguments (const HmsStreamedMethod *method, ThriftProtocol *in, GError **error)
{
  g_autoptr (GObject) args = g_object_new (method->args_type (), NULL);
  g_autoptr (GObject) transport = NULL;

  g_object_get (in, "transport", &transport, NULL);
  if (thrift_struct_read (THRIFT_STRUCT (args), in, error) < 0
      || thrift_protocol_read_message_end (in, error) < 0
      || !thrift_transport_read_end (THRIFT_TRANSPORT (transport), error))
    return NULL;
  return g_steal_pointer (&args);
}

/* Message end and flush: the reply leaves. */
static gboolean
finish_message (ThriftProtocol *out, GError **error)
{
  g_autoptr (GObject) transport = NULL;

  g_object_get (out, "transport", &transport, NULL);
  return thrift_protocol_write_message_end (out, error) >= 0
         && thrift_transport_write_end (THRIFT_TRANSPORT (transport), error)
         && thrift_transport_flush (THRIFT_TRANSPORT (transport), error);
}

gboolean
hms_reply_stream_serve (const HmsStreamedMethod *method, HmsContext *context,
                        ThriftProtocol *in, ThriftProtocol *out, gint32 sequence_id,
                        GError **error)
{
  g_autoptr (GObject) args = read_arguments (method, in, error);
  HmsReplyStream reply = { .method = method, .out = out, .sequence_id = sequence_id };
  g_autoptr (GError) failure = NULL;

  if (args == NULL)
    return FALSE;
  if (method->serve (context, args, &reply, &failure))
    {
      /* A method that found nothing to say answers an empty list. */
      if (!reply.begun && !hms_reply_stream_begin_list (&reply, 0, error))
        return FALSE;
      return end_list (&reply, error) && finish_message (out, error);
    }
  if (reply.begun)
    {
      g_warning ("%s: %s (after %u of %u elements of the reply: closing the connection)",
                 method->name, failure->message, reply.written, reply.announced);
      g_propagate_error (error, g_steal_pointer (&failure));
      return FALSE;
    }
  return write_failure (&reply, failure, error) && finish_message (out, error);
}
