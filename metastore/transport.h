/*
 * transport.h
 *    The Thrift transport hms serves each connection through: a connected
 *    socket read ahead into a buffer and written in large pieces, with
 *    Thrift's per-message size limit.
 *
 * c_glib's own ThriftBufferedTransport (0.17) reads exactly the bytes each
 * field asks for, one recv() per i32, string length and string, and sends
 * in 512-byte pieces: a request of 10,000 partitions cost about 1.8 million
 * system calls.  This one costs one recv() per 64 KB received and one
 * send() per 64 KB of reply.  The bytes on the wire are the same.
 */
#ifndef HMS_TRANSPORT_H
#define HMS_TRANSPORT_H

#include <glib-object.h>
#include <thrift/c_glib/transport/thrift_transport.h>

/* c_glib declares no cleanup function; G_DECLARE_FINAL_TYPE needs its parent's. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ThriftTransport, g_object_unref)

#define HMS_TYPE_SOCKET_TRANSPORT (hms_socket_transport_get_type ())
G_DECLARE_FINAL_TYPE (HmsSocketTransport, hms_socket_transport, HMS, SOCKET_TRANSPORT,
                      ThriftTransport)

/*
 * A transport over the connected socket `fd`, which it owns (closed by
 * thrift_transport_close or when the object goes).  No message may be more
 * than `max_message_size` bytes: reading past that fails with
 * THRIFT_TRANSPORT_ERROR_MAX_MESSAGE_SIZE_REACHED, and so does a string or
 * container whose announced size cannot fit in what is left.
 * `configuration` is kept for code that reads limits from the transport.
 */
ThriftTransport *hms_socket_transport_new (int fd, ThriftConfiguration *configuration,
                                           glong max_message_size);

/* Bytes received and sent on this transport since the last call (or its start). */
gsize            hms_socket_transport_take_moved (ThriftTransport *transport);

/* Bytes sent and received through all transports of this process so far. */
void             hms_socket_transport_totals (gint64 *sent, gint64 *received);

#endif /* HMS_TRANSPORT_H */
