"""Reading a table back: get_table, get_table_req and get_table_objects_by_name
give, field by field, what Hive's ObjectStore.getTable gives for rows as
DataNucleus writes them, whichever of the rarely present members (bucketing,
sort and skew rows, storage descriptor and serde parameters, materialized
view creation metadata) a table has.

Replies are compared as decoded Thrift, every field id and value, with each
expected Table encoded by the generated code and decoded the same way, so
members the Python types cannot read back (a skewed-location map, whose keys
are lists) are compared too, and an unset field differs from an empty one."""

import pytest
from thrift.Thrift import TType
from thrift.protocol import TBinaryProtocol
from thrift.transport import TTransport


# The fixtures of the table tests: an hms, a client of it, SQL on its database.
from test_tables import client, hms, sql  # noqa: F401


# --- decoding replies field by field ----------------------------------------------------

def read_value(protocol, ttype):
    if ttype == TType.STRUCT:
        return read_struct(protocol)
    if ttype == TType.BOOL:
        return protocol.readBool()
    if ttype == TType.BYTE:
        return protocol.readByte()
    if ttype == TType.I16:
        return protocol.readI16()
    if ttype == TType.I32:
        return protocol.readI32()
    if ttype == TType.I64:
        return protocol.readI64()
    if ttype == TType.DOUBLE:
        return protocol.readDouble()
    if ttype == TType.STRING:
        return protocol.readBinary()
    if ttype == TType.LIST:
        element, size = protocol.readListBegin()
        values = tuple(read_value(protocol, element) for _ in range(size))
        protocol.readListEnd()
        return values
    if ttype == TType.SET:
        element, size = protocol.readSetBegin()
        values = tuple(sorted((read_value(protocol, element) for _ in range(size)), key=repr))
        protocol.readSetEnd()
        return ("set", values)
    if ttype == TType.MAP:
        key, value, size = protocol.readMapBegin()
        items = [(read_value(protocol, key), read_value(protocol, value)) for _ in range(size)]
        protocol.readMapEnd()
        return ("map", tuple(sorted(items, key=repr)))
    raise AssertionError(f"unexpected Thrift type {ttype}")


def read_struct(protocol):
    """A struct as {field id: value}: what is on the wire, nothing filled in."""
    fields = {}
    protocol.readStructBegin()
    while True:
        _, ttype, field_id = protocol.readFieldBegin()
        if ttype == TType.STOP:
            break
        fields[field_id] = read_value(protocol, ttype)
        protocol.readFieldEnd()
    protocol.readStructEnd()
    return fields


def encoded(struct):
    """A generated struct as read_struct decodes it after the generated code wrote it."""
    buffer = TTransport.TMemoryBuffer()
    struct.write(TBinaryProtocol.TBinaryProtocol(buffer))
    return read_struct(TBinaryProtocol.TBinaryProtocol(TTransport.TMemoryBuffer(buffer.getvalue())))


def differences(got, expected, path="reply"):
    """Where two decoded values differ, as readable paths (field ids joined by dots)."""
    if isinstance(got, dict) and isinstance(expected, dict):
        found = []
        for key in sorted(set(got) | set(expected)):
            if key not in got:
                found.append(f"{path}.{key}: missing, expected {expected[key]!r}")
            elif key not in expected:
                found.append(f"{path}.{key}: unexpected {got[key]!r}")
            else:
                found += differences(got[key], expected[key], f"{path}.{key}")
        return found
    if isinstance(got, tuple) and isinstance(expected, tuple) and len(got) == len(expected):
        return [d for i, (a, b) in enumerate(zip(got, expected)) for d in differences(a, b, f"{path}[{i}]")]
    return [] if got == expected else [f"{path}: got {got!r}, expected {expected!r}"]


def raw_call(client, method, *args):
    """Calls `method` and returns its result struct decoded by read_struct (0: success)."""
    getattr(client, "send_" + method)(*args)
    protocol = client._iprot
    protocol.readMessageBegin()
    result = read_struct(protocol)
    protocol.readMessageEnd()
    return result


# --- rows as DataNucleus writes them ----------------------------------------------------

