"""What the store's speed-ups must not change: names and values that need
quoting in PostgreSQL arrays, partial partition specifications matched by
name prefix, descriptors read back as arrays, prepared statements evicted
from a full cache, and ids reserved in blocks outside the caller's
transaction (unique across replicas and beside a Java server's blocks)."""

import threading

import pytest

MODEL = "org.apache.hadoop.hive.metastore.model."

# Values that need quoting or escaping in an array literal, in a LIKE
# pattern, or in a partition name; "x_y" and "x%y" must not match "xzy".
AWKWARD = ['a"b', "c\\d", "e,f", "{g}", "NULL", "null", "ünï ✓", " sp ", "x_y", "x%y", "xzy",
           "k=v/w", "#?*", "}"]

PARAMETERS = {'q"': 'v"\\', "{k}": "{v}", "NULL": "NULL", "empty": "", "comma,key": "a,b",
              "ünï": "✓"}


@pytest.fixture
def hms(start_hms):
    return start_hms({"metastore.partition.management.task.frequency": "0"})


@pytest.fixture
def client(hms, connect):
    return connect(hms.port)


def sql(pg, metastore_db, text):
    return pg.psql(text, database=metastore_db[0])


def storage(ttypes, location=None, **extra):
    fields = dict(
        cols=[ttypes.FieldSchema(name="id", type="bigint"), ttypes.FieldSchema(name="v", type="string")],
        location=location,
        inputFormat="org.apache.hadoop.hive.ql.io.orc.OrcInputFormat",
        outputFormat="org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat",
        serdeInfo=ttypes.SerDeInfo(name="s", serializationLib="org.apache.hadoop.hive.ql.io.orc.OrcSerde",
                                   parameters={"serialization.format": "1"}),
        numBuckets=-1, bucketCols=[], sortCols=[], parameters={})
    fields.update(extra)
    return ttypes.StorageDescriptor(**fields)


def make_table(client, ttypes, db, name, keys=(("k", "string"), ("n", "string"))):
    try:
        client.get_database(db)
    except ttypes.NoSuchObjectException:
        client.create_database(ttypes.Database(name=db))
    client.create_table(ttypes.Table(
        dbName=db, tableName=name, owner="trino", tableType="EXTERNAL_TABLE",
        parameters={"EXTERNAL": "TRUE"},
        partitionKeys=[ttypes.FieldSchema(name=k, type=t) for k, t in keys],
        sd=storage(ttypes, f"s3a://warehouse/external/{db}.db/{name}")))


def partition(ttypes, db, table, values, parameters=None, **sd_extra):
    return ttypes.Partition(dbName=db, tableName=table, values=list(values),
                            sd=storage(ttypes, **sd_extra),
                            parameters=dict(parameters if parameters is not None else PARAMETERS))


def test_awkward_values_names_and_parameters_round_trip(client, ttypes):
    make_table(client, ttypes, "aw", "t")
    client.add_partitions([partition(ttypes, "aw", "t", [v, n]) for v in AWKWARD for n in ("1", "2")])
    names = client.get_partition_names("aw", "t", -1)
    assert len(names) == 2 * len(AWKWARD)

    # By names: every partition back, values and parameters unchanged.
    got = client.get_partitions_by_names("aw", "t", names)
    assert sorted(tuple(p.values) for p in got) == sorted((v, n) for v in AWKWARD for n in ("1", "2"))
    assert all(p.parameters.items() >= PARAMETERS.items() for p in got)
    assert all(p.sd.serdeInfo.parameters == {"serialization.format": "1"} for p in got)
    values_of = {name: client.partition_name_to_vals(name) for name in names}

    # Partial specifications: a fixed first value reads exactly its partitions.
    for value in AWKWARD:
        found = client.get_partition_names_ps("aw", "t", [value, ""], -1)
        assert found == sorted(n for n in names if values_of[n][0] == value), (value, found)
        assert len(found) == 2, (value, found)
        assert len(client.get_partition_names_ps("aw", "t", [value, "2"], -1)) == 1
        assert [p.values for p in client.get_partitions_ps("aw", "t", [value], -1)] \
            == [[value, "1"], [value, "2"]]
    assert len(client.get_partition_names_ps("aw", "t", ["", "2"], -1)) == len(AWKWARD)
    assert client.get_partition_names_ps("aw", "t", ["x", ""], -1) == []

    # A name list with names that do not exist, duplicates and awkward text.
    asked = names[:3] + names[:1] + ['k=NULL/n=1"', "{}", ""]
    assert len(client.get_partitions_by_names("aw", "t", asked)) == 3

    client.drop_partitions_req(ttypes.DropPartitionsRequest(
        dbName="aw", tblName="t", parts=ttypes.RequestPartsSpec(names=names[::2])))
    assert client.get_partition_names("aw", "t", -1) == names[1::2]


