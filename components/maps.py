"""Streamlit glue for maps: cached map inputs, map frames and decks shared across sessions, the legend."""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Iterable, Sequence

import geopandas as gpd
import pydeck as pdk
import streamlit as st

from components.data import get_geo, get_store
from regiomonitor.content.focus_area import FocusCatalogue, load_focus_areas
from regiomonitor.exports import table_csv, with_provenance
from regiomonitor.focus import focus_geometries, proposal
from regiomonitor.map_deck import build_deck, focus_legend_html, legend_html, view_for
from regiomonitor.maps import Classing, MapData, classify, map_frame
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


# Map pieces every visitor with the same choices sees: built once per process and shared (read-only). A map
# costs 0.1-0.3 s of CPU to join, serialise to GeoJSON and then to the deck's JSON; with these caches a rerun
# that changes nothing on the map (a click beside it, a sidebar toggle elsewhere) costs a dictionary look-up.


#: Each map's key, computed once per MapData object (the check on identity guards against a reused id).
_MD_KEYS: dict[int, tuple[weakref.ref[MapData], tuple[object, ...]]] = {}


def _digest(values: Iterable[object]) -> str:
    return hashlib.blake2b("\x1f".join(map(str, values)).encode(), digest_size=16).hexdigest()


def _md_key(md: MapData) -> tuple[object, ...]:
    """What identifies a map's data (not its Python id, which a new object may reuse after eviction).

    Its areas enter as a digest, and the key is remembered for the object: the caches below look it up on
    every rerun, and hashing 500 codes each time cost more than the look-up saves.
    """
    hit = _MD_KEYS.get(id(md))
    if hit is not None and hit[0]() is md:
        return hit[1]
    key = (md.indicator, md.period, md.age_group, md.label, md.source, _digest(md.frame["code"]))
    if len(_MD_KEYS) > 1024:  # maps evicted from the caches leave dead entries behind
        _MD_KEYS.clear()
    _MD_KEYS[id(md)] = (weakref.ref(md), key)
    return key


def _classing_key(c: Classing) -> tuple[object, ...]:
    return (c.method, c.bounds, c.colors, c.labels, _digest(c.classes), c.note)


@st.cache_resource(show_spinner=False, max_entries=64)
def _map_frame(
    root: str, layer: str, indicator: str, period: int, age: str, level: str, gemeenten: tuple[str, ...]
) -> MapData:
    return map_frame(get_store(), get_geo(layer), indicator, period, age, level, list(gemeenten))


def cached_map_frame(layer: str, indicator: str, period: int, age: str, level: str, gemeenten: list[str]) -> MapData:
    """``regiomonitor.maps.map_frame`` on geometry layer ``layer``, shared across sessions (treat as read-only)."""
    return _map_frame(str(current_paths().root), layer, indicator, int(period), age, level, tuple(gemeenten))


@st.cache_resource(show_spinner=False, max_entries=128, hash_funcs={MapData: _md_key})
def cached_classing(md: MapData, method: str, reference: float | None) -> Classing:
    """``regiomonitor.maps.classify`` of a map's values, shared across sessions (treat as read-only)."""
    return classify(md.frame["value"], method, md.direction, md.unit, reference=reference)


@st.cache_resource(show_spinner=False, max_entries=32)
def _focus_geometries(root: str, groups: tuple[tuple[str, tuple[str, ...]], ...], layer: str) -> gpd.GeoDataFrame:
    return focus_geometries(get_geo(layer), [(n, list(c)) for n, c in groups])


def cached_focus_geometries(groups: Sequence[tuple[str, Sequence[str]]], layer: str = "buurten") -> gpd.GeoDataFrame:
    """``regiomonitor.focus.focus_geometries`` of a buurt layer (one per division), shared across sessions."""
    return _focus_geometries(str(current_paths().root), tuple((n, tuple(c)) for n, c in groups), layer)


@st.cache_resource(show_spinner=False, max_entries=128, hash_funcs={MapData: _md_key, Classing: _classing_key})
def _deck(
    md: MapData,
    classing: Classing,
    groups: tuple[tuple[str, tuple[str, ...]], ...],
    context: tuple[str, ...] | None,
    selected: str | None,
    focus_layer: str,
) -> pdk.Deck:
    focus = cached_focus_geometries(list(groups), focus_layer) if groups else None
    ctx = get_geo("gemeenten")[lambda d: d["code"].isin(list(context))] if context is not None else None
    deck = build_deck(md, classing, focus=focus, context=ctx, selected=selected, view=view_for(md.frame))
    spec = deck.to_json()
    # st.pydeck_chart serialises the deck on every run; this deck never changes, so it hands out its JSON.
    deck.to_json = lambda: spec
    # The layers' GeoJSON is in that JSON now; as Python objects it took twice the JSON's size again (1.5 MB for
    # all Twente buurten) in each of up to 128 cached decks. st.pydeck_chart reads only the JSON, the tooltip and
    # the width of a deck.
    deck.layers = []
    return deck


def cached_deck(
    md: MapData,
    classing: Classing,
    groups: Sequence[tuple[str, Sequence[str]]],
    context: list[str] | None,
    selected: str | None,
    focus_layer: str = "buurten",
) -> pdk.Deck:
    """``build_deck`` with the focus outlines of ``groups`` (drawn from ``focus_layer``) and the outlines of
    gemeenten ``context``, shared across sessions with the same inputs (its JSON is computed once)."""
    return _deck(
        md,
        classing,
        tuple((n, tuple(c)) for n, c in groups),
        tuple(context) if context is not None else None,
        selected,
        focus_layer,
    )


@st.cache_data(show_spinner=False, max_entries=64, hash_funcs={MapData: _md_key})
def map_csv(md: MapData, level: str, decimals: int | None = None) -> bytes:
    """The map's table as CSV with source and period, values rounded to ``decimals``, once per map."""
    table = md.frame[["code", "name", "value", "reason"]].rename(
        columns={
            "code": "buurtcode" if level == "buurt" else "code",
            "name": "naam",
            "value": md.label,
            "reason": "toelichting",
        }
    )
    return table_csv(with_provenance(table, md.source, str(md.period)), decimals)


def map_png_once(
    md: MapData,
    classing: Classing,
    title: str,
    groups: Sequence[tuple[str, Sequence[str]]],
    selected: str | None,
    focus_layer: str = "buurten",
) -> bytes:
    """The map as PNG (``regiomonitor.static_map.map_png``), rendered once per distinct map per process."""
    from components.export import made_once
    from regiomonitor.static_map import map_png

    key = (
        "kaart_png",
        _md_key(md),
        _classing_key(classing),
        title,
        tuple((n, tuple(c)) for n, c in groups),
        selected,
        focus_layer,
    )
    focus = cached_focus_geometries(groups, focus_layer) if groups else None
    return made_once(key, lambda: map_png(md, classing, title, focus=focus, highlight=selected))
