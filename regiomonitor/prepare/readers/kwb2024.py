"""CBS Kerncijfers wijken en buurten 2024 (StatLine 85984NED) in four exports: inhabitants and age for every
region, origin (aligned to that file by row), density and housing for gemeenten and wijken (stripped JSON), and
households and benefits for 100 gemeenten (named, not coded)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Final

import pandas as pd

from regiomonitor.areas import clean_code
from regiomonitor.prepare.readers.common import (
    PrepareError,
    check_codes,
    check_unique,
    in_scope,
    keep_area,
    long_rows,
    need_columns,
    obs,
    read_csv,
    read_json_object,
    share_obs,
)
from regiomonitor.prepare.registry import Reading, register
from regiomonitor.prepare.values import FLAG_DERIVED, coerce_values

KWB_POP_FILE: Final = "cbs_kwb_buurt/Kerncijfers_wijken_en_buurten_2024_geslachten.csv"
KWB_ORIGIN_FILE: Final = "cbs_kwb_buurt/Kerncijfers_wijken_en_buurten_2024_11122025_141648.csv"
KWB_GM100_FILE: Final = "cbs_kwb_buurt/Kerncijfers_wijken_en_buurten_2024_10122025_135731.csv"
KWB_GMWK_FILE: Final = "cbs_kwb2024_gemeente_wijk_stripped/stripped_filtered_data_2024.json"

_POP: Final = "Bevolking/Aantal inwoners (aantal)"
_CODE: Final = "Regioaanduiding/Codering (code)"
_AGE_COLUMNS: Final[dict[str, str]] = {
    "Bevolking/Leeftijdsgroepen/0 tot 15 jaar (aantal)": "aandeel_0_15",
    "Bevolking/Leeftijdsgroepen/15 tot 25 jaar (aantal)": "aandeel_15_25",
    "Bevolking/Leeftijdsgroepen/25 tot 45 jaar (aantal)": "aandeel_25_45",
    "Bevolking/Leeftijdsgroepen/45 tot 65 jaar (aantal)": "aandeel_45_65",
    "Bevolking/Leeftijdsgroepen/65 jaar of ouder (aantal)": "aandeel_65_plus",
}
_ORIGIN_COLUMNS: Final[dict[str, str]] = {
    "Bevolking/Bevolking naar herkomst/Herkomstland/Nederland (aantal)": "aandeel_herkomst_nederland",
    "Bevolking/Bevolking naar herkomst/Herkomstland/Europa (exclusief Nederland)  (aantal)": "aandeel_herkomst_europa",
    "Bevolking/Bevolking naar herkomst/Herkomstland/Buiten Europa  (aantal)": "aandeel_herkomst_buiten_europa",
}
_LEVEL_WORDS: Final[dict[str, str]] = {"Land": "land", "Gemeente": "gemeente", "Wijk": "wijk", "Buurt": "buurt"}
KWB2024_DIVISION: Final = 2024
POP_DATASET: Final = "cbs_kwb_2024_buurt"
ORIGIN_DATASET: Final = "cbs_kwb_2024_herkomst"
GMWK_DATASET: Final = "cbs_kwb_2024_gemeente_wijk"
GM100_DATASET: Final = "cbs_kwb_2024_gemeente"

#: The density of a buurt's wijk (2024), stored per buurt of NL outside Twente: the urbanity of the
#: surroundings for look-alike buurten (the Wijk- en buurtkaart's own urbanity class exists only for Twente).
WIJK_DENSITY: Final = "wijk_dichtheid"


def _share_2024(area: pd.Series, indicator: str, count: pd.Series, total: pd.Series, dataset: str) -> pd.DataFrame:
    return share_obs(area, indicator, count, total, dataset, 2024, KWB2024_DIVISION)


def read_kwb2024_population(raw_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """KWB 2024 inhabitants and age shares for every region.

    Returns (observations of every region, area list with names and levels for all regions, the full raw frame
    with cleaned codes, which the origin file is aligned to by row).
    """
    path = raw_dir / KWB_POP_FILE
    df = read_csv(path)
    need_columns(
        df,
        [
            "Wijken en buurten",
            "Regioaanduiding/Gemeentenaam (naam)",
            "Regioaanduiding/Soort regio (omschrijving)",
            _CODE,
            _POP,
            *_AGE_COLUMNS,
        ],
        path,
    )
    df[_CODE] = df[_CODE].map(clean_code)
    check_codes(df[_CODE], path)
    check_unique(df[_CODE], path)
    unknown = set(df["Regioaanduiding/Soort regio (omschrijving)"]) - set(_LEVEL_WORDS)
    if unknown:
        raise PrepareError(f"Raw file {path} has an unknown region type {sorted(unknown)[0]!r}.")
    areas = pd.DataFrame(
        {
            "code": df[_CODE],
            "name": df["Wijken en buurten"],
            "level": df["Regioaanduiding/Soort regio (omschrijving)"].map(_LEVEL_WORDS),
            "gemeente_naam": df["Regioaanduiding/Gemeentenaam (naam)"],
        }
    )
    # every region: build keeps the scope and the national buurt subset apart
    parts = [obs(df[_CODE], "inwoners", 2024, "totaal", df[_POP], KWB2024_DIVISION, POP_DATASET)]
    parts += [_share_2024(df[_CODE], ind, df[col], df[_POP], POP_DATASET) for col, ind in _AGE_COLUMNS.items()]
    return pd.concat(parts, ignore_index=True), areas, df


def read_kwb2024_origin(raw_dir: Path, population: pd.DataFrame) -> pd.DataFrame:
    """Origin shares (context only). The file has no codes: rows align with the population file.

    Raises:
        PrepareError: when the row alignment (names, gemeente names, inhabitants) does not hold.
    """
    path = raw_dir / KWB_ORIGIN_FILE
    df = read_csv(path)
    need_columns(df, ["Wijken en buurten", "Regioaanduiding/Gemeentenaam (naam)", _POP, *_ORIGIN_COLUMNS], path)
    aligned = (
        len(df) == len(population)
        and (df["Wijken en buurten"].to_numpy() == population["Wijken en buurten"].to_numpy()).all()
        and (
            df["Regioaanduiding/Gemeentenaam (naam)"].to_numpy()
            == population["Regioaanduiding/Gemeentenaam (naam)"].to_numpy()
        ).all()
        and (df[_POP].to_numpy() == population[_POP].to_numpy()).all()
    )
    if not aligned:
        raise PrepareError(
            f"Raw file {path} no longer lines up row by row with {KWB_POP_FILE}, so its rows cannot be given codes."
        )
    df = df.assign(code=population[_CODE].to_numpy())
    scope = df[df["code"].map(keep_area)]
    return pd.concat(
        [
            _share_2024(scope["code"], ind, scope[col], scope[_POP], ORIGIN_DATASET)
            for col, ind in _ORIGIN_COLUMNS.items()
        ],
        ignore_index=True,
    )


def read_kwb2024_gemeente_wijk(raw_dir: Path) -> pd.DataFrame:
    """Density and housing stock for gemeenten and wijken (stripped KWB 2024 JSON)."""
    path = raw_dir / KWB_GMWK_FILE
    doc = read_json_object(path)
    if not doc:
        raise PrepareError(f"Raw file {path} is not an object keyed by region code.")
    df = pd.DataFrame.from_dict(doc, orient="index")
    need_columns(df, ["Bevolkingsdichtheid_34", "Woningvoorraad_35", "OppervlakteLand_123"], path)
    df.index = [clean_code(c) for c in df.index]
    check_codes(pd.Series(df.index), path)
    df = df[[keep_area(c) for c in df.index]]
    area = pd.Series(df.index, index=df.index)
    columns = {
        "bevolkingsdichtheid": "Bevolkingsdichtheid_34",
        "woningvoorraad": "Woningvoorraad_35",
        "oppervlakte_land_ha": "OppervlakteLand_123",
    }
    return pd.concat(
        [obs(area, ind, 2024, "totaal", df[col], KWB2024_DIVISION, GMWK_DATASET) for ind, col in columns.items()],
        ignore_index=True,
    )


def read_kwb2024_wijk_density(raw_dir: Path) -> pd.Series:
    """Population density (inhabitants per km² land, 2024) of every wijk of NL, by wijk code (NaN when not
    published). Used as the urbanity of a buurt's surroundings for look-alike buurten across NL."""
    doc = read_json_object(raw_dir / KWB_GMWK_FILE)
    rows = {clean_code(c): (v or {}).get("Bevolkingsdichtheid_34") for c, v in doc.items() if isinstance(v, dict)}
    wijken = {c: v for c, v in rows.items() if c.startswith("WK")}
    values, _ = coerce_values(pd.Series(list(wijken.values()), index=list(wijken), dtype="object"))
    return values.sort_index()


