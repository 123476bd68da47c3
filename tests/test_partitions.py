"""The partition methods, driven by a Python Thrift client as Trino and Hive
call them: adding (one, many, all-or-none), reading (by values, names,
partial values, filters), altering with statistics, renaming and dropping;
rows checked in PostgreSQL as the Java metastore would read them."""

import re
import time

import pytest
from thrift.Thrift import TApplicationException


@pytest.fixture
def hms(start_hms):
    return start_hms()


@pytest.fixture
def client(hms, connect):
    return connect(hms.port)


def rows(pg, metastore_db, sql):
    return pg.psql(sql, database=metastore_db[0])


_table_columns = {}


def make_table(client, ttypes, pg, metastore_db, db, name,
               keys=(("ds", "string"), ("hr", "int")),
               columns=(("id", "bigint"), ("v", "string")),
               table_type="MANAGED_TABLE", parameters=None, location=None):
    """A partitioned table as Trino creates one."""
    try:
        client.get_database(db)
    except ttypes.NoSuchObjectException:
        client.create_database(ttypes.Database(name=db))
    location = location or f"s3a://warehouse/external/{db}.db/{name}"
    sd = storage(ttypes, columns, name, location)
    _table_columns[(db, name)] = columns
    table = ttypes.Table(dbName=db, tableName=name, owner="trino", tableType=table_type,
                         partitionKeys=[ttypes.FieldSchema(name=k, type=t) for k, t in keys],
                         parameters=dict(parameters or {}), sd=sd)
    client.create_table(table)


def storage(ttypes, columns, name, location=None):
    """A storage descriptor as Trino's makeStorageDescriptor writes one."""
    return ttypes.StorageDescriptor(
        cols=[ttypes.FieldSchema(name=c, type=t) for c, t in columns],
        location=location,
        inputFormat="org.apache.hadoop.hive.ql.io.orc.OrcInputFormat",
        outputFormat="org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat",
        serdeInfo=ttypes.SerDeInfo(name=name, serializationLib="org.apache.hadoop.hive.ql.io.orc.OrcSerde",
                                   parameters={}),
        numBuckets=-1, bucketCols=[], sortCols=[], parameters={})


def trino_partition(client, ttypes, db, table, values, parameters=None, location=None):
    """A Partition as Trino's ThriftMetastoreUtil.toMetastoreApiPartition builds it."""
    return ttypes.Partition(dbName=db, tableName=table, values=list(values),
                            sd=storage(ttypes, _table_columns[(db, table)], table, location),
                            parameters=dict(parameters if parameters is not None else
                                            {"numFiles": "1", "numRows": "10",
                                             "rawDataSize": "100", "totalSize": "1000"}))


def count(pg, metastore_db, table):
    return int(rows(pg, metastore_db, f'SELECT count(*) FROM "{table}"')[0])


DEPENDENT_TABLES = ["PARTITIONS", "PARTITION_KEY_VALS", "PARTITION_PARAMS", "SDS", "SERDES",
                    "SERDE_PARAMS", "SD_PARAMS", "CDS", "COLUMNS_V2", "PART_COL_STATS"]


def snapshot(pg, metastore_db):
    return {table: count(pg, metastore_db, table) for table in DEPENDENT_TABLES}


