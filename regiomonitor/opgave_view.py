"""The data side of an opgave fiche: its linked indicators for Almelo, Enschede, Twente and NL, and a PDF.

Computed once by :func:`linked_indicators` (one tidy row per indicator and area, carrying the full series), then
rendered as a Dutch display table (:func:`linked_indicator_table`), a small trend chart
(:func:`linked_indicator_chart`, with :func:`linked_indicator_series` as the table behind it) and a factsheet PDF
for a board pack (:func:`regiomonitor.opgave_factsheet.opgave_factsheet`). No Streamlit here.

Conventions (also in :func:`table_note`, for a caption under the table):

- *Latest value*: the most recent period in which the area has a value, in the indicator's default age group
  (18+ for the health monitor, 'totaal' otherwise).
- *Change*: latest value minus the previous value of the same area, age group and source; none when the source
  has only one measurement. For percentages the difference is in percentage points ('%-punt').
- *Verdict*: 'beter' / 'slechter' / 'gelijk' by the indicator's direction (``regiomonitor.profile.assess``:
  within 5% of the earlier value counts as 'gelijk'); None for neutral indicators (e.g. housing stock shares).
- *vs_nl*: the value minus the Dutch value of the same period and age group.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

import altair as alt
import pandas as pd

from regiomonitor.areas import NL_CODE, TWENTE_CODE
from regiomonitor.content.opgave import Opgave
from regiomonitor.data import DataStore
from regiomonitor.fmt import decimals_for, number, signed
from regiomonitor.indicators import Observation, default_age_group, observation, periods_of
from regiomonitor.look import area_colours
from regiomonitor.prepare.values import FLAG_DERIVED, FLAG_LABELS
from regiomonitor.profile import assess

if TYPE_CHECKING:
    pass

#: Areas an opgave fiche shows by default: Almelo, Enschede, Twente, Nederland.
FICHE_AREAS: Final[tuple[str, ...]] = ("GM0141", "GM0153", "TWENTE", "NL00")
#: Reference areas: shown in the table, but their change is not spelled out under 'Verandering'.
REFERENCE_AREAS: Final[frozenset[str]] = frozenset({TWENTE_CODE, NL_CODE})
#: Columns of :func:`linked_indicators`, in order.
FRAME_COLUMNS: Final[tuple[str, ...]] = (
    "indicator",
    "label",
    "unit",
    "direction",
    "thema_label",
    "area_code",
    "area_name",
    "age_group",
    "period",
    "value",
    "flag",
    "reason",
    "previous_period",
    "previous_value",
    "change",
    "verdict",
    "vs_nl",
    "dataset",
    "source_title",
    "source",
    "series",
)
#: How to read the linked-indicator table (see :func:`table_note`, which adds the health-monitor caveat).
TABLE_NOTE: Final[str] = (
    "Laatste waarde per gebied; het peiljaar staat in een eigen kolom en een afwijkend jaar tussen haakjes bij de "
    "waarde. Verandering: verschil met de vorige meting van dezelfde bron (bij percentages in procentpunten), "
    "beoordeeld naar de richting van de indicator; binnen 5% telt als gelijk."
)
HEALTH_DATASET: Final[str] = "rivm_gezondheid_wijk_buurt"
HEALTH_NOTE: Final[str] = (
    "Gezondheidscijfers (RIVM/CBS/GGD) zijn modelschattingen uit een enquête onder "
    "volwassenen (18+); kleine verschillen zijn niet betekenisvol."
)
_MISSING_AREA: Final = "geen cijfer voor {name} in deze bron"


# --------------------------------------------------------------------------------------------------------------
# Linked indicators
# --------------------------------------------------------------------------------------------------------------


def source_title(store: DataStore, dataset: str) -> str:
    """The dataset's publisher and title ("CBS, Kerncijfers wijken en buurten 2024"), its id when unknown."""
    ds = store.datasets.get(dataset)
    if ds is None:
        return dataset
    return ds.citation()


def _age_suffix(age: str) -> str:
    return "" if age == "totaal" else f", {age}"


