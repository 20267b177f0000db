"""Parsers for query-param values: strict, ASCII-only, never raising.

Query params come from links in e-mails and from anyone's address bar, so a parser here answers "is this a
value we accept" and leaves the friendly notice to the page.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

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


#: Longest text we read from any one query param (longer than every valid value).
MAX_PARAM = 64


class Params:
    """A page's query params as plain strings, read once, with the Dutch notices for what was refused.

    A page's view-state class (``regiomonitor/views/<page>.py``) reads its fields from one of these in its
    ``from_params`` and writes them back with ``to_params``, so every page parses and writes its link the same
    way and in one place. Nothing from a link is rendered or evaluated: values are length-capped and compared
    with the allowed values as strings.

    >>> p = Params({"weergave": "kaart", "jaar": "2021x", "buurten": "BU1,bu2,BU1,XX"})
    >>> p.choice("weergave", ("tabel", "kaart"), "tabel", "weergave")
    'kaart'
    >>> p.integer("jaar", (2016, 2020), 2020, "peiljaar")
    2020
    >>> p.multi("buurten", ("BU1", "BU2"), "buurt", upper=True)
    ['BU1', 'BU2']
    >>> p.notices
    ['De link noemt een onbekend peiljaar; de standaard wordt getoond.', 'De link noemt een onbekende buurt; die is genegeerd.']
    """

    def __init__(self, raw: Mapping[str, object]) -> None:
        self._raw = {str(k): str(v) for k, v in raw.items()}
        self.notices: list[str] = []

    def text(self, name: str, max_len: int = MAX_PARAM) -> str | None:
        """The stripped, length-capped value of ``name``; None when the link does not carry it."""
        value = self._raw.get(name)
        return None if value is None else value[:max_len].strip()

    def has(self, name: str) -> bool:
        """True when the link carries ``name`` (even empty)."""
        return name in self._raw

    def _refuse(self, what: str, then: str = "de standaard wordt getoond") -> None:
        article = "een onbekend" if what in _NEUTER else "een onbekende"
        self.notices.append(f"De link noemt {article} {what}; {then}.")

    def choice(self, name: str, allowed: Collection[str], default: str, what: str) -> str:
        """One of ``allowed``; an absent or empty value gives ``default``, an unknown one a notice and the default."""
        raw = self.text(name)
        if not raw:
            return default
        if raw in allowed:
            return raw
        self._refuse(what)
        return default

    def integer(self, name: str, allowed: Collection[int] | None, default: int, what: str) -> int:
        """A plain ASCII integer (in ``allowed`` when given); anything else a notice and the default."""
        raw = self.text(name)
        if not raw:
            return default
        if is_plain_int(raw) and (allowed is None or int(raw) in allowed):
            return int(raw)
        self._refuse(what)
        return default

    def multi(
        self, name: str, allowed: Collection[str], what: str, max_len: int = 512, upper: bool = False
    ) -> list[str]:
        """A comma-separated list checked item by item: unknown items dropped with one notice, no duplicates."""
        raw = self.text(name, max_len)
        if raw is None:
            return []
        items = [i.strip().upper() if upper else i.strip() for i in raw.split(",") if i.strip()]
        kept = list(dict.fromkeys(i for i in items if i in allowed))
        if len(kept) < len(set(items)):
            self._refuse(what, "dat is genegeerd" if what in _NEUTER else "die is genegeerd")
        return kept

    def flag(self, name: str) -> bool:
        """A switch in the link: ``1``, ``ja`` or ``true`` (any case) is on, anything else off."""
        return (self.text(name) or "").lower() in {"1", "ja", "true"}


#: Dutch "het"-words among the things a link names, so the notice reads "een onbekend peiljaar".
_NEUTER: frozenset[str] = frozenset(
    {"peiljaar", "jaar", "thema", "gebied", "niveau", "programma", "ministerie", "onderdeel"}
)
