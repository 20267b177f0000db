"""The Programma's page's texts and display tables, built from a programme (plain Python, no Streamlit).

Every function here is pure and takes the programme (and the data store) itself, so the page can compute each
table once per process with ``components.shared.shared`` keyed by the programme's identity rather than by
hashing DataFrames on every rerun. Column names and texts are the page's Dutch ones.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Final

import altair as alt
import pandas as pd

from regiomonitor.content.programme import Programme
from regiomonitor.content.programme_parts import KIND_LABELS, DocCijfer
from regiomonitor.data import DataStore
from regiomonitor.fmt import number
from regiomonitor.programme_charts import (
    budget_by_line_chart,
    budget_by_line_table,
    euro,
    periods_table,
    yearly_table,
)
from regiomonitor.programme_tables import budget_frame, document_figures_frame, programmes_overview

#: Data status of an indicator, with geometric shapes (not emoji: they render in every font).
STATUS_LABELS: Final[dict[str, str]] = {
    "beschikbaar": "● beschikbaar",
    "alleen documentcijfer": "◐ alleen documentcijfer",
    "nog geen meting": "○ nog geen meting",
}
FIGURE_KINDS: Final[dict[str, str]] = {"meting": "meting", "streefwaarde": "streefwaarde", "raming": "raming"}
TOTAL_MARK: Final = "Σ"
MEASURE_COLUMN: Final = "Wat gemeten wordt / toelichting"
_ORIGIN: Final[dict[str, str]] = {
    "referentiecijfer": "Achtergrond",
    "focusgebieden": "Focusgebieden",
    "indicator": "Bij indicator",
}
_COVER_KINDS: Final[dict[str, str]] = {
    "cofinanciering": "Gemeentelijke cofinanciering",
    "rijksbijdrage": "Gevraagde Regio Deal-bijdrage",
}


# --------------------------------------------------------------------------------------------------------------
# Citations and short texts
# --------------------------------------------------------------------------------------------------------------


def doc_title(prog: Programme, publisher: bool = False) -> str:
    """The document's title and date (and publisher, for the full citation under the header)."""
    b = prog.bron
    extra = ", ".join(x for x in ((b.uitgever if publisher else None), b.datum) if x)
    return f"{b.titel}" + (f" ({extra})" if extra else "")


def cite(prog: Programme, where: str | None) -> str:
    """'Bron: <document>, <page or section>.'"""
    return f"Bron: {doc_title(prog)}" + (f", {where}" if where else "") + "."


def figure_text(f: DocCijfer) -> str:
    """A document figure as text with its area, period, kind and page."""
    kind = None if f.aard == "meting" else FIGURE_KINDS.get(f.aard, f.aard)
    parts = [p for p in (f.gebied, f.periode, kind) if p]
    return f"{f.waarde_tekst} ({', '.join(parts)}; {f.bron_pagina})" if parts else f"{f.waarde_tekst} ({f.bron_pagina})"


def horizon_text(prog: Programme) -> str:
    """The programme's looptijd as every page shows it (``Horizon.text``)."""
    return prog.horizon.text


def pages_of(items: Sequence[str | None]) -> str:
    """The distinct pages or sections, in order, joined with '; '."""
    return "; ".join(dict.fromkeys(i for i in items if i))


# --------------------------------------------------------------------------------------------------------------
# Overview, indicators and document figures
# --------------------------------------------------------------------------------------------------------------


def overview_table(programmes: tuple[Programme, ...]) -> pd.DataFrame:
    """All programmes in one table, in the order given."""
    ids = [p.id for p in programmes]
    frame = programmes_overview({p.id: p for p in programmes}).set_index("programma").loc[ids].reset_index()
    return pd.DataFrame(
        {
            "Programma": frame["naam"],
            "Soort": frame["type"],
            "Regio": frame["regio"],
            "Looptijd": [p.horizon.text for p in programmes],  # the same text as on each programme's page
            "Lijnen": frame["lijnen"],
            "Indicatoren": frame["indicatoren"],
            "Met cijfers in de monitor": frame["beschikbaar"],
            "City Deals": frame["deals"],
        }
    )


def indicator_rows(prog: Programme, store: DataStore, lijn_ids: Collection[str] | None) -> pd.DataFrame:
    """One row per indicator of the given lines (all lines for None) with its data status and figures."""
    labels = dict(zip(store.catalogue["id"], store.catalogue["label"], strict=True))
    rows = []
    for lijn in prog.lijnen:
        if lijn_ids is not None and lijn.id not in lijn_ids:
            continue
        for ind in lijn.indicatoren:
            app = ind.app_indicator if ind.app_indicator in labels else None
            rows.append(
                {
                    "Lijn": lijn.naam,
                    "Indicator": ind.naam,
                    "Soort": KIND_LABELS[ind.soort],
                    "Data-status": STATUS_LABELS[ind.status],
                    "In de monitor": str(labels[app]) if app else "",
                    "Cijfers uit het document": "; ".join(figure_text(f) for f in ind.documentcijfers),
                    MEASURE_COLUMN: " ".join(t for t in (ind.wat_gemeten_wordt, ind.toelichting) if t),
                }
            )
    return pd.DataFrame(rows)


