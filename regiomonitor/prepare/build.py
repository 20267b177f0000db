"""The prepare pipeline: raw files -> small, validated, deterministic prepared files.

Outputs (all committed):
    data/indicators.parquet   long table: area_code, level, indicator, period, age_group, value, flag,
                              division, dataset
    data/areas.parquet        code, name, level, parent, gemeente, in_2020, in_2021, in_2024, has_geometry, twente
    data/coverage.parquet     per indicator what the data covers: levels, periods, age groups with values (the
                              definitions stay in data/content/indicators.yaml, read at run time)
    data/nl_buurten.parquet   a few indicators for every other buurt of NL (national comparisons), with the
                              buurt's 2024 name in an extra column ``name`` (empty for 2020-only codes)
    data/manifest.json        row counts and sha256 of every prepared file and raw input
    geo/{buurten,wijken,gemeenten,nederland}.parquet   GeoParquet, WGS84 (buurten/wijken: division 2024)
    geo/{buurten,wijken}_2021.parquet                   the 2021 division (all 14 Twente gemeenten)

A run writes everything into a temporary folder beside the target, validates it, and only then moves the
files into place, so a failed run leaves the previous prepared data untouched.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import geopandas as gpd
import numpy as np
import pandas as pd

from regiomonitor.areas import (
    NL_CODE,
    TWENTE_CODE,
    gemeente_of,
    is_twente,
    level_of,
    parent_of,
)
from regiomonitor.content.catalogue import Catalogue, load_catalogue
from regiomonitor.deprivation import index_observations
from regiomonitor.prepare import geometry as geo
from regiomonitor.prepare.odata import DOWNLOAD_DIR, read_downloads
from regiomonitor.prepare.readers.common import PrepareError, in_scope, keep_area
from regiomonitor.prepare.readers.kwb2024 import WIJK_DENSITY
from regiomonitor.prepare.registry import Reading, read_all
from regiomonitor.prepare.twente import twente_aggregates
from regiomonitor.schema import GEO_FILES, TABLE_FILES, validate_prepared

INDICATOR_KEY: Final = ["area_code", "indicator", "period", "age_group"]

#: Indicators kept for every buurt of the Netherlands (outside Twente) in data/nl_buurten.parquet, for
#: national normalisation of the deprivation index and look-alike buurten across NL (18+ where the figure has age
#: groups). The last is the density of the buurt's wijk, which the KWB 2024 gemeente/wijk reader adds.
NL_BUURT_INDICATORS: Final[tuple[str, ...]] = (
    "moeite_rondkomen",
    "goede_gezondheid",
    "beperkt_gezondheid",
    "langdurige_aandoening",
    "risico_angst_depressie_hoog",
    "veel_stress",
    "regie_eigen_leven",
    "eenzaam",
    "ernstig_eenzaam",
    "vrijwilligerswerk",
    "overgewicht",
    "roker",
    "beweegrichtlijn",
    "inwoners",
    "aandeel_0_15",
    "aandeel_15_25",
    "aandeel_25_45",
    "aandeel_45_65",
    "aandeel_65_plus",
    WIJK_DENSITY,
)


@dataclass(frozen=True)
class PrepareResult:
    """What a run wrote, for the command line summary and the bench."""

    files: dict[str, int]  # relative path -> bytes
    rows: dict[str, int]


def build_areas(
    kwb_areas: pd.DataFrame,
    rivm_areas: pd.DataFrame,
    geo_layers: list[gpd.GeoDataFrame],
    kwb2021_areas: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The area table: every code in scope, with name, level, parents and the divisions it exists in.

    Codes that exist only in the 2020 division (Almelo and Twenterand re-divided their buurten) are kept with
    ``in_2024 = False`` so the app can say why a 2024 map has no value for them, and vice versa. The 2021
    division (Wijk- en buurtkaart 2021) holds the buurten of file 9 and their wijken.
    """
    in_2024 = set(kwb_areas["code"])
    in_2020 = set(rivm_areas["code"])
    k21 = kwb2021_areas if kwb2021_areas is not None else pd.DataFrame(columns=["code", "name", "wijk", "gemeente"])
    in_2021 = set(k21["code"]) | set(k21["wijk"]) | set(k21["gemeente"])
    names = dict(zip(k21["code"], k21["name"], strict=True))
    names.update(dict(zip(kwb_areas["code"], kwb_areas["name"], strict=True)))  # the 2024 name wins
    gm_names_2020 = dict(zip(rivm_areas["code"], rivm_areas["gemeente_naam"], strict=True))
    codes = sorted(c for c in (in_2024 | in_2020 | in_2021) if keep_area(c))
    geo_codes = set().union(*(set(g["code"]) for g in geo_layers)) | {NL_CODE}
    rows = []
    for code in [*codes, TWENTE_CODE]:
        level = level_of(code)
        if code == TWENTE_CODE:
            name = "Twente"
        elif code in names:
            name = names[code]
        elif level == "gemeente":
            name = gm_names_2020.get(code, code)
        else:
            year = 2020 if code in in_2020 else 2021
            name = f"{'Buurt' if level == 'buurt' else 'Wijk'} {code} (indeling {year})"
        rows.append(
            {
                "code": code,
                "name": name,
                "level": level,
                "parent": parent_of(code),
                "gemeente": gemeente_of(code),
                "in_2020": code in in_2020 or code == TWENTE_CODE,
                "in_2021": code in in_2021 or code in (TWENTE_CODE, NL_CODE),
                "in_2024": code in in_2024 or code == TWENTE_CODE,
                "has_geometry": code in geo_codes,
                "twente": is_twente(code),
            }
        )
    areas = pd.DataFrame(rows)
    # Twente wijken/buurten in the 2020 division get their 2024 name when the code still exists.
    return areas.sort_values(
        ["level", "code"], key=lambda s: s.map(_level_rank) if s.name == "level" else s
    ).reset_index(drop=True)


