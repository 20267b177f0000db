"""Turning raw cells into numbers with an explicit flag, never a silent zero.

Raw CBS/RIVM files store numbers as text, pad them with spaces, use a decimal comma in CSV exports, and
mark suppressed or unknown values with ``.``, ``x``, ``-``, an empty cell or a large negative sentinel.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

#: Flags stored in the ``flag`` column of the indicator table ("" means an ordinary published value).
FLAG_OK: Final = ""
FLAG_SUPPRESSED: Final = "suppressed"  # the publisher printed a placeholder such as "." or "x"
FLAG_MISSING: Final = "missing"  # the cell is empty
FLAG_INVALID: Final = "invalid"  # text that is not a number, or a sentinel/impossible value
FLAG_DERIVED: Final = "derived"  # computed by us from published figures (Twente aggregate, shares)

FLAGS: Final[tuple[str, ...]] = (FLAG_OK, FLAG_SUPPRESSED, FLAG_MISSING, FLAG_INVALID, FLAG_DERIVED)

#: Dutch wording of each flag, for tooltips and footnotes.
FLAG_LABELS: Final[dict[str, str]] = {
    FLAG_OK: "",
    FLAG_SUPPRESSED: "niet gepubliceerd (te weinig waarnemingen of geheimhouding)",
    FLAG_MISSING: "geen waarde in de bron",
    FLAG_INVALID: "ongeldige waarde in de bron",
    FLAG_DERIVED: "door ons berekend uit gepubliceerde cijfers",
}

_SUPPRESSED_TOKENS: Final = frozenset({".", "x", "-", "?", "..", "nvt", "n.v.t."})
_SENTINEL_LIMIT: Final = -99990.0


def coerce_values(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Convert raw cells to floats and a parallel flag series.

    Accepts numbers, numeric text with padding and a decimal comma. Placeholders become NaN with
    ``suppressed``; empty cells NaN with ``missing``; other text and sentinels (<= -99990) NaN with
    ``invalid``, as are non-finite numbers (``inf``, ``1e999``).

    >>> v, f = coerce_values(pd.Series(["  12.5", "3,4", ".", "", "abc", -99997, 7]))
    >>> v.tolist()[:2], f.tolist()
    ([12.5, 3.4], ['', '', 'suppressed', 'missing', 'invalid', 'invalid', ''])
    """
    text = raw.astype("string").str.strip()
    empty = text.isna() | (text == "")
    suppressed = text.str.lower().isin(_SUPPRESSED_TOKENS).fillna(False)
    numbers = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce").astype("float64")
    # Sentinels and non-finite numbers ("inf", "1e999") are invalid, never values.
    sentinel = (numbers.le(_SENTINEL_LIMIT) | ~np.isfinite(numbers.fillna(0.0))).fillna(False)
    invalid = (numbers.isna() & ~empty & ~suppressed) | sentinel
    values = numbers.where(~sentinel, np.nan)
    flags = pd.Series(FLAG_OK, index=raw.index, dtype="object")
    flags[empty.to_numpy(dtype=bool)] = FLAG_MISSING
    flags[suppressed.to_numpy(dtype=bool)] = FLAG_SUPPRESSED
    flags[invalid.to_numpy(dtype=bool)] = FLAG_INVALID
    return values.astype("float64"), flags.astype("str")