class Rows:
    """Inserts a table's rows with fixed ids (from `base` up), as the Java server writes them."""

    def __init__(self, sql, db_id):
        self.sql = sql
        self.db_id = db_id

    def table(self, base, name, columns=(("k", "int", "the key"), ("v", "string", None)),
              serde=True, cd=True, sd=True, table_type="MANAGED_TABLE", partition_keys=(),
              parameters=None, sd_parameters=None, serde_parameters=None, buckets=(), sort=(),
              skewed_names=(), skewed_values=(), skewed_locations=(), stored_as_subdirectories=False,
              num_buckets=-1, view_text=None):
        statements = []
        q = lambda v: "NULL" if v is None else "'" + str(v).replace("'", "''") + "'"  # noqa: E731
        if cd:
            statements.append(f'INSERT INTO "CDS" VALUES ({base})')
            for i, (name_, type_, comment) in enumerate(columns):
                statements.append(f'INSERT INTO "COLUMNS_V2" ("CD_ID", "COMMENT", "COLUMN_NAME", "TYPE_NAME",'
                                  f' "INTEGER_IDX") VALUES ({base}, {q(comment)}, {q(name_)}, {q(type_)}, {i})')
        if serde:
            statements.append(f'INSERT INTO "SERDES" ("SERDE_ID", "NAME", "SLIB", "DESCRIPTION",'
                              f' "SERIALIZER_CLASS", "DESERIALIZER_CLASS", "SERDE_TYPE") VALUES ({base},'
                              f" {q(name)}, 'org.apache.hadoop.hive.ql.io.orc.OrcSerde', NULL, NULL, NULL, NULL)")
            for key, value in (serde_parameters or {}).items():
                statements.append(f'INSERT INTO "SERDE_PARAMS" VALUES ({base}, {q(key)}, {q(value)})')
        if sd:
            statements.append(
                f'INSERT INTO "SDS" ("SD_ID", "INPUT_FORMAT", "IS_COMPRESSED", "LOCATION", "NUM_BUCKETS",'
                f' "OUTPUT_FORMAT", "SERDE_ID", "CD_ID", "IS_STOREDASSUBDIRECTORIES") VALUES ({base},'
                f" 'org.apache.hadoop.hive.ql.io.orc.OrcInputFormat', false, 's3a://b/w/{name}', {num_buckets},"
                f" 'org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat', {base if serde else 'NULL'},"
                f" {base if cd else 'NULL'}, {'true' if stored_as_subdirectories else 'false'})")
            for key, value in (sd_parameters or {}).items():
                statements.append(f'INSERT INTO "SD_PARAMS" VALUES ({base}, {q(key)}, {q(value)})')
            for i, column in enumerate(buckets):
                statements.append(f'INSERT INTO "BUCKETING_COLS" VALUES ({base}, {q(column)}, {i})')
            for i, (column, order) in enumerate(sort):
                statements.append(f'INSERT INTO "SORT_COLS" VALUES ({base}, {q(column)}, {order}, {i})')
            for i, column in enumerate(skewed_names):
                statements.append(f'INSERT INTO "SKEWED_COL_NAMES" VALUES ({base}, {q(column)}, {i})')
            list_id = base * 10
            for i, values in enumerate(skewed_values):
                list_id += 1
                statements.append(f'INSERT INTO "SKEWED_STRING_LIST" VALUES ({list_id})')
                for j, value in enumerate(values):
                    statements.append(f'INSERT INTO "SKEWED_STRING_LIST_VALUES" VALUES ({list_id}, {q(value)}, {j})')
                statements.append(f'INSERT INTO "SKEWED_VALUES" VALUES ({base}, {list_id}, {i})')
            for values, location in skewed_locations:
                list_id += 1
                statements.append(f'INSERT INTO "SKEWED_STRING_LIST" VALUES ({list_id})')
                for j, value in enumerate(values):
                    statements.append(f'INSERT INTO "SKEWED_STRING_LIST_VALUES" VALUES ({list_id}, {q(value)}, {j})')
                statements.append(f'INSERT INTO "SKEWED_COL_VALUE_LOC_MAP" VALUES ({base}, {list_id}, {q(location)})')
        statements.append(
            f'INSERT INTO "TBLS" ("TBL_ID", "CREATE_TIME", "DB_ID", "LAST_ACCESS_TIME", "OWNER", "OWNER_TYPE",'
            f' "RETENTION", "SD_ID", "TBL_NAME", "TBL_TYPE", "VIEW_EXPANDED_TEXT", "VIEW_ORIGINAL_TEXT",'
            f' "IS_REWRITE_ENABLED", "WRITE_ID") VALUES ({base}, 1600000000, {self.db_id}, 0, \'alice\', \'USER\','
            f" 0, {base if sd else 'NULL'}, {q(name)}, {q(table_type)}, {q(view_text)}, {q(view_text)}, false, 0)")
        for key, value in (parameters or {}).items():
            statements.append(f'INSERT INTO "TABLE_PARAMS" VALUES ({base}, {q(key)}, {q(value)})')
        for i, (name_, type_, comment) in enumerate(partition_keys):
            statements.append(f'INSERT INTO "PARTITION_KEYS" VALUES ({base}, {q(comment)}, {q(name_)}, {q(type_)}, {i})')
        self.sql(";\n".join(statements))