def test_trino_insert_sequence(client, ttypes, pg, metastore_db):
    make_table(client, ttypes, pg, metastore_db, "sales", "orders")
    before = snapshot(pg, metastore_db)
    parts = [trino_partition(client, ttypes, "sales", "orders", ["2024-01-01", "7"]),
             trino_partition(client, ttypes, "sales", "orders", ["2024-01-01", "10"])]
    assert client.add_partitions(parts) == 2

    names = client.get_partition_names("sales", "orders", -1)
    assert names == ["ds=2024-01-01/hr=10", "ds=2024-01-01/hr=7"]   # ordered by PART_NAME
    assert client.get_partition_names("sales", "orders", 1) == ["ds=2024-01-01/hr=10"]
    # Trino's partial specification: "" is a wildcard.
    assert client.get_partition_names_ps("sales", "orders", ["2024-01-01", ""], -1) == names
    assert client.get_partition_names_ps("sales", "orders", ["", "7"], -1) == ["ds=2024-01-01/hr=7"]
    assert client.get_partition_names_ps("sales", "orders", ["2024-01-01"], -1) == names
    assert client.get_partition_names_ps("sales", "orders", ["2024-01-02", ""], -1) == []

    got = client.get_partitions_by_names("sales", "orders", names + ["ds=2024-01-01/hr=99", names[0]])
    assert [p.values for p in got] == [["2024-01-01", "10"], ["2024-01-01", "7"]]
    p = got[1]
    assert (p.dbName, p.tableName, p.catName) == ("sales", "orders", "hive")
    assert p.sd.location == "s3a://warehouse/external/sales.db/orders/ds=2024-01-01/hr=7"
    assert [c.name for c in p.sd.cols] == ["id", "v"]
    assert p.sd.serdeInfo.serializationLib == "org.apache.hadoop.hive.ql.io.orc.OrcSerde"
    assert p.createTime > 1_700_000_000
    assert p.parameters["numRows"] == "10"
    assert int(p.parameters["transient_lastDdlTime"]) >= p.createTime
    assert p.privileges is None

    # Rows as DataNucleus writes them: one CD shared with the table, values by position.
    assert rows(pg, metastore_db, 'SELECT DISTINCT s."CD_ID" = ts."CD_ID" FROM "PARTITIONS" p'
                                  ' JOIN "SDS" s ON s."SD_ID" = p."SD_ID" JOIN "TBLS" t ON t."TBL_ID" = p."TBL_ID"'
                                  ' JOIN "SDS" ts ON ts."SD_ID" = t."SD_ID"') == ["t"]
    assert rows(pg, metastore_db, 'SELECT string_agg("PART_KEY_VAL", \',\' ORDER BY "INTEGER_IDX")'
                                  ' FROM "PARTITION_KEY_VALS" GROUP BY "PART_ID" ORDER BY 1') == \
        ["2024-01-01,10", "2024-01-01,7"]
    assert count(pg, metastore_db, "CDS") == before["CDS"]
    assert rows(pg, metastore_db, 'SELECT min("WRITE_ID") FROM "PARTITIONS"') == ["0"]

    # Trino updates statistics with alter_partition, then alter_partitions_req.
    p = trino_partition(client, ttypes, "sales", "orders", ["2024-01-01", "7"],
                        parameters=dict(p.parameters, numRows="11", totalSize="1200",
                                        COLUMN_STATS_ACCURATE='{"BASIC_STATS":"true"}'))
    client.alter_partition("sales", "orders", p)
    again = client.get_partition("sales", "orders", ["2024-01-01", "7"])
    assert again.parameters["numRows"] == "11"
    # numFilesErasureCoded is missing: Hive recomputes and drops the accuracy flag.
    assert "COLUMN_STATS_ACCURATE" not in again.parameters
    assert again.createTime == 0    # Hive takes the client's createTime (Trino sends none)

    q = got[0]
    q.parameters["numRows"] = "42"
    client.alter_partitions_req(ttypes.AlterPartitionsRequest(dbName="sales", tableName="orders",
                                                              partitions=[q, again], writeId=-1))
    assert client.get_partition("sales", "orders", ["2024-01-01", "10"]).parameters["numRows"] == "42"

    # With DO_NOT_UPDATE_STATS the flag stays.
    again.parameters["COLUMN_STATS_ACCURATE"] = '{"BASIC_STATS":"true"}'
    client.alter_partitions_with_environment_context(
        "sales", "orders", [again], ttypes.EnvironmentContext(properties={"DO_NOT_UPDATE_STATS": "true"}))
    assert client.get_partition("sales", "orders", ["2024-01-01", "7"]).parameters["COLUMN_STATS_ACCURATE"] == \
        '{"BASIC_STATS":"true"}'

    # Trino drops with get_partition then drop_partition.
    assert client.drop_partition("sales", "orders", ["2024-01-01", "7"], True)
    assert client.get_partition_names("sales", "orders", -1) == ["ds=2024-01-01/hr=10"]
    assert client.drop_partition_by_name("sales", "orders", "ds=2024-01-01/hr=10", False)
    assert snapshot(pg, metastore_db) == before


@pytest.mark.parametrize("values, name", [
    (["a b", "x/y"], "k1=a b/k2=x%2Fy"),
    (["k=v", "100%"], "k1=k%3Dv/k2=100%25"),
    (["12:30:00", "caf\u00e9 \u65e5\u672c"], "k1=12%3A30%3A00/k2=caf\u00e9 \u65e5\u672c"),
    (["", "#?*"], "k1=__HIVE_DEFAULT_PARTITION__/k2=%23%3F%2A"),
    (["tab\there", "quote'\"\\"], "k1=tab%09here/k2=quote%27%22%5C"),
])
def test_escaped_names(client, ttypes, pg, metastore_db, values, name):
    make_table(client, ttypes, pg, metastore_db, "esc", "t", keys=(("k1", "string"), ("k2", "string")))
    client.add_partition(trino_partition(client, ttypes, "esc", "t", values))
    assert client.get_partition_names("esc", "t", -1) == [name]
    assert rows(pg, metastore_db, 'SELECT "PART_NAME" FROM "PARTITIONS"') == [name]
    by_name = client.get_partition_by_name("esc", "t", name)
    assert by_name.values == values
    assert by_name.sd.location == "s3a://warehouse/external/esc.db/t/" + name
    assert client.get_partitions_by_names("esc", "t", [name])[0].values == values
    assert client.get_partition("esc", "t", values).values == values
    if values[0] != "":
        assert client.partition_name_to_vals(name) == values
        assert client.partition_name_to_spec(name) == {"k1": values[0], "k2": values[1]}
    assert client.get_partition_names_ps("esc", "t", ["", values[1]], -1) == [name]
    client.drop_partition_by_name("esc", "t", name, False)
    assert client.get_partition_names("esc", "t", -1) == []


