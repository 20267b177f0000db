"""Vergelijken: 2 to 8 buurten side by side, small multiples, a ranking, the working deprivation index and
look-alike buurten.

The view lives in the link (``regiomonitor.views.vergelijken``): ``?buurten=BU…,BU…`` plus ``periode``
(health-monitor year of the table), ``weergave`` (values or differences), ``indicator`` and ``rangorde`` (the
ranking), ``tweeling`` and ``tweelingen`` (look-alikes), next to the shared ``gemeente`` and ``jaar``. Unknown or
malformed codes in the link are named in one notice; the other buurten are still shown. The sections are in
``components/compare*.py``.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from components import compare
from components.compare_index import index_section
from components.compare_select import buurt_options, selection
from components.compare_twins import twins_section
from components.data import get_store
from components.export import share_link
from components.router import ensure_router
from components.state import current_filters, link_params, page_params, show_notices, write_view
from components.ui import page_header
from regiomonitor.compare import MIN_BUURTEN
from regiomonitor.views.vergelijken import CompareView


def main() -> None:
    """Render the Vergelijken page."""
    ensure_router()
    store = get_store()
    page_header(
        "Vergelijken",
        "Zet 2 tot 8 buurten naast elkaar: waar is een achterstand eigen aan de buurt en waar "
        "delen buurten hem? Met een rangorde, een samengestelde kwetsbaarheidsindex en buurten elders in het "
        "land die qua opbouw op de uwe lijken.",
    )
    options = buurt_options(store)
    params = page_params()
    link = CompareView.from_params(params, options, compare.ranking_indicators(store), current_filters().periode)
    chosen = selection(store, link)
    view = CompareView(tuple(chosen))
    if len(chosen) < MIN_BUURTEN:
        st.info(
            f"Kies minstens {MIN_BUURTEN} buurten om te vergelijken (zoek hierboven of gebruik Snel toevoegen).",
            icon=":material/compare_arrows:",
        )
    else:
        st.subheader("Naast elkaar", divider="gray")
        period, shown = compare.controls(link)
        frame = compare.comparison(store, chosen, period, shown)
        compare.per_indicator(store, frame, chosen, period)
        indicator, scope = compare.ranking(store, chosen, period, link)
        index_section(store, chosen, period)
        view = replace(view, periode=period, weergave=shown, indicator=indicator, rangorde=scope)
    if chosen:
        twin = twins_section(store, chosen, set(options), link)
        if twin:
            view = replace(view, tweeling=twin[0], tweelingen=twin[1])
        st.markdown("**Naar het buurtprofiel**")
        cols = st.columns(min(len(chosen), 4))
        for i, c in enumerate(chosen):
            cols[i % len(cols)].page_link(
                "pages/buurt.py", label=store.name(c), icon=":material/home_pin:", query_params=link_params(buurt=c)
            )
    write_view(view, CompareView.OWNED)
    show_notices(params.notices)
    share_link()


main()
