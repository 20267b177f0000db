"""NPVR opgaven: the 21 opgaven of the Plan voor de Regio Twente as validated content.

``data/content/opgaven.yaml`` holds one record per opgave (written in our own words from the plan, with names,
figures and ministry abbreviations as in the document) plus the themes, ministries, NPVR goals, governance notes
and monitoring plan. :func:`load_opgaven` reads and validates it into frozen dataclasses and raises
:class:`OpgavenError` with a message that names the record (opgave number) and the field.

Derived views for the pages:

- :func:`derived_status` - badges per opgave: running track with the Rijk, owner settled/proposed/missing
  (administrative and executive), follow-up agreed, indicators available in the app.
- :func:`monitoring_phase` - the monitoring timeline 2026-2029 with each phase done, current or upcoming.
- :meth:`OpgavenCatalogue.by_theme`, :meth:`~OpgavenCatalogue.referenced_by`,
  :meth:`~OpgavenCatalogue.ministry_matrix`, :meth:`~OpgavenCatalogue.goal_matrix`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any, Final

import pandas as pd
import yaml

#: Fields every opgave record must have (values may be null or empty where the schema allows).
OPGAVE_FIELDS: Final[tuple[str, ...]] = (
    "nummer",
    "titel",
    "thema",
    "thema_alternatief",
    "opgave",
    "context",
    "lopende_trajecten",
    "eigenaarschap",
    "ministeries",
    "aanvullend_nodig",
    "knelpunten",
    "regionale_impact",
    "interventies",
    "vervolgafspraken",
    "verwijzingen",
    "npvr_doelen",
    "indicatoren",
    "bron",
)
#: Optional fields of an opgave record.
OPGAVE_OPTIONAL: Final[tuple[str, ...]] = ("opmerkingen", "indicatoren_eigen")
#: Words in an owner's name that mark part of the ownership as not yet organised (opgave 13).
NOT_YET_ORGANISED: Final[str] = "nog te organiseren"

#: Values of the ministry matrix.
PRIMARY: Final[str] = "primair"
INVOLVED: Final[str] = "betrokken"


class OpgavenError(ValueError):
    """The opgaven content file does not follow the schema."""


# --------------------------------------------------------------------------------------------------------------
# Dataclasses
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Bron:
    """The source document."""

    titel: str
    uitgever: str
    datum: str
    versie: str
    bestand: str
    opmerking: str | None = None


@dataclass(frozen=True, kw_only=True)
class Thema:
    """One of the seven themes of the plan."""

    id: str
    naam: str


@dataclass(frozen=True, kw_only=True)
class Ministerie:
    """A ministry abbreviation as the document uses it, with its full name."""

    afkorting: str
    naam: str
    toelichting: str | None = None


@dataclass(frozen=True, kw_only=True)
class NpvrDoel:
    """An NPVR starting point of the Rijk with its Twente translation (the goals opgaven serve)."""

    id: str
    label: str
    uitgangspunt_rijk: str
    twentse_vertaling: str
    toelichting: str


@dataclass(frozen=True, kw_only=True)
class MonitoringFase:
    """One yearly phase of the monitoring plan in the uitvoeringsplan."""

    jaar: int
    label: str
    onderdelen: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Monitoring:
    """The monitoring plan: first steps and yearly phases."""

    bron: str
    toelichting: str
    eerste_stappen: tuple[str, ...]
    fasen: tuple[MonitoringFase, ...]


@dataclass(frozen=True, kw_only=True)
class ThemaAlternatief:
    """Where the overview and the fiche header put an opgave under different headings."""

    thema: str | None
    naam: str
    toelichting: str


@dataclass(frozen=True, kw_only=True)
class Eigenaar:
    """Regional owner at one level; ``naam`` is None where the fiche leaves it empty."""

    naam: str | None
    voorstel: bool
    toelichting: str | None = None


@dataclass(frozen=True, kw_only=True)
class Eigenaarschap:
    """Administrative (bestuurlijk) and executive (ambtelijk, 'Uitvoering') ownership."""

    bestuurlijk: Eigenaar
    ambtelijk: Eigenaar


@dataclass(frozen=True, kw_only=True)
class MinisterieRol:
    """A ministry involved in an opgave, marked primary or not."""

    afkorting: str
    primair: bool


@dataclass(frozen=True, kw_only=True)
class Interventies:
    """Possible interventions as a start for the talks with the Rijk."""

    rijk: tuple[str, ...]
    regio: tuple[str, ...]
    rijk_en_regio: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Opgave:
    """One opgave (one fiche)."""

    nummer: int
    titel: str
    thema: str
    thema_alternatief: ThemaAlternatief | None
    opgave: str
    context: tuple[str, ...]
    lopende_trajecten: tuple[str, ...]
    eigenaarschap: Eigenaarschap
    ministeries: tuple[MinisterieRol, ...]
    aanvullend_nodig: tuple[str, ...]
    knelpunten: tuple[str, ...]
    regionale_impact: str
    interventies: Interventies
    vervolgafspraken: tuple[str, ...]
    verwijzingen: tuple[int, ...]
    npvr_doelen: tuple[str, ...]
    indicatoren: tuple[str, ...]
    bron: str
    opmerkingen: tuple[str, ...] = ()
    #: The linked indicators that measure the opgave's own subject; the rest of ``indicatoren`` are related
    #: figures the project chose (the fiches name no indicators: those are chosen in 2026, monitoring plan).
    indicatoren_eigen: tuple[str, ...] = ()

    @property
    def indicatoren_verwant(self) -> tuple[str, ...]:
        """Linked indicators that do not measure the opgave itself: related figures, the project's choice."""
        return tuple(i for i in self.indicatoren if i not in self.indicatoren_eigen)

    @property
    def primair_ministerie(self) -> str | None:
        """The abbreviation of the primary ministry, or None where the fiche marks none (opgave 13)."""
        return next((m.afkorting for m in self.ministeries if m.primair), None)


