"""The sections of Overzicht, one function each, in the order the page shows them.

Every figure here depends only on the committed data and the shared filters, so the tables are computed once
per process for each distinct input (``components.shared.shared`` and the caches in ``components.data``).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.bronnen import gaps_table
from components.data import cached_focus_headline, cached_verdict_table, get_programmes
from components.maps import focus_catalogue
from components.shared import shared
from components.state import SharedFilters
from components.ui import source_note
from regiomonitor.areas import NL_CODE, TWENTE_CODE
from regiomonitor.data import DataStore
from regiomonitor.fmt import number
from regiomonitor.gaps import gap_summary
from regiomonitor.overview import FocusHouseholds, focus_households, headline, population
from regiomonitor.targets import PROGRAMME_START, THRESHOLD_SHORT, THRESHOLD_TEXT, TargetRule, verdict_cell_style

#: The four inhabitant counts at the top of the page.
INHABITANTS: dict[str, str] = {
    TWENTE_CODE: "Inwoners Twente",
    "GM0141": "Inwoners Almelo",
    "GM0153": "Inwoners Enschede",
    NL_CODE: "Inwoners Nederland",
}


#: The working rule the verdicts on Overzicht use (Trends & doelen lets a user change it).
RULE = TargetRule()


def _focus_tables(store: DataStore, period: int) -> tuple[FocusHouseholds, pd.DataFrame]:
    """Households of the focus areas and their key figures (the focus areas are fixed per process)."""
    catalogue = focus_catalogue()
    areas = {fa.naam: fa.buurten for fa in catalogue.areas}
    return focus_households(store, areas, catalogue.households_document), cached_focus_headline(areas, period)


def _verdict_table(store: DataStore) -> pd.DataFrame:
    """Elk Talent Telt's outcome indicators judged per focus area and city (programmes fixed per process)."""
    ett = get_programmes()["elk_talent_telt"]
    areas = {fa.naam: fa.buurten for fa in focus_catalogue().areas} | {"Almelo": ("GM0141",), "Enschede": ("GM0153",)}
    outcome: list[tuple[str, str | None]] = [
        (ind.naam, ind.app_indicator)
        for lijn in ett.lijnen
        for ind in lijn.indicatoren
        if ind.soort == "outcome" and ind.app_indicator
    ]
    return cached_verdict_table(outcome, areas, RULE)


def inhabitants(store: DataStore) -> None:
    """Inhabitants of Twente, Almelo, Enschede and NL with their source."""
    pop = shared(population, store, list(INHABITANTS))
    for col, (code, label) in zip(st.columns(4), INHABITANTS.items(), strict=True):
        col.metric(
            label,
            number(pop[code]),
            help="CBS Kerncijfers wijken en buurten 2024, 1 januari 2024."
            + (" Twente: som van de 14 gemeenten." if code == TWENTE_CODE else ""),
        )
    source_note(
        "Bron: CBS, Kerncijfers wijken en buurten 2024 (StatLine 85984NED), inwoners op 1 januari 2024. "
        "Het Plan voor de Regio noemt 641.000 inwoners in 2024 en een prognose van 620.000 in 2040."
    )


def key_figures(store: DataStore, filters: SharedFilters) -> None:
    """Almelo and Enschede (and the gemeente chosen in the sidebar) against Twente and NL."""
    st.subheader("Kerncijfers: Almelo en Enschede tegen Twente en Nederland")
    extra = filters.gemeente if filters.gemeente not in {TWENTE_CODE, "GM0141", "GM0153"} else None
    table = shared(headline, store, extra, filters.periode)
    # Static tables (st.table): a dozen rows of our own need no data grid, which the browser draws last (it was
    # the last thing to settle on this page, ~0.3 s after everything else).
    # On a phone the table scrolls sideways; a minimum width keeps the long source citations from being
    # squeezed into a narrow column that made every row ten lines tall.
    st.html(
        "<style>.st-key-kerncijfers td:last-child { min-width: 18rem; }"
        ".st-key-kerncijfers td:first-child { min-width: 9rem; }</style>"
    )
    with st.container(key="kerncijfers"):
        st.table(table.display, hide_index=True, width="stretch")
    source_note(
        f"Gezondheidscijfers (RIVM/CBS Gezondheid per wijk en buurt) voor peiljaar {filters.periode}, volwassenen "
        "18+; dit zijn modelschattingen. Inkomen en bijstand: CBS Kerncijfers wijken en buurten (2020 en 2024). "
        "Twente is het door ons berekende gewogen gemiddelde van de 14 gemeenten (zie Bronnen & methode). "
        "Een streepje betekent: geen cijfer in de bron."
    )


