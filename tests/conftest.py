"""Shared fixtures: project paths, the real raw folder, and a private copy of the prepared data."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from regiomonitor.paths import PROJECT_ROOT, default_raw_dir

# Pages normally turn an unexpected error into a Dutch notice (components/guard.py); tests want to see it raised,
# so AppTest's `at.exception` keeps catching every bug. tests/unit/test_guard.py checks the notice itself.
os.environ.setdefault("REGIOMONITOR_RAISE_ERRORS", "1")


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


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """URL of a throwaway local PostgreSQL server (tests/pg.py), started once per test run.

    Skips when no server binaries are installed, unless REGIOMONITOR_REQUIRE_POSTGRES=1 (as in `make test`).
    """
    from tests.pg import pg_bin, postgres_server

    if pg_bin() is None:
        if os.environ.get("REGIOMONITOR_REQUIRE_POSTGRES") == "1":
            pytest.fail(
                "PostgreSQL server binaries not found under /usr/lib/postgresql; install Debian's "
                "postgresql package (`make system-deps` does)."
            )
        pytest.skip("no PostgreSQL server installed (/usr/lib/postgresql/*/bin/initdb)")
    with postgres_server() as url:
        yield url