@dataclass(frozen=True, kw_only=True)
class OpgavenCatalogue:
    """All opgaven with the themes, ministries, goals and monitoring plan they refer to."""

    bron: Bron
    themas: tuple[Thema, ...]
    ministeries: tuple[Ministerie, ...]
    npvr_doelen: tuple[NpvrDoel, ...]
    governance: tuple[str, ...]
    monitoring: Monitoring
    opgaven: tuple[Opgave, ...]

    def opgave(self, nummer: int) -> Opgave:
        """The opgave with this number; KeyError if there is none."""
        for item in self.opgaven:
            if item.nummer == nummer:
                return item
        raise KeyError(f"no opgave {nummer}")

    def thema(self, thema_id: str) -> Thema:
        """The theme with this id; KeyError if there is none."""
        for item in self.themas:
            if item.id == thema_id:
                return item
        raise KeyError(f"no theme '{thema_id}'")

    def ministerie(self, afkorting: str) -> Ministerie:
        """The ministry with this abbreviation; KeyError if there is none."""
        for item in self.ministeries:
            if item.afkorting == afkorting:
                return item
        raise KeyError(f"no ministry '{afkorting}'")

    def by_theme(self) -> dict[str, tuple[Opgave, ...]]:
        """Opgaven per theme id, themes in document order, opgaven by number; themes without opgaven omitted."""
        out: dict[str, tuple[Opgave, ...]] = {}
        for t in self.themas:
            items = tuple(sorted((o for o in self.opgaven if o.thema == t.id), key=lambda o: o.nummer))
            if items:
                out[t.id] = items
        return out

    def referenced_by(self, nummer: int) -> tuple[int, ...]:
        """Numbers of the opgaven whose fiche refers to opgave ``nummer`` ("zie opgave N"), ascending."""
        return tuple(sorted(o.nummer for o in self.opgaven if nummer in o.verwijzingen))

    def ministry_matrix(self) -> pd.DataFrame:
        """Opgave x ministry: 'primair', 'betrokken' or '' (not involved).

        Index: opgave number (named ``opgave``). Columns: the abbreviations used by at least one opgave, in the
        order of the catalogue's ministry list.
        """
        used = {m.afkorting for o in self.opgaven for m in o.ministeries}
        columns = [m.afkorting for m in self.ministeries if m.afkorting in used]
        rows = []
        for o in sorted(self.opgaven, key=lambda x: x.nummer):
            roles = {m.afkorting: (PRIMARY if m.primair else INVOLVED) for m in o.ministeries}
            rows.append([roles.get(c, "") for c in columns])
        index = pd.Index([o.nummer for o in sorted(self.opgaven, key=lambda x: x.nummer)], name="opgave")
        return pd.DataFrame(rows, index=index, columns=pd.Index(columns, name="ministerie"))

    def goal_matrix(self) -> pd.DataFrame:
        """Opgave x NPVR goal: True where the opgave serves the goal. Columns are goal ids in catalogue order."""
        opgaven = sorted(self.opgaven, key=lambda x: x.nummer)
        columns = [g.id for g in self.npvr_doelen]
        data = [[g in o.npvr_doelen for g in columns] for o in opgaven]
        index = pd.Index([o.nummer for o in opgaven], name="opgave")
        return pd.DataFrame(data, index=index, columns=pd.Index(columns, name="npvr_doel"), dtype=bool)

    def monitoring_phase(self, today: date) -> tuple[PhaseStatus, ...]:
        """The monitoring phases with their state on ``today`` (see :func:`monitoring_phase`)."""
        return monitoring_phase(today, self.monitoring.fasen)


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


