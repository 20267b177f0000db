"""The status log on SQLite and on a real PostgreSQL server: round trip, order, validation, failures, concurrency."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from regiomonitor.paths import PROJECT_ROOT
from regiomonitor.statuslog import (
    MAX_EDITOR,
    MAX_NOTE,
    OPGAVE_NUMBERS,
    STATUSES,
    StatusLog,
    StatusLogError,
    validate_entry,
)
from regiomonitor.statuslog_backends import database_url_from_env, default_sqlite_path, open_status_log

TODAY = date(2026, 11, 24)
WRITE_DAY = date(2026, 1, 15)  # well inside the allowed window whatever the real date is (up to early 2027)


def _truncate(store: StatusLog) -> None:
    with store._transaction() as cur:
        cur.execute("TRUNCATE status_log RESTART IDENTITY")


@pytest.fixture(params=["sqlite", "postgresql"])
def log(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StatusLog]:
    """An empty status log on each backend (PostgreSQL: one server per run, the table emptied per test)."""
    if request.param == "sqlite":
        store = open_status_log(sqlite_path=tmp_path / "var" / "log.sqlite")
    else:
        store = open_status_log(request.getfixturevalue("pg_url"))
        _truncate(store)
    yield store
    store.close()


def test_round_trip_and_current(log: StatusLog) -> None:
    first = log.append(13, date(2026, 10, 1), "in voorbereiding", "  start\r\nregel 2  ", "  Ann ")
    assert first.notitie == "start\nregel 2" and first.editor == "Ann"
    assert first.vastgelegd.tzinfo is not None and first.vastgelegd.utcoffset().total_seconds() == 0
    assert abs((datetime.now(UTC) - first.vastgelegd).total_seconds()) < 60
    log.append(13, date(2026, 11, 1), "aandacht nodig", "", "Bob")
    log.append(5, date(2026, 11, 2), "op koers", "", "Ann")
    history = log.history(13)
    assert [e.status for e in history] == ["aandacht nodig", "in voorbereiding"]
    assert history[1] == first  # every field survives the round trip, the timestamp to the microsecond
    assert isinstance(history[0].datum, date) and history[0].datum == date(2026, 11, 1)
    current = log.current()
    assert {n: e.status for n, e in current.items()} == {13: "aandacht nodig", 5: "op koers"}
    assert current[13] == history[0]
    assert log.history(7) == []


def test_newest_by_date_then_id(log: StatusLog) -> None:
    log.append(1, date(2026, 11, 1), "in uitvoering", "", "A")
    log.append(1, date(2026, 11, 1), "vertraagd", "", "B")  # same date, later: wins
    log.append(1, date(2026, 6, 1), "op koers", "", "C")  # older date appended later: history, not current
    log.append(2, date(2026, 1, 1), "nog niet gestart", "", "D")
    assert log.current()[1].editor == "B"
    assert [e.editor for e in log.history(1)] == ["B", "A", "C"]
    ids = [e.id for e in log.history(1)]
    assert ids[0] > ids[1] and ids[2] > ids[0]
    assert set(log.current()) == {1, 2}


def test_markup_is_stored_verbatim(log: StatusLog) -> None:
    note = "<script>alert('x')</script> <b>vet</b> **vet** [a](javascript:x) ' OR 1=1; -- %s ? $1 \\ \"\ttab ✓ ë"
    log.append(2, WRITE_DAY, "op koers", note, "Robert'); DROP TABLE status_log;--")
    entry = log.history(2)[0]
    assert entry.notitie == note and entry.editor == "Robert'); DROP TABLE status_log;--"
    assert log.current()[2].notitie == note
    assert log.count() == 1


def test_longest_note_and_name_fit(log: StatusLog) -> None:
    log.append(21, WRITE_DAY, "vertraagd", "é" * MAX_NOTE, "n" * MAX_EDITOR)
    assert log.history(21)[0].notitie == "é" * MAX_NOTE


def test_invalid_entry_writes_nothing(log: StatusLog) -> None:
    with pytest.raises(StatusLogError, match="^Status"):
        log.append(1, WRITE_DAY, "geweldig", "", "A")
    with pytest.raises(StatusLogError, match="^Opgave"):
        log.append(22, WRITE_DAY, "op koers", "", "A")
    assert log.count() == 0


def test_failed_write_leaves_nothing(log: StatusLog, monkeypatch: pytest.MonkeyPatch) -> None:
    log.append(3, WRITE_DAY, "op koers", "", "A")
    original = log._transaction

    @contextmanager
    def failing(write: bool = True) -> Iterator[object]:
        with original(write) as cur:
            yield cur  # the INSERT runs here ...
            raise OSError("disk full")  # ... then the transaction fails before its commit

    monkeypatch.setattr(log, "_transaction", failing)
    with pytest.raises(StatusLogError, match="niets vastgelegd") as info:
        log.append(3, WRITE_DAY, "vertraagd", "", "B")
    assert "disk full" not in info.value.user_message
    monkeypatch.undo()
    assert log.count() == 1 and log.current()[3].status == "op koers"
    assert log.append(3, WRITE_DAY, "vertraagd", "", "B").status == "vertraagd"  # the log still works


def test_lost_connection_before_commit_leaves_nothing(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import psycopg

    store = open_status_log(pg_url)
    _truncate(store)
    original = store._transaction

    @contextmanager
    def dropped(write: bool = True) -> Iterator[object]:
        with original(write) as cur:
            yield cur  # the INSERT has run; now the server ends this session before the commit
            with psycopg.connect(pg_url, autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (cur.connection.info.backend_pid,))

    monkeypatch.setattr(store, "_transaction", dropped)
    with pytest.raises(StatusLogError, match="niets vastgelegd"):
        store.append(4, WRITE_DAY, "op koers", "", "A")
    monkeypatch.undo()
    assert store.count() == 0


def test_database_check_refuses_unknown_status(log: StatusLog) -> None:
    p = log._param
    sql = (
        f"INSERT INTO status_log (opgave, datum, status, notitie, editor, vastgelegd) "
        f"VALUES ({p}, {p}, {p}, {p}, {p}, {p})"
    )
    with pytest.raises(Exception), log._transaction() as cur:
        cur.execute(sql, (1, "2026-11-24", "op koers", "", "x", "2026-11-24T00:00:00+00:00"))
        cur.execute(sql, (1, "2026-11-24", "geweldig", "", "x", "2026-11-24T00:00:00+00:00"))
    assert log.count() == 0  # the valid first row went with the failed transaction


def test_no_update_or_delete_in_the_interface() -> None:
    public = {name for name in dir(StatusLog) if not name.startswith("_")}
    assert public == {"append", "history", "current", "count", "describe", "close", "backend", "unreadable_rows"}


def test_concurrent_threads_lose_nothing(log: StatusLog) -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(8, timeout=30)

    def writer(i: int) -> None:
        try:
            start.wait()
            for j in range(25):
                log.append(1 + (i + j) % 21, WRITE_DAY, STATUSES[j % len(STATUSES)], f"t{i}-{j}", f"editor {i}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(i,), daemon=True) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors and not any(t.is_alive() for t in threads)
    assert log.count() == 200
    entries = [e for n in OPGAVE_NUMBERS for e in log.history(n)]
    assert len(entries) == 200 and len({e.id for e in entries}) == 200
    assert {e.notitie for e in entries} == {f"t{i}-{j}" for i in range(8) for j in range(25)}


# A separate interpreter per writer (not multiprocessing's spawn, which re-runs the parent's __main__: in the full
# suite that is an AppTest script). Each waits for "go" on stdin, so all four write at the same moment.
_WRITER = """
import sys
from datetime import date
from pathlib import Path
from regiomonitor.statuslog_backends import open_status_log
path, i = Path(sys.argv[1]), int(sys.argv[2])
sys.stdin.readline()
log = open_status_log(sqlite_path=path)
for j in range(50):
    log.append(1 + j % 21, date(2026, 1, 15), "op koers", f"p{i}-{j}", f"proces {i}")
