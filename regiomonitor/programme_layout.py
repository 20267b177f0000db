"""Which sections the Programma's page shows for a programme, in which tabs: the programme specifics as data.

Most programmes share one layout (structure, indicators, document figures, budget tables). A programme whose
content holds City Deals gets the archive layout. The two programmes whose documents give more get a layout
registered under their id: Kansrijk Enschede's yearly finances and its LEA indicators first, Elk Talent Telt's
budget per line and city and its links to the map of focus areas and to the trends. The page looks the layout
up and draws each tab's section by name, so it never branches on a programme id.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final, Literal

from regiomonitor.content.programme import Programme
from regiomonitor.programme_tables import KANSRIJK_FINANCIAL_TABLE

#: The sections the page can draw (components/programmes.py maps each to its function).
Section = Literal["structure", "indicators", "figures", "budget", "line_budget", "finance", "city_deals"]
#: How the link names each section's tab (``?deel=``).
SECTION_SLUGS: Final[dict[str, str]] = {
    "structure": "opzet",
    "indicators": "indicatoren",
    "figures": "cijfers",
    "budget": "budget",
    "line_budget": "budget",
    "finance": "financien",
    "city_deals": "archief",
}


@dataclass(frozen=True)
class LeadLine:
    """A line whose indicators are shown first, in their own table, under their own heading."""

    lijn: str
    heading: str
    caption: str


@dataclass(frozen=True)
class ProgrammeLayout:
    """The tabs (label, section) of a programme and the extras its sections show."""

    tabs: tuple[tuple[str, Section], ...]
    lead_line: LeadLine | None = None
    #: The focus areas section links to the Kaart page's document focus areas.
    focus_map_link: bool = False
    #: Outcome indicators link to the Trends page (the programme has milestones the trends are drawn against).
    trend_links: bool = False
    #: Finance section: the table with spending, cover and balance per year, then the spending plans after it.
    finance_table: str | None = None
    #: Short name of the document in the finance charts' subtitle ("Bron: <name>, <page>").
    finance_source: str = ""
    spending_plans: tuple[str, ...] = ()


DEFAULT_LAYOUT: Final = ProgrammeLayout(
    (
        ("Opzet en doelen", "structure"),
        ("Indicatoren", "indicators"),
        ("Cijfers uit het document", "figures"),
        ("Budget", "budget"),
    )
)
CITY_DEALS_LAYOUT: Final = ProgrammeLayout(
    (("Archief City Deals", "city_deals"), ("Opzet", "structure"), ("Cijfers uit het document", "figures"))
)

#: Programmes with their own layout, by id.
LAYOUTS: Final[dict[str, ProgrammeLayout]] = {
    "kansrijk_enschede": ProgrammeLayout(
        (
            ("Financiën 2023-2026", "finance"),
            ("Opzet en doelen", "structure"),
            ("Indicatoren (LEA)", "indicators"),
            ("Cijfers uit het document", "figures"),
        ),
        lead_line=LeadLine(
            "eerlijke_kans",
            "Indicatoren van de LEA",
            "De meetgegevens waarmee de stuurgroep LEA rapporteert, aangevuld met het VVE-bereik, de "
            "ervaringsverhalen en de jaarlijkse cijfers van De Twentse Belofte. Bij 'nog geen meting' staat "
            "wat er gemeten gaat worden.",
        ),
        finance_table=KANSRIJK_FINANCIAL_TABLE,
        finance_source="Kansrijk Enschede",
        spending_plans=("lea_begroting", "lea_overige_middelen", "oab_bestedingsplan", "npo_bestedingsplan"),
    ),
    "elk_talent_telt": ProgrammeLayout(
        (
            ("Opzet en doelen", "structure"),
            ("Indicatoren", "indicators"),
            ("Cijfers uit het document", "figures"),
            ("Budget 2025-2028", "line_budget"),
        ),
        focus_map_link=True,
        trend_links=True,
    ),
}


def tab_slugs(layout: ProgrammeLayout) -> list[str]:
    """How the link names each of the layout's tabs, in order (a section that comes twice gets a number).

    >>> tab_slugs(DEFAULT_LAYOUT)
    ['opzet', 'indicatoren', 'cijfers', 'budget']
    >>> tab_slugs(ProgrammeLayout((("A", "figures"), ("B", "figures"))))
    ['cijfers', 'cijfers-2']
    """
    out: list[str] = []
    for _, section in layout.tabs:
        slug = SECTION_SLUGS[section]
        out.append(slug if slug not in out else f"{slug}-{out.count(slug) + 1}")
    return out


def layout_for(prog: Programme) -> ProgrammeLayout:
    """The programme's registered layout; else the City Deals archive when it holds deals; else the default.

    A registered lead line or finance table the programme does not have is dropped, so a content edit cannot
    break the page.
    """
    layout = LAYOUTS.get(prog.id) or (CITY_DEALS_LAYOUT if prog.deals else DEFAULT_LAYOUT)
    tables = {t.id for t in prog.budget_tabellen}
    lead = layout.lead_line
    if lead is not None and lead.lijn not in {lijn.id for lijn in prog.lijnen}:
        lead = None
    tabs = layout.tabs
    if layout.finance_table is not None and layout.finance_table not in tables:
        tabs = tuple((label, "budget" if section == "finance" else section) for label, section in tabs)
    plans = tuple(t for t in layout.spending_plans if t in tables)
    return replace(layout, tabs=tabs, lead_line=lead, spending_plans=plans)
