"""View state of the Opgave page: which opgave of the Plan voor de Regio is open (``?opgave=N``)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import ClassVar

from regiomonitor.params import Params, is_plain_int

#: Longest opgave number we look at (the plan has 21; four digits leave room and refuse anything longer).
_MAX_DIGITS = 4


@dataclass(frozen=True)
class OpgaveView:
    """The open opgave; None when the link names none (or one that does not exist) and the page lists them all.

    >>> p = Params({"opgave": "22"})
    >>> OpgaveView.from_params(p, range(1, 22)), p.notices
    (OpgaveView(opgave=None), ['Een opgave met dit nummer bestaat niet: het Plan voor de Regio telt de opgaven 1 tot en met 21. Kies er hieronder één.'])
    >>> OpgaveView(13).to_params()
    {'opgave': '13'}
    """

    opgave: int | None

    OWNED: ClassVar[tuple[str, ...]] = ("opgave",)

    @classmethod
    def from_params(cls, params: Params, numbers: Collection[int]) -> OpgaveView:
        """The opgave the link names; a number the plan does not have gives a notice (shown above the list)."""
        raw = params.text("opgave")
        if raw and is_plain_int(raw) and len(raw) <= _MAX_DIGITS and int(raw) in numbers:
            return cls(int(raw))
        if raw:
            params.notices.append(
                "Een opgave met dit nummer bestaat niet: het Plan voor de Regio telt de opgaven 1 tot en met "
                f"{max(numbers)}. Kies er hieronder één."
            )
        return cls(None)

    def to_params(self) -> dict[str, str]:
        """The link of this view. The page writes it only when it shows an opgave, so a refused link stays as it
        came while its notice is shown."""
        return {} if self.opgave is None else {"opgave": str(self.opgave)}
