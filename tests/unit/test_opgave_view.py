"""Linked indicators of an opgave, their table and chart, and the opgave factsheet PDF.

Two fixtures: the real committed data (opgave 13, energy poverty) and a tiny hand-made store for the edge cases
(a suppressed value, an area without rows, a single measurement, a neutral indicator, an unknown id).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import date

import pandas as pd
import pytest
from pypdf import PdfReader

from regiomonitor.content.catalogue import Dataset
from regiomonitor.content.opgaven_catalogue import OpgavenCatalogue, load_opgaven
from regiomonitor.data import DataStore
from regiomonitor.indicators import observation
from regiomonitor.opgave_factsheet import StatusLike, opgave_factsheet
from regiomonitor.opgave_view import (
    FICHE_AREAS,
    FRAME_COLUMNS,
    HEALTH_NOTE,
    linked_indicator_chart,
    linked_indicator_series,
    linked_indicator_table,
    linked_indicators,
    numbered_sources,
    table_note,
)
from regiomonitor.paths import PATHS
from regiomonitor.prepare.values import FLAG_DERIVED, FLAG_SUPPRESSED
from tests.unit.content_helpers import info_from

DAY = date(2026, 11, 24)


@dataclass(frozen=True)
class Entry:
    """A status-log entry as the factsheet sees it (the real StatusEntry has more fields)."""

    datum: date
    status: str
    notitie: str
    editor: str


def _pdf_text(data: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(p.extract_text() for p in reader.pages), len(reader.pages)


def _squash(text: str) -> str:
    """PDF text with line breaks and runs of spaces collapsed (wrapped lines break phrases)."""
    return " ".join(text.split())


# --------------------------------------------------------------------------------------------------------------
# Real committed data
# --------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalogue(store: DataStore) -> OpgavenCatalogue:
    return load_opgaven(PATHS.content_dir / "opgaven.yaml", set(store.catalogue["id"]))


@pytest.fixture(scope="module")
def frame13(store: DataStore, catalogue: OpgavenCatalogue) -> pd.DataFrame:
    return linked_indicators(store, catalogue.opgave(13))


def test_opgave_13_rows_in_record_order_for_the_fiche_areas(frame13: pd.DataFrame, catalogue: OpgavenCatalogue) -> None:
    assert list(frame13.columns) == list(FRAME_COLUMNS)
    assert list(dict.fromkeys(frame13["indicator"])) == list(catalogue.opgave(13).indicatoren)
    assert "moeite_rondkomen" in set(frame13["indicator"])
    for _, grp in frame13.groupby("indicator", sort=False):
        assert tuple(grp["area_code"]) == FICHE_AREAS
    assert frame13["source"].str.len().gt(0).all()


def test_opgave_13_moeite_rondkomen_matches_the_store(frame13: pd.DataFrame, store: DataStore) -> None:
    rows = frame13[frame13["indicator"] == "moeite_rondkomen"].set_index("area_code")
    nl = observation(store, "NL00", "moeite_rondkomen", 2020, "18+")
    assert nl is not None and nl.value is not None
    for area in ("GM0141", "GM0153", "TWENTE", "NL00"):
        obs = observation(store, area, "moeite_rondkomen", 2020, "18+")
        prev = observation(store, area, "moeite_rondkomen", 2016, "18+")
        assert obs is not None and obs.value is not None and prev is not None and prev.value is not None
        row = rows.loc[area]
        assert row["value"] == pytest.approx(obs.value)
        assert row["period"] == 2020 and row["previous_period"] == 2016 and row["age_group"] == "18+"
        assert row["change"] == pytest.approx(obs.value - prev.value)
        assert row["vs_nl"] == pytest.approx(obs.value - nl.value)
        assert "RIVM" in row["source"] and "(2020, 18+)" in row["source"]
    # Hand check (committed data): Almelo 15,9% in 2020 against 22,3% in 2016 and 13,9% in NL. Fewer people
    # struggling is better (lager_beter), and 6,4 points is far outside the 5% band: 'beter'.
    almelo = rows.loc["GM0141"]
    assert (almelo["value"], almelo["previous_value"]) == (pytest.approx(15.9), pytest.approx(22.3))
    assert almelo["change"] == pytest.approx(-6.4) and almelo["verdict"] == "beter"
    assert almelo["vs_nl"] == pytest.approx(2.0)
    assert rows.loc["GM0153", "value"] == pytest.approx(17.2) and rows.loc["GM0153", "verdict"] == "beter"
    assert rows.loc["TWENTE", "flag"] == FLAG_DERIVED and rows.loc["TWENTE", "reason"]


def test_opgave_13_income_and_housing_from_kwb_2020(frame13: pd.DataFrame) -> None:
    kwb = frame13[frame13["dataset"] == "cbs_kwb_2020_gemeente"]
    assert {"huishoudens_laag_inkomen", "corporatiewoningen"} <= set(kwb["indicator"])
    gm = kwb[kwb["area_code"].str.startswith("GM")]
    assert gm["value"].notna().all() and (gm["period"] == 2020).all()
    assert gm["source"].str.contains("Kerncijfers wijken en buurten 2020").all()
    # One measurement only: no change and no verdict.
    assert gm["change"].isna().all() and gm["verdict"].isna().all()
    # The gemeente file has no figure for the Netherlands: the row is there, with the reason.
    nl = kwb[kwb["area_code"] == "NL00"]
    assert nl["value"].isna().all() and nl["reason"].str.contains("Nederland").all()
    # Neutral indicators (housing stock) get no verdict even where a change could exist.
    assert frame13[frame13["direction"] == "neutraal"]["verdict"].isna().all()


def test_numbered_sources_opgave_13(frame13: pd.DataFrame) -> None:
    full = linked_indicator_table(frame13)
    shown, sources = numbered_sources(frame13)
    assert list(shown.columns) == list(full.columns) and list(shown["Indicator"]) == list(full["Indicator"])
    # Every row's full source text is the numbered sources it points to, in the same words.
    text = {int(s.split(": ", 1)[0]): s.split(": ", 1)[1] for s in sources}
    assert sorted(text) == list(range(1, len(text) + 1))
    for refs, bron in zip(shown["Bron"], full["Bron"], strict=True):
        parts = [text[int(n)] for n in refs.split(",\u00a0")]
        assert all(part in bron for part in parts) and sum(len(p) for p in parts) + 2 * (len(parts) - 1) == len(bron)
    # A title that itself holds "; " (the CBS Kerncijfers merged by ImkeDekkers) stays one source.
    assert any(t.startswith("CBS; samengevoegd door") for t in text.values())


def test_table_opgave_13(frame13: pd.DataFrame) -> None:
    table = linked_indicator_table(frame13)
    assert list(table.columns) == [
        "Indicator",
        "Peiljaar",
        "Almelo",
        "Enschede",
        "Twente",
        "Nederland",
        "Verandering",
        "Bron",
    ]
    assert len(table) == frame13["indicator"].nunique()
    moeite = table[table["Indicator"] == "Moeite met rondkomen (18+)"].iloc[0]
    assert (moeite["Almelo"], moeite["Enschede"], moeite["Nederland"], moeite["Peiljaar"]) == (
        "15,9%",
        "17,2%",
        "13,9%",
        "2020",
    )
    assert "Almelo −6,4 %-punt sinds 2016 (beter)" in moeite["Verandering"]
    assert "Enschede −4,9 %-punt sinds 2016 (beter)" in moeite["Verandering"]
    assert "Twente" not in moeite["Verandering"]  # references are not spelled out
    assert "RIVM" in moeite["Bron"] and "2020, 18+" in moeite["Bron"] and "Twente: door de monitor" in moeite["Bron"]
    corporatie = table[table["Indicator"].str.contains("corporatie")].iloc[0]
    assert corporatie["Nederland"] == "– geen cijfer voor Nederland in deze bron"
    assert corporatie["Verandering"] == "geen eerdere meting"
    assert "Kerncijfers wijken en buurten 2020" in corporatie["Bron"] and "(2020)" in corporatie["Bron"]
    assert table["Bron"].str.len().gt(0).all()
    assert HEALTH_NOTE in table_note(frame13)


def test_table_shows_differing_periods_per_row(store: DataStore, catalogue: OpgavenCatalogue) -> None:
    """Opgave 5 mixes the health monitor 2020, KWB 2020 and KWB 2024: each row names its own year."""
    table = linked_indicator_table(linked_indicators(store, catalogue.opgave(5))).set_index("Indicator")
    assert table.loc["Personen met bijstand", "Peiljaar"] == "2024"
    assert "Kerncijfers wijken en buurten 2024" in table.loc["Personen met bijstand", "Bron"]
    assert table.loc["Huishoudens met een laag inkomen", "Peiljaar"] == "2020"


def test_chart_real_data(frame13: pd.DataFrame) -> None:
    spec = linked_indicator_chart(frame13, "moeite_rondkomen").to_dict()
    values = next(iter(spec["datasets"].values()))
    assert {v["jaar"] for v in values} == {2012, 2016, 2020}
    assert {v["gebied"] for v in values} == {"Almelo", "Enschede", "Twente", "Nederland"}
    almelo_2016 = next(v for v in values if v["gebied"] == "Almelo" and v["jaar"] == 2016)
    assert almelo_2016["waarde"] == pytest.approx(22.3) and almelo_2016["waarde_tekst"] == "22,3%"
    assert "RIVM" in almelo_2016["bron"] and "(2016, 18+)" in almelo_2016["bron"]
    assert spec["mark"]["type"] == "line" and spec["mark"]["point"]["filled"] is True  # lines with dots
    enc = spec["encoding"]
    assert (enc["x"]["field"], enc["y"]["field"], enc["color"]["field"]) == ("jaar", "waarde", "gebied")
    assert {t["field"] for t in enc["tooltip"]} == {"gebied", "jaar", "waarde_tekst", "bron"}
    assert spec["title"]["text"] == "Moeite met rondkomen (18+)" and "2012–2020" in spec["title"]["subtitle"][0]


# --------------------------------------------------------------------------------------------------------------
# Tiny hand-made store
# --------------------------------------------------------------------------------------------------------------


def _tiny_store() -> DataStore:
    cat = info_from(
        [
            {
                "id": "x_lager",
                "label": "X",
                "unit": "%",
                "direction": "lager_beter",
                "thema_label": "T",
                "bron": "ds_a",
                "periods": "2016,2020",
                "age_groups": "18+,65+",
            },
            {
                "id": "y_once",
                "label": "Y",
                "unit": "%",
                "direction": "hoger_beter",
                "thema_label": "T",
                "bron": "ds_b",
                "periods": "2024",
                "age_groups": "totaal",
            },
            {
                "id": "z_neutral",
                "label": "Z",
                "unit": "km",
                "direction": "neutraal",
                "thema_label": "T",
                "bron": "ds_b",
                "periods": "2016,2020",
                "age_groups": "totaal",
            },
        ]
    )
    nan = float("nan")
    rows = [
        # x_lager: Almelo improves clearly, Enschede within the 5% band, Twente suppressed in 2020.
        ("GM0141", "x_lager", 2016, "18+", 20.0, ""),
        ("GM0141", "x_lager", 2020, "18+", 15.0, ""),
        ("GM0141", "x_lager", 2020, "65+", 99.0, ""),  # another age group: never used
        ("GM0153", "x_lager", 2016, "18+", 10.0, ""),
        ("GM0153", "x_lager", 2020, "18+", 10.2, ""),
        ("TWENTE", "x_lager", 2016, "18+", 12.0, FLAG_DERIVED),
        ("TWENTE", "x_lager", 2020, "18+", nan, FLAG_SUPPRESSED),
        ("NL00", "x_lager", 2016, "18+", 11.0, ""),
        ("NL00", "x_lager", 2020, "18+", 12.0, ""),
        # y_once: a single measurement; Enschede suppressed; Twente has no row at all.
        ("GM0141", "y_once", 2024, "totaal", 5.0, ""),
        ("GM0153", "y_once", 2024, "totaal", nan, FLAG_SUPPRESSED),
        ("NL00", "y_once", 2024, "totaal", 6.0, ""),
        # z_neutral: changes, but no verdict.
        ("GM0141", "z_neutral", 2016, "totaal", 1.0, ""),
        ("GM0141", "z_neutral", 2020, "totaal", 2.0, ""),
    ]
    ind = pd.DataFrame(rows, columns=["area_code", "indicator", "period", "age_group", "value", "flag"])
    ind["dataset"] = ind["indicator"].map({"x_lager": "ds_a", "y_once": "ds_b", "z_neutral": "ds_b"})
    ds = {
        k: Dataset(
            id=k,
            titel=f"Titel {k}",
            uitgever="Uitgever",
            periode="p",
            licentie="CC BY 4.0",
            niveau="gemeente",
            herkomst="test",
            raw=(),
        )
        for k in ("ds_a", "ds_b")
    }
    names = {"GM0141": "Almelo", "GM0153": "Enschede", "TWENTE": "Twente", "NL00": "Nederland"}
    areas = pd.DataFrame({"code": list(names), "name": list(names.values())})
    return DataStore(
        indicators=ind,
        areas=areas,
        info=cat,
        datasets=ds,
        area_names=names,
        by_key=ind.set_index(["area_code", "indicator", "period", "age_group"]).sort_index(),
    )


@pytest.fixture(scope="module")
def tiny(catalogue: OpgavenCatalogue) -> pd.DataFrame:
    opgave = catalogue.opgave(13).model_copy(update={"indicatoren": ("y_once", "not_in_store", "x_lager", "z_neutral")})
    return linked_indicators(_tiny_store(), opgave)


def test_tiny_order_and_unknown_indicator_skipped(tiny: pd.DataFrame) -> None:
    assert list(dict.fromkeys(tiny["indicator"])) == ["y_once", "x_lager", "z_neutral"]
    assert len(tiny) == 3 * len(FICHE_AREAS)


def test_tiny_change_verdict_and_nl(tiny: pd.DataFrame) -> None:
    x = tiny[tiny["indicator"] == "x_lager"].set_index("area_code")
    assert x.loc["GM0141", "value"] == 15.0  # 18+, not the 65+ row
    assert x.loc["GM0141", "change"] == pytest.approx(-5.0) and x.loc["GM0141", "verdict"] == "beter"
    assert x.loc["GM0153", "change"] == pytest.approx(0.2) and x.loc["GM0153", "verdict"] == "gelijk"
    assert x.loc["GM0141", "vs_nl"] == pytest.approx(3.0) and x.loc["NL00", "vs_nl"] == 0.0
    # Twente: 2020 suppressed, so its latest value is 2016 and there is no earlier one to compare with.
    tw = x.loc["TWENTE"]
    assert (tw["period"], tw["value"]) == (2016, 12.0)
    assert pd.isna(tw["previous_period"]) and math.isnan(tw["change"]) and tw["verdict"] is None
    assert tw["vs_nl"] == pytest.approx(1.0)  # against NL 2016, the same period
    assert x.loc["GM0141", "series"] == ((2016, 20.0), (2020, 15.0))
    z = tiny[tiny["indicator"] == "z_neutral"].set_index("area_code")
    assert z.loc["GM0141", "change"] == pytest.approx(1.0) and z.loc["GM0141", "verdict"] is None


def test_tiny_missing_values_are_explained(tiny: pd.DataFrame) -> None:
    y = tiny[tiny["indicator"] == "y_once"].set_index("area_code")
    assert math.isnan(y.loc["GM0153", "value"]) and y.loc["GM0153", "flag"] == FLAG_SUPPRESSED
    assert "niet gepubliceerd" in y.loc["GM0153", "reason"] and y.loc["GM0153", "period"] == 2024
    assert pd.isna(y.loc["TWENTE", "period"]) and y.loc["TWENTE", "reason"] == "geen cijfer voor Twente in deze bron"
    assert y["change"].isna().all()

    table = linked_indicator_table(tiny).set_index("Indicator")
    assert table.loc["Y", "Enschede"].startswith("– niet gepubliceerd")
    assert table.loc["Y", "Twente"] == "– geen cijfer voor Twente in deze bron"
    assert table.loc["Y", "Verandering"] == "geen eerdere meting"
    assert table.loc["Y", "Almelo"] == "5,0%" and table.loc["Y", "Peiljaar"] == "2024"
    # A value from another year than the row's carries that year.
    assert table.loc["X (18+)", "Twente"] == "12,0% (2016)" and table.loc["X (18+)", "Almelo"] == "15,0%"
    assert table.loc["X (18+)", "Verandering"] == (
        "Almelo −5,0 %-punt sinds 2016 (beter); Enschede +0,2 %-punt sinds 2016 (gelijk)"
    )
    assert table.loc["Z", "Verandering"] == "Almelo +1,0 km sinds 2016"  # neutral: no verdict
    assert table.loc["X (18+)", "Bron"] == (
        "Uitgever, Titel ds_a (2016, 2020, 18+); Twente: door de monitor "
        "berekend uit de cijfers van de 14 Twentse gemeenten"
    )
    assert HEALTH_NOTE not in table_note(tiny)


def test_tiny_chart_single_measurement_and_legend(tiny: pd.DataFrame) -> None:
    spec = linked_indicator_chart(tiny, "y_once").to_dict()
    values = next(iter(spec["datasets"].values()))
    assert {(v["gebied"], v["jaar"]) for v in values} == {("Almelo", 2024), ("Nederland", 2024)}
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Almelo", "Nederland"]  # no legend entry without a dot
    assert "Alleen 2024" in spec["title"]["subtitle"][0]
    series = linked_indicator_series(tiny, "x_lager")
    assert list(series[series["gebied"] == "Twente"]["jaar"]) == [2016]
    with pytest.raises(KeyError):
        linked_indicator_chart(tiny, "not_in_store")


def test_empty_frame_gives_empty_table(store: DataStore, catalogue: OpgavenCatalogue) -> None:
    frame = linked_indicators(store, catalogue.opgave(2))  # no indicators linked
    assert frame.empty and list(frame.columns) == list(FRAME_COLUMNS)
    assert linked_indicator_table(frame).empty


# --------------------------------------------------------------------------------------------------------------
# Factsheet PDF
# --------------------------------------------------------------------------------------------------------------


def test_entry_fits_the_protocol() -> None:
    entry: StatusLike = Entry(DAY, "op koers", "", "Ann")
    assert entry.status == "op koers"


def test_factsheet_opgave_13(store: DataStore, catalogue: OpgavenCatalogue) -> None:
    history = [
        Entry(date(2026, 11, d), "aandacht nodig" if d % 2 else "in voorbereiding", f"notitie {d}", "Ann")
        for d in range(1, 8)
    ]
    history.append(Entry(date(2026, 11, 20), "vertraagd", "<script>alert(1)</script> € ë – let op", "Bea Ödül"))
    current = history[-1]
    raw, pages = _pdf_text(opgave_factsheet(catalogue, 13, store, current, history, DAY))
    text = _squash(raw)
    assert 1 <= pages <= 5
    for expected in (
        "Opgave 13 — Energiearmoede aanpakken",
        "Thema: Fijn wonen voor iedereen",
        "Huidige status: vertraagd (sinds 20-11-2026, vastgelegd door Bea Ödül)",
        "<script>alert(1)</script> € ë – let op",  # user text verbatim, as text
        "5 van 8",
        "notitie 7",
        "Bestuurlijk: Renovatiedeal",
        "Uitvoering (ambtelijk):",
        "Geen primair ministerie aangewezen",
        "BZK — Ministerie van Binnenlandse Zaken",
        "Nog geen vervolgafspraken",
        "Wat zeggen de cijfers",
        "Moeite met rondkomen (18+)",
        "15,9%",
        "17,2%",
        "Gezondheidsmonitor",
        "Kerncijfers wijken en buurten 2020",
        "geen cijfer voor Nederland in deze bron",
        "Bron van de fiche: Plan voor de Regio Twente",
        "Gemaakt op 24-11-2026",
    ):
        assert expected in text, expected
    assert "notitie 2" not in text  # only the newest five history entries


@pytest.fixture(scope="module")
def all_factsheets(store: DataStore, catalogue: OpgavenCatalogue) -> dict[int, tuple[str, int]]:
    """Every opgave's factsheet without a status (rendered once: about 0.3 s each), as squashed text and pages."""
    out = {}
    for o in catalogue.opgaven:
        pdf = opgave_factsheet(catalogue, o.nummer, store, None, [], DAY)
        assert pdf.startswith(b"%PDF"), o.nummer
        text, pages = _pdf_text(pdf)
        out[o.nummer] = (_squash(text), pages)
    return out


