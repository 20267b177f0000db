"""Programma's: every programme with its lines, goals, horizon, budget, indicators and their data status.

Reachable as ?programma=<id>; the comparison and City Deal filters are page widgets.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.data import get_programmes, get_store
from components.export import share_link
from components.router import ensure_router
from components.state import link_params, param_choice, show_notices
from components.ui import page_header, source_note
from regiomonitor.fmt import number
from regiomonitor.programme_charts import balance_chart, budget_by_line_chart
from regiomonitor.programmes import (
    Programme, budget_frame, indicator_status_frame, saldo_per_year, structure_comparison,
)

STATUS_ICON = {"beschikbaar": "✅ beschikbaar", "alleen documentcijfer": "📄 alleen documentcijfer",
               "nog geen meting": "○ nog geen meting"}


def main() -> None:
    """Render the Programma's page."""
    ensure_router()
    store = get_store()
    programmes = get_programmes()
    notices: list[str] = []
    page_header("Programma's", "De programma's die de monitor volgt, met hun lijnen, doelen, looptijd, budget en "
                "indicatoren — en welke indicatoren de monitor al kan laten zien.")
    ids = list(programmes)
    st.session_state.setdefault("programmas_programma", param_choice("programma", ids, "elk_talent_telt", notices, "programma"))
    pid = st.selectbox("Programma", ids, format_func=lambda i: programmes[i].naam, key="programmas_programma")
    prog = programmes[pid]
    st.query_params["programma"] = pid

    tab_over, tab_ind, tab_budget, tab_cmp = st.tabs(["Over het programma", "Indicatoren", "Budget", "Vergelijken"])
    with tab_over:
        _about(prog)
    with tab_ind:
        _indicators(prog, set(store.catalogue["id"]))
    with tab_budget:
        _budget(prog)
    with tab_cmp:
        _compare(programmes)
    share_link()
    show_notices(notices)


def _source(prog: Programme) -> str:
    b = prog.bron
    return f"Bron: {b.titel}" + (f" ({b.uitgever})" if b.uitgever else "") + (f", {b.datum}" if b.datum else "") + f" [{b.bestand}]"


def _about(prog: Programme) -> None:
    st.markdown(f"**{prog.kort}**")
    st.write(prog.samenvatting)
    h = prog.horizon
    span = f"{h.start or '?'} – {h.eind or 'open'}" + (f" ({h.duur_jaren} jaar)" if h.duur_jaren else "")
    st.markdown(f"**Regio:** {prog.regio} · **Looptijd:** {span}")
    if h.mijlpalen:
        st.markdown("**Mijlpalen:** " + "; ".join(f"{m.jaar}: {m.label}" for m in h.mijlpalen))
    if prog.leidend_principe:
        st.info(prog.leidend_principe)
    for lijn in prog.lijnen:
        with st.expander(lijn.naam, expanded=False):
            st.write(lijn.ambitie)
            for doel in lijn.doelen:
                st.markdown(f"- {doel}")
            if lijn.opgaven:
                cols = st.columns(min(len(lijn.opgaven), 6))
                for col, n in zip(cols, lijn.opgaven, strict=False):
                    col.page_link("pages/opgave.py", label=f"Opgave {n}", query_params=link_params(opgave=str(n)))
    if prog.kansen:
        st.markdown("**Kansen**")
        st.dataframe(pd.DataFrame([{k: v for k, v in vars(k_).items() if isinstance(v, (str, int)) or v is None}
                                   for k_ in prog.kansen]), hide_index=True, width="stretch")
    if prog.deals:
        _city_deals(prog)
    if prog.referentiecijfers:
        st.markdown("**Cijfers uit het document**")
        st.dataframe(pd.DataFrame([{"Onderwerp": r.naam, "Waarde": r.waarde_tekst, "Gebied": r.gebied,
                                    "Periode": r.periode or "", "Pagina": r.bron_pagina, "Toelichting": r.toelichting or ""}
                                   for r in prog.referentiecijfers]), hide_index=True, width="stretch")
    if prog.verwante_opgaven:
        st.markdown("**Verwante opgaven van het Plan voor de Regio**")
        cols = st.columns(min(len(prog.verwante_opgaven), 6))
        for col, n in zip(cols, prog.verwante_opgaven, strict=False):
            col.page_link("pages/opgave.py", label=f"Opgave {n}", query_params=link_params(opgave=str(n)))
    source_note(_source(prog))


def _city_deals(prog: Programme) -> None:
    st.markdown("**Archief van de City Deals**")
    cities = sorted({c for d in prog.deals for c in d.trekker})
    themes = sorted({d.thema for d in prog.deals})
    c1, c2 = st.columns(2)
    city = c1.multiselect("Trekker (stad)", cities, key="programmas_cd_stad")
    theme = c2.multiselect("Thema", themes, key="programmas_cd_thema")
    shown = [d for d in prog.deals if (not city or set(d.trekker) & set(city)) and (not theme or d.thema in theme)]
    st.caption(f"{len(shown)} van {len(prog.deals)} deals")
    for d in shown:
        with st.container(border=True):
            st.markdown(f"**{d.naam}** — trekker: {', '.join(d.trekker)} · thema: {d.thema}")
            st.write(d.beschrijving)
            st.markdown(f"*Stand van zaken toen:* {d.stand_van_zaken}")
            if d.partners:
                st.caption("Partners: " + ", ".join(d.partners))
            for n in d.verwante_opgaven:
                st.page_link("pages/opgave.py", label=f"Voorloper van opgave {n}", query_params=link_params(opgave=str(n)))


