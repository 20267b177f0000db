"""The status grid of the Opgaven page: where each of the 21 opgaven stands, on one screen.

One row per opgave, grouped by theme: the latest logged status with its date, or, until someone logs one, the
stage the plan itself records (from the fiche: a follow-up agreement, a running track with the Rijk, or
neither), labelled "uit het Plan voor de Regio (maart 2026)" and never shown as a logged status. Beside it the
administrative and executive ownership, the running track, the follow-up, the monitoring phase and the figures
the monitor has (own subject / related). :func:`status_grid` builds the table (tests and exports use it);
:func:`status_grid_html` renders it as a compact, projector-readable HTML table. No Streamlit here.
"""

from __future__ import annotations

import html
from collections.abc import Collection, Mapping
from datetime import date
from typing import Final, Protocol

import pandas as pd

from regiomonitor.content.opgave import Opgave, PhaseState
from regiomonitor.content.opgaven_catalogue import OpgavenCatalogue
from regiomonitor.look import (
    STATUS_COLOURS,
    STATUS_GREEN,
    STATUS_GREY,
    STATUS_ORANGE,
    STATUS_RED,
    TABLE_MUTED,
    TABLE_SOURCE,
    TABLE_TEXT,
    THEME_TINTS,
)
from regiomonitor.opgaven import OWNER_LABELS, OwnerStatus, derived_status

#: How a stage taken from the fiche is labelled (never as a logged status).
PLAN_SOURCE: Final[str] = "uit het Plan voor de Regio (maart 2026)"
#: How a logged status is labelled (followed by its date).
LOG_SOURCE: Final[str] = "statuslog"
#: Column order of :func:`status_grid`.
GRID_COLUMNS: Final[tuple[str, ...]] = (
    "thema_id",
    "thema",
    "nummer",
    "titel",
    "stand",
    "stand_bron",
    "stand_datum",
    "logged",
    "bestuurlijk",
    "uitvoering",
    "lopend_traject",
    "vervolgafspraak",
    "monitoringsfase",
    "cijfers_eigen",
    "cijfers_verwant",
)
#: Dutch headers for the export (CSV/Excel) of the grid.
EXPORT_HEADERS: Final[dict[str, str]] = {
    "thema": "Thema",
    "nummer": "Nr.",
    "titel": "Opgave",
    "stand": "Stand",
    "stand_bron": "Stand volgens",
    "stand_datum": "Datum",
    "bestuurlijk": "Bestuurlijk eigenaar",
    "uitvoering": "Uitvoering (ambtelijk)",
    "lopend_traject": "Lopend traject Rijk",
    "vervolgafspraak": "Vervolgafspraak",
    "monitoringsfase": "Monitoringsfase",
    "cijfers_eigen": "Cijfers over de opgave zelf",
    "cijfers_verwant": "Verwante cijfers (keuze van de monitor)",
}
#: The owner states' text colours (the status pill colours of the same meaning).
OWNER_HEX: Final[dict[OwnerStatus, str]] = {
    OwnerStatus.SETTLED: STATUS_GREEN,
    OwnerStatus.PARTIAL: STATUS_ORANGE,
    OwnerStatus.PROPOSED: STATUS_ORANGE,
    OwnerStatus.MISSING: STATUS_RED,
}


class EntryLike(Protocol):
    """What the grid needs of a status-log entry (``regiomonitor.statuslog.StatusEntry`` fits); read-only, so a
    hashable named tuple fits too."""

    @property
    def datum(self) -> date:
        """The date the status holds from."""
        ...

    @property
    def status(self) -> str:
        """The status, one of ``regiomonitor.statuslog.STATUSES``."""
        ...


def plan_stage(opgave: Opgave) -> str:
    """The stage the plan records for an opgave: a follow-up agreement, else a running track, else neither."""
    if opgave.vervolgafspraken:
        return "vervolgafspraak"
    if opgave.lopende_trajecten:
        return "lopend traject Rijk"
    return "nog geen traject"


def current_phase_label(catalogue: OpgavenCatalogue, today: date) -> str:
    """The monitoring phase of ``today`` by the plan's calendar, e.g. '2026: Indicatoren en nulmeting'."""
    phases = catalogue.monitoring_phase(today)
    current = next((p for p in phases if p.state == PhaseState.CURRENT), None)
    if current is not None:
        return f"{current.fase.jaar}: {current.fase.label}"
    if phases and all(p.state == PhaseState.UPCOMING for p in phases):
        return f"vanaf {phases[0].fase.jaar}: {phases[0].fase.label}"
    return "monitoringsplan afgerond" if phases else "geen monitoringsplan"


