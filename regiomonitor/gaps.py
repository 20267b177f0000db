"""'Wat de monitor nog niet heeft': every indicator the programmes ask for, against what the data cover.

Generated, never written by hand: the programme content (``data/content/programmes/*.yaml``) names each
indicator a programme line wants to follow and, where the monitor has one, the catalogue indicator it maps to;
the prepared catalogue and indicator table say at which levels and in which years that indicator has values.
A refresh from CBS open data (``python -m regiomonitor.refresh``) can fill some gaps; the table says which.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import pandas as pd

from regiomonitor.areas import TWENTE_CODE
from regiomonitor.content.programme import Programme
from regiomonitor.data import DataStore
from regiomonitor.programme_tables import indicator_status_frame

#: Catalogue indicators that ``python -m regiomonitor.refresh`` brings in per buurt (Kerncijfers wijken en
#: buurten 2015-2024 from CBS StatLine): see ``regiomonitor.prepare.odata.KWB_STEMS``.
REFRESH_BUURT: Final[frozenset[str]] = frozenset(
    {
        "gem_inkomen_per_inwoner",
        "huishoudens_laag_inkomen",
        "huishoudens_sociaal_minimum",
        "huishoudens_tot_120_sociaal_minimum",
        "koopwoningen",
        "huurwoningen",
        "corporatiewoningen",
        "laag_opleidingsniveau",
        "bijstand_per_1000",
        "ao_per_1000",
        "ww_per_1000",
        "netto_arbeidsparticipatie",
        "gem_woz_waarde",
        "woningvoorraad",
        "huishoudens",
        "inwoners",
        "afstand_huisarts",
    }
)
#: Programme indicators without a catalogue link that the refresh would fill (matched on their name).
REFRESH_BY_NAME: Final[dict[str, str]] = {"arbeidsparticipatie": "netto_arbeidsparticipatie"}
STATUS_LABELS: Final[dict[str, str]] = {
    "beschikbaar": "in de monitor",
    "alleen documentcijfer": "alleen een cijfer uit het document",
    "nog geen meting": "nog geen meting afgesproken",
}


def _periods(periods: Iterable[int]) -> str:
    found = sorted(set(periods))
    return ", ".join(str(p) for p in found) if found else ""


def gap_table(store: DataStore, programmes: Iterable[Programme]) -> pd.DataFrame:
    """One row per programme indicator: what the monitor has per buurt, gemeente and Twente, and what it lacks.

    Columns: Programma, Lijn, Indicator, In de monitor (catalogue label or '–'), Buurt, Gemeente, Twente (the
    years with values, or 'ontbreekt'), Wat ontbreekt (Dutch), Met refresh (what a refresh from CBS adds, or '').
    """
    progs = list(programmes)
    names = {p.id: p.naam for p in progs}
    status = indicator_status_frame(progs)
    rows = []
    for _, r in status.iterrows():
        app = r["app_indicator"] if isinstance(r["app_indicator"], str) and r["app_indicator"] else None
        known = app is not None and app in store.info
        levels: dict[str, str] = {}
        if app is not None and known:
            levels["Buurt"] = _periods(store.periods_at(app, "buurt"))
            levels["Gemeente"] = _periods(store.periods_at(app, "gemeente"))
            tw = store.rows([TWENTE_CODE], app)
            levels["Twente"] = _periods(int(p) for p in tw.loc[tw["value"].notna(), "period"])
        lacking = [lvl.lower() for lvl in ("Buurt", "Gemeente", "Twente") if not levels.get(lvl)]
        if not known:
            what = f"geen open bron in de monitor ({STATUS_LABELS.get(str(r['status']), str(r['status']))})"
        elif lacking:
            what = "geen cijfers per " + " en ".join(lacking)
        else:
            what = ""
        target = app if known else next((v for k, v in REFRESH_BY_NAME.items() if k in str(r["naam"]).lower()), None)
        refresh = ""
        if target in REFRESH_BUURT and (not known or "buurt" in lacking):
            refresh = "buurtcijfers per jaar (Kerncijfers wijken en buurten)"
        rows.append(
            {
                "Programma": names.get(str(r["programma"]), str(r["programma"])),
                "Lijn": str(r["lijn_naam"]),
                "Indicator": str(r["naam"]),
                "In de monitor": store.indicator(app).label if app is not None and known else "–",
                "Buurt": levels.get("Buurt") or "ontbreekt",
                "Gemeente": levels.get("Gemeente") or "ontbreekt",
                "Twente": levels.get("Twente") or "ontbreekt",
                "Wat ontbreekt": what or "niets op deze drie niveaus",
                "Met refresh": refresh,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "Programma",
            "Lijn",
            "Indicator",
            "In de monitor",
            "Buurt",
            "Gemeente",
            "Twente",
            "Wat ontbreekt",
            "Met refresh",
        ],
    )


def gap_summary(table: pd.DataFrame) -> str:
    """One Dutch sentence for the Overzicht: how many asked-for indicators the monitor has per buurt."""
    n = len(table)
    has = int((table["In de monitor"] != "–").sum())
    buurt = int((table["Buurt"] != "ontbreekt").sum())
    refresh = int((table["Met refresh"] != "").sum())
    return (
        f"De programma's vragen om {n} indicatoren. De monitor heeft er {has} (waarvan {buurt} per buurt); "
        f"{refresh} kunnen per buurt binnenkomen met een verversing uit CBS open data."
    )
