"""A hostile raw-file corpus for prepare: each bad file gives one clear sentence, and a failed run never touches
the previously prepared data.

Complements ``test_prepare_readers.py`` (hand-made frames: padding, duplicates, wrong CRS, truncated workbook)
and ``test_prepare_pipeline.py`` (a truncated CSV in a full run). Cases here: an empty file and a PNG named as
each raw type, a self-intersecting (bow-tie) buurt polygon, a buurt in the geometry that no area table knows,
a 60 MB population CSV, and text in the numeric columns of a real RIVM workbook.

Full runs (marked slow) copy the real raw folder (read-only files: the copy is made writable), corrupt one
file and call ``build.run`` into a temporary project that already holds a copy of the committed data/ and geo/.
Four full runs (~12-25 s each); the cases that fail in the first reader cost well under a second.
"""

from __future__ import annotations

import json
import re
import shutil
import stat
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from regiomonitor.paths import PATHS, PROJECT_ROOT
from regiomonitor.prepare import geometry as geo
from regiomonitor.prepare.build import run
from regiomonitor.prepare.readers import boundaries, common, kwb2020, kwb2024, rivm
from regiomonitor.prepare.readers.common import PrepareError

#: Only the full runs are slow; the reader-level cases and the fail-fast run stay in ``make test-fast``.
slow = pytest.mark.slow

#: The smallest valid PNG header plus a few bytes: what a user gets by saving a chart under the wrong name.
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" * 4
)
RIVM_2020 = "rivm_gezondheid_wijk_buurt/RIVM_gezondheid2020_18+.xlsx"

# ------------------------------------------------------------------------------------------------ helpers


def writable_raw_copy(raw_dir: Path, dest: Path) -> Path:
    """A private copy of the raw folder; the originals are read-only, so the copy is made writable."""
    shutil.copytree(raw_dir, dest)
    for p in [dest, *dest.rglob("*")]:
        p.chmod(p.stat().st_mode | stat.S_IWUSR)
    return dest


def previous_project(dest: Path) -> Path:
    """A project folder holding the committed prepared data (the 'previous run')."""
    for sub in ("data", "geo"):
        shutil.copytree(PROJECT_ROOT / sub, dest / sub)
    return dest


def snapshot(project: Path) -> dict[str, bytes]:
    """Every file under data/ and geo/ (including content and stray temp folders), by relative path."""
    return {
        str(p.relative_to(project)): p.read_bytes()
        for sub in ("data", "geo")
        for p in sorted((project / sub).rglob("*"))
        if p.is_file()
    }


def fails_and_keeps_previous(raw: Path, project: Path, message: str) -> tuple[PrepareError, float]:
    """Run prepare, expect a PrepareError matching ``message``, and check nothing in the project changed."""
    before = snapshot(project)
    start = time.perf_counter()
    with pytest.raises(PrepareError, match=message) as info:
        run(raw, project / "data", project / "geo", PATHS.content_dir)
    elapsed = time.perf_counter() - start
    assert snapshot(project) == before, "a failed run changed the previously prepared data"
    assert not list((project / "data").glob(".prepare-*")), "a failed run left its temp folder behind"
    text = str(info.value)
    assert "\n" not in text and text.endswith("."), f"not one sentence: {text!r}"
    return info.value, elapsed


@pytest.fixture()
def hostile(raw_dir: Path, tmp_path: Path) -> tuple[Path, Path]:
    """(writable raw copy, project with previous prepared data)."""
    return writable_raw_copy(raw_dir, tmp_path / "raw"), previous_project(tmp_path / "project")


def _bow_tie(bounds: tuple[float, float, float, float]) -> dict:
    minx, miny, maxx, maxy = bounds
    ring = [[minx, miny], [maxx, maxy], [maxx, miny], [minx, maxy], [minx, miny]]  # edges cross in the middle
    return {"type": "Polygon", "coordinates": [ring]}


# ------------------------------------------------------------------- unit level: each reader, no full run