def test_partition_name_helpers(client):
    assert client.partition_name_to_vals("") == []
    assert client.partition_name_to_spec("") == {}
    assert client.partition_name_to_vals("a=1/b=x%2Fy") == ["1", "x/y"]
    assert client.partition_name_to_spec("a=1/junk/b=%3D") == {"a": "1", "b": "="}
    assert client.partition_name_has_valid_characters(["anything"], True)


@pytest.fixture
def filtered(client, ttypes, pg, metastore_db):
    make_table(client, ttypes, pg, metastore_db, "f", "t", keys=(("ds", "string"), ("hr", "int")))
    parts = []
    for ds in ["2024-01-01", "2024-01-02", "2024-01-03"]:
        for hr in ["7", "10", "__HIVE_DEFAULT_PARTITION__"]:
            parts.append(trino_partition(client, ttypes, "f", "t", [ds, hr]))
    assert client.add_partitions(parts) == 9
    return client


def names_by_filter(client, text, max_parts=-1):
    return [p.values for p in client.get_partitions_by_filter("f", "t", text, max_parts)]


def test_filters(filtered, ttypes):
    c = filtered
    assert names_by_filter(c, "ds = '2024-01-02' and hr = 7") == [["2024-01-02", "7"]]
    # Integral keys compare as numbers (10 > 7), the default partition never compares.
    assert names_by_filter(c, "ds = '2024-01-01' AND hr > 7") == [["2024-01-01", "10"]]
    assert names_by_filter(c, "ds = '2024-01-01' and hr != 7") == [["2024-01-01", "10"]]
    assert names_by_filter(c, "ds = '2024-01-01' and hr = '__HIVE_DEFAULT_PARTITION__'") == \
        [["2024-01-01", "__HIVE_DEFAULT_PARTITION__"]]
    assert names_by_filter(c, "ds >= '2024-01-02' and hr between 8 and 12") == \
        [["2024-01-02", "10"], ["2024-01-03", "10"]]
    assert names_by_filter(c, "(ds) in ('2024-01-01', '2024-01-03') and 10 <= hr") == \
        [["2024-01-01", "10"], ["2024-01-03", "10"]]
    assert names_by_filter(c, "(ds) not in ('2024-01-01') and (hr = 7 or hr = 10) and ds <> '2024-01-03'") == \
        [["2024-01-02", "10"], ["2024-01-02", "7"]]
    assert names_by_filter(c, "ds like '%-03' and hr not between 8 and 100") == [["2024-01-03", "7"]]
    assert names_by_filter(c, "(struct(ds, hr)) in (struct('2024-01-01', 7), struct('2024-01-03', 10))") == \
        [["2024-01-01", "7"], ["2024-01-03", "10"]]
    assert len(names_by_filter(c, "")) == 9
    assert len(names_by_filter(c, "hr < 100", 2)) == 2
    assert c.get_num_partitions_by_filter("f", "t", "ds > '2024-01-01' and hr < 100") == 4
    assert c.get_num_partitions_by_filter("f", "t", "") == 9
    req = ttypes.GetPartitionsByFilterRequest(dbName="f", tblName="t", filter="hr = 10", maxParts=-1)
    assert len(c.get_partitions_by_filter_req(req)) == 3


@pytest.mark.parametrize("text, message", [
    ("ds =", "line 1:4 mismatched input '<EOF>' expecting a constant"),
    ("ds = '2024' garbage", "line 1:12 mismatched input 'garbage' expecting AND, OR or <EOF>"),
    ("(ds = 'x'", "line 1:9 mismatched input '<EOF>' expecting ')'"),
    ("nope = 'x'", "Specified key <nope> is not a partitioning key for the table"),
    ("hr = 'x'", "Filtering is supported only on partition keys of type string"),
    ("ds = 5", "Filtering is supported only on partition keys of type string"),
    ("ds <=> 'x'", "Unsupported comparison operator: <=>"),
    ("ds = '' ", "Partition spec is incorrect. {ds=}"),
])
def test_malformed_filters(filtered, ttypes, text, message):
    with pytest.raises(ttypes.MetaException) as raised:
        filtered.get_partitions_by_filter("f", "t", text, -1)
    assert message in raised.value.message
    with pytest.raises(ttypes.MetaException):
        filtered.get_num_partitions_by_filter("f", "t", text)


