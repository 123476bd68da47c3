"""Partition discovery under failure and at scale, against fauxqs behind a
small counting proxy:

- the S3 server killed (SIGKILL) while the periodic task lists a table of
  many partitions: the failed discovery changes nothing, and once the
  server is back (same data, same port) the next one completes;
- a table of hourly partitions (year=/month=/day=/hour=) discovered level
  by level with the delimiter: one ListObjectsV2 per directory above the
  partitions, never a listing of the objects; a second discovery of the
  unchanged table writes nothing.  CI runs 1,000 partitions of 5 objects;
  HMS_SCALE=1 runs the issue's 10,000 partitions and 100,000 objects.

The bulk objects are put with plain keep-alive HTTP PUTs, unsigned: fauxqs
checks no signature, and boto3 puts about 400 objects a second here, too
slow for 100,000."""

import datetime
import http.client
import os
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from conftest import HMS_BIN, free_port
from test_msck import added, dropped, make_table, names, rows, state
from test_s3 import NodeServer, boto, conf_for, put_all


class Proxy(ThreadingHTTPServer):
    """Forwards every request to UPSTREAM ("127.0.0.1:port"), counting the
    ListObjectsV2 requests; when KILL is set, the first request for a next
    page (a continuation token) SIGKILLs VICTIM before it is forwarded."""

    daemon_threads = True

    def __init__(self, upstream):
        self.upstream = upstream
        self.victim = None
        self.kill = False
        self.killed = threading.Event()
        self.lists = 0
        self.list_seconds = 0.0  # spent waiting for the server's answers to them
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), ProxyHandler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def stop(self):
        self.shutdown()
        self.server_close()


class ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without this, delayed ACKs add 40 ms to each answer.
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def forward(self):
        proxy = self.server
        listing = "list-type=2" in self.path
        if listing:
            with proxy.lock:
                proxy.lists += 1
        if proxy.kill and "continuation-token" in self.path and proxy.victim.process.poll() is None:
            proxy.victim.process.kill()
            proxy.victim.process.wait()
            proxy.killed.set()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        began = time.monotonic()
        try:
            upstream = http.client.HTTPConnection(proxy.upstream, timeout=30)
            upstream.request(self.command, self.path, body=body, headers=dict(self.headers.items()))
            answer = upstream.getresponse()
            data = answer.read()
            upstream.close()
        except OSError:
            # The server is gone: so is the connection, as S3 clients see it.
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        if listing:
            with proxy.lock:
                proxy.list_seconds += time.monotonic() - began
        self.send_response(answer.status)
        for name, value in answer.getheaders():
            if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_PUT = do_HEAD = do_DELETE = do_POST = forward


