"""The table methods, driven by a Python Thrift client over a socket the way
Trino's hive connector calls them, with the rows checked in PostgreSQL
against what Hive 4's ObjectStore (DataNucleus) writes."""

import pytest
from thrift.Thrift import TApplicationException

ORC = ("org.apache.hadoop.hive.ql.io.orc.OrcSerde",
       "org.apache.hadoop.hive.ql.io.orc.OrcInputFormat",
       "org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat")
PARQUET = ("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
           "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
           "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat")
JSON = ("org.apache.hive.hcatalog.data.JsonSerDe",
        "org.apache.hadoop.mapred.TextInputFormat",
        "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat")

# Every table whose rows hang off a table, for "nothing left behind" checks.
TABLE_ROWS = ["TBLS", "TABLE_PARAMS", "PARTITION_KEYS", "TBL_PRIVS", "SDS", "SD_PARAMS", "SERDES",
              "SERDE_PARAMS", "CDS", "COLUMNS_V2", "BUCKETING_COLS", "SORT_COLS", "SKEWED_COL_NAMES",
              "SKEWED_VALUES", "SKEWED_STRING_LIST", "SKEWED_STRING_LIST_VALUES",
              "SKEWED_COL_VALUE_LOC_MAP", "PARTITIONS", "PARTITION_KEY_VALS", "PARTITION_PARAMS",
              "TAB_COL_STATS", "PART_COL_STATS"]


@pytest.fixture
def hms(start_hms):
    return start_hms()


@pytest.fixture
def client(hms, connect):
    return connect(hms.port)


@pytest.fixture
def sql(pg, metastore_db):
    def run(statement):
        return pg.psql(statement, database=metastore_db[0])
    return run


def counts(sql):
    return {table: int(sql(f'SELECT count(*) FROM "{table}"')[0]) for table in TABLE_ROWS}


def trino_table(ttypes, db, name, storage=ORC, columns=(("id", "bigint"), ("name", "varchar(20)")),
                partition_keys=(), location=None, table_type="MANAGED_TABLE", parameters=None,
                owner="alice"):
    """A Table as Trino's ThriftMetastoreUtil.toMetastoreApiTable builds it for CREATE TABLE."""
    serde, input_format, output_format = storage
    grants = [ttypes.PrivilegeGrantInfo(privilege=p, createTime=0, grantor=owner,
                                        grantorType=ttypes.PrincipalType.USER, grantOption=True)
              for p in ("SELECT", "INSERT", "UPDATE", "DELETE")]
    params = {"trino_version": "455", "trino_query_id": "20240101_000000_00000_abcde",
              "numFiles": "0", "numRows": "0", "rawDataSize": "0", "totalSize": "0",
              "STATS_GENERATED_VIA_STATS_TASK": "workaround for potential lack of HIVE-12730"}
    if table_type == "EXTERNAL_TABLE":
        params["EXTERNAL"] = "TRUE"
    params.update(parameters or {})
    return ttypes.Table(
        tableName=name, dbName=db, owner=owner, tableType=table_type, parameters=params,
        partitionKeys=[ttypes.FieldSchema(name=n, type=t) for n, t in partition_keys],
        sd=ttypes.StorageDescriptor(
            cols=[ttypes.FieldSchema(name=n, type=t) for n, t in columns],
            location=location, inputFormat=input_format, outputFormat=output_format,
            numBuckets=0, compressed=False,
            serdeInfo=ttypes.SerDeInfo(name=name, serializationLib=serde, parameters={}),
            parameters={}),
        privileges=ttypes.PrincipalPrivilegeSet(userPrivileges={owner: grants},
                                                groupPrivileges={}, rolePrivileges={}))


@pytest.fixture
def sales(client, ttypes):
    client.create_database(ttypes.Database(name="sales"))
    return "sales"


