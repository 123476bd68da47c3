"""The embedded default: `hms serve` with no database configured starts its
own PostgreSQL under a data folder, and a second start reuses it."""

import os
import shutil
import subprocess
import tempfile

import pytest

from conftest import HMS_BIN, HmsServer, free_port


@pytest.fixture
def data_dir():
    # Readable by the unprivileged user the cluster runs as when the tests run as root.
    base = tempfile.mkdtemp(prefix="hms-embedded-")
    os.chmod(base, 0o755)
    yield os.path.join(base, "data")
    shutil.rmtree(base, ignore_errors=True)


def postmaster_running(data_dir):
    pid_file = os.path.join(data_dir, "pgdata", "postmaster.pid")
    if not os.path.exists(pid_file):
        return False
    with open(pid_file) as f:
        pid = int(f.readline())
    return os.path.exists(f"/proc/{pid}")


def start(data_dir, port, conf_dir):
    server = HmsServer(conf_dir, port, args=["--data-dir", data_dir, "-D", f"metastore.thrift.port={port}"],
                       env={"HIVE_CONF_DIR": conf_dir})
    return server.wait_ready(timeout=120)


def test_embedded_first_start_then_reuse(data_dir, tmp_path, connect, ttypes):
    conf_dir = str(tmp_path / "emptyconf")
    os.makedirs(conf_dir)
    port = free_port()
    server = start(data_dir, port, conf_dir)
    try:
        client = connect(port)
        default = client.get_database("default")
        assert default.locationUri == "file:" + os.path.join(os.path.realpath(data_dir), "warehouse")
        client.create_database(ttypes.Database(name="kept"))
    finally:
        assert server.stop() == 0
    assert not postmaster_running(data_dir), "SIGTERM must stop the embedded PostgreSQL too"
    assert "listening on 127.0.0.1" in server.output()

    server = start(data_dir, port, conf_dir)
    try:
        assert "kept" in connect(port).get_all_databases()
        assert "Initialization script" not in server.output()
    finally:
        server.stop()


def test_embedded_print_config_shows_defaults(data_dir, tmp_path):
    result = subprocess.run([HMS_BIN, "serve", "--conf", str(tmp_path), "--data-dir", data_dir,
                             "--print-config"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "metastore.thrift.bind.host = 127.0.0.1" in result.stdout
    assert "metastore.thrift.port = 9083" in result.stdout
