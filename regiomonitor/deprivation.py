"""A working deprivation index per area ("Kwetsbaarheidsindex, werkdefinitie"): MDI-style and transparent.

This is **not** Het PON & Telos's official Multiple Deprivation Index (that one uses registry data we do not
have). It uses only the buurt figures the monitor has for every buurt of the Netherlands (RIVM/CBS/GGD
Gezondheid per wijk en buurt, 18+) and states its rule:

1. every indicator is standardised against all Dutch buurten with a value in the same period:
   ``z = (value - median) / standard deviation``, with the sign flipped where higher is better, so that a higher
   score always means more vulnerable and 0 is the middle Dutch buurt;
2. a domain score is the mean of the z-scores of its indicators that have a value (at least one);
3. the index is the weighted mean of the domain scores (weights in ``DOMAINS``, summing to one). When a domain
   is missing, the weights of the present domains are rescaled to sum to one, but only when at least
   ``MIN_DOMAINS`` of the four domains are present; otherwise there is no score.

Wijken, gemeenten, Twente and NL are scored with the same yardstick (the distribution of buurten), so their
score reads on the buurt scale. The domains werk, onderwijs and wonen have no open buurt figures: they are
listed (``MISSING_DOMAINS``), never filled in. Not every indicator exists in every year (2012 lacks four, 2016
one); a change between years is therefore computed on the indicators both years have (``change_table``).

The prepare step stores the index and the four domain scores as derived indicators (``index_observations``),
so the map, the buurt profile and the comparison read them like any other indicator.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import altair as alt
import numpy as np
import pandas as pd

from regiomonitor.look import DOMAIN_COLOURS

INDEX_ID: Final = "kwetsbaarheidsindex"
INDEX_LABEL: Final = "Kwetsbaarheidsindex (werkdefinitie)"
#: The dataset id of the derived rows (its provenance is in data/content/sources.yaml).
DATASET_ID: Final = "regiomonitor_kwetsbaarheidsindex"
AGE_GROUP: Final = "18+"
PERIODS: Final[tuple[int, ...]] = (2012, 2016, 2020)
DERIVED_FLAG: Final = "derived"


@dataclass(frozen=True)
class Domain:
    """A domain: id, Dutch label, weight, and its indicators with their sign (+1: higher is more vulnerable)."""

    id: str
    label: str
    weight: float
    indicators: Mapping[str, int]

    @property
    def indicator_id(self) -> str:
        """The id under which the domain score is stored as an indicator."""
        return f"kwetsbaarheid_{self.id}"


#: Bestaanszekerheid weighs most: it is the core of deprivation, and the missing domains werk, onderwijs and
#: wonen go closely with it. Leefstijl weighs least: behaviour is as much a result as a cause.
DOMAINS: Final[tuple[Domain, ...]] = (
    Domain("bestaanszekerheid", "Bestaanszekerheid", 0.40, {"moeite_rondkomen": 1}),
    Domain(
        "gezondheid",
        "Gezondheid",
        0.25,
        {"goede_gezondheid": -1, "langdurige_aandoening": 1, "beperkt_gezondheid": 1, "risico_angst_depressie_hoog": 1},
    ),
    Domain(
        "sociaal", "Sociale samenhang en regie", 0.20, {"eenzaam": 1, "ernstig_eenzaam": 1, "regie_eigen_leven": -1}
    ),
    Domain("leefstijl", "Leefstijl", 0.15, {"roker": 1, "overgewicht": 1, "beweegrichtlijn": -1}),
)
#: Domains an MDI would have but the open buurt data do not cover (shown as such, never imputed).
MISSING_DOMAINS: Final[tuple[str, ...]] = ("Werk", "Onderwijs", "Wonen")
MIN_DOMAINS: Final = 3
INDICATORS: Final[tuple[str, ...]] = tuple(i for d in DOMAINS for i in d.indicators)
#: Every indicator id the prepare step derives: the index first, then the domain scores.
DERIVED_IDS: Final[tuple[str, ...]] = (INDEX_ID, *(d.indicator_id for d in DOMAINS))

METHOD: Final = (
    "Werkdefinitie, **niet** de officiële MDI (Multiple Deprivation Index) van Het PON & Telos. Per indicator uit "
    "de Gezondheidsmonitor (18+) berekenen we een z-score tegen alle Nederlandse buurten in hetzelfde jaar: "
    "(waarde − mediaan) / standaardafwijking, zo gedraaid dat hoger altijd kwetsbaarder is. Een domein is het "
    "gemiddelde van zijn indicatoren; de index is het gewogen gemiddelde van de domeinen: "
    + ", ".join(f"{d.label.lower()} {round(d.weight * 100)}%" for d in DOMAINS)
    + f". Ontbreekt een domein, dan tellen de andere naar verhouding zwaarder, mits er minstens {MIN_DOMAINS} van "
    f"de {len(DOMAINS)} zijn; anders is er geen score. 0 = de middelste Nederlandse buurt, +1 = één "
    "standaardafwijking kwetsbaarder. Wijken, gemeenten, Twente en Nederland krijgen een score op dezelfde "
    "buurtschaal. " + ", ".join(MISSING_DOMAINS) + ": geen buurtcijfers beschikbaar, dus niet in de index "
    "(niet geschat). In 2012 ontbreken vier indicatoren (langdurige aandoening, beperkt door gezondheid, regie, "
    "beweegrichtlijn) en in 2016 één (beperkt door gezondheid); een verandering tussen jaren rekenen we daarom "
    "alleen op de indicatoren die beide jaren hebben."
)


def domain_of(indicator: str) -> Domain:
    """The domain an indicator belongs to.

    Raises:
        KeyError: the indicator is not part of the index.
    """
    for d in DOMAINS:
        if indicator in d.indicators:
            return d
    raise KeyError(indicator)


def weights_text() -> str:
    """'bestaanszekerheid 40%, gezondheid 25%, …' for captions."""
    return ", ".join(f"{d.label.lower()} {round(d.weight * 100)}%" for d in DOMAINS)


def domain_list(labels: Mapping[str, str]) -> str:
    """A Markdown list of the domains with weight and indicators, then the domains without buurt figures.

    ``labels`` maps indicator ids to their Dutch labels (the catalogue).
    """

    def lower(label: str) -> str:  # 'Eén of meer …' -> 'één of meer …'; the rest of the label as written
        text = label[:1].lower() + label[1:]
        return "één" + text[3:] if text.startswith("eén") else text

    lines = [
        f"- **{d.label}** ({round(d.weight * 100)}%): "
        + ", ".join(lower(labels.get(i, i)) + (" (omgekeerd)" if sign < 0 else "") for i, sign in d.indicators.items())
        for d in DOMAINS
    ]
    lines += [f"- **{m}**: geen buurtcijfers beschikbaar" for m in MISSING_DOMAINS]
    return "\n".join(lines)


def yardstick(reference: pd.DataFrame) -> pd.DataFrame:
    """Median and standard deviation (population, ddof=0) per indicator over the reference buurten.

    Indicators without values or without spread are left out (they cannot be standardised).
    """
    rows = {}
    for ind in reference.columns:
        col = reference[ind].dropna()
        if len(col) == 0:
            continue
        sd = float(col.std(ddof=0))
        if sd > 0 and np.isfinite(sd):
            rows[ind] = {"median": float(col.median()), "sd": sd}
    return pd.DataFrame.from_dict(rows, orient="index", columns=["median", "sd"])


def standardise(values: pd.DataFrame, reference: pd.DataFrame) -> pd.DataFrame:
    """Signed z-scores (higher = more vulnerable) of the index indicators in ``values`` against ``reference``."""
    stick = yardstick(reference[[c for c in reference.columns if c in INDICATORS]])
    out = {}
    for ind in INDICATORS:
        if ind in values.columns and ind in stick.index:
            sign = domain_of(ind).indicators[ind]
            out[ind] = sign * (values[ind].astype(float) - stick.loc[ind, "median"]) / stick.loc[ind, "sd"]
    return pd.DataFrame(out, index=values.index)


def combine(domains: pd.DataFrame) -> pd.DataFrame:
    """The index from domain scores (columns = domain ids): weighted mean over the present domains, rescaled,
    when at least ``MIN_DOMAINS`` are present. Adds ``n_domains`` and ``index``."""
    cols = [d.id for d in DOMAINS]
    frame = domains.reindex(columns=cols)
    weights = pd.Series({d.id: d.weight for d in DOMAINS})
    present = frame.notna()
    total = present.mul(weights, axis=1).sum(axis=1)
    weighted = frame.mul(weights, axis=1).sum(axis=1, skipna=True)
    out = frame.copy()
    out["n_domains"] = present.sum(axis=1).astype(int)
    out["index"] = (weighted / total.where(total > 0)).where(out["n_domains"] >= MIN_DOMAINS)
    return out


def scores(values: pd.DataFrame, reference: pd.DataFrame) -> pd.DataFrame:
    """Domain scores and the index for the areas in ``values``, standardised against ``reference``.

    Args:
        values: area code × indicator (the areas to score).
        reference: buurt code × indicator (the distribution to standardise against: all Dutch buurten).

    Returns:
        One row per area: a column per domain id, ``n_domains`` and ``index`` (NaN when fewer than
        ``MIN_DOMAINS`` domains have data).
    """
    z = standardise(values, reference)
    domains = pd.DataFrame(index=values.index)
    for d in DOMAINS:
        parts = [c for c in d.indicators if c in z.columns]
        domains[d.id] = z[parts].mean(axis=1, skipna=True) if parts else np.nan
    return combine(domains)


def wide_values(
    long: pd.DataFrame, period: int, indicators: Iterable[str] = INDICATORS, level: str | None = "buurt"
) -> pd.DataFrame:
    """Area × indicator (18+) for one period from a long table (indicators.parquet or nl_buurten.parquet).

    ``level`` filters on the level column when the table has one (``None``: every level).
    """
    wanted = list(indicators)
    rows = long[(long["period"] == period) & (long["age_group"] == AGE_GROUP) & long["indicator"].isin(wanted)]
    if level is not None and "level" in rows.columns:
        rows = rows[rows["level"] == level]
    elif level == "buurt":
        rows = rows[rows["area_code"].str.startswith("BU")]
    wide = rows.pivot_table(index="area_code", columns="indicator", values="value", aggfunc="first")
    return wide.reindex(columns=[i for i in wanted if i in wide.columns])


def national_reference(
    twente_long: pd.DataFrame, nl_long: pd.DataFrame, period: int, indicators: Iterable[str] = INDICATORS
) -> pd.DataFrame:
    """All Dutch buurten × indicator for one period: the buurten outside Twente plus the Twente buurten."""
    wanted = list(indicators)
    reference = pd.concat([wide_values(nl_long, period, wanted), wide_values(twente_long, period, wanted)])
    return reference[~reference.index.duplicated(keep="last")].dropna(how="all")


def common_indicators(twente_long: pd.DataFrame, nl_long: pd.DataFrame, periods: Sequence[int]) -> tuple[str, ...]:
    """The index indicators with buurt values in every one of ``periods`` (for comparable changes)."""
    have = [set(national_reference(twente_long, nl_long, p).columns) for p in periods]
    return tuple(i for i in INDICATORS if all(i in h for h in have))


def index_table(
    twente_long: pd.DataFrame, nl_long: pd.DataFrame, period: int, indicators: Iterable[str] = INDICATORS
) -> pd.DataFrame:
    """Scores of every Dutch buurt for one period, with the NL percentile of the index (100 = most vulnerable)
    and ``period``. Restrict ``indicators`` to compare periods on the same footing."""
    reference = national_reference(twente_long, nl_long, period, indicators)
    out = scores(reference, reference)
    out["percentiel_nl"] = out["index"].rank(pct=True) * 100
    out["period"] = period
    return out


def index_observations(
    observations: pd.DataFrame, nl_long: pd.DataFrame, periods: Sequence[int] = PERIODS
) -> pd.DataFrame:
    """The index and the domain scores as rows of the long indicator table (flag ``derived``).

    Every area of ``observations`` with health figures (buurt, wijk, gemeente, Twente, NL) is scored against
    the distribution of all Dutch buurten of that period. Only rows with a value are returned.

    Args:
        observations: the long table with a ``level`` column (the prepared indicators).
        nl_long: the buurten outside the scope of ``observations`` (the prepared nl_buurten table).
    """
    columns = ["area_code", "level", "indicator", "period", "age_group", "value", "flag", "division", "dataset"]
    out = []
    for period in periods:
        rows = observations[
            (observations["period"] == period)
            & (observations["age_group"] == AGE_GROUP)
            & observations["indicator"].isin(INDICATORS)
        ]
        if rows.empty:
            continue
        values = wide_values(rows, period, level=None)
        scored = scores(values, national_reference(observations, nl_long, period))
        meta = rows.drop_duplicates("area_code").set_index("area_code")[["level", "division"]]
        for ind_id, column in ((INDEX_ID, "index"), *((d.indicator_id, d.id) for d in DOMAINS)):
            col = scored[column].dropna()
            out.append(
                pd.DataFrame(
                    {
                        "area_code": col.index,
                        "level": meta.loc[col.index, "level"].to_numpy(),
                        "indicator": ind_id,
                        "period": period,
                        "age_group": AGE_GROUP,
                        "value": np.round(col.to_numpy(dtype=float), 3) + 0.0,
                        "flag": DERIVED_FLAG,
                        "division": meta.loc[col.index, "division"].to_numpy(),
                        "dataset": DATASET_ID,
                    }
                )
            )
    if not out:
        return pd.DataFrame(columns=columns)
    return pd.concat(out, ignore_index=True)[columns]


def change_table(
    twente_long: pd.DataFrame, nl_long: pd.DataFrame, codes: Sequence[str], start: int, end: int
) -> pd.DataFrame:
    """The comparable change of the index and its domains between two periods for the given buurten.

    Both periods are scored on the indicators both have (against the NL buurten of each period), so a change
    is not an artefact of an indicator that was added. Columns: code, start, end, index_start, index_end,
    verschil, a ``<domain>_verschil`` per domain, indicatoren (the ids used). Buurten without a score in both
    periods get NaN (the buurt division of the health monitor is the same, 2020, in every period).
    """
    common = common_indicators(twente_long, nl_long, (start, end))
    a = index_table(twente_long, nl_long, start, common).reindex(list(codes))
    b = index_table(twente_long, nl_long, end, common).reindex(list(codes))
    out = pd.DataFrame(
        {
            "code": list(codes),
            "start": start,
            "end": end,
            "index_start": a["index"].to_numpy(),
            "index_end": b["index"].to_numpy(),
        }
    )
    out["verschil"] = out["index_end"] - out["index_start"]
    for d in DOMAINS:
        out[f"{d.id}_verschil"] = (b[d.id] - a[d.id]).to_numpy()
    out["indicatoren"] = ",".join(common)
    return out


def breakdown(index_table: pd.DataFrame, codes: Sequence[str], names: Mapping[str, str], period: int) -> pd.DataFrame:
    """Weighted domain contributions per area for one period; they add up to the index. Columns: buurt, code,
    domein, bijdrage (weight × score, rescaled over present domains), score (the domain's own score), index."""
    rows = []
    table = index_table[index_table["period"] == period] if "period" in index_table.columns else index_table
    for code in codes:
        if code not in table.index:
            continue
        rec = table.loc[code]
        if pd.isna(rec["index"]):
            continue
        present = [d for d in DOMAINS if pd.notna(rec[d.id])]
        total = sum(d.weight for d in present) or 1.0
        for d in present:
            rows.append(
                {
                    "buurt": names.get(code, code),
                    "code": code,
                    "domein": d.label,
                    "bijdrage": float(rec[d.id]) * d.weight / total,
                    "score": float(rec[d.id]),
                    "index": float(rec["index"]),
                }
            )
    return pd.DataFrame(rows, columns=["buurt", "code", "domein", "bijdrage", "score", "index"])


def breakdown_chart(parts: pd.DataFrame) -> alt.LayerChart | alt.FacetChart:
    """Stacked bars per area: how much each domain adds to (or, below the Dutch middle, takes from) the index,
    with a black tick at the index itself."""
    order = [d.label for d in DOMAINS]
    names = list(dict.fromkeys(parts["buurt"]))
    data = parts.assign(volgorde=parts["domein"].map({label: i for i, label in enumerate(order)}))
    y = alt.Y("buurt:N", title=None, sort=names, axis=alt.Axis(labelLimit=260))
    bars = (
        alt.Chart(data)
        .mark_bar(size=18)
        .encode(
            y=y,
            x=alt.X(
                "bijdrage:Q", title="Bijdrage aan de index (0 = middelste Nederlandse buurt; hoger = kwetsbaarder)"
            ),
            color=alt.Color(
                "domein:N",
                title="Domein",
                sort=order,
                scale=alt.Scale(domain=order, range=list(DOMAIN_COLOURS)),
                legend=alt.Legend(orient="bottom", columns=4, labelLimit=320),
            ),
            order=alt.Order("volgorde:Q"),
            tooltip=[
                alt.Tooltip("buurt:N", title="Buurt"),
                alt.Tooltip("domein:N", title="Domein"),
                alt.Tooltip("score:Q", title="Domeinscore", format=".2f"),
                alt.Tooltip("bijdrage:Q", title="Gewogen bijdrage", format=".2f"),
                alt.Tooltip("index:Q", title="Index", format=".2f"),
            ],
        )
    )
    totals = data.drop_duplicates("code")
    ticks = (
        alt.Chart(totals)
        .mark_tick(color="black", thickness=3, size=26)
        .encode(
            y=y,
            x="index:Q",
            tooltip=[alt.Tooltip("buurt:N", title="Buurt"), alt.Tooltip("index:Q", title="Index", format=".2f")],
        )
    )
    # A step height (per row), so a legend below does not squeeze the rows when the app fits the chart.
    return alt.layer(bars, ticks).properties(height=alt.Step(34), title=INDEX_LABEL + ": opbouw per domein")
