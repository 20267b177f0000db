"""Loader validation: each corruption of a prepared file gives its own clear message (English and Dutch)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from regiomonitor.data import load_geo, load_nl_buurten, load_store
from regiomonitor.paths import ProjectPaths
from regiomonitor.schema import PreparedDataError


def test_committed_data_loads() -> None:
    store = load_store()
    assert len(store.indicators) > 100_000
    assert store.name("BU01530603") == "Wesselerbrink Noord-Oost"
    assert set(store.catalogue["id"]) >= {"moeite_rondkomen", "inwoners", "huishoudens_laag_inkomen"}
    assert len(load_nl_buurten()) > 500_000
    for level in ("buurten", "wijken", "gemeenten", "nederland"):
        gdf = load_geo(level)
        assert gdf.crs.to_epsg() == 4326


def test_repeated_text_columns_are_held_as_categories_with_the_same_values() -> None:
    """Memory and row selection speed (regiomonitor.data.compact); the values read are those of the file."""
    from regiomonitor.data import CATEGORY_COLUMNS
    from regiomonitor.paths import PATHS

    store = load_store()
    raw = pd.read_parquet(PATHS.data_dir / "indicators.parquet")
    for col in CATEGORY_COLUMNS:
        if col in raw.columns:
            assert isinstance(store.indicators[col].dtype, pd.CategoricalDtype), col
            assert store.indicators[col].astype(str).tolist() == raw[col].astype(str).tolist(), col
    assert store.indicators.memory_usage(deep=True).sum() < 0.5 * raw.memory_usage(deep=True).sum()
    # What the pages do with these columns behaves as on text.
    ind = store.indicators
    sel = ind[(ind["area_code"] == "BU01530603") & ind["indicator"].isin(["eenzaam", "roker"])]
    raw_sel = raw[(raw["area_code"] == "BU01530603") & raw["indicator"].isin(["eenzaam", "roker"])]
    assert len(sel) == len(raw_sel) > 0
    assert set(sel.groupby("indicator").size().index) == {"eenzaam", "roker"}  # observed categories only
    assert ind["area_code"].str[2:6].eq("0153").sum() == raw["area_code"].str[2:6].eq("0153").sum()
    nl = load_nl_buurten()
    assert isinstance(nl["area_code"].dtype, pd.CategoricalDtype) and isinstance(nl["name"].dtype, pd.CategoricalDtype)


def _corrupt(root: Path, name: str, fn) -> None:
    path = root / "data" / f"{name}.parquet"
    fn(pd.read_parquet(path)).to_parquet(path, index=False)


CASES = [
    ("missing file", lambda r: (r / "data" / "indicators.parquet").unlink(), "file is missing", "ontbreekt"),
    (
        "corrupt bytes",
        lambda r: (r / "data" / "areas.parquet").write_bytes(b"PAR1 this is not parquet"),
        "not readable parquet",
        "beschadigd",
    ),
    (
        "missing column",
        lambda r: _corrupt(r, "indicators", lambda d: d.drop(columns=["flag"])),
        "missing column(s) flag",
        "mist de kolom",
    ),
    (
        "wrong type",
        lambda r: _corrupt(r, "indicators", lambda d: d.assign(value=d["value"].astype(str))),
        "column value has type",
        "verkeerde gegevenstype",
    ),
    (
        "duplicate key",
        lambda r: _corrupt(r, "areas", lambda d: pd.concat([d, d.iloc[[5]]])),
        "duplicate key",
        "dubbele sleutels",
    ),
    (
        "unknown area code",
        lambda r: _corrupt(
            r, "indicators", lambda d: d.assign(area_code=d["area_code"].where(d.index > 0, "BU99999999"))
        ),
        "area code BU99999999 is not in areas.parquet",
        "niet in de gebiedentabel",
    ),
    (
        "unknown flag",
        lambda r: _corrupt(r, "indicators", lambda d: d.assign(flag=d["flag"].where(d.index > 0, "zero"))),
        "unknown flag 'zero'",
        "onbekende markering",
    ),
    ("empty table", lambda r: _corrupt(r, "coverage", lambda d: d.iloc[0:0]), "table is empty", "is leeg"),
]


@pytest.mark.parametrize(("label", "corrupt", "english", "dutch"), CASES, ids=[c[0] for c in CASES])
def test_each_corruption_has_its_message(data_copy: Path, label: str, corrupt, english: str, dutch: str) -> None:
    corrupt(data_copy)
    with pytest.raises(PreparedDataError) as info:
        load_store(ProjectPaths(data_copy))
    assert english in str(info.value)
    assert dutch in info.value.user_message
    assert "python -m regiomonitor.prepare" in info.value.user_message


def test_geo_wrong_crs(data_copy: Path) -> None:
    path = data_copy / "geo" / "buurten.parquet"
    gpd.read_parquet(path).to_crs(28992).to_parquet(path)
    with pytest.raises(PreparedDataError, match="expected EPSG:4326") as info:
        load_geo("buurten", ProjectPaths(data_copy))
    assert "WGS84" in info.value.user_message


def test_geo_unknown_code(data_copy: Path) -> None:
    path = data_copy / "geo" / "wijken.parquet"
    gdf = gpd.read_parquet(path)
    gdf.loc[0, "code"] = "WK999999"
    gdf.to_parquet(path)
    with pytest.raises(PreparedDataError, match="WK999999"):
        load_geo(
            "wijken", ProjectPaths(data_copy), known_codes=frozenset(load_store(ProjectPaths(data_copy)).areas["code"])
        )


def test_a_changed_file_fails_its_manifest_checksum(data_copy: Path) -> None:
    """A file that still reads and validates, but is not what prepare made (one value edited), is refused."""
    import pandas as pd

    from regiomonitor.schema import PreparedDataError

    path = data_copy / "data" / "indicators.parquet"
    table = pd.read_parquet(path)
    table.loc[table.index[0], "value"] = 99.9
    table.to_parquet(path, index=False)
    with pytest.raises(PreparedDataError) as info:
        load_store(ProjectPaths(data_copy))
    assert "indicators.parquet: sha256 differs from data/manifest.json" in str(info.value)
    assert "`git checkout -- data/indicators.parquet`" in info.value.user_message
    assert "python -m regiomonitor.prepare" in info.value.user_message


def test_a_missing_manifest_is_named(data_copy: Path) -> None:
    from regiomonitor.schema import PreparedDataError

    (data_copy / "data" / "manifest.json").unlink()
    with pytest.raises(PreparedDataError, match="manifest"):
        load_geo("gemeenten", ProjectPaths(data_copy))


def _edit_indicators(root: Path, old: str, new: str) -> None:
    path = root / "data" / "content" / "indicators.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_label_edited_in_yaml_shows_on_the_next_load(data_copy: Path) -> None:
    """The definitions are read from indicators.yaml at load: no prepare run between an edit and the app."""
    _edit_indicators(data_copy, "label: Rookt,", "label: Rookt dagelijks of af en toe,")
    store = load_store(ProjectPaths(data_copy))
    assert store.indicator("roker").label == "Rookt dagelijks of af en toe"
    assert store.indicator("roker").periods == (2012, 2016, 2020)  # coverage still from prepare
    assert store.catalogue.set_index("id").loc["roker", "label"] == "Rookt dagelijks of af en toe"


def test_an_indicator_without_prepared_coverage_is_named(data_copy: Path) -> None:
    _edit_indicators(data_copy, "id: roker,", "id: roker_nieuw,")
    with pytest.raises(PreparedDataError) as info:
        load_store(ProjectPaths(data_copy))
    assert "indicators.yaml names roker_nieuw, which the prepared coverage lacks" in str(info.value)
    assert "the prepared coverage has roker, which indicators.yaml does not define" not in str(info.value)
    assert "data/content/" in info.value.user_message


def test_coverage_of_an_undefined_indicator_is_named(data_copy: Path) -> None:
    path = data_copy / "data" / "content" / "indicators.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if "{id: roker," in line)
    path.write_text("".join(lines[:start] + lines[start + 2 :]), encoding="utf-8")  # the record spans 2 lines
    with pytest.raises(PreparedDataError, match="the prepared coverage has roker, which indicators.yaml does not"):
        load_store(ProjectPaths(data_copy))


def test_an_invalid_definition_is_named(data_copy: Path) -> None:
    _edit_indicators(
        data_copy,
        'id: roker, label: Rookt, unit: "%", direction: lager_beter',
        'id: roker, label: Rookt, unit: "%", direction: omlaag',
    )
    with pytest.raises(PreparedDataError) as info:
        load_store(ProjectPaths(data_copy))
    assert "indicators.yaml > indicatoren[5] 'roker': field 'direction' has unknown value 'omlaag'" in str(info.value)
