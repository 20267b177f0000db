"""Comparing buurten: the selection from a link, the side-by-side table and the ranking (drawn in compare_charts).

Computed once as a long frame (buurt × indicator with references and verdicts) and rendered as a table, a
chart and a download. Figures come from the same store and the same ``observation`` as the Buurt page, and
verdicts from the same ``assess``, so a number here is the number there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

import pandas as pd

from regiomonitor.areas import NL_CODE, TWENTE_CODE, TWENTE_GEMEENTEN, gemeente_of
from regiomonitor.data import DataStore
from regiomonitor.fmt import decimals_for, number, signed
from regiomonitor.indicators import default_age_group, observation
from regiomonitor.prepare.values import FLAG_LABELS
from regiomonitor.profile import NOT_COMPARABLE_UNITS, assess

MIN_BUURTEN: Final = 2
MAX_BUURTEN: Final = 8
_CODE: Final = re.compile(r"BU[0-9]{8}", re.ASCII)
_SAFE: Final = re.compile(r"[^A-Za-z0-9]")
_MARK: Final = {"beter": " ▲", "slechter": " ▼", "gelijk": " ≈", "": ""}
#: The years of the health monitor; an indicator measured in some of them is "not measured" in the others.
HEALTH_PERIODS: Final[tuple[int, ...]] = (2012, 2016, 2020)
#: Theme order in the table: making ends meet first, the composite index near the end, population as context.
THEME_ORDER: Final[tuple[str, ...]] = (
    "bestaanszekerheid",
    "gezondheid",
    "sociaal",
    "leefstijl",
    "wonen",
    "werk",
    "onderwijs",
    "voorzieningen",
    "kwetsbaarheid",
    "bevolking",
)
#: Views of the table: the values, or the differences from one reference.
VIEWS: Final[dict[str, str]] = {
    "waarde": "Waarden",
    "gemeente": "Verschil met gemeente",
    "twente": "Verschil met Twente",
    "nl": "Verschil met Nederland",
}


@dataclass(frozen=True)
class Selection:
    """Buurt codes taken from a link, with what was dropped and why (for one notice)."""

    codes: tuple[str, ...]
    unknown: tuple[str, ...]
    malformed: tuple[str, ...]
    truncated: bool

    def notice(self) -> str | None:
        """One Dutch sentence naming what was left out (values shown sanitised, so never as markup), or None."""
        parts = []
        if self.unknown:
            parts.append(
                ("onbekende buurtcode " if len(self.unknown) == 1 else "onbekende buurtcodes ") + _listing(self.unknown)
            )
        if self.malformed:
            parts.append(
                (
                    "een waarde die geen buurtcode is: "
                    if len(self.malformed) == 1
                    else "waarden die geen buurtcode zijn: "
                )
                + _listing([f"‘{m}’" for m in self.malformed])
            )
        if self.truncated:
            parts.append(f"meer dan {MAX_BUURTEN} buurten (alleen de eerste {MAX_BUURTEN} worden getoond)")
        if not parts:
            return None
        rest = "de andere buurten worden getoond" if self.codes else "er blijft geen buurt over om te tonen"
        return "De link bevat " + "; ".join(parts) + f". Die zijn weggelaten; {rest}."


def _listing(items: Sequence[str], limit: int = 5) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" en nog {len(items) - limit}" if len(items) > limit else "")


def sanitise(item: str, limit: int = 14) -> str:
    """A value from a link made safe to show: letters and digits kept, anything else '?', shortened.

    >>> sanitise("<script>alert(1)</script>")
    '?script?alert?…'
    >>> sanitise("BU0153060３")
    'BU0153060?'
    """
    text = _SAFE.sub("?", item)
    return text if len(text) <= limit else text[:limit] + "…"


def parse_buurten(raw: str | None, known: Iterable[str], max_len: int = 2000) -> Selection:
    """Buurt codes from ``?buurten=BU…,BU…``: cleaned, validated against ``known``, de-duplicated, at most 8.

    Never raises. Only the first ``max_len`` characters are read; malformed items are kept in sanitised,
    shortened form for the notice (never rendered as markup).
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
            malformed.append(sanitise(item))
        elif item not in known_set:
            unknown.append(item)
        else:
            codes.append(item)
    return Selection(
        tuple(codes[:MAX_BUURTEN]), tuple(unknown), tuple(dict.fromkeys(malformed)), len(codes) > MAX_BUURTEN
    )


