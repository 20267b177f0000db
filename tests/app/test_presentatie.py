"""Presentatie: steps from the link, next/previous, every step renders, hostile step numbers."""

from __future__ import annotations

import pytest

from regiomonitor.data import load_store
from regiomonitor.paths import PATHS
from regiomonitor.presentation import PresentationError, load_presentation

DEFAULT = PATHS.content_dir / "presentations" / "elk_talent_telt.yaml"


@pytest.mark.parametrize("stap", ["1", "2", "3", "4", "5", "6", "7"])
def test_every_step_renders(open_page, stap: str) -> None:
    at = open_page("pages/presentatie.py", stap=stap)
    assert not at.exception
    assert at.session_state["presentatie_stap"] == int(stap)
    assert any(f"stap {stap} van 7" in m.value for m in at.markdown)
    assert any("takeaway" in m.value for m in at.markdown)


def test_next_and_previous(open_page) -> None:
    at = open_page("pages/presentatie.py")
    at.button(key="presentatie_volgende").click().run()
    assert at.session_state["presentatie_stap"] == 2
    assert at.query_params["stap"] in ("2", ["2"])
    at.button(key="presentatie_vorige").click().run()
    assert at.session_state["presentatie_stap"] == 1


@pytest.mark.parametrize("bad", ["0", "99", "-1", "<script>", "2.5"])
def test_hostile_step(open_page, bad: str) -> None:
    at = open_page("pages/presentatie.py", stap=bad)
    assert not at.exception and at.session_state["presentatie_stap"] == 1
    assert any("onbekende stap" in t.value for t in at.toast)


def test_presentation_schema(tmp_path) -> None:
    known = set(load_store().catalogue["id"])
    pres = load_presentation(DEFAULT, known)
    assert len(pres.stappen) == 7 and all(s.boodschap for s in pres.stappen)
    bad = tmp_path / "bad.yaml"
    bad.write_text("stappen:\n  - {titel: x, visual: {type: kaart, indicator: bestaat_niet}, boodschap: y}\n", encoding="utf-8")
    with pytest.raises(PresentationError, match="unknown indicator 'bestaat_niet'"):
        load_presentation(bad, known)
    bad.write_text("stappen:\n  - {titel: x, visual: {type: film}, boodschap: y}\n", encoding="utf-8")
    with pytest.raises(PresentationError, match="unknown visual type"):
        load_presentation(bad, known)
