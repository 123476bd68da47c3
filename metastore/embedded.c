/*
 * embedded.c
 *    The embedded PostgreSQL cluster of `hms serve` (see embedded.h).
 *
 * initdb and pg_ctl do the work; this file picks the binaries, the user
 * they run as (PostgreSQL refuses root), and the socket directory, then
 * turns their failures into errors that quote what they printed.
 *
 * Safety without a password: the server listens on no TCP address, and its
 * socket sits in a directory of mode 0700 owned by the cluster's user, so
 * only that user and root can connect; "trust" for local connections is
 * then no wider than the file permissions on the data itself.
 *
 * A flock on DATA_DIR/embedded.lock, held while hms runs, keeps two hms
 * processes off one folder; the kernel drops it when hms dies, so a cluster
 * that a killed hms left running is reused by the next start, and a stale
 * postmaster.pid is pg_ctl's own business.
 */

#include "embedded.h"
#include "db.h"
#include "error.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#define DATABASE_NAME "metastore"
#define SUPERUSER_NAME "postgres"
/* Only a socket name: the server listens on no TCP port. */
#define SOCKET_PORT "5432"
#define SOCKET_FILE_NAME "/.s.PGSQL." SOCKET_PORT
#define PACKAGED_BINARIES_DIR "/usr/lib/postgresql"
#define START_TIMEOUT_SECONDS "120"
#define STOP_TIMEOUT_SECONDS "120"
#define LOG_TAIL_LINES 20
/* How long a server reported running may take to answer, or to go away. */
#define RUNNING_SERVER_WAIT_SECONDS 10

/* pg_ctl status: the exit code for "no server running". */
#define PG_CTL_STATUS_NOT_RUNNING 3

/* Who initdb, pg_ctl and the server run as. */
typedef struct
{
  gboolean switch_user;   /* FALSE: as hms itself */
  uid_t    uid;
  gid_t    gid;
  char    *name;
} RunAs;

struct HmsEmbedded
{
  char     *data_dir;
  char     *cluster_dir;   /* data_dir/pgdata */
  char     *socket_dir;
  char     *log_file;
  char     *initdb_path;
  char     *pg_ctl_path;
  char     *conninfo;
  RunAs     run_as;
  int       lock_fd;
};

static void
embedded_free (HmsEmbedded *embedded)
{
  if (embedded->lock_fd >= 0)
    close (embedded->lock_fd);   /* drops the flock */
  g_free (embedded->data_dir);
  g_free (embedded->cluster_dir);
  g_free (embedded->socket_dir);
  g_free (embedded->log_file);
  g_free (embedded->initdb_path);
  g_free (embedded->pg_ctl_path);
  g_free (embedded->conninfo);
  g_free (embedded->run_as.name);
  g_free (embedded);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HmsEmbedded, embedded_free)

/* A libpq conninfo value, quoted. */
static char *
quote_conninfo_value (const char *value)
{
  g_autoptr (GString) quoted = g_string_new ("'");

  for (const char *cursor = value; *cursor != '\0'; cursor++)
    {
      if (*cursor == '\'' || *cursor == '\\')
        g_string_append_c (quoted, '\\');
      g_string_append_c (quoted, *cursor);
    }
  g_string_append_c (quoted, '\'');
  return g_string_free (g_steal_pointer (&quoted), FALSE);
}

/*
 * Runs in the child between fork and exec, so only async-signal-safe calls:
 * drop root for the cluster's user, or die before running anything as root.
 */
static void
switch_user_in_child (gpointer data)
{
  const RunAs *run_as = data;
  static const char message[] = "hms: could not switch to the embedded PostgreSQL user\n";

  if (setgroups (1, &run_as->gid) != 0 || setgid (run_as->gid) != 0
      || setuid (run_as->uid) != 0)
    {
      ssize_t ignored = write (STDERR_FILENO, message, sizeof message - 1);

      (void) ignored;
      _exit (127);
    }
}

/*
 * Runs a PostgreSQL tool as the cluster's user, in data_dir, with English
 * messages.  *output gets what it printed (stdout then stderr) and
 * *exit_code its exit code (-1 when killed by a signal).  FALSE with an
 * error only when it could not be started.
 */