def test_descriptors_read_back_whole(client, ttypes):
    make_table(client, ttypes, "sd", "t", keys=(("k", "string"),))
    # (Python's Thrift cannot read skewedColValueLocationMaps back: its keys are lists.)
    skew = ttypes.SkewedInfo(skewedColNames=["v", "id"], skewedColValues=[["a", "1"], ["b,\"", "2"]],
                             skewedColValueLocationMaps={})
    rich = dict(bucketCols=["id", "v"], sortCols=[ttypes.Order(col="id", order=1), ttypes.Order(col="v", order=0)],
                skewedInfo=skew, storedAsSubDirectories=True)
    parts = [partition(ttypes, "sd", "t", ["plain"]),
             partition(ttypes, "sd", "t", ["rich"], **rich),
             partition(ttypes, "sd", "t", ["plain2"])]
    parts[1].sd.numBuckets = 4
    parts[1].sd.parameters = {"p,1": "{x}", "NULL": "NULL"}
    parts[1].sd.serdeInfo.parameters = {"field.delim": ",", "quote": '"'}
    client.add_partitions(parts)

    got = {p.values[0]: p for p in client.get_partitions("sd", "t", -1)}
    plain, rich_back = got["plain"].sd, got["rich"].sd
    assert plain.bucketCols == [] and plain.sortCols == [] and plain.parameters == {}
    assert plain.skewedInfo == ttypes.SkewedInfo(skewedColNames=[], skewedColValues=[],
                                                 skewedColValueLocationMaps={})
    assert plain.cols == parts[0].sd.cols and plain.numBuckets == -1
    assert rich_back.bucketCols == ["id", "v"]
    assert rich_back.sortCols == rich["sortCols"]
    assert rich_back.skewedInfo == skew
    assert rich_back.storedAsSubDirectories is True and rich_back.numBuckets == 4
    assert rich_back.parameters == {"p,1": "{x}", "NULL": "NULL"}
    assert rich_back.serdeInfo.parameters == {"field.delim": ",", "quote": '"'}
    assert rich_back.cols == parts[1].sd.cols
    assert got["plain2"].sd.skewedInfo == plain.skewedInfo and got["plain2"].sd.cols == plain.cols


def test_full_statement_cache_evicts_and_keeps_answering(start_hms, connect, ttypes, pg, metastore_db):
    name, user, _ = metastore_db
    # Sessions read the setting when they start: before hms opens its connections.
    pg.psql(f"ALTER ROLE {user} SET log_statement = 'all'")
    try:
        server = start_hms({"metastore.partition.management.task.frequency": "0"})
        client = connect(server.port)
        make_table(client, ttypes, "sc", "t", keys=(("k", "string"),))
        client.add_partitions([partition(ttypes, "sc", "t", [str(i)], {}) for i in range(40)])
        # Filters of 1 to 300 terms: 300 statement texts on one connection.
        for terms in range(1, 301):
            text = " or ".join(f'k = "{i % 40}"' for i in range(terms))
            found = client.get_partitions_by_filter("sc", "t", text, -1)
            assert len(found) == min(terms, 40)
        assert sorted(client.get_partition_names("sc", "t", -1)) == sorted(str(f"k={i}") for i in range(40))
    finally:
        pg.psql(f"ALTER ROLE {user} RESET log_statement")
    with open(f"{pg.base}/server.log", errors="replace") as f:
        log = f.read()
    assert "DEALLOCATE hms_" in log


def table_ids(pg, metastore_db, column, table):
    return [int(v) for v in sql(pg, metastore_db, f'SELECT "{column}" FROM "{table}" ORDER BY 1')]


def next_val(pg, metastore_db, model):
    rows = sql(pg, metastore_db, f"SELECT \"NEXT_VAL\" FROM \"SEQUENCE_TABLE\" WHERE \"SEQUENCE_NAME\" = '{MODEL}{model}'")
    return int(rows[0]) if rows else None


