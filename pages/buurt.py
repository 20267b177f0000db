"""Buurt (placeholder until issue 4 is built)."""

from __future__ import annotations

from components.router import ensure_router
from components.ui import in_development, page_header


def main() -> None:
    """Render the Buurt page."""
    ensure_router()
    page_header("Buurt")
    in_development("Hier komt het profiel van één buurt tegen gemeente, Twente en Nederland.", 4)


main()
