"""Focus areas of the Regio Deal: named ones from the document, and a data-driven proposal.

The named areas are read from ``data/content/focus_areas.yaml`` by :mod:`regiomonitor.content.focus_area`,
with their basis and an explanation of the mapping to buurt codes. The proposal is computed here by a stated rule, so it is always reproducible and
always labelled as a proposal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

import numpy as np
import pandas as pd

from regiomonitor.data import DataStore

if TYPE_CHECKING:  # geopandas is imported lazily: only the map needs it
    import geopandas as gpd

#: The proposal rule: indicators that together describe multiple deprivation in the data we have.
PROPOSAL_INDICATORS: Final[tuple[str, ...]] = (
    "moeite_rondkomen",
    "goede_gezondheid",
    "risico_angst_depressie_hoog",
    "eenzaam",
    "regie_eigen_leven",
)
PROPOSAL_PERIOD: Final = 2020
PROPOSAL_AGE: Final = "18+"
PROPOSAL_QUANTILE: Final = 0.9  # worst decile of Twente buurten
PROPOSAL_MIN_INHABITANTS: Final = 200
PROPOSAL_RULE: Final = (
    "Voorstel: de buurten van Almelo en Enschede die bij de slechtste 10% van alle Twentse buurten horen op "
    "een gemiddelde z-score van vijf indicatoren uit de gezondheidsmonitor 2020 (18+): moeite met rondkomen, "
    "ervaren gezondheid (omgekeerd), hoog risico op angst of depressie, eenzaamheid en regie over het eigen "
    "leven (omgekeerd). Alleen buurten met minstens 200 inwoners en waarden voor alle vijf indicatoren."
)


def deprivation_scores(store: DataStore) -> pd.DataFrame:
    """Mean z-score per Twente buurt over ``PROPOSAL_INDICATORS`` (higher = more deprived).

    z-scores are taken across Twente buurten; indicators where higher is better are sign-flipped so that a
    higher score is always worse. Returns code, score, inhabitants and the z-score per indicator.
    """
    df = store.indicators
    sub = df[
        (df["level"] == "buurt")
        & (df["period"] == PROPOSAL_PERIOD)
        & (df["age_group"] == PROPOSAL_AGE)
        & df["indicator"].isin(PROPOSAL_INDICATORS)
    ]
    wide = sub.pivot_table(index="area_code", columns="indicator", values="value", aggfunc="first")
    wide = wide.reindex(columns=list(PROPOSAL_INDICATORS)).dropna()
    z = (wide - wide.mean()) / wide.std(ddof=0)
    for ind in PROPOSAL_INDICATORS:
        if store.indicator(ind).direction == "hoger_beter":
            z[ind] = -z[ind]
    pop = df[(df["indicator"] == "inwoners") & (df["period"] == 2024) & (df["level"] == "buurt")]
    inhabitants = dict(zip(pop["area_code"], pop["value"], strict=True))
    out = z.assign(score=z.mean(axis=1)).reset_index().rename(columns={"area_code": "code"})
    out["inwoners"] = out["code"].map(inhabitants)
    return out.sort_values("score", ascending=False).reset_index(drop=True)


def proposal(store: DataStore) -> pd.DataFrame:
    """The data-driven proposal: Almelo and Enschede buurten in the worst decile (see ``PROPOSAL_RULE``)."""
    scores = deprivation_scores(store)
    scores = scores[scores["inwoners"].fillna(0) >= PROPOSAL_MIN_INHABITANTS]
    threshold = float(np.quantile(scores["score"], PROPOSAL_QUANTILE))
    chosen = scores[(scores["score"] >= threshold) & scores["code"].str[:6].isin(["BU0141", "BU0153"])]
    return chosen.assign(threshold=threshold).reset_index(drop=True)


def inhabitants(store: DataStore, codes: list[str] | tuple[str, ...]) -> tuple[float, int]:
    """Sum of 2024 inhabitants over buurt codes, and how many had a figure."""
    sub = store.rows(list(codes), "inwoners")  # the indicator's own rows, not a scan of the whole table
    sub = sub[sub["period"] == 2024]
    return float(sub["value"].sum(skipna=True)), int(sub["value"].notna().sum())


def focus_geometries(buurten: gpd.GeoDataFrame, groups: Sequence[tuple[str, Sequence[str]]]) -> gpd.GeoDataFrame:
    """One outline per focus area: the union of its buurt polygons, with the area's name as ``naam``."""
    import geopandas as gpd
    import shapely

    rows = []
    for naam, codes in groups:
        sub = buurten[buurten["code"].isin(list(codes))]
        if len(sub):
            rows.append({"naam": naam, "geometry": shapely.union_all(sub.geometry.to_numpy())})
    return (
        gpd.GeoDataFrame(rows, geometry="geometry", crs=buurten.crs)
        if rows
        else gpd.GeoDataFrame({"naam": []}, geometry=[], crs=buurten.crs)
    )
