"""Vergelijken: 2 to 8 buurten side by side, small multiples, a ranking, the working deprivation index and
look-alike buurten.

The view lives in the link: ``?buurten=BU…,BU…`` plus ``periode`` (health-monitor year of the table),
``weergave`` (values or differences), ``indicator`` and ``rangorde`` (the ranking), ``tweeling`` and
``tweelingen`` (look-alikes), next to the shared ``gemeente`` and ``jaar``. Unknown or malformed codes in the
link are named in one notice; the other buurten are still shown.
"""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from components.data import get_nl_buurten, get_store
from components.export import chart_downloads, share_link
from components.maps import focus_catalogue, focus_proposal
from components.router import ensure_router
from components.shared import shared
from components.state import GEMEENTE_OPTIONS, current_filters, link_params, param_choice, show_notices
from components.ui import page_header, source_note
from regiomonitor.areas import TWENTE_CODE, TWENTE_GEMEENTEN
from regiomonitor.compare import (
    MAX_BUURTEN,
    MIN_BUURTEN,
    VIEWS,
    buurt_label,
    comparable_indicators,
    comparison_frame,
    comparison_table,
    download_table,
    parse_buurten,
    ranking_chart,
    ranking_frame,
    small_multiples,
    styled_table,
    twente_buurten,
    verdict_grid,
)
from regiomonitor.deprivation import (
    DOMAINS,
    INDEX_ID,
    INDEX_LABEL,
    MIN_DOMAINS,
    MISSING_DOMAINS,
    breakdown,
    breakdown_chart,
    change_table,
    domain_list,
    index_table,
    weights_text,
)
from regiomonitor.deprivation import (
    INDICATORS as INDEX_INDICATORS,
)
from regiomonitor.deprivation import (
    METHOD as INDEX_METHOD,
)
from regiomonitor.deprivation import (
    PERIODS as INDEX_PERIODS,
)
from regiomonitor.exports import file_name, table_csv, table_xlsx, with_provenance
from regiomonitor.fmt import count, decimals_for, number, signed
from regiomonitor.indicators import source_line
from regiomonitor.paths import current_paths
from regiomonitor.twins import (
    FEATURES,
    GROUP_LABELS,
    LABELS,
    MIN_INHABITANTS,
    N_TWINS,
    OUTCOME_PERIOD,
    STRUCTURE,
    STRUCTURE_PERIOD,
    StructureMatrix,
    find_twins,
    outcome_chart,
    outcome_comparison,
    outcome_values,
    structure_comparison,
    structure_matrix,
)
from regiomonitor.twins import (
    METHOD as TWINS_METHOD,
)

