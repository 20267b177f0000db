"""Presentatie: a stepped, big-screen story for kennissessies, with a PDF handout.

Two sources: the default Elk Talent Telt presentation (``data/content/presentations/``) and an own presentation
built in the app (or uploaded as YAML). ``?stap=N`` restores a step; an own presentation travels in the link as
``?eigen=<token>``, so a copied link replays it in a fresh session.
"""

from __future__ import annotations

from datetime import date
from html import escape

import altair as alt
import pydeck as pdk
import streamlit as st

from components.data import get_geo, get_opgaven, get_programmes, get_store
from components.export import made_once, share_link
from components.maps import focus_catalogue, legend
from components.router import ensure_router
from components.ui import script_tag, source_note
from regiomonitor.areas import TWENTE_GEMEENTEN
from regiomonitor.exports import file_name
from regiomonitor.fmt import md_escape
from regiomonitor.look import cite
from regiomonitor.maps import build_deck, view_for
from regiomonitor.params import is_plain_int
from regiomonitor.paths import current_paths
from regiomonitor.presentation import (
    MAX_AREAS,
    MAX_COMPARE,
    MAX_STEPS,
    MAX_TEXT,
    PERIODS,
    Presentation,
    PresentationError,
    PresentationRules,
    Step,
    build_visual,
    decode_presentation,
    encode_presentation,
    handout_pdf,
    load_presentation,
    parse_presentation,
    presentation_from_upload,
    presentation_rules,
    presentation_yaml,
)

# Large type and high contrast for a projector. Our own static CSS, no user content.
BIG_SCREEN_CSS = """
<style>
[data-testid="stMainBlockContainer"] h1 { font-size: 3.2rem; }
[data-testid="stMainBlockContainer"] h2 { font-size: 2.6rem; color: #111; }
[data-testid="stMainBlockContainer"] p, [data-testid="stMainBlockContainer"] li { font-size: 1.45rem; }
[data-testid="stMainBlockContainer"] button p { font-size: 1.1rem; white-space: nowrap; }
.takeaway { font-size: 1.9rem; font-weight: 700; color: #111; border-left: 10px solid #1b7837;
            padding: 0.4rem 1rem; margin: 0.6rem 0 1rem 0; background: #f3f7f3; }
</style>
"""
# Presenter mode (?presenteren=1): no Streamlit chrome, no sidebar, the step fills the screen. Our own static CSS.
PRESENTER_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.8rem 2.2rem 0 2.2rem !important; max-width: 100% !important; }
[data-testid="stMain"] { margin-left: 0 !important; }
[data-testid="stMainBlockContainer"] p, [data-testid="stMainBlockContainer"] li { font-size: 24px; }
[data-testid="stMainBlockContainer"] h2 { font-size: 40px; padding: 0.1rem 0 0.2rem 0; }
.st-key-presenter_bar p { font-size: 24px; margin: 0; }
.st-key-presenter_bar button p { font-size: 20px; white-space: nowrap; }
.takeaway { font-size: 30px; margin: 0.2rem 0 0.6rem 0; padding: 0.3rem 1rem; }
.st-key-presenter_visual { height: calc(100vh - var(--rm-chrome, 300px)) !important; flex: 0 0 auto !important;
  overflow: hidden; }
.st-key-presenter_visual [data-testid="stVegaLiteChart"] svg { max-height: calc(100vh - var(--rm-chrome, 300px));
  max-width: 100%; width: auto; height: auto; }
.st-key-presenter_visual [data-testid="stDeckGlJsonChart"] { height: calc(100vh - var(--rm-chrome, 300px)) !important; }
.st-key-presenter_visual table td, .st-key-presenter_visual table th { font-size: 24px !important;
  padding: 0.25rem 0.6rem !important; line-height: 1.25; }
