"""The opgaven status log: append-only entries in SQLite (default) or PostgreSQL, behind one interface.

An entry says: on this date opgave N had this status, with a note, recorded by this editor. The newest entry
(by date, then by id) is the current status; nothing is ever updated or deleted, so the history is the record.
Each operation opens its own connection and runs in one transaction, so concurrent Streamlit sessions (threads)
and processes never lose a write and a failure leaves no half entry.

The same database holds what the editor login must share between server processes and keep out of Streamlit's
caches (which any browser can ask to clear): the signing key of editor sessions (``app_secret``), the login
throttle's failure counts (``login_failure``) and an append-only audit log of logins and writes (``audit_log``).
A row that cannot be read (for example a date that is not ISO) is skipped and reported by
:meth:`StatusLog.unreadable_rows`, so one bad row never hides the rest.
"""

from __future__ import annotations

import logging
import numbers
import os
import re
import secrets
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
    "nog niet gestart",
    "in voorbereiding",
    "in uitvoering",
    "op koers",
    "aandacht nodig",
    "vertraagd",
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

LOG = logging.getLogger(__name__)

# Bidirectional overrides and isolates, zero-width characters and the BOM: invisible, but they reorder or hide
# text on screen ("Trojan source"), so notes and names never keep them.
INVISIBLE: Final = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")
#: Failure counts older than this are dropped (the longest wait is minutes; a day keeps the table small).
FAILURE_RETENTION: Final = 24 * 3600.0

_COLUMNS = "id, opgave, datum, status, notitie, editor, vastgelegd"
_AUX_TABLES: Final = (
    "CREATE TABLE IF NOT EXISTS app_secret (name TEXT PRIMARY KEY, value TEXT NOT NULL, created TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS login_failure ("
    " key TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_failure DOUBLE PRECISION NOT NULL)",
    "CREATE TABLE IF NOT EXISTS audit_log (id {id}, at TEXT NOT NULL, event TEXT NOT NULL,"
    " editor TEXT NOT NULL, client TEXT NOT NULL, detail TEXT NOT NULL)",
)
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


