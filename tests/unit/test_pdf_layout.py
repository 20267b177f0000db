"""Every generated PDF laid out so a reader can read it: no two words print over each other.

The word boxes come from poppler's ``pdftotext -bbox`` (Debian package poppler-utils, installed by
``make test``); without it the test is skipped, or fails when REGIOMONITOR_REQUIRE_BROWSER=1 (the full suite).
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from regiomonitor.content.focus_area import load_focus_areas
from regiomonitor.data import load_geo
from regiomonitor.paths import PATHS

DAY = date(2026, 11, 24)
WORD = re.compile(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>')


def _pdftotext() -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        if os.environ.get("REGIOMONITOR_REQUIRE_BROWSER") == "1":
            pytest.fail("pdftotext not found; install Debian's poppler-utils (make test does).")
        pytest.skip("pdftotext (poppler-utils) not installed")
    return tool


def words(pdf: bytes, tmp_path: Path) -> list[tuple[int, float, float, float, float, str]]:
    """(page, x0, y0, x1, y1, text) of every word poppler finds."""
    src, out = tmp_path / "doc.pdf", tmp_path / "doc.html"
    src.write_bytes(pdf)
    subprocess.run([_pdftotext(), "-bbox", str(src), str(out)], check=True, timeout=60)
    found, page = [], 0
    for line in out.read_text(encoding="utf-8").splitlines():
        if "<page " in line:
            page += 1
        m = WORD.search(line)
        if m:
            x0, y0, x1, y1 = map(float, m.groups()[:4])
            found.append((page, x0, y0, x1, y1, html.unescape(m.group(5))))
    return found


def overlaps(found: list[tuple[int, float, float, float, float, str]]) -> list[str]:
    """Pairs of words on one page whose boxes cross by more than half a point sideways and half a line up."""
    bad = []
    by_page: dict[int, list] = {}
    for w in found:
        by_page.setdefault(w[0], []).append(w)
    for page, ws in by_page.items():
        ws.sort(key=lambda w: w[2])
        for i, a in enumerate(ws):
            for b in ws[i + 1 :]:
                if b[2] > a[4]:
                    break  # sorted by top: no later word reaches up into a
                dx = min(a[3], b[3]) - max(a[1], b[1])
                dy = min(a[4], b[4]) - max(a[2], b[2])
                if dx > 0.5 and dy > 0.5 * min(a[4] - a[2], b[4] - b[2]):
                    bad.append(f"page {page}: {a[5]!r} over {b[5]!r}")
    return bad


@pytest.fixture(scope="module")
def focus(store):
    return load_focus_areas(PATHS.content_dir / "focus_areas.yaml", set(store.areas["code"]))


def test_overlap_detector_sees_overprinted_cells(tmp_path: Path) -> None:
    """The check itself: two fpdf cells whose text runs into the next column are reported."""
    from regiomonitor.factsheet import _Doc

    pdf = _Doc("proef", DAY)
    pdf.add_page()
    pdf.set_font("DejaVu", "", 9)
    pdf.cell(20, 5, "Huishoudens met een laag inkomen")
    pdf.cell(20, 5, "9,2")
    assert overlaps(words(bytes(pdf.output()), tmp_path))


def test_handout_has_no_overprinted_words(store, focus, tmp_path: Path) -> None:
    from regiomonitor.content.opgaven_catalogue import load_opgaven
    from regiomonitor.content.presentation import load_presentation
    from regiomonitor.content.programme import load_programmes
    from regiomonitor.presentation import build_visual, handout_pdf

    known = set(store.catalogue["id"])
    pres = load_presentation(PATHS.content_dir / "presentations" / "elk_talent_telt.yaml", known)
    programmes = load_programmes(PATHS.content_dir / "programmes", known)
    opgaven = load_opgaven(PATHS.content_dir / "opgaven.yaml", known)
    geo = load_geo("buurten")
    visuals = [build_visual(store, s, focus, geo, programmes, opgaven) for s in pres.stappen]
    found = words(handout_pdf(store, pres, visuals, DAY), tmp_path)
    assert not overlaps(found)
    text = " ".join(w[5] for w in found)
    assert "Bron: Bron:" not in text
    assert len({w[0] for w in found}) == len(pres.stappen)


def test_buurt_factsheet_has_no_overprinted_words(store, focus, tmp_path: Path) -> None:
    from regiomonitor.factsheet import buurt_factsheet

    for code in ("BU01530603", "BU01410000", "BU17350000"):  # the last in Hof van Twente: a long column head
        if code in set(store.areas["code"]):
            found = words(buurt_factsheet(store, code, focus, load_geo("buurten"), DAY), tmp_path)
            assert not overlaps(found), code
            # Cells wrap instead of cutting text off: the longest indicator label is there in full.
            text = " ".join(w[5] for w in found)
            assert "Kwetsbaarheid: sociale samenhang en regie (score)" in text, code
            assert "Hof van Twente" in text or code != "BU17350000"


def test_focus_factsheet_has_no_overprinted_words(store, focus, tmp_path: Path) -> None:
    from regiomonitor.factsheet import focus_factsheet

    for fa in focus.areas:
        assert not overlaps(words(focus_factsheet(store, focus, fa.id, load_geo("buurten"), DAY), tmp_path)), fa.id


def test_opgave_factsheets_have_no_overprinted_words(store, tmp_path: Path) -> None:
    from regiomonitor.content.opgaven_catalogue import load_opgaven
    from regiomonitor.opgave_factsheet import opgave_factsheet

    catalogue = load_opgaven(PATHS.content_dir / "opgaven.yaml", set(store.catalogue["id"]))
    for o in catalogue.opgaven:
        assert not overlaps(words(opgave_factsheet(catalogue, o.nummer, store, None, [], DAY), tmp_path)), o.nummer
