"""Geometry preparation: derive wijken, simplify as a coverage, reproject to WGS84 and round.

Simplification uses ``simplify_coverage`` so that neighbouring buurten keep one shared border (no slivers or
gaps on the map); rounding to 1e-5 degrees is about a metre in Twente.
"""

from __future__ import annotations

from typing import Final

import geopandas as gpd
import shapely

from regiomonitor.areas import TWENTE_GEMEENTEN, wijk_of

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