def test_ids_come_in_blocks_beside_other_allocators(client, ttypes, pg, metastore_db):
    client.create_database(ttypes.Database(name="first"))
    reserved_to = next_val(pg, metastore_db, "MDatabase")
    ids = table_ids(pg, metastore_db, "DB_ID", "DBS")
    # A block was reserved and committed: the row is ahead of the ids in use by more than one.
    assert reserved_to > max(ids) + 1

    # A Java server reserves ten ids of the same class meanwhile.
    java = [int(v) for v in sql(pg, metastore_db,
                                f"UPDATE \"SEQUENCE_TABLE\" SET \"NEXT_VAL\" = \"NEXT_VAL\" + 10"
                                f" WHERE \"SEQUENCE_NAME\" = '{MODEL}MDatabase' RETURNING \"NEXT_VAL\" - 10")]
    java_range = range(java[0], java[0] + 10)
    for i in range(150):
        client.create_database(ttypes.Database(name=f"db{i}"))
    ids = table_ids(pg, metastore_db, "DB_ID", "DBS")
    assert len(ids) == len(set(ids)) == 152
    assert not set(ids) & set(java_range)
    assert next_val(pg, metastore_db, "MDatabase") > max(ids)


def test_replicas_never_share_ids(start_hms, connect, ttypes, pg, metastore_db):
    servers = [start_hms({"metastore.partition.management.task.frequency": "0"}) for _ in range(2)]
    connect(servers[0].port).create_database(ttypes.Database(name="r"))
    failures = []

    def create(server_index, thread_index):
        client = connect(servers[server_index].port)
        try:
            for i in range(25):
                name = f"t{server_index}_{thread_index}_{i}"
                client.create_table(ttypes.Table(dbName="r", tableName=name, tableType="EXTERNAL_TABLE",
                                                 parameters={"EXTERNAL": "TRUE"}, partitionKeys=[],
                                                 sd=storage(ttypes, f"s3a://warehouse/r/{name}")))
        except Exception as error:  # noqa: BLE001 (reported below)
            failures.append(error)

    threads = [threading.Thread(target=create, args=(s, t)) for s in range(2) for t in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    for column, table, model in [("TBL_ID", "TBLS", "MTable"), ("SD_ID", "SDS", "MStorageDescriptor"),
                                 ("SERDE_ID", "SERDES", "MSerDeInfo"), ("CD_ID", "CDS", "MColumnDescriptor")]:
        ids = table_ids(pg, metastore_db, column, table)
        assert len(ids) == len(set(ids)) and len(ids) >= 150, table
        assert next_val(pg, metastore_db, model) > max(ids), model


def test_missing_sequence_row_starts_above_the_table(start_hms, connect, ttypes, pg, metastore_db):
    # Rows written by another server with no SEQUENCE_TABLE row for them.
    first = start_hms({"metastore.partition.management.task.frequency": "0"})
    connect(first.port).create_database(ttypes.Database(name="before"))
    first.stop()
    sql(pg, metastore_db, f"DELETE FROM \"SEQUENCE_TABLE\" WHERE \"SEQUENCE_NAME\" = '{MODEL}MDatabase'")
    sql(pg, metastore_db, 'UPDATE "DBS" SET "DB_ID" = 500 WHERE "NAME" = \'before\'')
    server = start_hms({"metastore.partition.management.task.frequency": "0"})
    connect(server.port).create_database(ttypes.Database(name="after"))
    assert sql(pg, metastore_db, 'SELECT "DB_ID" FROM "DBS" WHERE "NAME" = \'after\'') == ["501"]
    assert next_val(pg, metastore_db, "MDatabase") > 501


def test_statement_prepared_by_a_failing_call_stays_usable(client, ttypes):
    # The first run prepares the statement and fails executing it (a cast of
    # "oops"); the PREPARE outlives the failure, so later runs execute it by
    # name and must fail the same way, not with "prepared statement does not exist".
    make_table(client, ttypes, "bad", "t", keys=(("n", "int"),))
    client.add_partitions([partition(ttypes, "bad", "t", [v], {}) for v in ["5", "oops"]])
    for _ in range(3):
        with pytest.raises(ttypes.MetaException) as raised:
            client.get_partitions_by_filter("bad", "t", "n > 1", -1)
        assert raised.value.message == "Filtering is supported only on partition keys of type string"
    assert [p.values for p in client.get_partitions_by_filter("bad", "t", "n = 5", -1)] == [["5"]]
