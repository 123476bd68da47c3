"""partition.retention.period, as Hive's partition management task applies
it (PartitionManagementTask, Msck, HiveMetaStoreChecker): a partition whose
age (now - CREATE_TIME) exceeds the table's period is dropped by the
periodic task, its data deleted when the table is managed or external with
external.table.purge; `hms msck --drop/--sync` does the same, keeping the
data, only with metastore.msck.repair.enable.partition.retention=true.
Against fauxqs; partitions are aged by moving their CREATE_TIME back."""

import time

import pytest

from test_msck import bucket, fauxqs, added, dropped, make_table, msck, names, rows  # noqa: F401 (fixtures)
from test_s3 import NodeServer, boto, conf_for, put_all
from conftest import free_port

RETENTION = {"metastore.msck.repair.enable.partition.retention": "true"}




def age(pg, metastore_db, table, partition, seconds):
    """Makes a partition SECONDS old."""
    rows(pg, metastore_db,
         f'UPDATE "PARTITIONS" SET "CREATE_TIME" = extract(epoch FROM now())::bigint - {seconds}'
         f' WHERE "PART_NAME" = \'{partition}\' AND "TBL_ID" = (SELECT "TBL_ID" FROM "TBLS"'
         f' WHERE "TBL_NAME" = \'{table}\')')


def expired(stdout):
    return sorted(line.rsplit(":", 1)[1] for line in stdout.splitlines()
                  if line.startswith("Expired partitions (retention period: "))


def keys(s3, bucket, prefix):
    return sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", []))


def test_msck_reads_the_period_as_hive_does(start_hms, connect, ttypes, fauxqs, bucket, pg, metastore_db):
    name, s3 = bucket
    hms = start_hms({**conf_for(fauxqs), "metastore.partition.management.task.frequency": "0"})
    client = connect(hms.port)
    put_all(s3, name, [f"t/partition={p}/f.json" for p in range(3)])
    make_table(client, ttypes, "cdc", "t", f"s3a://{name}/t", ["partition"])
    assert added(msck(hms, "cdc.t")[1]) == ["partition=0", "partition=1", "partition=2"]
    age(pg, metastore_db, "t", "partition=0", 10000)
    age(pg, metastore_db, "t", "partition=1", 1000)

    def set_period(value):
        table = client.get_table("cdc", "t")
        table.parameters["partition.retention.period"] = value
        client.alter_table("cdc", "t", table)

    # MetastoreConf.convertTimeStr: a unit suffix, or a bare number of seconds; expired is age > period.
    for period, expected in [("1h", ["partition=0"]), ("9000", ["partition=0"]),
                             ("2hours", ["partition=0"]), ("16min", ["partition=0", "partition=1"]),
                             ("10m", ["partition=0", "partition=1"]), ("3h", []), ("1d", []),
                             ("0", []), ("7 weeks", []), ("", [])]:
        set_period(period)
        status, out, err = msck(hms, "cdc.t", "--drop", "--dry-run", conf=RETENTION)
        assert status == 0, err
        assert expired(out) == expected, (period, out)
        if period in ("7 weeks", ""):
            assert "no partition expires" in err, err
    set_period("1h")
    assert "Expired partitions (retention period: 3600s) :\tcdc.t:partition=0" in \
        msck(hms, "cdc.t", "--drop", "--dry-run", conf=RETENTION)[1]
    # Only with the flag, and only when dropping.
    assert expired(msck(hms, "cdc.t", "--drop", "--dry-run")[1]) == []
    assert expired(msck(hms, "cdc.t", "--add", "--dry-run", conf=RETENTION)[1]) == []

    status, out, err = msck(hms, "cdc.t", "--sync", conf=RETENTION)
    assert status == 0, err
    assert dropped(out) == ["partition=0"] and added(out) == []
    assert names(client, "cdc", "t") == ["partition=1", "partition=2"]
    # MSCK keeps the data (Hive's MSCK REPAIR runs Msck without deleteData).
    assert keys(s3, name, "t/partition=0/") == ["t/partition=0/f.json"]


def wait_for(predicate, what, server, timeout=15):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what} did not happen within {timeout} s\n{server.output()}")


def test_periodic_task_drops_expired_partitions(start_hms, connect, ttypes, fauxqs, bucket, pg, metastore_db):
    name, s3 = bucket
    server = start_hms({**conf_for(fauxqs), "metastore.partition.management.task.frequency": "1s"})
    client = connect(server.port)
    for table in ("purged", "kept", "young"):
        put_all(s3, name, [f"{table}/partition={p}/f{n}.json" for p in range(2) for n in range(2)])
    common = {"discover.partitions": "true", "partition.retention.period": "1h"}
    make_table(client, ttypes, "cdc", "purged", f"s3a://{name}/purged", ["partition"],
               parameters={**common, "external.table.purge": "true"})
    make_table(client, ttypes, "cdc", "kept", f"s3a://{name}/kept", ["partition"], parameters=common)
    make_table(client, ttypes, "cdc", "young", f"s3a://{name}/young", ["partition"],
               parameters={**common, "partition.retention.period": "3h", "external.table.purge": "true"})
    for table in ("purged", "kept", "young"):
        wait_for(lambda: names(client, "cdc", table) == ["partition=0", "partition=1"],
                 f"discovery of {table}", server)
        age(pg, metastore_db, table, "partition=0", 7200)

    # External with purge: dropped and its data deleted (drop_partitions with deleteData), so it stays gone.
    wait_for(lambda: names(client, "cdc", "purged") == ["partition=1"], "expiry in purged", server)
    wait_for(lambda: keys(s3, name, "purged/partition=0/") == [], "data deletion in purged", server)
    assert keys(s3, name, "purged/partition=1/") == ["purged/partition=1/f0.json", "purged/partition=1/f1.json"]
    assert "partition retention dropped hive.cdc.purged:partition=0 (older than " \
           "partition.retention.period=3600s)" in server.output()

    # External without purge: dropped, data kept; Hive's task then finds the directory and
    # registers it again as a new partition, created now.
    wait_for(lambda: "partition retention dropped hive.cdc.kept:partition=0" in server.output(),
             "expiry in kept", server)
    assert "the data of 1 expired partition is kept" in server.output()
    assert keys(s3, name, "kept/partition=0/") == ["kept/partition=0/f0.json", "kept/partition=0/f1.json"]
    wait_for(lambda: names(client, "cdc", "kept") == ["partition=0", "partition=1"], "re-discovery", server)
    assert time.time() - client.get_partition("cdc", "kept", ["0"]).createTime < 60

    # Younger than its period: left alone.
    time.sleep(2.5)
    assert names(client, "cdc", "young") == ["partition=0", "partition=1"]
    assert len(keys(s3, name, "young/")) == 4
