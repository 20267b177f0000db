"""Vergelijken: the selection from a link, the comparison frame and table (equal to the Buurt page, missing
values explained), downloads, small multiples and the ranking; a hand-made store first, then the real data."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regiomonitor.compare import (
    MAX_BUURTEN,
    buurt_label,
    comparable_indicators,
    comparison_frame,
    comparison_table,
    download_table,
    parse_buurten,
    period_for,
    ranking_frame,
    sanitise,
    twente_buurten,
    verdict_grid,
)
from regiomonitor.compare_charts import COMPACT_RANKING, ranking_chart, small_multiples, styled_table
from regiomonitor.content.catalogue import Dataset
from regiomonitor.data import DataStore
from regiomonitor.deprivation import INDEX_ID
from regiomonitor.exports import table_csv, table_xlsx, with_provenance
from regiomonitor.prepare.values import FLAG_LABELS
from regiomonitor.profile import buurt_profile
from tests.unit.content_helpers import info_from

WESSELERBRINK = ["BU01530603", "BU01530604", "BU01530605", "BU01530606"]
SPOORZONE = ["BU01411003", "BU01411402"]
KNOWN = {"BU01530603", "BU01530604", "BU01411402"}


# ------------------------------------------------------------------------------------------------ selection


def test_link_with_unknown_and_malformed_codes() -> None:
    sel = parse_buurten(" bu01530603,BU01530604,BU01530603,BU99999999,<script>alert(1)</script>,,", KNOWN)
    assert sel.codes == ("BU01530603", "BU01530604") and sel.unknown == ("BU99999999",)
    assert sel.malformed == ("?SCRIPT?ALERT?…",) and not sel.truncated
    notice = sel.notice() or ""
    assert "BU99999999" in notice and "?SCRIPT?ALERT?…" in notice and "de andere buurten worden getoond" in notice
    assert "<" not in notice and ">" not in notice


def test_empty_and_only_bad_links() -> None:
    assert parse_buurten(None, KNOWN).codes == () and parse_buurten("", KNOWN).notice() is None
    only_bad = parse_buurten("BU00000000,xyz", KNOWN)
    assert only_bad.codes == () and "er blijft geen buurt over" in (only_bad.notice() or "")


def test_more_than_eight_and_very_long_links() -> None:
    codes = [f"BU0153{i:04d}" for i in range(12)]
    sel = parse_buurten(",".join(codes), set(codes))
    assert sel.codes == tuple(codes[:MAX_BUURTEN]) and sel.truncated and "eerste 8" in (sel.notice() or "")
    huge = parse_buurten("B" * 100_000, set(codes))
    assert huge.codes == () and len(huge.malformed[0]) <= 15
    many_bad = parse_buurten(",".join(f"x{i}" for i in range(500)), set(codes))
    assert len(many_bad.notice() or "") < 300  # five named, the rest counted


def test_sanitise() -> None:
    assert sanitise("BU0153060３") == "BU0153060?"
    assert sanitise("<img src=x onerror=alert(1)>") == "?img?src?x?one…"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_link_text_is_safe(raw: str) -> None:
    sel = parse_buurten(raw, KNOWN)
    assert set(sel.codes) <= KNOWN and len(sel.codes) <= MAX_BUURTEN
    notice = sel.notice() or ""
    assert not any(ch in notice for ch in "<>[]()`*_|\\")


# ------------------------------------------------------------------------------------------------ hand-made store


def _tiny_store() -> DataStore:
    cat = info_from(
        [
            {
                "id": "x_lager",
                "label": "X",
                "unit": "%",
                "direction": "lager_beter",
                "thema": "bestaanszekerheid",
                "thema_label": "Bestaanszekerheid",
                "bron": "ds_a",
                "periods": "2016,2020",
                "age_groups": "18+",
                "levels": "land,regio,gemeente,buurt",
                "context_only": False,
            },
            {
                "id": "y_hoger",
                "label": "Y",
                "unit": "%",
                "direction": "hoger_beter",
                "thema": "gezondheid",
                "thema_label": "Gezondheid",
                "bron": "ds_a",
                "periods": "2020",
                "age_groups": "18+",
                "levels": "land,regio,gemeente,buurt",
                "context_only": False,
            },
            {
                "id": "z_pop",
                "label": "Z",
                "unit": "%",
                "direction": "neutraal",
                "thema": "bevolking",
                "thema_label": "Bevolking",
                "bron": "ds_b",
                "periods": "2024",
                "age_groups": "totaal",
                "levels": "gemeente,buurt",
                "context_only": False,
            },
            {
                "id": "n_count",
                "label": "N",
                "unit": "aantal",
                "direction": "neutraal",
                "thema": "bevolking",
                "thema_label": "Bevolking",
                "bron": "ds_b",
                "periods": "2024",
                "age_groups": "totaal",
                "levels": "buurt",
                "context_only": False,
            },
            {
                "id": "h_origin",
                "label": "H",
                "unit": "%",
                "direction": "neutraal",
                "thema": "bevolking",
                "thema_label": "Bevolking",
                "bron": "ds_b",
                "periods": "2024",
                "age_groups": "totaal",
                "levels": "buurt",
                "context_only": True,
            },
        ]
    )
    nan = float("nan")
    rows = [
        ("BU01530001", "x_lager", 2020, "18+", 30.0, ""),
        ("BU01530002", "x_lager", 2020, "18+", 10.0, ""),
        ("BU01530003", "x_lager", 2020, "18+", nan, "suppressed"),
        ("BU01410009", "x_lager", 2020, "18+", 25.0, ""),
        ("BU01530001", "x_lager", 2016, "18+", 33.0, ""),
        ("GM0153", "x_lager", 2020, "18+", 20.0, ""),
        ("GM0153", "x_lager", 2016, "18+", 22.0, ""),
        ("GM0141", "x_lager", 2020, "18+", 24.0, ""),
        ("TWENTE", "x_lager", 2020, "18+", 18.0, "derived"),
        ("NL00", "x_lager", 2020, "18+", 15.0, ""),
        ("BU01530001", "y_hoger", 2020, "18+", 70.0, ""),
        ("BU01530002", "y_hoger", 2020, "18+", 80.0, ""),
        ("GM0153", "y_hoger", 2020, "18+", 75.0, ""),
        ("NL00", "y_hoger", 2020, "18+", 78.0, ""),
        ("BU01530001", "z_pop", 2024, "totaal", 12.0, "derived"),
        ("BU01410001", "z_pop", 2024, "totaal", 9.0, "derived"),
        ("GM0153", "z_pop", 2024, "totaal", 15.0, "derived"),
        ("BU01530001", "n_count", 2024, "totaal", 1000.0, ""),
    ]
    ind = pd.DataFrame(rows, columns=["area_code", "indicator", "period", "age_group", "value", "flag"])
    ind["level"] = ind["area_code"].map(lambda c: {"BU": "buurt", "GM": "gemeente", "TW": "regio", "NL": "land"}[c[:2]])
    ind["dataset"] = ind["indicator"].map(lambda i: "ds_b" if i in {"z_pop", "n_count"} else "ds_a")
    ds = {
        k: Dataset(
            id=k,
            titel=f"Titel {k}",
            uitgever="Uitgever",
            periode="p",
            licentie="CC BY 4.0",
            niveau="buurt",
            herkomst="test",
            raw=(),
        )
        for k in ("ds_a", "ds_b")
    }
    areas = pd.DataFrame(
        [
            ("BU01530001", "Alfa", "buurt", "GM0153", True, True),
            ("BU01530002", "Beta", "buurt", "GM0153", True, True),
            ("BU01530003", "Gamma", "buurt", "GM0153", True, True),
            ("BU01410001", "Nieuw", "buurt", "GM0141", False, True),
            ("BU01410009", "Oud", "buurt", "GM0141", True, False),
            ("GM0153", "Enschede", "gemeente", "GM0153", True, True),
            ("GM0141", "Almelo", "gemeente", "GM0141", True, True),
            ("TWENTE", "Twente", "regio", None, True, True),
            ("NL00", "Nederland", "land", None, True, True),
        ],
        columns=["code", "name", "level", "gemeente", "in_2020", "in_2024"],
    )
    areas["twente"] = areas["code"] != "NL00"
    names = dict(zip(areas["code"], areas["name"], strict=True))
    return DataStore(
        indicators=ind,
        areas=areas,
        info=cat,
        datasets=ds,
        area_names=names,
        by_key=ind.set_index(["area_code", "indicator", "period", "age_group"]).sort_index(),
    )


@pytest.fixture(scope="module")
def tiny() -> DataStore:
    return _tiny_store()


def test_tiny_indicators_order_and_exclusions(tiny: DataStore) -> None:
    assert comparable_indicators(tiny) == ["x_lager", "y_hoger", "z_pop"]  # no counts, no context-only
    assert period_for(tiny, "y_hoger", 2016) is None  # a health year it was not measured in
    assert period_for(tiny, "z_pop", 2016) == 2024 and period_for(tiny, "x_lager", None) == 2020
    assert twente_buurten(tiny, "GM0153") == ["BU01530001", "BU01530002", "BU01530003"]
    assert buurt_label(tiny, "BU01530001") == "Alfa (Enschede, BU01530001)"


def test_tiny_values_references_and_verdicts(tiny: DataStore) -> None:
    frame = comparison_frame(tiny, ["BU01530001", "BU01530002"], 2020).set_index(["code", "indicator"])
    alfa = frame.loc[("BU01530001", "x_lager")]
    assert (alfa["value"], alfa["gemeente"], alfa["twente"], alfa["nl"]) == (30.0, 20.0, 18.0, 15.0)
    assert (alfa["diff_gemeente"], alfa["diff_twente"], alfa["diff_nl"]) == (10.0, 12.0, 15.0)
    assert alfa["oordeel"] == "slechter" and alfa["oordeel_nl"] == "slechter"
    assert frame.loc[("BU01530002", "x_lager"), "oordeel"] == "beter"
    assert frame.loc[("BU01530002", "y_hoger"), "oordeel"] == "beter"  # 80 against 75, higher is better
    assert frame.loc[("BU01530001", "y_hoger"), "oordeel_twente"] == ""  # Twente has no value: no verdict
    assert frame.loc[("BU01530001", "z_pop"), "period"] == 2024 and frame.loc[("BU01530001", "z_pop"), "oordeel"] == ""


def test_tiny_missing_values_are_explained(tiny: DataStore) -> None:
    frame = comparison_frame(tiny, ["BU01530001", "BU01530003", "BU01410001", "BU01410009"], 2020)
    reason = frame.set_index(["code", "indicator"])["reason"]
    assert reason[("BU01530003", "x_lager")] == FLAG_LABELS["suppressed"]
    assert "indeling van 2020" in reason[("BU01410001", "x_lager")]
    assert "indeling van 2024" in reason[("BU01410009", "z_pop")]
    assert reason[("BU01530001", "x_lager")] == ""
    earlier = comparison_frame(tiny, ["BU01530001"], 2016).set_index("indicator")
    assert earlier.loc["y_hoger", "reason"] == "niet gemeten in 2016" and earlier.loc["x_lager", "value"] == 33.0
    table = comparison_table(frame)
    buurt_cols = [c for c in table.columns if "(BU" in c]
    assert len(buurt_cols) == 4 and (table[buurt_cols].map(len) > 0).all().all()  # never blank
    assert table.loc[table["Indicator"] == "X", "Gamma (BU01530003)"].iloc[0].startswith("– niet gepubliceerd")


def test_tiny_table_views_and_colours(tiny: DataStore) -> None:
    frame = comparison_frame(tiny, ["BU01530001", "BU01530002", "BU01410009"], 2020)
    values = comparison_table(frame, "waarde")
    assert list(values.columns[:4]) == ["Thema", "Indicator", "Eenheid", "Jaar"]
    assert {"Enschede", "Almelo", "Twente", "Nederland"} <= set(values.columns)
    row = values.set_index("Indicator").loc["X"]
    assert row["Alfa (BU01530001)"] == "30,0% ▼" and row["Beta (BU01530002)"] == "10,0% ▲"
    assert row["Enschede"] == "20,0%" and row["Almelo"] == "24,0%" and row["Oud (BU01410009)"] == "25,0% ≈"
    diff = comparison_table(frame, "nl").set_index("Indicator").loc["X"]
    assert diff["Alfa (BU01530001)"] == "+15,0 ▼" and diff["Beta (BU01530002)"] == "−5,0 ▲"
    assert comparison_table(frame, "twente").set_index("Indicator").loc["Y", "Alfa (BU01530001)"] == "– geen referentie"
    assert values["Thema"].tolist() == ["Bestaanszekerheid", "Gezondheid", "Bevolking"]
    grid = verdict_grid(frame, "waarde")
    assert grid.shape == (3, 3) and grid.loc[0, "Alfa (BU01530001)"] == "slechter"
    html = styled_table(values, grid).to_html()
    assert "#fddbc7" in html and "#d1e5f0" in html


def test_tiny_download_carries_source_and_period(tiny: DataStore) -> None:
    frame = comparison_frame(tiny, ["BU01530001", "BU01530002"], 2020)
    table = with_provenance(download_table(frame), "Bron: test", "2020, 2024")
    expected = {"jaar", "bron", "periode", "dataset", "waarde", "verschil_nederland", "toelichting_ontbrekend"}
    assert expected <= set(table.columns)
    text = table_csv(table).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("thema;indicator_id;") and "Bron: test" in text and "30,0" in text
    xlsx = pd.read_excel(io.BytesIO(table_xlsx(table)), engine="openpyxl")
    assert len(xlsx) == len(table) and xlsx["waarde"].iloc[0] == 30.0


def test_tiny_ranking(tiny: DataStore) -> None:
    ranked = ranking_frame(tiny, "x_lager", 2020, "GM0153", ["BU01530002"])
    assert ranked["code"].tolist() == ["BU01530001", "BU01530002"]  # suppressed Gamma is left out
    assert ranked["rank"].tolist() == [1, 2] and ranked["gekozen"].tolist() == [False, True]
    everywhere = ranking_frame(tiny, "x_lager", 2020, "TWENTE", [])
    assert everywhere["code"].tolist() == ["BU01530001", "BU01410009", "BU01530002"]
    assert ranking_frame(tiny, "y_hoger", 2016, "TWENTE", []).empty  # not measured in 2016
    assert ranking_frame(tiny, "y_hoger", 2020, "TWENTE", [])["code"].iloc[0] == "BU01530001"  # lowest is worst


def test_tiny_small_multiples(tiny: DataStore) -> None:
    frame = comparison_frame(tiny, ["BU01530001", "BU01530002"], 2020, ["x_lager", "y_hoger"])
    spec = small_multiples(frame).to_dict()
    values = next(iter(spec["datasets"].values()))
    assert {v["soort"] for v in values} == {"buurt", "Twente", "Nederland"}
    assert {v["titel"] for v in values} == {"X (2020)", "Y (2020)"}
    marks = [
        layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in spec["spec"]["layer"]
    ]
    assert marks == ["rule", "tick", "circle"]  # references, own gemeente, buurten
    alfa = next(v for v in values if v["naam"] == "Alfa" and v["titel"] == "X (2020)")
    assert alfa["gemeente_waarde"] == 20.0 and alfa["gemeente_naam"] == "Enschede"


# ------------------------------------------------------------------------------------------------ real data


def test_figures_equal_the_buurt_page(store: DataStore) -> None:
    frame = comparison_frame(store, WESSELERBRINK + SPOORZONE, 2020)
    for code in WESSELERBRINK + SPOORZONE:
        profile = buurt_profile(store, code).set_index("indicator")
        mine = frame[frame["code"] == code].set_index("indicator")
        assert set(profile.index) <= set(mine.index), code
        for ind in profile.index:
            p, m = profile.loc[ind], mine.loc[ind]
            assert int(p["period"]) == int(m["period"]), (code, ind)
            assert m["value"] == pytest.approx(p["value"]), (code, ind)
            for col in ("gemeente", "twente", "nl"):
                assert (pd.isna(m[col]) and pd.isna(p[col])) or m[col] == pytest.approx(p[col]), (code, ind, col)
            assert m["oordeel"] == p["oordeel"], (code, ind)


def test_known_figures_and_the_index_in_the_comparison(store: DataStore) -> None:
    frame = comparison_frame(store, ["BU01411402", "BU01530603"], 2020).set_index(["code", "indicator"])
    assert frame.loc[("BU01411402", "moeite_rondkomen"), "value"] == 34.0
    assert frame.loc[("BU01411402", "moeite_rondkomen"), "nl"] == 13.9
    assert frame.loc[("BU01530603", "eenzaam"), "value"] == 62.9
    idx = frame.loc[("BU01411402", INDEX_ID)]
    assert idx["value"] > frame.loc[("BU01530603", INDEX_ID), "value"] > 1.5 and idx["oordeel"] == "slechter"
    assert not any(i.startswith("aandeel_herkomst") for i in comparable_indicators(store))
    assert comparable_indicators(store)[0] == "moeite_rondkomen"


def test_real_ranking_charts(store: DataStore) -> None:
    gm = ranking_frame(store, "moeite_rondkomen", 2020, "GM0153", WESSELERBRINK)
    assert gm["gekozen"].sum() == 4 and gm["value"].iloc[0] == gm["value"].max()
    assert len(gm) <= COMPACT_RANKING
    assert ranking_chart(gm, "Moeite met rondkomen", "%").to_dict()["height"] == {"step": 16}
    tw = ranking_frame(store, "goede_gezondheid", 2020, "TWENTE", SPOORZONE)
    assert tw["value"].iloc[0] == tw["value"].min() and len(tw) > COMPACT_RANKING
    spec = ranking_chart(tw, "Ervaren gezondheid", "%").to_dict()
    assert spec["height"] == 420 and len(spec["layer"]) == 3  # compact: curve, chosen, their labels
