"""Geometry preparation: derive wijken, simplify as a coverage, reproject to WGS84 and round.

Simplification uses ``simplify_coverage`` so that neighbouring buurten keep one shared border (no slivers or
gaps on the map); rounding to 1e-5 degrees is about a metre in Twente.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import geopandas as gpd
import pandas as pd
import shapely

from regiomonitor.areas import TWENTE_GEMEENTEN, gemeente_of, wijk_of
from regiomonitor.prepare.readers.boundaries import BUURT_GEO_FILE, GEMEENTE_GEO_FILE, TUBBERGEN_2024_GEO_FILE
from regiomonitor.prepare.readers.common import PrepareError, check_unique

WGS84: Final = "EPSG:4326"
GRID_DEGREES: Final = 1e-5  # ~0.7 m east-west, ~1.1 m north-south at 52°N

#: Simplification tolerance in metres (RD New), per layer.
#: The full-resolution 2021 layer (file 9) is generalised much more, to about the level of the CBS/cartomap
#: generalised 2024 layer, so that all 517 Twente buurten fit the 300 KB map payload budget.
TOLERANCE_M: Final[dict[str, float]] = {
    "buurt": 5.0,
    "wijk": 5.0,
    "gemeente": 25.0,
    "land": 500.0,
    "buurt_2021": 200.0,
    "wijk_2021": 200.0,
}

#: Gemeenten whose 2024 buurt polygons are taken from the 2021 layer: their buurt codes did not change
#: (Dinkelland: BU17741051 Sombeek's 2021 polygon also covers the 2024 split-off BU17741021). SOURCES.md,
#: "How the new files combine".
FROM_2021_IN_2024: Final[tuple[str, ...]] = ("BU1774", "BU0163", "BU1735", "BU1700", "BU0189")


def dissolve_wijken(buurten: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Wijk polygons as the union of their buurten (the wijk code is part of the buurt code)."""
    tmp = buurten.assign(code=buurten["code"].map(wijk_of))
    wijken = tmp[["code", "geometry"]].dissolve(by="code", as_index=False)
    return wijken.sort_values("code").reset_index(drop=True)


