"""hms serve as an operator runs it: many clients at once, PostgreSQL
restarting under it, authentication methods, and clear failures at start."""

import os
import subprocess
import threading
import time

import pytest

from conftest import HMS_BIN, HmsServer, free_port, write_site


def test_fifty_concurrent_clients(start_hms, connect, ttypes):
    hms = start_hms({"datanucleus.connectionPool.maxPoolSize": "8"})
    errors = []

    def work(worker):
        try:
            client = connect(hms.port)
            for round_ in range(4):
                name = f"c{worker}_{round_}"
                client.create_database(ttypes.Database(name=name, parameters={"w": str(worker)}))
                assert client.get_database(name).parameters == {"w": str(worker)}
            assert len([n for n in client.get_databases(f"c{worker}_*")]) == 4
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(f"{worker}: {error!r}")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert len(connect(hms.port).get_all_databases()) == 201


def test_slow_client_does_not_block_others(start_hms, connect):
    hms = start_hms({"metastore.server.max.threads": "4"})
    import socket
    idle = socket.create_connection(("127.0.0.1", hms.port))   # says nothing
    half = socket.create_connection(("127.0.0.1", hms.port))
    half.sendall(b"\x80\x01\x00\x01\x00\x00")                  # stops mid-message
    try:
        started = time.time()
        assert connect(hms.port).get_database("default").name == "default"
        assert time.time() - started < 5
    finally:
        idle.close()
        half.close()


def test_postgres_restart_in_the_middle(start_hms, connect, ttypes, pg):
    hms = start_hms()
    client = connect(hms.port)
    client.create_database(ttypes.Database(name="before"))
    pg.restart()
    # Pooled connections died with the server; the next calls get fresh ones.
    assert client.get_database("before").name == "before"
    client.create_database(ttypes.Database(name="after"))
    assert "after" in connect(hms.port).get_all_databases()


def test_scram_password(start_hms, connect, pg, tmp_path):
    name, user, password = "metastore_scram", "hive_scram", "scr4m-pass"
    pg.create_database(name, user, password, encryption="scram-sha-256")
    hms = start_hms(database=(name, user, password))
    assert connect(hms.port).get_database("default").name == "default"


def run_hms(conf_dir, *args, env=None, timeout=60):
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([HMS_BIN, *args, "--conf", str(conf_dir)], capture_output=True,
                          text=True, timeout=timeout, env=full_env)


def site_for(pg, database, user, password, **extra):
    site = {"javax.jdo.option.ConnectionURL": pg.jdbc_url(database),
            "javax.jdo.option.ConnectionUserName": user,
            "javax.jdo.option.ConnectionPassword": password,
            "metastore.thrift.port": str(free_port()),
            "metastore.thrift.bind.host": "127.0.0.1"}
    site.update(extra)
    return site


def test_wrong_password_fails_clearly(tmp_path, pg, metastore_db):
    name, user, _ = metastore_db
    write_site(tmp_path, site_for(pg, name, user, "wrong"))
    result = run_hms(tmp_path, "serve")
    assert result.returncode != 0
    assert "password authentication failed" in result.stderr
    assert "wrong" not in result.stderr.replace("password authentication failed", "")


def test_missing_database_fails_clearly(tmp_path, pg, metastore_db):
    _, user, password = metastore_db
    write_site(tmp_path, site_for(pg, "no_such_db", user, password))
    result = run_hms(tmp_path, "serve")
    assert result.returncode != 0
    assert 'database "no_such_db" does not exist' in result.stderr


def test_unreachable_postgres_retries_then_fails(tmp_path):
    port = free_port()
    write_site(tmp_path, {"javax.jdo.option.ConnectionURL": f"jdbc:postgresql://127.0.0.1:{port}/x",
                          "javax.jdo.option.ConnectionUserName": "u",
                          "javax.jdo.option.ConnectionPassword": "p"})
    started = time.time()
    result = run_hms(tmp_path, "serve", timeout=120)
    assert result.returncode != 0
    assert "retrying" in result.stderr
    assert f"port {port}" in result.stderr
    assert time.time() - started > 5


def test_other_driver_is_refused(tmp_path):
    write_site(tmp_path, {"javax.jdo.option.ConnectionURL": "jdbc:mysql://db:3306/metastore",
                          "javax.jdo.option.ConnectionDriverName": "com.mysql.cj.jdbc.Driver"})
    result = run_hms(tmp_path, "serve")
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


