"""The whole prepare pipeline on the real raw data: reproducible, safe on failure, small output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from regiomonitor.paths import PATHS
from regiomonitor.prepare.__main__ import main as prepare_main
from regiomonitor.prepare.build import run
from regiomonitor.prepare.readers.common import PrepareError

pytestmark = pytest.mark.slow

OUTPUTS = [
    "data/indicators.parquet",
    "data/areas.parquet",
    "data/coverage.parquet",
    "data/nl_buurten.parquet",
    "data/manifest.json",
    "geo/buurten.parquet",
    "geo/wijken.parquet",
    "geo/buurten_2021.parquet",
    "geo/wijken_2021.parquet",
    "geo/gemeenten.parquet",
    "geo/nederland.parquet",
]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory, raw_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("prepared")
    run(raw_dir, out / "data", out / "geo", PATHS.content_dir)
    return out


def test_reproduces_committed_files_byte_for_byte(fresh: Path) -> None:
    for rel in OUTPUTS:
        assert (fresh / rel).read_bytes() == (PATHS.root / rel).read_bytes(), f"{rel} differs from the committed file"


def test_output_budget(fresh: Path) -> None:
    total = sum((fresh / rel).stat().st_size for rel in OUTPUTS)
    assert total < 50 * 1024 * 1024


def test_known_figures(fresh: Path) -> None:
    obs = pd.read_parquet(fresh / "data/indicators.parquet").set_index(
        ["area_code", "indicator", "period", "age_group"]
    )
    # figures quoted in ../shared/data/raw/SOURCES.md
    assert obs.loc[("BU01411402", "moeite_rondkomen", 2020, "18+"), "value"] == 34.0
    assert obs.loc[("NL00", "moeite_rondkomen", 2020, "18+"), "value"] == 13.9
    assert obs.loc[("BU01530603", "eenzaam", 2020, "18+"), "value"] == 62.9
    assert obs.loc[("GM0141", "inwoners", 2024, "totaal"), "value"] == 74317
    assert obs.loc[("BU01530603", "inwoners", 2024, "totaal"), "value"] == 3820
    assert obs.loc[("GM0153", "huishoudens_laag_inkomen", 2020, "totaal"), "value"] == 10.7
    assert obs.loc[("GM0141", "bijstand_per_1000", 2024, "totaal"), "value"] == pytest.approx(2510 / 74317 * 1000)
    # Wijk- en buurtkaart 2021 (files 9 and 10)
    assert obs.loc[("BU01411402", "huishoudens", 2021, "totaal"), "value"] == 590
    assert obs.loc[("BU01530406", "gem_huishoudensgrootte", 2021, "totaal"), "value"] == 1.1
    assert obs.loc[("BU01630101", "huishoudens", 2021, "totaal"), "value"] == 205
    assert obs.loc[("GM0183", "huishoudens", 2021, "totaal"), "value"] == 8226
    assert obs.loc[("GM1742", "inwoners", 2021, "totaal"), "value"] == 38204
    assert obs.loc[("BU01411402", "bevolkingsdichtheid", 2021, "totaal"), "value"] == 3764


def test_geometry_per_division(fresh: Path) -> None:
    import geopandas as gpd

    b21 = gpd.read_parquet(fresh / "geo/buurten_2021.parquet")
    b24 = gpd.read_parquet(fresh / "geo/buurten.parquet")
    assert len(b21) == 517 and b21["gemeente"].nunique() == 14
    assert len(b24) == 490 and "GM1742" not in set(b24["gemeente"])  # Rijssen-Holten: no 2024 polygons
    assert "BU01890001" in set(b21["code"]) and "BU01890001" in set(b24["code"])  # Wierden-Noord
    areas = pd.read_parquet(fresh / "data/areas.parquet").set_index("code")
    assert areas.loc["BU01890001", ["in_2020", "in_2021", "in_2024", "has_geometry"]].all()
    assert areas.loc["BU17000000", "in_2020"] and not areas.loc["BU17000000", "in_2021"]  # Twenterand re-divided


def test_almelo_boundary_change_recorded(fresh: Path) -> None:
    areas = pd.read_parquet(fresh / "data/areas.parquet").set_index("code")
    for code in ("BU01411106", "BU01411503", "BU01412002", "BU01412009"):
        assert areas.loc[code, "in_2020"] and not areas.loc[code, "in_2024"]
    assert areas.loc["BU01411203", "in_2024"] and not areas.loc["BU01411203", "in_2020"]
    assert (areas.loc[areas["level"] == "buurt", "twente"]).all()


def test_failed_run_leaves_previous_files_intact(fresh: Path, raw_dir: Path, tmp_path: Path) -> None:
    broken_raw = tmp_path / "raw"
    shutil.copytree(raw_dir, broken_raw)
    target = broken_raw / "cbs_kwb_buurt" / "Kerncijfers_wijken_en_buurten_2024_11122025_141648.csv"
    target.chmod(0o644)
    target.write_text(target.read_text(encoding="utf-8-sig")[:5000], encoding="utf-8")  # truncated
    out = tmp_path / "out"
    shutil.copytree(fresh / "data", out / "data")
    shutil.copytree(fresh / "geo", out / "geo")
    before = {rel: (out / rel).read_bytes() for rel in OUTPUTS}
    with pytest.raises(PrepareError, match="is not a readable StatLine CSV"):
        run(broken_raw, out / "data", out / "geo", PATHS.content_dir)
    assert {rel: (out / rel).read_bytes() for rel in OUTPUTS} == before
    assert not list((out / "data").glob(".prepare-*"))


def test_cli_reports_one_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = prepare_main(["--raw", str(tmp_path / "nowhere"), "--out", str(tmp_path)])
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert err.startswith("prepare failed: Raw data folder") and err.count("\n") == 0


def test_national_buurt_subset(fresh: Path) -> None:
    nl = pd.read_parquet(fresh / "data/nl_buurten.parquet")
    assert nl["area_code"].str.startswith("BU").all()
    assert not nl["area_code"].str[2:6].isin(["0141", "0153", "0164"]).any()  # Twente lives in indicators
    assert nl["area_code"].nunique() > 13_000
    ams = nl[(nl["area_code"] == "BU0363AA01") & (nl["indicator"] == "inwoners")]
    assert len(ams) == 1
