"""How a buurt comparison is drawn: the coloured side-by-side table, small multiples and the ranking (no Streamlit).

The frames come from :mod:`regiomonitor.compare` (computed once); this module only renders them.
"""

from __future__ import annotations

from typing import Final

import altair as alt
import pandas as pd

from regiomonitor.look import (
    COMPARE_TINTS,
    GREY_DARK,
    GREY_LIGHT,
    GREY_OTHER,
    GREY_TICK,
    HIGHLIGHT,
    TEXT_DARK,
    area_scale,
)


def styled_table(table: pd.DataFrame, verdicts: pd.DataFrame) -> pd.io.formats.style.Styler:
    """The table with buurt cells coloured by verdict (blue better, orange worse)."""

    def colour(col: pd.Series) -> list[str]:
        if col.name not in verdicts.columns:
            return [""] * len(col)
        return [
            f"background-color: {COMPARE_TINTS.get(v, '')}" if COMPARE_TINTS.get(v, "") else ""
            for v in verdicts[col.name].fillna("")
        ]

    return table.style.apply(colour, axis=0)


def small_multiples(frame: pd.DataFrame, columns: int = 3) -> alt.FacetChart:
    """One panel per indicator: a dot per buurt, a grey tick at its own gemeente on its row, and rules for
    Twente (solid) and NL (dashed); x scales per panel."""
    titel = frame["label"] + " (" + frame["period"].astype(str) + ")"
    dots = pd.DataFrame(
        {
            "titel": titel,
            "naam": frame["buurt"],
            "waarde": frame["value"],
            "soort": "buurt",
            "gemeente_waarde": frame["gemeente"],
            "gemeente_naam": frame["gemeente_naam"],
            "bron": frame["dataset"],
        }
    )
    first = frame.drop_duplicates("indicator")
    ref_titel = first["label"] + " (" + first["period"].astype(str) + ")"
    refs = pd.concat(
        [
            pd.DataFrame(
                {
                    "titel": ref_titel,
                    "naam": "Twente",
                    "waarde": first["twente"],
                    "soort": "Twente",
                    "bron": first["dataset"],
                }
            ),
            pd.DataFrame(
                {
                    "titel": ref_titel,
                    "naam": "Nederland",
                    "waarde": first["nl"],
                    "soort": "Nederland",
                    "bron": first["dataset"],
                }
            ),
        ]
    )
    data = pd.concat([dots, refs]).dropna(subset=["waarde"]).reset_index(drop=True)
    order = list(dict.fromkeys(frame["buurt"]))
    tooltip = [
        alt.Tooltip("naam:N", title="Gebied"),
        alt.Tooltip("titel:N", title="Indicator"),
        alt.Tooltip("waarde:Q", title="Waarde", format=".1f"),
        alt.Tooltip("bron:N", title="Bron"),
    ]
    base = alt.Chart().encode(x=alt.X("waarde:Q", title=None, scale=alt.Scale(zero=False)), tooltip=tooltip)
    rules = (
        base.transform_filter("datum.soort != 'buurt'")
        .mark_rule(strokeWidth=2, color=GREY_DARK)
        .encode(
            strokeDash=alt.StrokeDash(
                "soort:N",
                title="Referentie",
                sort=["Twente", "Nederland"],
                scale=alt.Scale(domain=["Twente", "Nederland"], range=[[1, 0], [5, 3]]),
            )
        )
    )
    gm_ticks = (
        alt.Chart()
        .transform_filter("datum.soort == 'buurt' && isValid(datum.gemeente_waarde)")
        .mark_tick(color=GREY_TICK, thickness=2, size=16)
        .encode(
            x="gemeente_waarde:Q",
            y=alt.Y("naam:N", title=None, sort=order),
            tooltip=[
                alt.Tooltip("gemeente_naam:N", title="Gemeente"),
                alt.Tooltip("gemeente_waarde:Q", title="Waarde gemeente", format=".1f"),
            ],
        )
    )
    points = (
        base.transform_filter("datum.soort == 'buurt'")
        .mark_circle(size=140, opacity=0.9)
        .encode(
            y=alt.Y("naam:N", title=None, sort=order, axis=alt.Axis(labelLimit=160)),
            color=alt.Color(
                "naam:N", title="Buurt", sort=order, scale=area_scale(order), legend=alt.Legend(labelLimit=260)
            ),
        )
    )
    layered = alt.layer(rules, gm_ticks, points).properties(width=230, height=26 * max(len(order), 2))
    return layered.facet(
        facet=alt.Facet("titel:N", title=None, sort=list(dict.fromkeys(data["titel"]))), columns=columns, data=data
    ).resolve_scale(x="independent")


