/*
 * measure.c
 *    The measuring loop: N threads run one operation, each with its own
 *    connections, for a fixed time after a warm-up or for a fixed number of
 *    calls; every call's latency is kept, and the CPU time the generator,
 *    hms and PostgreSQL spent in the measured window is sampled, so that the
 *    report can show what each process costs per call (on a 2-core machine
 *    the generator's own share matters).  Also counts the statements hms
 *    sends per call with pg_stat_statements.
 */
#include "bench.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "db.h"

gint64
bench_now (void)
{
  struct timespec now;

  clock_gettime (CLOCK_MONOTONIC, &now);
  return (gint64) now.tv_sec * G_GINT64_CONSTANT (1000000000) + now.tv_nsec;
}

/* --- CPU time ------------------------------------------------------------------ */

/* utime + stime of a process (all its threads) in seconds; 0 when it is gone. */
static gdouble
process_cpu_seconds (int pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *contents = NULL;
  g_auto (GStrv) fields = NULL;
  const char *after_name;

  if (pid <= 0 || !g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  /* The command name may hold spaces: fields start after its closing parenthesis. */
  after_name = strrchr (contents, ')');
  if (after_name == NULL)
    return 0;
  fields = g_strsplit (after_name + 2, " ", 0);
  /* fields[0] is field 3 (state): utime is field 14, stime 15. */
  if (g_strv_length (fields) < 13)
    return 0;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL))
         / (gdouble) sysconf (_SC_CLK_TCK);
}

/* The postmaster and its children: backends, and the background processes. */
static gdouble
postgres_cpu_seconds (int postmaster)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/task/%d/children", postmaster, postmaster);
  g_autofree char *children = NULL;
  g_auto (GStrv) pids = NULL;
  gdouble total;

  if (postmaster <= 0)
    return 0;
  total = process_cpu_seconds (postmaster);
  if (!g_file_get_contents (path, &children, NULL, NULL))
    return total;
  pids = g_strsplit (g_strstrip (children), " ", 0);
  for (guint i = 0; pids[i] != NULL; i++)
    if (pids[i][0] != '\0')
      total += process_cpu_seconds (atoi (pids[i]));
  return total;
}

void
bench_cpu_sample (BenchCpu *sample)
{
  struct rusage usage;

  bench_wire_bytes (&sample->bytes_sent, &sample->bytes_received);
  getrusage (RUSAGE_SELF, &usage);
  sample->generator = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6
                      + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  sample->server = process_cpu_seconds (bench_settings.server_pid);
  sample->postgres = postgres_cpu_seconds (bench_settings.postmaster_pid);
}

/* --- summaries ------------------------------------------------------------------- */

static int
compare_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static gdouble
percentile (GArray *sorted, gdouble fraction)
{
  gdouble position = fraction * (sorted->len - 1);
  guint below = (guint) floor (position);
  guint above = MIN (below + 1, sorted->len - 1);
  gdouble weight = position - below;

  return (g_array_index (sorted, gint64, below) * (1 - weight)
          + g_array_index (sorted, gint64, above) * weight) / 1e6;
}

void
bench_summarise (GArray *latencies, BenchSummary *summary)
{
  gdouble sum = 0, squares = 0;

  memset (summary, 0, sizeof *summary);
  summary->count = latencies->len;
  if (latencies->len == 0)
    return;
  g_array_sort (latencies, compare_gint64);
  for (guint i = 0; i < latencies->len; i++)
    sum += g_array_index (latencies, gint64, i) / 1e6;
  summary->mean_ms = sum / latencies->len;
  for (guint i = 0; i < latencies->len; i++)
    {
      gdouble distance = g_array_index (latencies, gint64, i) / 1e6 - summary->mean_ms;

      squares += distance * distance;
    }
  summary->stddev_ms = sqrt (squares / latencies->len);
  summary->p50_ms = percentile (latencies, 0.50);
  summary->p90_ms = percentile (latencies, 0.90);
  summary->p99_ms = percentile (latencies, 0.99);
  summary->min_ms = g_array_index (latencies, gint64, 0) / 1e6;
  summary->max_ms = g_array_index (latencies, gint64, latencies->len - 1) / 1e6;
}

