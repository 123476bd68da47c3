/*
 * bench.h
 *    The load generator of bench/ (hms-bench): Thrift connections to hms
 *    through the c_glib client generated from our IDL, the objects the
 *    benchmarks send, the measuring loop (threads, latencies, CPU time of
 *    the three processes involved), and the operation tables of each kind
 *    of measurement.  Nothing here runs in CI; bench/run drives it.
 */
#ifndef HMS_BENCH_H
#define HMS_BENCH_H

#include <glib.h>
#include <json-glib/json-glib.h>
#include <libpq-fe.h>

#include "hms_thrift_hive_metastore.h"

/*
 * Unreferences a generated Thrift object when the variable goes out of
 * scope.  Used instead of g_autoptr for generated types, whose cleanup
 * functions the metastore's headers may define for some types and not
 * others as they change.
 */
static inline void
bench_object_clear (gpointer pointer)
{
  g_clear_object ((GObject **) pointer);
}
#define bench_auto_unref __attribute__ ((cleanup (bench_object_clear)))

/* --- settings given on the command line -------------------------------- */

typedef struct
{
  char    *host;              /* hms */
  guint    port;
  char    *pg_conninfo;       /* the floor's and the store's own connections */
  char    *admin_conninfo;    /* a superuser, for pg_stat_statements; may be NULL */
  char    *hms_role;          /* the role hms logs in as, to pick its statements */
  char    *database;          /* the hms database of the per-call fixtures */
  char    *catalog;
  guint    clients;
  gdouble  seconds;           /* measured window (duration mode) */
  gdouble  warmup_seconds;
  guint    calls;             /* > 0: fixed number of calls in all (count mode) */
  guint    warmup_calls;      /* per client, count mode */
  guint    iterations;        /* hmsbench: measured iterations (upstream -L) */
  guint    warmup;            /* hmsbench: warm-up iterations (upstream -W) */
  gdouble  budget_seconds;    /* hmsbench: stop measuring an operation after this long */
  guint    objects;           /* hmsbench: N */
  guint    params;            /* hmsbench: table/partition parameters */
  guint    threads;           /* hmsbench: threads of concurrentPartitionAdd */
  gboolean new_connection;    /* a new Thrift connection for every call */
  guint    sql_count;         /* > 0: count the SQL of this many calls first */
  gboolean sample_waits;      /* sample hms's backends' wait events while measuring */
  guint    scale_tables;      /* tables of the scale database (200,000) */
  guint    scale_partitions;  /* partitions of the scale table (1,000,000) */
  gint     server_pid;        /* hms, for its CPU time */
  gint     postmaster_pid;    /* PostgreSQL, for its backends' CPU time */
} BenchSettings;

extern BenchSettings bench_settings;

/* --- Thrift connections -------------------------------------------------- */

typedef struct
{
  GObject                  *transport;
  GObject                  *protocol;
  HmsThriftHiveMetastoreIf *iface;
} BenchClient;

/*
 * Opens a connection as Trino's and hmsbench's clients do: a plain socket
 * (with TCP_NODELAY, as Java's TSocket sets it), unframed, binary protocol;
 * through a transport of the generator's own that reads and writes in
 * large chunks (client.c says why).
 */
BenchClient *bench_client_open (GError **error);
void         bench_client_close (BenchClient *client);

/* Bytes sent to and received from hms so far by all connections. */
void         bench_wire_bytes (gint64 *sent, gint64 *received);

/*
 * Calls a method that takes no arguments by name, writing the message by
 * hand, so that methods missing from our IDL can be tried: *served is
 * FALSE when hms answers UNKNOWN_METHOD.  The reply is read and skipped.
 */
gboolean     bench_call_without_arguments (BenchClient *client, const char *method,
                                           gboolean *served, GError **error);

/*
 * Receives the reply to a call sent with the generated client's send
 * function (hms_thrift_hive_metastore_client_send_*) whose result is a
 * list: every element is read from the wire and walked (Thrift's skip)
 * but no object is built, so the generator's cost for a large answer is
 * reading it, not allocating it (decoding 10,000 partitions into c_glib
 * objects costs a client ~190 ms, more than hms spends producing them).
 * *count is the number of elements; an exception in the reply is an error
 * with its message.
 */
gboolean     bench_receive_list (BenchClient *client, const char *method, guint *count,
                                 GError **error);

/*
 * lock(LockRequest) of one SHARED_READ table lock, then unlock of the lock
 * id returned, written by hand like bench_call_without_arguments (our IDL
 * may not declare them).  *served as there.
 */
gboolean     bench_lock_unlock (BenchClient *client, const char *database, const char *table,
                                gboolean *served, GError **error);

/*
 * Turns a call's outcome into a GError: a declared exception (any of the
 * exception objects given, NULL-terminated) becomes one with its message.
 * Frees the exception objects.  Returns `ok` when nothing failed.
 */
gboolean     bench_check (gboolean ok, GError **error, ...) G_GNUC_NULL_TERMINATED;

/* --- objects ---------------------------------------------------------------- */

/*
 * A table as hmsbench's TableBuilder makes it: MANAGED_TABLE,
 * LazySimpleSerDe, HiveInputFormat/HiveOutputFormat, no location (hms
 * places it), string columns and partition keys as named (NULL-terminated
 * lists), and `params` parameters "parameter_<i>" = "value_<i>".
 */
HmsTable     *bench_table_new (const char *database, const char *name, const char *const *columns,
                               const char *const *partition_keys, guint params);

/*
 * A partition of `table` (as read back from hms) with these values: the
 * table's storage descriptor with the location table/k=v/..., and `params`
 * parameters as above.
 */
HmsPartition *bench_partition_new (const HmsTable *table, const char *const *values, guint params);

