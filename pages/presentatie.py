"""Presentatie (placeholder until issue 7 is built)."""

from __future__ import annotations

from components.router import ensure_router
from components.ui import in_development, page_header


def main() -> None:
    """Render the Presentatie page."""
    ensure_router()
    page_header("Presentatie")
    in_development("Hier komt de presentatiemodus voor kennissessies, met stappen en een hand-out.", 7)


main()