# --------------------------------------------------------------------------------------------------------------
# Parsing and validation
# --------------------------------------------------------------------------------------------------------------


def _type_name(value: object) -> str:
    return "null" if value is None else type(value).__name__


class _Rec:
    """A mapping being parsed, with ``where`` naming it in error messages."""

    def __init__(self, data: object, where: str, required: Iterable[str], optional: Iterable[str] = ()) -> None:
        if not isinstance(data, dict):
            raise OpgavenError(f"{where}: expected a mapping, got {_type_name(data)}")
        required = tuple(required)
        allowed = set(required) | set(optional)
        for key in data:
            if key not in allowed:
                raise OpgavenError(f"{where}: unknown field '{key}' (allowed: {', '.join(sorted(allowed))})")
        for key in required:
            if key not in data:
                raise OpgavenError(f"{where}: missing required field '{key}'")
        self.data: dict[str, Any] = data
        self.where = where

    def fail(self, key: str, problem: str) -> OpgavenError:
        return OpgavenError(f"{self.where}: field '{key}' {problem}")

    def text(self, key: str) -> str:
        value = self.data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"must be a non-empty string, got {_type_name(value)}")
        return value.strip()

    def opt_text(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"must be a non-empty string or null, got {_type_name(value)}")
        return value.strip()

    def integer(self, key: str) -> int:
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"must be an integer, got {_type_name(value)}")
        return value

    def flag(self, key: str) -> bool:
        value = self.data.get(key)
        if not isinstance(value, bool):
            raise self.fail(key, f"must be true or false, got {_type_name(value)}")
        return value

    def items(self, key: str) -> list[Any]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            raise self.fail(key, f"must be a list, got {_type_name(value)}")
        return value

    def texts(self, key: str, non_empty: bool = False) -> tuple[str, ...]:
        out = []
        for i, item in enumerate(self.items(key), start=1):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(key, f"item {i} must be a non-empty string, got {_type_name(item)}")
            out.append(item.strip())
        if non_empty and not out:
            raise self.fail(key, "must not be empty")
        return tuple(out)

    def ids(self, key: str, known: Collection[str], what: str) -> tuple[str, ...]:
        out = self.texts(key)
        for item in out:
            if item not in known:
                raise self.fail(key, f"has unknown {what} '{item}' (known: {', '.join(sorted(known))})")
        if len(set(out)) != len(out):
            raise self.fail(key, f"lists a {what} twice")
        return out

    def sub(self, key: str, required: Iterable[str], optional: Iterable[str] = ()) -> _Rec:
        return _Rec(self.data.get(key), f"{self.where}: field '{key}'", required, optional)


def _parse_owner(rec: _Rec, key: str) -> Eigenaar:
    sub = rec.sub(key, ("naam", "voorstel"), ("toelichting",))
    return Eigenaar(naam=sub.opt_text("naam"), voorstel=sub.flag("voorstel"), toelichting=sub.opt_text("toelichting"))


def _parse_ministries(rec: _Rec, known: Collection[str]) -> tuple[MinisterieRol, ...]:
    out: list[MinisterieRol] = []
    for i, item in enumerate(rec.items("ministeries"), start=1):
        sub = _Rec(item, f"{rec.where}: field 'ministeries' item {i}", ("afkorting", "primair"))
        afkorting = sub.text("afkorting")
        if afkorting not in known:
            raise rec.fail(
                "ministeries",
                f"item {i} has unknown ministry abbreviation '{afkorting}' (known: {', '.join(sorted(known))})",
            )
        if any(m.afkorting == afkorting for m in out):
            raise rec.fail("ministeries", f"lists ministry '{afkorting}' twice")
        out.append(MinisterieRol(afkorting=afkorting, primair=sub.flag("primair")))
    if not out:
        raise rec.fail("ministeries", "must not be empty")
    primary = [m.afkorting for m in out if m.primair]
    if len(primary) > 1:
        raise rec.fail("ministeries", f"marks more than one primary ministry ({', '.join(primary)})")
    return tuple(out)


