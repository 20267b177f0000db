"""Setting the status of several opgaven at once (Opgaven page, editors only): a table form and an upload.

Split from ``components/statuslog.py``, which holds the login and the single-entry form this builds on.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd
import streamlit as st

from components.statuslog import client_address, current_editor
from regiomonitor.authstore import AuthStore
from regiomonitor.fmt import md_escape
from regiomonitor.status_bulk import BulkCheck, BulkFileError, check_rows, read_sheet, template_csv, write_rows
from regiomonitor.statuslog import MAX_NOTE, STATUSES, StatusLog, StatusLogError


def _bulk_table_frame(rows: int = 3) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "opgave": pd.Series([""] * rows, dtype="object"),
            "datum": pd.Series([date.today()] * rows, dtype="object"),
            "status": pd.Series([""] * rows, dtype="object"),
            "toelichting": pd.Series([""] * rows, dtype="object"),
        }
    )


def _report_and_write(log: StatusLog, check: BulkCheck, editor: str) -> None:
    """Show every bad row, or write all rows (after re-verifying the login) and rerun."""
    if check.errors:
        st.error(
            "**Niets vastgelegd.** Verbeter deze regel(s) en probeer het opnieuw:\n\n"
            + "\n".join(f"- {md_escape(e)}" for e in check.errors),
            icon=":material/error:",
        )
        return
    if current_editor() != editor:
        st.error("Je bent niet (meer) ingelogd als redacteur; er is niets vastgelegd.", icon=":material/block:")
        return
    try:
        written = write_rows(log, check.rows, editor)
    except StatusLogError as exc:
        st.error(f"Niet alles vastgelegd: {exc.user_message}", icon=":material/error:")
        return
    AuthStore(log).audit("status", editor, client_address() or "onbekend", f"{written} statussen in één keer")
    st.session_state["_statuslog_bulk_done"] = written
    # A fresh table after a successful write (a new widget key drops the old rows); after an error the rows stay.
    st.session_state["_statuslog_bulk_round"] = int(st.session_state.get("_statuslog_bulk_round", 0)) + 1
    st.rerun()


def bulk_entry(log: StatusLog, editor: str, opgaven: Mapping[int, str], key: str) -> None:
    """Set the status of several opgaven at once: a table form and an upload of a CSV or Excel sheet.

    Every row is validated (a Dutch message per bad row); when any row is bad nothing is written. Each entry keeps
    the editor and the time of recording; nothing is overwritten (the history stays append-only).
    """
    done = st.session_state.pop("_statuslog_bulk_done", None)
    if done:
        st.success(
            f"{done} status{'sen' if done != 1 else ''} vastgelegd door {md_escape(editor)}.", icon=":material/check:"
        )
    labels = {n: f"{n}. {t}" for n, t in opgaven.items()}
    by_label = {v: k for k, v in labels.items()}
    tabs = st.tabs(["In een tabel", "Uit een bestand (CSV of Excel)"])
    round_ = int(st.session_state.get("_statuslog_bulk_round", 0))
    with tabs[0], st.form(f"{key}_table"):
        edited = st.data_editor(
            _bulk_table_frame(),
            key=f"{key}_editor_{round_}",
            num_rows="dynamic",
            width="stretch",
            hide_index=True,
            column_config={
                "opgave": st.column_config.SelectboxColumn(
                    "Opgave", options=list(labels.values()), required=True, width="large"
                ),
                "datum": st.column_config.DateColumn("Datum", format="DD-MM-YYYY", required=True),
                "status": st.column_config.SelectboxColumn("Status", options=list(STATUSES), required=True),
                "toelichting": st.column_config.TextColumn("Toelichting (platte tekst)", max_chars=MAX_NOTE),
            },
        )
        submitted = st.form_submit_button("Alle regels vastleggen", type="primary")
    if submitted:
        table = edited.assign(opgave=edited["opgave"].map(lambda v: by_label.get(v, v)))
        _report_and_write(log, check_rows(table, editor, set(opgaven), first_row=1, row_word="Regel"), editor)
    with tabs[1]:
        st.caption(
            "Kolommen: opgave, datum (dd-mm-jjjj), status, toelichting; één regel per status. De statussen: "
            + ", ".join(STATUSES)
            + "."
        )
        st.download_button(
            "Voorbeeldbestand (CSV)",
            template_csv(),
            "statussen-voorbeeld.csv",
            "text/csv",
            key=f"{key}_template",
            on_click="ignore",
            icon=":material/download:",
        )
        with st.form(f"{key}_upload", clear_on_submit=True):
            upload = st.file_uploader("Bestand", type=["csv", "xlsx"], key=f"{key}_file")
            sent = st.form_submit_button("Bestand controleren en vastleggen", type="primary")
        if sent:
            if upload is None:
                st.warning("Kies eerst een bestand.", icon=":material/upload_file:")
            else:
                try:
                    sheet = read_sheet(upload.name, upload.getvalue())
                    check = check_rows(sheet, editor, set(opgaven))
                except BulkFileError as exc:
                    st.error(f"**Niets vastgelegd.** {exc}", icon=":material/error:")
                else:
                    _report_and_write(log, check, editor)