def test_create_trino_managed_orc_partitioned(client, ttypes, sql, sales):
    table = trino_table(ttypes, sales, "Orders", partition_keys=[("ds", "string"), ("hour", "int")],
                        location="s3a://warehouse/external/sales.db/orders")
    client.create_table(table)

    got = client.get_table(sales, "ORDERS")
    # Hive 4's MetastoreDefaultTransformer turns a non-ACID managed table into a
    # purged external one.
    assert got.tableType == "EXTERNAL_TABLE"
    assert got.tableName == "orders" and got.dbName == "sales" and got.catName == "hive"
    assert got.owner == "alice" and got.ownerType == ttypes.PrincipalType.USER
    assert got.createTime > 1_700_000_000 and got.lastAccessTime == 0 and got.retention == 0
    assert got.parameters["EXTERNAL"] == "TRUE"
    assert got.parameters["external.table.purge"] == "TRUE"
    assert got.parameters["TRANSLATED_TO_EXTERNAL"] == "TRUE"
    assert got.parameters["transient_lastDdlTime"] == str(got.createTime)
    assert got.parameters["trino_query_id"] == "20240101_000000_00000_abcde"
    assert got.parameters["numRows"] == "0"
    assert [(k.name, k.type, k.comment) for k in got.partitionKeys] == [("ds", "string", None),
                                                                          ("hour", "int", None)]
    sd = got.sd
    assert [(c.name, c.type, c.comment) for c in sd.cols] == [("id", "bigint", None),
                                                              ("name", "varchar(20)", None)]
    assert sd.location == "s3a://warehouse/external/sales.db/orders"
    assert (sd.serdeInfo.serializationLib, sd.inputFormat, sd.outputFormat) == ORC
    assert sd.serdeInfo.name == "Orders"
    assert sd.serdeInfo.parameters == {}
    assert sd.serdeInfo.description is None and sd.serdeInfo.serdeType is None
    assert sd.compressed is False and sd.numBuckets == 0 and sd.storedAsSubDirectories is False
    assert sd.bucketCols == [] and sd.sortCols == [] and sd.parameters == {}
    assert sd.skewedInfo == ttypes.SkewedInfo(skewedColNames=[], skewedColValues=[],
                                              skewedColValueLocationMaps={})
    assert got.id > 0 and got.writeId == 0 and got.rewriteEnabled is False
    # Never set by the Java server: absent on the wire.
    for field in ("privileges", "viewOriginalText", "viewExpandedText", "creationMetadata",
                  "isStatsCompliant", "colStats", "accessType", "requiredReadCapabilities",
                  "requiredWriteCapabilities", "fileMetadata", "dictionary", "txnId"):
        assert getattr(got, field) is None, field

    result = client.get_table_req(ttypes.GetTableRequest(
        dbName="sales", tblName="orders",
        capabilities=ttypes.ClientCapabilities(values=[ttypes.ClientCapability.INSERT_ONLY_TABLES])))
    assert result.table == got and result.isStatsCompliant is None

    # The rows, as DataNucleus writes them.
    assert sql('SELECT "TBL_NAME", "TBL_TYPE", "OWNER", "OWNER_TYPE", "RETENTION", "LAST_ACCESS_TIME",'
               ' "IS_REWRITE_ENABLED", "WRITE_ID", "VIEW_ORIGINAL_TEXT" IS NULL FROM "TBLS"') == \
        ["orders|EXTERNAL_TABLE|alice|USER|0|0|f|0|t"]
    assert sql('SELECT "IS_COMPRESSED", "NUM_BUCKETS", "IS_STOREDASSUBDIRECTORIES", "LOCATION",'
               ' "INPUT_FORMAT" FROM "SDS"') == \
        ["f|0|f|s3a://warehouse/external/sales.db/orders|" + ORC[1]]
    assert sql('SELECT "NAME", "SLIB", "SERDE_TYPE", "DESCRIPTION" IS NULL FROM "SERDES"') == \
        ["Orders|" + ORC[0] + "|0|t"]
    assert sql('SELECT "COLUMN_NAME", "TYPE_NAME", "INTEGER_IDX", "COMMENT" IS NULL FROM "COLUMNS_V2"'
               ' ORDER BY "INTEGER_IDX"') == ["id|bigint|0|t", "name|varchar(20)|1|t"]
    assert sql('SELECT "PKEY_NAME", "PKEY_TYPE", "INTEGER_IDX" FROM "PARTITION_KEYS" ORDER BY 3') == \
        ["ds|string|0", "hour|int|1"]
    assert sql('SELECT "PRINCIPAL_NAME", "PRINCIPAL_TYPE", "TBL_PRIV", "GRANTOR", "GRANTOR_TYPE",'
               ' "GRANT_OPTION", "AUTHORIZER" FROM "TBL_PRIVS" ORDER BY 3') == [
        f"alice|USER|{p}|alice|USER|1|SQL" for p in ("DELETE", "INSERT", "SELECT", "UPDATE")]
    # Ids come from DataNucleus's SEQUENCE_TABLE, which stays ahead of them.
    for model, table, column in [("MTable", "TBLS", "TBL_ID"), ("MStorageDescriptor", "SDS", "SD_ID"),
                                 ("MSerDeInfo", "SERDES", "SERDE_ID"),
                                 ("MColumnDescriptor", "CDS", "CD_ID"),
                                 ("MTablePrivilege", "TBL_PRIVS", "TBL_GRANT_ID")]:
        assert sql(f'SELECT (SELECT "NEXT_VAL" FROM "SEQUENCE_TABLE" WHERE "SEQUENCE_NAME" ='
                   f" 'org.apache.hadoop.hive.metastore.model.{model}') > max(\"{column}\")"
                   f' FROM "{table}"') == ["t"], model


@pytest.mark.parametrize("storage", [ORC, PARQUET, JSON])
def test_create_unpartitioned_without_location(client, ttypes, sql, sales, storage):
    client.create_table(trino_table(ttypes, sales, "t", storage=storage))
    got = client.get_table(sales, "t")
    # A translated table without a location goes to the external warehouse.
    assert got.sd.location == "s3a://warehouse/external/sales.db/t"
    assert (got.sd.serdeInfo.serializationLib, got.sd.inputFormat, got.sd.outputFormat) == storage
    assert got.partitionKeys == []


def test_external_table_keeps_location_and_type(client, ttypes, sales):
    client.create_table(trino_table(ttypes, sales, "ext", table_type="EXTERNAL_TABLE",
                                    location="s3a://lake/raw/ext/"))
    got = client.get_table(sales, "ext")
    assert got.tableType == "EXTERNAL_TABLE" and got.sd.location == "s3a://lake/raw/ext"
    assert "TRANSLATED_TO_EXTERNAL" not in got.parameters
    assert "external.table.purge" not in got.parameters
    # An external table may not live inside the managed warehouse.
    with pytest.raises(ttypes.MetaException) as raised:
        client.create_table(trino_table(ttypes, sales, "inside", table_type="EXTERNAL_TABLE",
                                        location="s3a://warehouse/managed/x"))
    assert "should not be located within managed warehouse root directory" in raised.value.message


