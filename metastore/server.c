/*
 * server.c
 *    The Thrift listener (see server.h).
 *
 * c_glib only ships a single-threaded server, so this is ours: one listening
 * socket, each accepted connection served by a thread of a pool, and a
 * counter that makes the accept loop wait while max_threads connections are
 * being served.  A slow client only ever holds its own thread.  Threads are
 * kept for reuse (Trino opens a connection per call: starting a thread and
 * mapping its stack each time cost more than the call) and end after
 * some idle seconds.  Stopping wakes the accept loop
 * through a pipe and shuts the client sockets' read side down, so threads
 * blocked reading the next call end at once.
 */
#include "server.h"
#include "error.h"
#include "handler.h"
#include "memory.h"
#include "transport.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <thrift/c_glib/thrift_configuration.h>
#include <thrift/c_glib/protocol/thrift_binary_protocol.h>
#include <thrift/c_glib/protocol/thrift_compact_protocol.h>
#include <thrift/c_glib/transport/thrift_buffered_transport.h>
#include <thrift/c_glib/transport/thrift_framed_transport.h>
#include <thrift/c_glib/transport/thrift_memory_buffer.h>
#include <thrift/c_glib/transport/thrift_socket.h>

/* Connection threads kept waiting for the next connection, and for how long. */
#define IDLE_THREADS_KEPT 64
#define IDLE_THREAD_SECONDS 30


struct HmsServer
{
  HmsServerOptions options;
  char            *bind_host;
  ThriftProcessor *processor;
  GThreadPool     *threads;        /* serve_connection, one task a connection */
  int              listen_fd;
  int              wake_pipe[2];   /* written once by hms_server_stop */
  guint            port;

  GMutex           lock;
  GCond            changed;
  guint            active;         /* connection threads running */
  gboolean         stopping;
  GHashTable      *client_fds;     /* fds of live connections, for shutdown */
};

typedef struct
{
  HmsServer *server;
  int        fd;
  char      *peer;
} Connection;

/* "host:port" of the other end, for log lines. */
static char *
describe_peer (int fd)
{
  struct sockaddr_storage address;
  socklen_t length = sizeof address;
  char host[NI_MAXHOST], service[NI_MAXSERV];

  if (getpeername (fd, (struct sockaddr *) &address, &length) != 0
      || getnameinfo ((struct sockaddr *) &address, length, host, sizeof host,
                      service, sizeof service, NI_NUMERICHOST | NI_NUMERICSERV) != 0)
    return g_strdup ("unknown peer");
  return g_strdup_printf ("%s:%s", host, service);
}

/*
 * c_glib's socket and transport classes do not chain their finalize up to
 * GObject's, which is what frees the bookkeeping GObject attaches to every
 * object while it is destroyed: each connection would leak about a hundred
 * bytes, and Trino opens a connection per call.  At start-up each such
 * class gets a finalize that runs its own and then GObject's (which is safe
 * to run twice, should a later c_glib chain up itself).
 */
typedef struct
{
  GType   type;
  void  (*finalize) (GObject *object);
} FinalizeFix;

static FinalizeFix finalize_fixes[4];

static void
finalize_and_chain_up (GObject *object)
{
  for (guint i = 0; i < G_N_ELEMENTS (finalize_fixes); i++)
    if (finalize_fixes[i].type == G_OBJECT_TYPE (object))
      {
        finalize_fixes[i].finalize (object);
        G_OBJECT_CLASS (g_type_class_peek (G_TYPE_OBJECT))->finalize (object);
        return;
      }
  g_assert_not_reached ();
}

static void
fix_transport_finalizers (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      GType types[] = { THRIFT_TYPE_SOCKET, THRIFT_TYPE_BUFFERED_TRANSPORT,
                        THRIFT_TYPE_FRAMED_TRANSPORT, THRIFT_TYPE_MEMORY_BUFFER };

      for (guint i = 0; i < G_N_ELEMENTS (types); i++)
        {
          GObjectClass *klass = g_type_class_ref (types[i]);

          finalize_fixes[i].type = types[i];
          finalize_fixes[i].finalize = klass->finalize;
          klass->finalize = finalize_and_chain_up;
        }
      g_once_init_leave (&done, 1);
    }
}

