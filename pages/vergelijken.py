"""Vergelijken (placeholder until issue 5 is built)."""

from __future__ import annotations

from components.router import ensure_router
from components.ui import in_development, page_header


def main() -> None:
    """Render the Vergelijken page."""
    ensure_router()
    page_header("Vergelijken")
    in_development("Hier vergelijkt u buurten naast elkaar, met rangordes en vergelijkbare buurten elders.", 5)


main()
