"""The parts of a programme: its source, horizon, document figures, budget, governance, focus areas, monitoring,
starting points, approach, chances, sub-plans and City Deals, with the closed vocabularies and their Dutch labels.

:class:`regiomonitor.content.programme.Programme` puts them together.
"""

from __future__ import annotations

from typing import Annotated, Final, Literal, get_args

from pydantic import BeforeValidator, model_validator

from regiomonitor.content.fields import Flag, Items, Number, Opgaven, OptText, OptYear, Period, Text, Texts, Year
from regiomonitor.content.reader import ContentModel

ProgrammeType = Literal["regio_deal", "npvr_plan", "lokale_agenda", "city_deals"]
IndicatorKind = Literal["outcome", "process", "narrative"]
DataStatus = Literal["beschikbaar", "nog geen meting", "alleen documentcijfer"]
FigureKind = Literal["meting", "streefwaarde", "raming"]
BudgetKind = Literal[
    "uitgaven",
    "bestaande dekking",
    "nieuwe dekking",
    "dekking",
    "cofinanciering",
    "rijksbijdrage",
    "saldo",
    "bestedingsplan",
    "beschikbaar budget",
]
DealAgreement = Literal[
    "gesloten", "ondertekening_verwacht", "in_voorbereiding", "mogelijk", "initiatief", "green_deal"
]

#: Allowed ``type`` values of a programme.
PROGRAMME_TYPES: Final[tuple[str, ...]] = get_args(ProgrammeType)
#: Allowed ``soort`` values of an indicator.
INDICATOR_KINDS: Final[tuple[str, ...]] = get_args(IndicatorKind)
#: Allowed ``status`` values of an indicator (data status in the app).
DATA_STATUSES: Final[tuple[str, ...]] = get_args(DataStatus)
#: Allowed ``aard`` values of a document figure.
FIGURE_KINDS: Final[tuple[str, ...]] = get_args(FigureKind)
#: Allowed ``soort`` values of a budget row.
BUDGET_KINDS: Final[tuple[str, ...]] = get_args(BudgetKind)
#: Budget kinds that count as cover (dekking) when a balance is recomputed.
COVER_KINDS: Final[tuple[str, ...]] = (
    "bestaande dekking",
    "nieuwe dekking",
    "dekking",
    "cofinanciering",
    "rijksbijdrage",
)
#: Where a City Deal fiche says the deal stands with the Rijk (``CityDeal.afspraak``), with its Dutch label.
DEAL_AGREEMENTS: Final[dict[str, str]] = {
    "gesloten": "gesloten met het Rijk",
    "ondertekening_verwacht": "ondertekening verwacht",
    "in_voorbereiding": "in voorbereiding",
    "mogelijk": "mogelijke deal",
    "initiatief": "regionaal initiatief, geen afspraak met het Rijk genoemd",
    "green_deal": "Green Deal (geen City Deal)",
}

#: Dutch labels for the UI.
TYPE_LABELS: Final[dict[str, str]] = {
    "regio_deal": "Regio Deal",
    "npvr_plan": "NPVR Plan voor de Regio",
    "lokale_agenda": "Lokale agenda",
    "city_deals": "City Deals",
}
KIND_LABELS: Final[dict[str, str]] = {"outcome": "Uitkomst", "process": "Proces", "narrative": "Narratief"}


class Bron(ContentModel):
    """The source document of a programme."""

    bestand: Text
    titel: Text
    uitgever: OptText = None
    datum: OptText = None
    opmerking: OptText = None


class Mijlpaal(ContentModel):
    """A dated milestone on the programme's horizon."""

    jaar: Year
    label: Text


class Horizon(ContentModel):
    """Start, end and length of a programme; ``None`` where the document does not say."""

    start: OptYear
    eind: OptYear
    duur_jaren: OptYear = None
    toelichting: OptText = None
    mijlpalen: Items[Mijlpaal] = ()

    @model_validator(mode="after")
    def _end_after_start(self) -> Horizon:
        if self.start is not None and self.eind is not None and self.eind < self.start:
            raise ValueError(f"field 'eind' ({self.eind}) lies before 'start' ({self.start})")
        return self

    @property
    def text(self) -> str:
        """The looptijd in Dutch, as every page shows it.

        >>> Horizon(start=2023, eind=2033, duur_jaren=10).text
        '2023–2033 (10 jaar)'
        >>> Horizon(start=2025, eind=None, duur_jaren=20).text
        'vanaf 2025, 20 jaar'
        >>> Horizon(start=None, eind=2023, duur_jaren=4).text
        'tot 2023 (4 jaar)'
        >>> Horizon(start=None, eind=None).text
        'looptijd niet vermeld'
        """
        years = f" ({self.duur_jaren} jaar)" if self.duur_jaren else ""
        if self.start and self.eind:
            return f"{self.start}–{self.eind}{years}"
        if self.start:
            return f"vanaf {self.start}, {self.duur_jaren} jaar" if self.duur_jaren else f"vanaf {self.start}"
        if self.eind:
            return f"tot {self.eind}{years}"
        return f"{self.duur_jaren} jaar" if self.duur_jaren else "looptijd niet vermeld"


