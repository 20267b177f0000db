"""Download and share controls, the same on every page."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Any, Literal, TypeVar
from urllib.parse import urlencode

import altair as alt
import pandas as pd
import streamlit as st

from components import fastcharts, media, stable
from regiomonitor.exports import (
    chart_spec,
    file_name,
    spec_png,
    spec_svg,
    table_csv,
    table_xlsx,
    use_altair_globals_lock,
    with_provenance,
)

T = TypeVar("T")

#: The MIME type of an Excel workbook.
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
stable.install()  # styled tables keep their bytes between reruns (see components/stable.py)
media.install()  # generated downloads survive Streamlit's media sweeps for a grace period (see components/media.py)
media.start_sweeper()  # ... and are released after it even when no visitor is left to trigger a sweep


class _Once:
    """Generated files by what they show, made once per distinct input per process. When a room clicks the same
    PNG or PDF at once, one thread makes it and the others wait for that result instead of each rendering it again
    (single flight: a lock per key; vl-convert and matplotlib each take a lock, so parallel renders only queue).

    Bounded by count and by bytes (a room's distinct inputs cannot grow memory without limit): the least recently
    used file is dropped first. A failed ``make`` is not remembered: the next caller (also one already waiting)
    tries again.
    """

    def __init__(self, max_entries: int = 64, max_bytes: int = 48 * 2**20) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._done: OrderedDict[Hashable, object] = OrderedDict()
        self._sizes: dict[Hashable, int] = {}
        self._making: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._done:
                self._done.move_to_end(key)
                return self._done[key]  # type: ignore[return-value]
            key_lock = self._making.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._done:  # made by another thread while this one waited
                    return self._done[key]  # type: ignore[return-value]
            try:
                value = make()
            except BaseException:
                with self._lock:
                    self._making.pop(key, None)
                raise
            self._keep(key, value)
            return value

    def _keep(self, key: Hashable, value: object) -> None:
        size = len(value) if isinstance(value, (bytes, str)) else 0
        with self._lock:
            self._making.pop(key, None)  # in the same step as storing: a newcomer finds the value, not a new lock
            self._done[key] = value
            self._sizes[key] = size
            while len(self._done) > self.max_entries or (
                len(self._done) > 1 and sum(self._sizes.values()) > self.max_bytes
            ):
                old, _ = self._done.popitem(last=False)
                self._sizes.pop(old, None)

    def __len__(self) -> int:
        return len(self._done)

    def clear(self) -> None:
        with self._lock:
            self._done.clear()
            self._sizes.clear()


EXPORTS = _Once()


def made_once(key: Hashable, make: Callable[[], T]) -> T:
    """``make()`` for a generated download, once per ``key`` (what the file shows) per process."""
    return EXPORTS.get(key, make)


def _chart_file(kind: str, chart: alt.TopLevelMixin, title: str, source: str) -> bytes | str:
    # One serialisation both identifies the picture and draws it. It skips Altair's schema check, which was most
    # of an export's CPU in the Streamlit process: every chart comes from a builder whose spec the unit tests
    # validate (tests/unit, with the title block of ``titled`` in test_exports), and the renderer reports a spec
    # it cannot draw as an error, shown to the visitor like any failed download.
    spec = chart_spec(chart, title, source, validate=False)
    digest = hashlib.sha256(spec.encode()).hexdigest()

    def make() -> bytes | str:
        return spec_png(spec) if kind == "png" else spec_svg(spec)

    return made_once((kind, digest), make)


def chart_downloads(
    chart: alt.TopLevelMixin,
    table: pd.DataFrame,
    what: str,
    title: str,
    source: str,
    period: str,
    key: str,
    decimals: int | None = None,
) -> None:
    """SVG, PNG, CSV and Excel downloads of one chart and the table behind it.

    Rendering is deferred (the data arguments are callables), so nothing is computed unless clicked, and a
    picture is rendered once per distinct chart per process (``made_once``). Table values are rounded to
    ``decimals`` (the indicator's precision) or per row by an ``eenheid`` column.
    """

    def data() -> pd.DataFrame:  # made on click only: building it on every rerun was a few ms per chart
        return with_provenance(table, source, period)

    with st.popover("Downloaden", icon=":material/download:"):
        st.download_button(
            "Grafiek als SVG",
            lambda: _chart_file("svg", chart, title, source),
            file_name(what, "svg"),
            "image/svg+xml",
            key=f"{key}_svg",
            on_click="ignore",
        )
        st.download_button(
            "Grafiek als PNG",
            lambda: _chart_file("png", chart, title, source),
            file_name(what, "png"),
            "image/png",
            key=f"{key}_png",
            on_click="ignore",
        )
        table_downloads(
            lambda: table_csv(data(), decimals), lambda: table_xlsx(data(), decimals=decimals), what, key, icon=False
        )


def table_downloads(
    csv: bytes | Callable[[], bytes],
    xlsx: Callable[[], bytes],
    what: str,
    key: str,
    label: str = "Tabel",
    slots: Sequence[Any] | None = None,
    icon: bool = True,
    width: Literal["content", "stretch"] = "content",
) -> None:
    """The CSV and Excel buttons of one table: '<label> als CSV' and '<label> als Excel', widget keys
    ``<key>_csv`` and ``<key>_xlsx``, file names from ``what`` and today's date.

    ``xlsx`` (and ``csv``, when a callable) runs on click only. ``slots`` are two containers to put the buttons in
    (e.g. ``st.columns(2)``); without them the buttons stand one under the other in the current container.
    """
    first, second = (slots[0], slots[1]) if slots is not None else (st, st)
    extra: dict[str, Any] = {"icon": ":material/download:"} if icon else {}
    first.download_button(
        f"{label} als CSV",
        csv,
        file_name(what, "csv"),
        "text/csv",
        key=f"{key}_csv",
        on_click="ignore",
        width=width,
        **extra,
    )
    second.download_button(
        f"{label} als Excel",
        xlsx,
        file_name(what, "xlsx"),
        XLSX,
        key=f"{key}_xlsx",
        on_click="ignore",
        width=width,
        **extra,
    )


def share_link() -> None:
    """A 'kopieer link' control: the full link of the current view (the code block has a copy button)."""
    base = str(st.context.url or "").split("?")[0]
    params = {k: v for k, v in st.query_params.to_dict().items() if isinstance(v, str)}
    with st.popover("Kopieer link", icon=":material/link:"):
        st.caption("Deze link opent precies deze weergave:")
        st.code(f"{base}?{urlencode(params)}" if params else base, language=None)