def test_acid_table_needs_processor_capabilities(client, ttypes, sql, sales):
    table = trino_table(ttypes, sales, "acid", parameters={"transactional": "true"})
    with pytest.raises(ttypes.MetaException) as raised:
        client.create_table(table)
    assert raised.value.message == "Processor has no capabilities, cannot create an ACID table."
    client.create_table_req(ttypes.CreateTableRequest(
        table=table, processorCapabilities=["HIVEFULLACIDWRITE", "HIVEMANAGESTATS"]))
    got = client.get_table(sales, "acid")
    assert got.tableType == "MANAGED_TABLE"
    assert got.sd.location == "s3a://warehouse/managed/sales.db/acid"
    assert sql('SELECT "WRITE_ID" FROM "TBLS"') == ["-1"]


def test_insert_only_table_needs_client_capability(client, ttypes, sales):
    table = trino_table(ttypes, sales, "mm", parameters={"transactional": "true",
                                                        "transactional_properties": "insert_only"})
    client.create_table_req(ttypes.CreateTableRequest(
        table=table, processorCapabilities=["HIVEMANAGEDINSERTWRITE"]))
    with pytest.raises(ttypes.MetaException) as raised:
        client.get_table(sales, "mm")
    assert raised.value.message.startswith("Your client does not appear to support insert-only tables.")
    result = client.get_table_req(ttypes.GetTableRequest(
        dbName=sales, tblName="mm",
        capabilities=ttypes.ClientCapabilities(values=[ttypes.ClientCapability.INSERT_ONLY_TABLES])))
    assert result.table.tableName == "mm"


def test_errors_change_nothing(client, ttypes, sql, sales):
    client.create_table(trino_table(ttypes, sales, "t1"))
    before = counts(sql)
    with pytest.raises(ttypes.AlreadyExistsException) as raised:
        client.create_table(trino_table(ttypes, sales, "T1"))
    assert raised.value.message == "Table hive.sales.T1 already exists"
    for bad in ["bad\tname", "naïve", ""]:
        with pytest.raises(ttypes.InvalidObjectException) as raised:
            client.create_table(trino_table(ttypes, sales, bad))
        assert raised.value.message == f"{bad} is not a valid object name"
    with pytest.raises(ttypes.InvalidObjectException) as raised:
        client.create_table(trino_table(ttypes, sales, "badtype", columns=[("a", "nosuchtype")]))
    assert raised.value.message == "Invalid column type: nosuchtype"
    with pytest.raises(ttypes.InvalidObjectException) as raised:
        client.create_table(trino_table(ttypes, sales, "badkey", partition_keys=[("p", "what")]))
    assert raised.value.message == "Invalid partition column type: what"
    with pytest.raises(ttypes.InvalidObjectException) as raised:
        client.create_table(trino_table(ttypes, "nosuchdb", "t"))
    assert raised.value.message == "There is no database hive.nosuchdb"
    with pytest.raises(ttypes.InvalidObjectException) as raised:
        client.create_table(trino_table(ttypes, sales, "root", table_type="EXTERNAL_TABLE",
                                        location="s3a://bucket/"))
    assert raised.value.message == "root location must not be root path"
    assert counts(sql) == before

    # Unknown tables and databases: NoSuchObjectException, so Trino keeps using get_table_req.
    for db, name in [(sales, "nope"), ("nosuchdb", "t1")]:
        with pytest.raises(ttypes.NoSuchObjectException) as raised:
            client.get_table_req(ttypes.GetTableRequest(dbName=db, tblName=name))
        assert raised.value.message == f"hive.{db}.{name} table not found"
        with pytest.raises(ttypes.NoSuchObjectException):
            client.get_table(db, name)
    with pytest.raises(ttypes.NoSuchObjectException) as raised:
        client.drop_table(sales, "nope", True)
    assert raised.value.message == "hive.sales.nope table not found"
    with pytest.raises(ttypes.NoSuchObjectException) as raised:
        client.drop_table("nosuchdb", "t1", True)
    assert raised.value.message == "There is no database hive.nosuchdb"
    with pytest.raises(ttypes.InvalidOperationException) as raised:
        client.alter_table(sales, "nope", trino_table(ttypes, sales, "nope"))
    assert raised.value.message == "hive.sales.nope table not found"
    with pytest.raises(ttypes.UnknownTableException):
        client.get_fields(sales, "nope")
    assert counts(sql) == before


