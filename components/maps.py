"""Streamlit glue for maps: cached map inputs and the legend beside the map."""

from __future__ import annotations

import streamlit as st

from components.data import get_store
from regiomonitor.focus import FocusCatalogue, load_focus_areas, proposal
from regiomonitor.maps import Classing, MapData, focus_legend_html, legend_html
from regiomonitor.paths import current_paths


@st.cache_resource(show_spinner=False, max_entries=2)
def _focus(root: str) -> FocusCatalogue:
    store = get_store()
    buurten = set(store.areas.loc[store.areas["in_2024"] & (store.areas["level"] == "buurt"), "code"])
    return load_focus_areas(current_paths().content_dir / "focus_areas.yaml", buurten)


def focus_catalogue() -> FocusCatalogue:
    """The named focus areas (validated against the area table)."""
    return _focus(str(current_paths().root))


@st.cache_data(show_spinner=False, max_entries=2)
def focus_proposal(root: str) -> list[str]:
    """Buurt codes of the data-driven proposal (see regiomonitor.focus.PROPOSAL_RULE)."""
    return proposal(get_store())["code"].tolist()


def legend(md: MapData, classing: Classing, focus_names: list[str] | None = None) -> None:
    """Draw the legend (pydeck has none). Safe HTML: only our own labels, escaped names and numbers."""
    st.markdown(legend_html(md, classing, md.label) + focus_legend_html(focus_names or []), unsafe_allow_html=True)
