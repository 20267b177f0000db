"""CBS Kerncijfers wijken en buurten 2020 per gemeente, as an R data file: income, social minimum, tenure,
education, GP distance and the household figures of 2020."""

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
    check_year,
    need,
    need_columns,
    obs,
    share_obs,
)
from regiomonitor.prepare.registry import Reading, register

KWB2020_FILE: Final = "kwb2020_gemeenten_nl/gemeenten.rds"
KWB2020_DATASET: Final = "cbs_kwb_2020_gemeente"
KWB2020_DIVISION: Final = 2020
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

    path = need(raw_dir / KWB2020_FILE)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # rdata warns about sf classes it does not convert
            parsed = rdata.parser.parse_file(path)
            df = rdata.conversion.convert(parsed, default_encoding="cp1252", force_default_encoding=True)
    except Exception as exc:  # rdata raises assorted errors for a broken file
        raise PrepareError(f"Raw file {path} is not a readable R data file ({exc.__class__.__name__}).") from exc
    if not isinstance(df, pd.DataFrame):
        raise PrepareError(f"Raw file {path} does not hold a data frame.")
    need_columns(df, ["GM_CODE", "JAAR", *KWB2020_COLUMNS, *_EDU], path)
    check_year(df["JAAR"], 2020, path)
    area = df["GM_CODE"].map(clean_code)
    check_codes(area, path)
    check_unique(area, path)
    ds, div = KWB2020_DATASET, KWB2020_DIVISION
    parts = [obs(area, ind, 2020, "totaal", df[col], div, ds) for col, ind in KWB2020_COLUMNS.items()]
    low, mid, high = (pd.to_numeric(df[c], errors="coerce") for c in _EDU)
    parts.append(share_obs(area, "laag_opleidingsniveau", low, low + mid + high, ds, 2020, div))
    return pd.concat(parts, ignore_index=True)


@register("kwb2020", raw=(KWB2020_FILE,), datasets=(KWB2020_DATASET,))
def kwb2020_source(raw_dir: Path, _before: Mapping[str, Reading]) -> Reading:
    """Gemeente figures 2020 (every gemeente of NL is in scope)."""
    return Reading(obs=read_kwb2020_gemeente(raw_dir))
