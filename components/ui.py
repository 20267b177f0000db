"""Small layout helpers so every page looks and cites the same way."""

from __future__ import annotations

import streamlit as st


def page_header(title: str, intro: str | None = None) -> None:
    """Page title and a one-paragraph introduction."""
    st.title(title)
    if intro:
        st.markdown(intro)


def source_note(text: str) -> None:
    """The source and period line under a visual (small print, always present)."""
    st.caption(text)


def in_development(what: str, issue: int) -> None:
    """An honest placeholder for a page whose content is still being built."""
    st.info(
        f"**In ontwikkeling.** {what} Deze pagina wordt uitgewerkt (issue {issue}); "
        "de andere pagina's werken al met de echte gegevens.",
        icon=":material/construction:",
    )
