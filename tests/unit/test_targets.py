"""Trajectory maths on hand-made series: flat, improving, worsening, too few points, breaks, target met."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from regiomonitor.data import load_store
from regiomonitor.target_charts import BAND_NOTE, PERCENT_NOTE, chart_notes, projection, trajectory_chart
from regiomonitor.targets import (
    TargetRule,
    band,
    fit_trend,
    make_targets,
    pre_start_label,
    trajectory,
    verdict,
    verdict_cell_style,
    weighted_series,
)


def series(values: list[float], years: list[int] | None = None, division: list[int] | None = None) -> pd.DataFrame:
    years = years or [2012, 2016, 2020][: len(values)]
    return pd.DataFrame(
        {"jaar": years, "value": values, "n": 1, "n_total": 1, "division": division or [2020] * len(values)}
    )


REF = series([10.0, 10.0, 10.0])


def test_targets_close_the_gap_share() -> None:
    t = make_targets(2020, 30.0, 10.0, "lager_beter", TargetRule(0.5, 1.0))
    assert (t.target_2034, t.target_2039, t.already_met) == (20.0, 10.0, False)
    t = make_targets(2020, 60.0, 80.0, "hoger_beter", TargetRule(0.25, 0.75))
    assert (t.target_2034, t.target_2039) == (65.0, 75.0)


def test_target_already_met_holds_level() -> None:
    t = make_targets(2020, 8.0, 10.0, "lager_beter", TargetRule())
    assert t.already_met and t.target_2034 == 8.0
    assert verdict(fit_trend([2012, 2020], [9, 8]), t, "lager_beter").code == "bereikt"


def test_neutral_and_bad_rule_rejected() -> None:
    with pytest.raises(ValueError, match="direction"):
        make_targets(2020, 1, 2, "neutraal", TargetRule())
    with pytest.raises(ValueError, match="between 0 and 1"):
        make_targets(2020, 1, 2, "hoger_beter", TargetRule(1.5, 2))


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([40.0, 35.0, 30.0], "op_koers"),  # improving 1.25/yr, needs (20-30)/14 = 0.71/yr
        ([33.0, 31.5, 30.0], "aandacht"),  # improving 0.375/yr: ratio 0.53
        ([30.0, 30.0, 30.0], "niet_op_koers"),  # flat
        ([20.0, 25.0, 30.0], "niet_op_koers"),  # worsening
    ],
)
def test_verdicts(values: list[float], expected: str) -> None:
    tj = trajectory("x", series(values), REF, "lager_beter", TargetRule(0.5, 1.0))
    required = (20.0 - 30.0) / 14
    assert tj.verdict.code == expected
    assert tj.verdict.required_per_year == pytest.approx(required)


def test_thresholds_exact() -> None:
    t = make_targets(2020, 30.0, 16.0, "lager_beter", TargetRule(0.5, 1.0))  # needs -0.5/yr
    assert verdict(fit_trend([2012, 2020], [34.0, 30.0]), t, "lager_beter").code == "op_koers"  # -0.5/yr
    assert verdict(fit_trend([2012, 2020], [32.0, 30.0]), t, "lager_beter").code == "aandacht"  # -0.25/yr
    assert verdict(fit_trend([2012, 2020], [31.0, 30.0]), t, "lager_beter").code == "niet_op_koers"  # -0.125


def test_too_few_points() -> None:
    tj = trajectory("x", series([30.0], [2020]), REF, "lager_beter", TargetRule())
    assert tj.trend is None and tj.verdict.code == "onvoldoende"
    assert fit_trend([2020, 2020], [1, 2]) is None


def test_band_only_with_three_points() -> None:
    two = fit_trend([2012, 2020], [1.0, 2.0])
    assert two.residual_se is None and band(two, [2030], [2012, 2020]).empty
    three = fit_trend([2012, 2016, 2020], [1.0, 2.5, 3.0])
    b = band(three, [2020, 2039], [2012, 2016, 2020])
    assert (b["hoog"] > b["laag"]).all()
    assert (b["hoog"] - b["laag"]).iloc[1] > (b["hoog"] - b["laag"]).iloc[0]  # wider further out


def test_boundary_break_splits_segments() -> None:
    s = series([30.0, 28.0, 27.0], division=[2016, 2020, 2020])
    chart = trajectory_chart([trajectory("x", s, REF, "lager_beter", TargetRule())], "Label", "%", "Bron: test")
    spec = chart.to_dict()
    obs = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line" and "detail" in layer["encoding"])
    rows = spec["datasets"][obs["data"]["name"]]
    assert len({r["segment"] for r in rows if r["gebied"] == "x"}) == 2


def test_chart_without_heading_leaves_title_and_source_to_the_page() -> None:
    """The Trends page prints the heading as text (Vega cuts a chart title off at a phone's width)."""
    tjs = [trajectory("x", series([30.0, 28.0, 27.0]), REF, "lager_beter", TargetRule())]
    titled = trajectory_chart(tjs, "Label", "%", "Bron: test").to_dict()
    bare = trajectory_chart(tjs, "Label", "%", "Bron: test", heading=False).to_dict()
    assert titled["title"]["text"] == "Label" and titled["title"]["subtitle"] == ["Bron: test"]
    assert "title" not in bare
    assert {k: v for k, v in titled.items() if k != "title"} == bare  # everything else the same


def test_line_style_legend_stacks_on_a_narrow_chart() -> None:
    """Three line styles in one row need ~640 px: on a phone the legend puts one per row instead of cutting off."""
    tjs = [trajectory("x", series([30.0, 28.0, 27.0]), REF, "lager_beter", TargetRule())]
    spec = trajectory_chart(tjs, "Label", "%", "Bron: test").to_dict()
    legends = [
        layer["encoding"]["strokeDash"]["legend"]
        for layer in spec["layer"]
        if "legend" in layer.get("encoding", {}).get("strokeDash", {})
    ]
    assert legends and all(lg["columns"] == {"expr": "width < 660 ? 1 : 3"} for lg in legends)


def test_chart_is_projector_ready() -> None:
    chart = trajectory_chart(
        [trajectory("x", series([40.0, 35.0, 30.0]), REF, "lager_beter", TargetRule())],
        "Moeite met rondkomen",
        "%",
        "Bron: RIVM 2020",
    )
    spec = chart.to_dict()
    assert spec["title"]["text"] == "Moeite met rondkomen" and spec["title"]["subtitle"] == ["Bron: RIVM 2020"]
    assert spec["config"]["axis"]["labelFontSize"] >= 14
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert {"rule", "line", "point", "text", "area"} <= set(marks)


def test_focus_series_weighted_by_inhabitants() -> None:
    store = load_store()
    ws = weighted_series(store, ["BU01530603", "BU01530604", "BU01530605", "BU01530606"], "eenzaam", "18+")
    assert ws["jaar"].tolist() == [2012, 2016, 2020] and (ws["n"] == 4).all()
    df = store.indicators
    v = df[(df["indicator"] == "eenzaam") & (df["period"] == 2020) & (df["age_group"] == "18+")].set_index("area_code")[
        "value"
    ]
    assert (
        min(v[c] for c in ["BU01530603", "BU01530604", "BU01530605", "BU01530606"])
        <= ws["value"].iloc[-1]
        <= max(v[c] for c in ["BU01530603", "BU01530604", "BU01530605", "BU01530606"])
    )


def test_end_labels_are_dodged_apart() -> None:
    from regiomonitor.target_charts import dodge_labels

    labels = pd.DataFrame(
        {"gebied": ["A", "B", "C", "Twente"], "jaar": [2020, 2020, 2020, 2020], "value": [58.0, 58.5, 60.0, 46.0]}
    )
    out = dodge_labels(labels, gap=3.0).sort_values("label_y")
    ys = out["label_y"].to_numpy()
    assert all(b - a >= 3.0 - 1e-9 for a, b in zip(ys, ys[1:], strict=False))  # never closer than the gap
    assert list(out["gebied"]) == ["Twente", "A", "B", "C"]  # order kept
    assert abs(float((out["label_y"] - out["value"]).mean())) < 1e-9  # centred on the lines
    alone = dodge_labels(pd.DataFrame({"gebied": ["X"], "jaar": [2016], "value": [10.0]}), gap=3.0)
    assert alone["label_y"].iloc[0] == 10.0


def test_pre_start_series_are_labelled_as_the_trend_before_the_start() -> None:
    tj = trajectory("x", series([40.0, 35.0, 30.0]), REF, "lager_beter", TargetRule())
    assert tj.pre_start == "trend 2012-2020, vóór de start"
    assert tj.verdict_label == f"trend 2012-2020, vóór de start: {tj.verdict.label}"
    assert "background-color: #e6e6e6" in verdict_cell_style(tj.verdict_label)
    assert "#c8e6c9" in verdict_cell_style("op koers") and verdict_cell_style("geen cijfers") == ""
    later = pd.DataFrame(
        {"jaar": [2020, 2024, 2026], "value": [40.0, 35.0, 30.0], "n": 1, "n_total": 1, "division": 2024}
    )
    assert pre_start_label(later) is None


def test_percentage_projection_stays_within_0_100_and_wide_band_is_dropped() -> None:
    s = series([45.0, 55.0, 63.0])  # a fast-rising share, like eenzaamheid in the focus areas
    pr = projection(s, np.arange(2012, 2040), "%")
    assert (pr["value"].between(0, 100)).all() and (pr["hoog"] <= 100).all() and (pr["laag"] >= 0).all()
    straight = fit_trend(s["jaar"], s["value"]).at(2060)
    assert straight > 100 and projection(s, np.array([2060]), "%")["value"].iloc[0] < 100
    noisy = series([45.0, 60.0, 58.0])
    tjs = [trajectory("x", noisy, REF, "lager_beter", TargetRule())]
    chart = trajectory_chart(tjs, "Eenzaam", "%", "Bron")
    assert "area" not in [layer["mark"]["type"] for layer in chart.to_dict()["layer"]]
    notes = chart_notes(tjs, "%", chart)
    assert BAND_NOTE in notes and PERCENT_NOTE in notes and any("vóór de start" in n for n in notes)


def test_the_band_note_follows_the_band_in_the_chart() -> None:
    """chart_notes reads the band from the chart's layers: the note stands exactly when the band is left out."""
    drawn = []
    for values in ([45.0, 60.0, 58.0], [30.0, 28.5, 27.0], [30.0, 28.0]):  # band dropped, band drawn, two points
        tjs = [trajectory("x", series(values), REF, "lager_beter", TargetRule())]
        chart = trajectory_chart(tjs, "Label", "%", "Bron")
        has_area = "area" in [layer["mark"]["type"] for layer in chart.to_dict()["layer"]]
        drawn.append(has_area)
        notes = chart_notes(tjs, "%", chart)
        assert (BAND_NOTE in notes) == (not has_area and len(values) >= 3)
    assert drawn[:2] == [False, True]  # both cases are really exercised
