"""Trends & doelen: the Elk Talent Telt monitor — observed series toward the 2034 and 2039 milestones.

The view lives in the link (``regiomonitor.views.trends``): ?lijn=&indicator=&gebieden=a,b&doel2034=50&doel2039=100
&referentie=TWENTE. The sections are in ``components/trends.py``.
"""

from __future__ import annotations

import streamlit as st

from components import trends
from components.data import get_programmes, get_store
from components.export import share_link
from components.router import ensure_router
from components.state import link_params, page_params, show_notices, write_view
from components.ui import page_header
from regiomonitor.views.trends import TrendsView


def main() -> None:
    """Render the Trends & doelen page."""
    ensure_router()
    store = get_store()
    ett = get_programmes()["elk_talent_telt"]
    page_header(
        "Trends & doelen",
        "Elk Talent Telt wil in één generatie een trendbreuk in de focusgebieden van Almelo en Enschede, met "
        "mijlpalen in **2034** en **2039**. Hier staan de gemeten reeksen naast het pad dat nodig is om die "
        "mijlpalen te halen.",
    )
    offer = trends.choices(store, ett)
    params = page_params()
    link = TrendsView.from_params(params, [lijn.id for lijn in ett.lijnen], offer.indicators, offer.areas)
    view, rule = trends.controls(ett, offer, link)
    lijn = next(lijn for lijn in ett.lijnen if lijn.id == view.lijn)
    write_view(view, TrendsView.OWNED)
    if view.indicator is None:
        st.info("Voor deze lijn heeft de monitor nog geen uitkomstindicator met cijfers.")
        trends.gaps(lijn)
        show_notices(params.notices)
        return
    trends.trend_section(store, ett, view, rule)
    trends.cited_figures(ett, view.indicator)
    trends.verdict_overview(store, ett, view, rule)
    trends.gaps(lijn)
    trends.budget(ett)
    st.page_link(
        "pages/programmas.py",
        label="Elk Talent Telt: lijnen, budget en monitoringopzet",
        icon=":material/account_tree:",
        query_params=link_params(programma="elk_talent_telt"),
    )
    share_link()
    show_notices(params.notices)


main()
