"""Shared fixtures: project paths, the real raw folder, and a private copy of the prepared data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from regiomonitor.paths import PROJECT_ROOT, default_raw_dir


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    raw = default_raw_dir()
    if not raw.is_dir():
        pytest.skip(f"raw data folder {raw} not present")
    return raw


@pytest.fixture()
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of data/ and geo/ in tmp_path, with REGIOMONITOR_HOME pointing at it (tests may corrupt it)."""
    for sub in ("data", "geo"):
        shutil.copytree(PROJECT_ROOT / sub, tmp_path / sub)
    monkeypatch.setenv("REGIOMONITOR_HOME", str(tmp_path))
    return tmp_path
