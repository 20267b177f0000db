"""Programma's: every programme the monitor follows, with its lines, goals, horizon, budget and indicators.

Reachable as ?programma=<id> (validated; an unknown value gives a notice and the default). Specific views:
the Kansrijk Enschede finances 2023-2026 with the yearly shortfall and the OAB/NPO spending plans, the Elk
Talent Telt budget per line and city, a filterable City Deals archive, and a side-by-side structure comparison
of two programmes. Every figure names its document and page or section.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.data import get_programmes, get_store
from components.export import share_link
from components.router import ensure_router
from components.shared import shared
from components.state import link_params, param_choice, show_notices
from components.ui import page_header, source_note
from regiomonitor.content.programme import Programme
from regiomonitor.content.programme_parts import KIND_LABELS, TYPE_LABELS, DocCijfer
from regiomonitor.fmt import number
from regiomonitor.programme_charts import (
    balance_chart,
    budget_by_line_chart,
    budget_by_line_table,
    euro,
    periods_table,
    saldo_chart,
    yearly_balance,
    yearly_table,
)
from regiomonitor.programme_tables import (
    KANSRIJK_FINANCIAL_TABLE,
    budget_frame,
    document_figures_frame,
    programmes_overview,
    structure_comparison,
)

#: Order of the programmes in the list and the selector (unknown ids follow in file order).
PREFERRED_ORDER = ("elk_talent_telt", "kansrijk_enschede", "npvr_twente", "regio_deal_drenthe", "city_deals")
DEFAULT_PROGRAMME = "elk_talent_telt"
COMPARE_DEFAULTS = ("elk_talent_telt", "regio_deal_drenthe")
STATUS_LABELS = {  # geometric shapes, not emoji: they render in every font
    "beschikbaar": "● beschikbaar",
    "alleen documentcijfer": "◐ alleen documentcijfer",
    "nog geen meting": "○ nog geen meting",
}
STATUS_HELP = {
    "beschikbaar": "De monitor heeft er cijfers voor (kaart, buurtprofiel, trends).",
    "alleen documentcijfer": "Alleen het cijfer uit het document; de monitor meet het (nog) niet zelf.",
    "nog geen meting": "Nog geen cijfer: het programma noemt wat gemeten gaat worden.",
}
FIGURE_KINDS = {"meting": "meting", "streefwaarde": "streefwaarde", "raming": "raming"}
MAP_LEVELS = ("buurt", "wijk", "gemeente")
TOTAL_MARK = "Σ"
MEASURE_COLUMN = "Wat gemeten wordt / toelichting"
LEA_LINE = "eerlijke_kans"
ETT_ID = "elk_talent_telt"
KANSRIJK_ID = "kansrijk_enschede"


# --------------------------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------------------------


def _ordered_ids(programmes: dict[str, Programme]) -> list[str]:
    first = [p for p in PREFERRED_ORDER if p in programmes]
    return first + [p for p in programmes if p not in first]


def _doc(prog: Programme, publisher: bool = False) -> str:
    """The document's title and date (and publisher, for the full citation under the header)."""
    b = prog.bron
    extra = ", ".join(x for x in ((b.uitgever if publisher else None), b.datum) if x)
    return f"{b.titel}" + (f" ({extra})" if extra else "")


def _cite(prog: Programme, where: str | None) -> str:
    """'Bron: <document>, <page or section>.'"""
    return f"Bron: {_doc(prog)}" + (f", {where}" if where else "") + "."


def _figure(f: DocCijfer) -> str:
    """A document figure as text with its area, period, kind and page."""
    parts = [p for p in (f.gebied, f.periode, None if f.aard == "meting" else FIGURE_KINDS.get(f.aard, f.aard)) if p]
    return f"{f.waarde_tekst} ({', '.join(parts)}; {f.bron_pagina})" if parts else f"{f.waarde_tekst} ({f.bron_pagina})"


def _horizon(prog: Programme) -> str:
    h = prog.horizon
    start = str(h.start) if h.start is not None else "onbekend"
    end = str(h.eind) if h.eind is not None else "geen eindjaar genoemd"
    return f"{start} – {end}" + (f" ({h.duur_jaren} jaar)" if h.duur_jaren else "")


def _opgave_links(numbers: tuple[int, ...], prefix: str = "Opgave", key: str = "") -> None:
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


def _map_level(levels: tuple[str, ...]) -> str | None:
    """The finest map layer an indicator has (the Kaart page validates the pair indicator/niveau)."""
    return next((lv for lv in MAP_LEVELS if lv in levels), None)


