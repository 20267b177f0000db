"""Load test: many simultaneous browser sessions against ONE app server, printed as JSON.

    PYTHONPATH=. python bench/load.py [--sessions 25] [--rounds 2]

Starts the app once on a free loopback port (``tests.browser.conftest.start_server``), then runs rounds of
simultaneous sessions in one headless Debian Chromium: each session is its own tab and therefore its own
Streamlit session (websocket); tabs are grouped a few per browser context so they share the HTTP and code cache
(on a 2-core machine the browsers, not the server, are the bottleneck). Each session does what a user does:
Overzicht, Kaart from a link with gemeente and indicator, a Kaart change (half of the sessions click the
Kaartlaag radio, the other half open a new link), Buurt from a link, then Bronnen and Trends via the sidebar.

Per step it measures the time until the page's key heading is visible and Streamlit's running indicator
(``stStatusWidget``) is gone; a step that times out or shows an exception box counts as an error. The server's
resident memory (psutil if installed, otherwise /proc/<pid>/status VmRSS) is sampled before, during and after
each round, so a second round shows whether memory keeps growing; the server's CPU seconds per round
(/proc/<pid>/stat) separate server cost from browser cost.

Everything is bounded: every wait has a timeout, each round has a deadline, and the server is stopped in a
``finally`` (also on Ctrl-C or SIGTERM). Only 127.0.0.1 is contacted; any other request is aborted.
Measured on a shared 2-core machine the figures include the browsers' own rendering (deck.gl draws in software).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import re
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, start_server, stop_server  # noqa: E402

STEP_TIMEOUT_MS = 60_000  # one page may take this long under full load before it counts as an error
ROUND_DEADLINE_S = 85.0
PER_CONTEXT = 5  # sessions (tabs) per browser context  # a whole round of simultaneous sessions
SAMPLE_EVERY_S = 2.0
SETTLE_S = 5.0  # after a round, before the "after" memory sample (sessions disconnect)
NO_RUNNING = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
PAGES = ["overzicht", "kaart_link", "kaart_change", "buurt", "bronnen", "trends"]


def cpu_s(pid: int) -> float | None:
    """User + system CPU seconds used so far by one process (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        import os

        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def rss_mb(pid: int) -> float | None:
    """Resident set size of one process in MiB."""
    try:
        import psutil  # optional

        return round(psutil.Process(pid).memory_info().rss / 2**20, 1)
    except ImportError:
        pass
    except Exception:  # noqa: BLE001 - the process may be gone
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


@dataclass
class Results:
    times: dict[str, list[float]] = field(default_factory=lambda: {p: [] for p in PAGES})
    errors: dict[str, dict[str, int]] = field(default_factory=dict)
    error_examples: list[str] = field(default_factory=list)

    def error(self, page: str, kind: str, detail: str) -> None:
        self.errors.setdefault(page, {}).setdefault(kind, 0)
        self.errors[page][kind] += 1
        if len(self.error_examples) < 8:
            self.error_examples.append(f"{page}: {kind}: {detail[:160]}")


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (no interpolation), seconds rounded to ms."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return round(ordered[rank - 1], 3)


async def _settled(page, heading) -> None:
    await heading.first.wait_for(state="visible", timeout=STEP_TIMEOUT_MS)
    await page.wait_for_function(NO_RUNNING, timeout=STEP_TIMEOUT_MS)


async def _step(res: Results, page, name: str, action, heading) -> None:
    """Run one step, record its time or its error. Never raises (a failed step does not end the session)."""
    from playwright.async_api import Error as PlaywrightError
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    start = time.perf_counter()
    try:
        await action()
        await _settled(page, heading)
        elapsed = time.perf_counter() - start
        if await page.locator('[data-testid="stException"]').count():
            res.error(name, "exception", await page.locator('[data-testid="stException"]').first.inner_text())
            return
        res.times[name].append(elapsed)
    except PlaywrightTimeout as exc:
        res.error(name, "timeout", str(exc).splitlines()[0])
    except PlaywrightError as exc:
        res.error(name, "browser_error", str(exc).splitlines()[0])


async def loopback_only(route) -> None:
    host = urlsplit(route.request.url).hostname
    if host in {"127.0.0.1", "localhost"} or route.request.url.startswith(("data:", "blob:")):
        await route.continue_()
    else:
        await route.abort()


async def session(context, url: str, index: int, res: Results) -> None:
    """One user: six steps in its own tab (its own Streamlit session)."""
    page = await context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    try:
        await asyncio.sleep(random.uniform(0, 1.0))  # people do not click at the same millisecond
        await _step(res, page, "overzicht", lambda: page.goto(f"{url}/"),
                    page.get_by_role("heading", name="Regiomonitor Twente", exact=True))
        await _step(res, page, "kaart_link", lambda: page.goto(f"{url}/kaart?gemeente=GM0153&indicator=eenzaam"),
                    page.get_by_role("heading", name="Kaart", exact=True))
        if index % 2 == 0:
            async def change() -> None:  # the Kaartlaag radio, as a user would
                radio = page.locator('[data-testid="stRadio"]').filter(has_text="Kaartlaag")
                await radio.get_by_text("Wijken", exact=True).click()
                await page.wait_for_url(re.compile(r"niveau=wijk"), timeout=STEP_TIMEOUT_MS)
        else:
            async def change() -> None:  # a new link with another indicator
                await page.goto(f"{url}/kaart?gemeente=GM0141&indicator=moeite_rondkomen&niveau=buurt")
        await _step(res, page, "kaart_change", change, page.get_by_role("heading", name="Kaart", exact=True))
        await _step(res, page, "buurt", lambda: page.goto(f"{url}/buurt?buurt=BU01530603"),
                    page.get_by_role("heading", name=re.compile(r"· Enschede$")))
        nav = page.locator('[data-testid="stSidebarNav"]')
        await _step(res, page, "bronnen", lambda: nav.get_by_role("link", name="Bronnen & methode").click(),
                    page.get_by_role("heading", name="Bronnen & methode", exact=True))
        await _step(res, page, "trends", lambda: nav.get_by_role("link", name="Trends & doelen").click(),
                    page.get_by_role("heading", name="Trends & doelen", exact=True))
    finally:
        await page.close()


async def sample_rss(pid: int, label: str, out: list[dict[str, object]], stop: asyncio.Event) -> None:
    peak = 0.0
    while not stop.is_set():
        value = rss_mb(pid)
        if value is not None:
            peak = max(peak, value)
        try:
            await asyncio.wait_for(stop.wait(), timeout=SAMPLE_EVERY_S)
        except TimeoutError:
            pass
    out.append({"when": f"during {label} (peak)", "rss_mb": peak})


async def run_round(browser, url: str, pid: int, n: int, label: str, res: Results,
                    rss: list[dict[str, object]]) -> dict[str, object]:
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_rss(pid, label, rss, stop))
    contexts = []
    for _ in range(math.ceil(n / PER_CONTEXT)):
        ctx = await browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL")
        await ctx.route("**/*", loopback_only)
        contexts.append(ctx)
    cpu_before = cpu_s(pid)
    tasks = [asyncio.create_task(session(contexts[i // PER_CONTEXT], url, i, res)) for i in range(n)]
    start = time.perf_counter()
    done, pending = await asyncio.wait(tasks, timeout=ROUND_DEADLINE_S)
    for t in pending:
        t.cancel()
    if pending:
        await asyncio.wait(pending, timeout=20)
        res.error("round", "deadline", f"{len(pending)} sessions unfinished after {ROUND_DEADLINE_S:.0f} s")
    for t in done:
        if t.exception() is not None:
            res.error("session", "crashed", repr(t.exception()))
    elapsed = time.perf_counter() - start
    cpu_after = cpu_s(pid)
    for ctx in contexts:
        await ctx.close()
    stop.set()
    await sampler
    await asyncio.sleep(SETTLE_S)
    rss.append({"when": f"after {label} (+{SETTLE_S:.0f} s)", "rss_mb": rss_mb(pid)})
    server_cpu = None if cpu_before is None or cpu_after is None else round(cpu_after - cpu_before, 1)
    return {"round": label, "sessions": n, "wall_s": round(elapsed, 1), "unfinished": len(pending),
            "server_cpu_s": server_cpu,
            "server_cpu_share_of_2_cores": None if server_cpu is None else round(server_cpu / (2 * elapsed), 2)}


async def main_async(url: str, pid: int, sessions: int, rounds: int) -> dict[str, object]:
    from playwright.async_api import async_playwright

    res = Results()
    load_before = Path("/proc/loadavg").read_text().split()[:3]
    rss: list[dict[str, object]] = [{"when": "before (server idle, no session yet)", "rss_mb": rss_mb(pid)}]
    summary = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            for r in range(1, rounds + 1):
                summary.append(await run_round(browser, url, pid, sessions, f"round {r}", res, rss))
        finally:
            await browser.close()
    all_times = [t for ts in res.times.values() for t in ts]
    steps_ok = len(all_times)
    steps_total = sessions * rounds * len(PAGES)
    return {
        "sessions_per_round": sessions,
        "sessions_per_browser_context": PER_CONTEXT,
        "loadavg_before": load_before,
        "rounds": summary,
        "steps_ok": steps_ok,
        "steps_planned": steps_total,
        "per_page_s": {p: {"n": len(ts), "p50": percentile(ts, 50), "p95": percentile(ts, 95),
                           "max": round(max(ts), 3) if ts else None} for p, ts in res.times.items()},
        "overall_s": {"n": steps_ok, "p50": percentile(all_times, 50), "p95": percentile(all_times, 95),
                      "max": round(max(all_times), 3) if all_times else None},
        "errors": res.errors,
        "error_count": sum(sum(k.values()) for k in res.errors.values()),
        "error_examples": res.error_examples,
        "rss_mb": rss,
        "rss_source": "psutil" if _has_psutil() else "/proc/<pid>/status VmRSS",
        "step_timeout_s": STEP_TIMEOUT_MS / 1000,
        "round_deadline_s": ROUND_DEADLINE_S,
    }


def _has_psutil() -> bool:
    try:
        import psutil  # noqa: F401
    except ImportError:
        return False
    return True


def _raise_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=25, help="simultaneous sessions per round")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(json.dumps({"error": f"Chromium not found at {CHROMIUM}"}))
        return 2
    signal.signal(signal.SIGTERM, _raise_on_sigterm)
    ARTIFACTS.mkdir(exist_ok=True)
    started = time.perf_counter()
    url, proc = start_server()
    try:
        result = asyncio.run(asyncio.wait_for(
            main_async(url, proc.pid, args.sessions, args.rounds),
            timeout=args.rounds * (ROUND_DEADLINE_S + SETTLE_S + 40) + 30,
        ))
    finally:
        stop_server(proc)
    result = {"server": url, "total_s": round(time.perf_counter() - started, 1), **result}
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0 if result["error_count"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