MAP_LEVELS: Final = ("buurt", "wijk", "gemeente")


@dataclass(frozen=True)
class MonitorLink:
    """An indicator of the programme that the monitor itself has (not context only), for links to its pages."""

    lijn: str
    naam: str
    indicator: str
    label: str
    #: The finest map layer the indicator has, None when it has none.
    niveau: str | None
    outcome: bool
    neutral: bool


def monitor_links(prog: Programme, store: DataStore) -> list[MonitorLink]:
    """The programme's indicators the monitor can show on its own pages, line by line."""
    catalogue = store.catalogue.set_index("id")
    links = []
    for lijn in prog.lijnen:
        for ind in lijn.indicatoren:
            if ind.app_indicator not in catalogue.index or bool(catalogue.loc[ind.app_indicator, "context_only"]):
                continue
            meta = catalogue.loc[ind.app_indicator]
            available = list(meta["levels"])
            links.append(
                MonitorLink(
                    lijn.id,
                    ind.naam,
                    str(ind.app_indicator),
                    str(meta["label"]),
                    next((lv for lv in MAP_LEVELS if lv in available), None),
                    ind.soort == "outcome",
                    str(meta["direction"]) == "neutraal",
                )
            )
    return links


def figures_table(prog: Programme) -> pd.DataFrame:
    """The figures the document itself gives (empty when it gives none), as the page shows them."""
    frame = document_figures_frame(prog)
    if frame.empty:
        return pd.DataFrame()
    return pd.DataFrame(
        {
            "Onderwerp": frame["onderwerp"],
            "Cijfer": frame["waarde_tekst"],
            "Eenheid": frame["eenheid"],
            "Gebied": frame["gebied"],
            "Periode": frame["periode"].fillna(""),
            "Aard": frame["aard"].map(FIGURE_KINDS).fillna(frame["aard"]),
            "Herkomst": frame["herkomst"].map(_ORIGIN).fillna(frame["herkomst"]),
            "Bron (pagina of paragraaf)": frame["bron_pagina"],
            "Toelichting": frame["toelichting"].fillna(""),
        }
    )


# --------------------------------------------------------------------------------------------------------------
# Budget tables
# --------------------------------------------------------------------------------------------------------------


def amount_cell(value: object) -> str:
    """A table cell: euro the Dutch way, 'p.m.' as printed, an en dash where the document has no cell.

    >>> amount_cell(1250.0), amount_cell("p.m."), amount_cell(None)
    ('€ 1.250', 'p.m.', '–')
    """
    if isinstance(value, str):
        return value
    if value is None or pd.isna(value):
        return "–"
    return euro(float(value))  # type: ignore[arg-type]


def amounts_as_text(table: pd.DataFrame, columns: Sequence[object]) -> pd.DataFrame:
    """A copy of ``table`` with the amount ``columns`` as Dutch euro text."""
    out = table.copy()
    for col in columns:
        out[col] = [amount_cell(v) for v in table[col]]
    return out


@dataclass(frozen=True)
class DocumentTable:
    """One budget table of the document as printed: its title, the rows as text and the source line."""

    titel: str
    table: pd.DataFrame
    source: str


def document_table(prog: Programme, tabel_id: str) -> DocumentTable | None:
    """One budget table laid out as printed (rows = posts), amounts in euro, cited; None when it has no rows."""
    table = next(t for t in prog.budget_tabellen if t.id == tabel_id)
    frame = budget_frame(prog)
    frame = frame[frame["tabel"] == tabel_id]
    if frame.empty:
        return None
    if frame["jaar"].notna().all():
        shaped = yearly_table(frame)
        amount_cols = [c for c in shaped.columns if isinstance(c, int)]
    else:
        shaped = periods_table(frame)
        amount_cols = [c for c in shaped.columns if c not in ("post", "aggregaat")]
    shown = amounts_as_text(shaped, amount_cols)
    shown["post"] = [
        f"{TOTAL_MARK} {p}" if agg else p for p, agg in zip(shown["post"], shown["aggregaat"], strict=True)
    ]
    shown = shown.drop(columns=[c for c in ("aggregaat", "soort") if c in shown.columns]).rename(
        columns={"post": "Post"}
    )
    shown.columns = [str(c) for c in shown.columns]
    note = f"{TOTAL_MARK} = subtotaal of totaal zoals afgedrukt."
    if table.eenheid_bron.strip().lower() != "euro":
        note += f" In de bron: {table.eenheid_bron}; hier in euro."
    source = cite(prog, table.bron_pagina) + f" {note}" + (f" {table.opmerking}" if table.opmerking else "")
    return DocumentTable(table.titel, shown, source)


