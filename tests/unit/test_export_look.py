"""Downloaded images look right: the expected size, and the drawing fills it (no wide blank margins)."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image, ImageChops

from regiomonitor.areas import TWENTE_CODE
from regiomonitor.content.focus_area import load_focus_areas
from regiomonitor.data import load_geo
from regiomonitor.exports import chart_png, chart_svg, rounded, table_csv
from regiomonitor.maps import classify, map_frame
from regiomonitor.paths import PATHS
from regiomonitor.static_map import map_png
from regiomonitor.target_charts import trajectory_chart
from regiomonitor.targets import TargetRule, area_series, group_series, trajectory


def drawn_share(png: bytes) -> tuple[float, float]:
    """Share of the image width and height that the non-white drawing spans."""
    img = Image.open(io.BytesIO(png)).convert("RGB")
    box = (
        ImageChops.difference(img, Image.new("RGB", img.size, "white")).point(lambda v: 255 if v > 12 else 0).getbbox()
    )
    assert box is not None, "the image is blank"
    return (box[2] - box[0]) / img.width, (box[3] - box[1]) / img.height


@pytest.fixture(scope="module")
def trend(store):
    focus = load_focus_areas(PATHS.content_dir / "focus_areas.yaml", set(store.areas["code"]))
    areas = {fa.naam: fa.buurten for fa in focus.areas}
    ref = area_series(store, TWENTE_CODE, "eenzaam", "18+")
    tjs = [
        trajectory(a, group_series(store, areas[a], "eenzaam", "18+"), ref, "lager_beter", TargetRule())
        for a in ("Wesselerbrink", "Almelo spoorzone")
    ]
    return trajectory_chart(tjs, "Eenzaam", "%", "Bron: RIVM/CBS", {"Twente": ref})


def test_trend_png_fills_its_width(trend) -> None:
    png = chart_png(trend, "Eenzaam: trend en doelen", "Bron: RIVM/CBS 2012-2020")
    width, height = Image.open(io.BytesIO(png)).size
    assert 1700 <= width <= 2000 and height >= 700  # 900 px at scale 2, a plot of 380 px plus title and legend
    share_w, share_h = drawn_share(png)
    assert share_w >= 0.9 and share_h >= 0.9, (share_w, share_h)


def test_trend_svg_has_the_slide_width(trend) -> None:
    svg = chart_svg(trend, "Eenzaam", "Bron: RIVM/CBS")
    width = float(re.search(r'<svg[^>]* width="([\d.]+)"', svg).group(1))
    assert 880 <= width <= 960


def test_map_png_title_and_margins(store) -> None:
    md = map_frame(store, load_geo("buurten"), "moeite_rondkomen", 2020, "18+", "buurt", ["GM0153"])
    png = map_png(
        md,
        classify(md.frame["value"], "kwantielen", md.direction, md.unit),
        "Moeite met rondkomen, buurten in Enschede, 2020",
    )
    share_w, share_h = drawn_share(png)
    assert share_w >= 0.85 and share_h >= 0.85, (share_w, share_h)


def test_csv_values_carry_the_indicator_precision() -> None:
    import pandas as pd

    csv = table_csv(pd.DataFrame({"gebied": ["Wesselerbrink"], "waarde": [14.149894999999999]}), decimals=1)
    assert "14,1" in csv.decode("utf-8-sig") and "14,149" not in csv.decode("utf-8-sig")
    per_row = rounded(pd.DataFrame({"eenheid": ["%", "score"], "waarde": [14.149894999999999, 0.123456]}))
    assert per_row["waarde"].tolist() == [14.1, 0.12]
