"""Where the panel data lives and how to reach it.

``SCICITY_DATABASE_URL`` (e.g. ``postgresql+psycopg://user:pw@host/db``) selects a server;
otherwise one SQLite file, ``$SCICITY_DATA_DIR/panel.sqlite`` (default ``./data``), is
created on first use. The schema is brought to the newest Alembic revision the first
time a process opens a database, under a lock so that concurrent first uses are safe.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).with_name("alembic")
_ENGINES: dict[str, Engine] = {}


def database_url() -> str:
    """The configured database URL (SQLite file in the data folder by default)."""
    url = os.environ.get("SCICITY_DATABASE_URL", "").strip()
    if url:
        return url
    folder = Path(os.environ.get("SCICITY_DATA_DIR", "data")).resolve()
    return f"sqlite:///{folder / 'panel.sqlite'}"


def engine(url: str | None = None) -> Engine:
    """The (cached) engine for ``url``, migrated to the newest schema."""
    url = url or database_url()
    if url not in _ENGINES:
        eng = _create(url)
        migrate(eng)
        _ENGINES[url] = eng
    return _ENGINES[url]


@contextmanager
def session(url: str | None = None) -> Iterator[Session]:
    """A session committed on success and rolled back on error."""
    maker = sessionmaker(engine(url), expire_on_commit=False)
    with maker() as s, s.begin():
        yield s


def migrate(eng: Engine) -> None:
    """Upgrade the schema to Alembic's head (idempotent; serialised across processes)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with _migration_lock(eng), eng.begin() as conn:
        if eng.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(7140014)"))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def dispose_all() -> None:
    """Close every cached engine (tests simulating a restart)."""
    for eng in _ENGINES.values():
        eng.dispose()
    _ENGINES.clear()


def _create(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    eng = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(eng, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(eng, "begin")
    def _immediate(conn: Any) -> None:
        # take the write lock at BEGIN so concurrent writers queue instead of deadlocking
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    @event.listens_for(eng, "connect")
    def _no_pysqlite_begin(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None

    return eng


@contextmanager
def _migration_lock(eng: Engine) -> Iterator[None]:
    db = eng.url.database if eng.dialect.name == "sqlite" else None
    if not db or db == ":memory:":
        yield
        return
    with open(f"{db}.lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
