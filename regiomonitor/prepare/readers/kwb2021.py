"""CBS Wijk- en buurtkaart 2021: the buurt layer of the 14 Twente gemeenten (shapefile, with polygons) and their
gemeente figures (GeoJSON properties). The wijk figures of 2021 are derived here from the buurten."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Final

import geopandas as gpd
import pandas as pd
from pyproj import CRS

from regiomonitor.areas import TWENTE_GEMEENTEN, clean_code, is_twente
from regiomonitor.prepare.readers.common import (
    OBS_COLUMNS,
    RD_NEW,
    PrepareError,
    check_codes,
    check_polygon_types,
    check_unique,
    check_valid,
    check_year,
    need,
    need_columns,
    obs,
)
from regiomonitor.prepare.registry import Reading, register
from regiomonitor.prepare.values import FLAG_DERIVED

KWB2021_SHAPEFILE: Final = "cbs_wijkbuurtkaart2021_buurten_twente/buurten"
KWB2021_BUURT_FILE: Final = f"{KWB2021_SHAPEFILE}.shp"
KWB2021_GEMEENTE_FILE: Final = "cbs_wijkbuurtkaart2021_buurten_twente/gemeente_2021_twente_wgs84.json"
KWB2021_DIVISION: Final = 2021
#: CBS's "geheim" sentinel in the Wijk- en buurtkaart: suppressed, never a number.
CBS_SECRET: Final = -99999999

#: Truncated DBF field -> indicator (mapping in SOURCES.md, file 9). Age and marital shares are left out: the
#: monitor takes the age mix from the 2024 counts.
KWB2021_COLUMNS: Final[dict[str, str]] = {
    "aantal_inw": "inwoners",
    "aantal_hui": "huishoudens",
    "gemiddelde": "gem_huishoudensgrootte",
    "percenta_9": "eenpersoonshuishoudens",
    "percenta10": "huishoudens_zonder_kinderen",
    "percenta11": "huishoudens_met_kinderen",
    "bevolkings": "bevolkingsdichtheid",
    "stedelijkh": "stedelijkheid",
    "oppervla_1": "oppervlakte_land_ha",
    "percenta12": "aandeel_westers",  # context only
    "percenta13": "aandeel_niet_westers",  # context only
}
KWB2021_BUURT_DATASET: Final = "cbs_wijkbuurtkaart_2021_buurt"
KWB2021_GEMEENTE_DATASET: Final = "cbs_wijkbuurtkaart_2021_gemeente"

#: A wijk figure for 2021 is derived from its buurten when the buurten with a value hold at least this share
#: of the wijk's households (or inhabitants); suppressed buurten are small, so the rule rarely bites.
WIJK_COVERAGE: Final = 0.95


def _kwb2021_obs(area: pd.Series, df: pd.DataFrame, dataset: str) -> pd.DataFrame:
    """Long observations of the KWB 2021 attributes; the CBS sentinel becomes 'suppressed'."""
    parts = []
    for col, ind in KWB2021_COLUMNS.items():
        raw = df[col].astype("object")
        secret = pd.to_numeric(raw, errors="coerce") == CBS_SECRET
        raw = raw.where(~secret, ".")  # "." is the suppressed placeholder of coerce_values
        parts.append(obs(area, ind, KWB2021_DIVISION, "totaal", raw, KWB2021_DIVISION, dataset))
    return pd.concat(parts, ignore_index=True)


def read_kwb2021_buurt(raw_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame, gpd.GeoDataFrame]:
    """The Wijk- en buurtkaart 2021 buurt layer of the 14 Twente gemeenten (file 9).

    Returns (observations, area list with code, name, wijk code, gemeente code; buurt polygons in RD New).

    Raises:
        PrepareError: unreadable shapefile, missing fields, a year other than 2021, malformed or duplicate codes,
            a buurt outside Twente, invalid geometries.
    """
    path = need(raw_dir / KWB2021_BUURT_FILE)
    try:
        gdf = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises DataSourceError and friends
        raise PrepareError(f"Raw file {path} is not a readable shapefile ({exc.__class__.__name__}).") from exc
    need_columns(gdf, ["buurtcode", "buurtnaam", "wijkcode", "gemeenteco", "jaar", *KWB2021_COLUMNS], path)
    if gdf.crs is None or not CRS(gdf.crs).equals(RD_NEW):
        raise PrepareError(f"Raw file {path} is not in RD New (EPSG:28992).")
    check_year(gdf["jaar"], 2021, path)
    gdf["code"] = gdf["buurtcode"].map(clean_code)
    check_codes(gdf["code"], path)
    check_unique(gdf["code"], path)
    outside = sorted(c for c in gdf["code"] if not (c.startswith("BU") and is_twente(c)))
    if outside:
        raise PrepareError(f"Raw file {path} holds {outside[0]}, which is not a Twente buurt.")
    check_polygon_types(gdf, path, allow_empty=True)
    check_valid(gdf, gdf["code"], path)
    gdf = gdf.sort_values("code").reset_index(drop=True)
    found = _kwb2021_obs(gdf["code"], gdf, KWB2021_BUURT_DATASET)
    areas = pd.DataFrame(
        {
            "code": gdf["code"],
            "name": gdf["buurtnaam"].astype(str).str.strip(),
            "wijk": gdf["wijkcode"].map(clean_code),
            "gemeente": gdf["gemeenteco"].map(clean_code),
        }
    )
    geo = gpd.GeoDataFrame({"code": gdf["code"], "name": areas["name"]}, geometry=gdf.geometry.to_numpy(), crs=RD_NEW)
    return found, areas, geo


def read_kwb2021_gemeente(raw_dir: Path) -> pd.DataFrame:
    """The same attributes for the 14 Twente gemeenten (file 10, exact figures)."""
    path = need(raw_dir / KWB2021_GEMEENTE_FILE)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        props = pd.DataFrame([f["properties"] for f in doc["features"]])
    except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError) as exc:
        raise PrepareError(f"Raw file {path} is not a GeoJSON FeatureCollection ({exc.__class__.__name__}).") from exc
    need_columns(props, ["gemeenteco", "jaar", *KWB2021_COLUMNS], path)
    check_year(props["jaar"], 2021, path)
    area = props["gemeenteco"].map(clean_code)
    check_codes(area, path)
    check_unique(area, path)
    missing = sorted(set(TWENTE_GEMEENTEN) - set(area))
    if missing:
        raise PrepareError(f"Raw file {path} lacks Twente gemeente {missing[0]}.")
    return _kwb2021_obs(area, props, KWB2021_GEMEENTE_DATASET)


def derive_wijken_2021(buurt_obs: pd.DataFrame, buurt_areas: pd.DataFrame) -> pd.DataFrame:
    """Wijk figures 2021 from the buurten of the Wijk- en buurtkaart (flag ``derived``).

    Counts (inhabitants, households, land area) are summed; household shares and the average household size are
    weighted by households; density is inhabitants per km² of land. Urbanity is a class and is not derived.
    CBS rounds buurt counts to multiples of 5, so wijk sums can differ from CBS's own wijk figures by a few.
    """
    wide = buurt_obs.pivot_table(index="area_code", columns="indicator", values="value", aggfunc="first")
    wide["wijk"] = wide.index.map(dict(zip(buurt_areas["code"], buurt_areas["wijk"], strict=True)))
    rows = []
    for wijk, grp in wide.groupby("wijk", sort=True):
        hh = grp["huishoudens"].fillna(0.0)
        inw = grp["inwoners"].fillna(0.0)
        vals: dict[str, float] = {}
        for ind in ("inwoners", "huishoudens", "oppervlakte_land_ha"):
            if grp[ind].notna().all():
                vals[ind] = float(grp[ind].sum())
        for ind in (
            "gem_huishoudensgrootte",
            "eenpersoonshuishoudens",
            "huishoudens_zonder_kinderen",
            "huishoudens_met_kinderen",
        ):
            ok = grp[ind].notna() & (hh > 0)
            if hh.sum() > 0 and hh[ok].sum() >= WIJK_COVERAGE * hh.sum():
                vals[ind] = float((grp.loc[ok, ind] * hh[ok]).sum() / hh[ok].sum())
        for ind in ("aandeel_westers", "aandeel_niet_westers"):
            ok = grp[ind].notna() & (inw > 0)
            if inw.sum() > 0 and inw[ok].sum() >= WIJK_COVERAGE * inw.sum():
                vals[ind] = float((grp.loc[ok, ind] * inw[ok]).sum() / inw[ok].sum())
        if "inwoners" in vals and vals.get("oppervlakte_land_ha", 0) > 0:
            vals["bevolkingsdichtheid"] = vals["inwoners"] / (vals["oppervlakte_land_ha"] / 100.0)
        for ind, value in vals.items():
            rows.append(
                {
                    "area_code": wijk,
                    "indicator": ind,
                    "period": KWB2021_DIVISION,
                    "age_group": "totaal",
                    "value": round(value, 6),
                    "flag": FLAG_DERIVED,
                    "division": KWB2021_DIVISION,
                    "dataset": KWB2021_BUURT_DATASET,
                }
            )
    return pd.DataFrame(rows, columns=OBS_COLUMNS)


@register(
    "kwb2021_buurt",
    raw=tuple(f"{KWB2021_SHAPEFILE}.{ext}" for ext in ("shp", "shx", "dbf", "prj", "cpg")),
    datasets=(KWB2021_BUURT_DATASET,),
)
def buurt_source(raw_dir: Path, _before: Mapping[str, Reading]) -> Reading:
    """Buurt figures and their wijk sums, the 2021 area list and the 2021 buurt polygons."""
    found, areas, geo = read_kwb2021_buurt(raw_dir)
    wijken = derive_wijken_2021(found, areas)
    return Reading(obs=pd.concat([found, wijken], ignore_index=True), areas=areas, geometry=geo)


@register("kwb2021_gemeente", raw=(KWB2021_GEMEENTE_FILE,), datasets=(KWB2021_GEMEENTE_DATASET,))
def gemeente_source(raw_dir: Path, _before: Mapping[str, Reading]) -> Reading:
    """The exact gemeente figures 2021."""
    return Reading(obs=read_kwb2021_gemeente(raw_dir))
