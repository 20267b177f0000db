"""One reader per raw source. Each returns tidy frames and raises ``PrepareError`` with one clear sentence.

Long indicator frames have the columns of ``OBS_COLUMNS``. Readers keep every gemeente of NL and the
land figure, and the wijken and buurten of the 14 Twente gemeenten (``keep_area``), which keeps the
prepared files small while leaving national comparisons possible.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Final

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

# ---------------------------------------------------------------------------------------------- helpers


def keep_area(code: str) -> bool:
    """Scope of the prepared tables: NL, every gemeente, and wijken/buurten of Twente."""
    return code == NL_CODE or code.startswith("GM") or (code[:2] in {"WK", "BU"} and is_twente(code))


def in_scope(codes: pd.Series) -> pd.Series:
    """Vectorised ``keep_area`` for a column of codes."""
    twente_prefixes = tuple("BU" + gm[2:] for gm in TWENTE_GM) + tuple("WK" + gm[2:] for gm in TWENTE_GM)
    return (codes == NL_CODE) | codes.str.startswith("GM") | codes.str.startswith(twente_prefixes)


def _need(path: Path) -> Path:
    if not path.is_file():
        raise PrepareError(f"Raw file {path} is missing.")
    if path.stat().st_size == 0:
        raise PrepareError(f"Raw file {path} is empty.")
    return path


def _need_columns(df: pd.DataFrame, columns: list[str], path: Path) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise PrepareError(f"Raw file {path} lacks the expected column(s) {', '.join(missing)}.")


def _check_unique(codes: pd.Series, path: Path, what: str = "region code") -> None:
    dup = codes[codes.duplicated()]
    if len(dup):
        raise PrepareError(f"Raw file {path} has a duplicate {what} ({', '.join(sorted(set(dup))[:3])}).")


def _check_codes(codes: pd.Series, path: Path) -> None:
    bad = sorted({c for c in codes if not is_valid_code(c)})
    if bad:
        raise PrepareError(f"Raw file {path} has malformed region codes such as {bad[0]!r}.")


def _obs(
    area: pd.Series, indicator: str, period: int, age: str, raw_values: pd.Series, division: int, dataset: str
) -> pd.DataFrame:
    values, flags = coerce_values(raw_values)
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


def _read_csv(path: Path) -> pd.DataFrame:
    """StatLine CSV dialect: ';', UTF-8 with BOM, quoted and space-padded text."""
    try:
        df = pd.read_csv(_need(path), sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise PrepareError(f"Raw file {path} is not a readable StatLine CSV ({exc.__class__.__name__}).") from exc
    df.columns = [c.strip() for c in df.columns]
    return df.apply(lambda s: s.str.strip())


# ------------------------------------------------------------------------------------------------- RIVM

RIVM_DATASET: Final = "rivm_gezondheid_wijk_buurt"

#: Raw column -> indicator id. The three walking/cycling columns are empty in every file and left out.
RIVM_COLUMNS: Final[dict[str, str]] = {
    "ErvarenGezondheidGoedZeerGoed_4": "goede_gezondheid",
    "VoldoetAanBeweegrichtlijn_5": "beweegrichtlijn",
    "WekelijkseSporters_6": "wekelijks_sporten",
    "Overgewicht_9": "overgewicht",
    "ErnstigOvergewicht_10": "ernstig_overgewicht",
    "Roker_11": "roker",
    "ZwareDrinker_14": "zware_drinker",
    "EenOfMeerLangdurigeAandoeningen_16": "langdurige_aandoening",
    "BeperktVanwegeGezondheid_17": "beperkt_gezondheid",
    "HoogRisicoOpAngstOfDepressie_25": "risico_angst_depressie_hoog",
    "HeelVeelStressInAfgelopen4Weken_26": "veel_stress",
    "MatigVeelRegieOverEigenLeven_27": "regie_eigen_leven",
    "Eenzaam_28": "eenzaam",
    "ErnstigZeerErnstigEenzaam_29": "ernstig_eenzaam",
    "EmotioneelEenzaam_30": "emotioneel_eenzaam",
    "SociaalEenzaam_31": "sociaal_eenzaam",
    "Mantelzorger_32": "mantelzorger",
    "Vrijwilligerswerk_33": "vrijwilligerswerk",
    "ErnstigeGeluidhinderDoorBuren_37": "geluidhinder_buren",
    "MoeiteMetRondkomen_38": "moeite_rondkomen",
}

#: The files and what they hold: (relative path, period, age group code, age group label).
RIVM_FILES: Final[list[tuple[str, int, str, str]]] = [
    ("rivm_gezondheid_wijk_buurt/2012_18+.xlsx", 2012, "20300", "18+"),
    ("rivm_gezondheid_wijk_buurt/2012_18_65.xlsx", 2012, "53115", "18-64"),
    ("rivm_gezondheid_wijk_buurt/2012_65+.xlsx", 2012, "80200", "65+"),
    ("rivm_gezondheid_wijk_buurt/2016_18+.xlsx", 2016, "20300", "18+"),
    ("rivm_gezondheid_wijk_buurt/2016_18_65.xlsx", 2016, "53115", "18-64"),
    ("rivm_gezondheid_wijk_buurt/2016_65+.xlsx", 2016, "80200", "65+"),
    ("rivm_gezondheid_wijk_buurt/RIVM_gezondheid2020_18+.xlsx", 2020, "20300", "18+"),
    ("rivm_gezondheid_wijk_buurt/RIVM_gezondheid2020_65+.xlsx", 2020, "80200", "65+"),
]

RIVM_DIVISION: Final = 2020  # all three years are published on the 2020 regional division


def read_rivm_file(path: Path, period: int, age_code: str, age_label: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read one RIVM xlsx: (long observations of every area, area list with gemeente names).

    Raises:
        PrepareError: unreadable workbook, missing columns, a period or age group that does not match
            the file name, duplicate or malformed codes.
    """
    _need(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            df = pd.read_excel(path, dtype=str, engine="calamine", keep_default_na=False)  # "NA" text stays text
    except Exception as exc:  # calamine raises its own error types for broken zips/sheets
        raise PrepareError(f"Raw file {path} is not a readable Excel workbook ({exc.__class__.__name__}).") from exc
    _need_columns(
        df, ["Leeftijd", "Marges", "Perioden", "SoortRegio_2", "Codering_3", "Gemeentenaam_1", *RIVM_COLUMNS], path
    )
    df = df[df["Marges"].str.strip() == "MW00000"]
    periods = set(df["Perioden"].str.strip())
    if periods != {f"{period}JJ00"}:
        raise PrepareError(f"Raw file {path} holds period(s) {sorted(periods)}, expected {period}JJ00.")
    ages = set(df["Leeftijd"].str.strip())
    if ages != {age_code}:
        raise PrepareError(f"Raw file {path} holds age group(s) {sorted(ages)}, expected {age_code}.")
    codes = df["Codering_3"].map(clean_code)
    _check_codes(codes, path)
    _check_unique(codes, path)
    df = df.assign(area_code=codes.to_numpy())
    areas = pd.DataFrame(
        {
            "code": df["area_code"],
            "gemeente_naam": df["Gemeentenaam_1"].str.strip(),
        }
    )
    parts = [
        _obs(df["area_code"], ind, period, age_label, df[col], RIVM_DIVISION, RIVM_DATASET)
        for col, ind in RIVM_COLUMNS.items()
    ]
    return pd.concat(parts, ignore_index=True), areas


def read_rivm(raw_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All RIVM files: observations and the 2020-division area list (codes and gemeente names)."""
    obs, areas = [], []
    for rel, period, code, label in RIVM_FILES:
        o, a = read_rivm_file(raw_dir / rel, period, code, label)
        obs.append(o)
        areas.append(a)
    area_df = pd.concat(areas).drop_duplicates("code").reset_index(drop=True)
    return pd.concat(obs, ignore_index=True), area_df


# --------------------------------------------------------------------------------------- CBS KWB 2024

KWB_POP_FILE: Final = "cbs_kwb_buurt/Kerncijfers_wijken_en_buurten_2024_geslachten.csv"
KWB_ORIGIN_FILE: Final = "cbs_kwb_buurt/Kerncijfers_wijken_en_buurten_2024_11122025_141648.csv"
KWB_GM100_FILE: Final = "cbs_kwb_buurt/Kerncijfers_wijken_en_buurten_2024_10122025_135731.csv"
KWB_GMWK_FILE: Final = "cbs_kwb2024_gemeente_wijk_stripped/stripped_filtered_data_2024.json"

_POP: Final = "Bevolking/Aantal inwoners (aantal)"
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


def _share(count: pd.Series, total: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Percentage share with flags: published counts give a derived share; zero population gives missing."""
    c, cf = coerce_values(count)
    t, tf = coerce_values(total)
    share = (100.0 * c / t).where(t > 0)
    flags = pd.Series(FLAG_DERIVED, index=count.index, dtype="object")
    bad = (cf != FLAG_OK) | (tf != FLAG_OK) | ~(t > 0)
    flags[bad.to_numpy(dtype=bool)] = "missing"
    return share.round(6), flags


def _share_obs(
    area: pd.Series, indicator: str, count: pd.Series, total: pd.Series, dataset: str, period: int = 2024
) -> pd.DataFrame:
    share, flags = _share(count, total)
    return pd.DataFrame(
        {
            "area_code": area.to_numpy(),
            "indicator": indicator,
            "period": period,
            "age_group": "totaal",
            "value": share.to_numpy(),
            "flag": flags.to_numpy(),
            "division": KWB2024_DIVISION,
            "dataset": dataset,
        }
    )


def read_kwb2024_population(raw_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """KWB 2024 inhabitants and age shares for every region.

    Returns (observations of every region, area list with names and levels for all regions, the full raw frame
    with cleaned codes, which the origin file is aligned to by row).
    """
    path = raw_dir / KWB_POP_FILE
    df = _read_csv(path)
    code_col = "Regioaanduiding/Codering (code)"
    _need_columns(
        df,
        [
            "Wijken en buurten",
            "Regioaanduiding/Gemeentenaam (naam)",
            "Regioaanduiding/Soort regio (omschrijving)",
            code_col,
            _POP,
            *_AGE_COLUMNS,
        ],
        path,
    )
    df[code_col] = df[code_col].map(clean_code)
    _check_codes(df[code_col], path)
    _check_unique(df[code_col], path)
    unknown = set(df["Regioaanduiding/Soort regio (omschrijving)"]) - set(_LEVEL_WORDS)
    if unknown:
        raise PrepareError(f"Raw file {path} has an unknown region type {sorted(unknown)[0]!r}.")
    areas = pd.DataFrame(
        {
            "code": df[code_col],
            "name": df["Wijken en buurten"],
            "level": df["Regioaanduiding/Soort regio (omschrijving)"].map(_LEVEL_WORDS),
            "gemeente_naam": df["Regioaanduiding/Gemeentenaam (naam)"],
        }
    )
    scope = df  # every region: build keeps the scope and the national buurt subset apart
    ds = "cbs_kwb_2024_buurt"
    parts = [_obs(scope[code_col], "inwoners", 2024, "totaal", scope[_POP], KWB2024_DIVISION, ds)]
    parts += [_share_obs(scope[code_col], ind, scope[col], scope[_POP], ds) for col, ind in _AGE_COLUMNS.items()]
    return pd.concat(parts, ignore_index=True), areas, df


def read_kwb2024_origin(raw_dir: Path, population: pd.DataFrame) -> pd.DataFrame:
    """Origin shares (context only). The file has no codes: rows align with the population file.

    Raises:
        PrepareError: when the row alignment (names, gemeente names, inhabitants) does not hold.
    """
    path = raw_dir / KWB_ORIGIN_FILE
    df = _read_csv(path)
    _need_columns(df, ["Wijken en buurten", "Regioaanduiding/Gemeentenaam (naam)", _POP, *_ORIGIN_COLUMNS], path)
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
    codes = population["Regioaanduiding/Codering (code)"]
    df = df.assign(code=codes.to_numpy())
    scope = df[df["code"].map(keep_area)]
    ds = "cbs_kwb_2024_herkomst"
    return pd.concat(
        [_share_obs(scope["code"], ind, scope[col], scope[_POP], ds) for col, ind in _ORIGIN_COLUMNS.items()],
        ignore_index=True,
    )


def read_kwb2024_gemeente_wijk(raw_dir: Path) -> pd.DataFrame:
    """Density and housing stock for gemeenten and wijken (stripped KWB 2024 JSON)."""
    path = _need(raw_dir / KWB_GMWK_FILE)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise PrepareError(f"Raw file {path} is not valid JSON ({exc.__class__.__name__}).") from exc
    if not isinstance(doc, dict) or not doc:
        raise PrepareError(f"Raw file {path} is not an object keyed by region code.")
    df = pd.DataFrame.from_dict(doc, orient="index")
    _need_columns(df, ["Bevolkingsdichtheid_34", "Woningvoorraad_35", "OppervlakteLand_123"], path)
    df.index = [clean_code(c) for c in df.index]
    _check_codes(pd.Series(df.index), path)
    df = df[[keep_area(c) for c in df.index]]
    area = pd.Series(df.index, index=df.index)
    ds = "cbs_kwb_2024_gemeente_wijk"
    return pd.concat(
        [
            _obs(area, "bevolkingsdichtheid", 2024, "totaal", df["Bevolkingsdichtheid_34"], KWB2024_DIVISION, ds),
            _obs(area, "woningvoorraad", 2024, "totaal", df["Woningvoorraad_35"], KWB2024_DIVISION, ds),
            _obs(area, "oppervlakte_land_ha", 2024, "totaal", df["OppervlakteLand_123"], KWB2024_DIVISION, ds),
        ],
        ignore_index=True,
    )


def read_kwb2024_wijk_density(raw_dir: Path) -> pd.Series:
    """Population density (inhabitants per km² land, 2024) of every wijk of NL, by wijk code (NaN when not
    published). Used as the urbanity of a buurt's surroundings for look-alike buurten across NL."""
    path = _need(raw_dir / KWB_GMWK_FILE)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise PrepareError(f"Raw file {path} is not valid JSON ({exc.__class__.__name__}).") from exc
    if not isinstance(doc, dict):
        raise PrepareError(f"Raw file {path} is not an object keyed by region code.")
    rows = {clean_code(c): (v or {}).get("Bevolkingsdichtheid_34") for c, v in doc.items() if isinstance(v, dict)}
    wijken = {c: v for c, v in rows.items() if c.startswith("WK")}
    values, _ = coerce_values(pd.Series(list(wijken.values()), index=list(wijken), dtype="object"))
    return values.sort_index()


def read_kwb2024_gemeente(raw_dir: Path, areas: pd.DataFrame) -> pd.DataFrame:
    """Households and benefits for the 100 gemeenten in the export (names only: matched to codes).

    Raises:
        PrepareError: a gemeente name that matches no or several gemeente codes.
    """
    path = raw_dir / KWB_GM100_FILE
    df = _read_csv(path)
    hh = "Bevolking/Particuliere huishoudens/Huishoudens totaal (aantal)"
    single = "Bevolking/Particuliere huishoudens/Eenpersoonshuishoudens (aantal)"
    size = "Bevolking/Particuliere huishoudens/Gemiddelde huishoudensgrootte (aantal)"
    benefits = {
        "Sociale zekerheid/Personen per soort uitkering; Bijstand (aantal)": "bijstand_per_1000",
        "Sociale zekerheid/Personen per soort uitkering; AO (aantal)": "ao_per_1000",
        "Sociale zekerheid/Personen per soort uitkering; WW (aantal)": "ww_per_1000",
    }
    _need_columns(df, ["Wijken en buurten", _POP, hh, single, size, *benefits], path)
    gm = areas[areas["level"] == "gemeente"]
    by_name = gm.groupby("name")["code"].agg(list)
    codes = []
    for name in df["Wijken en buurten"]:
        found = by_name.get(name, [])
        if len(found) != 1:
            raise PrepareError(f"Raw file {path} names gemeente {name!r}, which matches {len(found)} gemeente codes.")
        codes.append(found[0])
    area = pd.Series(codes, index=df.index)
    _check_unique(area, path, "gemeente")
    ds = "cbs_kwb_2024_gemeente"
    parts = [
        _obs(area, "huishoudens", 2024, "totaal", df[hh], KWB2024_DIVISION, ds),
        _obs(area, "gem_huishoudensgrootte", 2024, "totaal", df[size], KWB2024_DIVISION, ds),
        _share_obs(area, "eenpersoonshuishoudens", df[single], df[hh], ds),
    ]
    for col, ind in benefits.items():
        per_mille = _share_obs(area, ind, df[col], df[_POP], ds)
        per_mille["value"] = (per_mille["value"] * 10.0).round(6)  # % -> per 1,000
        parts.append(per_mille)
    return pd.concat(parts, ignore_index=True)


# --------------------------------------------------------------------------------------- CBS KWB 2020

KWB2020_FILE: Final = "kwb2020_gemeenten_nl/gemeenten.rds"
KWB2020_COLUMNS: Final[dict[str, str]] = {
    "Gemiddeld inkomen per inwoner (x1000 euro)": "gem_inkomen_per_inwoner",
    "Huishoudens met een laag inkomen(%)": "huishoudens_laag_inkomen",
    "Huishoudens onder of rond sociaal minimum (%)": "huishoudens_sociaal_minimum",
    "Huishoudens tot 120% van sociaal minimum (%)": "huishoudens_tot_120_sociaal_minimum",
    "Koopwoningen (%)": "koopwoningen",
    "Huurwoningen (%)": "huurwoningen",
    "Woningen in bezit woningcorporatie (%)": "corporatiewoningen",
    "Afstand tot huisartsenpraktijk (km)": "afstand_huisarts",
    "Aantal inwoners": "inwoners",
    "Aantal huishoudens": "huishoudens",
    "Gemiddelde huishoudensgrootte": "gem_huishoudensgrootte",
    "Eenpersoonshuishoudens (%)": "eenpersoonshuishoudens",
    "Huishoudens zonder kinderen (%)": "huishoudens_zonder_kinderen",
    "Huishoudens met kinderen (%)": "huishoudens_met_kinderen",
    "Bevolkinsdichtheid (aantal inwoners per km2)": "bevolkingsdichtheid",  # sic: the column name's typo
    "Stedelijkheid (1=zeer sterk stedelijk, 5=niet stedelijk)": "stedelijkheid",
    "Oppervlakte land (hectaren)": "oppervlakte_land_ha",
}
_EDU: Final = (
    "Aantal personen met laag opleidingsniveau",
    "Aantal personen met middelbaar opleidingsniveau",
    "Aantal personen met hoog opleidingsniveau",
)


def read_kwb2020_gemeente(raw_dir: Path) -> pd.DataFrame:
    """Income, low income, social minimum, tenure, education and GP distance per gemeente (KWB 2020, R data)."""
    import rdata  # local import: only prepare needs it

    path = _need(raw_dir / KWB2020_FILE)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # rdata warns about sf classes it does not convert
            parsed = rdata.parser.parse_file(path)
            df = rdata.conversion.convert(parsed, default_encoding="cp1252", force_default_encoding=True)
    except Exception as exc:  # rdata raises assorted errors for a broken file
        raise PrepareError(f"Raw file {path} is not a readable R data file ({exc.__class__.__name__}).") from exc
    if not isinstance(df, pd.DataFrame):
        raise PrepareError(f"Raw file {path} does not hold a data frame.")
    _need_columns(df, ["GM_CODE", "JAAR", *KWB2020_COLUMNS, *_EDU], path)
    years = set(pd.to_numeric(df["JAAR"], errors="coerce").dropna().astype(int))
    if years != {2020}:
        raise PrepareError(f"Raw file {path} holds year(s) {sorted(years)}, expected 2020.")
    area = df["GM_CODE"].map(clean_code)
    _check_codes(area, path)
    _check_unique(area, path)
    ds = "cbs_kwb_2020_gemeente"
    parts = [_obs(area, ind, 2020, "totaal", df[col], 2020, ds) for col, ind in KWB2020_COLUMNS.items()]
    low, mid, high = (pd.to_numeric(df[c], errors="coerce") for c in _EDU)
    parts.append(_share_obs(area, "laag_opleidingsniveau", low, low + mid + high, ds, period=2020))
    out = pd.concat(parts, ignore_index=True)
    out.loc[out["indicator"] == "laag_opleidingsniveau", "division"] = 2020
    return out


# ------------------------------------------------------------------------------------------ geometries

BUURT_GEO_FILE: Final = "cbs_buurten_2024_twente/buurt_2024_rd_twente7.geojson"
GEMEENTE_GEO_FILE: Final = "cbs_gemeenten_2026_nl/gemeenten_zonder_water_2026.geojson"

# RD New bounds (EPSG:28992 area of use, generously rounded): coordinates outside are not RD.
_RD_BOUNDS: Final = (-10_000.0, 280_000.0, 320_000.0, 650_000.0)


def _read_geojson(path: Path, expect_rd: bool = True) -> gpd.GeoDataFrame:
    """Read a GeoJSON in RD New. A file without CRS is taken as RD New if its coordinates fit RD bounds.

    Raises:
        PrepareError: unreadable file, a CRS other than RD New, coordinates outside RD bounds, or
            geometries that are empty or not polygons.
    """
    _need(path)
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
    types = set(gdf.geom_type.dropna())
    if gdf.geometry.isna().any() or gdf.geometry.is_empty.any() or not types <= {"Polygon", "MultiPolygon"}:
        raise PrepareError(f"Raw file {path} has empty or non-polygon geometries.")
    if "statcode" not in gdf.columns or "statnaam" not in gdf.columns:
        raise PrepareError(f"Raw file {path} lacks the properties statcode and statnaam.")
    gdf["code"] = gdf["statcode"].map(clean_code)
    _check_codes(gdf["code"], path)
    _check_unique(gdf["code"], path)
    # CBS publishes valid polygons; a self-intersecting one means a damaged or hand-edited file. make_valid
    # later would silently split it, so stop here and name the feature instead.
    invalid = ~shapely.is_valid(gdf.geometry.to_numpy())
    if invalid.any():
        first = int(invalid.argmax())
        reason = shapely.is_valid_reason(gdf.geometry.iloc[first])
        raise PrepareError(f"Raw file {path} has an invalid geometry for {gdf['code'].iloc[first]} ({reason}).")
    return gdf


def read_buurt_geometry(raw_dir: Path) -> gpd.GeoDataFrame:
    """Buurt polygons 2024 (RD New) with code and name."""
    path = raw_dir / BUURT_GEO_FILE
    gdf = _read_geojson(path)
    if not gdf["code"].str.startswith("BU").all():
        raise PrepareError(f"Raw file {path} holds features that are not buurten.")
    return gdf[["code", "statnaam", "geometry"]].rename(columns={"statnaam": "name"})


def read_gemeente_geometry(raw_dir: Path) -> gpd.GeoDataFrame:
    """All gemeente polygons (RD New) with code and name."""
    path = raw_dir / GEMEENTE_GEO_FILE
    gdf = _read_geojson(path)
    if not gdf["code"].str.startswith("GM").all():
        raise PrepareError(f"Raw file {path} holds features that are not gemeenten.")
    return gdf[["code", "statnaam", "geometry"]].rename(columns={"statnaam": "name"})


Reader = Callable[[Path], pd.DataFrame]


# ------------------------------------------------------------------ CBS Wijk- en buurtkaart 2021 (KWB 2021)

KWB2021_BUURT_FILE: Final = "cbs_wijkbuurtkaart2021_buurten_twente/buurten.shp"
KWB2021_GEMEENTE_FILE: Final = "cbs_wijkbuurtkaart2021_buurten_twente/gemeente_2021_twente_wgs84.json"
TUBBERGEN_2024_GEO_FILE: Final = "cbs_buurten_2024_tubbergen/buurt_2024_rd_tubbergen.geojson"
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


def _kwb2021_obs(area: pd.Series, df: pd.DataFrame, dataset: str) -> pd.DataFrame:
    """Long observations of the KWB 2021 attributes; the CBS sentinel becomes 'suppressed'."""
    parts = []
    for col, ind in KWB2021_COLUMNS.items():
        raw = df[col].astype("object")
        secret = pd.to_numeric(raw, errors="coerce") == CBS_SECRET
        raw = raw.where(~secret, ".")  # "." is the suppressed placeholder of coerce_values
        parts.append(_obs(area, ind, KWB2021_DIVISION, "totaal", raw, KWB2021_DIVISION, dataset))
    return pd.concat(parts, ignore_index=True)


def read_kwb2021_buurt(raw_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame, gpd.GeoDataFrame]:
    """The Wijk- en buurtkaart 2021 buurt layer of the 14 Twente gemeenten (file 9).

    Returns (observations, area list with code, name, wijk code, gemeente code; buurt polygons in RD New).

    Raises:
        PrepareError: unreadable shapefile, missing fields, a year other than 2021, malformed or duplicate codes,
            a buurt outside Twente, invalid geometries.
    """
    path = _need(raw_dir / KWB2021_BUURT_FILE)
    try:
        gdf = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises DataSourceError and friends
        raise PrepareError(f"Raw file {path} is not a readable shapefile ({exc.__class__.__name__}).") from exc
    _need_columns(gdf, ["buurtcode", "buurtnaam", "wijkcode", "gemeenteco", "jaar", *KWB2021_COLUMNS], path)
    if gdf.crs is None or not CRS(gdf.crs).equals(RD_NEW):
        raise PrepareError(f"Raw file {path} is not in RD New (EPSG:28992).")
    years = set(pd.to_numeric(gdf["jaar"], errors="coerce").dropna().astype(int))
    if years != {2021}:
        raise PrepareError(f"Raw file {path} holds year(s) {sorted(years)}, expected 2021.")
    gdf["code"] = gdf["buurtcode"].map(clean_code)
    _check_codes(gdf["code"], path)
    _check_unique(gdf["code"], path)
    outside = sorted(c for c in gdf["code"] if not (c.startswith("BU") and is_twente(c)))
    if outside:
        raise PrepareError(f"Raw file {path} holds {outside[0]}, which is not a Twente buurt.")
    types = set(gdf.geom_type.dropna())
    if gdf.geometry.isna().any() or not types <= {"Polygon", "MultiPolygon"}:
        raise PrepareError(f"Raw file {path} has empty or non-polygon geometries.")
    invalid = ~shapely.is_valid(gdf.geometry.to_numpy())
    if invalid.any():
        first = int(invalid.argmax())
        raise PrepareError(
            f"Raw file {path} has an invalid geometry for {gdf['code'].iloc[first]} "
            f"({shapely.is_valid_reason(gdf.geometry.iloc[first])})."
        )
    gdf = gdf.sort_values("code").reset_index(drop=True)
    obs = _kwb2021_obs(gdf["code"], gdf, KWB2021_BUURT_DATASET)
    areas = pd.DataFrame(
        {
            "code": gdf["code"],
            "name": gdf["buurtnaam"].astype(str).str.strip(),
            "wijk": gdf["wijkcode"].map(clean_code),
            "gemeente": gdf["gemeenteco"].map(clean_code),
        }
    )
    geo = gpd.GeoDataFrame({"code": gdf["code"], "name": areas["name"]}, geometry=gdf.geometry.to_numpy(), crs=RD_NEW)
    return obs, areas, geo


def read_kwb2021_gemeente(raw_dir: Path) -> pd.DataFrame:
    """The same attributes for the 14 Twente gemeenten (file 10, exact figures)."""
    path = _need(raw_dir / KWB2021_GEMEENTE_FILE)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        props = pd.DataFrame([f["properties"] for f in doc["features"]])
    except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError) as exc:
        raise PrepareError(f"Raw file {path} is not a GeoJSON FeatureCollection ({exc.__class__.__name__}).") from exc
    _need_columns(props, ["gemeenteco", "jaar", *KWB2021_COLUMNS], path)
    years = set(pd.to_numeric(props["jaar"], errors="coerce").dropna().astype(int))
    if years != {2021}:
        raise PrepareError(f"Raw file {path} holds year(s) {sorted(years)}, expected 2021.")
    area = props["gemeenteco"].map(clean_code)
    _check_codes(area, path)
    _check_unique(area, path)
    missing = sorted(set(TWENTE_GM) - set(area))
    if missing:
        raise PrepareError(f"Raw file {path} lacks Twente gemeente {missing[0]}.")
    return _kwb2021_obs(area, props, KWB2021_GEMEENTE_DATASET)


def read_tubbergen_2024_geometry(raw_dir: Path) -> gpd.GeoDataFrame:
    """Tubbergen's buurt polygons in the 2024 division (file 11, generalised like file 1)."""
    path = raw_dir / TUBBERGEN_2024_GEO_FILE
    gdf = _read_geojson(path)
    if not gdf["code"].str.startswith("BU0183").all():
        raise PrepareError(f"Raw file {path} holds features that are not buurten of Tubbergen.")
    return gdf[["code", "statnaam", "geometry"]].rename(columns={"statnaam": "name"})
