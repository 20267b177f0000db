"""The Programma's page's sections: overview, header, structure, indicators, document figures, comparison.

Which sections a programme shows, in which tabs, is data (``regiomonitor.programme_layout``); ``programme_tabs``
draws them through :data:`SECTIONS`, so the page never branches on a programme id. The budget sections live in
``components/programme_budgets.py``. Tables are built once per process per programme (``shared``).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from components.programme_budgets import budget_tables, city_deals, finance, line_budget, opgave_links
from components.shared import shared
from components.state import link_params
from components.ui import source_note
from regiomonitor.content.programme import Programme
from regiomonitor.content.programme_parts import KIND_LABELS, TYPE_LABELS
from regiomonitor.data import DataStore
from regiomonitor.programme_display import (
    STATUS_LABELS,
    cite,
    doc_title,
    figure_text,
    figures_table,
    horizon_text,
    indicator_rows,
    monitor_links,
    overview_table,
    pages_of,
)
from regiomonitor.programme_layout import ProgrammeLayout, Section, tab_slugs
from regiomonitor.programme_tables import structure_comparison

STATUS_HELP = {
    "beschikbaar": "De monitor heeft er cijfers voor (kaart, buurtprofiel, trends).",
    "alleen documentcijfer": "Alleen het cijfer uit het document; de monitor meet het (nog) niet zelf.",
    "nog geen meting": "Nog geen cijfer: het programma noemt wat gemeten gaat worden.",
}
COMPARE_DEFAULTS = ("elk_talent_telt", "regio_deal_drenthe")

SectionFn = Callable[[Programme, ProgrammeLayout, DataStore], None]


def overview(programmes: dict[str, Programme], ids: list[str]) -> None:
    """All programmes in one table (the list); the selector below opens one."""
    st.table(shared(overview_table, tuple(programmes[i] for i in ids)), hide_index=True, width="stretch")
    source_note(
        "Per programma samengesteld uit het eigen programmadocument; kies hieronder een programma voor "
        "de details. Looptijd zoals het document die noemt (vanaf, tot of van-tot)."
    )


def header(prog: Programme) -> None:
    """Name, summary, type, region, horizon and the full citation of the programme's document."""
    st.subheader(prog.naam)
    st.markdown(prog.kort)
    facts = [f"**{TYPE_LABELS[prog.type]}**", f"Regio: {prog.regio}", f"Looptijd: {horizon_text(prog)}"]
    if prog.gemeenten:
        facts.append("Gemeenten: " + ", ".join(prog.gemeenten))
    st.markdown(" · ".join(facts))
    st.markdown(prog.samenvatting)
    if prog.gemeenten_opmerking:
        st.caption(prog.gemeenten_opmerking)
    opmerking = f" {prog.bron.opmerking}" if prog.bron.opmerking else ""
    source_note(f"Bron: {doc_title(prog, publisher=True)}.{opmerking}")


def programme_tabs(prog: Programme, layout: ProgrammeLayout, store: DataStore, wanted: str) -> str | None:
    """The programme's tabs; only the open one draws its registered section (a tab switch reruns the page: all
    of them at once were some 100 elements, and a browser took 1.3 s to draw the page). ``wanted``: the tab the
    link names (a :func:`tab_slugs` name). Returns the open tab's name, None for the first."""
    slugs = tab_slugs(layout)
    labels = [label for label, _ in layout.tabs]
    key = f"programmas_deel_{prog.id}"  # per programme: another programme has other tabs
    if st.session_state.get(key) not in labels:
        st.session_state[key] = labels[slugs.index(wanted)] if wanted in slugs else labels[0]
    shown: str | None = None
    tabs = st.tabs(labels, key=key, on_change="rerun")
    for slug, tab, (_, section) in zip(slugs, tabs, layout.tabs, strict=True):
        if tab.open is False:
            continue
        if tab.open and slug != slugs[0]:
            shown = slug
        with tab:
            SECTIONS[section](prog, layout, store)
    return shown


# --------------------------------------------------------------------------------------------------------------
# Structure: lines, goals, horizon, focus areas, governance, monitoring
# --------------------------------------------------------------------------------------------------------------


