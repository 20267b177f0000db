"""View-state classes of the Presentatie, Opgave and Buurt pages: read from a link, written back, notices."""

from __future__ import annotations

import pytest

from regiomonitor.content.presentation import MAX_TOKEN
from regiomonitor.params import Params
from regiomonitor.views.presentatie import UNKNOWN_STEP, PresentatieView


@pytest.mark.parametrize("stap", ["1", "2", "7"])
def test_presentatie_round_trip(stap: str) -> None:
    view = PresentatieView(int(stap), True, "abc_DEF-1")
    p = Params(view.to_params())
    assert PresentatieView.from_params(p, 7) == view and not p.notices
    assert set(view.to_params()) <= set(PresentatieView.OWNED)


@pytest.mark.parametrize("bad", ["0", "8", "x", "²", "-1", "99999", "1.5"])
def test_presentatie_unknown_step(bad: str) -> None:
    p = Params({"stap": bad})
    assert PresentatieView.from_params(p, 7).stap == 1
    assert p.notices == [UNKNOWN_STEP]


def test_presentatie_defaults_and_flags() -> None:
    p = Params({})
    assert PresentatieView.from_params(p, 7) == PresentatieView() and not p.notices
    assert PresentatieView().to_params() == {"stap": "1"}
    assert not PresentatieView.from_params(Params({"presenteren": "0"}), 7).presenteren
    assert PresentatieView.token(Params({"eigen": ""})) is None
    # An over-long token is passed on over-long, so the decoder refuses it with its own message.
    assert len(PresentatieView.token(Params({"eigen": "a" * 20000})) or "") > MAX_TOKEN


def test_opgave_view() -> None:
    from regiomonitor.views.opgave import OpgaveView

    numbers = range(1, 22)
    for n in (1, 13, 21):
        p = Params(OpgaveView(n).to_params())
        assert OpgaveView.from_params(p, numbers) == OpgaveView(n) and not p.notices
    for bad in ("0", "22", "abc", "²", "13abc", "1" * 10_000, "<script>"):
        p = Params({"opgave": bad})
        assert OpgaveView.from_params(p, numbers) == OpgaveView(None)
        assert len(p.notices) == 1 and "1 tot en met 21" in p.notices[0]
    p = Params({})
    assert OpgaveView.from_params(p, numbers) == OpgaveView(None) and not p.notices
    assert OpgaveView(None).to_params() == {}


def test_buurt_view() -> None:
    from regiomonitor.views.buurt import UNKNOWN_BUURT, BuurtView

    known = {"BU01530603", "BU01411402"}
    assert BuurtView.from_params(Params({"buurt": "bu01411402"}), known) == BuurtView("BU01411402")
    for bad in ("BU99999999", "GM0153", "<script>alert(1)</script>", "x" * 5000):
        p = Params({"buurt": bad})
        assert BuurtView.from_params(p, known) == BuurtView(None) and p.notices == [UNKNOWN_BUURT]
    p = Params({"buurt": ""})
    assert BuurtView.from_params(p, known) == BuurtView(None) and not p.notices
    assert BuurtView("BU01530603").to_params() == {"buurt": "BU01530603"}
