"""components/fastcharts: st.altair_chart skips Altair's schema check, everything else still validates."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest
from streamlit.elements import vega_charts

from components import fastcharts


def _chart() -> alt.Chart:
    return alt.Chart(pd.DataFrame({"x": [1, 2], "y": [3, 4]})).mark_line().encode(x="x:Q", y="y:Q")


def test_installed_on_this_streamlit() -> None:
    # If this fails after an upgrade, Streamlit or Altair changed the private shape the patch relies on.
    assert fastcharts.install() is True
    assert vega_charts._convert_altair_to_vega_lite_spec is fastcharts._unvalidated


def test_streamlit_conversion_skips_validation_but_keeps_data(monkeypatch: pytest.MonkeyPatch) -> None:
    fastcharts.install()
    calls: list[str] = []
    original = alt.Chart.validate.__func__  # a classmethod of Altair's schema classes

    def spy(cls, instance, schema=None):
        calls.append(cls.__name__)
        return original(cls, instance, schema)

    monkeypatch.setattr(alt.Chart, "validate", classmethod(spy))
    chart = _chart()
    spec = vega_charts._convert_altair_to_vega_lite_spec(chart)
    assert calls == [], "Streamlit's conversion must not validate"
    assert spec["mark"]["type"] == "line"
    assert spec["datasets"], "Streamlit's Arrow datasets must still be filled in"
    assert chart.to_dict()["mark"]["type"] == "line"
    assert calls == ["Chart"], "every other to_dict still validates (the flag is not left on)"


def test_a_living_chart_is_converted_once_and_streamlit_gets_a_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    fastcharts.install()
    chart = _chart()
    first = vega_charts._convert_altair_to_vega_lite_spec(chart)
    first["mark"] = "changed by the caller"
    calls: list[int] = []
    monkeypatch.setattr(fastcharts, "_ORIGINAL", lambda c: calls.append(1) or {})
    again = vega_charts._convert_altair_to_vega_lite_spec(chart)
    assert calls == [] and again["mark"]["type"] == "line" and again["datasets"]
    other = vega_charts._convert_altair_to_vega_lite_spec(_chart())
    assert calls == [1] and other == {}
