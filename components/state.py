"""Shared view state: the sidebar filters (gemeente, peiljaar) and their query-param mirror.

The filters live in the entry point so they survive page switches (page-local widgets reset when you leave a
page). A link carries them as ``?gemeente=GM0153&jaar=2020``; invalid values are ignored with a notice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

import streamlit as st

from regiomonitor.areas import TWENTE_CODE, TWENTE_GEMEENTEN
from regiomonitor.params import Params, is_plain_int

#: Twente first, then the two Regio Deal cities, then the other gemeenten alphabetically.
GEMEENTE_OPTIONS: tuple[str, ...] = (
    TWENTE_CODE,
    "GM0141",
    "GM0153",
    *sorted((c for c in TWENTE_GEMEENTEN if c not in {"GM0141", "GM0153"}), key=TWENTE_GEMEENTEN.__getitem__),
)
GEMEENTE_LABELS: dict[str, str] = {TWENTE_CODE: "Twente (14 gemeenten)", **TWENTE_GEMEENTEN}
PERIOD_OPTIONS: tuple[int, ...] = (2020, 2016, 2012)
_MAX_PARAM = 64  # anything longer than any valid value is rejected before it is looked at


@dataclass(frozen=True)
class SharedFilters:
    """The shared filters as the pages read them."""

    gemeente: str
    periode: int


def _param(name: str) -> str | None:
    value = st.query_params.get(name)
    if value is None:
        return None
    return str(value)[:_MAX_PARAM].strip()


def _init_from_params() -> list[str]:
    """On a session's first run, take the filters from the link; return notices for invalid values."""
    notices: list[str] = []
    if "gemeente" not in st.session_state:
        raw = _param("gemeente")
        if raw is not None and raw.upper() in GEMEENTE_OPTIONS:
            st.session_state["gemeente"] = raw.upper()
        else:
            st.session_state["gemeente"] = TWENTE_CODE
            if raw is not None:
                notices.append("De link noemt een onbekende gemeente; Twente wordt getoond.")
    if "periode" not in st.session_state:
        raw = _param("jaar")
        if raw is not None and is_plain_int(raw) and int(raw) in PERIOD_OPTIONS:
            st.session_state["periode"] = int(raw)
        else:
            st.session_state["periode"] = PERIOD_OPTIONS[0]
            if raw is not None:
                notices.append(f"De link noemt een onbekend peiljaar; {PERIOD_OPTIONS[0]} wordt getoond.")
    return notices


def shared_sidebar() -> SharedFilters:
    """Draw the shared filters in the sidebar and keep the link in step with them."""
    notices = _init_from_params()
    with st.sidebar:
        st.selectbox(
            "Gemeente",
            GEMEENTE_OPTIONS,
            format_func=GEMEENTE_LABELS.__getitem__,
            key="gemeente",
            help="Geldt voor alle pagina's: de kaart zoomt erop in, tabellen vergelijken ermee.",
        )
        st.selectbox(
            "Peiljaar gezondheidsmonitor",
            PERIOD_OPTIONS,
            key="periode",
            help="RIVM/CBS Gezondheid per wijk en buurt is er voor 2012, 2016 en 2020.",
        )
    for text in notices:
        st.toast(text, icon=":material/info:")
    filters = SharedFilters(st.session_state["gemeente"], int(st.session_state["periode"]))
    st.query_params["gemeente"] = filters.gemeente
    st.query_params["jaar"] = str(filters.periode)
    return filters


def current_filters() -> SharedFilters:
    """The shared filters for a page (the entry point has already drawn them)."""
    return SharedFilters(
        st.session_state.get("gemeente", TWENTE_CODE), int(st.session_state.get("periode", PERIOD_OPTIONS[0]))
    )


def param_choice(name: str, allowed: list[str] | tuple[str, ...], default: str, notices: list[str], what: str) -> str:
    """A page's own query param, validated against ``allowed``; an invalid value gives a notice and the default.

    Values are length-capped and compared as plain strings, so nothing from the link is ever rendered or
    evaluated.
    """
    raw = _param(name)
    if raw is None or raw == "":
        return default
    if raw in allowed:
        return raw
    notices.append(f"De link noemt een onbekende {what}; de standaard wordt getoond.")
    return default


def show_notices(notices: list[str]) -> None:
    """Show link notices once, as toasts (they never block the page)."""
    for text in notices:
        st.toast(text, icon=":material/info:")


def link_params(**extra: str) -> dict[str, str]:
    """Query params for a link to another page that keeps the shared filters."""
    f = current_filters()
    return {"gemeente": f.gemeente, "jaar": str(f.periode), **extra}


class PageView(Protocol):
    """What a page's view-state object offers (see ``regiomonitor.params.Params`` and ``regiomonitor/views``)."""

    def to_params(self) -> dict[str, str]:
        """The query params that reproduce this view; a param left out is removed from the link."""
        ...


def page_params() -> Params:
    """This run's query params, read once, for a page's ``View.from_params``."""
    return Params(st.query_params.to_dict())


def write_view(view: PageView, owned: Iterable[str]) -> None:
    """Make the link show ``view``: set the page's ``owned`` params it has, drop those it leaves out.

    Only changed params are written (each write is a message to the browser); the shared sidebar's params and
    other pages' params are left alone.
    """
    wanted = view.to_params()
    for name in owned:
        value = wanted.get(name)
        if value is None or value == "":
            if name in st.query_params:
                del st.query_params[name]
        elif st.query_params.get(name) != value:
            st.query_params[name] = value
