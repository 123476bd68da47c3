"""Column statistics, driven by a Python Thrift client as Trino's ANALYZE and
Hive's clients drive them: update, read back field by field, aggregate over
partitions, delete, errors that change nothing, and rows written the way the
Java metastore writes them read back exactly.

Tables and partitions are inserted with SQL, as DataNucleus writes them, so
these tests do not depend on the table and partition methods; one test goes
through create_table / add_partitions when the server has them."""

import itertools
import json
import time

import pytest
from thrift.Thrift import TApplicationException
from thrift.transport.TTransport import TTransportException

# A method this server does not serve yet: unknown, or (while another area is being written)
# declared without a handler, which drops the connection.
NOT_SERVED = (TApplicationException, TTransportException)


@pytest.fixture
def hms(start_hms):
    return start_hms()


@pytest.fixture
def client(hms, connect):
    return connect(hms.port)


def sql(pg, metastore_db, text):
    return pg.psql(text, database=metastore_db[0])


_ids = itertools.count(1000)


def quote(value):
    if value is None:
        return "NULL"
    return "'" + str(value).replace("'", "''") + "'"


ALL_TYPES = [("b", "boolean"), ("i", "int"), ("l", "bigint"), ("d", "double"),
             ("f", "float"), ("dec", "decimal(10,2)"), ("s", "string"),
             ("v", "varchar(10)"), ("c", "char(5)"), ("bin", "binary"),
             ("dt", "date"), ("ts", "timestamp")]


def make_table(pg, metastore_db, name, columns, partition_keys=(), params=None,
               database="default"):
    """Inserts a table as the Java metastore writes one; returns its TBL_ID."""
    tbl_id, sd_id, cd_id, serde_id = next(_ids), next(_ids), next(_ids), next(_ids)
    db_id = sql(pg, metastore_db, f"SELECT \"DB_ID\" FROM \"DBS\" WHERE \"NAME\" = {quote(database)}")[0]
    statements = [
        f'INSERT INTO "CDS" VALUES ({cd_id})',
        f'INSERT INTO "SERDES" ("SERDE_ID", "NAME", "SLIB") VALUES ({serde_id}, {quote(name)},'
        " 'org.apache.hadoop.hive.ql.io.orc.OrcSerde')",
        f'INSERT INTO "SDS" ("SD_ID", "INPUT_FORMAT", "IS_COMPRESSED", "LOCATION", "NUM_BUCKETS",'
        ' "OUTPUT_FORMAT", "SERDE_ID", "CD_ID", "IS_STOREDASSUBDIRECTORIES") VALUES'
        f" ({sd_id}, 'org.apache.hadoop.hive.ql.io.orc.OrcInputFormat', false,"
        f" 's3a://warehouse/external/{name}', -1,"
        f" 'org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat', {serde_id}, {cd_id}, false)",
        'INSERT INTO "TBLS" ("TBL_ID", "CREATE_TIME", "DB_ID", "LAST_ACCESS_TIME", "OWNER",'
        ' "OWNER_TYPE", "RETENTION", "SD_ID", "TBL_NAME", "TBL_TYPE", "IS_REWRITE_ENABLED", "WRITE_ID")'
        f" VALUES ({tbl_id}, 1700000000, {db_id}, 0, 'trino', 'USER', 0, {sd_id}, {quote(name)},"
        " 'EXTERNAL_TABLE', false, 0)",
    ]
    for index, (column, type_name) in enumerate(columns):
        statements.append(f'INSERT INTO "COLUMNS_V2" VALUES ({cd_id}, NULL, {quote(column)},'
                          f" {quote(type_name)}, {index})")
    for index, (key, type_name) in enumerate(partition_keys):
        statements.append(f'INSERT INTO "PARTITION_KEYS" VALUES ({tbl_id}, NULL, {quote(key)},'
                          f" {quote(type_name)}, {index})")
    for key, value in (params or {}).items():
        statements.append(f'INSERT INTO "TABLE_PARAMS" VALUES ({tbl_id}, {quote(key)}, {quote(value)})')
    sql(pg, metastore_db, "; ".join(statements))
    return tbl_id


def make_partition(pg, metastore_db, tbl_id, part_name, values, params=None):
    """Inserts a partition (with its own descriptor on the table's columns); returns its PART_ID."""
    part_id, sd_id = next(_ids), next(_ids)
    cd_id, serde_id = sql(pg, metastore_db, 'SELECT s."CD_ID", s."SERDE_ID" FROM "TBLS" t'
                          f' JOIN "SDS" s ON s."SD_ID" = t."SD_ID" WHERE t."TBL_ID" = {tbl_id}')[0].split("|")
    statements = [
        f'INSERT INTO "SDS" ("SD_ID", "IS_COMPRESSED", "LOCATION", "NUM_BUCKETS", "SERDE_ID", "CD_ID",'
        f' "IS_STOREDASSUBDIRECTORIES") VALUES ({sd_id}, false, {quote("s3a://p/" + part_name)}, -1,'
        f" {serde_id}, {cd_id}, false)",
        'INSERT INTO "PARTITIONS" ("PART_ID", "CREATE_TIME", "LAST_ACCESS_TIME", "PART_NAME", "SD_ID",'
        f' "TBL_ID", "WRITE_ID") VALUES ({part_id}, 1700000000, 0, {quote(part_name)}, {sd_id}, {tbl_id}, 0)',
    ]
    for index, value in enumerate(values):
        statements.append(f'INSERT INTO "PARTITION_KEY_VALS" VALUES ({part_id}, {quote(value)}, {index})')
    for key, value in (params or {}).items():
        statements.append(f'INSERT INTO "PARTITION_PARAMS" VALUES ({part_id}, {quote(key)}, {quote(value)})')
    sql(pg, metastore_db, "; ".join(statements))
    return part_id


def table_param(pg, metastore_db, tbl_id, key="COLUMN_STATS_ACCURATE"):
    rows = sql(pg, metastore_db, f'SELECT "PARAM_VALUE" FROM "TABLE_PARAMS" WHERE "TBL_ID" = {tbl_id}'
               f" AND \"PARAM_KEY\" = {quote(key)}")
    return rows[0] if rows else None


def partition_param(pg, metastore_db, part_id, key="COLUMN_STATS_ACCURATE"):
    rows = sql(pg, metastore_db, f'SELECT "PARAM_VALUE" FROM "PARTITION_PARAMS" WHERE "PART_ID" = {part_id}'
               f" AND \"PARAM_KEY\" = {quote(key)}")
    return rows[0] if rows else None