void
bench_add_summary (JsonBuilder *builder, const BenchSummary *summary)
{
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, summary->count);
  json_builder_set_member_name (builder, "mean_ms");
  json_builder_add_double_value (builder, summary->mean_ms);
  json_builder_set_member_name (builder, "p50_ms");
  json_builder_add_double_value (builder, summary->p50_ms);
  json_builder_set_member_name (builder, "p90_ms");
  json_builder_add_double_value (builder, summary->p90_ms);
  json_builder_set_member_name (builder, "p99_ms");
  json_builder_add_double_value (builder, summary->p99_ms);
  json_builder_set_member_name (builder, "min_ms");
  json_builder_add_double_value (builder, summary->min_ms);
  json_builder_set_member_name (builder, "max_ms");
  json_builder_add_double_value (builder, summary->max_ms);
  json_builder_set_member_name (builder, "stddev_ms");
  json_builder_add_double_value (builder, summary->stddev_ms);
}

/* --- what hms's backends wait on ---------------------------------------------------- */

/*
 * Every 20 ms of the measured window: hms's backends that are running a
 * statement, those of them waiting, and on what (wait event, and the
 * statement that waits), from pg_stat_activity.
 */
typedef struct
{
  PGconn     *admin;
  gint        stop;
  guint       samples;
  guint64     active;
  guint64     waiting;
  GHashTable *events;      /* "Lock:transactionid in UPDATE ..." -> count */
  GThread    *thread;
} WaitSampler;

static gpointer
sample_waits (gpointer data)
{
  WaitSampler *sampler = data;
  const char *values[] = { bench_settings.hms_role };

  while (!g_atomic_int_get (&sampler->stop))
    {
      g_autoptr (PGresult) result =
        hms_db_exec (sampler->admin,
                     "SELECT a.wait_event_type, a.wait_event, left(regexp_replace(a.query, '\\s+', ' ', 'g'), 48)"
                     " FROM pg_stat_activity a"
                     " WHERE a.usename = $1 AND a.state = 'active'",
                     1, values, NULL);

      if (result != NULL)
        {
          sampler->samples++;
          sampler->active += PQntuples (result);
          for (int row = 0; row < PQntuples (result); row++)
            {
              const char *type = hms_db_value (result, row, 0);
              const char *event = hms_db_value (result, row, 1);
              const char *query = hms_db_value (result, row, 2);
              char *key;

              /* Client* waits are a backend waiting for hms's next statement. */
              if (type == NULL || g_str_has_prefix (type, "Client"))
                continue;
              sampler->waiting++;
              key = g_strdup_printf ("%s:%s in %s", type, event ? event : "?", query ? query : "?");
              g_hash_table_insert (sampler->events, key,
                                   GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (sampler->events, key)) + 1));
            }
        }
      g_usleep (20000);
    }
  return NULL;
}

static WaitSampler *
wait_sampler_start (void)
{
  WaitSampler *sampler;
  PGconn *admin;

  if (!bench_settings.sample_waits || bench_settings.admin_conninfo == NULL || bench_settings.hms_role == NULL)
    return NULL;
  admin = hms_db_connect (bench_settings.admin_conninfo, NULL);
  if (admin == NULL)
    return NULL;
  sampler = g_new0 (WaitSampler, 1);
  sampler->admin = admin;
  sampler->events = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sampler->thread = g_thread_new ("bench-waits", sample_waits, sampler);
  return sampler;
}

