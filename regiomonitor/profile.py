"""The buurt profile: every indicator of one buurt against its gemeente, Twente and NL, ranks and trends."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd

from regiomonitor.areas import NL_CODE, TWENTE_CODE, gemeente_of
from regiomonitor.data import DataStore
from regiomonitor.fmt import decimals_for, number, signed
from regiomonitor.look import area_scale

#: Units of sizes (counts, areas): a buurt's size is not compared with its gemeente's, so they stay out of the
#: profile table and the comparison (inhabitants and households are shown apart, see ``count_facts``).
NOT_COMPARABLE_UNITS: tuple[str, ...] = ("aantal", "ha")

#: Differences smaller than this share of the reference count as "gelijk" (about equal).
EQUAL_BAND = 0.05


def assess(value: float | None, reference: float | None, direction: str) -> str:
    """'beter', 'slechter', 'gelijk' or '' (neutral or missing), judged against a reference value.

    Within 5% of the reference counts as about equal.

    >>> assess(20.0, 15.0, "lager_beter")
    'slechter'
    >>> assess(15.2, 15.0, "lager_beter")
    'gelijk'
    """
    if value is None or reference is None or pd.isna(value) or pd.isna(reference) or direction == "neutraal":
        return ""
    if abs(value - reference) <= EQUAL_BAND * abs(reference):
        return "gelijk"
    higher = value > reference
    return "beter" if higher == (direction == "hoger_beter") else "slechter"


def buurt_profile(store: DataStore, code: str, age_group: str = "18+") -> pd.DataFrame:
    """One row per indicator the buurt has (latest period with a value; context-only indicators excluded).

    Columns: thema, indicator, label, unit, direction, period, value, gemeente, twente, nl, diff_gemeente,
    oordeel (vs gemeente), rank_gemeente, n_gemeente, rank_twente, n_twente, dataset, flag.
    """
    gm = gemeente_of(code)
    mine = store.area_rows(code)  # the buurt's own rows and, below, one slice per indicator: no full-table scans
    own = mine[mine["value"].notna() & mine["age_group"].isin([age_group, "totaal"])]
    rows = []
    for ind, grp in own.groupby("indicator"):
        meta = store.indicator(str(ind))
        if meta.context_only or meta.unit in NOT_COMPARABLE_UNITS:
            continue  # origin is context only; counts and areas are not comparable with a gemeente (shown apart)
        latest = grp.sort_values("period").iloc[-1]
        period, age = int(latest["period"]), str(latest["age_group"])
        direction = meta.direction
        r = store.memo(("buurt_ranking", str(ind), period, age), _ranking, store, str(ind), period, age)
        value = float(latest["value"])
        g = r.values.get(gm) if gm is not None else None
        rows.append(
            {
                "thema": meta.thema_label,
                "indicator": ind,
                "label": meta.label,
                "unit": meta.unit,
                "direction": direction,
                "period": period,
                "value": value,
                "gemeente": None if g is None or pd.isna(g) else float(g),
                "twente": _f(r.values.get(TWENTE_CODE)),
                "nl": _f(r.values.get(NL_CODE)),
                "diff_gemeente": None if g is None or pd.isna(g) else value - float(g),
                "oordeel": assess(value, None if g is None or pd.isna(g) else float(g), direction),
                "rank_gemeente": _i(r.rank_gemeente.get(code)),
                "n_gemeente": r.n_gemeente.get(code[2:6], 0),
                "rank_twente": _i(r.rank_twente.get(code)),
                "n_twente": r.n_twente,
                "dataset": str(latest["dataset"]),
                "flag": str(latest["flag"]),
            }
        )
    out = pd.DataFrame(rows)
    return out.sort_values(["thema", "label"]).reset_index(drop=True) if len(out) else out


@dataclass(frozen=True)
class _Ranking:
    """One indicator in one period and age group: every area's value and the buurt ranks (rank 1 = worst, or
    highest for a neutral indicator), in Twente and within each gemeente. Built once per store and key
    (``DataStore.memo``), so a buurt profile is lookups instead of a dozen frame operations per indicator."""

    values: dict[str, float]
    rank_twente: dict[str, float]
    n_twente: int
    rank_gemeente: dict[str, float]
    n_gemeente: dict[str, int]  # by the gemeente's four digits


def _ranking(store: DataStore, indicator: str, period: int, age: str) -> _Ranking:
    same = store.slice(indicator, period, age)
    codes = same["area_code"].astype(str).to_numpy()
    values = dict(zip(codes, same["value"].to_numpy(), strict=True))
    buurten = (same["level"] == "buurt").to_numpy() & same["value"].notna().to_numpy()
    b_codes, b_values = codes[buurten], same["value"].to_numpy()[buurten]
    ascending = store.indicator(indicator).direction == "hoger_beter"
    gm = np.array([c[2:6] for c in b_codes], dtype=object)
    series = pd.Series(b_values, index=b_codes)
    ranks_gm = series.groupby(gm).rank(ascending=ascending, method="min")
    return _Ranking(
        values=values,
        rank_twente=series.rank(ascending=ascending, method="min").to_dict(),
        n_twente=len(b_codes),
        rank_gemeente=ranks_gm.to_dict(),
        n_gemeente=dict(Counter(gm.tolist())),
    )


def _f(x: object) -> float | None:
    return None if x is None or pd.isna(x) else float(x)  # type: ignore[arg-type]


def _i(x: object) -> int | None:
    return None if x is None or pd.isna(x) else int(x)  # type: ignore[call-overload]


def display_table(profile: pd.DataFrame, gemeente_name: str) -> pd.DataFrame:
    """The profile as Dutch strings for a table."""
    rows = []
    for _, r in profile.iterrows():
        dec = decimals_for(str(r["unit"]))
        unit = str(r["unit"])
        rank = (
            f"{r['rank_gemeente']} van {r['n_gemeente']}"
            if r["rank_gemeente"] is not None and not pd.isna(r["rank_gemeente"])
            else "–"
        )
        rows.append(
            {
                "Thema": r["thema"],
                "Indicator": f"{r['label']} ({unit})",
                "Periode": str(r["period"]),
                "Buurt": number(r["value"], dec),
                gemeente_name: number(r["gemeente"], dec),
                "Twente": number(r["twente"], dec),
                "Nederland": number(r["nl"], dec),
                f"Verschil met {gemeente_name}": signed(r["diff_gemeente"], dec),
                "Oordeel": {"beter": "▲ beter", "slechter": "▼ slechter", "gelijk": "≈ gelijk", "": "neutraal"}[
                    r["oordeel"]
                ],
                "Rang in gemeente": rank,
            }
        )
    return pd.DataFrame(rows)


def trend_frame(store: DataStore, code: str, indicator: str, age_group: str = "18+") -> pd.DataFrame:
    """The series of a buurt, its gemeente, Twente and NL over all periods (for a small trend chart)."""
    gm = gemeente_of(code) or ""
    sub = store.rows([code, gm, TWENTE_CODE, NL_CODE], indicator, age_group)  # by position, no table scan
    sub = sub[sub["value"].notna()]
    names = {code: store.name(code), gm: store.name(gm), TWENTE_CODE: "Twente", NL_CODE: "Nederland"}
    return sub.assign(gebied=sub["area_code"].map(names), jaar=sub["period"].astype(int))[
        ["gebied", "area_code", "jaar", "value", "division"]
    ].sort_values(["area_code", "jaar"])


def trend_chart(series: pd.DataFrame, label: str, unit: str, buurt_name: str) -> alt.Chart:
    """A small line chart: the buurt thick, references thin, Dutch number format, years on the axis."""
    order = [buurt_name] + [g for g in series["gebied"].unique() if g != buurt_name]
    base = alt.Chart(series).encode(
        x=alt.X("jaar:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=unit, scale=alt.Scale(zero=False)),
        color=alt.Color(
            "gebied:N",
            sort=order,
            legend=alt.Legend(orient="bottom", title=None, columns=2, labelLimit=260),  # names in full
            scale=area_scale(order),
        ),
        # A typed value with its condition, not alt.condition(): Altair resolves that dict against the schema on
        # every build (5 ms a chart, three charts per Buurt rerun); the spec is the same.
        strokeWidth=alt.StrokeWidthValue(1.6, condition={"test": str(alt.datum.gebied == buurt_name), "value": 4}),
        tooltip=[
            alt.Tooltip("gebied:N", title="Gebied"),
            alt.Tooltip("jaar:O", title="Jaar"),
            alt.Tooltip("value:Q", title=label, format=".1f"),
        ],
    )
    # Streamlit fits title, axis and legend inside this height: 300 leaves a readable plot in a half-width column.
    return (base.mark_line(point=True)).properties(title=label, height=300)


#: Counts shown beside the profile table (counts are not comparable with a gemeente, so not in the table).
COUNT_FACTS: tuple[tuple[str, str], ...] = (("inwoners", "Inwoners"), ("huishoudens", "Huishoudens"))


def count_facts(store: DataStore, code: str) -> list[dict[str, object]]:
    """The latest inhabitants and households of an area, each with its own period, flag and source.

    Returns one dict per count with keys indicator, label, period, value (None when not published), flag,
    source ('CBS, Wijk- en buurtkaart 2021 …'); a count the area has no row for is left out.
    """
    out: list[dict[str, object]] = []
    for ind, label in COUNT_FACTS:
        rows = store.rows([code], ind, "totaal")
        if rows.empty:
            continue
        with_value = rows[rows["value"].notna()]
        latest = (with_value if len(with_value) else rows).sort_values("period").iloc[-1]
        ds = store.datasets.get(str(latest["dataset"]))
        out.append(
            {
                "indicator": ind,
                "label": label,
                "period": int(latest["period"]),
                "value": None if pd.isna(latest["value"]) else float(latest["value"]),
                "flag": str(latest["flag"]),
                "source": ds.citation() if ds else str(latest["dataset"]),
            }
        )
    return out
