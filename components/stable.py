"""Styled tables keep the same bytes from one rerun to the next (a work-around for Streamlit 1.67 with pandas).

Why: ``st.dataframe(df.style…)`` sends the Styler's ``uuid`` and CSS selectors built from it. Streamlit means to
use a stable id derived from the element's position when the Styler has none, but a pandas Styler always has one:
pandas draws a random ``uuid`` for every new Styler. So every rerun of Vergelijken, Trends and Overzicht sent
their styled tables with new bytes (23 KB for the comparison table): the browser's message cache
(``cached_message_hashes``, by which the server sends a short reference for an element the browser already holds)
never matched, and the browser rebuilt the tables.

What: Streamlit's uuid step always uses its position-derived id. The uuid only namespaces the table's CSS, and that
id is unique per element on a page, so nothing else changes. ``install`` checks the shape it relies on and does
nothing if it has changed; ``tests/unit/test_stable_styler.py`` fails loudly in that case.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from streamlit.elements.lib import pandas_styler_utils as _psu

_ORIGINAL: Callable[..., None] | None = getattr(_psu, "_marshall_uuid", None)


def _position_uuid(proto: Any, styler: Any, default_uuid: str) -> None:
    """Streamlit's ``_marshall_uuid``, with the element's position-derived id instead of pandas' random one."""
    styler.set_uuid(default_uuid)
    proto.styler.uuid = str(default_uuid)


def install() -> bool:
    """Make styled tables use their position-derived uuid; True when active (idempotent)."""
    current = getattr(_psu, "_marshall_uuid", None)
    if current is _position_uuid:
        return True
    if (
        _ORIGINAL is None
        or list(inspect.signature(_ORIGINAL).parameters) != ["proto", "styler", "default_uuid"]
        or current is not _ORIGINAL
    ):
        return False  # Streamlit changed: leave it alone
    _psu._marshall_uuid = _position_uuid
    return True
