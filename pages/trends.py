"""Trends & doelen: the Elk Talent Telt monitor — observed series toward the 2034 and 2039 milestones.

The view lives in the link: ?lijn=&indicator=&gebieden=a,b&doel2034=50&doel2039=100&referentie=TWENTE.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.data import cached_verdict_table, get_programmes, get_store
from components.export import chart_downloads, share_link
from components.maps import focus_catalogue
from components.router import ensure_router
from components.shared import shared
from components.state import link_params, param_choice, show_notices
from components.ui import page_header, source_note
from regiomonitor.areas import NL_CODE, TWENTE_CODE
from regiomonitor.fmt import decimals_for, number, signed
from regiomonitor.params import is_plain_int
from regiomonitor.programme_charts import budget_by_line_chart
from regiomonitor.programme_tables import budget_frame
from regiomonitor.targets import (
    PROGRAMME_START,
    THRESHOLD_SHORT,
    THRESHOLD_TEXT,
    TargetRule,
    area_series,
    chart_notes,
    group_series,
    trajectory,
    trajectory_chart,
    verdict_cell_style,
)

CITY_AREAS = {"GM0141": "Almelo", "GM0153": "Enschede"}
#: The most lines one trend chart shows (the widget's limit; a link with more is cut to this).
MAX_AREAS = 5
KIND_LABELS = {"outcome": "uitkomst", "process": "proces", "narrative": "verhaal"}


def _areas(store) -> dict[str, tuple[str, ...]]:
    """Selectable areas: focus areas (groups of buurten) and the two cities (one code each)."""
    out = {fa.naam: fa.buurten for fa in focus_catalogue().areas}
    out |= {name: (code,) for code, name in CITY_AREAS.items()}
    return out


def _trend(
    store,
    indicator: str,
    age: str,
    ref_code: str,
    ref_name: str,
    areas: tuple[tuple[str, tuple[str, ...]], ...],
    rule: TargetRule,
    source: str,
):
    """The trajectories of the chosen areas and their chart (shared across sessions by these inputs)."""
    meta = store.indicator(indicator)
    ref_series = area_series(store, ref_code, indicator, age)
    trajectories = [
        trajectory(name, group_series(store, codes, indicator, age), ref_series, meta.direction, rule)
        for name, codes in areas
    ]
    trajectories = [t for t in trajectories if not t.series.empty]
    if not trajectories:
        return [], None
    references = {ref_name: ref_series} if not ref_series.empty else {}
    return trajectories, trajectory_chart(trajectories, meta.label, meta.unit, source, references)


def main() -> None:
    """Render the Trends & doelen page."""
    ensure_router()
    store = get_store()
    ett = get_programmes()["elk_talent_telt"]
    notices: list[str] = []
    page_header(
        "Trends & doelen",
        "Elk Talent Telt wil in één generatie een trendbreuk in de focusgebieden van Almelo en Enschede, met "
        "mijlpalen in **2034** en **2039**. Hier staan de gemeten reeksen naast het pad dat nodig is om die "
        "mijlpalen te halen.",
    )
    lines = {lijn.id: lijn for lijn in ett.lijnen}
    st.session_state.setdefault(
        "trends_lijn", param_choice("lijn", list(lines), "woon_leefomgeving", notices, "programmalijn")
    )
    lijn_id = st.radio(
        "Programmalijn", list(lines), format_func=lambda i: lines[i].naam, key="trends_lijn", horizontal=True
    )
    lijn = lines[lijn_id]
    st.caption(lijn.ambitie)

    measurable = [ind for ind in lijn.indicatoren if ind.soort == "outcome" and ind.app_indicator]
    app_ids = [ind.app_indicator for ind in measurable if ind.app_indicator]
    cat = store.catalogue.set_index("id")
    trendable = [i for i in app_ids if i in cat.index and str(cat.loc[i, "direction"]) != "neutraal"]
    if not trendable:
        st.info("Voor deze lijn heeft de monitor nog geen uitkomstindicator met cijfers.")
        _gaps(lijn)
        show_notices(notices)
        return
    if st.session_state.get("trends_indicator") not in trendable:
        st.session_state["trends_indicator"] = param_choice("indicator", trendable, trendable[0], notices, "indicator")
    indicator = st.selectbox(
        "Indicator", trendable, format_func=lambda i: str(cat.loc[i, "label"]), key="trends_indicator"
    )
    meta = store.indicator(indicator)
    ages = list(meta.age_groups)
    age = "18+" if "18+" in ages else ages[0]
    area_options = _areas(store)
    buurt_level = "buurt" in meta.levels
    if not buurt_level:
        area_options = {k: v for k, v in area_options.items() if v[0].startswith("GM")}
    if "trends_gebieden" not in st.session_state:
        raw = str(st.query_params.get("gebieden", ""))[:300]
        wanted = list(dict.fromkeys(a for a in raw.split(",") if a in area_options)) if raw else []
        if raw and not wanted:
            notices.append("De link noemt onbekende gebieden; de standaardkeuze wordt getoond.")
        elif len(wanted) > MAX_AREAS:
            notices.append(f"De link noemt meer dan {MAX_AREAS} gebieden; de eerste {MAX_AREAS} worden getoond.")
            wanted = wanted[:MAX_AREAS]
        st.session_state["trends_gebieden"] = wanted or [
            a for a in ("Wesselerbrink", "Almelo spoorzone", "Enschede", "Almelo") if a in area_options
        ]
    st.session_state["trends_gebieden"] = [a for a in st.session_state["trends_gebieden"] if a in area_options]
    chosen = st.multiselect("Gebieden", list(area_options), key="trends_gebieden", max_selections=MAX_AREAS)

    with st.expander("Doelen: werkaanname en rekenregel", expanded=False):
        c1, c2, c3 = st.columns(3)
        refs = {TWENTE_CODE: "Twente", NL_CODE: "Nederland"}
        st.session_state.setdefault(
            "trends_referentie", param_choice("referentie", list(refs), TWENTE_CODE, notices, "referentie")
        )
        ref_code = c1.selectbox("Referentie", list(refs), format_func=refs.__getitem__, key="trends_referentie")
        st.session_state.setdefault("trends_doel2034", _pct_param("doel2034", 50, notices))
        st.session_state.setdefault("trends_doel2039", _pct_param("doel2039", 100, notices))
        g34 = c2.slider("Achterstand ingelopen in 2034 (%)", 0, 100, step=5, key="trends_doel2034")
        g39 = c3.slider("Achterstand ingelopen in 2039 (%)", 0, 100, step=5, key="trends_doel2039")
        rule = TargetRule(g34 / 100, max(g39, g34) / 100, ref_code)
        st.markdown(rule.describe(refs[ref_code]))
        st.caption(THRESHOLD_TEXT)

    ds = store.datasets.get(meta.bron)
    source = (
        f"Bron: {ds.citation()}; {age}." if ds else ""
    ) + " Focusgebieden: door ons berekend, gewogen naar inwoners 2024. Doelen: werkaanname (zie rekenregel)."
    trajectories, chart = shared(
        _trend,
        store,
        indicator,
        age,
        ref_code,
        refs[ref_code],
        tuple((name, tuple(area_options[name])) for name in chosen),
        rule,
        source,
    )
    if not trajectories:
        st.warning("Kies minstens één gebied met cijfers voor deze indicator.")
    else:
        st.altair_chart(chart, width="stretch")
        source_note(
            source + " Lijnen: gemeten (doorgetrokken), benodigd pad (gestreept), trend met 95%-band "
            "(gestippeld, indicatief bij drie metingen). Ruiten: doelen 2034 en 2039."
        )
        ref_series = area_series(store, ref_code, indicator, age)
        references = {refs[ref_code]: ref_series} if not ref_series.empty else {}
        for note in chart_notes(trajectories, meta.unit, references):
            st.markdown(f"*{note}*")
        numbers = _numbers(trajectories, meta.unit)
        st.dataframe(numbers.style.map(verdict_cell_style, subset=["Oordeel"]), hide_index=True, width="stretch")
        st.caption(THRESHOLD_SHORT)
        observed = pd.concat([t.series.assign(gebied=t.area) for t in trajectories])[["gebied", "jaar", "value"]]
        chart_downloads(
            chart,
            observed.rename(columns={"value": meta.label}),
            f"trend {meta.label} {'-'.join(chosen)}",
            f"{meta.label}: trend en doelen 2034/2039",
            source,
            ", ".join(str(y) for y in sorted(observed["jaar"].unique())),
            key="trends_export",
            decimals=decimals_for(meta.unit),
        )

    cited = [r for r in ett.referentiecijfers if indicator in _doc_link(r.id)]
    if cited:
        st.markdown("**Referentiepunten uit de Regio Deal-aanvraag**")
        for r in cited:
            st.markdown(f"- {r.naam}: {r.waarde_tekst} ({r.gebied}; Regio Deal-aanvraag, {r.bron_pagina})")

    st.subheader("Overzicht: alle uitkomstindicatoren van de lijn")
    outcome = [(ind.naam, ind.app_indicator) for ind in lijn.indicatoren if ind.soort == "outcome"]
    verdicts = cached_verdict_table(outcome, area_options, rule)
    st.dataframe(
        verdicts.style.map(verdict_cell_style, subset=[c for c in verdicts.columns if c != "Indicator"]),
        hide_index=True,
        width="stretch",
    )
    st.caption(
        f"Grijs: de reeks eindigt vóór de start van Elk Talent Telt in {PROGRAMME_START}; het oordeel gaat over "
        "de trend daarvóór, niet over resultaten van het programma. " + THRESHOLD_SHORT
    )
    _gaps(lijn)

    st.query_params.update(
        {
            "lijn": lijn_id,
            "indicator": indicator,
            "gebieden": ",".join(chosen),
            "referentie": ref_code,
            "doel2034": str(g34),
            "doel2039": str(g39),
        }
    )
    st.subheader("Budget 2025-2028 per lijn en stad")
    spend = budget_frame(ett, include_aggregates=False)
    spend = spend[spend["soort"] == "uitgaven"]
    if len(spend):
        st.altair_chart(
            budget_by_line_chart(
                spend,
                "Elk Talent Telt, begroting 2025 t/m 2028",
                f"Bron: Regio Deal-aanvraag Elk Talent Telt, {spend['bron_pagina'].iloc[0]}",
            ),
            width="stretch",
        )
        totals = spend.groupby("gebied")["bedrag_eur"].sum()
        source_note(
            " · ".join(f"{g}: € {number(v)}" for g, v in totals.items()) + f" · totaal € {number(totals.sum())}. "
            "Bron: Regio Deal-aanvraag, begrotingstabel; de helft is gevraagde Regio Deal-bijdrage, de helft "
            "gemeentelijke cofinanciering."
        )
    st.page_link(
        "pages/programmas.py",
        label="Elk Talent Telt: lijnen, budget en monitoringopzet",
        icon=":material/account_tree:",
        query_params=link_params(programma="elk_talent_telt"),
    )
    share_link()
    show_notices(notices)


def _pct_param(name: str, default: int, notices: list[str]) -> int:
    raw = str(st.query_params.get(name, ""))[:8]
    if is_plain_int(raw) and 0 <= int(raw) <= 100 and int(raw) % 5 == 0:
        return int(raw)
    if raw:
        notices.append(f"De link bevat een ongeldig doelpercentage; {default}% wordt gebruikt.")
    return default


def _doc_link(ref_id: str) -> set[str]:
    """Which app indicator a cited figure of the document speaks about."""
    return {
        "ett_gezondheid_wijken": {"goede_gezondheid"},
        "ett_gezondheid_steden": {"goede_gezondheid"},
        "ett_eenzaamheid": {"eenzaam"},
        "ett_inkomen_tot_120": {"huishoudens_tot_120_sociaal_minimum", "moeite_rondkomen"},
    }.get(ref_id, set())


def _numbers(trajectories, unit: str) -> pd.DataFrame:
    dec = decimals_for(unit)
    rows = []
    for tj in trajectories:
        s = tj.series.sort_values("jaar")
        t, v = tj.targets, tj.verdict
        rows.append(
            {
                "Gebied": tj.area,
                "Metingen": ", ".join(str(y) for y in s["jaar"]),
                "Nulmeting": f"{number(t.baseline, dec, unit)} ({t.baseline_year})" if t else "–",
                "Doel 2034": number(t.target_2034, dec, unit) if t else "–",
                "Doel 2039": number(t.target_2039, dec, unit) if t else "–",
                "Nodig per jaar": signed(v.required_per_year, 2) if v and v.required_per_year is not None else "–",
                "Gerealiseerd per jaar": signed(v.realised_per_year, 2)
                if v and v.realised_per_year is not None
                else "–",
                "Oordeel": tj.verdict_label or "geen referentie",
                "Buurten met cijfer": f"{int(s['n'].iloc[-1])} van {int(s['n_total'].iloc[-1])}" if len(s) else "–",
            }
        )
    return pd.DataFrame(rows)


def _gaps(lijn) -> None:
    """Process and narrative indicators, and outcome indicators without data: the monitor's gaps."""
    missing = [ind for ind in lijn.indicatoren if not ind.app_indicator]
    if not missing:
        return
    st.markdown("**Nog geen meting** — wat de monitor nog mist voor deze lijn:")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Indicator": ind.naam,
                    "Soort": KIND_LABELS.get(ind.soort, ind.soort),
                    "Wat gemeten zou worden": ind.wat_gemeten_wordt or ind.toelichting or "",
                    "Documentcijfer": "; ".join(
                        f"{d.waarde_tekst} ({d.gebied}, {d.bron_pagina})" for d in ind.documentcijfers
                    ),
                }
                for ind in missing
            ]
        ),
        hide_index=True,
        width="stretch",
    )


main()
