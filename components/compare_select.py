"""Vergelijken: choosing the buurten (search, quick-adds from a focus area, the data's proposal or a gemeente).

The option lists, their labels and the order of each quick-add are the same for every visitor, so they are built
once per process (:func:`components.shared.shared`, keyed by small arguments: hashing a list of 600 codes on
every rerun would cost more than building it); a rerun only draws the widgets.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.maps import focus_catalogue, focus_proposal
from components.shared import shared
from components.state import GEMEENTE_OPTIONS, current_filters
from regiomonitor.areas import TWENTE_CODE, TWENTE_GEMEENTEN
from regiomonitor.compare import MAX_BUURTEN, MIN_BUURTEN, buurt_label, twente_buurten
from regiomonitor.data import DataStore
from regiomonitor.deprivation import INDEX_ID
from regiomonitor.fmt import count
from regiomonitor.paths import current_paths
from regiomonitor.views.vergelijken import EXAMPLE, CompareView

KEY = "vergelijken_buurten"
NOTICE_KEY = "vergelijken_link_notice"
ADD_NOTICE_KEY = "vergelijken_add_notice"


def add(codes: list[str], what: str, first: str = "de buurten met de hoogste kwetsbaarheidsindex") -> None:
    """Quick-add buurten (a callback, so it runs before the multiselect is drawn); at most MAX_BUURTEN, taken in
    the order given (``first`` says which come first, for the notice)."""
    current = list(st.session_state.get(KEY, []))
    new = [c for c in codes if c not in current]
    room = MAX_BUURTEN - len(current)
    added = new[: max(room, 0)]
    st.session_state[KEY] = current + added
    if len(added) < len(new):
        # Shown as long as the selection is the one this add produced (stale once the user changes it).
        st.session_state[ADD_NOTICE_KEY] = (
            f"{what}: {count(len(new), 'buurt', 'buurten')}, er passen er nog {max(room, 0)} bij (hooguit {MAX_BUURTEN}). "
            + (f"Toegevoegd zijn {first}." if added else "Niets toegevoegd.")
            + " Haal buurten weg om andere te kiezen.",
            tuple(current + added),
        )
    else:
        st.session_state.pop(ADD_NOTICE_KEY, None)


def by_index(store: DataStore, codes: tuple[str, ...]) -> list[str]:
    """Codes sorted by the 2020 index, highest (most vulnerable) first; those without a score last."""
    rows = store.rows(codes, INDEX_ID)
    idx = rows[rows["period"] == 2020].set_index("area_code")["value"]
    return sorted(codes, key=lambda c: (-(idx.get(c) if pd.notna(idx.get(c)) else -99.0), c))


def _labels(store: DataStore) -> dict[str, str]:
    return {c: buurt_label(store, c) for c in twente_buurten(store)}


def _in_gemeente(store: DataStore, gemeente: str) -> tuple[list[str], dict[str, str]]:
    codes = twente_buurten(store, gemeente)
    return codes, {c: store.name(c) for c in codes}


def buurt_options(store: DataStore) -> list[str]:
    """All Twente buurt codes a comparison can hold (read-only, shared)."""
    return shared(twente_buurten, store)


def buurt_labels(store: DataStore) -> dict[str, str]:
    """'Naam (Gemeente, BU…)' of every option (read-only, shared)."""
    return shared(_labels, store)


def _add_gemeente() -> None:
    picked = list(st.session_state.get("vergelijken_gm_buurten") or [])
    add(picked, "Uit de gemeente")
    st.session_state["vergelijken_gm_buurten"] = []


def _quick_add_orders(store: DataStore, data_root: str) -> tuple[dict[str, list[str]], list[str]]:
    """Each focus area's buurten and the data's proposal, most vulnerable first (one shared entry for all)."""
    focus = {fa.id: by_index(store, tuple(fa.buurten)) for fa in focus_catalogue().areas}
    return focus, by_index(store, tuple(focus_proposal(data_root)))


def _quick_adds(store: DataStore) -> None:
    focus = focus_catalogue()
    orders, proposal = shared(_quick_add_orders, store, str(current_paths().root))
    cols = st.columns(len(focus.areas) + 1)
    for i, fa in enumerate(focus.areas):
        cols[i].button(
            f"+ {fa.naam} ({len(fa.buurten)})",
            key=f"vergelijken_focus_{fa.id}",
            on_click=add,
            args=(orders[fa.id], f"Focusgebied {fa.naam}"),
            help=f"{fa.basis_label}. Past het niet, dan de buurten met de hoogste kwetsbaarheidsindex.",
            width="stretch",
        )
    cols[-1].button(
        f"+ Voorstel uit de data ({len(proposal)})",
        key="vergelijken_focus_voorstel",
        on_click=add,
        args=(proposal, "Voorstel uit de data"),
        width="stretch",
        help="Buurten van Almelo en Enschede in het slechtste tiende van Twente (zie Bronnen & methode).",
    )
    gm_cols = st.columns([1, 2, 1], vertical_alignment="bottom")
    sidebar = current_filters().gemeente
    if "vergelijken_gm" not in st.session_state:
        st.session_state["vergelijken_gm"] = sidebar if sidebar in TWENTE_GEMEENTEN else "GM0153"
    gm = gm_cols[0].selectbox(
        "Gemeente",
        [g for g in GEMEENTE_OPTIONS if g != TWENTE_CODE],
        format_func=TWENTE_GEMEENTEN.__getitem__,
        key="vergelijken_gm",
    )
    in_gm, names = shared(_in_gemeente, store, gm)
    gm_cols[1].multiselect(
        "Buurten uit deze gemeente",
        in_gm,
        key="vergelijken_gm_buurten",
        format_func=names.__getitem__,
        placeholder="Kies buurten",
    )
    gm_cols[2].button(
        "Toevoegen", key="vergelijken_gm_toevoegen", on_click=_add_gemeente, width="stretch", icon=":material/add:"
    )


def selection(store: DataStore, link: CompareView) -> list[str]:
    """The chosen buurten: from the link on first view, then from the widgets."""
    if KEY not in st.session_state:
        st.session_state[KEY] = list(link.buurten)
        st.session_state["vergelijken_example"] = link.example
        if link.buurten_notice:
            st.session_state[NOTICE_KEY] = link.buurten_notice
        else:
            st.session_state.pop(NOTICE_KEY, None)
    if st.session_state.get(NOTICE_KEY):
        st.warning(st.session_state[NOTICE_KEY], icon=":material/link_off:")
    st.multiselect(
        f"Buurten ({MIN_BUURTEN} tot {MAX_BUURTEN}): zoek op naam of code",
        buurt_options(store),
        key=KEY,
        format_func=buurt_labels(store).__getitem__,
        max_selections=MAX_BUURTEN,
        placeholder="Typ een buurtnaam of code, bijvoorbeeld Wesselerbrink, Kerkelanden of BU0141",
    )
    with st.expander("Snel toevoegen: uit een focusgebied of een gemeente", expanded=False):
        _quick_adds(store)
    chosen = list(st.session_state[KEY])
    notice = st.session_state.get(ADD_NOTICE_KEY)
    if notice and notice[1] == tuple(chosen):
        st.info(notice[0], icon=":material/info:")
    if chosen != list(EXAMPLE):
        st.session_state["vergelijken_example"] = False
    if st.session_state.get("vergelijken_example"):
        st.caption("Voorbeeld: de vier buurten van Wesselerbrink (Enschede). Kies hierboven zelf buurten.")
    return chosen