def twente_buurten(store: DataStore, gemeente: str | None = None) -> list[str]:
    """Twente buurt codes (both divisions), sorted by gemeente and name; one gemeente when given."""
    a = store.areas
    b = a[(a["level"] == "buurt") & a["twente"]]
    if gemeente:
        b = b[b["gemeente"] == gemeente]
    b = b.assign(gm=b["gemeente"].map(TWENTE_GEMEENTEN))
    return b.sort_values(["gm", "name", "code"])["code"].tolist()


def buurt_label(store: DataStore, code: str) -> str:
    """'Naam (Gemeente, BU…)' for pickers and notices."""
    return f"{store.name(code)} ({TWENTE_GEMEENTEN.get('GM' + code[2:6], store.name('GM' + code[2:6]))}, {code})"


def comparable_indicators(store: DataStore) -> list[str]:
    """Indicators with buurt values that may be compared (not context-only, not counts), in theme order."""
    cat = store.catalogue
    keep = cat[
        cat["levels"].apply(lambda lv: "buurt" in lv)
        & ~cat["context_only"].astype(bool)
        & ~cat["unit"].isin(list(NOT_COMPARABLE_UNITS))
    ]
    rank = {t: i for i, t in enumerate(THEME_ORDER)}
    order = keep.assign(_t=keep["thema"].map(lambda t: rank.get(t, len(rank))), _i=range(len(keep)))
    return order.sort_values(["_t", "_i"])["id"].tolist()


def period_for(store: DataStore, indicator: str, period: int | None) -> int | None:
    """The period to show for an indicator: ``period`` when measured then; for a health-monitor indicator not
    measured in ``period``, None (shown as 'niet gemeten'); otherwise (e.g. CBS 2024) its latest period."""
    # Buurten are compared, so only the periods with buurt figures count (households: 2021 per buurt, while
    # gemeenten also have 2020 and 2024); an indicator without buurt figures falls back to all its periods.
    periods = list(store.periods_at(indicator, "buurt")) or list(store.indicator(indicator).periods)
    if not periods:
        return None
    if period is None or period in periods:
        return period if period is not None else periods[-1]
    if period in HEALTH_PERIODS and any(p in HEALTH_PERIODS for p in periods):
        return None
    return periods[-1]


def _missing_reason(
    store: DataStore,
    divisions: dict[str, tuple[bool, bool]],
    code: str,
    indicator: str,
    period: int,
    obs_flag: str | None,
) -> str:
    """Why a buurt has no value (Dutch), from the flag or from the division the buurt exists in."""
    if obs_flag:
        return FLAG_LABELS.get(obs_flag, obs_flag) or "geen waarde in de bron"
    in_2020, in_2024 = divisions.get(code, (True, True))
    if period in HEALTH_PERIODS and not in_2020:
        return "buurt bestaat niet in de indeling van 2020 (Almelo heeft zijn buurten herzien)"
    if period == 2024 and not in_2024:
        return "buurt bestaat niet meer in de indeling van 2024"
    if store.indicator(indicator).bron.startswith("regiomonitor_"):
        return "geen score: te weinig onderliggende cijfers"
    return "geen cijfer voor deze buurt in deze periode"


