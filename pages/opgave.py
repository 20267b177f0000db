"""Opgave: one opgave of the Plan voor de Regio, reachable as ?opgave=N (full fiche follows in issue 3)."""

from __future__ import annotations

import streamlit as st

from components.data import get_programmes
from components.export import share_link
from components.router import ensure_router
from components.state import link_params
from components.ui import in_development, page_header, source_note
from regiomonitor.presentation import opgave_titles
from regiomonitor.params import is_plain_int


def main() -> None:
    """Render the Opgave page."""
    ensure_router()
    npvr = get_programmes()["npvr_twente"]
    titles = opgave_titles(npvr)
    raw = str(st.query_params.get("opgave", ""))[:4].strip()
    if not (is_plain_int(raw) and int(raw) in titles):
        page_header("Opgave")
        if raw:
            st.warning("Deze opgave kennen we niet; het Plan voor de Regio telt 21 opgaven. Kies er hieronder één.")
        for n in sorted(titles):
            st.page_link("pages/opgave.py", label=f"Opgave {n} — {titles[n]}", query_params=link_params(opgave=str(n)))
        return
    n = int(raw)
    theme = next((lijn.naam for lijn in npvr.lijnen if n in lijn.opgaven), "")
    page_header(f"Opgave {n}", f"**{titles[n]}**")
    st.caption(f"Thema: {theme}")
    in_development("De volledige fiche (eigenaren, ministeries, knelpunten, interventies, status en cijfers) volgt.", 3)
    source_note(f"Bron: {npvr.bron.titel}.")
    st.page_link("pages/opgaven.py", label="Alle opgaven", icon=":material/checklist:")
    share_link()


main()