def _level_rank(level: str) -> int:
    return ["land", "regio", "gemeente", "wijk", "buurt"].index(level)


def build_coverage(catalogue: Catalogue, obs: pd.DataFrame) -> pd.DataFrame:
    """What the data covers per indicator: the levels, periods and age groups that have values (comma-joined).

    Only what depends on the raw data: the definitions (label, unit, ...) are read from indicators.yaml at run
    time, so editing them needs no prepare run.
    """
    have = obs[obs["value"].notna()]
    rows = []
    for ind in catalogue.indicators.values():
        sub = have[have["indicator"] == ind.id]
        rows.append(
            {
                "id": ind.id,
                "levels": ",".join(sorted(set(sub["level"]), key=_level_rank)),
                "periods": ",".join(str(p) for p in sorted(set(sub["period"]))),
                "age_groups": ",".join(sorted(set(sub["age_group"]))),
            }
        )
    missing = sorted(set(obs["indicator"]) - set(catalogue.indicators))
    if missing:
        raise PrepareError(f"Indicators {', '.join(missing)} are read from raw files but absent from indicators.yaml.")
    return pd.DataFrame(rows)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _write_parquet(df: pd.DataFrame, path: Path) -> None:
    """Parquet written deterministically (fixed compression, no index, stable row order)."""
    df.to_parquet(path, index=False, compression="zstd", engine="pyarrow")


def _write_geoparquet(gdf: gpd.GeoDataFrame, path: Path) -> None:
    gdf.to_parquet(path, index=False, compression="zstd", write_covering_bbox=False)


def _part(readings: Mapping[str, Reading], source: str, part: str) -> Any:
    """One part of a source's reading that the build relies on (the area lists and boundary layers)."""
    value = getattr(readings[source], part)
    if value is None:
        raise PrepareError(f"The reader of {source} returned no {part}.")
    return value


