"""The data side of an opgave fiche: its linked indicators for Almelo, Enschede, Twente and NL, and a PDF.

Computed once (``linked_indicators``) and rendered as a table, a small trend chart and a factsheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final, Protocol

import altair as alt
import pandas as pd

from regiomonitor.areas import NL_CODE
from regiomonitor.data import DataStore
from regiomonitor.fmt import decimals_for, number, signed
from regiomonitor.indicators import default_age_group, observation
from regiomonitor.opgaven import OWNER_LABELS, OpgavenCatalogue, derived_status, owner_status
from regiomonitor.prepare.values import FLAG_LABELS
from regiomonitor.profile import assess

#: Areas an opgave fiche shows by default: Almelo, Enschede, Twente, Nederland.
FICHE_AREAS: Final[tuple[str, ...]] = ("GM0141", "GM0153", "TWENTE", "NL00")
CHANGE_WORDS: Final = {"beter": "beter", "slechter": "slechter", "gelijk": "gelijk"}


class StatusLike(Protocol):
    """What the factsheet needs of a status-log entry."""

    datum: date
    status: str
    notitie: str
    editor: str


def _source(store: DataStore, dataset: str) -> str:
    ds = store.datasets.get(dataset)
    return f"{ds.uitgever}, {ds.titel}" if ds else dataset


def linked_indicators(store: DataStore, opgave: object, areas: Sequence[str] = FICHE_AREAS) -> pd.DataFrame:
    """One row per (indicator, area) for the opgave's indicators that the store has.

    Columns: indicator, label, unit, direction, thema_label, area_code, area_name, age_group, period (latest with
    a value), value, flag, reason, previous_period, previous_value, change, verdict (direction-aware change:
    beter / slechter / gelijk / ''), vs_nl (value minus NL in the same period), source (publisher, title, period).
    Indicators without any value for an area still get a row with the reason, so gaps are visible.
    """
    known = set(store.catalogue["id"])
    rows = []
    for ind in getattr(opgave, "indicatoren", ()):
        if ind not in known:
            continue
        meta = store.indicator(ind)
        age = default_age_group(store, ind)
        periods = sorted(int(p) for p in str(meta["periods"]).split(",") if p)
        for area in areas:
            obs = [o for p in periods if (o := observation(store, area, ind, p, age)) is not None]
            with_value = [o for o in obs if o.value is not None]
            last = with_value[-1] if with_value else (obs[-1] if obs else None)
            prev = with_value[-2] if len(with_value) > 1 else None
            nl = observation(store, NL_CODE, ind, last.period, age) if last else None
            value = last.value if last else None
            change = None if prev is None or value is None else value - prev.value
            rows.append({
                "indicator": ind, "label": str(meta["label"]), "unit": str(meta["unit"]),
                "direction": str(meta["direction"]), "thema_label": str(meta["thema_label"]),
                "area_code": area, "area_name": store.name(area), "age_group": age,
                "period": last.period if last else None, "value": value,
                "flag": last.flag if last else "missing",
                "reason": (last.reason if last and value is None else "") if last else "geen cijfer voor dit gebied",
                "previous_period": prev.period if prev else None, "previous_value": prev.value if prev else None,
                "change": change,
                "verdict": assess(value, prev.value, str(meta["direction"])) if prev and value is not None else "",
                "vs_nl": None if value is None or nl is None or nl.value is None else value - nl.value,
                "source": (f"{_source(store, last.dataset)} ({last.period}"
                           + (f", {age}" if age != "totaal" else "") + ")") if last else str(meta["bron"]),
            })
    return pd.DataFrame(rows, columns=[
        "indicator", "label", "unit", "direction", "thema_label", "area_code", "area_name", "age_group", "period",
        "value", "flag", "reason", "previous_period", "previous_value", "change", "verdict", "vs_nl", "source",
    ])


def _cell(row: pd.Series, show_period: bool) -> str:
    if row["value"] is None or pd.isna(row["value"]):
        return f"– ({row['reason'] or FLAG_LABELS.get(row['flag'], 'geen cijfer')})"
    text = number(float(row["value"]), decimals_for(row["unit"]), row["unit"])
    return f"{text} ({int(row['period'])})" if show_period else text


def linked_indicator_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A Dutch display table: one row per indicator, a column per area with the latest value, the period,
    the change of Almelo and Enschede since the previous measurement of the same source, and the source.

    'Verandering' reads '+1,2 (slechter) sinds 2016': the difference in the indicator's own unit, judged by the
    direction of 'better' (within 5% counts as 'gelijk').
    """
    out = []
    for ind, grp in frame.groupby("indicator", sort=False):
        periods = set(grp["period"].dropna().astype(int))
        row: dict[str, str] = {"Indicator": str(grp["label"].iloc[0]),
                               "Peiljaar": ", ".join(str(p) for p in sorted(periods)) or "–"}
        for _, r in grp.iterrows():
            row[str(r["area_name"])] = _cell(r, len(periods) > 1)
        changes = []
        for _, r in grp[grp["area_code"].str.startswith("GM")].iterrows():
            if r["change"] is not None and not pd.isna(r["change"]):
                word = f" ({r['verdict']})" if r["verdict"] else ""
                changes.append(f"{r['area_name']}: {signed(float(r['change']), decimals_for(r['unit']))}{word} "
                               f"sinds {int(r['previous_period'])}")
        row["Verandering"] = "; ".join(changes) or "geen eerdere meting"
        row["Bron"] = "; ".join(dict.fromkeys(str(s) for s in grp["source"]))
        out.append(row)
    return pd.DataFrame(out)


