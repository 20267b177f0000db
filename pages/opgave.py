"""Opgave: one fiche of the Plan voor de Regio, laid out for reading in a meeting. Reachable as ``?opgave=N``.

Everything in the record, the current status and its history from the status log (editors can add an entry
after logging in), the indicators in the monitor that bear on the opgave, links both ways between opgaven,
and a PDF factsheet for the board pack. The link is read through ``regiomonitor.views.opgave``; the sections
live in ``components/opgave_sections.py``.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from components.data import get_opgaven, get_store
from components.export import made_once, share_link
from components.opgave_sections import (
    bullets,
    context_and_interventions,
    follow_up_and_links,
    heading,
    indicators,
    owners_and_ministries,
    pick_list,
    status_section,
)
from components.router import ensure_router
from components.state import page_params, write_view
from components.statuslog import get_status_log
from components.ui import source_note
from regiomonitor.exports import file_name
from regiomonitor.opgave_factsheet import opgave_factsheet
from regiomonitor.opgaven import OWNER_LABELS
from regiomonitor.views.opgave import OpgaveView


def main() -> None:
    """Render one opgave, or the list of all of them when the link names none."""
    ensure_router()
    catalogue = get_opgaven()
    params = page_params()
    view = OpgaveView.from_params(params, [o.nummer for o in catalogue.opgaven])
    if view.opgave is None:
        pick_list(catalogue, params.notices)
        share_link()
        return
    write_view(view, OpgaveView.OWNED)
    opgave = catalogue.opgave(view.opgave)
    store = get_store()
    log = get_status_log()
    heading(catalogue, opgave, log)
    owners_and_ministries(catalogue, opgave)
    context_and_interventions(opgave)
    follow_up_and_links(catalogue, opgave)
    indicators(opgave)
    current, history = status_section(opgave, log)

    if opgave.opmerkingen:
        with st.expander("Opmerkingen bij de bron en gemaakte keuzes"):
            bullets(opgave.opmerkingen, "")
    source_note(
        f"Bron: {opgave.bron}. Tekst in eigen woorden samengevat; namen, cijfers en afkortingen zoals in "
        f"het document. Eigenaarschap: {', '.join(OWNER_LABELS.values())}."
    )
    st.download_button(
        "Factsheet (PDF)",
        lambda: made_once(  # once per opgave, status history and day (the log's entries are immutable values)
            ("opgave_pdf", opgave.nummer, tuple(history), date.today()),
            lambda: opgave_factsheet(catalogue, opgave.nummer, store, current, history, date.today()),
        ),
        file_name(f"opgave-{opgave.nummer}-factsheet", "pdf"),
        "application/pdf",
        key="opgave_factsheet",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
    )
    share_link()


main()
