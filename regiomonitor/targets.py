"""Targets, trajectories and on-track verdicts for the Elk Talent Telt monitor (no Streamlit).

The Regio Deal gives directions, not numbers, for 2034 and 2039. Targets here follow a stated, editable
working rule: close a share of the gap between the baseline (nulmeting) and a reference area by each
milestone. A verdict compares the observed trend (least squares over the measured years) with the annual
change the target requires. Everything is labelled a working assumption in the interface.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final, overload

import numpy as np
import pandas as pd

from regiomonitor.areas import TWENTE_CODE
from regiomonitor.data import DataStore
from regiomonitor.look import (
    PRE_START_TINT,
    TARGET_TINTS,
    TEXT_DARK,
)

MILESTONES: Final[tuple[int, int]] = (2034, 2039)
#: The year Elk Talent Telt started (Regio Deal 2025-2028): a series that ends earlier says nothing about the
#: programme's results, only about the trend before it.
PROGRAMME_START: Final[int] = 2025

#: Verdict thresholds on the ratio realised / required annual improvement.
ON_TRACK: Final = 1.0
ATTENTION: Final = 0.5
VERDICTS: Final[dict[str, str]] = {
    "op_koers": "op koers",
    "aandacht": "aandacht nodig",
    "niet_op_koers": "niet op koers",
    "bereikt": "doel al bereikt",
    "onvoldoende": "te weinig metingen",
}
THRESHOLD_TEXT: Final = (
    "Oordeel: de jaarlijkse verandering in de gemeten jaren (rechte lijn door de metingen) gedeeld door de "
    "jaarlijkse verbetering die nodig is om het doel voor 2034 te halen. 100% of meer: op koers; 50% tot "
    "100%: aandacht nodig; minder dan 50% of een verslechtering: niet op koers. Met minder dan twee metingen "
    "is er geen oordeel."
)

#: The thresholds in one line, to print beside every verdict (not only in a closed expander).
THRESHOLD_SHORT: Final = (
    "Drempels: op koers = de gemeten jaarlijkse verandering is minstens 100% van de verbetering die nodig is voor "
    "het doel van 2034; aandacht nodig = 50-100%; niet op koers = minder dan 50% of een verslechtering."
)

#: Two-sided 95% t quantiles by degrees of freedom, for the trend band (scipy is not a dependency).
_T95: Final[dict[int, float]] = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571}


@dataclass(frozen=True)
class TargetRule:
    """Share of the gap to the reference closed by 2034 and by 2039 (0..1), and the reference area."""

    gap_2034: float = 0.5
    gap_2039: float = 1.0
    reference: str = TWENTE_CODE

    def describe(self, reference_name: str) -> str:
        """Dutch wording of the rule."""
        return (
            f"Werkaanname: in 2034 is {round(self.gap_2034 * 100)}% en in 2039 {round(self.gap_2039 * 100)}% "
            f"van de achterstand tot {reference_name} (bij de nulmeting) ingelopen. Het document noemt geen "
            "streefcijfers, alleen de richting."
        )


@dataclass(frozen=True)
class Targets:
    """Baseline and targets for one area and indicator."""

    baseline_year: int
    baseline: float
    reference: float
    target_2034: float
    target_2039: float
    already_met: bool


def make_targets(baseline_year: int, baseline: float, reference: float, direction: str, rule: TargetRule) -> Targets:
    """Targets that close ``rule`` shares of the gap; an area already at or better than the reference keeps
    its level as target (it must not fall back).

    Raises:
        ValueError: for a neutral indicator (no better or worse) or shares outside 0..1.
    """
    if direction not in ("hoger_beter", "lager_beter"):
        raise ValueError("targets need an indicator with a direction of 'better'")
    if not (0 <= rule.gap_2034 <= 1 and 0 <= rule.gap_2039 <= 1):
        raise ValueError("gap shares must lie between 0 and 1")
    gap = reference - baseline
    worse = gap > 0 if direction == "hoger_beter" else gap < 0
    if not worse:
        return Targets(baseline_year, baseline, reference, baseline, baseline, True)
    return Targets(
        baseline_year, baseline, reference, baseline + rule.gap_2034 * gap, baseline + rule.gap_2039 * gap, False
    )


@dataclass(frozen=True)
class Trend:
    """A least-squares line through the measured points, with a 95% band where there are 3+ points."""

    slope: float  # per year
    intercept: float
    n: int
    residual_se: float | None

    @overload
    def at(self, year: float) -> float: ...
    @overload
    def at(self, year: np.ndarray) -> np.ndarray: ...
    def at(self, year: float | np.ndarray) -> float | np.ndarray:
        """The trend value in ``year`` (or in each of an array of years)."""
        return self.intercept + self.slope * year


def fit_trend(years: list[int] | np.ndarray, values: list[float] | np.ndarray) -> Trend | None:
    """Fit a straight line; None with fewer than two points."""
    x = np.asarray(years, dtype=float)
    y = np.asarray(values, dtype=float)
    ok = ~np.isnan(y)
    x, y = x[ok], y[ok]
    if len(x) < 2 or np.ptp(x) == 0:
        return None
    slope, intercept = np.polyfit(x, y, 1)
    se = None
    if len(x) >= 3:
        resid = y - (intercept + slope * x)
        se = float(math.sqrt(float(np.sum(resid**2)) / (len(x) - 2)))
    return Trend(float(slope), float(intercept), int(len(x)), se)


def band(trend: Trend, years: list[int] | np.ndarray, fitted_years: list[int] | np.ndarray) -> pd.DataFrame:
    """95% prediction band of the trend over ``years`` (only when the trend has a residual error)."""
    x0 = np.asarray(fitted_years, dtype=float)
    xs = np.asarray(years, dtype=float)
    if trend.residual_se is None:
        return pd.DataFrame(columns=["jaar", "laag", "hoog"])
    t = _T95.get(trend.n - 2, 1.96)
    sxx = float(np.sum((x0 - x0.mean()) ** 2))
    half = t * trend.residual_se * np.sqrt(1 + 1 / trend.n + (xs - x0.mean()) ** 2 / sxx)
    mid = trend.intercept + trend.slope * xs
    return pd.DataFrame({"jaar": xs.astype(int), "laag": mid - half, "hoog": mid + half})


@dataclass(frozen=True)
class Verdict:
    """The on-track verdict and its basis."""

    code: str
    realised_per_year: float | None
    required_per_year: float | None
    ratio: float | None

    @property
    def label(self) -> str:
        """Dutch label."""
        return VERDICTS[self.code]


def verdict(trend: Trend | None, targets: Targets, direction: str) -> Verdict:
    """Compare the realised annual change with the required one (see ``THRESHOLD_TEXT``)."""
    if targets.already_met:
        return Verdict("bereikt", trend.slope if trend else None, 0.0, None)
    required = (targets.target_2034 - targets.baseline) / (MILESTONES[0] - targets.baseline_year)
    if trend is None:
        return Verdict("onvoldoende", None, required, None)
    sign = 1.0 if direction == "hoger_beter" else -1.0
    ratio = (trend.slope * sign) / (required * sign) if required else None
    if ratio is None:
        code = "bereikt"
    elif ratio >= ON_TRACK:
        code = "op_koers"
    elif ratio >= ATTENTION:
        code = "aandacht"
    else:
        code = "niet_op_koers"
    return Verdict(code, trend.slope, required, ratio)


# ------------------------------------------------------------------------------------------- series


def weighted_series(
    store: DataStore, codes: list[str] | tuple[str, ...], indicator: str, age_group: str
) -> pd.DataFrame:
    """Series for a group of buurten: mean weighted by 2024 inhabitants, per period.

    Returns jaar, value, n (buurten with a value), n_total, division. A focus area is not a CBS area, so
    these are our own derived figures (labelled so).
    """
    sub = store.rows(codes, indicator, age_group)
    sub = sub[sub["value"].notna()]
    pop = store.rows(codes, "inwoners")
    pop = pop[pop["period"] == 2024]
    w = dict(zip(pop["area_code"], pop["value"].fillna(0), strict=True))
    rows = []
    for period, grp in sub.groupby("period"):
        weights = grp["area_code"].map(w).fillna(0).to_numpy()
        if weights.sum() <= 0:
            continue
        rows.append(
            {
                "jaar": int(period),
                "value": float(np.average(grp["value"], weights=weights)),
                "n": int(len(grp)),
                "n_total": len(codes),
                "division": int(grp["division"].iloc[0]),
            }
        )
    return pd.DataFrame(rows, columns=["jaar", "value", "n", "n_total", "division"])


def area_series(store: DataStore, code: str, indicator: str, age_group: str) -> pd.DataFrame:
    """Series of one CBS area (gemeente, TWENTE, NL00) in the same shape as ``weighted_series``."""
    sub = store.rows([code], indicator, age_group)
    sub = sub[sub["value"].notna()].sort_values("period")
    return pd.DataFrame(
        {
            "jaar": sub["period"].astype(int).to_numpy(),
            "value": sub["value"].to_numpy(),
            "n": 1,
            "n_total": 1,
            "division": sub["division"].astype(int).to_numpy(),
        }
    )


@dataclass(frozen=True)
class Trajectory:
    """All numbers behind one trend-to-target chart for one area."""

    area: str
    series: pd.DataFrame
    targets: Targets | None
    trend: Trend | None
    verdict: Verdict | None

    @property
    def pre_start(self) -> str | None:
        """'trend 2012-2020, vóór de start' when the measurements end before the programme started, else None."""
        return pre_start_label(self.series)

    @property
    def verdict_label(self) -> str | None:
        """The verdict in words, prefixed with the pre-start label when the series ends before the start."""
        if self.verdict is None:
            return None
        return f"{self.pre_start}: {self.verdict.label}" if self.pre_start else self.verdict.label


def pre_start_label(series: pd.DataFrame) -> str | None:
    """'trend <first>-<last>, vóór de start' for a series whose last measurement precedes PROGRAMME_START."""
    if series.empty:
        return None
    years = sorted(int(y) for y in series["jaar"])
    if years[-1] >= PROGRAMME_START:
        return None
    return f"trend {years[0]}-{years[-1]}, vóór de start"


def verdict_cell_style(value: object) -> str:
    """CSS for a verdict cell: grey for a pre-start verdict, a green/orange/red tint for a programme verdict."""
    text = str(value)
    if "vóór de start" in text:
        return f"background-color: {PRE_START_TINT}; color: {TEXT_DARK}"
    colour = TARGET_TINTS.get(text)
    return f"background-color: {colour}" if colour else ""


def trajectory(
    area: str, series: pd.DataFrame, reference_series: pd.DataFrame, direction: str, rule: TargetRule
) -> Trajectory:
    """Baseline = the latest measured year; targets by ``rule`` against the reference's value that year."""
    if series.empty:
        return Trajectory(area, series, None, None, None)
    last = series.sort_values("jaar").iloc[-1]
    ref = reference_series[reference_series["jaar"] == last["jaar"]]
    if ref.empty:
        return Trajectory(area, series, None, fit_trend(series["jaar"], series["value"]), None)
    tg = make_targets(int(last["jaar"]), float(last["value"]), float(ref["value"].iloc[0]), direction, rule)
    tr = fit_trend(series["jaar"], series["value"])
    return Trajectory(area, series, tg, tr, verdict(tr, tg, direction))


