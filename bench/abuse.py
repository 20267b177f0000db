"""What the attacks of issue 13 cost a live server now: time, server CPU and resident memory per hostile link.

Starts the app on a free local port (like tests/browser), opens each hostile link over Streamlit's websocket
protocol (bench/load_ws.py's client), and prints per attack: wall time, server CPU seconds, server RSS before
and after, what the visitor was shown (the app's notice, or an exception element) and the response size. Also
sends Streamlit's ``clear_cache`` message and checks that the next page run does not reload the data (its CPU
stays that of a warm run). The upload bombs are measured in-process through the same function the page calls
(``presentation_from_upload``), with process time and tracemalloc's peak.

    PYTHONPATH=. .venv/bin/python bench/abuse.py            # prints JSON; figures for bench/RESULTS.md
"""

from __future__ import annotations

import asyncio
import base64
import json
import sys
import time
import tracemalloc
import zlib
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load_ws import StepError, WsSession, cpu_s, machine, rss_mb, start_server, stop_server  # noqa: E402


class _Session(WsSession):
    """The load test's client, also keeping the toasts (the app's notices about a refused link)."""

    def _observe(self, msg: Any) -> None:
        super()._observe(msg)
        if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element":
            el = msg.delta.new_element
            if el.WhichOneof("type") == "toast":
                self.alerts.append(f"st.toast: {el.toast.body[:160]}")


def _token(doc: object) -> str:
    raw = json.dumps(doc, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode().rstrip("=")


def _raw_token(raw: bytes) -> str:
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode().rstrip("=")


def _step(visual: dict[str, Any]) -> list[Any]:
    return ["Stap", visual, "Boodschap"]


#: (name, page path, query params) — each one an ordinary link anyone can send.
LINKS: list[tuple[str, str, dict[str, str]]] = [
    (
        "eigen: 1000x Almelo in a trend step",
        "presentatie",
        {
            "eigen": _token(
                {
                    "t": "x",
                    "s": [_step({"type": "trend", "indicator": "moeite_rondkomen", "gebieden": ["Almelo"] * 1000})],
                }
            )
        },
    ),
    (
        "eigen: 30 steps x 1000 areas",
        "presentatie",
        {
            "eigen": _token(
                {
                    "t": "x",
                    "s": [_step({"type": "trend", "indicator": "eenzaam", "gebieden": ["Almelo", "Enschede"] * 500})]
                    * 30,
                }
            )
        },
    ),
    ("eigen: JSON nested 49,000 deep", "presentatie", {"eigen": _raw_token(b"[" * 49_000 + b"]" * 49_000)}),
    (
        "eigen: trend on a gemeente-only indicator",
        "presentatie",
        {
            "eigen": _token(
                {
                    "t": "x",
                    "s": [
                        _step(
                            {
                                "type": "trend",
                                "indicator": "huishoudens_tot_120_sociaal_minimum",
                                "gebieden": ["Almelo"],
                            }
                        )
                    ],
                }
            )
        },
    ),
    (
        "eigen: kaart of GM9999",
        "presentatie",
        {"eigen": _token({"t": "x", "s": [_step({"type": "kaart", "indicator": "eenzaam", "gemeente": "GM9999"})]})},
    ),
    (
        "eigen: kaart of a non-Twente gemeente",
        "presentatie",
        {"eigen": _token({"t": "x", "s": [_step({"type": "kaart", "indicator": "eenzaam", "gemeente": "GM0363"})]})},
    ),
    ("trends: gebieden repeated 50x", "trends", {"gebieden": ",".join(["Almelo"] * 50)}),
    ("vergelijken: 200 buurt codes", "vergelijken", {"buurten": ",".join(f"BU0153{i:04d}" for i in range(200))}),
]


async def _open(base: str, page: str, params: dict[str, str]) -> dict[str, Any]:
    session = _Session(base, step_timeout=120)
    await session.connect()
    try:
        result = await session.rerun(page_name=page, query_string=urlencode(params))
        return {
            "ok": True,
            "s": round(result["s"], 3),
            "bytes": result["bytes"],
            "shown": [a[:140] for a in result["alerts"]][:3],
        }
    except StepError as exc:
        return {"ok": False, "error": exc.kind, "detail": exc.detail[:200]}
    finally:
        await session.close()


async def _clear_cache(base: str) -> dict[str, Any]:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    session = _Session(base, step_timeout=120)
    await session.connect()
    try:
        await session.rerun(page_name="")
        back = BackMsg()
        back.clear_cache = True
        await session.ws.send(back.SerializeToString())
        await asyncio.sleep(0.5)  # the server handles the message asynchronously; nothing to wait for
        result = await session.rerun(page_name="")
        return {"next_run_s": round(result["s"], 3)}
    finally:
        await session.close()


def _uploads() -> list[dict[str, Any]]:
    from regiomonitor.content.presentation import PresentationError, presentation_from_upload

    def laughs(depth: int) -> bytes:
        lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
        lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, depth + 1)]
        return ("\n".join(lines) + f"\ntitel: *a{depth}\nstappen: []\n").encode()

    cases = {
        "billion laughs depth 8": laughs(8),
        "billion laughs depth 10": laughs(10),
        "nesting 10,000 deep": b"[" * 10_000 + b"]" * 10_000,
        "integer of 5,000 digits": b"a: " + b"9" * 5000,
    }
    out = []
    for name, data in cases.items():
        tracemalloc.start()
        start = time.process_time()
        try:
            presentation_from_upload(data, "upload.yaml", {"eenzaam"})
            shown = "accepted"
        except PresentationError as exc:
            shown = str(exc)
        cpu = time.process_time() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        out.append(
            {
                "attack": name,
                "bytes": len(data),
                "cpu_s": round(cpu, 4),
                "peak_mb": round(peak / 1e6, 2),
                "shown": shown[:140],
            }
        )
    return out


async def _run(base: str, pid: int) -> dict[str, Any]:
    await _open(base, "", {})  # warm: the data are loaded once per process
    await _open(base, "presentatie", {})
    links = []
    warmed: set[str] = set()
    for name, page, params in LINKS:
        if page not in warmed:  # the page's own first-run cost (tables built once per process) is not the attack's
            warmed.add(page)
            cpu0 = cpu_s(pid)
            plain = await _open(base, page, {})
            links.append(
                {
                    "attack": f"(plain /{page}, for comparison)",
                    "link_chars": len(page) + 1,
                    **plain,
                    "server_cpu_s": round((cpu_s(pid) or 0) - (cpu0 or 0), 3),
                    "rss_mb_after": rss_mb(pid),
                }
            )
        cpu0, rss0 = cpu_s(pid), rss_mb(pid)
        result = await _open(base, page, params)
        link_len = len(f"/{page}?{urlencode(params)}")
        links.append(
            {
                "attack": name,
                "link_chars": link_len,
                **result,
                "server_cpu_s": round((cpu_s(pid) or 0) - (cpu0 or 0), 3),
                "rss_mb_before": rss0,
                "rss_mb_after": rss_mb(pid),
            }
        )
    cpu0 = cpu_s(pid)
    cleared = await _clear_cache(base)
    cleared["server_cpu_s"] = round((cpu_s(pid) or 0) - (cpu0 or 0), 3)
    return {"links": links, "clear_cache": cleared}


def main() -> int:
    """Run the attacks against a fresh local server and print the figures as JSON."""
    base, proc = start_server()
    try:
        figures = asyncio.run(_run(base, proc.pid))
    finally:
        stop_server(proc)
    print(json.dumps({"machine": machine(), "uploads": _uploads(), **figures}, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