static gboolean
run_tool (HmsEmbedded *embedded, const char *const *argv, char **output,
          int *exit_code, GError **error)
{
  g_auto (GStrv) environment = g_environ_setenv (g_get_environ (), "LC_ALL", "C", TRUE);
  g_autofree char *standard_output = NULL;
  g_autofree char *standard_error = NULL;
  int wait_status = 0;

  if (!g_spawn_sync (embedded->data_dir, (char **) argv, environment, G_SPAWN_DEFAULT,
                     embedded->run_as.switch_user ? switch_user_in_child : NULL,
                     &embedded->run_as, &standard_output, &standard_error,
                     &wait_status, error))
    {
      g_prefix_error (error, "could not run %s: ", argv[0]);
      return FALSE;
    }
  *output = g_strchomp (g_strconcat (standard_output, standard_error, NULL));
  *exit_code = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  return TRUE;
}

/* The last lines of the server log, to explain a failed start. */
static char *
log_tail (const char *log_file)
{
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  guint count = 0;

  if (!g_file_get_contents (log_file, &contents, NULL, NULL))
    return g_strdup ("");
  lines = g_strsplit (g_strchomp (contents), "\n", -1);
  count = g_strv_length (lines);
  return g_strjoinv ("\n", lines + (count > LOG_TAIL_LINES ? count - LOG_TAIL_LINES : 0));
}

/* initdb and pg_ctl in `directory`, when both are there. */
static gboolean
binaries_in (const char *directory, char **initdb_path, char **pg_ctl_path)
{
  g_autofree char *initdb = g_build_filename (directory, "initdb", NULL);
  g_autofree char *pg_ctl = g_build_filename (directory, "pg_ctl", NULL);

  if (!g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE)
      || !g_file_test (pg_ctl, G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;
  *initdb_path = g_steal_pointer (&initdb);
  *pg_ctl_path = g_steal_pointer (&pg_ctl);
  return TRUE;
}

/* Whether version directory name a ("15", "9.6") is higher than b, numbers compared as numbers. */
static gboolean
version_is_higher (const char *a, const char *b)
{
  g_autofree char *key_a = g_utf8_collate_key_for_filename (a, -1);
  g_autofree char *key_b = g_utf8_collate_key_for_filename (b, -1);

  return strcmp (key_a, key_b) > 0;
}

/* The highest PostgreSQL version installed the Debian way, or NULL. */
static char *
highest_packaged_version (void)
{
  g_autoptr (GDir) directory = g_dir_open (PACKAGED_BINARIES_DIR, 0, NULL);
  g_autofree char *best = NULL;
  const char *name = NULL;

  if (directory == NULL)
    return NULL;
  while ((name = g_dir_read_name (directory)) != NULL)
    {
      g_autofree char *bin = g_build_filename (PACKAGED_BINARIES_DIR, name, "bin", NULL);
      g_autofree char *initdb = NULL;
      g_autofree char *pg_ctl = NULL;

      if (binaries_in (bin, &initdb, &pg_ctl)
          && (best == NULL || version_is_higher (name, best)))
        {
          g_free (best);
          best = g_strdup (name);
        }
    }
  return g_steal_pointer (&best);
}

/*
 * Picks initdb and pg_ctl: those of the major version an existing cluster
 * was made with, else those on PATH, else the highest packaged version.
 */
static gboolean
find_binaries (HmsEmbedded *embedded, GError **error)
{
  g_autofree char *version_file = g_build_filename (embedded->cluster_dir, "PG_VERSION", NULL);
  g_autofree char *cluster_version = NULL;
  g_autofree char *on_path_initdb = g_find_program_in_path ("initdb");
  g_autofree char *on_path_pg_ctl = g_find_program_in_path ("pg_ctl");
  g_autofree char *highest = NULL;

  if (g_file_get_contents (version_file, &cluster_version, NULL, NULL))
    {
      g_autofree char *bin = g_build_filename (PACKAGED_BINARIES_DIR, g_strstrip (cluster_version),
                                               "bin", NULL);

      if (binaries_in (bin, &embedded->initdb_path, &embedded->pg_ctl_path))
        return TRUE;
    }
  if (on_path_initdb != NULL && on_path_pg_ctl != NULL)
    {
      embedded->initdb_path = g_steal_pointer (&on_path_initdb);
      embedded->pg_ctl_path = g_steal_pointer (&on_path_pg_ctl);
      return TRUE;
    }
  highest = highest_packaged_version ();
  if (highest != NULL)
    {
      g_autofree char *bin = g_build_filename (PACKAGED_BINARIES_DIR, highest, "bin", NULL);

      if (binaries_in (bin, &embedded->initdb_path, &embedded->pg_ctl_path))
        return TRUE;
    }
  g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
               "could not find PostgreSQL's initdb and pg_ctl for the embedded metastore database:"
               " Neither PATH nor %s/*/bin has them."
               " Install PostgreSQL (on Debian: apt-get install postgresql), or set"
               " javax.jdo.option.ConnectionURL to use an external database.",
               PACKAGED_BINARIES_DIR);
  return FALSE;
}

