"""The Twente figure: derived rows for code TWENTE from the 14 gemeenten, only where all 14 have a value.

Counts are summed, density is inhabitants per km² of land, shares are weighted (by households, inhabitants or, for
the RIVM age groups, the 2024 population of the nearest CBS age bands). Every derived row is flagged "derived".
"""

from __future__ import annotations

from typing import Final

import pandas as pd

from regiomonitor.areas import TWENTE_CODE, TWENTE_GEMEENTEN
from regiomonitor.prepare.readers.common import OBS_COLUMNS
from regiomonitor.prepare.values import FLAG_DERIVED

#: How the Twente figure is built from the 14 gemeenten: ("sum", None), ("weighted", weight indicator),
#: or ("density", None). RIVM percentages are weighted by the 2024 population of the nearest CBS age
#: band (see AGE_WEIGHTS); this is an approximation and is labelled "derived" everywhere it is shown.
AGGREGATION: Final[dict[str, tuple[str, str | None]]] = {
    "inwoners": ("sum", None),
    "huishoudens": ("sum", None),
    "woningvoorraad": ("sum", None),
    "oppervlakte_land_ha": ("sum", None),
    "bevolkingsdichtheid": ("density", None),
    "gem_huishoudensgrootte": ("weighted", "huishoudens"),
    "eenpersoonshuishoudens": ("weighted", "huishoudens"),
    "huishoudens_zonder_kinderen": ("weighted", "huishoudens"),
    "huishoudens_met_kinderen": ("weighted", "huishoudens"),
    "aandeel_westers": ("weighted", "inwoners"),
    "aandeel_niet_westers": ("weighted", "inwoners"),
    # A class (1 = zeer sterk ... 5 = niet stedelijk) has no meaningful average over gemeenten: no Twente figure.
    "stedelijkheid": ("none", None),
    "huishoudens_laag_inkomen": ("weighted", "inwoners"),
    "huishoudens_sociaal_minimum": ("weighted", "inwoners"),
    "huishoudens_tot_120_sociaal_minimum": ("weighted", "inwoners"),
}
#: RIVM age group -> CBS 2024 age bands used as weights for the Twente aggregate.
AGE_WEIGHTS: Final[dict[str, tuple[str, ...]]] = {
    "18+": ("aandeel_15_25", "aandeel_25_45", "aandeel_45_65", "aandeel_65_plus"),
    "18-64": ("aandeel_15_25", "aandeel_25_45", "aandeel_45_65"),
    "65+": ("aandeel_65_plus",),
    "totaal": (),
}


def _twente_weights(obs: pd.DataFrame) -> pd.DataFrame:
    """Population per Twente gemeente for each age group (2024 counts), as weights."""
    gm = obs[(obs["period"] == 2024) & obs["area_code"].isin(TWENTE_GEMEENTEN)]
    pivot = gm.pivot_table(index="area_code", columns="indicator", values="value", aggfunc="first")
    out = {}
    for age, bands in AGE_WEIGHTS.items():
        if bands:
            out[age] = sum(pivot[b] for b in bands) / 100.0 * pivot["inwoners"]
        else:
            out[age] = pivot["inwoners"]
    return pd.DataFrame(out)


def twente_aggregates(obs: pd.DataFrame) -> pd.DataFrame:
    """Derived TWENTE rows from the 14 gemeenten, only where all 14 have a published value."""
    gm = obs[obs["area_code"].isin(TWENTE_GEMEENTEN) & obs["value"].notna()]
    weights = _twente_weights(obs)
    rows = []
    for (ind, period, age), grp in gm.groupby(["indicator", "period", "age_group"], sort=True):
        if grp["area_code"].nunique() != len(TWENTE_GEMEENTEN):
            continue
        v = grp.set_index("area_code")["value"]
        rule, wid = AGGREGATION.get(ind, ("weighted", None))
        if rule == "none":
            continue
        if rule == "sum":
            value = float(v.sum())
        elif rule == "density":
            land = gm[(gm["indicator"] == "oppervlakte_land_ha") & (gm["period"] == period)].set_index("area_code")[
                "value"
            ]
            pop = gm[(gm["indicator"] == "inwoners") & (gm["period"] == period)].set_index("area_code")["value"]
            if len(land) != len(TWENTE_GEMEENTEN) or len(pop) != len(TWENTE_GEMEENTEN):
                continue
            value = float(pop.sum() / (land.sum() / 100.0))
        else:
            if wid is not None:
                w = gm[(gm["indicator"] == wid) & (gm["period"] == period)].set_index("area_code")["value"]
                if len(w) != len(TWENTE_GEMEENTEN):
                    w = weights["totaal"]  # fall back to 2024 inhabitants
            else:
                w = weights[age] if age in weights else weights["totaal"]
            w = w.reindex(v.index)
            value = float((v * w).sum() / w.sum())
        first = grp.iloc[0]
        rows.append(
            {
                "area_code": TWENTE_CODE,
                "indicator": ind,
                "period": int(period),
                "age_group": age,
                "value": round(value, 6),
                "flag": FLAG_DERIVED,
                "division": int(first["division"]),
                "dataset": first["dataset"],
            }
        )
    return pd.DataFrame(rows, columns=OBS_COLUMNS)
