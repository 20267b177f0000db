"""Issue 13: property-based tests (hypothesis) for the presentation decoder and the uploaded-YAML parser.

For any document (a link token built in the project's own shape, or uploaded YAML bytes) the two entry points
either return a valid presentation or raise ``PresentationError``: never another exception (which the page would
show as a traceback). An accepted presentation respects the limits of the builder (at most ``MAX_STEPS`` steps,
texts up to ``MAX_TEXT``, known visual types and indicators), and the lists in its steps are no longer than
what the UI offers and hold no repeats (so a link cannot multiply the work: issue 13, "cap and de-duplicate every
list at the limits the UI itself offers").

The documents are structure-aware (presentation-like mappings whose fields take valid values, wrong types, nested
containers, huge numbers, repeats), so the properties reach the validation of every field, plus raw bytes for the
YAML reader. Everything is bounded: small documents (no alias bombs or deep nesting here; those are in
``tests/app/test_upload_bombs.py`` behind a child process), derandomized, a fixed number of examples.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from regiomonitor.content.presentation import (
    MAX_STEPS,
    MAX_TEXT,
    VISUAL_TYPES,
    PresentationError,
    decode_presentation,
    presentation_from_upload,
)
from regiomonitor.data import load_store
from tests.hostile import token_of

#: No shrink phase: shrinking a failing nested document took minutes; the first failing example is reported as is.
PROPS = settings(
    max_examples=200,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    report_multiple_bugs=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
#: The most entries the builder's widgets let a person put in one step (multiselects over these options).
UI_LIMITS = {"gebieden": 5, "indicatoren": 52, "nummers": 21}

KNOWN = ["eenzaam", "moeite_rondkomen", "inwoners", "bijstand_per_1000", "kwetsbaarheidsindex"]


@pytest.fixture(scope="module")
def known() -> set[str]:
    return set(load_store().catalogue["id"])


_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(["", " ", "\u202e", "GM9999", "GM0363", "GM0153", "18+", "totaal"]),
)
_weird = st.recursive(
    _scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=12,
)


def _mostly(valid: st.SearchStrategy[Any], other: st.SearchStrategy[Any] = _weird) -> st.SearchStrategy[Any]:
    """Valid seven times out of eight, so most documents get past the first checks to the later fields."""
    return st.integers(0, 7).flatmap(lambda i: other if i == 7 else valid)  # one_of would merge equal branches


_indicator = _mostly(st.sampled_from(KNOWN))
_area = st.sampled_from(["Almelo", "Enschede", "Wesselerbrink", "Almelo spoorzone", "Twekkelerveld", "Atlantis", ""])


def _list_of(item: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A list as the builder makes it, a list with one entry repeated up to 60 times, or anything else."""
    repeated = st.tuples(item, st.integers(min_value=2, max_value=60)).map(lambda t: [t[0]] * t[1])
    return st.one_of(st.lists(item, max_size=6), st.lists(item, max_size=6), repeated, _weird)


def _visual_of(kind: str, required: dict[str, Any], optional: dict[str, Any]) -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries({"type": st.just(kind), **required}, optional=optional)


_visual = st.one_of(
    _visual_of("kerncijfers", {}, {}),
    _visual_of(
        "kaart",
        {"indicator": _indicator},
        {
            "gemeente": _mostly(st.sampled_from(["GM0153", "GM0141", "GM9999", "GM0363"])),
            "periode": _mostly(st.sampled_from([2012, 2016, 2020, 2024])),
            "leeftijd": _mostly(st.sampled_from(["18+", "65+", "totaal", "0-4"])),
        },
    ),
    _visual_of("trend", {"indicator": _indicator}, {"gebieden": _list_of(_mostly(_area))}),
    _visual_of("vergelijking", {}, {"indicatoren": _list_of(_indicator)}),
    _visual_of("opgaven", {}, {"nummers": _list_of(_mostly(st.integers(min_value=-5, max_value=120)))}),
    _visual_of("tekst", {}, {"tekst": _mostly(st.text(min_size=1, max_size=40))}),
    st.fixed_dictionaries({"type": _weird}, optional={"indicator": _weird, "extra": _weird}),
)
_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=20).filter(str.strip)
_step = _mostly(st.fixed_dictionaries({"titel": _mostly(_text), "visual": _visual, "boodschap": _mostly(_text)}))
_doc = st.fixed_dictionaries(
    {
        "stappen": st.one_of(
            st.lists(_step, min_size=1, max_size=3),
            st.lists(_step, min_size=1, max_size=3),
            st.lists(_step, min_size=1, max_size=3),
            st.tuples(_step, st.integers(30, 33)).map(lambda t: [t[0]] * t[1]),
            _weird,
        )
    },
    optional={"titel": _mostly(_text), "id": _weird},
)