/* Serves calls on one connection until the client leaves or sends garbage. */
static void
serve_connection (gpointer data, gpointer user_data)
{
  Connection *connection = data;
  HmsServer *server = connection->server;
  g_autoptr (GError) error = NULL;
  glong max_message_size = (glong) MIN (server->options.max_message_size, G_MAXINT);
  ThriftConfiguration *configuration =
    g_object_new (THRIFT_TYPE_CONFIGURATION, "max_message_size", (gint) max_message_size, NULL);
  ThriftTransport *socket = hms_socket_transport_new (connection->fd, configuration,
                                                      max_message_size);
  ThriftTransport *transport;
  ThriftProtocol *protocol;

  if (server->options.framed)
    transport = g_object_new (THRIFT_TYPE_FRAMED_TRANSPORT,
                              "transport", socket, "configuration", configuration, NULL);
  else
    transport = g_object_ref (socket);
  protocol = g_object_new (server->options.compact ? THRIFT_TYPE_COMPACT_PROTOCOL
                                                   : THRIFT_TYPE_BINARY_PROTOCOL,
                           "transport", transport, NULL);

  g_debug ("connection from %s", connection->peer);
  /*
   * Peeking first tells a client that hung up between calls (the normal end:
   * Trino opens a connection per call) from one that broke off a message,
   * which the processor would log as a read failure.
   */
  while (thrift_transport_peek (transport, &error)
         && thrift_processor_process (server->processor, protocol, protocol, &error))
    hms_memory_after_call (hms_socket_transport_take_moved (socket));

  /* A client that hangs up between calls is the normal end of a connection. */
  if (error != NULL && error->domain == THRIFT_TRANSPORT_ERROR
      && error->code == THRIFT_TRANSPORT_ERROR_RECEIVE)
    g_debug ("connection from %s closed", connection->peer);
  else if (error != NULL)
    g_message ("closing connection from %s: %s", connection->peer, error->message);

  g_mutex_lock (&server->lock);
  g_hash_table_remove (server->client_fds, GINT_TO_POINTER (connection->fd));
  g_mutex_unlock (&server->lock);

  thrift_transport_close (transport, NULL);
  g_object_unref (protocol);
  g_object_unref (transport);
  g_object_unref (socket);
  g_object_unref (configuration);
  /* The thread serves other connections next: forget this one's set_ugi and settings. */
  hms_handler_connection_reset ();

  g_mutex_lock (&server->lock);
  server->active--;
  g_cond_broadcast (&server->changed);
  g_mutex_unlock (&server->lock);

  g_free (connection->peer);
  g_free (connection);
}

static int
open_listening_socket (const char *host, guint port, guint *bound_port, GError **error)
{
  struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                            .ai_flags = AI_PASSIVE | AI_NUMERICSERV };
  struct addrinfo *addresses = NULL;
  g_autofree char *service = g_strdup_printf ("%u", port);
  const char *node = (host != NULL && host[0] != '\0') ? host : NULL;
  int status = getaddrinfo (node, service, &hints, &addresses);
  int last_errno = 0;
  int fd = -1;

  if (status != 0)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                   "could not resolve listen address \"%s\": %s",
                   node ? node : "*", gai_strerror (status));
      return -1;
    }
  /* With no host, prefer the IPv6 wildcard, which also takes IPv4 clients. */
  for (int pass = 0; pass < 2 && fd < 0; pass++)
    for (struct addrinfo *address = addresses; address != NULL; address = address->ai_next)
      {
        int yes = 1, no = 0;

        if (node == NULL && pass == 0 && address->ai_family != AF_INET6)
          continue;
        fd = socket (address->ai_family, address->ai_socktype | SOCK_CLOEXEC, address->ai_protocol);
        if (fd < 0)
          {
            last_errno = errno;
            continue;
          }
        setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        if (address->ai_family == AF_INET6)
          setsockopt (fd, IPPROTO_IPV6, IPV6_V6ONLY, &no, sizeof no);
        if (bind (fd, address->ai_addr, address->ai_addrlen) == 0 && listen (fd, 512) == 0)
          break;
        last_errno = errno;
        close (fd);
        fd = -1;
      }
  freeaddrinfo (addresses);

  if (fd < 0)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                   "could not listen on %s port %u: %s",
                   node ? node : "all interfaces", port, g_strerror (last_errno));
      return -1;
    }

  {
    struct sockaddr_storage bound;
    socklen_t length = sizeof bound;

    getsockname (fd, (struct sockaddr *) &bound, &length);
    *bound_port = ntohs (bound.ss_family == AF_INET6
                         ? ((struct sockaddr_in6 *) &bound)->sin6_port
                         : ((struct sockaddr_in *) &bound)->sin_port);
  }
  return fd;
}

