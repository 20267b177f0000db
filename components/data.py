"""Data access for the pages: the validated store, cached once per process at the loader boundary."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from regiomonitor.content.opgaven_catalogue import OpgavenCatalogue, load_opgaven
from regiomonitor.content.programme import Programme, load_programmes
from regiomonitor.content.reader import ContentError
from regiomonitor.data import DataStore, load_geo, load_nl_buurten, load_store
from regiomonitor.overview import focus_headline
from regiomonitor.paths import ProjectPaths, current_paths
from regiomonitor.profile import buurt_profile
from regiomonitor.schema import PreparedDataError
from regiomonitor.targets import TargetRule, verdict_table


@st.cache_resource(show_spinner="Gegevens laden…", max_entries=2)
def _store(root: str) -> DataStore:
    # cache_resource, not cache_data: the store is read-only and shared by all sessions, so it is held
    # once in memory instead of being copied for every caller (bounded memory with many users).
    # The working deprivation index and its domain scores are prepared rows like any other indicator.
    return load_store(ProjectPaths(Path(root)))


@st.cache_resource(show_spinner=False, max_entries=8)
def _geo(root: str, level: str) -> gpd.GeoDataFrame:
    return load_geo(level, ProjectPaths(Path(root)))


def _explain_and_stop(exc: PreparedDataError) -> None:
    st.error(f"**De gegevens konden niet worden geladen.** {exc.user_message}", icon=":material/error:")
    st.stop()


def get_store() -> DataStore:
    """The prepared data; on a missing or corrupt file, a Dutch message and the page stops (no traceback)."""
    try:
        return _store(str(current_paths().root))
    except PreparedDataError as exc:
        _explain_and_stop(exc)
        raise  # unreachable: st.stop() ends the script run


def get_geo(level: str) -> gpd.GeoDataFrame:
    """One geometry layer (buurten, wijken, gemeenten, nederland), same error handling as ``get_store``."""
    try:
        return _geo(str(current_paths().root), level)
    except PreparedDataError as exc:
        _explain_and_stop(exc)
        raise


@st.cache_resource(show_spinner=False, max_entries=2)
def _programmes(root: str) -> dict[str, Programme]:
    store = _store(root)
    return load_programmes(ProjectPaths(Path(root)).content_dir / "programmes", set(store.info))


def get_programmes() -> dict[str, Programme]:
    """The validated programmes (content checked against the indicator catalogue)."""
    try:
        return _programmes(str(current_paths().root))
    except PreparedDataError as exc:
        _explain_and_stop(exc)
        raise
    except ContentError as exc:
        st.error(f"**De programma-inhoud is ongeldig.** {exc}", icon=":material/error:")
        st.stop()
        raise


@st.cache_resource(show_spinner="Landelijke buurtcijfers laden…", max_entries=2)
def _nl_buurten(root: str):
    return load_nl_buurten(ProjectPaths(Path(root)))


def get_nl_buurten():
    """Indicators for every buurt of NL outside Twente (for national normalisation and look-alikes)."""
    try:
        return _nl_buurten(str(current_paths().root))
    except PreparedDataError as exc:
        _explain_and_stop(exc)
        raise


@st.cache_resource(show_spinner=False, max_entries=2)
def _opgaven(root: str) -> OpgavenCatalogue:
    store = _store(root)
    return load_opgaven(ProjectPaths(Path(root)).content_dir / "opgaven.yaml", set(store.info))


def get_opgaven() -> OpgavenCatalogue:
    """The 21 NPVR opgaven, validated against the indicator catalogue; invalid content → message, page stops."""
    try:
        return _opgaven(str(current_paths().root))
    except PreparedDataError as exc:
        _explain_and_stop(exc)
        raise
    except ContentError as exc:
        st.error(f"**De inhoud van de opgaven is ongeldig.** {exc}", icon=":material/error:")
        st.stop()
        raise


# Tables that every visitor of Overzicht and Trends sees with the same inputs: computed once per process (they
# weigh dozens of buurt series each; 0.1-0.2 s of CPU per run that 25 simultaneous sessions would queue for).
# Arguments are plain tuples so Streamlit can hash them; the store is looked up by root, never hashed.


@st.cache_data(show_spinner=False, max_entries=64)
def _focus_headline(root: str, areas: tuple[tuple[str, tuple[str, ...]], ...], period: int) -> pd.DataFrame:
    return focus_headline(_store(root), dict(areas), period)


def cached_focus_headline(areas: dict[str, tuple[str, ...]], period: int) -> pd.DataFrame:
    """``regiomonitor.overview.focus_headline`` on the app's store, cached across sessions."""
    return _focus_headline(str(current_paths().root), tuple((k, tuple(v)) for k, v in areas.items()), period)


@st.cache_data(show_spinner=False, max_entries=64)
def _verdict_table(
    root: str,
    outcome: tuple[tuple[str, str | None], ...],
    areas: tuple[tuple[str, tuple[str, ...]], ...],
    rule: TargetRule,
) -> pd.DataFrame:
    return verdict_table(_store(root), list(outcome), dict(areas), rule)


def cached_verdict_table(
    outcome: list[tuple[str, str | None]], areas: dict[str, tuple[str, ...]], rule: TargetRule
) -> pd.DataFrame:
    """``regiomonitor.targets.verdict_table`` on the app's store, cached across sessions (bounded)."""
    return _verdict_table(
        str(current_paths().root), tuple(outcome), tuple((k, tuple(v)) for k, v in areas.items()), rule
    )


@st.cache_data(show_spinner=False, max_entries=256)
def _buurt_profile(root: str, code: str) -> pd.DataFrame:
    return buurt_profile(_store(root), code)


def cached_buurt_profile(code: str) -> pd.DataFrame:
    """``regiomonitor.profile.buurt_profile`` of one buurt, cached across sessions (one entry per buurt)."""
    return _buurt_profile(str(current_paths().root), code)
