"""Kaart: a choropleth of buurten, wijken or gemeenten for one indicator, with the focus areas outlined.

The view lives in the link: ?gemeente=&jaar= (shared) plus indicator, periode, leeftijd, niveau, indeling,
referentie, focus and buurt (the selected area), read and written by ``regiomonitor/views/kaart.py``. The
sections live in ``components/kaart.py`` (controls and map) and ``components/kaart_side.py`` (beside the map).
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from components import kaart
from components.data import get_store
from components.router import ensure_router
from components.state import current_filters, show_notices, write_view
from components.ui import page_header
from regiomonitor.views.kaart import KaartView


def main() -> None:
    """Render the Kaart page."""
    ensure_router()
    store = get_store()
    filters = current_filters()
    notices = kaart.seed_from_link(store, filters)
    page_header("Kaart", "Kies een indicator en zie per buurt waar de opgave zit. Klik op een buurt voor het profiel.")
    view = replace(kaart.controls(store, filters), buurt=st.session_state.get(kaart.SELECTED) or None)
    write_view(view, KaartView.OWNED)
    kaart.show_map(store, filters, view)
    show_notices(notices)


main()