def test_listing(client, ttypes, sales):
    client.create_database(ttypes.Database(name="other"))
    for name in ["alpha", "beta", "Gamma_1"]:
        client.create_table(trino_table(ttypes, sales, name))
    client.create_table(trino_table(ttypes, sales, "ext", table_type="EXTERNAL_TABLE",
                                    location="s3a://lake/ext", parameters={"comment": "outside"}))
    view = trino_table(ttypes, sales, "v", table_type="VIRTUAL_VIEW",
                       parameters={"presto_view": "true", "comment": "Presto View"})
    view.viewOriginalText = "/* Presto View: e30= */"
    view.viewExpandedText = "/* Presto View */"
    view.sd.location = None
    client.create_table(view)
    client.create_table(trino_table(ttypes, "other", "alpha"))

    assert client.get_all_tables(sales) == ["alpha", "beta", "ext", "gamma_1", "v"]
    assert client.get_tables(sales, ".*") == ["alpha", "beta", "ext", "gamma_1", "v"]
    assert client.get_tables(sales, "*") == ["alpha", "beta", "ext", "gamma_1", "v"]
    assert client.get_tables(sales, "a*|GAMMA*") == ["alpha", "gamma_1"]
    assert client.get_tables(sales, "b.ta") == ["beta"]
    assert client.get_tables("nosuchdb", "*") == []
    assert client.get_tables_by_type(sales, ".*", "VIRTUAL_VIEW") == ["v"]
    assert client.get_tables_by_type(sales, "*", "EXTERNAL_TABLE") == ["alpha", "beta", "ext", "gamma_1"]
    with pytest.raises(ttypes.MetaException):
        client.get_tables_by_type(sales, "*", "NO_SUCH_TYPE")

    metas = client.get_table_meta("*", "*", [])
    assert [(m.dbName, m.tableName, m.tableType, m.comments, m.catName) for m in metas] == [
        ("other", "alpha", "EXTERNAL_TABLE", None, "hive"),
        ("sales", "alpha", "EXTERNAL_TABLE", None, "hive"),
        ("sales", "beta", "EXTERNAL_TABLE", None, "hive"),
        ("sales", "ext", "EXTERNAL_TABLE", "outside", "hive"),
        ("sales", "gamma_1", "EXTERNAL_TABLE", None, "hive"),
        ("sales", "v", "VIRTUAL_VIEW", "Presto View", "hive")]
    assert [m.tableName for m in client.get_table_meta("sal*", "*", ["VIRTUAL_VIEW"])] == ["v"]
    assert [(m.dbName, m.tableName) for m in client.get_table_meta("*", "alpha", [])] == [
        ("other", "alpha"), ("sales", "alpha")]

    # Trino finds its views by parameter, first with =, then with LIKE.
    assert client.get_table_names_by_filter(
        sales, 'hive_filter_field_params__presto_view = "true"', -1) == ["v"]
    assert client.get_table_names_by_filter(
        sales, 'hive_filter_field_params__presto_view LIKE "t.*"', -1) == ["v"]
    assert client.get_table_names_by_filter(
        sales, 'hive_filter_field_params__comment = "outside" or hive_filter_field_params__presto_view = "true"',
        -1) == ["ext", "v"]
    assert client.get_table_names_by_filter(sales, 'hive_filter_field_owner__ = "alice"', 2) == ["alpha", "beta"]
    with pytest.raises(ttypes.MetaException):
        client.get_table_names_by_filter(sales, 'hive_filter_field_params__x < "1"', -1)
    with pytest.raises(ttypes.UnknownDBException):
        client.get_table_names_by_filter("", 'hive_filter_field_owner__ = "alice"', -1)

    tables = client.get_table_objects_by_name(sales, ["beta", "ALPHA", "missing", "beta"])
    assert [t.tableName for t in tables] == ["beta", "alpha"]
    result = client.get_table_objects_by_name_req(ttypes.GetTablesRequest(dbName=sales, tblNames=["v"]))
    assert [t.tableName for t in result.tables] == ["v"]
    assert result.tables[0].viewOriginalText == "/* Presto View: e30= */"
    assert result.tables[0].sd.location is None
    with pytest.raises(ttypes.UnknownDBException) as raised:
        client.get_table_objects_by_name_req(ttypes.GetTablesRequest(dbName="nosuchdb", tblNames=["a"]))
    assert raised.value.message == "Could not find database hive.nosuchdb"
    with pytest.raises(TApplicationException):
        client.get_table_objects_by_name("nosuchdb", ["a"])
    # The connection survives an application exception.
    assert client.get_all_tables("other") == ["alpha"]


def test_fields_and_schema(client, ttypes, sales):
    client.create_table(trino_table(ttypes, sales, "p", partition_keys=[("ds", "string")]))
    assert [f.name for f in client.get_fields(sales, "p")] == ["id", "name"]
    assert [f.name for f in client.get_schema(sales, "p.ignored")] == ["id", "name", "ds"]
    env = ttypes.EnvironmentContext(properties={})
    assert [f.name for f in client.get_schema_with_environment_context(sales, "p", env)] == \
        ["id", "name", "ds"]
    assert [f.name for f in client.get_fields_req(ttypes.GetFieldsRequest(dbName=sales, tblName="p")).fields] \
        == ["id", "name"]
    client.create_table(trino_table(ttypes, sales, "j", storage=JSON))
    with pytest.raises(ttypes.MetaException) as raised:
        client.get_fields(sales, "j")
    assert raised.value.message == "Storage schema reading not supported"


