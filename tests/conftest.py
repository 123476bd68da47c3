"""Fixtures for the end-to-end tests: a throwaway PostgreSQL 15 cluster, the
hms binary started on free ports, and a Python Thrift client generated from
our IDL by Debian's thrift compiler (a client other than our c_glib code).

Everything runs on loopback and is stopped when the tests end."""

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HMS_BIN = os.environ.get("HMS_BIN", os.path.join(ROOT, "build", "metastore", "hms"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_bindir():
    """The newest PostgreSQL server binaries Debian installed."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if candidates:
        return os.path.dirname(candidates[-1])
    found = shutil.which("initdb")
    if found:
        return os.path.dirname(os.path.realpath(found))
    raise RuntimeError("no PostgreSQL server binaries found; install postgresql-15")


def unprivileged_prefix():
    """initdb and postgres refuse to run as root: run them as 'postgres' then."""
    if os.geteuid() != 0:
        return [], None
    return ["runuser", "-u", "postgres", "--"], pwd.getpwnam("postgres")


class PostgresCluster:
    """A PostgreSQL cluster under a temporary folder, password-authenticated over TCP."""

    def __init__(self, base):
        self.base = base
        self.data = os.path.join(base, "pgdata")
        self.port = free_port()
        self.bindir = pg_bindir()
        self.prefix, self.owner = unprivileged_prefix()
        os.makedirs(self.data, exist_ok=True)
        if self.owner:
            for path in (base, self.data):
                os.chown(path, self.owner.pw_uid, self.owner.pw_gid)
        self.run([os.path.join(self.bindir, "initdb"), "-D", self.data, "-U", "postgres",
                  "-A", "trust", "--auth-host=md5", "--auth-local=trust", "-E", "UTF8",
                  "--locale=C"])
        # Let scram-hashed roles log in too: md5 in pg_hba accepts both.
        self.start()

    def run(self, command, **kwargs):
        return subprocess.run(self.prefix + command, check=True, capture_output=True,
                              text=True, **kwargs)

    def start(self):
        self.run([os.path.join(self.bindir, "pg_ctl"), "-D", self.data, "-w", "-l",
                  os.path.join(self.base, "server.log"), "-o",
                  f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1", "start"])

    def stop(self, mode="fast"):
        self.run([os.path.join(self.bindir, "pg_ctl"), "-D", self.data, "-w", "-m", mode, "stop"])

    def restart(self):
        self.stop()
        self.start()

    def psql(self, sql, database="postgres", user="postgres"):
        """Runs SQL as a superuser over the Unix socket; returns stdout rows."""
        result = subprocess.run(
            ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", self.base,
             "-p", str(self.port), "-U", user, "-d", database, "-c", sql],
            check=True, capture_output=True, text=True)
        return [line for line in result.stdout.splitlines() if line]

    def create_database(self, name, user, password, encryption="md5"):
        """A login role with a password hashed as asked, owning a new database."""
        self.psql(f"SET password_encryption = '{encryption}'; "
                  f"CREATE ROLE {user} LOGIN PASSWORD '{password}'")
        self.psql(f"CREATE DATABASE {name} OWNER {user}")

    def jdbc_url(self, database):
        return f"jdbc:postgresql://127.0.0.1:{self.port}/{database}"


@pytest.fixture(scope="session")
def pg():
    base = tempfile.mkdtemp(prefix="hms-test-pg-")
    os.chmod(base, 0o755)
    cluster = PostgresCluster(base)
    yield cluster
    try:
        cluster.stop("immediate")
    finally:
        shutil.rmtree(base, ignore_errors=True)


_counter = [0]


@pytest.fixture
def metastore_db(pg):
    """A fresh database and md5 role of its own for one test: (name, user, password)."""
    _counter[0] += 1
    name = f"metastore_{os.getpid()}_{_counter[0]}"
    user = f"hive_{os.getpid()}_{_counter[0]}"
    password = "s3cret pass'word"
    pg.create_database(name, user, password.replace("'", "''"))
    return name, user, password


def write_site(directory, properties, filename="hive-site.xml"):
    """Writes a Hadoop configuration file the way the apache/hive image has one."""
    from xml.sax.saxutils import escape
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, filename), "w") as f:
        f.write('<?xml version="1.0"?>\n<configuration>\n')
        for key, value in properties.items():
            f.write(f"  <property><name>{escape(key)}</name><value>{escape(str(value))}</value></property>\n")
        f.write("</configuration>\n")


class HmsServer:
    """An `hms serve` process with its own conf folder."""

    def __init__(self, conf_dir, port, env=None, args=()):
        self.conf_dir = conf_dir
        self.port = port
        self.log_path = os.path.join(conf_dir, "hms.log")
        self.log = open(self.log_path, "w")
        full_env = dict(os.environ)
        full_env.update(env or {})
        self.process = subprocess.Popen([HMS_BIN, "serve", "--conf", conf_dir, *args],
                                        stdout=self.log, stderr=subprocess.STDOUT, env=full_env)

    def wait_ready(self, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"hms exited with {self.process.returncode}:\n{self.output()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"hms did not listen within {timeout} s:\n{self.output()}")

    def output(self):
        if not self.log.closed:
            self.log.flush()
        with open(self.log_path) as f:
            return f.read()

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        return self.process.returncode


@pytest.fixture
def start_hms(tmp_path, pg, metastore_db):
    """Starts hms on the test's database; extra properties and env may be given."""
    servers = []

    def start(properties=None, env=None, args=(), wait=True, database=None):
        name, user, password = database or metastore_db
        port = free_port()
        conf_dir = str(tmp_path / f"conf{len(servers)}")
        site = {
            "javax.jdo.option.ConnectionURL": pg.jdbc_url(name),
            "javax.jdo.option.ConnectionDriverName": "org.postgresql.Driver",
            "javax.jdo.option.ConnectionUserName": user,
            "javax.jdo.option.ConnectionPassword": password,
            "metastore.thrift.port": port,
            "metastore.thrift.bind.host": "127.0.0.1",
            "metastore.warehouse.dir": "s3a://warehouse/managed",
            "metastore.warehouse.external.dir": "s3a://warehouse/external",
            # Dropped data is deleted on S3 (warehouse_fs.c); tests have no S3 unless
            # they start one, so an unreachable AWS endpoint must fail at once.
            "fs.s3a.attempts.maximum": "0",
        }
        site.update(properties or {})
        write_site(conf_dir, site)
        server = HmsServer(conf_dir, port, env=env, args=args)
        servers.append(server)
        return server.wait_ready() if wait else server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def thrift_modules():
    """Python modules generated from thrift/hive_metastore.thrift."""
    out = tempfile.mkdtemp(prefix="hms-test-py-")
    subprocess.run(["thrift", "-r", "--gen", "py", "-out", out,
                    os.path.join(ROOT, "thrift", "hive_metastore.thrift")], check=True)
    sys.path.insert(0, out)
    import hive_metastore.ThriftHiveMetastore as service
    import hive_metastore.ttypes as ttypes
    yield service, ttypes
    shutil.rmtree(out, ignore_errors=True)


@pytest.fixture
def connect(thrift_modules):
    """Opens clients as Trino's default transport does: plain socket, binary protocol."""
    from thrift.protocol import TBinaryProtocol
    from thrift.transport import TSocket, TTransport
    service, _ = thrift_modules
    transports = []

    def open_client(port, framed=False):
        sock = TSocket.TSocket("127.0.0.1", port)
        sock.setTimeout(30000)
        transport = TTransport.TFramedTransport(sock) if framed else TTransport.TBufferedTransport(sock)
        transport.open()
        transports.append(transport)
        return service.Client(TBinaryProtocol.TBinaryProtocol(transport))

    yield open_client
    for transport in transports:
        transport.close()


@pytest.fixture
def ttypes(thrift_modules):
    return thrift_modules[1]
