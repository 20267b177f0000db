"""Smoke run through the load balancer: two warm-started Streamlit processes behind Debian's nginx.

nginx is started from its own binary with a configuration in a temporary folder (``regiomonitor.deploy``), on a
free loopback port, and stopped afterwards. Checked as a visitor would meet it: the security headers and the
route cookie on the first response, ``/_stcore/metrics`` not public, every request of one visitor on one process
while new visitors spread over both, five websocket sessions (pages, widget changes, the map CSV and the PNG/PDF
exports generated on request, which only work when the download goes to the session's own process), and the
app in Chromium through nginx without any Content-Security-Policy violation of its own.

Skips only when nginx is not installed and ``REGIOMONITOR_REQUIRE_NGINX`` is not set (``make test`` sets it, and
``make system-deps`` installs Debian's nginx-light). Bounded: start-up 180 s per process, 60 s per step.
"""

from __future__ import annotations

import asyncio
import os
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from regiomonitor.deploy import Cluster, cluster
from regiomonitor.nginx_conf import NGINX, ROUTE_COOKIE
from tests.browser.conftest import ARTIFACTS, CHROMIUM_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.timeout(420)]

SESSIONS = 5
#: Requests the app's front end may make to other sites by itself, refused by the policy on purpose. None:
#: the map sends pydeck's no-base-map sentinel, so Streamlit's map component no longer asks Carto for a style.
EXPECTED_BLOCKED: tuple[str, ...] = ()


@pytest.fixture(scope="module")
def balanced() -> Iterator[Cluster]:
    if not Path(NGINX).exists():
        if os.environ.get("REGIOMONITOR_REQUIRE_NGINX") == "1":
            pytest.fail(f"nginx not found at {NGINX}; install Debian's nginx-light (make system-deps does).")
        pytest.skip(f"nginx not found at {NGINX}")
    ARTIFACTS.mkdir(exist_ok=True)
    with cluster(2, logs=ARTIFACTS / "nginx-smoke") as c:
        yield c


def _get(url: str, cookie: str | None = None) -> tuple[int, dict[str, list[str]]]:
    req = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, {k.lower(): resp.headers.get_all(k) or [] for k in resp.headers.keys()}
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): exc.headers.get_all(k) or [] for k in exc.headers.keys()}


def test_security_headers_route_cookie_and_no_public_metrics(balanced: Cluster) -> None:
    status, headers = _get(balanced.url + "/")
    assert status == 200
    csp = headers["content-security-policy"][0]
    assert (
        "frame-ancestors 'self'" in csp
        and "default-src 'self'" in csp
        and "'unsafe-inline'" not in csp.split("style-src")[0]
    ), csp
    assert headers["x-frame-options"] == ["SAMEORIGIN"]
    assert headers["x-content-type-options"] == ["nosniff"]
    assert any(c.startswith(ROUTE_COOKIE + "=") and "HttpOnly" in c for c in headers["set-cookie"])
    assert _get(balanced.url + "/_stcore/metrics")[0] == 404
    assert _get(balanced.url + "/_stcore/health")[0] == 200
    # Streamlit's own figures stay available to the operator on the processes' loopback ports.
    assert _get(f"http://127.0.0.1:{balanced.worker_ports[0]}/_stcore/metrics")[0] == 200


def test_one_visitor_stays_on_one_process_and_visitors_spread(balanced: Cluster) -> None:
    cookies = [f"{ROUTE_COOKIE}=visitor{i:02d}" for i in range(16)]
    for cookie in cookies:
        for path in ("/_stcore/health", "/_stcore/host-config"):
            assert _get(balanced.url + path, cookie)[0] == 200
    served: dict[str, set[str]] = {}
    for line in balanced.access_log().splitlines():
        route = re.search(r"route=(\S+)", line)
        upstream = re.search(r"upstream=(\S+)", line)
        if route and upstream and route.group(1).startswith("visitor"):
            served.setdefault(route.group(1), set()).add(upstream.group(1))
    assert len(served) == len(cookies)
    assert all(len(ups) == 1 for ups in served.values()), served
    assert len(set().union(*served.values())) == 2, "16 visitors all went to one process"


def test_five_sessions_with_generated_exports_through_nginx(balanced: Cluster) -> None:
    from bench.load_ws import STEPS, run_load

    result = asyncio.run(
        asyncio.wait_for(
            run_load(
                balanced.url,
                balanced.pids,
                SESSIONS,
                rounds=1,
                duration=None,
                step_timeout=60.0,
                solo=False,
                generated_exports=True,
                metrics_urls=[f"http://127.0.0.1:{p}" for p in balanced.worker_ports],
            ),
            timeout=300,
        )
    )
    assert result["error_count"] == 0, result["error_examples"]
    assert result["sessions_completed"] == SESSIONS
    for step in STEPS:
        expected = 2 * SESSIONS if step == "kaart_indicator" else SESSIONS
        assert result["per_step_s"][step]["n"] == expected, (step, result["per_step_s"][step])
    exports = result["exports_s"]
    generated = sum(exports.get(k, {"n": 0})["n"] for k in ("kaart_png", "buurt_pdf", "trends_png"))
    assert generated >= SESSIONS - sum(result["skipped"].values()) - 1  # one per session, less skipped maps
    assert result["rss_mb"]["processes"] == 2 and all(result["rss_mb"]["peak_mb_per_process"])
    # The PNG/PDF charts were drawn by the shared renderer: no Streamlit process loaded vl-convert's engine.
    assert balanced.renderer is not None and balanced.renderer.poll() is None
    for pid in balanced.pids:
        assert "vl_convert" not in Path(f"/proc/{pid}/maps").read_text(), f"process {pid} drew charts itself"
    assert "vl_convert" in Path(f"/proc/{balanced.renderer.pid}/maps").read_text()


def test_app_in_chromium_through_nginx_without_policy_violations(balanced: Cluster, chromium_path: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="nl-NL")
            context.add_init_script(
                "window.__csp = []; document.addEventListener('securitypolicyviolation', "
                "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
            )
            page = context.new_page()
            page.set_default_timeout(60_000)
            seen: dict[str, list[str]] = {}
            for path, heading in (("", "Regiomonitor Twente"), ("kaart", "Kaart"), ("trends", "Trends & doelen")):
                page.goto(f"{balanced.url}/{path}")
                page.get_by_role("heading", name=heading).first.wait_for()
                if path == "kaart":
                    page.locator('[data-testid="stDeckGlJsonChart"] canvas').first.wait_for()
                if path == "trends":
                    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for()
                page.wait_for_timeout(1500)  # late requests (map style, fonts); bounded, no polling loop
                page.screenshot(path=str(ARTIFACTS / f"nginx-{path or 'overzicht'}.png"))
                seen[path or "overzicht"] = page.evaluate("window.__csp")
            cookies = {c["name"] for c in context.cookies()}
        finally:
            browser.close()
    unexpected = {p: [v for v in vs if not any(host in v for host in EXPECTED_BLOCKED)] for p, vs in seen.items()}
    assert all(not v for v in unexpected.values()), unexpected
    assert ROUTE_COOKIE in cookies