#: reader call, raw file it reads, message for a PNG under that name.
READERS: list[tuple[str, Callable[[Path], object], str, str]] = [
    (
        "rivm_xlsx",
        lambda raw: rivm.read_rivm_file(raw / RIVM_2020, 2020, "20300", "18+"),
        RIVM_2020,
        "is not a readable Excel workbook",
    ),
    (
        "kwb_csv",
        lambda raw: kwb2024.read_kwb2024_population(raw),
        kwb2024.KWB_POP_FILE,
        "is not a readable StatLine CSV",
    ),
    ("kwb_json", lambda raw: kwb2024.read_kwb2024_gemeente_wijk(raw), kwb2024.KWB_GMWK_FILE, "is not valid JSON"),
    (
        "kwb2020_rds",
        lambda raw: kwb2020.read_kwb2020_gemeente(raw),
        kwb2020.KWB2020_FILE,
        "is not a readable R data file",
    ),
    (
        "buurt_geojson",
        lambda raw: boundaries.read_buurt_geometry(raw),
        boundaries.BUURT_GEO_FILE,
        "is not readable GeoJSON",
    ),
]


def _place(raw: Path, rel: str, content: bytes) -> Path:
    path = raw / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(("reader", "rel"), [(r[1], r[2]) for r in READERS], ids=[r[0] for r in READERS])
def test_empty_file_named_in_one_sentence(tmp_path: Path, reader, rel: str) -> None:
    _place(tmp_path, rel, b"")
    with pytest.raises(PrepareError, match=rf"^Raw file .*{re.escape(Path(rel).name)} is empty\.$"):
        reader(tmp_path)


@pytest.mark.parametrize(("reader", "rel", "message"), [r[1:] for r in READERS], ids=[r[0] for r in READERS])
def test_png_under_a_raw_file_name(tmp_path: Path, reader, rel: str, message: str) -> None:
    _place(tmp_path, rel, PNG_BYTES)
    with pytest.raises(PrepareError, match=re.escape(message)) as info:
        reader(tmp_path)
    assert Path(rel).name in str(info.value)


def test_rivm_text_in_numeric_columns_is_invalid_never_zero(tmp_path: Path) -> None:
    """Hostile text in a (small) RIVM workbook: every non-number is NaN + 'invalid', numbers still read."""
    hostile_cells = ["onbekend", "12,3abc", "0x10", "12%", "1.234,5", "−5", "nul", "<b>0</b>", "1 2", "NaN", "N/A"]
    na_tokens = {"NaN", "N/A"}  # pandas' default NA words: read_excel turns them into empty cells (see report)
    rows = []
    for i, text in enumerate(hostile_cells):
        code = f"BU0153{i:04d}"
        rec = {
            "ID": str(i),
            "Leeftijd": "20300",
            "Marges": "MW00000",
            "WijkenEnBuurten": code,
            "Perioden": "2020JJ00",
            "Gemeentenaam_1": "Enschede",
            "SoortRegio_2": "Buurt",
            "Codering_3": code,
        }
        rec |= {col: text for col in rivm.RIVM_COLUMNS}
        rec["Eenzaam_28"] = "  41,5 "  # one real number in the same row
        rows.append(rec)
    path = tmp_path / "r.xlsx"
    pd.DataFrame(rows).to_excel(path, index=False, engine="openpyxl")
    obs, _ = rivm.read_rivm_file(path, 2020, "20300", "18+")
    text_obs = obs[obs["indicator"] != "eenzaam"].assign(
        cell=lambda d: d["area_code"].str[6:].astype(int).map(dict(enumerate(hostile_cells)))
    )
    assert text_obs["value"].isna().all(), text_obs[text_obs["value"].notna()].head()
    is_na_token = text_obs["cell"].isin(na_tokens)
    assert (text_obs.loc[~is_na_token, "flag"] == "invalid").all()
    assert text_obs.loc[is_na_token, "flag"].isin(["missing", "invalid"]).all()
    assert (obs.loc[obs["indicator"] == "eenzaam", "value"] == 41.5).all()


