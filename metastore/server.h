/*
 * server.h
 *    The Thrift listener: accepts connections and serves each on its own
 *    thread, at most max_threads at once.
 */
#ifndef HMS_SERVER_H
#define HMS_SERVER_H

#include <glib.h>
#include <thrift/c_glib/processor/thrift_processor.h>

typedef struct HmsServer HmsServer;

typedef struct
{
  const char *bind_host;        /* NULL or "" = all interfaces */
  guint       port;             /* 0 = any free port */
  gboolean    framed;           /* TFramedTransport instead of a plain stream */
  gboolean    compact;          /* TCompactProtocol instead of TBinaryProtocol */
  guint       max_threads;      /* connections served at once */
  gint64      max_message_size; /* bytes one message may take */
} HmsServerOptions;

/* Binds and listens; the processor is shared by every connection thread. */
HmsServer *hms_server_new (const HmsServerOptions *options,
                           ThriftProcessor *processor, GError **error);
void       hms_server_free (HmsServer *server);

/* The port actually bound (useful with port 0). */
guint      hms_server_port (HmsServer *server);

/*
 * Accepts until hms_server_stop; then waits for the connection threads to
 * finish their current call.  Returns FALSE with an error only when the
 * listening socket fails.
 */
gboolean   hms_server_run (HmsServer *server, GError **error);

/* Safe from any thread and from a GLib signal source. */
void       hms_server_stop (HmsServer *server);

#endif /* HMS_SERVER_H */
