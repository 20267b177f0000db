"""What every reader shares: the error type, the long row shape, the scope of the prepared tables and the checks
on raw files. Each check raises ``PrepareError`` with one sentence naming the file and the problem.

Long indicator frames have the columns of ``OBS_COLUMNS``. Readers keep every gemeente of NL and the land figure,
and the wijken and buurten of the 14 Twente gemeenten (``keep_area``), which keeps the prepared files small while
leaving national comparisons possible.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

import geopandas as gpd
import pandas as pd
import shapely
from pyproj import CRS

from regiomonitor.areas import NL_CODE, clean_code, is_twente, is_valid_code
from regiomonitor.areas import TWENTE_GEMEENTEN as TWENTE_GM
from regiomonitor.prepare.values import FLAG_DERIVED, FLAG_OK, coerce_values


class PrepareError(RuntimeError):
    """A raw file is missing or malformed. The message is one sentence naming the file and the problem."""


OBS_COLUMNS: Final[list[str]] = [
    "area_code",
    "indicator",
    "period",
    "age_group",
    "value",
    "flag",
    "division",
    "dataset",
]

RD_NEW: Final = CRS.from_epsg(28992)

# RD New bounds (EPSG:28992 area of use, generously rounded): coordinates outside are not RD.
_RD_BOUNDS: Final = (-10_000.0, 280_000.0, 320_000.0, 650_000.0)


def keep_area(code: str) -> bool:
    """Scope of the prepared tables: NL, every gemeente, and wijken/buurten of Twente."""
    return code == NL_CODE or code.startswith("GM") or (code[:2] in {"WK", "BU"} and is_twente(code))


def in_scope(codes: pd.Series) -> pd.Series:
    """Vectorised ``keep_area`` for a column of codes."""
    twente_prefixes = tuple("BU" + gm[2:] for gm in TWENTE_GM) + tuple("WK" + gm[2:] for gm in TWENTE_GM)
    return (codes == NL_CODE) | codes.str.startswith("GM") | codes.str.startswith(twente_prefixes)


def need(path: Path) -> Path:
    """``path`` itself, when it is a file with content."""
    if not path.is_file():
        raise PrepareError(f"Raw file {path} is missing.")
    if path.stat().st_size == 0:
        raise PrepareError(f"Raw file {path} is empty.")
    return path


def need_columns(df: pd.DataFrame, columns: list[str], path: Path) -> None:
    """Stop when the raw frame lacks any of ``columns``."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise PrepareError(f"Raw file {path} lacks the expected column(s) {', '.join(missing)}.")


def check_unique(codes: pd.Series, path: Path, what: str = "region code") -> None:
    """Stop at a code that occurs twice."""
    dup = codes[codes.duplicated()]
    if len(dup):
        raise PrepareError(f"Raw file {path} has a duplicate {what} ({', '.join(sorted(set(dup))[:3])}).")


def check_codes(codes: pd.Series, path: Path) -> None:
    """Stop at a malformed region code."""
    bad = sorted({c for c in codes if not is_valid_code(c)})
    if bad:
        raise PrepareError(f"Raw file {path} has malformed region codes such as {bad[0]!r}.")


def check_year(years: pd.Series, expected: int, path: Path) -> None:
    """Stop when the file's year column holds anything but ``expected``."""
    found = set(pd.to_numeric(years, errors="coerce").dropna().astype(int))
    if found != {expected}:
        raise PrepareError(f"Raw file {path} holds year(s) {sorted(found)}, expected {expected}.")


def long_rows(
    area: pd.Series,
    indicator: str,
    period: int,
    age: str,
    values: pd.Series,
    flags: pd.Series,
    division: int,
    dataset: str,
) -> pd.DataFrame:
    """One indicator's long rows (``OBS_COLUMNS``) from aligned codes, values and flags."""
    return pd.DataFrame(
        {
            "area_code": area.to_numpy(),
            "indicator": indicator,
            "period": period,
            "age_group": age,
            "value": values.to_numpy(),
            "flag": flags.to_numpy(),
            "division": division,
            "dataset": dataset,
        }
    )


def obs(
    area: pd.Series, indicator: str, period: int, age: str, raw_values: pd.Series, division: int, dataset: str
) -> pd.DataFrame:
    """Long rows of a published column: its text becomes values and flags (``coerce_values``)."""
    values, flags = coerce_values(raw_values)
    return long_rows(area, indicator, period, age, values, flags, division, dataset)


