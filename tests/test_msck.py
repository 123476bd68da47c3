"""Partition discovery from S3: `hms msck` (Hive's MSCK REPAIR TABLE ...
ADD/DROP/SYNC PARTITIONS) and the periodic partition management task,
against fauxqs with the data put in place by boto3 in the layouts the
Confluent S3 sink writes (topics/<topic>/partition=<p>/..., hourly
year=/month=/day=/hour=), rows checked in PostgreSQL."""

import subprocess
import time

import pytest

from conftest import HMS_BIN, free_port
from test_s3 import NodeServer, boto, conf_for, put_all

CUSTOMERS = "dbserver1.public.customers"
ORDERS = "dbserver1.public.orders"


def msck_supported():
    result = subprocess.run([HMS_BIN, "msck", "--help"], capture_output=True, text=True)
    return result.returncode == 0


pytestmark = pytest.mark.skipif(not msck_supported(),
                                reason="hms msck is not wired into main.c yet")


@pytest.fixture(scope="module")
def fauxqs():
    port = free_port()
    server = NodeServer("fauxqs.mjs", [str(port)])
    yield f"http://127.0.0.1:{port}"
    server.stop()


_buckets = [0]


@pytest.fixture
def bucket(fauxqs):
    """A fresh bucket of its own for one test: (name, boto3 client)."""
    _buckets[0] += 1
    name = f"msck{_buckets[0]}"
    client = boto(fauxqs)
    client.create_bucket(Bucket=name)
    return name, client


@pytest.fixture
def hms(start_hms, fauxqs):
    # The periodic task is off: these tests drive discovery with msck.
    return start_hms({**conf_for(fauxqs), "metastore.partition.management.task.frequency": "0"})


@pytest.fixture
def client(hms, connect):
    return connect(hms.port)


def rows(pg, metastore_db, sql):
    return pg.psql(sql, database=metastore_db[0])


def make_table(client, ttypes, db, name, location, keys, parameters=None):
    try:
        client.get_database(db)
    except ttypes.NoSuchObjectException:
        client.create_database(ttypes.Database(name=db))
    sd = ttypes.StorageDescriptor(
        cols=[ttypes.FieldSchema(name="before", type="string"),
              ttypes.FieldSchema(name="after", type="string")],
        location=location,
        inputFormat="org.apache.hadoop.mapred.TextInputFormat",
        outputFormat="org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
        serdeInfo=ttypes.SerDeInfo(name=name, serializationLib="org.openx.data.jsonserde.JsonSerDe",
                                   parameters={"ignore.malformed.json": "true"}),
        numBuckets=-1, bucketCols=[], sortCols=[], parameters={})
    client.create_table(ttypes.Table(
        dbName=db, tableName=name, owner="trino", tableType="EXTERNAL_TABLE",
        partitionKeys=[ttypes.FieldSchema(name=k, type="string") for k in keys],
        parameters={"EXTERNAL": "TRUE", **(parameters or {})}, sd=sd))


def msck(hms, table, *options, conf=None):
    args = [HMS_BIN, "msck", "--conf", hms.conf_dir, *options]
    for key, value in (conf or {}).items():
        args += ["-D", f"{key}={value}"]
    result = subprocess.run(args + [table], capture_output=True, text=True, timeout=60)
    return result.returncode, result.stdout, result.stderr


def names(client, db, table):
    return sorted(client.get_partition_names(db, table, -1))


def added(stdout):
    prefix = "Repair: Added partition to metastore "
    return sorted(line[len(prefix):].split(":", 1)[1] for line in stdout.splitlines()
                  if line.startswith(prefix))


def dropped(stdout):
    prefix = "Repair: Dropped partition from metastore "
    return sorted(line[len(prefix):].split(":", 1)[1] for line in stdout.splitlines()
                  if line.startswith(prefix))


def state(pg, metastore_db):
    """What a write would change: partition rows, the highest id, the id sequence."""
    return rows(pg, metastore_db,
                'SELECT (SELECT count(*) FROM "PARTITIONS"), (SELECT max("PART_ID") FROM "PARTITIONS"),'
                ' (SELECT count(*) FROM "SDS"), (SELECT string_agg("SEQUENCE_NAME" || \'=\' || "NEXT_VAL", \',\''
                ' ORDER BY "SEQUENCE_NAME") FROM "SEQUENCE_TABLE")')


