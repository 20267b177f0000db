"""Kaart: a choropleth of buurten, wijken or gemeenten for one indicator, with the focus areas outlined.

The view lives in the link: ?gemeente=&jaar= (shared) plus indicator, periode, leeftijd, niveau, indeling,
referentie, focus and buurt (the selected area), read and written by ``regiomonitor/views/kaart.py``. The
sections live in ``components/kaart.py`` (controls and map) and ``components/kaart_side.py`` (beside the map).
"""

from __future__ import annotations

from components import kaart
from components.data import get_store
from components.router import ensure_router
from components.state import current_filters, show_notices
from components.ui import page_header


def main() -> None:
    """Render the Kaart page."""
    ensure_router()
    store = get_store()
    filters = current_filters()
    notices = kaart.seed_from_link(store, filters)
    page_header("Kaart", "Kies een indicator en zie per buurt waar de opgave zit. Klik op een buurt voor het profiel.")
    kaart.map_part(store, filters, kaart.layer_controls(store, filters))
    show_notices(notices)


main()
