"""The authored catalogues: datasets (sources.yaml) and indicators (indicators.yaml).

Both are written in our own words and validated on load, so a typo in a content file stops prepare and the
tests with a message that names the file, the record and the field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DIRECTIONS: tuple[str, ...] = ("hoger_beter", "lager_beter", "neutraal")


class CatalogueError(ValueError):
    """A content file does not follow its schema."""


@dataclass(frozen=True)
class Dataset:
    """One raw dataset with its provenance."""

    id: str
    titel: str
    uitgever: str
    periode: str
    licentie: str
    niveau: str
    herkomst: str
    raw: tuple[str, ...]
    kanttekeningen: tuple[str, ...] = ()


@dataclass(frozen=True)
class Indicator:
    """One indicator definition (coverage is added by prepare)."""

    id: str
    label: str
    unit: str
    direction: str
    thema: str
    bron: str
    populatie: str
    definitie: str
    context_only: bool = False


@dataclass(frozen=True)
class Catalogue:
    """Datasets and indicators, cross-checked."""

    datasets: dict[str, Dataset]
    indicators: dict[str, Indicator]
    themas: dict[str, str] = field(default_factory=dict)


def _read_yaml(path: Path) -> Any:
    if not path.is_file():
        raise CatalogueError(f"{path}: file not found")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{path}: not valid YAML ({exc})") from exc


def _require(rec: dict[str, Any], key: str, where: str, kind: type = str) -> Any:
    if key not in rec or rec[key] is None:
        raise CatalogueError(f"{where}: missing field '{key}'")
    value = rec[key]
    if not isinstance(value, kind):
        raise CatalogueError(f"{where}: field '{key}' must be {kind.__name__}, got {type(value).__name__}")
    return value


def load_datasets(path: Path) -> dict[str, Dataset]:
    """Read and validate ``sources.yaml``.

    Raises:
        CatalogueError: missing file, bad YAML, a missing field or a duplicate id.
    """
    doc = _read_yaml(path)
    out: dict[str, Dataset] = {}
    for i, rec in enumerate((doc or {}).get("datasets") or []):
        where = f"{path.name}: dataset #{i + 1} ({rec.get('id', '?')})"
        ds_id = _require(rec, "id", where)
        if ds_id in out:
            raise CatalogueError(f"{where}: duplicate id '{ds_id}'")
        raw = _require(rec, "raw", where, list)
        out[ds_id] = Dataset(
            id=ds_id,
            titel=_require(rec, "titel", where),
            uitgever=_require(rec, "uitgever", where),
            periode=_require(rec, "periode", where),
            licentie=_require(rec, "licentie", where),
            niveau=_require(rec, "niveau", where),
            herkomst=_require(rec, "herkomst", where),
            raw=tuple(str(r) for r in raw),
            kanttekeningen=tuple(str(k) for k in rec.get("kanttekeningen") or ()),
        )
    if not out:
        raise CatalogueError(f"{path.name}: no datasets")
    return out


def load_catalogue(content_dir: Path) -> Catalogue:
    """Read ``sources.yaml`` and ``indicators.yaml`` from ``content_dir`` and cross-check them.

    Raises:
        CatalogueError: any schema problem, an unknown theme, direction or dataset, a duplicate id.
    """
    datasets = load_datasets(content_dir / "sources.yaml")
    path = content_dir / "indicators.yaml"
    doc = _read_yaml(path) or {}
    themas = doc.get("themas") or {}
    if not isinstance(themas, dict) or not themas:
        raise CatalogueError(f"{path.name}: missing 'themas'")
    indicators: dict[str, Indicator] = {}
    for i, rec in enumerate(doc.get("indicatoren") or []):
        where = f"{path.name}: indicator #{i + 1} ({rec.get('id', '?')})"
        ind_id = _require(rec, "id", where)
        if ind_id in indicators:
            raise CatalogueError(f"{where}: duplicate id '{ind_id}'")
        direction = _require(rec, "direction", where)
        if direction not in DIRECTIONS:
            raise CatalogueError(f"{where}: field 'direction' must be one of {DIRECTIONS}, got '{direction}'")
        thema = _require(rec, "thema", where)
        if thema not in themas:
            raise CatalogueError(f"{where}: field 'thema' has unknown theme '{thema}'")
        bron = _require(rec, "bron", where)
        if bron not in datasets:
            raise CatalogueError(f"{where}: field 'bron' names unknown dataset '{bron}'")
        indicators[ind_id] = Indicator(
            id=ind_id,
            label=_require(rec, "label", where),
            unit=_require(rec, "unit", where),
            direction=direction,
            thema=thema,
            bron=bron,
            populatie=_require(rec, "populatie", where),
            definitie=_require(rec, "definitie", where),
            context_only=bool(rec.get("context_only", False)),
        )
    return Catalogue(datasets=datasets, indicators=indicators, themas=dict(themas))
