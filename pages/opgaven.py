"""Opgaven: the 21 opgaven of the Plan voor de Regio with status, owners, ministries and cross-references.

Filters and the chosen view live in the link (``?thema=&status=&ministerie=&eigenaar=&zoek=&weergave=``,
``regiomonitor/views/opgaven.py``), so a board member can send exactly the selection under discussion. The
sections live in ``components/opgaven.py``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from components import opgaven
from components.data import get_opgaven, get_store
from components.export import share_link
from components.router import ensure_router
from components.state import show_notices, write_view
from components.statuslog import current_statuses, get_status_log
from components.ui import page_header, source_note
from regiomonitor.opgaven_overview import SOURCE_NOTE, apply_filter, overview_frame
from regiomonitor.views.opgaven import OpgavenView


def main() -> None:
    """Render the Opgaven overview."""
    ensure_router()
    catalogue = get_opgaven()
    store = get_store()
    log = get_status_log()
    current = current_statuses(log)
    page_header(
        "Opgaven",
        "De 21 opgaven van het Plan voor de Regio Twente: wie ze trekt, welke ministeries meedoen, waar het "
        "schuurt en wat de cijfers zeggen. Klik op een opgave voor de volledige fiche.",
    )
    available = opgaven.available_indicators(store)
    frame = overview_frame(catalogue, {n: e.status for n, e in current.items()}, available)
    notices = opgaven.seed_from_link(catalogue)
    view = replace(opgaven.filters(catalogue), weergave=opgaven.view_switch())
    write_view(view, OpgavenView.OWNED)
    shown = apply_filter(frame, view.filter)
    sections = {
        "Stand van zaken": lambda: opgaven.grid(catalogue, current, available, shown, log),
        "Per thema": lambda: opgaven.cards(shown, catalogue, available),
        "Tabel": lambda: opgaven.table(shown),
        "Ministeries": lambda: opgaven.ministries(catalogue, shown),
        "NPVR-doelen": lambda: opgaven.goals(catalogue, shown),
        "Verwijzingen": lambda: opgaven.references(catalogue, shown),
    }
    (opgaven.no_match if shown.empty else sections[view.weergave])()
    opgaven.key_figures(frame, shown)
    opgaven.timeline(catalogue, date.today())
    source_note(
        f"{SOURCE_NOTE}: fiches van de 21 opgaven (p. 11-32). Thema's volgens de kop van elke fiche; waar het "
        "overzicht een opgave elders plaatst staat dat op de fiche. Status: statuslog van de Regiomonitor."
    )
    show_notices(notices)
    share_link()


main()
