"""The Opgave page's sections: the fiche's parts, its links to other opgaven, the monitor's figures and the status.

Each function draws one block of ``pages/opgave.py``; content text from the fiches is escaped before it goes
into markdown, and editors' notes are shown as plain text.
"""

from __future__ import annotations

import streamlit as st

from components.data import get_store
from components.export import chart_downloads
from components.state import link_params
from components.statuslog import (
    NO_STATUS,
    current_editor,
    current_statuses,
    entry_form,
    history_frame,
    login_box,
    status_badge,
)
from components.ui import page_header, source_note
from regiomonitor.content.opgave import Eigenaar, Opgave
from regiomonitor.content.opgaven_catalogue import OpgavenCatalogue
from regiomonitor.fmt import md_escape
from regiomonitor.opgave_view import (
    linked_indicator_chart,
    linked_indicator_series,
    linked_indicators,
    numbered_sources,
    table_note,
)
from regiomonitor.opgaven import derived_status, owner_status, theme_text
from regiomonitor.status_grid import PLAN_SOURCE, plan_stage
from regiomonitor.statuslog import StatusEntry, StatusLog, StatusLogError

TONE_COLOURS = {"success": "green", "warning": "orange", "error": "red", "neutral": "gray"}
INDICATORS_2026 = (
    "De fiches noemen geen indicatoren: Rijk en regio kiezen de indicatoren per opgave en de nulmeting "
    "in 2026, volgens het monitoringsplan. Tot dan toont de monitor cijfers die hij zelf koos."
)


def bullets(items: tuple[str, ...], empty: str) -> None:
    """A bulleted list of content lines, escaped so markdown never reinterprets them."""
    if items:
        st.markdown("\n".join(f"- {md_escape(item)}" for item in items))
    else:
        st.markdown(f"*{empty}*")


def _owner(label: str, owner: Eigenaar) -> None:
    state = owner_status(owner)
    mark = {
        "settled": "",
        "partial": " :orange-badge[deels belegd]",
        "proposed": " :orange-badge[voorstel]",
        "missing": " :red-badge[nog niet belegd]",
    }[state]
    st.markdown(f"**{label}**{mark}")
    st.markdown(md_escape(owner.naam) if owner.naam else "*De fiche noemt (nog) geen eigenaar.*")
    if owner.toelichting:
        st.caption(owner.toelichting)


def pick_list(catalogue: OpgavenCatalogue, notices: list[str]) -> None:
    """All opgaven by theme as links (when the link names no valid opgave), after the link's notices."""
    page_header("Opgave", "Kies een van de 21 opgaven van het Plan voor de Regio.")
    for text in notices:
        st.warning(text, icon=":material/info:")
    for theme_id, items in catalogue.by_theme().items():
        st.markdown(f"**{catalogue.thema(theme_id).naam}**")
        for o in items:
            st.page_link(
                "pages/opgave.py",
                label=f"Opgave {o.nummer} — {o.titel}",
                query_params=link_params(opgave=str(o.nummer)),
            )
    st.page_link("pages/opgaven.py", label="Naar het overzicht van alle opgaven", icon=":material/checklist:")


def heading(catalogue: OpgavenCatalogue, opgave: Opgave, log: StatusLog | None) -> None:
    """Title, theme, links to the previous and next opgave, the current status and the derived badges."""
    theme, theme_note = theme_text(catalogue, opgave)
    page_header(f"Opgave {opgave.nummer} · {opgave.titel}")
    st.markdown(f"Thema: **{theme}**")
    if theme_note:
        st.caption(theme_note)
    numbers = [o.nummer for o in catalogue.opgaven]
    i = numbers.index(opgave.nummer)
    nav = st.columns([1, 1, 1, 3])
    if i > 0:
        prev = str(numbers[i - 1])
        nav[0].page_link("pages/opgave.py", label=f"← Opgave {prev}", query_params=link_params(opgave=prev))
    if i < len(numbers) - 1:
        nxt = str(numbers[i + 1])
        nav[1].page_link("pages/opgave.py", label=f"Opgave {nxt} →", query_params=link_params(opgave=nxt))
    nav[2].page_link("pages/opgaven.py", label="Alle opgaven", icon=":material/checklist:", query_params=link_params())
    with nav[3]:
        status_badge(current_statuses(log).get(opgave.nummer))  # details and history further down
    derived = derived_status(opgave, set(get_store().indicators["indicator"].unique()))
    st.markdown(" ".join(f":{TONE_COLOURS[b.tone]}-badge[{b.label}]" for b in derived.badges()))
    with st.container(border=True):
        st.markdown(f"**De opgave.** {md_escape(opgave.opgave)}")
        st.markdown(f"**Wat het de regio kost als het niet lukt.** {md_escape(opgave.regionale_impact)}")


