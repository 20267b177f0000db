"""The buurt factsheet PDF: pages, expected text, and a static map image."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from regiomonitor.content.focus_area import load_focus_areas
from regiomonitor.data import load_geo
from regiomonitor.factsheet import buurt_factsheet
from regiomonitor.maps import classify, map_frame
from regiomonitor.paths import PATHS
from regiomonitor.static_map import map_png


def test_buurt_factsheet_pdf(store) -> None:
    focus = load_focus_areas(PATHS.content_dir / "focus_areas.yaml", set(store.areas["code"]))
    pdf = buurt_factsheet(store, "BU01530603", focus, load_geo("buurten"), date(2026, 11, 24))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 3
    text = " ".join(page.extract_text() for page in reader.pages)
    for expected in (
        "Wesselerbrink Noord-Oost",
        "BU01530603",
        "3.820 inwoners",
        "Moeite met rondkomen",
        "26,9",
        "17,2",
        "13,9",
        "focusgebied Wesselerbrink",
        "2026-11-24",
        "CC BY 4.0",
    ):
        assert expected in text, expected


def test_static_map_png(store) -> None:
    md = map_frame(store, load_geo("buurten"), "eenzaam", 2020, "18+", "buurt", ["GM0141"])
    png = map_png(md, classify(md.frame["value"], "kwantielen", md.direction, md.unit), "Eenzaam, Almelo 2020")
    assert png.startswith(b"\x89PNG") and len(png) > 20_000


def test_presentation_handout(store) -> None:
    from regiomonitor.content.presentation import load_presentation
    from regiomonitor.content.programme import load_programmes
    from regiomonitor.data import load_geo
    from regiomonitor.presentation import build_visual, handout_pdf

    pres = load_presentation(PATHS.content_dir / "presentations" / "elk_talent_telt.yaml", set(store.catalogue["id"]))
    focus = load_focus_areas(PATHS.content_dir / "focus_areas.yaml", set(store.areas["code"]))
    programmes = load_programmes(PATHS.content_dir / "programmes")
    visuals = [build_visual(store, s, focus, load_geo("buurten"), programmes) for s in pres.stappen]
    reader = PdfReader(io.BytesIO(handout_pdf(store, pres, visuals, date(2026, 11, 24))))
    assert len(reader.pages) == len(pres.stappen)
    text = reader.pages[4].extract_text()
    assert pres.stappen[4].titel in text and "Bron:" in text


def test_focus_factsheet(store) -> None:
    from regiomonitor.factsheet import focus_factsheet

    focus = load_focus_areas(PATHS.content_dir / "focus_areas.yaml", set(store.areas["code"]))
    pdf = focus_factsheet(store, focus, "wesselerbrink", load_geo("buurten"), date(2026, 11, 24))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    for expected in (
        "Focusgebied Wesselerbrink",
        "15.525 inwoners",
        "BU01530603",
        "Moeite met rondkomen",
        "13,9",
        "genoemd in de Regio Deal-aanvraag",
    ):
        assert expected in text, expected


def test_factsheets_in_parallel_sessions(store) -> None:
    """Streamlit runs each session in its own thread: simultaneous exports must not draw into each other."""
    from concurrent.futures import ThreadPoolExecutor

    focus = load_focus_areas(PATHS.content_dir / "focus_areas.yaml", set(store.areas["code"]))
    geo = load_geo("buurten")
    codes = ["BU01530603", "BU01530604", "BU01411402", "BU01530605", "BU01411003", "BU01530606"]

    def one(code: str) -> str:
        pdf = buurt_factsheet(store, code, focus, geo, date(2026, 11, 24))
        return PdfReader(io.BytesIO(pdf)).pages[0].extract_text()

    with ThreadPoolExecutor(max_workers=6) as pool:
        texts = list(pool.map(one, codes))
    for code, text in zip(codes, texts, strict=True):
        assert code in text  # each PDF is about its own buurt
