"""Warm start: a Streamlit process loads and validates its data before it accepts the first session.

    python -m components.warm app.py [streamlit run options]     (what `make run` and `make serve` start)

Without this, the first visitor after a (re)start pays for reading and validating the prepared tables, the
geometry layers and the national buurt table, and for importing the chart, map and PDF libraries (several
seconds on a busy machine), and every visitor who arrives in those seconds queues behind it. Here the same
cached loaders the pages use (``components.data``, ``components.maps``) run first, in this process, and only
then does Streamlit start listening: its health check (``/_stcore/health``) answers once the data are in memory,
so a balancer or ``make serve`` sends no visitor to a cold process. The caches are Streamlit's own
``st.cache_resource`` entries, filled outside a script run; the pages then find them there.

Broken data do not stop the server: the problem is printed and the pages show their Dutch message with the
repair command, exactly as without a warm start.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Libraries the pages import, loaded up front (module import time is part of a cold first visit).
MODULES = (
    "altair",
    "pydeck",
    "vl_convert",  # not when a shared renderer draws the charts (regiomonitor.renderer)
    "fpdf",
    "matplotlib.pyplot",
    "regiomonitor.exports",
    "regiomonitor.factsheet",
    "regiomonitor.static_map",
    "regiomonitor.presentation",
    "regiomonitor.compare",
    "regiomonitor.twins",
    "regiomonitor.deprivation",
    "regiomonitor.opgave_view",
    "regiomonitor.opgave_factsheet",
    "components.export",
)


def warm() -> dict[str, float]:
    """Load, validate and cache everything the pages share; returns seconds per part (a failed part: -1)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import streamlit  # noqa: F401 - sets up Streamlit's loggers, whose levels are lowered next

    # Outside a script run Streamlit warns once per cached call that there is no script context (and, for
    # st.cache_data functions defined now, that it uses its in-memory cache storage, which is what a server
    # uses too); both are expected here and say nothing to an operator.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)
    logging.getLogger("streamlit.runtime.caching.cache_data_api").setLevel(logging.ERROR)

    from components import data, maps
    from regiomonitor import renderer
    from regiomonitor.paths import current_paths
    from regiomonitor.schema import GEO_FILES

    root = str(current_paths().root)

    def geo(level: str) -> Callable[[], object]:
        return lambda: data._geo(root, level)

    def module(name: str) -> Callable[[], object]:
        return lambda: importlib.import_module(name)

    parts: dict[str, Callable[[], object]] = {
        "store": lambda: data._store(root),
        **{f"geo/{level}": geo(level) for level in GEO_FILES},
        "nl_buurten": lambda: data._nl_buurten(root),
        "programmes": lambda: data._programmes(root),
        "opgaven": lambda: data._opgaven(root),
        "focus": lambda: maps._focus(root),
        **{f"import {m}": module(m) for m in MODULES if not (m == "vl_convert" and renderer.configured())},
    }
    took: dict[str, float] = {}
    for name, load in parts.items():
        t0 = time.perf_counter()
        try:
            load()
        except Exception as exc:
            message = getattr(exc, "user_message", None) or f"{type(exc).__name__}: {exc}"
            print(f"warm start: {name} failed: {message}", file=sys.stderr, flush=True)
            took[name] = -1.0
            continue
        took[name] = round(time.perf_counter() - t0, 3)
    return took


#: Pages a first visit opens (the sidebar's order), so their scripts are compiled and their shared caches filled.
VISIT = ("", "opgaven", "opgave", "kaart", "buurt", "vergelijken", "trends", "programmas", "presentatie", "bronnen")


def visit_pages(url: str, pages: tuple[str, ...] = VISIT, timeout: float = 120.0) -> dict[str, float]:
    """Open every page once over the websocket (``components.wsclient.WsSession``), as a first visitor would.

    ``make serve`` does this for every process before nginx sends it visitors; returns seconds per page (-1 when
    a page failed, which is printed: the page will show its own message to visitors).
    """
    import asyncio

    from components.wsclient import StepError, WsSession

    async def _visit() -> dict[str, float]:
        took: dict[str, float] = {}
        sess = WsSession(url, timeout)
        await sess.connect()
        try:
            for page in pages:
                try:
                    took[page or "overzicht"] = round((await sess.rerun(page_name=page, query_string=""))["s"], 3)
                except StepError as exc:
                    print(f"warm start: visiting {page or 'overzicht'} failed: {exc}", file=sys.stderr, flush=True)
                    took[page or "overzicht"] = -1.0
        finally:
            await sess.close()
        return took

    return asyncio.run(asyncio.wait_for(_visit(), timeout * len(pages)))


