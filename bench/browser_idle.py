"""Single user in Chromium: how long each page takes until it is idle, on a first and a second visit (JSON).

    PYTHONPATH=. .venv/bin/python bench/browser_idle.py [--rounds 2] [--json-out FILE]

Starts the app as ``make run`` does (``python -m components.warm``, warm caches before the first visitor), opens
every page in one headless Chromium (Debian's package, never a downloaded browser) and times, per page, from
the navigation until the page is idle: its heading is drawn, Streamlit's "running" indicator has gone and stayed
gone, every chart placeholder has its drawing (Vega ``svg.marks``, deck.gl canvas), and nothing on the page has
changed for ``--settle`` seconds; the time reported is that of the last change.
Round 1 is a first visit (the browser fetches the front end, the server may still fill shared caches); round 2
and later are the second visits the issue's goal is about (idle within 1 s). Measured, not asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from regiomonitor import deploy  # noqa: E402
from tests.browser import conftest as helpers  # noqa: E402

#: (name, path with query) of every page, in the sidebar's order.
PAGES: tuple[tuple[str, str], ...] = (
    ("overzicht", ""),
    ("opgaven", "opgaven"),
    ("opgave", "opgave?opgave=13"),
    ("kaart", "kaart"),
    ("buurt", "buurt"),
    ("vergelijken", "vergelijken"),
    ("trends", "trends"),
    ("programmas", "programmas"),
    ("presentatie", "presentatie"),
    ("bronnen", "bronnen"),
)

#: True once the page has a heading, no "running" indicator and every chart drawn.
IDLE_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main || !main.querySelector('h1, h2')) return false;
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  const shown = el => el.getBoundingClientRect().width > 0;  // charts in a closed tab or expander are not drawn
  const vega = [...main.querySelectorAll('[data-testid="stVegaLiteChart"]')].filter(shown);
  if (vega.some(v => !v.querySelector('svg.marks, canvas'))) return false;
  const decks = [...main.querySelectorAll('[data-testid="stDeckGlJsonChart"]')].filter(shown);
  return decks.every(d => d.querySelector('canvas'));
}"""


def start_warm_server() -> tuple[str, subprocess.Popen]:
    """The app as ``make run`` / ``make serve`` start a process (``deploy.worker_command``: warm start), on a free
    loopback port, with the committed data."""
    port = deploy.free_port()
    env = {k: v for k, v in os.environ.items() if k != "REGIOMONITOR_HOME"}
    helpers.ARTIFACTS.mkdir(exist_ok=True)
    log = open(helpers.ARTIFACTS / f"browser-idle-{port}.log", "wb")
    proc = subprocess.Popen(deploy.worker_command(port), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deploy.wait_healthy(url, proc, timeout=180.0)
    except Exception:
        deploy.stop(proc)
        raise
    return url, proc


#: Installed in every document: the time (ms since navigation) of the last change to the page's DOM.
WATCH_JS = """
window.__lastChange = 0;
new MutationObserver(() => { window.__lastChange = performance.now(); })
  .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
"""


def time_page(page: Any, url: str, settle_s: float, timeout_ms: int) -> float:
    """Seconds from navigation until the page is idle: everything drawn (``IDLE_JS``) and no change to the page
    for ``settle_s``; the result is the time of the last change, so the settle itself is not counted.

    Why the last change and not the first idle moment: Streamlit does not show its "running" indicator for a
    short run, and a page's heading can stand for most of a second before its charts arrive."""
    page.goto(url, wait_until="commit")
    page.wait_for_function(
        f"() => ({IDLE_JS})() && performance.now() - window.__lastChange > {int(settle_s * 1000)}",
        timeout=timeout_ms,
        polling=50,
    )
    return float(page.evaluate("() => window.__lastChange")) / 1000.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3, help="visits of every page (round 1 is the first visit)")
    ap.add_argument("--settle", type=float, default=1.0, help="seconds without a change that count as idle")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds a page may take at most")
    ap.add_argument("--json-out", type=Path)
    args = ap.parse_args(argv)

    from playwright.sync_api import sync_playwright

    url, proc = start_warm_server()
    seconds: dict[str, list[float]] = {name: [] for name, _ in PAGES}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=helpers.CHROMIUM, headless=True, args=helpers.CHROMIUM_ARGS)
            try:
                context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="nl-NL")
                context.add_init_script(WATCH_JS)
                page = context.new_page()
                for _ in range(args.rounds):
                    for name, path in PAGES:
                        try:
                            took = time_page(page, f"{url}/{path}", args.settle, int(args.timeout * 1000))
                        except Exception as exc:  # report the page, go on with the others
                            print(f"{name}: not idle ({type(exc).__name__})", file=sys.stderr)
                            took = float("nan")
                        seconds[name].append(round(took, 3))
            finally:
                browser.close()
    finally:
        deploy.stop(proc)
    later = {name: v[1:] for name, v in seconds.items() if len(v) > 1}
    out = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "load_average_at_end": os.getloadavg(),
        "viewport": "1440x900",
        "settle_s": args.settle,
        "first_visit_s": {name: v[0] for name, v in seconds.items()},
        "later_visits_median_s": {name: statistics.median(v) for name, v in later.items()},
        "later_visits_max_s": {name: max(v) for name, v in later.items()},
        "all_s": seconds,
    }
    text = json.dumps(out, indent=2)
    print(text)
    if args.json_out:
        args.json_out.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
