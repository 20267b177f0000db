"""Regiomonitor Twente — entry point and router.

Run with ``streamlit run app.py``. This file only configures the page, draws the shared sidebar and hands
over to the selected page; every page lives in ``pages/`` and all computing in ``regiomonitor/``.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from components.guard import refuse_client_cache_clear, run_page
from components.state import link_params, shared_sidebar
from components.ui import dutch_interface

HERE = Path(__file__).resolve().parent

#: (file, title, icon, url path) per navigation section. The first page is the default.
NAVIGATION: dict[str, list[tuple[str, str, str, str]]] = {
    "Bestuur": [
        ("overzicht.py", "Overzicht", ":material/dashboard:", "overzicht"),
        ("opgaven.py", "Opgaven", ":material/checklist:", "opgaven"),
        ("opgave.py", "Opgave", ":material/description:", "opgave"),
    ],
    "Wijken en buurten": [
        ("kaart.py", "Kaart", ":material/map:", "kaart"),
        ("buurt.py", "Buurt", ":material/home_pin:", "buurt"),
        ("vergelijken.py", "Vergelijken", ":material/compare_arrows:", "vergelijken"),
    ],
    "Programma's": [
        ("trends.py", "Trends & doelen", ":material/trending_up:", "trends"),
        ("programmas.py", "Programma's", ":material/account_tree:", "programmas"),
        ("presentatie.py", "Presentatie", ":material/slideshow:", "presentatie"),
    ],
    "Over": [
        ("bronnen.py", "Bronnen & methode", ":material/menu_book:", "bronnen"),
    ],
}


def build_pages() -> dict[str, list[st.Page]]:
    """The st.Page objects per section, paths anchored at this file."""
    pages: dict[str, list[st.Page]] = {}
    first = True
    for section, entries in NAVIGATION.items():
        pages[section] = []
        for file, title, icon, url in entries:
            pages[section].append(st.Page(HERE / "pages" / file, title=title, icon=icon, url_path=url, default=first))
            first = False
    return pages


def sidebar_menu(pages: dict[str, list[st.Page]], where: st.delta_generator.DeltaGenerator) -> None:
    """The page menu, drawn by us rather than by st.navigation.

    Streamlit's own menu is switched off (``client.showSidebarNavigation = false``): otherwise the first visitor
    after a server start saw the raw ``pages/`` list (app, bronnen, buurt, …) before the router took over. The
    links keep the shared filters (gemeente, peiljaar).
    """
    params = link_params()
    with where:
        for section, entries in pages.items():
            st.caption(section)
            for page in entries:
                st.page_link(page, label=page.title, icon=page.icon, query_params=params)
        st.divider()


def main() -> None:
    """Configure, draw the shared sidebar, run the selected page."""
    # The logo as the tab icon: a Material icon would be fetched from Google's font servers by every browser.
    st.set_page_config(page_title="Regiomonitor Twente", page_icon=str(HERE / "components" / "logo.svg"), layout="wide")
    pages = build_pages()
    navigation = st.navigation(pages, position="hidden")
    st.logo(HERE / "components" / "logo.svg", size="large")
    menu = st.sidebar.container()
    shared_sidebar()
    sidebar_menu(pages, menu)
    dutch_interface()
    run_page(navigation.run)


refuse_client_cache_clear()  # idempotent: the same replacement on every run
main()
