"""The NPVR opgaven file (``data/content/opgaven.yaml``): the 21 opgaven of the Plan voor de Regio Twente with
the themes, ministries, NPVR goals, governance notes and monitoring plan they refer to.

Written in our own words from the plan, with names, figures and ministry abbreviations as in the document.
:func:`load_opgaven` reads it with the content reader; the checks across records (known themes, ministries,
goals and indicators, unique numbers, cross-references that exist) are the catalogue's validator, so every
message names the file, the opgave and the field.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from pathlib import Path
from typing import Final

import pandas as pd
from pydantic import ValidationInfo, field_validator, model_validator

from regiomonitor.content.fields import Items, Texts
from regiomonitor.content.opgave import (
    Bron,
    Ministerie,
    Monitoring,
    NpvrDoel,
    Opgave,
    PhaseStatus,
    Thema,
    monitoring_phase,
)
from regiomonitor.content.reader import ContentModel, load

#: Values of the ministry matrix.
PRIMARY: Final[str] = "primair"
INVOLVED: Final[str] = "betrokken"


def _where(opgaven: Sequence[object], i: int) -> str:
    return f"> opgaven[{i}] '{getattr(opgaven[i], 'nummer', '?')}'"


class OpgavenCatalogue(ContentModel):
    """All opgaven with the themes, ministries, goals and monitoring plan they refer to."""

    bron: Bron
    themas: Items[Thema]
    ministeries: Items[Ministerie]
    npvr_doelen: Items[NpvrDoel]
    monitoring: Monitoring
    opgaven: Items[Opgave]
    governance: Texts = ()

    @field_validator("opgaven")
    @classmethod
    def _by_number(cls, opgaven: tuple[Opgave, ...]) -> tuple[Opgave, ...]:
        """Each number once (reported at its place in the file); held sorted by number."""
        first: dict[int, int] = {}
        for i, o in enumerate(opgaven):
            if o.nummer in first:
                raise ValueError(
                    f"{_where(opgaven, i)}: field 'nummer' duplicates number {o.nummer} (opgaven[{first[o.nummer]}])"
                )
            first[o.nummer] = i
        return tuple(sorted(opgaven, key=lambda o: o.nummer))

    @model_validator(mode="after")
    def _references(self, info: ValidationInfo) -> OpgavenCatalogue:
        for name, ids in (
            ("themas", [t.id for t in self.themas]),
            ("ministeries", [m.afkorting for m in self.ministeries]),
            ("npvr_doelen", [g.id for g in self.npvr_doelen]),
        ):
            if not ids:
                raise ValueError(f"field '{name}' must not be empty")
            if len(set(ids)) != len(ids):
                twice = next(x for x in ids if ids.count(x) > 1)
                raise ValueError(f"field '{name}' has duplicate id '{twice}'")
        themes = {t.id for t in self.themas}
        ministries = {m.afkorting for m in self.ministeries}
        goals = {g.id for g in self.npvr_doelen}
        numbers = {o.nummer for o in self.opgaven}
        indicators: Collection[str] | None = (info.context or {}).get("indicator_ids")
        known = ", ".join(sorted(themes))
        for i, o in enumerate(self.opgaven):
            where = _where(self.opgaven, i)
            if o.thema not in themes:
                raise ValueError(f"{where}: field 'thema' has unknown theme '{o.thema}' (known: {known})")
            alt = o.thema_alternatief
            if alt is not None and alt.thema is not None and alt.thema not in themes:
                raise ValueError(
                    f"{where} > thema_alternatief: field 'thema' has unknown theme '{alt.thema}' (known: {known})"
                )
            for j, m in enumerate(o.ministeries):
                if m.afkorting not in ministries:
                    raise ValueError(
                        f"{where}: field 'ministeries' item {j} has unknown ministry abbreviation '{m.afkorting}' "
                        f"(known: {', '.join(sorted(ministries))})"
                    )
            for g in o.npvr_doelen:
                if g not in goals:
                    raise ValueError(
                        f"{where}: field 'npvr_doelen' has unknown NPVR goal '{g}' (known: {', '.join(sorted(goals))})"
                    )
            for ind in o.indicatoren:
                if indicators is not None and ind not in indicators:
                    raise ValueError(
                        f"{where}: field 'indicatoren' has unknown indicator '{ind}' (not among the known indicator ids)"
                    )
            for ref in o.verwijzingen:
                if ref not in numbers:
                    raise ValueError(f"{where}: field 'verwijzingen' refers to opgave {ref}, which does not exist")
        return self

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


def load_opgaven(path: Path, indicator_ids: Collection[str] | None = None) -> OpgavenCatalogue:
    """Read and validate the opgaven content file.

    Args:
        path: the YAML file (normally ``data/content/opgaven.yaml``).
        indicator_ids: if given, every linked indicator id must be in it.

    Raises:
        ContentError: unreadable YAML, a missing or unknown field, a wrong type, an unknown theme, ministry
            abbreviation, NPVR goal or indicator, a duplicate number, more than one primary ministry, or a
            cross-reference to an opgave that does not exist. The message names the file, the opgave and the
            field.
    """
    known = frozenset(indicator_ids) if indicator_ids is not None else None
    return load(OpgavenCatalogue, path, {"indicator_ids": known})
