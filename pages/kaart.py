"""Kaart: a choropleth of buurten, wijken or gemeenten for one indicator, with the focus areas outlined.

The view lives in the link: ?gemeente=&jaar= (shared) plus indicator, periode, leeftijd, niveau, indeling,
referentie, focus and buurt (the selected buurt).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.data import get_geo, get_store
from components.export import share_link
from components.maps import (
    cached_deck,
    cached_focus_geometries,
    cached_map_frame,
    focus_catalogue,
    focus_proposal,
    legend,
    map_csv,
    map_png_once,
)
from components.router import ensure_router
from components.state import current_filters, link_params, param_choice, show_notices
from components.ui import page_header, source_note
from regiomonitor.areas import TWENTE_CODE, TWENTE_GEMEENTEN
from regiomonitor.data import DataStore
from regiomonitor.divisions import code_match, coverage_notices, geometry_division, layer_for
from regiomonitor.exports import file_name
from regiomonitor.factsheet import focus_factsheet
from regiomonitor.fmt import count, decimals_for, number
from regiomonitor.focus import PROPOSAL_RULE, inhabitants
from regiomonitor.indicators import periods_at_level, periods_of
from regiomonitor.maps import METHODS, classify
from regiomonitor.overview import focus_households
from regiomonitor.paths import current_paths

LEVELS = {"buurt": "Buurten", "wijk": "Wijken", "gemeente": "Gemeenten"}
FOCUS = {"document": "Focusgebieden (Regio Deal)", "voorstel": "Voorstel uit de data", "geen": "Geen"}
REFERENCES = {"gemeente": "Gemeente", "twente": "Twente", "nl": "Nederland"}
DEFAULT_INDICATOR = "moeite_rondkomen"


@st.cache_data(show_spinner=False, max_entries=8, hash_funcs={DataStore: id})
def _indicator_options(store: DataStore, level: str) -> list[str]:
    cat = store.catalogue
    ok = cat[~cat["context_only"] & cat["levels"].apply(lambda lv: level in lv)]
    return ok.sort_values(["thema_label", "label"])["id"].tolist()


def _gemeenten_in_view(level: str, gemeente: str, with_buurten: set[str]) -> list[str]:
    if level == "gemeente":
        return list(TWENTE_GEMEENTEN)
    if gemeente == TWENTE_CODE:
        return sorted(with_buurten)
    return [gemeente]


def _state(store, notices: list[str]) -> dict[str, str]:
    """Initialise the page's widgets from the link on first view (widget keys are namespaced kaart_)."""
    defaults = {
        "kaart_niveau": param_choice("niveau", list(LEVELS), "buurt", notices, "kaartlaag"),
        "kaart_indeling": param_choice("indeling", list(METHODS), "kwantielen", notices, "kleurindeling"),
        "kaart_referentie": param_choice("referentie", list(REFERENCES), "twente", notices, "referentie"),
        "kaart_focus": param_choice("focus", list(FOCUS), "document", notices, "focusweergave"),
    }
    for key, value in defaults.items():
        st.session_state.setdefault(key, value)
    level = st.session_state["kaart_niveau"]
    options = _indicator_options(store, level)
    st.session_state.setdefault(
        "kaart_indicator", param_choice("indicator", options, DEFAULT_INDICATOR, notices, "indicator")
    )
    if st.session_state["kaart_indicator"] not in options:
        st.session_state["kaart_indicator"] = DEFAULT_INDICATOR if DEFAULT_INDICATOR in options else options[0]
    return defaults


