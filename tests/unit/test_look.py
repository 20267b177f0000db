"""One colour per area on every chart, and one 'Bron:' per source line."""

from __future__ import annotations

import json

from regiomonitor.areas import TWENTE_CODE
from regiomonitor.look import AREA_COLOURS, area_colours, cite
from regiomonitor.profile import trend_chart, trend_frame
from regiomonitor.target_charts import trajectory_chart
from regiomonitor.targets import TargetRule, area_series, trajectory


def _colours(chart) -> dict[str, str]:
    """Area -> colour from every colour scale with a domain in a chart spec."""
    found: dict[str, str] = {}

    def walk(node) -> None:
        if isinstance(node, dict):
            scale = node.get("scale") if node.get("field") == "gebied" else None
            if isinstance(scale, dict) and "domain" in scale and "range" in scale:
                found.update(dict(zip(scale["domain"], scale["range"], strict=False)))
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(json.loads(chart.to_json()))
    return found


def test_enschede_and_twente_keep_their_colour_from_chart_to_chart(store) -> None:
    ref = area_series(store, TWENTE_CODE, "eenzaam", "18+")
    tj = trajectory("Enschede", area_series(store, "GM0153", "eenzaam", "18+"), ref, "lager_beter", TargetRule())
    on_trends = _colours(trajectory_chart([tj], "Eenzaam", "%", "Bron", {"Twente": ref}))
    on_buurt = _colours(
        trend_chart(trend_frame(store, "BU01530603", "eenzaam"), "Eenzaam", "%", store.name("BU01530603"))
    )
    for area in ("Enschede", "Twente"):
        assert on_trends[area] == on_buurt[area] == AREA_COLOURS[area]
    assert on_trends["Enschede"] != on_trends["Twente"]


def test_other_areas_never_take_a_fixed_colour() -> None:
    colours = area_colours([f"Buurt {i}" for i in range(8)])
    assert len(set(colours)) == 8 and not set(colours) & set(AREA_COLOURS.values())


def test_cite_prints_one_bron() -> None:
    assert cite("Bron: Bron: RIVM") == "Bron: RIVM" == cite("RIVM") and cite("") == ""
