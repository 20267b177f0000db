"""Choropleth maps: the map table, colour classes with a legend, and the pydeck Deck (no Streamlit).

``map_frame`` joins one indicator to a geometry layer with references, ranks and reasons for missing values;
``classify`` turns values into colour classes (quantiles, equal intervals, or standard-deviation bands around
a reference) with the direction of "better" respected; ``build_deck`` returns a ``pdk.Deck`` that tests can
inspect. Palettes are ColorBrewer schemes that are safe for colour-blind readers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd

from regiomonitor.areas import NL_CODE, TWENTE_CODE
from regiomonitor.data import DataStore
from regiomonitor.fmt import decimals_for, number
from regiomonitor.look import DIVERGING, DIVERGING_NEUTRAL, MISSING_COLOR, SEQ_NEUTRAL, SEQ_WORSE
from regiomonitor.prepare.values import FLAG_LABELS

METHODS: Final[dict[str, str]] = {
    "kwantielen": "Kwantielen (vijf even grote groepen)",
    "gelijke_intervallen": "Gelijke intervallen",
    "afwijking": "Afwijking van een referentie (standaarddeviaties)",
}
SD_BANDS: Final = (-1.5, -0.5, 0.5, 1.5)


def _rgba(hex_color: str, alpha: int = 200) -> list[int]:
    h = hex_color.lstrip("#")
    return [int(h[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]


@dataclass(frozen=True)
class Classing:
    """Colour classes: upper bounds, colours and Dutch legend labels, plus a class per feature (-1 = missing)."""

    method: str
    bounds: tuple[float, ...]
    colors: tuple[str, ...]
    labels: tuple[str, ...]
    classes: tuple[int, ...]
    note: str = ""


def classify(
    values: pd.Series, method: str, direction: str, unit: str, reference: float | None = None, k: int = 5
) -> Classing:
    """Assign each value a colour class.

    - ``kwantielen``: k groups of (about) equal size; ``gelijke_intervallen``: k equal-width classes;
    - ``afwijking``: bands of (value - reference) / sd at -1.5, -0.5, 0.5, 1.5 standard deviations of the
      shown values.
    Colours run from better to worse for directional indicators (so "dark" always means "worse"), and low to
    high for neutral ones. Missing values get class -1.

    Raises:
        ValueError: unknown method, or ``afwijking`` without a reference value.
    """
    if method not in METHODS:
        raise ValueError(f"unknown classing method {method!r}")
    v = values.astype("float64")
    present = v.dropna()
    dec = decimals_for(unit)
    if present.empty:
        return Classing(method, (), (), (), tuple([-1] * len(v)), "Geen waarden om in te delen.")
    if method == "afwijking":
        if reference is None or np.isnan(reference):
            raise ValueError("a deviation map needs a reference value")
        sd = float(present.std(ddof=0)) or 1.0
        z = (v - reference) / sd
        edges = np.array(SD_BANDS)
        cls = np.searchsorted(edges, z.to_numpy(), side="right")
        bounds = tuple(reference + e * sd for e in SD_BANDS) + (float(present.max()),)
        if direction == "hoger_beter":
            colors = DIVERGING  # low (brown) is worse
        elif direction == "lager_beter":
            colors = list(reversed(DIVERGING))  # high is worse, so high gets brown
        else:
            colors = DIVERGING_NEUTRAL
        lows = [
            "lager dan −1,5 sd",
            "−1,5 tot −0,5 sd",
            "rond de referentie (±0,5 sd)",
            "+0,5 tot +1,5 sd",
            "hoger dan +1,5 sd",
        ]
        labels = tuple(
            f"{txt} ({'< ' + number(bounds[0], dec, unit) if i == 0 else '≥ ' + number(bounds[3], dec, unit) if i == 4 else number(bounds[i - 1], dec, unit) + ' – ' + number(bounds[i], dec, unit)})"
            for i, txt in enumerate(lows)
        )
        note = f"Referentie {number(reference, dec, unit)}; 1 standaarddeviatie = {number(sd, dec, unit)}."
        classes = tuple(int(c) if not np.isnan(x) else -1 for c, x in zip(cls, v.to_numpy(), strict=True))
        return Classing(method, bounds, tuple(colors), labels, classes, note)

    if method == "kwantielen":
        qs = np.unique(np.quantile(present, np.linspace(0, 1, k + 1)))
    else:
        qs = np.linspace(present.min(), present.max(), k + 1)
        qs = np.unique(qs)
    if len(qs) < 2:
        qs = np.array([present.min(), present.max() + 1e-9])
    inner = qs[1:-1]
    n = len(qs) - 1
    palette = SEQ_NEUTRAL if direction == "neutraal" else SEQ_WORSE
    idx = np.linspace(0, len(palette) - 1, n).round().astype(int)
    colors = [palette[i] for i in idx]
    if direction == "hoger_beter":
        colors = list(reversed(colors))  # the lowest values are the worst: darkest
    cls = np.searchsorted(inner, v.to_numpy(), side="right")
    labels = tuple(f"{number(qs[i], dec, unit)} – {number(qs[i + 1], dec, unit)}" for i in range(n))
    classes = tuple(int(c) if not np.isnan(x) else -1 for c, x in zip(cls, v.to_numpy(), strict=True))
    return Classing(method, tuple(float(q) for q in qs[1:]), tuple(colors), labels, classes)


@dataclass(frozen=True)
class MapData:
    """Everything one map shows: features with values, the references and the provenance."""

    frame: gpd.GeoDataFrame
    indicator: str
    label: str
    unit: str
    direction: str
    period: int
    age_group: str
    references: dict[str, float | None] = field(default_factory=dict)
    source: str = ""


def map_frame(
    store: DataStore,
    geo: gpd.GeoDataFrame,
    indicator: str,
    period: int,
    age_group: str,
    level: str,
    gemeenten: list[str],
) -> MapData:
    """The features of ``level`` in ``gemeenten`` joined with the indicator value and context.

    Adds per feature: value, flag, reason (Dutch, for missing values), rank within its gemeente (1 = worst
    for directional indicators, highest for neutral ones) and the gemeente value. Areas whose code does not
    exist in the division the data uses (Almelo 2020 vs 2024) get a reason saying so.
    """
    meta = store.indicator(indicator)
    feats = (
        geo[geo["gemeente"].isin(gemeenten)].copy() if level != "gemeente" else geo[geo["code"].isin(gemeenten)].copy()
    )
    df = store.indicators
    sub = df[(df["indicator"] == indicator) & (df["period"] == period) & (df["age_group"] == age_group)]
    vals = sub.set_index("area_code")
    feats["value"] = feats["code"].map(vals["value"])
    # object first: with no rows at all the mapped column is float (all NaN), and pandas will refuse a text fill
    feats["flag"] = feats["code"].map(vals["flag"]).astype(object).fillna("norow")
    division = int(vals["division"].iloc[0]) if len(vals) else period
    areas = store.areas.set_index("code")
    in_div = areas[f"in_{division}"] if f"in_{division}" in areas.columns else None

    def reason(row: pd.Series) -> str:
        if pd.notna(row["value"]):
            return FLAG_LABELS.get(row["flag"], "")
        if in_div is not None and row["code"] in in_div.index and not bool(in_div.loc[row["code"]]):
            return f"deze buurt bestaat niet in de indeling {division} die de bron gebruikt (grenswijziging)"
        if row["flag"] == "norow":
            return f"geen cijfer voor dit gebiedsniveau in {period}"
        return FLAG_LABELS.get(row["flag"], "geen waarde")

    feats["reason"] = feats.apply(reason, axis=1) if len(feats) else pd.Series(dtype=str)
    worst_high = meta.direction != "hoger_beter"
    feats["rank"] = feats.groupby("gemeente")["value"].rank(ascending=not worst_high, method="min")
    feats["n_in_gemeente"] = feats.groupby("gemeente")["value"].transform("count")
    feats["gemeente_value"] = feats["gemeente"].map(vals["value"])
    refs = {
        "Twente": _val(vals, TWENTE_CODE),
        "Nederland": _val(vals, NL_CODE),
        **{store.name(g): _val(vals, g) for g in gemeenten},
    }
    ds = store.datasets.get(str(sub["dataset"].iloc[0]) if len(sub) else meta.bron)
    source = f"Bron: {ds.citation()}. Periode {period}." if ds else ""
    return MapData(
        feats.reset_index(drop=True),
        indicator,
        meta.label,
        meta.unit,
        meta.direction,
        period,
        age_group,
        refs,
        source,
    )


def _val(vals: pd.DataFrame, code: str) -> float | None:
    if code in vals.index and pd.notna(vals.loc[code, "value"]):
        return float(vals.loc[code, "value"])
    return None


#: Short property names of the tooltip fields: 517 buurten carry them, and every byte counts toward the 300 KB
#: payload budget. n = name (code), v = value line, g = gemeente value, k = rank, t = note, f = fill colour.
TOOLTIP_FIELDS: Final[tuple[str, ...]] = ("n", "v", "g", "k", "t")


def rank_phrase(direction: str) -> str:
    """What rank 1 means, in Dutch (shown once in the tooltip footer, not per feature)."""
    return {
        "hoger_beter": "rang 1 = slechtste (laagste)",
        "lager_beter": "rang 1 = slechtste (hoogste)",
        "neutraal": "rang 1 = hoogste",
    }[direction]


def tooltip_rows(md: MapData, classing: Classing) -> pd.DataFrame:
    """Per feature the ready-made Dutch tooltip fields (plain text; the map never renders them as HTML).

    The references that are the same for every feature (Twente, NL), the direction of the rank and the source
    sit in the tooltip template instead (see ``build_deck``).
    """
    f = md.frame
    dec = decimals_for(md.unit)
    rows = []
    for i, r in f.iterrows():
        value = number(r["value"], dec, md.unit) if pd.notna(r["value"]) else f"geen waarde: {r['reason']}"
        rank = f"rang {int(r['rank'])} van {int(r['n_in_gemeente'])} in de gemeente" if pd.notna(r["rank"]) else ""
        gm = f"gemeente {number(r['gemeente_value'], dec, md.unit)} · " if pd.notna(r.get("gemeente_value")) else ""
        rows.append(
            {
                "n": f"{r['name']} ({r['code']})",
                "v": f"{md.label}: {value}",
                "g": gm,
                "k": rank,
                "t": r["reason"] if pd.notna(r["value"]) and r["reason"] else "",
                "f": _rgba(classing.colors[classing.classes[i]])
                if classing.classes[i] >= 0
                else _rgba(MISSING_COLOR, 160),
            }
        )
    return pd.DataFrame(rows, index=f.index, columns=[*TOOLTIP_FIELDS, "f"])
