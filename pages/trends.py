"""Trends & doelen (placeholder until issue 6 is built)."""

from __future__ import annotations

from components.router import ensure_router
from components.ui import in_development, page_header


def main() -> None:
    """Render the Trends & doelen page."""
    ensure_router()
    page_header("Trends & doelen")
    in_development("Hier komen de trends van de focusgebieden richting de mijlpalen 2034 en 2039 van Elk Talent Telt.", 6)


main()