def owners_and_ministries(catalogue: OpgavenCatalogue, opgave: Opgave) -> None:
    """Who owns the opgave in the region, the ministries involved and the NPVR goals."""
    left, right = st.columns(2)
    with left:
        st.subheader("Eigenaarschap in de regio", divider="gray")
        _owner("Bestuurlijk", opgave.eigenaarschap.bestuurlijk)
        _owner("Uitvoering (ambtelijk)", opgave.eigenaarschap.ambtelijk)
    with right:
        st.subheader("Betrokken ministeries", divider="gray")
        for m in opgave.ministeries:
            name = catalogue.ministerie(m.afkorting).naam
            st.markdown(
                f"**{md_escape(m.afkorting)}**"
                + (" :blue-badge[primair]" if m.primair else "")
                + f" — {md_escape(name)}"
            )
        if opgave.primair_ministerie is None:
            st.caption("De fiche wijst geen primair ministerie aan.")
        st.markdown("**NPVR-doelen**")
        goals = {g.id: g for g in catalogue.npvr_doelen}
        bullets(tuple(goals[g].label for g in opgave.npvr_doelen), "Geen NPVR-doel genoemd.")


def context_and_interventions(opgave: Opgave) -> None:
    """Context, running tracks, what else is needed, bottlenecks and the possible interventions."""
    left, right = st.columns(2)
    with left:
        st.subheader("Context", divider="gray")
        bullets(opgave.context, "Geen context in de fiche.")
        st.subheader("Lopende trajecten tussen Rijk en regio", divider="gray")
        bullets(opgave.lopende_trajecten, "Er loopt nog geen traject met het Rijk.")
    with right:
        st.subheader("Wat is aanvullend nodig", divider="gray")
        bullets(opgave.aanvullend_nodig, "De fiche noemt niets aanvullends.")
        st.subheader("Knelpunten", divider="gray")
        bullets(opgave.knelpunten, "De fiche noemt geen knelpunten.")

    st.subheader("Mogelijke interventies", divider="gray")
    cols = st.columns(3 if opgave.interventies.rijk_en_regio else 2)
    with cols[0]:
        st.markdown("**Rijk**")
        bullets(opgave.interventies.rijk, "Geen interventies van het Rijk genoemd.")
    with cols[1]:
        st.markdown("**Regio**")
        bullets(opgave.interventies.regio, "Geen interventies van de regio genoemd.")
    if opgave.interventies.rijk_en_regio:
        with cols[2]:
            st.markdown("**Rijk en regio samen**")
            bullets(opgave.interventies.rijk_en_regio, "")


def follow_up_and_links(catalogue: OpgavenCatalogue, opgave: Opgave) -> None:
    """Follow-up agreements and the links both ways between this opgave and others."""
    left, right = st.columns(2)
    with left:
        st.subheader("Vervolgafspraken", divider="gray")
        bullets(opgave.vervolgafspraken, "Nog geen vervolgafspraken: de fiche laat dit veld open.")
    with right:
        st.subheader("Samenhang met andere opgaven", divider="gray")
        refs, back = opgave.verwijzingen, catalogue.referenced_by(opgave.nummer)
        if not refs and not back:
            st.markdown("*Geen verwijzingen van of naar andere opgaven.*")
        # Short link labels with the title beside them as text: a long label is cut off at the column edge.
        for title_text, numbers, icon in (
            ("Verwijst naar", refs, ":material/arrow_forward:"),
            ("Genoemd in", back, ":material/arrow_back:"),
        ):
            if not numbers:
                continue
            st.markdown(f"**{title_text}**")
            for n in numbers:
                link, title = st.columns([1, 3], vertical_alignment="center")
                link.page_link(
                    "pages/opgave.py",
                    label=f"Opgave {n}",
                    query_params=link_params(opgave=str(n)),
                    icon=icon,
                    help=f"{title_text} opgave {n}",
                )
                title.markdown(md_escape(catalogue.opgave(n).titel))


