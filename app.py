"""Regiomonitor Twente — entry point and router.

Run with ``streamlit run app.py``. This file only configures the page, draws the shared sidebar and hands
over to the selected page; every page lives in ``pages/`` and all computing in ``regiomonitor/``.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from components.state import shared_sidebar

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
            pages[section].append(
                st.Page(HERE / "pages" / file, title=title, icon=icon, url_path=url, default=first)
            )
            first = False
    return pages


def main() -> None:
    """Configure, draw the shared sidebar, run the selected page."""
    # The logo as the tab icon: a Material icon would be fetched from Google's font servers by every browser.
    st.set_page_config(page_title="Regiomonitor Twente", page_icon=str(HERE / "components" / "logo.svg"), layout="wide")
    navigation = st.navigation(build_pages())
    st.logo(HERE / "components" / "logo.svg", size="large")
    shared_sidebar()
    navigation.run()


main()