def linked_indicator_chart(frame: pd.DataFrame, indicator: str, store: DataStore | None = None) -> alt.Chart:
    """Trend of one linked indicator for the fiche areas over all periods with a value (dots and lines)."""
    rows = frame[frame["indicator"] == indicator]
    label, unit = str(rows["label"].iloc[0]), str(rows["unit"].iloc[0])
    if store is not None:
        series = []
        for _, r in rows.iterrows():
            for p in sorted(int(x) for x in str(store.indicator(indicator)["periods"]).split(",") if x):
                obs = observation(store, str(r["area_code"]), indicator, p, str(r["age_group"]))
                if obs is not None and obs.value is not None:
                    series.append({"gebied": r["area_name"], "jaar": p, "waarde": obs.value,
                                   "bron": _source(store, obs.dataset)})
        data = pd.DataFrame(series, columns=["gebied", "jaar", "waarde", "bron"])
    else:
        data = pd.DataFrame({"gebied": rows["area_name"], "jaar": rows["period"], "waarde": rows["value"],
                             "bron": rows["source"]}).dropna()
    order = list(dict.fromkeys(rows["area_name"]))
    base = alt.Chart(data).encode(
        x=alt.X("jaar:O", title=None),
        y=alt.Y("waarde:Q", title=unit, scale=alt.Scale(zero=False)),
        color=alt.Color("gebied:N", title=None, sort=order,
                        scale=alt.Scale(domain=order, range=["#d95f02", "#7570b3", "#1b9e77", "#666666"][: len(order)])),
        tooltip=[alt.Tooltip("gebied:N", title="Gebied"), alt.Tooltip("jaar:O", title="Jaar"),
                 alt.Tooltip("waarde:Q", title=label, format=".1f"), alt.Tooltip("bron:N", title="Bron")],
    )
    return (base.mark_line(strokeWidth=2.5) + base.mark_point(filled=True, size=80)).properties(
        title=f"{label}: Almelo en Enschede naast Twente en Nederland", height=280)


