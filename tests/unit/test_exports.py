"""Exports: SVG parses and carries title and source, PNG is a PNG, tables carry provenance."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import date

import altair as alt
import pandas as pd

from regiomonitor.exports import chart_png, chart_svg, file_name, table_csv, table_xlsx, with_provenance

CHART = (
    alt.Chart(pd.DataFrame({"jaar": [2012, 2016, 2020], "waarde": [51.5, 58.6, 62.9]}))
    .mark_line()
    .encode(x="jaar:O", y="waarde:Q")
)


def test_svg_parses_and_is_cited() -> None:
    svg = chart_svg(CHART, "Eenzaam in Wesselerbrink", "Bron: RIVM/CBS, 2012-2020")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    text = " ".join(t.text or "" for t in root.iter() if t.tag.endswith("text"))
    assert "Eenzaam in Wesselerbrink" in text and "Bron: RIVM/CBS, 2012-2020" in text


def test_png_bytes() -> None:
    assert chart_png(CHART, "t", "s", scale=1).startswith(b"\x89PNG\r\n\x1a\n")


def test_tables_carry_source_and_period() -> None:
    table = with_provenance(pd.DataFrame({"gebied": ["Enschede"], "waarde": [17.2]}), "RIVM/CBS", "2020")
    csv = table_csv(table)
    assert csv.startswith("\ufeff".encode()) and b"gebied;waarde;bron;periode" in csv and b"17,2" in csv
    back = pd.read_excel(io.BytesIO(table_xlsx(table)), engine="openpyxl")
    assert list(back.columns) == ["gebied", "waarde", "bron", "periode"] and back.loc[0, "bron"] == "RIVM/CBS"


def test_per_row_provenance_is_kept() -> None:
    rows = pd.DataFrame({"jaar": [2016, 2020], "bron": ["RIVM (2016, 18+)", "RIVM (2020, 18+)"]})
    table = with_provenance(rows, "RIVM", "2016, 2020")
    assert list(table["bron"]) == ["RIVM (2016, 18+)", "RIVM (2020, 18+)"] and set(table["periode"]) == {"2016, 2020"}


def test_file_names_say_what_and_when() -> None:
    assert (
        file_name("Kaart: moeite met rondkomen (buurt)", "csv", date(2026, 11, 24))
        == "kaart_moeite_met_rondkomen_buurt_2026-11-24.csv"
    )
    assert file_name("<script>", "png", date(2026, 1, 2)) == "script_2026-01-02.png"


def test_export_waits_while_the_host_changes_altair_globals() -> None:
    """An export serialised while Streamlit has switched Altair's globals (under its lock) must wait, then carry
    its own data: without the shared lock the PNG failed with 'SVG has an invalid size' under load."""
    import threading

    import altair as alt

    from regiomonitor import exports

    host_lock = threading.Lock()
    exports.use_altair_globals_lock(host_lock)
    chart = (
        alt.Chart(pd.DataFrame({"jaar": [2016, 2020], "waarde": [1.0, 2.0]}))
        .mark_line()
        .encode(x="jaar:O", y="waarde:Q")
    )
    alt.data_transformers.register("blank_for_test", lambda data, **kw: {"values": []})
    result: dict[str, str] = {}
    try:
        with host_lock, alt.data_transformers.enable("blank_for_test"):  # what Streamlit does while drawing
            worker = threading.Thread(target=lambda: result.update(spec=exports.chart_spec(chart, "t", "bron")))
            worker.start()
            worker.join(timeout=0.5)
            assert worker.is_alive()  # waiting for the host, not serialising with the host's globals
        worker.join(timeout=30)
        assert not worker.is_alive() and '"waarde": 2.0' in result["spec"]
    finally:
        exports.use_altair_globals_lock(threading.Lock())


def test_titled_specs_validate_for_single_layered_and_faceted_charts() -> None:
    # The app's exports skip Altair's schema check at run time (components/export.py); the title block that
    # ``titled`` adds is checked here for each shape of chart, the charts themselves in their builders' tests.
    from regiomonitor.exports import chart_spec

    layered = alt.layer(CHART, CHART.mark_point())
    faceted = CHART.facet(column="jaar:O")
    for chart in (CHART, layered, faceted):
        assert '"Bron: RIVM/CBS"' in chart_spec(chart, "Eenzaam", "Bron: RIVM/CBS", validate=True)