def test_non_numeric_value_of_integral_key(client, ttypes, pg, metastore_db):
    make_table(client, ttypes, pg, metastore_db, "f", "bad", keys=(("hr", "int"),))
    client.add_partitions([trino_partition(client, ttypes, "f", "bad", [v]) for v in ["5", "oops"]])
    # Hive's direct SQL fails on the cast and its fallback refuses non-string keys.
    with pytest.raises(ttypes.MetaException) as raised:
        client.get_partitions_by_filter("f", "bad", "hr > 1", -1)
    assert raised.value.message == "Filtering is supported only on partition keys of type string"
    # The connection and the data stay usable.
    assert client.get_partition_names("f", "bad", -1) == ["hr=5", "hr=oops"]
    assert [p.values for p in client.get_partitions_by_filter("f", "bad", "hr = 5", -1)] == [["5"]]


def test_thousand_partitions_all_or_none(client, ttypes, pg, metastore_db):
    make_table(client, ttypes, pg, metastore_db, "big", "t", keys=(("n", "int"),))
    client.add_partition(trino_partition(client, ttypes, "big", "t", ["999"]))
    before = snapshot(pg, metastore_db)
    parts = [trino_partition(client, ttypes, "big", "t", [str(n)]) for n in range(1000)]
    with pytest.raises(ttypes.AlreadyExistsException) as raised:
        client.add_partitions(parts)
    assert "Partition already exists" in raised.value.message
    assert snapshot(pg, metastore_db) == before

    # A duplicate inside the list: MetaException, nothing added.
    with pytest.raises(ttypes.MetaException) as raised:
        client.add_partitions([parts[0], parts[1], parts[0]])
    assert "Duplicate partitions in the list" in raised.value.message
    assert snapshot(pg, metastore_db) == before

    # ifNotExists skips the existing one; needResult returns what was added.
    result = client.add_partitions_req(ttypes.AddPartitionsRequest(dbName="big", tblName="t", parts=parts,
                                                                   ifNotExists=True, needResult=True))
    assert len(result.partitions) == 999
    assert all(p.catName == "hive" for p in result.partitions)
    assert count(pg, metastore_db, "PARTITIONS") == 1000
    assert count(pg, metastore_db, "PARTITION_KEY_VALS") == 1000
    quiet = client.add_partitions_req(ttypes.AddPartitionsRequest(dbName="big", tblName="t", parts=parts[:5],
                                                                  ifNotExists=True, needResult=False))
    assert quiet.partitions is None
    assert len(client.get_partitions("big", "t", -1)) == 1000
    assert len(client.get_partitions("big", "t", 10)) == 10

    # drop_partitions_req by names: missing names fail unless ifExists.
    names = ["n=1", "n=2", "n=5000"]
    with pytest.raises(ttypes.NoSuchObjectException):
        client.drop_partitions_req(ttypes.DropPartitionsRequest(
            dbName="big", tblName="t", parts=ttypes.RequestPartsSpec(names=names), ifExists=False))
    assert count(pg, metastore_db, "PARTITIONS") == 1000
    dropped = client.drop_partitions_req(ttypes.DropPartitionsRequest(
        dbName="big", tblName="t", parts=ttypes.RequestPartsSpec(names=names), ifExists=True, needResult=True))
    assert sorted(p.values[0] for p in dropped.partitions) == ["1", "2"]
    # By expression: Hive's MSCK sends a filter's text.
    dropped = client.drop_partitions_req(ttypes.DropPartitionsRequest(
        dbName="big", tblName="t", ifExists=True,
        parts=ttypes.RequestPartsSpec(exprs=[ttypes.DropPartitionsExpr(expr=b"n >= 990")])))
    assert len(dropped.partitions) == 10
    assert count(pg, metastore_db, "PARTITIONS") == 988
    with pytest.raises(ttypes.MetaException):
        client.drop_partitions_req(ttypes.DropPartitionsRequest(
            dbName="big", tblName="t", ifExists=True,
            parts=ttypes.RequestPartsSpec(exprs=[ttypes.DropPartitionsExpr(expr=b"\xac\xed\x00\x05")])))


def test_ten_thousand_partitions_in_bounded_time(client, ttypes, pg, metastore_db):
    make_table(client, ttypes, pg, metastore_db, "huge", "t", keys=(("n", "int"),))
    template = trino_partition(client, ttypes, "huge", "t", ["0"])
    parts = []
    for n in range(10000):
        p = ttypes.Partition(dbName="huge", tableName="t", values=[str(n)], sd=template.sd,
                             parameters=template.parameters)
        parts.append(p)
    start = time.time()
    assert client.add_partitions(parts) == 10000
    added = time.time() - start
    names = client.get_partition_names("huge", "t", -1)
    start = time.time()
    got = client.get_partitions_by_names("huge", "t", names)
    fetched = time.time() - start
    assert len(got) == 10000
    # A few statements each: seconds, not the minutes of 10,000 round trips.
    assert added < 60 and fetched < 60, (added, fetched)
    start = time.time()
    client.drop_partitions_req(ttypes.DropPartitionsRequest(
        dbName="huge", tblName="t", parts=ttypes.RequestPartsSpec(names=names), needResult=False))
    assert time.time() - start < 60
    assert count(pg, metastore_db, "PARTITIONS") == 0


