"""Speed and size figures for Regiomonitor Twente, printed as JSON (``make bench``).

Measures, on this machine:
- cold: a fresh AppTest of app.py (imports, data load, first render of Overzicht), in seconds;
- load: read + validate time of each prepared file;
- warm: median server-side render time of every page over several AppTest reruns, and its ratio to an empty
  Streamlit page measured the same way in the same run (the CPU a rerun costs beyond Streamlit's own);
- prepare: one full prepare run into a temporary folder;
- sizes of data/ and geo/ in bytes.
Numbers are measured, not asserted: compare runs in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.runtime.pages_manager import PagesManager  # noqa: E402
from streamlit.runtime.scriptrunner.script_cache import ScriptCache  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402
from streamlit.testing.v1 import app_test as _app_test  # noqa: E402
from streamlit.testing.v1 import local_script_runner as _local_runner  # noqa: E402

from regiomonitor.data import load_geo, load_store  # noqa: E402
from regiomonitor.paths import PATHS, default_raw_dir  # noqa: E402
from regiomonitor.prepare.build import run as prepare_run  # noqa: E402
from regiomonitor.schema import GEO_FILES, read_table, validate_table  # noqa: E402

PAGES = [
    "overzicht",
    "opgaven",
    "opgave",
    "kaart",
    "buurt",
    "vergelijken",
    "trends",
    "programmas",
    "presentatie",
    "bronnen",
]
REPEATS = 5


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


#: Goal of issue 18: every page's warm rerun within this multiple of an empty Streamlit page.
RATIO_GOAL = 20.0
EMPTY_PAGE = "import streamlit as st\n"


def rerun_like_the_server() -> None:
    """Make AppTest reruns cost what a server's reruns cost.

    AppTest gives every run a fresh script cache (each rerun recompiles app.py and the page, ~50 ms) and resets
    the navigation mode, so a page first runs stand-alone and then again through the router
    (``components/router.py``). A server compiles each script once per process and switches to navigation mode
    on its first run. Here one script cache is shared by all runs and navigation mode is kept.
    """
    shared = ScriptCache()

    class _NavigationPagesManager(PagesManager):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            PagesManager.uses_pages_directory = False

    _app_test.ScriptCache = lambda: shared  # type: ignore[assignment, misc]  # the class replaced by a factory
    # The runner AppTest starts makes its own cache too (it, not app_test's, is the one the script runs with).
    _local_runner.ScriptCache = lambda: shared  # type: ignore[assignment, misc]
    _app_test.PagesManager = _NavigationPagesManager  # type: ignore[misc]


def warm_rerun_s(at: AppTest, repeats: int = REPEATS) -> float:
    """Median wall time of ``repeats`` reruns of an AppTest that has already run once."""
    at.run()  # one more run first: lazily built caches and widget defaults settle
    return statistics.median(_time(at.run) for _ in range(repeats))


def warm_pages(repeats: int = REPEATS) -> dict[str, object]:
    """Warm rerun per page, the empty page measured the same way, and each page's ratio to it."""
    empty = AppTest.from_string(EMPTY_PAGE, default_timeout=60)
    empty.run()
    empty_s = warm_rerun_s(empty, repeats)
    warm: dict[str, float] = {}
    for page in PAGES:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.run()
        if page != "overzicht":
            at.switch_page(f"pages/{page}.py").run()
        if page == "kaart":  # measure with the default map of Twente rather than an empty selection
            at.query_params["gemeente"] = "TWENTE"
        warm[page] = round(warm_rerun_s(at, repeats), 4)
    empty_again = statistics.median(_time(empty.run) for _ in range(repeats))  # load may drift during the run
    base = min(empty_s, empty_again)
    ratio = {page: round(s / base, 1) for page, s in warm.items()}
    return {
        "empty_page_s": round(base, 4),
        "warm_render_median_s": warm,
        "warm_ratio_to_empty_page": ratio,
        "ratio_goal": RATIO_GOAL,
        "pages_over_goal": sorted(p for p, r in ratio.items() if r > RATIO_GOAL),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warm-only", action="store_true", help="only the warm reruns and their ratios")
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument(
        "--apptest-as-is",
        action="store_true",
        help="measure AppTest reruns as they are (recompiling every run), as before issue 18",
    )
    args = parser.parse_args(argv)
    if not args.apptest_as_is:
        rerun_like_the_server()
    out: dict[str, object] = {
        "machine_note": "2 cores, 24 GiB (workplace standard)",
        "loadavg": Path("/proc/loadavg").read_text().split()[:3],
        "reruns": "as AppTest does them" if args.apptest_as_is else "like the server",
    }
    if args.warm_only:
        print(json.dumps(out | warm_pages(args.repeats), indent=2))
        return
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    out["cold_first_render_s"] = round(_time(at.run), 3)

    load: dict[str, float] = {}
    for name in ("areas", "indicators", "coverage"):
        path = PATHS.data_dir / f"{name}.parquet"
        load[f"data/{name}.parquet"] = round(_time(lambda p=path, n=name: validate_table(n, read_table(p), p)), 4)
    for name in GEO_FILES:
        load[f"geo/{name}.parquet"] = round(_time(lambda n=name: load_geo(n)), 4)
    load["store_total"] = round(_time(load_store), 4)
    out["load_s"] = load

    out.update(warm_pages(args.repeats))

    from regiomonitor.map_deck import build_deck, payload_bytes
    from regiomonitor.maps import classify, map_frame

    store = load_store()
    buurten = load_geo("buurten_2021")  # the health monitor (division 2020) is drawn on the 2021 geometry
    payload: dict[str, int] = {}
    for label, gms in (("twente_buurten", sorted(set(buurten["gemeente"]))), ("enschede_buurten", ["GM0153"])):
        md = map_frame(store, buurten, "moeite_rondkomen", 2020, "18+", "buurt", gms)
        payload[label] = payload_bytes(build_deck(md, classify(md.frame["value"], "kwantielen", md.direction, md.unit)))
    out["map_payload_bytes"] = payload

    raw = default_raw_dir()
    if raw.is_dir():
        with tempfile.TemporaryDirectory() as tmp:
            out["prepare_s"] = round(
                _time(lambda: prepare_run(raw, Path(tmp) / "data", Path(tmp) / "geo", PATHS.content_dir)), 2
            )
    sizes = {sub: sum(f.stat().st_size for f in (ROOT / sub).rglob("*") if f.is_file()) for sub in ("data", "geo")}
    out["size_bytes"] = sizes | {"total": sum(sizes.values())}
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
