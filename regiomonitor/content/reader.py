"""The one reader of authored content: YAML file → validated pydantic model, or one clear error.

Every content file (sources, indicators, programmes, ...) is read here, so a typo anywhere stops the app, prepare
and the tests with the same kind of message: the file, the record (its list position and id) and the field,
e.g. ``indicators.yaml > indicatoren[3] 'roker': field 'direction' has unknown value 'omhoog' (expected one
of: hoger_beter, lager_beter, neutraal)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar, get_args

import yaml
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

#: The settings every content model shares: read-only after load, and a field the schema does not know is an
#: error (a misspelt key would otherwise be dropped without a word).
STRICT_CONFIG = ConfigDict(frozen=True, extra="forbid")

_M = TypeVar("_M")

#: Keys whose value names a record in messages, in order of preference.
_NAME_KEYS = ("id", "nummer", "naam", "post")

#: What pydantic's type-error codes mean, in our words.
_EXPECTED = {
    "string_type": "a string",
    "int_type": "an integer",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}


class ContentError(ValueError):
    """A content file is missing, not YAML, or does not follow its schema (the message names where)."""


class ContentModel(BaseModel):
    """Base of every content model: frozen, no unknown fields."""

    model_config = STRICT_CONFIG


def read_yaml(path: Path) -> Any:
    """The parsed YAML of one trusted content file (``safe_load``).

    Raises:
        ContentError: the file does not exist or is not valid YAML.
    """
    if not path.is_file():
        raise ContentError(f"{path}: file not found")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ContentError(f"{path.name}: not valid YAML ({exc})") from exc


def _type_name(value: object) -> str:
    return "null" if value is None else type(value).__name__


def _record_name(item: object) -> str:
    if isinstance(item, dict):
        for key in _NAME_KEYS:
            if item.get(key) is not None:
                return f" '{item[key]}'"
    return ""


def location(where: str, data: object, loc: Sequence[int | str], whole: bool = False) -> tuple[str, str | None]:
    """Split a pydantic error location into the record it lies in and the field (``None``: the record itself).

    A list position becomes ``key[i] 'id'`` (the item's id or name, for readable messages); an item of a plain
    list of values is reported as ``field 'key' item i``. ``whole``: the location names a record (an error
    of a model's own validator), not a field.

    >>> location("a.yaml", {"lijnen": [{"id": "leren", "naam": 1}]}, ("lijnen", 0, "naam"))
    ("a.yaml > lijnen[0] 'leren'", "field 'naam'")
    >>> location("a.yaml", {"gemeenten": ["A", 2]}, ("gemeenten", 1))
    ('a.yaml', "field 'gemeenten' item 1")
    >>> location("a.yaml", {"horizon": {"eind": 1}}, ("horizon",), whole=True)
    ('a.yaml > horizon', None)
    """
    parts, node, keys, i = [where], data, list(loc), 0
    while i < len(keys):
        key = keys[i]
        if isinstance(key, int):  # the document itself is a list
            item = node[key] if isinstance(node, list) and 0 <= key < len(node) else None
            parts.append(f"#{key + 1}{_record_name(item)}")
            node, i = item, i + 1
            continue
        child = node.get(key) if isinstance(node, dict) else None
        nxt = keys[i + 1] if i + 1 < len(keys) else None
        if nxt is None and not whole:
            return " > ".join(parts), f"field '{key}'"
        if isinstance(nxt, int):
            if i + 2 == len(keys) and not whole:
                return " > ".join(parts), f"field '{key}' item {nxt}"
            item = child[nxt] if isinstance(child, list) and 0 <= nxt < len(child) else None
            parts.append(f"{key}[{nxt}]{_record_name(item)}")
            node, i = item, i + 2
            continue
        parts.append(str(key))
        node, i = child, i + 1
    return " > ".join(parts), None


def _model_at(model: object, loc: Sequence[int | str]) -> type[BaseModel] | None:
    """The pydantic model that validates the record at ``loc`` below ``model`` (for the allowed field names)."""
    current: object = model
    for key in loc:
        if isinstance(key, int):
            continue
        found = _find_model(current)
        if found is None or key not in found.model_fields:
            return None
        current = found.model_fields[key].annotation
    return _find_model(current)


def _find_model(tp: object) -> type[BaseModel] | None:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return tp
    for arg in get_args(tp):
        if (found := _find_model(arg)) is not None:
            return found
    return None


def describe(error: ErrorDetails, where: str, data: object, model: object = None) -> str:
    """One pydantic error as a sentence in the style of the content messages (English: authors read them).

    A model's own validator may start its message with ``"> "`` and a path below the record (``"> lijnen[1]:
    duplicate line id"``), which is appended to the record's location.
    """
    loc = [k for k in error["loc"] if not (isinstance(k, str) and k.startswith("function-"))]
    kind, value = error["type"], error.get("input")
    message = str(error["msg"]).removeprefix("Value error, ")
    own_check = kind == "value_error" and isinstance(value, dict)  # raised by a model validator
    record, field = location(where, data, loc, whole=own_check)
    if message.startswith("> "):  # a validator naming a place below the record (see above)
        return f"{record} {message}" if field is None else f"{location(where, data, loc[:-1], whole=True)[0]} {message}"
    if field is None:
        return f"{record}: {message}"
    if kind == "missing":
        return f"{record}: missing required {field}"
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1]) if model is not None else None
        allowed = f" (allowed: {', '.join(sorted(owner.model_fields))})" if owner is not None else ""
        return f"{record}: unknown {field}{allowed}"
    if kind == "literal_error":
        expected = str(error.get("ctx", {}).get("expected", "")).replace("'", "").replace(" or ", ", ")
        return f"{record}: {field} has unknown value '{value}' (expected one of: {expected})"
    if kind == "string_too_short":
        return f"{record}: {field} must be a non-empty string, got {value!r}"
    if kind == "value_error":
        return f"{record}: {field} {message}"
    if kind in _EXPECTED:
        shown = f" {value!r}" if isinstance(value, (str, int, float)) else ""  # scalars only: short
        return f"{record}: {field} must be {_EXPECTED[kind]}, got {_type_name(value)}{shown}"
    return f"{record}: {field}: {message}"


def validate(model: type[_M] | TypeAdapter[_M], data: object, where: str, context: dict[str, Any] | None = None) -> _M:
    """``data`` validated as ``model`` (a pydantic model class or a TypeAdapter).

    Args:
        where: the start of every message, normally the file name.
        context: passed to the model's validators (e.g. the known indicator ids for cross-references).

    Raises:
        ContentError: the first problem, named by :func:`describe`.
    """
    adapter = model if isinstance(model, TypeAdapter) else TypeAdapter(model)
    try:
        return adapter.validate_python(data, context=context)
    except ValidationError as exc:
        root = model if not isinstance(model, TypeAdapter) else None
        raise ContentError(describe(exc.errors()[0], where, data, root)) from None


def load(model: type[_M] | TypeAdapter[_M], path: Path, context: dict[str, Any] | None = None) -> _M:
    """Read ``path`` (YAML) and validate it as ``model``.

    Raises:
        ContentError: missing file, bad YAML or a schema problem; the message starts with the file name.
    """
    return validate(model, read_yaml(path), path.name, context)