def _approach(prog: Programme) -> None:
    """Method, distinguishing features, the request to the Rijk and the communication approach."""
    a = prog.aanpak
    if a is None:
        return
    st.markdown("#### Aanpak")
    if a.methode:
        st.markdown(f"**Werkwijze.** {a.methode}")
    if a.onderscheidend:
        st.markdown(f"**Wat deze aanpak onderscheidt ({len(a.onderscheidend)} punten)**")
        st.markdown("\n".join(f"{i}. {x}" for i, x in enumerate(a.onderscheidend, start=1)))
    cols = st.columns(2)
    if a.vraag_aan_rijk:
        cols[0].markdown(f"**Wat gevraagd wordt van het Rijk.** {a.vraag_aan_rijk}")
    if a.communicatie:
        cols[1].markdown(f"**Communicatie.** {a.communicatie}")
    source_note(cite(prog, a.bron_pagina))


def _horizon(prog: Programme) -> None:
    st.markdown("#### Looptijd")
    st.markdown(f"**{horizon_text(prog)}**")
    if prog.horizon.toelichting:
        st.markdown(prog.horizon.toelichting)
    if prog.horizon.mijlpalen:
        milestones = prog.horizon.mijlpalen
        st.table(
            pd.DataFrame({"Jaar": [str(m.jaar) for m in milestones], "Mijlpaal": [m.label for m in milestones]}),
            hide_index=True,
            width="stretch",
        )


def _lines(prog: Programme) -> None:
    st.markdown(f"#### Lijnen ({len(prog.lijnen)})")
    expanded = len(prog.lijnen) <= 4
    for lijn in prog.lijnen:
        with st.expander(lijn.naam, expanded=expanded):
            if lijn.doelgroep:
                st.markdown(f"**Doelgroep:** {lijn.doelgroep}")
            st.markdown(f"**Ambitie:** {lijn.ambitie}")
            if lijn.doelen:
                st.markdown("**Doelen**\n\n" + "\n".join(f"- {d}" for d in lijn.doelen))
            if lijn.beoogde_resultaten:
                st.markdown(
                    "**Beoogde resultaten**\n\n"
                    + "\n".join(
                        f"- {r.omschrijving}" + (f" ({r.jaar})" if r.jaar else "") for r in lijn.beoogde_resultaten
                    )
                )
            kansen = [k for k in prog.kansen if k.lijn == lijn.id]
            if kansen:
                st.markdown(
                    "**Kansen**\n\n"
                    + "\n".join(
                        f"- Kans {k.nummer}: {k.naam}" + (f" — {k.toelichting}" if k.toelichting else "")
                        for k in kansen
                    )
                )
            if lijn.indicatoren:
                counts = pd.Series([i.status for i in lijn.indicatoren]).value_counts()
                st.caption(
                    f"{len(lijn.indicatoren)} indicator(en): "
                    + ", ".join(f"{int(counts[s])} {s}" for s in STATUS_LABELS if s in counts)
                    + " (zie het tabblad Indicatoren)."
                )
            if lijn.opgaven:
                st.markdown("**Sluit aan op de opgaven van het Plan voor de Regio:**")
                opgave_links(lijn.opgaven)
            source_note(cite(prog, lijn.bron_pagina))


def _subplans_and_focus(prog: Programme, layout: ProgrammeLayout) -> None:
    for plan in prog.deelplannen:
        st.markdown(f"#### {plan.naam} ({plan.periode})")
        st.markdown(f"**Hoofddoel:** {plan.hoofddoel}")
        if plan.doelen:
            st.markdown("\n".join(f"- {d}" for d in plan.doelen))
        if plan.ambities:
            st.table(
                pd.DataFrame({"Fase": [a.fase for a in plan.ambities], "Ambitie": [a.ambitie for a in plan.ambities]}),
                hide_index=True,
                width="stretch",
            )
        if plan.partners:
            st.caption("Partners: " + ", ".join(plan.partners))
        source_note(cite(prog, plan.bron_pagina))

    fg = prog.focusgebieden
    if not (fg.gebieden or fg.selectie or fg.cijfers):
        return
    st.markdown("#### Focusgebieden")
    if fg.selectie:
        st.markdown(fg.selectie)
    for g in fg.gebieden:
        st.markdown(
            f"- **{g.naam}**"
            + (f" ({g.gemeente})" if g.gemeente else "")
            + (f" — {g.toelichting}" if g.toelichting else "")
        )
    if fg.cijfers:
        st.markdown(
            "**Cijfers voor de focusgebieden samen**\n\n" + "\n".join(f"- {figure_text(f)}" for f in fg.cijfers)
        )
        source_note(cite(prog, pages_of([f.bron_pagina for f in fg.cijfers])))
    if layout.focus_map_link:
        st.page_link(
            "pages/kaart.py",
            label="Focusgebieden op de kaart",
            icon=":material/map:",
            query_params=link_params(focus="document"),
        )


