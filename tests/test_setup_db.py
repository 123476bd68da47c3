"""sql/setup-db.sql as an operator runs it, then hms on what it made: the
role's password stored as md5 (the seed deployment's) or scram-sha-256."""

import os
import subprocess

import pytest

from conftest import ROOT


@pytest.mark.parametrize("encryption,prefix", [("md5", "md5"), ("scram-sha-256", "SCRAM-SHA-256$")])
def test_setup_db_then_serve(pg, start_hms, connect, encryption, prefix):
    user, database, password = f"hive_{encryption[:3]}", f"metastore_{encryption[:3]}", "op's pass"
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", pg.base, "-p", str(pg.port),
                    "-U", "postgres", "-d", "postgres",
                    "-v", f"hms_user={user}", "-v", f"hms_password={password}",
                    "-v", f"hms_db={database}", "-v", f"hms_password_encryption={encryption}",
                    "-f", os.path.join(ROOT, "sql", "setup-db.sql")],
                   check=True, capture_output=True, text=True)
    stored = pg.psql(f"SELECT rolpassword FROM pg_authid WHERE rolname = '{user}'")[0]
    assert stored.startswith(prefix)
    assert pg.psql(f"SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '{database}'") == [user]
    hms = start_hms(database=(database, user, password))
    assert connect(hms.port).get_database("default").name == "default"
