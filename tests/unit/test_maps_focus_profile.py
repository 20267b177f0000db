"""Map classing, map frames, focus areas and the buurt profile."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from regiomonitor.areas import TWENTE_GEMEENTEN
from regiomonitor.content.focus_area import load_focus_areas
from regiomonitor.content.reader import ContentError
from regiomonitor.data import load_geo
from regiomonitor.focus import focus_geometries, inhabitants, proposal
from regiomonitor.look import DIVERGING, MISSING_COLOR, SEQ_NEUTRAL, SEQ_WORSE
from regiomonitor.map_deck import build_deck, legend_html, payload_bytes
from regiomonitor.maps import classify, map_frame
from regiomonitor.paths import PATHS
from regiomonitor.profile import assess, buurt_profile, trend_chart, trend_frame


def test_quantiles_dark_means_worse() -> None:
    values = pd.Series([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10, np.nan])
    worse_high = classify(values, "kwantielen", "lager_beter", "%")
    assert worse_high.classes[-1] == -1  # missing stays missing
    assert worse_high.colors[worse_high.classes[9]] == SEQ_WORSE[-1]  # highest value darkest
    worse_low = classify(values, "kwantielen", "hoger_beter", "%")
    assert worse_low.colors[worse_low.classes[0]] == SEQ_WORSE[-1]  # lowest value darkest
    neutral = classify(values, "gelijke_intervallen", "neutraal", "%")
    assert set(neutral.colors) <= set(SEQ_NEUTRAL)
    assert neutral.labels[0] == "1,0% – 2,8%"  # Dutch decimal comma


def test_deviation_bands() -> None:
    values = pd.Series([0.0, 20.0, 40.0, 20.0, 20.0])  # sd 12.6: the extremes lie beyond 1.5 sd
    c = classify(values, "afwijking", "lager_beter", "%", reference=20.0)
    assert c.classes == (0, 2, 4, 2, 2)
    # for 'lager is beter' a value far above the reference is worse: brown
    assert c.colors[4] == DIVERGING[0]
    assert "Referentie 20,0%" in c.note
    with pytest.raises(ValueError, match="needs a reference"):
        classify(values, "afwijking", "lager_beter", "%")
    with pytest.raises(ValueError, match="unknown classing"):
        classify(values, "jenks", "lager_beter", "%")


def test_map_frame_enschede(store) -> None:
    md = map_frame(store, load_geo("buurten"), "moeite_rondkomen", 2020, "18+", "buurt", ["GM0153"])
    f = md.frame.set_index("code")
    assert f.loc["BU01530603", "value"] == pytest.approx(26.9)
    assert md.references["Nederland"] == 13.9 and md.references["Enschede"] == 17.2
    assert f.loc["BU01530603", "rank"] == 2  # second-worst buurt of Enschede on this indicator
    assert "RIVM" in md.source and "2020" in md.source


def test_map_frame_almelo_boundary_change(store) -> None:
    md = map_frame(store, load_geo("buurten"), "moeite_rondkomen", 2020, "18+", "buurt", ["GM0141"])
    row = md.frame.set_index("code").loc["BU01411203"]  # Indië: new in the 2024 division
    assert pd.isna(row["value"]) and "indeling 2020" in row["reason"]


def test_deck_payload_and_layers(store) -> None:
    geo = load_geo("buurten_2021")  # the health monitor (division 2020) is drawn on the 2021 geometry
    assert set(geo["gemeente"]) == set(TWENTE_GEMEENTEN)
    md = map_frame(store, geo, "eenzaam", 2020, "18+", "buurt", sorted(set(geo["gemeente"])))
    assert len(md.frame) == 517
    c = classify(md.frame["value"], "kwantielen", md.direction, md.unit)
    focus = focus_geometries(geo, [("Wesselerbrink", ["BU01530603", "BU01530604"])])
    deck = build_deck(md, c, focus=focus, selected="BU01530603", context=load_geo("gemeenten"))
    ids = [layer.id for layer in deck.layers]
    assert ids[0] == "choropleth" and {"focus", "focus_halo", "selected"} <= set(ids)
    payload = deck.to_json()
    assert payload_bytes(deck) < 300 * 1024, "map of all Twente buurten must stay under 300 KB"
    assert "Wesselerbrink Noord-Oost (BU01530603)" in payload
    grey = [int(MISSING_COLOR[i : i + 2], 16) for i in (1, 3, 5)]
    assert any(f["properties"]["f"][:3] == grey for f in deck.layers[0].data["features"])
    assert "Twente " in deck._tooltip["text"] and "rang 1 = slechtste (hoogste)" in deck._tooltip["text"]
    # No base map: the sentinel (not null, which Streamlit replaces by Carto's style) and no provider.
    spec = json.loads(payload)
    assert spec["mapStyle"] == "__MAP_STYLE__" and spec.get("mapProvider") is None


def test_legend_is_escaped(store) -> None:
    md = map_frame(store, load_geo("buurten"), "eenzaam", 2020, "18+", "buurt", ["GM0153"])
    c = classify(md.frame["value"], "kwantielen", md.direction, md.unit)
    html = legend_html(md, c, "<script>alert(1)</script>")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_focus_areas_content(store) -> None:
    buurten = set(store.areas.loc[store.areas["in_2024"] & (store.areas["level"] == "buurt"), "code"])
    cat = load_focus_areas(PATHS.content_dir / "focus_areas.yaml", buurten)
    names = {fa.id: fa for fa in cat.areas}
    assert names["wesselerbrink"].buurten == ("BU01530603", "BU01530604", "BU01530605", "BU01530606")
    assert names["twekkelerveld"].buurten == ("BU01530301",)
    assert names["almelo_spoorzone"].basis == "werkaanname"
    assert cat.households_document == 20000
    pop, n = inhabitants(store, names["wesselerbrink"].buurten)
    assert (pop, n) == (15525.0, 4)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["focusgebieden"][0].pop("toelichting"), "missing required field 'toelichting'"),
        (lambda d: d["focusgebieden"][0].update(basis="gevoel"), "field 'basis'"),
        (lambda d: d["focusgebieden"][0]["buurten"].append("BU01539999"), "does not exist in the 2024 division"),
        (lambda d: d["focusgebieden"][1]["buurten"].append("BU01530603"), "already in focus area"),
        (lambda d: d["focusgebieden"][0]["buurten"].append("BU01411402"), "is not in gemeente GM0153"),
    ],
)
def test_focus_areas_rejects(store, tmp_path: Path, mutate, message: str) -> None:
    doc = yaml.safe_load((PATHS.content_dir / "focus_areas.yaml").read_text(encoding="utf-8"))
    mutate(doc)
    path = tmp_path / "focus_areas.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    buurten = set(store.areas.loc[store.areas["in_2024"] & (store.areas["level"] == "buurt"), "code"])
    with pytest.raises(ContentError, match=message):
        load_focus_areas(path, buurten)


def test_proposal_rule(store) -> None:
    prop = proposal(store)
    assert set(prop["code"].str[:6]) <= {"BU0141", "BU0153"}
    assert {"BU01411402", "BU01530603"} <= set(prop["code"])  # Kerkelanden, Wesselerbrink Noord-Oost
    assert (prop["inwoners"] >= 200).all()


def test_assess_respects_direction() -> None:
    assert assess(30, 20, "lager_beter") == "slechter"
    assert assess(30, 20, "hoger_beter") == "beter"
    assert assess(20.5, 20, "hoger_beter") == "gelijk"
    assert assess(30, 20, "neutraal") == ""
    assert assess(None, 20, "hoger_beter") == ""


def test_buurt_profile(store) -> None:
    p = buurt_profile(store, "BU01530603").set_index("indicator")
    row = p.loc["moeite_rondkomen"]
    assert (row["value"], row["gemeente"], row["nl"], row["oordeel"]) == (26.9, 17.2, 13.9, "slechter")
    assert row["rank_gemeente"] == 2 and row["n_gemeente"] == 69
    assert "aandeel_herkomst_buiten_europa" not in p.index  # origin is context only
    assert "inwoners" not in p.index


def test_trend_chart_spec(store) -> None:
    series = trend_frame(store, "BU01530603", "eenzaam")
    assert series[series["area_code"] == "BU01530603"]["value"].tolist() == [51.5, 58.6, 62.9]
    spec = trend_chart(series, "Eenzaam", "%", "Wesselerbrink Noord-Oost").to_dict()
    assert spec["encoding"]["x"]["field"] == "jaar"


def test_periods_at_level_only_years_with_values(store) -> None:
    from regiomonitor.indicators import periods_at_level, periods_of

    assert periods_of(store, "inwoners") == [2020, 2021, 2024]
    assert periods_at_level(store, "inwoners", "gemeente") == [2020, 2021, 2024]
    assert periods_at_level(store, "inwoners", "buurt") == [2021, 2024]  # no buurt counts for 2020 in the raw data
    assert periods_at_level(store, "huishoudens", "buurt") == [2021]
    assert periods_at_level(store, "moeite_rondkomen", "buurt") == [2012, 2016, 2020]
    assert periods_at_level(store, "moeite_rondkomen", "provincie") == []


@pytest.mark.parametrize(
    ("indicator", "age"),
    [("moeite_rondkomen", "18+"), ("inwoners", None), ("moeite_rondkomen", None), ("onbekend", "18+")],
)
def test_store_rows_equal_a_scan_of_the_table(store, indicator: str, age: str | None) -> None:
    codes = ["BU01530603", "BU01411402", "GM0153", "TWENTE", "BU99999999"]
    df = store.indicators
    mask = (df["indicator"] == indicator) & df["area_code"].isin(codes)
    if age is not None:
        mask &= df["age_group"] == age
    key = ["area_code", "period", "age_group"]
    got = store.rows(codes, indicator, age).sort_values(key).reset_index(drop=True)
    assert got.equals(df[mask].sort_values(key).reset_index(drop=True))
    assert list(got.columns) == list(df.columns)


def test_store_indicator_lookup(store) -> None:
    assert store.indicator("eenzaam").label == store.catalogue.set_index("id").loc["eenzaam", "label"]
    with pytest.raises(KeyError):
        store.indicator("bestaat_niet")


def test_deck_json_is_compact_and_the_same_as_pydecks(store) -> None:
    from pydeck.bindings.json_tools import serialize

    md = map_frame(store, load_geo("buurten"), "eenzaam", 2020, "18+", "buurt", ["GM0153"])
    deck = build_deck(md, classify(md.frame["value"], "kwantielen", md.direction, md.unit))
    compact, indented = deck.to_json(), serialize(deck)  # what st.pydeck_chart sends, and pydeck's own
    assert json.loads(compact) == json.loads(indented)
    assert "\n" not in compact and len(compact) < 0.5 * len(indented)