def _parse_opgave(
    data: object,
    index: int,
    theme_ids: Collection[str],
    ministry_ids: Collection[str],
    goal_ids: Collection[str],
    indicator_ids: Collection[str] | None,
) -> Opgave:
    nummer_raw = data.get("nummer") if isinstance(data, dict) else None
    if isinstance(nummer_raw, int) and not isinstance(nummer_raw, bool):
        where = f"opgave {nummer_raw}"
    else:
        where = f"opgaven item {index} (no valid 'nummer')"
    rec = _Rec(data, where, OPGAVE_FIELDS, OPGAVE_OPTIONAL)
    nummer = rec.integer("nummer")
    if nummer < 1:
        raise rec.fail("nummer", f"must be a positive integer, got {nummer}")

    thema = rec.text("thema")
    if thema not in theme_ids:
        raise rec.fail("thema", f"has unknown theme '{thema}' (known: {', '.join(sorted(theme_ids))})")
    alternatief = None
    if rec.data.get("thema_alternatief") is not None:
        alt = rec.sub("thema_alternatief", ("thema", "naam", "toelichting"))
        alt_thema = alt.opt_text("thema")
        if alt_thema is not None and alt_thema not in theme_ids:
            raise alt.fail("thema", f"has unknown theme '{alt_thema}' (known: {', '.join(sorted(theme_ids))})")
        if alt_thema == thema:
            raise alt.fail("thema", "must differ from the opgave's own theme")
        alternatief = ThemaAlternatief(thema=alt_thema, naam=alt.text("naam"), toelichting=alt.text("toelichting"))

    eig = rec.sub("eigenaarschap", ("bestuurlijk", "ambtelijk"))
    interventies = rec.sub("interventies", ("rijk", "regio"), ("rijk_en_regio",))

    verwijzingen = []
    for i, item in enumerate(rec.items("verwijzingen"), start=1):
        if isinstance(item, bool) or not isinstance(item, int):
            raise rec.fail("verwijzingen", f"item {i} must be an opgave number, got {_type_name(item)}")
        if item == nummer:
            raise rec.fail("verwijzingen", f"refers to its own number {nummer}")
        verwijzingen.append(item)
    if len(set(verwijzingen)) != len(verwijzingen):
        raise rec.fail("verwijzingen", "lists an opgave twice")

    if indicator_ids is None:
        indicatoren = rec.texts("indicatoren")
        if len(set(indicatoren)) != len(indicatoren):
            raise rec.fail("indicatoren", "lists an indicator twice")
    else:
        indicatoren = rec.ids("indicatoren", indicator_ids, "indicator")
    eigen = rec.texts("indicatoren_eigen")
    for item in eigen:
        if item not in indicatoren:
            raise rec.fail("indicatoren_eigen", f"names '{item}', which is not in the opgave's 'indicatoren'")
    if len(set(eigen)) != len(eigen):
        raise rec.fail("indicatoren_eigen", "lists an indicator twice")

    return Opgave(
        nummer=nummer,
        titel=rec.text("titel"),
        thema=thema,
        thema_alternatief=alternatief,
        opgave=rec.text("opgave"),
        context=rec.texts("context", non_empty=True),
        lopende_trajecten=rec.texts("lopende_trajecten"),
        eigenaarschap=Eigenaarschap(
            bestuurlijk=_parse_owner(eig, "bestuurlijk"), ambtelijk=_parse_owner(eig, "ambtelijk")
        ),
        ministeries=_parse_ministries(rec, ministry_ids),
        aanvullend_nodig=rec.texts("aanvullend_nodig"),
        knelpunten=rec.texts("knelpunten"),
        regionale_impact=rec.text("regionale_impact"),
        interventies=Interventies(
            rijk=interventies.texts("rijk"),
            regio=interventies.texts("regio"),
            rijk_en_regio=interventies.texts("rijk_en_regio"),
        ),
        vervolgafspraken=rec.texts("vervolgafspraken"),
        verwijzingen=tuple(verwijzingen),
        npvr_doelen=rec.ids("npvr_doelen", goal_ids, "NPVR goal"),
        indicatoren=indicatoren,
        bron=rec.text("bron"),
        opmerkingen=rec.texts("opmerkingen"),
        indicatoren_eigen=eigen,
    )


def _unique(items: Sequence[Any], attr: str, where: str) -> None:
    seen: set[str] = set()
    for item in items:
        value = getattr(item, attr)
        if value in seen:
            raise OpgavenError(f"{where}: duplicate {attr} '{value}'")
        seen.add(value)


