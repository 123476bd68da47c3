"""hms schematool as Hive's: init, info, validate, upgrade from the schemas
users run today, and never clobbering an existing schema, also when two
processes race."""

import os
import subprocess
import threading

import pytest

from conftest import HMS_BIN, ROOT


@pytest.fixture
def database(pg, metastore_db):
    name, user, password = metastore_db
    url = pg.jdbc_url(name)

    def schematool(*args, env=None):
        full_env = dict(os.environ)
        full_env.update(env or {})
        return subprocess.run([HMS_BIN, "schematool", "-dbType", "postgres", "-url", url,
                               "-userName", user, "-passWord", password, *args],
                              capture_output=True, text=True, timeout=120, env=full_env)

    def sql(statement):
        return pg.psql(statement, database=name)

    return schematool, sql, name


def table_count(sql):
    return int(sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")[0])


def test_init_info_validate(database):
    schematool, sql, _ = database
    info = schematool("-info")
    assert info.returncode == 1
    assert "*** schemaTool failed ***" in info.stderr

    init = schematool("-initSchema")
    assert init.returncode == 0, init.stderr
    assert "Initialization script hive-schema-4.2.0.postgres.sql" in init.stdout
    assert "Initialization script completed" in init.stdout
    assert sql('SELECT "SCHEMA_VERSION", "VERSION_COMMENT" FROM "VERSION"') == ["4.2.0|Hive release version 4.2.0"]
    assert table_count(sql) == 83

    info = schematool("-info")
    assert info.returncode == 0
    assert "Hive distribution version:\t 4.2.0" in info.stdout
    assert "Metastore schema version:\t 4.2.0" in info.stdout
    assert "passWord" not in info.stdout and "s3cret" not in info.stdout

    validate = schematool("-validate")
    assert validate.returncode == 0, validate.stdout + validate.stderr
    assert "Done with metastore validation: [SUCCESS]" in validate.stdout


def test_init_on_existing_schema_is_refused_and_changes_nothing(database):
    schematool, sql, _ = database
    assert schematool("-initSchema").returncode == 0
    sql('INSERT INTO "DATABASE_PARAMS" SELECT "DB_ID", \'marker\', \'kept\' FROM "DBS" LIMIT 1') \
        if sql('SELECT count(*) FROM "DBS"') != ["0"] else None
    sql('INSERT INTO "CTLGS" ("CTLG_ID", "NAME", "LOCATION_URI") VALUES (77, \'marker\', \'s3a://m\')')
    again = schematool("-initSchema")
    assert again.returncode == 1
    assert "already exists" in again.stderr
    assert sql('SELECT "NAME" FROM "CTLGS" WHERE "CTLG_ID" = 77') == ["marker"]
    # -initOrUpgradeSchema on an up-to-date schema is a no-op, as in the apache/hive image.
    resume = schematool("-initOrUpgradeSchema")
    assert resume.returncode == 0, resume.stderr
    assert sql('SELECT "NAME" FROM "CTLGS" WHERE "CTLG_ID" = 77') == ["marker"]


def test_broken_schema_is_never_initialised_over(database):
    schematool, sql, _ = database
    assert schematool("-initSchema").returncode == 0
    sql('DELETE FROM "VERSION"')
    for task in ("-initSchema", "-initOrUpgradeSchema"):
        result = schematool(task)
        assert result.returncode == 1, task
    assert sql('SELECT count(*) FROM "CTLGS"') == ["1"]


def test_validate_reports_failures(database):
    schematool, sql, _ = database
    assert schematool("-initSchema").returncode == 0
    sql('INSERT INTO "DBS" ("DB_ID", "NAME", "DB_LOCATION_URI", "CTLG_NAME") VALUES (500, \'x\', \'nolocation\', \'hive\')')
    sql('INSERT INTO "SEQUENCE_TABLE" VALUES (\'org.apache.hadoop.hive.metastore.model.MDatabase\', 3)')
    result = schematool("-validate")
    assert result.returncode == 1
    assert "[FAIL]" in result.stdout + result.stderr


def test_dry_run_changes_nothing(database):
    schematool, sql, _ = database
    result = schematool("-initSchema", "-dryRun")
    assert result.returncode == 0, result.stderr
    assert "hive-schema-4.2.0.postgres.sql" in result.stdout
    assert table_count(sql) == 0


@pytest.mark.parametrize("start", ["3.1.0", "4.0.0", "4.1.0"])
def test_upgrade_from_older_schema(database, pg, start):
    schematool, sql, name = database
    init = schematool("-initSchemaTo", start)
    assert init.returncode == 0, init.stderr
    assert sql('SELECT "SCHEMA_VERSION" FROM "VERSION"') == [start]
    upgrade = schematool("-upgradeSchema")
    assert upgrade.returncode == 0, upgrade.stderr
    assert f"Starting upgrade metastore schema from version {start} to 4.2.0" in upgrade.stdout
    assert sql('SELECT "SCHEMA_VERSION" FROM "VERSION"') == ["4.2.0"]
    assert schematool("-validate").returncode == 0
    again = schematool("-upgradeSchema")
    assert again.returncode == 0
    assert "No schema upgrade required from version 4.2.0" in again.stdout
    if start != "3.1.0":
        # Upgraded in place, the catalog equals a fresh 4.2.0 one object for object.
        fresh = f"{name}_fresh"
        owner = pg.psql(f"SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '{name}'")[0]
        pg.psql(f"CREATE DATABASE {fresh} OWNER {owner}")
        fresh_init = subprocess.run([HMS_BIN, "schematool", "-dbType", "postgres", "-initSchema",
                                     "-url", pg.jdbc_url(fresh), "-userName", owner,
                                     "-passWord", "s3cret pass'word"], capture_output=True, text=True)
        assert fresh_init.returncode == 0, fresh_init.stderr
        env = dict(os.environ, PGHOST=pg.base, PGPORT=str(pg.port), PGUSER="postgres")
        compare = subprocess.run(["sh", os.path.join(ROOT, "schema", "compare-catalogs.sh"), "-n",
                                  name, fresh], capture_output=True, text=True, env=env)
        assert compare.returncode == 0, compare.stdout[:3000] + compare.stderr


def test_failed_upgrade_changes_nothing(database):
    schematool, sql, _ = database
    assert schematool("-initSchemaTo", "4.0.0").returncode == 0
    # Sabotage: an index the 4.0.0 -> 4.1.0 step drops near its end is already gone.
    sql('DROP INDEX "TBLS_N49"')
    before = sql("SELECT count(*) FROM pg_indexes WHERE schemaname = 'public'")
    result = schematool("-upgradeSchema")
    assert result.returncode == 1
    assert "*** schemaTool failed ***" in result.stderr
    assert "TBLS_N49" in result.stderr
    assert sql('SELECT "SCHEMA_VERSION" FROM "VERSION"') == ["4.0.0"]
    assert sql("SELECT count(*) FROM pg_indexes WHERE schemaname = 'public'") == before
    # The statements before the failing one were rolled back too.
    assert sql("SELECT count(*) FROM information_schema.columns"
               " WHERE table_name = 'TAB_COL_STATS' AND column_name = 'CAT_NAME'") == ["1"]


def test_concurrent_inits_one_wins_other_resumes(database):
    schematool, sql, _ = database
    results = [None] * 4

    def run(index, task):
        results[index] = schematool(task)

    tasks = ["-initSchema", "-initSchema", "-initOrUpgradeSchema", "-initOrUpgradeSchema"]
    threads = [threading.Thread(target=run, args=(i, task)) for i, task in enumerate(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    init_codes = sorted(r.returncode for r in results[:2])
    # Whoever initialised, the plain -initSchema runs that lost say so and fail;
    # -initOrUpgradeSchema runs always end with a usable schema.
    assert all(r.returncode == 0 for r in results[2:]), [r.stderr for r in results[2:]]
    assert init_codes in ([0, 1], [1, 1])
    assert sql('SELECT count(*) FROM "VERSION"') == ["1"]
    assert table_count(sql) == 83


def test_concurrent_serve_starts_create_one_default(start_hms, connect, pg, metastore_db):
    servers = [start_hms(wait=False) for _ in range(3)]
    for server in servers:
        server.wait_ready()
    assert pg.psql('SELECT count(*) FROM "DBS" WHERE "NAME" = \'default\'', database=metastore_db[0]) == ["1"]
    for server in servers:
        assert connect(server.port).get_database("default").name == "default"


def test_unsupported_db_type(database):
    result = subprocess.run([HMS_BIN, "schematool", "-dbType", "mysql", "-info"],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "mysql" in result.stderr


def test_password_in_url_is_never_printed(pg, metastore_db):
    name, user, password = metastore_db
    url = f"{pg.jdbc_url(name)}?user={user}&password=TopSecret42"
    result = subprocess.run([HMS_BIN, "schematool", "-dbType", "postgres", "-info", "-url", url],
                            capture_output=True, text=True, timeout=120)
    assert "TopSecret42" not in result.stdout + result.stderr
    assert "password=********" in result.stdout
