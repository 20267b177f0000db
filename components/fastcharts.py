"""Draw Altair charts without re-validating their spec on every rerun (a CPU saving under load).

Why: ``st.altair_chart`` turns the chart into a Vega-Lite dict with ``chart.to_dict()``, and Altair then checks
the whole dict against the Vega-Lite JSON schema. On Vergelijken that check was about 60 ms per chart and most
of the page's rerun (four charts), on every rerun of every session, for charts our own builders make the same
way each time.

What: Streamlit's conversion is wrapped so that, in the thread doing it, Altair's ``to_dict`` runs with
``validate=False``; everything else (Streamlit's theme, its Arrow data transformer, its lock) is untouched, and
every other ``to_dict`` call (tests, exports) validates as before. The converted spec is remembered while the
chart object lives, so charts shared across sessions by ``components.shared`` are converted once per process
(the app sets no Altair theme at run time, which would otherwise have to be part of that memory). The schema check is not lost: the unit
tests call every chart builder's ``to_dict()`` with validation on (``tests/unit``), and exports
(``regiomonitor.exports.chart_spec``) still validate.

This touches a private Streamlit function. ``install`` checks the shape it relies on and does nothing if it has
changed (charts then simply validate as upstream); ``tests/unit/test_fastcharts.py`` fails loudly in that case.
"""

from __future__ import annotations

import copy
import functools
import inspect
import threading
import weakref
from collections.abc import Callable
from typing import Any

import altair as alt
from streamlit.elements import vega_charts as _vc

_ORIGINAL: Callable[[Any], Any] | None = getattr(_vc, "_convert_altair_to_vega_lite_spec", None)
_ORIGINAL_TO_DICT = alt.TopLevelMixin.to_dict
_local = threading.local()


@functools.wraps(_ORIGINAL_TO_DICT)
def _to_dict(self: Any, validate: bool = True, **kwargs: Any) -> dict[str, Any]:
    """Altair's ``to_dict``; without validation while this thread converts a chart for Streamlit."""
    return _ORIGINAL_TO_DICT(self, False if getattr(_local, "skip", False) else validate, **kwargs)


#: Converted specs of live chart objects, by id (an entry goes when its chart is garbage collected).
_specs: dict[int, tuple[weakref.ref, dict[str, Any]]] = {}


def _forget(key: int) -> Callable[[weakref.ref], None]:
    def drop(_ref: weakref.ref) -> None:
        _specs.pop(key, None)

    return drop


def _unvalidated(chart: Any) -> Any:
    """Streamlit's conversion of ``chart``, with Altair's schema validation switched off in this thread.

    A flag per thread rather than a change to the chart: a chart cached across sessions may be drawn by several
    session threads at once. The result is remembered for as long as the chart object lives, so a chart shared
    across sessions (``components.shared``) is converted once; Streamlit gets a copy it may change.
    """
    assert _ORIGINAL is not None
    known = _specs.get(id(chart))
    if known is not None and known[0]() is chart:
        return copy.deepcopy(known[1])
    _local.skip = True
    try:
        spec = _ORIGINAL(chart)
    finally:
        _local.skip = False
    try:
        _specs[id(chart)] = (weakref.ref(chart, _forget(id(chart))), copy.deepcopy(spec))
    except TypeError:  # not weak-referenceable: just do not remember it
        pass
    return spec


def install() -> bool:
    """Make ``st.altair_chart`` skip the schema check; True when active (idempotent)."""
    current = getattr(_vc, "_convert_altair_to_vega_lite_spec", None)
    if current is _unvalidated:
        return True
    original = _ORIGINAL
    if not callable(original):
        return False  # Streamlit changed: leave it alone
    if (
        list(inspect.signature(original).parameters) != ["altair_chart"]
        or "validate" not in inspect.signature(_ORIGINAL_TO_DICT).parameters
        or current is not original
    ):
        return False  # Streamlit or Altair changed: leave them alone
    alt.TopLevelMixin.to_dict = _to_dict  # type: ignore[method-assign]
    setattr(_vc, "_convert_altair_to_vega_lite_spec", _unvalidated)  # noqa: B010 - a guarded patch of a private name
    return True
