"""The sections of the Opgaven overview: the filters, the six views, the key figures and the monitoring plan.

The page (``pages/opgaven.py``) reads its link once into ``regiomonitor.views.opgaven.OpgavenView``, draws these
sections and writes the link once. Results that every visitor with the same inputs sees (the status grid's
HTML, the charts) are computed once per process (``components.shared.shared``); exports are made on click.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, NamedTuple

import altair as alt
import pandas as pd
import streamlit as st

from components.export import chart_downloads, table_downloads
from components.shared import shared
from components.state import link_params, page_params
from components.status_bulk_entry import bulk_entry
from components.statuslog import STATUS_COLOURS, current_editor, login_box
from components.ui import source_note
from regiomonitor.content.opgaven_catalogue import OpgavenCatalogue
from regiomonitor.data import DataStore
from regiomonitor.exports import table_csv, table_xlsx, with_provenance
from regiomonitor.fmt import md_escape
from regiomonitor.opgaven import derived_status
from regiomonitor.opgaven_overview import (
    NO_STATUS,
    OWNER_OPTIONS,
    SOURCE_NOTE,
    display_table,
    goal_matrix_chart,
    ministry_matrix_chart,
    monitoring_timeline_chart,
    reference_edges,
    reference_network_chart,
    timeline_rows,
)
from regiomonitor.status_grid import LEGEND, export_frame, grid_summary, status_grid, status_grid_html
from regiomonitor.statuslog import STATUSES, StatusEntry, StatusLog
from regiomonitor.views.opgaven import MAX_SEARCH, VIEWS, OpgavenView

TONE_COLOURS = {"success": "green", "warning": "orange", "error": "red", "neutral": "gray"}
#: The widget key of each field of the view (namespaced ``opgaven_``).
KEYS: dict[str, str] = {
    "thema": "opgaven_thema",
    "status": "opgaven_status",
    "ministerie": "opgaven_ministerie",
    "eigenaar": "opgaven_eigenaar",
    "zoek": "opgaven_zoek",
    "weergave": "opgaven_weergave",
}
#: The colours ``st.badge`` takes (the status log's colours are among them).
BadgeColor = Literal["red", "orange", "yellow", "blue", "green", "violet", "gray", "grey", "primary"]


def _indicators_with_data(store: DataStore) -> set[str]:
    return set(store.indicators["indicator"].unique())


def available_indicators(store: DataStore) -> set[str]:
    """Indicator ids the data have values for (once per process; read-only)."""
    return shared(_indicators_with_data, store)


def _ministries(catalogue: OpgavenCatalogue) -> list[str]:
    return sorted({m.afkorting for o in catalogue.opgaven for m in o.ministeries})


def seed_from_link(catalogue: OpgavenCatalogue) -> list[str]:
    """On the page's first run in a session, set its widgets from the link; return the link's notices."""
    if all(key in st.session_state for key in KEYS.values()):
        return []
    params = page_params()
    view = OpgavenView.from_params(
        params, [t.id for t in catalogue.themas], [*STATUSES, NO_STATUS], _ministries(catalogue), OWNER_OPTIONS
    )
    for field, key in KEYS.items():
        value = getattr(view, field)
        st.session_state.setdefault(key, list(value) if isinstance(value, tuple) else value)
    return params.notices


def filters(catalogue: OpgavenCatalogue) -> OpgavenView:
    """The filter widgets in their box; the view they select (its ``weergave`` comes from :func:`view_switch`)."""
    theme_names = {t.id: t.naam for t in catalogue.themas}
    current = OpgavenView(
        thema=tuple(st.session_state[KEYS["thema"]]),
        status=tuple(st.session_state[KEYS["status"]]),
        ministerie=tuple(st.session_state[KEYS["ministerie"]]),
        eigenaar=tuple(st.session_state[KEYS["eigenaar"]]),
        zoek=st.session_state[KEYS["zoek"]],
    )
    active = current.filter.active
    box = st.expander(
        "Filteren en zoeken" + (" (filter actief)" if active else ""), expanded=active, icon=":material/filter_alt:"
    )
    cols = box.columns([3, 2, 2, 2, 2])
    cols[0].multiselect(
        "Thema", list(theme_names), format_func=theme_names.__getitem__, key=KEYS["thema"], placeholder="Alle thema's"
    )
    cols[1].multiselect(
        "Status",
        [*STATUSES, NO_STATUS],
        key=KEYS["status"],
        placeholder="Alle",
        help="De laatst vastgelegde status in de statuslog.",
    )
    cols[2].multiselect(
        "Ministerie",
        _ministries(catalogue),
        key=KEYS["ministerie"],
        placeholder="Alle",
        help="Opgaven waarbij dit ministerie betrokken is (primair of niet).",
    )
    cols[3].multiselect(
        "Eigenaarschap",
        OWNER_OPTIONS,
        key=KEYS["eigenaar"],
        placeholder="Alle",
        help="Bestuurlijk of ambtelijk eigenaar belegd, alleen voorgesteld, of nog niet belegd.",
    )
    cols[4].text_input("Zoeken", key=KEYS["zoek"], max_chars=MAX_SEARCH, placeholder="nummer, titel of eigenaar")
    return current  # a keyed widget's value is in session state before the widget is drawn


def view_switch() -> str:
    """The switch between the six views (none chosen: the first)."""
    return st.segmented_control("Weergave", VIEWS, key=KEYS["weergave"], label_visibility="collapsed") or VIEWS[0]


def no_match() -> None:
    """What the page says when the filters leave nothing."""
    st.info(
        "Geen opgaven die aan deze filters voldoen. Maak een filter leeg om meer te zien.",
        icon=":material/filter_alt_off:",
    )


class _Stand(NamedTuple):
    """What the grid needs of a status-log entry, hashable so the grid can be shared by its inputs."""

    datum: date
    status: str


def _grid_parts(
    catalogue: OpgavenCatalogue,
    current: tuple[tuple[int, _Stand], ...],
    available: frozenset[str],
    today: date,
    shown: tuple[int, ...],
) -> tuple[pd.DataFrame, str, str]:
    """The grid of the shown opgaven, its HTML and its summary line."""
    grid = status_grid(catalogue, dict(current), available, today)
    grid = grid[grid["nummer"].isin(set(shown))]
    return grid, status_grid_html(grid), grid_summary(grid)


def grid(
    catalogue: OpgavenCatalogue,
    current: dict[int, StatusEntry],
    available: set[str],
    shown: pd.DataFrame,
    log: StatusLog | None,
) -> None:
    """Where each opgave stands, on one screen; exports; and, for editors, several statuses at once."""
    today = date.today()
    stands = tuple(sorted((n, _Stand(e.datum, e.status)) for n, e in current.items()))
    frame, html, summary = shared(_grid_parts, catalogue, stands, frozenset(available), today, tuple(shown["nummer"]))
    st.html(html)
    st.caption(summary + " " + LEGEND)

    def data() -> pd.DataFrame:
        return with_provenance(export_frame(frame), SOURCE_NOTE + "; status: statuslog Regiomonitor", today.isoformat())

    table_downloads(
        lambda: table_csv(data()),
        lambda: table_xlsx(data()),
        "opgaven-stand",
        "opgaven_stand",
        "Stand",
        slots=st.columns([1, 1, 3]),
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


def cards(frame: pd.DataFrame, catalogue: OpgavenCatalogue, available: set[str]) -> None:
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


def table(shown: pd.DataFrame) -> None:
    """The shown opgaven as a table with CSV and Excel downloads."""
    frame = display_table(shown)
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config={
            "Nr.": st.column_config.NumberColumn(width="small"),
        },
    )

    def data() -> pd.DataFrame:
        return with_provenance(frame, SOURCE_NOTE + "; status: statuslog Regiomonitor", date.today().isoformat())

    table_downloads(lambda: table_csv(data()), lambda: table_xlsx(data()), "opgaven", "opgaven", slots=st.columns(2))


def _restrict(catalogue: OpgavenCatalogue, shown: pd.DataFrame) -> OpgavenCatalogue:
    """The catalogue limited to the opgaven that pass the filters (for the matrices)."""
    keep = set(shown["nummer"])
    return catalogue.model_copy(update={"opgaven": tuple(o for o in catalogue.opgaven if o.nummer in keep)})


def ministries(catalogue: OpgavenCatalogue, shown: pd.DataFrame) -> None:
    """The matrix of opgaven and ministries."""
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


def goals(catalogue: OpgavenCatalogue, shown: pd.DataFrame) -> None:
    """The matrix of opgaven and NPVR goals, with each goal's Twente translation."""
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


def references(catalogue: OpgavenCatalogue, shown: pd.DataFrame) -> None:
    """The cross-references between fiches, as a network and as a list."""
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


def key_figures(frame: pd.DataFrame, shown: pd.DataFrame) -> None:
    """Four counts under the view: shown, running track, owners open, status logged."""
    counts = frame["status"].value_counts()
    cols = st.columns(4)
    cols[0].metric("Opgaven getoond", f"{len(shown)} van {len(frame)}")
    cols[1].metric("Met lopend traject Rijk", int(frame["lopend_traject"].sum()))
    cols[2].metric("Eigenaarschap nog open, deels of voorstel", int((frame["eigenaar_status"] != "belegd").sum()))
    cols[3].metric("Status vastgelegd", f"{len(frame) - int(counts.get(NO_STATUS, 0))} van {len(frame)}")


def _timeline_chart(catalogue: OpgavenCatalogue, today: date) -> alt.LayerChart | alt.FacetChart:
    return monitoring_timeline_chart(catalogue.monitoring_phase(today), today)


def timeline(catalogue: OpgavenCatalogue, today: date) -> None:
    """The monitoring plan 2026-2029 with today's marker and the current phase in words."""
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
