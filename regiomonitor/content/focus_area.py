"""The named focus areas of the Regio Deal (``data/content/focus_areas.yaml``): buurten per area, with the
basis of the delineation and the document's own figures. The data-driven proposal is computed in
:mod:`regiomonitor.focus`, never stored here.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Annotated, Final, Literal

from pydantic import AfterValidator, ValidationInfo, model_validator

from regiomonitor.content.fields import Items, Text, Texts
from regiomonitor.content.reader import ContentModel, load

#: The basis of a delineation, in Dutch (``voorstel`` only for the computed proposal).
BASES: Final[dict[str, str]] = {
    "document": "genoemd in de Regio Deal-aanvraag; de buurtindeling is onze lezing",
    "werkaanname": "werkaanname: het document noemt geen buurten",
    "voorstel": "voorstel uit de data",
}


def _one_line(text: str) -> str:
    return " ".join(text.split())


class FocusArea(ContentModel):
    """A named set of buurten with the basis of its delineation."""

    id: Text
    naam: Text
    gemeente: Text
    basis: Literal["document", "werkaanname"]
    buurten: Texts
    toelichting: Annotated[Text, AfterValidator(_one_line)]

    @property
    def basis_label(self) -> str:
        """Dutch wording of the basis."""
        return BASES[self.basis]


class FocusSource(ContentModel):
    """The document the focus areas come from, and the passage that names them."""

    document: Text
    titel: Text
    passage: Text
    huishoudens_document: int


class FocusCatalogue(ContentModel):
    """The named focus areas and the document's own figures (``focus_areas.yaml``)."""

    bron: FocusSource
    focusgebieden: Items[FocusArea]

    @model_validator(mode="after")
    def _buurten(self, info: ValidationInfo) -> FocusCatalogue:
        """Every buurt exists in the 2024 division (when the caller gives it), lies in its area's gemeente and
        belongs to one area only."""
        known: Collection[str] | None = (info.context or {}).get("known_buurten")
        seen: dict[str, str] = {}
        for i, fa in enumerate(self.focusgebieden):
            where = f"> focusgebieden[{i}] '{fa.id}'"
            for code in fa.buurten:
                if known is not None and code not in known:
                    raise ValueError(f"{where}: buurt {code} does not exist in the 2024 division")
                if code in seen:
                    raise ValueError(f"{where}: buurt {code} is already in focus area {seen[code]}")
                if not code.startswith("BU" + fa.gemeente[2:]):
                    raise ValueError(f"{where}: buurt {code} is not in gemeente {fa.gemeente}")
                seen[code] = fa.id
        return self

    @property
    def areas(self) -> tuple[FocusArea, ...]:
        """The focus areas in file order."""
        return self.focusgebieden

    @property
    def document(self) -> str:
        """The source document's file name."""
        return self.bron.document

    @property
    def passage(self) -> str:
        """The document's passage that names the areas."""
        return self.bron.passage

    @property
    def households_document(self) -> int:
        """The number of households the document gives for the areas together."""
        return self.bron.huishoudens_document

    def by_buurt(self) -> dict[str, FocusArea]:
        """Buurt code -> its focus area."""
        return {b: fa for fa in self.areas for b in fa.buurten}


def load_focus_areas(path: Path, known_buurten: Collection[str]) -> FocusCatalogue:
    """Read and validate the focus areas (every buurt must exist in the 2024 division).

    Raises:
        ContentError: a missing field, an unknown basis, an unknown or duplicated buurt code.
    """
    return load(FocusCatalogue, path, {"known_buurten": frozenset(known_buurten)})
