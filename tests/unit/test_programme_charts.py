"""Charts and display tables of the Programma's page, checked on the real programme content."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd
import pytest

from regiomonitor.content.programme import Programme, load_programmes
from regiomonitor.look import LABEL_SIZE
from regiomonitor.paths import current_paths
from regiomonitor.programme_charts import (
    DUTCH_ONE_DECIMAL,
    DUTCH_THOUSANDS,
    PM,
    balance_chart,
    budget_by_line_chart,
    budget_by_line_table,
    budget_group,
    euro,
    periods_table,
    saldo_chart,
    yearly_balance,
    yearly_table,
)
from regiomonitor.programme_tables import KANSRIJK_FINANCIAL_TABLE, budget_frame


@pytest.fixture(scope="module")
def programmes() -> dict[str, Programme]:
    return load_programmes(current_paths().content_dir / "programmes")


@pytest.fixture(scope="module")
def kansrijk_yearly(programmes: dict[str, Programme]) -> pd.DataFrame:
    return yearly_balance(programmes["kansrijk_enschede"], KANSRIJK_FINANCIAL_TABLE)


@pytest.fixture(scope="module")
def ett_spend(programmes: dict[str, Programme]) -> pd.DataFrame:
    frame = budget_frame(programmes["elk_talent_telt"], include_aggregates=False)
    return frame[frame["soort"] == "uitgaven"]


def _values(spec: dict) -> list[dict]:
    """The inline rows of a chart spec (Altair moves them into ``datasets``)."""
    datasets = spec.get("datasets", {})
    return next(iter(datasets.values())) if datasets else spec["data"]["values"]


# --- formatting -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [(-2545000, "−€ 2.545.000"), (535000, "€ 535.000"), (0, "€ 0"), (None, "–"), (float("nan"), "–")],
)
def test_euro(value: float | None, text: str) -> None:
    assert euro(value) == text


# --- Kansrijk Enschede ------------------------------------------------------------------------------------------


def test_yearly_balance_kansrijk(kansrijk_yearly: pd.DataFrame) -> None:
    y = kansrijk_yearly.set_index("jaar")
    assert list(y.index) == [2023, 2024, 2025, 2026]
    assert y.loc[2025, "saldo"] == -2545000 and y.loc[2023, "saldo"] == 535000
    assert y.loc[2024, "saldo"] == -815000 and y.loc[2026, "saldo"] == -2575000
    # printed subtotals: existing cover 10.513/9.613/7.883/7.883, new 550/100/100/100, spending 10.528 ... 10.558
    assert y["bestaande_dekking"].tolist() == [10513000, 9613000, 7883000, 7883000]
    assert y["nieuwe_dekking"].tolist() == [550000, 100000, 100000, 100000]
    assert y["uitgaven"].tolist() == [10528000, 10528000, 10528000, 10558000]
    assert (y["bestaande_dekking"] + y["nieuwe_dekking"] == y["dekking"]).all()
    assert y["klopt"].all() and (y["saldo"] == y["saldo_berekend"]).all()


def test_yearly_balance_unknown_table(programmes: dict[str, Programme]) -> None:
    with pytest.raises(KeyError):
        yearly_balance(programmes["kansrijk_enschede"], "bestaat_niet")


def test_balance_chart_spec(kansrijk_yearly: pd.DataFrame) -> None:
    chart = balance_chart(kansrijk_yearly, "Uitgaven en dekking per jaar", "Bron: nota H5")
    assert isinstance(chart, alt.Chart)
    spec = chart.to_dict()
    enc = spec["encoding"]
    assert spec["mark"]["type"] == "bar"
    assert enc["x"]["field"] == "jaar" and enc["xOffset"]["field"] == "kolom"
    assert enc["y"]["title"] == "× € 1.000" and enc["y"]["axis"]["labelExpr"] == DUTCH_THOUSANDS
    assert enc["y"]["axis"]["labelFontSize"] >= LABEL_SIZE
    assert enc["color"]["scale"]["domain"] == ["Uitgaven", "Bestaande dekking", "Nieuwe dekking"]
    assert spec["title"]["text"] == "Uitgaven en dekking per jaar" and spec["title"]["subtitle"] == ["Bron: nota H5"]
    rows = _values(spec)
    assert len(rows) == 12  # 4 years x (spending, existing cover, new cover)
    r2025 = {r["deel"]: r for r in rows if r["jaar"] == "2025"}
    assert r2025["Uitgaven"]["x1000"] == 10528 and r2025["Bestaande dekking"]["bedrag_tekst"] == "€ 7.883.000"


def test_saldo_chart_labels_shortfall(kansrijk_yearly: pd.DataFrame) -> None:
    chart = saldo_chart(kansrijk_yearly, "Saldo per jaar", "Bron: nota H5")
    spec = chart.to_dict()
    assert len(spec["layer"]) == 2
    bars, labels = spec["layer"]
    assert bars["mark"]["type"] == "bar" and labels["mark"]["type"] == "text"
    assert bars["encoding"]["y"]["title"] == "Saldo (× € 1.000)"
    rows = {r["jaar"]: r for r in _values(spec)}
    assert rows["2025"]["label"] == "−2.545" and rows["2025"]["oordeel"] == "Tekort"
    assert rows["2025"]["bedrag_tekst"] == "−€ 2.545.000"
    assert rows["2023"]["label"] == "+535" and rows["2023"]["oordeel"] == "Overschot"
    # labels sit outside the bars: below a shortfall, above a surplus
    assert rows["2025"]["label_y"] < rows["2025"]["x1000"] and rows["2023"]["label_y"] > rows["2023"]["x1000"]


def test_yearly_table_layout(programmes: dict[str, Programme]) -> None:
    frame = budget_frame(programmes["kansrijk_enschede"])
    table = yearly_table(frame[frame["tabel"] == KANSRIJK_FINANCIAL_TABLE])
    assert [c for c in table.columns if isinstance(c, int)] == [2023, 2024, 2025, 2026]
    assert table["post"].iloc[0] == "Ambitie A - kans n.t.b." and table.loc[0, 2025] == PM
    saldo = table[table["post"] == "SALDO"].iloc[0]
    assert saldo[2025] == -2545000 and bool(saldo["aggregaat"])
    incidental = table[table["post"].str.startswith("Intensiveringsmiddelen incidenteel")].iloc[0]
    assert incidental[2023] == 450000 and math.isnan(incidental[2024])  # no cell in the table, not p.m.
    assert table["post"].is_unique


def test_spending_plans(programmes: dict[str, Programme]) -> None:
    frame = budget_frame(programmes["kansrijk_enschede"])
    oab = periods_table(frame[frame["tabel"] == "oab_bestedingsplan"])
    assert list(oab.columns[-4:]) == ["2022 (kolom 1)", "2022 (kolom 2)", "2022 (kolom 3)", "2023"]
    total = oab[oab["post"] == "TOTAAL"].iloc[0]
    assert total["2023"] == 8353150 and bool(total["aggregaat"])
    spending = oab.iloc[: int(oab.index[oab["post"] == "TOTAAL"][0])]  # rows above TOTAAL, in document order
    assert spending[~spending["aggregaat"]]["2023"].astype(float).sum() == pytest.approx(8353150)
    cover = oab[oab["post"] == "Beschikbaar OAB-budget"].iloc[0]  # the cover rows below the plan are kept
    assert cover["2023"] == 7457231 and math.isnan(cover["2022 (kolom 1)"])
    npo = periods_table(frame[frame["tabel"] == "npo_bestedingsplan"])
    assert len(npo.columns) == 3
    assert npo[~npo["aggregaat"]].iloc[:, -1].astype(float).sum() == 2917000


def test_periods_table_cities_as_columns(programmes: dict[str, Programme]) -> None:
    frame = budget_frame(programmes["elk_talent_telt"])
    table = periods_table(frame)
    assert list(table.columns) == ["post", "aggregaat", "Almelo", "Enschede", "Almelo en Enschede (totaal)"]
    coord = table[table["post"] == "1. Algemene projectcoördinatie"].iloc[0]
    assert (coord["Almelo"], coord["Enschede"], coord["Almelo en Enschede (totaal)"]) == (700000, 700000, 1400000)
    assert not bool(coord["aggregaat"])
    assert bool(table[table["post"] == "Totaal generaal"].iloc[0]["aggregaat"])


# --- Elk Talent Telt --------------------------------------------------------------------------------------------


def test_budget_by_line_table(ett_spend: pd.DataFrame) -> None:
    table = budget_by_line_table(ett_spend).set_index("Onderdeel")
    assert list(table.columns) == ["Almelo", "Enschede", "Totaal"]
    assert list(table.index) == [
        "Algemene projectcoördinatie",
        "Programmalijn Leren",
        "Programmalijn Werken",
        "Programmalijn Woon- en leefomgeving",
        "Communicatie",
        "Totaal",
    ]
    assert table.loc["Totaal", "Almelo"] == 12500000 and table.loc["Totaal", "Totaal"] == 25000000
    assert table.loc["Programmalijn Werken", "Totaal"] == 9600000
    assert table.loc["Communicatie", "Totaal"] == 800000


def test_budget_by_line_table_rejects_aggregates(programmes: dict[str, Programme]) -> None:
    frame = budget_frame(programmes["elk_talent_telt"], include_aggregates=True)
    with pytest.raises(ValueError, match="aggregaat"):
        budget_by_line_table(frame[frame["soort"] == "uitgaven"])


def test_budget_group_strips_numbers(ett_spend: pd.DataFrame) -> None:
    groups = set(budget_group(ett_spend))
    assert "Communicatie" in groups and "Programmalijn Leren" in groups
    assert not any(g[0].isdigit() for g in groups)


def test_budget_by_line_chart_spec(ett_spend: pd.DataFrame, programmes: dict[str, Programme]) -> None:
    chart = budget_by_line_chart(ett_spend, "Begroting", "Bron: aanvraag, p. 10")
    assert isinstance(chart, alt.Chart)
    spec = chart.to_dict()
    enc = spec["encoding"]
    assert enc["y"]["field"] == "gebied" and enc["x"]["axis"]["labelExpr"] == DUTCH_ONE_DECIMAL
    assert enc["x"]["title"] == "Miljoen euro (2025 t/m 2028)"
    assert enc["color"]["sort"][0] == "Algemene projectcoördinatie"
    rows = _values(spec)
    assert {r["gebied"] for r in rows} == {"Almelo", "Enschede"}
    assert sum(r["bedrag"] for r in rows) == 25000000
    leren = next(r for r in rows if r["gebied"] == "Almelo" and r["lijn"] == "Programmalijn Leren")
    assert leren["bedrag_tekst"] == "€ 4.400.000" and leren["miljoen"] == 4.4
    # aggregate rows passed by mistake are left out, not double counted
    full = budget_frame(programmes["elk_talent_telt"], include_aggregates=True)
    spec_full = budget_by_line_chart(full[full["soort"] == "uitgaven"], "B", "S").to_dict()
    assert sum(r["bedrag"] for r in _values(spec_full)) == 25000000