def national_buurten(readings: Mapping[str, Reading], buurt_names: Mapping[str, str]) -> pd.DataFrame:
    """data/nl_buurten.parquet: the ``NL_BUURT_INDICATORS`` (18+ or all ages) of every buurt of NL outside Twente
    from the readings' national rows, with the buurt's 2024 name (empty for 2020-only codes: look-alike buurten
    elsewhere in NL are shown by name)."""
    national = pd.concat([r.national for r in readings.values() if r.national is not None], ignore_index=True)
    national = national[
        national["area_code"].str.startswith("BU")
        & ~in_scope(national["area_code"])
        & national["indicator"].isin(NL_BUURT_INDICATORS)
        & national["age_group"].isin(["18+", "totaal"])
    ]
    out = (
        national[["area_code", "indicator", "period", "age_group", "value", "flag", "division"]]
        .astype({"period": "int16", "division": "int16", "value": "float64"})
        .sort_values(INDICATOR_KEY, kind="mergesort")
        .reset_index(drop=True)
    )
    out["name"] = out["area_code"].map(buurt_names).fillna("").astype("str")
    return out


def _check_keys(obs: pd.DataFrame) -> None:
    """Stop when two rows share area, indicator, period and age group."""
    dup = obs.duplicated(INDICATOR_KEY)
    if dup.any():
        first = obs[dup].iloc[0]
        raise PrepareError(
            f"Two raw files give {first['indicator']} {first['period']} for {first['area_code']}; keys must be unique."
        )


def collect(
    raw_dir: Path,
    content_dir: Path,
    downloads_dir: Path | None = None,
) -> tuple[dict[str, pd.DataFrame], dict[str, gpd.GeoDataFrame]]:
    """Read every raw file and build the prepared tables in memory (nothing is written).

    ``downloads_dir`` (default ``<raw>/cbs_odata``) holds the tables of ``python -m regiomonitor.refresh``, when
    one has been run; their figures take precedence over the same key in the older processed files."""
    if not raw_dir.is_dir():
        raise PrepareError(f"Raw data folder {raw_dir} does not exist.")
    catalogue = load_catalogue(content_dir)

    readings = read_all(raw_dir)
    kwb_areas = _part(readings, "kwb2024_population", "areas")
    nl_buurten = national_buurten(readings, dict(zip(kwb_areas["code"], kwb_areas["name"], strict=True)))

    layers = geo.combine(
        raw_dir,
        _part(readings, "buurten_2024", "geometry"),
        _part(readings, "tubbergen_2024", "geometry"),
        _part(readings, "gemeenten_2026", "geometry"),
        _part(readings, "kwb2021_buurt", "geometry"),
        set(kwb_areas["code"]),
    )

    obs = pd.concat([r.obs for r in readings.values() if r.obs is not None], ignore_index=True)
    downloads = read_downloads(downloads_dir if downloads_dir is not None else raw_dir / DOWNLOAD_DIR)
    if downloads is not None and len(downloads):
        _check_keys(obs)
        fresh = pd.MultiIndex.from_frame(downloads[INDICATOR_KEY])
        obs = pd.concat([downloads, obs[~pd.MultiIndex.from_frame(obs[INDICATOR_KEY]).isin(fresh)]], ignore_index=True)
    obs = pd.concat([obs, twente_aggregates(obs)], ignore_index=True)
    _check_keys(obs)
    areas = build_areas(
        kwb_areas,
        _part(readings, "rivm", "areas"),
        layers.all(),
        _part(readings, "kwb2021_buurt", "areas"),
    )
    obs = obs[obs["area_code"].isin(set(areas["code"]))]
    obs["level"] = obs["area_code"].map(level_of)
    obs = obs[["area_code", "level", "indicator", "period", "age_group", "value", "flag", "division", "dataset"]]
    # The working deprivation index and its domain scores, derived from the health monitor and normalised
    # against every Dutch buurt (see regiomonitor/deprivation.py); flagged "derived", own dataset entry.
    obs = pd.concat([obs, index_observations(obs, nl_buurten)], ignore_index=True)
    obs = obs.astype({"period": "int16", "division": "int16", "value": "float64"})
    obs = obs.sort_values(INDICATOR_KEY, kind="mergesort").reset_index(drop=True)
    coverage = build_coverage(catalogue, obs)

    geos = geo.finished(layers, dict(zip(areas["code"], areas["name"], strict=True)))
    tables = {"indicators": obs, "areas": areas, "coverage": coverage, "nl_buurten": nl_buurten}
    return tables, geos


