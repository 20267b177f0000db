"""Real prepared data for the unit tests, loaded once per run (read-only: tests must not change it)."""

from __future__ import annotations

import pandas as pd
import pytest

from regiomonitor.data import DataStore, load_nl_buurten, load_store


@pytest.fixture(scope="session")
def store() -> DataStore:
    """The committed prepared data, validated."""
    return load_store()


@pytest.fixture(scope="session")
def nl() -> pd.DataFrame:
    """The national buurt table (buurten outside Twente)."""
    return load_nl_buurten()