/* Fills run_as from a passwd entry looked up by uid or (uid < 0) by name. */
static gboolean
lookup_user (const char *name, uid_t uid, gboolean by_name, RunAs *run_as)
{
  struct passwd entry;
  struct passwd *found = NULL;
  long size = sysconf (_SC_GETPW_R_SIZE_MAX);
  g_autofree char *buffer = g_malloc (size > 0 ? (gsize) size : 16384);

  if (by_name)
    getpwnam_r (name, &entry, buffer, size > 0 ? (gsize) size : 16384, &found);
  else
    getpwuid_r (uid, &entry, buffer, size > 0 ? (gsize) size : 16384, &found);
  if (found == NULL)
    return FALSE;
  run_as->uid = found->pw_uid;
  run_as->gid = found->pw_gid;
  run_as->name = g_strdup (found->pw_name);
  return TRUE;
}

/*
 * As root: the owner of data_dir when that is not root, else "postgres".
 * Otherwise hms's own user.
 */
static gboolean
choose_user (HmsEmbedded *embedded, GError **error)
{
  GStatBuf status;

  if (geteuid () != 0)
    {
      embedded->run_as.switch_user = FALSE;
      return TRUE;
    }
  embedded->run_as.switch_user = TRUE;
  if (g_stat (embedded->data_dir, &status) != 0)
    {
      int saved = errno;

      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                   "could not examine data folder \"%s\": %s", embedded->data_dir,
                   g_strerror (saved));
      return FALSE;
    }
  if (status.st_uid != 0)
    {
      if (!lookup_user (NULL, status.st_uid, FALSE, &embedded->run_as))
        {
          /* A uid without a passwd entry (common in containers) still works. */
          embedded->run_as.uid = status.st_uid;
          embedded->run_as.gid = status.st_gid;
          embedded->run_as.name = g_strdup_printf ("uid %u", (guint) status.st_uid);
        }
      return TRUE;
    }
  if (lookup_user (SUPERUSER_NAME, 0, TRUE, &embedded->run_as) && embedded->run_as.uid != 0)
    return TRUE;
  g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
               "cannot run the embedded PostgreSQL as root:"
               " PostgreSQL refuses to run as root, the data folder \"%s\" belongs to root,"
               " and there is no user \"postgres\"."
               " Give the data folder to an unprivileged user (chown), create user \"postgres\","
               " or run hms as an unprivileged user.",
               embedded->data_dir);
  return FALSE;
}

/* Gives path, and everything below it, to the cluster's user. */
static gboolean
give_tree_to_user (const char *path, const RunAs *run_as, GError **error)
{
  GStatBuf status;

  if (g_lstat (path, &status) != 0)
    return TRUE;
  if ((status.st_uid != run_as->uid || status.st_gid != run_as->gid)
      && lchown (path, run_as->uid, run_as->gid) != 0)
    {
      int saved = errno;

      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                   "could not give \"%s\" to user %s: %s", path, run_as->name,
                   g_strerror (saved));
      return FALSE;
    }
  if (S_ISDIR (status.st_mode))
    {
      g_autoptr (GDir) directory = g_dir_open (path, 0, NULL);
      const char *name = NULL;

      while (directory != NULL && (name = g_dir_read_name (directory)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (!give_tree_to_user (child, run_as, error))
            return FALSE;
        }
    }
  return TRUE;
}