def test_bow_tie_rejected_by_reader(tmp_path: Path) -> None:
    doc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"statcode": "BU01530603", "statnaam": "Bow-tie"},
                "geometry": _bow_tie((250000, 470000, 250100, 470100)),
            }
        ],
    }
    _place(tmp_path, boundaries.BUURT_GEO_FILE, json.dumps(doc).encode())
    with pytest.raises(
        PrepareError, match=r"buurt_2024_rd_twente7\.geojson has an invalid geometry for BU01530603 \(Self-intersection"
    ):
        boundaries.read_buurt_geometry(tmp_path)


def test_bow_tie_is_repaired_by_finish() -> None:
    """Second line of defence: ``finish`` runs make_valid, so a bow-tie that got past a reader ends up as two
    valid triangles."""
    gdf = gpd.GeoDataFrame(
        {"code": ["BU01530603"]},
        geometry=[shapely.geometry.shape(_bow_tie((250000, 470000, 250100, 470100)))],
        crs=common.RD_NEW,
    )
    out = geo.finish(gdf, "buurt")
    assert out.geometry.is_valid.all()
    assert out.geometry.iloc[0].geom_type == "MultiPolygon" and len(out.geometry.iloc[0].geoms) == 2


# ---------------------------------------------------------------------------------------- full prepare runs


def test_empty_and_png_raw_files_fail_fast_and_keep_previous(hostile: tuple[Path, Path]) -> None:
    """Both are caught by the first reader, so these two runs take well under a second each."""
    raw, project = hostile
    first = raw / "rivm_gezondheid_wijk_buurt/2012_18+.xlsx"
    first.write_bytes(b"")
    _, t_empty = fails_and_keeps_previous(raw, project, r"2012_18\+\.xlsx is empty\.$")
    first.write_bytes(PNG_BYTES)
    _, t_png = fails_and_keeps_previous(raw, project, r"2012_18\+\.xlsx is not a readable Excel workbook")
    assert t_empty < 10 and t_png < 10


@slow
def test_bow_tie_polygon_keeps_previous(hostile: tuple[Path, Path]) -> None:
    """A self-intersecting buurt polygon is refused by the reader with one sentence naming file and code
    (before the reader checked validity, dissolving wijken raised a GEOS TopologyException)."""
    raw, project = hostile
    path = raw / boundaries.BUURT_GEO_FILE
    doc = json.loads(path.read_text(encoding="utf-8"))
    feature = doc["features"][0]
    code = feature["properties"]["statcode"].strip()
    feature["geometry"] = _bow_tie(shapely.geometry.shape(feature["geometry"]).bounds)
    path.write_text(json.dumps(doc), encoding="utf-8")
    before = snapshot(project)
    with pytest.raises(PrepareError) as info:
        run(raw, project / "data", project / "geo", PATHS.content_dir)
    assert snapshot(project) == before
    assert not list((project / "data").glob(".prepare-*"))
    assert re.search(
        rf"buurt_2024_rd_twente7\.geojson has an invalid geometry for {code} \(Self-intersection", str(info.value)
    )


@slow
def test_buurt_in_no_area_table_keeps_previous(hostile: tuple[Path, Path]) -> None:
    raw, project = hostile
    path = raw / boundaries.BUURT_GEO_FILE
    doc = json.loads(path.read_text(encoding="utf-8"))
    ghost = json.loads(json.dumps(doc["features"][0]))
    ghost["properties"] |= {"statcode": "BU01539999", "id": 999_999, "FID": "ghost"}  # CBS never issued this code
    minx, miny, _, _ = shapely.geometry.shape(ghost["geometry"]).bounds
    ghost["geometry"] = {
        "type": "Polygon",
        "coordinates": [
            [
                [minx - 300, miny - 300],
                [minx - 200, miny - 300],
                [minx - 200, miny - 200],
                [minx - 300, miny - 200],
                [minx - 300, miny - 300],
            ]
        ],
    }
    doc["features"].append(ghost)
    path.write_text(json.dumps(doc), encoding="utf-8")
    fails_and_keeps_previous(
        raw,
        project,
        r"buurt_2024_rd_twente7\.geojson has buurt codes that exist in no area table, such as BU01539999\.$",
    )


