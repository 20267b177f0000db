"""Speed and size figures for Regiomonitor Twente, printed as JSON (``make bench``).

Measures, on this machine:
- cold: a fresh AppTest of app.py (imports, data load, first render of Overzicht), in seconds;
- load: read + validate time of each prepared file;
- warm: median server-side render time of every page over several AppTest reruns;
- prepare: one full prepare run into a temporary folder;
- sizes of data/ and geo/ in bytes.
Numbers are measured, not asserted: compare runs in bench/RESULTS.md.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from regiomonitor.data import load_geo, load_store  # noqa: E402
from regiomonitor.paths import PATHS, default_raw_dir  # noqa: E402
from regiomonitor.prepare.build import run as prepare_run  # noqa: E402
from regiomonitor.schema import GEO_FILES, read_table, validate_table  # noqa: E402

PAGES = ["overzicht", "opgaven", "opgave", "kaart", "buurt", "vergelijken", "trends", "programmas",
         "presentatie", "bronnen"]
REPEATS = 5


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    out: dict[str, object] = {"machine_note": "2 cores, 24 GiB (workplace standard)"}
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    out["cold_first_render_s"] = round(_time(at.run), 3)

    load: dict[str, float] = {}
    for name in ("areas", "indicators", "catalogue"):
        path = PATHS.data_dir / f"{name}.parquet"
        load[f"data/{name}.parquet"] = round(_time(lambda p=path, n=name: validate_table(n, read_table(p), p)), 4)
    for name in GEO_FILES:
        load[f"geo/{name}.parquet"] = round(_time(lambda n=name: load_geo(n)), 4)
    load["store_total"] = round(_time(load_store), 4)
    out["load_s"] = load

    warm: dict[str, float] = {}
    for page in PAGES:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.run()
        if page != "overzicht":
            at.switch_page(f"pages/{page}.py").run()
        if page == "kaart":  # measure with the default map of Twente rather than an empty selection
            at.query_params["gemeente"] = "TWENTE"
        warm[page] = round(statistics.median(_time(at.run) for _ in range(REPEATS)), 4)
    out["warm_render_median_s"] = warm

    from regiomonitor.maps import build_deck, classify, map_frame, payload_bytes

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
            out["prepare_s"] = round(_time(lambda: prepare_run(raw, Path(tmp) / "data", Path(tmp) / "geo", PATHS.content_dir)), 2)
    sizes = {sub: sum(f.stat().st_size for f in (ROOT / sub).rglob("*") if f.is_file()) for sub in ("data", "geo")}
    out["size_bytes"] = sizes | {"total": sum(sizes.values())}
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