def wijk_density_rows(density: pd.Series, kwb_areas: pd.DataFrame) -> pd.DataFrame:
    """Long rows for every 2024 buurt of NL outside Twente: the density of its wijk (flag ``derived``)."""
    codes = kwb_areas.loc[(kwb_areas["level"] == "buurt") & ~in_scope(kwb_areas["code"]), "code"]
    values = codes.map(lambda c: density.get("WK" + c[2:8])).astype("float64")
    flags = pd.Series(FLAG_DERIVED, index=codes.index)
    out = long_rows(codes, WIJK_DENSITY, 2024, "totaal", values, flags, KWB2024_DIVISION, GMWK_DATASET)
    return out[out["value"].notna()]


def read_kwb2024_gemeente(raw_dir: Path, areas: pd.DataFrame) -> pd.DataFrame:
    """Households and benefits for the 100 gemeenten in the export (names only: matched to codes).

    Raises:
        PrepareError: a gemeente name that matches no or several gemeente codes.
    """
    path = raw_dir / KWB_GM100_FILE
    df = read_csv(path)
    hh = "Bevolking/Particuliere huishoudens/Huishoudens totaal (aantal)"
    single = "Bevolking/Particuliere huishoudens/Eenpersoonshuishoudens (aantal)"
    size = "Bevolking/Particuliere huishoudens/Gemiddelde huishoudensgrootte (aantal)"
    benefits = {
        "Sociale zekerheid/Personen per soort uitkering; Bijstand (aantal)": "bijstand_per_1000",
        "Sociale zekerheid/Personen per soort uitkering; AO (aantal)": "ao_per_1000",
        "Sociale zekerheid/Personen per soort uitkering; WW (aantal)": "ww_per_1000",
    }
    need_columns(df, ["Wijken en buurten", _POP, hh, single, size, *benefits], path)
    gm = areas[areas["level"] == "gemeente"]
    by_name = gm.groupby("name")["code"].agg(list)
    codes = []
    for name in df["Wijken en buurten"]:
        found = by_name.get(name, [])
        if len(found) != 1:
            raise PrepareError(f"Raw file {path} names gemeente {name!r}, which matches {len(found)} gemeente codes.")
        codes.append(found[0])
    area = pd.Series(codes, index=df.index)
    check_unique(area, path, "gemeente")
    ds = GM100_DATASET
    parts = [
        obs(area, "huishoudens", 2024, "totaal", df[hh], KWB2024_DIVISION, ds),
        obs(area, "gem_huishoudensgrootte", 2024, "totaal", df[size], KWB2024_DIVISION, ds),
        _share_2024(area, "eenpersoonshuishoudens", df[single], df[hh], ds),
    ]
    for col, ind in benefits.items():
        per_mille = _share_2024(area, ind, df[col], df[_POP], ds)
        per_mille["value"] = (per_mille["value"] * 10.0).round(6)  # % -> per 1,000
        parts.append(per_mille)
    return pd.concat(parts, ignore_index=True)


