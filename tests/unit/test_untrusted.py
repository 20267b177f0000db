"""Hostile documents: alias bombs, deep nesting, huge numbers and amplifying lists are refused cheaply.

Each attack from issue 13 is here with its input, the bound it must respect (CPU time and peak memory of the
refusal, measured with process_time and tracemalloc, generous for a loaded CI machine) and the Dutch message.
"""

from __future__ import annotations

import base64
import json
import time
import tracemalloc
import zlib
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regiomonitor.content.presentation import (
    MAX_AREAS,
    MAX_HEAVY_STEPS,
    PresentationError,
    decode_presentation,
    parse_presentation,
    presentation_from_upload,
)
from regiomonitor.presentation import presentation_rules
from regiomonitor.untrusted import Limits, UntrustedInputError, json_depth, load_json, load_yaml

#: What a refusal may cost at most: a fraction of a second and a few MB (the attacks cost seconds and gigabytes).
MAX_CPU = 0.5
MAX_PEAK = 10_000_000


def _cost(fn: Callable[[], Any]) -> tuple[BaseException | None, float, int]:
    tracemalloc.start()
    start = time.process_time()
    error: BaseException | None = None
    try:
        fn()
    except Exception as exc:
        error = exc
    cpu = time.process_time() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return error, cpu, peak


