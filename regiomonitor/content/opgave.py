"""One NPVR opgave (one fiche of the Plan voor de Regio Twente) and the parts it refers to, as frozen models.

The checks that need the rest of the file (known themes, ministries, goals, cross-references) are in
:mod:`regiomonitor.content.opgaven_catalogue`; the derived views (status badges) in :mod:`regiomonitor.opgaven`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Annotated, Final

from pydantic import AfterValidator, PlainValidator, StrictBool, model_validator

from regiomonitor.content.fields import Items, OptText, Text, Texts, Year
from regiomonitor.content.reader import ContentModel


def _not_empty(items: tuple[str, ...]) -> tuple[str, ...]:
    if not items:
        raise ValueError("must not be empty")
    return items


def _once(items: tuple[str, ...]) -> tuple[str, ...]:
    if len(set(items)) != len(items):
        raise ValueError("lists an item twice")
    return items


def _opgave_number(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"must be an opgave number, got {type(value).__name__}")
    return value


#: A list of texts that must have at least one entry.
FilledTexts = Annotated[Texts, AfterValidator(_not_empty)]
#: A list of ids, each at most once.
Ids = Annotated[Texts, AfterValidator(_once)]


class Bron(ContentModel):
    """The source document."""

    titel: Text
    uitgever: Text
    datum: Text
    versie: Text
    bestand: Text
    opmerking: OptText = None


class Thema(ContentModel):
    """One of the seven themes of the plan."""

    id: Text
    naam: Text


class Ministerie(ContentModel):
    """A ministry abbreviation as the document uses it, with its full name."""

    afkorting: Text
    naam: Text
    toelichting: OptText = None


class NpvrDoel(ContentModel):
    """An NPVR starting point of the Rijk with its Twente translation (the goals opgaven serve)."""

    id: Text
    label: Text
    uitgangspunt_rijk: Text
    twentse_vertaling: Text
    toelichting: Text


class MonitoringFase(ContentModel):
    """One yearly phase of the monitoring plan in the uitvoeringsplan."""

    jaar: Year
    label: Text
    onderdelen: FilledTexts


class Monitoring(ContentModel):
    """The monitoring plan: first steps and yearly phases."""

    bron: Text
    toelichting: Text
    eerste_stappen: Texts
    fasen: Items[MonitoringFase]

    @model_validator(mode="after")
    def _one_phase_a_year(self) -> Monitoring:
        if len({f.jaar for f in self.fasen}) != len(self.fasen):
            raise ValueError("field 'fasen' lists a year twice")
        return self


class ThemaAlternatief(ContentModel):
    """Where the overview and the fiche header put an opgave under different headings."""

    thema: OptText
    naam: Text
    toelichting: Text


class Eigenaar(ContentModel):
    """Regional owner at one level; ``naam`` is None where the fiche leaves it empty."""

    naam: OptText
    voorstel: StrictBool
    toelichting: OptText = None


class Eigenaarschap(ContentModel):
    """Administrative (bestuurlijk) and executive (ambtelijk, 'Uitvoering') ownership."""

    bestuurlijk: Eigenaar
    ambtelijk: Eigenaar


class MinisterieRol(ContentModel):
    """A ministry involved in an opgave, marked primary or not."""

    afkorting: Text
    primair: StrictBool


class Interventies(ContentModel):
    """Possible interventions as a start for the talks with the Rijk."""

    rijk: Texts
    regio: Texts
    rijk_en_regio: Texts = ()


class Opgave(ContentModel):
    """One opgave (one fiche)."""

    nummer: Annotated[int, PlainValidator(_opgave_number)]
    titel: Text
    thema: Text
    thema_alternatief: ThemaAlternatief | None
    opgave: Text
    context: FilledTexts
    lopende_trajecten: Texts
    eigenaarschap: Eigenaarschap
    ministeries: Items[MinisterieRol]
    aanvullend_nodig: Texts
    knelpunten: Texts
    regionale_impact: Text
    interventies: Interventies
    vervolgafspraken: Texts
    verwijzingen: Items[Annotated[int, PlainValidator(_opgave_number)]]
    npvr_doelen: Ids
    indicatoren: Ids
    bron: Text
    opmerkingen: Texts = ()
    #: The linked indicators that measure the opgave's own subject; the rest of ``indicatoren`` are related
    #: figures the project chose (the fiches name no indicators: those are chosen in 2026, monitoring plan).
    indicatoren_eigen: Ids = ()

    @model_validator(mode="after")
    def _consistent(self) -> Opgave:
        """Checks within one fiche: a positive number, no reference to itself, one primary ministry at most,
        own indicators among the linked ones, an alternative theme that differs."""
        if self.nummer < 1:
            raise ValueError(f"field 'nummer' must be a positive integer, got {self.nummer}")
        if self.nummer in self.verwijzingen:
            raise ValueError(f"field 'verwijzingen' refers to its own number {self.nummer}")
        if len(set(self.verwijzingen)) != len(self.verwijzingen):
            raise ValueError("field 'verwijzingen' lists an opgave twice")
        if not self.ministeries:
            raise ValueError("field 'ministeries' must not be empty")
        names = [m.afkorting for m in self.ministeries]
        if len(set(names)) != len(names):
            twice = next(n for n in names if names.count(n) > 1)
            raise ValueError(f"field 'ministeries' lists ministry '{twice}' twice")
        primary = [m.afkorting for m in self.ministeries if m.primair]
        if len(primary) > 1:
            raise ValueError(f"field 'ministeries' marks more than one primary ministry ({', '.join(primary)})")
        for item in self.indicatoren_eigen:
            if item not in self.indicatoren:
                raise ValueError(
                    f"field 'indicatoren_eigen' names '{item}', which is not in the opgave's 'indicatoren'"
                )
        alt = self.thema_alternatief
        if alt is not None and alt.thema == self.thema:
            raise ValueError("> thema_alternatief: field 'thema' must differ from the opgave's own theme")
        return self

    @property
    def indicatoren_verwant(self) -> tuple[str, ...]:
        """Linked indicators that do not measure the opgave itself: related figures, the project's choice."""
        return tuple(i for i in self.indicatoren if i not in self.indicatoren_eigen)

    @property
    def primair_ministerie(self) -> str | None:
        """The abbreviation of the primary ministry, or None where the fiche marks none (opgave 13)."""
        return next((m.afkorting for m in self.ministeries if m.primair), None)


