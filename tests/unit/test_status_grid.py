"""The status grid of the Opgaven page and bulk status entry, on the real opgaven content."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from regiomonitor.content.opgaven_catalogue import OpgavenCatalogue, load_opgaven
from regiomonitor.paths import PATHS
from regiomonitor.status_bulk import (
    BulkFileError,
    check_rows,
    parse_date,
    parse_opgave,
    parse_status,
    read_sheet,
    template_csv,
    write_rows,
)
from regiomonitor.status_grid import (
    GRID_COLUMNS,
    PLAN_SOURCE,
    export_frame,
    grid_summary,
    plan_stage,
    status_grid,
    status_grid_html,
)
from regiomonitor.statuslog_backends import SqliteStatusLog

TODAY = date(2026, 12, 3)
EDITOR = "Anna Redacteur"
KNOWN = set(range(1, 22))


@dataclass(frozen=True)
class _Entry:
    datum: date
    status: str


@pytest.fixture(scope="module")
def catalogue() -> OpgavenCatalogue:
    return load_opgaven(PATHS.content_dir / "opgaven.yaml")


def test_grid_has_21_rows_by_theme_with_plan_stage_until_a_status_is_logged(catalogue: OpgavenCatalogue) -> None:
    grid = status_grid(catalogue, {}, {"afstand_huisarts", "moeite_rondkomen"}, TODAY)
    assert list(grid.columns) == list(GRID_COLUMNS)
    assert sorted(grid["nummer"]) == list(range(1, 22)) and len(grid) == 21
    # Themes in document order, opgaven by number within a theme.
    assert list(dict.fromkeys(grid["thema_id"])) == [t for t in catalogue.by_theme()]
    assert not grid["logged"].any() and (grid["stand_bron"] == PLAN_SOURCE).all()
    assert set(grid["stand_datum"]) == {"maart 2026"}
    row = grid.set_index("nummer")
    assert row.loc[5, "stand"] == "vervolgafspraak"  # the fiche records follow-up agreements
    assert row.loc[13, "stand"] == "lopend traject Rijk"
    assert row.loc[13, "bestuurlijk"] == "deels belegd" and row.loc[13, "uitvoering"] == "belegd"
    assert row.loc[13, "cijfers_eigen"] == 0 and row.loc[13, "cijfers_verwant"] == 1
    assert row.loc[17, "cijfers_eigen"] == 1  # distance to a GP measures opgave 17 itself
    assert set(grid["monitoringsfase"]) == {"2026: Indicatoren en nulmeting"}


def test_plan_stage_never_invents(catalogue: OpgavenCatalogue) -> None:
    for o in catalogue.opgaven:
        stage = plan_stage(o)
        if o.vervolgafspraken:
            assert stage == "vervolgafspraak"
        elif o.lopende_trajecten:
            assert stage == "lopend traject Rijk"
        else:
            assert stage == "nog geen traject"


def test_logged_status_wins_and_shows_its_date(catalogue: OpgavenCatalogue) -> None:
    grid = status_grid(catalogue, {13: _Entry(date(2026, 11, 20), "aandacht nodig")}, set(), TODAY)
    row = grid.set_index("nummer").loc[13]
    assert (row["stand"], row["stand_datum"], row["stand_bron"], bool(row["logged"])) == (
        "aandacht nodig",
        "20-11-2026",
        "statuslog",
        True,
    )
    assert "Voor 1 van de 21 opgaven" in grid_summary(grid)
    html = status_grid_html(grid)
    assert "aandacht nodig" in html and "20-11-2026" in html and html.count("<tr") == 22  # header + 21
    assert 'href="opgave?opgave=13"' in html
    assert html.count("uit het Plan (maart 2026)") == 20


def test_grid_html_escapes_content(catalogue: OpgavenCatalogue) -> None:
    grid = status_grid(catalogue, {}, set(), TODAY)
    grid.loc[0, "titel"] = "<script>alert(1)</script>"
    html = status_grid_html(grid)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_summary_says_the_stage_comes_from_the_plan(catalogue: OpgavenCatalogue) -> None:
    text = grid_summary(status_grid(catalogue, {}, set(), TODAY))
    assert "Voor geen van de 21 opgaven" in text and PLAN_SOURCE in text and "2026: Indicatoren en nulmeting" in text


def test_export_has_dutch_headers(catalogue: OpgavenCatalogue) -> None:
    out = export_frame(status_grid(catalogue, {}, set(), TODAY))
    assert list(out.columns)[:4] == ["Thema", "Nr.", "Opgave", "Stand"] and len(out) == 21
    assert "Verwante cijfers (keuze van de monitor)" in out.columns


# ---------------------------------------------------------------------------------------------- bulk entry


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (13, 13),
        (13.0, 13),
        ("13", 13),
        ("13. Energiearmoede aanpakken", 13),
        (" 7 ", 7),
        ("dertien", None),
        (True, None),
        (13.5, None),
    ],
)
def test_parse_opgave(raw: object, expected: int | None) -> None:
    assert parse_opgave(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("15-01-2026", date(2026, 1, 15)),
        ("5/1/2026", date(2026, 1, 5)),
        ("2026-01-15", date(2026, 1, 15)),
        (pd.Timestamp("2026-01-15"), date(2026, 1, 15)),
        ("31-02-2026", None),
        ("gisteren", None),
        (None, None),
    ],
)
def test_parse_date(raw: object, expected: date | None) -> None:
    assert parse_date(raw) == expected


def test_parse_status_ignores_case_and_spaces() -> None:
    assert parse_status("  Op  Koers ") == "op koers" and parse_status("klaar") is None


def _sheet(*rows: tuple[object, ...]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["Opgave", "Datum", "Status", "Toelichting"])


def test_three_good_rows_pass() -> None:
    check = check_rows(
        _sheet(
            (3, "01-12-2026", "in uitvoering", "start"),
            ("13. Energiearmoede", "2026-11-30", "aandacht nodig", None),
            (21, date(2026, 12, 1), "op koers", ""),
        ),
        EDITOR,
        KNOWN,
        today=TODAY,
    )
    assert check.ok and [r.opgave for r in check.rows] == [3, 13, 21]
    assert check.rows[1].notitie == "" and check.rows[0].datum == date(2026, 12, 1)


def test_every_bad_row_gets_a_dutch_message_and_nothing_passes() -> None:
    check = check_rows(
        _sheet(
            (3, "01-12-2026", "in uitvoering", "goed"),
            (99, "01-12-2026", "op koers", ""),
            (4, "morgen", "op koers", ""),
            (5, "01-12-2026", "klaar", ""),
            (6, "01-01-2020", "op koers", ""),
            (None, None, None, None),
        ),
        EDITOR,
        KNOWN,
        today=TODAY,
    )
    assert not check.ok
    assert check.errors[0].startswith("Rij 3: Opgave:")
    assert check.errors[1].startswith("Rij 4: Datum:") and check.errors[2].startswith("Rij 5: Status:")
    assert check.errors[3].startswith("Rij 6: Datum:")
    assert len(check.errors) == 4  # the empty last row is skipped


def test_missing_column_and_empty_sheet() -> None:
    with pytest.raises(BulkFileError, match="'status'"):
        check_rows(pd.DataFrame({"opgave": [1], "datum": ["01-12-2026"]}), EDITOR, KNOWN, today=TODAY)
    assert not check_rows(_sheet(), EDITOR, KNOWN, today=TODAY).ok


def test_table_form_rows_with_only_a_date_are_empty() -> None:
    frame = pd.DataFrame(
        {
            "opgave": ["2. Culturele", None],
            "datum": [TODAY, TODAY],
            "status": ["op koers", None],
            "toelichting": ["", ""],
        }
    )
    check = check_rows(frame, EDITOR, KNOWN, today=TODAY, first_row=1, row_word="Regel")
    assert check.ok and len(check.rows) == 1


def test_read_csv_semicolon_with_bom_and_excel(tmp_path: Path) -> None:
    sheet = read_sheet("statussen.csv", template_csv())
    assert list(sheet.columns) == ["opgave", "datum", "status", "toelichting"]
    assert check_rows(sheet, EDITOR, KNOWN, today=TODAY).ok
    buf = io.BytesIO()
    _sheet((12, pd.Timestamp("2026-11-02"), "in voorbereiding", "x")).to_excel(buf, index=False)
    assert check_rows(read_sheet("s.xlsx", buf.getvalue()), EDITOR, KNOWN, today=TODAY).ok
    for name, content in (("s.txt", b"a"), ("s.xlsx", b"not excel"), ("s.csv", b"\xff\xfe\x00")):
        with pytest.raises(BulkFileError):
            read_sheet(name, content)


def test_write_rows_appends_with_editor_and_keeps_history(tmp_path: Path) -> None:
    log = SqliteStatusLog(tmp_path / "log.sqlite")
    log.append(13, date(2026, 10, 1), "in voorbereiding", "eerder", "Ander")
    check = check_rows(
        _sheet(
            (3, "01-12-2026", "in uitvoering", ""),
            (13, "01-12-2026", "aandacht nodig", "n"),
            (21, "01-12-2026", "op koers", ""),
        ),
        EDITOR,
        KNOWN,
    )
    assert write_rows(log, check.rows, EDITOR) == 3
    history = log.history(13)
    assert [e.status for e in history] == ["aandacht nodig", "in voorbereiding"]
    assert history[0].editor == EDITOR and history[0].vastgelegd is not None
    assert set(log.current()) == {3, 13, 21}