def linked_indicators(store: DataStore, opgave: Opgave, areas: Sequence[str] = FICHE_AREAS) -> pd.DataFrame:
    """One row per (indicator, area) for the opgave's indicators that the store has, in the record's order.

    Columns (:data:`FRAME_COLUMNS`): indicator, label, unit, direction, thema_label, area_code, area_name,
    age_group (the indicator's default), period (Int64: latest period with a value for the area; when the area
    has rows but no value, the latest such row; NA when the source has nothing for the area), value (float,
    NaN when missing), flag, reason (Dutch explanation of a missing or derived value, '' for an ordinary value),
    previous_period (Int64), previous_value, change (value - previous_value; NaN without a comparable earlier
    measurement of the same source), verdict ('beter' / 'slechter' / 'gelijk', None when neutral or no change),
    vs_nl (value - NL value of the same period and age group), dataset (id), source_title (publisher, title),
    source (one line: publisher, title, period and age group), series (tuple of (period, value) pairs with a
    value, oldest first: everything the trend chart needs).

    Indicators the store lacks are skipped (the opgaven loader already validates ids); areas without any value
    still get a row, so a gap is explained rather than hidden.
    """
    known = store.info
    rows: list[dict[str, object]] = []
    for ind in opgave.indicatoren:
        if ind not in known:
            continue
        meta = store.indicator(ind)
        age = default_age_group(store, ind)
        direction = meta.direction
        periods = periods_of(store, ind)
        for area in areas:
            obs = [o for p in periods if (o := observation(store, area, ind, p, age)) is not None]
            with_value = [o for o in obs if o.value is not None]
            last: Observation | None = with_value[-1] if with_value else (obs[-1] if obs else None)
            value = last.value if last else None
            earlier = [o for o in with_value[:-1] if last is not None and o.dataset == last.dataset]
            prev = earlier[-1] if earlier and value is not None else None
            change = value - prev.value if prev is not None and prev.value is not None and value is not None else None
            nl = observation(store, NL_CODE, ind, last.period, age) if last is not None else None
            vs_nl = value - nl.value if value is not None and nl is not None and nl.value is not None else None
            dataset = last.dataset if last else meta.bron
            title = source_title(store, dataset)
            if last is None:
                reason = _MISSING_AREA.format(name=store.name(area))
            elif value is None:
                reason = FLAG_LABELS.get(last.flag) or _MISSING_AREA.format(name=store.name(area))
            else:
                reason = FLAG_LABELS.get(last.flag, "")
            verdict = assess(value, prev.value, direction) if prev is not None else ""
            rows.append(
                {
                    "indicator": ind,
                    "label": meta.label,
                    "unit": meta.unit,
                    "direction": direction,
                    "thema_label": meta.thema_label,
                    "area_code": area,
                    "area_name": store.name(area),
                    "age_group": age,
                    "period": last.period if last else None,
                    "value": value,
                    "flag": last.flag if last else "missing",
                    "reason": reason,
                    "previous_period": prev.period if prev else None,
                    "previous_value": prev.value if prev else None,
                    "change": change,
                    "verdict": verdict or None,
                    "vs_nl": vs_nl,
                    "dataset": dataset,
                    "source_title": title,
                    "source": f"{title} ({last.period}{_age_suffix(age)})" if last else f"{title}{_age_suffix(age)}",
                    "series": tuple((o.period, float(o.value)) for o in with_value if o.value is not None),
                }
            )
    frame = pd.DataFrame(rows, columns=list(FRAME_COLUMNS))
    for col in ("period", "previous_period"):
        frame[col] = frame[col].astype("Int64")
    for col in ("value", "previous_value", "change", "vs_nl"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
    frame["verdict"] = frame["verdict"].astype(object).where(frame["verdict"].notna(), None)
    return frame


def _has(x: object) -> bool:
    return x is not None and not pd.isna(x)


def _difference(change: float, unit: str) -> str:
    text = signed(change, decimals_for(unit))
    return f"{text} %-punt" if unit == "%" else (f"{text} {unit}" if unit not in {"", "aantal"} else text)


def _row_period(grp: pd.DataFrame) -> int | None:
    """The period of a table row: the latest period among the areas that have a value."""
    periods = [int(p) for p, v in zip(grp["period"], grp["value"], strict=True) if _has(p) and _has(v)]
    return max(periods) if periods else None


def _cell(row: pd.Series, row_period: int | None) -> str:
    if not _has(row["value"]):
        return f"– {row['reason'] or 'geen cijfer'}"
    text = number(float(row["value"]), decimals_for(str(row["unit"])), str(row["unit"]))
    return f"{text} ({int(row['period'])})" if row_period is not None and int(row["period"]) != row_period else text


def _indicator_label(grp: pd.DataFrame) -> str:
    age = str(grp["age_group"].iloc[0])
    return str(grp["label"].iloc[0]) + (f" ({age})" if age != "totaal" else "")


def _change_text(grp: pd.DataFrame) -> str:
    parts = []
    for _, r in grp.iterrows():
        if r["area_code"] in REFERENCE_AREAS or not _has(r["change"]):
            continue
        verdict = f" ({r['verdict']})" if r["verdict"] else ""
        parts.append(
            f"{r['area_name']} {_difference(float(r['change']), str(r['unit']))} "
            f"sinds {int(r['previous_period'])}{verdict}"
        )
    return "; ".join(parts) or "geen eerdere meting"


def _bron_text(grp: pd.DataFrame) -> str:
    return "; ".join(_bron_parts(grp))


def _bron_parts(grp: pd.DataFrame) -> list[str]:
    """The sources of one indicator's rows: each title with its years and age group, then what the monitor
    derived itself."""
    parts = []
    for title, sub in grp.groupby("source_title", sort=False):
        periods = sorted({int(p) for p in sub["period"] if _has(p)})
        years = ", ".join(str(p) for p in periods)
        age = str(sub["age_group"].iloc[0])
        inner = ", ".join(x for x in (years, "" if age == "totaal" else age) if x)
        parts.append(f"{title}" + (f" ({inner})" if inner else ""))
    derived = grp[(grp["flag"] == FLAG_DERIVED) & grp["value"].notna()]
    if (derived["area_code"] == TWENTE_CODE).any():
        parts.append("Twente: door de monitor berekend uit de cijfers van de 14 Twentse gemeenten")
    others = [str(n) for c, n in zip(derived["area_code"], derived["area_name"], strict=True) if c != TWENTE_CODE]
    if others:
        parts.append(f"{', '.join(others)}: door de monitor berekend uit gepubliceerde cijfers")
    return parts


def numbered_sources(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """:func:`linked_indicator_table` of ``frame`` with its 'Bron' column as numbers, and the numbered sources.

    For a table that shows every cell in full (a source of some 200 characters repeated on every row made each
    row seven lines high): each distinct source of a row (a title with its years, or what the monitor derived)
    gets a number in the order it first appears; the row keeps the numbers of its sources, ascending; the
    sources go under the table.
    """
    numbers: dict[str, int] = {}
    refs = []
    for _, grp in frame.groupby("indicator", sort=False):  # the table's rows, in its order
        mine = sorted(numbers.setdefault(p, len(numbers) + 1) for p in _bron_parts(grp))
        refs.append(",\u00a0".join(map(str, mine)))  # non-breaking: a narrow column keeps "1, 2" on one line
    return linked_indicator_table(frame).assign(Bron=refs), [f"{n}: {p}" for p, n in numbers.items()]


def table_note(frame: pd.DataFrame) -> str:
    """How to read the table of this frame: :data:`TABLE_NOTE`, plus :data:`HEALTH_NOTE` when it has
    health-monitor figures (for a caption under the table)."""
    health = bool((frame["dataset"] == HEALTH_DATASET).any())
    return f"{TABLE_NOTE} {HEALTH_NOTE}" if health else TABLE_NOTE


def linked_indicator_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A Dutch display table: one row per indicator, in the frame's order.

    Columns: 'Indicator' (label, with the age group for the health monitor), 'Peiljaar' (the latest period of the
    row), one column per area name with the latest value formatted the Dutch way (a period in parentheses when
    that area's value is from another year than the row's Peiljaar; a missing value as '– ' and the reason in
    words, e.g. '– geen cijfer voor Nederland in deze bron'),
    'Verandering' and 'Bron'.

    'Verandering' lists the non-reference areas (Almelo, Enschede) with a change: 'Almelo −6,6 %-punt sinds 2016
    (beter); Enschede …': the difference with the previous measurement of the same source, in percentage points
    for percentages, and the direction-aware verdict (none for neutral indicators). 'geen eerdere meting' when
    the source has one measurement only. 'Bron' names the publisher and title with the periods and age group
    used, and says which values the monitor derived itself (Twente).
    """
    out = []
    area_names = list(dict.fromkeys(frame["area_name"]))
    for _, grp in frame.groupby("indicator", sort=False):
        period = _row_period(grp)
        row: dict[str, str] = {"Indicator": _indicator_label(grp), "Peiljaar": str(period) if period else "–"}
        for _, r in grp.iterrows():
            row[str(r["area_name"])] = _cell(r, period)
        row["Verandering"] = _change_text(grp)
        row["Bron"] = _bron_text(grp)
        out.append(row)
    return pd.DataFrame(out, columns=["Indicator", "Peiljaar", *area_names, "Verandering", "Bron"])


# --------------------------------------------------------------------------------------------------------------
# Trend chart
# --------------------------------------------------------------------------------------------------------------


def linked_indicator_series(frame: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """The long table behind the trend chart of one indicator (and its CSV/Excel export).

    Columns: gebied, gebiedscode, jaar, waarde, waarde_tekst (Dutch format with unit), leeftijd, bron.
    One row per area and period with a value; areas in the frame's order, periods ascending.

    Raises:
        KeyError: the indicator is not in the frame.
    """
    rows = frame[frame["indicator"] == indicator]
    if rows.empty:
        raise KeyError(f"indicator {indicator!r} is not linked in this frame")
    out = []
    for _, r in rows.iterrows():
        unit = str(r["unit"])
        for period, value in r["series"]:
            out.append(
                {
                    "gebied": r["area_name"],
                    "gebiedscode": r["area_code"],
                    "jaar": int(period),
                    "waarde": float(value),
                    "waarde_tekst": number(float(value), decimals_for(unit), unit),
                    "leeftijd": r["age_group"],
                    "bron": f"{r['source_title']} ({int(period)}{_age_suffix(str(r['age_group']))})",
                }
            )
    return pd.DataFrame(out, columns=["gebied", "gebiedscode", "jaar", "waarde", "waarde_tekst", "leeftijd", "bron"])


def linked_indicator_chart(frame: pd.DataFrame, indicator: str) -> alt.Chart:
    """Trend of one linked indicator for the frame's areas over all periods with a value: lines with dots
    (one ``alt.Chart``, a line mark with a point overlay, so a single measurement still shows as a dot).

    Titled with the label (and age group); the subtitle names the areas and the years, or says that the source
    has one measurement only. The tooltip carries area, year, the value in Dutch format and the source (the
    frame carries the full series, so no store is needed).

    Raises:
        KeyError: the indicator is not in the frame.
    """
    data = linked_indicator_series(frame, indicator)
    rows = frame[frame["indicator"] == indicator]
    unit = str(rows["unit"].iloc[0])
    present = set(data["gebiedscode"])  # the legend names only areas that have a dot
    codes = [c for c in dict.fromkeys(rows["area_code"]) if c in present or not present]
    names = dict(zip(rows["area_code"], rows["area_name"], strict=True))
    order = [str(names[c]) for c in codes]
    colours = area_colours(codes)  # the app-wide colour of each area (regiomonitor.look)
    years = sorted(set(data["jaar"]))
    if len(years) > 1:
        subtitle = (
            f"{', '.join(order[:-1])} en {order[-1]}, {years[0]}–{years[-1]}"
            if len(order) > 1
            else f"{order[0]}, {years[0]}–{years[-1]}"
        )
    elif years:
        subtitle = f"Alleen {years[0]} in deze bron: nog geen verloop"
    else:
        subtitle = "Geen cijfers voor deze gebieden"
    base = alt.Chart(data).encode(
        x=alt.X("jaar:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("waarde:Q", title=unit, scale=alt.Scale(zero=False)),
        color=alt.Color(
            "gebied:N",
            title=None,
            sort=order,
            scale=alt.Scale(domain=order, range=colours),
            legend=alt.Legend(orient="bottom"),
        ),
        tooltip=[
            alt.Tooltip("gebied:N", title="Gebied"),
            alt.Tooltip("jaar:O", title="Jaar"),
            alt.Tooltip("waarde_tekst:N", title="Waarde"),
            alt.Tooltip("bron:N", title="Bron"),
        ],
    )
    chart = base.mark_line(strokeWidth=2.5, point=alt.OverlayMarkDef(filled=True, size=80))
    return chart.properties(
        title=alt.TitleParams(_indicator_label(rows), subtitle=[subtitle], anchor="start"), height=340
    )  # Streamlit fits title, axis and legend inside this height
