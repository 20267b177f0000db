"""Small layout helpers so every page looks and cites the same way."""

from __future__ import annotations

from pathlib import Path

import streamlit as st


def page_header(title: str, intro: str | None = None) -> None:
    """Page title and a one-paragraph introduction."""
    st.title(title)
    if intro:
        st.markdown(intro)


def source_note(text: str) -> None:
    """The source and period line under a visual (small print, always present)."""
    st.caption(text)


JS_DIR = Path(__file__).resolve().parent / "js"


def script_tag(name: str) -> str:
    """``<script>`` with the body of ``components/js/<name>``: our own static code, kept in files so the server
    configuration can allow exactly these scripts by their hash (``regiomonitor.deploy``'s Content-Security-Policy)."""
    return f"<script>{(JS_DIR / name).read_text(encoding='utf-8')}</script>"


# Streamlit's own interface texts are English and not configurable. This script (our own static code, no user
# content) puts them in Dutch as they appear, and sends a typed old or wrong page path to the page it most likely
# meant: the "page not found" notice shows only when nothing matches, in Dutch, over the Overzicht.
DUTCH_INTERFACE_JS = script_tag("dutch_interface.js")


def dutch_interface() -> None:
    """Streamlit's own English texts in Dutch, and typed old page paths sent to the right page (see above)."""
    st.html(DUTCH_INTERFACE_JS, unsafe_allow_javascript=True)
