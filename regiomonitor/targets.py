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

import altair as alt
import numpy as np
import pandas as pd

from regiomonitor.areas import TWENTE_CODE
from regiomonitor.data import DataStore
from regiomonitor.look import (
    GREY_DARK,
    LINE_STYLES,
    PRE_START_TINT,
    TARGET_TINTS,
    TEXT_DARK,
    area_colours,
    chart_title,
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
#: Why a band is left out when it would fill the chart.
BAND_NOTE: Final = (
    "De onzekerheidsband is niet getekend: met zo weinig metingen is de onzekerheid tot 2039 zo groot dat de band "
    "de hele grafiek zou vullen, en een band die alles omvat zegt niets."
)
#: Why a percentage's dotted trend bends: it is projected on a scale that cannot leave 0-100%.
PERCENT_NOTE: Final = (
    "Een percentage kan niet onder 0% of boven 100% komen, dus de gestippelde trend is doorgetrokken op een schaal "
    "die binnen die grenzen blijft (de log-odds van het aandeel) in plaats van als rechte lijn."
)
#: A band wider than this share of the y axis is not drawn (see BAND_NOTE).
BAND_MAX_SHARE: Final = 0.8

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


# --------------------------------------------------------------------------------------------- chart


def dodge_labels(labels: pd.DataFrame, gap: float) -> pd.DataFrame:
    """End-of-line labels with a ``label_y`` so labels at the same year stand at least ``gap`` apart.

    Labels are stacked upwards in value order and the stack is then moved down by its mean shift, so it stays
    centred on the lines it names. Labels of different years are independent.
    """
    out = []
    for _, grp in labels.groupby("jaar", sort=False):
        grp = grp.sort_values("value")
        ys: list[float] = []
        for v in grp["value"]:
            ys.append(float(v) if not ys else max(float(v), ys[-1] + gap))
        shift = float(np.mean(np.array(ys) - grp["value"].to_numpy()))
        out.append(grp.assign(label_y=np.array(ys) - shift))
    return pd.concat(out) if out else labels.assign(label_y=pd.Series(dtype=float))


def _logit(p: np.ndarray) -> np.ndarray:
    q = np.clip(np.asarray(p, dtype=float) / 100.0, 1e-4, 1 - 1e-4)
    return np.log(q / (1 - q))


def _expit(z: np.ndarray) -> np.ndarray:
    return 100.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def projection(series: pd.DataFrame, years: np.ndarray | list[int], unit: str) -> pd.DataFrame | None:
    """The trend through the measured points over ``years``, with its 95% band (NaN without one).

    For a percentage the straight line is fitted on the log-odds of the share and transformed back, so neither the
    trend nor the band can leave 0-100% and the projection flattens towards the bounds instead of running through
    them. Other units get a straight line. None with fewer than two measurements. (The verdict itself compares
    the plain yearly change with the required one; this only shapes the dotted projection in the chart.)
    """
    s = series.sort_values("jaar")
    xs = np.asarray(years, dtype=float)
    values = s["value"].to_numpy(dtype=float)
    fitted = fit_trend(s["jaar"], _logit(values) if unit == "%" else values)
    if fitted is None:
        return None
    b = band(fitted, xs, s["jaar"].to_numpy())
    mid = fitted.at(xs)
    laag = b["laag"].to_numpy() if len(b) else np.full(len(xs), np.nan)
    hoog = b["hoog"].to_numpy() if len(b) else np.full(len(xs), np.nan)
    if unit == "%":
        mid, laag, hoog = _expit(mid), _expit(laag), _expit(hoog)
    return pd.DataFrame({"jaar": xs.astype(int), "value": mid, "laag": laag, "hoog": hoog})


def y_domain(values: pd.Series, unit: str) -> tuple[float, float]:
    """The y range of the chart: the lines, paths, targets and trends with a little padding (never the band),
    within 0-100 for a percentage."""
    lo_v, hi_v = float(values.min()), float(values.max())
    pad = max((hi_v - lo_v) * 0.08, abs(hi_v) * 0.02, 0.5)
    lo_d, hi_d = lo_v - pad, hi_v + pad
    if unit == "%":
        lo_d, hi_d = max(lo_d, 0.0), min(hi_d, 100.0)
    return lo_d, hi_d


def band_is_informative(b: pd.DataFrame, lo_d: float, hi_d: float) -> bool:
    """False when the band, clipped to the y range, is at its widest more than BAND_MAX_SHARE of that range."""
    if b.empty or hi_d <= lo_d:
        return False
    width = (np.clip(b["hoog"], lo_d, hi_d) - np.clip(b["laag"], lo_d, hi_d)).max()
    return bool(width < BAND_MAX_SHARE * (hi_d - lo_d))


def chart_notes(
    trajectories: list[Trajectory], unit: str, references: dict[str, pd.DataFrame] | None = None
) -> list[str]:
    """Sentences the page prints under :func:`trajectory_chart`: why the band is missing, and that a series
    ending before the start shows the trend before the programme."""
    notes: list[str] = []
    if trajectories and trajectories[0].trend is not None and len(trajectories[0].series) >= 3:
        spec = trajectory_chart(trajectories, "", unit, "", references).to_dict()
        if not any(layer["mark"]["type"] == "area" for layer in spec["layer"]):
            notes.append(BAND_NOTE)
    if unit == "%" and any(tj.trend is not None for tj in trajectories):
        notes.append(PERCENT_NOTE)
    pre = sorted({tj.pre_start for tj in trajectories if tj.pre_start})
    if pre:
        notes.append(
            f"Alle metingen liggen vóór de start van Elk Talent Telt in {PROGRAMME_START} "
            f"({'; '.join(pre)}): trend en oordeel gaan over de jaren daarvoor, niet over het programma."
        )
    return notes


def trajectory_chart(
    trajectories: list[Trajectory],
    label: str,
    unit: str,
    source: str,
    references: dict[str, pd.DataFrame] | None = None,
    text_size: int = 15,
    height: int = 380,
) -> alt.LayerChart:
    """The core visual: observed series, baseline, 2034/2039 targets, required path, trend with band.

    Large type for a projector, direct labels at line ends instead of a far legend, milestones as rules, a
    legend for the line styles. Each area has its app-wide colour (:mod:`regiomonitor.look`). The uncertainty
    band is drawn for the first area only. ``text_size`` is the size of axis, legend and line labels
    (presenter mode uses 20); ``height`` is the height of the plot.
    """
    obs, paths, targets, trends, bands, labels = [], [], [], [], [], []
    names = [tj.area for tj in trajectories] + list(references or {})
    colors = dict(zip(names, area_colours(names), strict=True))
    for i, tj in enumerate(trajectories):
        s = tj.series.sort_values("jaar")
        seg = (s["division"] != s["division"].shift()).cumsum()  # a boundary break starts a new segment
        obs.append(s.assign(gebied=tj.area, segment=seg.astype(str) + tj.area))
        if tj.targets is not None:
            t = tj.targets
            paths.append(
                pd.DataFrame(
                    {
                        "gebied": tj.area,
                        "jaar": [t.baseline_year, *MILESTONES],
                        "value": [t.baseline, t.target_2034, t.target_2039],
                    }
                )
            )
            targets.append(
                pd.DataFrame(
                    {
                        "gebied": tj.area,
                        "jaar": list(MILESTONES),
                        "value": [t.target_2034, t.target_2039],
                        "soort": ["doel 2034", "doel 2039"],
                    }
                )
            )
        if tj.trend is not None:
            yrs = np.arange(int(s["jaar"].min()), MILESTONES[1] + 1)
            projected = projection(s, yrs, unit)
            if projected is not None:
                trends.append(pd.DataFrame({"gebied": tj.area, "jaar": yrs, "value": projected["value"]}))
                if i == 0 and projected["laag"].notna().all():  # one band (the first area): more would hide lines
                    bands.append(projected[["jaar", "laag", "hoog"]].assign(gebied=tj.area))
        end = s.iloc[-1]
        labels.append({"gebied": tj.area, "jaar": int(end["jaar"]), "value": float(end["value"])})
    for name, ref in (references or {}).items():
        obs.append(ref.assign(gebied=name, segment=name))
        end = ref.sort_values("jaar").iloc[-1]
        labels.append({"gebied": name, "jaar": int(end["jaar"]), "value": float(end["value"])})
    domain = list(colors)
    color = alt.Color("gebied:N", scale=alt.Scale(domain=domain, range=[colors[d] for d in domain]), legend=None)
    styles = list(LINE_STYLES)
    dash = alt.StrokeDash(
        "lijn:N",
        scale=alt.Scale(domain=styles, range=[LINE_STYLES[s] for s in styles]),
        legend=alt.Legend(
            title=None,
            orient="bottom",
            direction="horizontal",
            labelLimit=420,
            symbolType="stroke",
            symbolStrokeColor=TEXT_DARK,
            symbolStrokeWidth=3,
            symbolSize=700,
        ),
    )
    x = alt.X(
        "jaar:Q",
        title=None,
        scale=alt.Scale(domain=[2011, 2040], zero=False, nice=False),
        axis=alt.Axis(format="d", values=[2012, 2016, 2020, 2024, 2028, 2034, 2039], labelFontSize=text_size),
    )
    y_title = unit if unit != "aantal" else ""
    # The y range follows the lines, paths, targets and trends, not the uncertainty band: with three measurements
    # the band can span 0-100% and would squash everything else into a sliver. The band is clipped to the range.
    core = [f["value"] for f in (obs + paths + targets + trends)]
    core_values = pd.concat(core).dropna() if core else pd.Series(dtype=float)
    if len(core_values):
        lo_d, hi_d = y_domain(core_values, unit)
        y_scale = alt.Scale(domain=[lo_d, hi_d], zero=False, nice=False)
        bands = [b for b in bands if band_is_informative(b, lo_d, hi_d)]
    else:
        y_scale = alt.Scale(zero=False)
    layers: list[alt.Chart] = []
    milestones = (
        alt.Chart(pd.DataFrame({"jaar": list(MILESTONES), "tekst": ["2034", "2039"]}))
        .mark_rule(strokeDash=[2, 4], color=GREY_DARK)
        .encode(x=x)
    )  # same x as the other layers: no zero-based domain
    layers.append(milestones)
    if bands:
        layers.append(
            alt.Chart(pd.concat(bands))
            .mark_area(opacity=0.12, clip=True)
            .encode(x=x, y=alt.Y("laag:Q", title=y_title, scale=y_scale), y2="hoog:Q", color=color)
        )
    if trends:
        layers.append(
            alt.Chart(pd.concat(trends).assign(lijn=styles[2]))
            .mark_line(strokeWidth=2, clip=True)
            .encode(
                x=x,
                y=alt.Y("value:Q", title=y_title, scale=y_scale),
                color=color,
                strokeDash=dash,
                tooltip=[
                    alt.Tooltip("gebied:N", title="Trend"),
                    alt.Tooltip("jaar:Q", format="d"),
                    alt.Tooltip("value:Q", format=".1f", title="Trendwaarde"),
                ],
            )
        )
    if paths:
        layers.append(
            alt.Chart(pd.concat(paths).assign(lijn=styles[1]))
            .mark_line(strokeWidth=2.5)
            .encode(
                x=x,
                y=alt.Y("value:Q", scale=y_scale),
                color=color,
                strokeDash=dash,
                tooltip=[
                    alt.Tooltip("gebied:N", title="Benodigd pad"),
                    alt.Tooltip("jaar:Q", format="d"),
                    alt.Tooltip("value:Q", format=".1f", title="Waarde"),
                ],
            )
        )
    data = pd.concat(obs)
    observed_tooltip = [
        alt.Tooltip("gebied:N", title="Gebied"),
        alt.Tooltip("jaar:Q", format="d", title="Jaar"),
        alt.Tooltip("value:Q", format=".1f", title=label),
    ]
    layers.append(
        alt.Chart(data.assign(lijn=styles[0]))
        .mark_line(strokeWidth=4)
        .encode(
            x=x,
            y=alt.Y("value:Q", title=y_title, scale=y_scale),
            color=color,
            detail="segment:N",
            strokeDash=dash,
            tooltip=observed_tooltip,
        )
    )
    # Points in their own layer: a line with point overlay would turn the line-style legend into dots.
    layers.append(
        alt.Chart(data)
        .mark_circle(size=90, opacity=1)
        .encode(x=x, y=alt.Y("value:Q", scale=y_scale), color=color, tooltip=observed_tooltip)
    )
    if targets:
        layers.append(
            alt.Chart(pd.concat(targets))
            .mark_point(shape="diamond", size=260, filled=True)
            .encode(
                x=x,
                y=alt.Y("value:Q", scale=y_scale),
                color=color,
                tooltip=[
                    alt.Tooltip("gebied:N"),
                    alt.Tooltip("soort:N", title="Werkaanname"),
                    alt.Tooltip("value:Q", format=".1f", title="Doel"),
                ],
            )
        )
    # Labels of lines that end close together would overprint: keep them ~1 line of text apart on the y scale.
    span = float(y_scale.domain[1] - y_scale.domain[0]) if len(core_values) else 0.0
    label_frame = (
        dodge_labels(pd.DataFrame(labels), gap=span * (text_size + 6) / height) if labels else pd.DataFrame(labels)
    )
    layers.append(
        alt.Chart(label_frame)
        .mark_text(align="left", dx=10, fontSize=text_size, fontWeight="bold")
        .encode(x=x, y=alt.Y("label_y:Q" if labels else "value:Q", scale=y_scale), text="gebied:N", color=color)
    )
    big = text_size > 15
    return (
        alt.layer(*layers)
        .properties(
            height=height,
            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
            title=chart_title(label, source, size=28 if big else 22, subtitle_size=18 if big else 13),
        )
        .configure_axis(labelFontSize=text_size, titleFontSize=text_size)
        .configure_legend(labelFontSize=text_size)
        .configure_view(strokeWidth=0)
    )
