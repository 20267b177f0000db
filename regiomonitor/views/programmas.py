"""View state of the Programma's page: which programme is open (``?programma=<id>``) and which of its tabs
(``&deel=``, left out for the first tab; the names are ``regiomonitor.programme_layout.tab_slugs``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from regiomonitor.params import Params

#: Order of the programmes in the list and the selector (unknown ids follow in file order).
PREFERRED_ORDER = ("elk_talent_telt", "kansrijk_enschede", "npvr_twente", "regio_deal_drenthe", "city_deals")
DEFAULT_PROGRAMME = "elk_talent_telt"


def ordered_ids(ids: Sequence[str]) -> list[str]:
    """The programme ids in the page's order: the preferred ones first, the rest as given.

    >>> ordered_ids(["city_deals", "nieuw", "elk_talent_telt"])
    ['elk_talent_telt', 'city_deals', 'nieuw']
    """
    first = [p for p in PREFERRED_ORDER if p in ids]
    return first + [p for p in ids if p not in first]


@dataclass(frozen=True)
class ProgrammasView:
    """The open programme.

    >>> p = Params({"programma": "<script>"})
    >>> ProgrammasView.from_params(p, ["kansrijk_enschede", "elk_talent_telt"]).programma, p.notices
    ('elk_talent_telt', ['De link noemt een onbekend programma; de standaard wordt getoond.'])
    >>> ProgrammasView("city_deals").to_params()
    {'programma': 'city_deals'}
    >>> ProgrammasView("city_deals", "opzet").to_params()
    {'programma': 'city_deals', 'deel': 'opzet'}
    """

    programma: str
    deel: str | None = None

    OWNED: ClassVar[tuple[str, ...]] = ("programma", "deel")

    @staticmethod
    def default(ids: Sequence[str]) -> str:
        """Elk Talent Telt when it is there, else the first programme."""
        return DEFAULT_PROGRAMME if DEFAULT_PROGRAMME in ids else ids[0]

    @classmethod
    def from_params(cls, params: Params, ids: Sequence[str]) -> ProgrammasView:
        """The programme the link names; an unknown one gives a notice and the default."""
        return cls(params.choice("programma", ids, cls.default(ids), "programma"))

    @staticmethod
    def part_from_params(params: Params, programma: str, slugs: Sequence[str]) -> str:
        """The tab the link names for ``programma`` (one of ``slugs``); the first when the link is about another
        programme (the user just picked this one) or names none, the first and a notice when it is unknown."""
        if params.text("programma") != programma:
            return slugs[0]
        return params.choice("deel", slugs, slugs[0], "onderdeel")

    def to_params(self) -> dict[str, str]:
        """The link of this view."""
        return {"programma": self.programma} | ({"deel": self.deel} if self.deel else {})