static void
wait_sampler_finish (WaitSampler *sampler, JsonBuilder *builder)
{
  GHashTableIter iter;
  gpointer key, value;

  if (sampler == NULL)
    return;
  g_atomic_int_set (&sampler->stop, 1);
  g_thread_join (sampler->thread);
  json_builder_set_member_name (builder, "waits");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "samples");
  json_builder_add_int_value (builder, sampler->samples);
  json_builder_set_member_name (builder, "mean_active");
  json_builder_add_double_value (builder, sampler->samples ? (gdouble) sampler->active / sampler->samples : 0);
  json_builder_set_member_name (builder, "mean_waiting");
  json_builder_add_double_value (builder, sampler->samples ? (gdouble) sampler->waiting / sampler->samples : 0);
  json_builder_set_member_name (builder, "events");
  json_builder_begin_object (builder);
  g_hash_table_iter_init (&iter, sampler->events);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      json_builder_set_member_name (builder, key);
      json_builder_add_double_value (builder, sampler->samples ? GPOINTER_TO_UINT (value) / (gdouble) sampler->samples : 0);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  g_hash_table_unref (sampler->events);
  PQfinish (sampler->admin);
  g_free (sampler);
}

/* --- the run ------------------------------------------------------------------------ */

enum
{
  PHASE_WARMUP,
  PHASE_MEASURE,
  PHASE_STOP,
};

typedef struct
{
  const BenchOperation *operation;
  gboolean           count_mode;
  gboolean           record_all;     /* statement counting: no measuring */
  pthread_barrier_t  ready;          /* workers set up */
  pthread_barrier_t  go;             /* count mode: warm-up done */
  gint               phase;
  gint               running;        /* workers still calling */
  GMutex             lock;
  GError            *failure;        /* the first setup failure */
  /* statement counting: called around each timed call */
  gboolean         (*around) (gpointer data, gboolean after);
  gpointer           around_data;
} Run;

typedef struct
{
  Run         *run;
  BenchWorker *worker;
  guint        warmup_calls;
  guint        measured_calls;
} Thread;

/*
 * A worker's own PostgreSQL connection, for the floor and the in-process
 * store.* calls, set up as hms sets up its pooled ones (pgpool.c): no JIT,
 * which would cost the floor's large statements what it costs hms's, and a
 * statement cache for the store functions.
 */
static PGconn *
connect_postgres (GError **error)
{
  PGconn *conn = hms_db_connect (bench_settings.pg_conninfo, error);

  if (conn == NULL || !hms_db_run (conn, "SET jit = off", error))
    {
      g_clear_pointer (&conn, PQfinish);
      return NULL;
    }
  hms_db_enable_statement_cache (conn);
  return conn;
}

/* One call with its untimed hooks; records it when `record`.  FALSE on failure. */
static gboolean
one_call (Run *run, BenchWorker *worker, gboolean record, GError **error)
{
  const BenchOperation *operation = worker->operation;
  gint64 start, end;
  gboolean ok;

  if (operation->before != NULL && !operation->before (worker, error))
    return FALSE;
  if (run->around != NULL && !run->around (run->around_data, FALSE))
    return FALSE;
  start = bench_now ();
  if (bench_settings.new_connection && operation->thrift)
    {
      worker->client = bench_client_open (error);
      if (worker->client == NULL)
        return FALSE;
    }
  ok = operation->call (worker, error);
  if (bench_settings.new_connection && operation->thrift)
    g_clear_pointer (&worker->client, bench_client_close);
  end = bench_now ();
  if (run->around != NULL && !run->around (run->around_data, TRUE))
    return FALSE;
  if (!ok)
    return FALSE;
  worker->sequence++;
  if (operation->after != NULL && !operation->after (worker, error))
    return FALSE;
  if (record)
    {
      gint64 latency = end - start;

      g_array_append_val (worker->latencies, latency);
      g_array_append_val (worker->starts, start);
    }
  return TRUE;
}

static void
note_failure (BenchWorker *worker, GError *error)
{
  worker->failures++;
  if (worker->first_failure == NULL)
    worker->first_failure = g_strdup (error ? error->message : "failed");
}

