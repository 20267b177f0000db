"""The Vergelijken page's view state: which buurten, which year and view, the ranking and the look-alikes.

The link is ``?buurten=BU…,BU…&periode=&weergave=&indicator=&rangorde=&tweeling=&tweelingen=&deel=``. A link
that names no buurten shows an example (the four buurten of Wesselerbrink); ``?buurten=`` (empty) shows none. Unknown or
malformed buurt codes get one sentence of their own (shown as a warning on the page, it names what was left
out); every other refused value a toast through :class:`regiomonitor.params.Params`. ``deel`` names the open part
of the page (:data:`PARTS`); it is left out of the link for the first part.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import ClassVar

from regiomonitor.areas import TWENTE_CODE
from regiomonitor.compare import VIEWS, parse_buurten
from regiomonitor.deprivation import INDEX_LABEL
from regiomonitor.params import Params

#: Shown when the link names no buurten: Wesselerbrink, named in the Regio Deal application.
EXAMPLE: tuple[str, ...] = ("BU01530603", "BU01530604", "BU01530605", "BU01530606")
#: Health-monitor years of the comparison.
PERIODS: tuple[int, ...] = (2020, 2016, 2012)
#: Where the look-alikes are looked for.
SCOPES: dict[str, str] = {"nl": "Heel Nederland", "twente": "Alleen Twente"}
#: The ranking's indicator when the link names none.
DEFAULT_RANKING = "moeite_rondkomen"
#: The parts of the page with two or more buurten, one tab each (link value -> tab label), in order. Only the
#: open part is drawn: the whole page at once was some 60 charts, tables and widgets, and a browser took 1.6 s
#: to draw it (bench/browser_idle.py).
PARTS: dict[str, str] = {
    "naast": "Naast elkaar",
    "indicatoren": "Per indicator",
    "rangorde": "Rangorde",
    "index": INDEX_LABEL,
    "lijkend": "Buurten die erop lijken",
}
#: Longest ``buurten`` text read (8 codes need 87 characters; more is only read to name what was dropped).
MAX_BUURTEN_TEXT = 2000


def ranking_scopes(buurten: Collection[str]) -> list[str]:
    """What a ranking can cover: all of Twente, or the gemeente of one of the chosen buurten.

    >>> ranking_scopes(["BU01530603", "BU01411003", "BU01530604"])
    ['TWENTE', 'GM0141', 'GM0153']
    """
    return [TWENTE_CODE, *dict.fromkeys(sorted({"GM" + c[2:6] for c in buurten}))]


def default_scope(buurten: Collection[str]) -> str:
    """The ranking's default: the gemeente of the first chosen buurt (Twente when none is chosen)."""
    first = next(iter(buurten), None)
    return "GM" + first[2:6] if first else TWENTE_CODE


@dataclass(frozen=True)
class CompareView:
    """One view of Vergelijken, as the link carries it.

    ``rangorde`` and ``tweeling`` are None when the page shows no ranking or no look-alikes (they are then left
    out of the link); ``example`` is True when the link named no buurten and the example is shown.
    """

    buurten: tuple[str, ...]
    periode: int = PERIODS[0]
    weergave: str = "waarde"
    indicator: str = DEFAULT_RANKING
    rangorde: str | None = None
    tweeling: str | None = None
    tweelingen: str = "nl"
    example: bool = False
    buurten_notice: str | None = None
    deel: str = next(iter(PARTS))

    OWNED: ClassVar[tuple[str, ...]] = (
        "buurten",
        "periode",
        "weergave",
        "indicator",
        "rangorde",
        "tweeling",
        "tweelingen",
        "deel",
    )

    @classmethod
    def from_params(
        cls, params: Params, buurten: Collection[str], indicators: Collection[str], default_periode: int
    ) -> CompareView:
        """The view a link asks for: ``buurten`` are the Twente buurt codes, ``indicators`` those a ranking can
        show, ``default_periode`` the year used when the link names none (the sidebar's, when it is one of
        :data:`PERIODS`). ``rangorde`` and ``tweeling`` are checked against the buurten of the same link."""
        if params.has("buurten"):
            selection = parse_buurten(params.text("buurten", MAX_BUURTEN_TEXT), buurten)
            chosen, notice, example = selection.codes, selection.notice(), False
        else:
            chosen, notice, example = EXAMPLE, None, True
        periode = params.integer(
            "periode", PERIODS, default_periode if default_periode in PERIODS else PERIODS[0], "periode"
        )
        weergave = params.choice("weergave", tuple(VIEWS), "waarde", "weergave")
        indicator = params.choice(
            "indicator", indicators, DEFAULT_RANKING if DEFAULT_RANKING in indicators else "", "indicator"
        )
        rangorde = params.choice("rangorde", ranking_scopes(chosen), default_scope(chosen), "rangorde")
        tweelingen = params.choice("tweelingen", tuple(SCOPES), "nl", "zoekgebied")
        tweeling = params.choice("tweeling", chosen, "", "buurt") or None
        deel = params.choice("deel", tuple(PARTS), next(iter(PARTS)), "onderdeel")
        return cls(chosen, periode, weergave, indicator, rangorde, tweeling, tweelingen, example, notice, deel)

    def to_params(self) -> dict[str, str]:
        """The link of this view; a section that is not shown leaves its params out."""
        out = {"buurten": ",".join(self.buurten)}
        if len(self.buurten) >= 2:
            out |= {"periode": str(self.periode), "weergave": self.weergave, "indicator": self.indicator}
            out["rangorde"] = self.rangorde or ""
            if self.deel != next(iter(PARTS)):
                out["deel"] = self.deel
        if self.tweeling:
            out |= {"tweeling": self.tweeling, "tweelingen": self.tweelingen}
        return out
