"""The Opgaven overview: one table of the 21 opgaven, its filters, and the charts around it.

Computed once from the validated catalogue (``regiomonitor.opgaven``) and the current statuses of the log,
then rendered many ways: cards per theme, a table, matrices of ministries and NPVR goals, and the network of
cross-references. No Streamlit here; the builders return ``alt.Chart`` objects that tests inspect.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

import altair as alt
import pandas as pd

from regiomonitor.content.opgave import PhaseState, PhaseStatus
from regiomonitor.content.opgaven_catalogue import OpgavenCatalogue
from regiomonitor.look import GREY_TICK, NOW_RED, PHASE_COLOURS, ROLE_COLOURS, SERVES_MARK, THEME_COLOURS
from regiomonitor.opgaven import OWNER_LABELS, OwnerStatus, derived_status, owner_status

#: Label for an opgave without an entry in the status log.
NO_STATUS: Final[str] = "geen status vastgelegd"
#: Owner states as filter options (Dutch labels from the opgaven module).
OWNER_OPTIONS: Final[tuple[str, ...]] = tuple(OWNER_LABELS[s] for s in OwnerStatus)
SOURCE_NOTE: Final[str] = "Bron: Plan voor de Regio Twente (NPVR, definitief, maart 2026)"


def overview_frame(
    catalogue: OpgavenCatalogue, statuses: Mapping[int, str], available_indicators: Collection[str]
) -> pd.DataFrame:
    """One row per opgave with everything the overview shows and filters on.

    Args:
        catalogue: the validated opgaven.
        statuses: current status per opgave number from the status log (absent → ``NO_STATUS``).
        available_indicators: indicator ids the app has data for (for the 'cijfers' badge).

    Columns: nummer, titel, thema_id, thema, status, bestuurlijk, bestuurlijk_status, ambtelijk,
    ambtelijk_status, eigenaar_status (the weaker of the two), primair_ministerie, ministeries (tuple),
    npvr_doelen (tuple of labels), lopend_traject, vervolgafspraak, cijfers (number of available indicators that
    measure the opgave's own subject), verwante_cijfers (available related figures, the project's choice),
    badges (tuple of Dutch labels), verwijst_naar, verwezen_door (tuples of numbers).
    """
    themes = {t.id: t.naam for t in catalogue.themas}
    goals = {g.id: g.label for g in catalogue.npvr_doelen}
    order = list(OwnerStatus)  # settled < proposed < missing: the weaker state wins
    rows = []
    for o in catalogue.opgaven:
        derived = derived_status(o, available_indicators)
        adm, exe = owner_status(o.eigenaarschap.bestuurlijk), owner_status(o.eigenaarschap.ambtelijk)
        weakest = max(adm, exe, key=order.index)
        rows.append(
            {
                "nummer": o.nummer,
                "titel": o.titel,
                "thema_id": o.thema,
                "thema": themes[o.thema],
                "status": statuses.get(o.nummer, NO_STATUS),
                "bestuurlijk": o.eigenaarschap.bestuurlijk.naam or "nog niet belegd",
                "bestuurlijk_status": OWNER_LABELS[adm],
                "ambtelijk": o.eigenaarschap.ambtelijk.naam or "nog niet belegd",
                "ambtelijk_status": OWNER_LABELS[exe],
                "eigenaar_status": OWNER_LABELS[weakest],
                "primair_ministerie": o.primair_ministerie or "geen primair",
                "ministeries": tuple(m.afkorting for m in o.ministeries),
                "npvr_doelen": tuple(goals[g] for g in o.npvr_doelen),
                "lopend_traject": derived.running_track,
                "vervolgafspraak": derived.follow_up,
                "cijfers": len(derived.available_own),
                "verwante_cijfers": len(derived.available_related),
                "badges": tuple(b.label for b in derived.badges()),
                "verwijst_naar": o.verwijzingen,
                "verwezen_door": catalogue.referenced_by(o.nummer),
            }
        )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class OverviewFilter:
    """The overview's filters; an empty selection means 'all'."""

    themes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    ministries: tuple[str, ...] = ()
    owner_states: tuple[str, ...] = ()
    text: str = ""

    @property
    def active(self) -> bool:
        """True when any filter narrows the list."""
        return bool(self.themes or self.statuses or self.ministries or self.owner_states or self.text.strip())


