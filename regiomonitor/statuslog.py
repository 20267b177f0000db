"""The opgaven status log: append-only entries in SQLite (default) or PostgreSQL, behind one interface.

An entry says: on this date opgave N had this status, with a note, recorded by this editor. The newest entry
(by date, then by id) is the current status; nothing is ever updated or deleted, so the history is the record.
Each operation opens its own connection and runs in one transaction, so concurrent Streamlit sessions (threads)
and processes never lose a write and a failure leaves no half entry.
"""

from __future__ import annotations

import os
import re
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
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
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

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

    Notes and names are stripped; control characters other than newline and tab are refused.
    """
    today = today or date.today()
    known = OPGAVE_NUMBERS if known_opgaven is None else known_opgaven
    if isinstance(opgave, bool) or not isinstance(opgave, int) or opgave not in known:
        raise StatusLogError(f"Opgave: {str(opgave)[:20]!s} is geen bekende opgave.")
    if not isinstance(datum, date) or isinstance(datum, datetime):
        raise StatusLogError("Datum: geef een datum op.")
    if datum < EARLIEST or datum > today + timedelta(days=366):
        raise StatusLogError(f"Datum: kies een datum tussen {EARLIEST:%d-%m-%Y} en een jaar na vandaag.")
    if status not in STATUSES:
        raise StatusLogError("Status: kies een status uit de lijst.")
    note = str(notitie or "").strip()
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
    def _transaction(self) -> Iterator[Any]:
        """A cursor inside one transaction: committed on success, rolled back on any error."""

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

    def _select(self, where: str = "", params: tuple[Any, ...] = ()) -> list[StatusEntry]:
        sql = ("SELECT id, opgave, datum, status, notitie, editor, vastgelegd FROM status_log "
               f"{where} ORDER BY datum DESC, id DESC")
        try:
            with self._transaction() as cur:
                cur.execute(sql, params)
                rows = cur.fetchall()
        except Exception as exc:
            raise StatusLogError(f"De statuslog kon niet worden gelezen ({exc.__class__.__name__}).") from exc
        return [_entry(tuple(r)) for r in rows]

    def history(self, opgave: int) -> list[StatusEntry]:
        """All entries of one opgave, newest first (date, then id)."""
        return self._select(f"WHERE opgave = {self._param}", (int(opgave),))

    def current(self) -> dict[int, StatusEntry]:
        """The newest entry per opgave."""
        out: dict[int, StatusEntry] = {}
        for entry in self._select():
            out.setdefault(entry.opgave, entry)
        return out

    def count(self) -> int:
        """Number of entries (for tests and the benchmark)."""
        with self._transaction() as cur:
            cur.execute("SELECT COUNT(*) FROM status_log")
            return int(cur.fetchone()[0])

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
    def _transaction(self) -> Iterator[sqlite3.Cursor]:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("BEGIN IMMEDIATE")  # take the write lock up front: no lost updates, no upgrade deadlock
            cur = conn.cursor()
            try:
                yield cur
            except BaseException:
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
            raise StatusLogError(f"De database van de statuslog is niet bereikbaar ({exc.__class__.__name__}).") from exc

    def describe(self) -> str:
        parts = urlsplit(self._url)
        host = parts.hostname or "localhost"
        port = f":{parts.port}" if parts.port else ""
        return f"PostgreSQL ({host}{port}{parts.path or ''})"

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        import psycopg

        with psycopg.connect(self._url, connect_timeout=10) as conn:  # commits on success, rolls back on error
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