def main() -> None:
    """Render the Kaart page."""
    ensure_router()
    store = get_store()
    filters = current_filters()
    notices: list[str] = []
    _state(store, notices)
    page_header("Kaart", "Kies een indicator en zie per buurt waar de opgave zit. Klik op een buurt voor het profiel.")

    c1, c2, c3, c4 = st.columns([1.2, 2.6, 1, 1])
    level = c1.radio("Kaartlaag", list(LEVELS), format_func=LEVELS.__getitem__, key="kaart_niveau", horizontal=False)
    options = _indicator_options(store, level)
    if st.session_state.get("kaart_indicator") not in options:
        st.session_state["kaart_indicator"] = DEFAULT_INDICATOR if DEFAULT_INDICATOR in options else options[0]
    labels = dict(
        zip(store.catalogue["id"], store.catalogue["thema_label"] + " — " + store.catalogue["label"], strict=True)
    )
    indicator = c2.selectbox("Indicator", options, format_func=labels.__getitem__, key="kaart_indicator")
    meta = store.indicator(indicator)
    # Only the years with values on this map layer (else fall back to all, and the empty-layer notice explains).
    periods = periods_at_level(store, indicator, level) or periods_of(store, indicator)
    wanted_period = st.session_state.get("kaart_periode")
    if wanted_period not in periods:
        fallback = filters.periode if filters.periode in periods else periods[-1]
        if wanted_period is None:  # first view: the link decides (an unknown year gets a notice)
            raw = param_choice("periode", [str(p) for p in periods], "", notices, "periode")
            st.session_state["kaart_periode"] = int(raw) if raw else fallback
        else:  # another indicator or layer without this year: move quietly to one that has values
            st.session_state["kaart_periode"] = fallback
    period = c3.selectbox("Periode", periods, key="kaart_periode")
    ages = list(meta.age_groups)
    if st.session_state.get("kaart_leeftijd") not in ages:
        default_age = "18+" if "18+" in ages else ages[0]
        st.session_state["kaart_leeftijd"] = (
            param_choice("leeftijd", ages, default_age, notices, "leeftijdsgroep")
            if "kaart_leeftijd" not in st.session_state
            else default_age
        )
    age = c4.selectbox("Leeftijd", ages, key="kaart_leeftijd")

    d1, d2, d3 = st.columns([2, 1.2, 1.8])
    method = d1.radio(
        "Kleurindeling", list(METHODS), format_func=METHODS.__getitem__, key="kaart_indeling", horizontal=True
    )
    reference_key = d2.selectbox(
        "Referentie (bij afwijking)",
        list(REFERENCES),
        format_func=REFERENCES.__getitem__,
        key="kaart_referentie",
        disabled=method != "afwijking",
    )
    focus_mode = d3.radio("Omlijning", list(FOCUS), format_func=FOCUS.__getitem__, key="kaart_focus", horizontal=True)

    # Every period is drawn on the geometry of the division its codes belong to (regiomonitor/divisions.py).
    division = store.division(indicator, int(period), level)
    geo = get_geo(layer_for(level, division))
    with_buurten = set(geo["gemeente"]) if level != "gemeente" else set(TWENTE_GEMEENTEN)
    coverage: list[str] = []
    in_view = list(TWENTE_GEMEENTEN) if filters.gemeente == TWENTE_CODE else [filters.gemeente]
    if level != "gemeente":
        coverage = coverage_notices(code_match(store.areas, geo["code"], division, level), in_view, division, level)
    if level != "gemeente" and filters.gemeente != TWENTE_CODE and filters.gemeente not in with_buurten:
        st.info(
            f"Voor {TWENTE_GEMEENTEN[filters.gemeente]} zijn geen {level}grenzen van de indeling "
            f"{geometry_division(division)} beschikbaar, de indeling van {period}. Kies een jaar uit een andere "
            "indeling (bijvoorbeeld de gezondheidsmonitor of 2021), de kaartlaag Gemeenten of een andere gemeente "
            "in de zijbalk.",
            icon=":material/info:",
        )
        show_notices(notices)
        return
    gemeenten = _gemeenten_in_view(level, filters.gemeente, with_buurten)
    md = cached_map_frame(layer_for(level, division), indicator, int(period), age, level, gemeenten)
    if md.frame["value"].notna().sum() == 0:
        st.warning(
            f"Voor {md.label} is er in {period} geen waarde op het niveau {LEVELS[level].lower()}. Kies een "
            "ander niveau of een andere periode.",
            icon=":material/info:",
        )
        show_notices(notices)
        return

    if method == "afwijking":
        ref_code = {"twente": "Twente", "nl": "Nederland"}.get(reference_key)
        if reference_key == "gemeente":
            ref_name = store.name(gemeenten[0]) if len(gemeenten) == 1 else "Twente"
            ref_value = md.references.get(ref_name)
        else:
            ref_name, ref_value = ref_code, md.references.get(ref_code or "")
        if ref_value is None:
            st.warning("Voor deze referentie is geen waarde; de kaart toont kwantielen.", icon=":material/info:")
            method = "kwantielen"
    else:
        ref_name, ref_value = "", None
    classing = classify(md.frame["value"], method, md.direction, md.unit, reference=ref_value)

    catalogue = focus_catalogue()
    if focus_mode == "document":
        groups = [(fa.naam, fa.buurten) for fa in catalogue.areas if fa.gemeente in gemeenten]
    elif focus_mode == "voorstel":
        codes = [c for c in focus_proposal(str(current_paths().root)) if "GM" + c[2:6] in gemeenten]
        groups = [
            (f"Voorstel {store.name('GM' + g[2:6])}", [c for c in codes if c[:6] == g])
            for g in sorted({c[:6] for c in codes})
        ]
    else:
        groups = []
    focus_geo = (
        cached_focus_geometries(groups, layer_for("buurt", division)) if groups and level != "gemeente" else None
    )

    selected = (
        st.session_state.get("kaart_selected")
        or param_choice("buurt", md.frame["code"].tolist(), "", notices, "buurt")
        or None
    )
    # every gemeente in view is outlined, also one the division has no polygons for (named below)
    deck = cached_deck(
        md,
        classing,
        groups if focus_geo is not None else [],
        in_view if level != "gemeente" else None,
        selected,
        focus_layer=layer_for("buurt", division),
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
        source_note(
            md.source
            + " "
            + (f"Afwijking van {ref_name}. " if method == "afwijking" else "")
            + (
                "Modelschattingen van het RIVM: kleine verschillen tussen buurten zijn niet betekenisvol. "
                if md.frame["flag"].isin(["", "suppressed"]).any() and "rivm" in md.source.lower()
                else ""
            )
            + f"Kaart: CBS/Kadaster (PDOK), CC BY 4.0, grenzen van {geometry_division(division)}."
        )
        if coverage:
            st.info("\n".join(f"- {text}" for text in coverage), icon=":material/info:")
    picked = _picked_code(event)
    if picked:
        st.session_state["kaart_selected"] = picked
        st.session_state["kaart_map_n"] = st.session_state.get("kaart_map_n", 0) + 1
        st.rerun()
    with side_col:
        legend(md, classing, [g[0] for g in groups] if focus_geo is not None else [])
        st.divider()
        _profile(store, md, selected, level)
        st.divider()
        _focus_summary(store, catalogue, focus_mode, groups)

    st.query_params.update(
        {
            "indicator": indicator,
            "periode": str(period),
            "leeftijd": age,
            "niveau": level,
            "indeling": method,
            "referentie": reference_key,
            "focus": focus_mode,
            **({"buurt": selected} if selected else {}),
        }
    )
    with side_col:
        share_link()
        where = ", ".join(store.name(g) for g in gemeenten) if len(gemeenten) <= 3 else "Twente"
        st.download_button(
            "Kaartgegevens als CSV",
            map_csv(md, level, decimals_for(md.unit)),
            file_name(f"kaart {md.label} {level} {where} {period}", "csv"),
            "text/csv",
            key="kaart_csv",
            on_click="ignore",
        )
        level_word = {"buurt": "buurten", "wijk": "wijken", "gemeente": "gemeenten"}.get(level, level)
        st.download_button(
            "Kaart als PNG",
            lambda: map_png_once(
                md,
                classing,
                f"{md.label}, {level_word} in {where}, {period}",
                groups if focus_geo is not None else [],
                selected,
                layer_for("buurt", division),
            ),
            file_name(f"kaart {md.label} {level} {where} {period}", "png"),
            "image/png",
            key="kaart_png",
            on_click="ignore",
        )
    show_notices(notices)


def _picked_code(event: object) -> str | None:
    """The code of the clicked feature from the pydeck selection state, if any."""
    try:
        objects = event.selection["objects"]  # type: ignore[attr-defined, index]
    except (AttributeError, KeyError, TypeError):
        return None
    picked = (objects or {}).get("choropleth") or []
    if not picked:
        return None
    obj = picked[0]
    props = obj.get("properties", obj) if isinstance(obj, dict) else {}
    code = props.get("code") if isinstance(props, dict) else None
    return str(code) if code else None


def _profile(store, md, code: str | None, level: str) -> None:
    """The compact profile of the selected area beside the map."""
    if not code:
        st.caption("Klik op een gebied op de kaart voor een kort profiel.")
        return
    row = md.frame[md.frame["code"] == code]
    if row.empty:
        st.caption("Het gekozen gebied ligt buiten deze kaart.")
        return
    r = row.iloc[0]
    dec = decimals_for(md.unit)
    st.markdown(f"#### {r['name']}")
    st.caption(f"{code} · {store.name(str(r['gemeente']))}")
    if pd.notna(r["value"]):
        st.metric(md.label, number(r["value"], dec, md.unit), help=f"Periode {md.period}, leeftijd {md.age_group}.")
        if pd.notna(r["rank"]):
            st.caption(f"Rang {int(r['rank'])} van {int(r['n_in_gemeente'])} in de gemeente.")
    else:
        st.write(f"Geen waarde: {r['reason']}.")
    refs = " · ".join(f"{k} {number(v, dec, md.unit)}" for k, v in md.references.items() if v is not None)
    st.caption(f"Referenties: {refs}")
    pop, _ = inhabitants(store, [code])
    if pop:
        st.caption(f"Inwoners 2024: {number(pop)}")
    if level == "buurt":
        st.page_link(
            "pages/buurt.py",
            label="Naar het buurtprofiel",
            icon=":material/arrow_forward:",
            query_params=link_params(buurt=code),
        )
        st.page_link(
            "pages/vergelijken.py",
            label="Vergelijk met andere buurten",
            icon=":material/compare_arrows:",
            query_params=link_params(buurten=code),
        )


def _focus_summary(store, catalogue, mode: str, groups: list[tuple[str, tuple[str, ...] | list[str]]]) -> None:
    """Inhabitants of the outlined areas beside the document's figure of about 20,000 households."""
    if mode == "geen" or not groups:
        return
    st.markdown("**Omlijnde gebieden**")
    hh = focus_households(store, {naam: tuple(codes) for naam, codes in groups}, catalogue.households_document)
    households = dict(zip(hh.table["Focusgebied"], hh.table["Huishoudens"], strict=True))
    for naam, codes in groups:
        pop, n = inhabitants(store, list(codes))
        st.caption(
            f"{naam}: {count(len(codes), 'buurt', 'buurten')}, {number(pop)} inwoners (2024), "
            f"{households[naam]} huishoudens ({hh.period})"
        )
    if mode == "document":
        for fa in catalogue.areas:
            if any(fa.naam == g[0] for g in groups):
                with st.expander(f"{fa.naam}: {fa.basis_label}"):
                    st.write(fa.toelichting)
                    st.download_button(
                        "Factsheet (PDF)",
                        lambda fa_id=fa.id: focus_factsheet(store, catalogue, fa_id, get_geo("buurten")),
                        file_name(f"factsheet focusgebied {fa.naam}", "pdf"),
                        "application/pdf",
                        key=f"kaart_pdf_{fa.id}",
                        on_click="ignore",
                        icon=":material/picture_as_pdf:",
                    )
        st.caption(
            f"Samen {number(hh.total)} huishoudens ({hh.period}, {hh.source}); de aanvraag noemt samen "
            f"zo'n {number(catalogue.households_document)} huishoudens."
        )
    else:
        with st.expander("Regel van het voorstel"):
            st.write(PROPOSAL_RULE)


main()
