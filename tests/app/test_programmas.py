"""Programma's page: every programme via ?programma=, the Kansrijk shortfall, City Deal filters, comparison."""

from __future__ import annotations

import pytest

from regiomonitor.content.programme import load_programmes
from regiomonitor.paths import current_paths

IDS = ["elk_talent_telt", "kansrijk_enschede", "city_deals", "regio_deal_drenthe", "npvr_twente"]


def _text(at) -> str:
    return " ".join(m.value for m in at.markdown) + " " + " ".join(c.value for c in at.caption)


def _links(at) -> list:
    return list(at.get("page_link"))


@pytest.mark.parametrize("pid", IDS)
def test_each_programme_renders(open_page, pid: str) -> None:
    at = open_page("pages/programmas.py", programma=pid)
    assert not at.exception
    assert at.session_state["programmas_programma"] == pid
    assert at.query_params["programma"] in (pid, [pid])
    assert not at.toast
    assert any("Bron:" in c.value for c in at.caption)


def test_overview_lists_all_programmes(open_page) -> None:
    at = open_page("pages/programmas.py")
    overview = at.table[0].value
    assert len(overview) == len(IDS)
    assert "Regio Deal Elk Talent Telt" in set(overview["Programma"])


def test_kansrijk_shortfall_2025(open_page) -> None:
    at = open_page("pages/programmas.py", programma="kansrijk_enschede")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Saldo 2025"] == "−€ 2.545.000" and metrics["Saldo 2023"] == "€ 535.000"
    assert metrics["Saldo 2024"] == "−€ 815.000" and metrics["Saldo 2026"] == "−€ 2.575.000"
    warning = " ".join(w.value for w in at.warning)
    assert "2025: **−€ 2.545.000** (−2.545 × € 1.000)" in warning
    summary = next(d.value for d in at.dataframe if "Bestaande dekking" in d.value.columns)
    row = summary[summary["Jaar"] == "2025"].iloc[0]
    assert (row["Uitgaven"], row["Bestaande dekking"], row["Nieuwe dekking"], row["Saldo"]) == (
        "€ 10.528.000",
        "€ 7.883.000",
        "€ 100.000",
        "−€ 2.545.000",
    )
    assert len(at.get("vega_lite_chart")) == 2  # spending vs cover, and the balance


def test_kansrijk_spending_plans_and_lea(open_page) -> None:
    at = open_page("pages/programmas.py", programma="kansrijk_enschede")
    text = _text(at)
    assert "Bestedingsplan gemeentelijk onderwijsachterstandenbudget (OAB) 2023" in text
    assert "Bestedingsplan middelen Nationaal Programma Onderwijs (NPO)" in text
    assert "LEA H3 De begroting" in text  # cited
    npo = next(d.value for d in at.dataframe if "NPO-periode (tot zomer 2025)" in d.value.columns)
    assert npo[npo["Post"] == "Σ TOTAAL"].iloc[0]["NPO-periode (tot zomer 2025)"] == "€ 2.917.000"
    assert not any("Wat gemeten wordt / toelichting" in t.value.columns for t in at.table)  # another tab
    at = open_page("pages/programmas.py", programma="kansrijk_enschede", deel="indicatoren")
    assert at.query_params["deel"] in ("indicatoren", ["indicatoren"])
    lea = next(t.value for t in at.table if "Wat gemeten wordt / toelichting" in t.value.columns)
    programme = load_programmes(current_paths().content_dir / "programmes")["kansrijk_enschede"]
    assert list(lea["Indicator"]) == [i.naam for i in programme.lijn("eerlijke_kans").indicatoren]
    no_measure = lea[lea["Data-status"].str.contains("nog geen meting")]
    assert len(no_measure) and (no_measure["Wat gemeten wordt / toelichting"] != "").all()
    vve = lea[lea["Indicator"].str.startswith("Bereik voorschoolse educatie")].iloc[0]
    assert "83,7%" in vve["Cijfers uit het document"] and "LEA H4 par. 1" in vve["Cijfers uit het document"]


def test_ett_budget_lines_and_links(open_page) -> None:
    at = open_page("pages/programmas.py", programma="elk_talent_telt", deel="budget")
    budget = next(d.value for d in at.dataframe if "Onderdeel" in d.value.columns and "Almelo" in d.value.columns)
    total = budget[budget["Onderdeel"] == "Totaal"].iloc[0]
    assert (total["Almelo"], total["Enschede"], total["Totaal"]) == ("€ 12.500.000", "€ 12.500.000", "€ 25.000.000")
    assert any("Gelijk aan het totaal in de tabel" in c.value for c in at.caption)
    at.session_state["programmas_deel_elk_talent_telt"] = "Opzet en doelen"  # a click on the first tab
    at.run()
    assert not at.exception and "deel" not in at.query_params
    assert [e.label for e in at.expander][:3] == [
        "Programmalijn Leren",
        "Programmalijn Werken",
        "Programmalijn Woon- en leefomgeving",
    ]
    text = _text(at)
    assert "Wesselerbrink" in text and "Spoorzone" in text
    links = _links(at)
    at.session_state["programmas_deel_elk_talent_telt"] = "Indicatoren"
    at.run()
    assert not at.exception and at.query_params["deel"] in ("indicatoren", ["indicatoren"])
    links += _links(at)
    pages = [link.proto.page for link in links]
    assert any("kaart" in p for p in pages) and any("trends" in p for p in pages) and any("opgave" in p for p in pages)
    kaart = [link for link in links if "kaart" in link.proto.page and "moeite_rondkomen" in str(link.proto)]
    assert kaart


