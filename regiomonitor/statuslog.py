"""The opgaven status log: append-only entries in SQLite (default) or PostgreSQL, behind one interface.

An entry says: on this date opgave N had this status, with a note, recorded by this editor. The newest entry
(by date, then by id) is the current status; nothing is ever updated or deleted, so the history is the record.
Each operation opens its own connection and runs in one transaction, so concurrent Streamlit sessions (threads)
and processes never lose a write and a failure leaves no half entry.

The two stores are in :mod:`regiomonitor.statuslog_backends` (:func:`open_status_log` picks one). The same
database holds what the editor login must share between processes (:mod:`regiomonitor.authstore`).
A row that cannot be read (for example a date that is not ISO) is skipped and reported by
:meth:`StatusLog.unreadable_rows`, so one bad row never hides the rest.
"""

from __future__ import annotations

import logging
import numbers
import re
from abc import ABC, abstractmethod
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

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
#: Control characters other than tab and newline (C0, DEL, C1) and lone surrogates (not storable as UTF-8):
#: refused in new entries, stripped from audit lines.
CONTROL: Final = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")

LOG = logging.getLogger(__name__)

# Bidirectional overrides and isolates, zero-width characters and the BOM: invisible, but they reorder or hide
# text on screen ("Trojan source"), so notes and names never keep them.
INVISIBLE: Final = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")

_COLUMNS = "id, opgave, datum, status, notitie, editor, vastgelegd"


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
    if CONTROL.search(note):
        raise StatusLogError("Toelichting: bevat niet-afdrukbare tekens.")
    name = INVISIBLE.sub("", str(editor or "")).strip()
    if not name:
        raise StatusLogError("Redacteur: de naam ontbreekt.")
    if len(name) > MAX_EDITOR or CONTROL.search(name) or "\n" in name or "\t" in name:
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
