"""Parsers for query-param values: strict, ASCII-only, never raising.

Query params come from links in e-mails and from anyone's address bar, so a parser here answers "is this a
value we accept" and leaves the friendly notice to the page.
"""

from __future__ import annotations

#: Longest integer text we look at; anything longer is not a year, step or percentage.
_MAX_DIGITS = 9


def is_plain_int(raw: object) -> bool:
    """True for a non-negative integer written in ASCII digits only.

    ``str.isdigit`` also accepts superscripts ("²") and other scripts' digits that ``int`` then refuses or
    reads differently; this accepts only ``0-9``.

    >>> is_plain_int("2020"), is_plain_int("²"), is_plain_int("٣"), is_plain_int(" 1"), is_plain_int(None)
    (True, False, False, False, False)
    """
    return isinstance(raw, str) and 0 < len(raw) <= _MAX_DIGITS and raw.isascii() and raw.isdecimal()
