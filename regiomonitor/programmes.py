"""Programme model: one schema for every regional programme the app follows.

Each programme (Regio Deal Elk Talent Telt, Kansrijk Enschede with its LEA, the City Deals, the Regio Deal
Zuid- en Oost-Drenthe, the NPVR Plan voor de Regio) is one YAML file in ``data/content/programmes/``, written in
our own words from the source documents, with every figure as in the document and a page or section reference.
:func:`load_programmes` reads and validates them into frozen dataclasses; the helpers below turn them into
tidy pandas tables for the pages (budget, shortfall per year, indicator data status, structure comparison).

Budget rows follow the document's tables exactly. Rows marked ``aggregaat`` are subtotals, totals or a total
column printed in the document; sums must be taken over the other rows only, and the tests check that those
sums reproduce the printed totals.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TypeVar

import pandas as pd
import yaml

#: Allowed ``type`` values of a programme.
PROGRAMME_TYPES: Final[tuple[str, ...]] = ("regio_deal", "npvr_plan", "lokale_agenda", "city_deals")
#: Where a City Deal fiche says the deal stands with the Rijk (``CityDeal.afspraak``), with its Dutch label.
DEAL_AGREEMENTS: Final[dict[str, str]] = {
    "gesloten": "gesloten met het Rijk",
    "ondertekening_verwacht": "ondertekening verwacht",
    "in_voorbereiding": "in voorbereiding",
    "mogelijk": "mogelijke deal",
    "initiatief": "regionaal initiatief, geen afspraak met het Rijk genoemd",
    "green_deal": "Green Deal (geen City Deal)",
}
#: Allowed ``soort`` values of an indicator.
INDICATOR_KINDS: Final[tuple[str, ...]] = ("outcome", "process", "narrative")
#: Allowed ``status`` values of an indicator (data status in the app).
DATA_STATUSES: Final[tuple[str, ...]] = ("beschikbaar", "nog geen meting", "alleen documentcijfer")
#: Allowed ``aard`` values of a document figure.
FIGURE_KINDS: Final[tuple[str, ...]] = ("meting", "streefwaarde", "raming")
#: Allowed ``soort`` values of a budget row.
BUDGET_KINDS: Final[tuple[str, ...]] = (
    "uitgaven",
    "bestaande dekking",
    "nieuwe dekking",
    "dekking",
    "cofinanciering",
    "rijksbijdrage",
    "saldo",
    "bestedingsplan",
    "beschikbaar budget",
)
#: Budget kinds that count as cover (dekking) when a balance is recomputed.
COVER_KINDS: Final[tuple[str, ...]] = (
    "bestaande dekking",
    "nieuwe dekking",
    "dekking",
    "cofinanciering",
    "rijksbijdrage",
)

#: Dutch labels for the UI.
TYPE_LABELS: Final[dict[str, str]] = {
    "regio_deal": "Regio Deal",
    "npvr_plan": "NPVR Plan voor de Regio",
    "lokale_agenda": "Lokale agenda",
    "city_deals": "City Deals",
}
KIND_LABELS: Final[dict[str, str]] = {"outcome": "Uitkomst", "process": "Proces", "narrative": "Narratief"}


class ProgrammeError(ValueError):
    """A programme content file does not follow the schema."""


# --------------------------------------------------------------------------------------------------------------
# Dataclasses
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Bron:
    """The source document of a programme."""

    bestand: str
    titel: str
    uitgever: str | None = None
    datum: str | None = None
    opmerking: str | None = None


@dataclass(frozen=True, kw_only=True)
class Mijlpaal:
    """A dated milestone on the programme's horizon."""

    jaar: int
    label: str


@dataclass(frozen=True, kw_only=True)
class Horizon:
    """Start, end and length of a programme; ``None`` where the document does not say."""

    start: int | None
    eind: int | None
    duur_jaren: int | None = None
    toelichting: str | None = None
    mijlpalen: tuple[Mijlpaal, ...] = ()


@dataclass(frozen=True, kw_only=True)
class DocCijfer:
    """A figure quoted from the document.

    ``waarde`` is the number (``None`` when the document gives only words such as "ruim een op de drie");
    ``waarde_tot`` is the upper bound of a range; ``waarde_tekst`` is how the document writes it.
    """

    waarde: float | int | None
    waarde_tekst: str
    eenheid: str
    gebied: str
    bron_pagina: str
    waarde_tot: float | int | None = None
    periode: str | None = None
    aard: str = "meting"
    toelichting: str | None = None


@dataclass(frozen=True, kw_only=True)
class Referentiecijfer(DocCijfer):
    """A named figure the document cites as background (problem analysis, context)."""

    id: str
    naam: str


@dataclass(frozen=True, kw_only=True)
class Indicator:
    """An indicator a programme line wants to follow, with its data status in the app."""

    id: str
    naam: str
    soort: str
    status: str
    app_indicator: str | None = None
    documentcijfers: tuple[DocCijfer, ...] = ()
    wat_gemeten_wordt: str | None = None
    toelichting: str | None = None


@dataclass(frozen=True, kw_only=True)
class Resultaat:
    """A result the programme promises, usually for a given year."""

    omschrijving: str
    jaar: int | None = None


@dataclass(frozen=True, kw_only=True)
class Lijn:
    """A programme line, pillar, ambition or theme."""

    id: str
    naam: str
    ambitie: str
    doelen: tuple[str, ...] = ()
    indicatoren: tuple[Indicator, ...] = ()
    doelgroep: str | None = None
    beoogde_resultaten: tuple[Resultaat, ...] = ()
    opgaven: tuple[int, ...] = ()
    bron_pagina: str | None = None


@dataclass(frozen=True, kw_only=True)
class BudgetTabel:
    """One budget table of the document."""

    id: str
    titel: str
    bron_pagina: str
    eenheid_bron: str
    opmerking: str | None = None


@dataclass(frozen=True, kw_only=True)
class BudgetRegel:
    """One cell of a budget table, in euro (converted from the table's unit where needed)."""

    tabel: str
    post: str
    gebied: str
    soort: str
    bron_pagina: str
    bedrag_eur: float | int | None
    lijn: str | None = None
    jaar: int | None = None
    periode: str | None = None
    aggregaat: bool = False
    opmerking: str | None = None


