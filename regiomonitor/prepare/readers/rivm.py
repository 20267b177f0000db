"""RIVM Gezondheid per wijk en buurt (Gezondheidsmonitor 2012, 2016, 2020): eight xlsx files, one per year and
age group, every region of NL on the 2020 division."""

from __future__ import annotations

import warnings
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
    need,
    need_columns,
    obs,
)
from regiomonitor.prepare.registry import Reading, register

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
    need(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            df = pd.read_excel(path, dtype=str, engine="calamine", keep_default_na=False)  # "NA" text stays text
    except Exception as exc:  # calamine raises its own error types for broken zips/sheets
        raise PrepareError(f"Raw file {path} is not a readable Excel workbook ({exc.__class__.__name__}).") from exc
    need_columns(
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
    check_codes(codes, path)
    check_unique(codes, path)
    df = df.assign(area_code=codes.to_numpy())
    areas = pd.DataFrame(
        {
            "code": df["area_code"],
            "gemeente_naam": df["Gemeentenaam_1"].str.strip(),
        }
    )
    parts = [
        obs(df["area_code"], ind, period, age_label, df[col], RIVM_DIVISION, RIVM_DATASET)
        for col, ind in RIVM_COLUMNS.items()
    ]
    return pd.concat(parts, ignore_index=True), areas


def read_rivm(raw_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All RIVM files: observations and the 2020-division area list (codes and gemeente names)."""
    found, areas = [], []
    for rel, period, code, label in RIVM_FILES:
        o, a = read_rivm_file(raw_dir / rel, period, code, label)
        found.append(o)
        areas.append(a)
    area_df = pd.concat(areas).drop_duplicates("code").reset_index(drop=True)
    return pd.concat(found, ignore_index=True), area_df


@register("rivm", raw=tuple(f[0] for f in RIVM_FILES), datasets=(RIVM_DATASET,))
def rivm_source(raw_dir: Path, _before: Mapping[str, Reading]) -> Reading:
    """Every file; the buurten outside Twente go to the national comparison subset."""
    everything, areas = read_rivm(raw_dir)
    return Reading(obs=everything[in_scope(everything["area_code"])], national=everything, areas=areas)