def test_errors_change_nothing(client, ttypes, pg, metastore_db):
    make_table(client, ttypes, pg, metastore_db, "err", "t")
    client.add_partition(trino_partition(client, ttypes, "err", "t", ["d", "1"]))
    before = snapshot(pg, metastore_db)
    good = trino_partition(client, ttypes, "err", "t", ["d", "2"])

    wrong_count = trino_partition(client, ttypes, "err", "t", ["d"])
    with pytest.raises(ttypes.MetaException) as raised:
        client.add_partition(wrong_count)
    assert raised.value.message == "Invalid partition key & values; keys [ds, hr, ], values [d, ]"
    with pytest.raises(ttypes.MetaException):
        client.add_partitions([good, wrong_count])
    with pytest.raises(ttypes.InvalidObjectException):
        client.add_partition(ttypes.Partition(dbName="err", tableName="nope", values=["a", "1"], sd=good.sd))
    with pytest.raises(ttypes.InvalidObjectException):
        client.add_partitions([ttypes.Partition(dbName="nodb", tableName="t", values=["a", "1"], sd=good.sd)])
    with pytest.raises(ttypes.MetaException) as raised:
        client.add_partitions([good, ttypes.Partition(dbName="err", tableName="other", values=["a", "1"],
                                                      sd=good.sd)])
    assert "Partition does not belong to target table hive.err.t" in raised.value.message
    with pytest.raises(ttypes.AlreadyExistsException):
        client.add_partition(trino_partition(client, ttypes, "err", "t", ["d", "1"]))
    with pytest.raises(ttypes.MetaException):
        client.append_partition("err", "t", [])
    with pytest.raises(ttypes.AlreadyExistsException):
        client.append_partition("err", "t", ["d", "1"])

    with pytest.raises(ttypes.NoSuchObjectException) as raised:
        client.get_partition("err", "t", ["d", "9"])
    assert raised.value.message == "partition values=[d, 9]"
    with pytest.raises(ttypes.MetaException):
        client.get_partition("err", "t", ["d"])
    with pytest.raises(ttypes.NoSuchObjectException):
        client.get_partition("err", "nope", ["d", "1"])
    with pytest.raises(ttypes.NoSuchObjectException):
        client.get_partition_by_name("err", "t", "ds=d")
    with pytest.raises(ttypes.NoSuchObjectException):
        client.get_partition_by_name("err", "t", "ds=d/hr=9")
    with pytest.raises(ttypes.NoSuchObjectException):
        client.get_partitions_by_names("nodb", "t", ["ds=d/hr=1"])
    with pytest.raises(ttypes.NoSuchObjectException):
        client.get_partition_names("err", "nope", -1)
    with pytest.raises(ttypes.MetaException) as raised:
        client.get_partition_names_ps("err", "t", ["a", "b", "c"], -1)
    assert raised.value.message == "Incorrect number of partition values. numPartKeys=2, part_val=[a, b, c]"

    with pytest.raises(ttypes.NoSuchObjectException):
        client.drop_partition("err", "t", ["d", "9"], False)
    with pytest.raises(ttypes.NoSuchObjectException):
        client.drop_partition("err", "nope", ["d", "1"], False)
    with pytest.raises(ttypes.NoSuchObjectException):
        client.drop_partition_by_name("err", "t", "ds=d", False)
    with pytest.raises(ttypes.InvalidOperationException) as raised:
        client.alter_partition("err", "t", trino_partition(client, ttypes, "err", "t", ["d", "9"]))
    assert raised.value.message == "alter is not possible: partition values=[d, 9]"
    with pytest.raises(ttypes.InvalidOperationException):
        client.alter_partitions("err", "t", [trino_partition(client, ttypes, "err", "t", ["d", "1"]),
                                             trino_partition(client, ttypes, "err", "t", ["d", "9"])])
    with pytest.raises(ttypes.InvalidOperationException):
        client.alter_partition("err", "nope", good)
    with pytest.raises(ttypes.InvalidOperationException):
        client.rename_partition("err", "t", ["d", "9"], good)
    assert snapshot(pg, metastore_db) == before
    assert client.get_partition_names("err", "t", -1) == ["ds=d/hr=1"]