def opgave_factsheet(catalogue: OpgavenCatalogue, nummer: int, store: DataStore, current: StatusLike | None,
                     history: Sequence[StatusLike], today: date) -> bytes:
    """A PDF for a board pack: the fiche, its status and history, owners, ministries, the linked figures,
    sources and the date. fpdf2 with DejaVu, as the other factsheets.
    """
    from regiomonitor.factsheet import _Doc, _heading, _text  # shared document layout

    o = catalogue.opgave(nummer)
    pdf = _Doc(f"Opgave {o.nummer}", today)
    pdf.alias_nb_pages()
    pdf.add_page()
    _heading(pdf, f"Opgave {o.nummer} — {o.titel}", 16)
    theme = catalogue.thema(o.thema).naam
    _text(pdf, f"Thema: {theme}" + (f" (in het overzicht: {o.thema_alternatief.naam})" if o.thema_alternatief else ""), 10)
    pdf.ln(2)
    _text(pdf, o.opgave, 10)
    pdf.ln(2)
    badges = derived_status(o, set(store.catalogue["id"])).badges()
    _text(pdf, "Kenmerken: " + " · ".join(b.label for b in badges), 9)

    def section(title: str, items: Sequence[str], empty: str) -> None:
        pdf.ln(2)
        _heading(pdf, title, 12)
        if not items:
            _text(pdf, empty)
        for item in items:
            _text(pdf, f"• {item}")

    pdf.ln(2)
    _heading(pdf, "Status", 12)
    if current is None:
        _text(pdf, "Nog geen status vastgelegd.")
    else:
        _text(pdf, f"{current.status} (sinds {current.datum:%d-%m-%Y}, door {current.editor})")
    for entry in list(history)[:5]:
        _text(pdf, f"{entry.datum:%d-%m-%Y} · {entry.status} · {entry.editor}" + (f": {entry.notitie}" if entry.notitie else ""), 8)

    owners = []
    for label, owner in (("Bestuurlijk", o.eigenaarschap.bestuurlijk), ("Uitvoering", o.eigenaarschap.ambtelijk)):
        state = OWNER_LABELS[owner_status(owner)]
        owners.append(f"{label}: {owner.naam or 'nog niet belegd'} ({state})")
    section("Eigenaarschap in de regio", owners, "")
    ministries = [f"{m.afkorting}{' (primair)' if m.primair else ''} — {catalogue.ministerie(m.afkorting).naam}"
                  for m in o.ministeries]
    if o.primair_ministerie is None:
        ministries.append("De fiche wijst geen primair ministerie aan.")
    section("Betrokken ministeries", ministries, "Geen ministeries genoemd.")
    section("Lopende trajecten tussen Rijk en regio", o.lopende_trajecten, "Er loopt nog geen traject met het Rijk.")
    section("Knelpunten", o.knelpunten, "Geen knelpunten genoemd.")
    section("Mogelijke interventies: Rijk", o.interventies.rijk, "Geen genoemd.")
    section("Mogelijke interventies: regio", o.interventies.regio, "Geen genoemd.")
    if o.interventies.rijk_en_regio:
        section("Mogelijke interventies: Rijk en regio samen", o.interventies.rijk_en_regio, "")
    section("Vervolgafspraken", o.vervolgafspraken, "Nog geen vervolgafspraken.")
    refs = [f"Verwijst naar opgave {n}: {catalogue.opgave(n).titel}" for n in o.verwijzingen]
    refs += [f"Genoemd in opgave {n}: {catalogue.opgave(n).titel}" for n in catalogue.referenced_by(o.nummer)]
    section("Samenhang met andere opgaven", refs, "Geen verwijzingen.")
    goals = {g.id: g.label for g in catalogue.npvr_doelen}
    section("NPVR-doelen", [goals[g] for g in o.npvr_doelen], "Geen genoemd.")

    frame = linked_indicators(store, o)
    pdf.ln(2)
    _heading(pdf, "Wat zeggen de cijfers", 12)
    if frame.empty:
        _text(pdf, "De monitor heeft (nog) geen cijfers die direct bij deze opgave horen.")
    else:
        table = linked_indicator_table(frame)
        for _, row in table.iterrows():
            values = " · ".join(f"{col}: {row[col]}" for col in table.columns if col not in {"Indicator", "Bron",
                                                                                            "Verandering", "Peiljaar"})
            _text(pdf, f"{row['Indicator']} ({row['Peiljaar']}) — {values}", 8.5)
            _text(pdf, f"   Verandering: {row['Verandering']}. Bron: {row['Bron']}.", 7.5)
    pdf.ln(3)
    _text(pdf, f"Bron van de fiche: {o.bron}. Tekst in eigen woorden samengevat. Status: statuslog van de "
               f"Regiomonitor. Gemaakt op {today:%d-%m-%Y}.", 7.5)
    return bytes(pdf.output())
