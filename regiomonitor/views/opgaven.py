"""The Opgaven overview's view state: its filters and the chosen view, as the link carries them.

``?thema=&status=&ministerie=&eigenaar=&zoek=&weergave=``: a board member can send exactly the selection under
discussion. Filters are comma-separated lists checked item by item; the view is one of :data:`VIEW_PARAMS`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import ClassVar, Final

from regiomonitor.opgaven_overview import OverviewFilter
from regiomonitor.params import Params

#: The views of the overview in the order of the switch, and how the link names each.
VIEW_PARAMS: Final[dict[str, str]] = {
    "Stand van zaken": "stand",
    "Per thema": "thema",
    "Tabel": "tabel",
    "Ministeries": "ministeries",
    "NPVR-doelen": "doelen",
    "Verwijzingen": "verwijzingen",
}
VIEWS: Final[tuple[str, ...]] = tuple(VIEW_PARAMS)
#: Longest search text (the search box's own limit).
MAX_SEARCH: Final[int] = 80


@dataclass(frozen=True)
class OpgavenView:
    """Filters (an empty tuple means all) and the chosen view of the Opgaven overview.

    >>> p = Params({"thema": "bestaanszekerheid,xx", "weergave": "tabel", "zoek": " Enschede "})
    >>> v = OpgavenView.from_params(p, ["bestaanszekerheid"], [], [], [])
    >>> v.thema, v.weergave, v.zoek, p.notices
    (('bestaanszekerheid',), 'Tabel', 'Enschede', ['De link noemt een onbekend thema; dat is genegeerd.'])
    >>> v.to_params()["thema"], v.to_params()["weergave"], v.to_params()["status"]
    ('bestaanszekerheid', 'tabel', '')
    """

    thema: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    ministerie: tuple[str, ...] = ()
    eigenaar: tuple[str, ...] = ()
    zoek: str = ""
    weergave: str = VIEWS[0]

    #: The query params this page owns (the shared sidebar's gemeente and jaar are not among them).
    OWNED: ClassVar[tuple[str, ...]] = ("thema", "status", "ministerie", "eigenaar", "zoek", "weergave")

    @classmethod
    def from_params(
        cls,
        params: Params,
        themes: Collection[str],
        statuses: Collection[str],
        ministries: Collection[str],
        owners: Collection[str],
    ) -> OpgavenView:
        """The view a link asks for; unknown values are dropped (or the default view shown) with a notice."""
        by_param = {v: k for k, v in VIEW_PARAMS.items()}
        return cls(
            thema=tuple(params.multi("thema", themes, "thema")),
            status=tuple(params.multi("status", statuses, "status")),
            ministerie=tuple(params.multi("ministerie", ministries, "ministerie")),
            eigenaar=tuple(params.multi("eigenaar", owners, "eigenaarschap")),
            zoek=params.text("zoek", MAX_SEARCH) or "",
            weergave=by_param[params.choice("weergave", by_param, VIEW_PARAMS[VIEWS[0]], "weergave")],
        )

    def to_params(self) -> dict[str, str]:
        """The link of this view; empty filters are left out (links stay short), the view is always named."""
        return {
            "thema": ",".join(self.thema),
            "status": ",".join(self.status),
            "ministerie": ",".join(self.ministerie),
            "eigenaar": ",".join(self.eigenaar),
            "zoek": self.zoek.strip(),
            "weergave": VIEW_PARAMS.get(self.weergave, VIEW_PARAMS[VIEWS[0]]),
        }

    @property
    def filter(self) -> OverviewFilter:
        """The filters as ``regiomonitor.opgaven_overview.apply_filter`` takes them."""
        return OverviewFilter(self.thema, self.status, self.ministerie, self.eigenaar, self.zoek)
