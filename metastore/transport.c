/*
 * transport.c
 *    The buffered socket transport of hms's connections (see transport.h).
 *
 * Reading: bytes come off the socket up to 64 KB at a time into `in` and
 * are handed out from there; a read larger than the buffer goes straight to
 * the caller's memory.  Writing: replies collect in `out` and go out when
 * it holds 64 KB and at flush, so a reply of any size costs one send() per
 * 64 KB and never more memory than the buffer.
 *
 * The size limit: `remaining` counts down the bytes a message may still
 * take; it starts at max_message_size when the next message begins (peek,
 * called by the server before each call) and after each reply (flush).  The
 * protocol asks checkReadBytesAvailable before it allocates a string or a
 * container, so a client claiming a 1 GiB string is refused before hms
 * allocates anything.
 */
#include "transport.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUFFER_SIZE (64 * 1024)

struct _HmsSocketTransport
{
  ThriftTransport parent;
  int             fd;
  glong           max_message_size;
  glong           remaining;
  guint8         *in;
  gsize           in_start, in_end;
  guint8         *out;
  gsize           out_length;
  gsize           moved;          /* bytes received and sent since hms_socket_transport_take_moved */
};

G_DEFINE_FINAL_TYPE (HmsSocketTransport, hms_socket_transport, THRIFT_TYPE_TRANSPORT)

/* Bytes sent and received by every transport of the process. */
static gint64 total_sent;
static gint64 total_received;

void
hms_socket_transport_totals (gint64 *sent, gint64 *received)
{
  *sent = __atomic_load_n (&total_sent, __ATOMIC_RELAXED);
  *received = __atomic_load_n (&total_received, __ATOMIC_RELAXED);
}

static gboolean
set_size_error (HmsSocketTransport *self, glong wanted, GError **error)
{
  g_set_error (error, THRIFT_TRANSPORT_ERROR, THRIFT_TRANSPORT_ERROR_MAX_MESSAGE_SIZE_REACHED,
               "message exceeds metastore.server.max.message.size (%ld bytes): "
               "%ld more bytes wanted, %ld left",
               self->max_message_size, wanted, self->remaining);
  return FALSE;
}

/* recv() that retries on EINTR; 0 at the end of the stream, -1 with errno. */
static ssize_t
receive (int fd, void *buffer, gsize length)
{
  ssize_t got;

  do
    got = recv (fd, buffer, length, 0);
  while (got < 0 && errno == EINTR);
  if (got > 0)
    __atomic_add_fetch (&total_received, got, __ATOMIC_RELAXED);
  return got;
}

static gboolean
send_all (HmsSocketTransport *self, const guint8 *data, gsize length, GError **error)
{
  while (length > 0)
    {
      ssize_t sent = send (self->fd, data, length, MSG_NOSIGNAL);

      if (sent < 0 && errno == EINTR)
        continue;
      if (sent < 0)
        {
          g_set_error (error, THRIFT_TRANSPORT_ERROR, THRIFT_TRANSPORT_ERROR_SEND,
                       "could not send to client: %s", g_strerror (errno));
          return FALSE;
        }
      __atomic_add_fetch (&total_sent, sent, __ATOMIC_RELAXED);
      self->moved += (gsize) sent;
      data += sent;
      length -= (gsize) sent;
    }
  return TRUE;
}

static gboolean
hms_socket_transport_is_open (ThriftTransport *transport)
{
  return HMS_SOCKET_TRANSPORT (transport)->fd >= 0;
}

static gboolean
hms_socket_transport_open (ThriftTransport *transport, GError **error)
{
  return TRUE;
}

static gboolean
hms_socket_transport_close (ThriftTransport *transport, GError **error)
{
  HmsSocketTransport *self = HMS_SOCKET_TRANSPORT (transport);

  if (self->fd >= 0)
    close (self->fd);
  self->fd = -1;
  return TRUE;
}

/*
 * Waits for the first byte of the next message and starts its size count.
 * FALSE without an error when the client hung up, FALSE with one when the
 * socket failed.
 */
static gboolean
hms_socket_transport_peek (ThriftTransport *transport, GError **error)
{
  HmsSocketTransport *self = HMS_SOCKET_TRANSPORT (transport);
  ssize_t got;

  self->remaining = self->max_message_size;
  if (self->in_start < self->in_end)
    return TRUE;
  if (self->fd < 0)
    return FALSE;
  got = receive (self->fd, self->in, BUFFER_SIZE);
  if (got == 0 || (got < 0 && errno == ECONNRESET))
    return FALSE;
  if (got < 0)
    {
      g_set_error (error, THRIFT_TRANSPORT_ERROR, THRIFT_TRANSPORT_ERROR_SOCKET,
                   "could not receive from client: %s", g_strerror (errno));
      return FALSE;
    }
  self->moved += (gsize) got;
  self->in_start = 0;
  self->in_end = (gsize) got;
  return TRUE;
}

/* Up to `length` bytes; fewer when that is what the socket has. */
static gint32
hms_socket_transport_read (ThriftTransport *transport, gpointer buffer, guint32 length,
                           GError **error)
{
  HmsSocketTransport *self = HMS_SOCKET_TRANSPORT (transport);
  gsize available = self->in_end - self->in_start;
  ssize_t got;

  if ((glong) length > self->remaining)
    {
      set_size_error (self, length, error);
      return -1;
    }
  if (available == 0)
    {
      /* A large read goes straight to the caller's buffer, not through ours. */
      gboolean direct = length >= BUFFER_SIZE;

      got = receive (self->fd, direct ? buffer : (gpointer) self->in,
                     direct ? length : BUFFER_SIZE);
      if (got <= 0)
        {
          g_set_error (error, THRIFT_TRANSPORT_ERROR, THRIFT_TRANSPORT_ERROR_RECEIVE,
                       "could not receive from client: %s",
                       got == 0 ? "connection closed in the middle of a message"
                                : g_strerror (errno));
          return -1;
        }
      self->moved += (gsize) got;
      if (direct)
        {
          self->remaining -= got;
          return (gint32) got;
        }
      self->in_start = 0;
      self->in_end = (gsize) got;
      available = (gsize) got;
    }
  available = MIN (available, length);
  memcpy (buffer, self->in + self->in_start, available);
  self->in_start += available;
  self->remaining -= (glong) available;
  return (gint32) available;
}

