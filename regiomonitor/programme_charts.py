"""Charts for the Programma's page (no Streamlit): budgets per line and city, yearly balance."""

from __future__ import annotations

import altair as alt
import pandas as pd


def budget_by_line_chart(frame: pd.DataFrame, title: str, source: str) -> alt.Chart:
    """Stacked bars: spending per city, coloured by programme line (aggregate rows left out by the caller)."""
    data = frame.assign(lijn=frame["lijn_naam"].fillna(frame["post"].str.replace(r"^\d+\.\s*", "", regex=True)),
                        miljoen=frame["bedrag_eur"] / 1e6)
    data = data.groupby(["gebied", "lijn"], as_index=False)["miljoen"].sum()
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y("gebied:N", title=None, axis=alt.Axis(labelFontSize=15)),
        x=alt.X("miljoen:Q", title="miljoen euro", axis=alt.Axis(labelFontSize=13, titleFontSize=13)),
        color=alt.Color("lijn:N", title="Post", scale=alt.Scale(scheme="dark2"),
                        legend=alt.Legend(orient="bottom", columns=3, labelFontSize=13, labelLimit=300)),
        tooltip=[alt.Tooltip("gebied:N", title="Stad"), alt.Tooltip("lijn:N", title="Post"),
                 alt.Tooltip("miljoen:Q", title="miljoen euro", format=".2f")],
    ).properties(title=alt.TitleParams(title, subtitle=[source], anchor="start", fontSize=17), height=160)


def balance_chart(saldo: pd.DataFrame, title: str, source: str) -> alt.LayerChart:
    """Spending against cover per year, with the balance labelled (negative = shortfall)."""
    long = saldo.melt(id_vars="jaar", value_vars=["uitgaven", "dekking"], var_name="soort", value_name="bedrag")
    long["x1000"] = long["bedrag"] / 1000
    bars = alt.Chart(long).mark_bar().encode(
        x=alt.X("soort:N", title=None, axis=None), y=alt.Y("x1000:Q", title="× € 1.000"),
        color=alt.Color("soort:N", title=None, scale=alt.Scale(domain=["uitgaven", "dekking"], range=["#d95f02", "#1b9e77"])),
        column=alt.Column("jaar:O", title=None, header=alt.Header(labelFontSize=15)),
        tooltip=[alt.Tooltip("jaar:O"), alt.Tooltip("soort:N"), alt.Tooltip("x1000:Q", format=",.0f", title="× € 1.000")],
    ).properties(width=90, height=220)
    return bars.properties(title=alt.TitleParams(title, subtitle=[source], anchor="start", fontSize=17))
