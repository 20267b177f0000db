"""The Programma's page's pure parts: its view state, the layout registry and the display tables."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from regiomonitor.content.programme import Programme, load_programmes
from regiomonitor.data import DataStore
from regiomonitor.params import Params
from regiomonitor.paths import current_paths
from regiomonitor.programme_charts import yearly_balance
from regiomonitor.programme_display import (
    LineBudget,
    balance_summary,
    cite,
    document_table,
    figures_table,
    horizon_text,
    indicator_rows,
    line_budgets,
    monitor_links,
    overview_table,
)
from regiomonitor.programme_layout import CITY_DEALS_LAYOUT, DEFAULT_LAYOUT, layout_for
from regiomonitor.programme_tables import KANSRIJK_FINANCIAL_TABLE
from regiomonitor.views.programmas import ProgrammasView, ordered_ids


@pytest.fixture(scope="module")
def programmes() -> dict[str, Programme]:
    return load_programmes(current_paths().content_dir / "programmes")


def test_view_round_trip_and_notices(programmes) -> None:
    ids = ordered_ids(list(programmes))
    assert ids[:2] == ["elk_talent_telt", "kansrijk_enschede"]
    for pid in ids:
        p = Params(ProgrammasView(pid).to_params())
        assert ProgrammasView.from_params(p, ids) == ProgrammasView(pid) and not p.notices
    for bad in ("", "x" * 5000, "<script>", "ELK_TALENT_TELT"):
        p = Params({"programma": bad})
        assert ProgrammasView.from_params(p, ids).programma == "elk_talent_telt"
        assert len(p.notices) == (0 if bad == "" else 1)
    assert ProgrammasView.default(["city_deals"]) == "city_deals"
    assert ProgrammasView.OWNED == ("programma", "deel")


def test_layouts_follow_the_content(programmes) -> None:
    sections = {pid: [s for _, s in layout_for(p).tabs] for pid, p in programmes.items()}
    assert sections["kansrijk_enschede"][0] == "finance"
    assert sections["elk_talent_telt"][-1] == "line_budget"
    assert layout_for(programmes["city_deals"]) == CITY_DEALS_LAYOUT
    assert layout_for(programmes["npvr_twente"]) == DEFAULT_LAYOUT
    kansrijk = layout_for(programmes["kansrijk_enschede"])
    assert kansrijk.lead_line is not None and kansrijk.lead_line.lijn == "eerlijke_kans"
    assert "npo_bestedingsplan" in kansrijk.spending_plans
    assert layout_for(programmes["elk_talent_telt"]).trend_links


def test_a_layout_drops_what_the_content_lacks(programmes) -> None:
    # layout_for reads only these attributes; a stand-in keeps the test independent of the model class.
    bare = SimpleNamespace(id="kansrijk_enschede", lijnen=(), budget_tabellen=(), deals=())
    layout = layout_for(bare)  # type: ignore[arg-type]
    assert layout.lead_line is None and layout.spending_plans == ()
    assert [s for _, s in layout.tabs][0] == "budget"


def test_display_tables(programmes, store: DataStore) -> None:
    ett, kansrijk = programmes["elk_talent_telt"], programmes["kansrijk_enschede"]
    overview = overview_table(tuple(programmes.values()))
    assert len(overview) == len(programmes) and "Regio Deal Elk Talent Telt" in set(overview["Programma"])
    # the overview's looptijd is the programme page's text ("vanaf 2025, 20 jaar", not "2025 – ?")
    assert list(overview["Looptijd"]) == [p.horizon.text for p in programmes.values()]
    assert "?" not in "".join(overview["Looptijd"])
    assert cite(ett, "p. 3").startswith("Bron: ") and cite(ett, "p. 3").endswith(", p. 3.")
    assert horizon_text(ett) == ett.horizon.text == "vanaf 2025, 20 jaar"
    rows = indicator_rows(kansrijk, store, ("eerlijke_kans",))
    assert list(rows["Indicator"]) == [i.naam for i in kansrijk.lijn("eerlijke_kans").indicatoren]
    assert not figures_table(ett).empty
    budgets = [b for b in line_budgets(ett) if isinstance(b, LineBudget)]
    assert budgets and "Gelijk aan het totaal in de tabel" in budgets[0].total_note
    table = document_table(kansrijk, "npo_bestedingsplan")
    assert table is not None and "Σ TOTAAL" in set(table.table["Post"])
    summary = balance_summary(yearly_balance(kansrijk, KANSRIJK_FINANCIAL_TABLE))
    assert summary.loc[summary["Jaar"] == "2025", "Saldo"].iloc[0] == "−€ 2.545.000"
    links = monitor_links(programmes["npvr_twente"], store)
    assert any(link.indicator == "gem_inkomen_per_inwoner" and link.niveau == "gemeente" for link in links)