.st-key-presenter_visual [data-testid="stMarkdownContainer"] div { font-size: 22px !important; }
.st-key-presenter_source p, .st-key-presenter_source [data-testid="stCaptionContainer"] { font-size: 20px !important;
  color: #333 !important; margin: 0; }
</style>
<div class="rm-presenter" style="display:none"></div>
"""
#: Keys in presenter mode: presentation clickers send PageUp/PageDown (some send arrows or space).
PRESENTER_KEYS_JS = script_tag("presenter_keys.js")
DEFAULT_LABEL = "Elk Talent Telt (standaard)"
OWN_LABEL = "Eigen presentatie"
OWN_KEY = "presentatie_eigen"  # session state: the own presentation (a Presentation) or absent
VISUAL_LABELS = {
    "kerncijfers": "Kerncijfers focusgebieden, Twente en NL",
    "kaart": "Kaart van een gemeente",
    "trend": "Trend naar 2034/2039",
    "vergelijking": "Vergelijking van indicatoren",
    "opgaven": "Opgaven (kaartjes)",
    "tekst": "Alleen tekst",
}


@st.cache_resource(show_spinner=False, max_entries=2)
def _rules(root: str) -> PresentationRules:
    # What a step may name: drawable indicators, Twente gemeenten, the trend areas and the 21 opgaven.
    areas = [fa.naam for fa in focus_catalogue().areas] + ["Almelo", "Enschede"]
    return presentation_rules(get_store(), areas, [o.nummer for o in get_opgaven().opgaven])


@st.cache_resource(show_spinner=False, max_entries=2)
def _default(root: str) -> Presentation:
    return load_presentation(current_paths().content_dir / "presentations" / "elk_talent_telt.yaml", _rules(root))


def _go(delta: int, total: int) -> None:
    st.session_state["presentatie_stap"] = min(max(st.session_state["presentatie_stap"] + delta, 1), total)


def _own_from_link(known: PresentationRules) -> None:
    """On a session's first run, take an own presentation from ``?eigen=``; a bad token gives a notice."""
    if OWN_KEY in st.session_state or "eigen" not in st.query_params:
        return
    try:
        st.session_state[OWN_KEY] = decode_presentation(str(st.query_params["eigen"]), known)
        st.session_state["presentatie_bron"] = OWN_LABEL
    except PresentationError as exc:
        reason = str(exc).removeprefix("link: ")
        st.toast(
            f"De link bevat geen geldige eigen presentatie ({reason}); de standaardpresentatie wordt getoond.",
            icon=":material/info:",
        )
        del st.query_params["eigen"]


def _set_own(pres: Presentation | None) -> None:
    if pres is None:
        st.session_state.pop(OWN_KEY, None)
    else:
        st.session_state[OWN_KEY] = pres
    st.session_state["presentatie_stap"] = 1


def _builder(known: PresentationRules) -> None:
    """Compose an own presentation: add, reorder and remove steps; download or upload it as YAML."""
    store = get_store()
    own: Presentation | None = st.session_state.get(OWN_KEY)
    labels = dict(zip(store.catalogue["id"], store.catalogue["label"], strict=False))
    buurt_indicators = [
        i
        for i, lv in zip(store.catalogue["id"], store.catalogue["levels"], strict=False)
        if "buurt" in str(lv).split(",")
    ]
    areas = [fa.naam for fa in focus_catalogue().areas] + ["Almelo", "Enschede"]
    opgaven = get_opgaven()
    st.text_input(
        "Titel van de presentatie",
        key="presentatie_eigen_titel",
        max_chars=MAX_TEXT,
        value=own.titel if own else "Eigen presentatie",
    )
    with st.form("presentatie_stap_form", clear_on_submit=True):
        st.markdown("**Stap toevoegen**")
        kind = st.selectbox(
            "Soort visual", list(VISUAL_LABELS), format_func=VISUAL_LABELS.__getitem__, key="presentatie_nieuw_type"
        )
        titel = st.text_input("Titel van de stap", max_chars=MAX_TEXT, key="presentatie_nieuw_titel")
        boodschap = st.text_input("Boodschap (één regel)", max_chars=MAX_TEXT, key="presentatie_nieuw_boodschap")
        cols = st.columns(3)
        indicator = cols[0].selectbox(
            "Indicator (kaart, trend)", buurt_indicators, format_func=labels.get, key="presentatie_nieuw_indicator"
        )
        gemeente = cols[1].selectbox(
            "Gemeente (kaart)",
            list(TWENTE_GEMEENTEN),
            format_func=TWENTE_GEMEENTEN.get,
            index=list(TWENTE_GEMEENTEN).index("GM0153"),
            key="presentatie_nieuw_gemeente",
        )
        periode = cols[2].selectbox("Peiljaar (kaart)", PERIODS[::-1], key="presentatie_nieuw_periode")
        gebieden = st.multiselect(
            "Gebieden (trend)", areas, default=areas[:1], key="presentatie_nieuw_gebieden", max_selections=MAX_AREAS
        )
        vergelijk = st.multiselect(
            "Indicatoren (vergelijking)",
            list(labels),
            format_func=labels.get,
            key="presentatie_nieuw_indicatoren",
            max_selections=MAX_COMPARE,
        )
        nummers = st.multiselect(
            "Opgaven",
            [o.nummer for o in opgaven.opgaven],
            format_func=lambda n: f"{n}. {opgaven.opgave(n).titel}",
            key="presentatie_nieuw_opgaven",
        )
        tekst = st.text_area("Tekst (alleen tekst)", max_chars=MAX_TEXT, key="presentatie_nieuw_tekst")
        added = st.form_submit_button("Stap toevoegen", type="primary")
    if added:
        visual: dict = {"type": kind}
        if kind == "kaart":
            visual |= {"gemeente": gemeente, "indicator": indicator, "periode": int(periode)}
        elif kind == "trend":
            visual |= {"indicator": indicator, "gebieden": gebieden}
        elif kind == "vergelijking":
            visual |= {"indicatoren": vergelijk}
        elif kind == "opgaven":
            visual |= {"nummers": nummers}
        elif kind == "tekst":
            visual |= {"tekst": tekst}
        steps = [*(own.stappen if own else ()), Step(titel, visual, boodschap)]
        _replace_steps(steps, known)
        own = st.session_state.get(OWN_KEY)

    if own:
        st.markdown("**Stappen**")
        for i, step in enumerate(own.stappen):
            cols = st.columns([6, 1, 1])
            cols[0].text(f"{i + 1}. {step.titel} — {VISUAL_LABELS[step.kind]}")
            if cols[1].button("↑", key=f"presentatie_op_{i}", disabled=i == 0, help="Eerder in de presentatie"):
                steps = list(own.stappen)
                steps[i - 1], steps[i] = steps[i], steps[i - 1]
                _replace_steps(steps, known)
                st.rerun()
            if cols[2].button("✕", key=f"presentatie_weg_{i}", help="Stap verwijderen"):
                steps = [s for j, s in enumerate(own.stappen) if j != i]
                _replace_steps(steps, known)
                st.rerun()
        st.download_button(
            "Presentatie als YAML",
            presentation_yaml(own),
            file_name("presentatie", "yaml"),
            "application/x-yaml",
            key="presentatie_yaml",
            on_click="ignore",
            icon=":material/download:",
        )
    upload = st.file_uploader(
        "Of laad een presentatie (YAML, zoals in data/content/presentations/)",
        type=["yaml", "yml"],
        key="presentatie_upload",
    )
    if upload is not None and st.session_state.get("presentatie_upload_id") != upload.file_id:
        st.session_state["presentatie_upload_id"] = upload.file_id
        try:
            _set_own(presentation_from_upload(upload.getvalue(), upload.name[:80], known))
            st.success(f"Presentatie geladen: {len(st.session_state[OWN_KEY].stappen)} stappen.")
        except PresentationError as exc:
            st.error(
                f"Dit bestand is geen geldige presentatie: {exc}. De huidige presentatie blijft staan.",
                icon=":material/error:",
            )


def _replace_steps(steps: list[Step], known: PresentationRules) -> None:
    """Validate and store the own presentation; a refused step gives a message and changes nothing."""
    if not steps:
        _set_own(None)
        return
    titel = str(st.session_state.get("presentatie_eigen_titel") or "Eigen presentatie")
    doc = {
        "id": "eigen",
        "titel": titel,
        "stappen": [{"titel": s.titel, "visual": s.visual, "boodschap": s.boodschap} for s in steps],
    }
    try:
        pres = parse_presentation(doc, "eigen presentatie", known)
        encode_presentation(pres)  # must fit in a link
    except PresentationError as exc:
        message = str(exc).split(": ", 1)[-1]
        st.error(
            f"Deze stap kan niet worden toegevoegd ({message}). Geef elke stap een titel en een boodschap; "
            f"hooguit {MAX_STEPS} stappen.",
            icon=":material/error:",
        )
        return
    current = st.session_state.get("presentatie_stap", 1)
    st.session_state[OWN_KEY] = pres
    st.session_state["presentatie_stap"] = min(current, len(pres.stappen))


def main() -> None:
    """Render the Presentatie page."""
    ensure_router()
    store = get_store()
    known = _rules(str(current_paths().root))
    _own_from_link(known)
    st.session_state.setdefault("presentatie_bron", DEFAULT_LABEL)
    if str(st.query_params.get("presenteren", "")) == "1":
        _presenter(store, known)
        return
    source_choice = (
        st.segmented_control(
            "Presentatie", [DEFAULT_LABEL, OWN_LABEL], key="presentatie_bron", label_visibility="collapsed"
        )
        or DEFAULT_LABEL
    )
    with st.expander(
        "Presentatie samenstellen",
        icon=":material/edit:",
        expanded=source_choice == OWN_LABEL and OWN_KEY not in st.session_state,
    ):
        _builder(known)
    own: Presentation | None = st.session_state.get(OWN_KEY)
    pres = own if source_choice == OWN_LABEL and own else _default(str(current_paths().root))
    if source_choice == OWN_LABEL and not own:
        st.info(
            "Nog geen eigen presentatie: voeg hierboven stappen toe of laad een YAML-bestand. "
            "Tot die tijd staat de standaardpresentatie klaar.",
            icon=":material/info:",
        )
    if source_choice == OWN_LABEL and own:
        st.query_params["eigen"] = encode_presentation(own)
    elif "eigen" in st.query_params:
        del st.query_params["eigen"]

    n = _restore_step(pres)
    top = st.columns([1.3, 1.3, 2.6, 1.6, 1.8])
    _step_controls(top, pres, n)
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
    _show_step(store, pres, n, presenter=False)
    with top[4]:
        share_link()

    focus, buurten, opgaven = focus_catalogue(), get_geo("buurten"), get_opgaven()
    with st.expander("Hand-out"):
        st.download_button(
            "Hand-out als PDF (alle stappen)",
            lambda: made_once(  # once per distinct presentation and day, however many in the room click it
                ("handout_pdf", presentation_yaml(pres), date.today()),
                lambda: handout_pdf(
                    store,
                    pres,
                    [build_visual(store, s, focus, buurten, get_programmes(), opgaven) for s in pres.stappen],
                ),
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


def _presenting(on: bool) -> None:
    """Enter or leave presenter mode (the mode lives in the link as ?presenteren=1)."""
    if on:
        st.query_params["presenteren"] = "1"
    elif "presenteren" in st.query_params:
        del st.query_params["presenteren"]


def _restore_step(pres: Presentation) -> int:
    """The current step (1-based): from session state, else from ``?stap=``; an unknown step gives a notice."""
    total = len(pres.stappen)
    if "presentatie_stap" not in st.session_state:
        raw = str(st.query_params.get("stap", "1"))[:4]
        st.session_state["presentatie_stap"] = int(raw) if is_plain_int(raw) and 1 <= int(raw) <= total else 1
        if raw != "1" and not (is_plain_int(raw) and 1 <= int(raw) <= total):
            st.toast("De link noemt een onbekende stap; de presentatie begint bij stap 1.", icon=":material/info:")
    st.session_state["presentatie_stap"] = min(max(int(st.session_state["presentatie_stap"]), 1), total)
    st.query_params["stap"] = str(st.session_state["presentatie_stap"])
    return int(st.session_state["presentatie_stap"])


def _step_controls(cols: list, pres: Presentation, n: int) -> None:
    """Previous / next buttons and 'stap n van N' (the keys of presenter mode press these buttons)."""
    total = len(pres.stappen)
    cols[0].button(
        "◀ Vorige", on_click=_go, args=(-1, total), disabled=n == 1, key="presentatie_vorige", width="stretch"
    )
    cols[1].button(
        "Volgende ▶",
        on_click=_go,
        args=(1, total),
        disabled=n == total,
        key="presentatie_volgende",
        width="stretch",
        type="primary",
    )
    cols[2].markdown(f"**{md_escape(pres.titel)}** · stap {n} van {total}")


def _show_step(store, pres: Presentation, n: int, presenter: bool) -> None:
    """Title, takeaway, the one visual and its source line of step ``n``."""
    step = pres.stappen[n - 1]
    st.header(md_escape(step.titel), anchor=False)
    # The takeaway may come from a user's own presentation: escaped before it goes into our HTML block.
    st.markdown(f'<div class="takeaway">{escape(step.boodschap)}</div>', unsafe_allow_html=True)
    focus, buurten, opgaven = focus_catalogue(), get_geo("buurten"), get_opgaven()
    visual = build_visual(store, step, focus, buurten, get_programmes(), opgaven, presenter=presenter)
    with st.container(key="presenter_visual" if presenter else "presentatie_visual"):
        if visual.md is not None and visual.classing is not None:
            map_col, legend_col = st.columns([4, 1.3])
            names = visual.focus["naam"].tolist() if visual.focus is not None else []
            with map_col:
                view = view_for(visual.md.frame)
                if presenter:  # the map fills a taller box: zoom in a little
                    view = pdk.ViewState(
                        longitude=view.longitude, latitude=view.latitude, zoom=view.zoom + 0.3, pitch=0, bearing=0
                    )
                st.pydeck_chart(
                    build_deck(visual.md, visual.classing, focus=visual.focus, view=view, label_focus=True),
                    height=640,
                    key=f"presentatie_map_{n}",
                    alt=f"Kaart van {visual.md.label}; omlijnd: {', '.join(names)}",
                )
            with legend_col:
                legend(visual.md, visual.classing, names)
        elif visual.chart is not None and presenter and not isinstance(visual.chart, alt.FacetChart):
            # Fill the height left on the screen, with the chart's own (large) text sizes.
            st.altair_chart(
                visual.chart.properties(autosize=alt.AutoSizeParams(type="fit", contains="padding")),
                width="stretch",
                height="stretch",
            )
        elif visual.chart is not None:
            st.altair_chart(visual.chart, width="stretch")
        elif visual.table is not None and presenter:
            st.table(visual.table, hide_index=True, width="stretch")
        elif visual.table is not None:
            st.dataframe(
                visual.table, hide_index=True, width="stretch", row_height=48 if len(visual.table) < 12 else None
            )
    if visual.source:
        with st.container(key="presenter_source" if presenter else "presentatie_source"):
            source_note(cite(visual.source))


def _presenter(store, known: set[str]) -> None:
    """Presenter mode: only the step, full screen; keys move between steps, Escape leaves the mode."""
    own: Presentation | None = st.session_state.get(OWN_KEY)
    use_own = own is not None and (st.session_state.get("presentatie_bron") == OWN_LABEL or "eigen" in st.query_params)
    pres = own if use_own and own is not None else _default(str(current_paths().root))
    # The source choice is a widget that this mode does not draw: keep its value for when the mode is left.
    st.session_state["presentatie_bron"] = OWN_LABEL if use_own else DEFAULT_LABEL
    st.markdown(BIG_SCREEN_CSS + PRESENTER_CSS, unsafe_allow_html=True)
    st.html(PRESENTER_KEYS_JS, unsafe_allow_javascript=True)
    n = _restore_step(pres)
    with st.container(key="presenter_bar"):
        bar = st.columns([1.25, 1.25, 5.5, 1.6], vertical_alignment="center")
        _step_controls(bar, pres, n)
        bar[3].button(
            "Verlaten (Esc)",
            on_click=_presenting,
            args=(False,),
            key="presentatie_verlaten",
            width="stretch",
            icon=":material/close_fullscreen:",
        )
    _show_step(store, pres, n, presenter=True)


main()
