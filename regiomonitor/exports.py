"""Exports: charts as SVG/PNG with title and source inside the image, tables as CSV/Excel (no Streamlit).

Charts are rendered on the server with vl-convert (Vega-Lite without a browser), so what a board member
pastes into a paper is exactly the chart on screen, titled and cited. Under ``make serve`` one helper process per
host draws them for all Streamlit processes (:mod:`regiomonitor.renderer`).
"""

from __future__ import annotations

import io
import re
import threading
from contextlib import AbstractContextManager
from datetime import date
from typing import Final

import altair as alt
import pandas as pd

from regiomonitor import renderer

# Altair's theme and data transformer are process-wide. Streamlit switches both while it serialises a chart for
# the browser (theme 'none', datasets replaced by references) under its own lock; an export serialised in another
# session's thread at that moment lost its data, and vl-convert then failed with 'SVG has an invalid size' (seen
# in the 25-session load test). Exports therefore serialise under the same lock; the app shares Streamlit's
# lock through use_altair_globals_lock, so this module stays free of Streamlit.
_altair_lock: AbstractContextManager[object] = threading.Lock()


def use_altair_globals_lock(lock: AbstractContextManager[object]) -> None:
    """Serialise charts under ``lock``: the lock the host application holds while it changes Altair's globals."""
    global _altair_lock
    _altair_lock = lock


def chart_spec(chart: alt.TopLevelMixin, title: str, source: str, width: int = 900, validate: bool = True) -> str:
    """The titled chart as Vega-Lite JSON with Altair's default theme and inline data (whatever other threads
    are doing with Altair's globals). ``validate=False`` skips Altair's schema check (most of the cost), for a
    spec that only identifies a picture."""
    spec = titled(chart, title, source, width)
    with _altair_lock:
        return spec.to_json(validate=validate)


def file_name(what: str, ext: str, day: date | None = None) -> str:
    """A file name that says what and when: 'trend_eenzaam_wesselerbrink_2026-11-24.svg'.

    >>> file_name("Trend: Eenzaam / Wesselerbrink", "svg", date(2026, 11, 24))
    'trend_eenzaam_wesselerbrink_2026-11-24.svg'
    """
    slug = re.sub(r"[^a-z0-9]+", "_", what.lower()).strip("_")[:80] or "export"
    return f"{slug}_{(day or date.today()).isoformat()}.{ext}"


def titled(chart: alt.TopLevelMixin, title: str, source: str, width: int = 900) -> alt.TopLevelMixin:
    """The chart with its title and the source/period line inside the image, at a slide-friendly width
    (faceted and concatenated charts keep the widths of their panels)."""
    facet_like = isinstance(chart, (alt.FacetChart, alt.HConcatChart, alt.VConcatChart, alt.ConcatChart))
    if not title and not source:  # the caller prints title and source itself: keep the chart's own
        return chart if facet_like else chart.properties(width=width)
    title_params = alt.TitleParams(
        title, subtitle=[source], anchor="start", fontSize=18, subtitleFontSize=12, subtitleColor="#444"
    )
    if facet_like:
        return chart.properties(title=title_params)
    return chart.properties(width=width, title=title_params)


def spec_svg(spec: str) -> str:
    """SVG text of a Vega-Lite JSON spec (``chart_spec``), drawn by the shared renderer when ``make serve`` runs
    one (:mod:`regiomonitor.renderer`), else in this process."""
    return renderer.draw("svg", spec).decode("utf-8")


def spec_png(spec: str, scale: float = 2.0) -> bytes:
    """PNG bytes of a Vega-Lite JSON spec (``chart_spec``), drawn like :func:`spec_svg`."""
    return renderer.draw("png", spec, scale)


def chart_svg(chart: alt.TopLevelMixin, title: str, source: str, width: int = 900) -> str:
    """SVG text of the titled chart."""
    return spec_svg(chart_spec(chart, title, source, width))


def chart_png(
    chart: alt.TopLevelMixin, title: str, source: str, scale: float = 2.0, width: int = 900, validate: bool = True
) -> bytes:
    """PNG bytes of the titled chart (scale 2 for sharp slides). The PDF builders pass ``validate=False``: their
    charts come from builders whose specs the unit tests validate, and the schema check was most of the CPU of a
    PDF's charts under load."""
    return spec_png(chart_spec(chart, title, source, width, validate=validate), scale=scale)


def with_provenance(table: pd.DataFrame, source: str, period: str) -> pd.DataFrame:
    """The table with 'bron' and 'periode' columns, so a download carries its provenance.

    A table that already names its source or period per row keeps those (they are more precise than the
    chart-level summary); only missing columns are added.
    """
    extra = {k: v for k, v in (("bron", source), ("periode", period)) if k not in table.columns}
    return table.assign(**extra)


#: Columns that name the unit of each row, so values can be rounded per row.
UNIT_COLUMNS: Final = ("eenheid", "unit")
#: Precision for float columns when nothing says the unit (no float noise such as 14,149894999999999).
FALLBACK_DECIMALS: Final = 3


def rounded(table: pd.DataFrame, decimals: int | None = None) -> pd.DataFrame:
    """Float columns rounded to the precision the app shows: per row by its unit when the table has an
    ``eenheid``/``unit`` column, else to ``decimals`` (the indicator's, from :func:`regiomonitor.fmt.decimals_for`),
    else to :data:`FALLBACK_DECIMALS`. Integer, text and date columns are left alone.

    >>> rounded(pd.DataFrame({"waarde": [14.149894999999999]}), 1)["waarde"].tolist()
    [14.1]
    """
    from regiomonitor.fmt import decimals_for

    floats = [c for c in table.columns if pd.api.types.is_float_dtype(table[c])]
    if not floats:
        return table
    out = table.copy()
    unit_col = next((c for c in UNIT_COLUMNS if c in table.columns), None)
    if unit_col is not None and decimals is None:
        per_row = table[unit_col].map(lambda u: decimals_for(str(u)) if pd.notna(u) else FALLBACK_DECIMALS)
        for c in floats:
            out[c] = [round(v, int(d)) if pd.notna(v) else v for v, d in zip(table[c], per_row, strict=True)]
            out[c] = out[c].astype(float)
    else:
        out[floats] = table[floats].round(FALLBACK_DECIMALS if decimals is None else decimals)
    return out


def table_csv(table: pd.DataFrame, decimals: int | None = None) -> bytes:
    """CSV for Dutch Excel: UTF-8 with BOM, ';' separator, decimal comma, values rounded (see :func:`rounded`)."""
    return rounded(table, decimals).to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")


def table_xlsx(table: pd.DataFrame, sheet: str = "gegevens", decimals: int | None = None) -> bytes:
    """An .xlsx workbook with one sheet, values rounded as in the CSV."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        rounded(table, decimals).to_excel(writer, index=False, sheet_name=sheet[:31])
    return buf.getvalue()