def test_alter_keeps_or_replaces_column_descriptor(client, ttypes, sql, sales):
    client.create_table(trino_table(ttypes, sales, "t"))
    cd = sql('SELECT "CD_ID" FROM "SDS"')
    table = client.get_table(sales, "t")
    ddl_time = table.parameters["transient_lastDdlTime"]
    table.parameters["comment"] = "new comment"
    del table.parameters["transient_lastDdlTime"]
    client.alter_table_with_environment_context(sales, "t", table, ttypes.EnvironmentContext(
        properties={"DO_NOT_UPDATE_STATS": "true"}))
    got = client.get_table(sales, "t")
    assert got.parameters["comment"] == "new comment"
    assert int(got.parameters["transient_lastDdlTime"]) >= int(ddl_time)
    assert got.createTime == table.createTime
    assert sql('SELECT "CD_ID" FROM "SDS"') == cd

    got.sd.cols.append(ttypes.FieldSchema(name="Extra", type="double", comment="added"))
    client.alter_table(sales, "t", got)
    after = client.get_table(sales, "t")
    assert [(c.name, c.type, c.comment) for c in after.sd.cols][-1] == ("extra", "double", "added")
    assert sql('SELECT "CD_ID" FROM "SDS"') != cd
    # The old column descriptor went with its columns.
    assert sql('SELECT count(*) FROM "CDS"') == ["1"]
    assert sql('SELECT count(*) FROM "COLUMNS_V2"') == ["3"]

    # Constraints follow their columns to the new column descriptor (copyMSD), or go with it.
    table_id, cd = sql('SELECT t."TBL_ID", s."CD_ID" FROM "TBLS" t JOIN "SDS" s USING ("SD_ID")')[0].split("|")
    sql(f'''INSERT INTO "KEY_CONSTRAINTS" ("PARENT_CD_ID", "PARENT_INTEGER_IDX", "PARENT_TBL_ID", "POSITION",
             "CONSTRAINT_NAME", "CONSTRAINT_TYPE", "ENABLE_VALIDATE_RELY")
           VALUES ({cd}, 1, {table_id}, 1, 'pk_name', 0, 0), ({cd}, 2, {table_id}, 1, 'nn_extra', 1, 0)''')
    after.sd.cols[2].name = "renamed"
    client.alter_table(sales, "t", after)
    new_cd = sql('SELECT "CD_ID" FROM "SDS"')[0]
    assert sql('SELECT "CONSTRAINT_NAME", "PARENT_CD_ID" = ' + new_cd + ', "PARENT_INTEGER_IDX"'
               ' FROM "KEY_CONSTRAINTS" ORDER BY 1') == ["pk_name|t|1"]
    after = client.get_table(sales, "t")

    # Only compatible type changes.
    after.sd.cols[0].type = "string"
    after.sd.cols[1].type = "int"
    with pytest.raises(ttypes.InvalidOperationException) as raised:
        client.alter_table(sales, "t", after)
    assert raised.value.message == ("The following columns have types incompatible with the existing"
                                    " columns in their respective positions :\nname")


def test_expected_parameter_mismatch_changes_nothing(client, ttypes, sql, sales):
    client.create_table(trino_table(ttypes, sales, "ice", table_type="EXTERNAL_TABLE",
                                    location="s3a://lake/ice",
                                    parameters={"table_type": "ICEBERG", "metadata_location": "m1"}))
    before = sql('SELECT "PARAM_KEY", "PARAM_VALUE" FROM "TABLE_PARAMS" ORDER BY 1')
    table = client.get_table(sales, "ice")
    table.parameters["metadata_location"] = "m2"
    table.parameters["previous_metadata_location"] = "m1"
    with pytest.raises(ttypes.MetaException) as raised:
        client.alter_table_with_environment_context(sales, "ice", table, ttypes.EnvironmentContext(
            properties={"expected_parameter_key": "metadata_location",
                        "expected_parameter_value": "m0"}))
    assert raised.value.message == ("The table has been modified. The parameter value for key "
                                    "'metadata_location' is 'm1'. The expected was value was 'm0'")
    assert sql('SELECT "PARAM_KEY", "PARAM_VALUE" FROM "TABLE_PARAMS" ORDER BY 1') == before
    client.alter_table_with_environment_context(sales, "ice", table, ttypes.EnvironmentContext(
        properties={"expected_parameter_key": "metadata_location", "expected_parameter_value": "m1"}))
    assert client.get_table(sales, "ice").parameters["metadata_location"] == "m2"


def insert_partition(sql, table_id, part_id, sd_id, cd_id, name, values, location):
    """A partition as the Java server writes it (another helper owns the API for these)."""
    sql(f'''
      INSERT INTO "SERDES" ("SERDE_ID", "NAME", "SLIB", "SERDE_TYPE") VALUES ({sd_id}, 't', '{ORC[0]}', 0);
      INSERT INTO "SDS" ("SD_ID", "CD_ID", "SERDE_ID", "IS_COMPRESSED", "NUM_BUCKETS",
                         "IS_STOREDASSUBDIRECTORIES", "LOCATION", "INPUT_FORMAT", "OUTPUT_FORMAT")
        VALUES ({sd_id}, {cd_id}, {sd_id}, false, 0, false, '{location}', '{ORC[1]}', '{ORC[2]}');
      INSERT INTO "PARTITIONS" ("PART_ID", "CREATE_TIME", "LAST_ACCESS_TIME", "PART_NAME", "SD_ID", "TBL_ID", "WRITE_ID")
        VALUES ({part_id}, 1700000000, 0, '{name}', {sd_id}, {table_id}, 0);
      INSERT INTO "PARTITION_PARAMS" VALUES ({part_id}, 'numFiles', '3');
    ''')
    for index, value in enumerate(values):
        sql(f'INSERT INTO "PARTITION_KEY_VALS" VALUES ({part_id}, \'{value}\', {index})')


