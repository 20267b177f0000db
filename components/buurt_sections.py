"""The Buurt page's sections: the buurt's facts and factsheet, its counts, the profile table and the trends.

Each function draws one block of ``pages/buurt.py`` for a buurt code the page has validated.
"""

from __future__ import annotations

from datetime import date
from typing import cast

import altair as alt
import pandas as pd
import streamlit as st

from components.data import cached_buurt_profile, get_geo
from components.export import chart_downloads, made_once
from components.maps import focus_catalogue
from components.shared import shared
from components.state import link_params
from components.ui import source_note
from regiomonitor.data import DataStore
from regiomonitor.exports import file_name, table_csv, with_provenance
from regiomonitor.factsheet import buurt_factsheet
from regiomonitor.fmt import decimals_for, number
from regiomonitor.indicators import source_line
from regiomonitor.profile import count_facts, display_table, trend_chart, trend_frame

TREND_DEFAULTS = ["moeite_rondkomen", "goede_gezondheid", "eenzaam", "risico_angst_depressie_hoog"]


def facts(store: DataStore, code: str) -> str:
    """Name, gemeente, wijk, focus area and changes of the division, and the factsheet; returns the gemeente code."""
    area = store.areas.set_index("code").loc[code]
    gm = str(area["gemeente"])
    gm_name = store.name(gm)
    st.subheader(f"{store.name(code)} · {gm_name}")
    fa = focus_catalogue().by_buurt().get(code)
    wijk = store.name(str(area["parent"]))
    facts = [f"Buurtcode {code}", wijk if wijk.lower().startswith("wijk") else f"wijk {wijk}"]
    if fa:
        facts.append(f"focusgebied **{fa.naam}** ({fa.basis_label})")
    if not bool(area["in_2024"]):
        last = 2021 if bool(area["in_2021"]) else 2020
        facts.append(
            f"bestaat niet meer in de indeling 2024 (laatst in {last}: {gm_name} heeft zijn buurten daarna herzien)"
        )
    if not bool(area["in_2020"]):
        first = 2021 if bool(area["in_2021"]) else 2024
        facts.append(
            f"nieuw in de indeling {first}: de gezondheidsmonitor (indeling 2020) heeft voor deze buurt geen cijfers"
        )
    st.markdown(" · ".join(facts))
    st.download_button(
        "Factsheet (PDF)",
        lambda: made_once(
            ("buurt_pdf", code, date.today()),
            lambda: buurt_factsheet(store, code, focus_catalogue(), get_geo("buurten")),
        ),
        file_name(f"factsheet {store.name(code)} {store.name('GM' + code[2:6])}", "pdf"),
        "application/pdf",
        key="buurt_pdf",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
    )

    return gm


def counts(store: DataStore, code: str) -> None:
    """Inhabitants, households and the age shares, with their (differing) years."""
    by_indicator = {c["indicator"]: c for c in count_facts(store, code)}
    cols = st.columns(5)
    for col, ind in zip(cols[:2], ("inwoners", "huishoudens"), strict=True):
        c = by_indicator.get(ind)
        label = {"inwoners": "Inwoners", "huishoudens": "Huishoudens"}[ind]
        if c is None:
            col.metric(label, "–", help="Geen cijfer voor deze buurt.")
        else:
            col.metric(
                f"{label} ({c['period']})",
                number(cast("float", c["value"])) if c["value"] is not None else "–",
                help=f"Bron: {c['source']}, 1 januari {c['period']}.",
            )
    shares = store.indicators[(store.indicators["area_code"] == code) & (store.indicators["period"] == 2024)].set_index(
        "indicator"
    )["value"]
    for col, (ind, label) in zip(
        cols[2:],
        [
            ("aandeel_0_15", "0 tot 15 jaar"),
            ("aandeel_15_25", "15 tot 25 jaar"),
            ("aandeel_65_plus", "65 jaar of ouder"),
        ],
        strict=True,
    ):
        col.metric(label, number(shares.get(ind), 1, "%"))
    source_note(
        "Bron: "
        + "; ".join(
            f"{str(c['label']).lower()}: {c['source']} (1 januari {c['period']})" for c in by_indicator.values()
        )
        + "; leeftijd: CBS, Kerncijfers wijken en buurten 2024 (1 januari 2024). Let op: de jaren verschillen."
    )


