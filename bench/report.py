"""bench/report.py: turns bench/results.json (written by bench/run) into
bench/report.md and bench/report.png (gnuplot).  Run alone to rewrite the
report from the results of the last run:

    bench/run --report

The Java metastore's figures in here are published ones (Hive's
metastore-benchmarks README, vendor heap guidance); they were not measured
here, and the report says so wherever they appear."""

import os
import shutil
import subprocess
import tempfile

# Published, not measured here: apache/hive
# standalone-metastore/metastore-tools/metastore-benchmarks/README.md, a run
# "on localhost" with -N 100 -N 1000 --params=100 --sanitize (hardware and
# database unstated).  Milliseconds, mean.  The unsuffixed names ran with
# one object; listTables unsuffixed listed the benchmark's database.
JAVA_PUBLISHED_MS = {
    "getNid": 0.676, "listDatabases": 0.692,
    "listTables.1": 0.985, "listTables.100": 1.416, "listTables.1000": 4.327,
    "getTable": 4.092, "createTable": 18.21, "dropTable": 27.53,
    "addPartition": 16.97, "getPartition": 6.242,
    "addPartitions.100": 315.9, "addPartitions.1000": 3016,
    "listPartitions.1": 5.556, "listPartitions.100": 9.087, "listPartitions.1000": 33.79,
    "getPartitionNames.1": 4.888, "getPartitionNames.100": 5.031, "getPartitionNames.1000": 8.998,
    "getPartitionsByNames.1": 6.506, "getPartitionsByNames.100": 9.312,
    "getPartitionsByNames.1000": 38.47,
    "dropPartitions.1": 29.43, "dropPartitions.100": 686.5, "dropPartitions.1000": 6247,
    "dropTableWithPartitions.1": 36.41, "dropTableWithPartitions.100": 793.3,
    "dropTableWithPartitions.1000": 6981,
    "renameTable.1": 46.67, "renameTable.100": 915.8, "renameTable.1000": 9015,
    "dropDatabase.1": 31.13, "dropDatabase.100": 1436, "dropDatabase.1000": 13760,
    "concurrentPartitionAdd#2.100": 1289, "concurrentPartitionAdd#2.1000": 12210,
}
# Which published row an operation of ours stands beside when the names differ.
JAVA_ROW_NOTES = {
    "listTables.1": "published row: listTables (no N)",
    "listPartitions.1": "published row: listPartition",
    "getPartitionNames.1": "published row: getPartitionNames (no N)",
    "getPartitionsByNames.1": "published row: getPartitionsByNames (no N)",
    "dropPartitions.1": "published row: dropPartition (drop_partition of one)",
    "dropTableWithPartitions.1": "published row: dropTableWithPartitions (no N)",
    "renameTable.1": "published row: renameTable (no N)",
    "dropDatabase.1": "published row: dropDatabase (no N)",
}

TARGET_SPEEDUP = 20
TARGET_FLOOR_RATIO = 2.0
TARGET_THROUGHPUT_SHARE = 0.5
TARGET_NEW_CONNECTION = 1.5
TARGET_RSS_IDLE_MB = 20
TARGET_RSS_LOAD_MB = 64
TARGET_READY_MS = 100
TARGET_TABLE_META_S = 1.0

PERCALL_ROWS = [
    ("null", "fb303 getStatus (no SQL)", "floor.null", None),
    ("get_table", "get_table_req", "floor.get_table", "store.get_table"),
    ("gpbn.10", "get_partitions_by_names, 10", "floor.gpbn.10", "store.gpbn.10"),
    ("gpbn.1000", "get_partitions_by_names, 1,000", "floor.gpbn.1000", "store.gpbn.1000"),
    ("gpbn.10000", "get_partitions_by_names, 10,000", "floor.gpbn.10000", "store.gpbn.10000"),
    ("get_partition_names_ps", "get_partition_names_ps (24 of 10,000)", None, None),
    ("get_partitions_by_filter", "get_partitions_by_filter (24 of 10,000)", None, None),
    ("get_table_statistics_req", "get_table_statistics_req (10 columns)", None, None),
    ("create_drop_table", "create_table + drop_table", None, None),
    ("add_partitions.10000", "add_partitions, 1 call of 10,000", "floor.add_partitions.10000", None),
    ("add_partition.1000x1", "add_partition, 1,000 calls of 1", "floor.add_partition.1000x1", None),
    ("get_nid", "get_current_notificationEventId", None, None),
    ("lock_unlock", "lock + unlock", None, None),
]


def mb(kb):
    return kb / 1024 if kb is not None else None


def fmt_ms(value):
    if value is None:
        return "–"
    if value >= 1000:
        return f"{value:,.0f}"
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def fmt_rate(value):
    if value is None:
        return "–"
    return f"{value:,.0f}" if value >= 10 else f"{value:.2f}"


def fmt_ratio(value):
    return "–" if value is None else (f"{value:.0f}×" if value >= 100 else f"{value:.1f}×")