def expected_table(ttypes, base, name, columns=(("k", "int", "the key"), ("v", "string", None)),
                   serde=True, cd=True, sd=True, table_type="MANAGED_TABLE", partition_keys=(),
                   parameters=None, sd_parameters=None, serde_parameters=None, buckets=(), sort=(),
                   skewed_names=(), skewed_values=(), skewed_locations=(), stored_as_subdirectories=False,
                   num_buckets=-1, view_text=None, creation_metadata=None):
    """The Table ObjectStore.getTable makes of Rows.table's rows with the same arguments."""
    field = lambda n, t, c: ttypes.FieldSchema(name=n, type=t, comment=c)  # noqa: E731
    descriptor = None
    if sd:
        descriptor = ttypes.StorageDescriptor(
            cols=[field(*column) for column in columns] if cd else None,
            location=f"s3a://b/w/{name}",
            inputFormat="org.apache.hadoop.hive.ql.io.orc.OrcInputFormat",
            outputFormat="org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat",
            compressed=False, numBuckets=num_buckets,
            serdeInfo=ttypes.SerDeInfo(name=name, serializationLib="org.apache.hadoop.hive.ql.io.orc.OrcSerde",
                                       parameters={k: v for k, v in (serde_parameters or {}).items()
                                                   if v is not None}) if serde else None,
            bucketCols=list(buckets), sortCols=[ttypes.Order(col=c, order=o) for c, o in sort],
            parameters={k: v for k, v in (sd_parameters or {}).items() if v is not None},
            skewedInfo=ttypes.SkewedInfo(skewedColNames=list(skewed_names),
                                         skewedColValues=[list(v) for v in skewed_values],
                                         skewedColValueLocationMaps={tuple(k): v for k, v in skewed_locations}),
            storedAsSubDirectories=stored_as_subdirectories)
    return ttypes.Table(
        tableName=name, dbName="sales", owner="alice", createTime=1600000000, lastAccessTime=0,
        retention=0, sd=descriptor, partitionKeys=[field(*key) for key in partition_keys],
        parameters={k: v for k, v in (parameters or {}).items() if v is not None},
        viewOriginalText=view_text, viewExpandedText=view_text, tableType=table_type,
        rewriteEnabled=False, catName="hive", ownerType=ttypes.PrincipalType.USER, writeId=0, id=base,
        creationMetadata=creation_metadata, temporary=None)


# Each table exercises one way of being read; every member is checked on each.
EVERYTHING = dict(
    partition_keys=(("ds", "string", "day"), ("hr", "int", None)),
    parameters={"transient_lastDdlTime": "1600000000", "comment": "all of it", "nulled": None},
    sd_parameters={"sd.key": "sd.value", "sd.null": None},
    serde_parameters={"serialization.format": "1", "field.delim": ","},
    buckets=("k", "v"), num_buckets=8, sort=(("k", 1), ("v", 0)),
    skewed_names=("k", "v"), skewed_values=(("1", "a"), ("2", "b")),
    skewed_locations=((("1", "a"), "s3a://b/w/everything/k=1/v=a"), (("2", "b"), "s3a://b/w/everything/k=2/v=b")),
    stored_as_subdirectories=True)