static gint32
hms_socket_transport_read_all (ThriftTransport *transport, gpointer buffer, guint32 length,
                               GError **error)
{
  guint32 have = 0;

  while (have < length)
    {
      gint32 got = hms_socket_transport_read (transport, (guint8 *) buffer + have,
                                              length - have, error);

      if (got < 0)
        return -1;
      have += (guint32) got;
    }
  return (gint32) have;
}

static gboolean
hms_socket_transport_write (ThriftTransport *transport, const gpointer buffer,
                            const guint32 length, GError **error)
{
  HmsSocketTransport *self = HMS_SOCKET_TRANSPORT (transport);

  if (self->out_length + length > BUFFER_SIZE)
    {
      if (!send_all (self, self->out, self->out_length, error))
        return FALSE;
      self->out_length = 0;
      if (length >= BUFFER_SIZE)
        return send_all (self, buffer, length, error);
    }
  memcpy (self->out + self->out_length, buffer, length);
  self->out_length += length;
  return TRUE;
}

static gboolean
hms_socket_transport_flush (ThriftTransport *transport, GError **error)
{
  HmsSocketTransport *self = HMS_SOCKET_TRANSPORT (transport);
  gsize length = self->out_length;

  self->remaining = self->max_message_size;
  self->out_length = 0;
  return send_all (self, self->out, length, error);
}

static gboolean
hms_socket_transport_nothing (ThriftTransport *transport, GError **error)
{
  return TRUE;
}

/* Asked by the protocol before it allocates `size` bytes for a value. */
static gboolean
hms_socket_transport_check_read_bytes_available (ThriftTransport *transport, glong size,
                                                 GError **error)
{
  HmsSocketTransport *self = HMS_SOCKET_TRANSPORT (transport);

  return size <= self->remaining || set_size_error (self, size, error);
}

static gboolean
hms_socket_transport_update_known_message_size (ThriftTransport *transport, glong size,
                                                GError **error)
{
  return TRUE;
}

static gboolean
hms_socket_transport_reset_consumed_message_size (ThriftTransport *transport, glong size,
                                                  GError **error)
{
  HmsSocketTransport *self = HMS_SOCKET_TRANSPORT (transport);

  self->remaining = size < 0 ? self->max_message_size : MIN (size, self->max_message_size);
  return TRUE;
}

static gboolean
hms_socket_transport_count_consumed_message_bytes (ThriftTransport *transport, glong size,
                                                   GError **error)
{
  HmsSocketTransport *self = HMS_SOCKET_TRANSPORT (transport);

  if (size > self->remaining)
    return set_size_error (self, size, error);
  self->remaining -= size;
  return TRUE;
}

static void
hms_socket_transport_finalize (GObject *object)
{
  HmsSocketTransport *self = HMS_SOCKET_TRANSPORT (object);

  hms_socket_transport_close (THRIFT_TRANSPORT (object), NULL);
  g_free (self->in);
  g_free (self->out);
  g_clear_object (&THRIFT_TRANSPORT (object)->configuration);
  G_OBJECT_CLASS (hms_socket_transport_parent_class)->finalize (object);
}

static void
hms_socket_transport_init (HmsSocketTransport *self)
{
  self->fd = -1;
  self->in = g_malloc (BUFFER_SIZE);
  self->out = g_malloc (BUFFER_SIZE);
}

static void
hms_socket_transport_class_init (HmsSocketTransportClass *klass)
{
  ThriftTransportClass *transport = THRIFT_TRANSPORT_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = hms_socket_transport_finalize;
  transport->is_open = hms_socket_transport_is_open;
  transport->peek = hms_socket_transport_peek;
  transport->open = hms_socket_transport_open;
  transport->close = hms_socket_transport_close;
  transport->read = hms_socket_transport_read;
  transport->read_all = hms_socket_transport_read_all;
  transport->read_end = hms_socket_transport_nothing;
  transport->write = hms_socket_transport_write;
  transport->write_end = hms_socket_transport_nothing;
  transport->flush = hms_socket_transport_flush;
  transport->checkReadBytesAvailable = hms_socket_transport_check_read_bytes_available;
  transport->updateKnownMessageSize = hms_socket_transport_update_known_message_size;
  transport->resetConsumedMessageSize = hms_socket_transport_reset_consumed_message_size;
  transport->countConsumedMessageBytes = hms_socket_transport_count_consumed_message_bytes;
}

gsize
hms_socket_transport_take_moved (ThriftTransport *transport)
{
  HmsSocketTransport *self = HMS_SOCKET_TRANSPORT (transport);
  gsize moved = self->moved;

  self->moved = 0;
  return moved;
}

ThriftTransport *
hms_socket_transport_new (int fd, ThriftConfiguration *configuration, glong max_message_size)
{
  HmsSocketTransport *self = g_object_new (HMS_TYPE_SOCKET_TRANSPORT, NULL);

  /* Set as c_glib's own transports set it, for code that reads limits there. */
  THRIFT_TRANSPORT (self)->configuration = g_object_ref (configuration);
  self->fd = fd;
  self->max_message_size = max_message_size;
  self->remaining = max_message_size;
  return THRIFT_TRANSPORT (self);
}