def comparison_frame(
    store: DataStore, codes: Sequence[str], period: int | None = None, indicators: Sequence[str] | None = None
) -> pd.DataFrame:
    """Buurt × indicator with the buurt's value and its gemeente, Twente and NL in the same period.

    ``period`` applies to indicators measured in that year (the health monitor: 2012/2016/2020); a health
    indicator not measured that year gets a row with the reason 'niet gemeten in …'; others (CBS 2024) use
    their latest period. Columns: thema_id, thema, indicator, label, unit, direction, period, age_group, code,
    buurt, gemeente_code, gemeente_naam, value, flag, reason, gemeente, twente, nl, diff_gemeente, diff_twente,
    diff_nl, oordeel (vs gemeente), oordeel_twente, oordeel_nl, dataset.
    """
    rows = []
    areas = store.areas[store.areas["code"].isin(list(codes))]
    divisions = {
        c: (bool(a), bool(b)) for c, a, b in zip(areas["code"], areas["in_2020"], areas["in_2024"], strict=True)
    }
    for ind in indicators or comparable_indicators(store):
        meta = store.indicator(ind)
        use = period_for(store, ind, period)
        age = default_age_group(store, ind)
        direction = meta.direction
        refs: dict[str, float | None] = {}
        for role, ref in (("twente", TWENTE_CODE), ("nl", NL_CODE)):
            obs = observation(store, ref, ind, use, age) if use is not None else None
            refs[role] = obs.value if obs else None
        for code in codes:
            gm = gemeente_of(code) or ""
            obs = observation(store, code, ind, use, age) if use is not None else None
            g_obs = observation(store, gm, ind, use, age) if use is not None and gm else None
            value = obs.value if obs else None
            g = g_obs.value if g_obs else None
            if use is None:
                reason = f"niet gemeten in {period}"
            elif value is None:
                reason = _missing_reason(store, divisions, code, ind, use, obs.flag if obs else None)
            else:
                reason = ""
            rows.append(
                {
                    "thema_id": meta.thema,
                    "thema": meta.thema_label,
                    "indicator": ind,
                    "label": meta.label,
                    "unit": meta.unit,
                    "direction": direction,
                    "period": use if use is not None else period,
                    "age_group": age,
                    "code": code,
                    "buurt": store.name(code),
                    "gemeente_code": gm,
                    "gemeente_naam": store.name(gm),
                    "value": value,
                    "flag": obs.flag if obs else "missing",
                    "reason": reason,
                    "gemeente": g,
                    "twente": refs["twente"],
                    "nl": refs["nl"],
                    "diff_gemeente": None if value is None or g is None else value - g,
                    "diff_twente": None if value is None or refs["twente"] is None else value - refs["twente"],
                    "diff_nl": None if value is None or refs["nl"] is None else value - refs["nl"],
                    "oordeel": assess(value, g, direction),
                    "oordeel_twente": assess(value, refs["twente"], direction),
                    "oordeel_nl": assess(value, refs["nl"], direction),
                    "dataset": str(obs.dataset) if obs else meta.bron,
                }
            )
    return pd.DataFrame(rows)


def _fmt(value: float | None, unit: str) -> str:
    return number(value, decimals_for(unit), unit)


def buurt_column(buurt: str, code: str) -> str:
    """The column header of a buurt in the table: 'Naam (BU…)' (names repeat across gemeenten)."""
    return f"{buurt} ({code})"


_VIEW_COLUMNS: Final = {
    "gemeente": ("diff_gemeente", "oordeel"),
    "twente": ("diff_twente", "oordeel_twente"),
    "nl": ("diff_nl", "oordeel_nl"),
}


def comparison_table(frame: pd.DataFrame, view: str = "waarde") -> pd.DataFrame:
    """The side-by-side table: one row per indicator (grouped by theme), a column per buurt, then the
    references (each gemeente of the chosen buurten, Twente, Nederland).

    ``view`` "waarde": the buurt's value with ▲/▼/≈ against its own gemeente; "gemeente", "twente", "nl": the
    difference from that reference with the verdict. Missing values say why (never blank).
    """
    if frame.empty:
        return pd.DataFrame(columns=["Thema", "Indicator", "Eenheid", "Jaar"])
    diff_col, verdict_col = _VIEW_COLUMNS.get(view, ("", "oordeel"))
    gemeenten = list(dict.fromkeys(zip(frame["gemeente_code"], frame["gemeente_naam"], strict=True)))
    out = []
    for _, grp in frame.groupby("indicator", sort=False):
        first = grp.iloc[0]
        dec = decimals_for(first["unit"])
        row = {
            "Thema": first["thema"],
            "Indicator": first["label"],
            "Eenheid": first["unit"],
            "Jaar": str(first["period"]),
        }
        for _, r in grp.iterrows():
            name = buurt_column(r["buurt"], r["code"])
            if r["value"] is None or pd.isna(r["value"]):
                row[name] = f"– {r['reason']}"
            elif view == "waarde":
                row[name] = _fmt(r["value"], r["unit"]) + _MARK[r["oordeel"]]
            else:
                d = r[diff_col]
                row[name] = "– geen referentie" if d is None or pd.isna(d) else signed(d, dec) + _MARK[r[verdict_col]]
        for gm, gm_name in gemeenten:
            ref = grp[grp["gemeente_code"] == gm]["gemeente"]
            row[gm_name] = _fmt(ref.iloc[0], first["unit"]) if len(ref) else "–"
        row["Twente"] = _fmt(first["twente"], first["unit"])
        row["Nederland"] = _fmt(first["nl"], first["unit"])
        out.append(row)
    table = pd.DataFrame(out)
    order = {t: i for i, t in enumerate(dict.fromkeys(frame["thema"]))}
    return table.sort_values("Thema", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)


