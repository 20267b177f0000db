"""Vergelijken: the comparison side by side, per indicator (small multiples) and the ranking.

Tables, charts and texts depend only on the chosen buurten, the year, the view and the ranking's choices, so
each is built once per process per distinct input (:func:`components.shared.shared`); a rerun draws them. The
coloured comparison table is a shared pandas Styler, marshalled once per process (:mod:`components.fasttables`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


def period_control(link: CompareView) -> int:
    """The health-monitor year of the whole comparison (table, charts, ranking, index); starts from the link."""
    st.session_state.setdefault("vergelijken_periode", link.periode)
    period = st.segmented_control(
        "Peiljaar van deze vergelijking",
        PERIODS,
        key="vergelijken_periode",
        required=True,
        help="Jaar van de gezondheidsmonitor voor de tabel, de grafieken, de rangorde en de index; begint bij het "
        "peiljaar in de zijbalk. Bevolkingscijfers zijn altijd van 2024.",
    )
    return int(period or PERIODS[0])


def view_control(link: CompareView) -> str:
    """Values or differences in the table; starts from the link."""
    st.session_state.setdefault("vergelijken_weergave", link.weergave)
    view = st.segmented_control(
        "Toon", list(VIEWS), format_func=VIEWS.__getitem__, key="vergelijken_weergave", required=True
    )
    return str(view or "waarde")


@dataclass(frozen=True)
class Comparison:
    """One comparison ready to draw (shared across sessions: read-only)."""

    frame: pd.DataFrame
    styled: Styler
    data: pd.DataFrame
    csv: bytes
    file_stem: str
    source: str


def _comparison(store: DataStore, chosen: tuple[str, ...], period: int, view: str) -> Comparison:
    frame = comparison_frame(store, list(chosen), period)
    periods = sorted({int(p) for p in frame["period"]})
    data = with_provenance(
        download_table(frame), source_line(store, sorted(set(frame["dataset"]))), ", ".join(map(str, periods))
    )
    table = comparison_table(frame, view)
    # The indicator is the row label; the theme column is left out (rows stay in theme order), so the chosen
    # buurten come right after unit and year. A static table, not a data grid: the grid took a browser some
    # 0.35 s to lay out and draw, the largest part of the page (bench/browser_idle.py), and its cells cut long
    # labels off where a table wraps them.
    buurt_cols = [c for c in table.columns if re.search(r"\(BU\d+\)$", str(c))]
    other_cols = [c for c in table.columns if c not in {"Thema", "Indicator", "Eenheid", "Jaar", *buurt_cols}]
    heads = _buurt_heads(store, buurt_cols, ["Indicator", "Eenheid", "Jaar", *other_cols])
    shown = table.set_index("Indicator")[["Eenheid", "Jaar", *buurt_cols, *other_cols]].rename(columns=heads)
    verdicts = verdict_grid(frame, view).rename(columns=heads)
    stem = "vergelijking " + " ".join(store.name(c) for c in chosen[:3]) + (" e.a." if len(chosen) > 3 else "")
    source = (
        source_line(store, sorted(set(frame["dataset"])), periods)
        + " Gezondheidscijfers: volwassenen (18+), modelschattingen van het RIVM, buurtindeling 2020; "
        "kleine verschillen tussen buurten zijn niet betekenisvol. Twente: door ons berekend gewogen "
        "gemiddelde."
    )
    return Comparison(frame, styled_table(shown, verdicts), data, table_csv(data), stem, source)


def _buurt_heads(store: DataStore, columns: list[str], taken: list[str]) -> dict[str, str]:
    """Column heads of the chosen buurten: the name alone (the code made eight columns too wide for a screen),
    with the gemeente where two chosen buurten share a name, and name and code where that is not enough or the
    name is that of another column (``taken``: a buurt called like its gemeente)."""
    codes = {c: str(c).rsplit("(", 1)[1].rstrip(")") for c in columns}
    names = {c: store.name(code) for c, code in codes.items()}
    heads = {}
    for c, name in names.items():
        if list(names.values()).count(name) > 1:
            name = f"{name} ({TWENTE_GEMEENTEN.get('GM' + codes[c][2:6], codes[c])})"
        heads[c] = name
    return {c: h if list(heads.values()).count(h) == 1 and h not in taken else str(c) for c, h in heads.items()}


def comparison(store: DataStore, chosen: list[str], period: int, view: str) -> pd.DataFrame:
    """The table of every indicator for the chosen buurten, its downloads; returns the comparison frame."""
    made = shared(_comparison, store, tuple(chosen), period, view)
    st.caption(
        EXPLAIN[view] + " Blauw = gunstiger, oranje = ongunstiger; neutrale indicatoren (zoals de leeftijdsopbouw) "
        "krijgen geen kleur. Ontbreekt een cijfer, dan staat erbij waarom."
    )
    # Eight buurten side by side on a 1440 px screen: narrower cell padding, and long labels wrap.
    st.html(
        "<style>.st-key-vergelijken_tabel :is(th, td) { padding: 0.3rem 0.35rem; overflow-wrap: anywhere; }"
        ".st-key-vergelijken_tabel tbody th { min-width: 9rem; }</style>"
    )
    with st.container(key="vergelijken_tabel"):
        st.table(made.styled, width="stretch")
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


def comparison_frame_of(store: DataStore, chosen: list[str], period: int) -> pd.DataFrame:
    """The comparison frame without drawing the table (the parts that only need its indicators and labels)."""
    return shared(_comparison, store, tuple(chosen), period, "waarde").frame


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


#: Where the picked indicators are kept while another part of the page is open (Streamlit forgets the state of
#: a widget that a run does not draw).
_KEEP_PICKED = "_vergelijken_indicatoren_gekozen"


def per_indicator(store: DataStore, chosen: list[str], period: int) -> None:
    """Small multiples of the picked indicators (the chosen buurten, their gemeente, Twente and NL)."""
    frame = comparison_frame_of(store, chosen, period)
    labels = dict(zip(frame["indicator"], frame["label"], strict=False))
    if "vergelijken_indicatoren" not in st.session_state:
        kept = st.session_state.get(_KEEP_PICKED)
        start = kept if kept is not None else DEFAULT_INDICATORS
        st.session_state["vergelijken_indicatoren"] = [i for i in start if i in labels]
    picked = st.multiselect(
        "Indicatoren", list(labels), format_func=labels.__getitem__, key="vergelijken_indicatoren", max_selections=12
    )
    st.session_state[_KEEP_PICKED] = list(picked)
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
