"""Queries on the long indicator table: single values, references, small tables for display.

Compute once here; pages render the results as metrics, tables or charts.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from regiomonitor.data import DataStore
from regiomonitor.prepare.values import FLAG_LABELS


@dataclass(frozen=True)
class Observation:
    """One value with its provenance. ``value`` is None when the source has none (see ``reason``)."""

    area_code: str
    indicator: str
    period: int
    age_group: str
    value: float | None
    flag: str
    dataset: str

    @property
    def reason(self) -> str:
        """Dutch explanation of a missing or derived value ('' for an ordinary value)."""
        return FLAG_LABELS.get(self.flag, self.flag)


def default_age_group(store: DataStore, indicator: str) -> str:
    """The age group shown by default: 18+ for the health monitor, 'totaal' otherwise."""
    return store.indicator(indicator).default_age


def periods_of(store: DataStore, indicator: str) -> list[int]:
    """Periods with at least one value for the indicator, oldest first."""
    return list(store.indicator(indicator).periods)


def periods_at_level(store: DataStore, indicator: str, level: str) -> list[int]:
    """Periods in which the indicator has at least one value at ``level`` ('buurt', 'wijk', ...), oldest first.

    Narrower than :func:`periods_of`: population counts, for example, exist for gemeenten in 2020 but for buurten
    only in 2024, and a map should not offer a year that would draw an empty layer.
    """
    return list(store.periods_at(indicator, level))


def observation(
    store: DataStore, area: str, indicator: str, period: int, age_group: str | None = None
) -> Observation | None:
    """The observation for one key, or None when the table has no row at all for it."""
    age = age_group or default_age_group(store, indicator)
    key = (area, indicator, period, age)
    if store.by_key is not None:
        try:
            r = store.by_key.loc[key]
        except KeyError:
            return None
        if isinstance(r, pd.DataFrame):  # cannot happen with a validated unique key; be safe
            r = r.iloc[0]
    else:
        df = store.indicators
        rows = df[
            (df["area_code"] == area)
            & (df["indicator"] == indicator)
            & (df["period"] == period)
            & (df["age_group"] == age)
        ]
        if rows.empty:
            return None
        r = rows.iloc[0]
    value = None if pd.isna(r["value"]) else float(r["value"])
    return Observation(area, indicator, int(period), age, value, str(r["flag"]), str(r["dataset"]))


def value_table(store: DataStore, areas: list[str], indicators: list[str], period: int | None = None) -> pd.DataFrame:
    """A tidy table (area × indicator) of the latest period available, or of ``period`` when given.

    Columns: area_code, area, indicator, label, unit, period, age_group, value, flag, reason, dataset, source.
    """
    rows = []
    for ind in indicators:
        meta = store.indicator(ind)
        age = default_age_group(store, ind)
        periods = periods_of(store, ind)
        use = period if period in periods else (periods[-1] if periods else None)
        for area in areas:
            obs = observation(store, area, ind, use, age) if use is not None else None
            ds = store.datasets.get(obs.dataset if obs else meta.bron)
            rows.append(
                {
                    "area_code": area,
                    "area": store.name(area),
                    "indicator": ind,
                    "label": meta.label,
                    "unit": meta.unit,
                    "period": use,
                    "age_group": age,
                    "value": obs.value if obs else None,
                    "flag": obs.flag if obs else "missing",
                    "reason": obs.reason if obs else "geen cijfer voor dit gebied",
                    "dataset": ds.id if ds else "",
                    "source": ds.citation() if ds else "",
                }
            )
    return pd.DataFrame(rows)


def source_line(store: DataStore, dataset_ids: list[str], periods: list[int] | None = None) -> str:
    """A one-line Dutch source note: 'Bron: RIVM/CBS …; CBS … (2020, 2024).'"""
    seen: list[str] = []
    for ds_id in dataset_ids:
        ds = store.datasets.get(ds_id)
        if ds and ds.citation() not in seen:
            seen.append(ds.citation())
    period_txt = f" Periode: {', '.join(str(p) for p in sorted(set(periods)))}." if periods else ""
    return "Bron: " + "; ".join(seen) + "." + period_txt
