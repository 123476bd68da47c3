"""Event-driven partition discovery: hms's bucket notification endpoint
(metastore.discovery.webhook.*) fed the bodies MinIO's webhook target posts
(tests/fixtures/minio), against fauxqs holding the objects the events are
about, rows checked through the Thrift API and in PostgreSQL.

The periodic task is off in these tests (frequency 0) unless a test turns
it on: every change seen here comes from a notification."""

import concurrent.futures
import http.client
import json
import os
import socket
import subprocess
import time
import urllib.parse

import pytest

from conftest import HMS_BIN, ROOT, free_port
from test_msck import bucket, fauxqs, make_table, names, rows, state  # noqa: F401 (fixtures)
from test_s3 import NodeServer, boto, conf_for, put_all

FIXTURES = os.path.join(ROOT, "tests", "fixtures", "minio")
CUSTOMERS = "dbserver1.public.customers"
ORDERS = "dbserver1.public.orders"
TOKEN = "hms-webhook-Tok3n"


def fixture(name, bucket=None):
    """A recorded body, its bucket renamed (Key, s3.bucket.name and arn) when BUCKET is given."""
    with open(os.path.join(FIXTURES, name)) as f:
        body = json.load(f)
    if bucket is not None:
        old = body["Records"][0]["s3"]["bucket"]["name"]
        body["Key"] = bucket + body["Key"][len(old):]
        for record in body["Records"]:
            record["s3"]["bucket"]["name"] = bucket
            record["s3"]["bucket"]["arn"] = f"arn:aws:s3:::{bucket}"
    return body


def minio_event(name, bucket, key):
    """A body of MinIO's form for KEY, built from the recorded Put or Delete."""
    body = fixture("created-put.json" if "Created" in name else "removed-delete.json", bucket)
    record = body["Records"][0]
    record["eventName"] = name
    record["s3"]["object"]["key"] = urllib.parse.quote_plus(key, safe="")
    return {"EventName": name, "Key": f"{bucket}/{key}", "Records": [record]}