def _meting_if_null(value: object) -> object:
    return "meting" if value is None else value


class DocCijfer(ContentModel):
    """A figure quoted from the document.

    ``waarde`` is the number (``None`` when the document gives only words such as "ruim een op de drie");
    ``waarde_tot`` is the upper bound of a range; ``waarde_tekst`` is how the document writes it.
    """

    waarde: Number
    waarde_tekst: Text
    eenheid: Text
    gebied: Text
    bron_pagina: Text
    waarde_tot: Number = None
    periode: Period = None
    aard: Annotated[FigureKind, BeforeValidator(_meting_if_null)] = "meting"
    toelichting: OptText = None

    @model_validator(mode="after")
    def _range(self) -> DocCijfer:
        if self.waarde_tot is not None and (self.waarde is None or self.waarde_tot < self.waarde):
            raise ValueError("field 'waarde_tot' needs a 'waarde' that is not larger")
        return self


class Referentiecijfer(DocCijfer):
    """A named figure the document cites as background (problem analysis, context)."""

    id: Text
    naam: Text


class BudgetTabel(ContentModel):
    """One budget table of the document."""

    id: Text
    titel: Text
    bron_pagina: Text
    eenheid_bron: Text
    opmerking: OptText = None


class BudgetRegel(ContentModel):
    """One cell of a budget table, in euro (converted from the table's unit where needed)."""

    tabel: Text
    post: Text
    gebied: Text
    bedrag_eur: Number
    soort: BudgetKind
    bron_pagina: Text
    lijn: OptText = None
    jaar: OptYear = None
    periode: Period = None
    aggregaat: Flag = False
    opmerking: OptText = None

    @model_validator(mode="after")
    def _complete(self) -> BudgetRegel:
        if self.bedrag_eur is None and self.opmerking is None:
            raise ValueError("field 'bedrag_eur' is null; say why in 'opmerking'")
        if self.jaar is None and self.periode is None:
            raise ValueError("give 'jaar' or 'periode'")
        return self


class GovernanceLaag(ContentModel):
    """One layer of the programme's organisation."""

    niveau: Text
    wie: Texts
    rol: Text
    bron_pagina: OptText = None


class Gebied(ContentModel):
    """A named focus area."""

    naam: Text
    gemeente: OptText = None
    toelichting: OptText = None


class Focusgebieden(ContentModel):
    """The areas a programme concentrates on, with figures that hold for them as a group."""

    gebieden: Items[Gebied] = ()
    selectie: OptText = None
    cijfers: Items[DocCijfer] = ()


class MonitoringOnderdeel(ContentModel):
    """One element of a monitoring design."""

    naam: Text
    omschrijving: Text
    soort: IndicatorKind | None = None


class Monitoring(ContentModel):
    """How the programme wants to follow its progress."""

    samenvatting: Text
    bron_pagina: OptText = None
    onderdelen: Items[MonitoringOnderdeel] = ()
    planning: Items[Mijlpaal] = ()


class Uitgangspunt(ContentModel):
    """A starting point or principle of the programme."""

    id: Text
    naam: Text
    toelichting: OptText = None
    bron_pagina: OptText = None


class Aanpak(ContentModel):
    """How a programme intends to work: its method, what sets it apart, what it asks of the Rijk, how it
    communicates (all optional; Elk Talent Telt fills them)."""

    methode: OptText = None
    onderscheidend: Texts = ()
    vraag_aan_rijk: OptText = None
    communicatie: OptText = None
    bron_pagina: OptText = None


class Kans(ContentModel):
    """A numbered opportunity (Kansrijk Enschede), tied to a line."""

    nummer: Year
    naam: Text
    lijn: Text
    toelichting: OptText = None
    bron_pagina: OptText = None


class DeelplanAmbitie(ContentModel):
    """An ambition of a sub-plan for one phase or age group."""

    fase: Text
    ambitie: Text


class Deelplan(ContentModel):
    """A sub-plan inside a programme (the LEA inside Kansrijk Enschede)."""

    id: Text
    naam: Text
    periode: Text
    hoofddoel: Text
    doelen: Texts = ()
    ambities: Items[DeelplanAmbitie] = ()
    partners: Texts = ()
    bron_pagina: OptText = None


class CityDeal(ContentModel):
    """One City Deal fiche."""

    id: Text
    naam: Text
    trekker: Texts
    partners: Texts
    thema: Text
    beschrijving: Text
    stand_van_zaken: Text
    verwante_opgaven: Opgaven
    afspraak: DealAgreement | None = None
    afspraak_toelichting: OptText = None
    koppeling_toelichting: OptText = None
    bron_pagina: OptText = None

    @property
    def afspraak_label(self) -> str | None:
        """Dutch label of where the deal stands with the Rijk according to its fiche (None when not recorded)."""
        return DEAL_AGREEMENTS[self.afspraak] if self.afspraak else None