def focus_areas(store: DataStore, filters: SharedFilters) -> None:
    """Households in the focus areas against the document's figure, and their key figures."""
    st.subheader("De focusgebieden van Elk Talent Telt")
    hh, table = shared(_focus_tables, store, filters.periode)
    c1, c2 = st.columns([1, 2])
    c1.metric(
        f"Huishoudens in de focusgebieden ({hh.period})",
        number(hh.total),
        help=f"Som van de buurten van de focusgebieden, 1 januari {hh.period}. Bron: {hh.source}.",
    )
    c2.markdown(
        f"De aanvraag noemt samen **zo'n {number(hh.document)} huishoudens**. De monitor telt in de "
        f"focusgebieden zoals hier afgebakend **{number(hh.total)} huishoudens ({hh.period})**: "
        + ", ".join(f"{r['Focusgebied']} {r['Huishoudens']}" for _, r in hh.table.iterrows())
        + ". Het verschil zit vooral in de afbakening: de aanvraag noemt 'onder andere' Wesselerbrink en "
        "Twekkelerveld, en de spoorzone van Almelo is een werkaanname."
    )
    source_note(
        f"Bron huishoudens: {hh.source}, 1 januari {hh.period} (CBS rondt buurtaantallen af op vijftallen). "
        "Bron van het documentcijfer: Regio Deal-aanvraag Elk Talent Telt."
    )
    st.table(table, hide_index=True, width="stretch")
    source_note(
        f"Bron: RIVM/CBS Gezondheid per wijk en buurt {filters.periode}, volwassenen 18+ (modelschattingen). "
        "Focusgebieden: gemiddelde van hun buurten, gewogen naar inwoners 2024 (door ons berekend); de "
        "afbakening van Almelo spoorzone is een werkaanname (zie Bronnen & methode)."
    )


def verdicts(store: DataStore) -> None:
    """Elk Talent Telt's outcome indicators per focus area and city, judged against the 2034 target."""
    st.subheader("Elk Talent Telt: de trend vóór de start, gemeten tegen het doel voor 2034")
    table = shared(_verdict_table, store)
    cells = [str(v) for c in table.columns if c != "Indicator" for v in table[c]]
    if any("vóór de start" in v for v in cells):
        st.markdown(
            f"Deze metingen liggen vóór de start van Elk Talent Telt in {PROGRAMME_START}. De grijze oordelen "
            "zeggen dus of de trend van daarvóór snel genoeg was, **niet** wat het programma bereikt."
        )
    st.table(
        table.style.map(verdict_cell_style, subset=[c for c in table.columns if c != "Indicator"]),
        hide_index=True,
        width="stretch",
    )
    st.caption(THRESHOLD_SHORT)
    source_note(
        RULE.describe("Twente") + " " + THRESHOLD_TEXT + " Bron: RIVM/CBS Gezondheid per wijk en buurt "
        "2012-2020 en CBS Kerncijfers 2020; focusgebieden door ons berekend."
    )
    st.page_link("pages/trends.py", label="Naar Trends & doelen", icon=":material/trending_up:")


def programmes() -> None:
    """One line per programme with its horizon."""
    st.subheader("Programma's")
    for prog in get_programmes().values():
        st.markdown(f"**{prog.naam}** ({prog.horizon.text}) — {prog.kort}")
    st.page_link("pages/programmas.py", label="Naar de programma's", icon=":material/account_tree:")


def gaps(store: DataStore) -> None:
    """The summary of what the monitor lacks (the table itself is on Bronnen & methode)."""
    st.subheader("Wat de monitor nog niet heeft")
    st.markdown(
        gap_summary(gaps_table(store)) + " Per indicator, per niveau: zie "
        "*Bronnen & methode*, tabblad *Wat de monitor nog niet heeft*."
    )
    st.page_link("pages/bronnen.py", label="Bronnen & methode", icon=":material/menu_book:")