# --------------------------------------------------------------------------------------------------------------
# Page
# --------------------------------------------------------------------------------------------------------------


def main() -> None:
    """Render the Programma's page."""
    ensure_router()
    store = get_store()
    programmes = get_programmes()
    notices: list[str] = []
    page_header(
        "Programma's",
        "De regionale programma's die de monitor volgt: hun lijnen en doelen, looptijd, budget en indicatoren, "
        "en per indicator of de monitor er al cijfers voor heeft. Elk cijfer noemt het document en de pagina.",
    )
    ids = _ordered_ids(programmes)
    default = DEFAULT_PROGRAMME if DEFAULT_PROGRAMME in ids else ids[0]
    st.session_state.setdefault("programmas_programma", param_choice("programma", ids, default, notices, "programma"))
    if st.session_state["programmas_programma"] not in ids:
        st.session_state["programmas_programma"] = default

    _overview(programmes, ids)
    pid = st.selectbox("Programma", ids, format_func=lambda i: programmes[i].naam, key="programmas_programma")
    st.query_params["programma"] = pid
    prog = programmes[pid]
    _header(prog)

    catalogue = store.catalogue.set_index("id")
    if pid == KANSRIJK_ID:
        tabs = st.tabs(["Financiën 2023-2026", "Opzet en doelen", "Indicatoren (LEA)", "Cijfers uit het document"])
        with tabs[0]:
            _kansrijk_finance(prog)
        with tabs[1]:
            _structure(prog)
        with tabs[2]:
            _indicators(prog, catalogue)
        with tabs[3]:
            _figures(prog)
    elif prog.deals:
        tabs = st.tabs(["Archief City Deals", "Opzet", "Cijfers uit het document"])
        with tabs[0]:
            _city_deals(prog)
        with tabs[1]:
            _structure(prog)
        with tabs[2]:
            _figures(prog)
    else:
        budget_label = "Budget 2025-2028" if pid == ETT_ID else "Budget"
        tabs = st.tabs(["Opzet en doelen", "Indicatoren", "Cijfers uit het document", budget_label])
        with tabs[0]:
            _structure(prog)
        with tabs[1]:
            _indicators(prog, catalogue)
        with tabs[2]:
            _figures(prog)
        with tabs[3]:
            if pid == ETT_ID:
                _ett_budget(prog)
            else:
                _budget_tables(prog)

    st.divider()
    _compare(programmes, ids)
    share_link()
    show_notices(notices)


def _overview(programmes: dict[str, Programme], ids: list[str]) -> None:
    """All programmes in one table (the list); the selector below opens one."""
    frame = programmes_overview(programmes).set_index("programma").loc[ids].reset_index()
    shown = pd.DataFrame(
        {
            "Programma": frame["naam"],
            "Soort": frame["type"],
            "Regio": frame["regio"],
            "Looptijd": [
                f"{'?' if pd.isna(s) else int(s)} – {'?' if pd.isna(e) else int(e)}"
                for s, e in zip(frame["start"], frame["eind"], strict=True)
            ],
            "Lijnen": frame["lijnen"],
            "Indicatoren": frame["indicatoren"],
            "Met cijfers in de monitor": frame["beschikbaar"],
            "City Deals": frame["deals"],
        }
    )
    st.table(shown, hide_index=True, width="stretch")
    source_note(
        "Per programma samengesteld uit het eigen programmadocument; kies hieronder een programma voor "
        "de details. '?' = het document noemt geen begin- of eindjaar."
    )


def _header(prog: Programme) -> None:
    st.subheader(prog.naam)
    st.markdown(prog.kort)
    facts = [f"**{TYPE_LABELS[prog.type]}**", f"Regio: {prog.regio}", f"Looptijd: {_horizon(prog)}"]
    if prog.gemeenten:
        facts.append("Gemeenten: " + ", ".join(prog.gemeenten))
    st.markdown(" · ".join(facts))
    st.markdown(prog.samenvatting)
    if prog.gemeenten_opmerking:
        st.caption(prog.gemeenten_opmerking)
    source_note(f"Bron: {_doc(prog, publisher=True)}." + (f" {prog.bron.opmerking}" if prog.bron.opmerking else ""))


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
    source_note(_cite(prog, a.bron_pagina))


