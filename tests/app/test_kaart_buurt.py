"""Kaart and Buurt pages: query params restore the view, selection, unknown codes."""

from __future__ import annotations

import json

import pytest


def _deck(at) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[0].proto.json)


def test_kaart_default_enschede(open_page) -> None:
    at = open_page("pages/kaart.py", gemeente="GM0153")
    assert not at.exception
    deck = _deck(at)
    ids = [layer["id"] for layer in deck["layers"]]
    assert ids[0] == "choropleth" and "focus" in ids
    codes = {f["properties"]["code"] for f in deck["layers"][0]["data"]["features"]}
    assert "BU01530603" in codes and not any(c.startswith("BU0141") for c in codes)
    legend = " ".join(m.value for m in at.markdown)
    assert "Moeite met rondkomen" in legend and "omlijnd: Wesselerbrink, Twekkelerveld" in legend
    assert at.query_params["indicator"] in ("moeite_rondkomen", ["moeite_rondkomen"])


def test_kaart_link_restores_view(open_page) -> None:
    at = open_page(
        "pages/kaart.py",
        gemeente="GM0141",
        indicator="eenzaam",
        periode="2016",
        leeftijd="65+",
        indeling="afwijking",
        referentie="nl",
        focus="voorstel",
        buurt="BU01411402",
    )
    assert not at.exception
    assert at.session_state["kaart_indicator"] == "eenzaam"
    assert at.session_state["kaart_periode"] == 2016 and at.session_state["kaart_leeftijd"] == "65+"
    assert at.session_state["kaart_indeling"] == "afwijking"
    assert any(
        s.value == "Kerkelanden" for s in at.markdown if s.value.startswith("Kerkelanden")
    ) or "Kerkelanden" in " ".join(m.value for m in at.markdown)
    assert "selected" in [layer["id"] for layer in _deck(at)["layers"]]
    assert any("Referentie" in m.value for m in at.markdown)


@pytest.mark.parametrize("bad", ["<img src=x onerror=alert(1)>", "niet_bestaand", "1" * 3000])
def test_kaart_hostile_params(open_page, bad: str) -> None:
    at = open_page("pages/kaart.py", indicator=bad, niveau=bad, indeling=bad, buurt=bad)
    assert not at.exception
    assert at.session_state["kaart_indicator"] == "moeite_rondkomen"
    assert any("onbekende" in t.value for t in at.toast)


def test_kaart_gemeente_without_buurten(open_page) -> None:
    # Rijssen-Holten has no 2024 buurt polygons: a 2024 figure says so instead of drawing an empty map
    at = open_page("pages/kaart.py", gemeente="GM1742", indicator="aandeel_65_plus", periode="2024")
    assert not at.exception
    assert any("geen buurtgrenzen van de indeling 2024" in i.value for i in at.info)
    # ... while the health monitor (division 2020) is drawn on the 2021 polygons, which Rijssen-Holten has
    at = open_page("pages/kaart.py", gemeente="GM1742", indicator="moeite_rondkomen", periode="2020")
    assert not at.exception and len(_deck(at)["layers"][0]["data"]["features"]) == 35
    at.radio(key="kaart_niveau").set_value("gemeente").run()
    assert not at.exception
    assert len(_deck(at)["layers"][0]["data"]["features"]) == 14


def test_kaart_twente_buurten_draws_all_14_gemeenten(open_page) -> None:
    at = open_page("pages/kaart.py", gemeente="TWENTE", indicator="moeite_rondkomen", periode="2020")
    assert not at.exception
    features = _deck(at)["layers"][0]["data"]["features"]
    assert len(features) == 517 and {f["properties"]["code"][2:6] for f in features} == {
        g[2:]
        for g in (
            "GM0141",
            "GM0147",
            "GM1774",
            "GM0153",
            "GM0158",
            "GM0163",
            "GM0164",
            "GM1735",
            "GM0168",
            "GM0173",
            "GM1742",
            "GM0183",
            "GM1700",
            "GM0189",
        )
    }
    notes = " ".join(i.value for i in at.info)
    assert "Twenterand: 14 van de 33 buurtcodes" in notes and "Almelo: 64 van de 68 buurtcodes" in notes
    assert any("grenzen van 2021" in c.value for c in at.caption)
    at.session_state["kaart_selected"] = "BU01890001"  # Wierden-Noord: clickable and profiled
    at.run()
    assert not at.exception
    assert any(m.value.startswith("#### Wierden-Noord") for m in at.markdown)
    links = [(el.proto.page, el.proto.query_string) for el in at.get("page_link")]
    assert any(page == "buurt" and "buurt=BU01890001" in qs for page, qs in links), links
    # a 2024 figure on the 2024 polygons: Rijssen-Holten is named as missing, not left as a silent hole
    at = open_page("pages/kaart.py", gemeente="TWENTE", indicator="aandeel_65_plus", periode="2024")
    assert not at.exception
    assert any("Voor Rijssen-Holten zijn geen buurtgrenzen van de indeling 2024" in i.value for i in at.info)