HmsServer *
hms_server_new (const HmsServerOptions *options, ThriftProcessor *processor, GError **error)
{
  g_autofree HmsServer *server = g_new0 (HmsServer, 1);

  fix_transport_finalizers ();
  server->options = *options;
  server->options.max_threads = MAX (options->max_threads, 1);
  server->listen_fd = open_listening_socket (options->bind_host, options->port,
                                             &server->port, error);
  if (server->listen_fd < 0)
    return NULL;
  if (pipe (server->wake_pipe) != 0)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                   "could not create pipe: %s", g_strerror (errno));
      close (server->listen_fd);
      return NULL;
    }
  server->bind_host = g_strdup (options->bind_host);
  server->options.bind_host = server->bind_host;
  server->threads = g_thread_pool_new (serve_connection, server,
                                      (gint) MIN (server->options.max_threads, G_MAXINT),
                                      FALSE, error);
  if (server->threads == NULL)
    {
      close (server->listen_fd);
      close (server->wake_pipe[0]);
      close (server->wake_pipe[1]);
      return NULL;
    }
  g_thread_pool_set_max_unused_threads (IDLE_THREADS_KEPT);
  g_thread_pool_set_max_idle_time (IDLE_THREAD_SECONDS * 1000);
  server->processor = g_object_ref (processor);
  server->client_fds = g_hash_table_new (NULL, NULL);
  g_mutex_init (&server->lock);
  g_cond_init (&server->changed);
  return g_steal_pointer (&server);
}

void
hms_server_free (HmsServer *server)
{
  if (server == NULL)
    return;
  g_thread_pool_free (server->threads, FALSE, TRUE);
  close (server->listen_fd);
  close (server->wake_pipe[0]);
  close (server->wake_pipe[1]);
  g_object_unref (server->processor);
  g_hash_table_unref (server->client_fds);
  g_mutex_clear (&server->lock);
  g_cond_clear (&server->changed);
  g_free (server->bind_host);
  g_free (server);
}

guint
hms_server_port (HmsServer *server)
{
  return server->port;
}

void
hms_server_stop (HmsServer *server)
{
  GHashTableIter iter;
  gpointer fd;

  g_mutex_lock (&server->lock);
  if (!server->stopping)
    {
      server->stopping = TRUE;
      if (write (server->wake_pipe[1], "x", 1) < 0)
        g_warning ("could not wake the accept loop: %s", g_strerror (errno));
      /* Readers waiting for a next call see end of file; a call being answered finishes. */
      g_hash_table_iter_init (&iter, server->client_fds);
      while (g_hash_table_iter_next (&iter, &fd, NULL))
        shutdown (GPOINTER_TO_INT (fd), SHUT_RD);
    }
  g_cond_broadcast (&server->changed);
  g_mutex_unlock (&server->lock);
}

/* Waits for a free connection slot; FALSE when stopping. */
static gboolean
wait_for_slot (HmsServer *server)
{
  gboolean ok;

  g_mutex_lock (&server->lock);
  while (!server->stopping && server->active >= server->options.max_threads)
    g_cond_wait (&server->changed, &server->lock);
  ok = !server->stopping;
  g_mutex_unlock (&server->lock);
  return ok;
}

gboolean
hms_server_run (HmsServer *server, GError **error)
{
  while (wait_for_slot (server))
    {
      struct pollfd fds[2] = {
        { .fd = server->listen_fd, .events = POLLIN },
        { .fd = server->wake_pipe[0], .events = POLLIN },
      };
      Connection *connection;
      g_autoptr (GError) thread_error = NULL;
      int fd, yes = 1;

      if (poll (fds, 2, -1) < 0)
        {
          if (errno == EINTR)
            continue;
          g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                       "could not wait for connections: %s", g_strerror (errno));
          return FALSE;
        }
      if (fds[1].revents != 0)
        break;
      fd = accept4 (server->listen_fd, NULL, NULL, SOCK_CLOEXEC);
      if (fd < 0)
        {
          /* Out of descriptors or a client that left before accept: keep serving. */
          if (errno != EINTR && errno != EAGAIN && errno != ECONNABORTED)
            g_warning ("could not accept a connection: %s", g_strerror (errno));
          if (errno == EMFILE || errno == ENFILE)
            g_usleep (100 * 1000);
          continue;
        }
      setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);

      connection = g_new0 (Connection, 1);
      connection->server = server;
      connection->fd = fd;
      connection->peer = describe_peer (fd);

      g_mutex_lock (&server->lock);
      server->active++;
      g_hash_table_add (server->client_fds, GINT_TO_POINTER (fd));
      g_mutex_unlock (&server->lock);

      /* Should no thread start, the connection waits for one in the pool's queue. */
      if (!g_thread_pool_push (server->threads, connection, &thread_error))
        g_warning ("could not start a thread for the connection from %s: %s",
                   connection->peer, thread_error->message);
    }

  g_mutex_lock (&server->lock);
  while (server->active > 0)
    g_cond_wait (&server->changed, &server->lock);
  g_mutex_unlock (&server->lock);
  return TRUE;
}
