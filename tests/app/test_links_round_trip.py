"""A link taken from a page after using its widgets restores the same view in a fresh session, page by page.

Each case changes one or two widgets the way a user would, reads the link the page then carries (the query
params that the 'Kopieer link' control shows) and opens that link in a new AppTest session.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest


def _params(at: AppTest) -> dict[str, str]:
    out = {}
    for key, value in at.query_params.items():
        out[key] = value[0] if isinstance(value, list) else value
    return out


def _pick_other(widget) -> None:
    """Choose the last option that differs from the current value."""
    current = widget.index
    widget.select_index(len(widget.options) - 1 if current != len(widget.options) - 1 else 0)


CASES: list[tuple[str, dict[str, str], Callable[[AppTest], None], Callable[[AppTest], object]]] = [
    (
        "pages/kaart.py",
        {"gemeente": "GM0153"},
        lambda at: (
            at.selectbox(key="kaart_indicator").set_value("eenzaam").run(),
            at.radio(key="kaart_niveau").set_value("wijk").run(),
        ),
        lambda at: (at.selectbox(key="kaart_indicator").value, at.radio(key="kaart_niveau").value),
    ),
    (
        "pages/trends.py",
        {},
        lambda at: (_pick_other(at.selectbox(key="trends_indicator")), at.run()),
        lambda at: at.selectbox(key="trends_indicator").value,
    ),
    (
        "pages/opgaven.py",
        {},
        lambda at: at.multiselect(key="opgaven_thema").select(at.multiselect(key="opgaven_thema").options[1]).run(),
        lambda at: at.multiselect(key="opgaven_thema").value,
    ),
    (
        "pages/programmas.py",
        {},
        lambda at: (_pick_other(at.selectbox(key="programmas_programma")), at.run()),
        lambda at: at.selectbox(key="programmas_programma").value,
    ),
    (
        "pages/vergelijken.py",
        {"buurten": "BU01530603,BU01411402", "deel": "rangorde"},  # the ranking's tab is open
        lambda at: (_pick_other(at.selectbox(key="vergelijken_rang_indicator")), at.run()),
        lambda at: (
            at.multiselect(key="vergelijken_buurten").value,
            at.selectbox(key="vergelijken_rang_indicator").value,
        ),
    ),
    (
        "pages/presentatie.py",
        {},
        lambda at: (
            at.button(key="presentatie_volgende").click().run(),
            at.button(key="presentatie_volgende").click().run(),
        ),
        lambda at: [m.value for m in at.markdown if "stap" in str(m.value)][:1],
    ),
]


@pytest.mark.parametrize(("page", "start", "act", "view"), CASES, ids=[c[0].split("/")[1][:-3] for c in CASES])
def test_link_round_trip(open_page, page: str, start: dict[str, str], act, view) -> None:
    at = open_page(page, **start)
    assert not at.exception
    before = view(at)
    act(at)
    assert not at.exception
    after = view(at)
    assert after != before, "the action did not change the view"
    link = _params(at)
    fresh = open_page(page, **link)
    assert not fresh.exception
    assert view(fresh) == after, (page, link)
