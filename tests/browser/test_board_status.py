"""Board view in a real browser: the status grid fits one 1440x900 screen, and an editor sets three statuses at
once by uploading a sheet, then sees them in the grid and in the history of the fiche."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from regiomonitor.auth import hash_password
from tests.browser.conftest import ARTIFACTS, start_server, stop_server

EDITOR, PASSWORD = "Anna Redacteur", "juist-wachtwoord-123"
GOOD = (
    b"opgave;datum;status;toelichting\r\n"
    b"3;01-12-2026;in uitvoering;Werkgroep onderwijsniveau gestart\r\n"
    b"13;02-12-2026;aandacht nodig;Warmtebedrijf: stuurgroep nog niet gevormd\r\n"
    b"21;03-12-2026;op koers;\r\n"
)
BAD = b"opgave;datum;status;toelichting\r\n5;01-12-2026;op koers;\r\n6;01-12-2026;bijna klaar;\r\n"


@pytest.fixture(scope="module")
def editor_server(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = Path(tmp_path_factory.mktemp("statuslog")) / "statuslog.sqlite"
    url, proc = start_server(
        {
            "REGIOMONITOR_STATUSLOG": str(log),
            "REGIOMONITOR_EDITORS": f"{EDITOR}={hash_password(PASSWORD, iterations=1000)}",
        }
    )
    try:
        yield url
    finally:
        stop_server(proc)


def _grid(page):
    return page.locator("table[aria-label='Statusoverzicht van de 21 opgaven']")


def _upload(page, content: bytes) -> None:
    page.get_by_role("tab", name="Uit een bestand (CSV of Excel)").click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        files=[{"name": "statussen.csv", "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_text("statussen.csv").first.wait_for()
    page.get_by_role("button", name="Bestand controleren en vastleggen").click()


def test_board_member_sees_all_21_on_one_screen(editor_server: str, page) -> None:
    page.goto(f"{editor_server}/opgaven")
    grid = _grid(page)
    grid.wait_for()
    assert grid.locator("tbody tr").count() == 21
    box = grid.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 900, box  # no scrolling needed
    assert grid.get_by_text("uit het Plan (maart 2026)").count() == 21
    assert "deels belegd" in grid.inner_text()
    page.screenshot(path=str(ARTIFACTS / "opgaven-stand-1440.png"))


def test_editor_sets_three_statuses_in_one_go(editor_server: str, page) -> None:
    page.goto(f"{editor_server}/opgaven")
    _grid(page).wait_for()
    page.get_by_text("Status bijwerken (redacteuren)").click()
    page.get_by_label("Naam").fill(EDITOR)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_text(f"Ingelogd als redacteur {EDITOR}").wait_for()

    _upload(page, BAD)  # one bad row: nothing is written, the bad row is named
    page.get_by_text("Niets vastgelegd.").wait_for()
    assert page.get_by_text(re.compile(r"Rij 3: Status: kies een van")).count() == 1
    assert _grid(page).get_by_text("uit het Plan (maart 2026)").count() == 21

    _upload(page, GOOD)
    page.get_by_text(f"3 statussen vastgelegd door {EDITOR}.").wait_for()
    grid = _grid(page)
    text = grid.inner_text()
    for status in ("in uitvoering", "aandacht nodig", "op koers"):
        assert status in text, status
    assert "02-12-2026" in text and grid.get_by_text("uit het Plan (maart 2026)").count() == 18
    page.screenshot(path=str(ARTIFACTS / "opgaven-stand-na-invoer-1440.png"))

    page.goto(f"{editor_server}/opgave?opgave=13")
    page.get_by_text("Geschiedenis (1 vermeldingen)").click()
    history = page.locator("[data-testid='stDataFrame']").last
    history.wait_for()
    page.get_by_text("Sinds 02-12-2026, vastgelegd door Anna Redacteur.").wait_for()
    page.screenshot(path=str(ARTIFACTS / "opgave-13-geschiedenis-1440.png"))