/*
 * Gives the cluster's user what it writes: data_dir itself (not what else
 * hms keeps there, such as a warehouse), the log file, and the cluster,
 * whose tree is walked only when its top belongs to someone else (say, a
 * backup restored by root).
 */
static gboolean
give_to_user (HmsEmbedded *embedded, GError **error)
{
  const RunAs *run_as = &embedded->run_as;
  GStatBuf status;

  if (g_lstat (embedded->data_dir, &status) == 0 && status.st_uid != run_as->uid
      && lchown (embedded->data_dir, run_as->uid, run_as->gid) != 0)
    {
      int saved = errno;

      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG, "could not give \"%s\" to user %s: %s",
                   embedded->data_dir, run_as->name, g_strerror (saved));
      return FALSE;
    }
  if (!give_tree_to_user (embedded->log_file, run_as, error))
    return FALSE;
  if (g_lstat (embedded->cluster_dir, &status) == 0 && status.st_uid != run_as->uid)
    return give_tree_to_user (embedded->cluster_dir, run_as, error);
  return TRUE;
}

/*
 * Makes sure `directory` is a directory of mode 0700 owned by the cluster's
 * user, creating it if missing, and refusing one that someone else owns or
 * a symbolic link (it may be in /tmp).
 */
static gboolean
prepare_private_directory (const char *directory, const RunAs *run_as, GError **error)
{
  uid_t owner = run_as->switch_user ? run_as->uid : geteuid ();
  GStatBuf status;

  if (g_mkdir (directory, 0700) != 0 && errno != EEXIST)
    {
      int saved = errno;

      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG, "could not create directory \"%s\": %s",
                   directory, g_strerror (saved));
      return FALSE;
    }
  if (run_as->switch_user && g_lstat (directory, &status) == 0 && status.st_uid == 0
      && S_ISDIR (status.st_mode) && lchown (directory, run_as->uid, run_as->gid) != 0)
    {
      int saved = errno;

      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG, "could not give \"%s\" to user %s: %s",
                   directory, run_as->name, g_strerror (saved));
      return FALSE;
    }
  if (g_lstat (directory, &status) != 0 || !S_ISDIR (status.st_mode) || status.st_uid != owner)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                   "unsafe socket directory \"%s\" for the embedded PostgreSQL:"
                   " It is not a directory owned by the cluster's user."
                   " Remove it and start hms again.",
                   directory);
      return FALSE;
    }
  if ((status.st_mode & 0777) != 0700 && g_chmod (directory, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG, "could not restrict \"%s\" to its owner: %s",
                   directory, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/*
 * DATA_DIR/run, or, when the socket's path would not fit a Unix socket
 * address, a directory in /tmp named after a hash of DATA_DIR.
 */
static char *
choose_socket_dir (const char *data_dir)
{
  g_autofree char *inside = g_build_filename (data_dir, "run", NULL);
  g_autofree char *digest = NULL;
  struct sockaddr_un address;

  if (strlen (inside) + strlen (SOCKET_FILE_NAME) < sizeof address.sun_path)
    return g_steal_pointer (&inside);
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, data_dir, -1);
  digest[16] = '\0';
  {
    char *short_dir = g_strdup_printf ("/tmp/hms-%s", digest);

    g_message ("the data folder's path is too long for a Unix socket;"
               " the embedded PostgreSQL's socket goes to %s", short_dir);
    return short_dir;
  }
}

/* Takes the flock that keeps a second hms off this data folder. */
static gboolean
lock_data_dir (HmsEmbedded *embedded, GError **error)
{
  g_autofree char *path = g_build_filename (embedded->data_dir, "embedded.lock", NULL);
  g_autofree char *pid = g_strdup_printf ("%ld\n", (long) getpid ());

  embedded->lock_fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (embedded->lock_fd < 0)
    {
      int saved = errno;

      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG, "could not open lock file \"%s\": %s",
                   path, g_strerror (saved));
      return FALSE;
    }
  if (flock (embedded->lock_fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved = errno;
      g_autofree char *holder = NULL;

      if (saved != EWOULDBLOCK)
        {
          g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG, "could not lock \"%s\": %s",
                       path, g_strerror (saved));
          return FALSE;
        }
      g_file_get_contents (path, &holder, NULL, NULL);
      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                   "data folder \"%s\" is in use by another hms process:"
                   " Process %s holds its embedded PostgreSQL."
                   " Stop that hms, or give this one another data folder.",
                   embedded->data_dir, holder != NULL ? g_strstrip (holder) : "(unknown)");
      return FALSE;
    }
  if (ftruncate (embedded->lock_fd, 0) != 0
      || write (embedded->lock_fd, pid, strlen (pid)) != (ssize_t) strlen (pid))
    g_debug ("could not write our pid into %s", path);
  return TRUE;
}

