"""Overzicht: the programmes at a glance and headline figures with source and period."""

from __future__ import annotations

from components.router import ensure_router
from components.shared import shared
import streamlit as st

from components.data import cached_focus_headline, cached_verdict_table, get_programmes, get_store
from components.export import share_link
from components.maps import focus_catalogue
from components.state import current_filters
from components.ui import page_header, source_note
from regiomonitor.areas import NL_CODE, TWENTE_CODE
from regiomonitor.fmt import number
from regiomonitor.overview import headline, population
from regiomonitor.targets import THRESHOLD_TEXT, TargetRule

def main() -> None:
    """Render the Overzicht page."""
    ensure_router()
    store = get_store()
    filters = current_filters()
    page_header(
        "Regiomonitor Twente",
        "Waar staan de Twentse programmata tegen achterstand en voor regionale groei? Deze monitor brengt de "
        "opgaven, de focusgebieden van Almelo en Enschede en de cijfers per buurt samen. Elk getal draagt zijn "
        "bron en periode.",
    )

    pop = shared(population, store, [TWENTE_CODE, "GM0141", "GM0153", NL_CODE])
    cols = st.columns(4)
    labels = {TWENTE_CODE: "Inwoners Twente", "GM0141": "Inwoners Almelo", "GM0153": "Inwoners Enschede",
              NL_CODE: "Inwoners Nederland"}
    for col, (code, label) in zip(cols, labels.items(), strict=True):
        col.metric(label, number(pop[code]), help="CBS Kerncijfers wijken en buurten 2024, 1 januari 2024."
                   + (" Twente: som van de 14 gemeenten." if code == TWENTE_CODE else ""))
    source_note("Bron: CBS, Kerncijfers wijken en buurten 2024 (StatLine 85984NED), inwoners op 1 januari 2024. "
                "Het Plan voor de Regio noemt 641.000 inwoners in 2024 en een prognose van 620.000 in 2040.")

    st.subheader("Kerncijfers: Almelo en Enschede tegen Twente en Nederland")
    extra = filters.gemeente if filters.gemeente not in {TWENTE_CODE, "GM0141", "GM0153"} else None
    table = shared(headline, store, extra, filters.periode)
    st.dataframe(table.display, hide_index=True, width="stretch",
                 column_config={"Bron": st.column_config.TextColumn(width="medium")})
    source_note(
        f"Gezondheidscijfers (RIVM/CBS Gezondheid per wijk en buurt) voor peiljaar {filters.periode}, volwassenen "
        "18+; dit zijn modelschattingen. Inkomen en bijstand: CBS Kerncijfers wijken en buurten (2020 en 2024). "
        "Twente is het door ons berekende gewogen gemiddelde van de 14 gemeenten (zie Bronnen & methode). "
        "Een streepje betekent: geen cijfer in de bron."
    )

    st.subheader("De focusgebieden van Elk Talent Telt")
    focus_areas = {fa.naam: fa.buurten for fa in focus_catalogue().areas}
    st.dataframe(cached_focus_headline(focus_areas, filters.periode), hide_index=True, width="stretch")
    source_note(f"Bron: RIVM/CBS Gezondheid per wijk en buurt {filters.periode}, volwassenen 18+ (modelschattingen). "
                "Focusgebieden: gemiddelde van hun buurten, gewogen naar inwoners 2024 (door ons berekend); de "
                "afbakening van Almelo spoorzone is een werkaanname (zie Bronnen & methode).")

    st.subheader("Elk Talent Telt: op koers naar 2034?")
    ett = get_programmes()["elk_talent_telt"]
    areas = {fa.naam: fa.buurten for fa in focus_catalogue().areas} | {"Almelo": ("GM0141",), "Enschede": ("GM0153",)}
    outcome = [(ind.naam, ind.app_indicator) for lijn in ett.lijnen for ind in lijn.indicatoren
               if ind.soort == "outcome" and ind.app_indicator]
    rule = TargetRule()
    st.dataframe(cached_verdict_table(outcome, areas, rule), hide_index=True, width="stretch")
    source_note(rule.describe("Twente") + " " + THRESHOLD_TEXT + " Bron: RIVM/CBS Gezondheid per wijk en buurt "
                "2012-2020 en CBS Kerncijfers 2020; focusgebieden door ons berekend.")
    st.page_link("pages/trends.py", label="Naar Trends & doelen", icon=":material/trending_up:")

    st.subheader("Programma's")
    for prog in get_programmes().values():
        h = prog.horizon
        if h.start and h.eind:
            horizon = f"{h.start}–{h.eind}"
        elif h.start and h.duur_jaren:
            horizon = f"vanaf {h.start}, {h.duur_jaren} jaar"
        else:
            horizon = f"tot {h.eind}" if h.eind else "looptijd niet vermeld"
        st.markdown(f"**{prog.naam}** ({horizon}) — {prog.kort}")
    st.page_link("pages/programmas.py", label="Naar de programma's", icon=":material/account_tree:")
    st.page_link("pages/bronnen.py", label="Bronnen & methode", icon=":material/menu_book:")
    share_link()


main()