@slow
def test_huge_population_csv_fails_in_bounded_time(
    hostile: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A 60 MB KWB population file (the real one plus ~450k well-formed extra buurten of non-existent
    gemeenten). The reader copes; the origin file no longer lines up row by row, which is the clear message."""
    raw, project = hostile
    path = raw / kwb2024.KWB_POP_FILE
    original = path.read_text(encoding="utf-8-sig")
    lines = [original.rstrip("\r\n")]
    size = len(original.encode())
    i = 0
    while size < 60 * 2**20:
        chunk = [
            f'"Buurt {i + k}";"Gemeente {(i + k) // 10_000}";"Buurt     ";"BU9{(i + k):07d}";"1";'
            f"{100 + k % 900};50;50;10;10;30;30;20"
            for k in range(10_000)
        ]
        block = "\r\n".join(chunk)
        lines.append(block)
        size += len(block.encode()) + 2
        i += 10_000
    path.write_text("\ufeff" + "\r\n".join(lines) + "\r\n", encoding="utf-8")
    mb = path.stat().st_size / 2**20
    assert mb >= 60
    _, elapsed = fails_and_keeps_previous(raw, project, r"no longer lines up row by row")
    with capsys.disabled():
        print(f"\n[hostile] {mb:.0f} MB population CSV ({i} extra rows): failed cleanly after {elapsed:.1f} s")
    assert elapsed < 120


def _set_cells(xlsx: Path, cells: dict[str, str]) -> None:
    """Replace cells (e.g. ``{"AC5014": "onbekend"}``) in sheet1 by inline strings, without re-writing the rest
    of the workbook (openpyxl would take ~20 s for a 17k-row RIVM file)."""
    with zipfile.ZipFile(xlsx) as zin:
        items = {name: zin.read(name) for name in zin.namelist()}
    sheet = items["xl/worksheets/sheet1.xml"].decode("utf-8")
    for ref, text in cells.items():
        sheet, n = re.subn(
            rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)',
            f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>',
            sheet,
            count=1,
        )
        assert n == 1, f"cell {ref} not found"
    items["xl/worksheets/sheet1.xml"] = sheet.encode("utf-8")
    with zipfile.ZipFile(xlsx, "w", compression=zipfile.ZIP_DEFLATED) as zout:
        for name, data in items.items():
            zout.writestr(name, data)


def _col_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@slow
def test_rivm_text_in_real_workbook_is_flagged_invalid(hostile: tuple[Path, Path]) -> None:
    """A full run on the real raw data with text in three numeric RIVM cells succeeds; those values are NaN and
    flagged invalid (never 0), and the Twente aggregate that needs the broken gemeente value is left out."""
    raw, project = hostile
    xlsx = raw / RIVM_2020
    df = pd.read_excel(xlsx, dtype=str, engine="calamine")
    cols = list(df.columns)
    codes = df["Codering_3"].str.strip()
    mw = df["Marges"].str.strip() == "MW00000"

    def ref(code: str, column: str) -> str:
        row = int(df.index[(codes == code) & mw][0]) + 2  # header is row 1
        return f"{_col_letter(cols.index(column))}{row}"

    _set_cells(
        xlsx,
        {
            ref("BU01530603", "Eenzaam_28"): "onbekend",
            ref("GM0153", "Roker_11"): "12,3abc",
            ref("BU01411402", "MoeiteMetRondkomen_38"): "nul",
        },
    )
    result = run(raw, project / "data", project / "geo", PATHS.content_dir)
    assert result.rows["indicators"] > 0
    obs = pd.read_parquet(project / "data/indicators.parquet").set_index(
        ["area_code", "indicator", "period", "age_group"]
    )
    for key in [
        ("BU01530603", "eenzaam", 2020, "18+"),
        ("GM0153", "roker", 2020, "18+"),
        ("BU01411402", "moeite_rondkomen", 2020, "18+"),
    ]:
        assert pd.isna(obs.loc[key, "value"]), key
        assert obs.loc[key, "flag"] == "invalid", key
    assert ("TWENTE", "roker", 2020, "18+") not in obs.index  # one of 14 gemeenten lacks a value
    assert obs.loc[("BU01530603", "eenzaam", 2016, "18+"), "flag"] != "invalid"  # other files untouched
    assert obs.loc[("NL00", "moeite_rondkomen", 2020, "18+"), "value"] == 13.9
