"""The Kaart page's view state: what the map shows, as the link carries it.

``?indicator=&periode=&leeftijd=&niveau=&indeling=&referentie=&focus=&buurt=`` (plus the shared ``gemeente`` and
``jaar``). The allowed values of one field depend on another (the indicators on the chosen layer, the years
and age groups of the chosen indicator), so :meth:`KaartView.from_params` takes them as functions and checks
the fields in that order; it loads nothing itself.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import ClassVar, Final

from regiomonitor.maps import METHODS
from regiomonitor.params import Params

LEVELS: Final[dict[str, str]] = {"buurt": "Buurten", "wijk": "Wijken", "gemeente": "Gemeenten"}
FOCUS: Final[dict[str, str]] = {
    "document": "Focusgebieden (Regio Deal)",
    "voorstel": "Voorstel uit de data",
    "geen": "Geen",
}
REFERENCES: Final[dict[str, str]] = {"gemeente": "Gemeente", "twente": "Twente", "nl": "Nederland"}
DEFAULT_INDICATOR: Final[str] = "moeite_rondkomen"
DEFAULT_AGE: Final[str] = "18+"


def fallback_indicator(options: Sequence[str]) -> str:
    """The indicator shown when the chosen one is not on this layer: the default, else the first option.

    >>> fallback_indicator(["eenzaam", "moeite_rondkomen"]), fallback_indicator(["inwoners"])
    ('moeite_rondkomen', 'inwoners')
    """
    return DEFAULT_INDICATOR if DEFAULT_INDICATOR in options else options[0]


def default_age(ages: Sequence[str]) -> str:
    """Adults when the indicator has them, else its first age group.

    >>> default_age(["18+", "65+"]), default_age(["totaal"])
    ('18+', 'totaal')
    """
    return DEFAULT_AGE if DEFAULT_AGE in ages else ages[0]


@dataclass(frozen=True)
class KaartView:
    """One map: layer, indicator, year, age group, colour classes, reference, outlines and the selected area.

    ``periode`` None means "the page chooses" (the sidebar's year when the map has it, else the latest);
    ``buurt`` is the code of the selected area on any layer (the param keeps its old name).

    >>> p = Params({"niveau": "wijk", "indicator": "eenzaam", "periode": "2016", "buurt": "WK015306"})
    >>> v = KaartView.from_params(
    ...     p, lambda level: ["eenzaam"], lambda ind, level: [2016, 2020], lambda ind: ["18+"], lambda level: {"WK015306"}
    ... )
    >>> v.niveau, v.indicator, v.periode, v.leeftijd, v.buurt, p.notices
    ('wijk', 'eenzaam', 2016, '18+', 'WK015306', [])
    >>> v.to_params()["periode"], v.to_params()["indeling"]
    ('2016', 'kwantielen')
    """

    niveau: str = "buurt"
    indicator: str = DEFAULT_INDICATOR
    periode: int | None = None
    leeftijd: str = DEFAULT_AGE
    indeling: str = "kwantielen"
    referentie: str = "twente"
    focus: str = "document"
    buurt: str | None = None

    #: The query params this page owns (the shared sidebar's gemeente and jaar are not among them).
    OWNED: ClassVar[tuple[str, ...]] = (
        "indicator",
        "periode",
        "leeftijd",
        "niveau",
        "indeling",
        "referentie",
        "focus",
        "buurt",
    )

    @classmethod
    def from_params(
        cls,
        params: Params,
        indicators: Callable[[str], Sequence[str]],
        periods: Callable[[str, str], Sequence[int]],
        ages: Callable[[str], Sequence[str]],
        areas: Callable[[str], Collection[str]],
    ) -> KaartView:
        """The map a link asks for, each field checked against what the fields before it allow.

        Args:
            params: the link.
            indicators: the indicators a layer offers (never empty).
            periods: the years an indicator has values in on a layer.
            ages: an indicator's age groups (never empty).
            areas: the codes of the areas of a layer.

        An unknown value gives the Dutch notice and the default (or, for the year, None: the page's choice).
        """
        niveau = params.choice("niveau", LEVELS, "buurt", "kaartlaag")
        indeling = params.choice("indeling", METHODS, "kwantielen", "kleurindeling")
        referentie = params.choice("referentie", REFERENCES, "twente", "referentie")
        focus = params.choice("focus", FOCUS, "document", "focusweergave")
        options = indicators(niveau)
        indicator = params.choice("indicator", options, fallback_indicator(options), "indicator")
        years = periods(indicator, niveau)
        periode = params.integer("periode", years, -1, "periode") if years else -1
        groups = ages(indicator)
        leeftijd = params.choice("leeftijd", groups, default_age(groups), "leeftijdsgroep")
        buurt = params.choice("buurt", areas(niveau), "", "buurt")
        return cls(
            niveau, indicator, None if periode < 0 else periode, leeftijd, indeling, referentie, focus, buurt or None
        )

    def to_params(self) -> dict[str, str]:
        """The link of this map (no ``buurt`` when nothing is selected)."""
        return {
            "indicator": self.indicator,
            "periode": "" if self.periode is None else str(self.periode),
            "leeftijd": self.leeftijd,
            "niveau": self.niveau,
            "indeling": self.indeling,
            "referentie": self.referentie,
            "focus": self.focus,
            "buurt": self.buurt or "",
        }