def _indicators(prog: Programme, known: set[str]) -> None:
    frame = indicator_status_frame(prog)
    if frame.empty:
        st.info("Dit programma noemt geen indicatoren.")
        return
    counts = frame["status"].value_counts()
    cols = st.columns(3)
    for col, status in zip(cols, STATUS_ICON, strict=True):
        col.metric(STATUS_ICON[status], int(counts.get(status, 0)))
    shown = pd.DataFrame({
        "Lijn": frame["lijn_naam"], "Indicator": frame["naam"], "Soort": frame["soort_label"],
        "Status": frame["status"].map(STATUS_ICON), "Documentcijfers": frame["documentcijfers"].fillna(""),
        "Wat gemeten zou worden": frame["wat_gemeten_wordt"].fillna(""),
    })
    st.dataframe(shown, hide_index=True, width="stretch")
    available = [i for i in frame["app_indicator"].dropna().unique() if i in known]
    if available:
        st.markdown("**Bekijk op de kaart:**")
        cols = st.columns(min(len(available), 4))
        for col, ind in zip(cols * 10, available, strict=False):
            col.page_link("pages/kaart.py", label=ind.replace("_", " "), query_params=link_params(indicator=ind))
    if prog.id == "elk_talent_telt":
        st.page_link("pages/trends.py", label="Trends & doelen 2034/2039", icon=":material/trending_up:")
    source_note(_source(prog) + " Status: of de monitor er cijfers voor heeft.")


def _budget(prog: Programme) -> None:
    frame = budget_frame(prog, include_aggregates=False)
    if frame.empty:
        st.info(prog.budget_opmerking or "Het document noemt geen budget.")
        return
    for table in prog.budget_tabellen:
        sub = frame[frame["tabel"] == table.id]
        if sub.empty:
            continue
        st.markdown(f"#### {table.titel}")
        yearly = sub["jaar"].notna().any()
        if yearly and set(sub["soort"]) & {"bestaande dekking", "nieuwe dekking"}:
            saldo = saldo_per_year(prog, table.id)
            cols = st.columns(len(saldo))
            for col, (_, r) in zip(cols, saldo.iterrows(), strict=True):
                v = float(r["saldo_document"])
                col.metric(f"Saldo {int(r['jaar'])}", ("−" if v < 0 else "") + f"€ {number(abs(v))}",
                           help="Negatief = tekort: de uitgaven zijn hoger dan de dekking.")
            st.altair_chart(balance_chart(saldo, table.titel, _source(prog)), width="content")
            st.dataframe(saldo.assign(**{c: saldo[c].map(lambda v: f"€ {number(v)}") for c in
                                         ("uitgaven", "dekking", "saldo_berekend", "saldo_document", "tekort")}),
                         hide_index=True, width="stretch")
        elif prog.id == "elk_talent_telt" and sub["soort"].eq("uitgaven").any():
            spend = sub[sub["soort"] == "uitgaven"]
            st.altair_chart(budget_by_line_chart(spend, table.titel, _source(prog)), width="stretch")
            totals = spend.groupby("gebied")["bedrag_eur"].sum()
            st.caption(" · ".join(f"{g}: € {number(v)}" for g, v in totals.items()) + f" · totaal € {number(totals.sum())}")
        show = sub[["post", "lijn_naam", "gebied", "jaar", "periode", "bedrag_eur", "soort", "bron_pagina", "opmerking"]]
        st.dataframe(show.assign(bedrag_eur=show["bedrag_eur"].map(lambda v: "p.m." if pd.isna(v) else f"€ {number(v)}")),
                     hide_index=True, width="stretch")
    source_note(_source(prog) + " Bedragen zoals in het document; onleesbare cellen zijn uit rij- en kolomtotalen "
                "herleid en in de kolom opmerking verantwoord.")


def _compare(programmes: dict[str, Programme]) -> None:
    ids = list(programmes)
    c1, c2 = st.columns(2)
    st.session_state.setdefault("programmas_vergelijk_a", "elk_talent_telt" if "elk_talent_telt" in ids else ids[0])
    st.session_state.setdefault("programmas_vergelijk_b", "regio_deal_drenthe" if "regio_deal_drenthe" in ids else ids[-1])
    a = c1.selectbox("Programma A", ids, format_func=lambda i: programmes[i].naam, key="programmas_vergelijk_a")
    b = c2.selectbox("Programma B", ids, format_func=lambda i: programmes[i].naam, key="programmas_vergelijk_b")
    st.dataframe(structure_comparison(programmes[a], programmes[b]), hide_index=True, width="stretch")
    source_note(f"{_source(programmes[a])}; {_source(programmes[b])}")


main()
