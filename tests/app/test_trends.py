"""Trends & doelen page: defaults, link restore, hostile params, verdict table."""

from __future__ import annotations


def test_trends_default(open_page) -> None:
    at = open_page("pages/trends.py")
    assert not at.exception
    numbers = at.table[0].value
    assert {"Wesselerbrink", "Almelo spoorzone"} <= set(numbers["Gebied"])
    verdicts = {"op koers", "aandacht nodig", "niet op koers", "doel al bereikt", "te weinig metingen"}
    # Every series ends in 2020, before the programme started in 2025: labelled as the trend before the start.
    assert {v.removeprefix("trend 2012-2020, vóór de start: ") for v in numbers["Oordeel"]} <= verdicts
    assert all(v.startswith("trend 2012-2020, vóór de start") for v in numbers["Oordeel"])
    captions = " ".join(c.value for c in at.caption)
    assert "Drempels: op koers" in captions and "50-100%" in captions  # thresholds beside the verdict, not hidden
    overview = at.table[1].value
    cells = [str(v) for c in overview.columns if c != "Indicator" for v in overview[c]]
    assert not any(v in verdicts - {"te weinig metingen"} for v in cells)  # never a bare programme verdict
    assert any("Werkaanname" in m.value for m in at.markdown)
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    # the chart's heading is page text (it wraps on a phone), not a Vega title that is cut off
    box = at.selectbox(key="trends_indicator")
    assert f"##### {box.options[box.index]}" in [m.value for m in at.markdown]


def test_trends_link_restores(open_page) -> None:
    at = open_page(
        "pages/trends.py",
        lijn="werken",
        indicator="moeite_rondkomen",
        gebieden="Twekkelerveld,Enschede",
        doel2034="25",
        doel2039="75",
        referentie="NL00",
    )
    assert not at.exception
    assert at.session_state["trends_lijn"] == "werken" and at.session_state["trends_indicator"] == "moeite_rondkomen"
    assert at.session_state["trends_gebieden"] == ["Twekkelerveld", "Enschede"]
    assert at.session_state["trends_doel2034"] == 25 and at.session_state["trends_referentie"] == "NL00"
    assert any("25% en in 2039 75%" in m.value and "Nederland" in m.value for m in at.markdown)


def test_trends_hostile(open_page) -> None:
    at = open_page("pages/trends.py", lijn="<script>", indicator="x" * 500, gebieden="<b>,,", doel2034="abc")
    assert not at.exception
    assert any("onbekende" in t.value or "ongeldig" in t.value for t in at.toast)


def test_trends_gaps_are_visible(open_page) -> None:
    at = open_page("pages/trends.py", lijn="leren")
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "Nog geen meting" in text


def test_trends_budget_cited(open_page) -> None:
    at = open_page("pages/trends.py")
    assert any("totaal € 25.000.000" in c.value and "Almelo: € 12.500.000" in c.value for c in at.caption)


def test_trends_eenzaamheid_no_meaningless_band(open_page) -> None:
    at = open_page("pages/trends.py", lijn="woon_leefomgeving", indicator="eenzaam")
    assert not at.exception
    notes = " ".join(m.value for m in at.markdown)
    assert "onzekerheidsband is niet getekend" in notes and "niet onder 0% of boven 100%" in notes
    assert "vóór de start van Elk Talent Telt in 2025" in notes
