"""Charts and display tables for the Programma's page (plain Python, no Streamlit).

Chart builders return Altair specs with Dutch titles and large type; amounts in tooltips and labels are
pre-formatted the Dutch way (``1.234.567``) because Vega's own number formats are English. The table helpers
reshape :func:`regiomonitor.programme_tables.budget_frame` into the layout of the document's tables; they leave the
numbers as numbers so the page decides how to format them.

Budget rows marked ``aggregaat`` (subtotals and totals printed in the document) are never summed here.
"""

from __future__ import annotations

from typing import Final

import altair as alt
import pandas as pd

from regiomonitor.content.programme import Programme
from regiomonitor.fmt import number
from regiomonitor.look import BUDGET_COLOURS, LABEL_SIZE, chart_title, fit_width
from regiomonitor.programme_tables import budget_frame, saldo_per_year

#: Vega label expressions that print axis numbers the Dutch way.
DUTCH_THOUSANDS: Final = "replace(format(datum.value, ',.0f'), ',', '.')"
DUTCH_ONE_DECIMAL: Final = "replace(format(datum.value, '.1f'), '.', ',')"


def euro(value: float | int | None) -> str:
    """``€ 1.234.567``, ``−€ 2.545.000`` for a negative amount, an en dash for an unknown one."""
    if value is None or pd.isna(value):
        return "–"
    text = f"€ {number(abs(float(value)))}"
    return f"−{text}" if float(value) < 0 else text


# --------------------------------------------------------------------------------------------------------------
# Elk Talent Telt: budget per programme line and city
# --------------------------------------------------------------------------------------------------------------


def budget_group(frame: pd.DataFrame) -> pd.Series:
    """The line a budget row belongs to: the line's name, or the post without its number ("Communicatie")."""
    stripped = frame["post"].astype(str).str.replace(r"^\d+\.\s*", "", regex=True)
    return frame["lijn_naam"].astype("object").where(frame["lijn_naam"].notna(), stripped)


