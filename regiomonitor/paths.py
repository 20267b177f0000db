"""Project paths, anchored at this file so the app works from any working directory.

One settings object derives every path; ``REGIOMONITOR_RAW_DIR`` may point prepare at another raw folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT: Path = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class ProjectPaths:
    """Where the prepared data, geometries and authored content live."""

    root: Path = PROJECT_ROOT

    @property
    def data_dir(self) -> Path:
        """Prepared tables (parquet) and the manifest."""
        return self.root / "data"

    @property
    def geo_dir(self) -> Path:
        """Prepared geometries (GeoParquet, WGS84)."""
        return self.root / "geo"

    @property
    def content_dir(self) -> Path:
        """Authored content in our own words (YAML): catalogue, sources, opgaven, programmes."""
        return self.root / "data" / "content"

    @property
    def var_dir(self) -> Path:
        """Run-time state that is not tracked (status log database)."""
        return self.root / "var"


def default_raw_dir(root: Path = PROJECT_ROOT) -> Path:
    """The raw data folder: ``$REGIOMONITOR_RAW_DIR`` or ``../shared/data/raw`` beside the project."""
    env = os.environ.get("REGIOMONITOR_RAW_DIR")
    if env:
        return Path(env)
    return (root.parent / "shared" / "data" / "raw").resolve()


def current_paths() -> ProjectPaths:
    """Paths for this process: ``$REGIOMONITOR_HOME`` (a folder holding data/ and geo/) or the project.

    Read at call time so tests can point the app at a copy of the data.
    """
    env = os.environ.get("REGIOMONITOR_HOME")
    return ProjectPaths(Path(env)) if env else ProjectPaths()


PATHS = ProjectPaths()