def test_append_rename_and_locations(client, ttypes, pg, metastore_db):
    make_table(client, ttypes, pg, metastore_db, "app", "t")
    p = client.append_partition("app", "t", ["x", "1"])
    assert p.values == ["x", "1"]
    assert p.sd.location == "s3a://warehouse/external/app.db/t/ds=x/hr=1"
    assert list(p.parameters) == ["transient_lastDdlTime"]
    q = client.append_partition_by_name("app", "t", "ds=y/hr=2")
    assert q.values == ["y", "2"]
    with pytest.raises(ttypes.InvalidObjectException):
        client.append_partition_by_name("app", "t", "ds=y")

    # A given location is kept, qualified.
    custom = trino_partition(client, ttypes, "app", "t", ["z", "3"], location="s3a://elsewhere/z3/")
    assert client.add_partition(custom).sd.location == "s3a://elsewhere/z3"

    # Renaming a managed table's partition moves its location with its name.
    new = client.get_partition("app", "t", ["x", "1"])
    new.values = ["x", "11"]
    client.rename_partition("app", "t", ["x", "1"], new)
    renamed = client.get_partition("app", "t", ["x", "11"])
    assert renamed.sd.location == "s3a://warehouse/external/app.db/t/ds=x/hr=11"
    assert client.get_partition_names("app", "t", -1) == ["ds=x/hr=11", "ds=y/hr=2", "ds=z/hr=3"]
    with pytest.raises(ttypes.InvalidOperationException) as raised:
        client.rename_partition("app", "t", ["x", "11"], q)
    assert "Partition already exists" in raised.value.message
    client.rename_partition_req(ttypes.RenamePartitionRequest(dbName="app", tableName="t", partVals=["y", "2"],
                                                              newPart=ttypes.Partition(values=["y", "22"],
                                                                                       sd=q.sd)))
    assert client.get_partition("app", "t", ["y", "22"]).values == ["y", "22"]

    # get_partitions_ps and the request forms.
    assert [x.values for x in client.get_partitions_ps("app", "t", ["x", ""], -1)] == [["x", "11"]]
    assert [x.values for x in client.get_partitions_ps_with_auth("app", "t", ["", "3"], -1, "u", [])] == [["z", "3"]]
    resp = client.get_partition_names_ps_req(ttypes.GetPartitionNamesPsRequest(dbName="app", tblName="t",
                                                                               partValues=["y"]))
    assert resp.names == ["ds=y/hr=22"]
    assert client.get_partition_req(ttypes.GetPartitionRequest(dbName="app", tblName="t",
                                                               partVals=["z", "3"])).partition.values == ["z", "3"]
    assert len(client.get_partitions_req(ttypes.PartitionsRequest(dbName="app", tblName="t")).partitions) == 3
    assert client.fetch_partition_names_req(ttypes.PartitionsRequest(dbName="app", tblName="t", maxParts=1)) == \
        ["ds=x/hr=11"]
    byname = client.get_partitions_by_names_req(ttypes.GetPartitionsByNamesRequest(
        db_name="app", tbl_name="t", names=["ds=z/hr=3"]))
    assert [x.values for x in byname.partitions] == [["z", "3"]]
    assert client.drop_partition_req(ttypes.DropPartitionRequest(dbName="app", tblName="t", partName="ds=z/hr=3"))
    assert client.drop_partition_req(ttypes.DropPartitionRequest(dbName="app", tblName="t", partVals=["y", "22"]))
    assert client.get_partition_names("app", "t", -1) == ["ds=x/hr=11"]


def test_external_rename_keeps_location(client, ttypes, pg, metastore_db):
    make_table(client, ttypes, pg, metastore_db, "ext", "t", table_type="EXTERNAL_TABLE",
               parameters={"EXTERNAL": "TRUE"})
    client.add_partition(trino_partition(client, ttypes, "ext", "t", ["a", "1"], location="s3a://data/a1"))
    new = client.get_partition("ext", "t", ["a", "1"])
    new.values = ["a", "2"]
    client.rename_partition("ext", "t", ["a", "1"], new)
    assert client.get_partition("ext", "t", ["a", "2"]).sd.location == "s3a://data/a1"


def test_columns_differ_from_table_get_their_own_cd(client, ttypes, pg, metastore_db):
    make_table(client, ttypes, pg, metastore_db, "cd", "t")
    p = trino_partition(client, ttypes, "cd", "t", ["a", "1"])
    p.sd.cols = p.sd.cols + [ttypes.FieldSchema(name="extra", type="int")]
    cds = count(pg, metastore_db, "CDS")
    client.add_partition(p)
    assert count(pg, metastore_db, "CDS") == cds + 1
    assert [c.name for c in client.get_partition("cd", "t", ["a", "1"]).sd.cols] == ["id", "v", "extra"]
    # Back to the table's columns: the partition shares the table's CD again; its own goes.
    p = client.get_partition("cd", "t", ["a", "1"])
    p.sd.cols = p.sd.cols[:2]
    client.alter_partition("cd", "t", p)
    assert count(pg, metastore_db, "CDS") == cds
    client.drop_partition("cd", "t", ["a", "1"], False)
    assert count(pg, metastore_db, "CDS") == cds


