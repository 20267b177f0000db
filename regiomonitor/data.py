"""Loading the prepared files and the indicator catalogue into one validated, read-only store (no Streamlit).

The indicator definitions come from ``data/content/indicators.yaml`` at load, joined with the coverage that
prepare wrote; the app wraps ``load_store`` in a Streamlit cache; tests and the bench call it directly.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, TypeVar, cast

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa

from regiomonitor.areas import TWENTE_GEMEENTEN
from regiomonitor.content.catalogue import Dataset, IndicatorInfo, catalogue_frame, join_coverage, load_catalogue
from regiomonitor.content.reader import ContentError
from regiomonitor.paths import PATHS, ProjectPaths
from regiomonitor.schema import (
    GEO_FILES,
    PreparedDataError,
    read_geo,
    read_table,
    validate_geo,
    validate_table,
    verify_checksum,
)

T = TypeVar("T")


@dataclass(frozen=True)
class DataStore:
    """All prepared tables, validated. Treat the frames as read-only: they are shared across sessions."""

    indicators: pd.DataFrame
    areas: pd.DataFrame
    #: Every indicator's definition and coverage by id (pages ask for it hundreds of times per run: a dict hit).
    info: Mapping[str, IndicatorInfo]
    datasets: dict[str, Dataset]
    area_names: dict[str, str] = field(default_factory=dict)
    by_key: pd.DataFrame | None = None  # indicators indexed by (area_code, indicator, period, age_group)
    #: The same indicators as a table for the table views (``levels``/``periods``/``age_groups`` hold tuples).
    catalogue: pd.DataFrame = field(init=False, repr=False, compare=False)
    # Row positions per (indicator, area) (see ``rows``): a few MB for the whole table.
    _positions: dict[tuple[str, str], np.ndarray] = field(default_factory=dict, init=False, repr=False, compare=False)
    # Periods with a value per (indicator, level), oldest first (see ``periods_at``).
    _level_periods: dict[tuple[str, str], tuple[int, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    # The boundary division per (indicator, level, period) (see ``division``).
    _divisions: dict[tuple[str, str, int], int] = field(default_factory=dict, init=False, repr=False, compare=False)
    # Row positions per (indicator, period, age group) and per area (see ``slice`` and ``area_rows``).
    _slices: dict[tuple[str, int, str], np.ndarray] = field(default_factory=dict, init=False, repr=False, compare=False)
    _area_positions: dict[str, np.ndarray] = field(default_factory=dict, init=False, repr=False, compare=False)
    # Derived lookups computed once per store (see ``memo``).
    _memo: dict[Hashable, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "catalogue", catalogue_frame(self.info))
        columns = set(self.indicators.columns)
        positions = (
            self.indicators.groupby(["indicator", "area_code"], sort=False).indices
            if {"indicator", "area_code"} <= columns
            else {}
        )
        object.__setattr__(self, "_positions", positions)
        if {"indicator", "period", "age_group", "area_code"} <= columns:
            slices = self.indicators.groupby(["indicator", "period", "age_group"], sort=False, observed=True).indices
            object.__setattr__(self, "_slices", {(str(i), int(p), str(a)): v for (i, p, a), v in slices.items()})
            areas = self.indicators.groupby("area_code", sort=False, observed=True).indices
            object.__setattr__(self, "_area_positions", {str(c): v for c, v in areas.items()})
        level_periods: dict[tuple[str, str], tuple[int, ...]] = {}
        divisions: dict[tuple[str, str, int], int] = {}
        if {"indicator", "level", "period", "division"} <= columns:
            firsts = self.indicators.drop_duplicates(["indicator", "level", "period"])
            divisions = {
                (str(i), str(lv), int(p)): int(d)
                for i, lv, p, d in zip(
                    firsts["indicator"], firsts["level"], firsts["period"], firsts["division"], strict=True
                )
            }
        object.__setattr__(self, "_divisions", divisions)
        if {"indicator", "level", "period", "value"} <= columns:
            have = self.indicators.loc[self.indicators["value"].notna(), ["indicator", "level", "period"]]
            for (ind, lvl), grp in have.drop_duplicates().groupby(["indicator", "level"], sort=False):
                level_periods[(str(ind), str(lvl))] = tuple(sorted(int(p) for p in grp["period"]))
        object.__setattr__(self, "_level_periods", level_periods)

    def division(self, indicator: str, period: int, level: str) -> int:
        """The boundary division of an indicator's figures in one period at one level (the period when unknown)."""
        return self._divisions.get((indicator, level, int(period)), int(period))

    def periods_at(self, indicator: str, level: str) -> tuple[int, ...]:
        """Periods in which ``indicator`` has at least one value at ``level``, oldest first (built once)."""
        return self._level_periods.get((indicator, level), ())

    def indicator(self, ind_id: str) -> IndicatorInfo:
        """The definition and coverage of one indicator.

        Raises:
            KeyError: unknown indicator id.
        """
        try:
            return self.info[ind_id]
        except (KeyError, TypeError):
            raise KeyError(ind_id) from None

    def rows(self, codes: list[str] | tuple[str, ...], indicator: str, age_group: str | None = None) -> pd.DataFrame:
        """The indicator rows of some areas (all periods; one age group or all), with the table's columns.

        Looks in the indicator's own rows (positions built once) instead of scanning the whole table: the
        Trends and Overzicht pages ask for dozens of series per run. Unknown codes simply give no rows.
        """
        found = [p for c in dict.fromkeys(codes) if (p := self._positions.get((indicator, c))) is not None]
        if not found:
            return self.indicators.iloc[0:0]
        sub = self.indicators.iloc[np.concatenate(found)]
        return sub if age_group is None else sub[sub["age_group"] == age_group]

    def slice(self, indicator: str, period: int, age_group: str) -> pd.DataFrame:
        """Every area's row of one indicator in one period and age group (positions built once, no table scan)."""
        found = self._slices.get((indicator, int(period), age_group))
        return self.indicators.iloc[found] if found is not None else self.indicators.iloc[0:0]

    def area_rows(self, code: str) -> pd.DataFrame:
        """Every row of one area (all indicators, periods and age groups), without scanning the table."""
        found = self._area_positions.get(code)
        return self.indicators.iloc[found] if found is not None else self.indicators.iloc[0:0]

    def memo(self, key: Hashable, make: Callable[..., T], *args: Any) -> T:
        """``make(*args)``, computed once per store and key: for lookups derived from the (read-only) tables that many
        sessions ask for, such as the rankings behind every buurt profile. Two threads may both compute a missing
        entry; both results are equal and one is kept."""
        try:
            return cast(T, self._memo[key])
        except KeyError:
            return cast(T, self._memo.setdefault(key, make(*args)))

    def name(self, code: str) -> str:
        """Area name for a code (the code itself when unknown)."""
        return self.area_names.get(code, code)