KEY = "vergelijken_buurten"
NOTICE_KEY = "vergelijken_link_notice"
ADD_NOTICE_KEY = "vergelijken_add_notice"
#: Shown when the link names no buurten: Wesselerbrink, named in the Regio Deal application.
EXAMPLE = ("BU01530603", "BU01530604", "BU01530605", "BU01530606")
PERIODS = (2020, 2016, 2012)
DEFAULT_INDICATORS = (
    "moeite_rondkomen",
    "goede_gezondheid",
    "risico_angst_depressie_hoog",
    "eenzaam",
    "regie_eigen_leven",
    INDEX_ID,
)
SCOPES = {"nl": "Heel Nederland", "twente": "Alleen Twente"}
SCOPE_PHRASE = {"nl": "in heel Nederland", "twente": "in Twente"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# ------------------------------------------------------------------------------------- cached computations


def _root() -> str:
    return str(current_paths().root)


@st.cache_data(show_spinner="Buurtstructuur voorbereiden…", max_entries=4)
def _structure(root: str, scope: str = "nl") -> StructureMatrix:
    return structure_matrix(get_store(), get_nl_buurten(), scope)


@st.cache_data(show_spinner=False, max_entries=8)
def _national_index(root: str, period: int) -> pd.DataFrame:
    """The index of every Dutch buurt in one period (for NL percentiles and the twins' index)."""
    return index_table(get_store().indicators, get_nl_buurten(), period)


@st.cache_data(show_spinner=False, max_entries=2)
def _outcomes(root: str) -> pd.DataFrame:
    """Health outcomes 2020 of every Dutch buurt, with the index as one more column."""
    values = outcome_values(get_store(), get_nl_buurten())
    return values.join(_national_index(root, OUTCOME_PERIOD)["index"].rename(INDEX_ID), how="left")


@st.cache_data(show_spinner=False, max_entries=32)
def _changes(root: str, codes: tuple[str, ...], start: int, end: int) -> pd.DataFrame:
    return change_table(get_store().indicators, get_nl_buurten(), list(codes), start, end)


# ------------------------------------------------------------------------------------------------ selection


def _add(codes: list[str], what: str, first: str = "de buurten met de hoogste kwetsbaarheidsindex") -> None:
    """Quick-add buurten (a callback, so it runs before the multiselect is drawn); at most MAX_BUURTEN, taken in
    the order given (``first`` says which come first, for the notice)."""
    current = list(st.session_state.get(KEY, []))
    new = [c for c in codes if c not in current]
    room = MAX_BUURTEN - len(current)
    added = new[: max(room, 0)]
    st.session_state[KEY] = current + added
    if len(added) < len(new):
        # Shown as long as the selection is the one this add produced (stale once the user changes it).
        st.session_state[ADD_NOTICE_KEY] = (
            f"{what}: {count(len(new), 'buurt', 'buurten')}, er passen er nog {max(room, 0)} bij (hooguit {MAX_BUURTEN}). "
            + (f"Toegevoegd zijn {first}." if added else "Niets toegevoegd.")
            + " Haal buurten weg om andere te kiezen.",
            tuple(current + added),
        )
    else:
        st.session_state.pop(ADD_NOTICE_KEY, None)


def _by_index(store, codes: list[str] | tuple[str, ...]) -> list[str]:
    """Codes sorted by the 2020 index, highest (most vulnerable) first; those without a score last."""
    rows = store.rows(codes, INDEX_ID)  # runs for every quick-add button on every rerun: no full-table scan
    idx = rows[rows["period"] == 2020].set_index("area_code")["value"]
    return sorted(codes, key=lambda c: (-(idx.get(c) if pd.notna(idx.get(c)) else -99.0), c))


def _add_gemeente() -> None:
    picked = list(st.session_state.get("vergelijken_gm_buurten") or [])
    _add(picked, "Uit de gemeente")
    st.session_state["vergelijken_gm_buurten"] = []


def _selection(store, options: list[str]) -> list[str]:
    """The chosen buurten: from the link on first view, then from the widgets (mirrored into the link)."""
    if KEY not in st.session_state:
        raw = st.query_params.get("buurten")
        sel = parse_buurten(str(raw) if raw is not None else None, options)
        st.session_state[KEY] = list(sel.codes) if raw is not None else list(EXAMPLE)
        st.session_state["vergelijken_example"] = raw is None
        if sel.notice():
            st.session_state[NOTICE_KEY] = sel.notice()
        else:
            st.session_state.pop(NOTICE_KEY, None)
    if st.session_state.get(NOTICE_KEY):
        st.warning(st.session_state[NOTICE_KEY], icon=":material/link_off:")
    st.multiselect(
        f"Buurten ({MIN_BUURTEN} tot {MAX_BUURTEN}): zoek op naam of code",
        options,
        key=KEY,
        format_func=lambda c: buurt_label(store, c),
        max_selections=MAX_BUURTEN,
        placeholder="Typ een buurtnaam of code, bijvoorbeeld Wesselerbrink, Kerkelanden of BU0141",
    )
    with st.expander("Snel toevoegen: uit een focusgebied of een gemeente", expanded=False):
        focus = focus_catalogue()
        cols = st.columns(len(focus.areas) + 1)
        for i, fa in enumerate(focus.areas):
            cols[i].button(
                f"+ {fa.naam} ({len(fa.buurten)})",
                key=f"vergelijken_focus_{fa.id}",
                on_click=_add,
                args=(_by_index(store, fa.buurten), f"Focusgebied {fa.naam}"),
                help=f"{fa.basis_label}. Past het niet, dan de buurten met de hoogste kwetsbaarheidsindex.",
                width="stretch",
            )
        proposal = focus_proposal(_root())
        cols[-1].button(
            f"+ Voorstel uit de data ({len(proposal)})",
            key="vergelijken_focus_voorstel",
            on_click=_add,
            args=(_by_index(store, proposal), "Voorstel uit de data"),
            width="stretch",
            help="Buurten van Almelo en Enschede in het slechtste tiende van Twente (zie Bronnen & methode).",
        )
        gm_cols = st.columns([1, 2, 1], vertical_alignment="bottom")
        shared = current_filters().gemeente
        if "vergelijken_gm" not in st.session_state:
            st.session_state["vergelijken_gm"] = shared if shared in TWENTE_GEMEENTEN else "GM0153"
        gm = gm_cols[0].selectbox(
            "Gemeente",
            [g for g in GEMEENTE_OPTIONS if g != TWENTE_CODE],
            format_func=TWENTE_GEMEENTEN.__getitem__,
            key="vergelijken_gm",
        )
        gm_cols[1].multiselect(
            "Buurten uit deze gemeente",
            twente_buurten(store, gm),
            key="vergelijken_gm_buurten",
            format_func=store.name,
            placeholder="Kies buurten",
        )
        gm_cols[2].button(
            "Toevoegen", key="vergelijken_gm_toevoegen", on_click=_add_gemeente, width="stretch", icon=":material/add:"
        )
    chosen = list(st.session_state[KEY])
    notice = st.session_state.get(ADD_NOTICE_KEY)
    if notice and notice[1] == tuple(chosen):
        st.info(notice[0], icon=":material/info:")
    if chosen != list(EXAMPLE):
        st.session_state["vergelijken_example"] = False
    if st.session_state.get("vergelijken_example"):
        st.caption("Voorbeeld: de vier buurten van Wesselerbrink (Enschede). Kies hierboven zelf buurten.")
    if chosen:
        st.query_params["buurten"] = ",".join(chosen)
    elif "buurten" in st.query_params:
        del st.query_params["buurten"]
    return chosen


# ------------------------------------------------------------------------------------------------ sections


def _controls(notices: list[str]) -> tuple[int, str]:
    """Period of the table (health monitor) and the view; initialised from the link, mirrored into it."""
    if "vergelijken_periode" not in st.session_state:
        shared = current_filters().periode
        raw = param_choice(
            "periode", [str(p) for p in PERIODS], str(shared if shared in PERIODS else PERIODS[0]), notices, "periode"
        )
        st.session_state["vergelijken_periode"] = int(raw)
    if "vergelijken_weergave" not in st.session_state:
        st.session_state["vergelijken_weergave"] = param_choice("weergave", list(VIEWS), "waarde", notices, "weergave")
    c1, c2 = st.columns([1, 2])
    period = (
        c1.segmented_control(
            "Peiljaar van deze vergelijking",
            PERIODS,
            key="vergelijken_periode",
            required=True,
            help="Jaar van de gezondheidsmonitor voor de tabel, de grafieken en de rangorde; "
            "begint bij het peiljaar in de zijbalk. Bevolkingscijfers zijn altijd van "
            "2024.",
        )
        or PERIODS[0]
    )
    view = (
        c2.segmented_control(
            "Toon", list(VIEWS), format_func=VIEWS.__getitem__, key="vergelijken_weergave", required=True
        )
        or "waarde"
    )
    st.query_params["periode"] = str(period)
    st.query_params["weergave"] = view
    return int(period), str(view)


def _comparison_outputs(store, chosen: tuple[str, ...], period: int, view: str):
    """Table, verdict grid, download table and its CSV of one comparison (shared across sessions by inputs)."""
    frame = shared(comparison_frame, store, list(chosen), period)
    periods = ", ".join(str(p) for p in sorted({int(p) for p in frame["period"]}))
    data = with_provenance(download_table(frame), source_line(store, sorted(set(frame["dataset"]))), periods)
    return comparison_table(frame, view), verdict_grid(frame, view), data, table_csv(data)


def _small_multiples_chart(store, chosen: tuple[str, ...], period: int, indicators: tuple[str, ...]):
    frame = shared(comparison_frame, store, list(chosen), period)
    return small_multiples(frame[frame["indicator"].isin(indicators)])


def _ranking_chart(store, ind: str, period: int, scope: str, chosen: tuple[str, ...]):
    meta = store.indicator(ind)
    return ranking_chart(shared(ranking_frame, store, ind, period, scope, list(chosen)), meta.label, meta.unit)


def _comparison(store, chosen: list[str], period: int, view: str) -> pd.DataFrame:
    frame = shared(comparison_frame, store, chosen, period)
    table, grid, data, csv = shared(_comparison_outputs, store, tuple(chosen), period, view)
    explain = {
        "waarde": "Per buurt de waarde; ▲ gunstiger, ▼ ongunstiger dan de eigen gemeente, ≈ binnen 5% daarvan "
        "(rekening houdend met de richting: bij sommige indicatoren is lager beter).",
        "gemeente": "Per buurt het verschil met de eigen gemeente (in procentpunten, bij scores in scorepunten).",
        "twente": "Per buurt het verschil met Twente (in procentpunten, bij scores in scorepunten).",
        "nl": "Per buurt het verschil met Nederland (in procentpunten, bij scores in scorepunten).",
    }[view]
    st.caption(
        explain + " Blauw = gunstiger, oranje = ongunstiger; neutrale indicatoren (zoals de leeftijdsopbouw) "
        "krijgen geen kleur. Ontbreekt een cijfer, dan staat erbij waarom."
    )
    # All chosen buurten side by side at 1440 px: the theme column is left out (rows stay in theme order), unit and
    # year get narrow columns, and each buurt column an equal share of the remaining width.
    buurt_cols = [c for c in table.columns if re.search(r"\(BU\d+\)$", str(c))]
    other_cols = [c for c in table.columns if c not in {"Thema", "Indicator", "Eenheid", "Jaar", *buurt_cols}]
    col_width = max(78, min(170, 630 // max(len(buurt_cols), 1)))
    config = {
        "Indicator": st.column_config.TextColumn(pinned=True, width=220),
        "Eenheid": st.column_config.TextColumn(width=56),
        "Jaar": st.column_config.TextColumn(width=50),
    }
    for c in buurt_cols:
        config[c] = st.column_config.TextColumn(c.rsplit(" (", 1)[0], width=col_width, help=c)
    st.dataframe(
        styled_table(table, grid),
        hide_index=True,
        width="stretch",
        height=min(36 * (len(table) + 1) + 4, 1400),
        column_order=["Indicator", "Eenheid", "Jaar", *buurt_cols, *other_cols],
        column_config=config,
    )
    cols = st.columns([1, 1, 3])
    what = "vergelijking " + " ".join(store.name(c) for c in chosen[:3]) + (" e.a." if len(chosen) > 3 else "")
    cols[0].download_button(
        "Vergelijking als CSV",
        csv,
        file_name(what, "csv"),
        "text/csv",
        key="vergelijken_csv",
        on_click="ignore",
        icon=":material/download:",
        width="stretch",
    )
    cols[1].download_button(
        "Vergelijking als Excel",
        lambda: table_xlsx(data, "vergelijking"),
        file_name(what, "xlsx"),
        XLSX,
        key="vergelijken_xlsx",
        on_click="ignore",
        icon=":material/download:",
        width="stretch",
    )
    source_note(
        source_line(store, sorted(set(frame["dataset"])), sorted({int(p) for p in frame["period"]}))
        + " Gezondheidscijfers: volwassenen (18+), modelschattingen van het RIVM, buurtindeling 2020; "
        "kleine verschillen tussen buurten zijn niet betekenisvol. Twente: door ons berekend gewogen "
        "gemiddelde."
    )
    return frame


def _small_multiples(store, frame: pd.DataFrame, chosen: list[str], period: int) -> None:
    st.subheader("Per indicator", divider="gray")
    labels = dict(zip(frame["indicator"], frame["label"], strict=False))
    if "vergelijken_indicatoren" not in st.session_state:
        st.session_state["vergelijken_indicatoren"] = [i for i in DEFAULT_INDICATORS if i in labels]
    picked = st.multiselect(
        "Indicatoren", list(labels), format_func=labels.__getitem__, key="vergelijken_indicatoren", max_selections=12
    )
    sub = frame[frame["indicator"].isin(picked) & frame["value"].notna()]
    if sub.empty:
        st.info("Kies een of meer indicatoren met cijfers in dit peiljaar.")
        return
    sub = frame[frame["indicator"].isin(sub["indicator"])]
    chart = shared(_small_multiples_chart, store, tuple(chosen), period, tuple(sorted(set(sub["indicator"]))))
    # A grid of panels has a fixed width (Vega-Lite cannot stretch a facet): on a phone it scrolls inside its own
    # box instead of pushing the whole page sideways.
    st.markdown("<style>.st-key-vergelijken_multiples { overflow-x: auto; }</style>", unsafe_allow_html=True)
    with st.container(key="vergelijken_multiples"):
        st.altair_chart(chart, width="content")
    source = source_line(store, sorted(set(sub["dataset"])))
    periods = ", ".join(str(p) for p in sorted({int(p) for p in sub["period"]}))
    chart_downloads(
        chart,
        download_table(sub),
        "vergelijking per indicator",
        "Buurten per indicator",
        source,
        periods,
        key="vergelijken_sm_dl",
    )
    source_note(
        "Stippen: de gekozen buurten; grijs streepje: de eigen gemeente; lijnen: Twente (doorgetrokken) en "
        f"Nederland (gestreept). {source} Periode: {periods}."
    )


def _ranking(store, chosen: list[str], period: int, notices: list[str]) -> None:
    st.subheader("Rangorde", divider="gray")
    ids = comparable_indicators(store)
    labels = dict(zip(store.catalogue["id"], store.catalogue["label"], strict=False))
    if "vergelijken_rang_indicator" not in st.session_state:
        st.session_state["vergelijken_rang_indicator"] = param_choice(
            "indicator", ids, "moeite_rondkomen", notices, "indicator"
        )
    scopes = [TWENTE_CODE, *dict.fromkeys(sorted({"GM" + c[2:6] for c in chosen}))]
    if st.session_state.get("vergelijken_rang_scope") not in scopes:
        first = "GM" + chosen[0][2:6] if chosen else TWENTE_CODE
        st.session_state["vergelijken_rang_scope"] = param_choice("rangorde", scopes, first, notices, "rangorde")
    cols = st.columns([3, 2])
    ind = cols[0].selectbox("Indicator", ids, format_func=labels.__getitem__, key="vergelijken_rang_indicator")
    scope = cols[1].selectbox(
        "Buurten van",
        scopes,
        key="vergelijken_rang_scope",
        format_func=lambda c: "heel Twente" if c == TWENTE_CODE else TWENTE_GEMEENTEN.get(c, c),
    )
    st.query_params["indicator"] = ind
    st.query_params["rangorde"] = scope
    ranked = shared(ranking_frame, store, ind, period, scope, chosen)
    meta = store.indicator(ind)
    if ranked.empty:
        st.info(
            f"{meta.label}: geen buurtcijfers in {period} (niet gemeten of niet gepubliceerd). Kies een ander "
            "peiljaar of een andere indicator.",
            icon=":material/info:",
        )
        return
    mine = ranked[ranked["gekozen"]]
    outside = [store.name(c) for c in chosen if c not in set(ranked["code"])]
    text = "; ".join(f"**{r.buurt}**: plaats {r.rank} van {r.n}" for r in mine.itertuples())
    st.markdown(text or "Geen van de gekozen buurten heeft hier een cijfer.")
    if outside:
        st.caption("Niet in deze rangorde (andere gemeente of geen cijfer): " + ", ".join(outside) + ".")
    chart = shared(_ranking_chart, store, ind, period, scope, tuple(chosen))
    st.altair_chart(chart, width="stretch")
    use = int(ranked["period"].iloc[0])
    src = source_line(store, [meta.bron], [use])
    chart_downloads(
        chart,
        ranked[["code", "buurt", "value", "rank", "n", "gekozen"]].rename(
            columns={"code": "buurtcode", "value": meta.label, "rank": "rang", "n": "aantal"}
        ),
        f"rangorde {meta.label} {store.name(scope)}",
        f"Rangorde: {meta.label} ({store.name(scope)}, {use})",
        src,
        str(use),
        key="vergelijken_rank_dl",
    )
    source_note(
        f"{src} Rang 1 = minst gunstig volgens de richting van de indicator (bij neutrale indicatoren: "
        "de hoogste waarde); gelijke waarden delen een rang."
    )


def _index(store, chosen: list[str], period: int) -> None:
    st.subheader(INDEX_LABEL, divider="gray")
    st.markdown(
        f"Een samengestelde score uit vier domeinen van de gezondheidsmonitor ({weights_text()}), per indicator "
        "afgezet tegen alle Nederlandse buurten van hetzelfde jaar. **0 = de middelste Nederlandse buurt, hoger = "
        "kwetsbaarder** (+1 = één standaardafwijking). Dit is een werkdefinitie van deze monitor, **niet de officiële "
        "MDI van Het PON & Telos**. " + ", ".join(MISSING_DOMAINS) + ": geen buurtcijfers beschikbaar, dus niet in "
        "de index."
    )
    with st.expander("Hoe de index wordt berekend"):
        st.markdown(INDEX_METHOD)
        st.markdown(domain_list(dict(zip(store.catalogue["id"], store.catalogue["label"], strict=True))))
    root = _root()
    use = period if period in INDEX_PERIODS else INDEX_PERIODS[-1]
    national = _national_index(root, use)
    names = {c: store.name(c) for c in chosen}
    parts = breakdown(national, chosen, names, use)
    if parts.empty:
        st.info(f"Geen van de gekozen buurten heeft in {use} een index (te weinig cijfers of buurtindeling gewijzigd).")
        return
    chart = breakdown_chart(parts)
    st.altair_chart(chart, width="stretch")
    changes = {(a, b): _changes(root, tuple(chosen), a, b) for a, b in ((2016, 2020), (2012, 2020))}
    rows = []
    stored = store.rows(chosen, INDEX_ID).pivot_table(
        index="area_code", columns="period", values="value", aggfunc="first"
    )
    for code in chosen:
        rec = national.loc[code] if code in national.index else None
        row = {"Buurt": store.name(code)}
        for p in INDEX_PERIODS:
            v = stored[p].get(code) if p in stored.columns else None
            row[f"Index {p}"] = number(v, 2) if v is not None and pd.notna(v) else "–"
        for (a, b), tab in changes.items():
            ch = tab.set_index("code")["verschil"].get(code)
            row[f"Verandering {a}→{b}"] = signed(ch, 2) if ch is not None and pd.notna(ch) else "–"
        pct = rec["percentiel_nl"] if rec is not None else None
        row[f"Positie in NL {use}"] = (
            f"kwetsbaarste {max(1, round(100 - pct))}%" if pct is not None and pd.notna(pct) else "–"
        )
        for d in DOMAINS:
            v = rec[d.id] if rec is not None else None
            row[f"{d.label} {use}"] = number(v, 2) if v is not None and pd.notna(v) else "–"
        row["Code"] = code
        rows.append(row)
    shown = pd.DataFrame(rows)
    st.dataframe(shown, hide_index=True, width="stretch")
    left_out = {
        k: [
            store.indicator(i).label.lower() for i in INDEX_INDICATORS if i not in tab["indicatoren"].iloc[0].split(",")
        ]
        for k, tab in changes.items()
        if len(tab)
    }
    src = source_line(store, ["regiomonitor_kwetsbaarheidsindex", "rivm_gezondheid_wijk_buurt"], list(INDEX_PERIODS))
    chart_downloads(
        chart,
        shown,
        f"kwetsbaarheidsindex {' '.join(store.name(c) for c in chosen[:3])}",
        f"{INDEX_LABEL}, opbouw {use}",
        src,
        ", ".join(str(p) for p in INDEX_PERIODS),
        key="vergelijken_index_dl",
    )
    notes = [
        f"Staafjes: gewogen bijdrage per domein in {use}; zwart streepje: de index. Een buurt krijgt alleen een "
        f"score met cijfers in minstens {MIN_DOMAINS} van de {len(DOMAINS)} domeinen."
    ]
    notes.append(
        "Verandering: beide jaren opnieuw berekend op alleen de indicatoren die beide jaren hebben, dus "
        "vergelijkbaar (positief = kwetsbaarder geworden ten opzichte van de Nederlandse buurten); "
        + "; ".join(f"{a}→{b} zonder {', '.join(lo)}" for (a, b), lo in left_out.items() if lo)
        + ". De index per jaar gebruikt alle indicatoren van dat jaar."
    )
    notes.append(
        "De gezondheidsmonitor gebruikt in alle jaren de buurtindeling van 2020, dus er is geen grensbreuk "
        "binnen de reeks; nieuwe Almelose buurten (indeling 2024) hebben geen score."
    )
    source_note(" ".join(notes) + " " + src)
    st.caption("Ook als indicator op de kaart, in de tabel hierboven en in het buurtprofiel.")


def _outcome(value: float | None, unit: str) -> str:
    """An outcome for the look-alike table: percentages as 12,3%, index scores with two decimals."""
    return number(value, 2, None) if unit == "score" else number(value, decimals_for(unit), unit)


def _twin_results(store, root: str, code: str, scope: str):
    """The look-alikes of one buurt, what they share, their outcomes and its chart (shared across sessions)."""
    matrix = _structure(root)
    twins = find_twins(matrix, code, N_TWINS, scope, require_outcomes=True)
    outcomes = outcome_comparison(store, None, code, twins, values=_outcomes(root))
    chart = outcome_chart(outcomes, store.name(code)) if outcomes["buurt"].notna().any() else None
    return twins, structure_comparison(matrix, code, twins), outcomes, chart


def _twins(store, chosen: list[str], twente: set[str], notices: list[str]) -> None:
    st.subheader("Buurten die erop lijken", divider="gray")
    st.markdown(
        f"Welke buurten hebben dezelfde **leeftijdsopbouw**, **omvang** en **verstedelijking**, en binnen Twente ook "
        f"dezelfde **huishoudenssamenstelling**? We zoeken de {N_TWINS} meest gelijkende buurten in heel Nederland of "
        f"alleen in Twente (alleen buurten met minstens {MIN_INHABITANTS} inwoners) en zetten hun uitkomsten "
        f"({OUTCOME_PERIOD}) naast die van de buurt: wat dan nog verschilt, komt niet door die structuur. "
        "**Herkomst of migratieachtergrond gebruiken we bewust niet**: dan zou de vergelijking op etniciteit sturen, "
        "en dat is geen structuuroorzaak die we constant willen houden."
    )
    with st.expander("Hoe de tweelingen worden gekozen: kenmerken en gewichten"):
        st.markdown(TWINS_METHOD)
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Kenmerk": LABELS.get(v, v),
                        "Groep": GROUP_LABELS[g],
                        "Gewicht in heel Nederland": number(w_nl, 2) if w_nl is not None else "niet gebruikt",
                        "Gewicht binnen Twente": number(w_tw, 2) if w_tw is not None else "niet gebruikt",
                    }
                    for v, (g, w_nl, w_tw) in FEATURES.items()
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    root = _root()
    if "vergelijken_tweeling_scope" not in st.session_state:
        st.session_state["vergelijken_tweeling_scope"] = param_choice(
            "tweelingen", list(SCOPES), "nl", notices, "zoekgebied"
        )
    matrix = _structure(root, st.session_state.get("vergelijken_tweeling_scope") or "nl")
    options = [c for c in chosen if c in matrix.z.index]
    skipped = [c for c in chosen if c not in matrix.z.index]
    if skipped:
        st.caption(
            f"Zonder structuurcijfers {STRUCTURE_PERIOD} (minder dan {MIN_INHABITANTS} inwoners of niet in de "
            "indeling 2024): " + ", ".join(store.name(c) for c in skipped) + "."
        )
    if not options:
        st.info("Geen van de gekozen buurten heeft genoeg inwoners of structuurcijfers voor deze vergelijking.")
        return
    if st.session_state.get("vergelijken_tweeling") not in options:
        st.session_state["vergelijken_tweeling"] = param_choice("tweeling", options, options[0], notices, "buurt")
    cols = st.columns([3, 2])
    code = cols[0].selectbox("Buurt", options, format_func=lambda c: buurt_label(store, c), key="vergelijken_tweeling")
    scope = (
        cols[1].segmented_control(
            "Zoek in", list(SCOPES), format_func=SCOPES.__getitem__, key="vergelijken_tweeling_scope", required=True
        )
        or "nl"
    )
    st.query_params["tweeling"] = code
    st.query_params["tweelingen"] = scope
    twins, comp, outcomes, outcome_chart_ = shared(_twin_results, store, root, code, scope)
    name = store.name(code)
    diff_cols = {f"verschil_{v}": f"Δ {LABELS[v].replace(' (%)', '')} (pp)" for v in STRUCTURE}
    shown = pd.DataFrame(
        {
            "Buurt": twins["naam"],
            "Gemeente": [store.name("GM" + c[2:6]) for c in twins["code"]],
            "Code": twins["code"],
            "Gelijkenis (0-100)": twins["gelijkenis"].astype(int),
            "Inwoners": [number(v) for v in twins["inwoners"]],
            **{label: [signed(v, 1) for v in twins[col]] for col, label in diff_cols.items()},
            "Waarom een tweeling": twins["waarom"],
            "Grootste verschil": twins["grootste_verschil"],
        }
    )
    st.markdown(f"**De {len(twins)} buurten {SCOPE_PHRASE[scope]} die het meest op {name} lijken**")
    st.dataframe(shown, hide_index=True, width="stretch")
    # Only Twente buurten can join the comparison (its tables and ranking are about Twente).
    addable = [c for c in twins["code"] if c in twente and c not in chosen]
    room = MAX_BUURTEN - len(chosen)
    if addable:
        fits = min(len(addable), max(room, 0))
        label = (
            f"Zet de {fits} meest gelijkende tweelingen uit Twente in de vergelijking"
            if fits
            else f"De vergelijking is vol ({MAX_BUURTEN} buurten): haal er eerst een weg"
        )
        st.button(
            label,
            key="vergelijken_twins_add",
            on_click=_add,
            disabled=not fits,
            args=(addable[:fits], f"Tweelingen van {name}", "de meest gelijkende"),
            icon=":material/add:",
        )
    st.caption(
        "Gelijkenis 100 = gelijk op alle kenmerken, 0 = zo verschillend als twee willekeurige Nederlandse "
        "buurten gemiddeld. Δ = tweeling min deze buurt, in procentpunten. Alleen buurten met cijfers uit de "
        f"gezondheidsmonitor {OUTCOME_PERIOD} komen in aanmerking."
    )
    left, right = st.columns([1, 1])
    with left:
        st.markdown("**Waarop ze lijken**")
        st.dataframe(
            pd.DataFrame(
                {
                    "Kenmerk": comp["kenmerk"],
                    "Deze buurt": [
                        number(v, 0 if k in ("inwoners", "wijk_dichtheid", "stedelijkheid") else 1)
                        for k, v in zip(comp["variabele"], comp["buurt"], strict=True)
                    ],
                    "Tweelingen (mediaan)": [
                        number(v, 0 if k in ("inwoners", "wijk_dichtheid") else 1)
                        for k, v in zip(comp["variabele"], comp["tweelingen_mediaan"], strict=True)
                    ],
                    "Bereik": [
                        f"{number(a, 0 if k in ('inwoners', 'wijk_dichtheid', 'stedelijkheid') else 1)} – "
                        f"{number(b, 0 if k in ('inwoners', 'wijk_dichtheid', 'stedelijkheid') else 1)}"
                        for k, a, b in zip(
                            comp["variabele"], comp["tweelingen_min"], comp["tweelingen_max"], strict=True
                        )
                    ],
                }
            ),
            hide_index=True,
            width="stretch",
        )
    with right:
        st.markdown(f"**Uitkomsten van {name} naast de mediaan van de tweelingen**")
        st.dataframe(
            pd.DataFrame(
                {
                    "Indicator": outcomes["label"],
                    "Deze buurt": [_outcome(v, u) for v, u in zip(outcomes["buurt"], outcomes["unit"], strict=True)],
                    "Tweelingen (mediaan)": [
                        _outcome(v, u) for v, u in zip(outcomes["tweelingen_mediaan"], outcomes["unit"], strict=True)
                    ],
                    "Verschil": [
                        signed(v, 2 if u == "score" else 1)
                        for v, u in zip(outcomes["verschil"], outcomes["unit"], strict=True)
                    ],
                    "Oordeel": outcomes["oordeel"].map(
                        {"beter": "▲ gunstiger", "slechter": "▼ ongunstiger", "gelijk": "≈ gelijk", "": "neutraal"}
                    ),
                    "Tweelingen met cijfer": outcomes["n"],
                }
            ),
            hide_index=True,
            width="stretch",
            height=35 * (len(outcomes) + 1) + 3,
        )
    if outcomes["buurt"].notna().any():
        chart = outcome_chart_
        st.altair_chart(chart, width="stretch")
        chart_downloads(
            chart,
            outcomes.drop(columns=["direction"]),
            f"tweelingen {name}",
            f"{name} naast de {len(twins)} meest gelijkende buurten",
            f"Bron: CBS Kerncijfers wijken en buurten {STRUCTURE_PERIOD}; RIVM/CBS/GGD Gezondheid per wijk "
            f"en buurt {OUTCOME_PERIOD} (18+)",
            f"{STRUCTURE_PERIOD} (structuur), {OUTCOME_PERIOD} (uitkomsten)",
            key="vergelijken_twins_dl",
        )
    else:
        st.info(f"{name} heeft geen cijfers uit de gezondheidsmonitor {OUTCOME_PERIOD}; de tweelingen zijn wel bekend.")
    source_note(
        f"Bron: CBS Kerncijfers wijken en buurten {STRUCTURE_PERIOD} (leeftijd, inwoners en wijkdichtheid, "
        "indeling 2024); binnen Twente ook CBS Wijk- en buurtkaart 2021 (huishoudens, stedelijkheid); "
        f"RIVM/CBS/GGD Gezondheid per wijk en buurt {OUTCOME_PERIOD} (18+, modelschattingen, indeling 2020). "
        "Grijze balk: het bereik van de tweelingen, streepje: hun mediaan. Een buurtcode die in beide "
        "indelingen "
        "bestaat, geldt als dezelfde buurt."
    )


def main() -> None:
    """Render the Vergelijken page."""
    ensure_router()
    store = get_store()
    notices: list[str] = []
    page_header(
        "Vergelijken",
        "Zet 2 tot 8 buurten naast elkaar: waar is een achterstand eigen aan de buurt en waar "
        "delen buurten hem? Met een rangorde, een samengestelde kwetsbaarheidsindex en buurten elders in het "
        "land die qua opbouw op de uwe lijken.",
    )
    options = twente_buurten(store)
    chosen = _selection(store, options)
    if len(chosen) < MIN_BUURTEN:
        st.info(
            f"Kies minstens {MIN_BUURTEN} buurten om te vergelijken (zoek hierboven of gebruik Snel toevoegen).",
            icon=":material/compare_arrows:",
        )
    else:
        st.subheader("Naast elkaar", divider="gray")
        period, view = _controls(notices)
        frame = _comparison(store, chosen, period, view)
        _small_multiples(store, frame, chosen, period)
        _ranking(store, chosen, period, notices)
        _index(store, chosen, period)
    if chosen:
        _twins(store, chosen, set(options), notices)
        st.markdown("**Naar het buurtprofiel**")
        cols = st.columns(min(len(chosen), 4))
        for i, c in enumerate(chosen):
            cols[i % len(cols)].page_link(
                "pages/buurt.py", label=store.name(c), icon=":material/home_pin:", query_params=link_params(buurt=c)
            )
    show_notices(notices)
    share_link()


main()
