"""The Presentatie page's builder: compose an own presentation step by step, reorder and remove steps, download
it as YAML or upload one. The presentation lives in session state (``OWN_KEY``) and is validated like a file.
"""

from __future__ import annotations

import streamlit as st

from components.data import get_opgaven, get_store
from components.maps import focus_catalogue
from regiomonitor.areas import TWENTE_GEMEENTEN
from regiomonitor.content.presentation import (
    MAX_AREAS,
    MAX_COMPARE,
    MAX_STEPS,
    MAX_TEXT,
    PERIODS,
    Presentation,
    PresentationError,
    PresentationRules,
    Step,
    encode_presentation,
    parse_presentation,
    presentation_from_upload,
    presentation_yaml,
)
from regiomonitor.exports import file_name

OWN_KEY = "presentatie_eigen"  # session state: the own presentation (a Presentation) or absent
VISUAL_LABELS = {
    "kerncijfers": "Kerncijfers focusgebieden, Twente en NL",
    "kaart": "Kaart van een gemeente",
    "trend": "Trend naar 2034/2039",
    "vergelijking": "Vergelijking van indicatoren",
    "opgaven": "Opgaven (kaartjes)",
    "tekst": "Alleen tekst",
}


def set_own(pres: Presentation | None) -> None:
    """Make ``pres`` the own presentation (None: drop it) and start at its first step."""
    if pres is None:
        st.session_state.pop(OWN_KEY, None)
    else:
        st.session_state[OWN_KEY] = pres
    st.session_state["presentatie_stap"] = 1


def builder(known: PresentationRules) -> None:
    """Compose an own presentation: add, reorder and remove steps; download or upload it as YAML."""
    store = get_store()
    own: Presentation | None = st.session_state.get(OWN_KEY)
    labels: dict[str, str] = dict(zip(store.catalogue["id"], store.catalogue["label"], strict=False))
    buurt_indicators = [
        i for i, lv in zip(store.catalogue["id"], store.catalogue["levels"], strict=False) if "buurt" in lv
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
            "Indicator (kaart, trend)",
            buurt_indicators,
            format_func=labels.__getitem__,
            key="presentatie_nieuw_indicator",
        )
        gemeente = cols[1].selectbox(
            "Gemeente (kaart)",
            list(TWENTE_GEMEENTEN),
            format_func=TWENTE_GEMEENTEN.__getitem__,
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
            format_func=labels.__getitem__,
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
            row = st.columns([6, 1, 1])
            row[0].text(f"{i + 1}. {step.titel} — {VISUAL_LABELS[step.kind]}")
            if row[1].button("↑", key=f"presentatie_op_{i}", disabled=i == 0, help="Eerder in de presentatie"):
                steps = list(own.stappen)
                steps[i - 1], steps[i] = steps[i], steps[i - 1]
                _replace_steps(steps, known)
                st.rerun()
            if row[2].button("✕", key=f"presentatie_weg_{i}", help="Stap verwijderen"):
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
            set_own(presentation_from_upload(upload.getvalue(), upload.name[:80], known))
            st.success(f"Presentatie geladen: {len(st.session_state[OWN_KEY].stappen)} stappen.")
        except PresentationError as exc:
            st.error(
                f"Dit bestand is geen geldige presentatie: {exc}. De huidige presentatie blijft staan.",
                icon=":material/error:",
            )


def _replace_steps(steps: list[Step], known: PresentationRules) -> None:
    """Validate and store the own presentation; a refused step gives a message and changes nothing."""
    if not steps:
        set_own(None)
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
