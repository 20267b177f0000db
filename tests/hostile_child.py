"""Child process for attacks that may not be bounded yet (run by ``tests.hostile.run_child``, never by pytest).

    python -m tests.hostile_child <scenario>   (the JSON payload on stdin)

Each scenario warms up (imports, data store, a first page run, so the measurement is the attack and not the
loading), prints ``WARM``, then measures the attack (``measure``): CPU seconds by ``time.process_time`` (all
threads: AppTest runs the script in a thread of this process), the growth of the peak resident memory, and in a
second, traced pass the ``tracemalloc`` peak; it prints ``RESULT <label> <json>``.

Scenarios:

* ``upload_fn``: ``presentation_from_upload`` on the bytes (payload ``data_b64``, ``name``);
* ``upload_page``: the Presentatie page with an own presentation from ``prior_token``, then the same bytes fed to
  the ``presentatie_upload`` file uploader; reports what the visitor sees and whether the own presentation stayed;
* ``eigen_page``: the Presentatie page opened with ``?eigen=<token>`` (payload ``token``);
* ``eigen_build``: ``decode_presentation`` of the token and ``build_visual`` of every step it yields (the work the
  PDF hand-out does before it draws), refused tokens included.
"""

from __future__ import annotations

import base64
import json
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest


def _report(label: str, record: dict[str, Any]) -> None:
    print(f"RESULT {label} {json.dumps(record, ensure_ascii=False, default=str)}", flush=True)


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak_rss() -> None:
    try:
        Path("/proc/self/clear_refs").write_text("5")  # Linux: VmHWM := VmRSS
    except OSError:
        pass


def measure(label: str, attack: Callable[[], dict[str, Any]], trace_below_cpu_s: float) -> None:
    """Run ``attack`` twice: once plain (CPU seconds, peak RSS growth), then under tracemalloc (its peak), and
    report ``<label>`` (the plain figures first as ``<label>.plain``, in case the traced pass does not finish).

    CPU comes from the plain pass because tracemalloc slows allocation-heavy or deeply recursive code by one or
    two orders of magnitude (10,000 nested YAML lists: 1.2 s plain, 29 s traced). The traced pass runs only when
    the plain pass stayed under ``trace_below_cpu_s`` (the test's CPU bound: beyond it the attack has failed
    anyway). The outcome is the plain pass's; the same input again must give the same result, which holds for the
    parser and the page.
    """
    _reset_peak_rss()
    rss0 = _status_kb("VmRSS")
    cpu0, wall0 = time.process_time(), time.perf_counter()
    outcome = attack()
    record: dict[str, Any] = {
        **outcome,
        "cpu_s": round(time.process_time() - cpu0, 3),
        "wall_s": round(time.perf_counter() - wall0, 3),
        "rss_peak_growth_mb": round((_status_kb("VmHWM") - rss0) / 1024, 1),
        "rss_growth_mb": round((_status_kb("VmRSS") - rss0) / 1024, 1),
    }
    record["tracemalloc_peak_mb"] = None
    _report(f"{label}.plain", record)
    if record["cpu_s"] < trace_below_cpu_s:
        tracemalloc.start()
        try:
            attack()
            record["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 2)
        finally:
            tracemalloc.stop()
    _report(label, record)


def _open(page: str, **params: str) -> AppTest:
    from tests.app.conftest import APP

    at = AppTest.from_file(APP, default_timeout=600)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != "pages/overzicht.py":
        at.switch_page(page)
        at.run()
    return at


def _seen(at: AppTest) -> dict[str, Any]:
    from tests.hostile import exception_summary, traceback_leaks, visible_texts

    texts = visible_texts(at)
    return {
        "exceptions": exception_summary(at),
        "leaks": traceback_leaks(texts)[:5],
        "errors": [e.value[:300] for e in at.error],
        "warnings": [w.value[:300] for w in at.warning],
        "toasts": [t.value[:300] for t in at.toast],
        "step_lines": [m.value[:200] for m in at.markdown if " van " in m.value and "stap " in m.value][:2],
    }


def _own_steps(at: AppTest) -> list[Any] | None:
    own = at.session_state["presentatie_eigen"] if "presentatie_eigen" in at.session_state else None
    if own is None:
        return None
    return [[s.titel, s.visual, s.boodschap] for s in own.stappen]


def _guarded(call: Callable[[], Any]) -> dict[str, Any]:
    """The outcome of a parser call: accepted, refused (PresentationError) or raised (anything else)."""
    from regiomonitor.content.presentation import PresentationError

    try:
        pres = call()
        return {"outcome": "accepted", "steps": len(pres.stappen)}
    except PresentationError as exc:
        return {"outcome": "refused", "message": str(exc)[:300]}
    except BaseException as exc:
        return {"outcome": "raised", "type": type(exc).__name__, "message": str(exc)[:300]}


def upload_fn(payload: dict[str, Any]) -> None:
    from regiomonitor.content.presentation import presentation_from_upload
    from regiomonitor.data import load_store

    known = set(load_store().catalogue["id"])
    data = base64.b64decode(payload["data_b64"])
    presentation_from_upload(b"stappen: [{titel: a, visual: {type: tekst, tekst: b}, boodschap: c}]", "w.yaml", known)
    print("WARM", flush=True)
    measure(
        "fn", lambda: _guarded(lambda: presentation_from_upload(data, payload["name"], known)), payload["trace_below"]
    )


def upload_page(payload: dict[str, Any]) -> None:
    data = base64.b64decode(payload["data_b64"])
    at = _open("pages/presentatie.py", eigen=payload["prior_token"])
    before = _own_steps(at)
    print("WARM", flush=True)

    def attack() -> dict[str, Any]:
        at.file_uploader(key="presentatie_upload").set_value((payload["name"], data, "application/x-yaml"))
        at.run()
        return {**_seen(at), "own_after": _own_steps(at), "source": at.session_state["presentatie_bron"]}

    print(f"RESULT own_before {json.dumps(before, ensure_ascii=False, default=str)}", flush=True)
    measure("page", attack, payload["trace_below"])


def eigen_page(payload: dict[str, Any]) -> None:
    _open("pages/presentatie.py")  # warm: data, caches, the default presentation
    print("WARM", flush=True)

    def attack() -> dict[str, Any]:
        at = _open("pages/presentatie.py", eigen=payload["token"])
        return {**_seen(at), "source": at.session_state["presentatie_bron"], "own_steps": len(_own_steps(at) or [])}

    measure("page", attack, payload["trace_below"])


def eigen_build(payload: dict[str, Any]) -> None:
    from components.data import get_geo, get_opgaven, get_programmes, get_store
    from components.maps import focus_catalogue
    from regiomonitor.content.presentation import decode_presentation
    from regiomonitor.presentation import build_visual

    # The pages' own cached getters work outside a script run too (bare mode), so the inputs are the page's.
    store, buurten, focus = get_store(), get_geo("buurten"), focus_catalogue()
    programmes, opgaven = get_programmes(), get_opgaven()
    known = set(store.catalogue["id"])
    print("WARM", flush=True)

    def attack() -> dict[str, Any]:
        def decode_and_build() -> Any:
            pres = decode_presentation(payload["token"], known)
            for s in pres.stappen:
                build_visual(store, s, focus, buurten, programmes, opgaven)
            return pres

        return _guarded(decode_and_build)

    measure("build", attack, payload["trace_below"])


SCENARIOS = {"upload_fn": upload_fn, "upload_page": upload_page, "eigen_page": eigen_page, "eigen_build": eigen_build}

if __name__ == "__main__":
    SCENARIOS[sys.argv[1]](json.loads(sys.stdin.read()))