static gpointer
run_thread (gpointer data)
{
  Thread *thread = data;
  Run *run = thread->run;
  BenchWorker *worker = thread->worker;
  const BenchOperation *operation = worker->operation;
  g_autoptr (GError) error = NULL;
  gboolean ready = TRUE;

  if (operation->thrift && !bench_settings.new_connection)
    ready = (worker->client = bench_client_open (&error)) != NULL;
  if (ready && operation->postgres)
    ready = (worker->pg = connect_postgres (&error)) != NULL;
  /* setup may need a connection even when calls open their own. */
  if (ready && operation->setup != NULL)
    {
      gboolean opened = FALSE;

      if (operation->thrift && worker->client == NULL)
        opened = (worker->client = bench_client_open (&error)) != NULL;
      ready = (!operation->thrift || worker->client != NULL) && operation->setup (worker, &error);
      if (opened)
        g_clear_pointer (&worker->client, bench_client_close);
    }
  if (!ready)
    {
      g_mutex_lock (&run->lock);
      if (run->failure == NULL)
        run->failure = g_error_copy (error);
      g_mutex_unlock (&run->lock);
      note_failure (worker, error);
    }
  pthread_barrier_wait (&run->ready);

  if (run->count_mode)
    {
      for (guint i = 0; ready && i < thread->warmup_calls; i++)
        if (!one_call (run, worker, run->record_all, &error))
          {
            note_failure (worker, error);
            ready = FALSE;
          }
      pthread_barrier_wait (&run->go);
      for (guint i = 0; ready && i < thread->measured_calls; i++)
        if (!one_call (run, worker, TRUE, &error))
          {
            note_failure (worker, error);
            break;
          }
    }
  else
    while (ready && g_atomic_int_get (&run->phase) != PHASE_STOP)
      if (!one_call (run, worker, g_atomic_int_get (&run->phase) == PHASE_MEASURE, &error))
        {
          note_failure (worker, error);
          break;
        }

  g_atomic_int_add (&run->running, -1);
  if (operation->teardown != NULL)
    {
      gboolean opened = FALSE;

      if (operation->thrift && worker->client == NULL)
        opened = (worker->client = bench_client_open (NULL)) != NULL;
      operation->teardown (worker);
      if (opened)
        g_clear_pointer (&worker->client, bench_client_close);
    }
  g_clear_pointer (&worker->client, bench_client_close);
  g_clear_pointer (&worker->pg, PQfinish);
  return NULL;
}

/* Sleeps, but no longer than some worker is still calling. */
static void
sleep_seconds (Run *run, gdouble seconds)
{
  gint64 until = bench_now () + (gint64) (seconds * 1e9);

  while (bench_now () < until && g_atomic_int_get (&run->running) > 0)
    g_usleep (MIN (10000, MAX ((until - bench_now ()) / 1000, 1)));
}

/* Runs the threads; fills `workers` (clients of them) and the window. */
static gboolean
run_threads (Run *run, guint clients, BenchWorker *workers, gint64 *window_start,
             gint64 *window_end, BenchCpu *cpu_start, BenchCpu *cpu_end, GError **error)
{
  g_autofree Thread *threads = g_new0 (Thread, clients);
  g_autofree GThread **handles = g_new0 (GThread *, clients);
  guint total_calls = bench_settings.calls ? bench_settings.calls : run->operation->default_calls;
  guint warmup_calls = bench_settings.warmup_calls ? bench_settings.warmup_calls
                                                   : run->operation->default_warmup;

  if (total_calls == 0)
    total_calls = clients;
  run->running = (gint) clients;
  pthread_barrier_init (&run->ready, NULL, clients + 1);
  pthread_barrier_init (&run->go, NULL, clients + 1);
  g_mutex_init (&run->lock);
  for (guint i = 0; i < clients; i++)
    {
      workers[i].operation = run->operation;
      workers[i].index = i;
      workers[i].latencies = g_array_new (FALSE, FALSE, sizeof (gint64));
      workers[i].starts = g_array_new (FALSE, FALSE, sizeof (gint64));
      threads[i].run = run;
      threads[i].worker = &workers[i];
      threads[i].warmup_calls = warmup_calls;
      threads[i].measured_calls = total_calls / clients + (i < total_calls % clients ? 1 : 0);
      handles[i] = g_thread_new ("bench-client", run_thread, &threads[i]);
    }
  pthread_barrier_wait (&run->ready);
  if (run->count_mode)
    {
      pthread_barrier_wait (&run->go);
      *window_start = bench_now ();
      bench_cpu_sample (cpu_start);
      for (guint i = 0; i < clients; i++)
        g_thread_join (handles[i]);
      *window_end = bench_now ();
      bench_cpu_sample (cpu_end);
    }
  else
    {
      sleep_seconds (run, bench_settings.warmup_seconds);
      *window_start = bench_now ();
      bench_cpu_sample (cpu_start);
      g_atomic_int_set (&run->phase, PHASE_MEASURE);
      sleep_seconds (run, bench_settings.seconds);
      *window_end = bench_now ();
      bench_cpu_sample (cpu_end);
      g_atomic_int_set (&run->phase, PHASE_STOP);
      for (guint i = 0; i < clients; i++)
        g_thread_join (handles[i]);
    }
  pthread_barrier_destroy (&run->ready);
  pthread_barrier_destroy (&run->go);
  g_mutex_clear (&run->lock);
  if (run->failure != NULL)
    {
      g_propagate_prefixed_error (error, run->failure, "%s: setting up: ", run->operation->name);
      run->failure = NULL;
      return FALSE;
    }
  return TRUE;
}

