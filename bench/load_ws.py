"""Load test at the websocket level: many simultaneous Streamlit sessions against one app server, as JSON.

    PYTHONPATH=. .venv/bin/python bench/load_ws.py [--sessions 25] [--rounds 3 | --duration 300]
                                                   [--workers N [--no-renderer]] [--port 8599] [--json-out FILE]

Without ``--workers`` the sessions talk to one Streamlit process directly. With ``--workers N`` the script starts
N warm-started processes behind Debian's nginx (``regiomonitor.deploy``, as ``make serve`` does; each process
first runs the warm-up scenario) and the sessions go through the balancer: each keeps the route cookie of its
first response and sends it with the websocket and every download, as a browser does. Memory and CPU are then
summed over the processes and RSS is also reported per process; the shared chart renderer that ``make serve``
starts beside them (``regiomonitor.renderer``) is reported on its own (``renderer``: its RSS and CPU), and
``--no-renderer`` lets every process draw its own charts, for comparison. The websocket client itself is
``components/wsclient.py`` (``make serve`` uses it to open every page once before it takes visitors).

Why a protocol client: ``bench/load.py`` drove Chromium tabs and on a 2-core machine measured the browsers'
software rendering, not the server. This client speaks Streamlit's own websocket protocol (the one the browser's
JavaScript speaks) so that 25-50 sessions cost the client little CPU and the timings are the server's.

The protocol, as implemented by streamlit 1.67 (``streamlit/web/server/starlette/starlette_websocket.py``,
``streamlit/runtime/app_session.py``, ``streamlit/proto/*``):

* one websocket per session to ``ws://host:port/_stcore/stream``, subprotocol list ``streamlit[, xsrf[, session]]``
  (only the first entry is needed without auth cookies; a client without an Origin header is accepted);
* the client sends binary ``BackMsg`` protobufs, the server binary ``ForwardMsg`` protobufs;
* a page run is ``BackMsg.rerun_script`` (a ``ClientState``): ``page_name`` = the URL path for a link opened
  directly, ``page_script_hash`` (from the ``navigation`` message) for a click in the sidebar, ``query_string``,
  ``widget_states`` and ``cached_message_hashes`` (hashes of large elements the client already holds; the
  server then sends a ``ref_hash`` instead of the element, as it does for the browser);
* the server answers ``new_session`` (every run), ``navigation``, ``page_info_changed`` (the URL's query string,
  kept by the client like the browser keeps its address bar), ``delta``s and finally ``script_finished``
  (``FINISHED_SUCCESSFULLY``; ``FINISHED_EARLY_FOR_RERUN`` means an ``st.rerun()`` and another run follows);
* a widget change is another ``rerun_script`` whose ``widget_states`` carry the widget's element ``id`` and its
  value in the widget's wire format (selectbox/radio: the formatted option as ``string_value``, multiselect:
  ``string_array_value``);
* exports: a download button with bytes carries a ``/media/...`` URL; one with a callable (``on_click="ignore"``
  deferred downloads) carries ``deferred_file_id`` and the client asks for the file with
  ``BackMsg.backend_operation_request.deferred_file`` (with the session id from ``new_session.initialize``),
  gets a ``/media/...`` URL back in ``backend_operation_response`` and fetches it over HTTP.

Each simulated user (one websocket = one Streamlit session) first fetches what the browser fetches before it
connects (``/``, ``/_stcore/health``, ``/_stcore/host-config``; the JS bundle is assumed cached), then:
Overzicht (link with a gemeente) → Kaart link → two changes of the Kaart's Indicator selectbox → the map's CSV
(by URL, every session) → Buurt link → Trends (sidebar) → a comparison (the Trends "Gebieden" multiselect) →
Vergelijken, Opgaven, Bronnen (sidebar). One session in three also generates the map PNG (on Kaart), one in three
the buurt factsheet PDF (on Buurt), one in three the trend chart PNG (on Trends). Step time = from
sending the rerun request to ``script_finished``. An ``exception`` element, a ``page_not_found``, a failed
export, a timeout or a dropped connection counts as an error.

The server (started here unless ``--attach``) is sampled every 0.5 s: resident memory (VmRSS of the process and
its children) and CPU seconds (/proc/<pid>/stat). Rounds run one after the other; the sessions of a round
disconnect before the next round starts, so RSS after each round shows whether memory keeps growing. Note that
Streamlit keeps a disconnected session for ``server.disconnectedSessionTTL`` (120 s) for a reconnect (at most 128
of them), so ``--ttl-wait`` waits that out and samples once more.

Everything is bounded: per-step timeout, per-round deadline, the whole run under a global deadline, the server
stopped in a ``finally``. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import random
import resource
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from components.wsclient import (  # noqa: E402 - the client lives beside the app (make serve uses it too)
    STEP_TIMEOUT_S,
    StepError,
    WsSession,
    http_get,
    http_request,
    route_cookie,
    server_metrics,
)

SAMPLE_EVERY_S = 0.5
SETTLE_S = 5.0  # after a round's sessions disconnected, before the "after round" memory sample
HOST = "127.0.0.1"

#: Step names in the order a session runs them (exports are timed separately).
STEPS = [
    "overzicht",
    "kaart_link",
    "kaart_indicator",
    "buurt",
    "trends",
    "trends_compare",
    "vergelijken",
    "opgaven",
    "bronnen",
]
#: Varied per session so the caches see several keys, as with real users.
GEMEENTEN = ["GM0153", "GM0141", "GM0164", "GM0147", "GM0173"]  # Enschede, Almelo, Hengelo, Borne, Oldenzaal
BUURTEN = ["BU01530603", "BU01530000", "BU01411000", "BU01640100", "BU01470001", "BU01730200"]
KAART_INDICATORS = ["eenzaam", "moeite_rondkomen", "overgewicht", "goede_gezondheid", "roker"]
DEFERRED_EXPORTS = ["kaart_png", "buurt_pdf", "trends_png"]


# ----------------------------------------------------------------------------------------------------------------
# Figures


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (no interpolation), rounded to ms."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return round(ordered[rank - 1], 3)


def summary(values: list[float]) -> dict[str, float | int | None]:
    """n, p50, p95 and max of a list of seconds."""
    return {
        "n": len(values),
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "max": round(max(values), 3) if values else None,
    }


@dataclass
class Results:
    """Everything the sessions measured; filled concurrently from one event loop (no locking needed)."""

    times: dict[str, list[float]] = field(default_factory=lambda: {s: [] for s in STEPS})
    first_msg: dict[str, list[float]] = field(default_factory=lambda: {s: [] for s in STEPS})
    bytes_in: dict[str, list[int]] = field(default_factory=lambda: {s: [] for s in STEPS})
    exports: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    errors: dict[str, dict[str, int]] = field(default_factory=dict)
    error_examples: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notices: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    media_urls: set[tuple[str, str | None]] = field(default_factory=set)  # static /media/ URLs offered (+ route)
    sessions_started: int = 0
    sessions_completed: int = 0

    def error(self, step: str, kind: str, detail: str) -> None:
        self.errors.setdefault(step, {}).setdefault(kind, 0)
        self.errors[step][kind] += 1
        same = sum(1 for e in self.error_examples if e.startswith(f"{step}: {kind}: "))
        if same < 3 and len(self.error_examples) < 30:  # a few examples of every kind of error
            self.error_examples.append(f"{step}: {kind}: {detail[:300]}")

    @property
    def error_count(self) -> int:
        return sum(sum(k.values()) for k in self.errors.values())


# ----------------------------------------------------------------------------------------------------------------
# Server process: start, stop, memory and CPU


def _proc_tree(pid: int) -> list[int]:
    """The process and all its descendants (Linux /proc/<pid>/task/<tid>/children)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                try:
                    todo.extend(int(c) for c in (task / "children").read_text().split())
                except OSError:
                    pass
        except OSError:
            pass
    return out


