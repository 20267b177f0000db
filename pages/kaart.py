"""Kaart (placeholder until issue 4 is built)."""

from __future__ import annotations

from components.router import ensure_router
from components.ui import in_development, page_header


def main() -> None:
    """Render the Kaart page."""
    ensure_router()
    page_header("Kaart")
    in_development("Hier komt de kaart van de buurten van Almelo, Enschede en de rest van Twente, met de focusgebieden omlijnd.", 4)


main()