def test_add_registers_exactly_the_partitions_present(hms, client, ttypes, bucket, pg, metastore_db):
    name, s3 = bucket
    put_all(s3, name, [
        f"topics/{CUSTOMERS}/partition=0/{CUSTOMERS}+0+0000000000.json",
        f"topics/{CUSTOMERS}/partition=0/{CUSTOMERS}+0+0000001000.json",
        f"topics/{CUSTOMERS}/partition=1/{CUSTOMERS}+1+0000000000.json",
        # Not data: the sink's tombstones and key files, hidden and temporary folders.
        f"topics/{CUSTOMERS}/tombstone/{CUSTOMERS}+0+0000000007.json",
        f"topics/{CUSTOMERS}/partition=2.keys.{CUSTOMERS}+2+0000000000.json",
        f"topics/{CUSTOMERS}/_temporary/0/partition=9/x.json",
        f"topics/{CUSTOMERS}/.hive-staging/partition=8/x.json",
        f"topics/{CUSTOMERS}/_SUCCESS",
        # A directory that is no partition of this table.
        f"topics/{CUSTOMERS}/other=3/x.json",
    ])
    location = f"s3a://{name}/topics/{CUSTOMERS}"
    make_table(client, ttypes, "cdc", "customers", location, ["partition"],
               parameters={"owner.team": "cdc"})

    status, out, err = msck(hms, "cdc.customers", "--dry-run")
    assert status == 0, err
    assert "Partitions not in metastore:\tcdc.customers:partition=0" in out
    assert "Repair:" not in out
    assert names(client, "cdc", "customers") == []

    status, out, err = msck(hms, "cdc.customers")
    assert status == 0, err
    assert added(out) == ["partition=0", "partition=1"]
    assert "Skipped directory: other=3" in out
    assert names(client, "cdc", "customers") == ["partition=0", "partition=1"]

    # What Msck gives a partition: the table's SD with its directory, creation time.
    partition = client.get_partition("cdc", "customers", ["1"])
    table = client.get_table("cdc", "customers")
    assert partition.sd.location == f"{location}/partition=1"
    assert partition.sd.inputFormat == table.sd.inputFormat
    assert partition.sd.serdeInfo.serializationLib == "org.openx.data.jsonserde.JsonSerDe"
    assert partition.sd.serdeInfo.parameters == {"ignore.malformed.json": "true"}
    assert [c.name for c in partition.sd.cols] == ["before", "after"]
    assert abs(partition.createTime - time.time()) < 60
    assert "transient_lastDdlTime" in partition.parameters
    # The partitions share the table's column descriptor, as Hive's do.
    assert rows(pg, metastore_db, 'SELECT count(DISTINCT "CD_ID") FROM "SDS"') == ["1"]


def test_hourly_layout_and_unchanged_rerun_writes_nothing(hms, client, ttypes, bucket, pg, metastore_db):
    name, s3 = bucket
    put_all(s3, name, [
        f"topics/{ORDERS}/year=2024/month=05/day=07/hour=15/{ORDERS}+0+0000000000.json",
        f"topics/{ORDERS}/year=2024/month=05/day=07/hour=16/{ORDERS}+0+0000000042.json",
        f"topics/{ORDERS}/year=2024/month=05/day=08/hour=00/{ORDERS}+1+0000000000.json",
        f"topics/{ORDERS}/year=2024/month=06/day=01/hour=09/{ORDERS}+0+0000000100.json",
        # Too shallow: no hour level, no partition.
        f"topics/{ORDERS}/year=2024/month=07/day=01/{ORDERS}+0+0000000200.json",
    ])
    make_table(client, ttypes, "cdc", "orders", f"s3a://{name}/topics/{ORDERS}/",
               ["year", "month", "day", "hour"])
    status, out, err = msck(hms, "cdc.orders", "--sync")
    assert status == 0, err
    expected = ["year=2024/month=05/day=07/hour=15", "year=2024/month=05/day=07/hour=16",
                "year=2024/month=05/day=08/hour=00", "year=2024/month=06/day=01/hour=09"]
    assert added(out) == expected
    assert names(client, "cdc", "orders") == expected
    assert client.get_partition("cdc", "orders", ["2024", "05", "08", "00"]).sd.location == \
        f"s3a://{name}/topics/{ORDERS}/year=2024/month=05/day=08/hour=00"

    before = state(pg, metastore_db)
    status, out, err = msck(hms, "cdc.orders", "--sync")
    assert status == 0, err
    assert added(out) == [] and dropped(out) == []
    assert state(pg, metastore_db) == before


