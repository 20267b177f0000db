"""The register of prepare readers: what each source declares agrees with data/content/sources.yaml, the order is
fixed, and registering is strict."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest
import yaml

from regiomonitor.paths import PATHS
from regiomonitor.prepare import registry
from regiomonitor.prepare.registry import Reading

#: Datasets with no reader of their own: the StatLine downloads (``prepare/odata.py``, read when a refresh was
#: run) and the index that prepare derives from the health monitor.
NOT_READ_BY_A_SOURCE = {"cbs_kwb_statline", "regiomonitor_kwetsbaarheidsindex"}


def _datasets() -> dict[str, list[str]]:
    doc = yaml.safe_load((PATHS.content_dir / "sources.yaml").read_text(encoding="utf-8"))
    return {d["id"]: list(d.get("raw") or []) for d in doc["datasets"]}


def test_sources_agree_with_sources_yaml() -> None:
    datasets = _datasets()
    read: set[str] = set()
    for source in registry.sources():
        assert source.datasets, f"{source.name} names no dataset"
        for ds in source.datasets:
            assert ds in datasets, f"{source.name}: dataset {ds} is not in sources.yaml"
        listed = {r for ds in source.datasets for r in datasets[ds]}
        assert set(source.raw) == listed, f"{source.name}: raw files differ from sources.yaml"
        read.update(source.datasets)
    assert read == set(datasets) - NOT_READ_BY_A_SOURCE


def test_registration_order_is_the_concatenation_order() -> None:
    # build.collect() concatenates the long rows in this order; the committed prepared files depend on it.
    assert [s.name for s in registry.sources()] == [
        "rivm",
        "kwb2024_population",
        "kwb2024_origin",
        "kwb2024_gemeente_wijk",
        "kwb2024_gemeente",
        "kwb2020",
        "buurten_2024",
        "tubbergen_2024",
        "gemeenten_2026",
        "kwb2021_buurt",
        "kwb2021_gemeente",
    ]


def test_needs_come_first() -> None:
    seen: set[str] = set()
    for source in registry.sources():
        assert set(source.needs) <= seen
        seen.add(source.name)


def _reader(raw_dir: Path, before: Mapping[str, Reading]) -> Reading:
    return Reading()


def test_register_refuses_a_second_name_and_an_unknown_need(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "_SOURCES", {})
    registry.register("a", raw=(), datasets=("x",))(_reader)
    with pytest.raises(ValueError, match="registered twice"):
        registry.register("a", raw=(), datasets=("x",))(_reader)
    with pytest.raises(ValueError, match="must be registered before it"):
        registry.register("b", raw=(), datasets=("x",), needs=("c",))(_reader)


def test_read_all_passes_the_readings_a_source_needs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(registry, "_SOURCES", {})
    monkeypatch.setattr(registry, "sources", lambda: tuple(registry._SOURCES.values()))
    first = Reading(aligned=None)
    got: dict[str, Mapping[str, Reading]] = {}

    def a(raw_dir: Path, before: Mapping[str, Reading]) -> Reading:
        got["a"] = before
        return first

    def b(raw_dir: Path, before: Mapping[str, Reading]) -> Reading:
        got["b"] = before
        return Reading()

    registry.register("a", raw=(), datasets=("x",))(a)
    registry.register("b", raw=(), datasets=("x",), needs=("a",))(b)
    readings = registry.read_all(tmp_path)
    assert list(readings) == ["a", "b"]
    assert got["a"] == {} and got["b"] == {"a": first}