def group_series(store: DataStore, codes: tuple[str, ...], indicator: str, age_group: str) -> pd.DataFrame:
    """Series of a gemeente (one GM code) or of a group of buurten (weighted)."""
    if len(codes) == 1 and codes[0].startswith("GM"):
        return area_series(store, codes[0], indicator, age_group)
    return weighted_series(store, codes, indicator, age_group)


def verdict_table(
    store: DataStore, outcome: list[tuple[str, str | None]], areas: dict[str, tuple[str, ...]], rule: TargetRule
) -> pd.DataFrame:
    """Verdict per (indicator name, app indicator id or None) and area; 'nog geen meting' without data."""
    rows = []
    for name, app_id in outcome:
        row: dict[str, str] = {"Indicator": name}
        if not app_id:
            rows.append(row | {a: "nog geen meting" for a in areas})
            continue
        meta = store.indicator(app_id)
        if meta.direction == "neutraal":
            continue
        age = meta.default_age
        ref = area_series(store, rule.reference, app_id, age)
        for area, codes in areas.items():
            if not codes[0].startswith("GM") and "buurt" not in meta.levels:
                row[area] = "geen buurtcijfers"
                continue
            tj = trajectory(area, group_series(store, codes, app_id, age), ref, meta.direction, rule)
            row[area] = tj.verdict_label or "geen cijfers"
        rows.append(row)
    return pd.DataFrame(rows)
