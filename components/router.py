"""Keep every page behind the router in app.py.

Streamlit still knows the old multipage mode, in which any ``pages/`` folder next to the entry point is a set
of stand-alone scripts. Until the first ``st.navigation`` call of a process, a deep link such as ``/kaart``
(or an AppTest rerun) would run ``pages/kaart.py`` on its own, without the shared sidebar. Each page calls
``ensure_router()`` first: when it finds itself run that way it switches the process to navigation mode and
reruns, so app.py draws the frame and runs the same page.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def ensure_router() -> None:
    """Rerun through app.py when a page script was started directly by the legacy pages/ mechanism."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
