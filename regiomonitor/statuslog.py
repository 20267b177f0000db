"""The opgaven status log: append-only entries in SQLite (default) or PostgreSQL, behind one interface.

An entry says: on this date opgave N had this status, with a note, recorded by this editor. The newest entry
(by date, then by id) is the current status; nothing is ever updated or deleted, so the history is the record.
Each operation opens its own connection and runs in one transaction, so concurrent Streamlit sessions (threads)
and processes never lose a write and a failure leaves no half entry.
"""

from __future__ import annotations

import numbers
import os
import re
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Collection, Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

from regiomonitor.paths import current_paths

STATUSES: Final[tuple[str, ...]] = (
    "nog niet gestart", "in voorbereiding", "in uitvoering", "op koers", "aandacht nodig", "vertraagd",
)
MAX_NOTE: Final[int] = 2000
MAX_EDITOR: Final[int] = 80
OPGAVE_NUMBERS: Final = range(1, 22)
EARLIEST: Final = date(2025, 1, 1)
ENV_DATABASE_URL: Final = "REGIOMONITOR_DATABASE_URL"
_SQLITE_TIMEOUT: Final = 30.0  # seconds a writer waits for another writer's lock
_PG_CONNECT_TIMEOUT: Final = 10  # seconds
# Control characters other than tab and newline (C0, DEL, C1) and lone surrogates (not storable as UTF-8).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")

_COLUMNS = "id, opgave, datum, status, notitie, editor, vastgelegd"
_STATUS_CHECK = "status IN (" + ", ".join(f"'{s}'" for s in STATUSES) + ")"


@dataclass(frozen=True)
class StatusEntry:
    """One recorded status of an opgave."""

    id: int
    opgave: int
    datum: date
    status: str
    notitie: str
    editor: str
    vastgelegd: datetime