def test_drop_and_sync_remove_vanished_partitions(hms, client, ttypes, bucket, pg, metastore_db):
    name, s3 = bucket
    base = f"topics/{CUSTOMERS}"
    put_all(s3, name, [f"{base}/partition={p}/f.json" for p in range(3)])
    make_table(client, ttypes, "cdc", "customers", f"s3a://{name}/{base}", ["partition"])
    # A partition placed outside the table's location is never judged from its listing.
    client.add_partition(ttypes.Partition(
        dbName="cdc", tableName="customers", values=["99"],
        sd=ttypes.StorageDescriptor(location=f"s3a://{name}/elsewhere/p99",
                                    cols=[ttypes.FieldSchema(name="before", type="string")],
                                    serdeInfo=ttypes.SerDeInfo(parameters={}), parameters={}),
        parameters={}))
    assert msck(hms, "cdc.customers")[0] == 0
    assert names(client, "cdc", "customers") == ["partition=0", "partition=1", "partition=2", "partition=99"]

    s3.delete_object(Bucket=name, Key=f"{base}/partition=1/f.json")
    # --add never drops.
    status, out, _ = msck(hms, "cdc.customers", "--add")
    assert status == 0 and dropped(out) == [] and added(out) == []
    assert "partition=1" in names(client, "cdc", "customers")

    status, out, _ = msck(hms, "cdc.customers", "--drop", "--dry-run")
    assert status == 0
    assert "Partitions missing from filesystem:\tcdc.customers:partition=1" in out
    assert "partition=1" in names(client, "cdc", "customers")

    status, out, _ = msck(hms, "cdc.customers", "--drop")
    assert status == 0 and dropped(out) == ["partition=1"]
    assert names(client, "cdc", "customers") == ["partition=0", "partition=2", "partition=99"]

    s3.delete_object(Bucket=name, Key=f"{base}/partition=2/f.json")
    put_all(s3, name, [f"{base}/partition=3/f.json"])
    status, out, _ = msck(hms, "cdc.customers", "--sync")
    assert status == 0
    assert added(out) == ["partition=3"] and dropped(out) == ["partition=2"]
    assert names(client, "cdc", "customers") == ["partition=0", "partition=3", "partition=99"]
    # Nothing left behind by the drops.
    assert rows(pg, metastore_db, 'SELECT count(*) FROM "PARTITION_KEY_VALS"') == ["3"]


def test_values_with_escaped_characters(hms, client, ttypes, bucket):
    name, s3 = bucket
    put_all(s3, name, [
        "odd/city=São Paulo/day=2024-05-07/part 1.json",
        "odd/city=a%2Fb/day=00%3A00/100% sure+plus.json",
        "odd/city=x&y=z/day=1/日本語 ü.json",
        "odd/CITY=Upper/day=1/f.json",
        "odd/city=__HIVE_DEFAULT_PARTITION__/day=1/f.json",
        "odd/plain/file.json",
    ])
    make_table(client, ttypes, "odd", "places", f"s3a://{name}/odd", ["city", "day"])
    status, out, err = msck(hms, "odd.places")
    assert status == 0, err
    assert sorted(tuple(p.values) for p in client.get_partitions("odd", "places", -1)) == sorted([
        ("São Paulo", "2024-05-07"), ("a/b", "00:00"), ("x&y=z", "1"), ("Upper", "1"),
        ("__HIVE_DEFAULT_PARTITION__", "1")])
    assert "city=a%2Fb/day=00%3A00" in names(client, "odd", "places")
    assert "city=x&y%3Dz/day=1" in names(client, "odd", "places")
    assert client.get_partition("odd", "places", ["a/b", "00:00"]).sd.location == \
        f"s3a://{name}/odd/city=a%2Fb/day=00%3A00"
    assert "Skipped directory: plain" in out
    # Unchanged: nothing more to add.
    status, out, _ = msck(hms, "odd.places", "--sync")
    assert status == 0 and added(out) == [] and dropped(out) == []


def test_endpoint_down_changes_nothing(hms, client, ttypes, bucket, pg, metastore_db):
    name, s3 = bucket
    put_all(s3, name, [f"t/partition={p}/f.json" for p in range(2)])
    make_table(client, ttypes, "cdc", "t", f"s3a://{name}/t", ["partition"])
    assert msck(hms, "cdc.t")[0] == 0
    before = state(pg, metastore_db)
    down = f"http://127.0.0.1:{free_port()}"
    status, out, err = msck(hms, "cdc.t", "--sync",
                            conf={"fs.s3a.endpoint": down, "fs.s3a.attempts.maximum": "1"})
    assert status == 1
    assert "nothing changed" in err and f"s3a://{name}/t" in err and "127.0.0.1" in err
    assert "Repair:" not in out
    assert state(pg, metastore_db) == before
    assert names(client, "cdc", "t") == ["partition=0", "partition=1"]