def test_rename_moves_data_location_and_partitions(client, ttypes, sql, sales):
    client.create_database(ttypes.Database(name="archive"))
    client.create_table(trino_table(ttypes, sales, "events", partition_keys=[("ds", "string")]))
    table_id, cd_id = sql('SELECT t."TBL_ID", s."CD_ID" FROM "TBLS" t JOIN "SDS" s USING ("SD_ID")')[0].split("|")
    insert_partition(sql, table_id, 990001, 990001, cd_id, "ds=1", ["1"],
                     "s3a://warehouse/external/sales.db/events/ds=1")
    insert_partition(sql, table_id, 990002, 990002, cd_id, "ds=2", ["2"], "s3a://elsewhere/ds=2")

    table = client.get_table(sales, "events")
    table.tableName = "Events2"
    table.dbName = "ARCHIVE"
    client.alter_table(sales, "events", table)
    with pytest.raises(ttypes.NoSuchObjectException):
        client.get_table(sales, "events")
    got = client.get_table("archive", "events2")
    # A table Hive translated to external moves with its name into the new database's external path.
    assert got.sd.location == "s3a://warehouse/external/archive.db/events2"
    assert sql('SELECT "LOCATION" FROM "SDS" WHERE "SD_ID" IN (990001, 990002) ORDER BY 1') == [
        "s3a://elsewhere/ds=2", "s3a://warehouse/external/archive.db/events2/ds=1"]
    assert sql('SELECT count(*) FROM "PARTITIONS" WHERE "TBL_ID" = ' + table_id) == ["2"]

    # A plain external table keeps its location when renamed.
    client.create_table(trino_table(ttypes, sales, "ext", table_type="EXTERNAL_TABLE",
                                    location="s3a://lake/ext"))
    ext = client.get_table(sales, "ext")
    ext.tableName = "ext2"
    client.alter_table(sales, "ext", ext)
    assert client.get_table(sales, "ext2").sd.location == "s3a://lake/ext"

    # Renaming onto an existing name is refused.
    other = client.get_table(sales, "ext2")
    other.tableName = "events2"
    other.dbName = "archive"
    with pytest.raises(ttypes.InvalidOperationException) as raised:
        client.alter_table(sales, "ext2", other)
    assert raised.value.message == "new table archive.events2 already exists"


def test_alter_cascade_rewrites_partition_columns(client, ttypes, sql, sales):
    client.create_table(trino_table(ttypes, sales, "c", partition_keys=[("ds", "string")]))
    table_id, cd_id = sql('SELECT t."TBL_ID", s."CD_ID" FROM "TBLS" t JOIN "SDS" s USING ("SD_ID")')[0].split("|")
    insert_partition(sql, table_id, 990011, 990011, cd_id, "ds=1", ["1"], "s3a://x/c/ds=1")
    insert_partition(sql, table_id, 990012, 990012, cd_id, "ds=2", ["2"], "s3a://x/c/ds=2")

    # Adding a column without CASCADE leaves the partitions on the old columns.
    table = client.get_table(sales, "c")
    table.sd.cols.append(ttypes.FieldSchema(name="added", type="int"))
    client.alter_table(sales, "c", table)
    assert sql('SELECT DISTINCT "CD_ID" FROM "SDS" WHERE "SD_ID" IN (990011, 990012)') == [cd_id]
    assert sql('SELECT count(*) FROM "CDS"') == ["2"]

    # CASCADE gives every partition the new columns, each in a column descriptor of its own
    # (as Hive's alter_partition makes them), and the unused one goes.
    table = client.get_table(sales, "c")
    table.sd.cols.append(ttypes.FieldSchema(name="more", type="string"))
    client.alter_table_with_cascade(sales, "c", table, True)
    rows = sql('SELECT s."SD_ID", string_agg(c."COLUMN_NAME", \',\' ORDER BY c."INTEGER_IDX") FROM "SDS" s'
               ' JOIN "COLUMNS_V2" c USING ("CD_ID") GROUP BY 1 ORDER BY 1')
    assert [row.split("|")[1] for row in rows] == ["id,name,added,more"] * 3
    assert sql('SELECT count(DISTINCT "CD_ID") FROM "SDS"') == ["3"]
    assert sql('SELECT count(*) FROM "CDS"') == ["3"]

    # Partition keys cannot change.
    table = client.get_table(sales, "c")
    table.partitionKeys[0].name = "day"
    with pytest.raises(ttypes.InvalidOperationException) as raised:
        client.alter_table(sales, "c", table)
    assert raised.value.message == "partition keys can not be changed."


def test_drop_managed_and_external_leave_nothing(client, ttypes, sql, sales, hms):
    empty = counts(sql)
    client.create_table(trino_table(ttypes, sales, "m", partition_keys=[("ds", "string")]))
    table_id, cd_id = sql('SELECT t."TBL_ID", s."CD_ID" FROM "TBLS" t JOIN "SDS" s USING ("SD_ID")')[0].split("|")
    insert_partition(sql, table_id, 990021, 990021, cd_id, "ds=1", ["1"], "s3a://other/m/ds=1")
    client.drop_table(sales, "m", True)
    assert counts(sql) == empty
    # A purged table's data is deleted as Hive deletes it: here S3 is unreachable, so the
    # drop succeeds and the failure is logged (tests/test_drop_data.py deletes for real).
    assert "could not delete the directory s3a://warehouse/external/sales.db/m" in hms.output()

    client.create_table(trino_table(ttypes, sales, "e", table_type="EXTERNAL_TABLE", location="s3a://lake/e"))
    client.drop_table_with_environment_context(sales, "e", True, ttypes.EnvironmentContext(properties={}))
    assert counts(sql) == empty
    # An external table without external.table.purge keeps its data.
    assert "drop_table hive.sales.e: the data at s3a://lake/e is kept" in hms.output()
    assert "directory s3a://lake/e" not in hms.output()


