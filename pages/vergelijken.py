"""Vergelijken: 2 to 8 buurten side by side, a ranking, look-alike buurten and a working deprivation index.

The selection lives in the link as ``?buurten=BU…,BU…`` (plus ``?indicator=`` for the ranking and ``?tweeling=``
for the look-alikes), so a wijkmanager can send exactly this comparison.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.data import get_nl_buurten, get_store
from components.export import chart_downloads, share_link
from components.maps import focus_catalogue
from components.router import ensure_router
from components.state import current_filters, link_params, param_choice, show_notices
from components.ui import page_header, source_note
from regiomonitor.areas import TWENTE_CODE, TWENTE_GEMEENTEN
from regiomonitor.compare import (
    MAX_BUURTEN, MIN_BUURTEN, comparable_indicators, comparison_frame, comparison_table, download_table,
    parse_buurten, ranking_chart, ranking_frame, small_multiples,
)
from regiomonitor.deprivation import (
    DOMAINS, INDEX_LABEL, METHOD, MISSING_DOMAINS, PERIODS as DEPRIVATION_PERIODS, breakdown, breakdown_chart,
    index_for_period,
)
from regiomonitor.exports import file_name, table_csv, table_xlsx, with_provenance
from regiomonitor.fmt import decimals_for, number, signed
from regiomonitor.indicators import source_line
from regiomonitor.twins import (
    MIN_INHABITANTS, OUTCOME_PERIOD, STRUCTURE_PERIOD, find_twins, outcome_comparison, structure_comparison,
    structure_matrix,
)

@st.cache_resource(show_spinner=False, max_entries=2)
def _index_table(root: str) -> pd.DataFrame:
    store, nl = get_store(), get_nl_buurten()
    return pd.concat([index_for_period(store.indicators, nl, p) for p in DEPRIVATION_PERIODS])


DEFAULT_BUURTEN = ("BU01530603", "BU01530604", "BU01530605", "BU01530606")  # Wesselerbrink, named in the Regio Deal
KEY = "vergelijken_buurten"


@st.cache_resource(show_spinner="Buurtstructuur van heel Nederland voorbereiden…", max_entries=2)
def _structure(root: str):  # noqa: ANN202 - one read-only matrix for all sessions
    return structure_matrix(get_store(), get_nl_buurten())


def _buurt_options(store) -> list[str]:  # noqa: ANN001
    a = store.areas
    buurten = a[(a["level"] == "buurt") & a["twente"]].copy()
    buurten["gm"] = buurten["gemeente"].map(TWENTE_GEMEENTEN)
    return buurten.sort_values(["gm", "name"])["code"].tolist()


def _label(store, code: str) -> str:  # noqa: ANN001
    return f"{store.name(code)} ({TWENTE_GEMEENTEN.get('GM' + code[2:6], 'buiten Twente')}, {code})"


def _add(codes: list[str]) -> None:
    """Quick-add buurten to the selection (callback, so it runs before the multiselect is drawn)."""
    current = list(st.session_state.get(KEY, []))
    st.session_state[KEY] = list(dict.fromkeys(current + codes))[:MAX_BUURTEN]


def _selection(store, notices: list[str]) -> list[str]:  # noqa: ANN001
    options = _buurt_options(store)
    if KEY not in st.session_state:
        raw = st.query_params.get("buurten")
        sel = parse_buurten(str(raw) if raw is not None else None, options)
        st.session_state[KEY] = list(sel.codes) if raw is not None else list(DEFAULT_BUURTEN)
        if sel.notice():
            st.warning(sel.notice(), icon=":material/info:")
    st.multiselect(f"Buurten ({MIN_BUURTEN} tot {MAX_BUURTEN}); zoek op naam of code", options, key=KEY,
                   format_func=lambda c: _label(store, c), max_selections=MAX_BUURTEN,
                   placeholder="Typ een buurtnaam, bijvoorbeeld Wesselerbrink of Kerkelanden")
    focus = focus_catalogue()
    cols = st.columns(len(focus.areas) + 1)
    for i, fa in enumerate(focus.areas):
        cols[i].button(f"+ {fa.naam}", key=f"vergelijken_focus_{fa.id}", on_click=_add, args=(list(fa.buurten),),
                       help=f"Voeg de buurten van focusgebied {fa.naam} toe ({fa.basis_label}); hooguit {MAX_BUURTEN}.")
    gm = current_filters().gemeente
    if gm != TWENTE_CODE:
        worst = ranking_frame(store, "moeite_rondkomen", None, gm, [])["code"].head(4).tolist()
        cols[-1].button(f"+ 4 buurten {TWENTE_GEMEENTEN[gm]}", key="vergelijken_gemeente", on_click=_add,
                        args=(worst,), help="De vier buurten van de gekozen gemeente met het hoogste aandeel "
                                            "inwoners dat moeite heeft met rondkomen.")
    chosen = list(st.session_state[KEY])
    if chosen:
        st.query_params["buurten"] = ",".join(chosen)
    elif "buurten" in st.query_params:
        del st.query_params["buurten"]
    return chosen


def _comparison(store, chosen: list[str], period: int) -> pd.DataFrame:  # noqa: ANN001
    frame = comparison_frame(store, chosen, period)
    st.subheader("Naast elkaar", divider="gray")
    st.caption(f"Gezondheidsmonitor: peiljaar {period} (kies het in de zijbalk); bevolking: 2024. Tussen haakjes het "
               "verschil met de eigen gemeente en of dat gunstig (▲) of ongunstig (▼) is; binnen 5% telt als gelijk (≈).")
    st.dataframe(comparison_table(frame), hide_index=True, width="stretch")
    data = with_provenance(download_table(frame), source_line(store, sorted(set(frame["dataset"]))),
                           f"{period} (gezondheid), 2024 (bevolking)")
    cols = st.columns(2)
    cols[0].download_button("Vergelijking als CSV", table_csv(data), file_name("vergelijking buurten", "csv"),
                            "text/csv", key="vergelijken_csv", on_click="ignore", icon=":material/download:")
    cols[1].download_button("Vergelijking als Excel", table_xlsx(data), file_name("vergelijking buurten", "xlsx"),
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            key="vergelijken_xlsx", on_click="ignore", icon=":material/download:")
    source_note(source_line(store, sorted(set(frame["dataset"])), sorted(set(frame["period"]))))
    return frame


def _small_multiples(store, frame: pd.DataFrame, notices: list[str]) -> None:  # noqa: ANN001
    st.subheader("Per indicator", divider="gray")
    labels = dict(zip(frame["indicator"], frame["label"], strict=False))
    default = [i for i in ("moeite_rondkomen", "goede_gezondheid", "eenzaam", "risico_angst_depressie_hoog",
                           "regie_eigen_leven", "aandeel_65_plus") if i in labels]
    picked = st.multiselect("Indicatoren", list(labels), default=default, format_func=labels.__getitem__,
                            key="vergelijken_indicatoren")
    sub = frame[frame["indicator"].isin(picked)]
    if sub.empty:
        st.info("Kies een of meer indicatoren.")
        return
    chart = small_multiples(sub)
    st.altair_chart(chart, width="content")
    source = source_line(store, sorted(set(sub["dataset"])))
    chart_downloads(chart, download_table(sub), "vergelijking per indicator", "Buurten per indicator", source,
                    ", ".join(str(p) for p in sorted(set(sub["period"]))), key="vergelijken_sm_dl")
    st.caption("Stippen: de gekozen buurten. Lijnen: Twente (doorgetrokken) en Nederland (gestreept).")


def _ranking(store, chosen: list[str], period: int, notices: list[str]) -> None:  # noqa: ANN001
    st.subheader("Rangorde", divider="gray")
    ids = comparable_indicators(store)
    labels = dict(zip(store.catalogue["id"], store.catalogue["label"], strict=False))
    if "vergelijken_rang_indicator" not in st.session_state:
        st.session_state["vergelijken_rang_indicator"] = param_choice("indicator", ids, "moeite_rondkomen", notices,
                                                                      "indicator")
    cols = st.columns([3, 2])
    ind = cols[0].selectbox("Indicator", ids, format_func=labels.get, key="vergelijken_rang_indicator")
    gemeenten = sorted({"GM" + c[2:6] for c in chosen})
    scopes = [TWENTE_CODE, *gemeenten]
    scope = cols[1].selectbox("Buurten van", scopes, key="vergelijken_rang_scope",
                              format_func=lambda c: "heel Twente" if c == TWENTE_CODE else TWENTE_GEMEENTEN.get(c, c))
    st.query_params["indicator"] = ind
    ranked = ranking_frame(store, ind, period, scope, chosen)
    if ranked.empty:
        st.info("Voor deze indicator zijn er geen buurtcijfers in deze periode.")
        return
    meta = store.indicator(ind)
    mine = ranked[ranked["gekozen"]]
    st.markdown("; ".join(f"**{r.buurt}**: plaats {r.rank} van {r.n}" for r in mine.itertuples())
                or "Geen van de gekozen buurten heeft een cijfer voor deze indicator.")
    chart = ranking_chart(ranked, str(meta["label"]), str(meta["unit"]))
    st.altair_chart(chart, width="stretch")
    src = source_line(store, [str(meta["bron"])], [int(ranked["period"].iloc[0])])
    chart_downloads(chart, ranked, f"rangorde {meta['label']}", f"Rangorde: {meta['label']}", src,
                    str(int(ranked["period"].iloc[0])), key="vergelijken_rank_dl")
    source_note(f"{src} Plaats 1 = minst gunstig (richting van 'beter' volgens de indicator).")


def _twins(store, chosen: list[str], notices: list[str]) -> None:  # noqa: ANN001
    st.subheader("Buurten die erop lijken", divider="gray")
    st.markdown(
        f"Welke buurten in Nederland hebben dezelfde **leeftijdsopbouw** (vijf leeftijdsgroepen) en **omvang** "
        f"(aantal inwoners, logaritmisch)? Elk kenmerk is gestandaardiseerd over alle Nederlandse buurten met minstens "
        f"{MIN_INHABITANTS} inwoners (CBS {STRUCTURE_PERIOD}); de afstand is de gewone (euclidische) afstand op die "
        f"scores. Herkomst of migratieachtergrond gebruiken we bewust **niet**: dan zou de vergelijking op etniciteit "
        f"sturen, en dat is geen structuurkenmerk dat we constant willen houden. Daarna zetten we de uitkomsten "
        f"({OUTCOME_PERIOD}, 18+) van de buurt naast de mediaan van de tweelingen: verschillen die overblijven, "
        f"komen niet door leeftijdsopbouw of omvang."
    )
    matrix = _structure("shared")
    options = [c for c in chosen if c in matrix.z.index]
    skipped = [c for c in chosen if c not in matrix.z.index]
    if skipped:
        st.caption("Zonder structuurcijfers (te weinig inwoners of geen cijfers 2024): "
                   + ", ".join(store.name(c) for c in skipped) + ".")
    if not options:
        st.info("Geen van de gekozen buurten heeft genoeg inwoners of structuurcijfers voor deze vergelijking.")
        return
    if "vergelijken_tweeling" not in st.session_state:
        st.session_state["vergelijken_tweeling"] = param_choice("tweeling", options, options[0], notices, "buurt")
    if st.session_state["vergelijken_tweeling"] not in options:
        st.session_state["vergelijken_tweeling"] = options[0]
    cols = st.columns([3, 2])
    code = cols[0].selectbox("Buurt", options, format_func=lambda c: _label(store, c), key="vergelijken_tweeling")
    scope = cols[1].segmented_control("Zoek in", ["Nederland", "Twente"], default="Nederland",
                                      key="vergelijken_tweeling_scope") or "Nederland"
    st.query_params["tweeling"] = code
    twins = find_twins(matrix, code, 10, "nl" if scope == "Nederland" else "twente")
    gm_names = dict(zip(store.areas["code"], store.areas["name"], strict=False))
    shown = pd.DataFrame({
        "Buurt": [store.name(c) if c in store.area_names else c for c in twins["code"]],
        "Gemeente": [gm_names.get("GM" + c[2:6], "GM" + c[2:6]) for c in twins["code"]],
        "Code": twins["code"],
        "Gelijkenis (0-100)": twins["gelijkenis"],
        "Inwoners": twins["inwoners"].astype(int),
        "65+ (%)": twins["aandeel_65_plus"].round(1),
        "0-15 (%)": twins["aandeel_0_15"].round(1),
    })
    left, right = st.columns([3, 2])
    with left:
        st.markdown(f"**De tien meest gelijkende buurten ({scope.lower() if scope == 'Twente' else 'heel Nederland'})**")
        st.dataframe(shown, hide_index=True, width="stretch")
        st.caption("Gelijkenis: het aandeel van alle vergeleken buurten dat minder op deze buurt lijkt "
                   "(100 = de meest gelijkende).")
    with right:
        st.markdown("**Waarop ze lijken**")
        comp = structure_comparison(matrix, code, twins)
        st.dataframe(pd.DataFrame({
            "Kenmerk": comp["kenmerk"],
            "Deze buurt": [number(v, 0 if k == "inwoners" else 1) for k, v in zip(comp["kenmerk"], comp["buurt"], strict=False)],
            "Tweelingen (mediaan)": [number(v, 0 if k == "inwoners" else 1)
                                     for k, v in zip(comp["kenmerk"], comp["tweelingen_mediaan"], strict=False)],
        }), hide_index=True, width="stretch")
    outcomes = outcome_comparison(store, get_nl_buurten(), code, twins)
    st.markdown(f"**Uitkomsten van {store.name(code)} naast de mediaan van de tweelingen**")
    st.dataframe(pd.DataFrame({
        "Indicator": outcomes["label"],
        "Deze buurt": [number(v, decimals_for(u), u) for v, u in zip(outcomes["buurt"], outcomes["unit"], strict=False)],
        "Tweelingen (mediaan)": [number(v, decimals_for(u), u)
                                 for v, u in zip(outcomes["tweelingen_mediaan"], outcomes["unit"], strict=False)],
        "Verschil": [signed(v, 1) for v in outcomes["verschil"]],
        "Oordeel": outcomes["oordeel"].map({"beter": "▲ gunstiger", "slechter": "▼ ongunstiger", "gelijk": "≈ gelijk",
                                            "": ""}),
        "Tweelingen met cijfer": outcomes["n"],
    }), hide_index=True, width="stretch")
    source_note(f"Bron: CBS Kerncijfers wijken en buurten {STRUCTURE_PERIOD} (leeftijd, inwoners); RIVM/CBS/GGD "
                f"Gezondheid per wijk en buurt {OUTCOME_PERIOD} (18+, modelschattingen). Tweelingen waarvan de "
                "buurtcode na 2020 veranderde hebben geen uitkomst en tellen niet mee.")


def _index(store, chosen: list[str], period: int) -> None:  # noqa: ANN001
    st.subheader(INDEX_LABEL, divider="gray")
    st.markdown(METHOD)
    table = _index_table("shared")
    parts = breakdown(table, chosen, store.area_names, period)
    if parts.empty:
        st.info("Voor deze buurten is er geen index in dit peiljaar (te weinig cijfers).")
        return
    chart = breakdown_chart(parts)
    st.altair_chart(chart, width="stretch")
    rows = []
    for code in chosen:
        rec = {"Buurt": store.name(code)}
        for p in DEPRIVATION_PERIODS:
            v = table[(table["period"] == p)]["index"].get(code)
            rec[str(p)] = number(v, 2) if v is not None and pd.notna(v) else "–"
        last = table[table["period"] == period]
        pct = last["percentiel_nl"].get(code)
        rec[f"Percentiel NL {period}"] = number(pct, 0) if pct is not None and pd.notna(pct) else "–"
        for d in DOMAINS:
            v = last[d.id].get(code)
            rec[d.label] = number(v, 2) if v is not None and pd.notna(v) else "geen cijfer"
        rows.append(rec)
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    src = "Berekend door de Regiomonitor uit RIVM/CBS/GGD Gezondheid per wijk en buurt (18+)"
    chart_downloads(chart, parts, "kwetsbaarheidsindex", INDEX_LABEL, src, str(period), key="vergelijken_index_dl")
    source_note(f"{src}, {', '.join(map(str, DEPRIVATION_PERIODS))}. Percentiel: 100 = kwetsbaarste buurt van Nederland. "
                f"Niet in de index (geen open buurtcijfers): {', '.join(MISSING_DOMAINS)}. Ook als indicator op de "
                "Kaart en in de vergelijkingstabel.")


def main() -> None:
    """Render the Vergelijken page."""
    ensure_router()
    store = get_store()
    notices: list[str] = []
    page_header("Vergelijken", "Zet 2 tot 8 buurten naast elkaar: waar is een achterstand eigen aan de buurt en "
                "waar delen buurten hem? Met rangordes en met buurten elders in het land die er qua opbouw op lijken.")
    chosen = _selection(store, notices)
    period = current_filters().periode
    if len(chosen) < MIN_BUURTEN:
        st.info(f"Kies minstens {MIN_BUURTEN} buurten om te vergelijken (bijvoorbeeld met de knoppen hierboven).",
                icon=":material/compare_arrows:")
    else:
        frame = _comparison(store, chosen, period)
        _small_multiples(store, frame, notices)
        _ranking(store, chosen, period, notices)
        _index(store, chosen, period)
    if chosen:
        _twins(store, chosen, notices)
        st.page_link("pages/buurt.py", label=f"Buurtprofiel van {store.name(chosen[0])}", icon=":material/home_pin:",
                     query_params=link_params(buurt=chosen[0]))
    show_notices(notices)
    share_link()


main()