def test_map_link_uses_a_level_the_indicator_has(open_page) -> None:
    at = open_page("pages/programmas.py", programma="npvr_twente", deel="indicatoren")
    link = next(link for link in _links(at) if "gem_inkomen_per_inwoner" in str(link.proto))
    assert "niveau=gemeente" in str(link.proto)


def test_city_deal_filters(open_page) -> None:
    at = open_page("pages/programmas.py", programma="city_deals")
    assert any(c.value == "10 van 10 deals" for c in at.caption)
    at.multiselect(key="programmas_cd_stad").set_value(["Deventer"]).run()
    assert not at.exception
    shown = next(c.value for c in at.caption if c.value.endswith("van 10 deals"))
    n_city = int(shown.split()[0])
    assert 0 < n_city < 10
    assert "Energiebesparing door de markt" in _text(at)
    assert "Aansluiting Onderwijs en Arbeidsmarkt" not in _text(at)  # a Hengelo deal
    at.multiselect(key="programmas_cd_thema").set_value(["Onderwijs, voortijdig schoolverlaten en arbeidsmarkt"]).run()
    assert not at.exception
    assert any(c.value == "0 van 10 deals" for c in at.caption)
    assert any("Geen City Deal" in i.value for i in at.info)


def test_city_deal_links_to_opgaven(open_page) -> None:
    at = open_page("pages/programmas.py", programma="city_deals")
    assert any("opgave=13" in str(link.proto) for link in _links(at))


def test_comparison_shows_both(open_page) -> None:
    at = open_page("pages/programmas.py")
    table = at.table[-1].value
    assert list(table.columns) == ["Onderdeel", "Regio Deal Elk Talent Telt", "Regio Deal Zuid- en Oost-Drenthe"]
    at.selectbox(key="programmas_vergelijk_b").set_value("kansrijk_enschede").run()
    assert not at.exception
    assert any(c.startswith("Kansrijk Enschede") for c in at.table[-1].value.columns)


def test_unknown_tab_and_a_tab_of_another_programme(open_page) -> None:
    at = open_page("pages/programmas.py", programma="city_deals", deel="financien")
    assert not at.exception and any("onbekend onderdeel" in t.value for t in at.toast)
    assert "deel" not in at.query_params and any(c.value.endswith("van 10 deals") for c in at.caption)
    at = open_page("pages/programmas.py", programma="kansrijk_enschede", deel="cijfers")
    at.selectbox(key="programmas_programma").set_value("city_deals").run()  # the link's tab is Kansrijk's
    assert not at.exception and not at.toast and "deel" not in at.query_params


@pytest.mark.parametrize("bad", ["<script>alert(1)</script>", "onbekend", "x" * 5000])
def test_hostile_programme(open_page, bad: str) -> None:
    at = open_page("pages/programmas.py", programma=bad)
    assert not at.exception and at.session_state["programmas_programma"] == "elk_talent_telt"
    assert any("onbekend programma" in t.value for t in at.toast)
    assert at.query_params["programma"] in ("elk_talent_telt", ["elk_talent_telt"])
    assert "<script>" not in _text(at)


def test_city_deals_say_per_deal_what_the_fiche_says(open_page) -> None:
    at = open_page("pages/programmas.py", programma="city_deals")
    text = _text(at)
    assert "Niet alle tien zijn met het Rijk gesloten" in text
    assert "gesloten met het Rijk: 3" in text and "Green Deal (geen City Deal): 1" in text
    assert "Afspraak met het Rijk volgens de fiche: ondertekening verwacht" in text


def test_elk_talent_telt_shows_its_approach(open_page) -> None:
    at = open_page("pages/programmas.py", programma="elk_talent_telt")
    text = _text(at)
    for part in (
        "ABCD-methode",
        "Plek",
        "Koppelkansen",
        "Coalities",
        "Leren en verbeteren",
        "Wat deze aanpak onderscheidt (3 punten)",
        "beleidsruimte",
        "maatwerk",
        "Communicatie",
        "10 tot 15 jaar",
    ):
        assert part in text, part