def apply_filter(frame: pd.DataFrame, flt: OverviewFilter) -> pd.DataFrame:
    """Rows of :func:`overview_frame` that pass every active filter.

    Ministries match when the opgave involves any chosen ministry; owner states match either level; the text
    search looks (case-insensitively) in number, title and both owner names.
    """
    keep = pd.Series(True, index=frame.index)
    if flt.themes:
        keep &= frame["thema_id"].isin(flt.themes)
    if flt.statuses:
        keep &= frame["status"].isin(flt.statuses)
    if flt.ministries:
        wanted = set(flt.ministries)
        keep &= frame["ministeries"].map(lambda ms: bool(wanted.intersection(ms)))
    if flt.owner_states:
        keep &= frame["bestuurlijk_status"].isin(flt.owner_states) | frame["ambtelijk_status"].isin(flt.owner_states)
    needle = flt.text.strip().casefold()
    if needle:
        haystack = (
            frame["nummer"].astype(str) + " " + frame["titel"] + " " + frame["bestuurlijk"] + " " + frame["ambtelijk"]
        ).str.casefold()
        keep &= haystack.str.contains(needle, regex=False)
    return frame[keep]


def display_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The overview as a Dutch table for ``st.dataframe`` (lists joined as text)."""
    return pd.DataFrame(
        {
            "Nr.": frame["nummer"],
            "Opgave": frame["titel"],
            "Thema": frame["thema"],
            "Status": frame["status"],
            "Bestuurlijk eigenaar": frame["bestuurlijk"],
            "Eigenaarschap": frame["eigenaar_status"],
            "Primair ministerie": frame["primair_ministerie"],
            "Ministeries": frame["ministeries"].map(", ".join),
            "Lopend traject Rijk": frame["lopend_traject"].map({True: "ja", False: "nee"}),
            "Vervolgafspraak": frame["vervolgafspraak"].map({True: "ja", False: "nog niet"}),
            "Cijfers over de opgave zelf": frame["cijfers"],
            "Verwante cijfers (keuze monitor)": frame["verwante_cijfers"],
        }
    ).reset_index(drop=True)


def _label(nummer: int, titel: str, width: int = 48) -> str:
    text = f"{nummer:>2}. {titel}"
    return text if len(text) <= width else text[: width - 1] + "…"


def ministry_matrix_chart(catalogue: OpgavenCatalogue) -> alt.Chart:
    """Opgaven × ministries as a grid: filled dark for the primary ministry, light for involved ones."""
    matrix = catalogue.ministry_matrix()
    names = {m.afkorting: m.naam for m in catalogue.ministeries}
    titles = {o.nummer: o.titel for o in catalogue.opgaven}
    long = matrix.reset_index().melt(id_vars="opgave", var_name="ministerie", value_name="rol")
    long = long[long["rol"] != ""].assign(
        opgave_label=lambda d: [_label(n, titles[n]) for n in d["opgave"]],
        ministerie_naam=lambda d: d["ministerie"].map(names),
        rol_label=lambda d: d["rol"].map({"primair": "primair", "betrokken": "betrokken"}),
    )
    y_order = [_label(n, titles[n]) for n in matrix.index]
    base = alt.Chart(long)
    cells = base.mark_square(size=260).encode(
        x=alt.X("ministerie:N", sort=list(matrix.columns), title=None, axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y("opgave_label:N", sort=y_order, title=None),
        color=alt.Color(
            "rol_label:N", title="Rol", scale=alt.Scale(domain=["primair", "betrokken"], range=ROLE_COLOURS)
        ),
        tooltip=[
            alt.Tooltip("opgave_label:N", title="Opgave"),
            alt.Tooltip("ministerie_naam:N", title="Ministerie"),
            alt.Tooltip("rol_label:N", title="Rol"),
        ],
    )
    return cells.properties(height=22 * len(y_order), title="Welke ministeries zijn betrokken (primair donker)")


def goal_matrix_chart(catalogue: OpgavenCatalogue) -> alt.Chart:
    """Opgaven × the three NPVR goals: a mark where the document lists the opgave under the goal."""
    matrix = catalogue.goal_matrix()
    labels = {g.id: g.label for g in catalogue.npvr_doelen}
    titles = {o.nummer: o.titel for o in catalogue.opgaven}
    long = matrix.reset_index().melt(id_vars="opgave", var_name="doel", value_name="dient")
    long = long[long["dient"]].assign(
        opgave_label=lambda d: [_label(n, titles[n]) for n in d["opgave"]],
        doel_label=lambda d: d["doel"].map(labels),
    )
    y_order = [_label(n, titles[n]) for n in matrix.index]
    chart = (
        alt.Chart(long)
        .mark_square(size=260, color=SERVES_MARK)
        .encode(
            x=alt.X(
                "doel_label:N",
                sort=[labels[g] for g in matrix.columns],
                title=None,
                axis=alt.Axis(orient="top", labelAngle=0, labelLimit=220),
            ),
            y=alt.Y("opgave_label:N", sort=y_order, title=None),
            tooltip=[alt.Tooltip("opgave_label:N", title="Opgave"), alt.Tooltip("doel_label:N", title="NPVR-doel")],
        )
    )
    return chart.properties(height=22 * len(y_order), title="Welke NPVR-doelen elke opgave dient")


def reference_edges(catalogue: OpgavenCatalogue) -> pd.DataFrame:
    """The cross-references as edges: van, naar (numbers) and their titles, in number order."""
    titles = {o.nummer: o.titel for o in catalogue.opgaven}
    rows = [
        {"van": o.nummer, "van_titel": titles[o.nummer], "naar": ref, "naar_titel": titles[ref]}
        for o in catalogue.opgaven
        for ref in o.verwijzingen
    ]
    return pd.DataFrame(rows, columns=["van", "van_titel", "naar", "naar_titel"])


def reference_network_chart(catalogue: OpgavenCatalogue) -> alt.Chart:
    """The cross-references as a small network: opgaven on a circle (coloured by theme), a line per reference.

    Positions are fixed by number, so the picture is the same every time and people can point at it.
    """
    opgaven = list(catalogue.opgaven)
    n = len(opgaven)
    pos = {
        o.nummer: (math.cos(math.pi / 2 - 2 * math.pi * i / n), math.sin(math.pi / 2 - 2 * math.pi * i / n))
        for i, o in enumerate(opgaven)
    }
    themes = {t.id: t.naam for t in catalogue.themas}
    nodes = pd.DataFrame(
        [
            {
                "nummer": o.nummer,
                "titel": o.titel,
                "thema": themes[o.thema],
                "x": pos[o.nummer][0],
                "y": pos[o.nummer][1],
                "verwijzingen": len(o.verwijzingen) + len(catalogue.referenced_by(o.nummer)),
            }
            for o in opgaven
        ]
    )
    edges = reference_edges(catalogue)
    lines = pd.DataFrame(
        [
            {"edge": i, "x": pos[e][0], "y": pos[e][1], "volgorde": k, "van": r.van, "naar": r.naar}
            for i, r in enumerate(edges.itertuples())
            for k, e in enumerate((r.van, r.naar))
        ]
    )
    axis = alt.Axis(labels=False, ticks=False, grid=False, domain=False, title=None)
    scale = alt.Scale(domain=[-1.2, 1.2])
    link = (
        alt.Chart(lines)
        .mark_line(color=GREY_TICK, strokeWidth=1.5, opacity=0.7)
        .encode(
            x=alt.X("x:Q", axis=axis, scale=scale),
            y=alt.Y("y:Q", axis=axis, scale=scale),
            detail="edge:N",
            order="volgorde:Q",
            tooltip=[alt.Tooltip("van:Q", title="Opgave"), alt.Tooltip("naar:Q", title="verwijst naar opgave")],
        )
    )
    theme_order = [themes[t.id] for t in catalogue.themas]
    node = (
        alt.Chart(nodes)
        .mark_circle(size=520, opacity=1)
        .encode(
            x=alt.X("x:Q", axis=axis, scale=scale),
            y=alt.Y("y:Q", axis=axis, scale=scale),
            color=alt.Color(
                "thema:N",
                title="Thema",
                sort=theme_order,
                scale=alt.Scale(domain=theme_order, range=list(THEME_COLOURS[: len(theme_order)])),
                legend=alt.Legend(orient="bottom", columns=1, labelLimit=400),
            ),  # whole theme names
            tooltip=[
                alt.Tooltip("nummer:Q", title="Opgave"),
                alt.Tooltip("titel:N", title="Titel"),
                alt.Tooltip("thema:N", title="Thema"),
                alt.Tooltip("verwijzingen:Q", title="Verwijzingen"),
            ],
        )
    )
    text = (
        alt.Chart(nodes)
        .mark_text(color="white", fontWeight="bold", fontSize=12)
        .encode(
            x=alt.X("x:Q", axis=axis, scale=scale),
            y=alt.Y("y:Q", axis=axis, scale=scale),
            text="nummer:Q",
        )
    )
    return (
        (link + node + text)
        .properties(width=460, height=460, title="Verwijzingen tussen opgaven ('zie opgave …')")
        .configure_view(stroke=None)
    )


@dataclass(frozen=True)
class TimelineRow:
    """One monitoring phase as the page lists it."""

    jaar: int
    label: str
    state: PhaseState
    state_label: str
    onderdelen: tuple[str, ...]


def timeline_rows(phases: Sequence[PhaseStatus]) -> list[TimelineRow]:
    """The monitoring phases in year order, ready to list."""
    return [TimelineRow(p.fase.jaar, p.fase.label, p.state, p.label, p.fase.onderdelen) for p in phases]


def monitoring_timeline_chart(phases: Sequence[PhaseStatus], today: date) -> alt.LayerChart | alt.FacetChart:
    """The monitoring plan 2026-2029 as one row per phase (a Gantt) with a red 'vandaag' rule and label.

    Each phase has its own row with its name as the row label, so labels never overprint, also on a phone; the
    rule and its label 'vandaag' sit on top of the bars (their tooltip has a title: Streamlit's chart theme does
    not draw a mark whose tooltip title is empty).
    """
    frame = pd.DataFrame(
        [
            {
                "start": p.fase.jaar,
                "eind": p.fase.jaar + 1,
                "fase": f"{p.fase.jaar}: {p.fase.label}" + (" (nu)" if p.state == PhaseState.CURRENT else ""),
                "stand": p.label,
                "onderdelen": "; ".join(p.fase.onderdelen),
            }
            for p in phases
        ]
    )
    position = today.year + (today.timetuple().tm_yday - 1) / (366 if today.year % 4 == 0 else 365)
    first, last = int(frame["start"].min()), int(frame["eind"].max())
    x = alt.X(
        "start:Q",
        title=None,
        scale=alt.Scale(domain=[first, last]),
        axis=alt.Axis(format="d", values=list(range(first, last + 1)), labelFontSize=13),
    )
    y = alt.Y(
        "fase:N",
        sort=list(frame["fase"]),
        title=None,
        axis=alt.Axis(labelFontSize=13, labelLimit=260, ticks=False, domain=False),
    )
    bars = (
        alt.Chart(frame)
        .mark_bar(cornerRadius=3)
        .encode(
            x=x,
            x2="eind:Q",
            y=y,
            color=alt.Color(
                "stand:N",
                legend=None,
                scale=alt.Scale(domain=["voorbij (volgens planning)", "nu", "komt nog"], range=PHASE_COLOURS),
            ),
            tooltip=[
                alt.Tooltip("fase:N", title="Fase"),
                alt.Tooltip("stand:N", title="Stand"),
                alt.Tooltip("onderdelen:N", title="Onderdelen"),
            ],
        )
    )
    today_frame = pd.DataFrame(
        {"pos": [position], "tekst": ["vandaag"], "label": [f"vandaag ({today.strftime('%d-%m-%Y')})"]}
    )
    inside = first <= position <= last
    layers: list[alt.Chart] = [bars]
    if inside:
        rule = (
            alt.Chart(today_frame)
            .mark_rule(color=NOW_RED, strokeWidth=3)
            .encode(
                x=alt.X("pos:Q", scale=alt.Scale(domain=[first, last])),
                tooltip=[alt.Tooltip("label:N", title="Vandaag")],
            )
        )
        label = (
            alt.Chart(today_frame)
            .mark_text(color=NOW_RED, fontWeight="bold", fontSize=13, baseline="bottom", dy=-3)
            .encode(
                x=alt.X("pos:Q", scale=alt.Scale(domain=[first, last])),
                y=alt.value(0),
                text="tekst:N",
                tooltip=[alt.Tooltip("label:N", title="Vandaag")],
            )
        )
        layers += [rule, label]
    return alt.layer(*layers).properties(
        height=alt.Step(26), title=alt.TitleParams("Monitoringsplan: waar staan we?", offset=18)
    )
