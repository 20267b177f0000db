"""The Programma's page's budget sections and the City Deals archive.

``budget_tables`` shows a programme's budget tables as printed; ``finance`` the yearly spending, cover and
balance of the table its layout names (Kansrijk Enschede) and then its spending plans; ``line_budget`` the
spending per line and city (Elk Talent Telt); ``city_deals`` the filterable archive. Every table is built once
per process per programme (``shared``), so a rerun only sends it.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from components.shared import shared
from components.state import link_params
from components.ui import source_note
from regiomonitor.content.programme import Programme
from regiomonitor.data import DataStore
from regiomonitor.programme_charts import balance_chart, euro, saldo_chart, yearly_balance
from regiomonitor.programme_display import (
    LineBudget,
    balance_summary,
    cite,
    document_table,
    line_budgets,
    thousands,
)
from regiomonitor.programme_layout import ProgrammeLayout


def opgave_links(numbers: tuple[int, ...], prefix: str = "Opgave") -> None:
    """Links to the NPVR opgaven, a few per row."""
    if not numbers:
        return
    per_row = min(len(numbers), 5)
    cols = st.columns(per_row)
    for i, n in enumerate(numbers):
        cols[i % per_row].page_link(
            "pages/opgave.py",
            label=f"{prefix} {n}",
            icon=":material/description:",
            query_params=link_params(opgave=str(n)),
        )


def _document_table(prog: Programme, tabel_id: str) -> None:
    """One budget table of the document, laid out as printed (rows = posts), amounts in euro, cited."""
    shown = shared(document_table, prog, tabel_id)
    if shown is None:
        return
    st.markdown(f"#### {shown.titel}")
    st.dataframe(shown.table, hide_index=True, width="stretch", height="content")
    source_note(shown.source)


def budget_tables(prog: Programme, layout: ProgrammeLayout, store: DataStore) -> None:
    """Every budget table of the document, or what the document says about its budget."""
    if not prog.budget:
        st.info(prog.budget_opmerking or "Het document noemt geen budget.", icon=":material/info:")
        return
    for table in prog.budget_tabellen:
        _document_table(prog, table.id)


def _balance_metrics(yearly: pd.DataFrame) -> None:
    cols = st.columns(len(yearly))
    for col, (_, r) in zip(cols, yearly.iterrows(), strict=True):
        saldo = float(r["saldo"])
        col.metric(
            f"Saldo {int(r['jaar'])}",
            euro(saldo),
            border=True,
            help=f"{'Tekort' if saldo < 0 else 'Overschot'}: dekking {euro(r['dekking'])} min uitgaven "
            f"{euro(r['uitgaven'])}. In de tabel: {thousands(saldo)} (× € 1.000).",
        )
    short = yearly[yearly["saldo"] < 0]
    if len(short):
        st.warning(
            "**Tekort** in "
            + ", ".join(
                f"{int(r['jaar'])}: **{euro(r['saldo'])}** ({thousands(float(r['saldo']))} × € 1.000)"
                for _, r in short.iterrows()
            )
            + ". Saldo = totale dekking min totale uitgaven, zoals in de tabel.",
            icon=":material/warning:",
        )


def finance(prog: Programme, layout: ProgrammeLayout, store: DataStore) -> None:
    """Spending, existing and new cover and the balance per year, then the spending plans."""
    tabel_id = str(layout.finance_table)
    table = next(t for t in prog.budget_tabellen if t.id == tabel_id)
    yearly = shared(yearly_balance, prog, tabel_id)
    where = f"{table.bron_pagina} (tabel in € × 1.000, hier in euro)"
    chart_source = f"Bron: {layout.finance_source}, {table.bron_pagina}"
    st.markdown("#### Saldo per jaar: dekking min uitgaven")
    _balance_metrics(yearly)
    c1, c2 = st.columns(2)
    with c1:
        st.altair_chart(
            shared(_balance_chart, prog, tabel_id, "Uitgaven en dekking per jaar", chart_source), width="stretch"
        )
    with c2:
        st.altair_chart(
            shared(_saldo_chart, prog, tabel_id, "Saldo per jaar (× € 1.000)", chart_source), width="stretch"
        )
    st.dataframe(shared(_summary, prog, tabel_id), hide_index=True, width="stretch")
    source_note(
        cite(prog, where) + " Uitgaven per ambitie en kans; 'p.m.' (ambitie A en B) telt niet mee. "
        "'Klopt met de posten': het afgedrukte saldo is gelijk aan de som van de regels."
    )
    with st.expander("Alle regels van de financiële tabel"):
        _document_table(prog, tabel_id)
    if layout.spending_plans:
        st.markdown("### Begroting en bestedingsplannen van de LEA")
        for plan in layout.spending_plans:
            _document_table(prog, plan)


# Chart and table of the finance section by programme and table, so ``shared`` keys them without hashing frames.
def _balance_chart(prog: Programme, tabel_id: str, title: str, source: str) -> alt.Chart:
    return balance_chart(yearly_balance(prog, tabel_id), title, source)


def _saldo_chart(prog: Programme, tabel_id: str, title: str, source: str) -> alt.LayerChart | alt.FacetChart:
    return saldo_chart(yearly_balance(prog, tabel_id), title, source)


def _summary(prog: Programme, tabel_id: str) -> pd.DataFrame:
    return balance_summary(yearly_balance(prog, tabel_id))


def line_budget(prog: Programme, layout: ProgrammeLayout, store: DataStore) -> None:
    """Spending per line and city (chart and table), the check against the printed total, and the cover."""
    for item in shared(line_budgets, prog):
        if not isinstance(item, LineBudget):
            _document_table(prog, item)
            continue
        st.altair_chart(item.chart, width="stretch")
        st.dataframe(item.by_line, hide_index=True, width="stretch")
        source_note(item.total_note)
        if item.cover is not None:
            st.markdown("**Dekking**")
            st.dataframe(item.cover, hide_index=True, width="stretch")
            source_note(item.source)
        with st.expander("Alle regels van de begrotingstabel"):
            _document_table(prog, item.tabel_id)


def city_deals(prog: Programme, layout: ProgrammeLayout, store: DataStore) -> None:
    """The City Deals as an archive, filterable by city and theme."""
    st.caption("Een archief: de stand van zaken is die van het moment van het document, niet van nu.")
    cities = sorted({c for d in prog.deals for c in d.trekker})
    themes = sorted({d.thema for d in prog.deals})
    c1, c2 = st.columns(2)
    city = c1.multiselect("Trekker (stad)", cities, key="programmas_cd_stad", placeholder="Alle steden")
    theme = c2.multiselect("Thema", themes, key="programmas_cd_thema", placeholder="Alle thema's")
    shown = [d for d in prog.deals if (not city or set(d.trekker) & set(city)) and (not theme or d.thema in theme)]
    counts = pd.Series([d.afspraak_label for d in prog.deals if d.afspraak_label]).value_counts()
    st.markdown(
        "**Niet alle tien zijn met het Rijk gesloten.** Volgens de fiches: "
        + "; ".join(f"{label}: {n}" for label, n in counts.items())
        + "."
    )
    st.caption(f"{len(shown)} van {len(prog.deals)} deals")
    if not shown:
        st.info("Geen City Deal met deze combinatie van stad en thema.", icon=":material/filter_alt_off:")
    for d in shown:
        with st.container(border=True):
            st.markdown(f"##### {d.naam}")
            st.markdown(f"**Trekker:** {', '.join(d.trekker)} · **Thema:** {d.thema}")
            if d.afspraak_label:
                colour = {"gesloten": "green", "green_deal": "blue"}.get(d.afspraak or "", "orange")
                st.markdown(
                    f":{colour}-badge[Afspraak met het Rijk volgens de fiche: {d.afspraak_label}]"
                    + (f" {d.afspraak_toelichting}" if d.afspraak_toelichting else "")
                )
            st.markdown(d.beschrijving)
            st.markdown(f"**Stand van zaken toen:** {d.stand_van_zaken}")
            if d.partners:
                st.caption("Partners: " + ", ".join(d.partners))
            if d.verwante_opgaven:
                st.markdown(
                    "**Voorloper van opgave(n) uit het Plan voor de Regio**"
                    + (f" — {d.koppeling_toelichting}" if d.koppeling_toelichting else "")
                )
                opgave_links(d.verwante_opgaven)
            source_note(cite(prog, d.bron_pagina))