/* Creates the cluster with initdb when data_dir has none yet. */
static gboolean
create_cluster_if_missing (HmsEmbedded *embedded, GError **error)
{
  g_autofree char *version_file = g_build_filename (embedded->cluster_dir, "PG_VERSION", NULL);
  g_autofree char *output = NULL;
  int exit_code = 0;
  const char *argv[] = {
    embedded->initdb_path, "--pgdata", embedded->cluster_dir,
    "--username", SUPERUSER_NAME, "--auth-local", "trust", "--auth-host", "reject",
    "--encoding", "UTF8", "--locale", "C", NULL,
  };

  if (g_file_test (version_file, G_FILE_TEST_EXISTS))
    return TRUE;
  g_message ("creating the embedded PostgreSQL cluster in %s (as user %s)",
             embedded->cluster_dir,
             embedded->run_as.switch_user ? embedded->run_as.name : g_get_user_name ());
  if (!run_tool (embedded, argv, &output, &exit_code, error))
    return FALSE;
  if (exit_code != 0)
    {
      gboolean denied = strstr (output, "Permission denied") != NULL;

      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                   "could not create the embedded PostgreSQL cluster in \"%s\": initdb failed: %s%s",
                   embedded->cluster_dir, output,
                   denied ? "\nEvery folder above the data folder must be searchable (x) by the"
                            " cluster's user." : "");
      return FALSE;
    }
  return TRUE;
}

/*
 * The socket directory and port of a server already running on the cluster,
 * from its postmaster.pid (lines 4 and 5), or FALSE when unreadable.
 */
static gboolean
read_running_socket (HmsEmbedded *embedded, char **socket_dir, char **port)
{
  g_autofree char *path = g_build_filename (embedded->cluster_dir, "postmaster.pid", NULL);
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;
  lines = g_strsplit (contents, "\n", -1);
  if (g_strv_length (lines) < 5 || lines[3][0] == '\0' || lines[4][0] == '\0')
    return FALSE;
  *port = g_strstrip (g_strdup (lines[3]));
  *socket_dir = g_strstrip (g_strdup (lines[4]));
  return TRUE;
}

/* conninfo for database `database` on the given socket directory and port. */
static char *
build_conninfo (const char *socket_dir, const char *port, const char *database)
{
  g_autofree char *socket_value = quote_conninfo_value (socket_dir);

  return g_strdup_printf ("host=%s port=%s user=%s dbname=%s",
                          socket_value, port, SUPERUSER_NAME, database);
}

/*
 * Whether a server that pg_ctl reports running answers on the socket its
 * postmaster.pid names; then conninfo is set for it.
 */
static gboolean
running_server_answers (HmsEmbedded *embedded)
{
  g_autofree char *socket_dir = NULL;
  g_autofree char *port = NULL;
  g_autofree char *probe = NULL;

  if (!read_running_socket (embedded, &socket_dir, &port))
    return FALSE;
  probe = build_conninfo (socket_dir, port, "postgres");
  if (PQping (probe) != PQPING_OK)
    return FALSE;
  g_free (embedded->conninfo);
  embedded->conninfo = build_conninfo (socket_dir, port, DATABASE_NAME);
  return TRUE;
}