def met(flag):
    return "–" if flag is None else ("**met**" if flag else "**missed**")


def find_percall(results, operation, clients, new_connection=False):
    for row in results.get("percall", []) + results.get("connection", []):
        if row.get("operation") == operation and row.get("clients") == clients \
                and bool(row.get("new_connection")) == new_connection and row.get("ok") and row.get("count"):
            return row
    return None


def served(results, operation):
    return not any(row.get("operation") == operation and row.get("served") is False
                   for row in results.get("percall", []))


def cpu_per_call_us(row):
    if not row or not row.get("count"):
        return None
    cpu = row.get("cpu_s", {})
    return {name: cpu.get(name, 0) * 1e6 / row["count"] for name in ("generator", "server", "postgres")}


def ratio(a, b):
    return a / b if a is not None and b else None


# --- targets --------------------------------------------------------------------------

def evaluate(results):
    """[(target, figure, met or None)]"""
    rows = []
    hmsbench = [r for r in results.get("hmsbench", []) if r.get("count")]
    compared = [(r["operation"], JAVA_PUBLISHED_MS[r["operation"]] / r["mean_ms"])
                for r in hmsbench if r["operation"] in JAVA_PUBLISHED_MS and r.get("mean_ms")]
    if compared:
        slowest = min(compared, key=lambda item: item[1])
        missing = [name for name, speedup in compared if speedup < TARGET_SPEEDUP]
        rows.append((f"every hmsbench operation ≥ {TARGET_SPEEDUP}× faster than the Java server's "
                     "published mean",
                     f"{len(compared) - len(missing)} of {len(compared)} operations; slowest ratio "
                     f"{slowest[1]:.1f}× ({slowest[0]})" + (f"; below {TARGET_SPEEDUP}×: "
                                                           + ", ".join(missing) if missing else ""),
                     not missing))
    for operation, floor, label in (("get_table", "floor.get_table", "get_table p50"),
                                    ("gpbn.10000", "floor.gpbn.10000", "get_partitions_by_names of 10,000 p50"),
                                    ("add_partitions.10000", "floor.add_partitions.10000",
                                     "add_partitions of 10,000 in one call, p50")):
        ours, base = find_percall(results, operation, 1), find_percall(results, floor, 1)
        if ours and base and ours.get("count") and base.get("count"):
            value = ratio(ours["p50_ms"], base["p50_ms"])
            rows.append((f"{label} ≤ {TARGET_FLOOR_RATIO:.0f}× its floor (1 client)",
                         f"{fmt_ms(ours['p50_ms'])} ms vs floor {fmt_ms(base['p50_ms'])} ms = {fmt_ratio(value)}",
                         value <= TARGET_FLOOR_RATIO))
    ours, base = find_percall(results, "get_table", 32), find_percall(results, "floor.get_table", 32)
    if ours and base:
        share = ratio(ours["calls_per_s"], base["calls_per_s"])
        rows.append(("32 clients: get_table calls/s ≥ 50% of the floor query's through libpq",
                     f"{fmt_rate(ours['calls_per_s'])} vs {fmt_rate(base['calls_per_s'])} calls/s = {share:.0%}",
                     share >= TARGET_THROUGHPUT_SHARE))
    for clients in (1, 32):
        kept = find_percall(results, "get_table", clients, False)
        new = find_percall(results, "get_table", clients, True)
        kept = next((r for r in results.get("connection", []) if r.get("clients") == clients
                     and not r.get("new_connection") and r.get("ok")), kept)
        if kept and new:
            value = ratio(new["p50_ms"], kept["p50_ms"])
            rows.append((f"get_table with a new connection per call ≤ {TARGET_NEW_CONNECTION}× a kept "
                         f"connection ({clients} client{'s' if clients > 1 else ''}, p50)",
                         f"{fmt_ms(new['p50_ms'])} vs {fmt_ms(kept['p50_ms'])} ms = {fmt_ratio(value)}",
                         value <= TARGET_NEW_CONNECTION))
    memory = results.get("memory", {})
    if memory.get("idle_after_start_kb"):
        value = mb(memory["idle_after_start_kb"])
        rows.append((f"RSS idle after start ≤ {TARGET_RSS_IDLE_MB} MB", f"{value:.1f} MB",
                     value <= TARGET_RSS_IDLE_MB))
    load = find_percall(results, "get_table", 32)
    if load and load.get("rss_peak_kb"):
        value = mb(load["rss_peak_kb"])
        rows.append((f"RSS under the 32-client get_table load ≤ {TARGET_RSS_LOAD_MB} MB", f"{value:.1f} MB",
                     value <= TARGET_RSS_LOAD_MB))
    peaks = [(row["operation"], mb(row["rss_peak_kb"])) for row in results.get("percall", [])
             if row.get("clients") == 32 and row.get("rss_peak_kb")]
    if peaks:
        worst = max(peaks, key=lambda item: item[1])
        rows.append((f"RSS under any 32-client load ≤ {TARGET_RSS_LOAD_MB} MB",
                     f"{worst[1]:.0f} MB at most ({worst[0]})", worst[1] <= TARGET_RSS_LOAD_MB))
    ready = results.get("startup", {}).get("ready", {})
    if ready.get("p50_ms"):
        rows.append((f"ready ≤ {TARGET_READY_MS} ms after exec (schema present)",
                     f"{ready['p50_ms']:.0f} ms p50 (max {ready['max_ms']:.0f} ms) to the first answered "
                     f"call; listening after {results['startup'].get('listening_p50_ms', 0):.0f} ms",
                     ready["p50_ms"] <= TARGET_READY_MS))
    scale = {row.get("operation"): row for row in results.get("scale", {}).get("operations", [])
             if row.get("ok") and row.get("count")}
    if "scale.get_table_meta" in scale and "floor.scale.get_table_meta" in scale:
        ours, base = scale["scale.get_table_meta"], scale["floor.scale.get_table_meta"]
        value = ratio(ours["p50_ms"], base["p50_ms"])
        rows.append(("200,000 tables: get_table_meta ≤ 1 s and ≤ 2× its floor",
                     f"{ours['p50_ms'] / 1000:.2f} s, floor {base['p50_ms'] / 1000:.2f} s = {fmt_ratio(value)}",
                     ours["p50_ms"] <= TARGET_TABLE_META_S * 1000 and value <= TARGET_FLOOR_RATIO))
    if "scale.get_partition_names" in scale and "floor.scale.get_partition_names" in scale:
        ours, base = scale["scale.get_partition_names"], scale["floor.scale.get_partition_names"]
        value = ratio(ours["p50_ms"], base["p50_ms"])
        rows.append(("1,000,000 partitions: get_partition_names ≤ 2× its floor",
                     f"{fmt_ms(ours['p50_ms'])} ms vs {fmt_ms(base['p50_ms'])} ms = {fmt_ratio(value)}",
                     value <= TARGET_FLOOR_RATIO))
        growth = mb(ours["rss_peak_kb"] - ours["rss_before_kb"])
        payload = 1000000 * 19 / 1024 / 1024   # 1M names of ~15 bytes + 4-byte lengths on the wire
        rows.append(("1,000,000 partitions: memory bounded (no more than 2× the answer held at once)",
                     f"peak RSS grew {growth:.0f} MB for an answer of ~{payload:.0f} MB on the wire",
                     growth <= 2 * payload))
    if not results.get("settings", {}).get("scale"):
        rows.append(("200,000 tables / 1,000,000 partitions", "not run (bench/run --scale)", None))
    return rows