def parse_opgaven(doc: object, indicator_ids: Collection[str] | None = None) -> OpgavenCatalogue:
    """Validate an already-parsed YAML document; see :func:`load_opgaven`."""
    top = _Rec(
        doc, "opgaven file", ("bron", "themas", "ministeries", "npvr_doelen", "monitoring", "opgaven"), ("governance",)
    )

    b = top.sub("bron", ("titel", "uitgever", "datum", "versie", "bestand"), ("opmerking",))
    bron = Bron(
        titel=b.text("titel"),
        uitgever=b.text("uitgever"),
        datum=b.text("datum"),
        versie=b.text("versie"),
        bestand=b.text("bestand"),
        opmerking=b.opt_text("opmerking"),
    )

    themas = []
    for i, item in enumerate(top.items("themas"), start=1):
        r = _Rec(item, f"themas item {i}", ("id", "naam"))
        themas.append(Thema(id=r.text("id"), naam=r.text("naam")))
    ministeries = []
    for i, item in enumerate(top.items("ministeries"), start=1):
        r = _Rec(item, f"ministeries item {i}", ("afkorting", "naam"), ("toelichting",))
        ministeries.append(
            Ministerie(afkorting=r.text("afkorting"), naam=r.text("naam"), toelichting=r.opt_text("toelichting"))
        )
    doelen = []
    for i, item in enumerate(top.items("npvr_doelen"), start=1):
        r = _Rec(
            item, f"npvr_doelen item {i}", ("id", "label", "uitgangspunt_rijk", "twentse_vertaling", "toelichting")
        )
        doelen.append(
            NpvrDoel(
                id=r.text("id"),
                label=r.text("label"),
                uitgangspunt_rijk=r.text("uitgangspunt_rijk"),
                twentse_vertaling=r.text("twentse_vertaling"),
                toelichting=r.text("toelichting"),
            )
        )
    for items, attr, name in (
        (themas, "id", "themas"),
        (ministeries, "afkorting", "ministeries"),
        (doelen, "id", "npvr_doelen"),
    ):
        if not items:
            raise OpgavenError(f"opgaven file: field '{name}' must not be empty")
        _unique(items, attr, name)

    m = top.sub("monitoring", ("bron", "toelichting", "eerste_stappen", "fasen"))
    fasen = []
    for i, item in enumerate(m.items("fasen"), start=1):
        r = _Rec(item, f"monitoring: field 'fasen' item {i}", ("jaar", "label", "onderdelen"))
        fasen.append(
            MonitoringFase(
                jaar=r.integer("jaar"), label=r.text("label"), onderdelen=r.texts("onderdelen", non_empty=True)
            )
        )
    if len({f.jaar for f in fasen}) != len(fasen):
        raise OpgavenError("monitoring: field 'fasen' lists a year twice")
    monitoring = Monitoring(
        bron=m.text("bron"),
        toelichting=m.text("toelichting"),
        eerste_stappen=m.texts("eerste_stappen"),
        fasen=tuple(fasen),
    )

    theme_ids = {t.id for t in themas}
    ministry_ids = {x.afkorting for x in ministeries}
    goal_ids = {g.id for g in doelen}
    opgaven: list[Opgave] = []
    for i, item in enumerate(top.items("opgaven"), start=1):
        opgave = _parse_opgave(item, i, theme_ids, ministry_ids, goal_ids, indicator_ids)
        if any(o.nummer == opgave.nummer for o in opgaven):
            raise OpgavenError(
                f"opgave {opgave.nummer}: field 'nummer' duplicates number {opgave.nummer} (opgaven item {i})"
            )
        opgaven.append(opgave)
    numbers = {o.nummer for o in opgaven}
    for o in opgaven:
        for ref in o.verwijzingen:
            if ref not in numbers:
                raise OpgavenError(
                    f"opgave {o.nummer}: field 'verwijzingen' refers to opgave {ref}, which does not exist"
                )

    return OpgavenCatalogue(
        bron=bron,
        themas=tuple(themas),
        ministeries=tuple(ministeries),
        npvr_doelen=tuple(doelen),
        governance=top.texts("governance"),
        monitoring=monitoring,
        opgaven=tuple(sorted(opgaven, key=lambda o: o.nummer)),
    )


def load_opgaven(path: Path, indicator_ids: Collection[str] | None = None) -> OpgavenCatalogue:
    """Read and validate the opgaven content file.

    Args:
        path: the YAML file (normally ``data/content/opgaven.yaml``).
        indicator_ids: if given, every linked indicator id must be in it.

    Raises:
        OpgavenError: unreadable YAML, a missing or unknown field, a wrong type, an unknown theme, ministry
            abbreviation, NPVR goal or indicator, a duplicate number, more than one primary ministry, or a
            cross-reference to an opgave that does not exist. The message names the record and the field.
    """
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise OpgavenError(f"{path.name}: cannot read YAML ({exc})") from exc
    return parse_opgaven(doc, indicator_ids)