/*
 * Starts the server unless one already runs on the cluster (left by an hms
 * that died: reused).  A server that pg_ctl reports running but that does
 * not answer may be one just killed, whose process has not yet gone: it is
 * given RUNNING_SERVER_WAIT_SECONDS to answer or to go.  Sets *started when
 * this call started the server.
 */
static gboolean
start_server (HmsEmbedded *embedded, gboolean *started, GError **error)
{
  g_autofree char *quoted_socket = g_shell_quote (embedded->socket_dir);
  g_autofree char *server_options =
    g_strdup_printf ("-k %s -c listen_addresses='' -p %s", quoted_socket, SOCKET_PORT);
  const char *status_argv[] = {
    embedded->pg_ctl_path, "status", "--pgdata", embedded->cluster_dir, NULL,
  };
  const char *start_argv[] = {
    embedded->pg_ctl_path, "start", "--wait", "--timeout", START_TIMEOUT_SECONDS,
    "--pgdata", embedded->cluster_dir, "--log", embedded->log_file,
    "-o", server_options, NULL,
  };

  *started = FALSE;
  for (guint waited = 0;; waited++)
    {
      g_autofree char *output = NULL;
      int exit_code = 0;

      if (!run_tool (embedded, status_argv, &output, &exit_code, error))
        return FALSE;
      if (exit_code == PG_CTL_STATUS_NOT_RUNNING)
        break;
      if (exit_code != 0)
        {
          g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                       "could not check the embedded PostgreSQL in \"%s\": pg_ctl status failed: %s",
                       embedded->cluster_dir, output);
          return FALSE;
        }
      if (running_server_answers (embedded))
        {
          g_message ("the embedded PostgreSQL in %s is already running (left by an earlier hms);"
                     " reusing it", embedded->cluster_dir);
          return TRUE;
        }
      if (waited >= RUNNING_SERVER_WAIT_SECONDS)
        {
          g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                       "the embedded PostgreSQL in \"%s\" neither answers nor stops:"
                       " pg_ctl reports it running (%s), but it did not accept connections"
                       " within %u seconds. Stop it (pg_ctl stop -D %s) and start hms again.",
                       embedded->cluster_dir, output, RUNNING_SERVER_WAIT_SECONDS,
                       embedded->cluster_dir);
          return FALSE;
        }
      if (waited == 0)
        g_message ("the embedded PostgreSQL in %s is reported running but does not answer;"
                   " waiting for it", embedded->cluster_dir);
      g_usleep (G_USEC_PER_SEC);
    }

  {
    g_autofree char *output = NULL;
    int exit_code = 0;

    g_message ("starting embedded PostgreSQL in %s", embedded->cluster_dir);
    if (!run_tool (embedded, start_argv, &output, &exit_code, error))
      return FALSE;
    if (exit_code != 0)
      {
        g_autofree char *tail = log_tail (embedded->log_file);

        g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                     "could not start the embedded PostgreSQL in \"%s\": pg_ctl failed: %s\n"
                     "Last lines of %s:\n%s",
                     embedded->cluster_dir, output, embedded->log_file, tail);
        return FALSE;
      }
  }
  *started = TRUE;
  embedded->conninfo = build_conninfo (embedded->socket_dir, SOCKET_PORT, DATABASE_NAME);
  return TRUE;
}

/* Stops the server; failures are only logged. */
static void
stop_server (HmsEmbedded *embedded)
{
  g_autoptr (GError) local = NULL;
  g_autofree char *output = NULL;
  int exit_code = 0;
  const char *argv[] = {
    embedded->pg_ctl_path, "stop", "--wait", "--timeout", STOP_TIMEOUT_SECONDS,
    "--mode", "fast", "--pgdata", embedded->cluster_dir, NULL,
  };

  g_message ("stopping embedded PostgreSQL in %s", embedded->cluster_dir);
  if (!run_tool (embedded, argv, &output, &exit_code, &local))
    g_warning ("%s", local->message);
  else if (exit_code != 0)
    g_warning ("could not stop the embedded PostgreSQL in %s: pg_ctl failed: %s",
               embedded->cluster_dir, output);
}

