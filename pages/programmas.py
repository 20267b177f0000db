"""Programma's (placeholder until issue 8 is built)."""

from __future__ import annotations

from components.router import ensure_router
from components.ui import in_development, page_header


def main() -> None:
    """Render the Programma's page."""
    ensure_router()
    page_header("Programma's")
    in_development("Hier komen Elk Talent Telt, Kansrijk Enschede, de City Deals en de Regio Deal Zuid- en Oost-Drenthe.", 8)


main()
