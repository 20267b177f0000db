"""The Trends & doelen page's view state: programme line, indicator, areas, reference and the target rule.

The link is ``?lijn=&indicator=&gebieden=a,b&doel2034=50&doel2039=100&referentie=TWENTE``. The indicator is
checked against the trend indicators of the link's line, the areas against those the link's indicator can show
(only the cities for an indicator without buurt figures); every refused value gives a Dutch notice in
:attr:`regiomonitor.params.Params.notices`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from regiomonitor.areas import NL_CODE, TWENTE_CODE
from regiomonitor.params import Params, is_plain_int

#: The line shown when the link names none.
DEFAULT_LINE = "woon_leefomgeving"
#: The areas shown when the link names none (those the indicator has).
DEFAULT_AREAS: tuple[str, ...] = ("Wesselerbrink", "Almelo spoorzone", "Enschede", "Almelo")
#: The most lines one trend chart shows (the widget's limit; a link with more is cut to this).
MAX_AREAS = 5
#: Reference areas of the target rule.
REFERENCES: dict[str, str] = {TWENTE_CODE: "Twente", NL_CODE: "Nederland"}
#: Default share of the gap closed by 2034 and by 2039 (percent, steps of 5).
DEFAULT_GOALS: tuple[int, int] = (50, 100)
_MAX_AREAS_TEXT = 300
_MAX_PCT_TEXT = 8


def goal_percentage(params: Params, name: str, default: int) -> int:
    """A target percentage from the link: 0 to 100 in steps of 5, anything else a notice and ``default``.

    >>> p = Params({"doel2034": "25", "doel2039": "33"})
    >>> goal_percentage(p, "doel2034", 50), goal_percentage(p, "doel2039", 100), p.notices
    (25, 100, ['De link bevat een ongeldig doelpercentage; 100% wordt gebruikt.'])
    """
    raw = params.text(name, _MAX_PCT_TEXT) or ""
    if is_plain_int(raw) and 0 <= int(raw) <= 100 and int(raw) % 5 == 0:
        return int(raw)
    if raw:
        params.notices.append(f"De link bevat een ongeldig doelpercentage; {default}% wordt gebruikt.")
    return default


def link_areas(params: Params, allowed: Collection[str]) -> tuple[str, ...]:
    """The ``gebieden`` of the link that ``allowed`` knows, at most :data:`MAX_AREAS`; an empty tuple means the
    default. Unknown names are dropped silently when some are known, with a notice when none is.

    >>> p = Params({"gebieden": "Almelo,Atlantis,Almelo"})
    >>> link_areas(p, ["Almelo", "Enschede"]), p.notices
    (('Almelo',), [])
    """
    raw = params.text("gebieden", _MAX_AREAS_TEXT)
    if not raw:
        return ()
    wanted = list(dict.fromkeys(a for a in raw.split(",") if a in allowed))
    if not wanted:
        params.notices.append("De link noemt onbekende gebieden; de standaardkeuze wordt getoond.")
    elif len(wanted) > MAX_AREAS:
        params.notices.append(f"De link noemt meer dan {MAX_AREAS} gebieden; de eerste {MAX_AREAS} worden getoond.")
    return tuple(wanted[:MAX_AREAS])


def default_areas(allowed: Collection[str]) -> tuple[str, ...]:
    """The default areas that ``allowed`` has (the cities only, for an indicator without buurt figures)."""
    return tuple(a for a in DEFAULT_AREAS if a in allowed)


@dataclass(frozen=True)
class TrendsView:
    """One view of Trends & doelen, as the link carries it (``indicator`` None: the line has no trend yet)."""

    lijn: str
    indicator: str | None
    gebieden: tuple[str, ...]
    referentie: str = TWENTE_CODE
    doel2034: int = DEFAULT_GOALS[0]
    doel2039: int = DEFAULT_GOALS[1]

    OWNED: ClassVar[tuple[str, ...]] = ("lijn", "indicator", "gebieden", "referentie", "doel2034", "doel2039")

    @classmethod
    def from_params(
        cls,
        params: Params,
        lines: Sequence[str],
        indicators: Mapping[str, Sequence[str]],
        areas: Mapping[str, Collection[str]],
    ) -> TrendsView:
        """The view a link asks for. ``lines`` are the programme lines (the first is the default when
        :data:`DEFAULT_LINE` is not one), ``indicators`` the trend indicators per line (the first is the
        default), ``areas`` the area names each indicator can show."""
        lijn = params.choice("lijn", lines, DEFAULT_LINE if DEFAULT_LINE in lines else lines[0], "programmalijn")
        trendable = indicators.get(lijn, ())
        indicator = params.choice("indicator", trendable, trendable[0], "indicator") if trendable else None
        allowed = areas.get(indicator, ()) if indicator else ()
        gebieden = (link_areas(params, allowed) or default_areas(allowed)) if indicator else ()
        referentie = params.choice("referentie", tuple(REFERENCES), TWENTE_CODE, "referentie")
        doel2034 = goal_percentage(params, "doel2034", DEFAULT_GOALS[0])
        doel2039 = goal_percentage(params, "doel2039", DEFAULT_GOALS[1])
        return cls(lijn, indicator, gebieden, referentie, doel2034, doel2039)

    def to_params(self) -> dict[str, str]:
        """The link of this view (a line without a trend indicator keeps only its line and target rule)."""
        out = {"lijn": self.lijn, "referentie": self.referentie}
        out |= {"doel2034": str(self.doel2034), "doel2039": str(self.doel2039)}
        if self.indicator:
            out |= {"indicator": self.indicator, "gebieden": ",".join(self.gebieden)}
        return out