/* Creates database "metastore" unless it exists. */
static gboolean
create_database_if_missing (HmsEmbedded *embedded, GError **error)
{
  g_autofree char *admin_conninfo = NULL;
  g_autoptr (PGresult) found = NULL;
  g_autoptr (GError) local = NULL;
  PGconn *conn = NULL;
  gboolean ok = FALSE;

  /* Same host and port as conninfo, database "postgres". */
  admin_conninfo = g_strdup_printf ("%s dbname=postgres", embedded->conninfo);
  conn = hms_db_connect (admin_conninfo, error);
  if (conn == NULL)
    return FALSE;
  found = hms_db_exec (conn, "SELECT 1 FROM pg_database WHERE datname = '" DATABASE_NAME "'",
                       0, NULL, error);
  if (found != NULL && PQntuples (found) == 1)
    ok = TRUE;
  else if (found != NULL)
    {
      g_autoptr (PGresult) created = NULL;

      g_message ("creating database " DATABASE_NAME " in the embedded PostgreSQL");
      created = hms_db_exec (conn, "CREATE DATABASE " DATABASE_NAME, 0, NULL, &local);
      /* Another process creating it at the same moment is just as good. */
      ok = created != NULL || strstr (local->message, "42P04") != NULL;
      if (!ok)
        g_propagate_prefixed_error (error, g_steal_pointer (&local),
                                    "could not create database " DATABASE_NAME ": ");
    }
  PQfinish (conn);
  return ok;
}

HmsEmbedded *
hms_embedded_start (const char *data_dir, GError **error)
{
  g_autoptr (HmsEmbedded) embedded = g_new0 (HmsEmbedded, 1);
  g_autofree char *parent = NULL;
  gboolean started = FALSE;

  g_return_val_if_fail (data_dir != NULL && data_dir[0] != '\0', NULL);

  embedded->lock_fd = -1;
  embedded->data_dir = g_canonicalize_filename (data_dir, NULL);
  /* pg_ctl pastes the data folder into a shell command between double quotes. */
  if (strpbrk (embedded->data_dir, "\"\n$`\\") != NULL)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG,
                   "unusable data folder \"%s\": The path must not contain"
                   " double quotes, dollar signs, backquotes, backslashes or newlines.",
                   embedded->data_dir);
      return NULL;
    }
  embedded->cluster_dir = g_build_filename (embedded->data_dir, "pgdata", NULL);
  embedded->log_file = g_build_filename (embedded->data_dir, "postgresql.log", NULL);

  /* Folders above it must stay searchable by the cluster's user. */
  parent = g_path_get_dirname (embedded->data_dir);
  if (g_mkdir_with_parents (parent, 0755) != 0
      || (g_mkdir (embedded->data_dir, 0700) != 0 && errno != EEXIST))
    {
      int saved = errno;

      g_set_error (error, HMS_ERROR, HMS_ERROR_CONFIG, "could not create data folder \"%s\": %s",
                   embedded->data_dir, g_strerror (saved));
      return NULL;
    }
  if (!lock_data_dir (embedded, error)
      || !choose_user (embedded, error)
      || (embedded->run_as.switch_user && !give_to_user (embedded, error))
      || !find_binaries (embedded, error))
    return NULL;

  embedded->socket_dir = choose_socket_dir (embedded->data_dir);
  if (!prepare_private_directory (embedded->socket_dir, &embedded->run_as, error)
      || !create_cluster_if_missing (embedded, error)
      || !start_server (embedded, &started, error))
    return NULL;

  if (!create_database_if_missing (embedded, error))
    {
      if (started)
        stop_server (embedded);
      return NULL;
    }
  g_message ("embedded PostgreSQL ready (database " DATABASE_NAME ", socket in %s)",
             embedded->socket_dir);
  return g_steal_pointer (&embedded);
}

const char *
hms_embedded_conninfo (HmsEmbedded *embedded)
{
  g_return_val_if_fail (embedded != NULL, NULL);

  return embedded->conninfo;
}

void
hms_embedded_stop (HmsEmbedded *embedded)
{
  if (embedded == NULL)
    return;
  stop_server (embedded);
  embedded_free (embedded);
}
