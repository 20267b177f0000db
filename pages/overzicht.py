"""Overzicht: the programmes at a glance and headline figures with source and period."""

from __future__ import annotations

from components import overzicht
from components.data import get_store
from components.export import share_link
from components.router import ensure_router
from components.state import current_filters
from components.ui import page_header


def main() -> None:
    """Render the Overzicht page (the sections live in ``components/overzicht.py``)."""
    ensure_router()
    store = get_store()
    filters = current_filters()
    page_header(
        "Regiomonitor Twente",
        "Waar staan de Twentse programmata tegen achterstand en voor regionale groei? Deze monitor brengt de "
        "opgaven, de focusgebieden van Almelo en Enschede en de cijfers per buurt samen. Elk getal draagt zijn "
        "bron en periode.",
    )
    overzicht.inhabitants(store)
    overzicht.key_figures(store, filters)
    overzicht.focus_areas(store, filters)
    overzicht.verdicts(store)
    overzicht.programmes()
    overzicht.gaps(store)
    share_link()


main()
