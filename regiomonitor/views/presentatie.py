"""View state of the Presentatie page: the step (``?stap=N``), presenter mode (``?presenteren=1``) and an own
presentation travelling in the link (``?eigen=<token>``, decoded and validated by ``regiomonitor.presentation``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from regiomonitor.content.presentation import MAX_TOKEN
from regiomonitor.params import Params, is_plain_int

#: The notice for a step the presentation does not have ("de stap": its own wording, not Params' neuter one).
UNKNOWN_STEP = "De link noemt een onbekende stap; de presentatie begint bij stap 1."


@dataclass(frozen=True)
class PresentatieView:
    """The step shown, whether presenter mode is on, and the own presentation's token (None: the default one).

    >>> p = Params({"stap": "9", "presenteren": "1"})
    >>> PresentatieView.from_params(p, 7), p.notices
    (PresentatieView(stap=1, presenteren=True, eigen=None), ['De link noemt een onbekende stap; de presentatie begint bij stap 1.'])
    >>> PresentatieView(3, False, "abc").to_params()
    {'stap': '3', 'eigen': 'abc'}
    """

    stap: int = 1
    presenteren: bool = False
    eigen: str | None = None

    OWNED: ClassVar[tuple[str, ...]] = ("stap", "presenteren", "eigen")

    @staticmethod
    def step(params: Params, total: int) -> int:
        """The 1-based step the link names; one the presentation lacks gives a notice and step 1."""
        raw = params.text("stap", 4)
        if raw is None or raw == "1":
            return 1
        if is_plain_int(raw) and 1 <= int(raw) <= total:
            return int(raw)
        params.notices.append(UNKNOWN_STEP)
        return 1

    @staticmethod
    def token(params: Params) -> str | None:
        """The own presentation's token as the link carries it (validated when it is decoded)."""
        raw = params.text("eigen", MAX_TOKEN + 1)
        return raw or None

    @classmethod
    def from_params(cls, params: Params, total: int) -> PresentatieView:
        """The view a link asks for, for a presentation of ``total`` steps."""
        return cls(cls.step(params, total), params.text("presenteren") == "1", cls.token(params))

    def to_params(self) -> dict[str, str]:
        """The link of this view (presenter mode and the token only when they apply)."""
        out = {"stap": str(self.stap)}
        if self.presenteren:
            out["presenteren"] = "1"
        if self.eigen:
            out["eigen"] = self.eigen
        return out
