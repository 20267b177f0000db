"""Opgaven (placeholder until issue 3 is built)."""

from __future__ import annotations

from components.router import ensure_router
from components.ui import in_development, page_header


def main() -> None:
    """Render the Opgaven page."""
    ensure_router()
    page_header("Opgaven")
    in_development("Hier komen de 21 opgaven van het Plan voor de Regio, per thema, met status, eigenaar en ministeries.", 3)


main()
