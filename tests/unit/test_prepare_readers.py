"""Prepare readers on tiny hand-made raw files: the raw data's habits and each malformed case."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from regiomonitor.areas import TWENTE_CODE, TWENTE_GEMEENTEN
from regiomonitor.content.catalogue import load_catalogue
from regiomonitor.paths import PATHS
from regiomonitor.prepare import readers as rd
from regiomonitor.prepare.build import twente_aggregates


def rivm_frame(rows: list[tuple[str, str, str]], period: str = "2020JJ00", age: str = "20300") -> pd.DataFrame:
    """A RIVM-shaped frame: (code with padding, soort, value text) per row; all indicators get the value."""
    records = []
    for i, (code, soort, value) in enumerate(rows):
        rec = {
            "ID": str(i),
            "Leeftijd": age,
            "Marges": "MW00000",
            "WijkenEnBuurten": code,
            "Perioden": period,
            "Gemeentenaam_1": "Enschede  ",
            "SoortRegio_2": soort,
            "Codering_3": code,
        }
        rec |= {col: value for col in rd.RIVM_COLUMNS}
        records.append(rec)
    return pd.DataFrame(records)


def write_xlsx(df: pd.DataFrame, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    df.to_excel(path, index=False, engine="openpyxl")
    return path


def test_rivm_text_numbers_padding_and_suppressed(tmp_path: Path) -> None:
    df = rivm_frame(
        [
            ("NL01      ", "Land", "13.9"),
            ("GM0153    ", "Gemeente", "17.2"),
            ("BU01530603", "Buurt", "       ."),
            ("BU03630000", "Buurt", "20.0"),
        ]
    )
    obs, areas = rd.read_rivm_file(write_xlsx(df, tmp_path / "r.xlsx"), 2020, "20300", "18+")
    mr = obs[obs["indicator"] == "moeite_rondkomen"].set_index("area_code")
    assert mr.loc["NL00", "value"] == 13.9  # NL01 became NL00, text became a float
    assert mr.loc["GM0153", "value"] == 17.2
    assert pd.isna(mr.loc["BU01530603", "value"]) and mr.loc["BU01530603", "flag"] == "suppressed"
    # readers return every region; build keeps Twente in scope and Amsterdam in the national subset
    assert bool(rd.in_scope(pd.Series(["BU01530603"])).iloc[0]) and not bool(
        rd.in_scope(pd.Series(["BU03630000"])).iloc[0]
    )
    assert set(areas["code"]) == {"NL00", "GM0153", "BU01530603", "BU03630000"}


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.assign(Perioden="2016JJ00"), "expected 2020JJ00"),
        (lambda d: d.assign(Leeftijd="80200"), "expected 20300"),
        (lambda d: d.drop(columns=["MoeiteMetRondkomen_38"]), "lacks the expected column(s) MoeiteMetRondkomen_38"),
        (lambda d: pd.concat([d, d.iloc[[0]]]), "duplicate region code"),
        (lambda d: d.assign(Codering_3="XX123"), "malformed region codes"),
    ],
)
def test_rivm_rejects(tmp_path: Path, mutate, message: str) -> None:
    df = mutate(rivm_frame([("GM0153", "Gemeente", "1"), ("BU01530603", "Buurt", "2")]))
    with pytest.raises(rd.PrepareError, match=message.replace("(", r"\(").replace(")", r"\)")):
        rd.read_rivm_file(write_xlsx(df, tmp_path / "r.xlsx"), 2020, "20300", "18+")


def test_rivm_truncated_and_missing(tmp_path: Path) -> None:
    good = write_xlsx(rivm_frame([("GM0153", "Gemeente", "1")]), tmp_path / "good.xlsx")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    with pytest.raises(rd.PrepareError, match="not a readable Excel workbook"):
        rd.read_rivm_file(broken, 2020, "20300", "18+")
    with pytest.raises(rd.PrepareError, match="is missing"):
        rd.read_rivm_file(tmp_path / "nope.xlsx", 2020, "20300", "18+")


POP_HEADER = [
    '"Wijken en buurten"',
    '"Regioaanduiding/Gemeentenaam (naam)"',
    '"Regioaanduiding/Soort regio (omschrijving)"',
    '"Regioaanduiding/Codering (code)"',
    '"Regioaanduiding/Indelingswijziging gemeente, wijk, buurt (code)"',
    '"Bevolking/Aantal inwoners (aantal)"',
    '"Bevolking/Geslacht/Mannen (aantal)"',
    '"Bevolking/Geslacht/Vrouwen (aantal)"',
    '"Bevolking/Leeftijdsgroepen/0 tot 15 jaar (aantal)"',
    '"Bevolking/Leeftijdsgroepen/15 tot 25 jaar (aantal)"',
    '"Bevolking/Leeftijdsgroepen/25 tot 45 jaar (aantal)"',
    '"Bevolking/Leeftijdsgroepen/45 tot 65 jaar (aantal)"',
    '"Bevolking/Leeftijdsgroepen/65 jaar of ouder (aantal)"',
]


def write_pop_csv(raw: Path, rows: list[list[str]]) -> None:
    path = raw / rd.KWB_POP_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [";".join(POP_HEADER)] + [";".join(r) for r in rows]
    path.write_text("\ufeff" + "\r\n".join(lines) + "\r\n", encoding="utf-8")


def test_kwb_population_shares_and_padding(tmp_path: Path) -> None:
    write_pop_csv(
        tmp_path,
        [
            [
                '"Enschede"',
                '"Enschede    "',
                '"Gemeente  "',
                '"GM0153    "',
                '"."',
                "1000",
                "500",
                "500",
                "100",
                "200",
                "300",
                "200",
                "200",
            ],
            ['"Leeg"', '"Enschede    "', '"Buurt     "', '"BU01539999"', '"."', "0", "0", "0", "0", "0", "0", "0", "0"],
        ],
    )
    obs, areas, _ = rd.read_kwb2024_population(tmp_path)
    got = obs.set_index(["area_code", "indicator"])
    assert got.loc[("GM0153", "inwoners"), "value"] == 1000
    assert got.loc[("GM0153", "aandeel_0_15"), "value"] == pytest.approx(10.0)
    assert got.loc[("GM0153", "aandeel_0_15"), "flag"] == "derived"
    # a buurt with 0 inhabitants has no share (never 0%), flagged missing
    assert pd.isna(got.loc[("BU01539999", "aandeel_0_15"), "value"])
    assert got.loc[("BU01539999", "aandeel_0_15"), "flag"] == "missing"
    assert areas.set_index("code").loc["GM0153", "level"] == "gemeente"


def test_kwb_population_duplicate_and_bad_type(tmp_path: Path) -> None:
    row = ['"Enschede"', '"Enschede"', '"Gemeente"', '"GM0153"', '"."', "1", "1", "0", "0", "0", "1", "0", "0"]
    write_pop_csv(tmp_path, [row, row])
    with pytest.raises(rd.PrepareError, match="duplicate region code"):
        rd.read_kwb2024_population(tmp_path)
    write_pop_csv(tmp_path, [[*row[:2], '"Provincie"', *row[3:]]])
    with pytest.raises(rd.PrepareError, match="unknown region type 'Provincie'"):
        rd.read_kwb2024_population(tmp_path)


def test_kwb_population_text_in_numeric_column(tmp_path: Path) -> None:
    write_pop_csv(
        tmp_path,
        [['"Enschede"', '"Enschede"', '"Gemeente"', '"GM0153"', '"."', "veel", "1", "0", "0", "0", "1", "0", "0"]],
    )
    obs, _, _ = rd.read_kwb2024_population(tmp_path)
    inw = obs[obs["indicator"] == "inwoners"].iloc[0]
    assert pd.isna(inw["value"]) and inw["flag"] == "invalid"


def square(x: float, y: float, size: float = 100.0) -> list[list[list[float]]]:
    return [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]


def write_geojson(path: Path, features: list[tuple[str, list]], crs: str | None = None) -> Path:
    doc: dict = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"statcode": code, "statnaam": f"naam {code}"},
                "geometry": {"type": "Polygon", "coordinates": coords},
            }
            for code, coords in features
        ],
    }
    if crs:
        doc["crs"] = {"type": "name", "properties": {"name": crs}}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_geojson_without_crs_in_rd_is_accepted(tmp_path: Path) -> None:
    write_geojson(tmp_path / rd.BUURT_GEO_FILE, [("BU01530603 ", square(250000, 470000))])
    gdf = rd.read_buurt_geometry(tmp_path)
    assert gdf.crs.to_epsg() == 28992
    assert gdf["code"].tolist() == ["BU01530603"]


def test_geojson_wgs84_coordinates_without_crs_rejected(tmp_path: Path) -> None:
    write_geojson(tmp_path / rd.BUURT_GEO_FILE, [("BU01530603", square(6.8, 52.2, 0.01))])
    # degrees look like tiny RD coordinates far outside the Netherlands' RD bounds in y
    with pytest.raises(rd.PrepareError, match="no CRS and its coordinates are not RD New"):
        rd.read_buurt_geometry(tmp_path)


def test_geojson_wrong_crs_rejected(tmp_path: Path) -> None:
    write_geojson(
        tmp_path / rd.BUURT_GEO_FILE, [("BU01530603", square(400000, 5800000))], crs="urn:ogc:def:crs:EPSG::32632"
    )
    with pytest.raises(rd.PrepareError, match="expected RD New"):
        rd.read_buurt_geometry(tmp_path)


def test_geojson_duplicate_codes_rejected(tmp_path: Path) -> None:
    write_geojson(
        tmp_path / rd.BUURT_GEO_FILE, [("BU01530603", square(250000, 470000)), ("BU01530603", square(250100, 470000))]
    )
    with pytest.raises(rd.PrepareError, match="duplicate region code"):
        rd.read_buurt_geometry(tmp_path)


def test_geojson_not_json(tmp_path: Path) -> None:
    path = tmp_path / rd.BUURT_GEO_FILE
    path.parent.mkdir(parents=True)
    path.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(rd.PrepareError, match="not readable GeoJSON"):
        rd.read_buurt_geometry(tmp_path)


def test_twente_aggregate_weighted_and_complete_only() -> None:
    catalogue = load_catalogue(PATHS.content_dir)
    rows = []
    for i, gm in enumerate(TWENTE_GEMEENTEN):
        pop = 1000.0 * (i + 1)
        rows += [
            {"area_code": gm, "indicator": "inwoners", "period": 2024, "age_group": "totaal", "value": pop},
            *(
                {"area_code": gm, "indicator": band, "period": 2024, "age_group": "totaal", "value": 20.0}
                for band in ("aandeel_0_15", "aandeel_15_25", "aandeel_25_45", "aandeel_45_65", "aandeel_65_plus")
            ),
            {"area_code": gm, "indicator": "eenzaam", "period": 2020, "age_group": "18+", "value": 10.0 if i else 50.0},
        ]
    # one gemeente lacks roker: no Twente figure for it
    rows += [
        {"area_code": gm, "indicator": "roker", "period": 2020, "age_group": "18+", "value": 20.0}
        for gm in list(TWENTE_GEMEENTEN)[1:]
    ]
    obs = pd.DataFrame(rows).assign(flag="", division=2020, dataset="x")
    agg = twente_aggregates(obs, catalogue).set_index(["indicator", "period"])
    assert agg.loc[("inwoners", 2024), "value"] == sum(1000.0 * (i + 1) for i in range(14))
    weights = [1000.0 * (i + 1) * 0.8 for i in range(14)]
    expected = (50.0 * weights[0] + 10.0 * sum(weights[1:])) / sum(weights)
    assert agg.loc[("eenzaam", 2020), "value"] == pytest.approx(expected)
    assert (agg["flag"] == "derived").all()
    assert ("roker", 2020) not in agg.index
    assert (
        agg.reset_index()["indicator"].isin(
            [
                "inwoners",
                "eenzaam",
                "aandeel_0_15",
                "aandeel_15_25",
                "aandeel_25_45",
                "aandeel_45_65",
                "aandeel_65_plus",
            ]
        )
    ).all()
    assert set(agg.reset_index()["indicator"]) >= {"inwoners", "eenzaam"}
    assert TWENTE_CODE in set(twente_aggregates(obs, catalogue)["area_code"])


# --------------------------------------------------------------------------- Wijk- en buurtkaart 2021, file 11


def _mini_shapefile(folder: Path, rows: list[dict], crs: str = "EPSG:28992") -> Path:
    """A tiny shapefile with the truncated DBF names of file 9 (made-up values, real layout)."""
    import geopandas as gpd
    import shapely

    from regiomonitor.prepare.readers import KWB2021_BUURT_FILE, KWB2021_COLUMNS

    base = {
        "buurtcode": "BU01530603",
        "buurtnaam": "X",
        "wijkcode": "WK015306",
        "gemeenteco": "GM0153",
        "jaar": 2021,
        **{c: 10 for c in KWB2021_COLUMNS},
    }
    records = [{**base, **r} for r in rows]
    geoms = [shapely.box(250000 + 100 * i, 470000, 250100 + 100 * i, 470100) for i in range(len(records))]
    gdf = gpd.GeoDataFrame(records, geometry=geoms, crs=crs)
    path = folder / KWB2021_BUURT_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    gdf.to_file(path)
    return path


def test_kwb2021_secret_becomes_suppressed(tmp_path: Path) -> None:
    from regiomonitor.prepare.readers import read_kwb2021_buurt

    _mini_shapefile(
        tmp_path,
        [
            {"buurtcode": "BU01530603", "percenta_9": -99999999, "aantal_hui": 1920},
            {"buurtcode": "BU01530604", "buurtnaam": "Y"},
        ],
    )
    obs, areas, geo = read_kwb2021_buurt(tmp_path)
    single = obs[(obs["area_code"] == "BU01530603") & (obs["indicator"] == "eenpersoonshuishoudens")].iloc[0]
    assert pd.isna(single["value"]) and single["flag"] == "suppressed"
    hh = obs[(obs["area_code"] == "BU01530603") & (obs["indicator"] == "huishoudens")].iloc[0]
    assert hh["value"] == 1920 and hh["division"] == 2021 and hh["period"] == 2021
    assert list(areas["wijk"]) == ["WK015306", "WK015306"] and len(geo) == 2


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([{"buurtcode": "BU03630000"}], "is not a Twente buurt"),
        ([{"jaar": 2022}], r"holds year\(s\) \[2022\], expected 2021"),
        ([{"buurtcode": "BU01530603"}, {"buurtcode": "BU01530603"}], "duplicate region code"),
    ],
)
def test_kwb2021_bad_files_give_one_sentence(tmp_path: Path, rows: list[dict], message: str) -> None:
    from regiomonitor.prepare.readers import read_kwb2021_buurt

    _mini_shapefile(tmp_path, rows)
    with pytest.raises(rd.PrepareError, match=message):
        read_kwb2021_buurt(tmp_path)


def test_kwb2021_missing_file(tmp_path: Path) -> None:
    from regiomonitor.prepare.readers import read_kwb2021_buurt, read_kwb2021_gemeente, read_tubbergen_2024_geometry

    for reader in (read_kwb2021_buurt, read_kwb2021_gemeente, read_tubbergen_2024_geometry):
        with pytest.raises(rd.PrepareError, match="is missing"):
            reader(tmp_path)