@dataclass(frozen=True)
class LineBudget:
    """A budget table's spending per line and city: chart, table, the check against the printed total, cover."""

    tabel_id: str
    chart: alt.Chart
    by_line: pd.DataFrame
    total_note: str
    cover: pd.DataFrame | None
    source: str


def line_budgets(prog: Programme) -> list[LineBudget | str]:
    """Per budget table: its spending per line and city, or the table's id when it has no spending rows."""
    frame = budget_frame(prog, include_aggregates=False)
    printed_all = budget_frame(prog)
    out: list[LineBudget | str] = []
    for table in prog.budget_tabellen:
        rows = frame[frame["tabel"] == table.id]
        spend = rows[rows["soort"] == "uitgaven"]
        if spend.empty:
            out.append(table.id)
            continue
        source = cite(prog, table.bron_pagina)
        chart = budget_by_line_chart(spend, f"{table.titel}: uitgaven per lijn en stad", source)
        by_line = budget_by_line_table(spend)
        by_line = amounts_as_text(by_line, [c for c in by_line.columns if c != "Onderdeel"])
        total = float(spend["bedrag_eur"].sum())
        printed = printed_all[
            (printed_all["tabel"] == table.id)
            & printed_all["aggregaat"]
            & (printed_all["soort"] == "uitgaven")
            & printed_all["post"].str.lower().str.startswith("totaal")
            & printed_all["gebied"].str.contains("totaal")
        ]
        check = ""
        if len(printed):
            same = abs(float(printed["bedrag_eur"].iloc[0]) - total) < 0.5
            check = (
                " Gelijk aan het totaal in de tabel."
                if same
                else f" Het document drukt {euro(printed['bedrag_eur'].iloc[0])} af als totaal."
            )
        note = (
            f"Som van de posten: {euro(total)}.{check} Subtotalen en de totaalkolom van het document zijn "
            f"niet opnieuw opgeteld. {source}"
        )
        out.append(LineBudget(table.id, chart, by_line, note, _cover_table(rows[rows["soort"] != "uitgaven"]), source))
    return out


def _cover_table(cover: pd.DataFrame) -> pd.DataFrame | None:
    """How the spending is covered, per kind of cover and city, with a total column; None without cover rows."""
    if cover.empty:
        return None
    pivot = cover.pivot_table(index="soort", columns="gebied", values="bedrag_eur", aggfunc="sum").astype(float)
    pivot["Totaal"] = pivot.sum(axis=1)
    pivot.index = [_COVER_KINDS.get(i, i) for i in pivot.index]
    pivot = pivot.reset_index().rename(columns={"index": "Dekking"})
    pivot.columns.name = None
    return amounts_as_text(pivot, [c for c in pivot.columns if c != "Dekking"])


def thousands(value: float) -> str:
    """An amount in euro written as in a table in € × 1.000, with a true minus sign.

    >>> thousands(-2545000.0)
    '−2.545'
    """
    return ("−" if value < 0 else "") + number(abs(value) / 1000)


def balance_summary(yearly: pd.DataFrame) -> pd.DataFrame:
    """The yearly spending, cover and balance of :func:`yearly_balance` as the page's table."""
    return pd.DataFrame(
        {
            "Jaar": yearly["jaar"].astype(str),
            "Uitgaven": yearly["uitgaven"].map(euro),
            "Bestaande dekking": yearly["bestaande_dekking"].map(euro),
            "Nieuwe dekking": yearly["nieuwe_dekking"].map(euro),
            "Totale dekking": yearly["dekking"].map(euro),
            "Saldo": yearly["saldo"].map(euro),
            "Saldo in de tabel (× € 1.000)": yearly["saldo"].map(thousands),
            "Klopt met de posten": yearly["klopt"].map({True: "ja", False: "nee"}),
        }
    )


__all__ = [
    "DocumentTable",
    "LineBudget",
    "MonitorLink",
    "amount_cell",
    "amounts_as_text",
    "balance_summary",
    "cite",
    "doc_title",
    "document_table",
    "figure_text",
    "figures_table",
    "horizon_text",
    "indicator_rows",
    "line_budgets",
    "monitor_links",
    "overview_table",
    "pages_of",
    "thousands",
]