def test_alter_drops_stale_column_statistics(client, ttypes, pg, metastore_db):
    make_table(client, ttypes, pg, metastore_db, "st", "t")
    client.add_partition(trino_partition(client, ttypes, "st", "t", ["a", "1"]))
    part_id = rows(pg, metastore_db, 'SELECT "PART_ID" FROM "PARTITIONS"')[0]
    pg.psql(f'''INSERT INTO "PART_COL_STATS" ("CS_ID", "COLUMN_NAME", "COLUMN_TYPE", "PART_ID", "NUM_NULLS",
                  "LAST_ANALYZED", "ENGINE") VALUES (1, 'id', 'bigint', {part_id}, 0, 0, 'hive'),
                  (2, 'v', 'string', {part_id}, 0, 0, 'hive')''', database=metastore_db[0])
    p = client.get_partition("st", "t", ["a", "1"])
    p.parameters["COLUMN_STATS_ACCURATE"] = '{"BASIC_STATS":"true","COLUMN_STATS":{"id":"true","v":"true"}}'
    p.sd.cols = [ttypes.FieldSchema(name="id", type="bigint"), ttypes.FieldSchema(name="v", type="int")]
    client.alter_partition_with_environment_context("st", "t", p, ttypes.EnvironmentContext(
        properties={"DO_NOT_UPDATE_STATS": "true"}))
    assert rows(pg, metastore_db, 'SELECT "COLUMN_NAME" FROM "PART_COL_STATS"') == ["id"]
    assert client.get_partition("st", "t", ["a", "1"]).parameters["COLUMN_STATS_ACCURATE"] == \
        '{"BASIC_STATS":"true","COLUMN_STATS":{"id":"true"}}'
    client.drop_partition("st", "t", ["a", "1"], False)
    assert count(pg, metastore_db, "PART_COL_STATS") == 0


def test_reads_partitions_the_java_server_wrote(client, ttypes, pg, metastore_db):
    make_table(client, ttypes, pg, metastore_db, "java", "t")
    tbl_id, sd_id, cd_id, serde_id = rows(pg, metastore_db,
                                          'SELECT t."TBL_ID", t."SD_ID", s."CD_ID", s."SERDE_ID" FROM "TBLS" t'
                                          ' JOIN "SDS" s ON s."SD_ID" = t."SD_ID" WHERE t."TBL_NAME" = \'t\'')[0].split("|")
    pg.psql(f'''
      INSERT INTO "SERDES" ("SERDE_ID", "NAME", "SLIB") VALUES (700001, 't', 'org.apache.hadoop.hive.ql.io.orc.OrcSerde');
      INSERT INTO "SDS" ("SD_ID", "CD_ID", "SERDE_ID", "IS_COMPRESSED", "NUM_BUCKETS", "IS_STOREDASSUBDIRECTORIES", "LOCATION")
        VALUES (700001, {cd_id}, 700001, false, -1, false, 's3a://java/ds=j/hr=5');
      INSERT INTO "PARTITIONS" ("PART_ID", "CREATE_TIME", "LAST_ACCESS_TIME", "PART_NAME", "SD_ID", "TBL_ID", "WRITE_ID")
        VALUES (700001, 1700000001, 0, 'ds=j/hr=5', 700001, {tbl_id}, 0);
      INSERT INTO "PARTITION_KEY_VALS" VALUES (700001, 'j', 0), (700001, '5', 1);
      INSERT INTO "PARTITION_PARAMS" VALUES (700001, 'transient_lastDdlTime', '1700000001');
    ''', database=metastore_db[0])
    p = client.get_partition("java", "t", ["j", "5"])
    assert (p.createTime, p.sd.location, p.parameters) == (1700000001, "s3a://java/ds=j/hr=5",
                                                           {"transient_lastDdlTime": "1700000001"})
    assert [c.name for c in p.sd.cols] == ["id", "v"]
    assert [x.values for x in client.get_partitions_by_filter("java", "t", "hr = 5", -1)] == [["j", "5"]]
    client.drop_partition("java", "t", ["j", "5"], False)
    assert rows(pg, metastore_db, f'SELECT count(*) FROM "CDS" WHERE "CD_ID" = {cd_id}') == ["1"]
    assert rows(pg, metastore_db, 'SELECT count(*) FROM "SERDES" WHERE "SERDE_ID" = 700001') == ["0"]


def test_partition_request_limit(start_hms, connect, ttypes, pg, metastore_db):
    server = start_hms({"metastore.limit.partition.request": "2"})
    client = connect(server.port)
    make_table(client, ttypes, pg, metastore_db, "lim", "t", keys=(("n", "int"),))
    client.add_partitions([trino_partition(client, ttypes, "lim", "t", [str(n)]) for n in range(3)])
    with pytest.raises(ttypes.MetaException) as raised:
        client.get_partitions("lim", "t", -1)
    assert raised.value.message == ("Number of partitions scanned (=3) on table 't' exceeds limit (=2)."
                                    " This is controlled on the metastore server by metastore.limit.partition.request.")
    assert len(client.get_partitions("lim", "t", 2)) == 2
    assert len(client.get_partitions_by_filter("lim", "t", "n > 0", -1)) == 2
    assert len(client.get_partition_names("lim", "t", -1)) == 3
    assert len(client.get_partitions_by_names("lim", "t", ["n=0", "n=1", "n=2"])) == 3