def rss_mb(pid: int) -> float | None:
    """Resident set size (VmRSS) of a process and its children, MiB; None if the process is gone."""
    total, found = 0, False
    for p in _proc_tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
                    found = True
                    break
        except OSError:
            continue
    return round(total / 1024, 1) if found else None


def cpu_s(pid: int) -> float | None:
    """User + system CPU seconds of a process and its live children."""
    total, found = 0.0, False
    for p in _proc_tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            found = True
        except (OSError, IndexError, ValueError):
            continue
    return round(total, 2) if found else None


#: What a snapshot of the app needs (code, prepared data, content, Streamlit config); no tests, no .git.
SNAPSHOT_PARTS = ["app.py", "pages", "components", "regiomonitor", "data", "geo", ".streamlit"]


def snapshot_app(dest: Path) -> Path:
    """Copy the app as it is now to ``dest``, so one consistent version is measured while others edit the tree.

    The package is not installed in the virtualenv, so a server started in the copy imports the copy's
    ``regiomonitor`` and ``components`` (PROJECT_ROOT resolves to the copy; its data/ and geo/ are copied too).
    """
    import shutil

    dest.mkdir(parents=True, exist_ok=True)
    for part in SNAPSHOT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "var"))
        elif src.exists():
            shutil.copy2(src, dest / part)
    return dest


