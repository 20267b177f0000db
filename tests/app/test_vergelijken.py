"""AppTest of Vergelijken: a link of buurten (with bad entries), widgets by key, the index, look-alikes, downloads
and the link kept in step with the view."""

from __future__ import annotations

import time

import pytest

from regiomonitor.areas import TWENTE_GEMEENTEN

WESSELERBRINK = ["BU01530603", "BU01530604", "BU01530605", "BU01530606"]
SPOORZONE = ["BU01411003", "BU01411402"]
LINK = ",".join(WESSELERBRINK + SPOORZONE)


def _text(at) -> str:
    return "\n".join(str(x.value) for x in [*at.markdown, *at.caption, *at.subheader, *at.warning, *at.info])


def _param(at, name: str) -> str:
    value = at.query_params[name]
    return value[0] if isinstance(value, list) else value


def _table(at):
    """The comparison table (a static table, the indicator as row label) with the indicator as a column."""
    return at.table[0].value.reset_index()


def _open_tab(at, label: str):
    """Click a tab: the page reruns and draws only that part."""
    at.session_state["vergelijken_deel"] = label
    at.run()
    assert not at.exception
    return at


def test_link_with_six_buurten(open_page) -> None:
    started = time.monotonic()
    at = open_page("pages/vergelijken.py", buurten=LINK)
    assert time.monotonic() - started < 30  # includes the first load of all data in this process
    assert not at.exception
    assert at.multiselect(key="vergelijken_buurten").value == LINK.split(",")
    table = _table(at)
    assert any(c == "Wesselerbrink Noord-Oost" for c in table.columns)
    assert any("Kerkelanden" == c for c in table.columns)
    assert {"Enschede", "Almelo", "Twente", "Nederland"} <= set(table.columns)
    row = table.set_index("Indicator").loc["Moeite met rondkomen"]
    assert row["Kerkelanden"] == "34,0% ▼" and row["Nederland"] == "13,9%"  # as on the Buurt page
    assert "Kwetsbaarheidsindex (werkdefinitie)" in set(table["Indicator"])
    assert [t.label for t in at.tabs] == [
        "Naast elkaar",
        "Per indicator",
        "Rangorde",
        "Kwetsbaarheidsindex (werkdefinitie)",
        "Buurten die erop lijken",
    ]
    labels = [b.label for b in at.get("download_button")]
    assert "Vergelijking als CSV" in labels and "Vergelijking als Excel" in labels
    assert not at.warning  # nothing wrong with this link
    for name, value in (("buurten", LINK), ("periode", "2020"), ("weergave", "waarde")):
        assert _param(at, name) == value
    assert "deel" not in at.query_params and "tweeling" not in at.query_params  # first tab; no look-alikes shown
    assert not at.get("arrow_vega_lite_chart")  # only the open tab is drawn
    svg = 0
    for label, expected in (
        ("Per indicator", ("Stippen: de gekozen buurten",)),
        ("Rangorde", ("plaats",)),
        (
            "Kwetsbaarheidsindex (werkdefinitie)",
            ("niet de officiële MDI van Het PON & Telos", "Werk, Onderwijs, Wonen"),
        ),
        ("Buurten die erop lijken", ("Herkomst of migratieachtergrond gebruiken we bewust niet", "minstens 200")),
    ):
        _open_tab(at, label)
        text = _text(at)
        for want in (*expected, "Bron:"):
            assert want in text, (label, want)
        assert not at.table  # the comparison table is not drawn under another tab
        svg += [b.label for b in at.get("download_button")].count("Grafiek als SVG")
    assert svg >= 4  # small multiples, ranking, index, look-alikes
    assert _param(at, "deel") == "lijkend" and _param(at, "tweeling") == "BU01530603"


