"""components/fasttables: a living Styler is marshalled once; what st.dataframe sends stays the same."""

from __future__ import annotations

import gc

import pandas as pd
import pytest
from streamlit.elements import arrow, table
from streamlit.proto.ArrowData_pb2 import ArrowData

from components import fasttables


def _styler():
    df = pd.DataFrame({"a": ["x", "y"], "b": ["1", "2"]})
    return df.style.map(lambda v: "background-color: #ff0000" if v == "y" else "")


def test_installed_on_this_streamlit() -> None:
    # If this fails after an upgrade, Streamlit changed the private shape the patch relies on.
    assert fasttables.install() is True
    assert arrow.marshall_styler is fasttables._remembered
    assert table.marshall_styler is fasttables._remembered  # st.table draws Vergelijken's comparison


def test_same_message_as_upstream_and_marshalled_once(monkeypatch: pytest.MonkeyPatch) -> None:
    fasttables.install()
    styler = _styler()
    upstream = ArrowData()
    assert fasttables._ORIGINAL is not None
    fasttables._ORIGINAL(upstream, _styler().set_uuid(styler.uuid), "default")
    first = ArrowData()
    arrow.marshall_styler(first, styler, "default")
    assert first.styler == upstream.styler and "ff0000" in first.styler.styles
    calls: list[int] = []
    monkeypatch.setattr(fasttables, "_ORIGINAL", lambda *a: calls.append(1))
    again = ArrowData()
    arrow.marshall_styler(again, styler, "elsewhere")
    assert calls == [] and again.styler == first.styler
    arrow.marshall_styler(ArrowData(), _styler(), "default")  # another Styler: marshalled anew
    assert calls == [1]


def test_forgotten_with_its_styler() -> None:
    fasttables.install()
    styler = _styler()
    arrow.marshall_styler(ArrowData(), styler, "default")
    key = id(styler)
    assert key in fasttables._done
    del styler
    gc.collect()
    assert key not in fasttables._done
