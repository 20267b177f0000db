"""A working deprivation index per buurt ("kwetsbaarheidsindex, werkdefinitie"), MDI-style and transparent.

Not Het PON & Telos's official Multiple Deprivation Index: that one uses registry data we do not have. This one
uses only the buurt figures the monitor has for all of the Netherlands (RIVM/CBS/GGD health monitor, 18+) and
states its rule:

1. every indicator is standardised against all Dutch buurten of the same period (z-score), signed so that a
   higher score means more vulnerable;
2. a domain score is the mean of its indicators' scores (at least one needed);
3. the index is the weighted mean of the domain scores; when domains are missing the weights of the present
   ones are rescaled to sum to one, but only if at least ``MIN_DOMAINS`` domains are present, else no score.

0 is the average Dutch buurt; +1 is one standard deviation more vulnerable. Domains werk, onderwijs and wonen
have no buurt figures in the open data yet: they are listed, not filled in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Final

import altair as alt
import numpy as np
import pandas as pd

from regiomonitor.data import DataStore

INDEX_ID: Final = "kwetsbaarheidsindex"
INDEX_LABEL: Final = "Kwetsbaarheidsindex (werkdefinitie)"
AGE_GROUP: Final = "18+"


@dataclass(frozen=True)
class Domain:
    """A domain: its Dutch label, weight, and indicators with their sign (+1: higher is more vulnerable)."""

    id: str
    label: str
    weight: float
    indicators: Mapping[str, int]


DOMAINS: Final[tuple[Domain, ...]] = (
    Domain("bestaanszekerheid", "Bestaanszekerheid", 0.40, {"moeite_rondkomen": 1}),
    Domain("gezondheid", "Gezondheid", 0.25, {"goede_gezondheid": -1, "langdurige_aandoening": 1,
                                              "beperkt_gezondheid": 1, "risico_angst_depressie_hoog": 1}),
    Domain("sociaal", "Sociale samenhang en regie", 0.20, {"eenzaam": 1, "ernstig_eenzaam": 1,
                                                           "regie_eigen_leven": -1}),
    Domain("leefstijl", "Leefstijl", 0.15, {"roker": 1, "overgewicht": 1, "beweegrichtlijn": -1}),
)
#: Domains an MDI would have but the open buurt data do not cover (shown as such, never imputed).
MISSING_DOMAINS: Final[tuple[str, ...]] = ("Werk", "Onderwijs", "Wonen")
MIN_DOMAINS: Final = 3
INDICATORS: Final[tuple[str, ...]] = tuple(i for d in DOMAINS for i in d.indicators)

METHOD: Final = (
    "Werkdefinitie, niet de officiële MDI van Het PON & Telos. Per indicator (Gezondheidsmonitor, 18+) een z-score "
    "ten opzichte van alle Nederlandse buurten in hetzelfde jaar, zo gericht dat hoger = kwetsbaarder; per domein het "
    "gemiddelde; de index is het gewogen gemiddelde van de domeinen (bestaanszekerheid 40%, gezondheid 25%, sociale "
    "samenhang en regie 20%, leefstijl 15%). Ontbreekt een domein, dan tellen de andere naar verhouding zwaarder, "
    f"mits er minstens {MIN_DOMAINS} van de 4 zijn. 0 = gemiddelde Nederlandse buurt, +1 = één standaarddeviatie "
    "kwetsbaarder. Werk, onderwijs en wonen ontbreken: daar zijn (nog) geen open buurtcijfers voor."
)


def scores(values: pd.DataFrame, reference: pd.DataFrame) -> pd.DataFrame:
    """Domain scores and the index for the buurten in ``values``, standardised against ``reference``.

    Args:
        values: buurt code × indicator (the buurten to score).
        reference: buurt code × indicator (the distribution to standardise against: all Dutch buurten).

    Returns:
        One row per buurt: a column per domain id, ``n_domains`` and ``index`` (NaN when fewer than
        ``MIN_DOMAINS`` domains have data).
    """
    out = pd.DataFrame(index=values.index)
    for dom in DOMAINS:
        parts = []
        for ind, sign in dom.indicators.items():
            if ind not in values.columns or ind not in reference.columns:
                continue
            ref = reference[ind].dropna()
            sd = float(ref.std(ddof=0)) if len(ref) else 0.0
            if sd == 0.0:
                continue
            parts.append(sign * (values[ind] - float(ref.mean())) / sd)
        out[dom.id] = pd.concat(parts, axis=1).mean(axis=1, skipna=True) if parts else np.nan
    domain_cols = [d.id for d in DOMAINS]
    weights = pd.Series({d.id: d.weight for d in DOMAINS})
    present = out[domain_cols].notna()
    weighted = out[domain_cols].mul(weights, axis=1).sum(axis=1, skipna=True)
    total_weight = present.mul(weights, axis=1).sum(axis=1)
    out["n_domains"] = present.sum(axis=1).astype(int)
    out["index"] = (weighted / total_weight).where(out["n_domains"] >= MIN_DOMAINS)
    return out


def wide_values(long: pd.DataFrame, period: int) -> pd.DataFrame:
    """Buurt × indicator (18+) for one period from a long table (indicators.parquet or nl_buurten.parquet)."""
    rows = long[(long["period"] == period) & (long["age_group"] == AGE_GROUP) & long["indicator"].isin(INDICATORS)]
    if "level" in rows.columns:
        rows = rows[rows["level"] == "buurt"]
    return rows.pivot_table(index="area_code", columns="indicator", values="value", aggfunc="first")


def index_for_period(twente_long: pd.DataFrame, nl_long: pd.DataFrame, period: int) -> pd.DataFrame:
    """Scores of the Twente buurten for one period, standardised against all Dutch buurten of that period,
    with the NL percentile of the index (100 = most vulnerable buurt of NL)."""
    twente = wide_values(twente_long, period)
    nl = wide_values(nl_long, period)
    reference = pd.concat([nl, twente])
    reference = reference[~reference.index.duplicated(keep="last")]
    all_scores = scores(reference, reference)
    ranks = all_scores["index"].rank(pct=True) * 100
    out = all_scores.loc[all_scores.index.isin(twente.index)].copy()
    out["percentiel_nl"] = ranks.reindex(out.index)
    out["period"] = period
    return out


PERIODS: Final[tuple[int, ...]] = (2012, 2016, 2020)


def index_rows(store_indicators: pd.DataFrame, nl_long: pd.DataFrame) -> pd.DataFrame:
    """The index as rows of the long indicator table, for every area the store has health figures for.

    Buurten, wijken, gemeenten, Twente and NL are all scored against the same yardstick (the distribution of
    Dutch buurten in that period), so a gemeente's score reads on the buurt scale. Flag ``derived``.
    """
    out = []
    for period in PERIODS:
        rows = store_indicators[(store_indicators["period"] == period) & (store_indicators["age_group"] == AGE_GROUP)
                                & store_indicators["indicator"].isin(INDICATORS)]
        if rows.empty:
            continue
        values = rows.pivot_table(index="area_code", columns="indicator", values="value", aggfunc="first")
        buurten = values.loc[values.index.isin(rows.loc[rows["level"] == "buurt", "area_code"])]
        reference = pd.concat([wide_values(nl_long, period), buurten])
        reference = reference[~reference.index.duplicated(keep="last")]
        scored = scores(values, reference)["index"].dropna()
        meta = rows.drop_duplicates("area_code").set_index("area_code")
        out.append(pd.DataFrame({
            "area_code": scored.index, "level": meta.loc[scored.index, "level"].to_numpy(),
            "indicator": INDEX_ID, "period": period, "age_group": AGE_GROUP, "value": scored.to_numpy().round(3),
            "flag": "derived", "division": meta.loc[scored.index, "division"].to_numpy(),
            "dataset": "rivm_gezondheid_wijk_buurt",
        }))
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame(columns=store_indicators.columns)


def catalogue_row(rows: pd.DataFrame) -> dict[str, object]:
    """The catalogue entry of the index (levels and periods from the rows)."""
    levels = [lv for lv in ("land", "regio", "gemeente", "wijk", "buurt") if lv in set(rows["level"])]
    return {
        "id": INDEX_ID, "label": INDEX_LABEL, "unit": "score", "direction": "lager_beter",
        "thema": "samengesteld", "thema_label": "Samengestelde index", "definitie": METHOD,
        "bron": "rivm_gezondheid_wijk_buurt",
        "bron_titel": "Berekend door de Regiomonitor uit Gezondheid per wijk en buurt (Gezondheidsmonitor)",
        "uitgever": "Regiomonitor Twente, uit RIVM / CBS / GGD GHOR Nederland", "populatie": "volwassenen",
        "context_only": False, "levels": ",".join(levels),
        "periods": ",".join(str(p) for p in sorted(set(rows["period"]))), "age_groups": AGE_GROUP,
    }


def with_index(store: DataStore, nl_long: pd.DataFrame) -> DataStore:
    """A copy of the store with the index added as indicator ``kwetsbaarheidsindex`` (map, comparisons)."""
    rows = index_rows(store.indicators, nl_long)
    if rows.empty or INDEX_ID in set(store.catalogue["id"]):
        return store
    rows = rows.astype({c: t for c, t in store.indicators.dtypes.items()})
    indicators = pd.concat([store.indicators, rows], ignore_index=True)
    catalogue = pd.concat([store.catalogue, pd.DataFrame([catalogue_row(rows)]).astype(store.catalogue.dtypes.to_dict())],
                          ignore_index=True)
    return replace(store, indicators=indicators, catalogue=catalogue,
                   by_key=indicators.set_index(["area_code", "indicator", "period", "age_group"]).sort_index())


def breakdown(index_table: pd.DataFrame, codes: list[str], names: Mapping[str, str], period: int) -> pd.DataFrame:
    """Weighted domain contributions per buurt for one period (they add up to the index when all domains are
    present): columns buurt, code, domein, bijdrage, score (the domain's own score), index."""
    rows = []
    table = index_table[index_table["period"] == period]
    for code in codes:
        if code not in table.index:
            continue
        rec = table.loc[code]
        present = [d for d in DOMAINS if pd.notna(rec[d.id])]
        total = sum(d.weight for d in present) or 1.0
        for d in present:
            rows.append({"buurt": names.get(code, code), "code": code, "domein": d.label,
                         "bijdrage": float(rec[d.id]) * d.weight / total, "score": float(rec[d.id]),
                         "index": float(rec["index"]) if pd.notna(rec["index"]) else None})
    return pd.DataFrame(rows, columns=["buurt", "code", "domein", "bijdrage", "score", "index"])


def breakdown_chart(parts: pd.DataFrame) -> alt.Chart:
    """Diverging stacked bars: which domains push each buurt's index up (more vulnerable) or down."""
    order = [d.label for d in DOMAINS]
    return alt.Chart(parts).mark_bar().encode(
        y=alt.Y("buurt:N", title=None, sort=list(dict.fromkeys(parts["buurt"]))),
        x=alt.X("bijdrage:Q", title="Bijdrage aan de index (0 = gemiddelde Nederlandse buurt; hoger = kwetsbaarder)"),
        color=alt.Color("domein:N", title="Domein", sort=order,
                        scale=alt.Scale(domain=order, range=["#b2182b", "#ef8a62", "#67a9cf", "#2166ac"])),
        order=alt.Order("domein_volgorde:Q"),
        tooltip=[alt.Tooltip("buurt:N", title="Buurt"), alt.Tooltip("domein:N", title="Domein"),
                 alt.Tooltip("score:Q", title="Domeinscore", format=".2f"),
                 alt.Tooltip("bijdrage:Q", title="Gewogen bijdrage", format=".2f"),
                 alt.Tooltip("index:Q", title="Index", format=".2f")],
    ).transform_calculate(
        domein_volgorde="indexof(" + str(order) + ", datum.domein)"
    ).properties(height=34 * max(parts["buurt"].nunique(), 2), title=INDEX_LABEL + ": opbouw per domein")
