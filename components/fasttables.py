"""Draw a pandas Styler that lives across reruns without recomputing its styles on every rerun.

Why: for a Styler, ``st.dataframe`` (and ``st.table``) runs pandas' ``Styler._compute`` and ``_translate`` and re-renders every
cell's display value (``marshall_styler``) on every rerun of every session. On Vergelijken's comparison table
(about 40 rows × 12 columns) that was some 15 ms per rerun, more than everything else on the page together.

What: Streamlit's ``marshall_styler`` (as ``streamlit.elements.arrow`` imported it) is wrapped so that the styler
part of the message it fills is remembered while the Styler object lives; a Styler built once and shared across
sessions (``components.shared``) is then marshalled once per process. A Styler made per run is marshalled as
before (and forgotten with it). pandas gives every Styler its own ``uuid`` when it is made, so the remembered
message does not depend on where on the page the table is drawn. The first marshal of a Styler runs under a
lock: pandas' ``_compute`` changes the Styler, and a shared one may be drawn by several sessions at once.

This touches a private Streamlit function. ``install`` checks the shape it relies on and does nothing if it has
changed (Stylers then simply marshal as upstream); ``tests/unit/test_fasttables.py`` fails loudly in that case.
"""

from __future__ import annotations

import inspect
import threading
import weakref
from collections.abc import Callable
from typing import Any

from streamlit.elements import arrow as _arrow
from streamlit.elements import table as _table
from streamlit.proto.ArrowData_pb2 import ArrowData as ArrowProto

_ORIGINAL: Callable[..., None] | None = getattr(_arrow, "marshall_styler", None)
_lock = threading.Lock()
#: The marshalled styler message of live Styler objects, by id (an entry goes when its Styler is collected).
_done: dict[int, tuple[weakref.ref, bytes]] = {}


def _forget(key: int) -> Callable[[weakref.ref], None]:
    def forget(_ref: weakref.ref) -> None:
        _done.pop(key, None)

    return forget


def _remembered(proto: Any, styler: Any, default_uuid: str) -> None:
    """Streamlit's ``marshall_styler``, done once per living Styler; later calls copy the remembered result."""
    assert _ORIGINAL is not None
    known = _done.get(id(styler))
    if known is None or known[0]() is not styler:
        with _lock:
            known = _done.get(id(styler))
            if known is None or known[0]() is not styler:
                scratch = ArrowProto()
                _ORIGINAL(scratch, styler, default_uuid)
                known = (weakref.ref(styler, _forget(id(styler))), scratch.styler.SerializeToString())
                _done[id(styler)] = known
    proto.styler.ParseFromString(known[1])


#: The modules whose ``marshall_styler`` is wrapped: ``st.dataframe``'s and ``st.table``'s.
_USERS = (_arrow, _table)


def install() -> bool:
    """Make ``st.dataframe`` and ``st.table`` marshal a living Styler once; True when active (idempotent)."""
    current = [getattr(module, "marshall_styler", None) for module in _USERS]
    if all(c is _remembered for c in current):
        return True
    original = _ORIGINAL
    if original is None:
        return False
    if (
        list(inspect.signature(original).parameters) != ["proto", "styler", "default_uuid"]
        or any(c is not original and c is not _remembered for c in current)
        or "styler" not in ArrowProto.DESCRIPTOR.fields_by_name
    ):
        return False  # Streamlit changed: leave it alone
    for module in _USERS:
        module.marshall_styler = _remembered  # type: ignore[attr-defined]
    return True
