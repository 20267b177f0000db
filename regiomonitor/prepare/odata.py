"""Readers for the CBS StatLine (OData v3) downloads that ``python -m regiomonitor.refresh`` writes.

Layout of a download folder (default ``<raw>/cbs_odata``)::

    manifest.json                     tables with id, kind, year, title, CBS modified date, rows, sha256 per file
    <table id>/TableInfos.json        the OData ``value`` arrays, as downloaded (pages joined)
    <table id>/DataProperties.json
    <table id>/TypedDataSet.json

Column keys in StatLine carry a position suffix that changes between years (``AantalInwoners_5`` in one table,
``AantalInwoners_6`` in the next), so columns are matched on their stem (the key without ``_<n>``). Whether a
household column is a count or a percentage also changes between years; ``DataProperties`` says which (its
``Unit``), and counts are turned into shares of the households (flag ``derived``).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Final

import pandas as pd

from regiomonitor.areas import clean_code, is_twente, is_valid_code
from regiomonitor.prepare.readers.common import OBS_COLUMNS, PrepareError, keep_area, long_rows
from regiomonitor.prepare.readers.rivm import RIVM_COLUMNS, RIVM_DATASET
from regiomonitor.prepare.values import FLAG_DERIVED, FLAG_OK, coerce_values

DOWNLOAD_DIR: Final = "cbs_odata"
MANIFEST: Final = "manifest.json"
KWB_DATASET: Final = "cbs_kwb_statline"

#: Kerncijfers wijken en buurten: column stem -> (indicator, how): "value" as published, "share" = percentage of
#: the households when published as a count, "per_1000" = persons per 1,000 inhabitants, "low_education" =
#: the low-education share of the three levels.
KWB_STEMS: Final[dict[str, tuple[str, str]]] = {
    "AantalInwoners": ("inwoners", "value"),
    "HuishoudensTotaal": ("huishoudens", "value"),
    "GemiddeldeHuishoudensgrootte": ("gem_huishoudensgrootte", "value"),
    "Eenpersoonshuishoudens": ("eenpersoonshuishoudens", "share"),
    "HuishoudensZonderKinderen": ("huishoudens_zonder_kinderen", "share"),
    "HuishoudensMetKinderen": ("huishoudens_met_kinderen", "share"),
    "Bevolkingsdichtheid": ("bevolkingsdichtheid", "value"),
    "Woningvoorraad": ("woningvoorraad", "value"),
    "GemiddeldeWOZWaardeVanWoningen": ("gem_woz_waarde", "value"),
    "GemiddeldeWoningwaarde": ("gem_woz_waarde", "value"),
    "Koopwoningen": ("koopwoningen", "value"),
    "HuurwoningenTotaal": ("huurwoningen", "value"),
    "InBezitWoningcorporatie": ("corporatiewoningen", "value"),
    "GemiddeldInkomenPerInwoner": ("gem_inkomen_per_inwoner", "value"),
    "HuishoudensMetEenLaagInkomen": ("huishoudens_laag_inkomen", "value"),
    "HuishOnderOfRondSociaalMinimum": ("huishoudens_sociaal_minimum", "value"),
    "HuishoudensTot120VanSociaalMinimum": ("huishoudens_tot_120_sociaal_minimum", "value"),
    "Nettoarbeidsparticipatie": ("netto_arbeidsparticipatie", "value"),
    "PersonenPerSoortUitkeringBijstand": ("bijstand_per_1000", "per_1000"),
    "PersonenPerSoortUitkeringAO": ("ao_per_1000", "per_1000"),
    "PersonenPerSoortUitkeringWW": ("ww_per_1000", "per_1000"),
    "AfstandTotHuisartsenpraktijk": ("afstand_huisarts", "value"),
    "MateVanStedelijkheid": ("stedelijkheid", "value"),
}
EDUCATION_STEMS: Final[tuple[str, str, str]] = (
    "OpleidingsniveauLaag",
    "OpleidingsniveauMiddelbaar",
    "OpleidingsniveauHoog",
)
#: Gezondheid per wijk en buurt: the raw column names of the RIVM files are the StatLine keys.
HEALTH_STEMS: Final[dict[str, str]] = {re.sub(r"_\d+$", "", k): v for k, v in RIVM_COLUMNS.items()}
HEALTH_AGES: Final[dict[str, str]] = {"20300": "18+", "53115": "18-64", "80200": "65+"}

_SUFFIX = re.compile(r"_\d+$")


def stem(key: str) -> str:
    """A StatLine column key without its position suffix.

    >>> stem("AantalInwoners_5"), stem("WijkenEnBuurten")
    ('AantalInwoners', 'WijkenEnBuurten')
    """
    return _SUFFIX.sub("", key)


def sha256_bytes(data: bytes) -> str:
    """Hex sha256 of some bytes (the manifest's checksum)."""
    return hashlib.sha256(data).hexdigest()


def _load(path: Path) -> list[dict]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PrepareError(f"Download {path} is not readable JSON ({exc.__class__.__name__}).") from exc
    if not isinstance(doc, list) or not all(isinstance(r, dict) for r in doc):
        raise PrepareError(f"Download {path} is not a list of OData records.")
    return doc


def read_manifest(folder: Path) -> dict | None:
    """The download manifest, or None when no refresh has been run (the folder or its manifest is absent)."""
    path = folder / MANIFEST
    if not path.is_file():
        return None
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PrepareError(f"Download manifest {path} is not readable JSON ({exc.__class__.__name__}).") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("tables"), list):
        raise PrepareError(f"Download manifest {path} has no list of tables.")
    return doc


