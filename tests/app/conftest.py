"""AppTest helpers: run the real entry point and switch to a page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from regiomonitor.paths import PROJECT_ROOT

APP = str(PROJECT_ROOT / "app.py")

#: page file -> a title the page must show.
PAGES: dict[str, str] = {
    "pages/overzicht.py": "Regiomonitor Twente",
    "pages/opgaven.py": "Opgaven",
    "pages/opgave.py": "Opgave",
    "pages/kaart.py": "Kaart",
    "pages/buurt.py": "Buurt",
    "pages/vergelijken.py": "Vergelijken",
    "pages/trends.py": "Trends & doelen",
    "pages/programmas.py": "Programma's",
    "pages/presentatie.py": "Twee snelheden in Twente",  # the first step's title, as a header
    "pages/bronnen.py": "Bronnen & methode",
}


@pytest.fixture()
def open_page() -> Callable[..., AppTest]:
    """Open a page with optional query params, as a fresh session would."""

    def _open(page: str | None = None, **params: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        if page and page != "pages/overzicht.py":
            at.switch_page(page)
            at.run()
        return at

    return _open
