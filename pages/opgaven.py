"""Opgaven: the 21 opgaven of the Plan voor de Regio by theme (full fiches and status follow in issue 3)."""

from __future__ import annotations

import streamlit as st

from components.data import get_programmes
from components.export import share_link
from components.router import ensure_router
from components.state import link_params
from components.ui import in_development, page_header, source_note
from regiomonitor.presentation import opgave_titles


def main() -> None:
    """Render the Opgaven page."""
    ensure_router()
    page_header("Opgaven", "De 21 opgaven van het Plan voor de Regio Twente, per thema.")
    in_development("Eigenaren, ministeries, knelpunten, interventies en de statuslog per opgave volgen.", 3)
    npvr = get_programmes()["npvr_twente"]
    titles = opgave_titles(npvr)
    for lijn in npvr.lijnen:
        st.markdown(f"#### {lijn.naam}")
        for n in lijn.opgaven:
            st.page_link("pages/opgave.py", label=f"Opgave {n} — {titles.get(n, '')}", query_params=link_params(opgave=str(n)))
    source_note(f"Bron: {npvr.bron.titel}; thema's volgens de kop van elke fiche.")
    share_link()


main()
