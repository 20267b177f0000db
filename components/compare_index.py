"""Vergelijken: the working deprivation index (kwetsbaarheidsindex) of the chosen buurten.

The national index per period and the changes are cached per process; the breakdown, its chart, the table and
the notes of one choice of buurten and year are built once per distinct input (:func:`components.shared.shared`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components.data import get_nl_buurten, get_store
from components.export import chart_downloads
from components.shared import shared
from components.ui import source_note
from regiomonitor.data import DataStore
from regiomonitor.deprivation import (
    DOMAINS,
    INDEX_ID,
    INDEX_LABEL,
    MIN_DOMAINS,
    MISSING_DOMAINS,
    breakdown,
    breakdown_chart,
    change_table,
    domain_list,
    index_table,
    weights_text,
)
from regiomonitor.deprivation import INDICATORS as INDEX_INDICATORS
from regiomonitor.deprivation import METHOD as INDEX_METHOD
from regiomonitor.deprivation import PERIODS as INDEX_PERIODS
from regiomonitor.fmt import number, signed
from regiomonitor.indicators import source_line
from regiomonitor.look import AnyChart
from regiomonitor.paths import current_paths


def root() -> str:
    """The data folder in use (part of every cache key, so a test's other data folder gets its own entries)."""
    return str(current_paths().root)


@st.cache_data(show_spinner=False, max_entries=8)
def national_index(root: str, period: int) -> pd.DataFrame:
    """The index of every Dutch buurt in one period (for NL percentiles and the twins' index)."""
    return index_table(get_store().indicators, get_nl_buurten(), period)


@st.cache_data(show_spinner=False, max_entries=32)
def _changes(root: str, codes: tuple[str, ...], start: int, end: int) -> pd.DataFrame:
    return change_table(get_store().indicators, get_nl_buurten(), list(codes), start, end)


@dataclass(frozen=True)
class IndexView:
    """The index section of one choice of buurten and year (shared across sessions: read-only)."""

    use: int
    chart: AnyChart | None
    shown: pd.DataFrame
    source: str
    notes: str


def _index_view(store: DataStore, data_root: str, chosen: tuple[str, ...], period: int) -> IndexView:
    use = period if period in INDEX_PERIODS else INDEX_PERIODS[-1]
    national = national_index(data_root, use)
    names = {c: store.name(c) for c in chosen}
    parts = breakdown(national, list(chosen), names, use)
    if parts.empty:
        return IndexView(use, None, pd.DataFrame(), "", "")
    changes = {(a, b): _changes(data_root, chosen, a, b) for a, b in ((2016, 2020), (2012, 2020))}
    stored = store.rows(chosen, INDEX_ID).pivot_table(
        index="area_code", columns="period", values="value", aggfunc="first"
    )
    rows = []
    for code in chosen:
        rec = national.loc[code] if code in national.index else None
        row = {"Buurt": store.name(code)}
        for p in INDEX_PERIODS:
            v = stored[p].get(code) if p in stored.columns else None
            row[f"Index {p}"] = number(v, 2) if v is not None and pd.notna(v) else "–"
        for (a, b), tab in changes.items():
            ch = tab.set_index("code")["verschil"].get(code)
            row[f"Verandering {a}→{b}"] = signed(ch, 2) if ch is not None and pd.notna(ch) else "–"
        pct = rec["percentiel_nl"] if rec is not None else None
        row[f"Positie in NL {use}"] = (
            f"kwetsbaarste {max(1, round(100 - pct))}%" if pct is not None and pd.notna(pct) else "–"
        )
        for d in DOMAINS:
            v = rec[d.id] if rec is not None else None
            row[f"{d.label} {use}"] = number(v, 2) if v is not None and pd.notna(v) else "–"
        row["Code"] = code
        rows.append(row)
    left_out = {
        k: [
            store.indicator(i).label.lower() for i in INDEX_INDICATORS if i not in tab["indicatoren"].iloc[0].split(",")
        ]
        for k, tab in changes.items()
        if len(tab)
    }
    src = source_line(store, ["regiomonitor_kwetsbaarheidsindex", "rivm_gezondheid_wijk_buurt"], list(INDEX_PERIODS))
    notes = [
        f"Staafjes: gewogen bijdrage per domein in {use}; zwart streepje: de index. Een buurt krijgt alleen een "
        f"score met cijfers in minstens {MIN_DOMAINS} van de {len(DOMAINS)} domeinen.",
        "Verandering: beide jaren opnieuw berekend op alleen de indicatoren die beide jaren hebben, dus "
        "vergelijkbaar (positief = kwetsbaarder geworden ten opzichte van de Nederlandse buurten); "
        + "; ".join(f"{a}→{b} zonder {', '.join(lo)}" for (a, b), lo in left_out.items() if lo)
        + ". De index per jaar gebruikt alle indicatoren van dat jaar.",
        "De gezondheidsmonitor gebruikt in alle jaren de buurtindeling van 2020, dus er is geen grensbreuk "
        "binnen de reeks; nieuwe Almelose buurten (indeling 2024) hebben geen score.",
    ]
    return IndexView(use, breakdown_chart(parts), pd.DataFrame(rows), src, " ".join(notes) + " " + src)


def _domain_list(store: DataStore) -> str:
    return domain_list(dict(zip(store.catalogue["id"], store.catalogue["label"], strict=True)))


def index_section(store: DataStore, chosen: list[str], period: int) -> None:
    """The index of the chosen buurten: what it is, its domain breakdown, its change, its downloads."""
    st.markdown(
        f"Een samengestelde score uit vier domeinen van de gezondheidsmonitor ({weights_text()}), per indicator "
        "afgezet tegen alle Nederlandse buurten van hetzelfde jaar. **0 = de middelste Nederlandse buurt, hoger = "
        "kwetsbaarder** (+1 = één standaardafwijking). Dit is een werkdefinitie van deze monitor, **niet de officiële "
        "MDI van Het PON & Telos**. " + ", ".join(MISSING_DOMAINS) + ": geen buurtcijfers beschikbaar, dus niet in "
        "de index."
    )
    with st.expander("Hoe de index wordt berekend"):
        st.markdown(INDEX_METHOD)
        st.markdown(shared(_domain_list, store))
    made = shared(_index_view, store, root(), tuple(chosen), period)
    if made.chart is None:
        st.info(
            f"Geen van de gekozen buurten heeft in {made.use} een index (te weinig cijfers of buurtindeling gewijzigd)."
        )
        return
    st.altair_chart(made.chart, width="stretch")
    st.dataframe(made.shown, hide_index=True, width="stretch")
    chart_downloads(
        made.chart,
        made.shown,
        f"kwetsbaarheidsindex {' '.join(store.name(c) for c in chosen[:3])}",
        f"{INDEX_LABEL}, opbouw {made.use}",
        made.source,
        ", ".join(str(p) for p in INDEX_PERIODS),
        key="vergelijken_index_dl",
    )
    source_note(made.notes)
    st.caption("Ook als indicator op de kaart, in de tabel hierboven en in het buurtprofiel.")
