"""The column beside the Kaart map: legend, the selected area's profile, the outlined areas, link and downloads."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from components.data import get_geo
from components.maps import map_csv, map_png_once
from components.shared import shared
from components.state import link_params
from regiomonitor.content.focus_area import FocusCatalogue
from regiomonitor.data import DataStore
from regiomonitor.exports import file_name
from regiomonitor.factsheet import focus_factsheet
from regiomonitor.fmt import count, decimals_for, number
from regiomonitor.focus import PROPOSAL_RULE, inhabitants
from regiomonitor.maps import Classing, MapData
from regiomonitor.overview import FocusHouseholds, focus_households

#: Outlined areas: (name, buurt codes).
Groups = list[tuple[str, tuple[str, ...]]]


def picked_code(event: object) -> str | None:
    """The code of the clicked feature from the pydeck selection state, if any."""
    try:
        objects = event.selection["objects"]  # type: ignore[attr-defined]
    except (AttributeError, KeyError, TypeError):
        return None
    picked = (objects or {}).get("choropleth") or []
    if not picked:
        return None
    obj = picked[0]
    props = obj.get("properties", obj) if isinstance(obj, dict) else {}
    code = props.get("code") if isinstance(props, dict) else None
    return str(code) if code else None


def profile(store: DataStore, md: MapData, code: str | None, level: str) -> None:
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
    pop, _ = shared(inhabitants, store, (code,))
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


def _focus_figures(
    store: DataStore, groups: tuple[tuple[str, tuple[str, ...]], ...], document: int
) -> tuple[FocusHouseholds, dict[str, str], list[tuple[float, int]]]:
    hh = focus_households(store, dict(groups), document)
    households = dict(zip(hh.table["Focusgebied"], hh.table["Huishoudens"], strict=True))
    return hh, households, [inhabitants(store, codes) for _, codes in groups]


def focus_summary(store: DataStore, catalogue: FocusCatalogue, mode: str, groups: Groups) -> None:
    """Inhabitants of the outlined areas beside the document's figure of about 20,000 households."""
    if mode == "geen" or not groups:
        return
    st.markdown("**Omlijnde gebieden**")
    hh, households, pops = shared(_focus_figures, store, tuple(groups), catalogue.households_document)
    for (naam, codes), (pop, _) in zip(groups, pops, strict=True):
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
                        partial(focus_factsheet, store, catalogue, fa.id, get_geo("buurten")),
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


def downloads(
    store: DataStore,
    md: MapData,
    classing: Classing,
    level: str,
    gemeenten: list[str],
    groups: Groups,
    selected: str | None,
    focus_layer: str,
) -> None:
    """The map's table as CSV and the map as PNG (rendered on click, once per distinct map)."""
    period = md.period
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
            md, classing, f"{md.label}, {level_word} in {where}, {period}", list(groups), selected, focus_layer
        ),
        file_name(f"kaart {md.label} {level} {where} {period}", "png"),
        "image/png",
        key="kaart_png",
        on_click="ignore",
    )
