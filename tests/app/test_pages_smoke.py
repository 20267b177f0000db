"""Every page renders without exception and shows its title; shared filters and bad data behave."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.conftest import PAGES


@pytest.mark.parametrize("page", list(PAGES))
def test_page_renders(open_page, page: str) -> None:
    at = open_page(page)
    assert not at.exception, at.exception
    assert PAGES[page] in [t.value for t in at.title] + [h.value for h in at.header]


def test_overzicht_shows_figures_with_source(open_page) -> None:
    at = open_page()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Inwoners Almelo"] == "74.317"
    assert metrics["Inwoners Enschede"] == "161.738"
    table = at.table[0].value
    row = table[table["Indicator"].str.startswith("Moeite met rondkomen")].iloc[0]
    assert (row["Enschede"], row["Nederland"], row["Periode"]) == ("17,2", "13,9", "2020")
    assert "RIVM" in row["Bron"]
    assert any("Bron: CBS" in c.value for c in at.caption)


def test_shared_filters_from_link(open_page) -> None:
    at = open_page(gemeente="GM0164", jaar="2016")
    assert at.session_state["gemeente"] == "GM0164" and at.session_state["periode"] == 2016
    table = at.table[0].value
    assert "Hengelo" in table.columns and "Hengelo (O.)" not in table.columns  # everyday name, not CBS's
    assert table.iloc[0]["Periode"] == "2016"
    assert at.query_params["gemeente"] == ["GM0164"] or at.query_params["gemeente"] == "GM0164"


@pytest.mark.parametrize("bad", ["<script>alert(1)</script>", "GM9999", "x" * 5000, "'; DROP TABLE"])
def test_hostile_gemeente_param(open_page, bad: str) -> None:
    at = open_page(gemeente=bad, jaar="1900")
    assert not at.exception
    assert at.session_state["gemeente"] == "TWENTE" and at.session_state["periode"] == 2020
    notices = [t.value for t in at.toast]
    assert any("onbekende gemeente" in n for n in notices) and any("onbekend peiljaar" in n for n in notices)


def test_sidebar_change_updates_link(open_page) -> None:
    at = open_page()
    at.sidebar.selectbox(key="gemeente").set_value("GM0153").run()
    assert not at.exception
    assert at.query_params["gemeente"] in ("GM0153", ["GM0153"])


def test_filters_survive_page_switch(open_page) -> None:
    at = open_page()
    at.sidebar.selectbox(key="periode").set_value(2012).run()
    at.switch_page("pages/bronnen.py").run()
    at.switch_page("pages/overzicht.py").run()
    assert at.session_state["periode"] == 2012


@pytest.mark.parametrize("page", ["pages/overzicht.py", "pages/bronnen.py"])
def test_missing_data_gives_dutch_message_not_traceback(open_page, data_copy: Path, page: str) -> None:
    (data_copy / "data" / "indicators.parquet").unlink()
    at = open_page(page)
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "ontbreekt" in errors and "python -m regiomonitor.prepare" in errors


def test_bronnen_lists_every_dataset(open_page) -> None:
    from regiomonitor.data import load_store

    at = open_page("pages/bronnen.py")
    text = " ".join(m.value for m in at.markdown)
    for ds in load_store().datasets.values():
        assert ds.titel in text and ds.licentie in text
    assert "modelschattingen" in text.lower() or "Modelschattingen" in text


def _tab_texts(at, *tabs: str) -> str:
    """The markdown of Bronnen's tabs (only the open tab is drawn; opening one reruns the page)."""
    texts = []
    for tab in tabs:
        at.session_state["bronnen_tab"] = tab
        at.run()
        assert not at.exception
        texts += [m.value for m in at.markdown]
    return " ".join(texts)


def test_bronnen_draws_only_the_open_tab(open_page) -> None:
    at = open_page("pages/bronnen.py")
    text = " ".join(m.value for m in at.markdown)
    assert "#### Uitgever" not in text and "**Uitgever:**" in text  # Datasets, the first tab, is open
    assert "Wesselerbrink" not in text and "#### Gebiedsindelingen" not in text


def test_bronnen_every_tab_renders(open_page) -> None:
    from components.bronnen import TABS

    at = open_page("pages/bronnen.py")
    for tab in TABS:
        at.session_state["bronnen_tab"] = tab
        at.run()
        assert not at.exception, tab
        assert len(at.markdown) + len(at.dataframe) > 1, tab  # more than the page's introduction
    at.session_state["bronnen_tab"] = "Wat de monitor nog niet heeft"
    at.run()
    assert "#### Wat de monitor nog niet heeft" in " ".join(m.value for m in at.markdown) and at.dataframe
    at.selectbox(key="bronnen_gaps_programma").select_index(1).run()
    assert not at.exception and at.session_state["bronnen_tab"] == "Wat de monitor nog niet heeft"


def test_bronnen_states_focus_areas_and_target_rules(open_page) -> None:
    at = open_page("pages/bronnen.py")
    text = _tab_texts(at, "Focusgebieden", "Doelen en oordelen")
    assert "Wesselerbrink" in text and "werkaanname" in text.lower()
    assert "Voorstel uit de data" in text
    assert "op koers" in text and "2034" in text


def test_overzicht_focus_areas_and_verdicts(open_page) -> None:
    at = open_page()
    focus = at.table[1].value.set_index("Indicator")
    assert focus.loc["Moeite met rondkomen (%)", "Wesselerbrink"] == "24,5"
    assert focus.loc["Moeite met rondkomen (%)", "Nederland"] == "13,9"
    verdicts = at.table[2].value
    assert "Wesselerbrink" in verdicts.columns and "Eenzaamheid" in set(verdicts["Indicator"])


def test_opgave_link_and_unknown(open_page) -> None:
    at = open_page("pages/opgave.py", opgave="13")
    assert not at.exception and any(t.value.startswith("Opgave 13") for t in at.title)
    at = open_page("pages/opgave.py", opgave="99")
    assert not at.exception and any("bestaat niet" in w.value for w in at.warning)
    at = open_page("pages/opgaven.py", weergave="thema")
    assert not at.exception and len(at.get("page_link")) >= 21
