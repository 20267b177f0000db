"""regiomonitor/views: the view state of Vergelijken and Trends & doelen read from a link and written back."""

from __future__ import annotations

from regiomonitor.params import Params
from regiomonitor.views.trends import MAX_AREAS, TrendsView
from regiomonitor.views.vergelijken import EXAMPLE, CompareView, default_scope, ranking_scopes

BUURTEN = ("BU01530603", "BU01530604", "BU01530605", "BU01530606", "BU01411003", "BU01411402")
INDICATORS = ("moeite_rondkomen", "eenzaam")


def _compare(**raw: str) -> tuple[CompareView, list[str]]:
    params = Params(raw)
    return CompareView.from_params(params, BUURTEN, INDICATORS, 2016), params.notices


def test_compare_defaults_show_the_example() -> None:
    view, notices = _compare()
    assert view.buurten == EXAMPLE and view.example and notices == []
    assert (view.periode, view.weergave, view.indicator, view.tweelingen) == (2016, "waarde", "moeite_rondkomen", "nl")
    assert view.rangorde == "GM0153" and view.tweeling is None


def test_compare_empty_buurten_is_no_example() -> None:
    view, _ = _compare(buurten="")
    assert view.buurten == () and not view.example and view.rangorde == "TWENTE"


def test_compare_link_is_read_and_written_back() -> None:
    link = {
        "buurten": "BU01530603,bu01411402",
        "periode": "2012",
        "weergave": "nl",
        "indicator": "eenzaam",
        "rangorde": "GM0141",
        "tweeling": "BU01411402",
        "tweelingen": "twente",
    }
    view, notices = _compare(**link)
    assert notices == [] and view.buurten == ("BU01530603", "BU01411402")
    assert view.to_params() == link | {"buurten": "BU01530603,BU01411402"}
    again, _ = _compare(**view.to_params())
    assert again == view


def test_compare_open_part_is_in_the_link_unless_it_is_the_first() -> None:
    view, notices = _compare(buurten="BU01530603,BU01411402", deel="rangorde")
    assert notices == [] and view.deel == "rangorde" and view.to_params()["deel"] == "rangorde"
    first, _ = _compare(buurten="BU01530603,BU01411402", deel="naast")
    assert first.deel == "naast" and "deel" not in first.to_params()
    bad, notices = _compare(buurten="BU01530603,BU01411402", deel="<script>")
    assert bad.deel == "naast" and notices == ["De link noemt een onbekend onderdeel; de standaard wordt getoond."]
    single, _ = _compare(buurten="BU01530603", deel="index")  # one buurt: no tabs, so no part in the link
    assert "deel" not in single.to_params()


def test_compare_refused_values_give_the_dutch_notices() -> None:
    view, notices = _compare(
        buurten="BU01530603,BU99999999,<b>",
        periode="²",
        weergave="x",
        indicator="<script>",
        rangorde="GM0363",
        tweeling="BU01530604",  # not among the link's buurten
        tweelingen="javascript:",
    )
    assert view.buurten == ("BU01530603",)
    assert view.buurten_notice and "BU99999999" in view.buurten_notice and "<b>" not in view.buurten_notice
    assert (view.periode, view.weergave, view.indicator, view.rangorde, view.tweeling, view.tweelingen) == (
        2016,
        "waarde",
        "moeite_rondkomen",
        "GM0153",
        None,
        "nl",
    )
    assert notices == [
        "De link noemt een onbekende periode; de standaard wordt getoond.",
        "De link noemt een onbekende weergave; de standaard wordt getoond.",
        "De link noemt een onbekende indicator; de standaard wordt getoond.",
        "De link noemt een onbekende rangorde; de standaard wordt getoond.",
        "De link noemt een onbekende zoekgebied; de standaard wordt getoond.",
        "De link noemt een onbekende buurt; de standaard wordt getoond.",
    ]


def test_compare_sections_not_shown_leave_the_link() -> None:
    one = CompareView(("BU01530603",), rangorde="GM0153")
    assert one.to_params() == {"buurten": "BU01530603"}
    assert CompareView(()).to_params() == {"buurten": ""}  # write_view removes an empty param


def test_ranking_scopes() -> None:
    assert ranking_scopes([]) == ["TWENTE"] and default_scope([]) == "TWENTE"
    assert default_scope(["BU01411003", "BU01530603"]) == "GM0141"


LINES = ("woon_leefomgeving", "werken", "leren")
TREND_INDICATORS = {"woon_leefomgeving": ["goede_gezondheid", "eenzaam"], "werken": ["moeite_rondkomen"], "leren": []}
AREAS = {
    "goede_gezondheid": ["Wesselerbrink", "Almelo spoorzone", "Twekkelerveld", "Enschede", "Almelo", "Hengelo"],
    "eenzaam": ["Wesselerbrink", "Enschede", "Almelo"],
    "moeite_rondkomen": ["Enschede", "Almelo"],  # no buurt figures: the cities only
}


def _trends(**raw: str) -> tuple[TrendsView, list[str]]:
    params = Params(raw)
    return TrendsView.from_params(params, LINES, TREND_INDICATORS, AREAS), params.notices


def test_trends_defaults() -> None:
    view, notices = _trends()
    assert notices == []
    assert view == TrendsView(
        "woon_leefomgeving", "goede_gezondheid", ("Wesselerbrink", "Almelo spoorzone", "Enschede", "Almelo")
    )
    assert view.to_params() == {
        "lijn": "woon_leefomgeving",
        "indicator": "goede_gezondheid",
        "gebieden": "Wesselerbrink,Almelo spoorzone,Enschede,Almelo",
        "referentie": "TWENTE",
        "doel2034": "50",
        "doel2039": "100",
    }


def test_trends_link_round_trip() -> None:
    link = {
        "lijn": "werken",
        "indicator": "moeite_rondkomen",
        "gebieden": "Almelo",
        "referentie": "NL00",
        "doel2034": "25",
        "doel2039": "75",
    }
    view, notices = _trends(**link)
    assert notices == [] and view.to_params() == link


def test_trends_indicator_of_another_line_and_areas_it_lacks() -> None:
    view, notices = _trends(lijn="werken", indicator="eenzaam", gebieden="Wesselerbrink")
    assert view.indicator == "moeite_rondkomen" and view.gebieden == ("Enschede", "Almelo")
    assert notices == [
        "De link noemt een onbekende indicator; de standaard wordt getoond.",
        "De link noemt onbekende gebieden; de standaardkeuze wordt getoond.",
    ]


def test_trends_too_many_areas_and_bad_targets() -> None:
    view, notices = _trends(gebieden=",".join(AREAS["goede_gezondheid"]), doel2034="33", doel2039="abc")
    assert len(view.gebieden) == MAX_AREAS and (view.doel2034, view.doel2039) == (50, 100)
    assert notices == [
        f"De link noemt meer dan {MAX_AREAS} gebieden; de eerste {MAX_AREAS} worden getoond.",
        "De link bevat een ongeldig doelpercentage; 50% wordt gebruikt.",
        "De link bevat een ongeldig doelpercentage; 100% wordt gebruikt.",
    ]


def test_trends_line_without_indicator_keeps_line_and_rule_only() -> None:
    view, notices = _trends(lijn="leren", indicator="eenzaam", gebieden="Almelo", referentie="x")
    assert view.indicator is None and view.gebieden == ()
    assert notices == ["De link noemt een onbekende referentie; de standaard wordt getoond."]
    assert view.to_params() == {"lijn": "leren", "referentie": "TWENTE", "doel2034": "50", "doel2039": "100"}
