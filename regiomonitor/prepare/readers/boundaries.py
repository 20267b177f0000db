"""Generalised CBS boundaries in RD New: buurten 2024 of seven Twente gemeenten, Tubbergen's buurten 2024, and
every gemeente of NL (2026, without water). They carry no figures; ``build`` assembles the map layers from them."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Final

import geopandas as gpd

from regiomonitor.prepare.readers.common import PrepareError, read_geojson
from regiomonitor.prepare.registry import Reading, register

BUURT_GEO_FILE: Final = "cbs_buurten_2024_twente/buurt_2024_rd_twente7.geojson"
TUBBERGEN_2024_GEO_FILE: Final = "cbs_buurten_2024_tubbergen/buurt_2024_rd_tubbergen.geojson"
GEMEENTE_GEO_FILE: Final = "cbs_gemeenten_2026_nl/gemeenten_zonder_water_2026.geojson"


def _read_layer(path: Path, prefix: str, what: str) -> gpd.GeoDataFrame:
    """Code, name and polygon of every feature; all codes must start with ``prefix``."""
    gdf = read_geojson(path)
    if not gdf["code"].str.startswith(prefix).all():
        raise PrepareError(f"Raw file {path} holds features that are not {what}.")
    return gdf[["code", "statnaam", "geometry"]].rename(columns={"statnaam": "name"})


def read_buurt_geometry(raw_dir: Path) -> gpd.GeoDataFrame:
    """Buurt polygons 2024 (RD New) with code and name."""
    return _read_layer(raw_dir / BUURT_GEO_FILE, "BU", "buurten")


def read_tubbergen_2024_geometry(raw_dir: Path) -> gpd.GeoDataFrame:
    """Tubbergen's buurt polygons in the 2024 division (file 11, generalised like file 1)."""
    return _read_layer(raw_dir / TUBBERGEN_2024_GEO_FILE, "BU0183", "buurten of Tubbergen")


def read_gemeente_geometry(raw_dir: Path) -> gpd.GeoDataFrame:
    """All gemeente polygons (RD New) with code and name."""
    return _read_layer(raw_dir / GEMEENTE_GEO_FILE, "GM", "gemeenten")


@register("buurten_2024", raw=(BUURT_GEO_FILE,), datasets=("cbs_buurten_2024",))
def buurten_source(raw_dir: Path, _before: Mapping[str, Reading]) -> Reading:
    """The generalised buurten 2024 of seven gemeenten."""
    return Reading(geometry=read_buurt_geometry(raw_dir))


@register("tubbergen_2024", raw=(TUBBERGEN_2024_GEO_FILE,), datasets=("cbs_buurten_2024_tubbergen",))
def tubbergen_source(raw_dir: Path, _before: Mapping[str, Reading]) -> Reading:
    """Tubbergen's buurten 2024."""
    return Reading(geometry=read_tubbergen_2024_geometry(raw_dir))


@register("gemeenten_2026", raw=(GEMEENTE_GEO_FILE,), datasets=("cbs_gemeenten_2026",))
def gemeenten_source(raw_dir: Path, _before: Mapping[str, Reading]) -> Reading:
    """Every gemeente of NL (the Twente layer and the outline of NL are derived from it)."""
    return Reading(geometry=read_gemeente_geometry(raw_dir))
