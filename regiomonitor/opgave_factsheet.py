"""The PDF factsheet of one opgave for a board pack: the fiche, its current status and history, and the monitor's
linked figures (from :mod:`regiomonitor.opgave_view`). fpdf2 with DejaVu Sans, as the other factsheets; no
Streamlit here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Final, Protocol

import pandas as pd

from regiomonitor.content.opgave import Eigenaar
from regiomonitor.content.opgaven_catalogue import OpgavenCatalogue
from regiomonitor.data import DataStore
from regiomonitor.opgave_view import linked_indicator_table, linked_indicators, source_title, table_note
from regiomonitor.opgaven import OWNER_LABELS, derived_status, owner_status, theme_text
from regiomonitor.status_grid import PLAN_SOURCE, plan_stage

if TYPE_CHECKING:
    from fpdf import FPDF

_CONTROL_CHARS: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_GAP: Final = re.compile(r"– (.+)")  # a missing value in the display table: '– reason'


class StatusLike(Protocol):
    """What the factsheet needs of a status-log entry (``regiomonitor.statuslog.StatusEntry`` fits).

    Read-only properties, so a frozen dataclass such as ``StatusEntry`` matches it.
    """

    @property
    def datum(self) -> date: ...
    @property
    def status(self) -> str: ...
    @property
    def notitie(self) -> str: ...
    @property
    def editor(self) -> str: ...


def _plain(text: str) -> str:
    """User text as plain printable text: control characters (except newlines) become spaces."""
    return _CONTROL_CHARS.sub(" ", text.replace("\r\n", "\n"))


def _owner_line(label: str, owner: Eigenaar) -> str:
    state = owner_status(owner)
    name = owner.naam or "nog niet belegd"
    mark = "" if owner.naam is None else f" ({OWNER_LABELS[state]})"
    return f"{label}: {name}{mark}" + (f". {owner.toelichting}" if owner.toelichting else "")


def source_notes(store: DataStore, frame: pd.DataFrame) -> list[str]:
    """One line per dataset behind the frame: publisher, title, period as the source states it, licence."""
    out = []
    for ds_id in dict.fromkeys(frame["dataset"]):
        ds = store.datasets.get(str(ds_id))
        if ds is not None:
            out.append(f"{source_title(store, ds.id)}. Periode: {ds.periode}. Licentie: {ds.licentie}.")
    return out


def opgave_factsheet(
    catalogue: OpgavenCatalogue,
    nummer: int,
    store: DataStore,
    current: StatusLike | None,
    history: Sequence[StatusLike],
    today: date,
) -> bytes:
    """A PDF (A4, fpdf2 with DejaVu Sans as the other factsheets) of one opgave for a board pack.

    Title 'Opgave N — titel', theme, the task, derived-status badges, the current status from the log and the
    last five history entries (notes and names printed as plain text), owners, ministries (primary marked),
    context, running tracks, bottlenecks, interventions, follow-ups, cross-references both ways, NPVR goals,
    the linked-indicator table with numbered sources and periods, the fiche's source and the generation date.
    ``history`` may come in any order: it is shown newest first (by date; ties keep the given order).

    Raises:
        KeyError: no opgave with this number.
    """
    from regiomonitor.factsheet import _Doc, _text  # shared document class and body-text helper

    def _heading(pdf: FPDF, text: str, size: int = 13) -> None:
        """Like ``factsheet._heading`` but left-aligned, so a wrapped long title is not stretched."""
        pdf.set_font("DejaVu", "B", size)
        pdf.multi_cell(0, 0.5 * size + 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    o = catalogue.opgave(nummer)
    pdf = _Doc(f"Opgave {o.nummer}", today)
    pdf.alias_nb_pages()
    pdf.set_margins(12, 12, 12)
    pdf.add_page()

    def section(title: str, items: Sequence[str], empty: str, size: float = 9) -> None:
        pdf.ln(1.5)
        _heading(pdf, title, 11)
        if not items:
            _text(pdf, empty, size)
        for item in items:
            _text(pdf, f"• {item}", size)

    _heading(pdf, f"Opgave {o.nummer} — {o.titel}", 16)
    theme, theme_note = theme_text(catalogue, o)
    _text(pdf, f"Thema: {theme}", 10)
    if theme_note:
        _text(pdf, theme_note, 7.5)
    pdf.ln(1.5)
    _text(pdf, o.opgave, 10)
    pdf.ln(1.5)
    badges = derived_status(o, store.info).badges()
    _text(pdf, "Kenmerken: " + " · ".join(b.label for b in badges), 8.5)

    pdf.ln(1.5)
    _heading(pdf, "Status", 11)
    if current is None:
        _text(pdf, f"Huidige status: nog geen status vastgelegd. Stand {PLAN_SOURCE}: {plan_stage(o)}.")
    else:
        _text(
            pdf,
            f"Huidige status: {_plain(current.status)} (sinds {current.datum:%d-%m-%Y}, vastgelegd door "
            f"{_plain(current.editor)})",
        )
        if current.notitie:
            _text(pdf, f"Toelichting: {_plain(current.notitie)}", 8.5)
    entries = sorted(history, key=lambda e: e.datum, reverse=True)
    if entries:
        shown = entries[:5]
        _text(pdf, f"Geschiedenis (nieuwste eerst, {len(shown)} van {len(entries)}):", 8.5)
        for e in shown:
            note = f" — {_plain(e.notitie)}" if e.notitie else ""
            _text(pdf, f"   {e.datum:%d-%m-%Y} · {_plain(e.status)} · {_plain(e.editor)}{note}", 8)

    section(
        "Eigenaarschap in de regio",
        [
            _owner_line("Bestuurlijk", o.eigenaarschap.bestuurlijk),
            _owner_line("Uitvoering (ambtelijk)", o.eigenaarschap.ambtelijk),
        ],
        "",
    )
    ministries = [
        f"{m.afkorting}{' (primair)' if m.primair else ''} — {catalogue.ministerie(m.afkorting).naam}"
        for m in o.ministeries
    ]
    if ministries and o.primair_ministerie is None:
        ministries.append("Geen primair ministerie aangewezen: de fiche markeert er geen.")
    section("Betrokken ministeries", ministries, "Geen ministeries genoemd; geen primair ministerie aangewezen.")
    section("Context", o.context, "Geen context in de fiche.", 8.5)
    section("Lopende trajecten tussen Rijk en regio", o.lopende_trajecten, "Er loopt nog geen traject met het Rijk.")
    section("Wat is aanvullend nodig", o.aanvullend_nodig, "De fiche noemt niets aanvullends.")
    section("Knelpunten", o.knelpunten, "De fiche noemt geen knelpunten.")
    pdf.ln(1.5)
    _heading(pdf, "Wat het de regio kost als het niet lukt", 11)
    _text(pdf, o.regionale_impact)
    section("Mogelijke interventies: Rijk", o.interventies.rijk, "Geen interventies van het Rijk genoemd.")
    section("Mogelijke interventies: regio", o.interventies.regio, "Geen interventies van de regio genoemd.")
    if o.interventies.rijk_en_regio:
        section("Mogelijke interventies: Rijk en regio samen", o.interventies.rijk_en_regio, "")
    section("Vervolgafspraken", o.vervolgafspraken, "Nog geen vervolgafspraken: de fiche laat dit veld open.")
    refs = [f"Verwijst naar opgave {n}: {catalogue.opgave(n).titel}" for n in o.verwijzingen]
    refs += [f"Genoemd in opgave {n}: {catalogue.opgave(n).titel}" for n in catalogue.referenced_by(o.nummer)]
    section("Samenhang met andere opgaven", refs, "Geen verwijzingen van of naar andere opgaven.")
    goals = {g.id: g.label for g in catalogue.npvr_doelen}
    section("NPVR-doelen", [goals[g] for g in o.npvr_doelen], "Geen NPVR-doel genoemd.")

    frame = linked_indicators(store, o)
    pdf.ln(1.5)
    _heading(pdf, "Wat zeggen de cijfers", 11)
    if frame.empty:
        _text(
            pdf,
            "De monitor heeft (nog) geen cijfers die direct bij deze opgave horen. Het monitoringsplan "
            "bepaalt in 2026 de indicatoren en de nulmeting.",
        )
    else:
        table = linked_indicator_table(frame)
        sources = list(dict.fromkeys(table["Bron"]))  # footnote numbers of the PDF table
        gaps = _indicator_table(pdf, table, sources)
        for mark, reason in gaps.items():
            _text(pdf, f"– ({mark}): {reason}.", 7.5)
        _text(pdf, table_note(frame), 7.5)
        pdf.ln(1)
        _text(pdf, "Bronnen:", 8)
        for i, line in enumerate(sources, start=1):
            _text(pdf, f"[{i}] {line}", 7.5)
        for line in source_notes(store, frame):
            _text(pdf, f"• {line}", 7.5)
    if o.opmerkingen:
        section("Opmerkingen bij de bron", o.opmerkingen, "", 7.5)
    pdf.ln(2)
    _text(
        pdf,
        f"Bron van de fiche: {o.bron}. Tekst in eigen woorden samengevat; namen, cijfers en afkortingen "
        f"zoals in het document. Status: statuslog van de Regiomonitor. Gemaakt op {today:%d-%m-%Y} met "
        "Regiomonitor Twente.",
        7.5,
    )
    return bytes(pdf.output())


def _indicator_table(pdf: FPDF, table: pd.DataFrame, sources: list[str]) -> dict[str, str]:
    """The linked-indicator table in the PDF, compact enough for portrait A4: sources as footnote numbers and
    explanations of missing values as letters. Returns the letters with their explanations."""
    from fpdf.fonts import FontFace

    gaps: dict[str, str] = {}

    def cell_text(text: str) -> str:
        match = _GAP.fullmatch(text)
        if match is None:
            return text
        reason = match.group(1)
        mark = next((k for k, v in gaps.items() if v == reason), None) or "abcdefghijklmnopqrstuvwxyz"[len(gaps) % 26]
        gaps[mark] = reason
        return f"– ({mark})"

    areas = [c for c in table.columns if c not in {"Indicator", "Peiljaar", "Verandering", "Bron"}]
    head = ["Indicator", "Jaar", *areas, "Verandering"]
    area_w = 84 / len(areas) if areas else 0
    widths = (44, 11, *([area_w] * len(areas)), 186 - 55 - area_w * len(areas))
    pdf.set_font("DejaVu", "", 7.5)
    with pdf.table(
        col_widths=widths,
        line_height=3.8,
        text_align="LEFT",
        first_row_as_headings=True,
        headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
        borders_layout="HORIZONTAL_LINES",
        padding=0.8,
    ) as t:
        row = t.row()
        for h in head:
            row.cell(h)
        for _, r in table.iterrows():
            row = t.row()
            row.cell(f"{r['Indicator']} [{sources.index(r['Bron']) + 1}]")
            row.cell(str(r["Peiljaar"]))
            for a in areas:
                row.cell(cell_text(str(r[a])))
            row.cell(str(r["Verandering"]))
    return gaps
