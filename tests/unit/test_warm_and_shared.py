"""components.warm (data loaded before the server listens) and components.shared (results shared by input)."""

from __future__ import annotations

import sys
from pathlib import Path

from components import data
from components.shared import shared
from components.warm import warm
from regiomonitor.paths import current_paths

CALLS: list[tuple] = []


def _square(x: int, *, offset: int = 0) -> int:
    CALLS.append((x, offset))
    return x * x + offset


def test_shared_computes_once_per_distinct_input() -> None:
    CALLS.clear()
    assert shared(_square, 3) == 9 and shared(_square, 3) == 9
    assert shared(_square, 3, offset=1) == 10 and shared(_square, 4) == 16
    assert CALLS == [(3, 0), (3, 1), (4, 0)]


def test_shared_identifies_the_store_by_identity_and_returns_the_same_object() -> None:
    store = data._store(str(current_paths().root))
    first = shared(lambda s: {"rows": len(s.indicators)}, store)
    assert shared(lambda s: {"rows": len(s.indicators)}, store) is first


def test_warm_fills_the_caches_the_pages_read() -> None:
    took = warm()
    assert all(v >= 0 for v in took.values()), took
    assert {"store", "geo/buurten", "nl_buurten", "programmes", "opgaven", "focus"} <= set(took)
    root = str(current_paths().root)
    assert data._store(root) is data._store(root)


def test_warm_with_broken_data_reports_and_does_not_raise(data_copy: Path, capsys) -> None:
    (data_copy / "data" / "indicators.parquet").unlink()
    took = warm()
    assert took["store"] == -1
    err = capsys.readouterr().err
    assert "warm start: store failed" in err and "python -m regiomonitor.prepare" in err


def test_generated_files_are_made_once_per_input_even_when_asked_at_once() -> None:
    import threading

    from components.export import _Once

    once, made, gate = _Once(max_entries=2), [], threading.Event()

    def make() -> bytes:
        gate.wait(5)
        made.append(1)
        return b"png"

    threads = [threading.Thread(target=lambda: once.get(("png", "a"), make)) for _ in range(5)]
    for t in threads:
        t.start()
    gate.set()
    for t in threads:
        t.join(10)
    assert made == [1]
    assert once.get(("png", "a"), make) == b"png" and made == [1]
    once.get("b", lambda: b"b")
    once.get("c", lambda: b"c")  # bounded: the least recently used ("png", "a") is dropped
    assert once.get(("png", "a"), make) == b"png" and made == [1, 1]


def test_a_failed_export_is_not_remembered_and_waiters_try_again() -> None:
    import threading

    from components.export import _Once

    once, calls, gate = _Once(), [], threading.Event()

    def fail() -> bytes:
        calls.append("fail")
        gate.wait(5)
        raise RuntimeError("render failed")

    errors: list[BaseException] = []

    def first() -> None:
        try:
            once.get("pdf", fail)
        except RuntimeError as exc:
            errors.append(exc)

    t = threading.Thread(target=first)
    t.start()
    while not calls:  # the first caller is rendering
        threading.Event().wait(0.01)
    got: list[bytes] = []
    waiter = threading.Thread(target=lambda: got.append(once.get("pdf", lambda: b"ok")))
    waiter.start()
    gate.set()
    t.join(10)
    waiter.join(10)
    assert len(errors) == 1 and got == [b"ok"]  # the waiter made it itself after the failure
    assert once.get("pdf", fail) == b"ok" and calls == ["fail"]
    assert once._making == {}  # no lock left behind for a key


def test_exports_are_bounded_by_bytes_too() -> None:
    from components.export import _Once

    once = _Once(max_entries=100, max_bytes=10)
    for key in "abc":
        once.get(key, lambda: b"12345")
    assert len(once) == 2  # 15 bytes > 10: the oldest dropped
    assert once.get("a", lambda: b"new!!") == b"new!!"
    big = _Once(max_bytes=1)
    assert big.get("x", lambda: b"larger than the bound") == b"larger than the bound" and len(big) == 1


def test_profile_threads_writes_one_merged_profile(tmp_path: Path) -> None:
    import pstats
    import threading

    from components.warm import profile_threads

    def work_in_a_thread() -> int:
        return sum(range(1000))

    stop = profile_threads(str(tmp_path / "prof"))
    t = threading.Thread(target=work_in_a_thread)
    t.start()
    t.join(10)
    out = stop()
    names = {fn for (_file, _line, fn) in pstats.Stats(str(out)).stats}  # type: ignore[attr-defined]
    assert "work_in_a_thread" in names
    assert threading.gettrace() is None and threading.getprofile() is None


def test_freeze_loaded_takes_long_lived_objects_out_of_full_collections() -> None:
    import gc

    from components.warm import freeze_loaded

    try:
        assert freeze_loaded() > 1000
        assert gc.get_freeze_count() > 1000
    finally:
        gc.unfreeze()  # the test process goes on collecting as before


def test_tune_memory_reads_tables_with_the_system_allocator_and_caps_malloc_arenas() -> None:
    import pyarrow as pa

    from components.warm import tune_memory

    done = tune_memory()
    assert pa.default_memory_pool().backend_name == "system"
    assert "arrow pool system" in done
    if sys.platform.startswith("linux"):
        assert "malloc arenas 2" in done  # glibc (Debian): mallopt accepted the cap
    table = pa.table({"x": ["a", "b"] * 1000})  # tables still work with the system pool
    assert table.to_pandas()["x"].nunique() == 2
