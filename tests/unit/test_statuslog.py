"""The status log on SQLite and on a real PostgreSQL server: round trip, order, validation, failures, concurrency."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from regiomonitor.statuslog import (
    MAX_NOTE, STATUSES, StatusLog, StatusLogError, database_url_from_env, open_status_log, validate_entry,
)
from tests.pg import pg_bin, postgres_server

TODAY = date(2026, 11, 24)


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    if pg_bin() is None:
        if os.environ.get("REGIOMONITOR_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL server binaries are required (scripts/system-deps.sh installs them)")
        pytest.skip("no PostgreSQL server installed")
    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def log(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StatusLog]:
    if request.param == "sqlite":
        store = open_status_log(sqlite_path=tmp_path / "var" / "log.sqlite")
    else:
        url = request.getfixturevalue("pg_url")
        store = open_status_log(url)
        with store._transaction() as cur:  # noqa: SLF001 - a clean table per test
            cur.execute("TRUNCATE status_log RESTART IDENTITY")
    yield store
    store.close()


def test_round_trip_and_current(log: StatusLog) -> None:
    first = log.append(13, date(2026, 10, 1), "in voorbereiding", "  start  ", "Ann")
    assert first.notitie == "start" and first.vastgelegd.tzinfo is not None
    log.append(13, date(2026, 11, 1), "aandacht nodig", "", "Bob")
    log.append(5, date(2026, 11, 2), "op koers", "", "Ann")
    history = log.history(13)
    assert [e.status for e in history] == ["aandacht nodig", "in voorbereiding"]
    assert history[1] == first
    assert {n: e.status for n, e in log.current().items()} == {13: "aandacht nodig", 5: "op koers"}
    assert log.history(7) == []


def test_newest_by_date_then_id(log: StatusLog) -> None:
    log.append(1, date(2026, 11, 1), "in uitvoering", "", "A")
    log.append(1, date(2026, 11, 1), "vertraagd", "", "B")  # same date, later: wins
    log.append(1, date(2026, 6, 1), "op koers", "", "C")  # older date appended later: history, not current
    assert log.current()[1].status == "vertraagd"
    assert [e.editor for e in log.history(1)] == ["B", "A", "C"]


def test_markup_is_stored_verbatim(log: StatusLog) -> None:
    note = "<script>alert('x')</script> **vet** [a](javascript:x) ' OR 1=1; --"
    log.append(2, TODAY, "op koers", note, "Robert'); DROP TABLE status_log;--")
    entry = log.history(2)[0]
    assert entry.notitie == note and entry.editor.startswith("Robert')")
    assert log.count() == 1


def test_failed_write_leaves_nothing(log: StatusLog, monkeypatch: pytest.MonkeyPatch) -> None:
    log.append(3, TODAY, "op koers", "", "A")
    original = log._transaction  # noqa: SLF001

    from contextlib import contextmanager

    @contextmanager
    def failing():  # noqa: ANN202 - the insert runs, then the transaction fails before commit
        with original() as cur:
            yield cur
            raise OSError("disk full")

    monkeypatch.setattr(log, "_transaction", failing)
    with pytest.raises(StatusLogError, match="niets vastgelegd"):
        log.append(3, TODAY, "vertraagd", "", "B")
    monkeypatch.undo()
    assert log.count() == 1 and log.current()[3].status == "op koers"


def test_database_check_refuses_unknown_status(log: StatusLog) -> None:
    with pytest.raises(Exception), log._transaction() as cur:  # noqa: B017, PT011, SLF001
        p = log._param  # noqa: SLF001
        cur.execute(f"INSERT INTO status_log (opgave, datum, status, notitie, editor, vastgelegd) "
                    f"VALUES ({p}, {p}, {p}, {p}, {p}, {p})", (1, "2026-11-24", "geweldig", "", "x", "2026-11-24T00:00:00+00:00"))
    assert log.count() == 0


def test_concurrent_threads_lose_nothing(log: StatusLog) -> None:
    errors: list[BaseException] = []

    def writer(i: int) -> None:
        try:
            for j in range(25):
                log.append(1 + (i + j) % 21, TODAY, STATUSES[j % len(STATUSES)], f"t{i}-{j}", f"editor {i}")
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors and not any(t.is_alive() for t in threads)
    assert log.count() == 200
    entries = [e for n in range(1, 22) for e in log.history(n)]
    assert len({e.id for e in entries}) == 200
    assert {e.notitie for e in entries} == {f"t{i}-{j}" for i in range(8) for j in range(25)}


def _process_writer(path: str, i: int) -> None:
    log = open_status_log(sqlite_path=Path(path))
    for j in range(25):
        log.append(1 + j % 21, TODAY, "op koers", f"p{i}-{j}", f"proces {i}")


def test_concurrent_processes_lose_nothing_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    open_status_log(sqlite_path=path)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_process_writer, args=(str(path), i)) for i in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert all(p.exitcode == 0 for p in procs)
    assert open_status_log(sqlite_path=path).count() == 100


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((99, TODAY, "op koers", "", "A"), "Opgave"),
        ((True, TODAY, "op koers", "", "A"), "Opgave"),
        ((1, date(2020, 1, 1), "op koers", "", "A"), "Datum"),
        ((1, date(2030, 1, 1), "op koers", "", "A"), "Datum"),
        ((1, TODAY, "prima", "", "A"), "Status"),
        ((1, TODAY, "op koers", "x" * (MAX_NOTE + 1), "A"), "Toelichting"),
        ((1, TODAY, "op koers", "bel\x07", "A"), "Toelichting"),
        ((1, TODAY, "op koers", "", "   "), "Redacteur"),
        ((1, TODAY, "op koers", "", "A\nB"), "Redacteur"),
    ],
)
def test_validation_names_the_field(args: tuple, field: str) -> None:
    with pytest.raises(StatusLogError) as info:
        validate_entry(*args, today=TODAY)
    assert info.value.user_message.startswith(field)


def test_opening_is_idempotent_and_creates_the_folder(tmp_path: Path) -> None:
    path = tmp_path / "nieuw" / "map" / "log.sqlite"
    open_status_log(sqlite_path=path).append(4, TODAY, "op koers", "", "A")
    assert open_status_log(sqlite_path=path).count() == 1


def test_describe_never_shows_a_password(pg_url: str) -> None:
    with_password = pg_url.replace("postgres@", "postgres:geheim123@")
    try:
        text = open_status_log(with_password).describe()
    except StatusLogError as exc:  # trust auth ignores the password; either way it must not leak
        text = exc.user_message
    assert "geheim123" not in text


def test_unreachable_database_gives_a_safe_message() -> None:
    with pytest.raises(StatusLogError) as info:
        open_status_log("postgresql://u:geheim456@127.0.0.1:1/x")
    assert "geheim456" not in info.value.user_message and "niet bereikbaar" in info.value.user_message
    with pytest.raises(StatusLogError, match="postgresql://"):
        open_status_log("mysql://x")


def test_database_url_from_env() -> None:
    assert database_url_from_env({}) is None and database_url_from_env({"REGIOMONITOR_DATABASE_URL": "  "}) is None
    assert database_url_from_env({"REGIOMONITOR_DATABASE_URL": "postgresql://h/d"}) == "postgresql://h/d"