def decimal(ttypes, unscaled, scale):
    length = max(1, (unscaled.bit_length() + 8) // 8)
    return ttypes.Decimal(scale=scale, unscaled=unscaled.to_bytes(length, "big", signed=True))


def stats_obj(ttypes, name, type_name, **data):
    return ttypes.ColumnStatisticsObj(colName=name, colType=type_name,
                                      statsData=ttypes.ColumnStatisticsData(**data))


def all_type_stats(ttypes):
    """Statistics of every kind, as Trino's ThriftMetastoreUtil builds them."""
    t = ttypes
    return [
        stats_obj(t, "b", "boolean", booleanStats=t.BooleanColumnStatsData(numTrues=7, numFalses=3, numNulls=1)),
        stats_obj(t, "i", "int", longStats=t.LongColumnStatsData(lowValue=-5, highValue=100, numNulls=2, numDVs=50)),
        stats_obj(t, "l", "bigint", longStats=t.LongColumnStatsData(
            lowValue=-9223372036854775808, highValue=9223372036854775807, numNulls=0, numDVs=11)),
        stats_obj(t, "d", "double", doubleStats=t.DoubleColumnStatsData(
            lowValue=-1.5, highValue=1e300, numNulls=3, numDVs=8)),
        stats_obj(t, "f", "float", doubleStats=t.DoubleColumnStatsData(numNulls=4, numDVs=0)),
        stats_obj(t, "dec", "decimal(10,2)", decimalStats=t.DecimalColumnStatsData(
            lowValue=decimal(t, -1, -3), highValue=decimal(t, 1250, 2), numNulls=5, numDVs=9)),
        stats_obj(t, "s", "string", stringStats=t.StringColumnStatsData(
            maxColLen=42, avgColLen=7.25, numNulls=6, numDVs=13)),
        stats_obj(t, "v", "varchar(10)", stringStats=t.StringColumnStatsData(
            maxColLen=10, avgColLen=0.1, numNulls=0, numDVs=1)),
        stats_obj(t, "c", "char(5)", stringStats=t.StringColumnStatsData(
            maxColLen=5, avgColLen=5.0, numNulls=1, numDVs=2)),
        stats_obj(t, "bin", "binary", binaryStats=t.BinaryColumnStatsData(maxColLen=1000, avgColLen=12.5, numNulls=9)),
        stats_obj(t, "dt", "date", dateStats=t.DateColumnStatsData(
            lowValue=t.Date(daysSinceEpoch=-3), highValue=t.Date(daysSinceEpoch=19000), numNulls=0, numDVs=300)),
        stats_obj(t, "ts", "timestamp", timestampStats=t.TimestampColumnStatsData(
            lowValue=t.Timestamp(secondsSinceEpoch=0), highValue=t.Timestamp(secondsSinceEpoch=1700000000),
            numNulls=2, numDVs=99)),
    ]


def table_stats(ttypes, table, objects, database="default", engine=None):
    statistics = ttypes.ColumnStatistics(
        statsDesc=ttypes.ColumnStatisticsDesc(isTblLevel=True, dbName=database, tableName=table),
        statsObj=objects)
    if engine is not None:
        statistics.engine = engine
    return statistics


def partition_stats(ttypes, table, part_name, objects, database="default"):
    return ttypes.ColumnStatistics(
        statsDesc=ttypes.ColumnStatisticsDesc(isTblLevel=False, dbName=database, tableName=table,
                                              partName=part_name),
        statsObj=objects)


def by_name(objects):
    return {o.colName: o for o in objects}


def stats_rows(pg, metastore_db, table="TAB_COL_STATS"):
    return sql(pg, metastore_db, f'SELECT count(*) FROM "{table}"')[0]


# --- table statistics -----------------------------------------------------------


def test_every_kind_round_trips(client, ttypes, pg, metastore_db):
    tbl_id = make_table(pg, metastore_db, "t", ALL_TYPES,
                        params={"numRows": "10", "COLUMN_STATS_ACCURATE": '{"BASIC_STATS":"true"}'})
    before = int(time.time())
    assert client.update_table_column_statistics(table_stats(ttypes, "T", all_type_stats(ttypes))) is True

    got = client.get_table_statistics_req(ttypes.TableStatsRequest(
        dbName="DEFAULT", tblName="t", colNames=[name.upper() for name, _ in ALL_TYPES] + ["missing"]))
    assert [o.colName for o in got.tableStats] == [name for name, _ in ALL_TYPES]
    stats = by_name(got.tableStats)
    assert stats["b"].colType == "boolean"
    assert stats["b"].statsData.booleanStats == ttypes.BooleanColumnStatsData(numTrues=7, numFalses=3, numNulls=1)
    assert stats["i"].statsData.longStats == ttypes.LongColumnStatsData(lowValue=-5, highValue=100, numNulls=2, numDVs=50)
    assert stats["l"].statsData.longStats.lowValue == -9223372036854775808
    assert stats["l"].statsData.longStats.highValue == 9223372036854775807
    assert stats["d"].statsData.doubleStats == ttypes.DoubleColumnStatsData(
        lowValue=-1.5, highValue=1e300, numNulls=3, numDVs=8)
    # Bounds the client did not send stay absent.
    assert stats["f"].statsData.doubleStats == ttypes.DoubleColumnStatsData(numNulls=4, numDVs=0)
    dec = stats["dec"].statsData.decimalStats
    assert dec.lowValue == decimal(ttypes, -1, -3) and dec.highValue == decimal(ttypes, 1250, 2)
    assert (dec.numNulls, dec.numDVs) == (5, 9)
    assert stats["s"].statsData.stringStats == ttypes.StringColumnStatsData(
        maxColLen=42, avgColLen=7.25, numNulls=6, numDVs=13)
    assert stats["v"].colType == "varchar(10)" and stats["v"].statsData.stringStats.avgColLen == 0.1
    assert stats["c"].statsData.stringStats.maxColLen == 5
    assert stats["bin"].statsData.binaryStats == ttypes.BinaryColumnStatsData(maxColLen=1000, avgColLen=12.5, numNulls=9)
    assert stats["dt"].statsData.dateStats.lowValue.daysSinceEpoch == -3
    assert stats["dt"].statsData.dateStats.highValue.daysSinceEpoch == 19000
    assert stats["ts"].statsData.timestampStats.highValue.secondsSinceEpoch == 1700000000
    assert stats["ts"].statsData.timestampStats.numDVs == 99

    # The rows as the Java metastore stores them.
    rows = sql(pg, metastore_db,
               'SELECT "COLUMN_NAME", "COLUMN_TYPE", "LONG_LOW_VALUE", "LONG_HIGH_VALUE",'
               ' "DOUBLE_LOW_VALUE", "DOUBLE_HIGH_VALUE", "BIG_DECIMAL_LOW_VALUE", "BIG_DECIMAL_HIGH_VALUE",'
               ' "NUM_NULLS", "NUM_DISTINCTS", "AVG_COL_LEN", "MAX_COL_LEN", "NUM_TRUES", "NUM_FALSES",'
               ' "ENGINE", "TBL_ID" FROM "TAB_COL_STATS" ORDER BY "COLUMN_NAME"')
    rows = {row.split("|")[0]: row.split("|") for row in rows}
    assert rows["b"][1:] == ["boolean", "", "", "", "", "", "", "1", "", "", "", "7", "3", "hive", str(tbl_id)]
    assert rows["dec"][6:10] == ["-1E+3", "12.50", "5", "9"]
    assert rows["dt"][2:4] == ["-3", "19000"]
    assert rows["s"][10:12] == ["7.25", "42"]
    assert rows["bin"][9:12] == ["", "12.5", "1000"]
    analyzed = [int(v) for v in sql(pg, metastore_db, 'SELECT DISTINCT "LAST_ANALYZED" FROM "TAB_COL_STATS"')]
    assert len(analyzed) == 1 and before <= analyzed[0] <= time.time() + 1
    # CS_IDs come from DataNucleus's sequence, above the ids in use.
    assert sql(pg, metastore_db, 'SELECT count(*) FROM "SEQUENCE_TABLE" WHERE "SEQUENCE_NAME" ='
               " 'org.apache.hadoop.hive.metastore.model.MTableColumnStatistics'") == ["1"]

    # StatsSetupConst's JSON: basic stats kept, columns sorted; other parameters untouched.
    expected_columns = ",".join(f'"{name}":"true"' for name in sorted(name for name, _ in ALL_TYPES))
    assert table_param(pg, metastore_db, tbl_id) == '{"BASIC_STATS":"true","COLUMN_STATS":{%s}}' % expected_columns
    assert table_param(pg, metastore_db, tbl_id, "numRows") == "10"


def test_update_keeps_unsent_values_and_stored_type(client, ttypes, pg, metastore_db):
    make_table(pg, metastore_db, "t", [("i", "int")])
    t = ttypes
    client.update_table_column_statistics(table_stats(t, "t", [
        stats_obj(t, "i", "int", longStats=t.LongColumnStatsData(lowValue=1, highValue=9, numNulls=2, numDVs=5,
                                                                 bitVectors=b"FMv1", histogram=b"KLL"))]))
    # Second ANALYZE: no bounds, other counts, another declared type.
    client.update_table_column_statistics(table_stats(t, "t", [
        stats_obj(t, "i", "BIGINT", longStats=t.LongColumnStatsData(numNulls=7, numDVs=6))]))
    assert stats_rows(pg, metastore_db) == "1"
    assert sql(pg, metastore_db, 'SELECT "COLUMN_TYPE", "LONG_LOW_VALUE", "LONG_HIGH_VALUE", "NUM_NULLS",'
               ' "NUM_DISTINCTS", encode("BIT_VECTOR", \'escape\'), encode("HISTOGRAM", \'escape\')'
               ' FROM "TAB_COL_STATS"') == ["int|1|9|7|6|FMv1|KLL"]
    got = client.get_table_statistics_req(t.TableStatsRequest(dbName="default", tblName="t", colNames=["i"]))
    # Sketches are kept but, as the Java server does by default, not sent.
    assert got.tableStats[0].statsData.longStats == t.LongColumnStatsData(lowValue=1, highValue=9, numNulls=7, numDVs=6)


def test_sketches_are_sent_when_configured(start_hms, connect, ttypes, pg, metastore_db):
    server = start_hms({"metastore.stats.fetch.bitvector": "true", "hive.stats.fetch.kll": "true"})
    client = connect(server.port)
    make_table(pg, metastore_db, "t", [("i", "int"), ("s", "string"), ("b", "boolean")])
    t = ttypes
    client.update_table_column_statistics(table_stats(t, "t", [
        stats_obj(t, "i", "int", longStats=t.LongColumnStatsData(numNulls=0, numDVs=1, bitVectors=b"\x00\xffHLL",
                                                                 histogram=b"\x01\x02")),
        stats_obj(t, "s", "string", stringStats=t.StringColumnStatsData(
            maxColLen=1, avgColLen=1.0, numNulls=0, numDVs=1, bitVectors=b"HL")),
        stats_obj(t, "b", "boolean", booleanStats=t.BooleanColumnStatsData(
            numTrues=1, numFalses=0, numNulls=0, bitVectors=b"never kept"))]))
    got = by_name(client.get_table_statistics_req(
        t.TableStatsRequest(dbName="default", tblName="t", colNames=["i", "s", "b"])).tableStats)
    assert got["i"].statsData.longStats.bitVectors == b"\x00\xffHLL"
    assert got["i"].statsData.longStats.histogram == b"\x01\x02"
    # "HL" is DataNucleus's placeholder for a NULL bit vector (HIVE-17836).
    assert got["s"].statsData.stringStats.bitVectors is None
    assert got["b"].statsData.booleanStats.bitVectors is None
    assert sql(pg, metastore_db, 'SELECT count(*) FROM "TAB_COL_STATS" WHERE "BIT_VECTOR" IS NULL') == ["1"]


def test_engines_are_separate(client, ttypes, pg, metastore_db):
    make_table(pg, metastore_db, "t", [("i", "int")])
    t = ttypes
    longs = lambda n: [stats_obj(t, "i", "int", longStats=t.LongColumnStatsData(numNulls=n, numDVs=1))]
    client.update_table_column_statistics(table_stats(t, "t", longs(1)))
    client.update_table_column_statistics(table_stats(t, "t", longs(2), engine="impala"))
    assert stats_rows(pg, metastore_db) == "2"
    get = lambda **kw: client.get_table_statistics_req(
        t.TableStatsRequest(dbName="default", tblName="t", colNames=["i"], **kw)).tableStats
    assert get()[0].statsData.longStats.numNulls == 1
    assert get(engine="impala")[0].statsData.longStats.numNulls == 2
    assert get(engine="spark") == []


def test_update_req_and_its_checks(client, ttypes, pg, metastore_db):
    tbl_id = make_table(pg, metastore_db, "t", [("i", "int")])
    t = ttypes
    one = table_stats(t, "t", [stats_obj(t, "i", "int", longStats=t.LongColumnStatsData(numNulls=1, numDVs=1))])
    response = client.update_table_column_statistics_req(t.SetPartitionsStatsRequest(colStats=[one]))
    assert response.result is True
    with pytest.raises(t.InvalidInputException) as raised:
        client.update_table_column_statistics_req(t.SetPartitionsStatsRequest(colStats=[one, one]))
    assert raised.value.message == "Only one stats object expected"
    with pytest.raises(t.InvalidInputException) as raised:
        client.update_table_column_statistics_req(t.SetPartitionsStatsRequest(colStats=[one], needMerge=True))
    assert raised.value.message == "Merge is not supported for non-aggregate stats"
    assert table_param(pg, metastore_db, tbl_id) == '{"COLUMN_STATS":{"i":"true"}}'


def test_errors_change_nothing(client, ttypes, pg, metastore_db):
    tbl_id = make_table(pg, metastore_db, "t", [("i", "int"), ("s", "string")],
                        params={"COLUMN_STATS_ACCURATE": '{"BASIC_STATS":"true"}'})
    t = ttypes
    good = stats_obj(t, "i", "int", longStats=t.LongColumnStatsData(numNulls=1, numDVs=1))
    with pytest.raises(t.NoSuchObjectException) as raised:
        client.update_table_column_statistics(table_stats(t, "nope", [good]))
    assert raised.value.message == "Specified catalog.database.table does not exist : hive.default.nope"
    with pytest.raises(t.MetaException) as raised:
        client.update_table_column_statistics(table_stats(
            t, "t", [good, stats_obj(t, "x", "int", longStats=t.LongColumnStatsData(numNulls=1, numDVs=1))]))
    assert raised.value.message == "Column x doesn't exist in table t in database default"
    with pytest.raises(t.InvalidObjectException) as raised:
        client.update_table_column_statistics(table_stats(
            t, "t", [good, t.ColumnStatisticsObj(colName="s", colType="string", statsData=t.ColumnStatisticsData())]))
    assert raised.value.message == "Invalid column stats object"
    with pytest.raises(t.NoSuchObjectException):
        client.get_table_statistics_req(t.TableStatsRequest(dbName="default", tblName="nope", colNames=["i"]))
    with pytest.raises(t.NoSuchObjectException):
        client.get_table_statistics_req(t.TableStatsRequest(dbName="nodb", tblName="t", colNames=["i"]))
    assert stats_rows(pg, metastore_db) == "0"
    assert table_param(pg, metastore_db, tbl_id) == '{"BASIC_STATS":"true"}'
    # The connection is still usable.
    assert client.update_table_column_statistics(table_stats(t, "t", [good])) is True


def test_accurate_parameter_variants(client, ttypes, pg, metastore_db):
    t = ttypes
    obj = [stats_obj(t, "b", "int", longStats=t.LongColumnStatsData(numNulls=1, numDVs=1))]
    cases = [
        (None, '{"COLUMN_STATS":{"b":"true"}}'),
        ("true", '{"BASIC_STATS":"true","COLUMN_STATS":{"b":"true"}}'),             # Hive 2's plain "true"
        ('{"BASIC_STATS":"true","COLUMN_STATS":{"a":"true","c":"false"}}',
         '{"BASIC_STATS":"true","COLUMN_STATS":{"a":"true","b":"true","c":"false"}}'),
        ('{"COLUMN_STATS":{"b":"false"}}', '{"COLUMN_STATS":{"b":"false"}}'),      # an entry is kept as it is
        ('{"BASIC_STATS":"true","OTHER":1}', '{"COLUMN_STATS":{"b":"true"}}'),     # Jackson fails: reset
    ]
    for index, (before, after) in enumerate(cases):
        name = f"t{index}"
        tbl_id = make_table(pg, metastore_db, name, [("a", "int"), ("b", "int")],
                            params={} if before is None else {"COLUMN_STATS_ACCURATE": before})
        client.update_table_column_statistics(table_stats(t, name, obj))
        assert table_param(pg, metastore_db, tbl_id) == after, before


def test_transactional_table_needs_write_state(client, ttypes, pg, metastore_db):
    tbl_id = make_table(pg, metastore_db, "acid", [("i", "int")],
                        params={"transactional": "true", "COLUMN_STATS_ACCURATE": '{"BASIC_STATS":"true"}'})
    t = ttypes
    stats = table_stats(t, "acid", [stats_obj(t, "i", "int", longStats=t.LongColumnStatsData(numNulls=1, numDVs=1))])
    with pytest.raises(t.MetaException) as raised:
        client.update_table_column_statistics(stats)
    assert raised.value.message.startswith("Cannot change stats state for a transactional table default.acid")
    assert stats_rows(pg, metastore_db) == "0"
    response = client.update_table_column_statistics_req(t.SetPartitionsStatsRequest(
        colStats=[stats], writeId=5, validWriteIdList="default.acid:5:9223372036854775807::"))
    assert response.result is True
    assert table_param(pg, metastore_db, tbl_id) == '{"BASIC_STATS":"true","COLUMN_STATS":{"i":"true"}}'
    assert sql(pg, metastore_db, f'SELECT "WRITE_ID" FROM "TBLS" WHERE "TBL_ID" = {tbl_id}') == ["5"]
    req = lambda ids: client.get_table_statistics_req(t.TableStatsRequest(
        dbName="default", tblName="acid", colNames=["i"], validWriteIdList=ids)).tableStats
    assert len(req("default.acid:5:9223372036854775807::")) == 1
    # A snapshot that cannot see write 5 gets nothing.
    assert req("default.acid:4:9223372036854775807::") == []
    with pytest.raises(t.MetaException) as raised:
        client.delete_table_column_statistics("default", "acid", "i", None)
    assert raised.value.message == "Cannot delete stats via this API for a transactional table"


# --- partition statistics -------------------------------------------------------


@pytest.fixture
def partitioned(pg, metastore_db):
    tbl_id = make_table(pg, metastore_db, "p", [("x", "bigint"), ("y", "double"), ("s", "string")],
                        partition_keys=[("ds", "string"), ("hr", "int")])
    parts = {}
    for ds, hr, name in [("2024-01-01", "1", "ds=2024-01-01/hr=1"), ("2024-01-01", "2", "ds=2024-01-01/hr=2"),
                         ("a/b", "3", "ds=a%2Fb/hr=3"), ("2024-01-02", "4", "ds=2024-01-02/hr=4")]:
        parts[name] = make_partition(pg, metastore_db, tbl_id, name, [ds, hr],
                                     params={"numRows": "100", "COLUMN_STATS_ACCURATE": '{"BASIC_STATS":"true"}'})
    return tbl_id, parts


def long_obj(ttypes, name, low, high, nulls, ndv, type_name="bigint"):
    return stats_obj(ttypes, name, type_name, longStats=ttypes.LongColumnStatsData(
        lowValue=low, highValue=high, numNulls=nulls, numDVs=ndv))


def test_partition_stats_round_trip(client, ttypes, pg, metastore_db, partitioned):
    tbl_id, parts = partitioned
    t = ttypes
    # Trino sends one call per partition, names escaped as Hive writes them.
    assert client.update_partition_column_statistics(partition_stats(
        t, "p", "ds=2024-01-01/hr=1", [long_obj(t, "x", 1, 10, 0, 10)])) is True
    # Keys in another order and case, as HMSHandler.getPartValsFromName accepts them.
    assert client.update_partition_column_statistics(partition_stats(
        t, "P", "HR=2/DS=2024-01-01", [long_obj(t, "X", 5, 20, 1, 12),
                                       stats_obj(t, "s", "string", stringStats=t.StringColumnStatsData(
                                           maxColLen=3, avgColLen=2.5, numNulls=0, numDVs=2))])) is True
    assert client.update_partition_column_statistics(partition_stats(
        t, "p", "ds=a%2Fb/hr=3", [long_obj(t, "x", -1, 0, 2, 2)])) is True

    got = client.get_partitions_statistics_req(t.PartitionsStatsRequest(
        dbName="default", tblName="p", colNames=["x", "S", "y"],
        partNames=["ds=2024-01-01/hr=1", "DS=2024-01-01/HR=2", "ds=a%2Fb/hr=3", "ds=2024-01-02/hr=4", "ds=x/hr=9"]))
    assert sorted(got.partStats) == ["ds=2024-01-01/hr=1", "ds=2024-01-01/hr=2", "ds=a%2Fb/hr=3"]
    assert [o.colName for o in got.partStats["ds=2024-01-01/hr=2"]] == ["x", "s"]
    assert got.partStats["ds=2024-01-01/hr=2"][0].statsData.longStats == t.LongColumnStatsData(
        lowValue=5, highValue=20, numNulls=1, numDVs=12)
    assert got.partStats["ds=a%2Fb/hr=3"][0].statsData.longStats.lowValue == -1

    assert partition_param(pg, metastore_db, parts["ds=2024-01-01/hr=2"]) == \
        '{"BASIC_STATS":"true","COLUMN_STATS":{"s":"true","x":"true"}}'
    assert partition_param(pg, metastore_db, parts["ds=2024-01-02/hr=4"]) == '{"BASIC_STATS":"true"}'
    assert partition_param(pg, metastore_db, parts["ds=2024-01-01/hr=1"], "numRows") == "100"
    assert sql(pg, metastore_db, 'SELECT count(*) FROM "PART_COL_STATS"') == ["4"]
    assert table_param(pg, metastore_db, tbl_id) is None

    # Empty lists answer nothing, even for an unknown table, as Hive does.
    assert client.get_partitions_statistics_req(t.PartitionsStatsRequest(
        dbName="default", tblName="nope", colNames=[], partNames=["a=1"])).partStats == {}


def test_partition_errors_change_nothing(client, ttypes, pg, metastore_db, partitioned):
    t = ttypes
    x = [long_obj(t, "x", 1, 2, 0, 1)]
    with pytest.raises(t.InvalidObjectException) as raised:
        client.update_partition_column_statistics(partition_stats(t, "nope", "ds=1/hr=1", x))
    assert raised.value.message == "hive.default.nope table not found"
    with pytest.raises(t.InvalidObjectException) as raised:
        client.update_partition_column_statistics(partition_stats(t, "p", "ds=2024-01-01", x))
    assert raised.value.message == "incomplete partition name - missing hr"
    with pytest.raises(t.NoSuchObjectException) as raised:
        client.update_partition_column_statistics(partition_stats(t, "p", "ds=2024-01-01/hr=7", x))
    assert raised.value.message == "Partition for which stats is gathered doesn't exist."
    with pytest.raises(t.MetaException) as raised:
        client.update_partition_column_statistics(partition_stats(t, "p", "", x))
    assert raised.value.message.startswith("Partition name is invalid.")
    # One bad partition in a batch: nothing of the batch is written.
    with pytest.raises(t.NoSuchObjectException):
        client.set_aggr_stats_for(t.SetPartitionsStatsRequest(colStats=[
            partition_stats(t, "p", "ds=2024-01-01/hr=1", x), partition_stats(t, "p", "ds=nope/hr=1", x)]))
    with pytest.raises(t.NoSuchObjectException) as raised:
        client.get_partitions_statistics_req(t.PartitionsStatsRequest(
            dbName="default", tblName="nope", colNames=["x"], partNames=["ds=1/hr=1"]))
    assert raised.value.message == "Specified catalog.database.table does not exist : hive.default.nope"
    assert sql(pg, metastore_db, 'SELECT count(*) FROM "PART_COL_STATS"') == ["0"]
    assert sql(pg, metastore_db, "SELECT count(*) FROM \"PARTITION_PARAMS\" WHERE \"PARAM_VALUE\" LIKE '%COLUMN_STATS\"%'") == ["0"]


def test_many_partitions_and_columns(client, ttypes, pg, metastore_db):
    """2,000 partitions x 10 columns written in one set_aggr_stats_for and read in one call."""
    columns = [(f"c{i}", "bigint") for i in range(10)]
    tbl_id = make_table(pg, metastore_db, "big", columns, partition_keys=[("k", "int")])
    count = 2000
    sql(pg, metastore_db,
        'INSERT INTO "SDS" ("SD_ID", "IS_COMPRESSED", "NUM_BUCKETS", "IS_STOREDASSUBDIRECTORIES", "CD_ID")'
        f' SELECT 100000 + g, false, -1, false, (SELECT "CD_ID" FROM "SDS" s JOIN "TBLS" t USING ("SD_ID")'
        f' WHERE t."TBL_ID" = {tbl_id}) FROM generate_series(1, {count}) g;'
        'INSERT INTO "PARTITIONS" ("PART_ID", "CREATE_TIME", "LAST_ACCESS_TIME", "PART_NAME", "SD_ID", "TBL_ID")'
        f" SELECT 100000 + g, 0, 0, 'k=' || g, 100000 + g, {tbl_id} FROM generate_series(1, {count}) g;"
        'INSERT INTO "PARTITION_KEY_VALS" SELECT 100000 + g, g::text, 0 FROM generate_series(1, ' + str(count) + ") g")
    t = ttypes
    request = t.SetPartitionsStatsRequest(colStats=[
        partition_stats(t, "big", f"k={p}", [long_obj(t, name, p, p + i, 0, i + 1) for i, (name, _) in enumerate(columns)])
        for p in range(1, count + 1)])
    started = time.time()
    assert client.set_aggr_stats_for(request) is True
    written = time.time() - started
    assert sql(pg, metastore_db, 'SELECT count(*) FROM "PART_COL_STATS"') == [str(count * len(columns))]
    started = time.time()
    got = client.get_partitions_statistics_req(t.PartitionsStatsRequest(
        dbName="default", tblName="big", colNames=[name for name, _ in columns],
        partNames=[f"k={p}" for p in range(1, count + 1)]))
    read = time.time() - started
    assert len(got.partStats) == count
    assert got.partStats["k=77"][3].statsData.longStats == t.LongColumnStatsData(
        lowValue=77, highValue=80, numNulls=0, numDVs=4)
    aggregate = client.get_aggr_stats_for(t.PartitionsStatsRequest(
        dbName="default", tblName="big", colNames=["c9"], partNames=[f"k={p}" for p in range(1, count + 1)]))
    assert aggregate.partsFound == count
    assert aggregate.colStats[0].statsData.longStats.lowValue == 1
    assert aggregate.colStats[0].statsData.longStats.highValue == count + 9
    # A per-row round trip would take far longer than this on any machine.
    assert written < 20 and read < 20, (written, read)


# --- aggregation ----------------------------------------------------------------


def test_aggregate_when_all_partitions_have_stats(client, ttypes, pg, metastore_db):
    tbl_id = make_table(pg, metastore_db, "a", [("l", "bigint"), ("d", "double"), ("dec", "decimal(5,2)"),
                                                 ("s", "string"), ("b", "boolean"), ("dt", "date"),
                                                 ("bin", "binary")], partition_keys=[("k", "string")])
    t = ttypes
    values = [
        (-5, 10, 1.5, 2.0, (150, 2), (300, 2), 3, 4.5, 10, True),
        (0, 40, -7.0, 1.0, (-1, 0), (12345, 2), 9, 2.0, 20, False),
        (3, 6, 0.0, 9.5, (0, 0), (1, 0), 1, 8.0, 5, True),
    ]
    for index, (low, high, dlow, dhigh, declow, dechigh, maxlen, avglen, ndv, flag) in enumerate(values):
        make_partition(pg, metastore_db, tbl_id, f"k={index}", [str(index)])
        client.update_partition_column_statistics(partition_stats(t, "a", f"k={index}", [
            long_obj(t, "l", low, high, index, ndv),
            stats_obj(t, "d", "double", doubleStats=t.DoubleColumnStatsData(lowValue=dlow, highValue=dhigh,
                                                                           numNulls=1, numDVs=ndv)),
            stats_obj(t, "dec", "decimal(5,2)", decimalStats=t.DecimalColumnStatsData(
                lowValue=decimal(t, *declow), highValue=decimal(t, *dechigh), numNulls=2, numDVs=ndv)),
            stats_obj(t, "s", "string", stringStats=t.StringColumnStatsData(
                maxColLen=maxlen, avgColLen=avglen, numNulls=index, numDVs=ndv)),
            stats_obj(t, "b", "boolean", booleanStats=t.BooleanColumnStatsData(
                numTrues=10 if flag else 0, numFalses=0 if flag else 10, numNulls=1)),
            stats_obj(t, "dt", "date", dateStats=t.DateColumnStatsData(
                lowValue=t.Date(100 + index), highValue=t.Date(105 + index), numNulls=0, numDVs=ndv)),
            stats_obj(t, "bin", "binary", binaryStats=t.BinaryColumnStatsData(
                maxColLen=maxlen, avgColLen=avglen, numNulls=1)),
        ]))
    got = client.get_aggr_stats_for(t.PartitionsStatsRequest(
        dbName="default", tblName="a", colNames=["l", "d", "dec", "s", "b", "dt", "bin", "none"],
        partNames=["k=0", "k=1", "k=2"]))
    # Hive counts the partitions that have statistics for every column asked for: "none" has none.
    assert got.partsFound == 0
    assert client.get_aggr_stats_for(t.PartitionsStatsRequest(
        dbName="default", tblName="a", colNames=["l", "d"], partNames=["k=0", "k=1", "k=2"])).partsFound == 3
    stats = by_name(got.colStats)
    assert [o.colName for o in got.colStats] == ["l", "d", "dec", "s", "b", "dt", "bin"]
    # Min of lows, max of highs, sum of nulls, NDV the largest partition's (metastore.stats.ndv.tuner 0).
    assert stats["l"].statsData.longStats == t.LongColumnStatsData(lowValue=-5, highValue=40, numNulls=3, numDVs=20)
    assert stats["d"].statsData.doubleStats == t.DoubleColumnStatsData(lowValue=-7.0, highValue=9.5, numNulls=3, numDVs=20)
    dec = stats["dec"].statsData.decimalStats
    assert dec.lowValue == decimal(t, -1, 0) and dec.highValue == decimal(t, 12345, 2)
    assert (dec.numNulls, dec.numDVs) == (6, 20)
    assert stats["s"].statsData.stringStats == t.StringColumnStatsData(maxColLen=9, avgColLen=8.0, numNulls=3, numDVs=20)
    assert stats["b"].statsData.booleanStats == t.BooleanColumnStatsData(numTrues=20, numFalses=10, numNulls=3)
    # Date NDVs are capped by the value range: 100 .. 107 holds 8 days.
    assert stats["dt"].statsData.dateStats == t.DateColumnStatsData(
        lowValue=t.Date(100), highValue=t.Date(107), numNulls=0, numDVs=8)
    assert stats["bin"].statsData.binaryStats == t.BinaryColumnStatsData(maxColLen=9, avgColLen=8.0, numNulls=3)

    # No columns or no partitions: nothing to aggregate; unknown table: NoSuchObjectException.
    empty = client.get_aggr_stats_for(t.PartitionsStatsRequest(dbName="default", tblName="a", colNames=[],
                                                                partNames=["k=0"]))
    assert (empty.colStats, empty.partsFound) == ([], 0)
    with pytest.raises(t.NoSuchObjectException):
        client.get_aggr_stats_for(t.PartitionsStatsRequest(dbName="default", tblName="nope", colNames=["l"],
                                                            partNames=["k=0"]))


def test_aggregate_extrapolates_missing_partitions(client, ttypes, pg, metastore_db):
    """Statistics in 3 of 5 requested partitions: LinearExtrapolatePartStatus's numbers."""
    tbl_id = make_table(pg, metastore_db, "e", [("l", "bigint"), ("d", "double"), ("s", "string")],
                        partition_keys=[("k", "int")])
    t = ttypes
    for k in range(5):
        make_partition(pg, metastore_db, tbl_id, f"k={k}", [str(k)])
    # Partitions 0, 1 and 3 (places in the request) have statistics; 2 and 4 do not.
    data = {0: (10, 20, 1.0, 2.0, 4, 5, 3, 1.5), 1: (12, 30, 0.5, 3.0, 2, 8, 7, 2.5), 3: (8, 50, 2.0, 4.0, 6, 6, 5, 3.5)}
    for k, (low, high, dlow, dhigh, nulls, ndv, maxlen, avglen) in data.items():
        client.update_partition_column_statistics(partition_stats(t, "e", f"k={k}", [
            long_obj(t, "l", low, high, nulls, ndv),
            stats_obj(t, "d", "double", doubleStats=t.DoubleColumnStatsData(lowValue=dlow, highValue=dhigh,
                                                                           numNulls=nulls, numDVs=ndv)),
            stats_obj(t, "s", "string", stringStats=t.StringColumnStatsData(
                maxColLen=maxlen, avgColLen=avglen, numNulls=nulls, numDVs=ndv))]))
    got = client.get_aggr_stats_for(t.PartitionsStatsRequest(
        dbName="default", tblName="e", colNames=["l", "d", "s"], partNames=[f"k={k}" for k in range(5)]))
    assert got.partsFound == 3
    stats = by_name(got.colStats)
    n, found = 5, 3
    # Long low: min 8 at place 3, max 12 at place 1 -> the line reaches place 4 (right border):
    # max - (max - min) * (right - maxInd) / (minInd - maxInd) = 12 - 4 * 3 / 2 = 6.
    # Long high: min 20 at 0, max 50 at 3 -> min + (max - min) * (right - minInd) / (maxInd - minInd) = 20 + 30*4/3 = 60.
    # Sums scale up with long division: nulls (4+2+6)/3*5 = 20; NDV sum (5+8+6)/3*5 = 30.
    # NDV: the largest one extrapolated: min 5 at 0, max 8 at 1 -> 5 + 3*4/1 = 17, capped by 60-6+1.
    longs = stats["l"].statsData.longStats
    assert (longs.lowValue, longs.highValue, longs.numNulls, longs.numDVs) == (6, 60, 12 // found * n, 17)
    doubles = stats["d"].statsData.doubleStats
    # Low: min 0.5 at 1, max 2.0 at 3 -> max - (max - min) * maxInd / (maxInd - minInd) = 2.0 - 1.5*3/2 = -0.25.
    # High: min 2.0 at 0, max 4.0 at 3 -> 2.0 + 2.0 * 4 / 3.
    assert doubles.lowValue == pytest.approx(-0.25)
    assert doubles.highValue == pytest.approx(2.0 + 2.0 * 4 / 3)
    assert doubles.numNulls == 20 and doubles.numDVs == 17
    strings = stats["s"].statsData.stringStats
    # Max length: min 3 at 0, max 7 at 1 -> 3 + 4*4/1 = 19; average length: min 1.5 at 0, max 3.5 at 3.
    assert strings.maxColLen == 19
    assert strings.avgColLen == pytest.approx(1.5 + 2.0 * 4 / 3)
    assert strings.numNulls == 20 and strings.numDVs == 17

    # A column found in only one partition is not extrapolated, only aggregated.
    one = client.get_aggr_stats_for(t.PartitionsStatsRequest(
        dbName="default", tblName="e", colNames=["l"], partNames=["k=0", "k=2", "k=4"]))
    assert one.partsFound == 1
    assert one.colStats[0].statsData.longStats == t.LongColumnStatsData(lowValue=10, highValue=20, numNulls=4, numDVs=5)


# --- set_aggr_stats_for ------------------------------------------------------------


def test_set_aggr_stats_for_merges_when_asked(client, ttypes, pg, metastore_db):
    tbl_id = make_table(pg, metastore_db, "m", [("l", "bigint"), ("s", "string")], partition_keys=[("k", "int")])
    part_id = make_partition(pg, metastore_db, tbl_id, "k=1", ["1"])
    t = ttypes
    base = partition_stats(t, "m", "k=1", [long_obj(t, "l", 5, 10, 1, 4),
                                            stats_obj(t, "s", "string", stringStats=t.StringColumnStatsData(
                                                maxColLen=3, avgColLen=2.0, numNulls=1, numDVs=3))])
    assert client.set_aggr_stats_for(t.SetPartitionsStatsRequest(colStats=[base])) is True
    assert partition_param(pg, metastore_db, part_id) == '{"COLUMN_STATS":{"l":"true","s":"true"}}'
    more = partition_stats(t, "m", "k=1", [long_obj(t, "l", 1, 7, 2, 3),
                                            stats_obj(t, "s", "string", stringStats=t.StringColumnStatsData(
                                                maxColLen=9, avgColLen=1.0, numNulls=0, numDVs=8))])
    assert client.set_aggr_stats_for(t.SetPartitionsStatsRequest(colStats=[more], needMerge=True)) is True
    got = by_name(client.get_partitions_statistics_req(t.PartitionsStatsRequest(
        dbName="default", tblName="m", colNames=["l", "s"], partNames=["k=1"])).partStats["k=1"])
    assert got["l"].statsData.longStats == t.LongColumnStatsData(lowValue=1, highValue=10, numNulls=3, numDVs=4)
    assert got["s"].statsData.stringStats == t.StringColumnStatsData(maxColLen=9, avgColLen=2.0, numNulls=1, numDVs=8)

    # Columns that are not marked accurate are not merged, hence not written at all.
    sql(pg, metastore_db, f'DELETE FROM "PARTITION_PARAMS" WHERE "PART_ID" = {part_id}')
    assert client.set_aggr_stats_for(t.SetPartitionsStatsRequest(
        colStats=[partition_stats(t, "m", "k=1", [long_obj(t, "l", -100, 100, 0, 1)])], needMerge=True)) is True
    assert sql(pg, metastore_db, 'SELECT "LONG_LOW_VALUE" FROM "PART_COL_STATS" WHERE "COLUMN_NAME" = \'l\'') == ["1"]

    # Table level: one ColumnStatistics only.
    one = table_stats(t, "m", [long_obj(t, "l", 0, 1, 0, 1)])
    with pytest.raises(t.MetaException) as raised:
        client.set_aggr_stats_for(t.SetPartitionsStatsRequest(colStats=[one, one]))
    assert raised.value.message == "Expecting only 1 ColumnStatistics for table's column stats, but find 2"
    assert client.set_aggr_stats_for(t.SetPartitionsStatsRequest(colStats=[one])) is True
    assert client.set_aggr_stats_for(t.SetPartitionsStatsRequest(colStats=[])) is True


def test_set_aggr_stats_for_with_a_partition_twice(client, ttypes, pg, metastore_db):
    tbl_id = make_table(pg, metastore_db, "d2", [("l", "bigint")], partition_keys=[("k", "int")])
    part_id = make_partition(pg, metastore_db, tbl_id, "k=1", ["1"])
    t = ttypes
    # The same name twice: the later statistics absorb the earlier ones (mergeColStats).
    assert client.set_aggr_stats_for(t.SetPartitionsStatsRequest(colStats=[
        partition_stats(t, "d2", "k=1", [long_obj(t, "l", 5, 10, 1, 4)]),
        partition_stats(t, "d2", "k=1", [long_obj(t, "l", 1, 7, 2, 3)])])) is True
    assert sql(pg, metastore_db, 'SELECT "LONG_LOW_VALUE", "LONG_HIGH_VALUE", "NUM_NULLS", "NUM_DISTINCTS"'
               ' FROM "PART_COL_STATS"') == ["1|10|3|4"]
    # Two spellings of one partition: one upsert after the other, one row.
    assert client.set_aggr_stats_for(t.SetPartitionsStatsRequest(colStats=[
        partition_stats(t, "d2", "k=1", [long_obj(t, "l", 0, 1, 0, 1)]),
        partition_stats(t, "d2", "K=1", [stats_obj(t, "l", "bigint", longStats=t.LongColumnStatsData(
            numNulls=9, numDVs=9))])])) is True
    assert sql(pg, metastore_db, 'SELECT "LONG_LOW_VALUE", "LONG_HIGH_VALUE", "NUM_NULLS", "NUM_DISTINCTS"'
               ' FROM "PART_COL_STATS"') == ["0|1|9|9"]
    assert partition_param(pg, metastore_db, part_id) == '{"COLUMN_STATS":{"l":"true"}}'


# --- deleting ---------------------------------------------------------------------


def test_delete_table_and_partition_stats(client, ttypes, pg, metastore_db, partitioned):
    tbl_id, parts = partitioned
    t = ttypes
    make_table(pg, metastore_db, "t", [("i", "int"), ("j", "int")],
               params={"COLUMN_STATS_ACCURATE": '{"BASIC_STATS":"true"}'})
    tbl_t = int(sql(pg, metastore_db, "SELECT \"TBL_ID\" FROM \"TBLS\" WHERE \"TBL_NAME\" = 't'")[0])
    client.update_table_column_statistics(table_stats(t, "t", [long_obj(t, "i", 1, 2, 0, 1, "int"),
                                                                 long_obj(t, "j", 1, 2, 0, 1, "int")]))
    client.update_table_column_statistics(table_stats(t, "t", [long_obj(t, "i", 1, 2, 0, 1, "int")], engine="impala"))
    # Trino's call: no engine argument, so every engine's statistics of the column go.
    assert client.delete_table_column_statistics("default", "T", "I", None) is True
    assert sql(pg, metastore_db, 'SELECT "COLUMN_NAME" FROM "TAB_COL_STATS"') == ["j"]
    assert table_param(pg, metastore_db, tbl_t) == '{"BASIC_STATS":"true","COLUMN_STATS":{"j":"true"}}'
    # Deleting what is not there succeeds (Hive 4's direct SQL path).
    assert client.delete_table_column_statistics("default", "t", "i", "hive") is True
    # No column: all of them.
    assert client.delete_table_column_statistics("default", "t", None, None) is True
    assert stats_rows(pg, metastore_db) == "0"
    assert table_param(pg, metastore_db, tbl_t) == '{"BASIC_STATS":"true"}'
    with pytest.raises(t.NoSuchObjectException) as raised:
        client.delete_table_column_statistics("default", "nope", "i", None)
    assert raised.value.message == "Specified catalog.database.table does not exist : hive.default.nope"

    name = "ds=2024-01-01/hr=1"
    client.update_partition_column_statistics(partition_stats(t, "p", name, [long_obj(t, "x", 1, 2, 0, 1),
                                                                             long_obj(t, "y", 1, 2, 0, 1)]))
    assert client.delete_partition_column_statistics("default", "p", "DS=2024-01-01/HR=1", "x", None) is True
    assert sql(pg, metastore_db, 'SELECT "COLUMN_NAME" FROM "PART_COL_STATS"') == ["y"]
    assert partition_param(pg, metastore_db, parts[name]) == '{"BASIC_STATS":"true","COLUMN_STATS":{"y":"true"}}'
    with pytest.raises(t.InvalidObjectException) as raised:
        client.delete_partition_column_statistics("default", "p", "ds=2024-01-01", "y", None)
    assert raised.value.message == "incomplete partition name - missing hr"
    with pytest.raises(t.InvalidObjectException) as raised:
        client.delete_partition_column_statistics("default", "nope", "ds=1/hr=1", "y", None)
    assert raised.value.message == "default.nope table not found"
    assert client.delete_partition_column_statistics("default", "p", name, None, None) is True
    assert sql(pg, metastore_db, 'SELECT count(*) FROM "PART_COL_STATS"') == ["0"]
    assert partition_param(pg, metastore_db, parts[name]) == '{"BASIC_STATS":"true"}'


# --- rows written by the Java metastore ----------------------------------------------


def test_rows_written_by_java_metastore_read_back_exactly(start_hms, connect, ttypes, pg, metastore_db):
    server = start_hms({"metastore.stats.fetch.bitvector": "true"})
    client = connect(server.port)
    tbl_id = make_table(pg, metastore_db, "j", [("l", "bigint"), ("dec", "decimal(38,18)"), ("s", "varchar(20)"),
                                                 ("d", "double"), ("ts", "timestamp"), ("x", "array<int>")],
                        partition_keys=[("dt", "string")],
                        params={"COLUMN_STATS_ACCURATE": '{"BASIC_STATS":"true","COLUMN_STATS":{"l":"true"}}'})
    part_id = make_partition(pg, metastore_db, tbl_id, "dt=2024-05-01", ["2024-05-01"])
    # CS_IDs and values as DataNucleus writes them: decimals as BigDecimal.toString, sketches as bytea.
    sql(pg, metastore_db,
        'INSERT INTO "TAB_COL_STATS" ("CS_ID", "COLUMN_NAME", "COLUMN_TYPE", "TBL_ID", "LONG_LOW_VALUE",'
        ' "LONG_HIGH_VALUE", "DOUBLE_LOW_VALUE", "DOUBLE_HIGH_VALUE", "BIG_DECIMAL_LOW_VALUE",'
        ' "BIG_DECIMAL_HIGH_VALUE", "NUM_NULLS", "NUM_DISTINCTS", "BIT_VECTOR", "AVG_COL_LEN", "MAX_COL_LEN",'
        ' "NUM_TRUES", "NUM_FALSES", "LAST_ANALYZED", "ENGINE", "HISTOGRAM") VALUES'
        f" (1, 'l', 'bigint', {tbl_id}, -7, 70, NULL, NULL, NULL, NULL, 3, 40, '\\x48594c4c0102'::bytea,"
        " NULL, NULL, NULL, NULL, 1700000001, 'hive', NULL),"
        f" (2, 'dec', 'decimal(38,18)', {tbl_id}, NULL, NULL, NULL, NULL, '-0.000000000000000001',"
        " '12345678901234567890.123456789012345678', 0, 2, NULL, NULL, NULL, NULL, NULL, 1700000001, 'hive', NULL),"
        f" (3, 's', 'varchar(20)', {tbl_id}, NULL, NULL, NULL, NULL, NULL, NULL, 1, 9, 'HL'::bytea, 4.333333333333333,"
        " 20, NULL, NULL, 1700000001, 'hive', NULL),"
        f" (4, 'd', 'double', {tbl_id}, NULL, NULL, 'NaN', 'Infinity', NULL, NULL, 0, 1, NULL, NULL, NULL,"
        " NULL, NULL, 1700000001, 'hive', NULL),"
        f" (5, 'ts', 'timestamp', {tbl_id}, 1600000000, 1700000000, NULL, NULL, NULL, NULL, 0, 10, NULL, NULL,"
        " NULL, NULL, NULL, 1700000001, 'hive', NULL),"
        f" (6, 'x', 'array<int>', {tbl_id}, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, NULL, NULL,"
        " NULL, NULL, NULL, 1700000001, 'hive', NULL);"
        'INSERT INTO "PART_COL_STATS" ("CS_ID", "COLUMN_NAME", "COLUMN_TYPE", "PART_ID", "LONG_LOW_VALUE",'
        ' "LONG_HIGH_VALUE", "NUM_NULLS", "NUM_DISTINCTS", "LAST_ANALYZED", "ENGINE") VALUES'
        f" (1, 'l', 'bigint', {part_id}, 1, 2, 0, 2, 1700000001, 'hive');"
        "INSERT INTO \"SEQUENCE_TABLE\" VALUES"
        " ('org.apache.hadoop.hive.metastore.model.MTableColumnStatistics', 11),"
        " ('org.apache.hadoop.hive.metastore.model.MPartitionColumnStatistics', 11)")
    t = ttypes
    got = by_name(client.get_table_statistics_req(t.TableStatsRequest(
        dbName="default", tblName="j", colNames=["l", "dec", "s", "d", "ts", "x"])).tableStats)
    assert sorted(got) == ["d", "dec", "l", "s", "ts"]   # array<int> has no kind of statistics
    assert got["l"].statsData.longStats == t.LongColumnStatsData(lowValue=-7, highValue=70, numNulls=3, numDVs=40,
                                                                 bitVectors=b"HYLL\x01\x02")
    dec = got["dec"].statsData.decimalStats
    assert dec.lowValue == decimal(t, -1, 18)
    assert dec.highValue == decimal(t, 12345678901234567890123456789012345678, 18)
    assert got["s"].statsData.stringStats == t.StringColumnStatsData(maxColLen=20, avgColLen=4.333333333333333,
                                                                     numNulls=1, numDVs=9)
    doubles = got["d"].statsData.doubleStats
    assert doubles.lowValue != doubles.lowValue and doubles.highValue == float("inf")
    assert got["ts"].statsData.timestampStats.lowValue.secondsSinceEpoch == 1600000000

    # hms's own rows go above the Java server's ids, and update its rows in place.
    client.update_table_column_statistics(table_stats(t, "j", [long_obj(t, "l", -8, None, 4, 41),
                                                                 long_obj(t, "ts", 0, 1, 0, 1, "timestamp")]))
    rows = sql(pg, metastore_db, 'SELECT "CS_ID", "COLUMN_NAME", "LONG_LOW_VALUE", "LONG_HIGH_VALUE",'
               ' "NUM_NULLS", encode("BIT_VECTOR", \'hex\') FROM "TAB_COL_STATS" WHERE "COLUMN_NAME" IN (\'l\', \'ts\')'
               ' ORDER BY 1')
    assert rows == ["1|l|-8|70|4|48594c4c0102", "5|ts|0|1|0|"]
    client.update_partition_column_statistics(partition_stats(t, "j", "dt=2024-05-01", [
        stats_obj(t, "s", "varchar(20)", stringStats=t.StringColumnStatsData(maxColLen=1, avgColLen=1.0,
                                                                             numNulls=0, numDVs=1))]))
    assert sql(pg, metastore_db, 'SELECT "CS_ID" FROM "PART_COL_STATS" ORDER BY 1') == ["1", "11"]
    assert table_param(pg, metastore_db, tbl_id) == \
        '{"BASIC_STATS":"true","COLUMN_STATS":{"l":"true","ts":"true"}}'


# --- through the table and partition methods ---------------------------------------


def test_trino_analyze_sequence_through_the_api(client, ttypes, pg, metastore_db):
    """create_table, add_partitions, then what Trino's ANALYZE sends; skipped until those exist."""
    t = ttypes
    sd = t.StorageDescriptor(
        cols=[t.FieldSchema(name="x", type="bigint"), t.FieldSchema(name="s", type="string")],
        location="s3a://warehouse/external/sales", inputFormat="org.apache.hadoop.mapred.TextInputFormat",
        outputFormat="org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
        serdeInfo=t.SerDeInfo(name="sales", serializationLib="org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
                              parameters={}),
        bucketCols=[], sortCols=[], parameters={}, numBuckets=-1, compressed=False)
    table = t.Table(tableName="sales", dbName="default", owner="trino", sd=sd,
                    partitionKeys=[t.FieldSchema(name="ds", type="string")],
                    parameters={"EXTERNAL": "TRUE"}, tableType="EXTERNAL_TABLE")
    try:
        client.create_table(table)
    except NOT_SERVED as error:
        pytest.skip(f"create_table not served yet: {error}")
    part = t.Partition(values=["2024-01-01"], dbName="default", tableName="sales",
                       sd=t.StorageDescriptor(**{**sd.__dict__, "location": sd.location + "/ds=2024-01-01"}),
                       parameters={"numRows": "3", "numFiles": "1", "totalSize": "30", "rawDataSize": "0"})
    try:
        assert client.add_partitions([part]) == 1
    except NOT_SERVED as error:
        pytest.skip(f"add_partitions not served yet: {error}")
    assert client.update_partition_column_statistics(partition_stats(t, "sales", "ds=2024-01-01", [
        long_obj(t, "x", 1, 3, 0, 3),
        stats_obj(t, "s", "string", stringStats=t.StringColumnStatsData(maxColLen=5, avgColLen=4.0,
                                                                        numNulls=1, numDVs=3))])) is True
    got = client.get_partitions_statistics_req(t.PartitionsStatsRequest(
        dbName="default", tblName="sales", colNames=["x", "s"], partNames=["ds=2024-01-01"]))
    assert [o.colName for o in got.partStats["ds=2024-01-01"]] == ["x", "s"]
    # Trino reads the basic statistics back from the partition's parameters.
    stored = client.get_partitions_by_names("default", "sales", ["ds=2024-01-01"])[0]
    assert stored.parameters["numRows"] == "3"
    assert json.loads(stored.parameters["COLUMN_STATS_ACCURATE"])["COLUMN_STATS"] == {"s": "true", "x": "true"}