def status_grid(
    catalogue: OpgavenCatalogue, current: Mapping[int, EntryLike], available: Collection[str], today: date
) -> pd.DataFrame:
    """One row per opgave (themes in document order, opgaven by number) with where it stands.

    Args:
        catalogue: the validated opgaven.
        current: the newest status-log entry per opgave number (absent: no status logged).
        available: indicator ids the app has data for.
        today: for the monitoring phase.

    Columns (:data:`GRID_COLUMNS`): thema_id, thema, nummer, titel; stand (the logged status, or the plan's
    stage), stand_bron (:data:`LOG_SOURCE` or :data:`PLAN_SOURCE`), stand_datum (dd-mm-jjjj of the entry, or
    'maart 2026'), logged (bool); bestuurlijk and uitvoering (owner labels: belegd / deels belegd / voorstel /
    nog niet belegd); lopend_traject and vervolgafspraak ('ja' / 'nee'); monitoringsfase; cijfers_eigen and
    cijfers_verwant (counts of available indicators measuring the opgave itself / related figures).
    """
    phase = current_phase_label(catalogue, today)
    rows = []
    for theme_id, items in catalogue.by_theme().items():
        for o in items:
            d = derived_status(o, available)
            entry = current.get(o.nummer)
            rows.append(
                {
                    "thema_id": theme_id,
                    "thema": catalogue.thema(theme_id).naam,
                    "nummer": o.nummer,
                    "titel": o.titel,
                    "stand": entry.status if entry else plan_stage(o),
                    "stand_bron": LOG_SOURCE if entry else PLAN_SOURCE,
                    "stand_datum": entry.datum.strftime("%d-%m-%Y") if entry else "maart 2026",
                    "logged": entry is not None,
                    "bestuurlijk": OWNER_LABELS[d.administrative_owner],
                    "uitvoering": OWNER_LABELS[d.executive_owner],
                    "lopend_traject": "ja" if d.running_track else "nee",
                    "vervolgafspraak": "ja" if d.follow_up else "nee",
                    "monitoringsfase": phase,
                    "cijfers_eigen": len(d.available_own),
                    "cijfers_verwant": len(d.available_related),
                }
            )
    return pd.DataFrame(rows, columns=list(GRID_COLUMNS))


def export_frame(grid: pd.DataFrame) -> pd.DataFrame:
    """The grid with Dutch headers, for CSV and Excel."""
    return grid[list(EXPORT_HEADERS)].rename(columns=EXPORT_HEADERS).reset_index(drop=True)


def _pill(text: str, colour: str) -> str:
    return (
        f'<span style="background:{colour};color:#fff;border-radius:4px;padding:1px 7px;'
        f'white-space:nowrap;font-weight:600">{html.escape(text)}</span>'
    )


def _plan_pill(text: str) -> str:
    return (
        f'<span style="border:1.5px dashed {TABLE_MUTED};color:{TABLE_TEXT};border-radius:4px;padding:0 6px;'
        f'white-space:nowrap;font-style:italic">{html.escape(text)}</span>'
    )


def _owner(label: str) -> str:
    state = next(s for s, lab in OWNER_LABELS.items() if lab == label)
    return f'<span style="color:{OWNER_HEX[state]};font-weight:600">{html.escape(label)}</span>'


def _yes_no(value: str) -> str:
    return (
        f'<span style="color:{STATUS_GREEN};font-weight:700">ja</span>'
        if value == "ja"
        else f'<span style="color:{TABLE_MUTED}">nee</span>'
    )


def _figures(own: int, related: int) -> str:
    own_text = f'<b style="color:{STATUS_GREEN}">{own}</b>' if own else f'<span style="color:{TABLE_MUTED}">0</span>'
    return f'{own_text} <span style="color:{TABLE_MUTED}">·</span> {related}'


#: Short text of where a stage comes from, in the grid's 'Volgens' column (the legend spells it out).
PLAN_SHORT: Final[str] = "uit het Plan (maart 2026)"