#: Text columns of the long tables that repeat a few values (codes, levels, flags) and are held as categoricals.
#: Why: with pandas 3 a text column is an Arrow string array, and every row selection (``store.rows``, a boolean
#: filter) copies each such column with Arrow's ``take``, which was the largest single CPU cost of a page run in
#: a profile of the served app (bench/RESULTS.md, 2026-12-03). A categorical column is an int8/int16 code array
#: plus its distinct values: selections become a numpy take and the table a fraction of its size. Comparisons
#: with text, ``isin``, ``groupby`` (observed categories only, pandas 3's default), ``str`` methods and sorting
#: behave as on text columns; ``min``/``max`` of these columns are not used (unordered categories refuse them).
CATEGORY_COLUMNS: Final = ("area_code", "level", "indicator", "age_group", "flag", "dataset", "name")


def compact(table: pd.DataFrame, columns: tuple[str, ...] = CATEGORY_COLUMNS) -> pd.DataFrame:
    """The table with its repeated text columns (those of ``columns`` present) as categoricals, values unchanged.

    >>> t = compact(pd.DataFrame({"area_code": ["GM0153", "GM0153"], "value": [1.0, 2.0]}))
    >>> str(t["area_code"].dtype), t["area_code"].tolist()
    ('category', ['GM0153', 'GM0153'])
    """
    present = [c for c in columns if c in table.columns and not isinstance(table[c].dtype, pd.CategoricalDtype)]
    return table.astype(dict.fromkeys(present, "category")) if present else table


