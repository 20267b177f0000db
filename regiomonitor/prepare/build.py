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
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd

from regiomonitor.areas import (
    NL_CODE,
    TWENTE_CODE,
    TWENTE_GEMEENTEN,
    gemeente_of,
    is_twente,
    level_of,
    parent_of,
)
from regiomonitor.content.catalogue import Catalogue, load_catalogue
from regiomonitor.deprivation import index_observations
from regiomonitor.prepare import geometry as geo
from regiomonitor.prepare import readers as rd
from regiomonitor.prepare.odata import DOWNLOAD_DIR, read_downloads
from regiomonitor.prepare.values import FLAG_DERIVED
from regiomonitor.schema import GEO_FILES, TABLE_FILES, validate_prepared

#: How the Twente figure is built from the 14 gemeenten: ("sum", None), ("weighted", weight indicator),
#: or ("density", None). RIVM percentages are weighted by the 2024 population of the nearest CBS age
#: band (see AGE_WEIGHTS); this is an approximation and is labelled "derived" everywhere it is shown.
AGGREGATION: Final[dict[str, tuple[str, str | None]]] = {
    "inwoners": ("sum", None),
    "huishoudens": ("sum", None),
    "woningvoorraad": ("sum", None),
    "oppervlakte_land_ha": ("sum", None),
    "bevolkingsdichtheid": ("density", None),
    "gem_huishoudensgrootte": ("weighted", "huishoudens"),
    "eenpersoonshuishoudens": ("weighted", "huishoudens"),
    "huishoudens_zonder_kinderen": ("weighted", "huishoudens"),
    "huishoudens_met_kinderen": ("weighted", "huishoudens"),
    "aandeel_westers": ("weighted", "inwoners"),
    "aandeel_niet_westers": ("weighted", "inwoners"),
    # A class (1 = zeer sterk ... 5 = niet stedelijk) has no meaningful average over gemeenten: no Twente figure.
    "stedelijkheid": ("none", None),
    "huishoudens_laag_inkomen": ("weighted", "inwoners"),
    "huishoudens_sociaal_minimum": ("weighted", "inwoners"),
    "huishoudens_tot_120_sociaal_minimum": ("weighted", "inwoners"),
}
#: RIVM age group -> CBS 2024 age bands used as weights for the Twente aggregate.
AGE_WEIGHTS: Final[dict[str, tuple[str, ...]]] = {
    "18+": ("aandeel_15_25", "aandeel_25_45", "aandeel_45_65", "aandeel_65_plus"),
    "18-64": ("aandeel_15_25", "aandeel_25_45", "aandeel_45_65"),
    "65+": ("aandeel_65_plus",),
    "totaal": (),
}

INDICATOR_KEY: Final = ["area_code", "indicator", "period", "age_group"]

#: Indicators kept for every buurt of the Netherlands (outside Twente) in data/nl_buurten.parquet, for
#: national normalisation of the deprivation index and look-alike buurten across NL. 18+ only.
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
)


#: The density of a buurt's wijk (2024), stored per buurt of NL outside Twente: the urbanity of the
#: surroundings for look-alike buurten (the Wijk- en buurtkaart's own urbanity class exists only for Twente).
WIJK_DENSITY: Final = "wijk_dichtheid"