def nl_outline(gemeenten: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The outline of the Netherlands as the union of all gemeenten."""
    geom = shapely.union_all(shapely.make_valid(gemeenten.geometry.to_numpy()))
    return gpd.GeoDataFrame({"code": ["NL00"], "name": ["Nederland"]}, geometry=[geom], crs=gemeenten.crs)


def finish(gdf: gpd.GeoDataFrame, level: str) -> gpd.GeoDataFrame:
    """Simplify (topology kept across the layer), reproject to WGS84, round to ~1 m, and validate.

    Raises:
        ValueError: a geometry is invalid or empty after processing (should not happen on real data).
    """
    tol = TOLERANCE_M[level]
    out = gdf.copy()
    out["geometry"] = shapely.make_valid(out.geometry.to_numpy())
    out["geometry"] = out.geometry.simplify_coverage(tol) if len(out) > 1 else out.geometry.simplify(tol)
    out = out.to_crs(WGS84)
    out["geometry"] = shapely.set_precision(out.geometry.to_numpy(), GRID_DEGREES)
    bad = ~out.geometry.is_valid | out.geometry.is_empty
    if bad.any():
        raise ValueError(f"{level}: {int(bad.sum())} invalid geometries after simplification")
    return out.sort_values("code").reset_index(drop=True)


def twente_gemeenten(gemeenten: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The 14 Twente gemeenten from the national layer."""
    return gemeenten[gemeenten["code"].isin(TWENTE_GEMEENTEN)].copy()


@dataclass(frozen=True)
class Layers:
    """The polygon layers in RD New the build combines from the boundary readings, before ``finish``."""

    buurten: gpd.GeoDataFrame  # 2024 division: the generalised CBS layer (files 1 and 11)
    from_2021: gpd.GeoDataFrame  # 2024 division: 2021 polygons of the gemeenten whose buurt codes did not change
    wijken: gpd.GeoDataFrame
    wijken_from_2021: gpd.GeoDataFrame
    buurten_2021: gpd.GeoDataFrame
    wijken_2021: gpd.GeoDataFrame
    gemeenten: gpd.GeoDataFrame  # every gemeente of NL

    def all(self) -> list[gpd.GeoDataFrame]:
        """Every layer, for the area table's ``has_geometry``."""
        return [
            self.buurten,
            self.from_2021,
            self.wijken,
            self.wijken_from_2021,
            self.buurten_2021,
            self.wijken_2021,
            self.gemeenten,
        ]


def combine(
    raw_dir: Path,
    buurten: gpd.GeoDataFrame,
    tubbergen: gpd.GeoDataFrame,
    gemeenten: gpd.GeoDataFrame,
    buurten_2021: gpd.GeoDataFrame,
    codes_2024: set[str],
) -> Layers:
    """The layers of both divisions. The 2024 division is the generalised CBS layer (files 1 and 11) plus the 2021
    polygons of the gemeenten whose buurt codes did not change (see regiomonitor/divisions.py); Rijssen-Holten has
    no 2024 polygons.

    Raises:
        PrepareError: a 2024 buurt code that no area table knows, a buurt in both 2024 files, or a Twente gemeente
            missing from the gemeente layer.
    """
    generalised = pd.concat([buurten, tubbergen], ignore_index=True)
    for layer, rel in ((buurten, BUURT_GEO_FILE), (tubbergen, TUBBERGEN_2024_GEO_FILE)):
        unknown = sorted(set(layer["code"]) - codes_2024)
        if unknown:
            raise PrepareError(
                f"Raw file {raw_dir / rel} has buurt codes that exist in no area table, such as {unknown[0]}."
            )
    check_unique(generalised["code"], raw_dir / TUBBERGEN_2024_GEO_FILE, "buurt code")
    from_2021 = buurten_2021[
        buurten_2021["code"].str[:6].isin(FROM_2021_IN_2024) & buurten_2021["code"].isin(codes_2024)
    ].reset_index(drop=True)
    layers = Layers(
        buurten=generalised,
        from_2021=from_2021,
        wijken=dissolve_wijken(generalised),
        wijken_from_2021=dissolve_wijken(from_2021),
        buurten_2021=buurten_2021,
        wijken_2021=dissolve_wijken(buurten_2021),
        gemeenten=gemeenten,
    )
    missing_gm = sorted(set(TWENTE_GEMEENTEN) - set(gemeenten["code"]))
    if missing_gm:
        raise PrepareError(f"Raw file {raw_dir / GEMEENTE_GEO_FILE} lacks Twente gemeente {missing_gm[0]}.")
    return layers


def finished(layers: Layers, names: Mapping[str, str]) -> dict[str, gpd.GeoDataFrame]:
    """The geo/ files: each layer finished (simplified, WGS84) with the area table's names and gemeente codes."""

    def named(g: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        g = g.assign(name=g["code"].map(names))
        g["gemeente"] = g["code"].map(gemeente_of)
        return g

    def both(a: gpd.GeoDataFrame, a_level: str, b: gpd.GeoDataFrame, b_level: str) -> gpd.GeoDataFrame:
        joined = pd.concat([finish(a, a_level), finish(b, b_level)], ignore_index=True)
        return named(joined.sort_values("code").reset_index(drop=True))

    buurt_geo = both(layers.buurten, "buurt", layers.from_2021, "buurt_2021")
    wijk_geo = both(layers.wijken, "wijk", layers.wijken_from_2021, "wijk_2021")
    buurt21_geo = named(finish(layers.buurten_2021[["code", "geometry"]], "buurt_2021"))
    wijk21_geo = named(finish(layers.wijken_2021, "wijk_2021"))
    gm_geo = named(finish(twente_gemeenten(layers.gemeenten), "gemeente"))
    nl_geo = finish(nl_outline(layers.gemeenten), "land")
    cols = ["code", "name", "gemeente", "geometry"]
    return {
        "buurten": buurt_geo[cols],
        "wijken": wijk_geo[cols],
        "buurten_2021": buurt21_geo[cols],
        "wijken_2021": wijk21_geo[cols],
        "gemeenten": gm_geo[cols],
        "nederland": nl_geo[["code", "name", "geometry"]],
    }