def test_every_opgave_renders(all_factsheets: dict[int, tuple[str, int]], catalogue: OpgavenCatalogue) -> None:
    assert sorted(all_factsheets) == list(range(1, 22))
    for o in catalogue.opgaven:
        text, pages = all_factsheets[o.nummer]
        assert 1 <= pages <= 5, o.nummer
        assert f"Opgave {o.nummer} — {o.titel}" in text, o.nummer
        assert "nog geen status vastgelegd" in text and "Gemaakt op 24-11-2026" in text, o.nummer
        assert ("Nog geen vervolgafspraken" in text) == (not o.vervolgafspraken), o.nummer
        assert ("Wat zeggen de cijfers" in text) and (("Bronnen:" in text) == bool(o.indicatoren)), o.nummer


def test_factsheet_owners_and_cross_references(all_factsheets: dict[int, tuple[str, int]]) -> None:
    text16 = all_factsheets[16][0]
    assert "Uitvoering (ambtelijk): nog niet belegd" in text16
    assert "(voorstel)" in all_factsheets[5][0]
    text6 = all_factsheets[6][0]
    assert "Verwijst naar opgave 7" in text6 and "Genoemd in opgave 10" in text6 and "EZK (primair)" in text6
    assert "De monitor heeft (nog) geen cijfers" in all_factsheets[2][0]