def test_drop_database_cascade_removes_api_tables(client, ttypes, sql, sales):
    empty = counts(sql)
    client.create_table(trino_table(ttypes, sales, "a", partition_keys=[("ds", "string")]))
    client.create_table(trino_table(ttypes, sales, "b"))
    client.drop_database(sales, True, True)
    assert counts(sql) == empty


def test_truncate(client, ttypes, sql, sales):
    client.create_table(trino_table(ttypes, sales, "t", parameters={"numRows": "10", "numFiles": "2"}))
    client.truncate_table(sales, "t", None)
    params = client.get_table(sales, "t").parameters
    assert params["numRows"] == "0" and params["numFiles"] == "0"
    assert params["COLUMN_STATS_ACCURATE"] == '{"BASIC_STATS":"true"}'
    with pytest.raises(TApplicationException):
        client.truncate_table(sales, "nope", None)


def test_skew_rows_written_as_datanucleus_does(client, ttypes, sql, sales):
    """Skewed values and their locations each get a SKEWED_STRING_LIST of their own.
    (Python's generated code cannot read a map with list keys back, so the rows are checked.)"""
    table = trino_table(ttypes, sales, "skewed", columns=[("k", "int"), ("v", "string")])
    table.sd.skewedInfo = ttypes.SkewedInfo(skewedColNames=["k", "v"], skewedColValues=[["1", "a"], ["2", "b"]],
                                            skewedColValueLocationMaps={("1", "a"): "s3a://x/k=1/v=a"})
    table.sd.bucketCols = ["k"]
    table.sd.numBuckets = 8
    table.sd.sortCols = [ttypes.Order(col="K", order=1)]
    table.sd.storedAsSubDirectories = True
    client.create_table(table)
    assert sql('SELECT "SKEWED_COL_NAME", "INTEGER_IDX" FROM "SKEWED_COL_NAMES" ORDER BY 2') == ["k|0", "v|1"]
    assert sql('SELECT v."INTEGER_IDX", string_agg(l."STRING_LIST_VALUE", \',\' ORDER BY l."INTEGER_IDX")'
               ' FROM "SKEWED_VALUES" v JOIN "SKEWED_STRING_LIST_VALUES" l ON l."STRING_LIST_ID" = v."STRING_LIST_ID_EID"'
               ' GROUP BY 1 ORDER BY 1') == ["0|1,a", "1|2,b"]
    assert sql('SELECT m."LOCATION", string_agg(l."STRING_LIST_VALUE", \',\' ORDER BY l."INTEGER_IDX")'
               ' FROM "SKEWED_COL_VALUE_LOC_MAP" m JOIN "SKEWED_STRING_LIST_VALUES" l'
               ' ON l."STRING_LIST_ID" = m."STRING_LIST_ID_KID" GROUP BY 1') == ["s3a://x/k=1/v=a|1,a"]
    assert sql('SELECT count(*) FROM "SKEWED_STRING_LIST"') == ["3"]
    assert sql('SELECT "BUCKET_COL_NAME" FROM "BUCKETING_COLS"') == ["k"]
    assert sql('SELECT "COLUMN_NAME", "ORDER" FROM "SORT_COLS"') == ["k|1"]
    assert sql('SELECT "NUM_BUCKETS", "IS_STOREDASSUBDIRECTORIES" FROM "SDS"') == ["8|t"]
    # An alter rewrites them in place (same SDS and SERDES rows), and a drop leaves nothing.
    sd_id, serde_id = sql('SELECT "SD_ID", "SERDE_ID" FROM "SDS"')[0].split("|")
    table.sd.skewedInfo = ttypes.SkewedInfo(skewedColNames=["v"], skewedColValues=[["c"]],
                                            skewedColValueLocationMaps={("c",): "s3a://x/v=c"})
    table.sd.sortCols = []
    table.sd.serdeInfo.parameters = {"serialization.format": "1"}
    table.sd.serdeInfo.description = "ignored by alter, as copyMSD does"
    client.alter_table(sales, "skewed", table)
    assert sql('SELECT "SD_ID", "SERDE_ID" FROM "SDS"') == [f"{sd_id}|{serde_id}"]
    assert sql('SELECT "SKEWED_COL_NAME" FROM "SKEWED_COL_NAMES"') == ["v"]
    assert sql('SELECT count(*) FROM "SKEWED_STRING_LIST"') == ["2"]
    assert sql('SELECT "LOCATION" FROM "SKEWED_COL_VALUE_LOC_MAP"') == ["s3a://x/v=c"]
    assert sql('SELECT count(*) FROM "SORT_COLS"') == ["0"]
    assert sql('SELECT "PARAM_KEY", "PARAM_VALUE" FROM "SERDE_PARAMS"') == ["serialization.format|1"]
    assert sql('SELECT "DESCRIPTION" IS NULL FROM "SERDES"') == ["t"]
    client.drop_table(sales, "skewed", False)
    assert all(value == 0 for value in counts(sql).values())


