"""Field types shared by the content models.

YAML is loose (a year may come as 2025 or "2025", an empty list as null, a string with trailing blanks), so each
type says exactly what it accepts, and its message reads like the rest of the content errors
("field 'waarde' must be a number or null, got str 'vijftig'").
"""

from __future__ import annotations

from typing import Annotated, TypeVar

from pydantic import AfterValidator, BeforeValidator, PlainValidator


def _type_name(value: object) -> str:
    return "null" if value is None else type(value).__name__


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must be a non-empty string, got {_type_name(value)}")
    return value.strip()


def _opt_text(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must be a non-empty string or null, got {_type_name(value)}")
    return value.strip()


def _period(value: object) -> str | None:
    """A period may be written as a bare year in YAML; keep it as text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _opt_text(value)


def _opt_int(value: object) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"must be an integer or null, got {_type_name(value)}")
    return value


def _int(value: object) -> int:
    if value is None:
        raise ValueError("must be an integer, got null")
    return int(_opt_int(value))  # type: ignore[arg-type]


def _number(value: object) -> float | int | None:
    if value is None:
        return None
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise ValueError(f"must be a number or null, got {_type_name(value)} {value!r}")
    return value


def _flag(value: object) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, got {_type_name(value)}")
    return value


def _opgave(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 21:
        raise ValueError(f"must be an opgave number 1-21, got {value!r}")
    return value


def _no_repeats(numbers: tuple[int, ...]) -> tuple[int, ...]:
    if len(set(numbers)) != len(numbers):
        raise ValueError("lists an opgave twice")
    return numbers


def _empty_if_null(value: object) -> object:
    return () if value is None else value


Text = Annotated[str, PlainValidator(_text)]
OptText = Annotated[str | None, PlainValidator(_opt_text)]
Period = Annotated[str | None, PlainValidator(_period)]
Year = Annotated[int, PlainValidator(_int)]
OptYear = Annotated[int | None, PlainValidator(_opt_int)]
Number = Annotated[float | int | None, PlainValidator(_number)]
Flag = Annotated[bool, PlainValidator(_flag)]
_T = TypeVar("_T")
#: A list in YAML (null counts as empty), held as a tuple.
Items = Annotated[tuple[_T, ...], BeforeValidator(_empty_if_null)]
Texts = Items[Text]
#: NPVR opgave numbers (1-21), each at most once.
Opgaven = Annotated[
    tuple[Annotated[int, PlainValidator(_opgave)], ...], BeforeValidator(_empty_if_null), AfterValidator(_no_repeats)
]