def test_print_config_masks_passwords_and_reads_service_opts(tmp_path, pg):
    write_site(tmp_path, {"javax.jdo.option.ConnectionPassword": "topsecret",
                          "hive.metastore.port": "9999"})
    result = run_hms(tmp_path, "serve", "--print-config",
                     env={"SERVICE_OPTS": "-Xmx1G -Djavax.jdo.option.ConnectionUserName=svc"})
    assert result.returncode == 0, result.stderr
    assert "topsecret" not in result.stdout
    assert "svc" in result.stdout
    assert "9999" in result.stdout


def test_is_resume_waits_for_schema_and_never_initialises(tmp_path, pg, metastore_db):
    name, user, password = metastore_db
    site = site_for(pg, name, user, password)
    write_site(tmp_path, site)
    server = HmsServer(str(tmp_path), int(site["metastore.thrift.port"]), env={"IS_RESUME": "true"})
    try:
        time.sleep(3)
        assert server.process.poll() is None
        assert pg.psql("SELECT to_regclass('public.\"VERSION\"') IS NULL", database=name) == ["t"]
        # Another process initialises; the waiting replica then starts serving.
        init = subprocess.run([HMS_BIN, "schematool", "-dbType", "postgres", "-initSchema",
                               "--conf", str(tmp_path)], capture_output=True, text=True)
        assert init.returncode == 0, init.stderr
        server.wait_ready(timeout=30)
    finally:
        server.stop()


def test_schema_of_other_version_is_refused(tmp_path, pg, start_hms, metastore_db):
    hms = start_hms()
    hms.stop()
    pg.psql('UPDATE "VERSION" SET "SCHEMA_VERSION" = \'3.1.0\'', database=metastore_db[0])
    name, user, password = metastore_db
    write_site(tmp_path, site_for(pg, name, user, password))
    result = run_hms(tmp_path, "serve")
    assert result.returncode != 0
    assert "3.1.0" in result.stderr and "4.2.0" in result.stderr
    assert "upgradeSchema" in result.stderr


def test_schema_of_newer_version_is_refused_unless_verification_is_off(tmp_path, pg, start_hms, metastore_db):
    hms = start_hms()
    hms.stop()
    pg.psql('UPDATE "VERSION" SET "SCHEMA_VERSION" = \'4.3.0\'', database=metastore_db[0])
    name, user, password = metastore_db
    write_site(tmp_path, site_for(pg, name, user, password))
    result = run_hms(tmp_path, "serve")
    assert result.returncode != 0
    assert "4.3.0 is newer than this hms" in result.stderr
    relaxed = start_hms({"metastore.schema.verification": "false"})
    assert "not compatible" not in relaxed.output()


def test_dead_database_gives_a_clear_error_then_recovers(start_hms, connect, ttypes, pg):
    hms = start_hms()
    client = connect(hms.port)
    client.create_database(ttypes.Database(name="survivor"))
    pg.stop()
    try:
        with pytest.raises(ttypes.MetaException) as raised:
            client.get_database("survivor")
        assert "could not connect to the metastore database" in raised.value.message
        with pytest.raises(ttypes.MetaException):
            client.create_database(ttypes.Database(name="lost"))
    finally:
        pg.start()
    assert client.get_database("survivor").name == "survivor"
    assert "lost" not in client.get_all_databases()


def test_serve_hands_glib_allocations_to_malloc(start_hms, monkeypatch):
    """GLib 2.74 keeps the memory of freed objects unless G_SLICE=always-malloc
    is set when the process starts: serve sets it for itself (same process,
    same name), and leaves a G_SLICE the user chose alone."""
    def environment(server):
        with open(f"/proc/{server.process.pid}/environ", "rb") as f:
            return f.read().split(b"\0")

    monkeypatch.delenv("G_SLICE", raising=False)
    server = start_hms()
    assert b"G_SLICE=always-malloc" in environment(server)
    with open(f"/proc/{server.process.pid}/comm") as f:
        assert f.read().strip() == "hms"

    chosen = start_hms(env={"G_SLICE": "debug-blocks"})
    assert b"G_SLICE=debug-blocks" in environment(chosen)
    assert b"G_SLICE=always-malloc" not in environment(chosen)