# --------------------------------------------------------------------------------------------------------------
# Monitoring timeline
# --------------------------------------------------------------------------------------------------------------


class PhaseState(StrEnum):
    """Where a yearly monitoring phase stands relative to a date (by the plan's calendar, not by evidence)."""

    DONE = "done"
    CURRENT = "current"
    UPCOMING = "upcoming"


PHASE_LABELS: Final[dict[PhaseState, str]] = {
    PhaseState.DONE: "voorbij (volgens planning)",
    PhaseState.CURRENT: "nu",
    PhaseState.UPCOMING: "komt nog",
}


@dataclass(frozen=True, kw_only=True)
class PhaseStatus:
    """A monitoring phase with its state."""

    fase: MonitoringFase
    state: PhaseState

    @property
    def label(self) -> str:
        """Dutch label of the state."""
        return PHASE_LABELS[self.state]


def monitoring_phase(today: date, fasen: Sequence[MonitoringFase]) -> tuple[PhaseStatus, ...]:
    """Each phase (sorted by year) as done (earlier year), current (this year) or upcoming (later year).

    Before the first year every phase is upcoming; after the last every phase is done.
    """
    out = []
    for fase in sorted(fasen, key=lambda f: f.jaar):
        if fase.jaar < today.year:
            state = PhaseState.DONE
        elif fase.jaar == today.year:
            state = PhaseState.CURRENT
        else:
            state = PhaseState.UPCOMING
        out.append(PhaseStatus(fase=fase, state=state))
    return tuple(out)
