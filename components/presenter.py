"""The Presentatie page's step view and presenter mode (``?presenteren=1``): big type for a projector, keys that
press the step buttons (``components/js/presenter_keys.js``) and a visual that fits the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import altair as alt
import pydeck as pdk
import streamlit as st

from components.data import get_geo, get_opgaven, get_programmes
from components.maps import focus_catalogue, legend
from components.ui import script_tag, source_note
from regiomonitor.data import DataStore
from regiomonitor.fmt import md_escape
from regiomonitor.look import cite
from regiomonitor.map_deck import build_deck, view_for
from regiomonitor.paths import current_paths
from regiomonitor.presentation import Presentation, Step, Visual, build_visual

# Large type and high contrast for a projector. Our own static CSS, no user content.
BIG_SCREEN_CSS = """
<style>
[data-testid="stMainBlockContainer"] h1 { font-size: 3.2rem; }
[data-testid="stMainBlockContainer"] h2 { font-size: 2.6rem; color: #111; }
[data-testid="stMainBlockContainer"] p, [data-testid="stMainBlockContainer"] li { font-size: 1.45rem; }
[data-testid="stMainBlockContainer"] button p { font-size: 1.1rem; white-space: nowrap; }
.takeaway { font-size: 1.9rem; font-weight: 700; color: #111; border-left: 10px solid #1b7837;
            padding: 0.4rem 1rem; margin: 0.6rem 0 1rem 0; background: #f3f7f3; }
.st-key-presentatie_visual table :is(td, th), .st-key-presentatie_visual table :is(td, th) p {
  font-size: 1.15rem; line-height: 1.35; }
.st-key-presentatie_visual table :is(td, th) { padding: 0.5rem 0.7rem; }
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
.st-key-presenter_visual [data-testid="stMarkdownContainer"] div { font-size: clamp(15px, 2.5vh, 22px) !important;
  line-height: 1.3; }
.st-key-presenter_source p, .st-key-presenter_source [data-testid="stCaptionContainer"] { font-size: 20px !important;
  color: #333 !important; margin: 0; }
</style>
<div class="rm-presenter" style="display:none"></div>
"""
#: Keys in presenter mode: presentation clickers send PageUp/PageDown (some send arrows or space).
PRESENTER_KEYS_JS = script_tag("presenter_keys.js")


def _go(delta: int, total: int) -> None:
    st.session_state["presentatie_stap"] = min(max(st.session_state["presentatie_stap"] + delta, 1), total)


def step_controls(cols: list, pres: Presentation, n: int) -> None:
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


def step_visual(store: DataStore, step: Step, presenter: bool = False) -> Visual:
    """The visual of a step, built once per process per distinct step (the page, presenter mode, the handout)."""
    return _visual(store, str(current_paths().root), step, presenter)


# A bounded cache: an own presentation's steps come from users, and a map visual holds a gemeente's geometry.
@st.cache_resource(show_spinner=False, max_entries=64)
def _visual(_store: DataStore, root: str, step: Step, presenter: bool) -> Visual:
    focus, buurten, opgaven = focus_catalogue(), get_geo("buurten"), get_opgaven()
    return build_visual(_store, step, focus, buurten, get_programmes(), opgaven, presenter=presenter)


def show_step(store: DataStore, pres: Presentation, n: int, presenter: bool) -> None:
    """Title, takeaway, the one visual and its source line of step ``n``."""
    step = pres.stappen[n - 1]
    st.header(md_escape(step.titel), anchor=False)
    # The takeaway may come from a user's own presentation: escaped before it goes into our HTML block.
    st.markdown(f'<div class="takeaway">{escape(step.boodschap)}</div>', unsafe_allow_html=True)
    visual = step_visual(store, step, presenter)
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
        elif visual.table is not None:
            # A static table on the page and on the big screen: a data grid took a browser some 0.35 s to lay
            # out after the rest of the step was drawn. A text step holds what the author typed (an own
            # presentation comes from a link or an upload): shown literally, never as markdown.
            typed = list(visual.table.columns) == [""]
            st.table(visual.table.map(md_escape) if typed else visual.table, hide_index=True, width="stretch")
    if visual.source:
        with st.container(key="presenter_source" if presenter else "presentatie_source"):
            source_note(cite(visual.source))


def presenter_view(store: DataStore, pres: Presentation, n: int, on_leave: Callable[[], None]) -> None:
    """Presenter mode: only the step, full screen; keys move between steps, Escape presses ``on_leave``'s button."""
    st.markdown(BIG_SCREEN_CSS + PRESENTER_CSS, unsafe_allow_html=True)
    st.html(PRESENTER_KEYS_JS, unsafe_allow_javascript=True)
    with st.container(key="presenter_bar"):
        bar = st.columns([1.25, 1.25, 5.5, 1.6], vertical_alignment="center")
        step_controls(bar, pres, n)
        bar[3].button(
            "Verlaten (Esc)",
            on_click=on_leave,
            key="presentatie_verlaten",
            width="stretch",
            icon=":material/close_fullscreen:",
        )
    show_step(store, pres, n, presenter=True)
