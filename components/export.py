"""Download and share controls, the same on every page."""

from __future__ import annotations

from urllib.parse import urlencode

import altair as alt
import pandas as pd
import streamlit as st

from components import fastcharts, media
from regiomonitor.exports import (
    chart_png, chart_svg, file_name, table_csv, table_xlsx, use_altair_globals_lock, with_provenance,
)


def _share_streamlit_altair_lock() -> None:
    """Exports run in session threads while other sessions draw charts; Streamlit changes Altair's global theme
    and data transformer under a private lock while it serialises a chart, so exports take the same lock."""
    try:
        from streamlit.elements.vega_charts import _altair_globals_lock
    except ImportError:  # a future Streamlit without it: keep the module's own lock (best effort)
        return
    use_altair_globals_lock(_altair_globals_lock)


_share_streamlit_altair_lock()
fastcharts.install()  # st.altair_chart skips Altair's per-rerun schema check (see components/fastcharts.py)
media.install()  # generated downloads survive Streamlit's media sweeps for a grace period (see components/media.py)


def chart_downloads(chart: alt.TopLevelMixin, table: pd.DataFrame, what: str, title: str, source: str,
                    period: str, key: str) -> None:
    """SVG, PNG, CSV and Excel downloads of one chart and the table behind it.

    Rendering is deferred (the data arguments are callables), so nothing is computed unless clicked.
    """
    data = with_provenance(table, source, period)
    with st.popover("Downloaden", icon=":material/download:"):
        st.download_button("Grafiek als SVG", lambda: chart_svg(chart, title, source), file_name(what, "svg"),
                           "image/svg+xml", key=f"{key}_svg", on_click="ignore")
        st.download_button("Grafiek als PNG", lambda: chart_png(chart, title, source), file_name(what, "png"),
                           "image/png", key=f"{key}_png", on_click="ignore")
        st.download_button("Tabel als CSV", lambda: table_csv(data), file_name(what, "csv"), "text/csv",
                           key=f"{key}_csv", on_click="ignore")
        st.download_button("Tabel als Excel", lambda: table_xlsx(data), file_name(what, "xlsx"),
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key=f"{key}_xlsx", on_click="ignore")


def share_link() -> None:
    """A 'kopieer link' control: the full link of the current view (the code block has a copy button)."""
    base = str(st.context.url or "").split("?")[0]
    params = {k: v for k, v in st.query_params.to_dict().items() if isinstance(v, str)}
    with st.popover("Kopieer link", icon=":material/link:"):
        st.caption("Deze link opent precies deze weergave:")
        st.code(f"{base}?{urlencode(params)}" if params else base, language=None)
