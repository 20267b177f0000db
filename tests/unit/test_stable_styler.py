"""components.stable: a styled table's message is the same bytes on every rerun (and the patch is in place)."""

from __future__ import annotations

import pandas as pd
from streamlit.elements.lib import pandas_styler_utils as psu
from streamlit.proto.ArrowData_pb2 import ArrowData

from components import stable


def _marshalled(default_uuid: str) -> bytes:
    df = pd.DataFrame({"a": [1.0, 2.0], "b": ["x", "y"]})
    styler = df.style.map(lambda v: "color: red" if v == "x" else "", subset=["b"])  # a new random pandas uuid
    proto = ArrowData()
    psu.marshall_styler(proto, styler, default_uuid)
    return proto.SerializeToString()


def test_install_is_active_against_this_streamlit() -> None:
    assert stable.install() is True
    assert psu._marshall_uuid is stable._position_uuid


def test_the_same_styled_table_gives_the_same_bytes_and_positions_stay_apart() -> None:
    stable.install()
    assert _marshalled("123") == _marshalled("123")
    assert _marshalled("123") != _marshalled("456")  # two tables on a page keep their own CSS namespace
    proto = ArrowData()
    psu.marshall_styler(proto, pd.DataFrame({"a": [1]}).style, "789")
    assert proto.styler.uuid == "789"
