"""AppTest of Vergelijken: a link of buurten (with bad entries), widgets by key, look-alikes, index, downloads."""

from __future__ import annotations

import pytest

LINK = "BU01530603,BU01530604,BU01530605,BU01530606,BU01411003,BU01411402"


def _text(at) -> str:  # noqa: ANN001
    return "\n".join(str(x.value) for x in [*at.markdown, *at.caption, *at.subheader, *at.warning, *at.info])


def test_link_with_six_buurten(open_page) -> None:
    at = open_page("pages/vergelijken.py", buurten=LINK)
    assert not at.exception
    assert at.multiselect(key="vergelijken_buurten").value == LINK.split(",")
    table = at.dataframe[0].value
    assert any("Wesselerbrink Noord-Oost" in c for c in table.columns) and any("BU01411402" in c for c in table.columns)
    assert "Moeite met rondkomen" in set(table["Indicator"])
    assert "Kwetsbaarheidsindex (werkdefinitie)" in set(table["Indicator"])
    text = _text(at)
    for expected in ("Naast elkaar", "Rangorde", "Buurten die erop lijken", "Kwetsbaarheidsindex", "niet de officiële MDI",
                     "Herkomst of migratieachtergrond gebruiken we bewust"):
        assert expected in text, expected
    labels = [b.label for b in at.get("download_button")]
    assert "Vergelijking als CSV" in labels and "Vergelijking als Excel" in labels


def test_unknown_and_malformed_codes_are_reported(open_page) -> None:
    at = open_page("pages/vergelijken.py", buurten="BU01530603,BU99999999,<script>alert(1)</script>,BU01411003")
    assert not at.exception
    assert at.multiselect(key="vergelijken_buurten").value == ["BU01530603", "BU01411003"]
    assert at.warning and "BU99999999" in at.warning[0].value and "<script>" not in at.warning[0].value
    assert at.dataframe  # the others are still compared


@pytest.mark.parametrize("bad", ["A" * 10_000, "<img src=x onerror=alert(1)>", ",,,", "BU0153060３"])
def test_hostile_links(open_page, bad: str) -> None:
    at = open_page("pages/vergelijken.py", buurten=bad, indicator="<b>x</b>", tweeling="'; DROP")
    assert not at.exception


def test_widgets_change_the_view_and_the_link(open_page) -> None:
    at = open_page("pages/vergelijken.py", buurten="BU01530603,BU01530604")
    at.button(key="vergelijken_focus_almelo_spoorzone").click().run()
    chosen = at.multiselect(key="vergelijken_buurten").value
    assert len(chosen) == 8 and chosen[:2] == ["BU01530603", "BU01530604"]
    assert at.query_params["buurten"] in (",".join(chosen), [",".join(chosen)])
    at.selectbox(key="vergelijken_rang_indicator").set_value("eenzaam").run()
    assert not at.exception and at.query_params["indicator"] in ("eenzaam", ["eenzaam"])
    at.selectbox(key="vergelijken_tweeling").set_value("BU01530604").run()
    assert "Wesselerbrink Zuid-Oost naast de mediaan" in _text(at)


def test_too_few_buurten_asks_for_more(open_page) -> None:
    at = open_page("pages/vergelijken.py", buurten="BU01530603")
    assert not at.exception and any("minstens 2" in i.value for i in at.info)