@register("kwb2024_population", raw=(KWB_POP_FILE,), datasets=(POP_DATASET,))
def population_source(raw_dir: Path, _before: Mapping[str, Reading]) -> Reading:
    """Every region's figures; its area list names and levels the 2024 division."""
    everything, areas, raw = read_kwb2024_population(raw_dir)
    return Reading(obs=everything[in_scope(everything["area_code"])], national=everything, areas=areas, aligned=raw)


@register("kwb2024_origin", raw=(KWB_ORIGIN_FILE,), datasets=(ORIGIN_DATASET,), needs=("kwb2024_population",))
def origin_source(raw_dir: Path, before: Mapping[str, Reading]) -> Reading:
    """Origin shares, coded by their row in the population file."""
    population = before["kwb2024_population"].aligned
    assert population is not None  # the population reading always carries its raw frame
    return Reading(obs=read_kwb2024_origin(raw_dir, population))


@register("kwb2024_gemeente_wijk", raw=(KWB_GMWK_FILE,), datasets=(GMWK_DATASET,), needs=("kwb2024_population",))
def gemeente_wijk_source(raw_dir: Path, before: Mapping[str, Reading]) -> Reading:
    """Density and housing in scope; every other buurt of NL gets its wijk's density for look-alike buurten."""
    areas = before["kwb2024_population"].areas
    assert areas is not None
    return Reading(
        obs=read_kwb2024_gemeente_wijk(raw_dir),
        national=wijk_density_rows(read_kwb2024_wijk_density(raw_dir), areas),
    )


@register("kwb2024_gemeente", raw=(KWB_GM100_FILE,), datasets=(GM100_DATASET,), needs=("kwb2024_population",))
def gemeente_source(raw_dir: Path, before: Mapping[str, Reading]) -> Reading:
    """Households and benefits, coded by gemeente name."""
    areas = before["kwb2024_population"].areas
    assert areas is not None
    return Reading(obs=read_kwb2024_gemeente(raw_dir, areas))
