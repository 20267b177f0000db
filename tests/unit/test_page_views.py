"""View-state classes of the Presentatie, Opgave and Buurt pages: read from a link, written back, notices."""

from __future__ import annotations

import pytest

from regiomonitor.params import Params
from regiomonitor.presentation import MAX_TOKEN
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