def run(
    raw_dir: Path, data_dir: Path, geo_dir: Path, content_dir: Path, downloads_dir: Path | None = None
) -> PrepareResult:
    """Run prepare end to end and swap the new files into place only when all of them validate.

    Raises:
        PrepareError: a raw file is missing or malformed (nothing is overwritten).
    """
    tables, geos = collect(raw_dir, content_dir, downloads_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    geo_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".prepare-", dir=data_dir) as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "data").mkdir()
        (tmp / "geo").mkdir()
        for name in TABLE_FILES:
            _write_parquet(tables[name], tmp / "data" / f"{name}.parquet")
        for name in GEO_FILES:
            _write_geoparquet(geos[name], tmp / "geo" / f"{name}.parquet")
        manifest = _manifest(tmp, raw_dir, content_dir, tables, geos, downloads_dir)
        (tmp / "data" / "manifest.json").write_text(
            json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
        try:
            validate_prepared(tmp / "data", tmp / "geo")
        except ValueError as exc:
            raise PrepareError(f"The prepared files failed validation and were not installed: {exc}") from exc
        written: dict[str, int] = {}
        for sub, target in (("data", data_dir), ("geo", geo_dir)):
            for f in sorted((tmp / sub).iterdir()):
                dest = target / f.name
                shutil.copyfile(f, dest.with_suffix(dest.suffix + ".new"))
                dest.with_suffix(dest.suffix + ".new").replace(dest)
                written[f"{sub}/{f.name}"] = dest.stat().st_size
    rows = {k: len(v) for k, v in tables.items()} | {k: len(v) for k, v in geos.items()}
    return PrepareResult(files=written, rows=rows)


def _manifest(
    tmp: Path,
    raw_dir: Path,
    content_dir: Path,
    tables: dict[str, pd.DataFrame],
    geos: dict[str, gpd.GeoDataFrame],
    downloads_dir: Path | None = None,
) -> dict[str, object]:
    """Provenance: the sha256 of every raw input and prepared file, and row counts. No timestamps, so a
    re-run on the same inputs is byte-identical."""
    catalogue = load_catalogue(content_dir)
    raw_files = sorted({r for ds in catalogue.datasets.values() for r in ds.raw})
    downloads = (downloads_dir if downloads_dir is not None else raw_dir / DOWNLOAD_DIR) / "manifest.json"
    out: dict[str, object] = {
        "format": 1,
        "raw": {r: _sha256(raw_dir / r) for r in raw_files if (raw_dir / r).is_file()},
        "files": {
            **{f"data/{n}.parquet": _sha256(tmp / "data" / f"{n}.parquet") for n in TABLE_FILES},
            **{f"geo/{n}.parquet": _sha256(tmp / "geo" / f"{n}.parquet") for n in GEO_FILES},
        },
        "rows": {**{n: int(len(t)) for n, t in tables.items()}, **{n: int(len(g)) for n, g in geos.items()}},
        "periods": sorted(int(p) for p in np.unique(tables["indicators"]["period"])),
    }
    if downloads.is_file():  # only when a refresh was run, so the committed manifest stays as it was
        out["downloads"] = _sha256(downloads)
    return out
