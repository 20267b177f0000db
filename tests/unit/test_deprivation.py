"""The working deprivation index: its rule on hand-made data (weights, monotonicity, missing domains, centring),
its rows in the prepared data, and the comparable change between periods."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regiomonitor.content.catalogue import load_catalogue
from regiomonitor.data import DataStore
from regiomonitor.deprivation import (
    DATASET_ID,
    DERIVED_IDS,
    DOMAINS,
    INDEX_ID,
    INDICATORS,
    METHOD,
    MIN_DOMAINS,
    MISSING_DOMAINS,
    breakdown,
    breakdown_chart,
    change_table,
    combine,
    common_indicators,
    domain_list,
    domain_of,
    index_observations,
    index_table,
    scores,
    standardise,
    yardstick,
)
from regiomonitor.paths import PATHS

WESSELERBRINK = ["BU01530603", "BU01530604", "BU01530605", "BU01530606"]
SPOORZONE = ["BU01411003", "BU01411402"]


def _reference(n: int = 301, seed: int = 7) -> pd.DataFrame:
    """A hand-made 'NL': n buurten with every index indicator, deterministic."""
    rng = np.random.default_rng(seed)
    values = rng.normal(30.0, 8.0, size=(n, len(INDICATORS)))
    return pd.DataFrame(values, columns=list(INDICATORS), index=[f"BU{i:08d}" for i in range(n)])


def _indicators_of(domain_id: str) -> list[str]:
    return [i for d in DOMAINS if d.id == domain_id for i in d.indicators]


# ------------------------------------------------------------------------------------------------ the rule


def test_weights_sum_to_one_and_every_domain_has_indicators() -> None:
    assert math.isclose(sum(d.weight for d in DOMAINS), 1.0)
    assert all(d.weight > 0 and d.indicators for d in DOMAINS)
    assert len(set(INDICATORS)) == len(INDICATORS)  # an indicator counts in one domain only
    assert 1 <= MIN_DOMAINS <= len(DOMAINS)


def test_signs_follow_the_catalogue_direction() -> None:
    catalogue = load_catalogue(PATHS.content_dir)
    for ind in INDICATORS:
        direction = catalogue.indicators[ind].direction
        assert domain_of(ind).indicators[ind] == (-1 if direction == "hoger_beter" else 1), ind


def test_no_origin_and_no_invented_domains() -> None:
    assert not any(i.startswith("aandeel_herkomst") for i in INDICATORS)
    assert set(MISSING_DOMAINS) == {"Werk", "Onderwijs", "Wonen"}
    assert "niet" in METHOD and "PON & Telos" in METHOD
    for missing in MISSING_DOMAINS:
        assert missing in METHOD


def test_domain_list_states_weights_and_missing_domains() -> None:
    catalogue = load_catalogue(PATHS.content_dir)
    text = domain_list({i: ind.label for i, ind in catalogue.indicators.items()})
    assert "- **Bestaanszekerheid** (40%): moeite met rondkomen" in text
    assert "één of meer langdurige aandoeningen" in text and "(omgekeerd)" in text
    for missing in MISSING_DOMAINS:
        assert f"- **{missing}**: geen buurtcijfers beschikbaar" in text


def test_standardise_by_hand() -> None:
    ref = pd.DataFrame({"moeite_rondkomen": [10.0, 20.0, 30.0], "goede_gezondheid": [60.0, 70.0, 80.0]})
    stick = yardstick(ref)
    sd = float(np.std([10.0, 20.0, 30.0]))
    assert stick.loc["moeite_rondkomen", "median"] == 20.0 and stick.loc["moeite_rondkomen", "sd"] == pytest.approx(sd)
    z = standardise(pd.DataFrame({"moeite_rondkomen": [30.0], "goede_gezondheid": [60.0]}), ref)
    assert z.loc[0, "moeite_rondkomen"] == pytest.approx(10 / sd)
    assert z.loc[0, "goede_gezondheid"] == pytest.approx(10 / sd)  # lower health = more vulnerable: flipped


def test_index_by_hand() -> None:
    # Two domains present (bestaanszekerheid, gezondheid) would be too few; with sociaal as well it scores.
    ref = pd.DataFrame(
        {"moeite_rondkomen": [10.0, 20.0, 30.0], "goede_gezondheid": [60.0, 70.0, 80.0], "eenzaam": [40.0, 50.0, 60.0]}
    )
    sd = float(np.std([10.0, 20.0, 30.0]))
    row = pd.DataFrame({"moeite_rondkomen": [30.0], "goede_gezondheid": [70.0], "eenzaam": [40.0]}, index=["BU1"])
    out = scores(row, ref).loc["BU1"]
    weights = {d.id: d.weight for d in DOMAINS}
    expected = (weights["bestaanszekerheid"] * 10 / sd + weights["gezondheid"] * 0 + weights["sociaal"] * -10 / sd) / (
        weights["bestaanszekerheid"] + weights["gezondheid"] + weights["sociaal"]
    )
    assert out["n_domains"] == 3 and out["leefstijl"] != out["leefstijl"]  # NaN
    assert out["index"] == pytest.approx(expected)


def test_missing_domains_are_renormalised_only_above_the_minimum() -> None:
    ref = _reference()
    buurt = ref.iloc[[3]].copy()
    full = scores(buurt, ref).iloc[0]
    assert full["n_domains"] == len(DOMAINS)
    one_missing = scores(buurt.drop(columns=_indicators_of("leefstijl")), ref).iloc[0]
    present = [d for d in DOMAINS if d.id != "leefstijl"]
    expected = sum(one_missing[d.id] * d.weight for d in present) / sum(d.weight for d in present)
    assert one_missing["n_domains"] == 3 and one_missing["index"] == pytest.approx(expected)
    two_missing = scores(buurt.drop(columns=_indicators_of("leefstijl") + _indicators_of("sociaal")), ref).iloc[0]
    assert two_missing["n_domains"] == MIN_DOMAINS - 1 and pd.isna(two_missing["index"])
    # A domain with only some of its indicators is the mean of those it has.
    partial = buurt.copy()
    partial["beperkt_gezondheid"] = np.nan
    z = standardise(partial, ref).iloc[0]
    gez = [i for i in _indicators_of("gezondheid") if i != "beperkt_gezondheid"]
    assert scores(partial, ref).iloc[0]["gezondheid"] == pytest.approx(z[gez].mean())


def test_combine_rule_directly() -> None:
    domains = pd.DataFrame(
        {
            "bestaanszekerheid": [1.0, 1.0, np.nan],
            "gezondheid": [1.0, np.nan, np.nan],
            "sociaal": [1.0, 1.0, 2.0],
            "leefstijl": [1.0, 1.0, np.nan],
        }
    )
    out = combine(domains)
    assert out["index"].iloc[0] == pytest.approx(1.0)  # all ones: any weights give one
    assert out["index"].iloc[1] == pytest.approx(1.0) and out["n_domains"].iloc[1] == 3
    assert pd.isna(out["index"].iloc[2]) and out["n_domains"].iloc[2] == 1


def test_reference_median_is_about_zero() -> None:
    ref = _reference(n=2001)
    assert abs(float(scores(ref, ref)["index"].median())) < 0.05


_REF = _reference()


@settings(max_examples=150, deadline=None)
@given(
    row=st.integers(min_value=0, max_value=300),
    worse=st.dictionaries(st.sampled_from(INDICATORS), st.floats(min_value=0.01, max_value=40), min_size=1),
    drop=st.sets(st.sampled_from(INDICATORS), max_size=4),
)
def test_worse_inputs_never_give_a_better_score(row: int, worse: dict[str, float], drop: set[str]) -> None:
    buurt = _REF.iloc[[row]].copy()
    buurt[list(drop)] = np.nan  # some indicators missing: the rule must hold for what is there
    worsened = buurt.copy()
    for ind, step in worse.items():
        worsened[ind] += domain_of(ind).indicators[ind] * step  # more vulnerable in the indicator's own direction
    before, after = scores(buurt, _REF).iloc[0], scores(worsened, _REF).iloc[0]
    if pd.isna(before["index"]):
        assert pd.isna(after["index"])  # missingness is unchanged by worsening
        return
    assert after["index"] >= before["index"] - 1e-12
    if any(ind not in drop for ind in worse):
        assert after["index"] > before["index"]  # a present indicator got worse: the score must rise
    for d in DOMAINS:
        if pd.notna(before[d.id]):
            assert after[d.id] >= before[d.id] - 1e-12


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=100), min_size=len(INDICATORS), max_size=len(INDICATORS)))
def test_score_is_finite_for_any_plausible_input(values: list[float]) -> None:
    buurt = pd.DataFrame([values], columns=list(INDICATORS), index=["BU1"])
    assert np.isfinite(scores(buurt, _REF)["index"].iloc[0])


def test_breakdown_adds_up_to_the_index() -> None:
    ref = _reference()
    table = scores(ref, ref).assign(period=2020)
    codes = list(ref.index[:4])
    parts = breakdown(table, codes, {}, 2020)
    sums = parts.groupby("code")["bijdrage"].sum()
    for code in codes:
        assert sums[code] == pytest.approx(table.loc[code, "index"])
    spec = breakdown_chart(parts).to_dict()
    assert spec["height"] == {"step": 34} and len(spec["layer"]) == 2


# ------------------------------------------------------------------------------------------------ long rows


def _long(rows: list[tuple[str, str, str, int, float]]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["area_code", "level", "indicator", "period", "value"])
    return df.assign(age_group="18+", flag="", division=2020, dataset="rivm_gezondheid_wijk_buurt")


def _tiny_observations() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Twente: two buurten and a gemeente; NL: three other buurten; all indicators, two periods."""
    rng = np.random.default_rng(3)
    rows, nl_rows = [], []
    for period in (2016, 2020):
        for ind in INDICATORS:
            if period == 2016 and ind == "beperkt_gezondheid":
                continue  # like the real data: not measured in 2016
            for code in ("BU01530001", "BU01530002"):
                rows.append((code, "buurt", ind, period, float(rng.uniform(10, 60))))
            rows.append(("GM0153", "gemeente", ind, period, float(rng.uniform(10, 60))))
            for code in ("BU03630001", "BU03630002", "BU03630003"):
                nl_rows.append((code, "buurt", ind, period, float(rng.uniform(10, 60))))
    obs = _long(rows)
    nl = _long(nl_rows).drop(columns=["level", "dataset"])
    return obs, nl