def test_get_partitions_by_expr_is_left_to_the_client(hms, client):
    """Hive's clients fall back to pruning themselves on UNKNOWN_METHOD (a
    MetaException would fail their query), so the Kryo-based method stays
    undeclared."""
    from thrift.protocol import TBinaryProtocol
    from thrift.Thrift import TMessageType, TType
    from thrift.transport import TSocket, TTransport
    sock = TSocket.TSocket("127.0.0.1", hms.port)
    transport = TTransport.TBufferedTransport(sock)
    transport.open()
    protocol = TBinaryProtocol.TBinaryProtocol(transport)
    protocol.writeMessageBegin("get_partitions_by_expr", TMessageType.CALL, 1)
    protocol.writeStructBegin("args")
    protocol.writeFieldBegin("req", TType.STRUCT, 1)
    protocol.writeStructBegin("PartitionsByExprRequest")
    for field_id, value in ((1, "d"), (2, "t")):
        protocol.writeFieldBegin("f", TType.STRING, field_id)
        protocol.writeString(value)
        protocol.writeFieldEnd()
    protocol.writeFieldBegin("expr", TType.STRING, 3)
    protocol.writeBinary(b"\xac\xed")
    protocol.writeFieldEnd()
    protocol.writeFieldStop()
    protocol.writeStructEnd()
    protocol.writeFieldEnd()
    protocol.writeFieldStop()
    protocol.writeStructEnd()
    protocol.writeMessageEnd()
    transport.flush()
    _, kind, _ = protocol.readMessageBegin()
    assert kind == TMessageType.EXCEPTION
    error = TApplicationException()
    error.read(protocol)
    protocol.readMessageEnd()
    assert error.type == TApplicationException.UNKNOWN_METHOD
    transport.close()
    assert client.partition_name_to_vals("a=1") == ["1"]


def test_round_trips_do_not_grow_with_partitions(start_hms, connect, ttypes, pg, metastore_db):
    """The statements hms sends for a call are counted in PostgreSQL's log:
    the same for 10 partitions as for 2,000."""
    name, user, _ = metastore_db
    pg.psql(f"ALTER ROLE {user} SET log_statement = 'all'")
    # The periodic partition discovery would add its own statements to the count.
    server = start_hms({"metastore.partition.management.task.frequency": "0"})
    client = connect(server.port)
    log_path = f"{pg.base}/server.log"

    def statements(action):
        marker = f"round-trip-marker-{time.time_ns()}"
        pg.psql(f"SELECT '{marker}-begin'", database=name, user=user)
        action()
        pg.psql(f"SELECT '{marker}-end'", database=name, user=user)
        with open(log_path, errors="replace") as f:
            text = f.read()
        section = text[text.index(f"{marker}-begin"):text.index(f"{marker}-end")]
        # Statements are logged as "statement: ..." (simple protocol) or
        # "execute <name>: ..." (prepared, or <unnamed>).  Id reservations
        # run on the id allocator's own connection, a block of ids at a
        # time: how many a call makes depends on what earlier calls left,
        # so they are counted apart (at most one per id class).
        logged = re.findall(r"(?:statement|execute [^:\n]*): (.*)", section)
        reservations = sum(1 for line in logged if "SEQUENCE_TABLE" in line)
        assert reservations <= 8, logged
        return len(logged) - reservations

    # The first ids of each class create their SEQUENCE_TABLE rows: not counted.
    make_table(client, ttypes, pg, metastore_db, "rt", "warm", keys=(("n", "int"),))
    client.add_partitions([trino_partition(client, ttypes, "rt", "warm", ["0"])])
    counts = {}
    for size in (10, 2000):
        table = f"t{size}"
        make_table(client, ttypes, pg, metastore_db, "rt", table, keys=(("n", "int"),))
        parts = [trino_partition(client, ttypes, "rt", table, [str(n)]) for n in range(size)]
        names = [f"n={n}" for n in range(size)]
        counts[size] = (
            statements(lambda: client.add_partitions(parts)),
            statements(lambda: client.get_partitions_by_names("rt", table, names)),
            statements(lambda: client.get_partitions_by_filter("rt", table, "n >= 0", -1)),
            statements(lambda: client.alter_partitions("rt", table, parts)),
            statements(lambda: client.drop_partitions_req(ttypes.DropPartitionsRequest(
                dbName="rt", tblName="t" + str(size), parts=ttypes.RequestPartsSpec(names=names)))),
        )
    pg.psql(f"ALTER ROLE {user} RESET log_statement")
    # Writes: the same.  Streamed reads (get_partitions_by_names, by filter)
    # read 1,000 partitions at a time: 2 statements per chunk (rows,
    # descriptors), by names in a snapshot (BEGIN, the ids, COMMIT).
    writes = (0, 3, 4)
    assert [counts[10][i] for i in writes] == [counts[2000][i] for i in writes], counts
    assert counts[2000][1] == counts[10][1] + 3 + 2, counts
    assert counts[2000][2] == counts[10][2] + 1, counts
    assert all(0 < c <= 12 for c in counts[10]), counts
