"""Trajectory charts toward the 2034/2039 targets (no Streamlit).

The numbers (targets, trends, verdicts) come from :mod:`regiomonitor.targets`; this module draws them: the
measured series, the working-rule target path, the trend band and the projection, with end labels that do not
overlap and the notes that explain what is and is not drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import altair as alt
import numpy as np
import pandas as pd

from regiomonitor.look import (
    GREY_DARK,
    LINE_STYLES,
    TEXT_DARK,
    area_colours,
    chart_title,
)
from regiomonitor.targets import MILESTONES, PROGRAMME_START, Trajectory, band, fit_trend

#: Below this chart width the line-style legend puts one item per row (its three items in a row need ~640 px).
LEGEND_ONE_ROW_PX: Final = 660
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


@dataclass(frozen=True)
class _Frames:
    """What :func:`trajectory_chart` draws, as frames, before any Altair object is made."""

    obs: list[pd.DataFrame]
    paths: list[pd.DataFrame]
    targets: list[pd.DataFrame]
    trends: list[pd.DataFrame]
    bands: list[pd.DataFrame]  # only informative bands (see band_is_informative)
    labels: list[dict[str, object]]
    colors: dict[str, str]
    core_values: pd.Series
    y_range: tuple[float, float] | None


def _frames(trajectories: list[Trajectory], unit: str, references: dict[str, pd.DataFrame] | None = None) -> _Frames:
    obs: list[pd.DataFrame] = []
    paths: list[pd.DataFrame] = []
    targets: list[pd.DataFrame] = []
    trends: list[pd.DataFrame] = []
    bands: list[pd.DataFrame] = []
    labels: list[dict[str, object]] = []
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
    # The y range follows the lines, paths, targets and trends, not the uncertainty band: with three measurements
    # the band can span 0-100% and would squash everything else into a sliver. The band is clipped to the range.
    core = [f["value"] for f in (obs + paths + targets + trends)]
    core_values = pd.concat(core).dropna() if core else pd.Series(dtype=float)
    y_range = y_domain(core_values, unit) if len(core_values) else None
    if y_range is not None:
        bands = [b for b in bands if band_is_informative(b, *y_range)]
    return _Frames(obs, paths, targets, trends, bands, labels, colors, core_values, y_range)


def _has_band(chart: alt.LayerChart) -> bool:
    """Whether a chart made by :func:`trajectory_chart` has its band layer (an area mark)."""
    for layer in chart.layer:
        mark = getattr(layer, "mark", None)
        if (mark if isinstance(mark, str) else getattr(mark, "type", None)) == "area":
            return True
    return False


def chart_notes(trajectories: list[Trajectory], unit: str, chart: alt.LayerChart) -> list[str]:
    """Sentences the page prints under ``chart`` (made by :func:`trajectory_chart` from ``trajectories``): why the
    band is missing (read from the chart's layers, not worked out again), and that a series ending before the
    start shows the trend before the programme."""
    notes: list[str] = []
    if trajectories and trajectories[0].trend is not None and len(trajectories[0].series) >= 3:
        if not _has_band(chart):
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
    heading: bool = True,
) -> alt.LayerChart:
    """The core visual: observed series, baseline, 2034/2039 targets, required path, trend with band.

    Large type for a projector, direct labels at line ends instead of a far legend, milestones as rules, a
    legend for the line styles. Each area has its app-wide colour (:mod:`regiomonitor.look`). The uncertainty
    band is drawn for the first area only. ``text_size`` is the size of axis, legend and line labels
    (presenter mode uses 20); ``height`` is the height of the plot. ``heading=False`` leaves out the title and
    source line, for a page that prints them as text (Vega cuts a title off at the chart's width, not wrapping
    it: on a phone "Ervaren gezondheid goed of ze…"); exports add their own title (``exports.titled``).
    """
    f = _frames(trajectories, unit, references)
    obs, paths, targets, trends, bands, labels = f.obs, f.paths, f.targets, f.trends, f.bands, f.labels
    colors = f.colors
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
            # One row on a wide chart, one item per row on a phone: a row of all three was wider than a 390 px
            # screen and its last items were cut off. ``width`` is the chart's own (it fits its container).
            columns={"expr": f"width < {LEGEND_ONE_ROW_PX} ? 1 : {len(LINE_STYLES)}"},
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
    core_values = f.core_values
    if f.y_range is not None:
        lo_d, hi_d = f.y_range
        y_scale = alt.Scale(domain=[lo_d, hi_d], zero=False, nice=False)
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
            .encode(x=x, y=alt.Y("laag:Q", title=y_title, scale=y_scale), y2=alt.Y2("hoog:Q"), color=color)
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
            detail=alt.Detail("segment:N"),
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
        .encode(
            x=x, y=alt.Y("label_y:Q" if labels else "value:Q", scale=y_scale), text=alt.Text("gebied:N"), color=color
        )
    )
    big = text_size > 15
    # Properties and configuration given to the constructor: each chained .properties()/.configure_*() call
    # deep-copies the whole layered chart (a third of this function's time under load); the spec is the same.
    return alt.LayerChart(
        layer=layers,
        height=height,
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        title=chart_title(label, source, size=28 if big else 22, subtitle_size=18 if big else 13)
        if heading
        else alt.Undefined,
        config=alt.Config(
            axis=alt.AxisConfig(labelFontSize=text_size, titleFontSize=text_size),
            legend=alt.LegendConfig(labelFontSize=text_size),
            view=alt.ViewConfig(strokeWidth=0),
        ),
    )