def budget_by_line_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Spending per line (rows, in document order) and area (columns), plus a ``Totaal`` column and row.

    Args:
        frame: non-aggregate ``uitgaven`` rows of one budget table (see :func:`budget_frame`). Aggregate rows
            are rejected rather than double counted.

    Raises:
        ValueError: the frame holds aggregate rows.
    """
    if frame["aggregaat"].any():
        raise ValueError("budget_by_line_table needs rows without subtotals/totals (aggregaat rows)")
    data = frame.assign(groep=budget_group(frame), bedrag=frame["bedrag_eur"].astype(float))
    order = list(dict.fromkeys(data["groep"]))
    areas = list(dict.fromkeys(data["gebied"]))
    table = data.pivot_table(index="groep", columns="gebied", values="bedrag", aggfunc="sum", fill_value=0.0)
    table = table.reindex(index=order, columns=areas, fill_value=0.0)
    table["Totaal"] = table.sum(axis=1)
    table.loc["Totaal"] = table.sum(axis=0)
    table.index.name = "Onderdeel"
    table.columns.name = None
    return table.reset_index()


def budget_by_line_chart(frame: pd.DataFrame, title: str, source: str) -> alt.Chart:
    """Stacked horizontal bars: spending per area (city), coloured by programme line, in million euro.

    Args:
        frame: non-aggregate ``uitgaven`` rows of one budget table (aggregate rows are left out here too).
        title: chart title.
        source: the source line shown as subtitle (document and page).
    """
    rows = frame[~frame["aggregaat"]] if "aggregaat" in frame else frame
    data = rows.assign(lijn=budget_group(rows), bedrag=rows["bedrag_eur"].astype(float))
    data = data.groupby(["gebied", "lijn"], as_index=False, sort=False)["bedrag"].sum()
    data["miljoen"] = data["bedrag"] / 1e6
    data["bedrag_tekst"] = data["bedrag"].map(euro)
    lines = list(dict.fromkeys(data["lijn"]))
    data["volgorde"] = data["lijn"].map({name: i for i, name in enumerate(lines)})
    return fit_width(  # height is the plot: the legend below no longer squeezes the bars to a line
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y(
                "gebied:N",
                title=None,
                sort=list(dict.fromkeys(data["gebied"])),
                axis=alt.Axis(labelFontSize=LABEL_SIZE + 2),
            ),
            x=alt.X(
                "sum(miljoen):Q",
                title="Miljoen euro (2025 t/m 2028)",
                axis=alt.Axis(labelFontSize=LABEL_SIZE, titleFontSize=LABEL_SIZE, labelExpr=DUTCH_ONE_DECIMAL),
            ),
            color=alt.Color(
                "lijn:N",
                title="Onderdeel",
                sort=lines,
                scale=alt.Scale(scheme="dark2"),
                legend=alt.Legend(
                    orient="bottom", columns=3, labelFontSize=LABEL_SIZE - 1, titleFontSize=LABEL_SIZE, labelLimit=320
                ),
            ),
            order=alt.Order("volgorde:Q"),
            tooltip=[
                alt.Tooltip("gebied:N", title="Stad"),
                alt.Tooltip("lijn:N", title="Onderdeel"),
                alt.Tooltip("bedrag_tekst:N", title="Bedrag"),
            ],
        )
        .properties(title=chart_title(title, source), height=max(90, 60 * data["gebied"].nunique()))
    )


# --------------------------------------------------------------------------------------------------------------
# Kansrijk Enschede: spending, cover and balance per year
# --------------------------------------------------------------------------------------------------------------

YEARLY_COLUMNS: Final[tuple[str, ...]] = (
    "jaar",
    "uitgaven",
    "bestaande_dekking",
    "nieuwe_dekking",
    "dekking",
    "saldo",
    "saldo_berekend",
    "klopt",
)


def yearly_balance(programme: Programme, tabel: str) -> pd.DataFrame:
    """Per year: spending, existing cover, new cover, total cover and the balance of one yearly table.

    ``saldo`` is the balance printed in the document (falling back to the recomputed one when the table has
    no ``saldo`` row); ``saldo_berekend`` is cover minus spending over the non-aggregate rows and ``klopt`` says
    whether both agree. Cover kinds other than existing/new (e.g. ``dekking``) count in ``dekking`` only.

    Raises:
        KeyError: the table has no yearly rows.
    """
    saldo = saldo_per_year(programme, tabel)
    detail = budget_frame(programme, include_aggregates=False)
    detail = detail[(detail["tabel"] == tabel) & detail["jaar"].notna()]

    def per_year(kind: str) -> pd.Series:
        rows = detail[detail["soort"] == kind]
        return rows.groupby("jaar")["bedrag_eur"].sum().astype(float)

    existing, new = per_year("bestaande dekking"), per_year("nieuwe dekking")
    out = pd.DataFrame({"jaar": saldo["jaar"].astype(int)})
    out["uitgaven"] = saldo["uitgaven"].astype(float)
    out["bestaande_dekking"] = out["jaar"].map(existing).fillna(0.0).astype(float)
    out["nieuwe_dekking"] = out["jaar"].map(new).fillna(0.0).astype(float)
    out["dekking"] = saldo["dekking"].astype(float)
    printed = saldo["saldo_document"].astype(float)
    out["saldo"] = printed.where(printed.notna(), saldo["saldo_berekend"]).astype(float)
    out["saldo_berekend"] = saldo["saldo_berekend"].astype(float)
    out["klopt"] = saldo["klopt"].astype(bool)
    return out[list(YEARLY_COLUMNS)]


def _balance_long(yearly: pd.DataFrame) -> pd.DataFrame:
    parts = [
        ("Uitgaven", "Uitgaven", "uitgaven"),
        ("Dekking", "Bestaande dekking", "bestaande_dekking"),
        ("Dekking", "Nieuwe dekking", "nieuwe_dekking"),
    ]
    rows = [
        {
            "jaar": str(int(r["jaar"])),
            "kolom": kolom,
            "deel": deel,
            "bedrag": float(r[col]),
            "x1000": float(r[col]) / 1000,
            "bedrag_tekst": euro(r[col]),
        }
        for _, r in yearly.iterrows()
        for kolom, deel, col in parts
    ]
    return pd.DataFrame(rows)


def balance_chart(yearly: pd.DataFrame, title: str, source: str) -> alt.Chart:
    """Per year two bars side by side: spending, and cover stacked as existing plus new (× € 1.000).

    Args:
        yearly: the output of :func:`yearly_balance`.
    """
    data = _balance_long(yearly)
    parts = ["Uitgaven", "Bestaande dekking", "Nieuwe dekking"]
    return fit_width(
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(
                "jaar:O",
                title="Jaar",
                axis=alt.Axis(labelFontSize=LABEL_SIZE + 2, titleFontSize=LABEL_SIZE, labelAngle=0),
            ),
            xOffset=alt.XOffset("kolom:N", sort=["Uitgaven", "Dekking"]),
            y=alt.Y(
                "sum(x1000):Q",
                title="× € 1.000",
                stack="zero",
                axis=alt.Axis(labelFontSize=LABEL_SIZE, titleFontSize=LABEL_SIZE, labelExpr=DUTCH_THOUSANDS),
            ),
            color=alt.Color(
                "deel:N",
                title=None,
                sort=parts,
                scale=alt.Scale(domain=parts, range=[BUDGET_COLOURS[p] for p in parts]),
                legend=alt.Legend(orient="bottom", labelFontSize=LABEL_SIZE),
            ),
            order=alt.Order("deel:N"),
            tooltip=[
                alt.Tooltip("jaar:N", title="Jaar"),
                alt.Tooltip("deel:N", title="Post"),
                alt.Tooltip("bedrag_tekst:N", title="Bedrag"),
            ],
        )
        .properties(title=chart_title(title, source), height=300)
    )


def saldo_chart(yearly: pd.DataFrame, title: str, source: str) -> alt.LayerChart | alt.FacetChart:
    """The balance per year as bars (green surplus, red shortfall) labelled in × € 1.000, e.g. ``−2.545``.

    Args:
        yearly: the output of :func:`yearly_balance`.
    """
    data = pd.DataFrame(
        {
            "jaar": yearly["jaar"].astype(int).astype(str),
            "saldo": yearly["saldo"].astype(float),
        }
    )
    data["x1000"] = data["saldo"] / 1000
    data["oordeel"] = data["saldo"].map(lambda v: "Tekort" if v < 0 else "Overschot")
    data["label"] = data["x1000"].map(lambda v: ("−" if v < 0 else "+" if v > 0 else "") + number(abs(v)))
    data["bedrag_tekst"] = data["saldo"].map(euro)
    span = float(data["x1000"].abs().max()) or 1.0
    data["label_y"] = data["x1000"].map(lambda v: v + 0.08 * span if v >= 0 else v - 0.08 * span)
    base = alt.Chart(data).encode(
        x=alt.X(
            "jaar:O", title="Jaar", axis=alt.Axis(labelFontSize=LABEL_SIZE + 2, titleFontSize=LABEL_SIZE, labelAngle=0)
        ),
        tooltip=[
            alt.Tooltip("jaar:N", title="Jaar"),
            alt.Tooltip("oordeel:N", title="Saldo"),
            alt.Tooltip("bedrag_tekst:N", title="Bedrag"),
        ],
    )
    bars = base.mark_bar().encode(
        y=alt.Y(
            "x1000:Q",
            title="Saldo (× € 1.000)",
            scale=alt.Scale(domain=[min(0.0, float(data["label_y"].min())), max(0.0, float(data["label_y"].max()))]),
            axis=alt.Axis(labelFontSize=LABEL_SIZE, titleFontSize=LABEL_SIZE, labelExpr=DUTCH_THOUSANDS),
        ),
        color=alt.Color(
            "oordeel:N",
            title=None,
            scale=alt.Scale(
                domain=["Overschot", "Tekort"], range=[BUDGET_COLOURS["Overschot"], BUDGET_COLOURS["Tekort"]]
            ),
            legend=alt.Legend(orient="bottom", labelFontSize=LABEL_SIZE),
        ),
    )
    labels = base.mark_text(fontSize=LABEL_SIZE + 2, fontWeight="bold").encode(
        y=alt.Y("label_y:Q"),
        text=alt.Text("label:N"),
    )
    return fit_width(alt.layer(bars, labels).properties(title=chart_title(title, source), height=300))


# --------------------------------------------------------------------------------------------------------------
# Tables in the layout of the document
# --------------------------------------------------------------------------------------------------------------


#: Cell text for an amount the document leaves open ("p.m.", pro memorie).
PM: Final = "p.m."


def _amount_or_pm(amounts: pd.Series) -> pd.Series:
    """Amounts as floats, with :data:`PM` for rows whose amount is unknown (object dtype)."""
    return pd.Series([PM if pd.isna(v) else float(v) for v in amounts], index=amounts.index, dtype="object")


def yearly_table(frame: pd.DataFrame) -> pd.DataFrame:
    """One yearly budget table as in the document: a row per post (document order), a column per year.

    Keeps the ``soort`` and ``aggregaat`` of each post so the page can mark subtotals. Cells are amounts in
    euro (float), the text :data:`PM` where the document gives no amount, and ``NaN`` where it has no cell.
    """
    rows = frame[frame["jaar"].notna()].copy()
    rows["jaar"] = rows["jaar"].astype(int)
    rows["bedrag_eur"] = _amount_or_pm(rows["bedrag_eur"])
    keys = ["post", "soort", "aggregaat"]
    order = list(dict.fromkeys(zip(rows["post"], rows["soort"], rows["aggregaat"], strict=True)))
    table = rows.pivot_table(index=keys, columns="jaar", values="bedrag_eur", aggfunc="first", dropna=False)
    table = table.reindex(pd.MultiIndex.from_tuples(order, names=keys))
    table.columns = [int(c) for c in table.columns]
    return table.reset_index()


def periods_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A budget table without a year per cell, as in the document: a row per post (document order).

    Columns are the table's periods (the OAB plan has four, the NPO plan one). When a post appears for several
    areas in the same period (Elk Talent Telt: Almelo, Enschede, total) the areas become the columns instead;
    otherwise a ``gebied`` column is kept when the table covers more than one area. ``aggregaat`` is kept (per
    row: true when every cell of the row is a subtotal or total). Cells as in :func:`yearly_table`.
    """
    rows = frame.copy()
    rows["bedrag_eur"] = _amount_or_pm(rows["bedrag_eur"])
    rows["periode"] = rows["periode"].fillna("bedrag").astype(str)
    by_area = bool(rows.duplicated(["post", "periode"]).any())
    if by_area:
        single_period = rows["periode"].nunique() == 1
        rows["kolom"] = rows["gebied"] if single_period else rows["gebied"] + " " + rows["periode"]
        # A post is a subtotal row only when all its cells are; a printed total column alone does not make it one.
        rows["aggregaat"] = rows.groupby("post")["aggregaat"].transform("all")
        index = ["post", "aggregaat"]
    else:
        rows["kolom"] = rows["periode"]
        index = ["post", "gebied", "aggregaat"] if rows["gebied"].nunique() > 1 else ["post", "aggregaat"]
    order = list(dict.fromkeys(zip(*(rows[c] for c in index), strict=True)))
    columns = list(dict.fromkeys(rows["kolom"]))
    table = rows.pivot_table(index=index, columns="kolom", values="bedrag_eur", aggfunc="first", dropna=False)
    table = table.reindex(index=pd.MultiIndex.from_tuples(order, names=index), columns=columns)
    table.columns.name = None
    return table.reset_index()


__all__ = [
    "balance_chart",
    "budget_by_line_chart",
    "budget_by_line_table",
    "budget_group",
    "euro",
    "periods_table",
    "saldo_chart",
    "yearly_balance",
    "yearly_table",
    "PM",
]
