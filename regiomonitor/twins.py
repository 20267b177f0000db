"""Look-alike buurten ("statistical twins"): the buurten most like a buurt in structure, and their outcomes.

Structure is what the open data give per buurt: the age mix (five shares of the population, CBS 1 January
2024), size (log10 of the number of inhabitants), the urbanity of the surroundings (log10 of the population
density of the buurt's wijk, 2024: available for all of NL) and, within Twente, household composition
(single-person households, households with children, average household size) and the CBS urbanity class
(Wijk- en buurtkaart 2021, which covers only Twente). ``FEATURES`` lists every feature with its weight per
scope. Origin or migration background (``aandeel_herkomst_*``, ``aandeel_westers``, ``aandeel_niet_westers``)
is deliberately **never** used: matching on it would steer comparisons by ethnicity, which is not a structural
cause we want to hold constant. Tenure and income are not available per buurt in the data we have.

Method: every variable is standardised (z-score) over the buurten of the scope (all Dutch buurten, or the
Twente buurten) with at least ``MIN_INHABITANTS`` inhabitants (smaller buurten are left out: their shares
swing with a handful of people and the health monitor rarely publishes figures for them); the distance between
two buurten is the weighted Euclidean distance ``√Σ wᵢ·Δzᵢ²`` on those z-scores. Similarity is
``100 × (1 − distance / √(2W))`` (floored at 0), with ``W`` the sum of the weights: 100 means identical, 0
means as far apart as two randomly chosen buurten are on average (for standardised variables the mean squared
weighted distance between two buurten is ``2W``). The outcomes (health monitor
2020, 18+) of the buurt are then set against the median of its twins: a gap that remains is not explained by
age mix or size.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final, overload

import numpy as np
import pandas as pd

from regiomonitor.data import DataStore

STRUCTURE: Final[tuple[str, ...]] = (
    "aandeel_0_15",
    "aandeel_15_25",
    "aandeel_25_45",
    "aandeel_45_65",
    "aandeel_65_plus",
)
SIZE: Final = "log_inwoners"
VARIABLES: Final[tuple[str, ...]] = (*STRUCTURE, SIZE)
URBANITY: Final = "log_wijk_dichtheid"
HOUSEHOLDS: Final[tuple[str, ...]] = ("eenpersoonshuishoudens", "huishoudens_met_kinderen", "gem_huishoudensgrootte")
URBAN_CLASS: Final = "stedelijkheid"
HOUSEHOLD_PERIOD: Final = 2021
#: Every matching feature: (group, weight across NL, weight within Twente); None = not used in that scope.
#: The age mix counts as much as two features (0.4 each), size and urbanity as one each, and household
#: composition as two (2/3 each) where it exists: Twente only, because the 2021 household figures cover Twente.
FEATURES: Final[dict[str, tuple[str, float | None, float | None]]] = {
    **{v: ("leeftijdsopbouw", 0.4, 0.4) for v in STRUCTURE},
    SIZE: ("omvang", 1.0, 1.0),
    URBANITY: ("verstedelijking", 1.0, 0.5),
    URBAN_CLASS: ("verstedelijking", None, 0.5),
    **{v: ("huishoudens", None, 2 / 3) for v in HOUSEHOLDS},
}
GROUP_LABELS: Final[dict[str, str]] = {
    "leeftijdsopbouw": "leeftijdsopbouw",
    "omvang": "omvang",
    "verstedelijking": "verstedelijking",
    "huishoudens": "huishoudenssamenstelling",
}
#: Never a matching variable (see the module docstring); a test checks none of these ever enters the matrix.
EXCLUDED: Final[tuple[str, ...]] = (
    "aandeel_herkomst_nederland",
    "aandeel_herkomst_europa",
    "aandeel_herkomst_buiten_europa",
    "aandeel_westers",
    "aandeel_niet_westers",
)


def scope_weights(scope: str) -> dict[str, float]:
    """The features and weights of a scope ("nl" or "twente"), in ``FEATURES`` order."""
    col = 1 if scope == "nl" else 2
    return {v: float(spec[col]) for v, spec in FEATURES.items() if spec[col] is not None}  # type: ignore[arg-type]


STRUCTURE_PERIOD: Final = 2024
OUTCOME_PERIOD: Final = 2020
OUTCOME_AGE: Final = "18+"
MIN_INHABITANTS: Final = 200
N_TWINS: Final = 10
#: The outcome that marks a buurt as having health-monitor figures at all (candidates must have it).
MARKER_OUTCOME: Final = "moeite_rondkomen"
OUTCOMES: Final[tuple[str, ...]] = (
    "moeite_rondkomen",
    "goede_gezondheid",
    "langdurige_aandoening",
    "beperkt_gezondheid",
    "risico_angst_depressie_hoog",
    "eenzaam",
    "ernstig_eenzaam",
    "regie_eigen_leven",
    "overgewicht",
    "roker",
    "beweegrichtlijn",
    "vrijwilligerswerk",
)
LABELS: Final[dict[str, str]] = {
    "aandeel_0_15": "0-15 jaar (%)",
    "aandeel_15_25": "15-25 jaar (%)",
    "aandeel_25_45": "25-45 jaar (%)",
    "aandeel_45_65": "45-65 jaar (%)",
    "aandeel_65_plus": "65 jaar en ouder (%)",
    SIZE: "Inwoners (log)",
    "inwoners": "Inwoners",
    URBANITY: "Dichtheid van de wijk (log)",
    "wijk_dichtheid": "Dichtheid van de wijk (inw./km²)",
    URBAN_CLASS: "Stedelijkheid (1-5)",
    "eenpersoonshuishoudens": "Eenpersoonshuishoudens (%)",
    "huishoudens_met_kinderen": "Huishoudens met kinderen (%)",
    "gem_huishoudensgrootte": "Huishoudensgrootte",
}
METHOD: Final = (
    "**Kenmerken en gewichten.** Structuur = de leeftijdsopbouw (aandeel 0-15, 15-25, 25-45, 45-65 en 65+, elk "
    f"gewicht 0,4), de omvang (logaritme van het aantal inwoners, gewicht 1), beide CBS 1 januari {STRUCTURE_PERIOD}, "
    "en de verstedelijking: de bevolkingsdichtheid van de wijk waarin de buurt ligt (logaritme, CBS 2024; gewicht 1 "
    "in heel Nederland). **Binnen Twente** komen daar de huishoudenssamenstelling bij (aandeel "
    "eenpersoonshuishoudens, aandeel huishoudens met kinderen en de gemiddelde huishoudensgrootte, elk gewicht 2/3) "
    f"en de CBS-stedelijkheidsklasse van de buurt (gewicht 0,5; de wijkdichtheid dan ook 0,5), uit de Wijk- en "
    f"buurtkaart {HOUSEHOLD_PERIOD}: die cijfers hebben we alleen voor Twente. Elk kenmerk is gestandaardiseerd "
    f"(z-score) over de buurten van het zoekgebied met minstens {MIN_INHABITANTS} inwoners; kleinere buurten doen "
    "niet mee, omdat hun aandelen met een paar inwoners verschuiven en de gezondheidsmonitor er zelden cijfers "
    "voor heeft. De afstand tussen twee buurten is de gewogen euclidische afstand op die z-scores (√Σ gewicht × "
    "verschil²). Gelijkenis = 100 × (1 − afstand / √(2 × som van de gewichten)): 100 is gelijk op alle kenmerken, "
    "0 is zo verschillend als twee willekeurige buurten gemiddeld. De kolom 'Waarom een tweeling' zegt per "
    "kenmerkgroep of de tweeling erop lijkt (gemiddeld minder dan een halve standaardafwijking verschil) of "
    "ervan afwijkt (meer dan één). Als tweeling tellen alleen buurten met cijfers uit de gezondheidsmonitor "
    f"{OUTCOME_PERIOD}; hun uitkomsten (18+) zetten we naast die van de buurt (de mediaan van de tien meest "
    "gelijkende). **Herkomst of migratieachtergrond gebruiken we nooit als kenmerk**: dan zou de vergelijking op "
    "etniciteit sturen, en dat is geen structuuroorzaak die we constant willen houden. Woningbezit en inkomen "
    "zijn in de open data niet per buurt beschikbaar."
)


@dataclass(frozen=True)
class StructureMatrix:
    """Structure per buurt (index: buurt code).

    Attributes:
        raw: the variables as published (shares in %, ``log_inwoners``) plus ``inwoners``.
        z: the standardised variables (``VARIABLES`` only: what the distance is computed on).
        twente: True for buurten of the 14 Twente gemeenten.
        has_outcomes: True for buurten with a health-monitor figure in ``OUTCOME_PERIOD``.
        names: the buurt's name ('' when unknown).
    """

    raw: pd.DataFrame
    z: pd.DataFrame
    twente: pd.Series
    has_outcomes: pd.Series
    names: pd.Series
    weights: pd.Series | None = None  # per column of ``z``; None = every feature weight 1
    scope: str = "nl"

    def weight_vector(self) -> pd.Series:
        """The weight of every column of ``z`` (1 where none is given)."""
        if self.weights is None:
            return pd.Series(1.0, index=self.z.columns)
        return self.weights.reindex(self.z.columns).fillna(1.0)


def _wide(long: pd.DataFrame, period: int, indicators: Sequence[str], age: str | None = None) -> pd.DataFrame:
    rows = long[(long["period"] == period) & long["indicator"].isin(list(indicators)) & long["value"].notna()]
    if age is not None:
        rows = rows[rows["age_group"] == age]
    if "level" in rows.columns:
        rows = rows[rows["level"] == "buurt"]
    return rows.pivot_table(index="area_code", columns="indicator", values="value", aggfunc="first")


def standardise(raw: pd.DataFrame, variables: Sequence[str] = VARIABLES) -> pd.DataFrame:
    """z-scores of ``variables`` over the rows of ``raw`` (population standard deviation; a constant column
    becomes 0 so it does not count)."""
    cols = raw[list(variables)].astype(float)
    sd = cols.std(ddof=0).replace(0.0, np.nan)
    return ((cols - cols.mean()) / sd).fillna(0.0)


def build_matrix(
    structure: pd.DataFrame,
    twente: set[str] | frozenset[str],
    with_outcomes: set[str] | frozenset[str],
    names: Mapping[str, str] | None = None,
    weights: Mapping[str, float] | None = None,
    scope: str = "nl",
) -> StructureMatrix:
    """The matrix from a wide table (buurt × ``STRUCTURE`` + ``inwoners``, plus ``wijk_dichtheid`` and the
    household and urbanity columns when ``weights`` asks for them): drops incomplete rows and buurten under
    ``MIN_INHABITANTS``, adds ``log_inwoners`` (and ``log_wijk_dichtheid``), standardises.

    Without ``weights`` the features are ``VARIABLES`` with weight 1 each."""
    variables = list(weights) if weights else list(VARIABLES)
    extra = [v for v in variables if v not in (*STRUCTURE, SIZE, URBANITY)]
    wanted = [*STRUCTURE, "inwoners", *(["wijk_dichtheid"] if URBANITY in variables else []), *extra]
    wide = structure.reindex(columns=wanted).dropna(subset=wanted)
    wide = wide[wide["inwoners"] >= MIN_INHABITANTS].sort_index()
    raw = wide[list(STRUCTURE)].assign(**{SIZE: np.log10(wide["inwoners"].astype(float))})
    if URBANITY in variables:
        raw[URBANITY] = np.log10(wide["wijk_dichtheid"].astype(float).clip(lower=1.0))
        raw["wijk_dichtheid"] = wide["wijk_dichtheid"]
    for v in extra:
        raw[v] = wide[v].astype(float)
    raw["inwoners"] = wide["inwoners"]
    name_map = names or {}
    return StructureMatrix(
        raw=raw,
        z=standardise(raw, variables),
        weights=pd.Series(dict(weights), dtype=float) if weights else None,
        scope=scope,
        twente=pd.Series(raw.index.isin(list(twente)), index=raw.index),
        has_outcomes=pd.Series(raw.index.isin(list(with_outcomes)), index=raw.index),
        names=pd.Series([name_map.get(c, "") or "" for c in raw.index], index=raw.index, dtype="str"),
    )


def structure_matrix(store: DataStore, nl_buurten: pd.DataFrame, scope: str = "nl") -> StructureMatrix:
    """The features of ``scope`` (see ``FEATURES``) for every buurt with enough inhabitants: all Dutch buurten
    standardised over the Netherlands ("nl"), or the Twente buurten standardised over Twente ("twente")."""
    tw = store.indicators[store.indicators["level"] == "buurt"]
    wanted = [*STRUCTURE, "inwoners"]
    tw_wide = _wide(tw, STRUCTURE_PERIOD, wanted)
    # The density of the buurt's wijk (2024): Twente from the store, the rest of NL from nl_buurten.
    wijken = store.indicators[
        (store.indicators["level"] == "wijk")
        & (store.indicators["indicator"] == "bevolkingsdichtheid")
        & (store.indicators["period"] == STRUCTURE_PERIOD)
    ].set_index("area_code")["value"]
    tw_wide["wijk_dichtheid"] = [wijken.get("WK" + c[2:8], np.nan) for c in tw_wide.index]
    hh = _wide(tw, HOUSEHOLD_PERIOD, [*HOUSEHOLDS, URBAN_CLASS])
    tw_wide = tw_wide.join(hh.reindex(columns=[*HOUSEHOLDS, URBAN_CLASS]))
    if scope == "twente":
        wide = tw_wide
    else:
        nl_wide = _wide(nl_buurten, STRUCTURE_PERIOD, [*wanted, "wijk_dichtheid"])
        wide = pd.concat([tw_wide, nl_wide])
    wide = wide[~wide.index.duplicated(keep="first")]
    marker = pd.concat(
        [
            _wide(tw, OUTCOME_PERIOD, [MARKER_OUTCOME], OUTCOME_AGE),
            _wide(nl_buurten, OUTCOME_PERIOD, [MARKER_OUTCOME], OUTCOME_AGE),
        ]
    )
    names = dict(store.area_names)
    if "name" in nl_buurten.columns:
        nl_names = nl_buurten.drop_duplicates("area_code").set_index("area_code")["name"]
        names.update({c: str(n) for c, n in nl_names.items() if isinstance(n, str) and n})
    return build_matrix(wide, set(tw["area_code"]), set(marker.index), names, weights=scope_weights(scope), scope=scope)


@overload
def similarity(distance: float, n_variables: float = ...) -> float: ...
@overload
def similarity(distance: pd.Series, n_variables: float = ...) -> pd.Series: ...
def similarity(distance: float | pd.Series, n_variables: float = len(VARIABLES)) -> float | pd.Series:
    """0-100: 100 identical, 0 as far apart as two random buurten on average (distance √(2p)), floored at 0.

    With weights, ``n_variables`` is the sum of the weights.

    >>> similarity(0.0), similarity(math.sqrt(12)), similarity(100.0)
    (100.0, 0.0, 0.0)
    """
    scale = math.sqrt(2 * n_variables)
    if isinstance(distance, pd.Series):
        return (100.0 * (1 - distance / scale)).clip(lower=0.0)
    return max(0.0, 100.0 * (1 - float(distance) / scale))


def find_twins(
    matrix: StructureMatrix,
    code: str,
    n: int = N_TWINS,
    scope: str = "nl",
    exclude: Sequence[str] = (),
    require_outcomes: bool = False,
) -> pd.DataFrame:
    """The ``n`` buurten most like ``code`` (itself and ``exclude`` left out), within Twente or all of NL.

    Args:
        scope: "nl" (all Dutch buurten) or "twente".
        require_outcomes: only buurten with health-monitor figures (so their outcomes can be compared).

    Returns:
        Columns code, naam, afstand, gelijkenis (0-100, see ``similarity``), the raw structure variables and
        ``inwoners``, a ``verschil_<variable>`` per variable (twin minus buurt) and ``grootste_verschil`` (the
        label of the variable on which the twin differs most, in z-scores). Empty when ``code`` has no
        structure (too small or no data).
    """
    columns = [
        "code",
        "naam",
        "afstand",
        "gelijkenis",
        *matrix.raw.columns,
        *(f"verschil_{v}" for v in (*STRUCTURE, "inwoners")),
        "grootste_verschil",
        "waarom",
    ]
    if code not in matrix.z.index:
        return pd.DataFrame(columns=columns)
    keep = matrix.twente if scope == "twente" else pd.Series(True, index=matrix.z.index)
    if require_outcomes:
        keep = keep & matrix.has_outcomes
    pool = matrix.z[keep]
    pool = pool.drop(index=[c for c in {code, *exclude} if c in pool.index])
    own_z = matrix.z.loc[code]
    gaps = pool - own_z
    w = matrix.weight_vector()
    dist = np.sqrt((gaps**2 * w).sum(axis=1))
    top = dist.sort_values(kind="stable").iloc[:n]
    out = matrix.raw.loc[top.index].copy()
    own = matrix.raw.loc[code]
    for v in (*STRUCTURE, "inwoners"):
        out[f"verschil_{v}"] = out[v] - own[v]
    out["grootste_verschil"] = (gaps.loc[top.index].abs() * np.sqrt(w)).idxmax(axis=1).map(LABELS).to_numpy()
    out["waarom"] = [why_twin(gaps.loc[c], w) for c in top.index]
    out.insert(0, "gelijkenis", similarity(top, float(w.sum())).round(0).to_numpy())
    out.insert(0, "afstand", top.round(3).to_numpy())
    out.insert(0, "naam", [matrix.names.get(c, "") or c for c in top.index])
    out.insert(0, "code", top.index)
    return out.reset_index(drop=True)[columns]


ALIKE_Z: Final = 0.5
DIFFERENT_Z: Final = 1.0


def why_twin(gaps: pd.Series, weights: pd.Series) -> str:
    """Why a twin is a twin, in Dutch: per feature group the weighted root-mean-square z-gap, 'lijkt op' below
    ``ALIKE_Z`` and 'wijkt af in' above ``DIFFERENT_Z``.

    >>> why_twin(pd.Series({"aandeel_0_15": 0.1, "log_inwoners": 1.5}), pd.Series({"aandeel_0_15": 1.0, "log_inwoners": 1.0}))
    'lijkt op: leeftijdsopbouw; wijkt af in: omvang'
    """
    alike, different = [], []
    groups: dict[str, list[str]] = {}
    for v in gaps.index:
        groups.setdefault(FEATURES.get(v, ("omvang",))[0], []).append(v)
    for group, members in groups.items():
        wv = weights.reindex(members).fillna(1.0)
        rms = float(np.sqrt((gaps[members] ** 2 * wv).sum() / wv.sum())) if wv.sum() else 0.0
        if rms < ALIKE_Z:
            alike.append(GROUP_LABELS.get(group, group))
        elif rms > DIFFERENT_Z:
            different.append(GROUP_LABELS.get(group, group))
    parts = []
    if alike:
        parts.append("lijkt op: " + ", ".join(alike))
    if different:
        parts.append("wijkt af in: " + ", ".join(different))
    return "; ".join(parts) or "lijkt matig op alle kenmerken"


def outcome_values(store: DataStore, nl_buurten: pd.DataFrame, outcomes: Sequence[str] = OUTCOMES) -> pd.DataFrame:
    """Buurt × outcome (``OUTCOME_PERIOD``, 18+) for every Dutch buurt (Twente from the store)."""
    tw = store.indicators[store.indicators["level"] == "buurt"]
    values = pd.concat(
        [_wide(tw, OUTCOME_PERIOD, outcomes, OUTCOME_AGE), _wide(nl_buurten, OUTCOME_PERIOD, outcomes, OUTCOME_AGE)]
    )
    return values[~values.index.duplicated(keep="first")]
