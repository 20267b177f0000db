"""Bronnen & methode: every dataset with publisher, period, licence and caveats, and how figures are made."""

from __future__ import annotations

import streamlit as st

from components import bronnen
from components.data import get_store
from components.export import share_link
from components.router import ensure_router
from components.ui import page_header


def main() -> None:
    """Render the Bronnen & methode page (the sections live in ``components/bronnen.py``)."""
    ensure_router()
    store = get_store()
    page_header(
        "Bronnen & methode",
        "Alle cijfers in deze monitor komen uit openbare bronnen. Hieronder per dataset de uitgever, periode, "
        "licentie en de kanttekeningen, daarna hoe wij de cijfers bewerken.",
    )
    share_link()
    # Only the open tab is drawn (a tab switch reruns the page): the other eight would cost a rerun for nothing.
    tabs = dict(zip(bronnen.TABS, st.tabs(list(bronnen.TABS), key="bronnen_tab", on_change="rerun"), strict=True))
    sections = {
        "Datasets": lambda: bronnen.datasets(store),
        "Indicatoren": lambda: bronnen.indicators(store),
        "Wat de monitor nog niet heeft": lambda: bronnen.gaps(store),
        "Gebiedsindelingen": lambda: bronnen.divisions(store),
        "Methode": bronnen.method,
        "Focusgebieden": lambda: bronnen.focus_areas(store),
        "Doelen en oordelen": bronnen.targets,
        "Vergelijken en index": bronnen.compare_method,
        "Opgaven en statuslog": bronnen.opgaven_method,
    }
    for name, tab in tabs.items():
        if tab.open is not False:  # None: Streamlit does not track the tab (draw it, as before)
            with tab:
                sections[name]()


main()