def test_index_observations_rows() -> None:
    obs, nl = _tiny_observations()
    rows = index_observations(obs, nl)
    assert set(rows["indicator"]) == set(DERIVED_IDS)
    assert (rows["flag"] == "derived").all() and (rows["dataset"] == DATASET_ID).all()
    assert set(rows["level"]) == {"buurt", "gemeente"} and set(rows["period"]) == {2016, 2020}
    assert rows.duplicated(["area_code", "indicator", "period", "age_group"]).sum() == 0
    # The gemeente is scored on the buurt yardstick but is not part of it: buurt scores ignore it.
    reference = pd.concat([obs[obs["level"] == "buurt"], nl.assign(level="buurt")])
    wide = reference[reference["period"] == 2020].pivot_table(index="area_code", columns="indicator", values="value")
    expected = scores(wide, wide)["index"]
    got = rows[(rows["indicator"] == INDEX_ID) & (rows["period"] == 2020)].set_index("area_code")["value"]
    for code in ("BU01530001", "BU01530002"):
        assert got[code] == pytest.approx(expected[code], abs=5e-4)
    assert "GM0153" in got.index


def test_change_uses_only_indicators_both_periods_have() -> None:
    obs, nl = _tiny_observations()
    common = common_indicators(obs, nl, (2016, 2020))
    assert "beperkt_gezondheid" not in common and len(common) == len(INDICATORS) - 1
    change = change_table(obs, nl, ["BU01530001", "BU99999999"], 2016, 2020).set_index("code")
    a = index_table(obs, nl, 2016, common).loc["BU01530001", "index"]
    b = index_table(obs, nl, 2020, common).loc["BU01530001", "index"]
    assert change.loc["BU01530001", "verschil"] == pytest.approx(b - a)
    assert pd.isna(change.loc["BU99999999", "verschil"])
    assert change.loc["BU01530001", "indicatoren"].split(",") == list(common)


