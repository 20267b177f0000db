"""Vergelijken: 2 to 8 buurten side by side, small multiples, a ranking, the working deprivation index and
look-alike buurten.

The view lives in the link (``regiomonitor.views.vergelijken``): ``?buurten=BU…,BU…`` plus ``periode``
(health-monitor year of the table), ``weergave`` (values or differences), ``indicator`` and ``rangorde`` (the
ranking), ``tweeling`` and ``tweelingen`` (look-alikes) and ``deel`` (the open tab), next to the shared
``gemeente`` and ``jaar``. Unknown or malformed codes in the link are named in one notice; the other buurten are
still shown. With two or more buurten the page has one tab per part and draws only the open one (a tab switch
reruns the page); the parts are in ``components/compare*.py``.
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
from regiomonitor.data import DataStore
from regiomonitor.views.vergelijken import PARTS, CompareView, default_scope, ranking_scopes

#: Session-state key of the open tab (its label).
TAB_KEY = "vergelijken_deel"


def _kept(link: CompareView, chosen: list[str]) -> CompareView:
    """The link's view for the buurten chosen now: a part that this run does not draw keeps what the link says
    about it (so switching tabs loses nothing), unless it no longer fits the buurten."""
    rangorde = link.rangorde if link.rangorde in ranking_scopes(chosen) else default_scope(chosen)
    tweeling = link.tweeling if link.tweeling in chosen else None
    return replace(
        link, buurten=tuple(chosen), rangorde=rangorde, tweeling=tweeling, example=False, buurten_notice=None
    )


def _parts(store: DataStore, chosen: list[str], twente: set[str], link: CompareView, view: CompareView) -> CompareView:
    """One tab per part; only the open one is drawn. Returns ``view`` with what the drawn part shows."""
    st.session_state.setdefault(TAB_KEY, PARTS[link.deel])
    tabs = st.tabs(list(PARTS.values()), key=TAB_KEY, on_change="rerun")
    period = view.periode
    for deel, tab in zip(PARTS, tabs, strict=True):
        if tab.open is False:
            continue
        with tab:
            if tab.open:  # None: Streamlit does not track the tab (everything is drawn, the first tab is named)
                view = replace(view, deel=deel)
            if deel == "naast":
                shown = compare.view_control(link)
                compare.comparison(store, chosen, period, shown)
                view = replace(view, weergave=shown)
            elif deel == "indicatoren":
                compare.per_indicator(store, chosen, period)
            elif deel == "rangorde":
                indicator, scope = compare.ranking(store, chosen, period, link)
                view = replace(view, indicator=indicator, rangorde=scope)
            elif deel == "index":
                index_section(store, chosen, period)
            else:
                twin = twins_section(store, chosen, twente, link, heading=False)
                view = replace(
                    view, tweeling=twin[0] if twin else None, tweelingen=twin[1] if twin else view.tweelingen
                )
    return view


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
    view = _kept(link, chosen)
    if len(chosen) < MIN_BUURTEN:
        st.info(
            f"Kies minstens {MIN_BUURTEN} buurten om te vergelijken (zoek hierboven of gebruik Snel toevoegen).",
            icon=":material/compare_arrows:",
        )
        if chosen:
            twin = twins_section(store, chosen, set(options), link)
            view = replace(view, tweeling=twin[0] if twin else None, tweelingen=twin[1] if twin else link.tweelingen)
    else:
        view = _parts(store, chosen, set(options), link, replace(view, periode=compare.period_control(link)))
    if chosen:
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