def indicators(opgave: Opgave) -> None:
    """The monitor's own figures that bear on the opgave, with the course of one of them and its downloads."""
    st.subheader("Wat zeggen de cijfers", divider="gray")
    st.markdown(f"**{INDICATORS_2026}**")
    store = get_store()
    frame = linked_indicators(store, opgave)
    if frame.empty:
        st.markdown("*De monitor heeft (nog) geen cijfers die direct bij deze opgave horen.*")
        return
    own = frame[frame["indicator"].isin(opgave.indicatoren_eigen)]
    related = frame[~frame["indicator"].isin(opgave.indicatoren_eigen)]
    # Static tables (our own text, in full), not data grids: a grid took a browser some 0.4 s to lay out after the
    # rest of the page was drawn (bench/browser_idle.py). Their sources are numbered, listed once under them.
    shown, sources = numbered_sources(frame)  # one row per indicator, in the frame's order
    own_ids = set(opgave.indicatoren_eigen)
    is_own = [i in own_ids for i in dict.fromkeys(frame["indicator"])]
    if own.empty:
        st.markdown("*Geen van deze cijfers meet de opgave zelf.*")
    else:
        st.markdown("**Cijfers over de opgave zelf** (keuze van de monitor)")
        st.table(shown[is_own], hide_index=True, width="stretch")
    if not related.empty:
        st.markdown(
            "**Verwante cijfers** (keuze van de monitor: ze meten niet de opgave zelf, maar iets wat ermee samenhangt)"
        )
        st.table(shown[[not x for x in is_own]], hide_index=True, width="stretch")
    source_note("Bron (nummer in de kolom Bron): " + "; ".join(sources) + ".")
    st.caption(table_note(frame))
    ids = list(dict.fromkeys(frame["indicator"]))
    labels = dict(zip(frame["indicator"], frame["label"], strict=False))
    key = f"opgave_{opgave.nummer}_indicator"
    chosen = st.selectbox("Verloop van", ids, format_func=labels.__getitem__, key=key)
    chart = linked_indicator_chart(frame, chosen)
    st.altair_chart(chart, width="stretch")
    rows = frame[frame["indicator"] == chosen]
    series = linked_indicator_series(frame, chosen)  # exactly the points the chart shows, with source per row
    source = "; ".join(dict.fromkeys(str(s) for s in rows["source_title"]))
    periods = ", ".join(str(p) for p in sorted(set(series["jaar"])))
    chart_downloads(
        chart,
        series,
        f"opgave-{opgave.nummer}-{chosen}",
        f"Opgave {opgave.nummer}: {labels[chosen]}",
        source,
        periods,
        key=f"opgave_{opgave.nummer}_dl",
    )
    source_note(
        f"Bron: {source}. Almelo en Enschede naast Twente en Nederland; verandering ten opzichte van de "
        "vorige meting van dezelfde bron."
    )


def status_section(opgave: Opgave, log: StatusLog | None) -> tuple[StatusEntry | None, list[StatusEntry]]:
    """The current status with its history, the editors' login and entry form; returns (current, history)."""
    st.subheader("Status en geschiedenis", divider="gray")
    history: list[StatusEntry] = []
    if log is not None:
        try:
            history = log.history(opgave.nummer)
        except StatusLogError as exc:
            st.warning(f"De statuslog kon niet worden gelezen. {exc.user_message}", icon=":material/database:")
    current = history[0] if history else None
    cols = st.columns([1, 3])
    with cols[0]:
        status_badge(current)
    with cols[1]:
        if current:
            st.markdown(f"Sinds {current.datum.strftime('%d-%m-%Y')}, vastgelegd door {md_escape(current.editor)}.")
            if current.notitie:
                st.text(current.notitie)  # user text: shown as plain text, never as markdown or HTML
        else:
            st.markdown(
                f"*{NO_STATUS.capitalize()}.* Stand {PLAN_SOURCE}: **{plan_stage(opgave)}** (geen "
                "vastgelegde status). Redacteuren kunnen hieronder een status vastleggen."
            )
    if history:
        with st.expander(f"Geschiedenis ({len(history)} vermeldingen)"):
            st.dataframe(history_frame(history), hide_index=True, width="stretch")
    if log is not None:
        editor = login_box(key="opgave_login")
        signed_in = bool(editor and current_editor() == editor)
        if signed_in and editor:
            entry_form(log, opgave.nummer, editor, key=f"opgave_{opgave.nummer}")
        # Where the log is stored is a detail for editors, not for the board members reading the page.
        st.caption(
            (f"Opslag: {log.describe()}. " if signed_in else "")
            + "Lezen kan iedereen; vastleggen alleen ingelogde redacteuren. "
            "Vermeldingen worden nooit overschreven: de nieuwste is de huidige status."
        )
    return current, history
