"""Deleting dropped data as Hive does (metastore/warehouse_fs.c): drop_table,
drop_partition(s), drop_database and truncate_table with deleteData delete
the objects of managed and purged external tables on S3 (fauxqs, configured
through hive-site.xml like S3A) and on the local file system, after the
drop committed; anything else is kept, and a failure to delete is logged
without undoing the drop."""

import os

import pytest

from conftest import free_port
from test_s3 import NodeServer, boto
from test_tables import trino_table

BUCKET = "bucket"


@pytest.fixture(scope="module")
def fauxqs():
    port = free_port()
    server = NodeServer("fauxqs.mjs", [str(port)])
    endpoint = f"http://127.0.0.1:{port}"
    boto(endpoint).create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


def s3_site(endpoint):
    return {"fs.s3a.endpoint": endpoint, "fs.s3a.path.style.access": "true",
            "fs.s3a.access.key": "S3RVER", "fs.s3a.secret.key": "S3RVER",
            "metastore.warehouse.dir": f"s3a://{BUCKET}/wh",
            "metastore.warehouse.external.dir": f"s3a://{BUCKET}/wh"}


@pytest.fixture
def s3(fauxqs, start_hms, connect):
    """(client, hms, boto client, put, keys) against fauxqs."""
    hms = start_hms(s3_site(fauxqs))
    store = boto(fauxqs)

    def put(*keys):
        for key in keys:
            store.put_object(Bucket=BUCKET, Key=key, Body=b"x")

    def keys(prefix):
        pages = store.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix)
        return sorted(o["Key"] for page in pages for o in page.get("Contents", []))

    return connect(hms.port), hms, put, keys


def partition(ttypes, db, table, values, location):
    return ttypes.Partition(dbName=db, tableName=table, values=list(values), parameters={},
                            sd=trino_table(ttypes, db, table, location=location).sd)


def test_drop_table_deletes_its_prefix_only(s3, ttypes):
    client, hms, put, keys = s3
    client.create_database(ttypes.Database(name="db", locationUri=f"s3a://{BUCKET}/wh/db.db"))
    client.create_table(trino_table(ttypes, "db", "t", partition_keys=[("ds", "string")],
                                    location=f"s3a://{BUCKET}/wh/db.db/t"))
    table = client.get_table("db", "t")
    assert table.tableType == "EXTERNAL_TABLE" and table.parameters["external.table.purge"] == "TRUE"
    client.add_partitions([partition(ttypes, "db", "t", ["1"], f"s3a://{BUCKET}/wh/db.db/t/ds=1"),
                           partition(ttypes, "db", "t", ["2"], f"s3a://{BUCKET}/wh/db.db/t/ds=2"),
                           partition(ttypes, "db", "t", ["3"], f"s3a://{BUCKET}/elsewhere/ds=3")])
    put("wh/db.db/t/", "wh/db.db/t/f0", "wh/db.db/t/ds=1/f1", "wh/db.db/t/ds=2/f2",
        "elsewhere/ds=3/f3", "elsewhere/keep", "wh/db.db/t2/f", "wh/db.db/t_other", "wh/db.db/t")

    # A partition with deleteData: its directory only.
    assert client.drop_partition("db", "t", ["1"], True)
    assert keys("wh/db.db/t/") == ["wh/db.db/t/", "wh/db.db/t/ds=2/f2", "wh/db.db/t/f0"]
    # Without deleteData: nothing.
    assert client.drop_partition_by_name("db", "t", "ds=2", False)
    assert keys("wh/db.db/t/ds=2/") == ["wh/db.db/t/ds=2/f2"]

    client.drop_table("db", "t", True)
    assert keys("wh/db.db/t/") == []
    assert keys("elsewhere/") == ["elsewhere/keep"]
    # Siblings sharing the name's prefix, and an object named like the directory, stay.
    assert keys("wh/db.db/t") == ["wh/db.db/t", "wh/db.db/t2/f", "wh/db.db/t_other"]
    log = hms.output()
    assert f"drop_table hive.db.t: deleted the directory s3a://{BUCKET}/wh/db.db/t (3 objects)" in log
    assert f"deleted the directory s3a://{BUCKET}/elsewhere/ds=3 (1 object)" in log
    assert f"drop_partition hive.db.t: deleted the directory s3a://{BUCKET}/wh/db.db/t/ds=1 (1 object)" in log