def start_server(port: int | None = None, root: Path | None = None) -> tuple[str, subprocess.Popen]:
    """Start the app like ``tests/browser`` does, with ``REGIOMONITOR_HOME`` unset (the committed data).

    Without a port or root this is ``tests.browser.conftest.start_server`` itself; otherwise the same command on
    that port and/or in that copy of the app (see ``snapshot_app``).
    """
    from tests.browser import conftest as helpers

    saved = os.environ.pop("REGIOMONITOR_HOME", None)
    try:
        helpers.ARTIFACTS.mkdir(exist_ok=True)
        if port is None and root is None:
            return helpers.start_server()
        port = port or helpers._free_port()
        root = root or ROOT
        cmd = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(root / "app.py"),
            "--server.port",
            str(port),
            "--server.address",
            HOST,
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ]
        log = open(helpers.ARTIFACTS / f"server-{port}.log", "wb")
        proc = subprocess.Popen(cmd, cwd=root, stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ))
        url = f"http://{HOST}:{port}"
        try:
            helpers._wait_healthy(url, proc)
        except Exception:
            helpers.stop_server(proc)
            raise
        return url, proc
    finally:
        if saved is not None:
            os.environ["REGIOMONITOR_HOME"] = saved


def stop_server(proc: subprocess.Popen) -> None:
    from tests.browser.conftest import stop_server as _stop

    _stop(proc)


