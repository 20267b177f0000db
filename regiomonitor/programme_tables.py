"""Tables of the programmes for the pages: budget, shortfall per year, indicator data status, document figures,
structure comparison and overview (tidy pandas frames, no Streamlit).

The models themselves are in :mod:`regiomonitor.content.programme`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any, Final

import pandas as pd

from regiomonitor.content.programme import Programme
from regiomonitor.content.programme_parts import COVER_KINDS, KIND_LABELS, TYPE_LABELS, DocCijfer

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
            "Looptijd": p.horizon.text,
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