# --- sections ------------------------------------------------------------------------------

def header(results):
    system = results.get("system", {})
    load = " ".join(system.get("load_before", ["?"]))
    lines = ["# hms benchmark report", "",
             "Figures of one run of `bench/run`"
             + (" --quick (short windows: a trial, not for quoting)" if results.get("settings", {}).get("quick") else "")
             + (" --scale" if results.get("settings", {}).get("scale") else "")
             + f", {system.get('date', '?')}, {results.get('duration_s', '?')} s.  "
             f"Machine: {system.get('cpus', '?')} × {system.get('cpu', '?')}, {system.get('memory_gb', '?')} GB, "
             f"Linux {system.get('kernel', '?')}; PostgreSQL {system.get('postgres', '?')} (defaults, "
             f"fsync on) on loopback; hms {system.get('hms', '?')} ({system.get('hms_version', '')}), "
             "built debugoptimized (-O2 -g) as `./dev` builds it, default configuration "
             "(10 PostgreSQL connections in its pool).  The load generator (`hms-bench`, C, the "
             "c_glib client of our IDL) runs on the same 2 cores as hms and PostgreSQL.",
             "",
             f"Load average (1, 5, 15 min) when the run started: {load}; when it ended: "
             f"{' '.join(system.get('load_after', ['?']))} "
             "(other work on the machine shares its 2 cores and shows in the figures).",
             "",
             "Java metastore figures are **published, not measured here**: Hive's own "
             "metastore-benchmarks README (apache/hive, standalone-metastore/metastore-tools/"
             "metastore-benchmarks/README.md: a run \"on localhost\", -N 100 -N 1000 --params=100, "
             "hardware and database unstated) and vendor heap guidance (Cloudera).", ""]
    return lines


def targets_section(results):
    lines = ["## Targets", "", "| Target | Figure | |", "|---|---|---|"]
    for target, figure, flag in evaluate(results):
        lines.append(f"| {target} | {figure} | {met(flag)} |")
    return lines + [""]


