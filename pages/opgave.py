"""Opgave (placeholder until issue 3 is built)."""

from __future__ import annotations

from components.router import ensure_router
from components.ui import in_development, page_header


def main() -> None:
    """Render the Opgave page."""
    ensure_router()
    page_header("Opgave")
    in_development("Hier komt de fiche van één opgave, met statushistorie en de cijfers die erbij horen.", 3)


main()