def _governance_and_monitoring(prog: Programme) -> None:
    if prog.governance:
        st.markdown("#### Organisatie")
        st.table(
            pd.DataFrame(
                {
                    "Niveau": [g.niveau for g in prog.governance],
                    "Wie": [", ".join(g.wie) for g in prog.governance],
                    "Rol": [g.rol for g in prog.governance],
                    "Bron": [g.bron_pagina or "" for g in prog.governance],
                }
            ),
            hide_index=True,
            width="stretch",
        )
    if prog.monitoring:
        m = prog.monitoring
        st.markdown("#### Monitoring")
        st.markdown(m.samenvatting)
        for o in m.onderdelen:
            kind = f" ({KIND_LABELS.get(o.soort, o.soort).lower()})" if o.soort else ""
            st.markdown(f"- **{o.naam}**{kind}: {o.omschrijving}")
        for p in m.planning:
            st.markdown(f"- {p.jaar}: {p.label}")
        source_note(cite(prog, m.bron_pagina))


def structure(prog: Programme, layout: ProgrammeLayout, store: DataStore) -> None:
    """Principles, approach, horizon, lines, subplans, focus areas, organisation, monitoring and related work."""
    if prog.leidend_principe:
        st.info(f"**Leidend principe:** {prog.leidend_principe}", icon=":material/flag:")
    if prog.uitgangspunten:
        st.markdown("#### Uitgangspunten")
        for u in prog.uitgangspunten:
            st.markdown(f"**{u.id}. {u.naam}** — {u.toelichting or ''}".rstrip(" —"))
        source_note(cite(prog, pages_of([u.bron_pagina for u in prog.uitgangspunten])))
    if prog.aanpak:
        _approach(prog)
    _horizon(prog)
    if prog.lijnen:
        _lines(prog)
    _subplans_and_focus(prog, layout)
    _governance_and_monitoring(prog)
    if prog.aansluiting_beleid or prog.kennissessies:
        c1, c2 = st.columns(2)
        if prog.aansluiting_beleid:
            c1.markdown("**Sluit aan op**\n\n" + "\n".join(f"- {b}" for b in prog.aansluiting_beleid))
        if prog.kennissessies:
            c2.markdown("**Kennisdeling**\n\n" + "\n".join(f"- {k}" for k in prog.kennissessies))
    if not prog.budget:
        st.markdown("#### Budget")
        st.markdown(prog.budget_opmerking or "Het document noemt geen budget.")
    if prog.verwante_opgaven:
        st.markdown("#### Verwante opgaven van het Plan voor de Regio")
        if prog.koppeling_toelichting:
            st.markdown(prog.koppeling_toelichting)
        opgave_links(prog.verwante_opgaven)
    if prog.opmerkingen:
        with st.expander("Verantwoording: afwijkingen en keuzes bij het overnemen van de cijfers"):
            st.markdown("\n".join(f"- {o}" for o in prog.opmerkingen))


# --------------------------------------------------------------------------------------------------------------
# Indicators with their data status, and the document's own figures
# --------------------------------------------------------------------------------------------------------------


def _indicator_tables(prog: Programme, layout: ProgrammeLayout, store: DataStore) -> None:
    lead = layout.lead_line
    if lead is None:
        st.table(shared(indicator_rows, prog, store, None), hide_index=True, width="stretch")
        where = pages_of([lijn.bron_pagina for lijn in prog.lijnen if lijn.indicatoren])
        source_note(cite(prog, where) + " Documentcijfers met hun eigen pagina tussen haakjes.")
        return
    line = prog.lijn(lead.lijn)
    st.markdown(f"#### {lead.heading} ({len(line.indicatoren)})")
    st.caption(lead.caption)
    rows = shared(indicator_rows, prog, store, (lead.lijn,))
    st.table(rows.drop(columns=["Lijn", "In de monitor"]), hide_index=True, width="stretch")
    source_note(cite(prog, line.bron_pagina) + " Documentcijfers met hun eigen paragraaf tussen haakjes.")
    others = tuple(lijn.id for lijn in prog.lijnen if lijn.id != lead.lijn and lijn.indicatoren)
    if others:
        st.markdown("#### Overige indicatoren")
        st.table(shared(indicator_rows, prog, store, others), hide_index=True, width="stretch")
        source_note(cite(prog, pages_of([lijn.bron_pagina for lijn in prog.lijnen if lijn.id in others])))


