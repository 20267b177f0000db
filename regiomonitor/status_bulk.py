"""Bulk status entry: several opgaven at once, from the table form or an uploaded CSV / Excel sheet.

A sheet has the columns opgave, datum, status and (optionally) toelichting. Every row is checked with the status
log's own rules (:func:`regiomonitor.statuslog.validate_entry`); each bad row gets one Dutch message naming the
row and the field, and when any row is bad nothing is written. Rows that are entirely empty are skipped. The
editor and the time of recording are added by the status log when the rows are written. No Streamlit here.
"""

from __future__ import annotations

import io
import numbers
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Final

import numpy as np
import pandas as pd

from regiomonitor.statuslog import STATUSES, StatusLog, StatusLogError, validate_entry

#: Accepted column names (lower case) per field.
COLUMN_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "opgave": ("opgave", "nummer", "nr", "nr.", "opgavenummer"),
    "datum": ("datum", "date"),
    "status": ("status",),
    "toelichting": ("toelichting", "notitie", "note", "opmerking"),
}
MAX_ROWS: Final[int] = 200
MAX_BYTES: Final[int] = 1_000_000
TEMPLATE_COLUMNS: Final[tuple[str, ...]] = ("opgave", "datum", "status", "toelichting")
_LEADING_NUMBER = re.compile(r"^\s*(\d{1,3})(?:\s*[.:)\-–]\s*.*)?\s*$", re.DOTALL)
_DMY = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$")
_YMD = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?\s*$")


class BulkFileError(ValueError):
    """The uploaded file cannot be read as a sheet of status rows; the message is Dutch and safe to show."""


@dataclass(frozen=True)
class BulkRow:
    """One validated row, ready for :meth:`regiomonitor.statuslog.StatusLog.append`."""

    opgave: int
    datum: date
    status: str
    notitie: str


@dataclass(frozen=True)
class BulkCheck:
    """The outcome of checking a sheet: the valid rows and one message per bad row."""

    rows: tuple[BulkRow, ...] = ()
    errors: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        """True when there is at least one row and no row is bad."""
        return bool(self.rows) and not self.errors


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and pd.isna(value):
        return True
    if value is pd.NaT:
        return True
    return isinstance(value, str) and not value.strip()


def parse_opgave(value: object) -> int | None:
    """An opgave number from 13, 13.0, '13' or '13. Energiearmoede aanpakken'; None when it is none of those."""
    if isinstance(value, (bool, np.bool_)):
        return None
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return int(float(value)) if float(value).is_integer() else None
    if isinstance(value, str):
        match = _LEADING_NUMBER.match(value)
        return int(match.group(1)) if match else None
    return None


def parse_date(value: object) -> date | None:
    """A date from a date cell or text: 'dd-mm-jjjj' (also with / or .) or 'jjjj-mm-dd'; None otherwise."""
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    for pattern, order in ((_DMY, (2, 1, 0)), (_YMD, (0, 1, 2))):
        match = pattern.match(value)
        if match:
            parts = [int(match.group(i + 1)) for i in range(3)]
            year, month, day = (parts[order[0]], parts[order[1]], parts[order[2]])
            try:
                return date(year, month, day)
            except ValueError:
                return None
    return None


def parse_status(value: object) -> str | None:
    """The status from the fixed list, matched without regard to case and surrounding spaces."""
    if not isinstance(value, str):
        return None
    wanted = " ".join(value.split()).casefold()
    return next((s for s in STATUSES if s == wanted), None)


def _columns(frame: pd.DataFrame) -> dict[str, str]:
    """Map our field names to the frame's columns; BulkFileError when a required column is missing."""
    found: dict[str, str] = {}
    for col in frame.columns:
        name = str(col).strip().casefold()
        for key, names in COLUMN_NAMES.items():
            if name in names and key not in found:
                found[key] = col
    missing = [k for k in ("opgave", "datum", "status") if k not in found]
    if missing:
        raise BulkFileError(
            "Het bestand mist de kolom(men) "
            + ", ".join(f"'{m}'" for m in missing)
            + ". Verwacht: opgave, datum, status en eventueel toelichting (eerste rij = kopjes)."
        )
    return found