def _structure(prog: Programme) -> None:
    if prog.leidend_principe:
        st.info(f"**Leidend principe:** {prog.leidend_principe}", icon=":material/flag:")
    if prog.uitgangspunten:
        st.markdown("#### Uitgangspunten")
        for u in prog.uitgangspunten:
            st.markdown(f"**{u.id}. {u.naam}** — {u.toelichting or ''}".rstrip(" —"))
        source_note(_cite(prog, "; ".join(dict.fromkeys(u.bron_pagina for u in prog.uitgangspunten if u.bron_pagina))))
    if prog.aanpak:
        _approach(prog)

    st.markdown("#### Looptijd")
    st.markdown(f"**{_horizon(prog)}**")
    if prog.horizon.toelichting:
        st.markdown(prog.horizon.toelichting)
    if prog.horizon.mijlpalen:
        st.table(
            pd.DataFrame(
                {
                    "Jaar": [str(m.jaar) for m in prog.horizon.mijlpalen],
                    "Mijlpaal": [m.label for m in prog.horizon.mijlpalen],
                }
            ),
            hide_index=True,
            width="stretch",
        )

    if prog.lijnen:
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
                    _opgave_links(lijn.opgaven)
                source_note(_cite(prog, lijn.bron_pagina))

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
        source_note(_cite(prog, plan.bron_pagina))

    fg = prog.focusgebieden
    if fg.gebieden or fg.selectie or fg.cijfers:
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
                "**Cijfers voor de focusgebieden samen**\n\n" + "\n".join(f"- {_figure(f)}" for f in fg.cijfers)
            )
            source_note(_cite(prog, "; ".join(dict.fromkeys(f.bron_pagina for f in fg.cijfers))))
        if prog.id == ETT_ID:
            st.page_link(
                "pages/kaart.py",
                label="Focusgebieden op de kaart",
                icon=":material/map:",
                query_params=link_params(focus="document"),
            )

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
        source_note(_cite(prog, m.bron_pagina))

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
        _opgave_links(prog.verwante_opgaven)

    if prog.opmerkingen:
        with st.expander("Verantwoording: afwijkingen en keuzes bij het overnemen van de cijfers"):
            st.markdown("\n".join(f"- {o}" for o in prog.opmerkingen))


# --------------------------------------------------------------------------------------------------------------
# Indicators with their data status
# --------------------------------------------------------------------------------------------------------------