"""


def test_concurrent_processes_lose_nothing_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"  # does not exist yet: the four also race to create it
    logs = [tmp_path / f"writer{i}.err" for i in range(4)]
    procs = []
    for i, err in enumerate(logs):
        with err.open("wb") as stderr:  # the child keeps its own copy of the handle
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-c", _WRITER, str(path), str(i)],
                    cwd=PROJECT_ROOT,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.DEVNULL,
                    stderr=stderr,
                )
            )
    try:
        for p in procs:
            assert p.stdin is not None
            p.stdin.write(b"go\n")
            p.stdin.close()
        codes = [p.wait(timeout=120) for p in procs]
        assert codes == [0, 0, 0, 0], [err.read_text()[-500:] for err in logs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait(timeout=10)
    log = open_status_log(sqlite_path=path)
    entries = [e for n in OPGAVE_NUMBERS for e in log.history(n)]
    assert log.count() == 200 and len({e.id for e in entries}) == 200
    assert {e.notitie for e in entries} == {f"p{i}-{j}" for i in range(4) for j in range(50)}


def test_sqlite_readers_do_not_wait_for_a_writer(tmp_path: Path) -> None:
    log = open_status_log(sqlite_path=tmp_path / "log.sqlite")
    log.append(1, WRITE_DAY, "op koers", "", "A")
    holding, release = threading.Event(), threading.Event()

    def writer() -> None:
        with log._transaction() as cur:
            cur.execute("SELECT 1")
            holding.set()
            release.wait(10)

    t = threading.Thread(target=writer, daemon=True)
    t.start()
    try:
        assert holding.wait(10)
        began = time.monotonic()
        assert log.current()[1].status == "op koers" and log.count() == 1
        assert time.monotonic() - began < 2
    finally:
        release.set()
        t.join(timeout=10)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((99, TODAY, "op koers", "", "A"), "Opgave"),
        ((0, TODAY, "op koers", "", "A"), "Opgave"),
        ((True, TODAY, "op koers", "", "A"), "Opgave"),
        (("3", TODAY, "op koers", "", "A"), "Opgave"),
        ((1, date(2024, 12, 31), "op koers", "", "A"), "Datum"),
        ((1, date(2027, 11, 25), "op koers", "", "A"), "Datum"),
        ((1, datetime(2026, 1, 1), "op koers", "", "A"), "Datum"),
        ((1, "2026-01-01", "op koers", "", "A"), "Datum"),
        ((1, TODAY, "prima", "", "A"), "Status"),
        ((1, TODAY, "Op koers", "", "A"), "Status"),
        ((1, TODAY, None, "", "A"), "Status"),
        ((1, TODAY, "op koers", "x" * (MAX_NOTE + 1), "A"), "Toelichting"),
        ((1, TODAY, "op koers", "bel\x07", "A"), "Toelichting"),
        ((1, TODAY, "op koers", "nul\x00", "A"), "Toelichting"),
        ((1, TODAY, "op koers", "c1\x85c1", "A"), "Toelichting"),
        ((1, TODAY, "op koers", "half \ud800", "A"), "Toelichting"),
        ((1, TODAY, "op koers", "", "   "), "Redacteur"),
        ((1, TODAY, "op koers", "", None), "Redacteur"),
        ((1, TODAY, "op koers", "", "A\nB"), "Redacteur"),
        ((1, TODAY, "op koers", "", "A\tB"), "Redacteur"),
        ((1, TODAY, "op koers", "", "x" * (MAX_EDITOR + 1)), "Redacteur"),
    ],
)
def test_validation_names_the_field(args: tuple, field: str) -> None:
    with pytest.raises(StatusLogError) as info:
        validate_entry(*args, today=TODAY)
    assert info.value.user_message.startswith(f"{field}:")
    assert str(info.value) == info.value.user_message


def test_validation_normalises_and_accepts_the_edges() -> None:
    assert validate_entry(1, date(2025, 1, 1), "op koers", " a\r\nb\rc\t ", " Ann ", today=TODAY) == (
        1,
        date(2025, 1, 1),
        "op koers",
        "a\nb\nc",
        "Ann",
    )
    no_note = validate_entry(21, date(2027, 11, 24), "vertraagd", None, "A", today=TODAY)  # type: ignore[arg-type]
    assert no_note[3] == ""
    assert validate_entry(2, date(2029, 2, 28), "op koers", "", "A", today=date(2028, 2, 29))[1] == date(2029, 2, 28)
    assert validate_entry(5, TODAY, "op koers", "", "A", known_opgaven={5}, today=TODAY)[0] == 5
    with pytest.raises(StatusLogError, match="^Opgave"):
        validate_entry(6, TODAY, "op koers", "", "A", known_opgaven={5}, today=TODAY)
    numpy = pytest.importorskip("numpy")
    assert type(validate_entry(numpy.int64(7), TODAY, "op koers", "", "A", today=TODAY)[0]) is int


def test_opening_is_idempotent_and_creates_the_folder(tmp_path: Path) -> None:
    path = tmp_path / "nieuw" / "map" / "log.sqlite"
    open_status_log(sqlite_path=path).append(4, WRITE_DAY, "op koers", "", "A")
    again = open_status_log(sqlite_path=path)
    assert again.count() == 1 and again.backend == "sqlite"


def test_opening_postgresql_twice_keeps_the_rows(pg_url: str) -> None:
    first = open_status_log(pg_url)
    _truncate(first)
    first.append(4, WRITE_DAY, "op koers", "", "A")
    second = open_status_log(pg_url)
    assert second.backend == "postgresql" and second.count() == 1


def test_sqlite_path_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "bestand"
    blocker.write_text("geen map")
    with pytest.raises(StatusLogError, match="niet worden geopend"):
        open_status_log(sqlite_path=blocker / "log.sqlite")


def test_default_path_and_describe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGIOMONITOR_HOME", str(tmp_path))
    assert default_sqlite_path() == tmp_path / "var" / "statuslog.sqlite"
    log = open_status_log()
    assert (tmp_path / "var" / "statuslog.sqlite").is_file()
    assert log.describe() == "SQLite (var/statuslog.sqlite)"
    elsewhere = open_status_log(sqlite_path=tmp_path.parent / f"{tmp_path.name}-x" / "log.sqlite")
    assert elsewhere.describe() == "SQLite (log.sqlite)"  # outside the project: only the file name


def test_describe_and_repr_never_show_a_password(pg_url: str) -> None:
    with_password = pg_url.replace("postgres@", "postgres:geheim123@")
    log = open_status_log(with_password)  # trust authentication ignores the password
    port = pg_url.rsplit(":", 1)[1].split("/")[0]
    assert log.describe() == f"PostgreSQL (127.0.0.1:{port}/regiomonitor_test)"
    for text in (log.describe(), repr(log), str(log)):
        assert "geheim123" not in text and "postgres:" not in text


def test_unreachable_database_gives_a_safe_message() -> None:
    with pytest.raises(StatusLogError) as info:
        open_status_log("postgresql://u:geheim456@127.0.0.1:1/x")
    message = info.value.user_message
    assert "geheim456" not in message and "niet bereikbaar" in message
    assert "geheim456" not in str(info.value) and "geheim456" not in repr(info.value)
    with pytest.raises(StatusLogError, match="postgresql://"):
        open_status_log("mysql://x:geheim789@h/d")


def test_database_url_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    assert database_url_from_env({}) is None and database_url_from_env({"REGIOMONITOR_DATABASE_URL": "  "}) is None
    assert database_url_from_env({"REGIOMONITOR_DATABASE_URL": " postgresql://h/d "}) == "postgresql://h/d"
    monkeypatch.setenv("REGIOMONITOR_DATABASE_URL", "postgresql://h/e")
    assert database_url_from_env() == "postgresql://h/e"
