"""Opgaven: the 21 opgaven of the Plan voor de Regio with status, owners, ministries and cross-references.

Filters and the chosen view live in the link (``?thema=&status=&ministerie=&eigenaar=&zoek=&weergave=``), so a
board member can send exactly the selection under discussion.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from components.data import get_opgaven, get_store
from components.export import chart_downloads, share_link
from components.router import ensure_router
from components.shared import shared
from components.state import link_params, param_choice, param_multi, show_notices, sync_multi
from components.statuslog import STATUS_COLOURS, bulk_entry, current_editor, current_statuses, get_status_log, login_box
from components.ui import page_header, source_note
from regiomonitor.content.opgaven_catalogue import OpgavenCatalogue
from regiomonitor.exports import file_name, table_csv, table_xlsx, with_provenance
from regiomonitor.fmt import md_escape
from regiomonitor.opgaven import derived_status
from regiomonitor.opgaven_overview import (
    NO_STATUS,
    OWNER_OPTIONS,
    SOURCE_NOTE,
    OverviewFilter,
    apply_filter,
    display_table,
    goal_matrix_chart,
    ministry_matrix_chart,
    monitoring_timeline_chart,
    overview_frame,
    reference_edges,
    reference_network_chart,
    timeline_rows,
)
from regiomonitor.status_grid import LEGEND, export_frame, grid_summary, status_grid, status_grid_html
from regiomonitor.statuslog import STATUSES, StatusEntry, StatusLog

VIEWS = ("Stand van zaken", "Per thema", "Tabel", "Ministeries", "NPVR-doelen", "Verwijzingen")
VIEW_PARAMS = {
    "Stand van zaken": "stand",
    "Per thema": "thema",
    "Tabel": "tabel",
    "Ministeries": "ministeries",
    "NPVR-doelen": "doelen",
    "Verwijzingen": "verwijzingen",
}
TONE_COLOURS = {"success": "green", "warning": "orange", "error": "red", "neutral": "gray"}


def _timeline_chart(catalogue: OpgavenCatalogue, today: date):
    return monitoring_timeline_chart(catalogue.monitoring_phase(today), today)


def _timeline(catalogue: OpgavenCatalogue, today: date) -> None:
    phases = catalogue.monitoring_phase(today)
    with st.container(border=True):
        st.altair_chart(shared(_timeline_chart, catalogue, today), width="stretch")
        rows = timeline_rows(phases)
        current = next((r for r in rows if r.state.value == "current"), None)
        if current:
            st.markdown(f"**Nu ({current.jaar}): {current.label}.** " + "; ".join(current.onderdelen) + ".")
        source_note(
            f"{SOURCE_NOTE}, {catalogue.monitoring.bron}. De stand volgt de planning van het document, "
            "niet een vastgestelde voortgang."
        )


def _filters(catalogue: OpgavenCatalogue, notices: list[str]) -> OverviewFilter:
    """The filter widgets, initialised from the link on first run and mirrored back into it."""
    theme_ids = [t.id for t in catalogue.themas]
    theme_names = {t.id: t.naam for t in catalogue.themas}
    ministries = sorted({m.afkorting for o in catalogue.opgaven for m in o.ministeries})
    statuses = [*STATUSES, NO_STATUS]
    specs = (
        ("opgaven_thema", "thema", theme_ids, "thema"),
        ("opgaven_status", "status", statuses, "status"),
        ("opgaven_ministerie", "ministerie", ministries, "ministerie"),
        ("opgaven_eigenaar", "eigenaar", list(OWNER_OPTIONS), "eigenaarschap"),
    )
    for key, param, allowed, what in specs:
        if key not in st.session_state:
            st.session_state[key] = param_multi(param, allowed, notices, what)
    if "opgaven_zoek" not in st.session_state:
        st.session_state["opgaven_zoek"] = str(st.query_params.get("zoek", ""))[:80]
    active = any(st.session_state[key] for key, *_ in specs) or bool(st.session_state["opgaven_zoek"].strip())
    box = st.expander(
        "Filteren en zoeken" + (" (filter actief)" if active else ""), expanded=active, icon=":material/filter_alt:"
    )
    cols = box.columns([3, 2, 2, 2, 2])
    cols[0].multiselect(
        "Thema", theme_ids, format_func=theme_names.__getitem__, key="opgaven_thema", placeholder="Alle thema's"
    )
    cols[1].multiselect(
        "Status",
        statuses,
        key="opgaven_status",
        placeholder="Alle",
        help="De laatst vastgelegde status in de statuslog.",
    )
    cols[2].multiselect(
        "Ministerie",
        ministries,
        key="opgaven_ministerie",
        placeholder="Alle",
        help="Opgaven waarbij dit ministerie betrokken is (primair of niet).",
    )
    cols[3].multiselect(
        "Eigenaarschap",
        OWNER_OPTIONS,
        key="opgaven_eigenaar",
        placeholder="Alle",
        help="Bestuurlijk of ambtelijk eigenaar belegd, alleen voorgesteld, of nog niet belegd.",
    )
    cols[4].text_input("Zoeken", key="opgaven_zoek", max_chars=80, placeholder="nummer, titel of eigenaar")
    for key, param, _, _ in specs:
        sync_multi(param, st.session_state[key])
    if st.session_state["opgaven_zoek"].strip():
        st.query_params["zoek"] = st.session_state["opgaven_zoek"].strip()
    elif "zoek" in st.query_params:
        del st.query_params["zoek"]
    return OverviewFilter(
        themes=tuple(st.session_state["opgaven_thema"]),
        statuses=tuple(st.session_state["opgaven_status"]),
        ministries=tuple(st.session_state["opgaven_ministerie"]),
        owner_states=tuple(st.session_state["opgaven_eigenaar"]),
        text=st.session_state["opgaven_zoek"],
    )


def _cards(frame, catalogue: OpgavenCatalogue, available: set[str]) -> None:
    """Cards per theme: number and title (a link), status, owner, primary ministry and the badges."""
    themes = {t.id: t.naam for t in catalogue.themas}
    for theme_id in [t.id for t in catalogue.themas]:
        rows = frame[frame["thema_id"] == theme_id]
        if rows.empty:
            continue
        st.subheader(themes[theme_id], divider="gray")
        cols = st.columns(3)
        for i, row in enumerate(rows.itertuples()):
            with cols[i % 3].container(border=True):
                # The title as text (it wraps); a page link's label would be cut off at the card's edge.
                st.markdown(f"**{row.nummer}. {md_escape(row.titel)}**")
                colour = STATUS_COLOURS.get(row.status, "gray")
                st.badge(row.status, color=colour, icon=":material/flag:")
                st.caption(f"Bestuurlijk: {row.bestuurlijk} ({row.bestuurlijk_status})")
                st.caption(f"Primair ministerie: {row.primair_ministerie} · betrokken: {', '.join(row.ministeries)}")
                # Badge labels come from our own content, never from users, so markdown is safe here.
                badges = derived_status(catalogue.opgave(row.nummer), available).badges()
                st.markdown(" ".join(f":{TONE_COLOURS[b.tone]}-badge[{b.label}]" for b in badges))
                st.page_link(
                    "pages/opgave.py",
                    label=f"Open opgave {row.nummer}",
                    icon=":material/arrow_forward:",
                    query_params=link_params(opgave=str(row.nummer)),
                )


def main() -> None:
    """Render the Opgaven overview."""
    ensure_router()
    notices: list[str] = []
    catalogue = get_opgaven()
    store = get_store()
    log = get_status_log()
    current = current_statuses(log)
    page_header(
        "Opgaven",
        "De 21 opgaven van het Plan voor de Regio Twente: wie ze trekt, welke ministeries meedoen, waar het "
        "schuurt en wat de cijfers zeggen. Klik op een opgave voor de volledige fiche.",
    )
    available = set(store.indicators["indicator"].unique())
    frame = overview_frame(catalogue, {n: e.status for n, e in current.items()}, available)
    flt = _filters(catalogue, notices)
    shown = apply_filter(frame, flt)

    view_key = "opgaven_weergave"
    if view_key not in st.session_state:
        by_param = {v: k for k, v in VIEW_PARAMS.items()}
        chosen = param_choice("weergave", list(by_param), "stand", notices, "weergave")
        st.session_state[view_key] = by_param[chosen]
    view = st.segmented_control("Weergave", VIEWS, key=view_key, label_visibility="collapsed") or VIEWS[0]
    st.query_params["weergave"] = VIEW_PARAMS[view]

    if shown.empty:
        st.info(
            "Geen opgaven die aan deze filters voldoen. Maak een filter leeg om meer te zien.",
            icon=":material/filter_alt_off:",
        )
    elif view == "Stand van zaken":
        _grid(catalogue, current, available, shown, log)
    elif view == "Per thema":
        _cards(shown, catalogue, available)
    elif view == "Tabel":
        table = display_table(shown)
        st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            column_config={
                "Nr.": st.column_config.NumberColumn(width="small"),
            },
        )
        data = with_provenance(table, SOURCE_NOTE + "; status: statuslog Regiomonitor", date.today().isoformat())
        cols = st.columns(2)
        cols[0].download_button(
            "Tabel als CSV",
            table_csv(data),
            file_name("opgaven", "csv"),
            "text/csv",
            key="opgaven_csv",
            on_click="ignore",
            icon=":material/download:",
        )
        cols[1].download_button(
            "Tabel als Excel",
            table_xlsx(data),
            file_name("opgaven", "xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key="opgaven_xlsx",
            on_click="ignore",
            icon=":material/download:",
        )
    elif view == "Ministeries":
        sub = _restrict(catalogue, shown)
        chart = ministry_matrix_chart(sub)
        st.altair_chart(chart, width="stretch")
        st.caption(
            "Opgave 13 (energiearmoede) heeft in het document geen primair ministerie. "
            + "; ".join(f"{m.afkorting} = {m.naam}" for m in catalogue.ministeries)
        )
        chart_downloads(
            chart,
            sub.ministry_matrix().reset_index(),
            "opgaven-ministeries",
            "Opgaven en betrokken ministeries",
            SOURCE_NOTE,
            "2026",
            key="opgaven_min_dl",
        )
    elif view == "NPVR-doelen":
        sub = _restrict(catalogue, shown)
        chart = goal_matrix_chart(sub)
        st.altair_chart(chart, width="stretch")
        for goal in catalogue.npvr_doelen:
            st.markdown(f"**{goal.label}** (Twentse vertaling: {goal.twentse_vertaling}). {goal.toelichting}")
        chart_downloads(
            chart,
            sub.goal_matrix().reset_index(),
            "opgaven-npvr-doelen",
            "Opgaven en NPVR-doelen",
            SOURCE_NOTE,
            "2026",
            key="opgaven_goal_dl",
        )
    else:
        _references(catalogue, shown)

    counts = frame["status"].value_counts()
    metric_cols = st.columns(4)
    metric_cols[0].metric("Opgaven getoond", f"{len(shown)} van {len(frame)}")
    metric_cols[1].metric("Met lopend traject Rijk", int(frame["lopend_traject"].sum()))
    metric_cols[2].metric(
        "Eigenaarschap nog open, deels of voorstel", int((frame["eigenaar_status"] != "belegd").sum())
    )
    metric_cols[3].metric("Status vastgelegd", f"{len(frame) - int(counts.get(NO_STATUS, 0))} van {len(frame)}")
    _timeline(catalogue, date.today())

    source_note(
        f"{SOURCE_NOTE}: fiches van de 21 opgaven (p. 11-32). Thema's volgens de kop van elke fiche; waar het "
        "overzicht een opgave elders plaatst staat dat op de fiche. Status: statuslog van de Regiomonitor."
    )
    show_notices(notices)
    share_link()


def _grid(
    catalogue: OpgavenCatalogue, current: dict[int, StatusEntry], available: set[str], shown, log: StatusLog | None
) -> None:
    """Where each opgave stands, on one screen; exports; and, for editors, several statuses at once."""
    grid = status_grid(catalogue, current, available, date.today())
    grid = grid[grid["nummer"].isin(set(shown["nummer"]))]
    st.html(status_grid_html(grid))
    st.caption(grid_summary(grid) + " " + LEGEND)
    data = with_provenance(
        export_frame(grid), SOURCE_NOTE + "; status: statuslog Regiomonitor", date.today().isoformat()
    )
    cols = st.columns([1, 1, 3])
    cols[0].download_button(
        "Stand als CSV",
        table_csv(data),
        file_name("opgaven-stand", "csv"),
        "text/csv",
        key="opgaven_stand_csv",
        on_click="ignore",
        icon=":material/download:",
    )
    cols[1].download_button(
        "Stand als Excel",
        table_xlsx(data),
        file_name("opgaven-stand", "xlsx"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="opgaven_stand_xlsx",
        on_click="ignore",
        icon=":material/download:",
    )
    if log is None:
        return
    editor = login_box(key="opgaven_login")
    if editor and current_editor() == editor:
        with st.expander("Status van meerdere opgaven tegelijk vastleggen", expanded=True, icon=":material/edit_note:"):
            bulk_entry(log, editor, {o.nummer: o.titel for o in catalogue.opgaven}, key="opgaven_bulk")
            st.caption(
                f"Opslag: {log.describe()}. Elke regel wordt een nieuwe vermelding met jouw naam en het "
                "tijdstip; eerdere vermeldingen blijven staan (geschiedenis op de fiche van de opgave)."
            )


def _restrict(catalogue: OpgavenCatalogue, shown) -> OpgavenCatalogue:
    """The catalogue limited to the opgaven that pass the filters (for the matrices)."""
    keep = set(shown["nummer"])
    return catalogue.model_copy(update={"opgaven": tuple(o for o in catalogue.opgaven if o.nummer in keep)})


def _references(catalogue: OpgavenCatalogue, shown) -> None:
    cols = st.columns([3, 2])
    with cols[0]:
        st.altair_chart(reference_network_chart(catalogue), width="content")
    with cols[1]:
        edges = reference_edges(catalogue)
        keep = set(shown["nummer"])
        edges = edges[edges["van"].isin(keep) | edges["naar"].isin(keep)]
        st.markdown("**Verwijzingen in de fiches**")
        # One line per referring opgave; short link labels, titles as text (long labels get cut off).
        for van, grp in edges.groupby("van", sort=True):
            targets = "; ".join(f"{r.naar}. {md_escape(r.naar_titel)}" for r in grp.itertuples())
            st.markdown(f"**{van}. {md_escape(grp['van_titel'].iloc[0])}** verwijst naar {targets}")
            st.page_link(
                "pages/opgave.py",
                label=f"Open opgave {van}",
                query_params=link_params(opgave=str(van)),
                icon=":material/arrow_forward:",
            )
        lonely = [n for n in sorted(keep) if n not in set(edges["van"]) | set(edges["naar"])]
        if lonely:
            st.caption("Zonder verwijzingen: opgave " + ", ".join(str(n) for n in lonely) + ".")


main()
