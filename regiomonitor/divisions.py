"""Boundary divisions (gebiedsindelingen): which geometry each indicator period is drawn on, and how well the
codes of a period match the polygons.

CBS redraws buurten now and then, so a figure belongs to the division its codes come from. The monitor has
three divisions in its data and two geometries:

- **2020**: the health monitor 2012, 2016 and 2020 (RIVM, all on the 2020 codes) and the KWB 2020 gemeenten.
  There is no 2020 buurt geometry; the figures are drawn on the **2021** geometry, whose codes equal the 2020
  codes in 12 of the 14 gemeenten (``code_match`` reports it per gemeente: Almelo and Twenterand changed).
- **2021**: the Wijk- en buurtkaart 2021 (households, density, urbanity), drawn on its own geometry (all 14
  gemeenten, 517 buurten).
- **2024**: the KWB 2024 population figures, drawn on the 2024 geometry (the generalised CBS layer for eight
  gemeenten and the 2021 polygons of five gemeenten whose codes did not change; none for Rijssen-Holten).

Where a division lacks a gemeente or some of its codes, ``coverage_notices`` says so in Dutch, so the map never
shows a silent hole.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import pandas as pd

from regiomonitor.areas import TWENTE_GEMEENTEN

#: Data division -> the division of the geometry it is drawn on.
GEOMETRY_OF: Final[dict[int, int]] = {2020: 2021, 2021: 2021, 2024: 2024}
#: (level, geometry division) -> prepared geometry layer (geo/<name>.parquet).
LAYERS: Final[dict[tuple[str, int], str]] = {
    ("buurt", 2021): "buurten_2021",
    ("wijk", 2021): "wijken_2021",
    ("buurt", 2024): "buurten",
    ("wijk", 2024): "wijken",
}
LABELS: Final[dict[int, str]] = {
    2020: "indeling 2020 (gezondheidsmonitor 2012-2020, kerncijfers 2020)",
    2021: "indeling 2021 (Wijk- en buurtkaart 2021)",
    2024: "indeling 2024 (kerncijfers 2024)",
}


def geometry_division(division: int) -> int:
    """The geometry a data division is drawn on (unknown divisions fall back to the newest geometry).

    >>> geometry_division(2020), geometry_division(2024)
    (2021, 2024)
    """
    return GEOMETRY_OF.get(int(division), max(GEOMETRY_OF.values()))


def layer_for(level: str, division: int) -> str:
    """The prepared geometry layer for a map level and a data division.

    >>> layer_for("buurt", 2020), layer_for("wijk", 2024), layer_for("gemeente", 2021)
    ('buurten_2021', 'wijken', 'gemeenten')
    """
    if level == "gemeente":
        return "gemeenten"
    return LAYERS[(level, geometry_division(division))]


def division_of(indicators: pd.DataFrame, indicator: str, period: int, level: str) -> int:
    """The division of an indicator's figures in one period at one level (the period itself when unknown)."""
    rows = indicators[
        (indicators["indicator"] == indicator) & (indicators["period"] == period) & (indicators["level"] == level)
    ]
    return int(rows["division"].iloc[0]) if len(rows) else int(period)


def code_match(areas: pd.DataFrame, geo_codes: Iterable[str], division: int, level: str = "buurt") -> pd.DataFrame:
    """Per Twente gemeente: how the codes of ``division`` at ``level`` match the polygons of a geometry layer.

    Columns: gemeente, naam, codes (in the division), getekend (codes with a polygon), zonder_vorm (codes
    without one, comma-separated), vormen (polygons of the gemeente in the layer), vormen_zonder_code (polygons
    whose code does not exist in the division).
    """
    column = f"in_{division}"
    geo = set(geo_codes)
    sub = areas[(areas["level"] == level) & areas["twente"]]
    rows = []
    for gm, name in TWENTE_GEMEENTEN.items():
        own = sub[sub["gemeente"] == gm]
        codes = set(own.loc[own[column], "code"]) if column in own.columns else set()
        polys = {c for c in geo if c[2:6] == gm[2:]}
        rows.append(
            {
                "gemeente": gm,
                "naam": name,
                "codes": len(codes),
                "getekend": len(codes & polys),
                "zonder_vorm": ", ".join(sorted(codes - polys)),
                "vormen": len(polys),
                "vormen_zonder_code": len(polys - codes),
            }
        )
    return pd.DataFrame(rows)


def coverage_notices(match: pd.DataFrame, gemeenten: Iterable[str], division: int, level: str = "buurt") -> list[str]:
    """Dutch sentences for the gemeenten in view whose codes of ``division`` are not (all) on the map."""
    word = {"buurt": "buurten", "wijk": "wijken"}.get(level, level)  # plural; compounds use the level itself
    geo_div = geometry_division(division)
    wanted = set(gemeenten)
    out: list[str] = []
    absent = match[match["gemeente"].isin(wanted) & (match["vormen"] == 0)]
    if len(absent):
        names = ", ".join(absent["naam"])
        out.append(
            f"Voor {names} zijn geen {level}grenzen van de indeling {geo_div} beschikbaar; die gemeente"
            f"{'n ontbreken' if len(absent) > 1 else ' ontbreekt'} op deze kaart. Kies een jaar uit een andere "
            "indeling (bijvoorbeeld de gezondheidsmonitor of 2021) of de kaartlaag Gemeenten."
        )
    partial = match[match["gemeente"].isin(wanted) & (match["vormen"] > 0) & (match["getekend"] < match["codes"])]
    for _, r in partial.iterrows():
        missing = int(r["codes"] - r["getekend"])
        text = (
            f"{r['naam']}: {int(r['getekend'])} van de {int(r['codes'])} {level}codes uit de "
            f"{LABELS.get(division, f'indeling {division}')} staan op de grenzen van {geo_div}; {missing} "
            f"{'code heeft' if missing == 1 else 'codes hebben'} daar geen vorm (grenswijziging)"
        )
        if r["vormen_zonder_code"]:
            text += f", en {int(r['vormen_zonder_code'])} {word} op de kaart bestaan in die indeling niet (grijs)"
        out.append(text + ".")
    return out
