"""Vergelijken: the comparison side by side, per indicator (small multiples) and the ranking.

Tables, charts and texts depend only on the chosen buurten, the year, the view and the ranking's choices, so
each is built once per process per distinct input (:func:`components.shared.shared`); a rerun draws them. The
coloured comparison table is a shared pandas Styler, marshalled once per process (:mod:`components.fasttables`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from components import fasttables
from components.export import chart_downloads, table_downloads
from components.shared import shared
from components.ui import source_note
from regiomonitor.areas import TWENTE_CODE, TWENTE_GEMEENTEN
from regiomonitor.compare import (
    VIEWS,
    comparable_indicators,
    comparison_frame,
    comparison_table,
    download_table,
    ranking_frame,
    verdict_grid,
)
from regiomonitor.compare_charts import ranking_chart, small_multiples, styled_table
from regiomonitor.data import DataStore
from regiomonitor.deprivation import INDEX_ID
from regiomonitor.exports import table_csv, table_xlsx, with_provenance
from regiomonitor.indicators import source_line
from regiomonitor.views.vergelijken import PERIODS, CompareView, default_scope, ranking_scopes

DEFAULT_INDICATORS = (
    "moeite_rondkomen",
    "goede_gezondheid",
    "risico_angst_depressie_hoog",
    "eenzaam",
    "regie_eigen_leven",
    INDEX_ID,
)
EXPLAIN = {
    "waarde": "Per buurt de waarde; ▲ gunstiger, ▼ ongunstiger dan de eigen gemeente, ≈ binnen 5% daarvan "
    "(rekening houdend met de richting: bij sommige indicatoren is lager beter).",
    "gemeente": "Per buurt het verschil met de eigen gemeente (in procentpunten, bij scores in scorepunten).",
    "twente": "Per buurt het verschil met Twente (in procentpunten, bij scores in scorepunten).",
    "nl": "Per buurt het verschil met Nederland (in procentpunten, bij scores in scorepunten).",
}

fasttables.install()  # a shared Styler is marshalled once per process (see components/fasttables.py)


def controls(link: CompareView) -> tuple[int, str]:
    """Period of the table (health monitor) and the view; they start from the link."""
    st.session_state.setdefault("vergelijken_periode", link.periode)
    st.session_state.setdefault("vergelijken_weergave", link.weergave)
    c1, c2 = st.columns([1, 2])
    period = (
        c1.segmented_control(
            "Peiljaar van deze vergelijking",
            PERIODS,
            key="vergelijken_periode",
            required=True,
            help="Jaar van de gezondheidsmonitor voor de tabel, de grafieken en de rangorde; "
            "begint bij het peiljaar in de zijbalk. Bevolkingscijfers zijn altijd van "
            "2024.",
        )
        or PERIODS[0]
    )
    view = (
        c2.segmented_control(
            "Toon", list(VIEWS), format_func=VIEWS.__getitem__, key="vergelijken_weergave", required=True
        )
        or "waarde"
    )
    return int(period), str(view)


@dataclass(frozen=True)
class Comparison:
    """One comparison ready to draw (shared across sessions: read-only)."""

    frame: pd.DataFrame
    styled: Styler
    data: pd.DataFrame
    csv: bytes
    column_order: list[str]
    column_config: dict[str, Any]
    height: int
    file_stem: str
    source: str


def _comparison(store: DataStore, chosen: tuple[str, ...], period: int, view: str) -> Comparison:
    frame = comparison_frame(store, list(chosen), period)
    periods = sorted({int(p) for p in frame["period"]})
    data = with_provenance(
        download_table(frame), source_line(store, sorted(set(frame["dataset"]))), ", ".join(map(str, periods))
    )
    table = comparison_table(frame, view)
    # All chosen buurten side by side at 1440 px: the theme column is left out (rows stay in theme order), unit
    # and year get narrow columns, and each buurt column an equal share of the remaining width.
    buurt_cols = [c for c in table.columns if re.search(r"\(BU\d+\)$", str(c))]
    other_cols = [c for c in table.columns if c not in {"Thema", "Indicator", "Eenheid", "Jaar", *buurt_cols}]
    col_width = max(78, min(170, 630 // max(len(buurt_cols), 1)))
    config: dict[str, Any] = {
        "Indicator": st.column_config.TextColumn(pinned=True, width=220),
        "Eenheid": st.column_config.TextColumn(width=56),
        "Jaar": st.column_config.TextColumn(width=50),
    }
    for c in buurt_cols:
        config[c] = st.column_config.TextColumn(c.rsplit(" (", 1)[0], width=col_width, help=c)
    stem = "vergelijking " + " ".join(store.name(c) for c in chosen[:3]) + (" e.a." if len(chosen) > 3 else "")
    source = (
        source_line(store, sorted(set(frame["dataset"])), periods)
        + " Gezondheidscijfers: volwassenen (18+), modelschattingen van het RIVM, buurtindeling 2020; "
        "kleine verschillen tussen buurten zijn niet betekenisvol. Twente: door ons berekend gewogen "
        "gemiddelde."
    )
    return Comparison(
        frame,
        styled_table(table, verdict_grid(frame, view)),
        data,
        table_csv(data),
        ["Indicator", "Eenheid", "Jaar", *buurt_cols, *other_cols],
        config,
        min(36 * (len(table) + 1) + 4, 1400),
        stem,
        source,
    )


def comparison(store: DataStore, chosen: list[str], period: int, view: str) -> pd.DataFrame:
    """The table of every indicator for the chosen buurten, its downloads; returns the comparison frame."""
    made = shared(_comparison, store, tuple(chosen), period, view)
    st.caption(
        EXPLAIN[view] + " Blauw = gunstiger, oranje = ongunstiger; neutrale indicatoren (zoals de leeftijdsopbouw) "
        "krijgen geen kleur. Ontbreekt een cijfer, dan staat erbij waarom."
    )
    st.dataframe(
        made.styled,
        hide_index=True,
        width="stretch",
        height=made.height,
        column_order=made.column_order,
        column_config=made.column_config,
    )
    table_downloads(
        made.csv,
        lambda: table_xlsx(made.data, "vergelijking"),
        made.file_stem,
        "vergelijken",
        "Vergelijking",
        slots=st.columns([1, 1, 3]),
        width="stretch",
    )
    source_note(made.source)
    return made.frame


def _small_multiples(
    store: DataStore, chosen: tuple[str, ...], period: int, indicators: tuple[str, ...]
) -> tuple[alt.TopLevelMixin, pd.DataFrame, str, str] | None:
    frame = comparison_frame(store, list(chosen), period)
    sub = frame[frame["indicator"].isin(indicators) & frame["value"].notna()]
    if sub.empty:
        return None
    sub = frame[frame["indicator"].isin(sub["indicator"])]
    source = source_line(store, sorted(set(sub["dataset"])))
    periods = ", ".join(str(p) for p in sorted({int(p) for p in sub["period"]}))
    return small_multiples(sub), download_table(sub), source, periods


def per_indicator(store: DataStore, frame: pd.DataFrame, chosen: list[str], period: int) -> None:
    """Small multiples of the picked indicators (the chosen buurten, their gemeente, Twente and NL)."""
    st.subheader("Per indicator", divider="gray")
    labels = dict(zip(frame["indicator"], frame["label"], strict=False))
    if "vergelijken_indicatoren" not in st.session_state:
        st.session_state["vergelijken_indicatoren"] = [i for i in DEFAULT_INDICATORS if i in labels]
    picked = st.multiselect(
        "Indicatoren", list(labels), format_func=labels.__getitem__, key="vergelijken_indicatoren", max_selections=12
    )
    made = shared(_small_multiples, store, tuple(chosen), period, tuple(sorted(set(picked))))
    if made is None:
        st.info("Kies een of meer indicatoren met cijfers in dit peiljaar.")
        return
    chart, table, source, periods = made
    # A grid of panels has a fixed width (Vega-Lite cannot stretch a facet): on a phone it scrolls inside its own
    # box instead of pushing the whole page sideways.
    st.markdown("<style>.st-key-vergelijken_multiples { overflow-x: auto; }</style>", unsafe_allow_html=True)
    with st.container(key="vergelijken_multiples"):
        st.altair_chart(chart, width="content")  # type: ignore[call-overload]
    chart_downloads(
        chart, table, "vergelijking per indicator", "Buurten per indicator", source, periods, key="vergelijken_sm_dl"
    )
    source_note(
        "Stippen: de gekozen buurten; grijs streepje: de eigen gemeente; lijnen: Twente (doorgetrokken) en "
        f"Nederland (gestreept). {source} Periode: {periods}."
    )


def _ranking_choices(store: DataStore) -> tuple[list[str], dict[str, str]]:
    return comparable_indicators(store), dict(zip(store.catalogue["id"], store.catalogue["label"], strict=False))


def ranking_indicators(store: DataStore) -> list[str]:
    """The indicators a ranking can show (read-only, shared)."""
    return shared(_ranking_choices, store)[0]


def _ranking(store: DataStore, ind: str, period: int, scope: str, chosen: tuple[str, ...]):
    ranked = ranking_frame(store, ind, period, scope, list(chosen))
    meta = store.indicator(ind)
    if ranked.empty:
        return ranked, None, "", None, ""
    mine = ranked[ranked["gekozen"]]
    outside = [store.name(c) for c in chosen if c not in set(ranked["code"])]
    text = "; ".join(f"**{r.buurt}**: plaats {r.rank} van {r.n}" for r in mine.itertuples())
    chart = ranking_chart(ranked, meta.label, meta.unit)
    table = ranked[["code", "buurt", "value", "rank", "n", "gekozen"]].rename(
        columns={"code": "buurtcode", "value": meta.label, "rank": "rang", "n": "aantal"}
    )
    outside_text = (
        "Niet in deze rangorde (andere gemeente of geen cijfer): " + ", ".join(outside) + "." if outside else ""
    )
    return ranked, chart, text or "Geen van de gekozen buurten heeft hier een cijfer.", table, outside_text


def ranking(store: DataStore, chosen: list[str], period: int, link: CompareView) -> tuple[str, str]:
    """All buurten of a gemeente or Twente ranked on one indicator, the chosen ones highlighted.

    Returns the indicator and the scope shown (for the link)."""
    st.subheader("Rangorde", divider="gray")
    ids, labels = shared(_ranking_choices, store)
    st.session_state.setdefault("vergelijken_rang_indicator", link.indicator if link.indicator in ids else ids[0])
    scopes = ranking_scopes(chosen)
    if st.session_state.get("vergelijken_rang_scope") not in scopes:
        st.session_state["vergelijken_rang_scope"] = link.rangorde if link.rangorde in scopes else default_scope(chosen)
    cols = st.columns([3, 2])
    ind = cols[0].selectbox("Indicator", ids, format_func=labels.__getitem__, key="vergelijken_rang_indicator")
    scope = cols[1].selectbox(
        "Buurten van",
        scopes,
        key="vergelijken_rang_scope",
        format_func=lambda c: "heel Twente" if c == TWENTE_CODE else TWENTE_GEMEENTEN.get(c, c),
    )
    ranked, chart, text, table, outside = shared(_ranking, store, ind, period, scope, tuple(chosen))
    meta = store.indicator(ind)
    if chart is None:
        st.info(
            f"{meta.label}: geen buurtcijfers in {period} (niet gemeten of niet gepubliceerd). Kies een ander "
            "peiljaar of een andere indicator.",
            icon=":material/info:",
        )
        return ind, scope
    st.markdown(text)
    if outside:
        st.caption(outside)
    st.altair_chart(chart, width="stretch")
    use = int(ranked["period"].iloc[0])
    src = source_line(store, [meta.bron], [use])
    chart_downloads(
        chart,
        table,
        f"rangorde {meta.label} {store.name(scope)}",
        f"Rangorde: {meta.label} ({store.name(scope)}, {use})",
        src,
        str(use),
        key="vergelijken_rank_dl",
    )
    source_note(
        f"{src} Rang 1 = minst gunstig volgens de richting van de indicator (bij neutrale indicatoren: "
        "de hoogste waarde); gelijke waarden delen een rang."
    )
    return ind, scope
