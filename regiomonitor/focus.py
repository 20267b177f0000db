"""Focus areas of the Regio Deal: named ones from the document, and a data-driven proposal.

The named areas come from ``data/content/focus_areas.yaml`` with their basis and an explanation of the
mapping to buurt codes. The proposal is computed here by a stated rule, so it is always reproducible and
always labelled as a proposal.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

import numpy as np
import pandas as pd
import yaml

from regiomonitor.data import DataStore

if TYPE_CHECKING:  # geopandas is imported lazily: only the map needs it
    import geopandas as gpd

BASES: Final[dict[str, str]] = {
    "document": "genoemd in de Regio Deal-aanvraag; de buurtindeling is onze lezing",
    "werkaanname": "werkaanname: het document noemt geen buurten",
    "voorstel": "voorstel uit de data",
}

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


class FocusAreaError(ValueError):
    """The focus area content is invalid."""


@dataclass(frozen=True)
class FocusArea:
    """A named set of buurten with the basis of its delineation."""

    id: str
    naam: str
    gemeente: str
    basis: str
    buurten: tuple[str, ...]
    toelichting: str

    @property
    def basis_label(self) -> str:
        """Dutch wording of the basis."""
        return BASES[self.basis]


@dataclass(frozen=True)
class FocusCatalogue:
    """The named focus areas and the document's own figures."""

    areas: tuple[FocusArea, ...]
    document: str
    passage: str
    households_document: int

    def by_buurt(self) -> dict[str, FocusArea]:
        """Buurt code -> its focus area."""
        return {b: fa for fa in self.areas for b in fa.buurten}


def load_focus_areas(path: Path, known_buurten: set[str]) -> FocusCatalogue:
    """Read and validate the focus areas (every buurt must exist in the 2024 division).

    Raises:
        FocusAreaError: missing fields, an unknown basis, an unknown or duplicated buurt code.
    """
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise FocusAreaError(f"{path.name}: cannot read ({exc.__class__.__name__})") from exc
    areas: list[FocusArea] = []
    seen: dict[str, str] = {}
    for rec in doc.get("focusgebieden") or []:
        where = f"{path.name}: focus area {rec.get('id', '?')}"
        for key in ("id", "naam", "gemeente", "basis", "buurten", "toelichting"):
            if not rec.get(key):
                raise FocusAreaError(f"{where}: missing field '{key}'")
        if rec["basis"] not in BASES or rec["basis"] == "voorstel":
            raise FocusAreaError(f"{where}: field 'basis' must be document or werkaanname")
        for code in rec["buurten"]:
            if code not in known_buurten:
                raise FocusAreaError(f"{where}: buurt {code} does not exist in the 2024 division")
            if code in seen:
                raise FocusAreaError(f"{where}: buurt {code} is already in focus area {seen[code]}")
            if not code.startswith("BU" + rec["gemeente"][2:]):
                raise FocusAreaError(f"{where}: buurt {code} is not in gemeente {rec['gemeente']}")
            seen[code] = rec["id"]
        areas.append(
            FocusArea(
                rec["id"],
                rec["naam"],
                rec["gemeente"],
                rec["basis"],
                tuple(rec["buurten"]),
                " ".join(str(rec["toelichting"]).split()),
            )
        )
    src = doc.get("bron") or {}
    return FocusCatalogue(
        tuple(areas), str(src.get("document", "")), str(src.get("passage", "")), int(src.get("huishoudens_document", 0))
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


def focus_geometries(
    buurten: gpd.GeoDataFrame, groups: list[tuple[str, tuple[str, ...] | list[str]]]
) -> gpd.GeoDataFrame:
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