static void
free_workers (BenchWorker *workers, guint clients)
{
  for (guint i = 0; i < clients; i++)
    {
      g_array_unref (workers[i].latencies);
      g_array_unref (workers[i].starts);
      g_free (workers[i].first_failure);
    }
  g_free (workers);
}

static void
add_double (JsonBuilder *builder, const char *name, gdouble value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}

gboolean
bench_run_operation (const BenchOperation *operation, JsonBuilder *builder, GError **error)
{
  /* A fixed number of calls makes any operation a count-mode one. */
  Run run = { .operation = operation, .count_mode = operation->count_mode || bench_settings.calls > 0 };
  guint clients = MAX (bench_settings.clients, 1);
  BenchWorker *workers = g_new0 (BenchWorker, clients);
  g_autoptr (GArray) latencies = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 window_start = 0, window_end = 0;
  BenchCpu cpu_start, cpu_end;
  BenchSummary summary;
  guint64 failures = 0;
  const char *first_failure = NULL;
  WaitSampler *sampler;
  gdouble window;

  if (operation->prepare != NULL && !operation->prepare (error))
    {
      g_prefix_error (error, "%s: preparing: ", operation->name);
      free_workers (workers, clients);
      return FALSE;
    }
  sampler = wait_sampler_start ();
  if (!run_threads (&run, clients, workers, &window_start, &window_end, &cpu_start, &cpu_end, error))
    {
      wait_sampler_finish (sampler, builder);
      free_workers (workers, clients);
      return FALSE;
    }
  wait_sampler_finish (sampler, builder);
  for (guint i = 0; i < clients; i++)
    {
      for (guint j = 0; j < workers[i].latencies->len; j++)
        {
          gint64 start = g_array_index (workers[i].starts, gint64, j);
          gint64 latency = g_array_index (workers[i].latencies, gint64, j);

          /* Duration mode: only calls wholly inside the window. */
          if (run.count_mode || (start >= window_start && start + latency <= window_end))
            g_array_append_val (latencies, latency);
        }
      failures += workers[i].failures;
      if (first_failure == NULL)
        first_failure = workers[i].first_failure;
    }
  bench_summarise (latencies, &summary);
  window = (window_end - window_start) / 1e9;

  json_builder_set_member_name (builder, "operation");
  json_builder_add_string_value (builder, operation->name);
  json_builder_set_member_name (builder, "clients");
  json_builder_add_int_value (builder, clients);
  json_builder_set_member_name (builder, "new_connection");
  json_builder_add_boolean_value (builder, bench_settings.new_connection && operation->thrift);
  json_builder_set_member_name (builder, "mode");
  json_builder_add_string_value (builder, run.count_mode ? "count" : "duration");
  add_double (builder, "window_s", window);
  add_double (builder, "calls_per_s", window > 0 ? summary.count / window : 0);
  bench_add_summary (builder, &summary);
  json_builder_set_member_name (builder, "cpu_s");
  json_builder_begin_object (builder);
  add_double (builder, "generator", cpu_end.generator - cpu_start.generator);
  add_double (builder, "server", cpu_end.server - cpu_start.server);
  add_double (builder, "postgres", cpu_end.postgres - cpu_start.postgres);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "bytes_per_call");
  json_builder_begin_object (builder);
  add_double (builder, "sent", summary.count ? (cpu_end.bytes_sent - cpu_start.bytes_sent) / (gdouble) summary.count : 0);
  add_double (builder, "received",
              summary.count ? (cpu_end.bytes_received - cpu_start.bytes_received) / (gdouble) summary.count : 0);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "failures");
  json_builder_add_int_value (builder, (gint64) failures);
  if (first_failure != NULL)
    {
      json_builder_set_member_name (builder, "first_failure");
      json_builder_add_string_value (builder, first_failure);
    }
  free_workers (workers, clients);
  return TRUE;
}