def hmsbench_section(results):
    rows = results.get("hmsbench", [])
    if not rows:
        return []
    lines = ["## hmsbench operations beside the Java metastore's published figures", "",
             "Hive's benchmark operations (metastore-benchmarks, HMSBenchmarks.java of the version "
             "that published the figures): the same calls, with the same measured and unmeasured steps. "
             "One client; warm-up then measured iterations (fewer than upstream's 100 when an operation "
             "hits its time budget: see the count). The 100 parameters of the published run (--params=100) "
             "go where upstream puts them: on dropTableWithPartitions' partitions.", "",
             "| Operation | What is measured | hms mean ms | median | min | max | n | Java mean ms "
             "(published, not measured here) | Java ÷ hms | ≥ 20× |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        name = row.get("operation") or row.get("name")
        if row.get("served") is False:
            lines.append(f"| {name} | {row.get('calls', '')} | not served by hms | | | | | "
                         f"{fmt_ms(JAVA_PUBLISHED_MS.get(name))} | | – |")
            continue
        if not row.get("count"):
            lines.append(f"| {name} | {row.get('calls', '')} | failed: {row.get('failure') or row.get('error')} "
                         "| | | | | | | |")
            continue
        java = JAVA_PUBLISHED_MS.get(name)
        speedup = java / row["mean_ms"] if java else None
        note = f" ({JAVA_ROW_NOTES[name]})" if name in JAVA_ROW_NOTES else ""
        lines.append(f"| {name} | {row.get('calls', '')}{note} | {fmt_ms(row['mean_ms'])} | {fmt_ms(row['p50_ms'])} | "
                     f"{fmt_ms(row['min_ms'])} | {fmt_ms(row['max_ms'])} | {row['count']} | {fmt_ms(java)} | "
                     f"{fmt_ratio(speedup)} | {met(speedup >= TARGET_SPEEDUP) if speedup else '–'} |")
    return lines + [""]


def percall_section(results):
    settings = results.get("settings", {})
    lines = ["## Per call at 1, 8 and 32 clients, with the floor measured in the same run", "",
             f"Each client is a thread of `hms-bench` with its own connection, calling for "
             f"{settings.get('seconds', 2.5):g} s after {settings.get('warmup_seconds', 0.5):g} s "
             "of warm-up (the heavy operations make a fixed number of calls instead). **floor**: the "
             "minimal SQL through libpq against the same PostgreSQL (the table's TBLS row by name; one "
             "SELECT of the partition rows with their descriptor, values and parameters; for writes, "
             "hms's own INSERTs sent directly). **store**: hms's store function called in-process (the "
             "exact SQL hms sends and the decoding of its rows into Thrift objects, no Thrift I/O): the "
             "distance splits into SQL and decoding (store − floor) and the server around it (hms − "
             "store). CPU per call: microseconds of CPU the generator, hms and PostgreSQL spent in the "
             "window, divided by the calls.", "",
             "| Call | Clients | hms p50 ms | p99 | mean | calls/s | store p50 | floor p50 | floor calls/s "
             "| hms ÷ floor (p50) | calls/s vs floor | CPU µs/call generator / hms / PostgreSQL |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for operation, label, floor_name, store_name in PERCALL_ROWS:
        if not served(results, operation):
            lines.append(f"| {label} | | not served by hms | | | | | | | | | |")
            continue
        for clients in (1, 8, 32):
            row = find_percall(results, operation, clients)
            if row is None:
                failed = next((r for r in results.get("percall", []) if r.get("operation") == operation
                               and r.get("clients") == clients), None)
                if failed:
                    lines.append(f"| {label} | {clients} | failed: {failed.get('error') or failed.get('first_failure')} "
                                 "| | | | | | | | | |")
                continue
            floor = find_percall(results, floor_name, clients) if floor_name else None
            store = find_percall(results, store_name, clients) if store_name else None
            cpu = cpu_per_call_us(row)
            cells = [label, str(clients), fmt_ms(row["p50_ms"]), fmt_ms(row["p99_ms"]), fmt_ms(row["mean_ms"]),
                     fmt_rate(row["calls_per_s"]), fmt_ms(store["p50_ms"]) if store else "–"]
            if floor:
                cells += [fmt_ms(floor["p50_ms"]), fmt_rate(floor["calls_per_s"]),
                          fmt_ratio(ratio(row["p50_ms"], floor["p50_ms"])),
                          f"{ratio(row['calls_per_s'], floor['calls_per_s']):.0%}" if floor["calls_per_s"] else "–"]
            else:
                cells += ["–"] * 4
            cells.append(" / ".join(f"{cpu[k]:,.0f}" for k in ("generator", "server", "postgres")) if cpu else "–")
            lines.append("| " + " | ".join(cells) + " |")
    prepared = find_percall(results, "floor.get_table.prepared", 1)
    plain = find_percall(results, "floor.get_table", 1)
    if prepared and plain:
        lines += ["", f"The get_table floor as a prepared statement: {fmt_ms(prepared['p50_ms'])} ms p50 at 1 "
                      f"client and {fmt_rate(find_percall(results, 'floor.get_table.prepared', 32)['calls_per_s']) if find_percall(results, 'floor.get_table.prepared', 32) else '–'} "
                      f"calls/s at 32 (unprepared, as above: {fmt_ms(plain['p50_ms'])} ms): what parse and plan cost "
                      "per statement."]
    return lines + [""]


def connection_section(results):
    rows = results.get("connection", [])
    if not rows:
        return []
    lines = ["## get_table on a kept connection and with a new connection per call", "",
             "Trino opens a new Thrift connection for every metastore operation; the second row of "
             "each pair connects, calls and closes inside the measured time.", "",
             "| Clients | Connection | p50 ms | p99 | calls/s | new ÷ kept (p50) |", "|---|---|---|---|---|---|"]
    for clients in (1, 32):
        kept = next((r for r in rows if r.get("clients") == clients and not r.get("new_connection")), None)
        for row in (r for r in rows if r.get("clients") == clients):
            if not row.get("ok"):
                lines.append(f"| {clients} | {'new' if row.get('new_connection') else 'kept'} | failed | | | |")
                continue
            value = ratio(row["p50_ms"], kept["p50_ms"]) if kept and kept.get("ok") and row.get("new_connection") else None
            lines.append(f"| {clients} | {'new per call' if row.get('new_connection') else 'kept'} | "
                         f"{fmt_ms(row['p50_ms'])} | {fmt_ms(row['p99_ms'])} | {fmt_rate(row['calls_per_s'])} | "
                         f"{fmt_ratio(value) if value else ''} |")
    return lines + [""]


def memory_section(results):
    memory = results.get("memory", {})
    startup = results.get("startup", {})
    lines = ["## Memory and start", "",
             "| Measure | hms | Java metastore (published, not measured here) |", "|---|---|---|"]
    if memory.get("idle_after_start_kb"):
        lines.append(f"| RSS idle after start | {mb(memory['idle_after_start_kb']):.1f} MB | heap alone: official "
                     "apache/hive image runs with -Xmx1G; Cloudera's minimum 4 GB for one connection |")
    load = find_percall(results, "get_table", 32)
    if load and load.get("rss_peak_kb"):
        lines.append(f"| RSS under 32 clients calling get_table (peak of 20 ms samples) | "
                     f"{mb(load['rss_peak_kb']):.1f} MB | Cloudera: 12–16 GB heap for 21–40 connections |")
    for row in results.get("percall", []):
        if row.get("clients") == 32 and row.get("rss_peak_kb") and row.get("operation") != "get_table":
            before = f" (from {mb(row['rss_before_kb']):.0f} MB)" if row.get("rss_before_kb") else ""
            lines.append(f"| RSS under 32 clients calling {row['operation']} | {mb(row['rss_peak_kb']):.0f} MB{before} | |")
    single = memory.get("gpbn_10000")
    if single:
        lines.append(f"| peak RSS of one get_partitions_by_names of 10,000 (one client, in a freshly "
                     f"started hms) | {mb(single['peak_kb']):.0f} MB (from {mb(single['rss_before_kb']):.0f} MB: "
                     f"+{mb(single['peak_kb'] - single['rss_before_kb']):.0f} MB; "
                     f"{mb(single['rss_after_kb']):.0f} MB after) | |")
    if memory.get("idle_after_fixtures_kb"):
        lines.append(f"| RSS idle after one add_partitions of 10,000 (the fixtures, before the restart that "
                     f"starts the measurements) | {mb(memory['idle_after_fixtures_kb']):.0f} MB | |")
    if memory.get("before_restart_kb"):
        lines.append(f"| RSS idle after the per-call runs | {mb(memory['before_restart_kb']):.0f} MB | |")
    ready = startup.get("ready", {})
    if ready.get("p50_ms"):
        lines.append(f"| exec to listening | {startup.get('listening_p50_ms', 0):.0f} ms p50 | |")
        lines.append(f"| exec to the first answered call (schema present) | {ready['p50_ms']:.0f} ms p50, "
                     f"{ready['max_ms']:.0f} ms max of {ready['count']} | no published figure (JVM + "
                     "DataNucleus start in seconds) |")
    if startup.get("log"):
        lines += ["", "hms's log lines of the last start, in milliseconds after exec (its log stamps are "
                  "to the millisecond):", "", "```"]
        lines += [f"{entry['ms']:7.0f}  {entry['line']}" for entry in startup["log"]]
        lines += ["```"]
    return lines + [""]


def generator_section(results):
    null = find_percall(results, "null", 1)
    floor_null = find_percall(results, "floor.null", 1)
    lines = ["## The generator's own cost", ""]
    if null:
        cpu = cpu_per_call_us(null)
        lines.append(f"A Thrift call that does no SQL (fb303 getStatus) takes {fmt_ms(null['p50_ms'])} ms p50 "
                     f"round trip at one client ({fmt_rate(null['calls_per_s'])} calls/s), of which the generator "
                     f"spends {cpu['generator']:.0f} µs of CPU and hms {cpu['server']:.0f} µs per call"
                     + (f"; `SELECT 1` through libpq takes {fmt_ms(floor_null['p50_ms'])} ms." if floor_null else ".")
                     + " The Java metastore's published null call (getNid) is 0.68 ms (published, not "
                     "measured here).")
    lines += ["", "The generator reads and writes through a transport of its own (64 KB reads, one send "
              "per message): c_glib's buffered transport does one recv() per field, which made a "
              "10-partition answer cost the generator ~2,800 system calls. Answers that are lists "
              "(get_partitions_by_names, get_partitions_by_filter, get_partition_names_ps and the "
              "scale listings) are read element by element and walked with Thrift's skip, every byte "
              "read and its shape checked, but not built into GObjects: decoding 10,000 partitions "
              "into c_glib objects cost the generator ~190 ms per call, more than hms spends "
              "producing them, and the floor builds nothing either. hmsbench's operations decode "
              "whole objects, as the Java client whose figures they stand beside does. The "
              "generator's CPU per call is in the last column of the per-call table.", ""]
    return lines


def sql_section(results):
    rows = [row for row in results.get("percall", []) if row.get("sql") and row.get("clients") == 1]
    if not rows:
        return []
    lines = ["## SQL per call (pg_stat_statements, hms's role only)", "",
             "Counted over separate calls before the timed run; the times are PostgreSQL's execution "
             "times (planning not included).", ""]
    lines += ["| Call | Statements per call | Execution ms per call | Statements |", "|---|---|---|---|"]
    for row in rows:
        sql = row["sql"]
        parts = "; ".join(f"{s['per_call']:.0f}× `{s['query'][:90]}…` ({s['mean_exec_ms']:.2f} ms, "
                          f"{s['rows_per_call']:.0f} rows)" for s in sql.get("statements", [])[:6])
        lines.append(f"| {row['operation']} | {sql['statements_per_call']:.1f} | {sql['exec_ms_per_call']:.2f} | {parts} |")
    return lines + [""]


def statement_cost_section(results):
    costs = results.get("statement_cost", {})
    if not costs:
        return []
    lines = ["## What parsing and planning cost", "",
             "hms sends every statement with PQexecParams: an unnamed statement, parsed and planned on "
             "every call. The statements of one call, taken from PostgreSQL's log with their parameters "
             "and replayed by pgbench on one connection for 3 s:", ""]
    for operation, cost in costs.items():
        if cost.get("extended_ms") and cost.get("prepared_ms"):
            lines.append(f"- {operation} ({cost['statements']} statement{'s' if cost['statements'] > 1 else ''}): "
                         f"{cost['extended_ms']:.3f} ms a call as hms sends them, {cost['prepared_ms']:.3f} ms "
                         f"as prepared statements ({cost['extended_ms'] / cost['prepared_ms']:.1f}×).")
    return lines + [""]


def waits_section(results):
    rows = [row for row in results.get("percall", []) if row.get("waits") and row.get("clients") == 32]
    if not rows:
        return []
    lines = ["## What hms's PostgreSQL backends wait on at 32 clients", "",
             "Sampled every 20 ms from pg_stat_activity while the 32 clients ran: hms's backends running "
             "a statement (at most its pool of 10), how many of them wait, and on what (mean number of "
             "backends in each wait, with the statement that waits). The other client threads wait in "
             "hms for a pool connection, which PostgreSQL does not see.", "",
             "| Call | Backends active | waiting | Main waits (mean backends) |", "|---|---|---|---|"]
    for row in rows:
        waits = row["waits"]
        events = sorted(waits.get("events", {}).items(), key=lambda item: -item[1])[:3]
        text = "; ".join(f"{value:.1f} `{name}…`" for name, value in events if value >= 0.05) or "none"
        lines.append(f"| {row['operation']} | {waits.get('mean_active', 0):.1f} | {waits.get('mean_waiting', 0):.1f} | {text} |")
    return lines + [""]


def scale_section(results):
    scale = results.get("scale", {})
    if not scale.get("operations"):
        return ["## Scale: 200,000 tables, 1,000,000 partitions", "",
                "Not run: `bench/run --scale` loads them (with hms's own store functions) and measures "
                "get_table_meta, get_all_tables, get_tables_by_type, get_partition_names, "
                "get_partition_names_ps, get_partitions_by_names of 1,000 and "
                "get_num_partitions_by_filter against their floors. The Java server times out past 300 s "
                "on get_table_meta of one schema with 200,000 tables (trinodb/trino#24164; published, "
                "not measured here).", ""]
    lines = ["## Scale: 200,000 tables, 1,000,000 partitions", ""]
    for key in ("load_tables", "load_partitions"):
        load = scale.get(key, {})
        if load.get("ok"):
            what = f"{load.get('tables', load.get('partitions', 0)):,.0f} {'tables' if 'tables' in load else 'partitions'}"
            lines.append(f"Loaded {what} in {load['load_s']:.0f} s: every row hms wrote for one "
                         f"{'table' if 'tables' in load else 'partition'} created through hms, copied in SQL "
                         "with new ids from SEQUENCE_TABLE; a copy read back through hms equals the original but "
                         "for name and location, and has as many rows in every table.")
    lines += ["", "Each hms call runs in a freshly started hms, so that its peak RSS is its own.", "",
              "| Call | hms p50 ms | floor p50 ms | hms ÷ floor | hms peak RSS | RSS before |",
              "|---|---|---|---|---|---|"]
    rows = {row.get("operation"): row for row in scale["operations"]}
    for name, row in rows.items():
        if name.startswith("floor."):
            continue
        floor = rows.get("floor." + name)
        if not row.get("ok"):
            lines.append(f"| {name[6:]} | failed: {row.get('error')} | | | | |")
            continue
        lines.append(f"| {name[6:]} | {fmt_ms(row['p50_ms'])} | {fmt_ms(floor['p50_ms']) if floor and floor.get('ok') else '–'} | "
                     f"{fmt_ratio(ratio(row['p50_ms'], floor['p50_ms'])) if floor and floor.get('ok') else '–'} | "
                     f"{mb(row['rss_peak_kb']):.0f} MB | {mb(row['rss_before_kb']):.0f} MB |")
    return lines + [""]


def syscalls_section(results):
    syscalls = results.get("syscalls", {})
    if not syscalls:
        return []
    lines = ["## System calls per call (perf stat of hms)", "",
             "What hms's socket I/O costs: system calls hms made per call (all its threads: the Thrift "
             "socket and its PostgreSQL connections), beside the bytes the call moved on the Thrift "
             "connection.", "",
             "| Call | recvfrom | sendto | read | write | bytes hms received | bytes hms sent | bytes per recvfrom |",
             "|---|---|---|---|---|---|---|---|"]
    for operation, entry in syscalls.items():
        per = entry.get("per_call", {})
        wire = entry.get("bytes_per_call", {})
        received = wire.get("sent", 0)     # what the generator sent, hms received
        sent = wire.get("received", 0)
        per_recv = received / per["recvfrom"] if per.get("recvfrom") else None
        lines.append(f"| {operation} | {per.get('recvfrom', 0):,.0f} | {per.get('sendto', 0):,.0f} | "
                     f"{per.get('read', 0):,.0f} | {per.get('write', 0):,.0f} | {received:,.0f} | {sent:,.0f} | "
                     f"{per_recv:,.1f} |" if per_recv else
                     f"| {operation} | {per.get('recvfrom', 0):,.0f} | {per.get('sendto', 0):,.0f} | "
                     f"{per.get('read', 0):,.0f} | {per.get('write', 0):,.0f} | {received:,.0f} | {sent:,.0f} | – |")
    return lines + [""]


def profile_section(results):
    profile = results.get("profile", {})
    if not profile:
        return []
    lines = ["## Where hms spends its CPU (perf, this run)", ""]
    for operation, views in profile.items():
        for view in views:
            lines += [f"`perf record --call-graph dwarf` of the hms process while {operation} ran "
                      f"({'32 clients' if operation == 'get_table' else 'one client'}): {view['title']}:",
                      "", "```"] + view["lines"] + ["```", ""]
    return lines


def analysis_section(out):
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "analysis.md")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [f.read().rstrip(), ""]


# --- plot ------------------------------------------------------------------------------------

def plot(results, out):
    gnuplot = shutil.which("gnuplot")
    if gnuplot is None:
        return False
    work = tempfile.mkdtemp(prefix="hms-bench-plot-")
    try:
        # Panel 1: p50 at one client, hms / store / floor.
        with open(os.path.join(work, "p50.dat"), "w") as f:
            for operation, label, floor_name, store_name in PERCALL_ROWS[:5] + PERCALL_ROWS[9:11]:
                row = find_percall(results, operation, 1)
                if not row:
                    continue
                store = find_percall(results, store_name, 1) if store_name else None
                floor = find_percall(results, floor_name, 1) if floor_name else None
                short = label.replace("get_partitions_by_names", "gpbn").replace("add_partitions", "add_parts") \
                    .replace("fb303 getStatus (no SQL)", "null call").replace(", 1,000 calls of 1", " x1000") \
                    .replace(", 1 call of 10,000", " 10,000")
                f.write(f"\"{short}\" {row['p50_ms']} {store['p50_ms'] if store else 'NaN'} "
                        f"{floor['p50_ms'] if floor else 'NaN'}\n")
        if os.path.getsize(os.path.join(work, "p50.dat")) == 0:
            return False
        # Panel 2: get_table calls/s against clients.
        with open(os.path.join(work, "throughput.dat"), "w") as f:
            for clients in (1, 8, 32):
                row = find_percall(results, "get_table", clients)
                floor = find_percall(results, "floor.get_table", clients)
                prepared = find_percall(results, "floor.get_table.prepared", clients)
                f.write(f"{clients} {row['calls_per_s'] if row else 'NaN'} {floor['calls_per_s'] if floor else 'NaN'} "
                        f"{prepared['calls_per_s'] if prepared else 'NaN'}\n")
        # Panel 3: hmsbench against the Java published means.
        with open(os.path.join(work, "hmsbench.dat"), "w") as f:
            for row in results.get("hmsbench", []):
                name = row.get("operation")
                if row.get("count") and name in JAVA_PUBLISHED_MS:
                    f.write(f"\"{name}\" {row['mean_ms']} {JAVA_PUBLISHED_MS[name]}\n")
        # Panel 4: memory.
        memory = results.get("memory", {})
        load = find_percall(results, "get_table", 32)
        single = memory.get("gpbn_10000", {})
        with open(os.path.join(work, "memory.dat"), "w") as f:
            f.write(f"\"idle after start\" {mb(memory.get('idle_after_start_kb') or 0)} {TARGET_RSS_IDLE_MB}\n")
            f.write(f"\"32 clients get_table\" {mb(load.get('rss_peak_kb') or 0) if load else 0} {TARGET_RSS_LOAD_MB}\n")
            if single.get("peak_kb"):
                f.write(f"\"growth in one gpbn of 10,000\" {mb(single['peak_kb'] - single['rss_before_kb'])} NaN\n")
            peaks = [row for row in results.get("percall", []) if row.get("clients") == 32 and row.get("rss_peak_kb")]
            if peaks:
                worst = max(peaks, key=lambda row: row["rss_peak_kb"])
                f.write(f"\"32 clients {worst['operation']}\" {mb(worst['rss_peak_kb'])} {TARGET_RSS_LOAD_MB}\n")
            if memory.get("after_run_kb"):
                f.write(f"\"idle after the run\" {mb(memory['after_run_kb'])} {TARGET_RSS_IDLE_MB}\n")
        script = f"""
set terminal pngcairo size 1600,1200 font "sans,10" noenhanced
set output "{os.path.join(out, 'report.png')}"
set multiplot layout 2,2 title "hms, bench/run of {results.get('system', {}).get('date', '')} (Java: published figures, not measured here)"
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set key top left
set grid ytics
set xtics rotate by -30 nomirror
set logscale y
set title "p50 latency at 1 client (ms, log scale)"
plot "{work}/p50.dat" using 2:xtic(1) title "hms" lc rgb "#1f77b4", \\
     "" using 3 title "store (hms's SQL + decoding, in-process)" lc rgb "#ff7f0e", \\
     "" using 4 title "floor (minimal SQL via libpq)" lc rgb "#2ca02c"
unset logscale y
set style data linespoints
set xtics norotate
set logscale x 2
set title "get_table: calls per second by clients"
set xlabel "clients"
plot "{work}/throughput.dat" using 1:2 title "hms get_table" lw 2 pt 7, \\
     "" using 1:3 title "floor: SELECT via libpq (unprepared)" lw 2 pt 5, \\
     "" using 1:4 title "floor: prepared" lw 2 pt 9
unset logscale x
unset xlabel
set style data histogram
set xtics rotate by -40 nomirror font "sans,8"
set logscale y
set title "hmsbench operations: mean ms (log scale)"
plot "{work}/hmsbench.dat" using 2:xtic(1) title "hms (this run)" lc rgb "#1f77b4", \\
     "" using 3 title "Java metastore (published, not measured here)" lc rgb "#d62728"
unset logscale y
set xtics rotate by -20 nomirror font "sans,10"
set logscale y
set title "hms RSS (MB, log scale) and targets"
plot "{work}/memory.dat" using 2:xtic(1) title "RSS" lc rgb "#1f77b4", \\
     "" using 3 title "target" lc rgb "#7f7f7f"
unset multiplot
"""
        with open(os.path.join(work, "plot.gp"), "w") as f:
            f.write(script)
        result = subprocess.run([gnuplot, os.path.join(work, "plot.gp")], capture_output=True, text=True)
        if result.returncode != 0:
            print(result.stderr)
        return result.returncode == 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


def write(results, out):
    lines = header(results)
    lines += targets_section(results)
    lines += ["![hms against its floor and the Java metastore's published figures](report.png)", ""]
    lines += hmsbench_section(results)
    lines += percall_section(results)
    lines += connection_section(results)
    lines += memory_section(results)
    lines += generator_section(results)
    lines += sql_section(results)
    lines += statement_cost_section(results)
    lines += waits_section(results)
    lines += scale_section(results)
    lines += syscalls_section(results)
    lines += profile_section(results)
    lines += analysis_section(out)
    with open(os.path.join(out, "report.md"), "w") as f:
        f.write("\n".join(lines).rstrip() + "\n")
    plot(results, out)