def indicators(prog: Programme, layout: ProgrammeLayout, store: DataStore) -> None:
    """Counts per data status, the indicator tables, and links to the indicators the monitor has."""
    inds = prog.indicatoren
    if not inds:
        st.info("Dit programma noemt geen indicatoren.", icon=":material/info:")
        return
    counts = pd.Series([i.status for i in inds]).value_counts()
    cols = st.columns(len(STATUS_LABELS))
    for col, status in zip(cols, STATUS_LABELS, strict=True):
        col.metric(STATUS_LABELS[status], int(counts.get(status, 0)), help=STATUS_HELP[status], border=True)
    _indicator_tables(prog, layout, store)

    linked = shared(monitor_links, prog, store)
    if linked:
        st.markdown("#### In de monitor bekijken")
        for link in linked:
            c1, c2 = st.columns([1, 1])
            if link.niveau:
                niveau = {"niveau": link.niveau} if link.niveau != "buurt" else {}
                c1.page_link(
                    "pages/kaart.py",
                    label=f"{link.naam}: kaart ({link.label.lower()})",
                    icon=":material/map:",
                    query_params=link_params(indicator=link.indicator, **niveau),
                )
            if layout.trend_links and link.outcome and not link.neutral:
                c2.page_link(
                    "pages/trends.py",
                    label=f"{link.naam}: trend naar 2034 en 2039",
                    icon=":material/trending_up:",
                    query_params=link_params(lijn=link.lijn, indicator=link.indicator),
                )
        source_note(
            "De kaart toont de cijfers van CBS en RIVM die de monitor zelf heeft; die kunnen afwijken van "
            "de cijfers in het programmadocument (andere jaren, gebieden of definities)."
        )
    if layout.trend_links:
        st.page_link(
            "pages/trends.py",
            label="Trends & doelen: de gemeten reeksen naast de mijlpalen 2034 en 2039",
            icon=":material/trending_up:",
            query_params=link_params(),
        )


def figures(prog: Programme, layout: ProgrammeLayout, store: DataStore) -> None:
    """The figures the document gives, as it writes them."""
    shown = shared(figures_table, prog)
    if shown.empty:
        st.info("Het document noemt geen cijfers die hier zijn overgenomen.", icon=":material/info:")
        return
    st.markdown(f"#### Cijfers uit het document ({len(shown)})")
    st.caption(
        "Zoals het document ze schrijft; de monitor heeft ze niet zelf gemeten. 'Streefwaarde' en 'raming' "
        "zijn doelen of schattingen, geen metingen."
    )
    st.table(shown, hide_index=True, width="stretch")
    source_note(cite(prog, None) + " Pagina of paragraaf per cijfer in de kolom Bron.")


#: What each section name in a layout draws.
SECTIONS: dict[Section, SectionFn] = {
    "structure": structure,
    "indicators": indicators,
    "figures": figures,
    "budget": budget_tables,
    "line_budget": line_budget,
    "finance": finance,
    "city_deals": city_deals,
}


# --------------------------------------------------------------------------------------------------------------
# Structure comparison
# --------------------------------------------------------------------------------------------------------------


@st.fragment
def comparison(programmes: dict[str, Programme], ids: list[str]) -> None:
    """Two programmes side by side; a fragment, so choosing another programme reruns only this part."""
    st.markdown("### Twee programma's naast elkaar")
    st.caption("De opbouw vergeleken: lijnen, looptijd, indicatoren per soort en data-status, organisatie en budget.")
    a_default = COMPARE_DEFAULTS[0] if COMPARE_DEFAULTS[0] in ids else ids[0]
    b_default = COMPARE_DEFAULTS[1] if COMPARE_DEFAULTS[1] in ids else ids[-1]
    st.session_state.setdefault("programmas_vergelijk_a", a_default)
    st.session_state.setdefault("programmas_vergelijk_b", b_default)
    c1, c2 = st.columns(2)
    a = c1.selectbox("Programma A", ids, format_func=lambda i: programmes[i].naam, key="programmas_vergelijk_a")
    b = c2.selectbox("Programma B", ids, format_func=lambda i: programmes[i].naam, key="programmas_vergelijk_b")
    if a == b:
        st.info("Kies twee verschillende programma's om ze te vergelijken.", icon=":material/compare_arrows:")
    table = shared(structure_comparison, programmes[a], programmes[b]).rename(columns={"aspect": "Onderdeel"})
    st.table(table, hide_index=True, width="stretch")
    source_note(
        f"Bron: {doc_title(programmes[a])}; {doc_title(programmes[b])}. Aantallen zoals in de programma-inhoud van "
        "de monitor; 'met data in de monitor' = indicatoren met status beschikbaar."
    )


__all__ = ["SECTIONS", "comparison", "header", "overview", "programme_tabs"]