def _check_accepted(pres: Any) -> None:
    assert 1 <= len(pres.stappen) <= MAX_STEPS
    assert isinstance(pres.titel, str) and len(pres.titel) <= MAX_TEXT
    for s in pres.stappen:
        assert s.kind in VISUAL_TYPES
        assert isinstance(s.titel, str) and 0 < len(s.titel) <= MAX_TEXT
        assert isinstance(s.boodschap, str) and 0 < len(s.boodschap) <= MAX_TEXT
        for name, limit in UI_LIMITS.items():
            values = s.visual.get(name, [])
            assert isinstance(values, list), (name, values)
            assert len(values) <= limit, f"step keeps {len(values)} {name} (the UI offers at most {limit})"
            assert len(values) == len({repr(v) for v in values}), f"step keeps repeated {name}: {values[:10]}"


def _link_doc(doc: dict[str, Any]) -> dict[str, Any]:
    """The link token's compact shape: ``{"t": titel, "s": [[titel, visual, boodschap], …]}``."""
    steps = doc["stappen"]
    if isinstance(steps, list):
        steps = [[s.get("titel"), s.get("visual"), s.get("boodschap")] if isinstance(s, dict) else s for s in steps]
    return {"t": doc.get("titel"), "s": steps}


@PROPS
@given(_doc)
def test_decoder_raises_only_presentation_error(known: set[str], doc: dict[str, Any]) -> None:
    try:
        token = token_of(_link_doc(doc))
    except (TypeError, ValueError):  # not JSON-able (e.g. a non-string key); not a link anyone can build
        return
    try:
        pres = decode_presentation(token, known)
    except PresentationError:
        return
    _check_accepted(pres)


@PROPS
@given(_doc)
def test_upload_parser_raises_only_presentation_error(known: set[str], doc: dict[str, Any]) -> None:
    data = yaml.safe_dump(doc, allow_unicode=True).encode("utf-8")
    try:
        pres = presentation_from_upload(data, "upload.yaml", known)
    except PresentationError:
        return
    _check_accepted(pres)


@PROPS
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_upload_parser_on_raw_bytes(known: set[str], data: bytes) -> None:
    try:
        pres = presentation_from_upload(data, "upload.yaml", known)
    except PresentationError:
        return
    _check_accepted(pres)


@pytest.mark.parametrize(
    "doc",
    [
        {"stappen": [{"titel": "T", "visual": {"type": "vergelijking", "indicatoren": 5}, "boodschap": "B"}]},
        {
            "stappen": [
                {"titel": "T", "visual": {"type": "kaart", "indicator": "eenzaam", "periode": [2020]}, "boodschap": "B"}
            ]
        },
        {"stappen": [{"titel": "T", "visual": {"type": {"a": 1}}, "boodschap": "B"}]},
        {
            "stappen": [
                {
                    "titel": "T",
                    "visual": {"type": "trend", "indicator": "eenzaam", "gebieden": ["Almelo"] * 60},
                    "boodschap": "B",
                }
            ]
        },
    ],
)
def test_examples(known: set[str], doc: dict[str, Any]) -> None:
    """Hand-picked documents next to the properties: wrong types and a list beyond the UI's limit."""
    for entry in (
        lambda: decode_presentation(token_of(_link_doc(doc)), known),
        lambda: presentation_from_upload(yaml.safe_dump(doc).encode(), "x.yaml", known),
    ):
        try:
            pres = entry()
        except PresentationError:
            continue
        _check_accepted(pres)
