"""Keep every page behind the router in app.py.

Streamlit still knows the old multipage mode, in which any ``pages/`` folder next to the entry point is a set
of stand-alone scripts. Until the first ``st.navigation`` call of a process, a deep link such as ``/kaart``
(or an AppTest rerun) would run ``pages/kaart.py`` on its own, without the shared sidebar. Each page calls
``ensure_router()`` first: when it finds itself run that way it switches the process to navigation mode and
runs app.py in the same script run, so app.py draws the frame and runs the same page. Running it in place
(rather than ``st.rerun()``) keeps this run's button and form triggers, which a rerun would drop.
"""

from __future__ import annotations

import runpy
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

APP = Path(__file__).resolve().parent.parent / "app.py"


def ensure_router() -> None:
    """Run through app.py when a page script was started directly by the legacy pages/ mechanism."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        runpy.run_path(str(APP), run_name="__main__")  # draws the frame and runs this same page inside it
        st.stop()
