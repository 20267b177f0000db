"""Bounded readers for documents that come from outside: uploaded YAML files and JSON carried in links.

Both formats let a tiny input cost a lot. YAML anchors and aliases expand (a "billion laughs" file of 400 bytes
becomes gigabytes as soon as anything walks or prints the structure), and deep nesting exhausts the recursion
of PyYAML's composer or of ``json.loads``. So these readers first look at the event or character stream, which
costs time linear in the input and builds nothing, and refuse before any object is made. Everything here is
plain Python (no Streamlit); messages are Dutch and safe to show, and never echo the input.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Final

import yaml

#: libyaml's parser when it is installed (it is, with the pinned PyYAML wheels): the same events, ten times faster.
_LOADER: Final = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class UntrustedInputError(ValueError):
    """A document from outside is refused; the message is Dutch, names the reason and never echoes the input."""


@dataclass(frozen=True)
class Limits:
    """Upper bounds for one document. The defaults fit a presentation with 30 steps many times over."""

    max_bytes: int = 100_000
    max_depth: int = 8
    max_nodes: int = 5_000
    max_scalar: int = 2_000


DEFAULT_LIMITS: Final = Limits()


def _check_size(data: bytes | str, limits: Limits) -> None:
    size = len(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
    if size > limits.max_bytes:
        raise UntrustedInputError(f"het bestand is groter dan {limits.max_bytes // 1000} kB")


def _text(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UntrustedInputError("het bestand is geen UTF-8-tekst") from exc


def load_yaml(data: bytes | str, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Parse one YAML document from outside, refusing anchors and aliases and bounding size, depth and count.

    Only YAML's safe types are built (``safe_load``), and only after the whole event stream has passed the checks,
    so an alias bomb, a 10,000-level nesting or a 5,000-digit number costs no more than reading its bytes.

    >>> load_yaml(b"titel: Kennissessie\\nstappen: [1, 2]")
    {'titel': 'Kennissessie', 'stappen': [1, 2]}
    >>> load_yaml(b"a: &x [1]\\nb: *x")
    Traceback (most recent call last):
    ...
    regiomonitor.untrusted.UntrustedInputError: het bestand gebruikt YAML-ankers of -verwijzingen (& en *); die zijn niet toegestaan

    Raises:
        UntrustedInputError: too large, not UTF-8, not YAML, anchors or aliases, too deep, too many values, a value
            that is too long.
    """
    _check_size(data, limits)
    text = _text(data)
    depth = nodes = 0
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                raise UntrustedInputError(
                    "het bestand gebruikt YAML-ankers of -verwijzingen (& en *); die zijn niet toegestaan"
                )
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                nodes += 1
                if depth > limits.max_depth:
                    raise UntrustedInputError(f"het bestand is dieper genest dan {limits.max_depth} niveaus")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.ScalarEvent):
                nodes += 1
                if len(event.value) > limits.max_scalar:
                    raise UntrustedInputError(f"een waarde is langer dan {limits.max_scalar} tekens")
            if nodes > limits.max_nodes:
                raise UntrustedInputError(f"het bestand bevat meer dan {limits.max_nodes} waarden")
        return yaml.safe_load(text)
    except UntrustedInputError:
        raise
    except (yaml.YAMLError, ValueError, RecursionError) as exc:  # RecursionError: belt and braces, see depth check
        mark = getattr(exc, "problem_mark", None)
        where = f" (regel {mark.line + 1}, kolom {mark.column + 1})" if mark is not None else ""
        raise UntrustedInputError(f"het bestand is geen leesbare YAML{where}") from exc


def json_depth(text: str) -> int:
    """The deepest nesting of ``[`` and ``{`` in JSON text, ignoring brackets inside strings (linear, no recursion).

    >>> json_depth('{"a": [1, {"b": "[[["}]}')
    3
    """
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def load_json(data: bytes | str, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Parse JSON from outside with the same bounds as :func:`load_yaml` (size, depth, length of numbers).

    Raises:
        UntrustedInputError: too large, not UTF-8, nested too deep, not JSON, or a number too long to read.
    """
    _check_size(data, limits)
    text = _text(data)
    if json_depth(text) > limits.max_depth:
        raise UntrustedInputError(f"de gegevens zijn dieper genest dan {limits.max_depth} niveaus")
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except UntrustedInputError:
        raise
    except (ValueError, RecursionError) as exc:  # huge integers raise ValueError (Python's digit limit)
        raise UntrustedInputError("de gegevens zijn geen leesbare JSON") from exc


def _refuse_constant(name: str) -> Any:
    raise UntrustedInputError("de gegevens bevatten NaN of Infinity")
