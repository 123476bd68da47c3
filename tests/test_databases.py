"""The database methods, driven by a Python Thrift client over a socket, as
Trino's and Hive's clients call them; rows checked in PostgreSQL too."""

import time

import pytest
from thrift.Thrift import TApplicationException


@pytest.fixture
def hms(start_hms):
    return start_hms()


@pytest.fixture
def client(hms, connect):
    return connect(hms.port)


def db_rows(pg, metastore_db, sql):
    return pg.psql(sql, database=metastore_db[0])


def test_default_database_exists_after_init(client):
    db = client.get_database("default")
    assert db.name == "default"
    assert db.description == "Default Hive database"
    # Hive 4 puts "default" at the external warehouse root (the warehouse root when unset).
    assert db.locationUri == "s3a://warehouse/external"
    assert db.ownerName == "public"
    assert db.catalogName == "hive"
    assert db.parameters == {}
    # Never set by the Java server either: absent on the wire, not "".
    assert db.managedLocationUri is None
    assert db.privileges is None
    assert client.get_all_databases() == ["default"]


def test_create_get_drop_database(client, ttypes, pg, metastore_db):
    client.create_database(ttypes.Database(name="Sales", description="the sales domain",
                                           parameters={"owner.team": "bi", "k": ""}))
    db = client.get_database("SALES")
    assert db.name == "sales"
    assert db.description == "the sales domain"
    assert db.locationUri == "s3a://warehouse/external/sales.db"
    assert db.parameters == {"owner.team": "bi", "k": ""}
    assert db.catalogName == "hive"
    assert db.type == ttypes.DatabaseType.NATIVE
    assert db.createTime > 1_700_000_000
    rows = db_rows(pg, metastore_db, 'SELECT "NAME", "CTLG_NAME", "OWNER_TYPE", "TYPE" FROM "DBS" ORDER BY 1')
    assert rows == ["default|hive|ROLE|NATIVE", "sales|hive|USER|NATIVE"]
    client.drop_database("sales", True, False)
    with pytest.raises(ttypes.NoSuchObjectException):
        client.get_database("sales")
    assert db_rows(pg, metastore_db, 'SELECT count(*) FROM "DATABASE_PARAMS"') == ["0"]


def test_given_location_is_kept_and_qualified(client, ttypes):
    client.create_database(ttypes.Database(name="b1", locationUri="s3a://business/"))
    client.create_database(ttypes.Database(name="b2", locationUri="/data/b2"))
    assert client.get_database("b1").locationUri == "s3a://business"
    assert client.get_database("b2").locationUri == "file:/data/b2"


def test_create_duplicate_is_already_exists(client, ttypes, pg, metastore_db):
    client.create_database(ttypes.Database(name="dup"))
    with pytest.raises(ttypes.AlreadyExistsException) as raised:
        client.create_database(ttypes.Database(name="DUP", description="other"))
    assert "dup" in raised.value.message.lower()
    assert client.get_database("dup").description is None


@pytest.mark.parametrize("name", ["", "bad\tname", "naïve", "a\nb"])
def test_invalid_names_are_refused(client, ttypes, pg, metastore_db, name):
    with pytest.raises(ttypes.InvalidObjectException) as raised:
        client.create_database(ttypes.Database(name=name))
    assert "is not a valid database name" in raised.value.message
    assert db_rows(pg, metastore_db, 'SELECT count(*) FROM "DBS"') == ["1"]


def test_unknown_database(client, ttypes):
    with pytest.raises(ttypes.NoSuchObjectException) as raised:
        client.get_database("nope")
    assert "nope" in raised.value.message
    with pytest.raises(ttypes.NoSuchObjectException):
        client.drop_database("nope", False, False)
    with pytest.raises(ttypes.NoSuchObjectException):
        client.alter_database("nope", ttypes.Database(name="nope"))


def test_catalog_prefixed_names(client, ttypes):
    client.create_database(ttypes.Database(name="cat1"))
    assert client.get_database("@hive#cat1").name == "cat1"
    assert client.get_databases("@hive#cat*") == ["cat1"]
    assert "cat1" in client.get_databases("@hive#")


