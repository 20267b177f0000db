"""Raw-value coercion and area code rules."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from regiomonitor import areas
from regiomonitor.fmt import number, signed
from regiomonitor.prepare.values import coerce_values


@pytest.mark.parametrize(
    ("raw", "value", "flag"),
    [
        ("  12.5 ", 12.5, ""),
        ("3,4", 3.4, ""),
        (7, 7.0, ""),
        ("       .", None, "suppressed"),
        ("x", None, "suppressed"),
        ("", None, "missing"),
        (None, None, "missing"),
        ("abc", None, "invalid"),
        (-99997, None, "invalid"),
        ("0", 0.0, ""),
    ],
)
def test_coerce_values(raw: object, value: float | None, flag: str) -> None:
    values, flags = coerce_values(pd.Series([raw], dtype="object"))
    if value is None:
        assert math.isnan(values.iloc[0])
    else:
        assert values.iloc[0] == value
    assert flags.iloc[0] == flag


def test_missing_is_never_zero() -> None:
    values, _ = coerce_values(pd.Series([".", "", None, "n.v.t."], dtype="object"))
    assert values.isna().all()


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("WK014110  ", "WK014110"), (" gm0153", "GM0153"), ("NL01", "NL00"), ("BU0363AA01", "BU0363AA01")],
)
def test_clean_code(raw: str, clean: str) -> None:
    assert areas.clean_code(raw) == clean
    assert areas.is_valid_code(clean)


def test_hierarchy() -> None:
    assert areas.level_of("BU01530603") == "buurt"
    assert areas.wijk_of("BU01530603") == "WK015306"
    assert areas.gemeente_of("WK015306") == "GM0153"
    assert areas.parent_of("GM0153") == areas.TWENTE_CODE
    assert areas.parent_of("GM0363") == areas.NL_CODE
    assert areas.is_twente("BU01411402") and not areas.is_twente("BU03630000")
    assert len(areas.TWENTE_GEMEENTEN) == 14
    with pytest.raises(ValueError):
        areas.level_of("<script>")


def test_dutch_numbers() -> None:
    assert number(1234567.891, 2) == "1.234.567,89"
    assert number(13.9, 1, "%") == "13,9%"
    assert number(float("nan")) == "–"
    assert signed(-0.44) == "−0,4"
    assert signed(2, 0, "%") == "+2%"