TABLES = {
    "plain": (100, {}),
    "everything": (200, EVERYTHING),
    "only_buckets": (300, dict(buckets=("k",), num_buckets=4)),
    "buckets_unbucketed": (310, dict(buckets=("k",), num_buckets=-1)),
    "only_sort": (400, dict(sort=(("v", 1),))),
    "only_skewed_names": (500, dict(skewed_names=("k",))),
    "only_skewed_values": (600, dict(skewed_values=(("1",), ("2",)))),
    "only_skewed_locations": (700, dict(skewed_locations=((("9",), "s3a://b/w/x/k=9"),))),
    "only_parameters": (800, dict(parameters={"a": "1"}, sd_parameters={"b": "2"},
                                  serde_parameters={"c": "3"})),
    "no_serde": (900, dict(serde=False)),
    "no_column_descriptor": (1000, dict(cd=False)),
    "no_descriptor": (1100, dict(sd=False, cd=False, serde=False)),
    "view": (1200, dict(table_type="VIRTUAL_VIEW", view_text="select 1", columns=())),
    "partitioned": (1300, dict(partition_keys=(("ds", "string", None),))),
}


@pytest.fixture
def sales(client, ttypes, sql):
    client.create_database(ttypes.Database(name="sales"))
    rows = Rows(sql, sql('SELECT "DB_ID" FROM "DBS" WHERE "NAME" = \'sales\'')[0])
    for name, (base, members) in TABLES.items():
        rows.table(base, name, **members)
    return rows


def test_get_table_field_by_field(client, ttypes, sales):
    for name, (base, members) in TABLES.items():
        expected = encoded(expected_table(ttypes, base, name, **members))
        assert differences(raw_call(client, "get_table", "sales", name), {0: expected}) == [], name
        # get_table_req reads it the same way (GetTableResult.table is field 1).
        assert differences(raw_call(client, "get_table_req", ttypes.GetTableRequest(dbName="sales", tblName=name)),
                           {0: {1: expected}}) == [], name


def test_get_table_objects_by_name_field_by_field(client, ttypes, sales):
    """Many tables in one call, rare members or not, in the order asked for."""
    names = ["everything", "plain", "missing", "only_skewed_locations", "no_descriptor", "only_buckets",
             "view", "everything", "only_sort"]
    expected = []
    for name in dict.fromkeys(n for n in names if n in TABLES):
        base, members = TABLES[name]
        expected.append(encoded(expected_table(ttypes, base, name, **members)))
    assert differences(raw_call(client, "get_table_objects_by_name", "sales", names), {0: tuple(expected)}) == []


def test_materialized_view_creation_metadata(client, ttypes, sql, sales):
    sales.table(1400, "mv", table_type="MATERIALIZED_VIEW", view_text="select k from everything",
                **{k: v for k, v in EVERYTHING.items() if k != "partition_keys"})
    sql('''INSERT INTO "MV_CREATION_METADATA" VALUES (1400, 'hive', 'sales', 'mv', 'txns:1', 1700000000);
           INSERT INTO "MV_TABLES_USED" ("MV_CREATION_METADATA_ID", "TBL_ID") VALUES (1400, 200), (1400, 100)''')
    sales.table(1500, "mv_without_metadata", table_type="MATERIALIZED_VIEW", view_text="select 1")
    metadata = ttypes.CreationMetadata(catName="hive", dbName="sales", tblName="mv",
                                       tablesUsed={"sales.everything", "sales.plain"},
                                       validTxnList="txns:1", materializationTime=1700000000)
    members = {k: v for k, v in EVERYTHING.items() if k != "partition_keys"}
    expected = encoded(expected_table(ttypes, 1400, "mv", table_type="MATERIALIZED_VIEW",
                                      view_text="select k from everything", creation_metadata=metadata,
                                      **members))
    bare = encoded(expected_table(ttypes, 1500, "mv_without_metadata", table_type="MATERIALIZED_VIEW",
                                  view_text="select 1"))
    assert differences(raw_call(client, "get_table", "sales", "mv"), {0: expected}) == []
    assert differences(raw_call(client, "get_table", "sales", "mv_without_metadata"), {0: bare}) == []
    assert differences(raw_call(client, "get_table_objects_by_name", "sales", ["plain", "mv", "mv_without_metadata"]),
                       {0: (encoded(expected_table(ttypes, 100, "plain")), expected, bare)}) == []


def test_missing_table(client, ttypes, sales):
    result = raw_call(client, "get_table", "sales", "nope")
    assert list(result) == [2]  # NoSuchObjectException
    assert result[2][1] == b"hive.sales.nope table not found"
