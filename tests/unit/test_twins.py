"""Look-alike buurten: the matrix (no origin, small buurten out), the distance and similarity, the twins and
the comparison of outcomes; hand-made structures first, then the committed data."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from regiomonitor.data import DataStore
from regiomonitor.twin_display import outcome_chart, outcome_comparison, structure_comparison
from regiomonitor.twins import (
    EXCLUDED,
    METHOD,
    MIN_INHABITANTS,
    STRUCTURE,
    VARIABLES,
    build_matrix,
    find_twins,
    similarity,
    structure_matrix,
)

WESSELERBRINK = ["BU01530603", "BU01530604", "BU01530605", "BU01530606"]


def _structure() -> pd.DataFrame:
    """Six buurten: A and B nearly alike, C alike in age but much bigger, D old, E tiny, F with origin data."""
    rows = {
        "BU00000001": (20, 10, 30, 25, 15, 1000),
        "BU00000002": (21, 10, 29, 25, 15, 1100),
        "BU00000003": (20, 10, 30, 25, 15, 9000),
        "BU00000004": (5, 5, 15, 30, 45, 1000),
        "BU00000005": (20, 10, 30, 25, 15, 50),
        "BU00000006": (15, 15, 30, 25, 15, 2000),
    }
    df = pd.DataFrame.from_dict(rows, orient="index", columns=[*STRUCTURE, "inwoners"]).astype(float)
    df["aandeel_herkomst_buiten_europa"] = [5.0, 60.0, 5.0, 5.0, 5.0, 90.0]  # must never matter
    return df


@pytest.fixture()
def matrix():
    return build_matrix(
        _structure(),
        twente={"BU00000001", "BU00000004"},
        with_outcomes={"BU00000001", "BU00000002", "BU00000003", "BU00000004"},
        names={"BU00000002": "Bee"},
    )


def test_matrix_leaves_out_small_buurten_and_origin(matrix) -> None:
    assert "BU00000005" not in matrix.z.index  # 50 inhabitants < MIN_INHABITANTS
    assert list(matrix.z.columns) == list(VARIABLES)
    assert not set(EXCLUDED) & set(matrix.z.columns) and not set(EXCLUDED) & set(matrix.raw.columns)
    assert np.allclose(matrix.z.mean(), 0) and np.allclose(matrix.z.std(ddof=0), 1)
    assert matrix.raw.loc["BU00000001", "log_inwoners"] == pytest.approx(3.0)
    assert MIN_INHABITANTS == 200 and str(MIN_INHABITANTS) in METHOD and "Herkomst" in METHOD


def test_origin_never_changes_the_twins(matrix) -> None:
    other = _structure().assign(aandeel_herkomst_buiten_europa=[90.0, 5.0, 50.0, 0.0, 1.0, 2.0])
    again = build_matrix(other, twente=set(), with_outcomes=set())
    assert find_twins(matrix, "BU00000001", 5)["code"].tolist() == find_twins(again, "BU00000001", 5)["code"].tolist()


def test_nearest_first_with_similarity(matrix) -> None:
    twins = find_twins(matrix, "BU00000001", 4)
    assert twins["code"].tolist()[0] == "BU00000002" and "BU00000001" not in set(twins["code"])
    assert twins["afstand"].is_monotonic_increasing
    assert twins["gelijkenis"].is_monotonic_decreasing and twins["gelijkenis"].between(0, 100).all()
    assert twins.loc[0, "naam"] == "Bee" and twins.loc[1, "naam"] == twins.loc[1, "code"]  # unnamed: its code
    own = matrix.z.loc["BU00000001"]
    for _, t in twins.iterrows():
        assert t["afstand"] == pytest.approx(math.dist(own, matrix.z.loc[t["code"]]), abs=1e-3)
    big = twins.set_index("code").loc["BU00000003"]
    assert big["grootste_verschil"] == "Inwoners (log)" and big["verschil_inwoners"] == 8000


def test_similarity_scale() -> None:
    p = len(VARIABLES)
    assert similarity(0.0) == 100.0
    assert similarity(math.sqrt(2 * p)) == 0.0 and similarity(99.0) == 0.0
    assert similarity(math.sqrt(2 * p) / 2) == pytest.approx(50.0)
    assert similarity(pd.Series([0.0, 100.0])).tolist() == [100.0, 0.0]


def test_scope_outcomes_and_exclusions(matrix) -> None:
    assert set(find_twins(matrix, "BU00000001", 10, "twente")["code"]) == {"BU00000004"}
    with_outcomes = find_twins(matrix, "BU00000001", 10, require_outcomes=True)
    assert set(with_outcomes["code"]) == {"BU00000002", "BU00000003", "BU00000004"}
    assert "BU00000002" not in set(find_twins(matrix, "BU00000001", 10, exclude=["BU00000002"])["code"])
    assert find_twins(matrix, "BU00000005").empty  # too small to have a structure
    assert find_twins(matrix, "BU99999999").empty


def test_structure_comparison(matrix) -> None:
    twins = find_twins(matrix, "BU00000001", 2)
    comp = structure_comparison(matrix, "BU00000001", twins).set_index("variabele")
    assert comp.loc["inwoners", "buurt"] == 1000
    assert comp.loc["inwoners", "tweelingen_mediaan"] == pytest.approx(np.median(twins["inwoners"]))
    assert comp.loc["aandeel_0_15", "verschil"] == pytest.approx(np.median(twins["aandeel_0_15"]) - 20)


# ------------------------------------------------------------------------------------------------ real data


@pytest.fixture(scope="module")
def real(store: DataStore, nl: pd.DataFrame):
    return structure_matrix(store, nl)


def test_outcomes_against_hand_made_values(store: DataStore) -> None:
    twins = pd.DataFrame({"code": ["T1", "T2", "T3"]})
    values = pd.DataFrame(
        {"moeite_rondkomen": [30.0, 10.0, 20.0, 12.0], "goede_gezondheid": [60.0, 80.0, 70.0, None]},
        index=["B", "T1", "T2", "T3"],
    )
    out = outcome_comparison(
        store, None, "B", twins, outcomes=("moeite_rondkomen", "goede_gezondheid"), values=values
    ).set_index("indicator")
    assert out.loc["moeite_rondkomen", "tweelingen_mediaan"] == 12.0 and out.loc["moeite_rondkomen", "n"] == 3
    assert out.loc["moeite_rondkomen", "verschil"] == 18.0 and out.loc["moeite_rondkomen", "oordeel"] == "slechter"
    assert out.loc["goede_gezondheid", "n"] == 2 and out.loc["goede_gezondheid", "tweelingen_mediaan"] == 75.0
    assert out.loc["goede_gezondheid", "oordeel"] == "slechter"  # higher is better and B is lower
    assert outcome_chart(out.reset_index(), "B").to_dict()["height"] == {"step": 26}


def test_real_matrix_covers_the_netherlands(real, store: DataStore) -> None:
    assert len(real.z) > 10_000 and real.twente.sum() > 300 and real.has_outcomes.sum() > 8_000
    assert (real.raw["inwoners"] >= MIN_INHABITANTS).all()
    assert all(c in real.z.index for c in WESSELERBRINK)
    assert real.names["BU01530603"] == store.name("BU01530603")
    assert (real.names != "").mean() > 0.9  # buurten elsewhere in NL carry their 2024 name


def test_wesselerbrink_twins_and_outcomes(real, store: DataStore, nl: pd.DataFrame) -> None:
    twins = find_twins(real, "BU01530603", 10, "nl", require_outcomes=True)
    assert len(twins) == 10 and real.has_outcomes.loc[twins["code"]].all()
    assert twins["gelijkenis"].iloc[0] >= 80
    local = find_twins(real, "BU01530603", 5, "twente", require_outcomes=True)
    assert real.twente.loc[local["code"]].all()
    out = outcome_comparison(store, nl, "BU01530603", twins).set_index("indicator")
    row = out.loc["moeite_rondkomen"]
    assert row["buurt"] == 26.9 and row["n"] == 10
    assert row["verschil"] == pytest.approx(row["buurt"] - row["tweelingen_mediaan"]) and row["oordeel"] == "slechter"


def test_weights_change_the_distance_and_the_similarity_scale() -> None:
    from regiomonitor.twins import FEATURES, scope_weights

    structure = _structure()
    flat = build_matrix(structure, twente=set(), with_outcomes=set())
    weighted = build_matrix(
        structure, twente=set(), with_outcomes=set(), weights={**{v: 0.4 for v in STRUCTURE}, "log_inwoners": 3.0}
    )
    own, other = weighted.z.loc["BU00000001"], weighted.z.loc["BU00000003"]
    w = weighted.weight_vector()
    expected = math.sqrt(float(((own - other) ** 2 * w).sum()))
    twin = find_twins(weighted, "BU00000001", 5).set_index("code").loc["BU00000003"]
    assert twin["afstand"] == pytest.approx(expected, abs=1e-3)
    assert twin["gelijkenis"] == round(similarity(expected, float(w.sum())))
    assert find_twins(flat, "BU00000001", 5).set_index("code").loc["BU00000003", "afstand"] != twin["afstand"]
    # households and the urbanity class only within Twente; origin never, in any scope
    assert set(scope_weights("twente")) - set(scope_weights("nl")) == {
        "stedelijkheid",
        "eenpersoonshuishoudens",
        "huishoudens_met_kinderen",
        "gem_huishoudensgrootte",
    }
    assert not set(EXCLUDED) & set(FEATURES)
    assert "gewicht 2/3" in METHOD and "Binnen Twente" in METHOD


def test_why_a_twin_is_a_twin() -> None:
    from regiomonitor.twins import why_twin

    gaps = pd.Series({"aandeel_0_15": 0.1, "aandeel_65_plus": 0.2, "log_inwoners": 2.0, "eenpersoonshuishoudens": 0.7})
    text = why_twin(gaps, pd.Series(1.0, index=gaps.index))
    assert text == "lijkt op: leeftijdsopbouw; wijkt af in: omvang"  # households in between: neither


def test_twente_scope_matches_on_households_and_urbanity(store: DataStore, nl: pd.DataFrame) -> None:
    tw = structure_matrix(store, nl, "twente")
    assert {
        "eenpersoonshuishoudens",
        "huishoudens_met_kinderen",
        "gem_huishoudensgrootte",
        "stedelijkheid",
        "log_wijk_dichtheid",
    } <= set(tw.z.columns)
    assert tw.twente.all() and not set(EXCLUDED) & set(tw.z.columns)
    twins = find_twins(tw, "BU01530603", 10, "twente", require_outcomes=True)
    assert len(twins) == 10 and twins["waarom"].str.len().gt(0).all()
    national = structure_matrix(store, nl, "nl")
    assert "log_wijk_dichtheid" in national.z.columns and "eenpersoonshuishoudens" not in national.z.columns
    # the twins across NL of Wesselerbrink Noord-Oost are urban buurten now: their wijken are dense
    nl_twins = find_twins(national, "BU01530603", 10, "nl", require_outcomes=True)
    assert (nl_twins["wijk_dichtheid"] > 1500).all()