def share(count: pd.Series, total: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Percentage share with flags: published counts give a derived share; zero population gives missing."""
    c, cf = coerce_values(count)
    t, tf = coerce_values(total)
    pct = (100.0 * c / t).where(t > 0)
    flags = pd.Series(FLAG_DERIVED, index=count.index, dtype="object")
    bad = (cf != FLAG_OK) | (tf != FLAG_OK) | ~(t > 0)
    flags[bad.to_numpy(dtype=bool)] = "missing"
    return pct.round(6), flags


def share_obs(
    area: pd.Series, indicator: str, count: pd.Series, total: pd.Series, dataset: str, period: int, division: int
) -> pd.DataFrame:
    """Long rows of a derived percentage (all ages): ``count`` as a share of ``total``."""
    pct, flags = share(count, total)
    return long_rows(area, indicator, period, "totaal", pct, flags, division, dataset)


def read_csv(path: Path) -> pd.DataFrame:
    """StatLine CSV dialect: ';', UTF-8 with BOM, quoted and space-padded text."""
    try:
        df = pd.read_csv(need(path), sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise PrepareError(f"Raw file {path} is not a readable StatLine CSV ({exc.__class__.__name__}).") from exc
    df.columns = [c.strip() for c in df.columns]
    return df.apply(lambda s: s.str.strip())


def read_json_object(path: Path) -> dict[str, Any]:
    """A JSON file whose top level is an object (the stripped KWB export, keyed by region code)."""
    try:
        doc = json.loads(need(path).read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise PrepareError(f"Raw file {path} is not valid JSON ({exc.__class__.__name__}).") from exc
    if not isinstance(doc, dict):
        raise PrepareError(f"Raw file {path} is not an object keyed by region code.")
    return doc


def check_polygon_types(gdf: gpd.GeoDataFrame, path: Path, *, allow_empty: bool = False) -> None:
    """Stop at a missing (or, unless ``allow_empty``, empty) geometry or one that is not a polygon."""
    types = set(gdf.geom_type.dropna())
    empty = gdf.geometry.isna().any() or (not allow_empty and gdf.geometry.is_empty.any())
    if empty or not types <= {"Polygon", "MultiPolygon"}:
        raise PrepareError(f"Raw file {path} has empty or non-polygon geometries.")


def check_valid(gdf: gpd.GeoDataFrame, codes: pd.Series, path: Path) -> None:
    """Stop at an invalid polygon, named by its code.

    CBS publishes valid polygons; a self-intersecting one means a damaged or hand-edited file. make_valid later
    would silently split it, so stop here and name the feature instead.
    """
    invalid = ~shapely.is_valid(gdf.geometry.to_numpy())
    if invalid.any():
        first = int(invalid.argmax())
        reason = shapely.is_valid_reason(gdf.geometry.iloc[first])
        raise PrepareError(f"Raw file {path} has an invalid geometry for {codes.iloc[first]} ({reason}).")


def read_geojson(path: Path, expect_rd: bool = True) -> gpd.GeoDataFrame:
    """Read a GeoJSON in RD New with a cleaned ``code`` column. A file without CRS is taken as RD New if its
    coordinates fit RD bounds.

    Raises:
        PrepareError: unreadable file, a CRS other than RD New, coordinates outside RD bounds, or
            geometries that are empty or not polygons.
    """
    need(path)
    try:
        gdf = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises DataSourceError and friends
        raise PrepareError(f"Raw file {path} is not readable GeoJSON ({exc.__class__.__name__}).") from exc
    if gdf.empty:
        raise PrepareError(f"Raw file {path} holds no features.")
    if gdf.crs is None or CRS(gdf.crs).equals(CRS.from_epsg(4326)):
        # GeoJSON readers report WGS84 for files without a crs member; the raw files are RD metres.
        minx, miny, maxx, maxy = gdf.total_bounds
        x0, y0, x1, y1 = _RD_BOUNDS
        if not (x0 <= minx and maxx <= x1 and y0 <= miny and maxy <= y1):
            raise PrepareError(f"Raw file {path} has no CRS and its coordinates are not RD New (EPSG:28992).")
        gdf = gdf.set_crs(RD_NEW, allow_override=True)
    elif not CRS(gdf.crs).equals(RD_NEW) and expect_rd:
        raise PrepareError(f"Raw file {path} is in CRS {gdf.crs.to_string()}, expected RD New (EPSG:28992).")
    check_polygon_types(gdf, path)
    if "statcode" not in gdf.columns or "statnaam" not in gdf.columns:
        raise PrepareError(f"Raw file {path} lacks the properties statcode and statnaam.")
    gdf["code"] = gdf["statcode"].map(clean_code)
    check_codes(gdf["code"], path)
    check_unique(gdf["code"], path)
    check_valid(gdf, gdf["code"], path)
    return gdf
