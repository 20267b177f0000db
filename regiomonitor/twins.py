"""Look-alike buurten ("statistical twins"): buurten with the most similar structure, and their outcomes.

Structure is what the open data give per buurt for all of the Netherlands: the age mix (five shares, CBS 2024)
and size (log of inhabitants). Origin or migration background is deliberately **not** used: matching on it
would steer comparisons by ethnicity, which is not a structural cause we want to hold constant. Each variable is
standardised (z-score) over all Dutch buurten with at least ``MIN_INHABITANTS`` inhabitants; distance is the
Euclidean distance on those z-scores. Outcomes (health monitor 2020) of the chosen buurt are then set against
the median of its twins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from regiomonitor.data import DataStore
from regiomonitor.profile import assess

STRUCTURE: Final[tuple[str, ...]] = ("aandeel_0_15", "aandeel_15_25", "aandeel_25_45", "aandeel_45_65", "aandeel_65_plus")
SIZE: Final = "log_inwoners"
STRUCTURE_PERIOD: Final = 2024
OUTCOME_PERIOD: Final = 2020
MIN_INHABITANTS: Final = 200
OUTCOMES: Final[tuple[str, ...]] = (
    "moeite_rondkomen", "goede_gezondheid", "langdurige_aandoening", "risico_angst_depressie_hoog", "eenzaam",
    "ernstig_eenzaam", "regie_eigen_leven", "overgewicht", "roker", "beweegrichtlijn", "vrijwilligerswerk",
)
LABELS: Final = {"aandeel_0_15": "0-15 jaar", "aandeel_15_25": "15-25 jaar", "aandeel_25_45": "25-45 jaar",
                 "aandeel_45_65": "45-65 jaar", "aandeel_65_plus": "65+", SIZE: "inwoners (log)"}


@dataclass(frozen=True)
class StructureMatrix:
    """Raw and standardised structure per buurt (index: buurt code), with the Twente flag."""

    raw: pd.DataFrame
    z: pd.DataFrame
    twente: pd.Series


def _wide(long: pd.DataFrame, period: int, indicators: Sequence[str], age: str | None = None) -> pd.DataFrame:
    rows = long[(long["period"] == period) & long["indicator"].isin(indicators) & long["value"].notna()]
    if age is not None:
        rows = rows[rows["age_group"] == age]
    return rows.pivot_table(index="area_code", columns="indicator", values="value", aggfunc="first")


def structure_matrix(store: DataStore, nl_buurten: pd.DataFrame) -> StructureMatrix:
    """Age mix and size of every Dutch buurt with enough inhabitants, standardised over the Netherlands."""
    tw = store.indicators[store.indicators["level"] == "buurt"]
    wanted = [*STRUCTURE, "inwoners"]
    wide = pd.concat([_wide(tw, STRUCTURE_PERIOD, wanted), _wide(nl_buurten, STRUCTURE_PERIOD, wanted)])
    wide = wide[~wide.index.duplicated(keep="first")].dropna(subset=wanted)
    wide = wide[wide["inwoners"] >= MIN_INHABITANTS]
    raw = wide[list(STRUCTURE)].assign(**{SIZE: np.log10(wide["inwoners"])})
    z = (raw - raw.mean()) / raw.std(ddof=0)
    twente = pd.Series(raw.index.isin(set(tw["area_code"])), index=raw.index)
    return StructureMatrix(raw=raw.assign(inwoners=wide["inwoners"]), z=z, twente=twente)


def find_twins(matrix: StructureMatrix, code: str, n: int = 10, scope: str = "nl",
               exclude: Sequence[str] = ()) -> pd.DataFrame:
    """The ``n`` buurten most like ``code`` (itself and ``exclude`` left out), within Twente or all of NL.

    Columns: code, afstand, gelijkenis (0-100: the share of all candidate buurten that are less alike), and the
    raw structure variables. Empty when ``code`` has no structure (too small or no data).
    """
    if code not in matrix.z.index:
        return pd.DataFrame(columns=["code", "afstand", "gelijkenis", *matrix.raw.columns])
    pool = matrix.z if scope == "nl" else matrix.z[matrix.twente]
    pool = pool.drop(index=[c for c in {code, *exclude} if c in pool.index])
    dist = np.sqrt(((pool - matrix.z.loc[code]) ** 2).sum(axis=1))
    order = dist.sort_values(kind="stable")
    ranks = order.rank(method="max")
    top = order.iloc[:n]
    out = matrix.raw.loc[top.index].copy()
    out.insert(0, "gelijkenis", (100.0 * (1 - (ranks.loc[top.index] - 1) / len(order))).round(1))
    out.insert(0, "afstand", top.round(3))
    out.insert(0, "code", top.index)
    return out.reset_index(drop=True)


def structure_comparison(matrix: StructureMatrix, code: str, twins: pd.DataFrame) -> pd.DataFrame:
    """The chosen buurt's structure beside the twins' median: where they are alike and where not."""
    own = matrix.raw.loc[code]
    rows = []
    for var in (*STRUCTURE, "inwoners"):
        rows.append({"kenmerk": LABELS.get(var, "inwoners"), "buurt": float(own[var]),
                     "tweelingen_mediaan": float(twins[var].median()) if len(twins) else None,
                     "tweelingen_min": float(twins[var].min()) if len(twins) else None,
                     "tweelingen_max": float(twins[var].max()) if len(twins) else None})
    return pd.DataFrame(rows)


def outcome_comparison(store: DataStore, nl_buurten: pd.DataFrame, code: str, twins: pd.DataFrame,
                       outcomes: Sequence[str] = OUTCOMES) -> pd.DataFrame:
    """Outcomes (health monitor 2020, 18+) of the buurt against the median of its twins.

    Columns: indicator, label, unit, direction, buurt, tweelingen_mediaan, n (twins with a value), verschil,
    oordeel. Twins whose code changed between 2020 and 2024 have no 2020 value and are not counted.
    """
    tw = store.indicators[store.indicators["level"] == "buurt"]
    values = pd.concat([_wide(tw, OUTCOME_PERIOD, outcomes, "18+"), _wide(nl_buurten, OUTCOME_PERIOD, outcomes, "18+")])
    values = values[~values.index.duplicated(keep="first")]
    rows = []
    known = set(store.catalogue["id"])
    for ind in outcomes:
        if ind not in known or ind not in values.columns:
            continue
        meta = store.indicator(ind)
        own = values[ind].get(code)
        twin_values = values[ind].reindex(twins["code"]).dropna()
        median = float(twin_values.median()) if len(twin_values) else None
        own_v = None if own is None or pd.isna(own) else float(own)
        rows.append({"indicator": ind, "label": str(meta["label"]), "unit": str(meta["unit"]),
                     "direction": str(meta["direction"]), "buurt": own_v, "tweelingen_mediaan": median,
                     "n": int(len(twin_values)),
                     "verschil": None if own_v is None or median is None else own_v - median,
                     "oordeel": assess(own_v, median, str(meta["direction"]))})
    return pd.DataFrame(rows)
