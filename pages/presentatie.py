"""Presentatie: a stepped, big-screen story for kennissessies, with a PDF handout. ?stap=N restores a step."""

from __future__ import annotations

import streamlit as st

from components.data import get_geo, get_programmes, get_store
from components.export import share_link
from components.maps import focus_catalogue, legend
from components.router import ensure_router
from components.ui import source_note
from regiomonitor.exports import file_name
from regiomonitor.maps import build_deck
from regiomonitor.paths import current_paths
from regiomonitor.params import is_plain_int
from regiomonitor.presentation import Presentation, build_visual, handout_pdf, load_presentation

# Large type and high contrast for a projector. Our own static CSS, no user content.
BIG_SCREEN_CSS = """
<style>
[data-testid="stMainBlockContainer"] h1 { font-size: 3.2rem; }
[data-testid="stMainBlockContainer"] h2 { font-size: 2.6rem; color: #111; }
[data-testid="stMainBlockContainer"] p, [data-testid="stMainBlockContainer"] li { font-size: 1.45rem; }
.takeaway { font-size: 1.9rem; font-weight: 700; color: #111; border-left: 10px solid #1b7837;
            padding: 0.4rem 1rem; margin: 0.6rem 0 1rem 0; background: #f3f7f3; }
</style>
"""


@st.cache_resource(show_spinner=False, max_entries=2)
def _presentation(root: str) -> Presentation:
    store = get_store()
    return load_presentation(current_paths().content_dir / "presentations" / "elk_talent_telt.yaml",
                             set(store.catalogue["id"]))


def _go(delta: int, total: int) -> None:
    st.session_state["presentatie_stap"] = min(max(st.session_state["presentatie_stap"] + delta, 1), total)


def main() -> None:
    """Render the Presentatie page."""
    ensure_router()
    store = get_store()
    pres = _presentation(str(current_paths().root))
    total = len(pres.stappen)
    if "presentatie_stap" not in st.session_state:
        raw = str(st.query_params.get("stap", "1"))[:4]
        st.session_state["presentatie_stap"] = int(raw) if is_plain_int(raw) and 1 <= int(raw) <= total else 1
        if raw != "1" and not (is_plain_int(raw) and 1 <= int(raw) <= total):
            st.toast("De link noemt een onbekende stap; de presentatie begint bij stap 1.", icon=":material/info:")
    st.markdown(BIG_SCREEN_CSS, unsafe_allow_html=True)
    n = st.session_state["presentatie_stap"]
    step = pres.stappen[n - 1]

    top = st.columns([1, 1, 4, 2])
    top[0].button("◀ Vorige", on_click=_go, args=(-1, total), disabled=n == 1, key="presentatie_vorige", width="stretch")
    top[1].button("Volgende ▶", on_click=_go, args=(1, total), disabled=n == total, key="presentatie_volgende",
                  width="stretch", type="primary")
    top[2].markdown(f"**{pres.titel}** · stap {n} van {total}")
    with top[3]:
        share_link()
    st.header(step.titel)
    st.markdown(f'<div class="takeaway">{_escape(step.boodschap)}</div>', unsafe_allow_html=True)

    focus = focus_catalogue()
    buurten = get_geo("buurten")
    visual = build_visual(store, step, focus, buurten, get_programmes())
    if visual.md is not None and visual.classing is not None:
        map_col, legend_col = st.columns([4, 1.3])
        with map_col:
            st.pydeck_chart(build_deck(visual.md, visual.classing, focus=visual.focus), height=640,
                            key=f"presentatie_map_{n}")
        with legend_col:
            legend(visual.md, visual.classing, visual.focus["naam"].tolist() if visual.focus is not None else [])
    elif visual.chart is not None:
        st.altair_chart(visual.chart, width="stretch")
    elif visual.table is not None:
        st.dataframe(visual.table, hide_index=True, width="stretch",
                     row_height=48 if len(visual.table) < 12 else None)
    source_note(f"Bron: {visual.source}")
    st.query_params["stap"] = str(n)

    with st.expander("Hand-out"):
        st.download_button(
            "Hand-out van de hele presentatie (PDF)",
            lambda: handout_pdf(store, pres, [build_visual(store, s, focus, buurten, get_programmes()) for s in pres.stappen]),
            file_name(f"handout {pres.titel}", "pdf"), "application/pdf", key="presentatie_pdf", on_click="ignore",
            icon=":material/picture_as_pdf:")
        st.caption("De presentatie staat in data/content/presentations/ als YAML: elke stap heeft een titel, één "
                   "visual (kerncijfers, kaart, trend, vergelijking, opgaven) en één boodschap.")


def _escape(text: str) -> str:
    from html import escape

    return escape(text)


main()
