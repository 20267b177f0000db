"""Programma's: every programme the monitor follows, with its lines, goals, horizon, budget and indicators.

Reachable as ?programma=<id>&deel=<tab> (validated; an unknown value gives a notice and the default); only the
open tab is drawn. Which tabs a programme gets is data (``regiomonitor.programme_layout``): the Kansrijk
Enschede finances 2023-2026 with the yearly shortfall and the OAB/NPO spending plans, the Elk Talent Telt budget
per line and city, a filterable City Deals archive; below them a side-by-side structure comparison of two
programmes. Every figure names its document and page or section. The sections live in
``components/programmes.py`` and ``components/programme_budgets.py``.
"""

from __future__ import annotations

import streamlit as st

from components.data import get_programmes, get_store
from components.export import share_link
from components.programmes import comparison, header, overview, programme_tabs
from components.router import ensure_router
from components.state import page_params, show_notices, write_view
from components.ui import page_header
from regiomonitor.programme_layout import layout_for, tab_slugs
from regiomonitor.views.programmas import ProgrammasView, ordered_ids


def main() -> None:
    """Render the Programma's page."""
    ensure_router()
    store = get_store()
    programmes = get_programmes()
    page_header(
        "Programma's",
        "De regionale programma's die de monitor volgt: hun lijnen en doelen, looptijd, budget en indicatoren, "
        "en per indicator of de monitor er al cijfers voor heeft. Elk cijfer noemt het document en de pagina.",
    )
    ids = ordered_ids(list(programmes))
    params = page_params()
    if st.session_state.get("programmas_programma") not in ids:  # first run, or a programme no longer there
        st.session_state["programmas_programma"] = ProgrammasView.from_params(params, ids).programma

    overview(programmes, ids)
    pid = st.selectbox("Programma", ids, format_func=lambda i: programmes[i].naam, key="programmas_programma")
    prog = programmes[pid]
    layout = layout_for(prog)
    header(prog)
    shown = programme_tabs(prog, layout, store, ProgrammasView.part_from_params(params, pid, tab_slugs(layout)))
    write_view(ProgrammasView(pid, shown), ProgrammasView.OWNED)

    st.divider()
    comparison(programmes, ids)
    share_link()
    show_notices(params.notices)


main()