/* "k1=v1/k2=v2" of `table`'s keys and these values (plain values only). */
char         *bench_partition_name (const HmsTable *table, const char *const *values);

/* Thrift helpers that fail with a GError for exceptions too. */
gboolean      bench_create_database (BenchClient *client, const char *name, GError **error);
gboolean      bench_drop_database (BenchClient *client, const char *name, gboolean if_exists,
                                   GError **error);
gboolean      bench_create_table (BenchClient *client, HmsTable *table, GError **error);
gboolean      bench_drop_table (BenchClient *client, const char *database, const char *name,
                                gboolean if_exists, GError **error);
HmsTable     *bench_get_table (BenchClient *client, const char *database, const char *name,
                               GError **error);
gboolean      bench_add_partitions (BenchClient *client, GPtrArray *partitions, GError **error);
GPtrArray    *bench_partition_names (BenchClient *client, const char *database, const char *table,
                                     GError **error);
gboolean      bench_drop_partitions_by_name (BenchClient *client, const char *database,
                                             const char *table, GPtrArray *names, GError **error);

/* --- measuring ------------------------------------------------------------- */

/* Nanoseconds on the monotonic clock. */
gint64        bench_now (void);

/*
 * CPU seconds (user + system) of the generator, hms and PostgreSQL's
 * backends, and the bytes on the generator's Thrift connections.
 */
typedef struct
{
  gdouble generator;
  gdouble server;
  gdouble postgres;
  gint64  bytes_sent;       /* by the generator's Thrift connections, so far */
  gint64  bytes_received;
} BenchCpu;

void          bench_cpu_sample (BenchCpu *sample);

/* Latencies in nanoseconds, summarised. */
typedef struct
{
  guint   count;
  gdouble mean_ms, p50_ms, p90_ms, p99_ms, min_ms, max_ms, stddev_ms;
} BenchSummary;

void          bench_summarise (GArray *latencies, BenchSummary *summary);
void          bench_add_summary (JsonBuilder *builder, const BenchSummary *summary);

typedef struct BenchWorker BenchWorker;

/*
 * One measured operation of the per-call kind: run by `clients` threads,
 * each with its own Thrift connection and/or PostgreSQL connection.
 * Every hook but `call` is untimed.  `prepare` runs once before the threads
 * start (fixtures), `setup`/`teardown` once per thread, `before`/`after`
 * around every call.
 */
typedef struct
{
  const char *name;
  const char *description;
  gboolean    thrift;          /* the worker needs a Thrift connection */
  gboolean    postgres;        /* the worker needs a PostgreSQL connection */
  gboolean    count_mode;      /* a fixed number of calls rather than a duration */
  guint       default_calls;   /* count mode: calls in all, spread over the clients (0: one each) */
  guint       default_warmup;  /* count mode: warm-up calls per client */
  gboolean  (*prepare) (GError **error);
  gboolean  (*setup) (BenchWorker *worker, GError **error);
  gboolean  (*before) (BenchWorker *worker, GError **error);
  gboolean  (*call) (BenchWorker *worker, GError **error);
  gboolean  (*after) (BenchWorker *worker, GError **error);
  void      (*teardown) (BenchWorker *worker);
} BenchOperation;

struct BenchWorker
{
  const BenchOperation *operation;
  guint        index;
  BenchClient *client;
  PGconn      *pg;
  gpointer     state;      /* the operation's, freed by its teardown */
  guint64      sequence;   /* calls made so far by this worker, warm-up included */
  GArray      *latencies;  /* gint64 ns of the measured calls */
  GArray      *starts;     /* gint64 start of each measured call */
  guint64      failures;
  char        *first_failure;
};

/*
 * Runs `operation` as bench_settings say (clients, duration or count,
 * warm-up, connection per call) and adds its figures to `builder`:
 * latencies, calls per second, CPU seconds per call of the three processes.
 */
gboolean      bench_run_operation (const BenchOperation *operation, JsonBuilder *builder,
                                   GError **error);

/*
 * Counts the statements hms sends for `calls` calls of `operation` (one
 * client) with pg_stat_statements, and adds them to `builder`.
 */
gboolean      bench_count_statements (const BenchOperation *operation, guint calls,
                                      JsonBuilder *builder, GError **error);

/* Registers every generated type (bench_types.c, made by register_types.py). */
void          bench_register_types (void);

/* --- operation tables ------------------------------------------------------ */

const BenchOperation *bench_percall_find (const char *name);
void                  bench_percall_list (void);

/* The hmsbench operation `name` with bench_settings.objects objects; adds its figures. */
gboolean      bench_hmsbench_run (const char *name, JsonBuilder *builder, GError **error);
void          bench_hmsbench_list (void);

/* Per-call fixtures (database, tables, partitions, statistics). */
gboolean      bench_fixtures_create (JsonBuilder *builder, GError **error);

/* Scale: rows loaded with hms's own store functions. */
gboolean      bench_load_tables (guint count, JsonBuilder *builder, GError **error);
gboolean      bench_load_partitions (guint count, JsonBuilder *builder, GError **error);

/* Exec to accepting calls, `times` times: hms binary and its arguments. */
gboolean      bench_startup (char **argv, guint times, JsonBuilder *builder, GError **error);

/* Names of the per-call fixtures, shared by the operations and the floors. */
#define BENCH_TABLE_PLAIN       "t_get"
#define BENCH_TABLE_PARTITIONED "t_parts"
#define BENCH_TABLE_SCALE_PARTS "t_million"
#define BENCH_SCALE_DATABASE    "scale"
#define BENCH_FIXTURE_PARTITIONS 10000
#define BENCH_HOURS              24

#endif /* HMS_BENCH_H */
