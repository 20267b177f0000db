"""Comparing buurten: the selection from a link, the side-by-side table, small multiples and a ranking.

Computed once as a long frame (buurt × indicator with references and verdicts) and rendered as a table, a
chart and a download. Figures come from the same store and the same ``observation`` as the Buurt page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

import altair as alt
import pandas as pd

from regiomonitor.areas import NL_CODE, TWENTE_CODE, gemeente_of
from regiomonitor.data import DataStore
from regiomonitor.fmt import decimals_for, number, signed
from regiomonitor.indicators import default_age_group, observation
from regiomonitor.prepare.values import FLAG_LABELS
from regiomonitor.profile import assess

MIN_BUURTEN: Final = 2
MAX_BUURTEN: Final = 8
_CODE: Final = re.compile(r"BU[0-9]{8}", re.ASCII)
#: Colours for up to eight chosen buurten (ColorBrewer Dark2), references in greys.
BUURT_COLOURS: Final = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666")
VERDICT_SYMBOL: Final = {"beter": "▲ beter", "slechter": "▼ slechter", "gelijk": "≈ gelijk", "": ""}


@dataclass(frozen=True)
class Selection:
    """Buurt codes taken from a link, with what was dropped and why (for one notice)."""

    codes: tuple[str, ...]
    unknown: tuple[str, ...]
    malformed: tuple[str, ...]
    truncated: bool

    def notice(self) -> str | None:
        """One Dutch sentence about what was left out, or None."""
        parts = []
        if self.unknown:
            parts.append("onbekende buurtcodes " + ", ".join(self.unknown[:5]) + (" …" if len(self.unknown) > 5 else ""))
        if self.malformed:
            parts.append(f"{len(self.malformed)} waarde(n) die geen buurtcode zijn")
        if self.truncated:
            parts.append(f"meer dan {MAX_BUURTEN} buurten (alleen de eerste {MAX_BUURTEN} getoond)")
        return ("De link bevat " + " en ".join(parts) + "; de andere buurten worden getoond.") if parts else None


def parse_buurten(raw: str | None, known: Iterable[str], max_len: int = 2000) -> Selection:
    """Buurt codes from ``?buurten=BU…,BU…``: cleaned, validated against ``known``, de-duplicated, at most 8.

    Never raises; anything else is reported in the selection's notice (shortened, never rendered as markup).
    """
    if not raw:
        return Selection((), (), (), False)
    known_set = set(known)
    items = [item.strip().upper() for item in str(raw)[:max_len].split(",") if item.strip()]
    codes: list[str] = []
    unknown: list[str] = []
    malformed: list[str] = []
    for item in dict.fromkeys(items):
        if not _CODE.fullmatch(item):
            malformed.append(item[:20])
        elif item not in known_set:
            unknown.append(item)
        else:
            codes.append(item)
    return Selection(tuple(codes[:MAX_BUURTEN]), tuple(unknown), tuple(malformed), len(codes) > MAX_BUURTEN)


def comparable_indicators(store: DataStore) -> list[str]:
    """Indicators with buurt values that may be compared (not context-only, not counts), in catalogue order."""
    cat = store.catalogue
    keep = cat[cat["levels"].astype(str).str.contains("buurt") & ~cat["context_only"].astype(bool)
               & (cat["unit"] != "aantal")]
    return keep["id"].tolist()


def _period_for(store: DataStore, indicator: str, period: int | None) -> int | None:
    periods = sorted(int(p) for p in str(store.indicator(indicator)["periods"]).split(",") if p)
    if not periods:
        return None
    return period if period in periods else periods[-1]


def comparison_frame(store: DataStore, codes: Sequence[str], period: int | None = None,
                     indicators: Sequence[str] | None = None) -> pd.DataFrame:
    """Buurt × indicator with the buurt's value and its gemeente, Twente and NL in the same period.

    ``period`` applies to indicators measured in that year (the health monitor: 2012/2016/2020); others use
    their latest period. Columns: thema, indicator, label, unit, direction, period, age_group, code, buurt,
    value, flag, reason, gemeente, twente, nl, diff_gemeente, diff_twente, diff_nl, oordeel (vs gemeente),
    dataset.
    """
    rows = []
    for ind in indicators or comparable_indicators(store):
        meta = store.indicator(ind)
        use = _period_for(store, ind, period)
        if use is None:
            continue
        age = default_age_group(store, ind)
        refs = {}
        for role, ref in (("twente", TWENTE_CODE), ("nl", NL_CODE)):
            obs = observation(store, ref, ind, use, age)
            refs[role] = obs.value if obs else None
        for code in codes:
            obs = observation(store, code, ind, use, age)
            gm = gemeente_of(code)
            g_obs = observation(store, gm, ind, use, age) if gm else None
            value = obs.value if obs else None
            g = g_obs.value if g_obs else None
            rows.append({
                "thema": str(meta["thema_label"]), "indicator": ind, "label": str(meta["label"]),
                "unit": str(meta["unit"]), "direction": str(meta["direction"]), "period": use, "age_group": age,
                "code": code, "buurt": store.name(code), "value": value,
                "flag": obs.flag if obs else "missing",
                "reason": (obs.reason or FLAG_LABELS.get(obs.flag, "")) if obs and value is None
                else ("" if obs else "geen cijfer voor deze buurt in deze periode (buurtindeling gewijzigd?)"),
                "gemeente": g, "twente": refs["twente"], "nl": refs["nl"],
                "diff_gemeente": None if value is None or g is None else value - g,
                "diff_twente": None if value is None or refs["twente"] is None else value - refs["twente"],
                "diff_nl": None if value is None or refs["nl"] is None else value - refs["nl"],
                "oordeel": assess(value, g, str(meta["direction"])),
                "dataset": str(obs.dataset) if obs else str(meta["bron"]),
            })
    return pd.DataFrame(rows)


def _fmt(value: float | None, unit: str) -> str:
    return number(value, decimals_for(unit), unit)


def comparison_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The side-by-side table: one row per indicator (grouped by theme), a column per buurt with its value, its
    difference from the gemeente and a verdict, then the references. Missing values say why."""
    out = []
    for (thema, ind), grp in frame.groupby(["thema", "indicator"], sort=False):
        first = grp.iloc[0]
        row = {"Thema": thema, "Indicator": first["label"], "Jaar": int(first["period"])}
        for _, r in grp.iterrows():
            name = f"{r['buurt']} ({r['code']})"
            if r["value"] is None or pd.isna(r["value"]):
                row[name] = f"– {r['reason']}".strip()
            else:
                diff = ("" if r["diff_gemeente"] is None or pd.isna(r["diff_gemeente"])
                        else f" ({signed(r['diff_gemeente'], decimals_for(r['unit']))} t.o.v. gemeente")
                verdict = VERDICT_SYMBOL.get(r["oordeel"], "")
                row[name] = _fmt(r["value"], r["unit"]) + diff + (f", {verdict})" if diff and verdict else (")" if diff else ""))
        row["Twente"] = _fmt(first["twente"], first["unit"])
        row["Nederland"] = _fmt(first["nl"], first["unit"])
        out.append(row)
    table = pd.DataFrame(out)
    # Group by theme, themes in order of first appearance (the catalogue's order), rows stable within a theme.
    order = {t: i for i, t in enumerate(dict.fromkeys(table["Thema"]))} if len(table) else {}
    return table.sort_values("Thema", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)