class Sampler:
    """Samples the server's RSS and CPU every 0.5 s in a thread (independent of the busy event loop).

    With several server processes (``--workers``) RSS and CPU are summed over them, and each process's RSS is
    kept as well (``per_process``)."""

    def __init__(self, pid: int | list[int] | None) -> None:
        self.pids = [pid] if isinstance(pid, int) else list(pid or [])
        self.pid = self.pids[0] if self.pids else None
        self.samples: list[tuple[float, float | None, float | None]] = []  # (monotonic, rss MiB, cpu s)
        self.per_process: list[tuple[float, dict[int, float | None]]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(SAMPLE_EVERY_S)

    def sample(self) -> tuple[float, float | None, float | None]:
        now = time.monotonic()
        rss = {p: rss_mb(p) for p in self.pids}
        cpus = [cpu_s(p) for p in self.pids]
        known = [r for r in rss.values() if r is not None]
        known_cpu = [c for c in cpus if c is not None]
        s = (now, round(sum(known), 1) if known else None, round(sum(known_cpu), 2) if known_cpu else None)
        self.samples.append(s)
        self.per_process.append((now, rss))
        return s

    def per_process_now(self) -> list[float | None]:
        """Each process's RSS (MiB) at the last sample."""
        return list(self.per_process[-1][1].values()) if self.per_process else []

    def per_process_peak(self, t0: float = 0.0, t1: float = float("inf")) -> list[float | None]:
        """Each process's peak RSS (MiB) between two monotonic times."""
        return [
            max((v for t, r in self.per_process if t0 <= t <= t1 and (v := r.get(p)) is not None), default=None)
            for p in self.pids
        ]

    def start(self) -> None:
        if self.pids:
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def peak_between(self, t0: float, t1: float) -> float | None:
        vals = [r for t, r, _ in self.samples if t0 <= t <= t1 and r is not None]
        return max(vals) if vals else None


# ----------------------------------------------------------------------------------------------------------------
# The user's scenario


async def user_session(
    base_url: str,
    index: int,
    res: Results,
    step_timeout: float = STEP_TIMEOUT_S,
    jitter_s: float = 1.0,
    steps: list[str] | None = None,
    all_exports: bool = False,
    generated_exports: bool = True,
) -> None:
    """One user: the pages of STEPS plus two exports (all four with ``all_exports``, only the CSV without
    ``generated_exports``).

    A failed step is recorded; the session goes on unless the connection is gone or the step timed out.
    """
    wanted = set(steps or STEPS)
    deferred = set(DEFERRED_EXPORTS) if all_exports else {DEFERRED_EXPORTS[index % len(DEFERRED_EXPORTS)]}
    if not generated_exports:
        deferred = set()
    rng = random.Random(index)
    gm = GEMEENTEN[index % len(GEMEENTEN)]
    gm_with_buurten = ["GM0153", "GM0141", "GM0164"][index % 3]
    buurt = BUURTEN[index % len(BUURTEN)]
    sess = WsSession(base_url, step_timeout)
    res.sessions_started += 1

    async def step(name: str, action: Callable[[], Any]) -> bool:
        if name not in wanted:
            return True
        try:
            out = await action()
        except StepError as exc:
            res.error(name, exc.kind, exc.detail)
            return exc.kind not in {"connection_closed", "timeout"}
        res.times[name].append(out["s"])
        res.first_msg[name].append(out["first_msg_s"])
        res.bytes_in[name].append(out["bytes"])
        for alert in out["alerts"]:
            res.notices[name] = res.notices.get(name, 0) + 1
            if len(res.warnings) < 20 and f"{name}: {alert}" not in res.warnings:
                res.warnings.append(f"{name}: {alert}")
        return True

    async def export(kind: str, key: str) -> None:
        try:
            out = await sess.export(key)
        except StepError as exc:
            res.error(f"export_{kind}", exc.kind, exc.detail)
            return
        res.exports.setdefault(kind, []).append(out)
        if not out["deferred"]:
            res.media_urls.add((out["url"], sess.cookie))

    async def kaart_indicator() -> bool:
        """Two changes of the Indicator selectbox: two reruns, each timed as one kaart_indicator step."""
        options = sess.options("kaart_indicator")
        current = sess.current("kaart_indicator")
        for pick in rng.sample([o for o in options if o != current], 2):
            before = sess.query_param("indicator")
            sess.set_widget("kaart_indicator", pick)
            if not await step("kaart_indicator", sess.rerun):
                return False
            # The page writes the new indicator into the URL, or (no values at this level) explains why not.
            if sess.query_param("indicator") == before and not sess.alerts:
                res.error("kaart_indicator", "widget_ignored", f"{pick!r}: URL still indicator={before}")
        return True

    async def trends_compare() -> dict[str, Any]:
        options = sess.options("trends_gebieden")
        pick = rng.sample(options, min(3, len(options)))
        sess.set_widget("trends_gebieden", pick)
        out = await sess.rerun()
        if sess.query_param("gebieden") != ",".join(pick):
            raise StepError("widget_ignored", f"gebieden {pick} but URL has {sess.query_param('gebieden')!r}")
        return out

    def nav(path: str) -> Callable[[], Any]:
        async def go() -> dict[str, Any]:
            if path not in sess.page_hashes:
                raise StepError("page_missing", f"no page {path!r} in navigation {sorted(sess.page_hashes)}")
            return await sess.rerun(page_hash=sess.page_hashes[path], query_string="")

        return go

    try:
        await asyncio.sleep(rng.uniform(0, jitter_s))  # people do not click at the same millisecond
        try:
            # What the browser asks first (the JS bundle itself it usually has cached), then the websocket.
            for path in ("/", "/_stcore/health", "/_stcore/host-config"):
                status, headers, _ = await http_request(base_url, path, step_timeout, sess.cookie)
                sess.cookie = sess.cookie or route_cookie(headers)  # behind the balancer: stick to one process
                if status != 200:
                    res.error("connect", f"http_{status}", path)
            await sess.connect()
        except (OSError, TimeoutError) as exc:
            res.error("connect", type(exc).__name__, str(exc))
            return
        ok = await step("overzicht", lambda: sess.rerun(page_name="", query_string=f"gemeente={gm}"))
        if ok:
            ok = await step(
                "kaart_link",
                lambda: sess.rerun(
                    page_name="kaart",
                    query_string=f"gemeente={gm_with_buurten}&indicator="
                    f"{KAART_INDICATORS[index % len(KAART_INDICATORS)]}",
                ),
            )
        if ok and "kaart_indicator" in wanted:
            try:
                ok = await kaart_indicator()
            except StepError as exc:  # the widget was not there
                res.error("kaart_indicator", exc.kind, exc.detail)
        if ok and sess.page_path == "kaart" and "kaart_csv" not in sess.widgets and sess.alerts:
            why = "kaart exports: the last indicator has no values at this level (the page says so, no map)"
            res.skipped[why] = res.skipped.get(why, 0) + 1
        elif ok and sess.page_path == "kaart":
            await export("kaart_csv", "kaart_csv")
            if "kaart_png" in deferred:
                await export("kaart_png", "kaart_png")
        if ok:
            ok = await step("buurt", lambda: sess.rerun(page_name="buurt", query_string=f"buurt={buurt}"))
            if ok and "buurt_pdf" in deferred and "buurt" in wanted:
                await export("buurt_pdf", "buurt_pdf")
        if ok:
            ok = await step("trends", nav("trends"))
        if ok:
            ok = await step("trends_compare", trends_compare)
            if ok and "trends_png" in deferred and "trends" in wanted:
                await export("trends_png", "trends_export_png")
        for path in ("vergelijken", "opgaven", "bronnen"):
            if ok:
                ok = await step(path, nav(path))
        if ok:
            res.sessions_completed += 1
    finally:
        await sess.close()


# ----------------------------------------------------------------------------------------------------------------
# Rounds and the report


async def run_round(
    base_url: str,
    sampler: Sampler,
    sessions: int,
    label: str,
    res: Results,
    step_timeout: float,
    deadline_s: float,
    first_index: int = 0,
    steps: list[str] | None = None,
    generated_exports: bool = True,
    metrics_urls: list[str] | None = None,
) -> dict[str, Any]:
    """``sessions`` users at once; waits until all are done (or the deadline), then lets them disconnect."""
    errors_before = res.error_count
    ru0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.monotonic()
    cpu0 = sampler.sample()[2]
    tasks = [
        asyncio.create_task(
            user_session(base_url, first_index + i, res, step_timeout, steps=steps, generated_exports=generated_exports)
        )
        for i in range(sessions)
    ]
    done, pending = await asyncio.wait(tasks, timeout=deadline_s)
    for t in pending:
        t.cancel()
    if pending:
        await asyncio.wait(pending, timeout=20)
        res.error("round", "deadline", f"{len(pending)} sessions unfinished after {deadline_s:.0f} s")
    for t in done:
        if not t.cancelled() and t.exception() is not None:
            res.error("session", "crashed", repr(t.exception()))
    t1 = time.monotonic()
    cpu1 = sampler.sample()[2]
    ru1 = resource.getrusage(resource.RUSAGE_SELF)
    await asyncio.sleep(SETTLE_S)
    after = sampler.sample()[1]
    after_each = sampler.per_process_now()
    urls = metrics_urls or [base_url]
    each = [await server_metrics(u) for u in urls]
    metrics = each[0] if len(each) == 1 else each
    wall = t1 - t0
    server_cpu = None if cpu0 is None or cpu1 is None else round(cpu1 - cpu0, 1)
    client_cpu = round((ru1.ru_utime + ru1.ru_stime) - (ru0.ru_utime + ru0.ru_stime), 1)
    return {
        "round": label,
        "sessions": sessions,
        "wall_s": round(wall, 1),
        "unfinished": len(pending),
        "errors": res.error_count - errors_before,
        "server_cpu_s": server_cpu,
        "server_cpu_cores_used": None if server_cpu is None else round(server_cpu / wall, 2),
        "client_cpu_s": client_cpu,
        "rss_peak_mb": sampler.peak_between(t0, t1),
        f"rss_after_mb_{SETTLE_S:.0f}s": after,
        "rss_peak_mb_per_process": sampler.per_process_peak(t0, t1),
        f"rss_after_mb_{SETTLE_S:.0f}s_per_process": after_each,
        "streamlit_metrics_after": metrics,
    }


async def warm_up(base_url: str, res: Results, step_timeout: float, generated_exports: bool = True) -> float:
    """One session through the whole scenario, so the data store and caches are loaded; returns its wall time."""
    t0 = time.perf_counter()
    await user_session(
        base_url, 0, res, step_timeout, jitter_s=0, all_exports=True, generated_exports=generated_exports
    )
    return time.perf_counter() - t0


async def reap_disconnected(base_url: str) -> str | None:
    """Connect and disconnect one session: saving it makes Streamlit drop expired disconnected sessions.

    Returns an error text instead of raising: the memory figure after it matters more than this page run.
    """
    sess = WsSession(base_url, 60)
    try:
        await sess.connect()
        await sess.rerun(page_name="bronnen", query_string="")
    except (StepError, OSError, TimeoutError) as exc:
        return f"{type(exc).__name__}: {exc}"
    finally:
        await sess.close()
    return None


async def run_load(
    base_url: str,
    pid: int | list[int] | None,
    sessions: int,
    rounds: int | None,
    duration: float | None,
    step_timeout: float = STEP_TIMEOUT_S,
    ttl_wait: float = 0.0,
    solo: bool = True,
    steps: list[str] | None = None,
    generated_exports: bool = True,
    metrics_urls: list[str] | None = None,
    helper_pid: int | None = None,
) -> dict[str, Any]:
    """The whole measurement: warm-up, a solo session for comparison, rounds of ``sessions`` users, memory.

    ``pid`` may be several server processes (behind a balancer at ``base_url``); ``metrics_urls`` are their
    own addresses for Streamlit's ``/_stcore/metrics`` (the balancer does not pass it on). ``helper_pid`` is the
    shared chart renderer's process (``regiomonitor.renderer``), reported on its own: its memory is not a
    Streamlit process's, its CPU is part of the server's."""
    sampler = Sampler(pid)
    sampler.start()
    helper = Sampler(helper_pid)
    helper.start()
    memory: dict[str, Any] = {
        "rss_source": "VmRSS of /proc/<pid>/status, process + children",
        "start_mb": sampler.sample()[1],
    }
    round_deadline = step_timeout * (len(STEPS) + 4) + 30
    out: dict[str, Any] = {}
    try:
        warm = Results()
        out["warm_up_s"] = round(await warm_up(base_url, warm, step_timeout, generated_exports), 2)
        out["warm_up_errors"] = warm.errors
        await asyncio.sleep(2)
        memory["idle_after_warm_up_mb"] = sampler.sample()[1]
        memory["idle_after_warm_up_mb_per_process"] = sampler.per_process_now()
        if solo:  # the same scenario alone on a warm server: the floor the load figures compare to
            alone = Results()
            await user_session(
                base_url,
                1,
                alone,
                step_timeout,
                jitter_s=0,
                steps=steps,
                all_exports=True,
                generated_exports=generated_exports,
            )
            out["solo_session"] = {
                s: (round(v[0], 3) if len(v) == 1 else [round(x, 3) for x in v]) for s, v in alone.times.items() if v
            }
            out["solo_session_exports"] = {k: [round(x["s"], 3) for x in v] for k, v in alone.exports.items()}
            out["solo_errors"] = alone.errors
        res = Results()
        summaries = []
        started = time.monotonic()
        r = 0
        while True:
            r += 1
            if rounds is not None and r > rounds:
                break
            if duration is not None and rounds is None and time.monotonic() - started >= duration:
                break
            summaries.append(
                await run_round(
                    base_url,
                    sampler,
                    sessions,
                    f"round {r}",
                    res,
                    step_timeout,
                    round_deadline,
                    first_index=(r - 1) * sessions,
                    steps=steps,
                    generated_exports=generated_exports,
                    metrics_urls=metrics_urls,
                )
            )
        if ttl_wait > 0:
            await asyncio.sleep(ttl_wait)
            reap_error = await reap_disconnected(base_url)
            if reap_error:
                res.error("reap_session", "error", reap_error)
            await asyncio.sleep(SETTLE_S)
            memory[f"after_ttl_wait_{ttl_wait:.0f}s_mb"] = sampler.sample()[1]
            # No session is left that shows these downloads: Streamlit should have released every one of them.
            still = [u for u, c in sorted(res.media_urls, key=str) if (await http_get(base_url, u, 30, c))[0] == 200]
            out["media_files_still_served_after_ttl"] = f"{len(still)} of {len(res.media_urls)}"
            out["streamlit_metrics_after_ttl"] = [await server_metrics(u) for u in (metrics_urls or [base_url])]
    finally:
        sampler.stop()
        helper.stop()
    all_times = [t for ts in res.times.values() for t in ts]
    memory["peak_mb"] = max((x for _, x, _ in sampler.samples if x is not None), default=None)
    memory["after_each_round_mb"] = [s[f"rss_after_mb_{SETTLE_S:.0f}s"] for s in summaries]
    memory["peak_each_round_mb"] = [s["rss_peak_mb"] for s in summaries]
    memory["processes"] = len(sampler.pids)
    memory["peak_mb_per_process"] = sampler.per_process_peak()
    memory["after_each_round_mb_per_process"] = [s[f"rss_after_mb_{SETTLE_S:.0f}s_per_process"] for s in summaries]
    cpus = [c for _, _, c in sampler.samples if c is not None]
    helper_cpus = [c for _, _, c in helper.samples if c is not None]
    if helper.pids:
        out["renderer"] = {
            "rss_peak_mb": max((x for _, x, _ in helper.samples if x is not None), default=None),
            "rss_end_mb": helper.samples[-1][1] if helper.samples else None,
            "cpu_s_total": round(helper_cpus[-1] - helper_cpus[0], 1) if len(helper_cpus) > 1 else None,
        }
    out.update(
        {
            "sessions_per_round": sessions,
            "rounds": summaries,
            "sessions_started": res.sessions_started,
            "sessions_completed": res.sessions_completed,
            "steps_ok": len(all_times),
            "per_step_s": {s: summary(v) for s, v in res.times.items()},
            "per_step_first_message_s": {s: summary(v) for s, v in res.first_msg.items()},
            "per_step_kb_received_p50": {
                s: round(p50 / 1024, 1) if (p50 := percentile([float(b) for b in v], 50)) is not None else None
                for s, v in res.bytes_in.items()
            },
            "overall_s": summary(all_times),
            "exports_s": {
                k: {
                    **summary([x["s"] for x in v]),
                    "generate_p50": percentile([x["generate_s"] for x in v], 50),
                    "bytes_p50": int(percentile([float(x["bytes"]) for x in v], 50) or 0),
                    "deferred": v[0]["deferred"],
                }
                for k, v in sorted(res.exports.items())
            },
            "error_count": res.error_count,
            "errors": res.errors,
            "error_examples": res.error_examples,
            "app_notices_per_step": res.notices,
            "skipped": res.skipped,
            "app_notice_examples": res.warnings,
            "rss_mb": memory,
            "server_cpu_s_total": round(cpus[-1] - cpus[0], 1) if len(cpus) > 1 else None,
            "step_timeout_s": step_timeout,
        }
    )
    return out


def machine() -> dict[str, Any]:
    import streamlit
    import websockets

    return {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "websockets": websockets.__version__,
        "platform": platform.platform(),
        "loadavg": Path("/proc/loadavg").read_text().split()[:3],
    }


def _artifacts() -> Path:
    from tests.browser import conftest as helpers

    helpers.ARTIFACTS.mkdir(exist_ok=True)
    return helpers.ARTIFACTS


def _raise_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=25, help="simultaneous sessions per round")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--rounds", type=int, help="rounds of --sessions users, one after the other (default 3)")
    group.add_argument("--duration", type=float, help="start new rounds until this many seconds have passed")
    parser.add_argument("--port", type=int, help="port for the server started here (default: a free port)")
    parser.add_argument(
        "--workers",
        type=int,
        help="start this many warm-started processes behind nginx (regiomonitor.deploy) and measure "
        "through the balancer; without it: one process, no balancer",
    )
    parser.add_argument(
        "--no-renderer",
        action="store_true",
        help="with --workers: every process draws its own chart pictures (no shared renderer), for comparison",
    )
    parser.add_argument(
        "--attach",
        action="store_true",
        help="use a server already running on --port instead of starting one (no memory figures unless --server-pid)",
    )
    parser.add_argument("--server-pid", type=int, help="with --attach: the server's pid, for memory and CPU")
    parser.add_argument("--step-timeout", type=float, default=STEP_TIMEOUT_S)
    parser.add_argument(
        "--ttl-wait",
        type=float,
        default=0.0,
        help="after the rounds, wait this long (e.g. 125 > disconnectedSessionTTL) and sample again",
    )
    parser.add_argument("--no-solo", action="store_true", help="skip the single-session comparison run")
    parser.add_argument(
        "--no-generated-exports", action="store_true", help="only the map CSV (by URL); no PNG/PDF generated on request"
    )
    parser.add_argument(
        "--snapshot",
        action="store_true",
        help="serve a copy of the app taken at the start (other sessions may edit the tree meanwhile)",
    )
    parser.add_argument("--json-out", type=Path, help="also write the JSON report to this file")
    args = parser.parse_args(argv)
    rounds = args.rounds if args.rounds is not None else (None if args.duration else 3)
    if args.attach and not args.port:
        parser.error("--attach needs --port")
    if args.workers is not None and (args.attach or args.workers < 1):
        parser.error("--workers needs a number from 1 and cannot be combined with --attach")
    signal.signal(signal.SIGTERM, _raise_on_sigterm)
    started = time.perf_counter()
    proc = None
    root: Path | None = None
    balancer = None
    metrics_urls: list[str] | None = None
    helper_pid: int | None = None
    if args.snapshot and not args.attach:
        import tempfile

        root = snapshot_app(Path(tempfile.mkdtemp(prefix="regiomonitor-load-")) / "app")
    budget = (
        (rounds or 1) * (args.step_timeout * (len(STEPS) + 4) + 30 + SETTLE_S)
        + (args.duration or 0)
        + args.ttl_wait
        + 600
    )
    try:
        if args.attach:
            url, pid = f"http://{HOST}:{args.port}", args.server_pid
        elif args.workers:
            from regiomonitor.deploy import cluster

            def warm_each(worker_url: str) -> None:  # every process gets the warm-up scenario, not only one
                asyncio.run(warm_up(worker_url, Results(), args.step_timeout, not args.no_generated_exports))

            balancer = cluster(
                args.workers,
                f"{HOST}:{args.port}" if args.port else None,
                root or ROOT,
                logs=_artifacts(),
                ready=warm_each,
                renderer=not args.no_renderer,
            )
            c = balancer.__enter__()
            url, pid = c.url, c.pids
            helper_pid = c.renderer.pid if c.renderer is not None else None
            metrics_urls = [f"http://127.0.0.1:{p}" for p in c.worker_ports]
        else:
            url, proc = start_server(args.port, root)
            pid = proc.pid
        result = asyncio.run(
            asyncio.wait_for(
                run_load(
                    url,
                    pid,
                    args.sessions,
                    rounds,
                    args.duration,
                    args.step_timeout,
                    args.ttl_wait,
                    solo=not args.no_solo,
                    generated_exports=not args.no_generated_exports,
                    metrics_urls=metrics_urls,
                    helper_pid=helper_pid,
                ),
                timeout=budget,
            )
        )
    finally:
        if proc is not None:
            stop_server(proc)
        if balancer is not None:
            balancer.__exit__(None, None, None)
        if root is not None:
            import shutil

            shutil.rmtree(root.parent, ignore_errors=True)
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "server": url,
        "setup": (
            f"nginx + {args.workers} process(es)" + (", charts drawn in-process" if args.no_renderer else " + renderer")
            if args.workers
            else "one process, no balancer"
        ),
        "app": "snapshot copy" if args.snapshot else str(ROOT),
        "machine": machine(),
        "total_s": round(time.perf_counter() - started, 1),
        **result,
    }
    text = json.dumps(report, indent=2, ensure_ascii=False)
    print(text)
    if args.json_out:
        args.json_out.write_text(text + "\n", encoding="utf-8")
    return 0 if report["error_count"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
