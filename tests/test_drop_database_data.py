"""drop_database cascade with deleteData on a file: warehouse: which table
and partition directories go (store_database.c's
hms_store_database_table_data_locations): managed tables and purged
external tables with their partitions, wherever those lie; external tables
without purge and other databases' tables stay."""

import pytest

from test_tables import trino_table


def partition(ttypes, db, table, value, location):
    return ttypes.Partition(dbName=db, tableName=table, values=[value], parameters={},
                            sd=trino_table(ttypes, db, table, location=location).sd)


@pytest.fixture
def file_client(start_hms, connect, tmp_path):
    root = tmp_path / "wh"
    root.mkdir()
    hms = start_hms({"metastore.warehouse.dir": f"file:{root}",
                     "metastore.warehouse.external.dir": f"file:{root}"})
    return connect(hms.port), root


def test_cascade_deletes_what_goes_with_its_tables(file_client, ttypes, tmp_path):
    client, root = file_client
    keys = [("k", "string")]

    def table(db, name, location, table_type="MANAGED_TABLE", parameters=None, outside=None):
        client.create_table(trino_table(ttypes, db, name, partition_keys=keys, location=f"file:{location}",
                                        table_type=table_type, parameters=parameters))
        client.add_partition(partition(ttypes, db, name, "1", f"file:{location}/k=1"))
        if outside is not None:
            client.add_partition(partition(ttypes, db, name, "2", f"file:{outside}"))
        for directory in (location / "k=1", outside):
            if directory is not None:
                directory.mkdir(parents=True, exist_ok=True)
                (directory / "f").write_text("x")

    client.create_database(ttypes.Database(name="f"))
    client.create_database(ttypes.Database(name="g"))
    db_dir = root / "f.db"
    table("f", "inside", db_dir / "inside", outside=tmp_path / "elsewhere" / "inside")
    table("f", "out", tmp_path / "out" / "t", outside=tmp_path / "elsewhere" / "out")
    table("f", "ext", tmp_path / "ext" / "e", table_type="EXTERNAL_TABLE",
          outside=tmp_path / "elsewhere" / "ext")
    table("f", "purged", tmp_path / "ext" / "p", table_type="EXTERNAL_TABLE",
          parameters={"external.table.purge": "TRUE"}, outside=tmp_path / "elsewhere" / "purged")
    table("g", "other", root / "g.db" / "other", outside=tmp_path / "elsewhere" / "other")

    client.drop_database("f", True, True)

    assert not db_dir.exists()
    for gone in ("elsewhere/inside", "out/t", "elsewhere/out", "ext/p", "elsewhere/purged"):
        assert not (tmp_path / gone).exists(), gone
    for kept in ("ext/e/k=1/f", "elsewhere/ext/f", "elsewhere/other/f"):
        assert (tmp_path / kept).exists(), kept
    assert (root / "g.db" / "other" / "k=1" / "f").exists()
    assert [p.values for p in client.get_partitions("g", "other", -1)] == [["1"], ["2"]]


def test_cascade_of_many_tables_without_data(file_client, ttypes):
    client, root = file_client
    client.create_database(ttypes.Database(name="many"))
    for i in range(30):
        client.create_table(trino_table(ttypes, "many", f"t{i}", partition_keys=[("k", "string")]))
    client.drop_database("many", True, True)
    assert not (root / "many.db").exists()
    assert "many" not in client.get_all_databases()