def download_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The comparison as plain numbers for CSV/Excel (one row per buurt × indicator)."""
    return pd.DataFrame({
        "thema": frame["thema"], "indicator": frame["label"], "eenheid": frame["unit"], "jaar": frame["period"],
        "leeftijd": frame["age_group"], "buurtcode": frame["code"], "buurt": frame["buurt"],
        "waarde": frame["value"], "toelichting_ontbrekend": frame["reason"], "gemeente": frame["gemeente"],
        "twente": frame["twente"], "nederland": frame["nl"], "verschil_gemeente": frame["diff_gemeente"],
        "oordeel_tov_gemeente": frame["oordeel"], "dataset": frame["dataset"],
    })


def small_multiples(frame: pd.DataFrame, columns: int = 3) -> alt.Chart:
    """One panel per indicator: a dot per buurt and rules for Twente (solid) and NL (dashed); x scales per panel."""
    titel = frame["label"] + " (" + frame["period"].astype(str) + ")"
    dots = pd.DataFrame({"titel": titel, "naam": frame["buurt"], "waarde": frame["value"], "soort": "buurt",
                         "bron": frame["dataset"]})
    first = frame.drop_duplicates("indicator")
    ref_titel = first["label"] + " (" + first["period"].astype(str) + ")"
    refs = pd.concat([
        pd.DataFrame({"titel": ref_titel, "naam": "Twente", "waarde": first["twente"], "soort": "Twente",
                      "bron": first["dataset"]}),
        pd.DataFrame({"titel": ref_titel, "naam": "Nederland", "waarde": first["nl"], "soort": "Nederland",
                      "bron": first["dataset"]}),
    ])
    data = pd.concat([dots, refs]).dropna(subset=["waarde"]).reset_index(drop=True)
    order = list(dict.fromkeys(frame["buurt"]))
    tooltip = [alt.Tooltip("naam:N", title="Gebied"), alt.Tooltip("titel:N", title="Indicator"),
               alt.Tooltip("waarde:Q", title="Waarde", format=".1f"), alt.Tooltip("bron:N", title="Bron")]
    base = alt.Chart().encode(x=alt.X("waarde:Q", title=None, scale=alt.Scale(zero=False)), tooltip=tooltip)
    rules = base.transform_filter("datum.soort != 'buurt'").mark_rule(strokeWidth=2, color="#444").encode(
        strokeDash=alt.StrokeDash("soort:N", title="Referentie", sort=["Twente", "Nederland"],
                                  scale=alt.Scale(domain=["Twente", "Nederland"], range=[[1, 0], [5, 3]])))
    points = base.transform_filter("datum.soort == 'buurt'").mark_circle(size=140, opacity=0.9).encode(
        y=alt.Y("naam:N", title=None, sort=order),
        color=alt.Color("naam:N", title="Buurt", sort=order,
                        scale=alt.Scale(domain=order, range=list(BUURT_COLOURS[: len(order)]))),
    )
    layered = alt.layer(rules, points).properties(width=230, height=26 * max(len(order), 2))
    return layered.facet(facet=alt.Facet("titel:N", title=None, sort=list(dict.fromkeys(data["titel"]))),
                         columns=columns, data=data).resolve_scale(x="independent")


def ranking_frame(store: DataStore, indicator: str, period: int | None, scope: str,
                  chosen: Sequence[str]) -> pd.DataFrame:
    """All buurten of ``scope`` (a gemeente code or Twente) for one indicator, ranked: 1 = worst.

    Columns: code, buurt, value, rank, n, gekozen (bool). Buurten without a value are left out.
    """
    use = _period_for(store, indicator, period)
    age = default_age_group(store, indicator)
    df = store.indicators
    rows = df[(df["indicator"] == indicator) & (df["period"] == use) & (df["age_group"] == age)
              & (df["level"] == "buurt") & df["value"].notna()]
    if scope != TWENTE_CODE:
        rows = rows[rows["area_code"].str[2:6] == scope[2:6]]
    direction = str(store.indicator(indicator)["direction"])
    out = pd.DataFrame({"code": rows["area_code"].to_numpy(), "value": rows["value"].to_numpy(dtype=float)})
    out["buurt"] = out["code"].map(store.name)
    out["rank"] = out["value"].rank(ascending=direction == "hoger_beter", method="min").astype(int)
    out["n"] = len(out)
    out["gekozen"] = out["code"].isin(chosen)
    out["period"] = use
    return out.sort_values(["rank", "buurt"]).reset_index(drop=True)


def ranking_chart(ranked: pd.DataFrame, label: str, unit: str) -> alt.Chart:
    """A lollipop per buurt, worst on top; the chosen buurten coloured and labelled with their rank."""
    data = ranked.assign(naam=ranked["buurt"] + " (#" + ranked["rank"].astype(str) + ")")
    order = data["naam"].tolist()
    base = alt.Chart(data).encode(y=alt.Y("naam:N", sort=order, title=None,
                                          axis=alt.Axis(labelFontSize=9 if len(data) > 60 else 11)))
    stem = base.mark_rule(color="#bbbbbb").encode(x=alt.X("value:Q", title=f"{label} ({unit})"), x2=alt.datum(0))
    head = base.mark_circle(size=70).encode(
        x="value:Q",
        color=alt.condition("datum.gekozen", alt.value("#d95f02"), alt.value("#9e9e9e")),
        size=alt.condition("datum.gekozen", alt.value(160), alt.value(50)),
        tooltip=[alt.Tooltip("buurt:N", title="Buurt"), alt.Tooltip("value:Q", title=label, format=".1f"),
                 alt.Tooltip("rank:Q", title="Rang (1 = minst gunstig)"), alt.Tooltip("n:Q", title="van")],
    )
    return (stem + head).properties(height=max(12 * len(data), 200), title=f"{label}: rangorde (1 = minst gunstig)")
