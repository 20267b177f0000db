"""Dutch number formatting for the interface: 1.234,5 and 12,3%."""

from __future__ import annotations

import math


def number(value: float | int | None, decimals: int = 0, unit: str | None = None) -> str:
    """Format a number the Dutch way; missing values become an en dash.

    >>> number(1234.5, 1)
    '1.234,5'
    >>> number(12.34, 1, "%")
    '12,3%'
    >>> number(640806, unit="aantal")
    '640.806'
    >>> number(None)
    '–'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    if unit in (None, "", "aantal", "score"):  # a score has no unit to print ('2,77', not '2,77 score')
        return text
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}"


def decimals_for(unit: str) -> int:
    """A sensible number of decimals per unit (counts whole, index scores two, percentages one)."""
    if unit == "score":
        return 2  # standard deviations: 0,05 apart is already a visible rank difference among buurten
    return 0 if unit in {"aantal", "inwoners per km²", "ha"} else 1


def signed(value: float | None, decimals: int = 1, unit: str | None = None) -> str:
    """A difference with an explicit sign: +1,2 / −0,4 (minus sign, not hyphen)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = number(abs(value), decimals, unit)
    return ("+" if value > 0 else "−" if value < 0 else "±") + text


#: Characters with a meaning in Streamlit markdown: CommonMark punctuation, LaTeX ($), colour/icon shortcodes (:).
_MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()#+-.!|<>~$:=&\"'")


def md_escape(text: str) -> str:
    r"""Escape text typed by users (status notes, names) so ``st.markdown`` shows it literally.

    Markdown would otherwise turn ``[x](http://…)`` into a link, ``![](…)`` into an external image request and
    ``:red[…]`` into coloured text. Newlines become markdown line breaks.

    >>> md_escape("<b>vet</b> & [link](x)")
    '\\<b\\>vet\\</b\\> \\& \\[link\\]\\(x\\)'
    """
    escaped = "".join(f"\\{ch}" if ch in _MARKDOWN_SPECIAL else ch for ch in text)
    return escaped.replace("\r\n", "\n").replace("\n", "  \n")


def count(n: int, singular: str, plural: str) -> str:
    """A Dutch count with the right noun form: '1 buurt', '4 buurten'.

    >>> count(1, "buurt", "buurten"), count(4, "buurt", "buurten")
    ('1 buurt', '4 buurten')
    """
    return f"{number(n)} {singular if n == 1 else plural}"