def status_grid_html(grid: pd.DataFrame, link_base: str = "opgave") -> str:
    """The grid as one compact HTML table: a theme cell spanning its opgaven, a coloured pill for a logged status
    and a dashed grey one for a stage taken from the plan (with its source in words beside it).

    All text is escaped. Sized to show all 21 opgaven on one 1440x900 screen in a large, projector-readable font.
    Each title links to its fiche (``<link_base>?opgave=N``, the Opgave page).
    """
    head = (
        ("Thema", ""),
        ("Opgave", ""),
        ("Stand", "vastgelegde status, of de stand volgens het plan"),
        ("Volgens", "statuslog (datum) of " + PLAN_SOURCE),
        ("Bestuurlijk", "bestuurlijk eigenaar volgens de fiche"),
        ("Uitvoering", "ambtelijk eigenaar volgens de fiche"),
        ("Traject", "lopend traject met het Rijk"),
        ("Vervolg", "vervolgafspraak in de fiche"),
        ("Cijfers", "indicatoren in de monitor over de opgave zelf · verwante cijfers (keuze van de monitor)"),
    )
    widths = ("10%", "28%", "13%", "15%", "9%", "9%", "5%", "5.5%", "5.5%")
    cell = "padding:2px 5px;border-bottom:1px solid #ddd;vertical-align:middle;overflow:hidden;"
    out = [
        '<div style="overflow-x:auto">'
        '<table style="width:100%;min-width:900px;table-layout:fixed;border-collapse:collapse;font-size:14.5px;'
        'line-height:1.2"'
        ' aria-label="Statusoverzicht van de 21 opgaven">',
        "<colgroup>" + "".join(f'<col style="width:{w}">' for w in widths) + "</colgroup>",
        "<thead><tr>"
        + "".join(
            f'<th style="{cell}text-align:left;font-size:13px;color:{TABLE_TEXT};white-space:nowrap;'
            f'border-bottom:2px solid {TABLE_TEXT}" title="{html.escape(tip)}">{h}</th>'
            for h, tip in head
        )
        + "</tr></thead><tbody>",
    ]
    theme_order = list(dict.fromkeys(grid["thema_id"]))
    for i, theme_id in enumerate(theme_order):
        rows = grid[grid["thema_id"] == theme_id]
        tint = THEME_TINTS[i % len(THEME_TINTS)]
        for k, r in enumerate(rows.itertuples()):
            cells = []
            if k == 0:
                cells.append(
                    f'<td rowspan="{len(rows)}" style="{cell}background:{tint};font-size:13px;'
                    f'font-weight:600;border-bottom:2px solid #bbb">{html.escape(str(r.thema))}</td>'
                )
            title = f"{r.nummer}. {r.titel}"
            cells.append(
                f'<td style="{cell}white-space:nowrap;overflow:hidden;text-overflow:ellipsis" '
                f'title="{html.escape(title)}"><a href="{link_base}?opgave={int(r.nummer)}" target="_self" '
                f'style="color:inherit;text-decoration:none"><b>{r.nummer}.</b> '
                f"{html.escape(str(r.titel))}</a></td>"
            )
            if r.logged:
                cells.append(
                    f'<td style="{cell}">{_pill(str(r.stand), STATUS_COLOURS.get(str(r.stand), STATUS_GREY))}</td>'
                )
                cells.append(
                    f'<td style="{cell}font-size:13px;white-space:nowrap" title="{LOG_SOURCE}">'
                    f"{html.escape(str(r.stand_datum))}</td>"
                )
            else:
                cells.append(f'<td style="{cell}">{_plan_pill(str(r.stand))}</td>')
                cells.append(
                    f'<td style="{cell}font-size:12px;color:{TABLE_SOURCE};white-space:nowrap" '
                    f'title="{html.escape(PLAN_SOURCE)}">{PLAN_SHORT}</td>'
                )
            cells.append(f'<td style="{cell}font-size:12px;white-space:nowrap">{_owner(str(r.bestuurlijk))}</td>')
            cells.append(f'<td style="{cell}font-size:12px;white-space:nowrap">{_owner(str(r.uitvoering))}</td>')
            cells.append(f'<td style="{cell}">{_yes_no(str(r.lopend_traject))}</td>')
            cells.append(f'<td style="{cell}">{_yes_no(str(r.vervolgafspraak))}</td>')
            cells.append(
                f'<td style="{cell}text-align:center">{_figures(int(r.cijfers_eigen), int(r.cijfers_verwant))}</td>'
            )
            last = k == len(rows) - 1
            style = ' style="border-bottom:2px solid #bbb"' if last else ""
            out.append(f"<tr{style}>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


LEGEND: Final[str] = (
    "Gekleurd: een vastgelegde status uit de statuslog, met datum. Gestippeld: nog geen status vastgelegd; dit is de "
    f"stand {PLAN_SOURCE} (vervolgafspraak, lopend traject of geen van beide), geen vastgestelde voortgang. "
    "Eigenaarschap volgens de fiche: belegd, deels belegd (een deel is 'nog te organiseren'), voorstel of nog niet "
    "belegd. Cijfers: indicatoren in de monitor over de opgave zelf · verwante cijfers die de monitor zelf koos; "
    "de indicatoren per opgave worden volgens het monitoringsplan in 2026 gekozen."
)


def grid_summary(grid: pd.DataFrame) -> str:
    """One Dutch sentence above the grid: how many statuses are logged and what the rest shows."""
    phase = f" Monitoringsfase nu, volgens de planning: {grid['monitoringsfase'].iloc[0]}." if len(grid) else ""
    return _logged_sentence(grid) + phase


def _logged_sentence(grid: pd.DataFrame) -> str:
    logged = int(grid["logged"].sum())
    total = len(grid)
    if logged == 0:
        return (
            f"Voor geen van de {total} opgaven is al een status vastgelegd. Tot dat gebeurt toont het overzicht de "
            f"stand die het plan zelf noemt, {PLAN_SOURCE} (gestippeld), niet als vastgestelde status."
        )
    if logged == total:
        return f"Voor alle {total} opgaven is een status vastgelegd (gekleurd, met datum)."
    return (
        f"Voor {logged} van de {total} opgaven is een status vastgelegd (gekleurd, met datum); voor de andere "
        f"{total - logged} staat de stand {PLAN_SOURCE} (gestippeld)."
    )
