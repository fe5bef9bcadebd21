"""Databases for the panel tests: a fresh SQLite file, and a throwaway PostgreSQL cluster
started by the test itself (Debian's ``postgresql`` binaries; ``scripts/test.sh``
installs them). If PostgreSQL cannot be started the tests FAIL -- they never skip.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from scicity.panel import db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pg_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        pytest.fail("PostgreSQL is not installed (apt-get install postgresql; "
                    "scripts/test.sh does this when run as root)")
    return Path(found[-1]).parent


def _as_user(cmd: list[str], user: str | None) -> list[str]:
    return ["runuser", "-u", user, "--", *cmd] if user else cmd


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A PostgreSQL server on a free port; yields its base URL (no database name)."""
    bindir = _pg_bin()
    user = "postgres" if os.geteuid() == 0 else None
    base = Path(tempfile.mkdtemp(prefix="scicity-pg-"))
    if user:
        pw = pwd.getpwnam(user)
        os.chown(base, pw.pw_uid, pw.pw_gid)
    data, port = base / "data", free_port()
    run = subprocess.run(_as_user([str(bindir / "initdb"), "-D", str(data), "-U", "postgres",
                                   "--auth=trust", "-E", "UTF8"], user),
                         capture_output=True, text=True)
    if run.returncode:
        pytest.fail(f"initdb failed: {run.stderr[-2000:]}")
    start = subprocess.run(_as_user([str(bindir / "pg_ctl"), "-D", str(data), "-w", "-t", "60",
                                     "-l", str(base / "log"), "-o",
                                     f"-p {port} -h 127.0.0.1 -k {base}", "start"], user),
                           capture_output=True, text=True)
    if start.returncode:
        log = (base / "log").read_text() if (base / "log").exists() else ""
        pytest.fail(f"PostgreSQL did not start: {start.stderr[-1000:]} {log[-2000:]}")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        db.dispose_all()
        subprocess.run(_as_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                                 "stop"], user), capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def fresh_pg_database(server: str) -> str:
    """A new empty database on ``server``; returns its URL."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server.replace("postgresql+psycopg", "postgresql") + "/postgres",
                         autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def panel_url(request, tmp_path, monkeypatch) -> Iterator[str]:
    """A fresh database of each kind, made the default for the code under test."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'data' / 'panel.sqlite'}"
    else:
        url = fresh_pg_database(request.getfixturevalue("pg_server"))
    monkeypatch.setenv("SCICITY_DATABASE_URL", url)
    yield url
    db.dispose_all()
