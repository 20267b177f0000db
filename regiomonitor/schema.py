"""Schemas of the prepared files and their validation.

Used twice: by prepare before it installs new files, and by the loaders every time the app reads them. Each
problem raises ``PreparedDataError`` whose ``user_message`` is a Dutch sentence saying what is wrong and
which command repairs it; ``str()`` gives the same in English for logs and tests.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import geopandas as gpd
import pandas as pd
import pyarrow.parquet as pq
from pyproj import CRS

from regiomonitor.areas import LEVELS, is_valid_code
from regiomonitor.prepare.values import FLAGS

REPAIR_COMMAND: Final = "python -m regiomonitor.prepare"

TABLE_FILES: Final[tuple[str, ...]] = ("indicators", "areas", "coverage", "nl_buurten")
#: ``buurten``/``wijken`` are the 2024 division; ``*_2021`` the 2021 division (see regiomonitor/divisions.py).
GEO_FILES: Final[tuple[str, ...]] = ("buurten", "wijken", "buurten_2021", "wijken_2021", "gemeenten", "nederland")


@dataclass(frozen=True)
class TableSchema:
    """Columns with their pandas dtype kind (``O`` text, ``f`` float, ``i`` int, ``b`` bool) and the key."""

    columns: dict[str, str]
    key: tuple[str, ...]


SCHEMAS: Final[dict[str, TableSchema]] = {
    "indicators": TableSchema(
        columns={
            "area_code": "O",
            "level": "O",
            "indicator": "O",
            "period": "i",
            "age_group": "O",
            "value": "f",
            "flag": "O",
            "division": "i",
            "dataset": "O",
        },
        key=("area_code", "indicator", "period", "age_group"),
    ),
    "areas": TableSchema(
        columns={
            "code": "O",
            "name": "O",
            "level": "O",
            "parent": "O",
            "gemeente": "O",
            "in_2020": "b",
            "in_2021": "b",
            "in_2024": "b",
            "has_geometry": "b",
            "twente": "b",
        },
        key=("code",),
    ),
    "nl_buurten": TableSchema(
        columns={
            "area_code": "O",
            "indicator": "O",
            "period": "i",
            "age_group": "O",
            "value": "f",
            "flag": "O",
            "division": "i",
            "name": "O",
        },
        key=("area_code", "indicator", "period", "age_group"),
    ),
    # What the data covers per indicator (comma-joined); the definitions are read from indicators.yaml.
    "coverage": TableSchema(
        columns={"id": "O", "levels": "O", "periods": "O", "age_groups": "O"},
        key=("id",),
    ),
}
GEO_COLUMNS: Final[tuple[str, ...]] = ("code", "name", "geometry")


class PreparedDataError(ValueError):
    """A prepared file is missing, unreadable or does not match its schema."""

    def __init__(self, message: str, user_message: str) -> None:
        super().__init__(message)
        self.user_message = user_message


def _fail(path: Path, en: str, nl: str) -> PreparedDataError:
    return PreparedDataError(
        f"{path.name}: {en}. Repair with: {REPAIR_COMMAND}",
        f"Het bestand `{path.parent.name}/{path.name}` {nl}. Herstel het met `{REPAIR_COMMAND}`.",
    )


def _kind(dtype: object) -> str:
    kind = getattr(dtype, "kind", "O")
    if str(dtype) in {"string", "str"} or kind in {"U", "S"}:
        return "O"
    return kind


def read_table(path: Path) -> pd.DataFrame:
    """Read a prepared parquet file, turning I/O and format errors into ``PreparedDataError``."""
    if not path.is_file():
        raise _fail(path, "file is missing", "ontbreekt")
    try:
        return pq.read_table(path).to_pandas()
    except (OSError, ValueError) as exc:  # pyarrow raises ArrowInvalid (a ValueError) for corrupt files
        raise _fail(
            path, f"file is not readable parquet ({exc.__class__.__name__})", "is beschadigd of geen parquet-bestand"
        ) from exc


def validate_table(name: str, df: pd.DataFrame, path: Path, known_codes: set[str] | None = None) -> pd.DataFrame:
    """Check columns, dtypes, unique key and allowed values of one prepared table.

    Raises:
        PreparedDataError: the first problem found, in English and Dutch.
    """
    schema = SCHEMAS[name]
    missing = [c for c in schema.columns if c not in df.columns]
    if missing:
        raise _fail(path, f"missing column(s) {', '.join(missing)}", f"mist de kolom(men) {', '.join(missing)}")
    for col, kind in schema.columns.items():
        actual = _kind(df[col].dtype)
        if actual != kind and not (kind == "O" and df[col].isna().all()):
            raise _fail(
                path,
                f"column {col} has type {df[col].dtype}, expected kind {kind}",
                f"heeft in kolom {col} het verkeerde gegevenstype",
            )
    if df.empty:
        raise _fail(path, "table is empty", "is leeg")
    dup = df.duplicated(list(schema.key))
    if dup.any():
        example = ", ".join(str(df.loc[dup.idxmax(), k]) for k in schema.key)
        raise _fail(path, f"duplicate key ({example})", f"bevat dubbele sleutels (bijvoorbeeld {example})")
    if name == "indicators":
        bad_flags = set(df["flag"]) - set(FLAGS)
        if bad_flags:
            raise _fail(path, f"unknown flag {sorted(bad_flags)[0]!r}", "bevat een onbekende markering")
        bad_levels = set(df["level"]) - set(LEVELS)
        if bad_levels:
            raise _fail(path, f"unknown level {sorted(bad_levels)[0]!r}", "bevat een onbekend gebiedsniveau")
        codes = set(df["area_code"])
        if known_codes is not None and not codes <= known_codes:
            odd = sorted(codes - known_codes)[0]
            raise _fail(
                path,
                f"area code {odd} is not in areas.parquet",
                f"noemt gebied {odd}, dat niet in de gebiedentabel staat",
            )
    if name == "areas":
        bad = [c for c in df["code"] if not is_valid_code(str(c))]
        if bad:
            raise _fail(path, f"malformed area code {bad[0]!r}", "bevat een ongeldige gebiedscode")
    return df


def validate_geo(name: str, gdf: gpd.GeoDataFrame, path: Path, known_codes: set[str] | None = None) -> gpd.GeoDataFrame:
    """Check a prepared geometry layer: columns, WGS84, valid non-empty polygons, unique known codes."""
    missing = [c for c in GEO_COLUMNS if c not in gdf.columns]
    if missing:
        raise _fail(path, f"missing column(s) {', '.join(missing)}", f"mist de kolom(men) {', '.join(missing)}")
    if gdf.crs is None or not CRS(gdf.crs).equals(CRS.from_epsg(4326)):
        raise _fail(
            path, f"CRS is {gdf.crs}, expected EPSG:4326", "heeft niet het coördinatenstelsel WGS84 (EPSG:4326)"
        )
    if gdf.empty:
        raise _fail(path, "layer is empty", "is leeg")
    if gdf["code"].duplicated().any():
        raise _fail(path, "duplicate code", "bevat dubbele gebiedscodes")
    if (~gdf.geometry.is_valid | gdf.geometry.is_empty).any():
        raise _fail(path, "invalid or empty geometry", "bevat ongeldige of lege vormen")
    if known_codes is not None and not set(gdf["code"]) <= known_codes:
        odd = sorted(set(gdf["code"]) - known_codes)[0]
        raise _fail(
            path, f"area code {odd} is not in areas.parquet", f"noemt gebied {odd}, dat niet in de gebiedentabel staat"
        )
    return gdf


def read_geo(path: Path) -> gpd.GeoDataFrame:
    """Read a prepared GeoParquet layer, turning errors into ``PreparedDataError``."""
    if not path.is_file():
        raise _fail(path, "file is missing", "ontbreekt")
    try:
        return gpd.read_parquet(path)
    except (OSError, ValueError) as exc:
        raise _fail(
            path,
            f"file is not readable GeoParquet ({exc.__class__.__name__})",
            "is beschadigd of geen GeoParquet-bestand",
        ) from exc


def validate_prepared(data_dir: Path, geo_dir: Path) -> None:
    """Validate every prepared file in ``data_dir`` and ``geo_dir`` (used by prepare before installing)."""
    areas = validate_table("areas", read_table(data_dir / "areas.parquet"), data_dir / "areas.parquet")
    codes = set(areas["code"])
    validate_table("indicators", read_table(data_dir / "indicators.parquet"), data_dir / "indicators.parquet", codes)
    validate_table("coverage", read_table(data_dir / "coverage.parquet"), data_dir / "coverage.parquet")
    validate_table("nl_buurten", read_table(data_dir / "nl_buurten.parquet"), data_dir / "nl_buurten.parquet")
    for name in GEO_FILES:
        path = geo_dir / f"{name}.parquet"
        validate_geo(name, read_geo(path), path, codes)
    manifest = data_dir / "manifest.json"
    try:
        json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise _fail(manifest, "manifest is missing or not JSON", "ontbreekt of is geen geldige JSON") from exc


def verify_checksum(path: Path, root: Path) -> None:
    """Check ``path`` against the sha256 that prepare wrote into ``data/manifest.json`` under ``root``.

    A prepared file that reads and validates but differs from what prepare made (edited by hand, half copied,
    mixed from two runs) would show wrong figures without any sign; this names the file and the repair.

    Raises:
        PreparedDataError: the manifest is missing or unreadable, lacks the file, or the checksum differs.
    """
    manifest = root / "data" / "manifest.json"
    try:
        expected = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise _fail(manifest, "manifest is missing or not JSON", "ontbreekt of is geen geldige JSON") from exc
    rel = path.relative_to(root).as_posix()
    want = expected.get(rel) if isinstance(expected, dict) else None
    if not isinstance(want, str):
        raise _fail(path, "is not listed in data/manifest.json", "staat niet in `data/manifest.json`")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != want:
        raise PreparedDataError(
            f"{path.name}: sha256 differs from data/manifest.json. Repair with: git checkout -- {rel} "
            f"(or {REPAIR_COMMAND})",
            f"Het bestand `{rel}` wijkt af van wat de voorbereiding maakte (controlegetal in "
            f"`data/manifest.json`). Herstel het met `git checkout -- {rel}` of `{REPAIR_COMMAND}`.",
        )
