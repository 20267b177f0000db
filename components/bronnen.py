"""The sections of Bronnen & methode, one function per tab.

Everything on that page depends only on the committed data and content, so the generated tables (what the
monitor lacks, the code match of each division, the indicator list) are computed once per process and shared
by every session (``components.shared.shared``); a rerun only sends them again.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.data import get_geo, get_programmes, get_store
from components.maps import focus_catalogue
from components.shared import shared
from regiomonitor.data import DataStore
from regiomonitor.deprivation import INDEX_LABEL, METHOD, domain_list
from regiomonitor.divisions import LABELS as DIVISION_LABELS
from regiomonitor.divisions import code_match, layer_for
from regiomonitor.fmt import count
from regiomonitor.focus import PROPOSAL_RULE
from regiomonitor.gaps import gap_summary, gap_table
from regiomonitor.prepare.twente import AGE_WEIGHTS
from regiomonitor.sources import datasets_table, indicator_table
from regiomonitor.targets import THRESHOLD_TEXT, TargetRule
from regiomonitor.twins import METHOD as TWINS_METHOD

#: The tabs of the page, in order.
TABS: tuple[str, ...] = (
    "Datasets",
    "Indicatoren",
    "Wat de monitor nog niet heeft",
    "Gebiedsindelingen",
    "Methode",
    "Focusgebieden",
    "Doelen en oordelen",
    "Vergelijken en index",
    "Opgaven en statuslog",
)


def _gap_table(store: DataStore) -> pd.DataFrame:
    return gap_table(store, get_programmes().values())


def gaps_table(store: DataStore) -> pd.DataFrame:
    """``regiomonitor.gaps.gap_table`` of all programmes, once per process (Overzicht summarises it too).

    Keyed by the store alone (the programmes are loaded once per process with it): hashing the programmes on
    every rerun cost more than the table's look-up.
    """
    return shared(_gap_table, store)


def _division_table(store: DataStore, division: int) -> pd.DataFrame:
    """The code match of one division's buurten, with Dutch column names."""
    match = code_match(store.areas, get_geo(layer_for("buurt", division))["code"], division)
    return match.rename(
        columns={
            "naam": "Gemeente",
            "codes": "Buurtcodes",
            "getekend": "Met vorm",
            "zonder_vorm": "Codes zonder vorm",
            "vormen": "Vormen op de kaart",
            "vormen_zonder_code": "Vormen zonder code in deze indeling",
        }
    ).drop(columns=["gemeente"])


def datasets(store: DataStore) -> None:
    """Every dataset with publisher, period, licence, level, provenance and caveats."""
    table = shared(datasets_table, store)
    st.caption(
        f"{len(table)} datasets. Alle gegevens vallen onder CC BY 4.0; noem bij hergebruik de uitgever en het jaar."
    )
    for _, ds in table.iterrows():
        with st.container(border=True):
            st.markdown(f"#### {ds['Dataset']}")
            st.markdown(
                f"**Uitgever:** {ds['Uitgever']}  \n**Periode:** {ds['Periode']}  \n**Licentie:** {ds['Licentie']}  \n"
                f"**Niveau:** {ds['Niveau']}  \n**Herkomst van de kopie:** {ds['Herkomst']}"
            )
            if ds["Indicatoren"]:
                st.markdown(f"**Indicatoren:** {ds['Indicatoren']}")
            for note in ds["Kanttekeningen"]:
                st.markdown(f"- {note}")


def indicators(store: DataStore) -> None:
    """The indicator list."""
    st.dataframe(shared(indicator_table, store), hide_index=True, width="stretch")


