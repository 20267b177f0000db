"""Vergelijken: look-alike buurten ("tweelingen") of one chosen buurt, across NL or within Twente.

The structure matrices and the national outcomes are cached per process; the look-alikes of one buurt and the
tables drawn from them are built once per distinct buurt and scope (:func:`components.shared.shared`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components.compare_index import national_index, root
from components.compare_select import add, buurt_labels
from components.data import get_nl_buurten, get_store
from components.export import chart_downloads
from components.shared import shared
from components.ui import source_note
from regiomonitor.compare import MAX_BUURTEN
from regiomonitor.data import DataStore
from regiomonitor.deprivation import INDEX_ID
from regiomonitor.fmt import decimals_for, number, signed
from regiomonitor.look import AnyChart
from regiomonitor.twin_display import outcome_chart, outcome_comparison, structure_comparison
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
    outcome_values,
    structure_matrix,
)
from regiomonitor.twins import METHOD as TWINS_METHOD
from regiomonitor.views.vergelijken import SCOPES, CompareView

SCOPE_PHRASE = {"nl": "in heel Nederland", "twente": "in Twente"}
_WHOLE = ("inwoners", "wijk_dichtheid", "stedelijkheid")  # features shown without decimals
INTRO = (
    "Welke buurten hebben dezelfde **leeftijdsopbouw**, **omvang** en **verstedelijking**, en binnen Twente ook "
    f"dezelfde **huishoudenssamenstelling**? We zoeken de {N_TWINS} meest gelijkende buurten in heel Nederland of "
    f"alleen in Twente (alleen buurten met minstens {MIN_INHABITANTS} inwoners) en zetten hun uitkomsten "
    f"({OUTCOME_PERIOD}) naast die van de buurt: wat dan nog verschilt, komt niet door die structuur. "
    "**Herkomst of migratieachtergrond gebruiken we bewust niet**: dan zou de vergelijking op etniciteit sturen, "
    "en dat is geen structuuroorzaak die we constant willen houden."
)
SOURCE = (
    f"Bron: CBS Kerncijfers wijken en buurten {STRUCTURE_PERIOD} (leeftijd, inwoners en wijkdichtheid, "
    "indeling 2024); binnen Twente ook CBS Wijk- en buurtkaart 2021 (huishoudens, stedelijkheid); "
    f"RIVM/CBS/GGD Gezondheid per wijk en buurt {OUTCOME_PERIOD} (18+, modelschattingen, indeling 2020). "
    "Grijze balk: het bereik van de tweelingen, streepje: hun mediaan. Een buurtcode die in beide "
    "indelingen bestaat, geldt als dezelfde buurt."
)


@st.cache_data(show_spinner="Buurtstructuur voorbereiden…", max_entries=4)
def _structure(root: str, scope: str = "nl") -> StructureMatrix:
    return structure_matrix(get_store(), get_nl_buurten(), scope)


@st.cache_data(show_spinner=False, max_entries=2)
def _outcomes(root: str) -> pd.DataFrame:
    """Health outcomes 2020 of every Dutch buurt, with the index as one more column."""
    values = outcome_values(get_store(), get_nl_buurten())
    return values.join(national_index(root, OUTCOME_PERIOD)["index"].rename(INDEX_ID), how="left")


def _with_structure(data_root: str, scope: str) -> frozenset[str]:
    """The buurten that have structure figures in ``scope`` (a set, so a rerun does not copy the matrix)."""
    return frozenset(_structure(data_root, scope).z.index)


def _outcome(value: float | None, unit: str) -> str:
    """An outcome for the look-alike table: percentages as 12,3%, index scores with two decimals."""
    return number(value, 2, None) if unit == "score" else number(value, decimals_for(unit), unit)


def _weights() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Kenmerk": LABELS.get(v, v),
                "Groep": GROUP_LABELS[g],
                "Gewicht in heel Nederland": number(w_nl, 2) if w_nl is not None else "niet gebruikt",
                "Gewicht binnen Twente": number(w_tw, 2) if w_tw is not None else "niet gebruikt",
            }
            for v, (g, w_nl, w_tw) in FEATURES.items()
        ]
    )


@dataclass(frozen=True)
class Twins:
    """The look-alikes of one buurt and every table drawn from them (shared across sessions: read-only)."""

    codes: list[str]
    shown: pd.DataFrame
    alike: pd.DataFrame
    outcomes: pd.DataFrame
    outcome_table: pd.DataFrame
    chart: AnyChart | None


def _twins(store: DataStore, data_root: str, code: str, scope: str) -> Twins:
    matrix = _structure(data_root)
    twins = find_twins(matrix, code, N_TWINS, scope, require_outcomes=True)
    comp = structure_comparison(matrix, code, twins)
    outcomes = outcome_comparison(store, None, code, twins, values=_outcomes(data_root))
    chart = outcome_chart(outcomes, store.name(code)) if outcomes["buurt"].notna().any() else None
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

    def whole(k: str, with_urbanity: bool = True) -> int:
        return 0 if k in (_WHOLE if with_urbanity else _WHOLE[:2]) else 1

    alike = pd.DataFrame(
        {
            "Kenmerk": comp["kenmerk"],
            "Deze buurt": [number(v, whole(k)) for k, v in zip(comp["variabele"], comp["buurt"], strict=True)],
            "Tweelingen (mediaan)": [
                number(v, whole(k, False)) for k, v in zip(comp["variabele"], comp["tweelingen_mediaan"], strict=True)
            ],
            "Bereik": [
                f"{number(a, whole(k))} – {number(b, whole(k))}"
                for k, a, b in zip(comp["variabele"], comp["tweelingen_min"], comp["tweelingen_max"], strict=True)
            ],
        }
    )
    outcome_table = pd.DataFrame(
        {
            "Indicator": outcomes["label"],
            "Deze buurt": [_outcome(v, u) for v, u in zip(outcomes["buurt"], outcomes["unit"], strict=True)],
            "Tweelingen (mediaan)": [
                _outcome(v, u) for v, u in zip(outcomes["tweelingen_mediaan"], outcomes["unit"], strict=True)
            ],
            "Verschil": [
                signed(v, 2 if u == "score" else 1) for v, u in zip(outcomes["verschil"], outcomes["unit"], strict=True)
            ],
            "Oordeel": outcomes["oordeel"].map(
                {"beter": "▲ gunstiger", "slechter": "▼ ongunstiger", "gelijk": "≈ gelijk", "": "neutraal"}
            ),
            "Tweelingen met cijfer": outcomes["n"],
        }
    )
    return Twins(list(twins["code"]), shown, alike, outcomes.drop(columns=["direction"]), outcome_table, chart)


def _add_button(store: DataStore, made: Twins, chosen: list[str], twente: set[str], name: str) -> None:
    # Only Twente buurten can join the comparison (its tables and ranking are about Twente).
    addable = [c for c in made.codes if c in twente and c not in chosen]
    if not addable:
        return
    fits = min(len(addable), max(MAX_BUURTEN - len(chosen), 0))
    label = (
        f"Zet de {fits} meest gelijkende tweelingen uit Twente in de vergelijking"
        if fits
        else f"De vergelijking is vol ({MAX_BUURTEN} buurten): haal er eerst een weg"
    )
    st.button(
        label,
        key="vergelijken_twins_add",
        on_click=add,
        disabled=not fits,
        args=(addable[:fits], f"Tweelingen van {name}", "de meest gelijkende"),
        icon=":material/add:",
    )


def twins_section(
    store: DataStore, chosen: list[str], twente: set[str], link: CompareView, heading: bool = True
) -> tuple[str, str] | None:
    """The look-alikes of one chosen buurt; returns that buurt and the scope (for the link), None when no chosen
    buurt has structure figures. ``heading``: a heading of its own (not when a tab already names it)."""
    if heading:
        st.subheader("Buurten die erop lijken", divider="gray")
    st.markdown(INTRO)
    # Drawn only while open (a closed expander's table would still be serialised on every rerun).
    with st.expander(
        "Hoe de tweelingen worden gekozen: kenmerken en gewichten", key="vergelijken_tweeling_uitleg", on_change="rerun"
    ) as explained:
        if explained.open:
            st.markdown(TWINS_METHOD)
            st.dataframe(shared(_weights), hide_index=True, width="stretch")
    data_root = root()
    st.session_state.setdefault("vergelijken_tweeling_scope", link.tweelingen)
    known = shared(_with_structure, data_root, st.session_state.get("vergelijken_tweeling_scope") or "nl")
    options = [c for c in chosen if c in known]
    skipped = [c for c in chosen if c not in known]
    if skipped:
        st.caption(
            f"Zonder structuurcijfers {STRUCTURE_PERIOD} (minder dan {MIN_INHABITANTS} inwoners of niet in de "
            "indeling 2024): " + ", ".join(store.name(c) for c in skipped) + "."
        )
    if not options:
        st.info("Geen van de gekozen buurten heeft genoeg inwoners of structuurcijfers voor deze vergelijking.")
        return None
    if st.session_state.get("vergelijken_tweeling") not in options:
        st.session_state["vergelijken_tweeling"] = link.tweeling if link.tweeling in options else options[0]
    cols = st.columns([3, 2])
    code = cols[0].selectbox("Buurt", options, format_func=buurt_labels(store).__getitem__, key="vergelijken_tweeling")
    scope = (
        cols[1].segmented_control(
            "Zoek in", list(SCOPES), format_func=SCOPES.__getitem__, key="vergelijken_tweeling_scope", required=True
        )
        or "nl"
    )
    made = shared(_twins, store, data_root, code, scope)
    name = store.name(code)
    st.markdown(f"**De {len(made.shown)} buurten {SCOPE_PHRASE[scope]} die het meest op {name} lijken**")
    st.dataframe(made.shown, hide_index=True, width="stretch")
    _add_button(store, made, chosen, twente, name)
    st.caption(
        "Gelijkenis 100 = gelijk op alle kenmerken, 0 = zo verschillend als twee willekeurige Nederlandse "
        "buurten gemiddeld. Δ = tweeling min deze buurt, in procentpunten. Alleen buurten met cijfers uit de "
        f"gezondheidsmonitor {OUTCOME_PERIOD} komen in aanmerking."
    )
    left, right = st.columns([1, 1])
    with left:
        st.markdown("**Waarop ze lijken**")
        st.dataframe(made.alike, hide_index=True, width="stretch")
    with right:
        st.markdown(f"**Uitkomsten van {name} naast de mediaan van de tweelingen**")
        st.dataframe(made.outcome_table, hide_index=True, width="stretch", height=35 * (len(made.outcomes) + 1) + 3)
    if made.chart is not None:
        st.altair_chart(made.chart, width="stretch")
        chart_downloads(
            made.chart,
            made.outcomes,
            f"tweelingen {name}",
            f"{name} naast de {len(made.shown)} meest gelijkende buurten",
            f"Bron: CBS Kerncijfers wijken en buurten {STRUCTURE_PERIOD}; RIVM/CBS/GGD Gezondheid per wijk "
            f"en buurt {OUTCOME_PERIOD} (18+)",
            f"{STRUCTURE_PERIOD} (structuur), {OUTCOME_PERIOD} (uitkomsten)",
            key="vergelijken_twins_dl",
        )
    else:
        st.info(f"{name} heeft geen cijfers uit de gezondheidsmonitor {OUTCOME_PERIOD}; de tweelingen zijn wel bekend.")
    source_note(SOURCE)
    return code, scope
