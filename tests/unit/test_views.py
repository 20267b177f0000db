"""The pages' view-state classes (regiomonitor/views): a link read, validated and written in one place."""

from __future__ import annotations

import pytest

from regiomonitor.params import Params
from regiomonitor.views.kaart import KaartView, default_age, fallback_indicator
from regiomonitor.views.opgaven import VIEW_PARAMS, VIEWS, OpgavenView

THEMES = ("bestaanszekerheid", "fijn_wonen")
STATUSES = ("op koers", "aandacht nodig", "geen status")
MINISTRIES = ("SZW", "BZK")
OWNERS = ("belegd", "voorstel")


def _opgaven(**raw: str) -> tuple[OpgavenView, list[str]]:
    params = Params(raw)
    return OpgavenView.from_params(params, THEMES, STATUSES, MINISTRIES, OWNERS), params.notices


def test_opgaven_defaults_without_a_link() -> None:
    view, notices = _opgaven()
    assert view == OpgavenView() and notices == []
    assert view.weergave == "Stand van zaken" and not view.filter.active
    assert view.to_params() == {
        "thema": "",
        "status": "",
        "ministerie": "",
        "eigenaar": "",
        "zoek": "",
        "weergave": "stand",
    }


def test_opgaven_link_round_trips() -> None:
    view, notices = _opgaven(
        thema="fijn_wonen,bestaanszekerheid", status="op koers", ministerie="SZW", eigenaar="voorstel", zoek="13"
    )
    assert notices == []
    assert view.thema == ("fijn_wonen", "bestaanszekerheid") and view.filter.active
    again, _ = _opgaven(**view.to_params())
    assert again == view


@pytest.mark.parametrize("param", ["weergave", *VIEW_PARAMS.values()])
def test_opgaven_every_view_has_a_link(param: str) -> None:
    view, notices = _opgaven(weergave=param)
    if param == "weergave":  # not a view name: the default, with a notice
        assert view.weergave == VIEWS[0] and notices == [
            "De link noemt een onbekende weergave; de standaard wordt getoond."
        ]
    else:
        assert VIEW_PARAMS[view.weergave] == param and notices == []


def test_opgaven_hostile_values_are_dropped_with_a_notice_each() -> None:
    view, notices = _opgaven(thema="<script>", status="x" * 5000, ministerie="SZW,SZW,XX", zoek="a" * 500)
    assert view.thema == () and view.status == () and view.ministerie == ("SZW",)
    assert len(view.zoek) == 80
    assert notices == [
        "De link noemt een onbekend thema; dat is genegeerd.",
        "De link noemt een onbekende status; die is genegeerd.",
        "De link noemt een onbekend ministerie; dat is genegeerd.",
    ]


def test_opgaven_search_is_written_stripped_and_empty_filters_left_out() -> None:
    view = OpgavenView(zoek="  Enschede ", eigenaar=("belegd",))
    out = view.to_params()
    assert out["zoek"] == "Enschede" and out["eigenaar"] == "belegd" and out["thema"] == ""


# --- Kaart -------------------------------------------------------------------------------------------------

_INDICATORS = {
    "buurt": ["eenzaam", "moeite_rondkomen"],
    "wijk": ["eenzaam", "moeite_rondkomen"],
    "gemeente": ["inwoners"],
}
_PERIODS = {"eenzaam": [2012, 2016, 2020], "moeite_rondkomen": [2016, 2020], "inwoners": [2020, 2024]}
_AGES = {"eenzaam": ["18+", "65+"], "moeite_rondkomen": ["18+"], "inwoners": ["totaal"]}
_AREAS = {"buurt": {"BU01530603", "BU01411402"}, "wijk": {"WK015306"}, "gemeente": {"GM0153"}}


def _kaart(**raw: str) -> tuple[KaartView, list[str]]:
    params = Params(raw)
    view = KaartView.from_params(
        params,
        _INDICATORS.__getitem__,
        lambda ind, level: _PERIODS[ind],
        _AGES.__getitem__,
        _AREAS.__getitem__,
    )
    return view, params.notices


def test_kaart_defaults_without_a_link() -> None:
    view, notices = _kaart()
    assert notices == []
    assert view == KaartView()  # buurten, moeite met rondkomen, the page's year, adults, quantiles, focus areas
    assert view.to_params()["periode"] == "" and view.to_params()["buurt"] == ""


def test_kaart_link_restores_every_field_and_round_trips() -> None:
    link = {
        "niveau": "buurt",
        "indicator": "eenzaam",
        "periode": "2016",
        "leeftijd": "65+",
        "indeling": "afwijking",
        "referentie": "nl",
        "focus": "voorstel",
        "buurt": "BU01411402",
    }
    view, notices = _kaart(**link)
    assert notices == [] and view.to_params() == link
    assert (view.indicator, view.periode, view.leeftijd, view.buurt) == ("eenzaam", 2016, "65+", "BU01411402")
    assert set(KaartView.OWNED) == set(link)


def test_kaart_fields_are_checked_against_what_the_fields_before_them_allow() -> None:
    # the gemeente layer has no eenzaam: its first indicator; 2016 is not a year of inwoners: the page's choice
    view, notices = _kaart(niveau="gemeente", indicator="eenzaam", periode="2016", leeftijd="65+", buurt="BU01530603")
    assert (view.indicator, view.periode, view.leeftijd, view.buurt) == ("inwoners", None, "totaal", None)
    assert notices == [
        "De link noemt een onbekende indicator; de standaard wordt getoond.",
        "De link noemt een onbekende periode; de standaard wordt getoond.",
        "De link noemt een onbekende leeftijdsgroep; de standaard wordt getoond.",
        "De link noemt een onbekende buurt; de standaard wordt getoond.",
    ]


@pytest.mark.parametrize("bad", ["<img src=x onerror=alert(1)>", "1" * 3000, "²", "-1", "2020x"])
def test_kaart_hostile_values_give_defaults_and_notices(bad: str) -> None:
    view, notices = _kaart(niveau=bad, indeling=bad, referentie=bad, focus=bad, indicator=bad, periode=bad, buurt=bad)
    assert view == KaartView()
    assert len(notices) == 7 and all(n.startswith("De link noemt een onbekende ") for n in notices)


def test_kaart_fallbacks() -> None:
    assert fallback_indicator(["a", "moeite_rondkomen"]) == "moeite_rondkomen" and fallback_indicator(["a"]) == "a"
    assert default_age(["65+", "18+"]) == "18+" and default_age(["totaal"]) == "totaal"
