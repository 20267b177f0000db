"""The pages' view-state classes (regiomonitor/views): a link read, validated and written in one place."""

from __future__ import annotations

import pytest

from regiomonitor.params import Params
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
        assert view.weergave == VIEWS[0] and notices == ["De link noemt een onbekende weergave; de standaard wordt getoond."]
    else:
        assert VIEW_PARAMS[view.weergave] == param and notices == []


def test_opgaven_hostile_values_are_dropped_with_a_notice_each() -> None:
    view, notices = _opgaven(thema="<script>", status="x" * 5000, ministerie="SZW,SZW,XX", zoek="a" * 500)
    assert view.thema == () and view.status == () and view.ministerie == ("SZW",)
    assert len(view.zoek) == 80
    assert notices == [
        "De link noemt een onbekend thema; die is genegeerd.",
        "De link noemt een onbekende status; die is genegeerd.",
        "De link noemt een onbekende ministerie; die is genegeerd.",
    ]


def test_opgaven_search_is_written_stripped_and_empty_filters_left_out() -> None:
    view = OpgavenView(zoek="  Enschede ", eigenaar=("belegd",))
    out = view.to_params()
    assert out["zoek"] == "Enschede" and out["eigenaar"] == "belegd" and out["thema"] == ""