#: Above this many buurten the ranking is drawn as a compact rank curve instead of one row per buurt.
COMPACT_RANKING: Final = 80


def ranking_chart(ranked: pd.DataFrame, label: str, unit: str) -> alt.LayerChart | alt.FacetChart:
    """The ranking, least favourable first; the chosen buurten coloured and labelled with their rank.

    Up to ``COMPACT_RANKING`` buurten: a lollipop per buurt. More (all of Twente): a rank curve (x = rank,
    y = value) with the chosen buurten as large labelled dots, so the chart stays one screen high.
    """
    data = ranked.assign(
        naam=ranked["buurt"] + " (#" + ranked["rank"].astype(str) + ")",
        status=ranked["gekozen"].map({True: "gekozen", False: "overige buurten"}),
    )
    tooltip = [
        alt.Tooltip("buurt:N", title="Buurt"),
        alt.Tooltip("value:Q", title=label, format=".1f"),
        alt.Tooltip("rank:Q", title="Rang (1 = minst gunstig)"),
        alt.Tooltip("n:Q", title="van"),
    ]
    colour = alt.Color(
        "status:N",
        title=None,
        scale=alt.Scale(domain=["gekozen", "overige buurten"], range=[HIGHLIGHT, GREY_OTHER]),
        legend=alt.Legend(orient="top"),
    )
    title = f"{label}: rangorde van {len(data)} buurten (1 = minst gunstig)"
    if len(data) <= COMPACT_RANKING:
        order = data["naam"].tolist()
        base = alt.Chart(data).encode(
            y=alt.Y(
                "naam:N", sort=order, title=None, axis=alt.Axis(labelLimit=240, labelOverlap=False, labelFontSize=10)
            )
        )
        stem = base.mark_rule(color=GREY_LIGHT).encode(x=alt.X("value:Q", title=f"{label} ({unit})"), x2=alt.datum(0))
        head = base.mark_circle().encode(
            x="value:Q",
            color=colour,
            size=alt.SizeValue(50, condition={"test": "datum.gekozen", "value": 170}),  # typed: no schema lookup
            tooltip=tooltip,
        )
        return alt.layer(stem, head).properties(height=alt.Step(16), title=title)
    x = alt.X("rank:Q", title="Rang (1 = minst gunstig)", scale=alt.Scale(domain=[1, max(int(data["rank"].max()), 2)]))
    y = alt.Y("value:Q", title=f"{label} ({unit})")
    curve = (
        alt.Chart(data[~data["gekozen"]])
        .mark_circle(size=18, opacity=0.7)
        .encode(x=x, y=y, color=colour, tooltip=tooltip)
    )
    mine = data[data["gekozen"]]
    picked = (
        alt.Chart(mine)
        .mark_circle(size=150, opacity=1, stroke="white", strokeWidth=1)
        .encode(x=x, y=y, color=colour, tooltip=tooltip)
    )
    labels = (
        alt.Chart(mine)
        .mark_text(align="left", dx=8, dy=-6, fontSize=11, color=TEXT_DARK)
        .encode(x=x, y=y, text="naam:N")
    )
    return alt.layer(curve, picked, labels).properties(height=420, title=title)
