"""Sections of Trends & doelen: the choices, the trend chart with its numbers, the verdict overview, the gaps and
the budget.

Everything a rerun would otherwise recompute (trajectories, the chart, its notes, the styled tables, the budget
chart) is built once per process per distinct input with :func:`components.shared.shared`, and a shared Styler
is marshalled once (:mod:`components.fasttables`); a rerun only draws. Cache keys are small (ids, names, the
rule), never the lists of buurt codes behind an area, since hashing those on every rerun costs more than it saves.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from components import fasttables
from components.data import cached_verdict_table
from components.export import chart_downloads
from components.maps import focus_catalogue
from components.shared import shared
from components.ui import source_note
from regiomonitor.content.programme import Programme
from regiomonitor.data import DataStore
from regiomonitor.fmt import decimals_for, md_escape, number, signed
from regiomonitor.programme_charts import budget_by_line_chart
from regiomonitor.programme_tables import budget_frame
from regiomonitor.target_charts import chart_notes, trajectory_chart
from regiomonitor.targets import (
    PROGRAMME_START,
    THRESHOLD_SHORT,
    THRESHOLD_TEXT,
    TargetRule,
    Trajectory,
    area_series,
    group_series,
    trajectory,
    verdict_cell_style,
)
from regiomonitor.views.trends import MAX_AREAS, REFERENCES, TrendsView, default_areas

CITY_AREAS = {"GM0141": "Almelo", "GM0153": "Enschede"}
KIND_LABELS = {"outcome": "uitkomst", "process": "proces", "narrative": "verhaal"}
#: Which app indicator a cited figure of the Regio Deal application speaks about.
DOC_LINKS: dict[str, frozenset[str]] = {
    "ett_gezondheid_wijken": frozenset({"goede_gezondheid"}),
    "ett_gezondheid_steden": frozenset({"goede_gezondheid"}),
    "ett_eenzaamheid": frozenset({"eenzaam"}),
    "ett_inkomen_tot_120": frozenset({"huishoudens_tot_120_sociaal_minimum", "moeite_rondkomen"}),
}

fasttables.install()  # a shared Styler is marshalled once per process (see components/fasttables.py)


@dataclass(frozen=True)
class Choices:
    """What the page offers: trend indicators per line, their labels, and the areas each indicator can show."""

    indicators: dict[str, list[str]]
    labels: dict[str, str]
    areas: dict[str, dict[str, tuple[str, ...]]]


def _choices(store: DataStore, programme: Programme) -> Choices:
    cat = store.catalogue.set_index("id")
    everywhere = {fa.naam: tuple(fa.buurten) for fa in focus_catalogue().areas}
    everywhere |= {name: (code,) for code, name in CITY_AREAS.items()}
    cities = {k: v for k, v in everywhere.items() if v[0].startswith("GM")}
    indicators: dict[str, list[str]] = {}
    areas: dict[str, dict[str, tuple[str, ...]]] = {}
    for lijn in programme.lijnen:
        ids = [ind.app_indicator for ind in lijn.indicatoren if ind.soort == "outcome" and ind.app_indicator]
        indicators[lijn.id] = [i for i in ids if i in cat.index and str(cat.loc[i, "direction"]) != "neutraal"]
        for i in indicators[lijn.id]:
            areas[i] = everywhere if "buurt" in store.indicator(i).levels else cities
    labels = {i: str(cat.loc[i, "label"]) for i in areas}
    return Choices(indicators, labels, areas)


def choices(store: DataStore, programme: Programme) -> Choices:
    """The page's choices for ``programme`` (computed once per process; treat as read-only)."""
    return shared(_choices, store, programme)


def controls(programme: Programme, offer: Choices, link: TrendsView) -> tuple[TrendsView, TargetRule]:
    """Line, indicator, areas and the target rule; each widget starts from the link. Returns the view shown."""
    lines = {lijn.id: lijn for lijn in programme.lijnen}
    st.session_state.setdefault("trends_lijn", link.lijn)
    lijn_id = st.radio(
        "Programmalijn", list(lines), format_func=lambda i: lines[i].naam, key="trends_lijn", horizontal=True
    )
    st.caption(lines[lijn_id].ambitie)
    trendable = offer.indicators.get(lijn_id, [])
    if not trendable:
        view = TrendsView(lijn_id, None, (), link.referentie, link.doel2034, link.doel2039)
        return view, TargetRule(view.doel2034 / 100, max(view.doel2039, view.doel2034) / 100, view.referentie)
    if st.session_state.get("trends_indicator") not in trendable:
        st.session_state["trends_indicator"] = link.indicator if link.indicator in trendable else trendable[0]
    indicator = st.selectbox("Indicator", trendable, format_func=offer.labels.__getitem__, key="trends_indicator")
    area_options = offer.areas[indicator]
    if "trends_gebieden" not in st.session_state:
        st.session_state["trends_gebieden"] = list(link.gebieden or default_areas(area_options))
    st.session_state["trends_gebieden"] = [a for a in st.session_state["trends_gebieden"] if a in area_options]
    chosen = st.multiselect("Gebieden", list(area_options), key="trends_gebieden", max_selections=MAX_AREAS)
    with st.expander("Doelen: werkaanname en rekenregel", expanded=False):
        c1, c2, c3 = st.columns(3)
        st.session_state.setdefault("trends_referentie", link.referentie)
        ref_code = c1.selectbox(
            "Referentie", list(REFERENCES), format_func=REFERENCES.__getitem__, key="trends_referentie"
        )
        st.session_state.setdefault("trends_doel2034", link.doel2034)
        st.session_state.setdefault("trends_doel2039", link.doel2039)
        g34 = c2.slider("Achterstand ingelopen in 2034 (%)", 0, 100, step=5, key="trends_doel2034")
        g39 = c3.slider("Achterstand ingelopen in 2039 (%)", 0, 100, step=5, key="trends_doel2039")
        rule = TargetRule(g34 / 100, max(g39, g34) / 100, ref_code)
        st.markdown(rule.describe(REFERENCES[ref_code]))
        st.caption(THRESHOLD_TEXT)
    return TrendsView(lijn_id, indicator, tuple(chosen), ref_code, g34, g39), rule