def bulk_put(endpoint, bucket, keys, threads=8):
    """PUTs KEYS (body "x") over keep-alive connections, unsigned."""
    host = endpoint.split("//", 1)[1]
    failures = []

    def work(part):
        connection = http.client.HTTPConnection(host, timeout=60)
        for key in part:
            connection.request("PUT", f"/{bucket}/{key}", body=b"x", headers={"Content-Length": "1"})
            answer = connection.getresponse()
            answer.read()
            if answer.status != 200:
                failures.append((key, answer.status))
        connection.close()

    workers = [threading.Thread(target=work, args=(keys[i::threads],)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert not failures, failures[:5]


def wait_for(predicate, what, server, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what} did not happen within {timeout} s\n{server.output()[-4000:]}")


def test_s3_killed_during_discovery_loses_no_partition(start_hms, connect, ttypes, tmp_path):
    port = free_port()
    data = str(tmp_path / "fauxqs-data")
    os.makedirs(data)
    fauxqs = NodeServer("fauxqs.mjs", [str(port), data])
    proxy = Proxy(f"127.0.0.1:{port}")
    proxy.victim = fauxqs
    try:
        s3 = boto(proxy.endpoint)
        s3.create_bucket(Bucket="business")
        count = 1500  # two pages of common prefixes
        bulk_put(proxy.endpoint, "business", [f"t/partition={p}/f.json" for p in range(count)])
        server = start_hms({**conf_for(proxy.endpoint), "metastore.partition.management.task.frequency": "1s",
                            "fs.s3a.attempts.maximum": "1"})
        client = connect(server.port)
        make_table(client, ttypes, "cdc", "t", "s3a://business/t", ["partition"],
                   parameters={"discover.partitions": "true"})
        wait_for(lambda: len(names(client, "cdc", "t")) == count, "the first discovery", server)

        # The next discovery's second page kills the server: the listing fails, nothing changes.
        proxy.kill = True
        assert proxy.killed.wait(timeout=30), server.output()
        wait_for(lambda: "partition discovery of hive.cdc.t failed, nothing changed" in server.output(),
                 "the failed discovery", server)
        time.sleep(2.5)  # more rounds against the dead server
        assert len(names(client, "cdc", "t")) == count
        assert "dropped" not in server.output()

        # Back on the same port with the same data: the next discovery completes.
        proxy.kill = False
        fauxqs = NodeServer("fauxqs.mjs", [str(port), data])
        proxy.victim = fauxqs
        put_all(s3, "business", [f"t/partition={count}/f.json"])
        wait_for(lambda: len(names(client, "cdc", "t")) == count + 1, "discovery after the restart", server)
        assert "partition discovery of hive.cdc.t works again" in server.output()
        assert f"partition discovery added hive.cdc.t:partition={count}" in server.output()
    finally:
        proxy.stop()
        fauxqs.stop()


SCALE = os.environ.get("HMS_SCALE") == "1"
PARTITIONS, OBJECTS = (10_000, 100_000) if SCALE else (1_000, 5_000)


def hourly_layout(partitions, per_partition):
    """The S3 sink's hourly keys for PARTITIONS hours from 2024-01-01, and the directories above them."""
    start = datetime.datetime(2024, 1, 1)
    keys = []
    parents = {""}
    for hour in range(partitions):
        moment = start + datetime.timedelta(hours=hour)
        year, month, day = f"year={moment.year}", f"month={moment.month:02d}", f"day={moment.day:02d}"
        directory = f"{year}/{month}/{day}/hour={moment.hour:02d}"
        parents.update({year, f"{year}/{month}", f"{year}/{month}/{day}"})
        keys += [f"topics/orders/{directory}/orders+0+{hour * per_partition + n:010d}.json"
                 for n in range(per_partition)]
    return keys, len(parents)


def writes(pg, metastore_db):
    """Rows inserted, updated and deleted in the metastore database, once the counts settle."""
    previous = None
    for _ in range(20):
        current = rows(pg, metastore_db,
                       "SELECT sum(n_tup_ins + n_tup_upd + n_tup_del) FROM pg_stat_user_tables")
        if current == previous:
            return int(current[0] or 0)
        previous = current
        time.sleep(0.5)
    return int(previous[0] or 0)


def test_hourly_partitions_at_scale(start_hms, connect, ttypes, tmp_path, pg, metastore_db):
    port = free_port()
    fauxqs = NodeServer("fauxqs.mjs", [str(port)])
    proxy = Proxy(f"127.0.0.1:{port}")
    try:
        s3 = boto(proxy.endpoint)
        s3.create_bucket(Bucket="scale")
        keys, directories = hourly_layout(PARTITIONS, OBJECTS // PARTITIONS)
        started = time.monotonic()
        bulk_put(f"http://127.0.0.1:{port}", "scale", keys)
        put_seconds = time.monotonic() - started
        server = start_hms({**conf_for(proxy.endpoint), "metastore.partition.management.task.frequency": "0"})
        client = connect(server.port)
        make_table(client, ttypes, "cdc", "orders", "s3a://scale/topics/orders", ["year", "month", "day", "hour"],
                   parameters={"discover.partitions": "true", "partition.retention.period": "3650d"})

        def run_msck():
            proxy.lists = 0
            proxy.list_seconds = 0.0
            began = time.monotonic()
            result = subprocess.run([HMS_BIN, "msck", "--sync", "--conf", server.conf_dir,
                                     "-D", "metastore.msck.repair.enable.partition.retention=true",
                                     "cdc.orders"], capture_output=True, text=True, timeout=600)
            assert result.returncode == 0, result.stderr
            return result.stdout, time.monotonic() - began, proxy.lists, proxy.list_seconds

        out, first_seconds, first_lists, first_s3 = run_msck()
        assert len(added(out)) == PARTITIONS
        # One listing per directory above the partitions (each under 1,000 entries: one page),
        # against OBJECTS / 1,000 pages for a listing of every object.
        assert first_lists == directories
        assert len(client.get_partition_names("cdc", "orders", -1)) == PARTITIONS
        assert client.get_partition("cdc", "orders", ["2024", "01", "01", "00"]).sd.location == \
            "s3a://scale/topics/orders/year=2024/month=01/day=01/hour=00"

        before_writes = writes(pg, metastore_db)
        before_state = state(pg, metastore_db)
        out, second_seconds, second_lists, second_s3 = run_msck()
        assert added(out) == [] and dropped(out) == [] and "Repair:" not in out
        assert second_lists == directories
        assert writes(pg, metastore_db) == before_writes
        assert state(pg, metastore_db) == before_state
        # fauxqs scans every key of the bucket for each listing: its time is shown apart.
        print(f"\ndiscovery of {PARTITIONS} partitions / {OBJECTS} objects (put in {put_seconds:.1f} s): "
              f"first {first_seconds:.2f} s ({first_s3:.2f} s of it waiting for fauxqs), "
              f"{first_lists} LIST requests; unchanged {second_seconds:.2f} s ({second_s3:.2f} s fauxqs), "
              f"{second_lists} LIST requests, no write")
    finally:
        proxy.stop()
        fauxqs.stop()