def test_buurt_page_shows_households_with_source(open_page) -> None:
    at = open_page("pages/buurt.py", buurt="BU01411402")  # Kerkelanden
    assert not at.exception
    metric = next(m for m in at.metric if m.label.startswith("Huishoudens"))
    assert (metric.label, metric.value) == ("Huishoudens (2021)", "590")
    assert "Wijk- en buurtkaart 2021" in metric.help
    assert any("huishoudens: CBS" in c.value and "2021" in c.value for c in at.caption)
    table = at.table[0].value
    assert table[table["Indicator"].str.startswith("Gemiddelde huishoudensgrootte")].iloc[0]["Periode"] == "2021"
    at = open_page("pages/buurt.py", buurt="BU01890001")  # Wierden-Noord
    assert not at.exception and at.subheader[0].value == "Wierden-Noord · Wierden"


def test_kaart_selection_shows_profile_and_link(open_page) -> None:
    at = open_page("pages/kaart.py", gemeente="GM0153")
    at.session_state["kaart_selected"] = "BU01530603"
    at.run()
    assert not at.exception
    assert any(m.value.startswith("#### Wesselerbrink Noord-Oost") for m in at.markdown)
    assert any(m.label == "Moeite met rondkomen" and m.value == "26,9%" for m in at.metric)
    links = [(el.proto.page, el.proto.query_string) for el in at.get("page_link")]
    assert any(page == "vergelijken" and "buurten=BU01530603" in qs for page, qs in links), links


def test_buurt_page_figures(open_page) -> None:
    at = open_page("pages/buurt.py", buurt="BU01530603")
    assert not at.exception
    assert at.subheader[0].value == "Wesselerbrink Noord-Oost · Enschede"
    assert "focusgebied **Wesselerbrink**" in " ".join(m.value for m in at.markdown)
    table = at.table[0].value
    row = table[table["Indicator"].str.startswith("Moeite met rondkomen")].iloc[0]
    assert (row["Buurt"], row["Enschede"], row["Nederland"], row["Oordeel"]) == ("26,9", "17,2", "13,9", "▼ slechter")
    assert any("RIVM" in c.value for c in at.caption)
    links = [(el.proto.page, el.proto.query_string) for el in at.get("page_link")]
    assert any(
        page == "vergelijken" and "buurten=BU01530603" in qs and "tweeling=BU01530603" in qs for page, qs in links
    ), links


def test_buurt_new_almelo_code_explains(open_page) -> None:
    at = open_page("pages/buurt.py", buurt="BU01411203")
    assert not at.exception
    assert "nieuw in de indeling 2021" in " ".join(m.value for m in at.markdown)


@pytest.mark.parametrize("bad", ["BU99999999", "<script>alert(1)</script>", "GM0153", ""])
def test_buurt_unknown_code_offers_search(open_page, bad: str) -> None:
    at = open_page("pages/buurt.py", buurt=bad)
    assert not at.exception
    assert at.selectbox(key="buurt_zoek") is not None
    if bad:
        assert any("kennen we niet" in w.value for w in at.warning)


def test_index_on_the_map_and_in_the_profile(open_page) -> None:
    at = open_page("pages/kaart.py", gemeente="GM0141", indicator="kwetsbaarheidsindex", periode="2020")
    assert not at.exception and at.session_state["kaart_indicator"] == "kwetsbaarheidsindex"
    features = _deck(at)["layers"][0]["data"]["features"]
    values = {f["properties"]["code"]: f["properties"] for f in features}
    assert "BU01411402" in values  # Kerkelanden, the highest score of Almelo
    legend = " ".join(m.value for m in at.markdown)
    assert "Kwetsbaarheidsindex" in legend
    at = open_page("pages/buurt.py", buurt="BU01411402")
    table = at.table[0].value
    row = table[table["Indicator"].str.startswith("Kwetsbaarheidsindex")].iloc[0]
    assert row["Buurt"] == "3,69" and row["Oordeel"] == "▼ slechter"


def test_kaart_map_options_update_the_link_and_keep_the_selection(open_page) -> None:
    # the second row of controls and the map run as a fragment: their changes still reach the link
    at = open_page("pages/kaart.py", gemeente="GM0153", buurt="BU01530603")
    assert not at.exception and at.query_params["buurt"] in ("BU01530603", ["BU01530603"])
    at.radio(key="kaart_indeling").set_value("gelijke_intervallen").run()
    at.radio(key="kaart_focus").set_value("geen").run()
    assert not at.exception
    assert at.query_params["indeling"] in ("gelijke_intervallen", ["gelijke_intervallen"])
    assert at.query_params["focus"] in ("geen", ["geen"]) and "focus" not in [lyr["id"] for lyr in _deck(at)["layers"]]
    assert at.query_params["buurt"] in ("BU01530603", ["BU01530603"])