def verdict_grid(frame: pd.DataFrame, view: str = "waarde") -> pd.DataFrame:
    """Verdicts shaped like ``comparison_table`` (buurt columns only), for colouring the cells."""
    if frame.empty:
        return pd.DataFrame()
    verdict_col = _VIEW_COLUMNS.get(view, ("", "oordeel"))[1]
    grid = frame.assign(kolom=[buurt_column(b, c) for b, c in zip(frame["buurt"], frame["code"], strict=True)])
    wide = grid.pivot_table(index="indicator", columns="kolom", values=verdict_col, aggfunc="first", sort=False)
    order = {t: i for i, t in enumerate(dict.fromkeys(frame["thema"]))}
    themes = frame.drop_duplicates("indicator").set_index("indicator")["thema"]
    ids = sorted(dict.fromkeys(frame["indicator"]), key=lambda i: order[themes[i]])
    return wide.reindex(ids).reset_index(drop=True)


def download_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The comparison as plain numbers for CSV/Excel (one row per buurt × indicator)."""
    return pd.DataFrame(
        {
            "thema": frame["thema"],
            "indicator_id": frame["indicator"],
            "indicator": frame["label"],
            "eenheid": frame["unit"],
            "jaar": frame["period"],
            "leeftijd": frame["age_group"],
            "buurtcode": frame["code"],
            "buurt": frame["buurt"],
            "waarde": frame["value"],
            "toelichting_ontbrekend": frame["reason"],
            "gemeente": frame["gemeente_naam"],
            "waarde_gemeente": frame["gemeente"],
            "waarde_twente": frame["twente"],
            "waarde_nederland": frame["nl"],
            "verschil_gemeente": frame["diff_gemeente"],
            "verschil_twente": frame["diff_twente"],
            "verschil_nederland": frame["diff_nl"],
            "oordeel_tov_gemeente": frame["oordeel"],
            "oordeel_tov_twente": frame["oordeel_twente"],
            "oordeel_tov_nederland": frame["oordeel_nl"],
            "dataset": frame["dataset"],
        }
    )


def ranking_frame(
    store: DataStore, indicator: str, period: int | None, scope: str, chosen: Sequence[str]
) -> pd.DataFrame:
    """All buurten of ``scope`` (a gemeente code or Twente) for one indicator, ranked: 1 = least favourable
    (for neutral indicators: the highest). Columns: code, buurt, value, rank, n, gekozen (bool), period.
    Buurten without a value are left out; empty when the indicator was not measured in ``period``."""
    use = period_for(store, indicator, period)
    columns = ["code", "buurt", "value", "rank", "n", "gekozen", "period"]
    if use is None:
        return pd.DataFrame(columns=columns)
    age = default_age_group(store, indicator)
    df = store.indicators
    rows = df[
        (df["indicator"] == indicator)
        & (df["period"] == use)
        & (df["age_group"] == age)
        & (df["level"] == "buurt")
        & df["value"].notna()
    ]
    if scope != TWENTE_CODE:
        rows = rows[rows["area_code"].str[2:6] == scope[2:6]]
    direction = store.indicator(indicator).direction
    out = pd.DataFrame({"code": rows["area_code"].to_numpy(), "value": rows["value"].to_numpy(dtype=float)})
    out["buurt"] = out["code"].map(store.name)
    out["rank"] = out["value"].rank(ascending=direction == "hoger_beter", method="min").astype(int)
    out["n"] = len(out)
    out["gekozen"] = out["code"].isin(list(chosen))
    out["period"] = use
    return out.sort_values(["rank", "buurt"]).reset_index(drop=True)[columns]
