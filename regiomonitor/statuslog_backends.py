"""Where the status log is stored: an SQLite file (the default) or PostgreSQL (``REGIOMONITOR_DATABASE_URL``).

Both create the same tables (the log and the login's auxiliary tables) and differ only in how they connect and
open a transaction; :func:`open_status_log` picks one from the environment.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

from regiomonitor.paths import current_paths
from regiomonitor.statuslog import STATUSES, StatusLog, StatusLogError

ENV_DATABASE_URL: Final = "REGIOMONITOR_DATABASE_URL"

_SQLITE_TIMEOUT: Final = 30.0  # seconds a writer waits for another writer's lock

_PG_CONNECT_TIMEOUT: Final = 10  # seconds

_AUX_TABLES: Final = (
    "CREATE TABLE IF NOT EXISTS app_secret (name TEXT PRIMARY KEY, value TEXT NOT NULL, created TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS login_failure ("
    " key TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_failure DOUBLE PRECISION NOT NULL)",
    "CREATE TABLE IF NOT EXISTS audit_log (id {id}, at TEXT NOT NULL, event TEXT NOT NULL,"
    " editor TEXT NOT NULL, client TEXT NOT NULL, detail TEXT NOT NULL)",
)

_STATUS_CHECK = "status IN (" + ", ".join(f"'{s}'" for s in STATUSES) + ")"


class SqliteStatusLog(StatusLog):
    """SQLite file (WAL mode, busy timeout); created with its folder on first use."""

    backend = "sqlite"
    _param = "?"

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with closing(sqlite3.connect(self.path, timeout=_SQLITE_TIMEOUT)) as conn:
                conn.execute("PRAGMA journal_mode=WAL")  # persistent in the file: readers never block the writer
            with self._transaction() as cur:
                cur.execute(
                    "CREATE TABLE IF NOT EXISTS status_log ("
                    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                    " opgave INTEGER NOT NULL CHECK (opgave BETWEEN 1 AND 99),"
                    " datum TEXT NOT NULL,"
                    f" status TEXT NOT NULL CHECK ({_STATUS_CHECK}),"
                    " notitie TEXT NOT NULL,"
                    " editor TEXT NOT NULL,"
                    " vastgelegd TEXT NOT NULL)"
                )
                cur.execute("CREATE INDEX IF NOT EXISTS status_log_opgave ON status_log (opgave, datum, id)")
                for ddl in _AUX_TABLES:
                    cur.execute(ddl.format(id="INTEGER PRIMARY KEY AUTOINCREMENT"))
        except (OSError, sqlite3.Error) as exc:
            raise StatusLogError(f"De statuslog kon niet worden geopend ({exc.__class__.__name__}).") from exc

    def describe(self) -> str:
        root = current_paths().root
        try:
            shown = str(self.path.resolve().relative_to(root))
        except ValueError:
            shown = self.path.name
        return f"SQLite ({shown})"

    @contextmanager
    def _transaction(self, write: bool = True) -> Iterator[sqlite3.Cursor]:
        conn = sqlite3.connect(self.path, timeout=_SQLITE_TIMEOUT, isolation_level=None)
        try:
            # Writers take the write lock up front (no lost updates, no lock-upgrade deadlock); readers see a
            # consistent snapshot without waiting.
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            cur = conn.cursor()
            try:
                yield cur
            except BaseException:
                if conn.in_transaction:  # SQLite may already have rolled back (e.g. disk full)
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()


class PostgresStatusLog(StatusLog):
    """PostgreSQL through psycopg 3; a connection per operation (sessions are short and rare)."""

    backend = "postgresql"
    _param = "%s"

    def __init__(self, url: str) -> None:
        self._url = url
        try:
            import psycopg  # noqa: F401 - imported lazily: only needed when PostgreSQL is configured
        except ImportError as exc:
            raise StatusLogError("PostgreSQL is ingesteld, maar het pakket psycopg ontbreekt.") from exc
        try:
            with self._transaction() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(421337)")  # two servers starting at once
                cur.execute(
                    "CREATE TABLE IF NOT EXISTS status_log ("
                    " id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                    " opgave INTEGER NOT NULL CHECK (opgave BETWEEN 1 AND 99),"
                    " datum DATE NOT NULL,"
                    f" status TEXT NOT NULL CHECK ({_STATUS_CHECK}),"
                    " notitie TEXT NOT NULL,"
                    " editor TEXT NOT NULL,"
                    " vastgelegd TIMESTAMPTZ NOT NULL)"
                )
                cur.execute("CREATE INDEX IF NOT EXISTS status_log_opgave ON status_log (opgave, datum, id)")
                for ddl in _AUX_TABLES:
                    cur.execute(ddl.format(id="BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"))
        except StatusLogError:
            raise
        except Exception as exc:
            raise StatusLogError(
                f"De database van de statuslog is niet bereikbaar ({exc.__class__.__name__})."
            ) from exc

    def describe(self) -> str:
        # Host, port and database only: user name, password and query parameters are never shown.
        parts = urlsplit(self._url)
        host = parts.hostname or "localhost"
        try:
            port = f":{parts.port}" if parts.port else ""
        except ValueError:
            port = ""
        return f"PostgreSQL ({host}{port}{parts.path or ''})"

    @contextmanager
    def _transaction(self, write: bool = True) -> Iterator[Any]:
        import psycopg

        # The connection block commits on success and rolls back on any error, then closes the connection.
        with psycopg.connect(self._url, connect_timeout=_PG_CONNECT_TIMEOUT, application_name="regiomonitor") as conn:
            if not write:
                conn.read_only = True
            with conn.cursor() as cur:
                yield cur


def database_url_from_env(environ: Mapping[str, str] | None = None) -> str | None:
    """``REGIOMONITOR_DATABASE_URL`` when set and not blank."""
    environ = os.environ if environ is None else environ
    value = str(environ.get(ENV_DATABASE_URL, "")).strip()
    return value or None


def default_sqlite_path() -> Path:
    """``var/statuslog.sqlite`` under the project root (git-ignored, outside the tracked data)."""
    return current_paths().root / "var" / "statuslog.sqlite"


def open_status_log(database_url: str | None = None, sqlite_path: Path | None = None) -> StatusLog:
    """PostgreSQL when ``database_url`` is given, else SQLite at ``sqlite_path`` or the default path.

    Raises:
        StatusLogError: the storage cannot be opened or created.
    """
    if database_url:
        if not database_url.startswith(("postgresql://", "postgres://")):
            raise StatusLogError("De database-URL van de statuslog moet met postgresql:// beginnen.")
        return PostgresStatusLog(database_url)
    return SqliteStatusLog(sqlite_path or default_sqlite_path())
