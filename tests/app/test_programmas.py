"""Programma's page: every programme via ?programma=, the Kansrijk shortfall, City Deal filters, comparison."""

from __future__ import annotations

import pytest

IDS = ["elk_talent_telt", "kansrijk_enschede", "city_deals", "regio_deal_drenthe", "npvr_twente"]


@pytest.mark.parametrize("pid", IDS)
def test_each_programme_renders(open_page, pid: str) -> None:
    at = open_page("pages/programmas.py", programma=pid)
    assert not at.exception
    assert at.session_state["programmas_programma"] == pid
    assert at.query_params["programma"] in (pid, [pid])


def test_kansrijk_shortfall_2025(open_page) -> None:
    at = open_page("pages/programmas.py", programma="kansrijk_enschede")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Saldo 2025"] == "−€ 2.545.000" and metrics["Saldo 2023"] == "€ 535.000"


def test_city_deal_filters(open_page) -> None:
    at = open_page("pages/programmas.py", programma="city_deals")
    assert any(c.value == "10 van 10 deals" for c in at.caption)
    at.multiselect(key="programmas_cd_stad").set_value(["Deventer"]).run()
    assert not at.exception
    shown = next(c.value for c in at.caption if c.value.endswith("van 10 deals"))
    assert not shown.startswith("10 ")


def test_comparison_shows_both(open_page) -> None:
    at = open_page("pages/programmas.py")
    table = at.dataframe[-1].value
    assert len(table.columns) == 3 and any("Drenthe" in c for c in table.columns)


def test_hostile_programme(open_page) -> None:
    at = open_page("pages/programmas.py", programma="<script>alert(1)</script>")
    assert not at.exception and at.session_state["programmas_programma"] == "elk_talent_telt"
    assert any("onbekende programma" in t.value for t in at.toast)
