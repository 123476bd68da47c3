/*
 * reply_stream.h
 *    Replies written as their rows are read: methods whose answer is a
 *    list (of partitions, of partition names) write it element by element
 *    to the Thrift protocol instead of building every element as an object
 *    first, so a call's memory does not grow with its answer.
 *
 * The processor (handler.c) hands a call of a registered method to
 * hms_reply_stream_serve instead of the generated process function.  The
 * arguments are read with the generated *_Args struct as the generated
 * code reads them; the method's serve function then runs its checks and
 * begins the reply once it knows how many elements follow.  Until then a
 * failure is answered exactly as the installed handler method answers it
 * (the generated *_Result struct with the exception hms_handler_raise
 * chooses among those the result declares, or a TApplicationException).
 * Once the reply has begun a failure cannot become an exception any more:
 * it is logged and the call fails, so the server closes the connection and
 * the client sees a transport error (which Trino and Hive's client retry)
 * rather than a malformed success.
 *
 * The installed handler methods stay: in-process callers and the embedded
 * server use them, and they are the reference the streamed replies equal.
 */
#ifndef HMS_REPLY_STREAM_H
#define HMS_REPLY_STREAM_H

#include <glib-object.h>
#include <thrift/c_glib/protocol/thrift_protocol.h>

#include "handler.h"
#include "store.h"

typedef struct _HmsReplyStream HmsReplyStream;

/*
 * Answers one call into `reply`: `args` is the method's *_Args object,
 * read.  Calls hms_reply_stream_begin_list once, then writes exactly the
 * announced number of elements.  FALSE with `failure` set on failure.
 */
typedef gboolean (*HmsStreamedServe) (HmsContext *context, gpointer args, HmsReplyStream *reply,
                                      GError **failure);

typedef struct
{
  const char      *name;           /* the Thrift method name */
  GType          (*args_type) (void);
  GType          (*result_type) (void);
  /*
   * 0: the list is the result's success field.  Else success is a struct
   * (a *Response of a _req method) whose only field written is this
   * field id, the list.
   */
  gint16           wrapper_field;
  ThriftType       element_type;   /* T_STRUCT (partitions) or T_STRING (names) */
  HmsStreamedServe serve;
} HmsStreamedMethod;

/* Registers methods to stream (at class initialisation, before serving). */
void     hms_reply_stream_register (const HmsStreamedMethod *methods, guint count);

/* The registered method of that name, or NULL. */
const HmsStreamedMethod *hms_reply_stream_lookup (const char *name);

/*
 * Serves one call of `method` whose message header has been read from
 * `in`: reads the arguments, runs the method, writes and flushes the
 * reply on `out`.  FALSE (with `error`) when the connection cannot go on:
 * the arguments could not be read, the reply could not be written, or the
 * method failed after its reply had begun.
 */
gboolean hms_reply_stream_serve (const HmsStreamedMethod *method, HmsContext *context,
                                 ThriftProtocol *in, ThriftProtocol *out, gint32 sequence_id,
                                 GError **error);

/*
 * Begins the reply: message header, result struct and the header of a
 * list of `count` elements of the method's element type.
 */
gboolean hms_reply_stream_begin_list (HmsReplyStream *reply, guint count, GError **error);

/* One element of the list: an object written with its generated writer, or a string. */
gboolean hms_reply_stream_write_element (HmsReplyStream *reply, gpointer element, GError **error);

/*
 * A store read's sink that writes into the reply (user_data: the
 * HmsReplyStream): begin is hms_reply_stream_begin_list, element
 * hms_reply_stream_write_element.
 */
extern const HmsListSink hms_reply_stream_sink;

#endif /* HMS_REPLY_STREAM_H */
