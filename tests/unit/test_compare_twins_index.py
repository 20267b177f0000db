"""Vergelijken: selection parsing, the comparison frame (equal to the Buurt page), ranking, look-alikes and the
working deprivation index (hand-made data for the maths, the committed data for agreement)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regiomonitor.compare import (
    MAX_BUURTEN, comparison_frame, comparison_table, parse_buurten, ranking_chart, ranking_frame, small_multiples,
)
from regiomonitor.data import DataStore, load_nl_buurten, load_store
from regiomonitor.deprivation import (
    DOMAINS, INDEX_ID, INDICATORS, MIN_DOMAINS, breakdown, index_for_period, scores, with_index,
)
from regiomonitor.profile import buurt_profile
from regiomonitor.twins import find_twins, outcome_comparison, structure_matrix

WESSELERBRINK = ["BU01530603", "BU01530604", "BU01530605", "BU01530606"]
SPOORZONE = ["BU01411003", "BU01411402"]


@pytest.fixture(scope="module")
def store() -> DataStore:
    return load_store()


@pytest.fixture(scope="module")
def nl() -> pd.DataFrame:
    return load_nl_buurten()


# ------------------------------------------------------------------------------------------------ selection


def test_parse_buurten_reports_unknown_and_malformed() -> None:
    known = {"BU01530603", "BU01530604"}
    sel = parse_buurten(" bu01530603,BU01530604,BU01530603,BU99999999,<script>alert(1)</script>,", known)
    assert sel.codes == ("BU01530603", "BU01530604") and sel.unknown == ("BU99999999",)
    assert len(sel.malformed) == 1 and "<script>" not in (sel.notice() or "").lower()
    assert "BU99999999" in sel.notice()
    assert parse_buurten(None, known).codes == () and parse_buurten("", known).notice() is None


def test_parse_buurten_caps_at_eight_and_long_input() -> None:
    codes = [f"BU0153{i:04d}" for i in range(12)]
    sel = parse_buurten(",".join(codes), set(codes))
    assert len(sel.codes) == MAX_BUURTEN and sel.truncated
    assert parse_buurten("B" * 100_000, set(codes)).codes == ()


# ------------------------------------------------------------------------------------------------ comparison


def test_comparison_matches_the_buurt_page(store: DataStore) -> None:
    frame = comparison_frame(store, WESSELERBRINK + SPOORZONE, 2020)
    for code in WESSELERBRINK + SPOORZONE:
        profile = buurt_profile(store, code).set_index("indicator")
        mine = frame[frame["code"] == code].set_index("indicator")
        for ind in set(profile.index) & set(mine.index):
            if profile.loc[ind, "period"] == mine.loc[ind, "period"]:
                assert mine.loc[ind, "value"] == pytest.approx(profile.loc[ind, "value"]), (code, ind)
                assert mine.loc[ind, "gemeente"] == pytest.approx(profile.loc[ind, "gemeente"])
                assert mine.loc[ind, "oordeel"] == profile.loc[ind, "oordeel"]


def test_comparison_table_groups_by_theme_and_explains_gaps(store: DataStore) -> None:
    frame = comparison_frame(store, ["BU01530603", "BU01411003"], 2012)
    table = comparison_table(frame)
    themes = table["Thema"].tolist()
    assert themes == sorted(themes, key=lambda t: list(dict.fromkeys(themes)).index(t))  # contiguous groups
    assert {"Twente", "Nederland"} <= set(table.columns)
    assert table.filter(like="BU0153").iloc[:, 0].str.len().gt(0).all()  # never blank


def test_ranking_marks_the_chosen_and_respects_direction(store: DataStore) -> None:
    ranked = ranking_frame(store, "moeite_rondkomen", 2020, "GM0153", WESSELERBRINK)
    assert ranked["gekozen"].sum() == 4 and ranked["rank"].iloc[0] == 1
    assert ranked["value"].iloc[0] == ranked["value"].max()  # lower is better → rank 1 is the highest share
    good = ranking_frame(store, "goede_gezondheid", 2020, "TWENTE", [])
    assert good["value"].iloc[0] == good["value"].min()
    assert ranking_chart(ranked, "Moeite met rondkomen", "%").to_dict()["layer"]


def test_small_multiples_has_buurten_and_references(store: DataStore) -> None:
    frame = comparison_frame(store, WESSELERBRINK[:2], 2020, ["moeite_rondkomen", "eenzaam"])
    spec = small_multiples(frame).to_dict()
    values = next(iter(spec["datasets"].values()))
    assert {v["soort"] for v in values} == {"buurt", "Twente", "Nederland"}
    assert len({v["titel"] for v in values}) == 2


# ------------------------------------------------------------------------------------------------ twins


def test_twins_are_closest_and_exclude_themselves(store: DataStore, nl: pd.DataFrame) -> None:
    matrix = structure_matrix(store, nl)
    twins = find_twins(matrix, "BU01530603", 10, "nl")
    assert len(twins) == 10 and "BU01530603" not in set(twins["code"])
    assert twins["afstand"].is_monotonic_increasing and twins["gelijkenis"].between(0, 100).all()
    own = matrix.z.loc["BU01530603"]
    others = matrix.z.drop(index="BU01530603")
    nearest = np.sqrt(((others - own) ** 2).sum(axis=1)).min()
    assert twins["afstand"].iloc[0] == pytest.approx(nearest, abs=1e-3)
    assert not any(c.startswith("aandeel_herkomst") for c in matrix.z.columns)  # origin is never a variable
    local = find_twins(matrix, "BU01530603", 5, "twente")
    assert matrix.twente.loc[local["code"]].all()
    outcomes = outcome_comparison(store, nl, "BU01530603", twins)
    row = outcomes.set_index("indicator").loc["moeite_rondkomen"]
    assert row["n"] > 0 and row["verschil"] == pytest.approx(row["buurt"] - row["tweelingen_mediaan"])


def test_twins_of_an_unknown_or_tiny_buurt_is_empty(store: DataStore, nl: pd.DataFrame) -> None:
    assert find_twins(structure_matrix(store, nl), "BU99999999").empty


# ------------------------------------------------------------------------------------------------ index


def _reference(n: int = 200, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(rng.normal(30, 8, size=(n, len(INDICATORS))), columns=list(INDICATORS),
                        index=[f"BU{i:08d}" for i in range(n)])


def test_weights_sum_to_one() -> None:
    assert sum(d.weight for d in DOMAINS) == pytest.approx(1.0)


def test_reference_median_is_about_zero() -> None:
    ref = _reference()
    assert abs(scores(ref, ref)["index"].mean()) < 1e-9


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(INDICATORS), st.floats(min_value=0.1, max_value=30), st.integers(min_value=0, max_value=199))
def test_worse_input_never_gives_a_better_score(indicator: str, step: float, row: int) -> None:
    ref = _reference()
    buurt = ref.iloc[[row]].copy()
    sign = next(d.indicators[indicator] for d in DOMAINS if indicator in d.indicators)
    worse = buurt.copy()
    worse[indicator] += sign * step  # more vulnerable by the indicator's own direction
    assert scores(worse, ref)["index"].iloc[0] > scores(buurt, ref)["index"].iloc[0]


def test_missing_domains_rule() -> None:
    ref = _reference()
    buurt = ref.iloc[[0]].copy()
    leefstijl = [i for d in DOMAINS if d.id == "leefstijl" for i in d.indicators]
    one_missing = scores(buurt.drop(columns=leefstijl), ref)
    assert one_missing["n_domains"].iloc[0] == 3 and pd.notna(one_missing["index"].iloc[0])
    # Renormalised: the weighted mean of the three present domains.
    present = [d for d in DOMAINS if d.id != "leefstijl"]
    expected = sum(one_missing[d.id].iloc[0] * d.weight for d in present) / sum(d.weight for d in present)
    assert one_missing["index"].iloc[0] == pytest.approx(expected)
    sociaal = [i for d in DOMAINS if d.id == "sociaal" for i in d.indicators]
    two_missing = scores(buurt.drop(columns=leefstijl + sociaal), ref)
    assert two_missing["n_domains"].iloc[0] == MIN_DOMAINS - 1 and pd.isna(two_missing["index"].iloc[0])


def test_index_on_real_data(store: DataStore, nl: pd.DataFrame) -> None:
    table = index_for_period(store.indicators, nl, 2020)
    assert table.loc["BU01530603", "index"] > 1 and table.loc["BU01530603", "percentiel_nl"] > 90
    parts = breakdown(table, WESSELERBRINK, store.area_names, 2020)
    sums = parts.groupby("code")["bijdrage"].sum()
    assert sums.loc["BU01530603"] == pytest.approx(table.loc["BU01530603", "index"])
    enriched = with_index(store, nl)
    assert INDEX_ID in set(enriched.catalogue["id"])
    rows = enriched.indicators[enriched.indicators["indicator"] == INDEX_ID]
    assert set(rows["level"]) == {"buurt", "wijk", "gemeente", "regio", "land"} and (rows["flag"] == "derived").all()
    assert with_index(enriched, nl) is enriched  # idempotent