def wijk_density_rows(density: pd.Series, kwb_areas: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """nl_buurten rows: every 2024 buurt of NL outside Twente with the density of its wijk."""
    codes = kwb_areas.loc[(kwb_areas["level"] == "buurt") & ~rd.in_scope(kwb_areas["code"]), "code"]
    values = codes.map(lambda c: density.get("WK" + c[2:8]))
    out = pd.DataFrame(
        {
            "area_code": codes.to_numpy(),
            "indicator": WIJK_DENSITY,
            "period": 2024,
            "age_group": "totaal",
            "value": values.astype("float64").to_numpy(),
            "flag": FLAG_DERIVED,
            "division": 2024,
        }
    )
    out = out[out["value"].notna()]
    out["name"] = out["area_code"].map(names).fillna("").astype("str")
    return out.astype({"period": "int16", "division": "int16"})


@dataclass(frozen=True)
class PrepareResult:
    """What a run wrote, for the command line summary and the bench."""

    files: dict[str, int]  # relative path -> bytes
    rows: dict[str, int]


def _twente_weights(obs: pd.DataFrame) -> pd.DataFrame:
    """Population per Twente gemeente for each age group (2024 counts), as weights."""
    gm = obs[(obs["period"] == 2024) & obs["area_code"].isin(TWENTE_GEMEENTEN)]
    pivot = gm.pivot_table(index="area_code", columns="indicator", values="value", aggfunc="first")
    out = {}
    for age, bands in AGE_WEIGHTS.items():
        if bands:
            out[age] = sum(pivot[b] for b in bands) / 100.0 * pivot["inwoners"]
        else:
            out[age] = pivot["inwoners"]
    return pd.DataFrame(out)


def twente_aggregates(obs: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Derived TWENTE rows from the 14 gemeenten, only where all 14 have a published value."""
    gm = obs[obs["area_code"].isin(TWENTE_GEMEENTEN) & obs["value"].notna()]
    weights = _twente_weights(obs)
    rows = []
    for (ind, period, age), grp in gm.groupby(["indicator", "period", "age_group"], sort=True):
        if grp["area_code"].nunique() != len(TWENTE_GEMEENTEN):
            continue
        v = grp.set_index("area_code")["value"]
        rule, wid = AGGREGATION.get(ind, ("weighted", None))
        if rule == "none":
            continue
        if rule == "sum":
            value = float(v.sum())
        elif rule == "density":
            land = gm[(gm["indicator"] == "oppervlakte_land_ha") & (gm["period"] == period)].set_index("area_code")[
                "value"
            ]
            pop = gm[(gm["indicator"] == "inwoners") & (gm["period"] == period)].set_index("area_code")["value"]
            if len(land) != len(TWENTE_GEMEENTEN) or len(pop) != len(TWENTE_GEMEENTEN):
                continue
            value = float(pop.sum() / (land.sum() / 100.0))
        else:
            if wid is not None:
                w = gm[(gm["indicator"] == wid) & (gm["period"] == period)].set_index("area_code")["value"]
                if len(w) != len(TWENTE_GEMEENTEN):
                    w = weights["totaal"]  # fall back to 2024 inhabitants
            else:
                w = weights[age] if age in weights else weights["totaal"]
            w = w.reindex(v.index)
            value = float((v * w).sum() / w.sum())
        first = grp.iloc[0]
        rows.append(
            {
                "area_code": TWENTE_CODE,
                "indicator": ind,
                "period": int(period),
                "age_group": age,
                "value": round(value, 6),
                "flag": FLAG_DERIVED,
                "division": int(first["division"]),
                "dataset": first["dataset"],
            }
        )
    return pd.DataFrame(rows, columns=rd.OBS_COLUMNS)


#: A wijk figure for 2021 is derived from its buurten when the buurten with a value hold at least this share
#: of the wijk's households (or inhabitants); suppressed buurten are small, so the rule rarely bites.
WIJK_COVERAGE: Final = 0.95


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
                    "period": rd.KWB2021_DIVISION,
                    "age_group": "totaal",
                    "value": round(value, 6),
                    "flag": FLAG_DERIVED,
                    "division": rd.KWB2021_DIVISION,
                    "dataset": rd.KWB2021_BUURT_DATASET,
                }
            )
    return pd.DataFrame(rows, columns=rd.OBS_COLUMNS)


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
    codes = sorted(c for c in (in_2024 | in_2020 | in_2021) if rd.keep_area(c))
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
        raise rd.PrepareError(
            f"Indicators {', '.join(missing)} are read from raw files but absent from indicators.yaml."
        )
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


def collect(
    raw_dir: Path,
    content_dir: Path,
    downloads_dir: Path | None = None,
) -> tuple[dict[str, pd.DataFrame], dict[str, gpd.GeoDataFrame]]:
    """Read every raw file and build the prepared tables in memory (nothing is written).

    ``downloads_dir`` (default ``<raw>/cbs_odata``) holds the tables of ``python -m regiomonitor.refresh``, when
    one has been run; their figures take precedence over the same key in the older processed files."""
    if not raw_dir.is_dir():
        raise rd.PrepareError(f"Raw data folder {raw_dir} does not exist.")
    catalogue = load_catalogue(content_dir)

    rivm_all, rivm_areas = rd.read_rivm(raw_dir)
    pop_all, kwb_areas, pop_raw = rd.read_kwb2024_population(raw_dir)
    national = pd.concat([rivm_all, pop_all], ignore_index=True)
    national = national[
        national["area_code"].str.startswith("BU")
        & ~rd.in_scope(national["area_code"])
        & national["indicator"].isin(NL_BUURT_INDICATORS)
        & national["age_group"].isin(["18+", "totaal"])
    ]
    nl_buurten = (
        national[["area_code", "indicator", "period", "age_group", "value", "flag", "division"]]
        .astype({"period": "int16", "division": "int16", "value": "float64"})
        .sort_values(INDICATOR_KEY, kind="mergesort")
        .reset_index(drop=True)
    )
    # The buurt's 2024 name (look-alike buurten elsewhere in NL are shown by name); 2020-only codes have none.
    buurt_names = dict(zip(kwb_areas["code"], kwb_areas["name"], strict=True))
    nl_buurten["name"] = nl_buurten["area_code"].map(buurt_names).fillna("").astype("str")
    nl_buurten = pd.concat(
        [nl_buurten, wijk_density_rows(rd.read_kwb2024_wijk_density(raw_dir), kwb_areas, buurt_names)],
        ignore_index=True,
    )
    nl_buurten = nl_buurten.sort_values(INDICATOR_KEY, kind="mergesort").reset_index(drop=True)
    rivm = rivm_all[rd.in_scope(rivm_all["area_code"])]
    pop = pop_all[rd.in_scope(pop_all["area_code"])]
    origin = rd.read_kwb2024_origin(raw_dir, pop_raw)
    gmwk = rd.read_kwb2024_gemeente_wijk(raw_dir)
    gm100 = rd.read_kwb2024_gemeente(raw_dir, kwb_areas)
    kwb2020 = rd.read_kwb2020_gemeente(raw_dir)

    buurt_rd = rd.read_buurt_geometry(raw_dir)
    tubbergen_rd = rd.read_tubbergen_2024_geometry(raw_dir)
    gm_rd = rd.read_gemeente_geometry(raw_dir)
    kwb2021, kwb2021_areas, buurt21_rd = rd.read_kwb2021_buurt(raw_dir)
    kwb2021_gm = rd.read_kwb2021_gemeente(raw_dir)
    generalised_rd = pd.concat([buurt_rd, tubbergen_rd], ignore_index=True)
    for layer, rel in ((buurt_rd, rd.BUURT_GEO_FILE), (tubbergen_rd, rd.TUBBERGEN_2024_GEO_FILE)):
        unknown = sorted(set(layer["code"]) - set(kwb_areas["code"]))
        if unknown:
            raise rd.PrepareError(
                f"Raw file {raw_dir / rel} has buurt codes that exist in no area table, such as {unknown[0]}."
            )
    rd._check_unique(generalised_rd["code"], raw_dir / rd.TUBBERGEN_2024_GEO_FILE, "buurt code")
    # The 2024 division: the generalised CBS layer (files 1 and 11) plus the 2021 polygons of the gemeenten whose
    # buurt codes did not change (see regiomonitor/divisions.py); Rijssen-Holten has no 2024 polygons.
    from_2021 = buurt21_rd[
        buurt21_rd["code"].str[:6].isin(geo.FROM_2021_IN_2024) & buurt21_rd["code"].isin(set(kwb_areas["code"]))
    ].reset_index(drop=True)
    wijk_rd = geo.dissolve_wijken(generalised_rd)
    wijk21_rd = geo.dissolve_wijken(buurt21_rd)
    from_2021_wijk = geo.dissolve_wijken(from_2021)
    missing_gm = sorted(set(TWENTE_GEMEENTEN) - set(gm_rd["code"]))
    if missing_gm:
        raise rd.PrepareError(f"Raw file {raw_dir / rd.GEMEENTE_GEO_FILE} lacks Twente gemeente {missing_gm[0]}.")

    wijk2021 = derive_wijken_2021(kwb2021, kwb2021_areas)
    obs = pd.concat([rivm, pop, origin, gmwk, gm100, kwb2020, kwb2021, wijk2021, kwb2021_gm], ignore_index=True)
    downloads = read_downloads(downloads_dir if downloads_dir is not None else raw_dir / DOWNLOAD_DIR)
    if downloads is not None and len(downloads):
        dup = obs.duplicated(INDICATOR_KEY)
        if dup.any():
            first = obs[dup].iloc[0]
            raise rd.PrepareError(
                f"Two raw files give {first['indicator']} {first['period']} for "
                f"{first['area_code']}; keys must be unique."
            )
        fresh = pd.MultiIndex.from_frame(downloads[INDICATOR_KEY])
        obs = pd.concat([downloads, obs[~pd.MultiIndex.from_frame(obs[INDICATOR_KEY]).isin(fresh)]], ignore_index=True)
    obs = pd.concat([obs, twente_aggregates(obs, catalogue)], ignore_index=True)
    dup = obs.duplicated(INDICATOR_KEY)
    if dup.any():
        first = obs[dup].iloc[0]
        raise rd.PrepareError(
            f"Two raw files give {first['indicator']} {first['period']} for {first['area_code']}; keys must be unique."
        )
    areas = build_areas(
        kwb_areas,
        rivm_areas,
        [generalised_rd, from_2021, wijk_rd, from_2021_wijk, buurt21_rd, wijk21_rd, gm_rd],
        kwb2021_areas,
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

    names = dict(zip(areas["code"], areas["name"], strict=True))

    def named(g: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        g = g.assign(name=g["code"].map(names))
        g["gemeente"] = g["code"].map(gemeente_of)
        return g

    buurt_geo = named(
        pd.concat([geo.finish(generalised_rd, "buurt"), geo.finish(from_2021, "buurt_2021")], ignore_index=True)
        .sort_values("code")
        .reset_index(drop=True)
    )
    wijk_geo = named(
        pd.concat([geo.finish(wijk_rd, "wijk"), geo.finish(from_2021_wijk, "wijk_2021")], ignore_index=True)
        .sort_values("code")
        .reset_index(drop=True)
    )
    buurt21_geo = named(geo.finish(buurt21_rd[["code", "geometry"]], "buurt_2021"))
    wijk21_geo = named(geo.finish(wijk21_rd, "wijk_2021"))
    gm_geo = named(geo.finish(geo.twente_gemeenten(gm_rd), "gemeente"))
    nl_geo = geo.finish(geo.nl_outline(gm_rd), "land")
    cols = ["code", "name", "gemeente", "geometry"]
    geos = {
        "buurten": buurt_geo[cols],
        "wijken": wijk_geo[cols],
        "buurten_2021": buurt21_geo[cols],
        "wijken_2021": wijk21_geo[cols],
        "gemeenten": gm_geo[cols],
        "nederland": nl_geo[["code", "name", "geometry"]],
    }
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
            raise rd.PrepareError(f"The prepared files failed validation and were not installed: {exc}") from exc
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