def post(port, body, token=TOKEN, method="POST", headers=None, raw=None):
    """Sends BODY (a dict as MinIO's JSON, or RAW bytes); returns (status, parsed JSON or text)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    sent = {"Content-Type": "application/json"}
    if token is not None:
        sent["Authorization"] = f"Bearer {token}"
    sent.update(headers or {})
    connection.request(method, "/minio/events", body=data, headers=sent)
    answer = connection.getresponse()
    text = answer.read().decode()
    connection.close()
    try:
        return answer.status, json.loads(text)
    except ValueError:
        return answer.status, text




def webhook_conf(fauxqs, **extra):
    conf = {**conf_for(fauxqs), "metastore.partition.management.task.frequency": "0",
            "metastore.discovery.webhook.port": str(free_port()),
            "metastore.discovery.webhook.token": TOKEN}
    conf.update(extra)
    return conf


@pytest.fixture
def hms(start_hms, fauxqs):
    conf = webhook_conf(fauxqs)
    server = start_hms(conf)
    server.webhook = int(conf["metastore.discovery.webhook.port"])
    return server


@pytest.fixture
def client(hms, connect):
    return connect(hms.port)


def customers_table(client, ttypes, bucket, name="customers", **parameters):
    make_table(client, ttypes, "cdc", name, f"s3a://{bucket}/topics/{CUSTOMERS}", ["partition"],
               parameters={"discover.partitions": "true", **parameters})


def test_created_object_is_a_partition_within_a_second(hms, client, ttypes, bucket, pg, metastore_db):
    name, s3 = bucket
    key = f"topics/{CUSTOMERS}/partition=0/{CUSTOMERS}+0+0000000000.json"
    put_all(s3, name, [key])
    customers_table(client, ttypes, name, **{"owner.team": "cdc"})
    make_table(client, ttypes, "cdc", "orders", f"s3://{name}/topics/{ORDERS}/",
               ["year", "month", "day", "hour"], parameters={"discover.partitions": "true"})
    assert names(client, "cdc", "customers") == []

    started = time.monotonic()
    status, answer = post(hms.webhook, fixture("created-put.json", name))
    while names(client, "cdc", "customers") != ["partition=0"] and time.monotonic() - started < 5:
        time.sleep(0.01)
    elapsed = time.monotonic() - started
    assert status == 200, answer
    assert answer["added"] == ["hive.cdc.customers:partition=0"]
    assert answer["matched"] == 1 and answer["ignored"] == 0
    assert names(client, "cdc", "customers") == ["partition=0"]
    assert elapsed < 1.0, f"partition visible {elapsed:.3f} s after the POST"
    print(f"\nwebhook: partition visible {elapsed * 1000:.1f} ms after the POST")

    # What discovery would have registered: the table's SD, the directory as location.
    partition = client.get_partition("cdc", "customers", ["0"])
    assert partition.sd.location == f"s3a://{name}/topics/{CUSTOMERS}/partition=0"
    assert partition.sd.serdeInfo.serializationLib == "org.openx.data.jsonserde.JsonSerDe"
    assert abs(partition.createTime - time.time()) < 60
    # It shares the table's column descriptor, as Hive's partitions do.
    assert rows(pg, metastore_db,
                'SELECT count(*) FROM "PARTITIONS" p JOIN "SDS" s ON s."SD_ID" = p."SD_ID"'
                ' JOIN "TBLS" t ON t."TBL_ID" = p."TBL_ID" JOIN "SDS" ts ON ts."SD_ID" = t."SD_ID"'
                ' WHERE s."CD_ID" = ts."CD_ID"') == ["1"]

    # The same event again (MinIO retries, a replica saw it): nothing to do, nothing written.
    before = state(pg, metastore_db)
    status, answer = post(hms.webhook, fixture("created-put.json", name))
    assert status == 200 and answer["added"] == [] and answer["matched"] == 1
    assert state(pg, metastore_db) == before

    # The S3 sink's multipart upload into an hourly layout, the location given as s3://.
    status, answer = post(hms.webhook, fixture("created-multipart.json", name))
    assert status == 200, answer
    assert answer["added"] == ["hive.cdc.orders:year=2024/month=05/day=07/hour=15"]
    assert client.get_partition("cdc", "orders", ["2024", "05", "07", "15"]).sd.location == \
        f"s3://{name}/topics/{ORDERS}/year=2024/month=05/day=07/hour=15"


def test_removed_object_drops_only_an_empty_directory(hms, client, ttypes, bucket, start_hms, fauxqs):
    name, s3 = bucket
    first = f"topics/{CUSTOMERS}/partition=0/{CUSTOMERS}+0+0000000000.json"
    second = f"topics/{CUSTOMERS}/partition=0/{CUSTOMERS}+0+0000001000.json"
    other = f"topics/{CUSTOMERS}/partition=1/{CUSTOMERS}+1+0000000000.json"
    put_all(s3, name, [first, second, other])
    customers_table(client, ttypes, name)
    status, _ = post(hms.webhook, {"Records": [minio_event("s3:ObjectCreated:Put", name, k)["Records"][0]
                                               for k in (first, other)]})
    assert status == 200
    assert names(client, "cdc", "customers") == ["partition=0", "partition=1"]

    # One of two files gone: the directory still has data, the partition stays.
    s3.delete_object(Bucket=name, Key=first)
    status, answer = post(hms.webhook, fixture("removed-delete.json", name))
    assert status == 200, answer
    assert answer["dropped"] == [] and answer["kept"] == ["hive.cdc.customers:partition=0"]
    assert names(client, "cdc", "customers") == ["partition=0", "partition=1"]

    # The last one gone, but S3 cannot be listed: nothing is dropped, and MinIO is told to retry.
    s3.delete_object(Bucket=name, Key=second)
    broken_conf = webhook_conf(fauxqs, **{"fs.s3a.endpoint": f"http://127.0.0.1:{free_port()}",
                                          "fs.s3a.attempts.maximum": "0"})
    start_hms(broken_conf)
    status, answer = post(int(broken_conf["metastore.discovery.webhook.port"]),
                          minio_event("s3:ObjectRemoved:Delete", name, second))
    assert status == 503, answer
    assert "could not list" in answer["error"] and answer["dropped"] == []
    assert names(client, "cdc", "customers") == ["partition=0", "partition=1"]

    # Listed and empty: dropped; the partition next to it stays.
    status, answer = post(hms.webhook, minio_event("s3:ObjectRemoved:Delete", name, second))
    assert status == 200, answer
    assert answer["dropped"] == ["hive.cdc.customers:partition=0"]
    assert names(client, "cdc", "customers") == ["partition=1"]
    # Removed again (a retry): nothing registered, nothing to do.
    status, answer = post(hms.webhook, minio_event("s3:ObjectRemoved:Delete", name, second))
    assert status == 200 and answer["dropped"] == [] and answer["kept"] == []


def test_url_encoded_keys(hms, client, ttypes, bucket):
    name, s3 = bucket
    keys = ["odd/city=São Paulo/day=2024-05-07/part 1.json",
            "odd/city=a%2Fb/day=00%3A00/100% sure+plus.json",
            "odd/city=x&y=z/day=1/日本語 ü.json"]
    put_all(s3, name, keys)
    make_table(client, ttypes, "odd", "places", f"s3a://{name}/odd", ["city", "day"],
               parameters={"discover.partitions": "true"})
    for number in (1, 2, 3):
        status, answer = post(hms.webhook, fixture(f"created-odd-keys-{number}.json", name))
        assert status == 200 and len(answer["added"]) == 1, answer
    assert sorted(tuple(p.values) for p in client.get_partitions("odd", "places", -1)) == sorted([
        ("São Paulo", "2024-05-07"), ("a/b", "00:00"), ("x&y=z", "1")])
    assert client.get_partition("odd", "places", ["a/b", "00:00"]).sd.location == \
        f"s3a://{name}/odd/city=a%2Fb/day=00%3A00"
    # The listing agrees: a sync finds nothing to add or drop.
    result = subprocess.run([HMS_BIN, "msck", "--sync", "--conf", hms.conf_dir, "odd.places"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Repair:" not in result.stdout


def test_token_method_size_and_malformed_bodies(hms, client, ttypes, bucket, pg, metastore_db):
    name, s3 = bucket
    put_all(s3, name, [f"topics/{CUSTOMERS}/partition=0/{CUSTOMERS}+0+0000000000.json"])
    customers_table(client, ttypes, name)
    body = fixture("created-put.json", name)
    before = state(pg, metastore_db)

    status, answer = post(hms.webhook, body, token=None)
    assert status == 401 and "Bearer" in answer["error"]
    status, answer = post(hms.webhook, body, token="wrong-token")
    assert status == 401
    status, answer = post(hms.webhook, body, token=None, headers={"Authorization": f"Basic {TOKEN}"})
    assert status == 401
    assert TOKEN not in hms.output()

    status, answer = post(hms.webhook, None, method="GET")
    assert status == 405
    status, answer = post(hms.webhook, None, method="HEAD")  # MinIO's liveness probe
    assert status == 405

    status, answer = post(hms.webhook, None, raw=b'{"EventName": "s3:ObjectCreated:Put", "Records": [')
    assert status == 400 and answer["error"].startswith("the body is not JSON")
    status, answer = post(hms.webhook, None, raw=b'{"Records": [{"eventName": "s3:ObjectCreated:Put"}]}')
    assert status == 400 and answer["error"] == "Records[0] has no s3.bucket.name"
    status, answer = post(hms.webhook, None, raw=b'{"hello": "world"}')
    assert status == 400

    big = b'{"Records": [], "padding": "' + b"x" * (1024 * 1024) + b'"}'
    status, answer = post(hms.webhook, None, raw=big)
    assert status == 413
    # Chunked, no Content-Length: cut off at the cap all the same.
    connection = http.client.HTTPConnection("127.0.0.1", hms.webhook, timeout=30)
    connection.request("POST", "/", body=iter([big[i:i + 65536] for i in range(0, len(big), 65536)]),
                       headers={"Authorization": f"Bearer {TOKEN}", "Transfer-Encoding": "chunked"},
                       encode_chunked=True)
    assert connection.getresponse().status == 413
    connection.close()

    assert state(pg, metastore_db) == before
    assert names(client, "cdc", "customers") == []
    status, answer = post(hms.webhook, body)
    assert status == 200 and answer["added"] == ["hive.cdc.customers:partition=0"]


def test_events_of_no_table_change_nothing(hms, client, ttypes, bucket, pg, metastore_db):
    name, s3 = bucket
    customers_table(client, ttypes, name)
    make_table(client, ttypes, "cdc", "manual", f"s3a://{name}/topics/manual", ["partition"])
    before = state(pg, metastore_db)
    not_partitions = [
        ("other-bucket", f"topics/{CUSTOMERS}/partition=0/f.json"),
        (name + "x", f"topics/{CUSTOMERS}/partition=0/f.json"),   # a bucket whose name starts like ours
        (name, f"topics/{CUSTOMERS}x/partition=0/f.json"),        # a sibling of the location
        (name, f"topics/{CUSTOMERS}/tombstone/{CUSTOMERS}+0+0000000007.json"),
        (name, f"topics/{CUSTOMERS}/_temporary/0/partition=9/x.json"),
        (name, f"topics/{CUSTOMERS}/.hive-staging/partition=8/x.json"),
        (name, f"topics/{CUSTOMERS}/partition=2.keys.{CUSTOMERS}+2+0000000000.json"),
        (name, f"topics/{CUSTOMERS}/partition=3/{CUSTOMERS}+3+0000000000.keys.avro"),
        (name, f"topics/{CUSTOMERS}/partition=4/_SUCCESS"),
        (name, f"topics/{CUSTOMERS}/partition=5/_temporary/0/x.json"),
        (name, f"topics/{CUSTOMERS}/other=3/x.json"),
        (name, f"topics/{CUSTOMERS}/loose.json"),
        (name, "topics/manual/partition=0/f.json"),               # no discover.partitions
    ]
    for bucket_name, key in not_partitions:
        status, answer = post(hms.webhook, minio_event("s3:ObjectCreated:Put", bucket_name, key))
        assert status == 200, (key, answer)
        assert answer["added"] == [] and answer["ignored"] == 1, (key, answer)
        status, answer = post(hms.webhook, minio_event("s3:ObjectRemoved:Delete", bucket_name, key))
        assert status == 200 and answer["dropped"] == [], (key, answer)
    status, answer = post(hms.webhook, fixture("accessed-get.json", name))
    assert status == 200 and answer["skipped"] == 1 and answer["events"] == 0
    assert state(pg, metastore_db) == before
    assert names(client, "cdc", "customers") == []


def test_many_events_in_one_body(hms, client, ttypes, bucket, pg, metastore_db):
    name, s3 = bucket
    customers_table(client, ttypes, name)
    make_table(client, ttypes, "cdc", "orders", f"s3a://{name}/topics/{ORDERS}",
               ["year", "month", "day", "hour"], parameters={"discover.partitions": "true"})
    created = [f"topics/{CUSTOMERS}/partition={p}/{CUSTOMERS}+{p}+{o:010d}.json"
               for p in range(20) for o in (0, 1000)]
    created += [f"topics/{ORDERS}/year=2024/month=05/day={d:02d}/hour={h:02d}/{ORDERS}+0+0.json"
                for d in (7, 8) for h in range(24)]
    put_all(s3, name, created)
    records = [minio_event("s3:ObjectCreated:CompleteMultipartUpload", name, k)["Records"][0]
               for k in created]
    records.append(fixture("accessed-get.json", name)["Records"][0])
    status, answer = post(hms.webhook, {"Records": records})
    assert status == 200, answer
    assert answer["events"] == len(created) and answer["skipped"] == 1
    assert len(answer["added"]) == 20 + 48
    assert len(names(client, "cdc", "customers")) == 20
    assert len(names(client, "cdc", "orders")) == 48

    # Removals and creations together: the emptied directories go, the others stay.
    gone = [k for k in created if "partition=1/" in k or "partition=2/" in k] + \
           [k for k in created if "partition=3/" in k][:1]
    for key in gone:
        s3.delete_object(Bucket=name, Key=key)
    put_all(s3, name, [f"topics/{CUSTOMERS}/partition=99/{CUSTOMERS}+99+0.json"])
    records = [minio_event("s3:ObjectRemoved:Delete", name, k)["Records"][0] for k in gone]
    records.append(minio_event("s3:ObjectCreated:Put", name,
                               f"topics/{CUSTOMERS}/partition=99/{CUSTOMERS}+99+0.json")["Records"][0])
    status, answer = post(hms.webhook, {"Records": records})
    assert status == 200, answer
    assert sorted(answer["dropped"]) == ["hive.cdc.customers:partition=1", "hive.cdc.customers:partition=2"]
    assert answer["kept"] == ["hive.cdc.customers:partition=3"]
    assert answer["added"] == ["hive.cdc.customers:partition=99"]
    assert sorted(names(client, "cdc", "customers")) == sorted(
        f"partition={p}" for p in list(range(20)) + [99] if p not in (1, 2))
    assert rows(pg, metastore_db, 'SELECT count(*) FROM "PARTITION_KEY_VALS"') == [str(19 + 48 * 4)]


def test_replicas_and_the_periodic_task_race_to_add(start_hms, connect, ttypes, fauxqs, bucket, pg,
                                                    metastore_db):
    name, s3 = bucket
    # Two replicas taking notifications, the first also running the periodic task every second.
    first_conf = webhook_conf(fauxqs, **{"metastore.partition.management.task.frequency": "1s"})
    second_conf = webhook_conf(fauxqs)
    first = start_hms(first_conf)
    start_hms(second_conf)
    ports = [int(c["metastore.discovery.webhook.port"]) for c in (first_conf, second_conf)]
    client = connect(first.port)
    customers_table(client, ttypes, name)
    keys = [f"topics/{CUSTOMERS}/partition={p}/{CUSTOMERS}+{p}+0.json" for p in range(40)]
    put_all(s3, name, keys)
    bodies = [minio_event("s3:ObjectCreated:Put", name, k) for k in keys]

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        answers = list(pool.map(lambda job: post(ports[job[0] % 2], job[1]),
                                [(i, b) for i, b in enumerate(bodies * 3)]))
    assert all(status == 200 for status, _ in answers), [a for a in answers if a[0] != 200][:3]
    assert sorted(names(client, "cdc", "customers")) == sorted(f"partition={p}" for p in range(40))
    assert rows(pg, metastore_db, 'SELECT count(*) FROM "PARTITIONS"') == ["40"]


def test_configuration(start_hms, fauxqs, tmp_path):
    port = free_port()
    conf = webhook_conf(fauxqs, **{"metastore.discovery.webhook.port": str(port),
                                   "metastore.discovery.webhook.bind.host": "127.0.0.1"})
    server = start_hms(conf, args=("--print-config",), wait=False)
    assert server.process.wait(timeout=30) == 0
    output = server.output()
    assert "metastore.discovery.webhook.port = " + str(port) in output
    assert "metastore.discovery.webhook.token = ********" in output
    assert TOKEN not in output

    # A port taken: serve refuses to start, naming the key's port.
    taken = free_port()
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", taken))
        blocker.listen()
        server = start_hms(webhook_conf(fauxqs, **{"metastore.discovery.webhook.port": str(taken),
                                                   "metastore.discovery.webhook.bind.host": "127.0.0.1"}),
                           wait=False)
        assert server.process.wait(timeout=30) != 0
    assert f"cannot listen on 127.0.0.1 port {taken}" in server.output()

    # Off by default: no endpoint.
    server = start_hms(conf_for(fauxqs))
    assert "bucket notifications" not in server.output()