/* --- statements per call ---------------------------------------------------------- */

typedef struct
{
  char    *query;
  gdouble  calls;
  gdouble  rows;
  gdouble  exec_ms;
} Statement;

static void
statement_free (gpointer data)
{
  Statement *statement = data;

  g_free (statement->query);
  g_free (statement);
}

typedef struct
{
  PGconn     *admin;
  GHashTable *before;    /* queryid -> Statement, the last snapshot */
  GHashTable *totals;    /* queryid -> Statement, sums of the differences */
  GError     *failure;
} Counter;

/* queryid -> Statement of hms's role, as pg_stat_statements has them now. */
static GHashTable *
snapshot (Counter *counter)
{
  const char *values[] = { bench_settings.hms_role };
  g_autoptr (PGresult) result =
    hms_db_exec (counter->admin,
                 "SELECT s.queryid::text, s.query, s.calls, s.rows, s.total_exec_time"
                 " FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid"
                 " WHERE r.rolname = $1",
                 1, values, counter->failure == NULL ? &counter->failure : NULL);
  GHashTable *statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, statement_free);

  for (int row = 0; result != NULL && row < PQntuples (result); row++)
    {
      Statement *statement = g_new0 (Statement, 1);

      statement->query = g_strdup (PQgetvalue (result, row, 1));
      statement->calls = g_ascii_strtod (PQgetvalue (result, row, 2), NULL);
      statement->rows = g_ascii_strtod (PQgetvalue (result, row, 3), NULL);
      statement->exec_ms = g_ascii_strtod (PQgetvalue (result, row, 4), NULL);
      g_hash_table_insert (statements, g_strdup (PQgetvalue (result, row, 0)), statement);
    }
  return statements;
}

/* Before a call: snapshot; after it: add the differences to the totals. */
static gboolean
count_around (gpointer data, gboolean after)
{
  Counter *counter = data;
  GHashTable *now = snapshot (counter);
  GHashTableIter iter;
  gpointer key, value;

  if (!after)
    {
      g_clear_pointer (&counter->before, g_hash_table_unref);
      counter->before = now;
      return counter->failure == NULL;
    }
  g_hash_table_iter_init (&iter, now);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Statement *current = value;
      Statement *earlier = counter->before ? g_hash_table_lookup (counter->before, key) : NULL;
      Statement *total = g_hash_table_lookup (counter->totals, key);
      gdouble calls = current->calls - (earlier ? earlier->calls : 0);

      if (calls <= 0)
        continue;
      if (total == NULL)
        {
          total = g_new0 (Statement, 1);
          total->query = g_strdup (current->query);
          g_hash_table_insert (counter->totals, g_strdup (key), total);
        }
      total->calls += calls;
      total->rows += current->rows - (earlier ? earlier->rows : 0);
      total->exec_ms += current->exec_ms - (earlier ? earlier->exec_ms : 0);
    }
  g_hash_table_unref (now);
  return counter->failure == NULL;
}

static gint
compare_statements (gconstpointer a, gconstpointer b)
{
  const Statement *x = *(Statement *const *) a, *y = *(Statement *const *) b;

  return x->calls != y->calls ? (x->calls < y->calls ? 1 : -1)
                              : (x->exec_ms < y->exec_ms) - (x->exec_ms > y->exec_ms);
}