def test_data_kept_unless_hive_would_delete_it(s3, ttypes):
    client, hms, put, keys = s3
    client.create_database(ttypes.Database(name="k", locationUri=f"s3a://{BUCKET}/wh/k.db"))
    client.create_table(trino_table(ttypes, "k", "e", table_type="EXTERNAL_TABLE",
                                    location=f"s3a://{BUCKET}/lake/e"))
    client.create_table(trino_table(ttypes, "k", "m", location=f"s3a://{BUCKET}/wh/k.db/m"))
    put("lake/e/f", "wh/k.db/m/f")
    client.drop_table("k", "e", True)
    client.drop_table("k", "m", False)
    assert keys("lake/e/") == ["lake/e/f"] and keys("wh/k.db/m/") == ["wh/k.db/m/f"]
    assert "the data at s3a://bucket/lake/e is kept" in hms.output()

    # drop_partitions_req on an external table without purge keeps the data too.
    client.create_table(trino_table(ttypes, "k", "ep", table_type="EXTERNAL_TABLE",
                                    partition_keys=[("ds", "string")], location=f"s3a://{BUCKET}/lake/ep"))
    client.add_partition(partition(ttypes, "k", "ep", ["1"], f"s3a://{BUCKET}/lake/ep/ds=1"))
    put("lake/ep/ds=1/f")
    request = ttypes.DropPartitionsRequest(dbName="k", tblName="ep", deleteData=True,
                                           parts=ttypes.RequestPartsSpec(names=["ds=1"]))
    client.drop_partitions_req(request)
    assert keys("lake/ep/") == ["lake/ep/ds=1/f"]


def test_drop_database_cascade_and_truncate(s3, ttypes):
    client, hms, put, keys = s3
    client.create_database(ttypes.Database(name="d", locationUri=f"s3a://{BUCKET}/wh/d.db"))
    client.create_table(trino_table(ttypes, "d", "in_db", location=f"s3a://{BUCKET}/wh/d.db/in_db"))
    client.create_table(trino_table(ttypes, "d", "out", location=f"s3a://{BUCKET}/out/x"))
    client.create_table(trino_table(ttypes, "d", "ext", table_type="EXTERNAL_TABLE",
                                    location=f"s3a://{BUCKET}/out/ext"))
    client.create_table(trino_table(ttypes, "d", "tr", location=f"s3a://{BUCKET}/wh/d.db/tr"))
    put("wh/d.db/in_db/f", "wh/d.db/tr/", "wh/d.db/tr/a", "wh/d.db/tr/sub/b", "out/x/f",
        "out/ext/f", "wh/d.dbx/f")

    client.truncate_table("d", "tr", None)
    assert keys("wh/d.db/tr") == ["wh/d.db/tr/"]
    assert f"truncate_table hive.d.tr: deleted the files in s3a://{BUCKET}/wh/d.db/tr (2 objects)" in hms.output()

    client.drop_database("d", True, True)
    assert keys("wh/d.db/") == [] and keys("out/x/") == []
    assert keys("out/ext/") == ["out/ext/f"] and keys("wh/d.dbx/") == ["wh/d.dbx/f"]


def test_file_warehouse(start_hms, connect, ttypes, tmp_path):
    root = tmp_path / "wh"
    root.mkdir()
    hms = start_hms({"metastore.warehouse.dir": f"file:{root}", "metastore.warehouse.external.dir": f"file:{root}"})
    client = connect(hms.port)
    client.create_database(ttypes.Database(name="f"))
    db_dir = root / "f.db"
    client.create_table(trino_table(ttypes, "f", "t", location=f"file:{db_dir}/t"))
    client.create_table(trino_table(ttypes, "f", "u", location=f"file://{db_dir}/u"))
    for path in ("t/a", "t/sub/b", "t2/c", "u/d", "u/sub/e"):
        (db_dir / path).parent.mkdir(parents=True, exist_ok=True)
        (db_dir / path).write_text("x")
    os.symlink(tmp_path, db_dir / "t" / "link")

    client.truncate_table("f", "u", None)
    assert (db_dir / "u").is_dir() and os.listdir(db_dir / "u") == []
    client.drop_table("f", "t", True)
    assert not (db_dir / "t").exists() and (db_dir / "t2" / "c").exists()
    assert (tmp_path / "wh").is_dir()  # the symbolic link was deleted, not followed
    assert f"deleted the directory file:{db_dir}/t (3 objects)" in hms.output()

    # The warehouse root itself is never deleted.
    client.create_table(trino_table(ttypes, "f", "root", location=f"file:{root}"))
    client.drop_table("f", "root", True)
    assert root.is_dir() and "refusing to delete" in hms.output()


def test_unreachable_endpoint_still_drops(start_hms, connect, ttypes):
    site = s3_site(f"http://127.0.0.1:{free_port()}")
    site.update({"fs.s3a.attempts.maximum": "1", "fs.s3a.retry.interval": "10ms"})
    hms = start_hms(site)
    client = connect(hms.port)
    client.create_database(ttypes.Database(name="down", locationUri=f"s3a://{BUCKET}/wh/down.db"))
    client.create_table(trino_table(ttypes, "down", "t", location=f"s3a://{BUCKET}/wh/down.db/t"))
    client.drop_table("down", "t", True)
    with pytest.raises(ttypes.NoSuchObjectException):
        client.get_table("down", "t")
    log = hms.output()
    assert f"drop_table hive.down.t: could not delete the directory s3a://{BUCKET}/wh/down.db/t" in log
    assert "after 2 attempts" in log