@dataclass(frozen=True, kw_only=True)
class GovernanceLaag:
    """One layer of the programme's organisation."""

    niveau: str
    wie: tuple[str, ...]
    rol: str
    bron_pagina: str | None = None


@dataclass(frozen=True, kw_only=True)
class Gebied:
    """A named focus area."""

    naam: str
    gemeente: str | None = None
    toelichting: str | None = None


@dataclass(frozen=True, kw_only=True)
class Focusgebieden:
    """The areas a programme concentrates on, with figures that hold for them as a group."""

    gebieden: tuple[Gebied, ...] = ()
    selectie: str | None = None
    cijfers: tuple[DocCijfer, ...] = ()


@dataclass(frozen=True, kw_only=True)
class MonitoringOnderdeel:
    """One element of a monitoring design."""

    naam: str
    omschrijving: str
    soort: str | None = None


@dataclass(frozen=True, kw_only=True)
class Monitoring:
    """How the programme wants to follow its progress."""

    samenvatting: str
    bron_pagina: str | None = None
    onderdelen: tuple[MonitoringOnderdeel, ...] = ()
    planning: tuple[Mijlpaal, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Uitgangspunt:
    """A starting point or principle of the programme."""

    id: str
    naam: str
    toelichting: str | None = None
    bron_pagina: str | None = None


@dataclass(frozen=True, kw_only=True)
class Aanpak:
    """How a programme intends to work: its method, what sets it apart, what it asks of the Rijk, how it
    communicates (all optional; Elk Talent Telt fills them)."""

    methode: str | None = None
    onderscheidend: tuple[str, ...] = ()
    vraag_aan_rijk: str | None = None
    communicatie: str | None = None
    bron_pagina: str | None = None


@dataclass(frozen=True, kw_only=True)
class Kans:
    """A numbered opportunity (Kansrijk Enschede), tied to a line."""

    nummer: int
    naam: str
    lijn: str
    toelichting: str | None = None
    bron_pagina: str | None = None


@dataclass(frozen=True, kw_only=True)
class DeelplanAmbitie:
    """An ambition of a sub-plan for one phase or age group."""

    fase: str
    ambitie: str


@dataclass(frozen=True, kw_only=True)
class Deelplan:
    """A sub-plan inside a programme (the LEA inside Kansrijk Enschede)."""

    id: str
    naam: str
    periode: str
    hoofddoel: str
    doelen: tuple[str, ...] = ()
    ambities: tuple[DeelplanAmbitie, ...] = ()
    partners: tuple[str, ...] = ()
    bron_pagina: str | None = None


@dataclass(frozen=True, kw_only=True)
class CityDeal:
    """One City Deal fiche."""

    id: str
    naam: str
    trekker: tuple[str, ...]
    partners: tuple[str, ...]
    thema: str
    beschrijving: str
    stand_van_zaken: str
    afspraak: str | None = None
    afspraak_toelichting: str | None = None
    verwante_opgaven: tuple[int, ...] = ()
    koppeling_toelichting: str | None = None
    bron_pagina: str | None = None

    @property
    def afspraak_label(self) -> str | None:
        """Dutch label of where the deal stands with the Rijk according to its fiche (None when not recorded)."""
        return DEAL_AGREEMENTS[self.afspraak] if self.afspraak else None


@dataclass(frozen=True, kw_only=True)
class Programme:
    """A regional programme, validated."""

    id: str
    naam: str
    kort: str
    type: str
    regio: str
    gemeenten: tuple[str, ...]
    horizon: Horizon
    bron: Bron
    samenvatting: str
    lijnen: tuple[Lijn, ...]
    budget: tuple[BudgetRegel, ...]
    governance: tuple[GovernanceLaag, ...]
    focusgebieden: Focusgebieden
    referentiecijfers: tuple[Referentiecijfer, ...]
    gemeenten_opmerking: str | None = None
    budget_tabellen: tuple[BudgetTabel, ...] = ()
    budget_opmerking: str | None = None
    monitoring: Monitoring | None = None
    kennissessies: tuple[str, ...] = ()
    aansluiting_beleid: tuple[str, ...] = ()
    leidend_principe: str | None = None
    uitgangspunten: tuple[Uitgangspunt, ...] = ()
    aanpak: Aanpak | None = None
    kansen: tuple[Kans, ...] = ()
    deelplannen: tuple[Deelplan, ...] = ()
    deals: tuple[CityDeal, ...] = ()
    verwante_opgaven: tuple[int, ...] = ()
    koppeling_toelichting: str | None = None
    opmerkingen: tuple[str, ...] = ()

    @property
    def indicatoren(self) -> tuple[Indicator, ...]:
        """All indicators of all lines, in file order."""
        return tuple(ind for lijn in self.lijnen for ind in lijn.indicatoren)

    def lijn(self, lijn_id: str) -> Lijn:
        """The line with this id.

        Raises:
            KeyError: no such line.
        """
        for lijn in self.lijnen:
            if lijn.id == lijn_id:
                return lijn
        raise KeyError(f"programme '{self.id}' has no line '{lijn_id}'")


# --------------------------------------------------------------------------------------------------------------
# Parsing with precise error messages
# --------------------------------------------------------------------------------------------------------------

_T = TypeVar("_T")


def _type_name(value: object) -> str:
    return "null" if value is None else type(value).__name__


class _Rec:
    """A mapping from the YAML file with the place it came from, for error messages."""

    def __init__(self, data: object, where: str, required: Iterable[str], optional: Iterable[str] = ()) -> None:
        if not isinstance(data, dict):
            raise ProgrammeError(f"{where}: expected a mapping, got {_type_name(data)}")
        self.data: dict[str, Any] = data
        self.where = where
        req, opt = tuple(required), tuple(optional)
        allowed = set(req) | set(opt)
        for key in data:
            if key not in allowed:
                raise ProgrammeError(f"{where}: unknown field '{key}' (allowed: {', '.join(sorted(allowed))})")
        for key in req:
            if key not in data:
                raise ProgrammeError(f"{where}: missing required field '{key}'")

    def _get(self, key: str) -> Any:
        return self.data.get(key)

    def text(self, key: str) -> str:
        """A required non-empty string."""
        value = self._get(key)
        if not isinstance(value, str) or not value.strip():
            raise ProgrammeError(f"{self.where}: field '{key}' must be a non-empty string, got {_type_name(value)}")
        return value.strip()

    def opt_text(self, key: str) -> str | None:
        """An optional string (absent or null gives ``None``)."""
        value = self._get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise ProgrammeError(
                f"{self.where}: field '{key}' must be a non-empty string or null, got {_type_name(value)}"
            )
        return value.strip()

    def opt_int(self, key: str) -> int | None:
        """An optional integer (a year, a count)."""
        value = self._get(key)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            raise ProgrammeError(f"{self.where}: field '{key}' must be an integer or null, got {_type_name(value)}")
        return value

    def integer(self, key: str) -> int:
        """A required integer."""
        value = self.opt_int(key)
        if value is None:
            raise ProgrammeError(f"{self.where}: field '{key}' must be an integer, got null")
        return value

    def opt_number(self, key: str) -> float | int | None:
        """An optional number (int or float, not a bool or a string)."""
        value = self._get(key)
        if value is None:
            return None
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise ProgrammeError(
                f"{self.where}: field '{key}' must be a number or null, got {_type_name(value)} {value!r}"
            )
        return value

    def flag(self, key: str) -> bool:
        """An optional boolean, default false."""
        value = self._get(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            raise ProgrammeError(f"{self.where}: field '{key}' must be true or false, got {_type_name(value)}")
        return value

    def choice(self, key: str, allowed: Collection[str]) -> str:
        """A required string from a fixed vocabulary."""
        value = self.text(key)
        if value not in allowed:
            raise ProgrammeError(
                f"{self.where}: field '{key}' has unknown value '{value}' (expected one of: {', '.join(allowed)})"
            )
        return value

    def raw_list(self, key: str, required: bool) -> list[Any]:
        """A list (absent or null gives an empty list unless required)."""
        value = self._get(key)
        if value is None:
            if required and key not in self.data:
                raise ProgrammeError(f"{self.where}: missing required field '{key}'")
            return []
        if not isinstance(value, list):
            raise ProgrammeError(f"{self.where}: field '{key}' must be a list, got {_type_name(value)}")
        return value

    def texts(self, key: str, required: bool = False) -> tuple[str, ...]:
        """A list of non-empty strings."""
        out: list[str] = []
        for i, item in enumerate(self.raw_list(key, required)):
            if not isinstance(item, str) or not item.strip():
                raise ProgrammeError(
                    f"{self.where}: field '{key}' item {i} must be a non-empty string, got {_type_name(item)}"
                )
            out.append(item.strip())
        return tuple(out)

    def opgave_numbers(self, key: str) -> tuple[int, ...]:
        """A list of NPVR opgave numbers (1-21)."""
        out: list[int] = []
        for i, item in enumerate(self.raw_list(key, False)):
            if not isinstance(item, int) or isinstance(item, bool) or not 1 <= item <= 21:
                raise ProgrammeError(
                    f"{self.where}: field '{key}' item {i} must be an opgave number 1-21, got {item!r}"
                )
            out.append(item)
        if len(set(out)) != len(out):
            raise ProgrammeError(f"{self.where}: field '{key}' lists an opgave twice")
        return tuple(out)

    def records(self, key: str, parse: Callable[[object, str], _T], required: bool = False) -> tuple[_T, ...]:
        """A list of mappings, each parsed with ``parse(item, where)``."""
        return tuple(
            parse(item, f"{self.where} > {key}[{i}]{_label(item)}")
            for i, item in enumerate(self.raw_list(key, required))
        )


def _label(item: object) -> str:
    """`` 'id'`` for an item with an id (or a name), to make error locations readable."""
    if isinstance(item, dict):
        for key in ("id", "nummer", "naam", "post"):
            if item.get(key) is not None:
                return f" '{item[key]}'"
    return ""


_FIGURE_FIELDS: Final = ("waarde", "waarde_tekst", "eenheid", "gebied", "bron_pagina")
_FIGURE_OPTIONAL: Final = ("waarde_tot", "periode", "aard", "toelichting")


def _figure_kwargs(rec: _Rec) -> dict[str, Any]:
    waarde = rec.opt_number("waarde")
    waarde_tot = rec.opt_number("waarde_tot")
    if waarde_tot is not None and (waarde is None or waarde_tot < waarde):
        raise ProgrammeError(f"{rec.where}: field 'waarde_tot' needs a 'waarde' that is not larger")
    aard = rec.choice("aard", FIGURE_KINDS) if rec.data.get("aard") is not None else "meting"
    return {
        "waarde": waarde,
        "waarde_tot": waarde_tot,
        "waarde_tekst": rec.text("waarde_tekst"),
        "eenheid": rec.text("eenheid"),
        "gebied": rec.text("gebied"),
        "periode": _opt_period(rec, "periode"),
        "aard": aard,
        "bron_pagina": rec.text("bron_pagina"),
        "toelichting": rec.opt_text("toelichting"),
    }


def _opt_period(rec: _Rec, key: str) -> str | None:
    """A period may be written as a bare year in YAML; keep it as text."""
    value = rec.data.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return rec.opt_text(key)


def _parse_figure(data: object, where: str) -> DocCijfer:
    rec = _Rec(data, where, _FIGURE_FIELDS, _FIGURE_OPTIONAL)
    return DocCijfer(**_figure_kwargs(rec))


def _parse_reference(data: object, where: str) -> Referentiecijfer:
    rec = _Rec(data, where, ("id", "naam", *_FIGURE_FIELDS), _FIGURE_OPTIONAL)
    return Referentiecijfer(id=rec.text("id"), naam=rec.text("naam"), **_figure_kwargs(rec))


def _parse_milestone(data: object, where: str) -> Mijlpaal:
    rec = _Rec(data, where, ("jaar", "label"))
    return Mijlpaal(jaar=rec.integer("jaar"), label=rec.text("label"))


def _parse_horizon(data: object, where: str) -> Horizon:
    rec = _Rec(data, where, ("start", "eind"), ("duur_jaren", "toelichting", "mijlpalen"))
    start, eind = rec.opt_int("start"), rec.opt_int("eind")
    if start is not None and eind is not None and eind < start:
        raise ProgrammeError(f"{where}: field 'eind' ({eind}) lies before 'start' ({start})")
    return Horizon(
        start=start,
        eind=eind,
        duur_jaren=rec.opt_int("duur_jaren"),
        toelichting=rec.opt_text("toelichting"),
        mijlpalen=rec.records("mijlpalen", _parse_milestone),
    )


def _parse_source(data: object, where: str) -> Bron:
    rec = _Rec(data, where, ("bestand", "titel"), ("uitgever", "datum", "opmerking"))
    return Bron(
        bestand=rec.text("bestand"),
        titel=rec.text("titel"),
        uitgever=rec.opt_text("uitgever"),
        datum=rec.opt_text("datum"),
        opmerking=rec.opt_text("opmerking"),
    )


def _indicator_parser(known: frozenset[str] | None) -> Callable[[object, str], Indicator]:
    def parse(data: object, where: str) -> Indicator:
        rec = _Rec(
            data,
            where,
            ("id", "naam", "soort", "app_indicator", "status", "documentcijfers"),
            ("wat_gemeten_wordt", "toelichting"),
        )
        soort = rec.choice("soort", INDICATOR_KINDS)
        status = rec.choice("status", DATA_STATUSES)
        app = rec.opt_text("app_indicator")
        if app is not None and known is not None and app not in known:
            raise ProgrammeError(
                f"{where}: field 'app_indicator' names unknown indicator '{app}' (not among the known indicator ids)"
            )
        figures = rec.records("documentcijfers", _parse_figure, required=True)
        wat = rec.opt_text("wat_gemeten_wordt")
        if status == "beschikbaar" and app is None:
            raise ProgrammeError(f"{where}: status 'beschikbaar' needs an 'app_indicator'")
        if status != "beschikbaar" and app is not None:
            raise ProgrammeError(
                f"{where}: field 'app_indicator' is set ('{app}') but status is '{status}'; use 'beschikbaar'"
            )
        if status == "alleen documentcijfer" and not figures:
            raise ProgrammeError(
                f"{where}: status 'alleen documentcijfer' needs at least one entry in 'documentcijfers'"
            )
        if status == "nog geen meting":
            if wat is None:
                raise ProgrammeError(f"{where}: status 'nog geen meting' needs 'wat_gemeten_wordt'")
            if any(f.aard == "meting" for f in figures):
                raise ProgrammeError(
                    f"{where}: status 'nog geen meting' cannot carry a document figure with aard 'meting'"
                )
        return Indicator(
            id=rec.text("id"),
            naam=rec.text("naam"),
            soort=soort,
            status=status,
            app_indicator=app,
            documentcijfers=figures,
            wat_gemeten_wordt=wat,
            toelichting=rec.opt_text("toelichting"),
        )

    return parse


def _parse_result(data: object, where: str) -> Resultaat:
    rec = _Rec(data, where, ("omschrijving",), ("jaar",))
    return Resultaat(omschrijving=rec.text("omschrijving"), jaar=rec.opt_int("jaar"))


def _line_parser(known: frozenset[str] | None) -> Callable[[object, str], Lijn]:
    parse_indicator = _indicator_parser(known)

    def parse(data: object, where: str) -> Lijn:
        rec = _Rec(
            data,
            where,
            ("id", "naam", "ambitie"),
            ("doelen", "indicatoren", "doelgroep", "beoogde_resultaten", "opgaven", "bron_pagina"),
        )
        return Lijn(
            id=rec.text("id"),
            naam=rec.text("naam"),
            ambitie=rec.text("ambitie"),
            doelen=rec.texts("doelen"),
            indicatoren=rec.records("indicatoren", parse_indicator),
            doelgroep=rec.opt_text("doelgroep"),
            beoogde_resultaten=rec.records("beoogde_resultaten", _parse_result),
            opgaven=rec.opgave_numbers("opgaven"),
            bron_pagina=rec.opt_text("bron_pagina"),
        )

    return parse


def _parse_budget_table(data: object, where: str) -> BudgetTabel:
    rec = _Rec(data, where, ("id", "titel", "bron_pagina", "eenheid_bron"), ("opmerking",))
    return BudgetTabel(
        id=rec.text("id"),
        titel=rec.text("titel"),
        bron_pagina=rec.text("bron_pagina"),
        eenheid_bron=rec.text("eenheid_bron"),
        opmerking=rec.opt_text("opmerking"),
    )


def _parse_budget_row(data: object, where: str) -> BudgetRegel:
    rec = _Rec(
        data,
        where,
        ("tabel", "post", "gebied", "bedrag_eur", "soort", "bron_pagina"),
        ("lijn", "jaar", "periode", "aggregaat", "opmerking"),
    )
    bedrag = rec.opt_number("bedrag_eur")
    opmerking = rec.opt_text("opmerking")
    if bedrag is None and opmerking is None:
        raise ProgrammeError(f"{where}: field 'bedrag_eur' is null; say why in 'opmerking'")
    jaar, periode = rec.opt_int("jaar"), _opt_period(rec, "periode")
    if jaar is None and periode is None:
        raise ProgrammeError(f"{where}: give 'jaar' or 'periode'")
    return BudgetRegel(
        tabel=rec.text("tabel"),
        post=rec.text("post"),
        gebied=rec.text("gebied"),
        soort=rec.choice("soort", BUDGET_KINDS),
        bron_pagina=rec.text("bron_pagina"),
        bedrag_eur=bedrag,
        lijn=rec.opt_text("lijn"),
        jaar=jaar,
        periode=periode,
        aggregaat=rec.flag("aggregaat"),
        opmerking=opmerking,
    )


def _parse_governance(data: object, where: str) -> GovernanceLaag:
    rec = _Rec(data, where, ("niveau", "wie", "rol"), ("bron_pagina",))
    return GovernanceLaag(
        niveau=rec.text("niveau"),
        wie=rec.texts("wie", required=True),
        rol=rec.text("rol"),
        bron_pagina=rec.opt_text("bron_pagina"),
    )


def _parse_area(data: object, where: str) -> Gebied:
    rec = _Rec(data, where, ("naam",), ("gemeente", "toelichting"))
    return Gebied(naam=rec.text("naam"), gemeente=rec.opt_text("gemeente"), toelichting=rec.opt_text("toelichting"))


def _parse_focus(data: object, where: str) -> Focusgebieden:
    rec = _Rec(data, where, (), ("gebieden", "selectie", "cijfers"))
    return Focusgebieden(
        gebieden=rec.records("gebieden", _parse_area),
        selectie=rec.opt_text("selectie"),
        cijfers=rec.records("cijfers", _parse_figure),
    )


def _parse_monitoring_part(data: object, where: str) -> MonitoringOnderdeel:
    rec = _Rec(data, where, ("naam", "omschrijving"), ("soort",))
    soort = rec.choice("soort", INDICATOR_KINDS) if rec.data.get("soort") is not None else None
    return MonitoringOnderdeel(naam=rec.text("naam"), omschrijving=rec.text("omschrijving"), soort=soort)


def _parse_monitoring(data: object, where: str) -> Monitoring:
    rec = _Rec(data, where, ("samenvatting",), ("bron_pagina", "onderdelen", "planning"))
    return Monitoring(
        samenvatting=rec.text("samenvatting"),
        bron_pagina=rec.opt_text("bron_pagina"),
        onderdelen=rec.records("onderdelen", _parse_monitoring_part),
        planning=rec.records("planning", _parse_milestone),
    )


def _parse_principle(data: object, where: str) -> Uitgangspunt:
    rec = _Rec(data, where, ("id", "naam"), ("toelichting", "bron_pagina"))
    return Uitgangspunt(
        id=rec.text("id"),
        naam=rec.text("naam"),
        toelichting=rec.opt_text("toelichting"),
        bron_pagina=rec.opt_text("bron_pagina"),
    )


def _parse_approach(data: object, where: str) -> Aanpak:
    rec = _Rec(data, where, (), ("methode", "onderscheidend", "vraag_aan_rijk", "communicatie", "bron_pagina"))
    return Aanpak(
        methode=rec.opt_text("methode"),
        onderscheidend=rec.texts("onderscheidend"),
        vraag_aan_rijk=rec.opt_text("vraag_aan_rijk"),
        communicatie=rec.opt_text("communicatie"),
        bron_pagina=rec.opt_text("bron_pagina"),
    )


def _parse_chance(data: object, where: str) -> Kans:
    rec = _Rec(data, where, ("nummer", "naam", "lijn"), ("toelichting", "bron_pagina"))
    return Kans(
        nummer=rec.integer("nummer"),
        naam=rec.text("naam"),
        lijn=rec.text("lijn"),
        toelichting=rec.opt_text("toelichting"),
        bron_pagina=rec.opt_text("bron_pagina"),
    )


def _parse_subplan_ambition(data: object, where: str) -> DeelplanAmbitie:
    rec = _Rec(data, where, ("fase", "ambitie"))
    return DeelplanAmbitie(fase=rec.text("fase"), ambitie=rec.text("ambitie"))


def _parse_subplan(data: object, where: str) -> Deelplan:
    rec = _Rec(data, where, ("id", "naam", "periode", "hoofddoel"), ("doelen", "ambities", "partners", "bron_pagina"))
    return Deelplan(
        id=rec.text("id"),
        naam=rec.text("naam"),
        periode=rec.text("periode"),
        hoofddoel=rec.text("hoofddoel"),
        doelen=rec.texts("doelen"),
        ambities=rec.records("ambities", _parse_subplan_ambition),
        partners=rec.texts("partners"),
        bron_pagina=rec.opt_text("bron_pagina"),
    )


def _parse_deal(data: object, where: str) -> CityDeal:
    rec = _Rec(
        data,
        where,
        ("id", "naam", "trekker", "partners", "thema", "beschrijving", "stand_van_zaken", "verwante_opgaven"),
        ("koppeling_toelichting", "bron_pagina", "afspraak", "afspraak_toelichting"),
    )
    afspraak = rec.opt_text("afspraak")
    if afspraak is not None and afspraak not in DEAL_AGREEMENTS:
        raise ProgrammeError(
            f"{where}: field 'afspraak' has unknown value '{afspraak}' (expected one of: {', '.join(DEAL_AGREEMENTS)})"
        )
    return CityDeal(
        id=rec.text("id"),
        naam=rec.text("naam"),
        trekker=rec.texts("trekker", required=True),
        partners=rec.texts("partners", required=True),
        thema=rec.text("thema"),
        beschrijving=rec.text("beschrijving"),
        stand_van_zaken=rec.text("stand_van_zaken"),
        afspraak=afspraak,
        afspraak_toelichting=rec.opt_text("afspraak_toelichting"),
        verwante_opgaven=rec.opgave_numbers("verwante_opgaven"),
        koppeling_toelichting=rec.opt_text("koppeling_toelichting"),
        bron_pagina=rec.opt_text("bron_pagina"),
    )


_PROGRAMME_REQUIRED: Final = (
    "id",
    "naam",
    "kort",
    "type",
    "regio",
    "gemeenten",
    "horizon",
    "bron",
    "samenvatting",
    "lijnen",
    "budget",
    "governance",
    "focusgebieden",
    "referentiecijfers",
)
_PROGRAMME_OPTIONAL: Final = (
    "gemeenten_opmerking",
    "budget_tabellen",
    "budget_opmerking",
    "monitoring",
    "kennissessies",
    "aansluiting_beleid",
    "leidend_principe",
    "uitgangspunten",
    "aanpak",
    "kansen",
    "deelplannen",
    "deals",
    "verwante_opgaven",
    "koppeling_toelichting",
    "opmerkingen",
)


def parse_programme(data: object, where: str, known_indicators: Collection[str] | None = None) -> Programme:
    """Validate one programme mapping (as read from YAML) and build the dataclass.

    Args:
        data: the parsed YAML document.
        where: a label for error messages, normally the file name.
        known_indicators: indicator ids the app has; an ``app_indicator`` outside this set is an error.
            ``None`` skips that check.

    Raises:
        ProgrammeError: the first schema problem, naming file, record and field.
    """
    known = frozenset(known_indicators) if known_indicators is not None else None
    rec = _Rec(data, where, _PROGRAMME_REQUIRED, _PROGRAMME_OPTIONAL)
    monitoring_raw = rec.data.get("monitoring")
    programme = Programme(
        id=rec.text("id"),
        naam=rec.text("naam"),
        kort=rec.text("kort"),
        type=rec.choice("type", PROGRAMME_TYPES),
        regio=rec.text("regio"),
        gemeenten=rec.texts("gemeenten", required=True),
        gemeenten_opmerking=rec.opt_text("gemeenten_opmerking"),
        horizon=_parse_horizon(rec.data["horizon"], f"{where} > horizon"),
        bron=_parse_source(rec.data["bron"], f"{where} > bron"),
        samenvatting=rec.text("samenvatting"),
        lijnen=rec.records("lijnen", _line_parser(known), required=True),
        budget_tabellen=rec.records("budget_tabellen", _parse_budget_table),
        budget=rec.records("budget", _parse_budget_row, required=True),
        budget_opmerking=rec.opt_text("budget_opmerking"),
        governance=rec.records("governance", _parse_governance, required=True),
        focusgebieden=_parse_focus(rec.data["focusgebieden"], f"{where} > focusgebieden"),
        referentiecijfers=rec.records("referentiecijfers", _parse_reference, required=True),
        monitoring=None if monitoring_raw is None else _parse_monitoring(monitoring_raw, f"{where} > monitoring"),
        kennissessies=rec.texts("kennissessies"),
        aansluiting_beleid=rec.texts("aansluiting_beleid"),
        leidend_principe=rec.opt_text("leidend_principe"),
        uitgangspunten=rec.records("uitgangspunten", _parse_principle),
        aanpak=None if rec.data.get("aanpak") is None else _parse_approach(rec.data["aanpak"], f"{where} > aanpak"),
        kansen=rec.records("kansen", _parse_chance),
        deelplannen=rec.records("deelplannen", _parse_subplan),
        deals=rec.records("deals", _parse_deal),
        verwante_opgaven=rec.opgave_numbers("verwante_opgaven"),
        koppeling_toelichting=rec.opt_text("koppeling_toelichting"),
        opmerkingen=rec.texts("opmerkingen"),
    )
    _check_references(programme, where)
    return programme


def _check_unique(ids: Iterable[tuple[str, str]], kind: str, where: str) -> None:
    """``ids`` are (id, location) pairs; raise on the first id seen twice."""
    seen: dict[str, str] = {}
    for ident, loc in ids:
        if ident in seen:
            raise ProgrammeError(f"{where} > {loc}: duplicate {kind} id '{ident}' (already used at {seen[ident]})")
        seen[ident] = loc


def _check_references(p: Programme, where: str) -> None:
    """Cross-record checks: unique ids, references to lines and tables, consistent budget."""
    _check_unique(((lijn.id, f"lijnen[{i}]") for i, lijn in enumerate(p.lijnen)), "line", where)
    _check_unique(
        (
            (ind.id, f"lijnen[{i}] '{lijn.id}' > indicatoren[{j}]")
            for i, lijn in enumerate(p.lijnen)
            for j, ind in enumerate(lijn.indicatoren)
        ),
        "indicator",
        where,
    )
    _check_unique(((r.id, f"referentiecijfers[{i}]") for i, r in enumerate(p.referentiecijfers)), "figure", where)
    _check_unique(((t.id, f"budget_tabellen[{i}]") for i, t in enumerate(p.budget_tabellen)), "budget table", where)
    _check_unique(((u.id, f"uitgangspunten[{i}]") for i, u in enumerate(p.uitgangspunten)), "starting point", where)
    _check_unique(((d.id, f"deelplannen[{i}]") for i, d in enumerate(p.deelplannen)), "sub-plan", where)
    _check_unique(((d.id, f"deals[{i}]") for i, d in enumerate(p.deals)), "deal", where)
    _check_unique(((str(k.nummer), f"kansen[{i}]") for i, k in enumerate(p.kansen)), "kans", where)
    line_ids = {lijn.id for lijn in p.lijnen}
    table_ids = {t.id for t in p.budget_tabellen}
    for i, row in enumerate(p.budget):
        loc = f"{where} > budget[{i}] '{row.post}'"
        if row.tabel not in table_ids:
            raise ProgrammeError(f"{loc}: field 'tabel' names unknown budget table '{row.tabel}'")
        if row.lijn is not None and row.lijn not in line_ids:
            raise ProgrammeError(f"{loc}: field 'lijn' names unknown line '{row.lijn}'")
    for i, kans in enumerate(p.kansen):
        if kans.lijn not in line_ids:
            raise ProgrammeError(
                f"{where} > kansen[{i}] '{kans.nummer}': field 'lijn' names unknown line '{kans.lijn}'"
            )
    if p.budget and not p.budget_tabellen:
        raise ProgrammeError(f"{where}: field 'budget' has rows but 'budget_tabellen' is empty")
    if not p.budget and p.budget_opmerking is None:
        raise ProgrammeError(f"{where}: field 'budget' is empty; say why in 'budget_opmerking'")
    if not p.lijnen and not p.deals:
        raise ProgrammeError(f"{where}: a programme needs 'lijnen' or 'deals'")


def load_programme_file(path: Path, known_indicators: Collection[str] | None = None) -> Programme:
    """Read and validate one programme file; its ``id`` must equal the file name without ``.yaml``.

    Raises:
        ProgrammeError: unreadable YAML or any schema problem.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ProgrammeError(f"{path.name}: not valid YAML ({exc})") from exc
    programme = parse_programme(data, path.name, known_indicators)
    if programme.id != path.stem:
        raise ProgrammeError(f"{path.name}: field 'id' is '{programme.id}' but must equal the file name '{path.stem}'")
    return programme


def load_programmes(folder: Path, known_indicators: Collection[str] | None = None) -> dict[str, Programme]:
    """Load every ``*.yaml`` programme in ``folder``, keyed by id, in file-name order.

    Args:
        folder: normally ``PATHS.content_dir / "programmes"``.
        known_indicators: the app's indicator ids (e.g. ``load_catalogue(...).indicators``); every
            ``app_indicator`` must be one of them. ``None`` skips that check.

    Raises:
        ProgrammeError: a missing folder, an empty folder, a duplicate programme id or any schema problem.
    """
    if not folder.is_dir():
        raise ProgrammeError(f"{folder}: programme folder not found")
    out: dict[str, Programme] = {}
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise ProgrammeError(f"{folder}: no programme files (*.yaml)")
    for path in files:
        programme = load_programme_file(path, known_indicators)
        if programme.id in out:
            raise ProgrammeError(f"{path.name}: duplicate programme id '{programme.id}'")
        out[programme.id] = programme
    return out


# --------------------------------------------------------------------------------------------------------------
# Tables for the pages
# --------------------------------------------------------------------------------------------------------------

BUDGET_COLUMNS: Final[tuple[str, ...]] = (
    "programma",
    "tabel",
    "tabel_titel",
    "post",
    "lijn",
    "lijn_naam",
    "gebied",
    "jaar",
    "periode",
    "bedrag_eur",
    "soort",
    "aggregaat",
    "bron_pagina",
    "opmerking",
)


def budget_frame(programme: Programme, include_aggregates: bool = True) -> pd.DataFrame:
    """The budget as a tidy table, one row per cell of the document's tables, in euro.

    Args:
        include_aggregates: keep the subtotal and total rows printed in the document. Leave them out before
            summing.
    """
    titles = {t.id: t.titel for t in programme.budget_tabellen}
    names = {lijn.id: lijn.naam for lijn in programme.lijnen}
    rows = [
        {
            "programma": programme.id,
            "tabel": r.tabel,
            "tabel_titel": titles.get(r.tabel),
            "post": r.post,
            "lijn": r.lijn,
            "lijn_naam": names.get(r.lijn) if r.lijn else None,
            "gebied": r.gebied,
            "jaar": r.jaar,
            "periode": r.periode if r.periode is not None else (str(r.jaar) if r.jaar is not None else None),
            "bedrag_eur": r.bedrag_eur,
            "soort": r.soort,
            "aggregaat": r.aggregaat,
            "bron_pagina": r.bron_pagina,
            "opmerking": r.opmerking,
        }
        for r in programme.budget
        if include_aggregates or not r.aggregaat
    ]
    frame = pd.DataFrame(rows, columns=list(BUDGET_COLUMNS))
    frame["jaar"] = frame["jaar"].astype("Int64")
    frame["bedrag_eur"] = pd.to_numeric(frame["bedrag_eur"], errors="raise").astype("Float64")
    frame["aggregaat"] = frame["aggregaat"].astype(bool)
    return frame


def budget_total(
    programme: Programme, tabel: str, soort: str | Collection[str], by: str | list[str] | None = None
) -> pd.Series | float:
    """Sum the non-aggregate rows of one table and kind(s), optionally grouped (e.g. ``by="gebied"``).

    Rows with an unknown amount (``None``, e.g. "p.m.") count as zero; see :func:`budget_frame` to spot them.
    """
    kinds = {soort} if isinstance(soort, str) else set(soort)
    frame = budget_frame(programme, include_aggregates=False)
    frame = frame[(frame["tabel"] == tabel) & frame["soort"].isin(kinds)]
    if by is None:
        return float(frame["bedrag_eur"].fillna(0).sum())
    return frame.groupby(by, dropna=False)["bedrag_eur"].sum().astype(float)


def saldo_per_year(programme: Programme, tabel: str) -> pd.DataFrame:
    """Per year: spending, cover, the balance recomputed from the rows and the balance printed in the table.

    Spending is the sum of non-aggregate ``uitgaven`` rows; cover the sum of non-aggregate cover rows
    (:data:`COVER_KINDS`); ``saldo_document`` the ``saldo`` row of that year. ``tekort`` is the shortfall as a
    positive amount (0 when the balance is not negative). ``klopt`` says whether both balances agree.

    Raises:
        KeyError: the table has no yearly rows.
    """
    frame = budget_frame(programme, include_aggregates=True)
    frame = frame[(frame["tabel"] == tabel) & frame["jaar"].notna()]
    if frame.empty:
        raise KeyError(f"programme '{programme.id}' has no yearly rows in table '{tabel}'")
    detail = frame[~frame["aggregaat"]]
    years = sorted(int(y) for y in frame["jaar"].dropna().unique())
    out = []
    for year in years:
        in_year = detail[detail["jaar"] == year]
        uitgaven = float(in_year.loc[in_year["soort"] == "uitgaven", "bedrag_eur"].fillna(0).sum())
        dekking = float(in_year.loc[in_year["soort"].isin(COVER_KINDS), "bedrag_eur"].fillna(0).sum())
        printed = frame[(frame["jaar"] == year) & (frame["soort"] == "saldo")]["bedrag_eur"]
        saldo_doc = float(printed.iloc[0]) if len(printed) else None
        berekend = dekking - uitgaven
        out.append(
            {
                "jaar": year,
                "uitgaven": uitgaven,
                "dekking": dekking,
                "saldo_berekend": berekend,
                "saldo_document": saldo_doc,
                "tekort": max(0.0, -berekend),
                "klopt": saldo_doc is not None and abs(saldo_doc - berekend) < 0.5,
            }
        )
    return pd.DataFrame(out)


#: The Kansrijk Enschede table whose balance is the shortfall per year.
KANSRIJK_ID: Final = "kansrijk_enschede"
KANSRIJK_FINANCIAL_TABLE: Final = "financiele_tabel_kansengelijkheid"


def kansrijk_shortfall(programmes: Mapping[str, Programme]) -> pd.DataFrame:
    """The shortfall per year 2023-2026 of Kansrijk Enschede (Financiële tabel Kansengelijkheid)."""
    return saldo_per_year(programmes[KANSRIJK_ID], KANSRIJK_FINANCIAL_TABLE)


def _figure_text(f: DocCijfer) -> str:
    parts = [f.waarde_tekst]
    if f.gebied:
        parts.append(f.gebied)
    if f.periode:
        parts.append(f.periode)
    if f.aard != "meting":
        parts.append(f.aard)
    return f"{parts[0]} ({', '.join(parts[1:])})" if len(parts) > 1 else parts[0]


INDICATOR_STATUS_COLUMNS: Final[tuple[str, ...]] = (
    "programma",
    "lijn",
    "lijn_naam",
    "indicator",
    "naam",
    "soort",
    "soort_label",
    "status",
    "app_indicator",
    "aantal_documentcijfers",
    "documentcijfers",
    "wat_gemeten_wordt",
    "toelichting",
)


def indicator_status_frame(programmes: Programme | Iterable[Programme]) -> pd.DataFrame:
    """One row per indicator with its kind, data status, app link and document figures (as text)."""
    items = [programmes] if isinstance(programmes, Programme) else list(programmes)
    rows = [
        {
            "programma": p.id,
            "lijn": lijn.id,
            "lijn_naam": lijn.naam,
            "indicator": ind.id,
            "naam": ind.naam,
            "soort": ind.soort,
            "soort_label": KIND_LABELS[ind.soort],
            "status": ind.status,
            "app_indicator": ind.app_indicator,
            "aantal_documentcijfers": len(ind.documentcijfers),
            "documentcijfers": "; ".join(_figure_text(f) for f in ind.documentcijfers),
            "wat_gemeten_wordt": ind.wat_gemeten_wordt,
            "toelichting": ind.toelichting,
        }
        for p in items
        for lijn in p.lijnen
        for ind in lijn.indicatoren
    ]
    return pd.DataFrame(rows, columns=list(INDICATOR_STATUS_COLUMNS))


FIGURE_COLUMNS: Final[tuple[str, ...]] = (
    "programma",
    "herkomst",
    "onderwerp",
    "waarde",
    "waarde_tot",
    "waarde_tekst",
    "eenheid",
    "gebied",
    "periode",
    "aard",
    "bron_pagina",
    "toelichting",
)


def document_figures_frame(programme: Programme) -> pd.DataFrame:
    """Every figure the programme quotes from its document: reference figures, focus-area figures and the
    figures attached to indicators, in one table."""
    rows: list[dict[str, Any]] = []

    def add(herkomst: str, onderwerp: str, f: DocCijfer) -> None:
        rows.append(
            {
                "programma": programme.id,
                "herkomst": herkomst,
                "onderwerp": onderwerp,
                "waarde": f.waarde,
                "waarde_tot": f.waarde_tot,
                "waarde_tekst": f.waarde_tekst,
                "eenheid": f.eenheid,
                "gebied": f.gebied,
                "periode": f.periode,
                "aard": f.aard,
                "bron_pagina": f.bron_pagina,
                "toelichting": f.toelichting,
            }
        )

    for r in programme.referentiecijfers:
        add("referentiecijfer", r.naam, r)
    for f in programme.focusgebieden.cijfers:
        add("focusgebieden", "Focusgebieden", f)
    for ind in programme.indicatoren:
        for f in ind.documentcijfers:
            add("indicator", ind.naam, f)
    frame = pd.DataFrame(rows, columns=list(FIGURE_COLUMNS))
    for col in ("waarde", "waarde_tot"):
        frame[col] = pd.to_numeric(frame[col]).astype("Float64")
    return frame


def _horizon_text(h: Horizon) -> str:
    start = str(h.start) if h.start is not None else "?"
    eind = str(h.eind) if h.eind is not None else "?"
    text = f"{start}-{eind}"
    if h.duur_jaren is not None:
        text += f" ({h.duur_jaren} jaar)"
    return text


def _kind_count(p: Programme, kind: str) -> int:
    return sum(1 for ind in p.indicatoren if ind.soort == kind)


def _budget_text(p: Programme) -> str:
    if not p.budget:
        return "geen begroting in het document"
    return f"{len(p.budget_tabellen)} tabel(len), {len(p.budget)} regels"


def structure_comparison(a: Programme, b: Programme) -> pd.DataFrame:
    """A side-by-side comparison of two programmes' structure: lines, horizon, indicators by kind and data
    status, governance, budget. All cells are text, ready for display; columns are ``aspect`` and the two
    programme names."""

    def describe(p: Programme) -> dict[str, str]:
        milestones = " | ".join(f"{m.jaar}: {m.label}" for m in p.horizon.mijlpalen) or "-"
        return {
            "Type": TYPE_LABELS[p.type],
            "Regio": p.regio,
            "Gemeenten": ", ".join(p.gemeenten) or "-",
            "Looptijd": _horizon_text(p.horizon),
            "Mijlpalen": milestones,
            "Aantal lijnen": str(len(p.lijnen)),
            "Lijnen": "; ".join(lijn.naam for lijn in p.lijnen) or "-",
            "Indicatoren (uitkomst)": str(_kind_count(p, "outcome")),
            "Indicatoren (proces)": str(_kind_count(p, "process")),
            "Indicatoren (narratief)": str(_kind_count(p, "narrative")),
            "Indicatoren met data in de app": str(sum(1 for i in p.indicatoren if i.status == "beschikbaar")),
            "Indicatoren nog zonder meting": str(sum(1 for i in p.indicatoren if i.status == "nog geen meting")),
            "Governance (lagen)": str(len(p.governance)),
            "Governance": "; ".join(g.niveau for g in p.governance) or "-",
            "Begroting": _budget_text(p),
            "City Deals": str(len(p.deals)),
        }

    da, db = describe(a), describe(b)
    label_a, label_b = a.naam, b.naam if b.naam != a.naam else f"{b.naam} ({b.id})"
    return pd.DataFrame({"aspect": list(da), label_a: list(da.values()), label_b: [db[k] for k in da]})


OVERVIEW_COLUMNS: Final[tuple[str, ...]] = (
    "programma",
    "naam",
    "type",
    "regio",
    "start",
    "eind",
    "lijnen",
    "indicatoren",
    "beschikbaar",
    "deals",
)


def programmes_overview(programmes: Mapping[str, Programme]) -> pd.DataFrame:
    """One row per programme for an overview page."""
    rows = [
        {
            "programma": p.id,
            "naam": p.naam,
            "type": TYPE_LABELS[p.type],
            "regio": p.regio,
            "start": p.horizon.start,
            "eind": p.horizon.eind,
            "lijnen": len(p.lijnen),
            "indicatoren": len(p.indicatoren),
            "beschikbaar": sum(1 for i in p.indicatoren if i.status == "beschikbaar"),
            "deals": len(p.deals),
        }
        for p in programmes.values()
    ]
    frame = pd.DataFrame(rows, columns=list(OVERVIEW_COLUMNS))
    for col in ("start", "eind"):
        frame[col] = frame[col].astype("Int64")
    return frame
