"""Programme model: one schema for every regional programme the app follows.

Each programme (Regio Deal Elk Talent Telt, Kansrijk Enschede with its LEA, the City Deals, the Regio Deal
Zuid- en Oost-Drenthe, the NPVR Plan voor de Regio) is one YAML file in ``data/content/programmes/``, written in
our own words from the source documents, with every figure as in the document and a page or section reference.
:func:`load_programmes` reads them with the content reader into frozen pydantic models; the tables the pages
show are in :mod:`regiomonitor.programme_tables`.

Budget rows follow the document's tables exactly. Rows marked ``aggregaat`` are subtotals, totals or a total
column printed in the document; sums must be taken over the other rows only, and the tests check that those
sums reproduce the printed totals.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path

from pydantic import ValidationInfo, field_validator, model_validator

from regiomonitor.content.fields import Items, Opgaven, OptText, OptYear, Text, Texts
from regiomonitor.content.programme_parts import (
    Aanpak,
    Bron,
    BudgetRegel,
    BudgetTabel,
    CityDeal,
    DataStatus,
    Deelplan,
    DocCijfer,
    Focusgebieden,
    GovernanceLaag,
    Horizon,
    IndicatorKind,
    Kans,
    Monitoring,
    ProgrammeType,
    Referentiecijfer,
    Uitgangspunt,
)
from regiomonitor.content.reader import ContentError, ContentModel, load


class Indicator(ContentModel):
    """An indicator a programme line wants to follow, with its data status in the app."""

    id: Text
    naam: Text
    soort: IndicatorKind
    app_indicator: OptText
    status: DataStatus
    documentcijfers: Items[DocCijfer]
    wat_gemeten_wordt: OptText = None
    toelichting: OptText = None

    @field_validator("app_indicator")
    @classmethod
    def _known(cls, app: str | None, info: ValidationInfo) -> str | None:
        known = (info.context or {}).get("known_indicators")
        if app is not None and known is not None and app not in known:
            raise ValueError(f"names unknown indicator '{app}' (not among the known indicator ids)")
        return app

    @model_validator(mode="after")
    def _status_fits(self) -> Indicator:
        status, app = self.status, self.app_indicator
        if status == "beschikbaar" and app is None:
            raise ValueError("status 'beschikbaar' needs an 'app_indicator'")
        if status != "beschikbaar" and app is not None:
            raise ValueError(f"field 'app_indicator' is set ('{app}') but status is '{status}'; use 'beschikbaar'")
        if status == "alleen documentcijfer" and not self.documentcijfers:
            raise ValueError("status 'alleen documentcijfer' needs at least one entry in 'documentcijfers'")
        if status == "nog geen meting":
            if self.wat_gemeten_wordt is None:
                raise ValueError("status 'nog geen meting' needs 'wat_gemeten_wordt'")
            if any(f.aard == "meting" for f in self.documentcijfers):
                raise ValueError("status 'nog geen meting' cannot carry a document figure with aard 'meting'")
        return self


class Resultaat(ContentModel):
    """A result the programme promises, usually for a given year."""

    omschrijving: Text
    jaar: OptYear = None


class Lijn(ContentModel):
    """A programme line, pillar, ambition or theme."""

    id: Text
    naam: Text
    ambitie: Text
    doelen: Texts = ()
    indicatoren: Items[Indicator] = ()
    doelgroep: OptText = None
    beoogde_resultaten: Items[Resultaat] = ()
    opgaven: Opgaven = ()
    bron_pagina: OptText = None


class Programme(ContentModel):
    """A regional programme, validated."""

    id: Text
    naam: Text
    kort: Text
    type: ProgrammeType
    regio: Text
    gemeenten: Texts
    horizon: Horizon
    bron: Bron
    samenvatting: Text
    lijnen: Items[Lijn]
    budget: Items[BudgetRegel]
    governance: Items[GovernanceLaag]
    focusgebieden: Focusgebieden
    referentiecijfers: Items[Referentiecijfer]
    gemeenten_opmerking: OptText = None
    budget_tabellen: Items[BudgetTabel] = ()
    budget_opmerking: OptText = None
    monitoring: Monitoring | None = None
    kennissessies: Texts = ()
    aansluiting_beleid: Texts = ()
    leidend_principe: OptText = None
    uitgangspunten: Items[Uitgangspunt] = ()
    aanpak: Aanpak | None = None
    kansen: Items[Kans] = ()
    deelplannen: Items[Deelplan] = ()
    deals: Items[CityDeal] = ()
    verwante_opgaven: Opgaven = ()
    koppeling_toelichting: OptText = None
    opmerkingen: Texts = ()

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

    @model_validator(mode="after")
    def _references(self) -> Programme:
        """Cross-record checks: unique ids, references to lines and tables, consistent budget."""
        _unique(((lijn.id, f"lijnen[{i}]") for i, lijn in enumerate(self.lijnen)), "line")
        _unique(
            (
                (ind.id, f"lijnen[{i}] '{lijn.id}' > indicatoren[{j}]")
                for i, lijn in enumerate(self.lijnen)
                for j, ind in enumerate(lijn.indicatoren)
            ),
            "indicator",
        )
        _unique(((r.id, f"referentiecijfers[{i}]") for i, r in enumerate(self.referentiecijfers)), "figure")
        _unique(((t.id, f"budget_tabellen[{i}]") for i, t in enumerate(self.budget_tabellen)), "budget table")
        _unique(((u.id, f"uitgangspunten[{i}]") for i, u in enumerate(self.uitgangspunten)), "starting point")
        _unique(((d.id, f"deelplannen[{i}]") for i, d in enumerate(self.deelplannen)), "sub-plan")
        _unique(((d.id, f"deals[{i}]") for i, d in enumerate(self.deals)), "deal")
        _unique(((str(k.nummer), f"kansen[{i}]") for i, k in enumerate(self.kansen)), "kans")
        line_ids = {lijn.id for lijn in self.lijnen}
        table_ids = {t.id for t in self.budget_tabellen}
        for i, row in enumerate(self.budget):
            if row.tabel not in table_ids:
                raise ValueError(f"> budget[{i}] '{row.post}': field 'tabel' names unknown budget table '{row.tabel}'")
            if row.lijn is not None and row.lijn not in line_ids:
                raise ValueError(f"> budget[{i}] '{row.post}': field 'lijn' names unknown line '{row.lijn}'")
        for i, kans in enumerate(self.kansen):
            if kans.lijn not in line_ids:
                raise ValueError(f"> kansen[{i}] '{kans.nummer}': field 'lijn' names unknown line '{kans.lijn}'")
        if self.budget and not self.budget_tabellen:
            raise ValueError("field 'budget' has rows but 'budget_tabellen' is empty")
        if not self.budget and self.budget_opmerking is None:
            raise ValueError("field 'budget' is empty; say why in 'budget_opmerking'")
        if not self.lijnen and not self.deals:
            raise ValueError("a programme needs 'lijnen' or 'deals'")
        return self


def _unique(ids: Iterable[tuple[str, str]], kind: str) -> None:
    """``ids`` are (id, location) pairs; raise on the first id seen twice."""
    seen: dict[str, str] = {}
    for ident, loc in ids:
        if ident in seen:
            raise ValueError(f"> {loc}: duplicate {kind} id '{ident}' (already used at {seen[ident]})")
        seen[ident] = loc


def load_programme_file(path: Path, known_indicators: Collection[str] | None = None) -> Programme:
    """Read and validate one programme file; its ``id`` must equal the file name without ``.yaml``.

    Args:
        known_indicators: indicator ids the app has; an ``app_indicator`` outside this set is an error.
            ``None`` skips that check.

    Raises:
        ContentError: unreadable YAML or any schema problem, naming file, record and field.
    """
    known = frozenset(known_indicators) if known_indicators is not None else None
    programme = load(Programme, path, {"known_indicators": known})
    if programme.id != path.stem:
        raise ContentError(f"{path.name}: field 'id' is '{programme.id}' but must equal the file name '{path.stem}'")
    return programme


def load_programmes(folder: Path, known_indicators: Collection[str] | None = None) -> dict[str, Programme]:
    """Load every ``*.yaml`` programme in ``folder``, keyed by id, in file-name order.

    Args:
        folder: normally ``PATHS.content_dir / "programmes"``.
        known_indicators: the app's indicator ids (e.g. ``store.info``); every ``app_indicator`` must be one
            of them. ``None`` skips that check.

    Raises:
        ContentError: a missing folder, an empty folder, a duplicate programme id or any schema problem.
    """
    if not folder.is_dir():
        raise ContentError(f"{folder}: programme folder not found")
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise ContentError(f"{folder}: no programme files (*.yaml)")
    out: dict[str, Programme] = {}
    for path in files:
        programme = load_programme_file(path, known_indicators)
        if programme.id in out:
            raise ContentError(f"{path.name}: duplicate programme id '{programme.id}'")
        out[programme.id] = programme
    return out
