"""Headline figures for the Overzicht page, computed once from the store."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from regiomonitor.areas import NL_CODE, TWENTE_CODE
from regiomonitor.data import DataStore
from regiomonitor.fmt import decimals_for, number
from regiomonitor.indicators import value_table

#: Indicators shown on the Overzicht, chosen because the Regio Deal and the Plan voor de Regio name
#: their themes: making ends meet and low income (bestaanszekerheid), health, loneliness, benefits.
HEADLINE_INDICATORS: tuple[str, ...] = (
    "moeite_rondkomen",
    "huishoudens_laag_inkomen",
    "huishoudens_tot_120_sociaal_minimum",
    "goede_gezondheid",
    "risico_angst_depressie_hoog",
    "eenzaam",
    "bijstand_per_1000",
)
HEADLINE_AREAS: tuple[str, ...] = ("GM0141", "GM0153", TWENTE_CODE, NL_CODE)


@dataclass(frozen=True)
class Headline:
    """A headline table in long form plus a display form (Dutch strings)."""

    long: pd.DataFrame
    display: pd.DataFrame


def headline(store: DataStore, extra_area: str | None = None, period: int | None = None) -> Headline:
    """Key indicators for Almelo, Enschede, Twente and NL (plus the chosen gemeente when it is another).

    ``period`` picks the health monitor year; indicators without that year show their latest period.
    """
    areas = list(HEADLINE_AREAS)
    if extra_area and extra_area not in areas:
        areas.insert(2, extra_area)
    long = value_table(store, areas, list(HEADLINE_INDICATORS), period)
    rows = []
    for _, grp in long.groupby("indicator", sort=False):
        first = grp.iloc[0]
        row: dict[str, str] = {"Indicator": f"{first['label']} ({first['unit']})"}
        for _, r in grp.iterrows():
            row[str(r["area"])] = number(r["value"], decimals_for(str(r["unit"])))
        row["Periode"] = str(first["period"])
        row["Bron"] = str(first["source"])
        rows.append(row)
    return Headline(long=long, display=pd.DataFrame(rows))


def population(store: DataStore, codes: list[str], period: int = 2024) -> dict[str, float | None]:
    """Inhabitants per area code for a period (None when not available)."""
    df = store.indicators
    sub = df[(df["indicator"] == "inwoners") & (df["period"] == period) & df["area_code"].isin(codes)]
    found = dict(zip(sub["area_code"], sub["value"], strict=True))
    return {c: (None if pd.isna(found.get(c)) else float(found[c])) if c in found else None for c in codes}


FOCUS_HEADLINE: tuple[str, ...] = ("moeite_rondkomen", "goede_gezondheid", "risico_angst_depressie_hoog", "eenzaam")


def focus_headline(store: DataStore, areas: dict[str, tuple[str, ...]], period: int = 2020) -> pd.DataFrame:
    """Key health-monitor figures (18+) of the focus areas (inhabitant-weighted) beside Twente and NL."""
    from regiomonitor.targets import area_series, group_series

    rows = []
    for ind in FOCUS_HEADLINE:
        meta = store.indicator(ind)
        row: dict[str, str] = {"Indicator": f"{meta.label} ({meta.unit})"}
        for name, codes in [*areas.items(), ("Twente", (TWENTE_CODE,)), ("Nederland", (NL_CODE,))]:
            s = (
                group_series(store, codes, ind, "18+")
                if codes[0].startswith(("GM", "BU"))
                else area_series(store, codes[0], ind, "18+")
            )
            v = s.loc[s["jaar"] == period, "value"]
            row[name] = number(float(v.iloc[0]), 1) if len(v) else "–"
        rows.append(row)
    return pd.DataFrame(rows)


HOUSEHOLDS_PERIOD: int = 2021


@dataclass(frozen=True)
class FocusHouseholds:
    """Households of the focus areas (sum of their buurten) beside the figure the document gives."""

    table: pd.DataFrame  # Focusgebied, Buurten, Huishoudens, Met cijfer
    total: float | None
    period: int
    document: int
    source: str


def focus_households(
    store: DataStore, areas: dict[str, tuple[str, ...]], document: int, period: int = HOUSEHOLDS_PERIOD
) -> FocusHouseholds:
    """Private households per focus area in ``period`` (CBS buurt counts, rounded to multiples of 5 by CBS).

    A buurt without a published count is left out of the sum and counted in 'Met cijfer' ('3 van 4').
    """
    rows, total, any_value, datasets = [], 0.0, False, set()
    for name, codes in areas.items():
        found = store.rows(list(codes), "huishoudens", "totaal")
        found = found[(found["period"] == period) & found["value"].notna()]
        datasets |= set(found["dataset"])
        value = float(found["value"].sum()) if len(found) else None
        if value is not None:
            total += value
            any_value = True
        rows.append(
            {
                "Focusgebied": name,
                "Buurten": len(codes),
                "Huishoudens": number(value) if value is not None else "–",
                "Met cijfer": f"{len(found)} van {len(codes)}",
            }
        )
    ds = [store.datasets[d] for d in sorted(datasets) if d in store.datasets]
    source = "; ".join(d.citation() for d in ds)
    return FocusHouseholds(pd.DataFrame(rows), total if any_value else None, period, document, source)
