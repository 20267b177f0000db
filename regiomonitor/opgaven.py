"""NPVR opgaven: derived views of the 21 opgaven for the pages.

The content itself (``data/content/opgaven.yaml``) is read and validated by
:func:`regiomonitor.content.opgaven_catalogue.load_opgaven` into frozen models
(:mod:`regiomonitor.content.opgave`). Here:

- :func:`derived_status` - badges per opgave: running track with the Rijk, owner settled/proposed/missing
  (administrative and executive), follow-up agreed, indicators available in the app.
- :func:`theme_text` - an opgave's theme with the alternative heading where the overview differs.
- The monitoring timeline 2026-2029 is :meth:`OpgavenCatalogue.monitoring_phase`; the matrices are
  :meth:`~OpgavenCatalogue.ministry_matrix` and :meth:`~OpgavenCatalogue.goal_matrix`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from regiomonitor.content.opgave import Eigenaar, Opgave
from regiomonitor.content.opgaven_catalogue import OpgavenCatalogue

#: Words in an owner's name that mark part of the ownership as not yet organised (opgave 13).
NOT_YET_ORGANISED: Final[str] = "nog te organiseren"


def theme_text(catalogue: OpgavenCatalogue, opgave: Opgave) -> tuple[str, str | None]:
    """The opgave's theme as one line, and a note about a different heading elsewhere in the document (or None).

    Where the overview lists the opgave under another theme (opgaven 14-16) the fiche header is the theme and the
    other listing is only explained in the note, as an extraction slip, never shown as a second theme. Where the
    fiche header is no theme at all (opgave 18) the line names that header beside the theme used.
    """
    name = catalogue.thema(opgave.thema).naam
    alt = opgave.thema_alternatief
    if alt is None:
        return name, None
    if alt.thema is not None:
        return name, alt.toelichting
    return f"{name} (kop van de fiche: {alt.naam})", alt.toelichting


# --------------------------------------------------------------------------------------------------------------
# Derived status
# --------------------------------------------------------------------------------------------------------------


class OwnerStatus(StrEnum):
    """Whether a regional owner is settled, partly settled, only proposed, or missing (weakest last)."""

    SETTLED = "settled"
    PARTIAL = "partial"
    PROPOSED = "proposed"
    MISSING = "missing"


OWNER_LABELS: Final[dict[OwnerStatus, str]] = {
    OwnerStatus.SETTLED: "belegd",
    OwnerStatus.PARTIAL: "deels belegd",
    OwnerStatus.PROPOSED: "voorstel",
    OwnerStatus.MISSING: "nog niet belegd",
}


@dataclass(frozen=True, kw_only=True)
class Badge:
    """A status badge for the UI: a stable key, a Dutch label and a tone (success, warning, error, neutral)."""

    key: str
    label: str
    tone: str


@dataclass(frozen=True, kw_only=True)
class DerivedStatus:
    """Status facts derived from one opgave record."""

    nummer: int
    running_track: bool
    administrative_owner: OwnerStatus
    executive_owner: OwnerStatus
    follow_up: bool
    linked_indicators: tuple[str, ...]
    available_indicators: tuple[str, ...]
    own_indicators: tuple[str, ...] = ()

    @property
    def available_own(self) -> tuple[str, ...]:
        """Available indicators that measure the opgave's own subject."""
        return tuple(i for i in self.available_indicators if i in self.own_indicators)

    @property
    def available_related(self) -> tuple[str, ...]:
        """Available indicators that are related figures (the project's choice), not the opgave itself."""
        return tuple(i for i in self.available_indicators if i not in self.own_indicators)

    @property
    def has_indicators(self) -> bool:
        """True when at least one indicator measuring the opgave's own subject is available in the app."""
        return bool(self.available_own)

    def badges(self) -> tuple[Badge, ...]:
        """Dutch badges in a fixed order: track, bestuurlijk, uitvoering, vervolgafspraak, cijfers, and a sixth
        for related figures when there are any.

        'Cijfers in de monitor' counts only indicators that measure the opgave's own subject; related figures the
        project chose are a separate, neutral badge that says so.
        """
        tone = {
            OwnerStatus.SETTLED: "success",
            OwnerStatus.PARTIAL: "warning",
            OwnerStatus.PROPOSED: "warning",
            OwnerStatus.MISSING: "error",
        }
        n_own = len(self.available_own)
        n_own_linked = len([i for i in self.linked_indicators if i in self.own_indicators])
        if n_own:
            cijfers = Badge(
                key="indicators", label=f"Cijfers in de monitor over de opgave zelf: {n_own}", tone="success"
            )
        elif n_own_linked:
            cijfers = Badge(key="indicators", label="Cijfers over de opgave zelf nog niet beschikbaar", tone="warning")
        else:
            cijfers = Badge(key="indicators", label="Geen cijfers over de opgave zelf in de monitor", tone="neutral")
        related: tuple[Badge, ...] = ()
        if self.available_related:
            n = len(self.available_related)
            related = (
                Badge(
                    key="related_indicators",
                    tone="neutral",
                    label=f"{n} verwant{'e' if n > 1 else ''} cijfer{'s' if n > 1 else ''} (keuze van de monitor)",
                ),
            )
        return (
            Badge(
                key="running_track",
                label="Lopend traject met het Rijk" if self.running_track else "Geen lopend traject met het Rijk",
                tone="success" if self.running_track else "warning",
            ),
            Badge(
                key="administrative_owner",
                label=f"Bestuurlijk eigenaar: {OWNER_LABELS[self.administrative_owner]}",
                tone=tone[self.administrative_owner],
            ),
            Badge(
                key="executive_owner",
                label=f"Uitvoering: {OWNER_LABELS[self.executive_owner]}",
                tone=tone[self.executive_owner],
            ),
            Badge(
                key="follow_up",
                label="Vervolgafspraak gemaakt" if self.follow_up else "Nog geen vervolgafspraak",
                tone="success" if self.follow_up else "neutral",
            ),
            cijfers,
            *related,
        )


def owner_status(owner: Eigenaar) -> OwnerStatus:
    """Missing when no name is given, proposed when marked 'voorstel', partly settled when the fiche says part of
    it is still 'nog te organiseren' (opgave 13), settled otherwise."""
    if owner.naam is None:
        return OwnerStatus.MISSING
    if owner.voorstel:
        return OwnerStatus.PROPOSED
    return OwnerStatus.PARTIAL if NOT_YET_ORGANISED in owner.naam.casefold() else OwnerStatus.SETTLED


def derived_status(opgave: Opgave, available_indicators: Collection[str]) -> DerivedStatus:
    """Status badges of one opgave.

    Args:
        opgave: the record.
        available_indicators: ids of the indicators the app has data for; the opgave's linked indicators are
            checked against it (order of the record is kept).
    """
    available = set(available_indicators)
    return DerivedStatus(
        nummer=opgave.nummer,
        running_track=bool(opgave.lopende_trajecten),
        administrative_owner=owner_status(opgave.eigenaarschap.bestuurlijk),
        executive_owner=owner_status(opgave.eigenaarschap.ambtelijk),
        follow_up=bool(opgave.vervolgafspraken),
        linked_indicators=opgave.indicatoren,
        available_indicators=tuple(i for i in opgave.indicatoren if i in available),
        own_indicators=opgave.indicatoren_eigen,
    )