class StatusLogError(Exception):
    """A status-log operation failed; ``user_message`` is Dutch and safe to show (no secrets)."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


def validate_entry(opgave: int, datum: date, status: str, notitie: str, editor: str,
                   known_opgaven: Collection[int] | None = None,
                   today: date | None = None) -> tuple[int, date, str, str, str]:
    """Normalise an entry or raise :class:`StatusLogError` naming the field.

    Notes and names are stripped and CR/CRLF line breaks become newlines; other control characters are refused
    (in names also newline and tab). The date may lie from 1 January 2025 up to one year after ``today``.
    Messages start with the field's Dutch label (Opgave, Datum, Status, Toelichting, Redacteur) and never echo
    the input.
    """
    today = today or date.today()
    known = OPGAVE_NUMBERS if known_opgaven is None else known_opgaven
    if isinstance(opgave, bool) or not isinstance(opgave, numbers.Integral) or int(opgave) not in known:
        raise StatusLogError("Opgave: dit is geen bekend opgavenummer.")
    opgave = int(opgave)
    if not isinstance(datum, date) or isinstance(datum, datetime):
        raise StatusLogError("Datum: geef een datum op.")
    if datum < EARLIEST or datum > _one_year_after(today):
        raise StatusLogError(f"Datum: kies een datum tussen {EARLIEST:%d-%m-%Y} en een jaar na vandaag.")
    if not isinstance(status, str) or status not in STATUSES:
        raise StatusLogError("Status: kies een status uit de lijst.")
    note = str(notitie or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(note) > MAX_NOTE:
        raise StatusLogError(f"Toelichting: hooguit {MAX_NOTE} tekens.")
    if _CONTROL.search(note):
        raise StatusLogError("Toelichting: bevat niet-afdrukbare tekens.")
    name = str(editor or "").strip()
    if not name:
        raise StatusLogError("Redacteur: de naam ontbreekt.")
    if len(name) > MAX_EDITOR or _CONTROL.search(name) or "\n" in name or "\t" in name:
        raise StatusLogError(f"Redacteur: een naam van hooguit {MAX_EDITOR} tekens op één regel.")
    return opgave, datum, status, note, name


def _one_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day + timedelta(days=365)


def _entry(row: tuple[Any, ...]) -> StatusEntry:
    ident, opgave, datum, status, notitie, editor, vastgelegd = row
    datum = datum if isinstance(datum, date) else date.fromisoformat(str(datum))
    if not isinstance(vastgelegd, datetime):
        vastgelegd = datetime.fromisoformat(str(vastgelegd))
    vastgelegd = vastgelegd.replace(tzinfo=UTC) if vastgelegd.tzinfo is None else vastgelegd.astimezone(UTC)
    return StatusEntry(int(ident), int(opgave), datum, str(status), str(notitie), str(editor), vastgelegd)


class StatusLog(ABC):
    """Append-only storage of status entries. Subclasses provide a connection; the SQL is shared."""

    backend: str = ""
    _param: str = "?"

    @abstractmethod
    def describe(self) -> str:
        """Where the log lives, for the interface (never a password)."""

    @abstractmethod
    @contextmanager
    def _transaction(self, write: bool = True) -> Iterator[Any]:
        """A cursor inside one transaction: committed on success, rolled back on any error.

        ``write=False`` marks a read-only transaction, which need not wait for writers.
        """

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.describe()}>"

    def append(self, opgave: int, datum: date, status: str, notitie: str, editor: str) -> StatusEntry:
        """Validate and write one entry; returns it with its id and timestamp.

        Raises:
            StatusLogError: invalid input (naming the field) or a storage failure (nothing is written).
        """
        opgave, datum, status, note, name = validate_entry(opgave, datum, status, notitie, editor)
        now = datetime.now(UTC)
        p = self._param
        sql = (f"INSERT INTO status_log (opgave, datum, status, notitie, editor, vastgelegd) "
               f"VALUES ({p}, {p}, {p}, {p}, {p}, {p}) RETURNING id")
        try:
            with self._transaction() as cur:
                cur.execute(sql, (opgave, datum.isoformat() if self.backend == "sqlite" else datum, status, note,
                                  name, now.isoformat() if self.backend == "sqlite" else now))
                ident = cur.fetchone()[0]
        except StatusLogError:
            raise
        except Exception as exc:  # driver errors differ per backend; the message must stay generic and safe
            raise StatusLogError(f"De status kon niet worden opgeslagen ({exc.__class__.__name__}); "
                                 "er is niets vastgelegd.") from exc
        return StatusEntry(int(ident), opgave, datum, status, note, name, now)

    def _select(self, sql: str, params: tuple[Any, ...] = ()) -> list[StatusEntry]:
        try:
            with self._transaction(write=False) as cur:
                cur.execute(sql, params)
                rows = cur.fetchall()
        except Exception as exc:
            raise StatusLogError(f"De statuslog kon niet worden gelezen ({exc.__class__.__name__}).") from exc
        return [_entry(tuple(r)) for r in rows]

    def history(self, opgave: int) -> list[StatusEntry]:
        """All entries of one opgave, newest first (date, then id)."""
        return self._select(f"SELECT {_COLUMNS} FROM status_log WHERE opgave = {self._param} "
                            "ORDER BY datum DESC, id DESC", (int(opgave),))

    def current(self) -> dict[int, StatusEntry]:
        """The newest entry per opgave (by date, then id); opgaven without entries are absent."""
        rows = self._select(
            f"SELECT {_COLUMNS} FROM (SELECT {_COLUMNS}, ROW_NUMBER() OVER "
            "(PARTITION BY opgave ORDER BY datum DESC, id DESC) AS rang FROM status_log) AS t "
            "WHERE rang = 1 ORDER BY opgave"
        )
        return {entry.opgave: entry for entry in rows}

    def count(self) -> int:
        """Number of entries (for tests and the benchmark)."""
        try:
            with self._transaction(write=False) as cur:
                cur.execute("SELECT COUNT(*) FROM status_log")
                return int(cur.fetchone()[0])
        except Exception as exc:
            raise StatusLogError(f"De statuslog kon niet worden gelezen ({exc.__class__.__name__}).") from exc

    def close(self) -> None:
        """Nothing to release: every operation opens and closes its own connection."""


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
        except (OSError, sqlite3.Error) as exc:
            raise StatusLogError(f"De statuslog kon niet worden geopend ({exc.__class__.__name__}).") from exc

    def describe(self) -> str:
        root = current_paths().root
        try:
            shown = self.path.resolve().relative_to(root)
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
        except StatusLogError:
            raise
        except Exception as exc:
            raise StatusLogError(
                f"De database van de statuslog is niet bereikbaar ({exc.__class__.__name__}).") from exc

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
