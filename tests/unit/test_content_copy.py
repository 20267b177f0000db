"""The content is written in our own words: no text shares a run of 12 or more words with a source document.

Every string in ``data/content/**/*.yaml`` is compared with the seed documents in ``../shared/seeds/`` (the
requirements, extracted from PDFs). Words are compared case-insensitively, without punctuation. Names and titles
are exempt: the fields ``titel``, ``naam``, ``post`` (a budget line's name), ``uitgever`` and ``bestand`` carry
the document's own names, which must stay as the document spells them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from regiomonitor.paths import PROJECT_ROOT

RUN: int = 12
EXEMPT_KEYS: frozenset[str] = frozenset({"titel", "naam", "post", "uitgever", "bestand"})
SEEDS: Path = PROJECT_ROOT.parent / "shared" / "seeds"
CONTENT: Path = PROJECT_ROOT / "data" / "content"
_WORD = re.compile(r"[0-9a-zà-ÿ€%]+(?:['’.,][0-9a-zà-ÿ]+)*")


def words(text: str) -> list[str]:
    """Lower-case words (numbers with their decimal comma or point stay one word)."""
    return _WORD.findall(text.lower())


def runs(tokens: list[str], n: int = RUN) -> set[tuple[str, ...]]:
    """Every run of ``n`` consecutive words."""
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def shared_runs(text: str, seed_runs: set[tuple[str, ...]], n: int = RUN) -> list[str]:
    """The runs of ``n`` words that ``text`` shares with the seeds, as text."""
    tokens = words(text)
    return [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1) if tuple(tokens[i : i + n]) in seed_runs]


def strings(node: object, path: str = "") -> Iterator[tuple[str, str]]:
    """(dotted path, text) of every string in a YAML tree, skipping name and title fields."""
    if isinstance(node, dict):
        for key, value in node.items():
            if str(key) not in EXEMPT_KEYS:
                yield from strings(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from strings(value, f"{path}[{i}]")
    elif isinstance(node, str):
        yield path, node


@pytest.fixture(scope="module")
def seed_runs() -> set[tuple[str, ...]]:
    files = sorted(SEEDS.glob("0*.txt"))
    if not files:
        pytest.skip(f"no seed documents in {SEEDS}")
    out: set[tuple[str, ...]] = set()
    for f in files:
        out |= runs(words(f.read_text(encoding="utf-8")))
    return out


def test_the_check_finds_a_copied_sentence(seed_runs: set[tuple[str, ...]]) -> None:
    copied = (
        "Twente is een verstedelijkingsregio met ruimte om te groeien met +100.000 inwoners tot 2050, in het "
        "stedelijk en landelijk gebied"
    )
    assert shared_runs(copied, seed_runs)
    assert not shared_runs("Twente wil tot 2050 ruimte bieden aan ruim honderdduizend nieuwe inwoners.", seed_runs)
    tree = {"titel": copied, "items": [{"naam": copied, "tekst": "eigen woorden"}]}
    assert [p for p, _ in strings(tree)] == ["items[0].tekst"]


def test_no_content_text_copies_a_source_document(seed_runs: set[tuple[str, ...]]) -> None:
    problems = []
    for path in sorted(CONTENT.rglob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for where, text in strings(doc):
            found = shared_runs(text, seed_runs)
            if found:
                problems.append(f"{path.relative_to(CONTENT)} {where}: '{found[0]}'")
    assert not problems, (
        f"{len(problems)} content text(s) share {RUN}+ consecutive words with a source document; "
        "write them in your own words:\n" + "\n".join(problems)
    )
