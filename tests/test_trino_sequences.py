"""Whole statements as Trino's hive connector runs them against a metastore
(the calls of its ThriftHiveMetastore, in order), replayed with a Python
Thrift client: SHOW SCHEMAS/TABLES, DESCRIBE, CREATE TABLE AS, INSERT,
SELECT with partition pruning, ANALYZE, sync_partition_metadata, DROP."""

import pytest

from test_partitions import make_table, storage, trino_partition


@pytest.fixture
def client(start_hms, connect):
    return connect(start_hms().port)


def test_show_describe(client, ttypes, pg, metastore_db):
    make_table(client, ttypes, pg, metastore_db, "business", "orders")
    # SHOW SCHEMAS
    assert "business" in client.get_all_databases()
    # SHOW TABLES: all tables, then views (Trino's first alternative)
    assert client.get_all_tables("business") == ["orders"]
    assert client.get_tables_by_type("business", ".*", "VIRTUAL_VIEW") == []
    # DESCRIBE: get_table_req first; NoSuchObjectException must stay that type
    result = client.get_table_req(ttypes.GetTableRequest(dbName="business", tblName="orders"))
    table = result.table
    assert [c.name for c in table.sd.cols] == ["id", "v"]
    assert [k.name for k in table.partitionKeys] == ["ds", "hr"]
    assert table.sd.serdeInfo.serializationLib == "org.apache.hadoop.hive.ql.io.orc.OrcSerde"
    with pytest.raises(ttypes.NoSuchObjectException):
        client.get_table_req(ttypes.GetTableRequest(dbName="business", tblName="nope"))
    # The legacy call older clients use answers the same table.
    assert client.get_table("business", "orders").sd.location == table.sd.location


def test_create_table_as_then_insert_select_analyze_drop(client, ttypes, pg, metastore_db):
    # CREATE TABLE AS: the table, then its basic statistics in the parameters
    make_table(client, ttypes, pg, metastore_db, "checkin", "visits", keys=(("day", "string"),))
    table = client.get_table("checkin", "visits")
    table.parameters.update({"numRows": "3", "numFiles": "1", "totalSize": "300", "rawDataSize": "30"})
    client.alter_table_with_environment_context("checkin", "visits", table, ttypes.EnvironmentContext(
        properties={"DO_NOT_UPDATE_STATS": "true"}))
    stored = client.get_table("checkin", "visits").parameters
    assert (stored["numRows"], stored["totalSize"]) == ("3", "300")

    # INSERT into new partitions: add_partitions, then the statistics of each through alter_partitions_req
    parts = [trino_partition(client, ttypes, "checkin", "visits", [day]) for day in ("2024-05-01", "2024-05-02")]
    assert client.add_partitions(parts) == 2
    # Trino updates statistics on the partitions as it read them back.
    parts = client.get_partitions_by_names("checkin", "visits", ["day=2024-05-01", "day=2024-05-02"])
    for part in parts:
        part.parameters["numRows"] = "5"
    client.alter_partitions_req(ttypes.AlterPartitionsRequest(dbName="checkin", tableName="visits",
                                                              partitions=parts, writeId=-1))

    # SELECT ... WHERE day = '2024-05-02': names by partial values, then the partitions by name
    names = client.get_partition_names_ps("checkin", "visits", ["2024-05-02"], -1)
    assert names == ["day=2024-05-02"]
    got = client.get_partitions_by_names("checkin", "visits", names)
    assert got[0].parameters["numRows"] == "5"
    assert got[0].sd.location.endswith("/checkin.db/visits/day=2024-05-02")

    # ANALYZE: column statistics per partition, read back as Trino reads them
    long_stats = ttypes.ColumnStatisticsData(longStats=ttypes.LongColumnStatsData(
        lowValue=1, highValue=9, numNulls=0, numDVs=3))
    client.update_partition_column_statistics(ttypes.ColumnStatistics(
        statsDesc=ttypes.ColumnStatisticsDesc(isTblLevel=False, dbName="checkin", tableName="visits",
                                              partName="day=2024-05-02"),
        statsObj=[ttypes.ColumnStatisticsObj(colName="id", colType="bigint", statsData=long_stats)],
        engine="hive"))
    result = client.get_partitions_statistics_req(ttypes.PartitionsStatsRequest(
        dbName="checkin", tblName="visits", colNames=["id"], partNames=names, engine="hive"))
    stats = result.partStats["day=2024-05-02"][0].statsData.longStats
    assert (stats.lowValue, stats.highValue, stats.numDVs) == (1, 9, 3)

    # DROP TABLE
    client.drop_table("checkin", "visits", True)
    with pytest.raises(ttypes.NoSuchObjectException):
        client.get_table("checkin", "visits")
    assert pg.psql('SELECT count(*) FROM "PARTITIONS"', database=metastore_db[0]) == ["0"]


def test_sync_partition_metadata(client, ttypes, pg, metastore_db):
    """CALL system.sync_partition_metadata('evaluations', 'scores', 'FULL'): Trino lists the
    file system itself, then adds what is missing and drops what vanished."""
    make_table(client, ttypes, pg, metastore_db, "evaluations", "scores", keys=(("week", "int"),))
    client.add_partitions([trino_partition(client, ttypes, "evaluations", "scores", [w]) for w in ("1", "2")])
    registered = client.get_partition_names("evaluations", "scores", -1)
    on_storage = {"week=2", "week=3", "week=4"}
    missing = sorted(on_storage - set(registered))
    vanished = sorted(set(registered) - on_storage)
    client.add_partitions([trino_partition(client, ttypes, "evaluations", "scores",
                                           client.partition_name_to_vals(name)) for name in missing])
    for name in vanished:
        assert client.drop_partition("evaluations", "scores", client.partition_name_to_vals(name), False)
    assert client.get_partition_names("evaluations", "scores", -1) == ["week=2", "week=3", "week=4"]
    # Integral keys compare as numbers in filters (SELECT ... WHERE week > 2).
    assert [p.values for p in client.get_partitions_by_filter("evaluations", "scores", "week > 2", -1)] \
        == [["3"], ["4"]]