def test_get_databases_patterns(client, ttypes):
    for name in ["user_a", "user_b", "userxc", "checkin", "evaluations"]:
        client.create_database(ttypes.Database(name=name))
    assert client.get_databases("user*") == ["user_a", "user_b", "userxc"]
    # "_" is literal, "." is any one character, "|" separates alternatives, case-insensitive.
    assert client.get_databases("user_*") == ["user_a", "user_b"]
    assert client.get_databases("user.c") == ["userxc"]
    assert client.get_databases("CHECKIN|eval*") == ["checkin", "evaluations"]
    assert client.get_databases("*") == client.get_all_databases()
    assert client.get_databases("zzz*") == []


def test_drop_default_is_refused(client, ttypes):
    with pytest.raises(ttypes.MetaException) as raised:
        client.drop_database("default", True, True)
    assert raised.value.message == "Can not drop default database in catalog hive"


def test_drop_non_empty_without_cascade_and_with(client, ttypes, pg, metastore_db):
    client.create_database(ttypes.Database(name="full"))
    db_id = db_rows(pg, metastore_db, 'SELECT "DB_ID" FROM "DBS" WHERE "NAME" = \'full\'')[0]
    # A table as the Java server writes it, with a partition sharing its column descriptor.
    pg.psql(f'''
      INSERT INTO "CDS" VALUES (9001);
      INSERT INTO "COLUMNS_V2" VALUES (9001, NULL, 'id', 'bigint', 0);
      INSERT INTO "SERDES" ("SERDE_ID", "SLIB") VALUES (9001, 'org.apache.hadoop.hive.ql.io.orc.OrcSerde'), (9002, 'x');
      INSERT INTO "SERDE_PARAMS" VALUES (9001, 'serialization.format', '1');
      INSERT INTO "SDS" ("SD_ID", "CD_ID", "SERDE_ID", "IS_COMPRESSED", "NUM_BUCKETS", "IS_STOREDASSUBDIRECTORIES", "LOCATION")
        VALUES (9001, 9001, 9001, false, -1, false, 's3a://x/t'), (9002, 9001, 9002, false, -1, false, 's3a://x/t/p=1');
      INSERT INTO "TBLS" ("TBL_ID", "CREATE_TIME", "DB_ID", "LAST_ACCESS_TIME", "OWNER", "RETENTION", "SD_ID", "TBL_NAME", "TBL_TYPE")
        VALUES (9001, 0, {db_id}, 0, 'hive', 0, 9001, 't', 'EXTERNAL_TABLE');
      INSERT INTO "TABLE_PARAMS" VALUES (9001, 'EXTERNAL', 'TRUE');
      INSERT INTO "PARTITION_KEYS" VALUES (9001, NULL, 'p', 'int', 0);
      INSERT INTO "PARTITIONS" ("PART_ID", "CREATE_TIME", "LAST_ACCESS_TIME", "PART_NAME", "SD_ID", "TBL_ID")
        VALUES (9001, 0, 0, 'p=1', 9002, 9001);
      INSERT INTO "PARTITION_KEY_VALS" VALUES (9001, '1', 0);
      INSERT INTO "PARTITION_PARAMS" VALUES (9001, 'numFiles', '1');
    ''', database=metastore_db[0])
    with pytest.raises(ttypes.InvalidOperationException) as raised:
        client.drop_database("full", False, False)
    assert raised.value.message == "Database full is not empty. One or more tables exist."
    assert client.get_database("full").name == "full"
    client.drop_database("full", False, True)
    with pytest.raises(ttypes.NoSuchObjectException):
        client.get_database("full")
    for table in ["TBLS", "SDS", "CDS", "COLUMNS_V2", "SERDES", "SERDE_PARAMS", "PARTITIONS",
                  "PARTITION_KEY_VALS", "PARTITION_PARAMS", "PARTITION_KEYS", "TABLE_PARAMS"]:
        assert db_rows(pg, metastore_db, f'SELECT count(*) FROM "{table}"') == ["0"], table


def test_alter_database(client, ttypes):
    client.create_database(ttypes.Database(name="alt", description="before",
                                           parameters={"a": "1", "b": "2"}, ownerName="ann"))
    client.alter_database("alt", ttypes.Database(name="ignored", description="after",
                                                 parameters={"b": "3", "c": "4"},
                                                 ownerName="bob", ownerType=ttypes.PrincipalType.ROLE,
                                                 locationUri="s3a://elsewhere/alt"))
    db = client.get_database("alt")
    assert db.name == "alt"
    assert db.description == "after"
    assert db.parameters == {"b": "3", "c": "4"}
    assert (db.ownerName, db.ownerType) == ("bob", ttypes.PrincipalType.ROLE)
    assert db.locationUri == "s3a://elsewhere/alt"
    # Blank description and location leave them as they were.
    client.alter_database("alt", ttypes.Database(description=" ", locationUri="", ownerName="bob"))
    db = client.get_database("alt")
    assert (db.description, db.locationUri, db.parameters) == ("after", "s3a://elsewhere/alt", {})


