"""Presentatie: a stepped, big-screen story for kennissessies, with a PDF handout.

Two sources: the default Elk Talent Telt presentation (``data/content/presentations/``) and an own presentation
built in the app (or uploaded as YAML). ``?stap=N`` restores a step; an own presentation travels in the link as
``?eigen=<token>``, so a copied link replays it in a fresh session; ``?presenteren=1`` is presenter mode. The link
is read and written through ``regiomonitor.views.presentatie``; the builder lives in
``components/presentation_builder.py``, the step view and presenter mode in ``components/presenter.py``.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from components.data import get_opgaven, get_store
from components.export import made_once, share_link
from components.maps import focus_catalogue
from components.presentation_builder import OWN_KEY, builder
from components.presenter import BIG_SCREEN_CSS, presenter_view, show_step, step_controls, step_visual
from components.router import ensure_router
from components.state import page_params, show_notices, write_view
from regiomonitor.content.presentation import (
    Presentation,
    PresentationError,
    PresentationRules,
    decode_presentation,
    encode_presentation,
    load_presentation,
    presentation_yaml,
)
from regiomonitor.data import DataStore
from regiomonitor.exports import file_name
from regiomonitor.params import Params
from regiomonitor.paths import current_paths
from regiomonitor.presentation import handout_pdf, presentation_rules
from regiomonitor.views.presentatie import PresentatieView

DEFAULT_LABEL = "Elk Talent Telt (standaard)"
OWN_LABEL = "Eigen presentatie"
MODE_KEY = "presentatie_modus"  # session state: presenter mode asked for by a button, until the next run reads it


@st.cache_resource(show_spinner=False, max_entries=2)
def _rules(root: str) -> PresentationRules:
    # What a step may name: drawable indicators, Twente gemeenten, the trend areas and the 21 opgaven.
    areas = [fa.naam for fa in focus_catalogue().areas] + ["Almelo", "Enschede"]
    return presentation_rules(get_store(), areas, [o.nummer for o in get_opgaven().opgaven])


@st.cache_resource(show_spinner=False, max_entries=2)
def _default(root: str) -> Presentation:
    return load_presentation(current_paths().content_dir / "presentations" / "elk_talent_telt.yaml", _rules(root))


def _own_from_link(token: str | None, known: PresentationRules) -> None:
    """On a session's first run, take an own presentation from ``?eigen=``; a bad token gives a notice."""
    if OWN_KEY in st.session_state or token is None:
        return
    try:
        st.session_state[OWN_KEY] = decode_presentation(token, known)
        st.session_state["presentatie_bron"] = OWN_LABEL
    except PresentationError as exc:
        reason = str(exc).removeprefix("link: ")
        st.toast(
            f"De link bevat geen geldige eigen presentatie ({reason}); de standaardpresentatie wordt getoond.",
            icon=":material/info:",
        )


def _presenting(on: bool) -> None:
    """Enter or leave presenter mode (the run that follows writes it into the link as ?presenteren=1)."""
    st.session_state[MODE_KEY] = on


def _step(params: Params, pres: Presentation) -> int:
    """The current step (1-based): from session state, else from ``?stap=`` (an unknown step gives a notice)."""
    total = len(pres.stappen)
    if "presentatie_stap" not in st.session_state:
        st.session_state["presentatie_stap"] = PresentatieView.step(params, total)
    st.session_state["presentatie_stap"] = min(max(int(st.session_state["presentatie_stap"]), 1), total)
    return int(st.session_state["presentatie_stap"])


def main() -> None:
    """Render the Presentatie page."""
    ensure_router()
    store = get_store()
    root = str(current_paths().root)
    params = page_params()
    _own_from_link(PresentatieView.token(params), _rules(root))
    st.session_state.setdefault("presentatie_bron", DEFAULT_LABEL)
    presenting = bool(st.session_state.pop(MODE_KEY, params.text("presenteren") == "1"))
    own: Presentation | None = st.session_state.get(OWN_KEY)
    if presenting:
        use_own = own is not None and (st.session_state["presentatie_bron"] == OWN_LABEL or params.has("eigen"))
        # The source choice is a widget that this mode does not draw: keep its value for when the mode is left.
        st.session_state["presentatie_bron"] = OWN_LABEL if use_own else DEFAULT_LABEL
    else:
        choice = _choose_source(own)
        own = st.session_state.get(OWN_KEY)  # the builder may have changed it
        use_own = choice == OWN_LABEL and own is not None
    pres = own if use_own and own is not None else _default(root)
    n = _step(params, pres)
    write_view(PresentatieView(n, presenting, encode_presentation(pres) if use_own else None), PresentatieView.OWNED)
    if presenting:
        presenter_view(store, pres, n, lambda: _presenting(False))
    else:
        _page(store, pres, n)
    show_notices(params.notices)


def _choose_source(own: Presentation | None) -> str:
    """The source control and the builder; says why the default shows when the own presentation is still empty."""
    choice = (
        st.segmented_control(
            "Presentatie", [DEFAULT_LABEL, OWN_LABEL], key="presentatie_bron", label_visibility="collapsed"
        )
        or DEFAULT_LABEL
    )
    with st.expander("Presentatie samenstellen", icon=":material/edit:", expanded=choice == OWN_LABEL and own is None):
        builder(_rules(str(current_paths().root)))
    if choice == OWN_LABEL and st.session_state.get(OWN_KEY) is None:
        st.info(
            "Nog geen eigen presentatie: voeg hierboven stappen toe of laad een YAML-bestand. "
            "Tot die tijd staat de standaardpresentatie klaar.",
            icon=":material/info:",
        )
    return choice


def _page(store: DataStore, pres: Presentation, n: int) -> None:
    """The step with its controls, the Presenteren button, the share link and the hand-out."""
    top = st.columns([1.3, 1.3, 2.6, 1.6, 1.8])
    step_controls(top, pres, n)
    top[3].button(
        "Presenteren",
        icon=":material/slideshow:",
        on_click=_presenting,
        args=(True,),
        key="presentatie_presenteren",
        width="stretch",
        help="Volledig scherm voor een zaal: zonder menu; pijltjestoetsen, PageUp/PageDown, spatie of "
        "een presenter gaan door de stappen; Esc sluit af.",
    )
    st.markdown(BIG_SCREEN_CSS, unsafe_allow_html=True)
    show_step(store, pres, n, presenter=False)
    with top[4]:
        share_link()

    with st.expander("Hand-out"):
        st.download_button(
            "Hand-out als PDF (alle stappen)",
            lambda: made_once(  # once per distinct presentation and day, however many in the room click it
                ("handout_pdf", presentation_yaml(pres), date.today()),
                lambda: handout_pdf(store, pres, [step_visual(store, s) for s in pres.stappen]),
            ),
            file_name(f"handout {pres.titel}", "pdf"),
            "application/pdf",
            key="presentatie_pdf",
            on_click="ignore",
            icon=":material/picture_as_pdf:",
        )
        st.caption(
            "Elke stap heeft een titel, één visual (kerncijfers, kaart, trend, vergelijking, opgaven of tekst) "
            "en één boodschap. Eigen presentaties reizen mee in de link ('Kopieer link')."
        )


main()