def check_rows(
    frame: pd.DataFrame,
    editor: str,
    known_opgaven: Collection[int],
    today: date | None = None,
    first_row: int = 2,
    row_word: str = "Rij",
) -> BulkCheck:
    """Validate every row of a sheet.

    Args:
        frame: one row per entry with the columns of :data:`COLUMN_NAMES` (any order, any case).
        editor: the logged-in editor (checked like a single entry).
        known_opgaven: the opgave numbers that exist.
        today: for the date window of the status log.
        first_row: the number people see for the first data row (2 in a spreadsheet with a header row).
        row_word: 'Rij' for an uploaded sheet, 'Regel' for the table form.

    Returns:
        The valid rows and one message per bad row ('Rij 3: Status: kies een status uit de lijst.'). Entirely
        empty rows are skipped.

    Raises:
        BulkFileError: a required column is missing or there are more than :data:`MAX_ROWS` rows.
    """
    cols = _columns(frame)
    rows: list[BulkRow] = []
    errors: list[str] = []
    data = frame.reset_index(drop=True)
    # A row counts when it names an opgave, a status or a note; a date alone (the table form pre-fills today) does not.
    content_cols = [c for k, c in cols.items() if k != "datum"]
    filled = [i for i in range(len(data)) if not all(_blank(data.at[i, c]) for c in content_cols)]
    if len(filled) > MAX_ROWS:
        raise BulkFileError(f"Het bestand heeft {len(filled)} regels; hooguit {MAX_ROWS} tegelijk.")
    for i in filled:
        label = f"{row_word} {i + first_row}"
        raw: dict[str, Any] = {k: data.at[i, c] for k, c in cols.items()}
        nummer = parse_opgave(raw["opgave"])
        if nummer is None:
            errors.append(f"{label}: Opgave: geef het nummer van de opgave (1 tot en met 21).")
            continue
        datum = parse_date(raw["datum"])
        if datum is None:
            errors.append(f"{label}: Datum: schrijf de datum als dd-mm-jjjj (bijvoorbeeld 15-01-2026).")
            continue
        status = parse_status(raw["status"])
        if status is None:
            errors.append(f"{label}: Status: kies een van: {', '.join(STATUSES)}.")
            continue
        note_raw = raw.get("toelichting")
        note = "" if _blank(note_raw) else str(note_raw)
        try:
            checked = validate_entry(nummer, datum, status, note, editor, known_opgaven=known_opgaven, today=today)
        except StatusLogError as exc:
            errors.append(f"{label}: {exc.user_message}")
            continue
        rows.append(BulkRow(opgave=checked[0], datum=checked[1], status=checked[2], notitie=checked[3]))
    if not filled:
        errors.append("Er staan geen ingevulde regels in; er is niets vastgelegd.")
    return BulkCheck(rows=tuple(rows), errors=tuple(errors))


def read_sheet(name: str, content: bytes) -> pd.DataFrame:
    """An uploaded CSV (comma or semicolon, UTF-8 with or without BOM) or Excel file (.xlsx) as text cells.

    Raises:
        BulkFileError: too large, an unknown extension, or not readable as that kind of file.
    """
    if len(content) > MAX_BYTES:
        raise BulkFileError(f"Het bestand is groter dan {MAX_BYTES // 1_000_000} MB.")
    lower = name.lower()
    try:
        if lower.endswith(".csv"):
            text = content.decode("utf-8-sig")
            return pd.read_csv(io.StringIO(text), sep=None, engine="python", dtype=str, keep_default_na=False)
        if lower.endswith(".xlsx"):
            return pd.read_excel(io.BytesIO(content), dtype=object, engine="openpyxl")
    except UnicodeDecodeError as exc:
        raise BulkFileError("Het CSV-bestand is geen UTF-8-tekst. Sla het op als 'CSV UTF-8'.") from exc
    except Exception as exc:
        raise BulkFileError(
            f"Het bestand kon niet worden gelezen ({exc.__class__.__name__}). Gebruik het voorbeeldbestand als basis."
        ) from exc
    raise BulkFileError("Kies een CSV-bestand (.csv) of een Excel-bestand (.xlsx).")


def template_csv() -> bytes:
    """An empty sheet with the expected header and one example row (UTF-8 with BOM, semicolons, for Excel)."""
    lines = [";".join(TEMPLATE_COLUMNS), "13;15-01-2026;in voorbereiding;Voorbeeld: werkgroep gestart"]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def write_rows(log: StatusLog, rows: tuple[BulkRow, ...], editor: str) -> int:
    """Append the checked rows in order; returns how many were written.

    Every row has already passed the same validation the log applies, so a failure here is a storage failure.

    Raises:
        StatusLogError: with a Dutch message that says how many rows were written before the failure.
    """
    written = 0
    for row in rows:
        try:
            log.append(row.opgave, row.datum, row.status, row.notitie, editor)
        except StatusLogError as exc:
            raise StatusLogError(
                f"{exc.user_message} Vastgelegd vóór de fout: {written} van {len(rows)} regels."
            ) from exc
        written += 1
    return written


__all__ = [
    "BulkCheck",
    "BulkFileError",
    "BulkRow",
    "MAX_ROWS",
    "check_rows",
    "parse_date",
    "parse_opgave",
    "parse_status",
    "read_sheet",
    "template_csv",
    "write_rows",
]