def test_request_variants(client, ttypes):
    client.create_database_req(ttypes.CreateDatabaseRequest(databaseName="viareq", description="d"))
    assert client.get_database_req(ttypes.GetDatabaseRequest(name="viareq", catalogName="hive")).description == "d"
    client.alter_database_req(ttypes.AlterDatabaseRequest(oldDbName="viareq",
                                                          newDb=ttypes.Database(description="e")))
    assert client.get_database("viareq").description == "e"
    client.drop_database_req(ttypes.DropDatabaseRequest(name="viareq", ignoreUnknownDb=False,
                                                        deleteData=False, cascade=False))
    with pytest.raises(ttypes.NoSuchObjectException):
        client.get_database("viareq")


def test_service_methods(client, ttypes, hms):
    from fb303.ttypes import fb_status
    assert client.getStatus() == fb_status.ALIVE
    assert client.getVersion() == "4.2.0"
    assert client.aliveSince() > 1_700_000_000
    assert client.set_ugi("alice", ["analysts"]) == ["analysts"]
    client.create_database(ttypes.Database(name="owned"))
    assert client.get_database("owned").ownerName == "alice"
    counters = client.getCounters()
    assert counters["create_database"] >= 1 and client.getCounter("create_database") >= 1
    client.setOption("x", "y")
    assert client.getOption("x") == "y" and client.getOptions()["x"] == "y"


def test_config_values(client, ttypes):
    assert client.get_config_value("hive.metastore.warehouse.dir", "x") == "s3a://warehouse/managed"
    assert client.get_config_value("metastore.thrift.port", "x").isdigit()
    assert client.get_config_value("hive.no.such.key", "fallback") == "fallback"
    with pytest.raises(ttypes.ConfigValSecurityException):
        client.get_config_value("javax.jdo.option.ConnectionPassword", "")
    assert client.getMetaConf("metastore.try.direct.sql") == "true"
    client.setMetaConf("metastore.try.direct.sql", "false")
    assert client.getMetaConf("metastore.try.direct.sql") == "false"
    with pytest.raises(ttypes.MetaException):
        client.getMetaConf("javax.jdo.option.ConnectionPassword")


def test_per_connection_meta_conf(client, connect, hms):
    client.setMetaConf("hive.metastore.try.direct.sql", "false")
    other = connect(hms.port)
    assert other.getMetaConf("hive.metastore.try.direct.sql") == "true"


def test_connection_state_ends_with_its_connection(connect, hms, ttypes):
    """Connection threads are reused: the next connection starts without set_ugi or setMetaConf."""
    for round_number in range(5):
        first = connect(hms.port)
        first.set_ugi("mallory", ["x"])
        first.setMetaConf("hive.metastore.try.direct.sql", "false")
        first._iprot.trans.close()
        time.sleep(0.1)                               # its thread goes back to the pool
        second = connect(hms.port)
        assert second.getMetaConf("hive.metastore.try.direct.sql") == "true"
        second.create_database(ttypes.Database(name=f"reused{round_number}"))
        assert second.get_database(f"reused{round_number}").ownerName != "mallory"
        second._iprot.trans.close()


def test_unknown_method_keeps_connection_usable(client, connect, hms):
    from thrift.protocol import TBinaryProtocol
    from thrift.Thrift import TMessageType
    protocol = client._iprot
    client._oprot.writeMessageBegin("get_no_such_method", TMessageType.CALL, 7)
    client._oprot.writeStructBegin("args")
    client._oprot.writeFieldStop()
    client._oprot.writeStructEnd()
    client._oprot.writeMessageEnd()
    client._oprot.trans.flush()
    name, kind, seqid = protocol.readMessageBegin()
    assert kind == TMessageType.EXCEPTION and seqid == 7
    error = TApplicationException()
    error.read(protocol)
    protocol.readMessageEnd()
    assert error.type == TApplicationException.UNKNOWN_METHOD
    assert client.get_database("default").name == "default"