#: Set to a file name prefix to profile this server process (every thread) and write ``<prefix>.<pid>.pstats``
#: when it stops: where a session's CPU goes inside Streamlit, outside our page scripts (see bench/RESULTS.md).
PROFILE_ENV = "REGIOMONITOR_PROFILE"


def profile_threads(prefix: str) -> Callable[[], Path]:
    """Profile every thread from now on with cProfile (one profiler per thread: script runs, the event loop,
    download threads) and merge them into ``<prefix>.<pid>.pstats`` at exit; returns that stop-and-write step
    (also registered with ``atexit``). A diagnostic: it roughly doubles the CPU cost of what it watches.

    Times are each thread's CPU time (``time.thread_time``), not wall time: under load a thread spends most of
    its wall time waiting for the GIL or a lock, and a wall clock would charge that wait to whatever function
    happened to be running."""
    import atexit
    import cProfile
    import pstats
    import threading

    profilers: list[cProfile.Profile] = []
    out = Path(f"{prefix}.{os.getpid()}.pstats")

    def start(*_: object) -> None:
        sys.setprofile(None)  # this hook only starts the thread's own profiler
        prof = cProfile.Profile(time.thread_time)
        profilers.append(prof)
        prof.enable()

    def stop() -> Path:
        threading.setprofile(None)
        stats = pstats.Stats(*profilers)  # disables each profiler, then merges them
        stats.dump_stats(out)
        atexit.unregister(stop)
        return out

    threading.setprofile(start)
    start()
    atexit.register(stop)
    return stop


def freeze_loaded() -> int:
    """Move everything loaded so far (libraries, the store, geometry, content) out of the garbage collector's
    view; returns how many objects. Why: Streamlit runs a full collection after every script run
    (``runner.postScriptGC``), and in a warm process that walked some 200,000 long-lived objects each time (about
    0.06 s of CPU alone, 0.17 s under load; 16 % of a served session's CPU in a profile). These objects live as
    long as the process, so the collector has nothing to find among them; objects made later are collected as
    before, and reference counting still frees everything that is not in a cycle."""
    import gc

    gc.collect()  # what is already garbage goes first, so it is not kept for ever
    gc.freeze()
    return gc.get_freeze_count()


#: glibc's mallopt parameter for the number of malloc arenas (malloc.h: M_ARENA_MAX).
_M_ARENA_MAX = -8


def tune_memory(arenas: int = 2) -> str:
    """Keep a served process's memory from growing with its threads; returns what was set, for the log.

    * pyarrow allocates with the C library's malloc instead of its bundled mimalloc: reading the prepared
      Parquet tables through mimalloc kept the memory of the intermediate Arrow tables after pandas had copied
      them out, about 60 MB per process (353 -> 293 MB after loading, /proc/self/status). Our tables are small,
      so the allocator's speed does not matter.
    * glibc gives each new thread its own malloc arena (up to 8 per core), and Streamlit runs every session's
      script in a thread of its own: freed memory stays spread over many half-empty arenas. ``arenas`` caps
      them (the usual setting for threaded Python servers, ``MALLOC_ARENA_MAX``).

    Must run before the first table is read and before the server starts its threads.
    """
    import ctypes
    import ctypes.util

    import pyarrow as pa

    pa.set_memory_pool(pa.system_memory_pool())
    done = [f"arrow pool {pa.default_memory_pool().backend_name}"]
    libc_name = ctypes.util.find_library("c")
    if libc_name and sys.platform.startswith("linux"):
        try:
            if ctypes.CDLL(libc_name).mallopt(_M_ARENA_MAX, arenas) == 1:
                done.append(f"malloc arenas {arenas}")
        except (OSError, AttributeError):  # not glibc: nothing to tune
            pass
    return ", ".join(done)


def main(argv: list[str] | None = None) -> None:
    """Warm up, then hand over to ``streamlit run`` with the given arguments (this process becomes the server)."""
    args = list(sys.argv[1:] if argv is None else argv)
    t0 = time.perf_counter()
    tuned = tune_memory()
    took = warm()
    failed = [k for k, v in took.items() if v < 0]
    print(
        f"warm start: data loaded and checked in {time.perf_counter() - t0:.1f} s"
        + (f" (failed: {', '.join(failed)})" if failed else "")
        + f"; {tuned}",
        flush=True,
    )
    from streamlit.web import cli

    freeze_loaded()
    if os.environ.get(PROFILE_ENV):  # after the data load: what serving costs, not starting
        profile_threads(os.environ[PROFILE_ENV])
    sys.argv = ["streamlit", "run", *(args or [str(ROOT / "app.py")])]
    cli.main()  # does not return while the server runs


if __name__ == "__main__":
    main()
