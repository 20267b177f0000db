"""View state of the Buurt page: which buurt is open (``?buurt=BU01530603``)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import ClassVar

from regiomonitor.areas import is_valid_code
from regiomonitor.params import Params

#: Longest text we look at (a buurt code has ten characters).
_MAX_LEN = 32
UNKNOWN_BUURT = (
    "Deze buurtcode kennen we niet (de monitor bevat de buurten van de 14 Twentse gemeenten). Zoek de buurt hieronder."
)


@dataclass(frozen=True)
class BuurtView:
    """The open buurt; None when the link names none (or an unknown one) and the page offers a search box.

    >>> p = Params({"buurt": " bu01530603 "})
    >>> BuurtView.from_params(p, {"BU01530603"}), p.notices
    (BuurtView(buurt='BU01530603'), [])
    >>> p = Params({"buurt": "GM0153"})
    >>> BuurtView.from_params(p, {"BU01530603"}).buurt, len(p.notices)
    (None, 1)
    >>> BuurtView("BU01530603").to_params()
    {'buurt': 'BU01530603'}
    """

    buurt: str | None

    OWNED: ClassVar[tuple[str, ...]] = ("buurt",)

    @classmethod
    def from_params(cls, params: Params, known: Collection[str]) -> BuurtView:
        """The buurt the link names (any case); an unknown or malformed code gives a notice."""
        raw = (params.text("buurt", _MAX_LEN) or "").upper()
        if not raw:
            return cls(None)
        if is_valid_code(raw) and raw in known:
            return cls(raw)
        params.notices.append(UNKNOWN_BUURT)
        return cls(None)

    def to_params(self) -> dict[str, str]:
        """The link of this view. The page writes it only when it shows a buurt, so a refused link stays as it
        came while its notice is shown."""
        return {} if self.buurt is None else {"buurt": self.buurt}
