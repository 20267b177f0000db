"""Buurt: one buurt against its gemeente, Twente and NL, with trends, ranks and its focus area.

Reachable as ?buurt=BU01530603 (read through ``regiomonitor.views.buurt``). An unknown or malformed code gives
a notice and a search box. The sections live in ``components/buurt_sections.py``.
"""

from __future__ import annotations

import streamlit as st

from components.buurt_sections import counts, facts, links, profile, trends
from components.data import get_store
from components.export import share_link
from components.router import ensure_router
from components.shared import shared
from components.state import page_params, write_view
from components.ui import page_header
from regiomonitor.areas import TWENTE_GEMEENTEN
from regiomonitor.data import DataStore
from regiomonitor.views.buurt import BuurtView


def _buurt_options(store: DataStore) -> list[str]:
    """The Twente buurten, by gemeente and name."""
    a = store.areas
    buurten = a[(a["level"] == "buurt") & a["twente"]].copy()
    buurten["gm"] = buurten["gemeente"].map(TWENTE_GEMEENTEN)
    return buurten.sort_values(["gm", "name"])["code"].tolist()


def _search(store: DataStore, notices: list[str]) -> None:
    """A search box over all Twente buurten; choosing one opens it."""
    for notice in notices:
        st.warning(notice, icon=":material/search:")
    choice = st.selectbox(
        "Zoek een buurt op naam of code",
        shared(_buurt_options, store),
        index=None,
        key="buurt_zoek",
        format_func=lambda c: f"{store.name(c)} — {TWENTE_GEMEENTEN.get('GM' + c[2:6], '')} ({c})",
        placeholder="Typ een buurtnaam, bijvoorbeeld Wesselerbrink of Kerkelanden",
    )
    if choice:
        write_view(BuurtView(choice), BuurtView.OWNED)
        st.rerun()


def main() -> None:
    """Render the Buurt page."""
    ensure_router()
    store = get_store()
    params = page_params()
    view = BuurtView.from_params(params, set(shared(_buurt_options, store)))
    page_header("Buurt")
    if view.buurt is None:
        _search(store, params.notices)
        return
    write_view(view, BuurtView.OWNED)
    code = view.buurt
    gm = facts(store, code)
    counts(store, code)
    profile(store, code, store.name(gm))
    trends(store, code)
    links(code, gm)
    share_link()


main()
