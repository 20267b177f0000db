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
    tabs = dict(zip(bronnen.TABS, st.tabs(list(bronnen.TABS)), strict=True))
    # Tabs in the order they were always drawn (the gaps table and the divisions first).
    with tabs["Wat de monitor nog niet heeft"]:
        bronnen.gaps(store)
    with tabs["Gebiedsindelingen"]:
        bronnen.divisions(store)
    with tabs["Datasets"]:
        bronnen.datasets(store)
    with tabs["Indicatoren"]:
        bronnen.indicators(store)
    with tabs["Methode"]:
        bronnen.method()
    with tabs["Focusgebieden"]:
        bronnen.focus_areas(store)
    with tabs["Doelen en oordelen"]:
        bronnen.targets()
    with tabs["Vergelijken en index"]:
        bronnen.compare_method()
    with tabs["Opgaven en statuslog"]:
        bronnen.opgaven_method()


main()
