"""What the twin view shows about a buurt and its statistical twins: the structure side by side and the outcomes
compared and charted (no Streamlit).

The matching itself (standardised structure, distances, similarity, why each is a twin) is in
:mod:`regiomonitor.twins`.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from regiomonitor.data import DataStore
from regiomonitor.look import BETTER_WORSE, GREY_BAR, GREY_DARK
from regiomonitor.profile import assess
from regiomonitor.twins import LABELS, OUTCOME_PERIOD, OUTCOMES, SIZE, URBANITY, StructureMatrix, outcome_values


def structure_comparison(matrix: StructureMatrix, code: str, twins: pd.DataFrame) -> pd.DataFrame:
    """The chosen buurt's structure beside its twins: median, range and the difference of the median.

    Columns: variabele, kenmerk, buurt, tweelingen_mediaan, tweelingen_min, tweelingen_max, verschil.
    """
    own = matrix.raw.loc[code]
    rows = []
    shown = [v for v in matrix.raw.columns if v not in (SIZE, URBANITY)]
    for var in shown:
        vals = twins[var].astype(float) if len(twins) else pd.Series(dtype=float)
        median = float(vals.median()) if len(vals) else None
        rows.append(
            {
                "variabele": var,
                "kenmerk": LABELS[var],
                "buurt": float(own[var]),
                "tweelingen_mediaan": median,
                "tweelingen_min": float(vals.min()) if len(vals) else None,
                "tweelingen_max": float(vals.max()) if len(vals) else None,
                "verschil": None if median is None else median - float(own[var]),
            }
        )
    return pd.DataFrame(rows)


def outcome_comparison(
    store: DataStore,
    nl_buurten: pd.DataFrame | None,
    code: str,
    twins: pd.DataFrame,
    outcomes: Sequence[str] = OUTCOMES,
    values: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Outcomes (``OUTCOME_PERIOD``, 18+) of the buurt against the median of its twins.

    ``values`` (buurt × indicator) may be given to avoid rebuilding it, and may carry extra columns such as the
    deprivation index (any column whose id is in the store's catalogue). Columns: indicator, label, unit,
    direction, buurt, tweelingen_mediaan, tweelingen_min, tweelingen_max, n (twins with a value), verschil,
    oordeel (``assess`` of the buurt against the twins' median).
    """
    if values is None:
        if nl_buurten is None:
            raise ValueError("give nl_buurten or values")
        values = outcome_values(store, nl_buurten, outcomes)
    known = store.info
    twin_codes = list(twins["code"]) if len(twins) else []
    rows = []
    for ind in [*outcomes, *(c for c in values.columns if c not in outcomes)]:
        if ind not in known or ind not in values.columns:
            continue
        meta = store.indicator(ind)
        own = values[ind].get(code)
        twin_values = values[ind].reindex(twin_codes).dropna()
        median = float(twin_values.median()) if len(twin_values) else None
        own_v = None if own is None or pd.isna(own) else float(own)
        rows.append(
            {
                "indicator": ind,
                "label": meta.label,
                "unit": meta.unit,
                "direction": meta.direction,
                "buurt": own_v,
                "tweelingen_mediaan": median,
                "tweelingen_min": float(twin_values.min()) if len(twin_values) else None,
                "tweelingen_max": float(twin_values.max()) if len(twin_values) else None,
                "n": int(len(twin_values)),
                "verschil": None if own_v is None or median is None else own_v - median,
                "oordeel": assess(own_v, median, meta.direction),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "indicator",
            "label",
            "unit",
            "direction",
            "buurt",
            "tweelingen_mediaan",
            "tweelingen_min",
            "tweelingen_max",
            "n",
            "verschil",
            "oordeel",
        ],
    )


def outcome_chart(outcomes: pd.DataFrame, buurt_name: str) -> alt.LayerChart | alt.FacetChart:
    """Per outcome: the twins' range (bar) and median (tick), the buurt as a dot coloured by the verdict."""
    data = outcomes[outcomes["unit"] == "%"].dropna(subset=["buurt", "tweelingen_mediaan"]).copy()
    data["oordeel_tekst"] = data["oordeel"].map(
        {
            "beter": "gunstiger dan de tweelingen",
            "slechter": "ongunstiger dan de tweelingen",
            "gelijk": "ongeveer gelijk",
            "": "neutraal",
        }
    )
    order = data["label"].tolist()
    y = alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=280))
    span = (
        alt.Chart(data)
        .mark_bar(size=10, color=GREY_BAR)
        .encode(
            y=y,
            x=alt.X("tweelingen_min:Q", title="% van de volwassenen (18+)"),
            x2="tweelingen_max:Q",
            tooltip=[
                alt.Tooltip("label:N", title="Indicator"),
                alt.Tooltip("tweelingen_min:Q", title="Laagste tweeling", format=".1f"),
                alt.Tooltip("tweelingen_max:Q", title="Hoogste tweeling", format=".1f"),
            ],
        )
    )
    median = (
        alt.Chart(data)
        .mark_tick(color=GREY_DARK, thickness=2, size=18)
        .encode(
            y=y,
            x="tweelingen_mediaan:Q",
            tooltip=[
                alt.Tooltip("label:N", title="Indicator"),
                alt.Tooltip("tweelingen_mediaan:Q", title="Mediaan tweelingen", format=".1f"),
            ],
        )
    )
    dot = (
        alt.Chart(data)
        .mark_circle(size=130, opacity=1)
        .encode(
            y=y,
            x="buurt:Q",
            color=alt.Color(
                "oordeel_tekst:N",
                title=buurt_name,
                scale=alt.Scale(
                    domain=[
                        "gunstiger dan de tweelingen",
                        "ongeveer gelijk",
                        "ongunstiger dan de tweelingen",
                        "neutraal",
                    ],
                    range=BETTER_WORSE,
                ),
                legend=alt.Legend(orient="bottom", labelLimit=320),
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Indicator"),
                alt.Tooltip("buurt:Q", title=buurt_name, format=".1f"),
                alt.Tooltip("oordeel_tekst:N", title="Oordeel"),
            ],
        )
    )
    return alt.layer(span, median, dot).properties(
        height=alt.Step(26), title=f"{buurt_name} naast zijn tweelingen ({OUTCOME_PERIOD}, 18+)"
    )