/* Collapses white space so that a statement fits on one line of the report. */
static char *
one_line (const char *query, gsize limit)
{
  GString *line = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *c = query; *c != '\0' && line->len < limit; c++)
    if (g_ascii_isspace (*c))
      space = TRUE;
    else
      {
        if (space && line->len > 0)
          g_string_append_c (line, ' ');
        space = FALSE;
        g_string_append_c (line, *c);
      }
  if (line->len >= limit)
    g_string_append (line, "...");
  return g_string_free (line, FALSE);
}

gboolean
bench_count_statements (const BenchOperation *operation, guint calls, JsonBuilder *builder,
                        GError **error)
{
  Counter counter = { 0 };
  Run run = { .operation = operation, .count_mode = TRUE, .record_all = TRUE,
              .around = count_around, .around_data = &counter };
  BenchSettings saved = bench_settings;
  BenchWorker *workers = g_new0 (BenchWorker, 1);
  g_autoptr (GPtrArray) sorted = g_ptr_array_new ();
  gint64 window_start, window_end;
  BenchCpu cpu_start, cpu_end;
  gdouble statements = 0, exec_ms = 0;
  GHashTableIter iter;
  gpointer value;
  gboolean ok;

  if (bench_settings.admin_conninfo == NULL || bench_settings.hms_role == NULL)
    return TRUE;
  counter.admin = hms_db_connect (bench_settings.admin_conninfo, error);
  if (counter.admin == NULL)
    {
      free_workers (workers, 1);
      return FALSE;
    }
  counter.totals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, statement_free);

  bench_settings.clients = 1;
  bench_settings.calls = calls;
  bench_settings.warmup_calls = 0;
  bench_settings.new_connection = FALSE;
  ok = (operation->prepare == NULL || operation->prepare (error))
       && hms_db_run (counter.admin, "ALTER SYSTEM SET pg_stat_statements.track = 'top'", error)
       && hms_db_run (counter.admin, "SELECT pg_reload_conf()", error);
  if (ok)
    {
      /* Backends read the new setting before their next statement. */
      g_usleep (200 * 1000);
      ok = run_threads (&run, 1, workers, &window_start, &window_end, &cpu_start, &cpu_end, error);
    }
  bench_settings = saved;
  hms_db_run (counter.admin, "ALTER SYSTEM RESET pg_stat_statements.track", NULL);
  hms_db_run (counter.admin, "SELECT pg_reload_conf()", NULL);
  if (ok && counter.failure != NULL)
    {
      g_propagate_error (error, counter.failure);
      counter.failure = NULL;
      ok = FALSE;
    }
  if (ok && workers[0].failures > 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", workers[0].first_failure);
      ok = FALSE;
    }
  calls = workers[0].latencies->len;
  if (ok && calls > 0)
    {
      g_hash_table_iter_init (&iter, counter.totals);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          Statement *statement = value;

          statements += statement->calls;
          exec_ms += statement->exec_ms;
          g_ptr_array_add (sorted, statement);
        }
      g_ptr_array_sort (sorted, compare_statements);
      json_builder_set_member_name (builder, "sql");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "calls_counted");
      json_builder_add_int_value (builder, calls);
      add_double (builder, "statements_per_call", statements / calls);
      add_double (builder, "exec_ms_per_call", exec_ms / calls);
      json_builder_set_member_name (builder, "statements");
      json_builder_begin_array (builder);
      for (guint i = 0; i < sorted->len; i++)
        {
          Statement *statement = g_ptr_array_index (sorted, i);
          g_autofree char *query = one_line (statement->query, 240);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "query");
          json_builder_add_string_value (builder, query);
          add_double (builder, "per_call", statement->calls / calls);
          add_double (builder, "rows_per_call", statement->rows / calls);
          add_double (builder, "mean_exec_ms", statement->exec_ms / statement->calls);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  g_clear_pointer (&counter.before, g_hash_table_unref);
  g_hash_table_unref (counter.totals);
  g_clear_error (&counter.failure);
  PQfinish (counter.admin);
  free_workers (workers, 1);
  return ok;
}