def _region_frame(rows: list[dict], path: Path) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    if "WijkenEnBuurten" not in df.columns:
        raise PrepareError(f"Download {path} lacks the column WijkenEnBuurten.")
    df["code"] = df["WijkenEnBuurten"].map(clean_code)
    bad = sorted({c for c in df["code"] if not is_valid_code(c)})
    if bad:
        raise PrepareError(f"Download {path} has malformed region codes such as {bad[0]!r}.")
    return df[df["code"].map(keep_area)]


def _units(props: list[dict]) -> dict[str, str]:
    return {str(p.get("Key")): str(p.get("Unit") or "") for p in props if p.get("Key")}


def read_kwb_table(folder: Path, year: int) -> pd.DataFrame:
    """One downloaded Kerncijfers wijken en buurten table as long observations (period and division = year)."""
    data_path, props_path = folder / "TypedDataSet.json", folder / "DataProperties.json"
    df = _region_frame(_load(data_path), data_path)
    units = _units(_load(props_path))
    by_stem = {stem(c): c for c in df.columns}
    parts = []
    hh_col, pop_col = by_stem.get("HuishoudensTotaal"), by_stem.get("AantalInwoners")
    for st_name, (ind, how) in KWB_STEMS.items():
        col = by_stem.get(st_name)
        if col is None:
            continue
        values, flags = coerce_values(df[col].astype("object"))
        unit = units.get(col, "").lower()
        base = hh_col if how == "share" else pop_col if how == "per_1000" else None
        if (how == "share" and unit == "aantal") or how == "per_1000":
            if base is None:
                continue
            total, tflags = coerce_values(df[base].astype("object"))
            scale = 1000.0 if how == "per_1000" else 100.0
            values = (scale * values / total).where(total > 0).round(6)
            flags = pd.Series(FLAG_DERIVED, index=df.index).where(
                (flags == FLAG_OK) & (tflags == FLAG_OK) & (total > 0), "missing"
            )
        parts.append(long_rows(df["code"], ind, year, "totaal", values, flags, year, KWB_DATASET))
    edu = [c for s in EDUCATION_STEMS if (c := by_stem.get(s)) is not None]
    if len(edu) == len(EDUCATION_STEMS):
        low, mid, high = (coerce_values(df[c].astype("object"))[0] for c in edu)
        total = low + mid + high
        share = (100.0 * low / total).where(total > 0).round(6)
        parts.append(
            long_rows(
                df["code"],
                "laag_opleidingsniveau",
                year,
                "totaal",
                share,
                pd.Series(FLAG_DERIVED, index=df.index).where(share.notna(), "missing"),
                year,
                KWB_DATASET,
            )
        )
    if not parts:
        raise PrepareError(f"Download {data_path} has none of the columns the reader understands.")
    return pd.concat(parts, ignore_index=True)


def read_health_table(folder: Path, division: int = 2020) -> pd.DataFrame:
    """A downloaded Gezondheid per wijk en buurt table (point values only) as long observations."""
    data_path = folder / "TypedDataSet.json"
    df = _region_frame(_load(data_path), data_path)
    for col in ("Leeftijd", "Marges", "Perioden"):
        if col not in df.columns:
            raise PrepareError(f"Download {data_path} lacks the column {col}.")
    df = df[df["Marges"].astype(str).str.strip() == "MW00000"]
    df = df.assign(
        age=df["Leeftijd"].astype(str).str.strip().map(HEALTH_AGES),
        period=pd.to_numeric(df["Perioden"].astype(str).str.strip().str[:4], errors="coerce"),
    )
    df = df[df["age"].notna() & df["period"].notna()]
    by_stem = {stem(c): c for c in df.columns}
    parts = []
    for (period, age), grp in df.groupby(["period", "age"], sort=True):
        for st_name, ind in HEALTH_STEMS.items():
            column = by_stem.get(st_name)
            if column is not None:
                values, flags = coerce_values(grp[column].astype("object"))
                parts.append(long_rows(grp["code"], ind, int(period), str(age), values, flags, division, RIVM_DATASET))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=OBS_COLUMNS)


def read_downloads(folder: Path) -> pd.DataFrame | None:
    """Every table of a refresh in ``folder`` (normally ``<raw>/cbs_odata``) as long observations, or None when
    no refresh has been run there.

    Raises:
        PrepareError: a file of the manifest is missing or its sha256 differs (a partial or edited download),
            or a table is malformed.
    """
    manifest = read_manifest(folder)
    if manifest is None:
        return None
    parts = []
    for table in manifest["tables"]:
        tid = str(table.get("id", ""))
        tdir = folder / tid
        for name, digest in (table.get("files") or {}).items():
            path = tdir / name
            if not path.is_file():
                raise PrepareError(f"Download {path} named in the manifest is missing.")
            if sha256_bytes(path.read_bytes()) != digest:
                raise PrepareError(f"Download {path} does not match the sha256 in the manifest; run the refresh again.")
        kind = table.get("kind")
        if kind == "kwb":
            parts.append(read_kwb_table(tdir, int(table["year"])))
        elif kind == "gezondheid":
            parts.append(read_health_table(tdir, int(table.get("division", 2020))))
        else:
            raise PrepareError(f"Download manifest {folder / MANIFEST} names table {tid} of unknown kind {kind!r}.")
    if not parts:
        return None
    out = pd.concat(parts, ignore_index=True)
    out = out[out["area_code"].map(lambda c: c.startswith("GM") or c == "NL00" or is_twente(c))]
    return out[OBS_COLUMNS].drop_duplicates(["area_code", "indicator", "period", "age_group"], keep="last")