def billion_laughs(depth: int) -> bytes:
    """The classic alias bomb: each level refers to the previous one nine times (9**depth strings in the end)."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, depth + 1):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    lines.append(f"titel: *a{depth}\nstappen: [{{titel: *a{depth}, visual: {{type: tekst, tekst: x}}, boodschap: y}}]")
    return "\n".join(lines).encode()


def _token(doc: object) -> str:
    raw = json.dumps(doc, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode().rstrip("=")


@pytest.fixture(scope="module")
def rules(store):
    return presentation_rules(
        store, ["Wesselerbrink", "Twekkelerveld", "Almelo spoorzone", "Almelo", "Enschede"], range(1, 22)
    )


# ------------------------------------------------------------------------------------------------ the readers


@pytest.mark.parametrize("depth", [8, 10])
def test_alias_bomb_is_refused_cheaply(depth: int, rules) -> None:
    data = billion_laughs(depth)
    assert len(data) < 700
    error, cpu, peak = _cost(lambda: presentation_from_upload(data, "bom.yaml", rules))
    assert isinstance(error, PresentationError) and "ankers" in str(error)
    assert cpu < MAX_CPU and peak < MAX_PEAK, (cpu, peak)


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"[" * 10_000 + b"]" * 10_000, "dieper genest"),
        (b"{a: " * 5_000 + b"1" + b"}" * 5_000, "dieper genest"),
        (b"stappen: " + b"9" * 5_000, "langer dan"),
        (b"x" * 100_001, "groter dan 100 kB"),
        (b"- a\n" * 3_001, "meer dan"),
        (b"\xff\xfe", "geen UTF-8"),
        (b"a: !!python/object:os.system {}", "geen leesbare YAML"),
        (b"--- 1\n--- 2\n", "geen leesbare YAML"),
    ],
)
def test_hostile_yaml(data: bytes, says: str, rules) -> None:
    error, cpu, peak = _cost(lambda: presentation_from_upload(data, "x.yaml", rules))
    assert isinstance(error, PresentationError) and says in str(error), error
    assert cpu < MAX_CPU * 2 and peak < MAX_PEAK * 2, (cpu, peak)


def test_json_depth_ignores_brackets_in_strings() -> None:
    assert json_depth('["[[[[", {"a": "}}}"}]') == 2
    assert json_depth('"\\"[["') == 0


def test_deep_json_link_is_refused_without_recursion(rules) -> None:
    token = base64.urlsafe_b64encode(zlib.compress(b"[" * 49_000 + b"]" * 49_000, 9)).decode().rstrip("=")
    error, cpu, _ = _cost(lambda: decode_presentation(token, rules))
    assert isinstance(error, PresentationError) and "dieper genest" in str(error)
    assert cpu < MAX_CPU


def test_huge_integer_and_nan_in_json() -> None:
    with pytest.raises(UntrustedInputError, match="geen leesbare JSON"):
        load_json("[" + "1" * 5000 + "]")
    with pytest.raises(UntrustedInputError, match="NaN"):
        load_json("[NaN]")


def test_ordinary_documents_pass() -> None:
    assert (
        load_yaml("titel: Kennissessie\nstappen:\n  - {titel: a, visual: {type: tekst, tekst: b}, boodschap: c}\n")[
            "stappen"
        ][0]["visual"]["type"]
        == "tekst"
    )
    assert load_json('{"t": "x", "s": [["a", {"type": "tekst", "tekst": "b"}, "c"]]}')["t"] == "x"
    assert load_yaml("a: 1", Limits(max_depth=1)) == {"a": 1}


# ------------------------------------------------------------------------------------ amplifying presentations


def test_repeated_areas_are_deduplicated_and_cheap(rules) -> None:
    doc = {
        "t": "x",
        "s": [["a", {"type": "trend", "indicator": "moeite_rondkomen", "gebieden": ["Almelo"] * 1000}, "b"]],
    }
    token = _token(doc)
    pres, cpu, _ = None, 0.0, 0
    start = time.process_time()
    pres = decode_presentation(token, rules)
    cpu = time.process_time() - start
    assert pres.stappen[0].visual["gebieden"] == ["Almelo"] and cpu < MAX_CPU


def test_too_many_distinct_entries_are_refused(rules) -> None:
    six = ["Wesselerbrink", "Twekkelerveld", "Almelo spoorzone", "Almelo", "Enschede", "Hengelo"]
    doc = {
        "stappen": [
            {"titel": "a", "visual": {"type": "trend", "indicator": "eenzaam", "gebieden": six}, "boodschap": "b"}
        ]
    }
    with pytest.raises(PresentationError, match=f"meer dan {MAX_AREAS} gebieden"):
        parse_presentation(doc, "x", rules)
    many = {
        "stappen": [
            {
                "titel": "a",
                "visual": {
                    "type": "vergelijking",
                    "indicatoren": [
                        "eenzaam",
                        "roker",
                        "overgewicht",
                        "zware_drinker",
                        "mantelzorger",
                        "veel_stress",
                        "moeite_rondkomen",
                    ],
                },
                "boodschap": "b",
            }
        ]
    }
    with pytest.raises(PresentationError, match="meer dan 6 indicatoren"):
        parse_presentation(many, "x", rules)


def test_total_work_per_presentation_is_bounded(rules) -> None:
    step = {"titel": "a", "visual": {"type": "kaart", "indicator": "eenzaam", "periode": 2020}, "boodschap": "b"}
    with pytest.raises(PresentationError, match=f"meer dan {MAX_HEAVY_STEPS} stappen met een kaart"):
        parse_presentation({"stappen": [step] * (MAX_HEAVY_STEPS + 1)}, "x", rules)
    assert len(parse_presentation({"stappen": [step] * MAX_HEAVY_STEPS}, "x", rules).stappen) == MAX_HEAVY_STEPS


@pytest.mark.parametrize(
    ("visual", "says"),
    [
        (
            {"type": "trend", "indicator": "huishoudens_tot_120_sociaal_minimum", "gebieden": ["Almelo"]},
            "geen reeks per buurt",
        ),
        ({"type": "trend", "indicator": "aandeel_herkomst_europa", "gebieden": ["Almelo"]}, "geen reeks per buurt"),
        ({"type": "trend", "indicator": "mantelzorger", "gebieden": ["Almelo"]}, "geen reeks per buurt"),
        ({"type": "trend", "indicator": "eenzaam", "gebieden": ["Parijs"]}, "onbekend gebied"),
        ({"type": "kaart", "indicator": "eenzaam", "gemeente": "GM9999"}, "hoort niet bij Twente"),
        ({"type": "kaart", "indicator": "eenzaam", "gemeente": "GM0363"}, "hoort niet bij Twente"),
        ({"type": "kaart", "indicator": "laag_opleidingsniveau"}, "geen cijfers per buurt"),
        ({"type": "kaart", "indicator": "eenzaam", "periode": 2024}, "'periode' moet een van"),
        ({"type": "kaart", "indicator": "eenzaam", "periode": True}, "'periode' moet een van"),
        ({"type": "kaart", "indicator": "eenzaam", "leeftijd": "12-"}, "'leeftijd' moet een van"),
        ({"type": "opgaven", "nummers": [22]}, "onbekende opgave 22"),
        ({"type": ["kaart"] * 3}, "onbekend soort visual een list"),
    ],
)
def test_steps_that_cannot_be_drawn_are_refused_in_dutch(visual: dict, says: str, rules) -> None:
    with pytest.raises(PresentationError, match=says):
        parse_presentation({"stappen": [{"titel": "a", "visual": visual, "boodschap": "b"}]}, "x", rules)


def test_every_accepted_step_can_be_built(store, rules) -> None:
    """What the rules accept, build_visual draws: each map and trend indicator once (no IndexError/KeyError)."""
    from regiomonitor.content.focus_area import load_focus_areas
    from regiomonitor.content.presentation import Step
    from regiomonitor.data import load_geo
    from regiomonitor.paths import PATHS
    from regiomonitor.presentation import build_visual

    buurten = set(store.areas.loc[store.areas["in_2024"] & (store.areas["level"] == "buurt"), "code"])
    focus = load_focus_areas(PATHS.content_dir / "focus_areas.yaml", buurten)
    geo = load_geo("buurten")
    for ind in sorted(rules.trends or ()):
        step = {"type": "trend", "indicator": ind, "gebieden": ["Wesselerbrink", "Almelo"]}
        pres = parse_presentation({"stappen": [{"titel": "a", "visual": step, "boodschap": "b"}]}, "x", rules)
        assert build_visual(store, pres.stappen[0], focus, geo, {}).chart is not None
    for ind, (periods, _) in sorted((rules.maps or {}).items()):
        visual = {"type": "kaart", "indicator": ind, "periode": max(periods), "gemeente": "GM0153"}
        assert build_visual(store, Step("a", visual, "b"), focus, geo, {}).md is not None


# ------------------------------------------------------------------------------------------ property-based


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400) | st.text(max_size=300).map(str.encode))
def test_upload_parser_only_ever_refuses_in_dutch(data: bytes) -> None:
    try:
        presentation_from_upload(data, "x.yaml", {"eenzaam"})
    except PresentationError:
        pass


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(json_values)
def test_link_decoder_only_ever_refuses_in_dutch(doc: object) -> None:
    try:
        decode_presentation(_token({"t": "x", "s": doc}), {"eenzaam"})
    except PresentationError:
        pass


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.text(alphabet='[]{}",:a\\ 1', max_size=200))
def test_json_depth_never_raises(text: str) -> None:
    assert json_depth(text) >= 0


@pytest.mark.parametrize(
    "visual",
    [
        {"type": "vergelijking", "indicatoren": []},
        {"type": "opgaven", "nummers": []},
        {"type": "trend", "indicator": "eenzaam", "gebieden": []},
        {"type": "trend", "indicator": "eenzaam"},
    ],
)
def test_empty_lists_are_refused(visual: dict, rules) -> None:
    with pytest.raises(PresentationError, match="kies er minstens één"):
        parse_presentation({"stappen": [{"titel": "a", "visual": visual, "boodschap": "b"}]}, "x", rules)