def test_index_and_twins_sections(open_page) -> None:
    at = open_page("pages/vergelijken.py", buurten=LINK, deel="index")
    index = next(df.value for df in at.dataframe if "Index 2020" in df.value.columns)
    at = _open_tab(at, "Buurten die erop lijken")
    tables = {tuple(df.value.columns[:2]): df.value for df in at.dataframe}
    assert index["Code"].tolist() == LINK.split(",")
    assert list(index.columns[:6]) == [
        "Buurt",
        "Index 2012",
        "Index 2016",
        "Index 2020",
        "Verandering 2016→2020",
        "Verandering 2012→2020",
    ]
    assert "Bestaanszekerheid 2020" in index.columns
    assert index.set_index("Code").loc["BU01411402", "Index 2020"] == "3,69"  # the stored figure, as on the map
    assert index.set_index("Code").loc["BU01411402", "Positie in NL 2020"].startswith("kwetsbaarste")
    twins = next(v for k, v in tables.items() if k == ("Buurt", "Gemeente"))
    assert len(twins) == 10 and twins["Gelijkenis (0-100)"].between(0, 100).all()
    assert "BU01530603" not in set(twins["Code"])
    outcomes = next(df.value for df in at.dataframe if "Tweelingen met cijfer" in df.value.columns)
    assert "Moeite met rondkomen" in set(outcomes["Indicator"])
    assert "Kwetsbaarheidsindex (werkdefinitie)" in set(outcomes["Indicator"])
    at.button_group(key="vergelijken_tweeling_scope").set_value("twente").run()
    assert not at.exception and _param(at, "tweelingen") == "twente"
    twins = next(df.value for df in at.dataframe if tuple(df.value.columns[:2]) == ("Buurt", "Gemeente"))
    assert all("GM" + c[2:6] in TWENTE_GEMEENTEN for c in twins["Code"])
    at.selectbox(key="vergelijken_tweeling").set_value("BU01411402").run()
    assert not at.exception and "Uitkomsten van Kerkelanden naast de mediaan" in _text(at)


def test_unknown_and_malformed_codes_are_reported(open_page) -> None:
    at = open_page("pages/vergelijken.py", buurten="BU01530603,BU99999999,<script>alert(1)</script>,BU01411003")
    assert not at.exception
    assert at.multiselect(key="vergelijken_buurten").value == ["BU01530603", "BU01411003"]
    assert len(at.warning) == 1
    notice = at.warning[0].value
    assert "BU99999999" in notice and "?SCRIPT?ALERT?" in notice and "<script>" not in notice.lower()
    table = _table(at)  # the others are still compared
    assert {"Wesselerbrink Noord-Oost", "Java en omgeving"} <= set(table.columns)


def test_more_than_eight_in_the_link(open_page) -> None:
    codes = WESSELERBRINK + SPOORZONE + ["BU01411000", "BU01411001", "BU01411002", "BU01530301"]
    at = open_page("pages/vergelijken.py", buurten=",".join(codes))
    assert not at.exception
    assert at.multiselect(key="vergelijken_buurten").value == codes[:8]
    assert "alleen de eerste 8" in at.warning[0].value


@pytest.mark.parametrize(
    "bad",
    [
        "<script>alert(1)</script>",
        "A" * 10_000,
        "<img src=x onerror=alert(1)>",
        ",,,",
        "BU0153060３",
        "BU01530603," * 2_000,
    ],
)
def test_hostile_links(open_page, bad: str) -> None:
    at = open_page(
        "pages/vergelijken.py",
        buurten=bad,
        indicator="<b>x</b>",
        tweeling="'; DROP",
        periode="²",
        weergave="A" * 10_000,
        rangorde="<script>",
        tweelingen="javascript:alert(1)",
    )
    assert not at.exception
    for el in [*at.markdown, *at.warning, *at.caption, *at.info]:
        assert "<script" not in str(el.value).lower() and "onerror" not in str(el.value).lower()


def test_widgets_change_the_table_and_the_link(open_page) -> None:
    at = open_page("pages/vergelijken.py", buurten=",".join(WESSELERBRINK[:2]))
    assert at.table[0].value.loc["Moeite met rondkomen", "Jaar"] == "2020"
    at.button_group(key="vergelijken_periode").set_value(2012).run()
    table = at.table[0].value
    assert not at.exception and _param(at, "periode") == "2012"
    assert table.loc["Moeite met rondkomen", "Wesselerbrink Noord-Oost"].startswith("39,7%")
    assert table.loc["Beperkt vanwege gezondheid", "Wesselerbrink Noord-Oost"] == "– niet gemeten in 2012"
    at.button_group(key="vergelijken_weergave").set_value("nl").run()
    table = at.table[0].value
    cell = table.loc["Moeite met rondkomen", "Wesselerbrink Noord-Oost"]
    assert cell.startswith("+") and _param(at, "weergave") == "nl"
    _open_tab(at, "Rangorde")
    at.selectbox(key="vergelijken_rang_indicator").set_value("eenzaam").run()
    assert not at.exception and _param(at, "indicator") == "eenzaam"
    at.selectbox(key="vergelijken_rang_scope").set_value("TWENTE").run()
    assert not at.exception and _param(at, "rangorde") == "TWENTE" and _param(at, "deel") == "rangorde"
    _open_tab(at, "Naast elkaar")  # what the other tab showed stays, in the page and in the link
    assert at.button_group(key="vergelijken_weergave").value == "nl" and _param(at, "weergave") == "nl"
    assert _param(at, "indicator") == "eenzaam" and _param(at, "rangorde") == "TWENTE" and "deel" not in at.query_params
    assert at.button_group(key="vergelijken_periode").value == 2012