def _indicator_rows(prog: Programme, lijn_ids: set[str] | None, catalogue: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for lijn in prog.lijnen:
        if lijn_ids is not None and lijn.id not in lijn_ids:
            continue
        for ind in lijn.indicatoren:
            app = ind.app_indicator if ind.app_indicator in catalogue.index else None
            rows.append(
                {
                    "Lijn": lijn.naam,
                    "Indicator": ind.naam,
                    "Soort": KIND_LABELS[ind.soort],
                    "Data-status": STATUS_LABELS[ind.status],
                    "In de monitor": str(catalogue.loc[app, "label"]) if app else "",
                    "Cijfers uit het document": "; ".join(_figure(f) for f in ind.documentcijfers),
                    MEASURE_COLUMN: " ".join(t for t in (ind.wat_gemeten_wordt, ind.toelichting) if t),
                }
            )
    return pd.DataFrame(rows)


def _indicators(prog: Programme, catalogue: pd.DataFrame) -> None:
    inds = prog.indicatoren
    if not inds:
        st.info("Dit programma noemt geen indicatoren.", icon=":material/info:")
        return
    counts = pd.Series([i.status for i in inds]).value_counts()
    cols = st.columns(len(STATUS_LABELS))
    for col, status in zip(cols, STATUS_LABELS, strict=True):
        col.metric(STATUS_LABELS[status], int(counts.get(status, 0)), help=STATUS_HELP[status], border=True)

    if prog.id == KANSRIJK_ID and any(lijn.id == LEA_LINE for lijn in prog.lijnen):
        lea = prog.lijn(LEA_LINE)
        st.markdown(f"#### Indicatoren van de LEA ({len(lea.indicatoren)})")
        st.caption(
            "De meetgegevens waarmee de stuurgroep LEA rapporteert, aangevuld met het VVE-bereik, de "
            "ervaringsverhalen en de jaarlijkse cijfers van De Twentse Belofte. Bij 'nog geen meting' staat "
            "wat er gemeten gaat worden."
        )
        st.table(
            _indicator_rows(prog, {LEA_LINE}, catalogue).drop(columns=["Lijn", "In de monitor"]),
            hide_index=True,
            width="stretch",
        )
        source_note(_cite(prog, lea.bron_pagina) + " Documentcijfers met hun eigen paragraaf tussen haakjes.")
        others = {lijn.id for lijn in prog.lijnen if lijn.id != LEA_LINE and lijn.indicatoren}
        if others:
            st.markdown("#### Overige indicatoren")
            st.table(_indicator_rows(prog, others, catalogue), hide_index=True, width="stretch")
            source_note(
                _cite(
                    prog,
                    "; ".join(
                        dict.fromkeys(
                            lijn.bron_pagina for lijn in prog.lijnen if lijn.id in others and lijn.bron_pagina
                        )
                    ),
                )
            )
    else:
        st.table(_indicator_rows(prog, None, catalogue), hide_index=True, width="stretch")
        source_note(
            _cite(
                prog,
                "; ".join(
                    dict.fromkeys(lijn.bron_pagina for lijn in prog.lijnen if lijn.indicatoren and lijn.bron_pagina)
                ),
            )
            + " Documentcijfers met hun eigen pagina tussen haakjes."
        )

    linked = [
        (lijn, ind)
        for lijn in prog.lijnen
        for ind in lijn.indicatoren
        if ind.app_indicator in catalogue.index and not bool(catalogue.loc[ind.app_indicator, "context_only"])
    ]
    if linked:
        st.markdown("#### In de monitor bekijken")
        for lijn, ind in linked:
            app = str(ind.app_indicator)
            meta = get_store().indicator(app)
            level = _map_level(meta.levels)
            c1, c2 = st.columns([1, 1])
            if level:
                params = link_params(indicator=app, **({"niveau": level} if level != "buurt" else {}))
                c1.page_link(
                    "pages/kaart.py",
                    label=f"{ind.naam}: kaart ({meta.label.lower()})",
                    icon=":material/map:",
                    query_params=params,
                )
            if prog.id == ETT_ID and ind.soort == "outcome" and meta.direction != "neutraal":
                c2.page_link(
                    "pages/trends.py",
                    label=f"{ind.naam}: trend naar 2034 en 2039",
                    icon=":material/trending_up:",
                    query_params=link_params(lijn=lijn.id, indicator=app),
                )
        source_note(
            "De kaart toont de cijfers van CBS en RIVM die de monitor zelf heeft; die kunnen afwijken van "
            "de cijfers in het programmadocument (andere jaren, gebieden of definities)."
        )
    if prog.id == ETT_ID:
        st.page_link(
            "pages/trends.py",
            label="Trends & doelen: de gemeten reeksen naast de mijlpalen 2034 en 2039",
            icon=":material/trending_up:",
            query_params=link_params(),
        )


# --------------------------------------------------------------------------------------------------------------
# Document figures
# --------------------------------------------------------------------------------------------------------------


def _figures(prog: Programme) -> None:
    frame = document_figures_frame(prog)
    if frame.empty:
        st.info("Het document noemt geen cijfers die hier zijn overgenomen.", icon=":material/info:")
        return
    origin = {"referentiecijfer": "Achtergrond", "focusgebieden": "Focusgebieden", "indicator": "Bij indicator"}
    shown = pd.DataFrame(
        {
            "Onderwerp": frame["onderwerp"],
            "Cijfer": frame["waarde_tekst"],
            "Eenheid": frame["eenheid"],
            "Gebied": frame["gebied"],
            "Periode": frame["periode"].fillna(""),
            "Aard": frame["aard"].map(FIGURE_KINDS).fillna(frame["aard"]),
            "Herkomst": frame["herkomst"].map(origin).fillna(frame["herkomst"]),
            "Bron (pagina of paragraaf)": frame["bron_pagina"],
            "Toelichting": frame["toelichting"].fillna(""),
        }
    )
    st.markdown(f"#### Cijfers uit het document ({len(shown)})")
    st.caption(
        "Zoals het document ze schrijft; de monitor heeft ze niet zelf gemeten. 'Streefwaarde' en 'raming' "
        "zijn doelen of schattingen, geen metingen."
    )
    st.table(shown, hide_index=True, width="stretch")
    source_note(_cite(prog, None) + " Pagina of paragraaf per cijfer in de kolom Bron.")


# --------------------------------------------------------------------------------------------------------------
# Budgets
# --------------------------------------------------------------------------------------------------------------


def _fmt_amount(value: object) -> str:
    """A table cell: euro the Dutch way, 'p.m.' as printed, an en dash where the document has no cell."""
    if isinstance(value, str):
        return value
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return "–"
    return euro(float(value))  # type: ignore[arg-type]


def _fmt_amounts(table: pd.DataFrame, columns: list) -> pd.DataFrame:
    out = table.copy()
    for col in columns:
        out[col] = [_fmt_amount(v) for v in table[col]]
    return out


def _document_table(prog: Programme, tabel_id: str) -> None:
    """One budget table of the document, laid out as printed (rows = posts), amounts in euro, cited."""
    table = next(t for t in prog.budget_tabellen if t.id == tabel_id)
    frame = shared(budget_frame, prog)
    frame = frame[frame["tabel"] == tabel_id]
    if frame.empty:
        return
    st.markdown(f"#### {table.titel}")
    if frame["jaar"].notna().all():
        shaped = shared(yearly_table, frame)
        amount_cols = [c for c in shaped.columns if isinstance(c, int)]
    else:
        shaped = shared(periods_table, frame)
        amount_cols = [c for c in shaped.columns if c not in ("post", "aggregaat")]
    shown = _fmt_amounts(shaped, amount_cols)
    shown["post"] = [
        f"{TOTAL_MARK} {p}" if agg else p for p, agg in zip(shown["post"], shown["aggregaat"], strict=True)
    ]
    shown = shown.drop(columns=[c for c in ("aggregaat", "soort") if c in shown.columns]).rename(
        columns={"post": "Post"}
    )
    shown.columns = [str(c) for c in shown.columns]
    st.dataframe(shown, hide_index=True, width="stretch", height="content")
    note = f"{TOTAL_MARK} = subtotaal of totaal zoals afgedrukt."
    if table.eenheid_bron.strip().lower() != "euro":
        note += f" In de bron: {table.eenheid_bron}; hier in euro."
    source_note(_cite(prog, table.bron_pagina) + f" {note}" + (f" {table.opmerking}" if table.opmerking else ""))


def _budget_tables(prog: Programme) -> None:
    if not prog.budget:
        st.info(prog.budget_opmerking or "Het document noemt geen budget.", icon=":material/info:")
        return
    for table in prog.budget_tabellen:
        _document_table(prog, table.id)


def _kansrijk_finance(prog: Programme) -> None:
    """Kansrijk Enschede: spending, existing and new cover and the balance per year, then the spending plans."""
    table = next(t for t in prog.budget_tabellen if t.id == KANSRIJK_FINANCIAL_TABLE)
    yearly = yearly_balance(prog, KANSRIJK_FINANCIAL_TABLE)
    where = f"{table.bron_pagina} (tabel in € × 1.000, hier in euro)"
    chart_source = f"Bron: Kansrijk Enschede, {table.bron_pagina}"
    st.markdown("#### Saldo per jaar: dekking min uitgaven")
    cols = st.columns(len(yearly))
    for col, (_, r) in zip(cols, yearly.iterrows(), strict=True):
        saldo = float(r["saldo"])
        in_table = ("−" if saldo < 0 else "") + number(abs(saldo) / 1000)
        col.metric(
            f"Saldo {int(r['jaar'])}",
            euro(saldo),
            border=True,
            help=f"{'Tekort' if saldo < 0 else 'Overschot'}: dekking {euro(r['dekking'])} min uitgaven "
            f"{euro(r['uitgaven'])}. In de tabel: {in_table} (× € 1.000).",
        )
    short = yearly[yearly["saldo"] < 0]
    if len(short):
        st.warning(
            "**Tekort** in "
            + ", ".join(
                f"{int(r['jaar'])}: **{euro(r['saldo'])}** ({'−' + number(abs(r['saldo']) / 1000)} × € 1.000)"
                for _, r in short.iterrows()
            )
            + ". Saldo = totale dekking min totale uitgaven, zoals in de tabel.",
            icon=":material/warning:",
        )
    c1, c2 = st.columns(2)
    with c1:
        st.altair_chart(balance_chart(yearly, "Uitgaven en dekking per jaar", chart_source), width="stretch")
    with c2:
        st.altair_chart(saldo_chart(yearly, "Saldo per jaar (× € 1.000)", chart_source), width="stretch")
    summary = pd.DataFrame(
        {
            "Jaar": yearly["jaar"].astype(str),
            "Uitgaven": yearly["uitgaven"].map(euro),
            "Bestaande dekking": yearly["bestaande_dekking"].map(euro),
            "Nieuwe dekking": yearly["nieuwe_dekking"].map(euro),
            "Totale dekking": yearly["dekking"].map(euro),
            "Saldo": yearly["saldo"].map(euro),
            "Saldo in de tabel (× € 1.000)": yearly["saldo"].map(
                lambda v: ("−" if v < 0 else "") + number(abs(v) / 1000)
            ),
            "Klopt met de posten": yearly["klopt"].map({True: "ja", False: "nee"}),
        }
    )
    st.dataframe(summary, hide_index=True, width="stretch")
    source_note(
        _cite(prog, where) + " Uitgaven per ambitie en kans; 'p.m.' (ambitie A en B) telt niet mee. "
        "'Klopt met de posten': het afgedrukte saldo is gelijk aan de som van de regels."
    )
    with st.expander("Alle regels van de financiële tabel"):
        _document_table(prog, KANSRIJK_FINANCIAL_TABLE)

    st.markdown("### Begroting en bestedingsplannen van de LEA")
    for tabel_id in ("lea_begroting", "lea_overige_middelen", "oab_bestedingsplan", "npo_bestedingsplan"):
        if any(t.id == tabel_id for t in prog.budget_tabellen):
            _document_table(prog, tabel_id)


def _ett_budget(prog: Programme) -> None:
    """Elk Talent Telt: spending 2025-2028 per line and city (chart and table) and how it is covered."""
    frame = shared(budget_frame, prog, include_aggregates=False)
    for table in prog.budget_tabellen:
        rows = frame[frame["tabel"] == table.id]
        spend = rows[rows["soort"] == "uitgaven"]
        if spend.empty:
            _document_table(prog, table.id)
            continue
        source = _cite(prog, table.bron_pagina)
        st.altair_chart(
            shared(budget_by_line_chart, spend, f"{table.titel}: uitgaven per lijn en stad", source), width="stretch"
        )
        by_line = shared(budget_by_line_table, spend)
        st.dataframe(
            _fmt_amounts(by_line, [c for c in by_line.columns if c != "Onderdeel"]), hide_index=True, width="stretch"
        )
        total = float(spend["bedrag_eur"].sum())
        printed = shared(budget_frame, prog)
        printed = printed[
            (printed["tabel"] == table.id)
            & printed["aggregaat"]
            & (printed["soort"] == "uitgaven")
            & printed["post"].str.lower().str.startswith("totaal")
            & printed["gebied"].str.contains("totaal")
        ]
        check = ""
        if len(printed):
            same = abs(float(printed["bedrag_eur"].iloc[0]) - total) < 0.5
            check = (
                " Gelijk aan het totaal in de tabel."
                if same
                else f" Het document drukt {euro(printed['bedrag_eur'].iloc[0])} af als totaal."
            )
        source_note(
            f"Som van de posten: {euro(total)}.{check} Subtotalen en de totaalkolom van het document zijn "
            f"niet opnieuw opgeteld. {source}"
        )
        cover = rows[rows["soort"] != "uitgaven"]
        if len(cover):
            st.markdown("**Dekking**")
            kinds = {"cofinanciering": "Gemeentelijke cofinanciering", "rijksbijdrage": "Gevraagde Regio Deal-bijdrage"}
            pivot = cover.pivot_table(index="soort", columns="gebied", values="bedrag_eur", aggfunc="sum")
            pivot = pivot.astype(float)
            pivot["Totaal"] = pivot.sum(axis=1)
            pivot.index = [kinds.get(i, i) for i in pivot.index]
            pivot = pivot.reset_index().rename(columns={"index": "Dekking"})
            pivot.columns.name = None
            st.dataframe(
                _fmt_amounts(pivot, [c for c in pivot.columns if c != "Dekking"]), hide_index=True, width="stretch"
            )
            source_note(source)
        with st.expander("Alle regels van de begrotingstabel"):
            _document_table(prog, table.id)


# --------------------------------------------------------------------------------------------------------------
# City Deals archive
# --------------------------------------------------------------------------------------------------------------


def _city_deals(prog: Programme) -> None:
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
                _opgave_links(d.verwante_opgaven)
            source_note(_cite(prog, d.bron_pagina))


# --------------------------------------------------------------------------------------------------------------
# Structure comparison
# --------------------------------------------------------------------------------------------------------------


def _compare(programmes: dict[str, Programme], ids: list[str]) -> None:
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
    table = structure_comparison(programmes[a], programmes[b]).rename(columns={"aspect": "Onderdeel"})
    st.table(table, hide_index=True, width="stretch")
    source_note(
        f"Bron: {_doc(programmes[a])}; {_doc(programmes[b])}. Aantallen zoals in de programma-inhoud van de "
        "monitor; 'met data in de monitor' = indicatoren met status beschikbaar."
    )


main()