@dataclass(frozen=True)
class TrendResult:
    """One trend chart and everything drawn with it (shared across sessions: read-only)."""

    source: str
    trajectories: list[Trajectory]
    chart: alt.LayerChart | None = None
    notes: tuple[str, ...] = ()
    numbers: Styler | None = None
    observed: pd.DataFrame | None = None


def _trajectory(
    store: DataStore,
    name: str,
    codes: tuple[str, ...],
    indicator: str,
    age: str,
    direction: str,
    rule: TargetRule,
) -> Trajectory:
    """One area's series, targets, trend and verdict against ``rule``'s reference."""
    reference = area_series(store, rule.reference, indicator, age)
    return trajectory(name, group_series(store, codes, indicator, age), reference, direction, rule)


def _trend(
    store: DataStore, programme: Programme, indicator: str, gebieden: tuple[str, ...], rule: TargetRule
) -> TrendResult:
    meta = store.indicator(indicator)
    unit = meta.unit
    ages = list(meta.age_groups)
    age = "18+" if "18+" in ages else ages[0]
    ds = store.datasets.get(meta.bron)
    source = (
        f"Bron: {ds.citation()}; {age}." if ds else ""
    ) + " Focusgebieden: door ons berekend, gewogen naar inwoners 2024. Doelen: werkaanname (zie rekenregel)."
    areas = choices(store, programme).areas[indicator]
    ref_series = area_series(store, rule.reference, indicator, age)
    # One area's trajectory is the same in every combination of areas a visitor picks: shared by its inputs.
    trajectories = [
        shared(_trajectory, store, name, areas[name], indicator, age, meta.direction, rule) for name in gebieden
    ]
    trajectories = [t for t in trajectories if not t.series.empty]
    if not trajectories:
        return TrendResult(source, [])
    references = {REFERENCES[rule.reference]: ref_series} if not ref_series.empty else {}
    observed = pd.concat([t.series.assign(gebied=t.area) for t in trajectories])[["gebied", "jaar", "value"]]
    chart = trajectory_chart(trajectories, meta.label, unit, source, references, heading=False)
    return TrendResult(
        source,
        trajectories,
        chart,
        tuple(chart_notes(trajectories, unit, chart)),
        numbers_table(trajectories, unit).style.map(verdict_cell_style, subset=["Oordeel"]),
        observed.rename(columns={"value": meta.label}),
    )


def numbers_table(trajectories: list[Trajectory], unit: str) -> pd.DataFrame:
    """The table under the chart: per area its measurements, baseline, targets, pace and verdict."""
    dec = decimals_for(unit)
    rows = []
    for tj in trajectories:
        s = tj.series.sort_values("jaar")
        t, v = tj.targets, tj.verdict
        rows.append(
            {
                "Gebied": tj.area,
                "Metingen": ", ".join(str(y) for y in s["jaar"]),
                "Nulmeting": f"{number(t.baseline, dec, unit)} ({t.baseline_year})" if t else "–",
                "Doel 2034": number(t.target_2034, dec, unit) if t else "–",
                "Doel 2039": number(t.target_2039, dec, unit) if t else "–",
                "Nodig per jaar": signed(v.required_per_year, 2) if v and v.required_per_year is not None else "–",
                "Gerealiseerd per jaar": signed(v.realised_per_year, 2)
                if v and v.realised_per_year is not None
                else "–",
                "Oordeel": tj.verdict_label or "geen referentie",
                "Buurten met cijfer": f"{int(s['n'].iloc[-1])} van {int(s['n_total'].iloc[-1])}" if len(s) else "–",
            }
        )
    return pd.DataFrame(rows)


