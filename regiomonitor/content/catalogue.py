"""The authored catalogues: datasets (``sources.yaml``) and indicator definitions (``indicators.yaml``).

Both are written in our own words and read at run time, so an edited label shows on the next run. ``prepare``
adds only what depends on the raw data (the coverage: levels, periods and age groups with values), and
:func:`join_coverage` puts the two together into one :class:`IndicatorInfo` per indicator.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

import pandas as pd
from pydantic import StrictBool, model_validator

from regiomonitor.content.reader import ContentError, ContentModel, load

Direction = Literal["hoger_beter", "lager_beter", "neutraal"]
DIRECTIONS: tuple[str, ...] = get_args(Direction)


class Dataset(ContentModel):
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

    def citation(self, period: str | None = None) -> str:
        """The dataset as every source note, chart caption, factsheet and export cites it: publisher, title and
        optionally a period in brackets; the publisher is left out when the title already starts with it.

        >>> ds = Dataset(id="d", titel="Gezondheid per wijk en buurt", uitgever="RIVM / CBS", periode="2020",
        ...              licentie="", niveau="", herkomst="", raw=())
        >>> ds.citation(), ds.citation(ds.periode)
        ('RIVM / CBS, Gezondheid per wijk en buurt', 'RIVM / CBS, Gezondheid per wijk en buurt (2020)')
        >>> ds.model_copy(update={"uitgever": "CBS", "titel": "CBS Kerncijfers"}).citation()
        'CBS Kerncijfers'
        """
        text = self.titel if self.titel.startswith(self.uitgever) else f"{self.uitgever}, {self.titel}"
        return f"{text} ({period})" if period else text


class Indicator(ContentModel):
    """One indicator definition as authored (its coverage comes from prepare)."""

    id: str
    label: str
    unit: str
    direction: Direction
    thema: str
    bron: str
    populatie: str
    definitie: str
    context_only: StrictBool = False


def _unique(ids: list[str], key: str) -> None:
    seen: set[str] = set()
    for i, ident in enumerate(ids):
        if ident in seen:
            raise ValueError(f"> {key}[{i}] '{ident}': duplicate id '{ident}'")
        seen.add(ident)


class SourcesFile(ContentModel):
    """``sources.yaml``: the datasets, ids unique."""

    datasets: tuple[Dataset, ...]

    @model_validator(mode="after")
    def _check(self) -> SourcesFile:
        if not self.datasets:
            raise ValueError("no datasets")
        _unique([d.id for d in self.datasets], "datasets")
        return self


class IndicatorsFile(ContentModel):
    """``indicators.yaml``: the themes and the indicator definitions, ids unique, themes known."""

    themas: dict[str, str]
    indicatoren: tuple[Indicator, ...]

    @model_validator(mode="after")
    def _check(self) -> IndicatorsFile:
        if not self.themas:
            raise ValueError("missing 'themas'")
        _unique([d.id for d in self.indicatoren], "indicatoren")
        for i, ind in enumerate(self.indicatoren):
            if ind.thema not in self.themas:
                raise ValueError(f"> indicatoren[{i}] '{ind.id}': field 'thema' has unknown theme '{ind.thema}'")
        return self


@dataclass(frozen=True)
class Catalogue:
    """Datasets and indicators, cross-checked."""

    datasets: dict[str, Dataset]
    indicators: dict[str, Indicator]
    themas: dict[str, str]


def load_datasets(path: Path) -> dict[str, Dataset]:
    """Read and validate ``sources.yaml``.

    Raises:
        ContentError: missing file, bad YAML, a missing field or a duplicate id.
    """
    return {d.id: d for d in load(SourcesFile, path).datasets}


def load_catalogue(content_dir: Path) -> Catalogue:
    """Read ``sources.yaml`` and ``indicators.yaml`` from ``content_dir`` and cross-check them.

    Raises:
        ContentError: any schema problem, an unknown theme, direction or dataset, a duplicate id.
    """
    datasets = load_datasets(content_dir / "sources.yaml")
    doc = load(IndicatorsFile, content_dir / "indicators.yaml")
    for i, ind in enumerate(doc.indicatoren):
        if ind.bron not in datasets:
            raise ContentError(
                f"indicators.yaml > indicatoren[{i}] '{ind.id}': field 'bron' names unknown dataset '{ind.bron}'"
            )
    return Catalogue(datasets=datasets, indicators={i.id: i for i in doc.indicatoren}, themas=dict(doc.themas))


@dataclass(frozen=True, slots=True)
class IndicatorInfo:
    """What the app knows about one indicator at run time: its definition and what the data covers."""

    id: str
    label: str
    unit: str
    direction: str
    thema: str
    thema_label: str
    definitie: str
    bron: str
    bron_titel: str
    uitgever: str
    populatie: str
    context_only: bool = False
    #: Levels with at least one value, from land to buurt.
    levels: tuple[str, ...] = ()
    #: Periods with at least one value, oldest first.
    periods: tuple[int, ...] = ()
    #: Age groups with at least one value, sorted.
    age_groups: tuple[str, ...] = ()

    @property
    def default_age(self) -> str:
        """The age group shown by default: 18+ for the health monitor, else the first ('' without data).

        >>> IndicatorInfo("x", "X", "%", "neutraal", "t", "T", "", "b", "B", "U", "", age_groups=("totaal",)).default_age
        'totaal'
        """
        return "18+" if "18+" in self.age_groups else (self.age_groups[0] if self.age_groups else "")


#: Columns of ``DataStore.catalogue`` (the table views), in this order.
CATALOGUE_COLUMNS: tuple[str, ...] = tuple(IndicatorInfo.__dataclass_fields__)


def join_coverage(catalogue: Catalogue, coverage: pd.DataFrame) -> dict[str, IndicatorInfo]:
    """One :class:`IndicatorInfo` per indicator of ``catalogue``, with the coverage prepare wrote.

    ``coverage`` has one row per indicator: ``id`` and comma-joined ``levels``, ``periods`` and ``age_groups``
    (the prepared file's storage format; split here, once).

    Raises:
        ContentError: the YAML names an indicator the prepared data lacks, or the other way round.
    """
    cov = {str(r["id"]): r for r in coverage.to_dict("records")}
    missing = sorted(set(catalogue.indicators) - set(cov))
    if missing:
        raise ContentError(
            f"indicators.yaml names {', '.join(missing)}, which the prepared coverage lacks: run `make prepare`"
        )
    extra = sorted(set(cov) - set(catalogue.indicators))
    if extra:
        raise ContentError(f"the prepared coverage has {', '.join(extra)}, which indicators.yaml does not define")
    out: dict[str, IndicatorInfo] = {}
    for ind in catalogue.indicators.values():
        row = cov[ind.id]
        ds = catalogue.datasets[ind.bron]
        out[ind.id] = IndicatorInfo(
            id=ind.id,
            label=ind.label,
            unit=ind.unit,
            direction=ind.direction,
            thema=ind.thema,
            thema_label=catalogue.themas[ind.thema],
            definitie=ind.definitie,
            bron=ind.bron,
            bron_titel=ds.titel,
            uitgever=ds.uitgever,
            populatie=ind.populatie,
            context_only=ind.context_only,
            levels=tuple(v for v in str(row["levels"]).split(",") if v),
            periods=tuple(int(v) for v in str(row["periods"]).split(",") if v),
            age_groups=tuple(v for v in str(row["age_groups"]).split(",") if v),
        )
    return out


def catalogue_frame(info: Mapping[str, IndicatorInfo]) -> pd.DataFrame:
    """The indicators as a table (one row each; ``levels``/``periods``/``age_groups`` hold tuples)."""
    return pd.DataFrame(
        [[getattr(i, c) for c in CATALOGUE_COLUMNS] for i in info.values()], columns=list(CATALOGUE_COLUMNS)
    )