def profile(store: DataStore, code: str, gm_name: str) -> None:
    """Every indicator of the buurt against its gemeente, Twente and NL, with a CSV download."""
    frame = cached_buurt_profile(code)
    if frame.empty:
        st.info("Voor deze buurt zijn geen vergelijkbare cijfers beschikbaar.")
    else:
        st.markdown(f"#### Alle indicatoren tegen {gm_name}, Twente en Nederland")
        st.caption(
            "▲ beter / ▼ slechter dan de gemeente, rekening houdend met de richting (bij sommige indicatoren "
            "is lager beter); ≈ binnen 5% van de gemeente. Rang 1 = de slechtste buurt van de gemeente "
            "(bij neutrale indicatoren: de hoogste)."
        )
        shown = display_table(frame, gm_name)
        # A static table (our own labels and figures, wrapped in full), not a data grid: the grid was the last
        # thing a browser drew on this page, 0.5 s after the rest (bench/browser_idle.py-style timeline).
        st.html("<style>.st-key-buurt_tabel td:nth-last-child(-n+2) p { white-space: nowrap; }</style>")  # "▼ slechter"
        with st.container(key="buurt_tabel"):
            st.table(shown, hide_index=True, width="stretch")
        st.download_button(
            "Tabel als CSV",
            table_csv(
                with_provenance(
                    shown,
                    source_line(store, sorted(frame["dataset"].unique())),
                    ", ".join(sorted({str(p) for p in frame["period"]})),
                )
            ),
            file_name(f"buurtprofiel {store.name(code)} {store.name('GM' + code[2:6])}", "csv"),
            "text/csv",
            key="buurt_csv",
            on_click="ignore",
        )
        source_note(
            source_line(store, sorted(frame["dataset"].unique()), frame["period"].unique().tolist())
            + " Gezondheidscijfers: volwassenen 18+, modelschattingen van het RIVM."
        )


def _trend(store: DataStore, code: str, indicator: str) -> tuple[pd.DataFrame, alt.Chart | None]:
    """A buurt's series of one indicator and its chart (None without a buurt series), shared by their inputs."""
    series = trend_frame(store, code, indicator)
    if series[series["area_code"] == code].empty:
        return series, None
    meta = store.indicator(indicator)
    return series, trend_chart(series, meta.label, meta.unit, store.name(code))


def trends(store: DataStore, code: str) -> None:
    """The chosen indicators' series 2012-2016-2020 for the buurt, with downloads per chart."""
    st.markdown("#### Trends 2012 – 2016 – 2020")
    cat = store.catalogue
    trendable = cat[cat["periods"].apply(len) >= 2]["id"].tolist()
    labels = dict(zip(cat["id"], cat["label"], strict=True))
    chosen = st.multiselect(
        "Indicatoren",
        trendable,
        default=[t for t in TREND_DEFAULTS if t in trendable],
        format_func=labels.__getitem__,
        key="buurt_trends",
        max_selections=6,
    )
    chart_cols = st.columns(2)
    for i, ind in enumerate(chosen):
        series, chart = shared(_trend, store, code, ind)
        with chart_cols[i % 2]:
            if chart is None:
                st.caption(f"{labels[ind]}: geen reeks voor deze buurt.")
                continue
            st.altair_chart(chart, width="stretch")
            chart_downloads(
                chart,
                series[["gebied", "jaar", "value"]].rename(columns={"value": labels[ind]}),
                f"trend {labels[ind]} {store.name(code)} {store.name('GM' + code[2:6])}",
                f"{labels[ind]} — {store.name(code)}",
                "Bron: RIVM/CBS Gezondheid per wijk en buurt (18+, modelschattingen)",
                "2012, 2016, 2020",
                key=f"buurt_export_{ind}",
                decimals=decimals_for(store.indicator(ind).unit),
            )
    source_note(
        "Bron: RIVM/CBS Gezondheid per wijk en buurt 2012, 2016 en 2020, alle op de buurtindeling van 2020, "
        "dus zonder grensbreuk binnen de reeks. Twente: door ons berekend gewogen gemiddelde."
    )


def links(code: str, gm: str) -> None:
    """Back to the map, and on to the comparison with other and similar buurten."""
    st.page_link(
        "pages/kaart.py",
        label="Terug naar de kaart",
        icon=":material/map:",
        query_params=link_params(buurt=code, gemeente=gm),
    )
    st.page_link(
        "pages/vergelijken.py",
        label="Vergelijk met andere buurten en met lijkende buurten",
        icon=":material/compare_arrows:",
        query_params=link_params(buurten=code, tweeling=code),
    )
