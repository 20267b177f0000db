"""The sections of the Kaart page: the controls, the map with its notices, and the column beside it.

The page (``pages/kaart.py``) reads its link once into ``regiomonitor.views.kaart.KaartView`` (on its first run
in a session: the widgets then own the view), draws these sections and writes the link once. Everything the
map needs beyond the widgets' values is shared by all sessions with the same choices (``components/maps.py``
and ``components.shared.shared``), so a rerun that changes nothing costs look-ups, not joins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import pandas as pd
import streamlit as st

from components import kaart_side
from components.data import get_geo
from components.export import share_link
from components.maps import cached_classing, cached_deck, cached_map_frame, focus_catalogue, focus_proposal, legend
from components.shared import shared
from components.state import SharedFilters, page_params, write_view
from components.ui import source_note
from regiomonitor.areas import TWENTE_CODE, TWENTE_GEMEENTEN
from regiomonitor.data import DataStore
from regiomonitor.divisions import code_match, coverage_notices, geometry_division, layer_for
from regiomonitor.indicators import periods_at_level, periods_of
from regiomonitor.maps import METHODS, MapData
from regiomonitor.paths import current_paths
from regiomonitor.views.kaart import FOCUS, LEVELS, REFERENCES, KaartView, default_age, fallback_indicator

#: Outlined areas: (name, buurt codes).
Groups = list[tuple[str, tuple[str, ...]]]
#: The widget key of each field of the view (namespaced ``kaart_``); the selection is not a widget.
KEYS: dict[str, str] = {
    "niveau": "kaart_niveau",
    "indicator": "kaart_indicator",
    "periode": "kaart_periode",
    "leeftijd": "kaart_leeftijd",
    "indeling": "kaart_indeling",
    "referentie": "kaart_referentie",
    "focus": "kaart_focus",
}
SELECTED = "kaart_selected"


def _options(store: DataStore, level: str) -> list[str]:
    cat = store.catalogue
    ok = cat[~cat["context_only"] & cat["levels"].apply(lambda lv: level in lv)]
    return ok.sort_values(["thema_label", "label"])["id"].tolist()


def indicator_options(store: DataStore, level: str) -> list[str]:
    """The indicators a layer can show, by theme and label (once per process and layer; read-only)."""
    return shared(_options, store, level)


def _labels(store: DataStore) -> dict[str, str]:
    cat = store.catalogue
    return dict(zip(cat["id"], cat["thema_label"] + " — " + cat["label"], strict=True))


def periods(store: DataStore, indicator: str, level: str) -> list[int]:
    """The years with values on this layer (else all the indicator's years; the empty-layer notice explains)."""
    return periods_at_level(store, indicator, level) or periods_of(store, indicator)


def ages(store: DataStore, indicator: str) -> list[str]:
    """An indicator's age groups."""
    return list(store.indicator(indicator).age_groups)


def _area_codes(store: DataStore, level: str) -> frozenset[str]:
    return frozenset(store.areas.loc[store.areas["level"] == level, "code"])


def seed_from_link(store: DataStore, filters: SharedFilters) -> list[str]:
    """On the page's first run in a session, set its widgets (and the selection) from the link; its notices."""
    if all(key in st.session_state for key in KEYS.values()):
        return []
    params = page_params()
    view = KaartView.from_params(
        params,
        lambda level: indicator_options(store, level),
        lambda ind, level: periods(store, ind, level),
        lambda ind: ages(store, ind),
        lambda level: shared(_area_codes, store, level),
    )
    for field, key in KEYS.items():
        value = getattr(view, field)
        if value is not None:
            st.session_state.setdefault(key, value)
    if view.buurt and not st.session_state.get(SELECTED):
        st.session_state[SELECTED] = view.buurt
    return params.notices


def _keep_valid(key: str, options: Sequence[object], fallback: object) -> None:
    """Move a widget quietly to ``fallback`` when its value is not among the options it is about to get."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = fallback


def layer_controls(store: DataStore, filters: SharedFilters) -> KaartView:
    """The first row of controls (layer, indicator, year, age group); the view they select."""
    c1, c2, c3, c4 = st.columns([1.2, 2.6, 1, 1])
    level = c1.radio("Kaartlaag", list(LEVELS), format_func=LEVELS.__getitem__, key=KEYS["niveau"], horizontal=False)
    options = indicator_options(store, level)
    _keep_valid(KEYS["indicator"], options, fallback_indicator(options))
    labels = shared(_labels, store)
    indicator = c2.selectbox("Indicator", options, format_func=labels.__getitem__, key=KEYS["indicator"])
    years = periods(store, indicator, level)
    # another indicator or layer without this year: move to one that has values
    _keep_valid(KEYS["periode"], years, filters.periode if filters.periode in years else years[-1])
    period = c3.selectbox("Periode", years, key=KEYS["periode"])
    groups = ages(store, indicator)
    _keep_valid(KEYS["leeftijd"], groups, default_age(groups))
    age = c4.selectbox("Leeftijd", groups, key=KEYS["leeftijd"])
    return KaartView(level, indicator, int(period), age)


def map_options(view: KaartView) -> KaartView:
    """The second row (colour classes, reference, outlines) and the selection: the whole view."""
    d1, d2, d3 = st.columns([2, 1.2, 1.8])
    method = d1.radio(
        "Kleurindeling", list(METHODS), format_func=METHODS.__getitem__, key=KEYS["indeling"], horizontal=True
    )
    reference = d2.selectbox(
        "Referentie (bij afwijking)",
        list(REFERENCES),
        format_func=REFERENCES.__getitem__,
        key=KEYS["referentie"],
        disabled=method != "afwijking",
    )
    focus = d3.radio("Omlijning", list(FOCUS), format_func=FOCUS.__getitem__, key=KEYS["focus"], horizontal=True)
    selected = st.session_state.get(SELECTED) or None
    return replace(view, indeling=method, referentie=reference, focus=focus, buurt=selected)


@st.fragment
def map_part(store: DataStore, filters: SharedFilters, view: KaartView) -> None:
    """The map's options, the map and the column beside it, written into the link.

    A fragment: a change of colour classes, reference or outlines, or a click on the map, reruns only this
    part (the first row of controls and the sidebar rerun the whole page, and hand this part their view).
    """
    view = map_options(view)
    write_view(view, KaartView.OWNED)
    show_map(store, filters, view)


def gemeenten_in_view(level: str, gemeente: str, with_buurten: set[str]) -> list[str]:
    """The gemeenten the map draws: all 14 on the gemeente layer, else the chosen one or those with polygons."""
    if level == "gemeente":
        return list(TWENTE_GEMEENTEN)
    if gemeente == TWENTE_CODE:
        return sorted(with_buurten)
    return [gemeente]


def _code_match(store: DataStore, layer: str, division: int, level: str) -> pd.DataFrame:
    return code_match(store.areas, get_geo(layer)["code"], division, level)


def _coverage(store: DataStore, layer: str, division: int, level: str, in_view: tuple[str, ...]) -> list[str]:
    # The match of codes to polygons is the same whichever gemeenten are in view: computed once per layer.
    match = shared(_code_match, store, layer, division, level)
    return coverage_notices(match, in_view, division, level)


def coverage(store: DataStore, layer: str, division: int, level: str, in_view: list[str]) -> list[str]:
    """What the division lacks on this layer for the gemeenten in view (once per process and input)."""
    return shared(_coverage, store, layer, division, level, tuple(in_view))


@dataclass(frozen=True)
class Reference:
    """The reference a deviation map is coloured against (``value`` None: no reference, or none needed)."""

    method: str
    name: str = ""
    value: float | None = None


def reference(store: DataStore, md: MapData, method: str, key: str, gemeenten: list[str]) -> Reference:
    """The reference of a deviation map; without a value for it, a notice and quantiles instead."""
    if method != "afwijking":
        return Reference(method)
    if key == "gemeente":
        name = store.name(gemeenten[0]) if len(gemeenten) == 1 else "Twente"
    else:
        name = {"twente": "Twente", "nl": "Nederland"}[key]
    value = md.references.get(name)
    if value is None:
        st.warning("Voor deze referentie is geen waarde; de kaart toont kwantielen.", icon=":material/info:")
        return Reference("kwantielen")
    return Reference(method, name, value)


def focus_groups(store: DataStore, mode: str, gemeenten: list[str]) -> Groups:
    """The outlined areas: the document's focus areas, the data's proposal per gemeente, or none."""
    if mode == "document":
        return [(fa.naam, tuple(fa.buurten)) for fa in focus_catalogue().areas if fa.gemeente in gemeenten]
    if mode == "voorstel":
        codes = [c for c in focus_proposal(str(current_paths().root)) if "GM" + c[2:6] in gemeenten]
        return [
            (f"Voorstel {store.name('GM' + g[2:6])}", tuple(c for c in codes if c[:6] == g))
            for g in sorted({c[:6] for c in codes})
        ]
    return []


def _source_line(md: MapData, ref: Reference, division: int) -> str:
    return (
        md.source
        + " "
        + (f"Afwijking van {ref.name}. " if ref.method == "afwijking" else "")
        + (
            "Modelschattingen van het RIVM: kleine verschillen tussen buurten zijn niet betekenisvol. "
            if md.frame["flag"].isin(["", "suppressed"]).any() and "rivm" in md.source.lower()
            else ""
        )
        + f"Kaart: CBS/Kadaster (PDOK), CC BY 4.0, grenzen van {geometry_division(division)}."
    )


def show_map(store: DataStore, filters: SharedFilters, view: KaartView) -> None:
    """The map of ``view`` with its source and coverage notes, and the column beside it.

    Every period is drawn on the geometry of the division its codes belong to (regiomonitor/divisions.py). A
    click on an area selects it (and reruns the page); the selection is outlined by the deck's own layer.
    """
    level, period = view.niveau, int(view.periode or 0)
    division = store.division(view.indicator, period, level)
    geo = get_geo(layer_for(level, division))
    with_buurten = set(geo["gemeente"]) if level != "gemeente" else set(TWENTE_GEMEENTEN)
    in_view = list(TWENTE_GEMEENTEN) if filters.gemeente == TWENTE_CODE else [filters.gemeente]
    notes = coverage(store, layer_for(level, division), division, level, in_view) if level != "gemeente" else []
    if level != "gemeente" and filters.gemeente != TWENTE_CODE and filters.gemeente not in with_buurten:
        st.info(
            f"Voor {TWENTE_GEMEENTEN[filters.gemeente]} zijn geen {level}grenzen van de indeling "
            f"{geometry_division(division)} beschikbaar, de indeling van {period}. Kies een jaar uit een andere "
            "indeling (bijvoorbeeld de gezondheidsmonitor of 2021), de kaartlaag Gemeenten of een andere gemeente "
            "in de zijbalk.",
            icon=":material/info:",
        )
        return
    gemeenten = gemeenten_in_view(level, filters.gemeente, with_buurten)
    md = cached_map_frame(layer_for(level, division), view.indicator, period, view.leeftijd, level, gemeenten)
    if md.frame["value"].notna().sum() == 0:
        st.warning(
            f"Voor {md.label} is er in {period} geen waarde op het niveau {LEVELS[level].lower()}. Kies een "
            "ander niveau of een andere periode.",
            icon=":material/info:",
        )
        return
    ref = reference(store, md, view.indeling, view.referentie, gemeenten)
    classing = cached_classing(md, ref.method, ref.value)
    groups = focus_groups(store, view.focus, gemeenten)
    outlined = groups if groups and level != "gemeente" else []  # no focus outlines on the gemeente layer
    focus_layer = layer_for("buurt", division)
    # every gemeente in view is outlined, also one the division has no polygons for (named in the notes)
    deck = cached_deck(
        md, classing, outlined, in_view if level != "gemeente" else None, view.buurt, focus_layer=focus_layer
    )
    map_col, side_col = st.columns([3, 1.25])
    with map_col:
        # A fresh key after each click: Streamlit fades every unselected feature of a map that holds a selection,
        # so the legend would no longer match; the clicked buurt is outlined by our own 'selected' layer instead.
        event = st.pydeck_chart(
            deck,
            on_select="rerun",
            selection_mode="single-object",
            key=f"kaart_map_{st.session_state.get('kaart_map_n', 0)}",
            height=620,
            alt=f"Kaart van {md.label} per {level}, {period}",
        )
        source_note(_source_line(md, ref, division))
        if notes:
            st.info("\n".join(f"- {text}" for text in notes), icon=":material/info:")
    picked = kaart_side.picked_code(event)
    if picked:
        st.session_state[SELECTED] = picked
        st.session_state["kaart_map_n"] = st.session_state.get("kaart_map_n", 0) + 1
        st.rerun(scope="fragment")  # the selection shows only in this part
    with side_col:
        legend(md, classing, [g[0] for g in outlined])
        st.divider()
        kaart_side.profile(store, md, view.buurt, level)
        st.divider()
        kaart_side.focus_summary(store, focus_catalogue(), view.focus, groups)
        share_link()
        kaart_side.downloads(store, md, classing, level, gemeenten, outlined, view.buurt, focus_layer)