def test_picked_indicators_survive_a_tab_switch(open_page) -> None:
    at = open_page("pages/vergelijken.py", buurten=",".join(WESSELERBRINK[:2]), deel="indicatoren")
    assert at.tabs[1].label == "Per indicator" and not at.table
    at.multiselect(key="vergelijken_indicatoren").set_value(["eenzaam", "moeite_rondkomen"]).run()
    _open_tab(at, "Rangorde")
    _open_tab(at, "Per indicator")
    assert at.multiselect(key="vergelijken_indicatoren").value == ["eenzaam", "moeite_rondkomen"]


def test_unknown_part_in_the_link(open_page) -> None:
    at = open_page("pages/vergelijken.py", buurten=",".join(WESSELERBRINK[:2]), deel="<script>")
    assert not at.exception and at.table and "deel" not in at.query_params  # the first tab, and a notice
    assert any("onderdeel" in t.value for t in at.toast)


def test_quick_adds(open_page) -> None:
    at = open_page("pages/vergelijken.py", buurten=",".join(WESSELERBRINK[:2]))
    at.button(key="vergelijken_focus_almelo_spoorzone").click().run()
    chosen = at.multiselect(key="vergelijken_buurten").value
    assert len(chosen) == 8 and chosen[:2] == WESSELERBRINK[:2] and "BU01411402" in chosen  # highest index first
    assert _param(at, "buurten") == ",".join(chosen)
    assert any("er passen er nog 6 bij" in i.value for i in at.info)
    at.multiselect(key="vergelijken_buurten").set_value(WESSELERBRINK[:1]).run()
    at.selectbox(key="vergelijken_gm").set_value("GM0164").run()
    at.multiselect(key="vergelijken_gm_buurten").set_value(["BU01640100"]).run()
    at.button(key="vergelijken_gm_toevoegen").click().run()
    assert not at.exception and at.multiselect(key="vergelijken_buurten").value == ["BU01530603", "BU01640100"]
    assert at.multiselect(key="vergelijken_gm_buurten").value == []


def test_too_few_and_no_link(open_page) -> None:
    at = open_page("pages/vergelijken.py", buurten="BU01530603")
    assert not at.exception and any("minstens 2" in i.value for i in at.info)
    assert "Buurten die erop lijken" in _text(at)  # the look-alikes work for one buurt too
    at = open_page("pages/vergelijken.py")
    assert not at.exception and at.multiselect(key="vergelijken_buurten").value == WESSELERBRINK
    assert "Voorbeeld: de vier buurten van Wesselerbrink" in _text(at)


def test_twins_from_twente_join_the_comparison(open_page) -> None:
    at = open_page("pages/vergelijken.py", buurten="BU01530603", tweeling="BU01530603", tweelingen="twente")
    assert not at.exception and _param(at, "tweelingen") == "twente"
    button = at.button(key="vergelijken_twins_add")
    assert "tweelingen uit Twente" in button.label
    assert "Zet de 7 meest gelijkende" in button.label  # one buurt chosen: room for 7 of the 10 twins
    button.click().run()
    chosen = at.multiselect(key="vergelijken_buurten").value
    assert not at.exception and chosen[0] == "BU01530603" and 2 <= len(chosen) <= 8
    assert all(c.startswith("BU") for c in chosen) and _param(at, "buurten") == ",".join(chosen)
    assert at.tabs[0].label == "Naast elkaar" and at.table  # now a comparison, opened on the table
    assert len(chosen) == 8
    _open_tab(at, "Buurten die erop lijken")
    assert at.button(key="vergelijken_twins_add").disabled  # full: nothing more to add


def test_buurten_with_the_same_name_keep_their_code(open_page) -> None:
    # Tubbergen has two buurten called Mariaparochie: the column heads name the code only there.
    at = open_page("pages/vergelijken.py", buurten="BU01830201,BU01830800,BU01530603")
    assert not at.exception
    columns = list(at.table[0].value.columns)
    assert "Mariaparochie (BU01830201)" in columns and "Mariaparochie (BU01830800)" in columns
    assert "Wesselerbrink Noord-Oost" in columns