# ------------------------------------------------------------------------------------------------ real data


def test_prepared_index_is_in_the_catalogue_and_on_every_level(store: DataStore) -> None:
    for ind in DERIVED_IDS:
        info = store.indicator(ind)
        assert info.bron == DATASET_ID and info.direction == "lager_beter"
        assert info.periods == (2012, 2016, 2020)
        assert set(info.levels) == {"land", "regio", "gemeente", "wijk", "buurt"}
    assert DATASET_ID in store.datasets and store.datasets[DATASET_ID].raw == ()
    rows = store.indicators[store.indicators["indicator"] == INDEX_ID]
    assert (rows["flag"] == "derived").all()


def test_prepared_index_equals_a_fresh_computation(store: DataStore, nl: pd.DataFrame) -> None:
    for period in (2012, 2016, 2020):
        fresh = index_table(store.indicators, nl, period)
        stored = store.indicators[
            (store.indicators["indicator"] == INDEX_ID)
            & (store.indicators["period"] == period)
            & (store.indicators["level"] == "buurt")
        ].set_index("area_code")["value"]
        for code in WESSELERBRINK + SPOORZONE:
            assert stored[code] == pytest.approx(fresh.loc[code, "index"], abs=5e-4), (code, period)


def test_nl_median_is_about_zero_and_focus_areas_score_high(store: DataStore, nl: pd.DataFrame) -> None:
    for period in (2012, 2016, 2020):
        table = index_table(store.indicators, nl, period)
        assert len(table) > 12_000
        assert abs(float(table["index"].median())) < 0.05, period
    table = index_table(store.indicators, nl, 2020)
    for code in WESSELERBRINK + SPOORZONE:
        assert table.loc[code, "index"] > 1.5 and table.loc[code, "percentiel_nl"] > 90
    assert table.loc["BU01411402", "index"] == max(table.loc[c, "index"] for c in WESSELERBRINK + SPOORZONE)


def test_real_change_2012_2020_is_on_the_common_core(store: DataStore, nl: pd.DataFrame) -> None:
    change = change_table(store.indicators, nl, ["BU01411402", "BU01411203"], 2012, 2020).set_index("code")
    used = change.loc["BU01411402", "indicatoren"].split(",")
    assert "regie_eigen_leven" not in used and "moeite_rondkomen" in used and len(used) == 7
    assert np.isfinite(change.loc["BU01411402", "verschil"])
    assert pd.isna(change.loc["BU01411203", "verschil"])  # an Almelo buurt of the 2024 division: no health data