def method() -> None:
    """How raw files become figures: cleaning, derived shares, Twente, boundaries, model estimates."""
    weights = "; ".join(
        f"{age}: {', '.join(b.replace('aandeel_', '').replace('_', '-') for b in bands) or 'alle inwoners'}"
        for age, bands in AGE_WEIGHTS.items()
    )
    st.markdown(
        "#### Van ruwe bestanden naar cijfers\n"
        "- De stap `python -m regiomonitor.prepare` leest de ruwe bestanden, schoont codes op (spaties, "
        "`NL01` wordt `NL00`), zet tekst om in getallen en markeert lege of afgeschermde waarden. Een "
        "ontbrekende waarde wordt nooit een nul: ze blijft leeg, met de reden erbij (niet gepubliceerd, geen "
        "waarde in de bron, ongeldig).\n"
        "- Aandelen (leeftijdsgroepen, eenpersoonshuishoudens) en uitkeringen per 1.000 inwoners berekenen wij "
        "uit de gepubliceerde aantallen; ze zijn gemarkeerd als *berekend*.\n"
        "- **Twente** is geen CBS-gebied. Aantallen tellen wij op over de 14 gemeenten. Percentages zijn een "
        "gemiddelde van de gemeenten, gewogen naar inwoners; voor de gezondheidsmonitor gewogen naar de "
        f"dichtstbijzijnde CBS-leeftijdsband van 2024 ({weights}). Dat is een benadering, dus altijd als "
        "berekend gemarkeerd. Een Twentecijfer ontbreekt als niet alle 14 gemeenten een waarde hebben.\n"
        "- **Grenswijzigingen.** Elk cijfer hoort bij de buurtindeling van zijn codes: de gezondheidsmonitor bij "
        "die van 2020 (getekend op de grenzen van 2021), de Wijk- en buurtkaart bij 2021, de kerncijfers 2024 bij "
        "2024. Almelo, Twenterand, Tubbergen en Rijssen-Holten hebben hun buurten tussendoor opnieuw ingedeeld: "
        "buurten die in een indeling niet bestaan, tonen geen waarde en zeggen waarom, in plaats van ongelijke "
        "gebieden aan elkaar te knopen (zie het tabblad Gebiedsindelingen).\n"
        "- **Modelschattingen.** De buurtcijfers over gezondheid zijn door het RIVM geschat uit een enquête; "
        "kleine verschillen tussen buurten zeggen weinig.\n"
        "- **Herkomst** tonen we alleen als context. Het telt nooit mee in een index, rangorde of vergelijking "
        "van buurten.\n"
        "- De kaartgrenzen zijn vereenvoudigd met behoud van gedeelde grenzen en afgerond op ongeveer een meter "
        "(WGS84).\n"
        "- Elke bewerking is reproduceerbaar: dezelfde ruwe bestanden geven byte voor byte dezelfde bestanden "
        "(`data/manifest.json` legt de controlegetallen vast)."
    )


def focus_areas(store: DataStore) -> None:
    """What the Regio Deal says about the focus areas, each area's buurten, and the data-driven proposal."""
    catalogue = focus_catalogue()
    st.markdown(f"De Regio Deal-aanvraag ({catalogue.document}) zegt over de focusgebieden: *{catalogue.passage}*")
    for fa in catalogue.areas:
        st.markdown(
            f"**{fa.naam}** ({fa.basis_label}; {count(len(fa.buurten), 'buurt', 'buurten')}: "
            f"{', '.join(store.name(b) for b in fa.buurten)}). {fa.toelichting}"
        )
    st.markdown(f"**Voorstel uit de data.** {PROPOSAL_RULE}")


def targets() -> None:
    """The working rule for targets and verdicts."""
    st.markdown(
        "Elk Talent Telt noemt richtingen, geen streefcijfers, voor 2034 en 2039. De doelen in deze monitor zijn "
        "daarom **werkaannames** met een vaste rekenregel, die de gebruiker op de pagina Trends & doelen kan "
        "aanpassen:"
    )
    st.markdown(
        "- " + TargetRule().describe("Twente") + "\n- Nulmeting: het laatste gemeten jaar "
        "(2020 voor de gezondheidsmonitor). Een gebied dat al beter scoort dan de referentie houdt zijn "
        "niveau als doel.\n- " + THRESHOLD_TEXT + "\n- De trend is een rechte lijn door de metingen "
        "(kleinste kwadraten); bij drie metingen is de 95%-band zeer breed en alleen indicatief. Voor "
        "een percentage wordt de trend in de grafiek doorgetrokken op de log-odds van het aandeel, zodat "
        "hij binnen 0-100% blijft; een band die de hele grafiek zou vullen wordt niet getekend.\n"
        "- Een reeks die eindigt vóór de start van Elk Talent Telt (2025) krijgt het label 'trend "
        "2012-2020, vóór de start' en een grijze kleur: zo'n oordeel gaat over de jaren vóór het "
        "programma, niet over zijn resultaten.\n"
        "- Focusgebieden zijn geen CBS-gebieden: hun reeks is het gemiddelde van hun buurten, gewogen "
        "naar het aantal inwoners in 2024."
    )