def validate_entry(
    opgave: int,
    datum: date,
    status: str,
    notitie: str,
    editor: str,
    known_opgaven: Collection[int] | None = None,
    today: date | None = None,
) -> tuple[int, date, str, str, str]:
    """Normalise an entry or raise :class:`StatusLogError` naming the field.

    Notes and names are stripped, lose invisible direction and zero-width characters (``INVISIBLE``), and CR/CRLF
    line breaks become newlines; other control characters are refused (in names also newline and tab). The date may lie from 1 January 2025 up to one year after ``today``.
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
    note = INVISIBLE.sub("", str(notitie or "")).replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(note) > MAX_NOTE:
        raise StatusLogError(f"Toelichting: hooguit {MAX_NOTE} tekens.")
    if _CONTROL.search(note):
        raise StatusLogError("Toelichting: bevat niet-afdrukbare tekens.")
    name = INVISIBLE.sub("", str(editor or "")).strip()
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


def _row_problem(row: Any, exc: Exception) -> str:
    """A Dutch, bounded description of why a row cannot be read (names the field, echoes at most 20 characters)."""
    fields = ("id", "opgave", "datum", "status", "notitie", "editor", "vastgelegd")
    for name, value in zip(fields, row, strict=False):
        if name == "datum" and not isinstance(value, date):
            try:
                date.fromisoformat(str(value))
            except ValueError:
                return f"datum {str(value)[:20]!r} is geen datum als 2026-03-31"
        if name == "vastgelegd" and not isinstance(value, datetime):
            try:
                datetime.fromisoformat(str(value))
            except ValueError:
                return f"tijdstip {str(value)[:20]!r} is geen ISO-tijdstip"
    return "onleesbaar"


def _entry(row: tuple[Any, ...]) -> StatusEntry:
    ident, opgave, datum, status, notitie, editor, vastgelegd = row
    datum = datum if isinstance(datum, date) else date.fromisoformat(str(datum))
    if not isinstance(vastgelegd, datetime):
        vastgelegd = datetime.fromisoformat(str(vastgelegd))
    vastgelegd = vastgelegd.replace(tzinfo=UTC) if vastgelegd.tzinfo is None else vastgelegd.astimezone(UTC)
    return StatusEntry(
        int(ident), int(opgave), datum, str(status), visible(str(notitie)), visible(str(editor)), vastgelegd
    )


def visible(text: str) -> str:
    """``text`` with each invisible direction or zero-width character shown as a visible code, e.g. ``[U+202E]``.

    New entries never keep such characters (:func:`validate_entry` strips them); rows written earlier or by hand
    are shown this way, so a reversed or hidden word cannot mislead a reader.

    >>> visible("ok\u202eevil")
    'ok[U+202E]evil'
    """
    return INVISIBLE.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


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
        sql = (
            f"INSERT INTO status_log (opgave, datum, status, notitie, editor, vastgelegd) "
            f"VALUES ({p}, {p}, {p}, {p}, {p}, {p}) RETURNING id"
        )
        try:
            with self._transaction() as cur:
                cur.execute(
                    sql,
                    (
                        opgave,
                        datum.isoformat() if self.backend == "sqlite" else datum,
                        status,
                        note,
                        name,
                        now.isoformat() if self.backend == "sqlite" else now,
                    ),
                )
                ident = cur.fetchone()[0]
        except StatusLogError:
            raise
        except Exception as exc:  # driver errors differ per backend; the message must stay generic and safe
            raise StatusLogError(
                f"De status kon niet worden opgeslagen ({exc.__class__.__name__}); er is niets vastgelegd."
            ) from exc
        return StatusEntry(int(ident), opgave, datum, status, note, name, now)

    def _select(self, sql: str, params: tuple[Any, ...] = ()) -> list[StatusEntry]:
        try:
            with self._transaction(write=False) as cur:
                cur.execute(sql, params)
                rows = cur.fetchall()
        except Exception as exc:
            raise StatusLogError(f"De statuslog kon niet worden gelezen ({exc.__class__.__name__}).") from exc
        entries = []
        for row in rows:
            try:
                entries.append(_entry(tuple(row)))
            except (TypeError, ValueError) as exc:
                # One bad row (a hand-edited date, say) must not hide the rest: skip it, tell the operator.
                LOG.warning("Status-log row %r skipped: %s", row[0] if len(row) else "?", _row_problem(row, exc))
        return entries

    def unreadable_rows(self) -> list[tuple[int | str, str]]:
        """Rows the log skips because they cannot be read: ``(id, Dutch reason)`` each, for the operator.

        Raises:
            StatusLogError: the storage cannot be read at all.
        """
        try:
            with self._transaction(write=False) as cur:
                cur.execute(f"SELECT {_COLUMNS} FROM status_log ORDER BY id")
                rows = cur.fetchall()
        except Exception as exc:
            raise StatusLogError(f"De statuslog kon niet worden gelezen ({exc.__class__.__name__}).") from exc
        bad: list[tuple[int | str, str]] = []
        for row in rows:
            try:
                _entry(tuple(row))
            except (TypeError, ValueError) as exc:
                bad.append((row[0], _row_problem(row, exc)))
        return bad

    def history(self, opgave: int) -> list[StatusEntry]:
        """All entries of one opgave, newest first (date, then id)."""
        return self._select(
            f"SELECT {_COLUMNS} FROM status_log WHERE opgave = {self._param} ORDER BY datum DESC, id DESC",
            (int(opgave),),
        )

    def current(self) -> dict[int, StatusEntry]:
        """The newest readable entry per opgave (by date, then id); opgaven without entries are absent.

        Read in full and ranked here rather than with a window function, so an unreadable newest row (skipped)
        leaves the opgave with its previous entry instead of with none. A log holds a few entries per opgave
        per month: this stays small.
        """
        current: dict[int, StatusEntry] = {}
        for entry in self._select(f"SELECT {_COLUMNS} FROM status_log"):
            best = current.get(entry.opgave)
            if best is None or (entry.datum, entry.id) > (best.datum, best.id):
                current[entry.opgave] = entry
        return dict(sorted(current.items()))

    def count(self) -> int:
        """Number of entries (for tests and the benchmark)."""
        try:
            with self._transaction(write=False) as cur:
                cur.execute("SELECT COUNT(*) FROM status_log")
                return int(cur.fetchone()[0])
        except Exception as exc:
            raise StatusLogError(f"De statuslog kon niet worden gelezen ({exc.__class__.__name__}).") from exc

    def close(self) -> None:  # noqa: B027 - optional hook, most stores have nothing to release
        """Nothing to release: every operation opens and closes its own connection."""


class AuthStore:
    """What the editor login shares between server processes, in the status log's database (not in the log).

    The signing key of editor sessions, the throttle's failure counts and the audit log live here rather than in
    Streamlit's caches, which any browser can ask to clear, or in one process's memory. Kept apart from
    :class:`StatusLog`, whose interface stays append-only.
    """

    def __init__(self, log: StatusLog) -> None:
        self._log = log
        self._param = log._param
        self._transaction = log._transaction

    def __repr__(self) -> str:
        return f"<AuthStore {self._log.describe()}>"

    def secret(self, name: str) -> bytes:
        """The named random secret (32 bytes), created on first use and then the same for every process.

        Raises:
            StatusLogError: the storage cannot be read or written.
        """
        p = self._param
        try:
            with self._transaction() as cur:
                cur.execute(
                    f"INSERT INTO app_secret (name, value, created) VALUES ({p}, {p}, {p}) "
                    "ON CONFLICT (name) DO NOTHING",
                    (name, secrets.token_hex(32), datetime.now(UTC).isoformat()),
                )
                cur.execute(f"SELECT value FROM app_secret WHERE name = {p}", (name,))
                return bytes.fromhex(str(cur.fetchone()[0]))
        except Exception as exc:
            raise StatusLogError(
                f"De sleutel voor inloggen kon niet worden gelezen ({exc.__class__.__name__})."
            ) from exc

    def rotate_secret(self, name: str) -> None:
        """Replace the named secret: every editor session signed with the old one ends at once."""
        p = self._param
        try:
            with self._transaction() as cur:
                cur.execute(f"DELETE FROM app_secret WHERE name = {p}", (name,))
        except Exception as exc:
            raise StatusLogError(f"De sleutel kon niet worden vervangen ({exc.__class__.__name__}).") from exc

    def failure_state(self, key: str) -> tuple[int, float]:
        """``(failures, time of the last failure)`` of a throttle key; ``(0, 0.0)`` when it has none."""
        try:
            with self._transaction(write=False) as cur:
                cur.execute(f"SELECT failures, last_failure FROM login_failure WHERE key = {self._param}", (key,))
                row = cur.fetchone()
        except Exception as exc:
            raise StatusLogError(f"De inlogpogingen konden niet worden gelezen ({exc.__class__.__name__}).") from exc
        return (int(row[0]), float(row[1])) if row else (0, 0.0)

    def record_failure(self, key: str, now: float) -> None:
        """Count one failure for ``key`` at ``now`` (atomic, also across processes); old counts are dropped."""
        p = self._param
        try:
            with self._transaction() as cur:
                cur.execute(
                    f"INSERT INTO login_failure (key, failures, last_failure) VALUES ({p}, 1, {p}) "
                    "ON CONFLICT (key) DO UPDATE SET failures = login_failure.failures + 1, "
                    "last_failure = excluded.last_failure",
                    (key, float(now)),
                )
                cur.execute(f"DELETE FROM login_failure WHERE last_failure < {p}", (float(now) - FAILURE_RETENTION,))
        except Exception as exc:
            raise StatusLogError(f"De inlogpoging kon niet worden geteld ({exc.__class__.__name__}).") from exc

    def clear_failures(self, key: str) -> None:
        """Forget the failures of ``key`` (after a successful login)."""
        try:
            with self._transaction() as cur:
                cur.execute(f"DELETE FROM login_failure WHERE key = {self._param}", (key,))
        except Exception as exc:
            raise StatusLogError(f"De inlogpogingen konden niet worden bijgewerkt ({exc.__class__.__name__}).") from exc

    def audit(self, event: str, editor: str, client: str, detail: str = "") -> None:
        """Append one audit line (who, when, from where, what). Never raises: auditing must not block a login."""
        p = self._param
        clean = [
            INVISIBLE.sub("", _CONTROL.sub("", str(v)))[:limit]
            for v, limit in ((event, 40), (editor, MAX_EDITOR), (client, 100), (detail, 300))
        ]
        try:
            with self._transaction() as cur:
                cur.execute(
                    f"INSERT INTO audit_log (at, event, editor, client, detail) VALUES ({p}, {p}, {p}, {p}, {p})",
                    (datetime.now(UTC).isoformat(timespec="seconds"), *clean),
                )
        except Exception as exc:
            LOG.error("Audit line %r could not be written (%s).", clean[0], exc.__class__.__name__)

    def audit_entries(self, limit: int = 200) -> list[dict[str, str]]:
        """The newest audit lines first: ``at`` (UTC, ISO), ``event``, ``editor``, ``client``, ``detail``."""
        try:
            with self._transaction(write=False) as cur:
                cur.execute(
                    f"SELECT at, event, editor, client, detail FROM audit_log ORDER BY id DESC LIMIT {self._param}",
                    (max(1, min(int(limit), 100_000)),),
                )
                rows = cur.fetchall()
        except Exception as exc:
            raise StatusLogError(f"Het auditlog kon niet worden gelezen ({exc.__class__.__name__}).") from exc
        return [dict(zip(("at", "event", "editor", "client", "detail"), map(str, row), strict=True)) for row in rows]


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