def _release_arrow_memory() -> None:
    """Return the parquet readers' scratch memory to the system.

    Arrow's allocator keeps freed blocks for reuse; after loading the tables once (per process) they are not
    reused, and releasing them lowered the server's resident memory by about 55 MB in a measurement."""
    pa.default_memory_pool().release_unused()


def load_store(paths: ProjectPaths = PATHS) -> DataStore:
    """Read and validate the prepared tables, and join the authored catalogue with the prepared coverage.

    Raises:
        PreparedDataError: a file is missing, corrupt or off-schema, or the catalogue in ``data/content`` is
            invalid or does not match the prepared coverage (with a Dutch ``user_message``).
    """
    areas_path = paths.data_dir / "areas.parquet"
    areas = validate_table("areas", read_table(areas_path), areas_path)
    codes = set(areas["code"])
    ind_path = paths.data_dir / "indicators.parquet"
    indicators = compact(validate_table("indicators", read_table(ind_path), ind_path, codes))
    cov_path = paths.data_dir / "coverage.parquet"
    coverage = validate_table("coverage", read_table(cov_path), cov_path)
    for path in (areas_path, ind_path, cov_path):  # after validation, which names structural damage precisely
        verify_checksum(path, paths.root)
    try:
        catalogue = load_catalogue(paths.content_dir)
        info = join_coverage(catalogue, coverage)
    except ContentError as exc:
        raise PreparedDataError(
            str(exc), f"De indicator- of bronnenlijst in `data/content/` is ongeldig: {exc}"
        ) from exc
    store = DataStore(
        indicators=indicators,
        areas=areas,
        info=info,
        datasets=catalogue.datasets,
        # The Twente gemeenten by their everyday names ("Hengelo", not CBS's "Hengelo (O.)").
        area_names=dict(zip(areas["code"], areas["name"], strict=True)) | dict(TWENTE_GEMEENTEN),
        # Built once so single-value lookups are index hits instead of scans of the whole table.
        by_key=indicators.set_index(["area_code", "indicator", "period", "age_group"]).sort_index(),
    )
    _release_arrow_memory()
    return store


def load_geo(level: str, paths: ProjectPaths = PATHS, known_codes: frozenset[str] | None = None) -> gpd.GeoDataFrame:
    """One prepared geometry layer (buurten, wijken, gemeenten, nederland), validated.

    Raises:
        PreparedDataError: missing, corrupt or off-schema layer.
        ValueError: unknown level name.
    """
    if level not in GEO_FILES:
        raise ValueError(f"unknown geometry layer {level!r}")
    path: Path = paths.geo_dir / f"{level}.parquet"
    layer = validate_geo(level, read_geo(path), path, set(known_codes) if known_codes is not None else None)
    verify_checksum(path, paths.root)
    return layer


def load_nl_buurten(paths: ProjectPaths = PATHS) -> pd.DataFrame:
    """The national buurt subset (buurten outside Twente, a few indicators), validated.

    Kept out of ``DataStore`` so pages that do not compare nationally do not hold it in memory.

    Raises:
        PreparedDataError: missing, corrupt or off-schema file.
    """
    path = paths.data_dir / "nl_buurten.parquet"
    table = compact(validate_table("nl_buurten", read_table(path), path))
    verify_checksum(path, paths.root)
    _release_arrow_memory()
    return table