def gaps(store: DataStore) -> None:
    """Every indicator the programmes ask for against what the monitor has (generated from the catalogue)."""
    table = gaps_table(store)
    st.markdown(
        "#### Wat de monitor nog niet heeft\n" + gap_summary(table) + " De tabel is gemaakt uit de "
        "indicatorenlijsten van de programma's en uit wat de gegevens per niveau bevatten; de jaren zijn de "
        "jaren met een cijfer."
    )
    programma = st.selectbox(
        "Programma", ["Alle programma's", *sorted(table["Programma"].unique())], key="bronnen_gaps_programma"
    )
    shown = table if programma == "Alle programma's" else table[table["Programma"] == programma]
    st.dataframe(shown, hide_index=True, width="stretch")
    st.caption(
        "Met refresh: wat `python -m regiomonitor.refresh` op een machine met internet uit CBS StatLine "
        "binnenhaalt (Kerncijfers wijken en buurten 2015-2024); daarna `python -m regiomonitor.prepare`."
    )


def divisions(store: DataStore) -> None:
    """Per gemeente how the codes of each division match the polygons they are drawn on."""
    st.markdown(
        "#### Gebiedsindelingen\n"
        "CBS deelt buurten soms opnieuw in. Elk cijfer hoort bij de indeling van zijn codes en wordt getekend op de "
        "grenzen die daarbij passen: de gezondheidsmonitor 2012-2020 (indeling 2020) en de Wijk- en buurtkaart 2021 "
        "op de grenzen van 2021 (alle 14 gemeenten), de kerncijfers 2024 op de grenzen van 2024 (geen grenzen voor "
        "Rijssen-Holten). Per gemeente: hoeveel buurtcodes van de indeling op de kaart een vorm hebben."
    )
    for division in (2020, 2021, 2024):
        layer = layer_for("buurt", division)
        st.markdown(f"**{DIVISION_LABELS[division].capitalize()}**, getekend op `geo/{layer}.parquet`")
        st.dataframe(shared(_division_table, store, division), hide_index=True, width="stretch")


def compare_method() -> None:
    """The method of look-alike buurten and of the working deprivation index (texts kept in the domain modules)."""
    store = get_store()
    labels = dict(zip(store.catalogue["id"], store.catalogue["label"], strict=True))
    st.markdown(
        f"#### Buurten die erop lijken\n{TWINS_METHOD}\n\n#### {INDEX_LABEL}\n{METHOD}\n\n"
        f"Domeinen en indicatoren (Gezondheidsmonitor, 18+):\n{domain_list(labels)}"
    )


def opgaven_method() -> None:
    """How the opgaven are summarised and how the status log works."""
    st.markdown(
        "#### Opgaven\n"
        "De 21 opgaven staan als gestructureerde inhoud in `data/content/opgaven.yaml`, in eigen woorden samengevat "
        "uit het Plan voor de Regio Twente (NPVR, definitief, maart 2026); namen, cijfers, organisaties en "
        "ministerie-afkortingen zoals in het document. Waar het overzicht en de kop van een fiche een ander thema "
        "noemen (opgaven 14, 15, 16 en 18), volgt de monitor de fiche en vermeldt het andere thema. De kenmerken "
        "(lopend traject, eigenaarschap belegd / voorstel / nog niet belegd, vervolgafspraak, cijfers) worden uit "
        "de inhoud afgeleid, niet ingevuld.\n\n"
        "#### Statuslog\n"
        "De status van een opgave legt een redacteur vast (datum, status uit een vaste lijst, toelichting). "
        "Vermeldingen worden nooit gewijzigd of verwijderd: de nieuwste (op datum, dan op volgorde van invoer) is de "
        "huidige status. Lezen kan iedereen; vastleggen vraagt een redacteursaccount."
    )