def trend_section(store: DataStore, programme: Programme, view: TrendsView, rule: TargetRule) -> None:
    """The chart of the chosen areas against their targets, its notes, numbers and downloads."""
    assert view.indicator is not None
    made = shared(_trend, store, programme, view.indicator, view.gebieden, rule)
    if made.chart is None or made.numbers is None or made.observed is None:
        st.warning("Kies minstens één gebied met cijfers voor deze indicator.")
        return
    meta = store.indicator(view.indicator)
    # The heading as text, not as the chart's title: Vega cuts a title off at the chart's width (on a phone).
    st.markdown(f"##### {md_escape(meta.label)}")
    st.altair_chart(made.chart, width="stretch")
    source_note(
        made.source + " Lijnen: gemeten (doorgetrokken), benodigd pad (gestreept), trend met 95%-band "
        "(gestippeld, indicatief bij drie metingen). Ruiten: doelen 2034 en 2039."
    )
    for note in made.notes:
        st.markdown(f"*{note}*")
    # Static tables on this page, not data grids: a grid took a browser some 0.4 s to lay out after the rest of
    # the page was drawn (bench/browser_idle.py), and these few rows read better with their text wrapped.
    st.table(made.numbers, hide_index=True, width="stretch")
    st.caption(THRESHOLD_SHORT)
    chart_downloads(
        made.chart,
        made.observed,
        f"trend {meta.label} {'-'.join(view.gebieden)}",
        f"{meta.label}: trend en doelen 2034/2039",
        made.source,
        ", ".join(str(y) for y in sorted(made.observed["jaar"].unique())),
        key="trends_export",
        decimals=decimals_for(meta.unit),
    )


def cited_figures(programme: Programme, indicator: str) -> None:
    """The figures of the Regio Deal application about this indicator, with their page."""
    cited = [r for r in programme.referentiecijfers if indicator in DOC_LINKS.get(r.id, frozenset())]
    if cited:
        st.markdown("**Referentiepunten uit de Regio Deal-aanvraag**")
        for r in cited:
            st.markdown(f"- {r.naam}: {r.waarde_tekst} ({r.gebied}; Regio Deal-aanvraag, {r.bron_pagina})")


def _overview(store: DataStore, programme: Programme, lijn_id: str, indicator: str, rule: TargetRule) -> Styler:
    lijn = next(lijn for lijn in programme.lijnen if lijn.id == lijn_id)
    outcome = [(ind.naam, ind.app_indicator) for ind in lijn.indicatoren if ind.soort == "outcome"]
    verdicts = cached_verdict_table(outcome, choices(store, programme).areas[indicator], rule)
    return verdicts.style.map(verdict_cell_style, subset=[c for c in verdicts.columns if c != "Indicator"])


def verdict_overview(store: DataStore, programme: Programme, view: TrendsView, rule: TargetRule) -> None:
    """Every outcome indicator of the line × the areas the chosen indicator can show, with its verdict."""
    st.subheader("Overzicht: alle uitkomstindicatoren van de lijn")
    st.table(shared(_overview, store, programme, view.lijn, view.indicator, rule), hide_index=True, width="stretch")
    st.caption(
        f"Grijs: de reeks eindigt vóór de start van Elk Talent Telt in {PROGRAMME_START}; het oordeel gaat over "
        "de trend daarvóór, niet over resultaten van het programma. " + THRESHOLD_SHORT
    )


def gaps(lijn) -> None:
    """Process and narrative indicators, and outcome indicators without data: the monitor's gaps."""
    missing = [ind for ind in lijn.indicatoren if not ind.app_indicator]
    if not missing:
        return
    st.markdown("**Nog geen meting** — wat de monitor nog mist voor deze lijn:")
    st.table(
        pd.DataFrame(
            [
                {
                    "Indicator": ind.naam,
                    "Soort": KIND_LABELS.get(ind.soort, ind.soort),
                    "Wat gemeten zou worden": ind.wat_gemeten_wordt or ind.toelichting or "",
                    "Documentcijfer": "; ".join(
                        f"{d.waarde_tekst} ({d.gebied}, {d.bron_pagina})" for d in ind.documentcijfers
                    ),
                }
                for ind in missing
            ]
        ),
        hide_index=True,
        width="stretch",
    )


def _budget(programme: Programme) -> tuple[alt.Chart, str] | None:
    spend = budget_frame(programme, include_aggregates=False)
    spend = spend[spend["soort"] == "uitgaven"]
    if not len(spend):
        return None
    chart = budget_by_line_chart(
        spend,
        "Elk Talent Telt, begroting 2025 t/m 2028",
        f"Bron: Regio Deal-aanvraag Elk Talent Telt, {spend['bron_pagina'].iloc[0]}",
    )
    totals = spend.groupby("gebied")["bedrag_eur"].sum()
    note = (
        " · ".join(f"{g}: € {number(v)}" for g, v in totals.items()) + f" · totaal € {number(totals.sum())}. "
        "Bron: Regio Deal-aanvraag, begrotingstabel; de helft is gevraagde Regio Deal-bijdrage, de helft "
        "gemeentelijke cofinanciering."
    )
    return chart, note


def budget(programme: Programme) -> None:
    """Spending 2025-2028 per line and city (built once per process)."""
    st.subheader("Budget 2025-2028 per lijn en stad")
    made = shared(_budget, programme)
    if made is not None:
        st.altair_chart(made[0], width="stretch")
        source_note(made[1])
