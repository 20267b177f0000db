"""The register of raw-source readers: each reader module registers itself, ``build.collect()`` runs them all.

A source is one reader function plus what it declares about itself: the raw files it needs and the dataset ids
of ``data/content/sources.yaml`` its rows carry (a unit test holds both against the YAML). Readers run in the
order they were registered, which is the import order in ``regiomonitor/prepare/readers/__init__.py``; that
order is part of the output (the long rows are concatenated in it), so the prepared files stay byte-identical.

A reader that builds on another source's result (the KWB 2024 origin file has no codes and is aligned row by row
to the population file) names it in ``needs`` and receives the earlier readings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd


@dataclass(frozen=True)
class Reading:
    """What one source yields. Every part is optional: a boundary file has no figures, a table no polygons.

    Attributes:
        obs: long rows (``OBS_COLUMNS``) for the prepared indicator table, already limited to ``keep_area``.
        national: long rows for buurten elsewhere in NL, from which ``build`` keeps the national comparison subset.
        areas: the source's area list (codes, names and whatever the area table needs from it).
        geometry: polygons in RD New with ``code`` and ``name``.
        aligned: the source's own raw frame with cleaned codes, for a later reader that aligns to it by row.
    """

    obs: pd.DataFrame | None = None
    national: pd.DataFrame | None = None
    areas: pd.DataFrame | None = None
    geometry: gpd.GeoDataFrame | None = None
    aligned: pd.DataFrame | None = None


#: A reader: the raw folder and the readings of the sources it needs -> its reading.
ReadFn = Callable[[Path, Mapping[str, Reading]], Reading]


@dataclass(frozen=True)
class Source:
    """A registered raw source."""

    name: str
    raw: tuple[str, ...]
    datasets: tuple[str, ...]
    read: ReadFn
    needs: tuple[str, ...] = ()


_SOURCES: dict[str, Source] = {}


def register(
    name: str, *, raw: tuple[str, ...], datasets: tuple[str, ...], needs: tuple[str, ...] = ()
) -> Callable[[ReadFn], ReadFn]:
    """Decorator: register ``fn`` as the reader of source ``name``.

    Raises:
        ValueError: the name is taken, or a source it needs has not been registered before it.
    """

    def add(fn: ReadFn) -> ReadFn:
        if name in _SOURCES:
            raise ValueError(f"Source {name!r} is registered twice.")
        unknown = [n for n in needs if n not in _SOURCES]
        if unknown:
            raise ValueError(f"Source {name!r} needs {', '.join(unknown)}, which must be registered before it.")
        _SOURCES[name] = Source(name, raw, datasets, fn, needs)
        return fn

    return add


def sources() -> tuple[Source, ...]:
    """Every registered source, in registration order."""
    import regiomonitor.prepare.readers  # noqa: F401  (importing the package registers its reader modules)

    return tuple(_SOURCES.values())


def read_all(raw_dir: Path) -> dict[str, Reading]:
    """Run every reader in registration order: source name -> reading.

    Raises:
        PrepareError: from the first reader that meets a missing or malformed raw file.
    """
    readings: dict[str, Reading] = {}
    for source in sources():
        readings[source.name] = source.read(raw_dir, {n: readings[n] for n in source.needs})
    return readings
