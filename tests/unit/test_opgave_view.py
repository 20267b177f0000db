"""Linked indicators of an opgave, their table and chart, and the opgave factsheet PDF (real committed data)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import pytest
from pypdf import PdfReader

from regiomonitor.data import DataStore, load_store
from regiomonitor.indicators import observation
from regiomonitor.opgave_view import linked_indicator_chart, linked_indicator_table, linked_indicators, opgave_factsheet
from regiomonitor.opgaven import OpgavenCatalogue, load_opgaven
from regiomonitor.paths import PATHS


@dataclass(frozen=True)
class Entry:
    datum: date
    status: str
    notitie: str
    editor: str


@pytest.fixture(scope="module")
def store() -> DataStore:
    return load_store()


@pytest.fixture(scope="module")
def catalogue(store: DataStore) -> OpgavenCatalogue:
    return load_opgaven(PATHS.content_dir / "opgaven.yaml", set(store.catalogue["id"]))


def test_opgave_13_figures_match_the_store(store: DataStore, catalogue: OpgavenCatalogue) -> None:
    frame = linked_indicators(store, catalogue.opgave(13))
    rows = frame[frame["indicator"] == "moeite_rondkomen"].set_index("area_code")
    for area in ("GM0141", "GM0153", "TWENTE", "NL00"):
        obs = observation(store, area, "moeite_rondkomen", 2020, "18+")
        assert rows.loc[area, "value"] == pytest.approx(obs.value) and rows.loc[area, "period"] == 2020
    almelo = rows.loc["GM0141"]
    prev = observation(store, "GM0141", "moeite_rondkomen", 2016, "18+").value
    assert almelo["change"] == pytest.approx(almelo["value"] - prev)
    assert almelo["verdict"] == ("beter" if almelo["value"] < prev * 0.95 else almelo["verdict"])  # lower is better
    nl = observation(store, "NL00", "moeite_rondkomen", 2020, "18+").value
    assert almelo["vs_nl"] == pytest.approx(almelo["value"] - nl)
    assert "RIVM" in almelo["source"] and "2020" in almelo["source"]


def test_table_explains_gaps_and_names_sources(store: DataStore, catalogue: OpgavenCatalogue) -> None:
    table = linked_indicator_table(linked_indicators(store, catalogue.opgave(13)))
    assert {"Indicator", "Almelo", "Enschede", "Twente", "Nederland", "Verandering", "Bron"} <= set(table.columns)
    assert table["Bron"].str.len().gt(0).all()
    corporatie = table[table["Indicator"].str.contains("corporatie")].iloc[0]
    assert corporatie["Nederland"].startswith("–") and "(" in corporatie["Nederland"]
    assert corporatie["Verandering"] == "geen eerdere meting"


def test_chart_has_all_periods(store: DataStore, catalogue: OpgavenCatalogue) -> None:
    frame = linked_indicators(store, catalogue.opgave(13))
    spec = linked_indicator_chart(frame, "moeite_rondkomen", store).to_dict()
    values = next(iter(spec["datasets"].values()))
    assert {v["jaar"] for v in values} == {2012, 2016, 2020} and {v["gebied"] for v in values} >= {"Almelo", "Enschede"}


def test_factsheet_pdf(store: DataStore, catalogue: OpgavenCatalogue) -> None:
    history = [Entry(date(2026, 11, 1), "aandacht nodig", "<script>alert(1)</script> let op", "Ann")]
    pdf = PdfReader(io.BytesIO(opgave_factsheet(catalogue, 13, store, history[0], history, date(2026, 11, 24))))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert 1 <= len(pdf.pages) <= 5
    for expected in ("Opgave 13", "Energiearmoede", "Renovatiedeal", "geen primair ministerie", "aandacht nodig",
                     "<script>alert(1)</script>", "Nog geen vervolgafspraken", "Moeite met rondkomen", "24-11-2026"):
        assert expected in text, expected


def test_every_opgave_has_a_factsheet(store: DataStore, catalogue: OpgavenCatalogue) -> None:
    for o in catalogue.opgaven:
        assert opgave_factsheet(catalogue, o.nummer, store, None, [], date(2026, 11, 24)).startswith(b"%PDF")
