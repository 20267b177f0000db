"""Results every visitor with the same inputs gets: computed once per process and shared by all sessions.

A page rerun repeats the same pure computations (comparison tables, rankings, chart specs) for the same inputs,
and with a room of users every session repeats them once more. ``shared(fn, *args)`` computes ``fn(*args)`` once
per distinct input and hands every later caller the same object, so callers must treat the result as read-only
(all our domain functions return fresh objects and pages only read them). The data store, the programmes and the
opgaven are identified by their identity (each loaded once per process and cached), functions by their module and name, everything else by Streamlit's hashing of
the value (a DataFrame by its content).
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from regiomonitor.content.opgaven_catalogue import OpgavenCatalogue
from regiomonitor.content.programme import Programme
from regiomonitor.data import DataStore

T = TypeVar("T")


def _function_key(fn: Callable[..., Any]) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


@st.cache_resource(
    show_spinner=False,
    max_entries=512,
    hash_funcs={DataStore: id, Programme: id, OpgavenCatalogue: id, types.FunctionType: _function_key},
)
def _call(fn: Callable[..., Any], args: tuple[Any, ...], kwargs: tuple[tuple[str, Any], ...]) -> Any:
    return fn(*args, **dict(kwargs))


def shared(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)``, computed once per process for these inputs (bounded: 512 results, least recently
    used dropped first). Only for pure functions whose result the caller does not change."""
    return _call(fn, args, tuple(sorted(kwargs.items())))