def test_reads_rows_written_by_the_java_server(client, ttypes, sql, sales):
    """A partitioned table with skew, buckets, sort columns and parameters, inserted as
    DataNucleus writes it; hms must return exactly what the Java server would."""
    db_id = sql('SELECT "DB_ID" FROM "DBS" WHERE "NAME" = \'sales\'')[0]
    sql(f'''
      INSERT INTO "CDS" VALUES (8001);
      INSERT INTO "COLUMNS_V2" VALUES (8001, 'the key', 'k', 'int', 0), (8001, NULL, 'v', 'map<string,int>', 1);
      INSERT INTO "SERDES" VALUES (8001, 'j', 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
                                   'described', NULL, NULL, 1);
      INSERT INTO "SERDE_PARAMS" VALUES (8001, 'field.delim', ','), (8001, 'serialization.format', ',');
      INSERT INTO "SDS" VALUES (8001, 'org.apache.hadoop.mapred.TextInputFormat', true,
                                'hdfs://nn:8020/wh/sales.db/j', 4,
                                'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat', 8001, 8001, true);
      INSERT INTO "SD_PARAMS" VALUES (8001, 'sd.key', 'sd.value');
      INSERT INTO "BUCKETING_COLS" VALUES (8001, 'k', 0);
      INSERT INTO "SORT_COLS" VALUES (8001, 'k', 0, 0);
      INSERT INTO "SKEWED_COL_NAMES" VALUES (8001, 'k', 0);
      INSERT INTO "SKEWED_STRING_LIST" VALUES (8001);
      INSERT INTO "SKEWED_STRING_LIST_VALUES" VALUES (8001, '1', 0), (8001, '2', 1);
      INSERT INTO "SKEWED_VALUES" VALUES (8001, 8001, 0);
      INSERT INTO "TBLS" VALUES (8001, 1600000000, {db_id}, 1600000001, 'hive', 'ROLE', 7, 8001, 'j',
                                 'MANAGED_TABLE', NULL, NULL, false, 5);
      INSERT INTO "TABLE_PARAMS" VALUES (8001, 'transient_lastDdlTime', '1600000000'), (8001, 'nulled', NULL);
      INSERT INTO "PARTITION_KEYS" VALUES (8001, 'day', 'ds', 'string', 0);
    ''')
    insert_partition(sql, 8001, 8002, 8002, 8001, "ds=a", ["a"], "hdfs://nn:8020/wh/sales.db/j/ds=a")
    got = client.get_table(sales, "j")
    expected = ttypes.Table(
        tableName="j", dbName="sales", owner="hive", createTime=1600000000, lastAccessTime=1600000001,
        retention=7, tableType="MANAGED_TABLE", catName="hive", ownerType=ttypes.PrincipalType.ROLE,
        writeId=5, id=8001, rewriteEnabled=False,
        parameters={"transient_lastDdlTime": "1600000000"},
        partitionKeys=[ttypes.FieldSchema(name="ds", type="string", comment="day")],
        sd=ttypes.StorageDescriptor(
            cols=[ttypes.FieldSchema(name="k", type="int", comment="the key"),
                  ttypes.FieldSchema(name="v", type="map<string,int>")],
            location="hdfs://nn:8020/wh/sales.db/j",
            inputFormat="org.apache.hadoop.mapred.TextInputFormat",
            outputFormat="org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
            compressed=True, numBuckets=4,
            serdeInfo=ttypes.SerDeInfo(name="j", serializationLib="org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
                                       parameters={"field.delim": ",", "serialization.format": ","},
                                       description="described", serdeType=ttypes.SerdeType.HIVE),
            bucketCols=["k"], sortCols=[ttypes.Order(col="k", order=0)], parameters={"sd.key": "sd.value"},
            skewedInfo=ttypes.SkewedInfo(skewedColNames=["k"], skewedColValues=[["1", "2"]],
                                         skewedColValueLocationMaps={}),
            storedAsSubDirectories=True))
    assert got == expected

    # And it drops with its partition, skew rows and shared column descriptor.
    client.drop_table(sales, "j", False)
    assert all(value == 0 for value in counts(sql).values())


def test_large_listings_are_whole_and_ordered(client, ttypes, sales):
    """Table listings are written as PostgreSQL's rows are read (reply_stream.c):
    answers far above the transport's 64 KB buffer arrive whole, in Hive's order,
    with every member of each TableMeta."""
    names = [f"t{n:04d}" for n in range(1200)]
    for n, name in enumerate(names):
        parameters = {"comment": f"table {n} " + "c" * 100} if n % 3 else None
        client.create_table(trino_table(ttypes, sales, name, parameters=parameters))
    assert client.get_all_tables(sales) == names
    assert client.get_tables(sales, "t0*") == names[:1000]
    assert client.get_tables_by_type(sales, "*", "EXTERNAL_TABLE") == names
    metas = client.get_table_meta(sales, "*", [])
    assert [(m.dbName, m.tableName, m.tableType, m.comments, m.catName) for m in metas] == [
        (sales, name, "EXTERNAL_TABLE", f"table {n} " + "c" * 100 if n % 3 else None, "hive")
        for n, name in enumerate(names)]
    assert client.get_table_meta(sales, "*", ["VIRTUAL_VIEW"]) == []