def test_usage_and_missing_table(hms, client, ttypes):
    assert msck(hms, "nodot")[0] == 2
    assert msck(hms, "cdc.t", "--add", "--drop")[0] == 2
    status, _, err = msck(hms, "nosuch.table")
    assert status == 1 and "not found" in err
    make_table(client, ttypes, "cdc", "flat", "s3a://x/flat", [])
    status, _, err = msck(hms, "cdc.flat")
    assert status == 1 and "not partitioned" in err


def test_periodic_task_registers_new_partitions(start_hms, connect, ttypes, fauxqs, bucket):
    name, s3 = bucket
    server = start_hms({**conf_for(fauxqs), "metastore.partition.management.task.frequency": "1s"})
    client = connect(server.port)
    base = f"topics/{CUSTOMERS}"
    put_all(s3, name, [f"{base}/partition=0/f.json"])
    make_table(client, ttypes, "cdc", "auto", f"s3a://{name}/{base}", ["partition"],
               parameters={"discover.partitions": "true"})
    make_table(client, ttypes, "cdc", "manual", f"s3a://{name}/{base}", ["partition"])

    def wait_for(expected):
        deadline = time.time() + 10
        while time.time() < deadline:
            if names(client, "cdc", "auto") == expected:
                return
            time.sleep(0.2)
        raise AssertionError(f"{names(client, 'cdc', 'auto')} != {expected}\n{server.output()}")

    wait_for(["partition=0"])
    put_all(s3, name, [f"{base}/partition=1/f.json"])
    wait_for(["partition=0", "partition=1"])
    s3.delete_object(Bucket=name, Key=f"{base}/partition=0/f.json")
    wait_for(["partition=1"])
    # Tables without discover.partitions=true are left alone.
    assert names(client, "cdc", "manual") == []
    assert "partition discovery runs on this replica" in server.output()


def test_one_replica_at_a_time(start_hms, connect, ttypes, fauxqs, bucket):
    name, s3 = bucket
    conf = {**conf_for(fauxqs), "metastore.partition.management.task.frequency": "1s"}
    first = start_hms(conf)
    second = start_hms(conf)
    client = connect(second.port)
    make_table(client, ttypes, "cdc", "auto", f"s3a://{name}/t", ["partition"],
               parameters={"discover.partitions": "true"})
    put_all(s3, name, ["t/partition=0/f.json"])
    deadline = time.time() + 10
    while names(client, "cdc", "auto") != ["partition=0"] and time.time() < deadline:
        time.sleep(0.2)
    assert names(client, "cdc", "auto") == ["partition=0"]
    assert "partition discovery runs on this replica" in first.output()
    assert "partition discovery runs on this replica" not in second.output()
    # The lock goes with the first replica's connection: the second takes over.
    first.stop()
    put_all(s3, name, ["t/partition=1/f.json"])
    deadline = time.time() + 10
    while names(client, "cdc", "auto") != ["partition=0", "partition=1"] and time.time() < deadline:
        time.sleep(0.2)
    assert names(client, "cdc", "auto") == ["partition=0", "partition=1"], second.output()
    assert "partition discovery runs on this replica" in second.output()


@pytest.fixture(scope="module")
def s3rver(tmp_path_factory):
    """@20minutes/s3rver, which verifies signatures: bucket business, its own user."""
    port = free_port()
    server = NodeServer("s3rver.mjs",
                        [str(port), str(tmp_path_factory.mktemp("s3rver")), "business",
                         "business-user:business-secret"],
                        env={"NODE_OPTIONS": "--openssl-legacy-provider"})
    endpoint = f"http://127.0.0.1:{port}"
    put_all(boto(endpoint, "business-user", "business-secret"), "business",
            [f"topics/{CUSTOMERS}/partition={p}/{CUSTOMERS}+{p}+0000000000.json" for p in range(2)])
    yield endpoint
    server.stop()


def test_per_bucket_credentials_and_wrong_secret(start_hms, connect, ttypes, s3rver):
    server = start_hms({"fs.s3a.endpoint": s3rver, "fs.s3a.path.style.access": "true",
                        "fs.s3a.bucket.business.access.key": "business-user",
                        "fs.s3a.bucket.business.secret.key": "wrong-secret",
                        "metastore.partition.management.task.frequency": "0"})
    client = connect(server.port)
    make_table(client, ttypes, "cdc", "customers", f"s3a://business/topics/{CUSTOMERS}", ["partition"])
    status, out, err = msck(server, "cdc.customers", "--sync")
    assert status == 1 and "SignatureDoesNotMatch" in err and "wrong-secret" not in err + out
    assert names(client, "cdc", "customers") == []
    status, out, err = msck(server, "cdc.customers", "--sync",
                            conf={"fs.s3a.bucket.business.secret.key": "business-secret"})
    assert status == 0, err
    assert added(out) == ["partition=0", "partition=1"]
