"""What the editor login shares across processes (signing key, throttle counts, audit log) on SQLite and
PostgreSQL, defensive reading of a hand-edited status log, and invisible characters in notes."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from regiomonitor import auth, throttle
from regiomonitor.auth import authenticate, hash_password, load_editors
from regiomonitor.authstore import AuthStore
from regiomonitor.statuslog import StatusLog, validate_entry, visible
from regiomonitor.statuslog_backends import open_status_log
from regiomonitor.throttle import LoginThrottle, StoredThrottle

SECRET = "correct horse battery"


@pytest.fixture(params=["sqlite", "postgresql"])
def opened(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[StatusLog, StatusLog]]:
    """Two independent handles on one database, as two server processes would hold."""
    if request.param == "sqlite":
        path = tmp_path / "log.sqlite"
        first, second = open_status_log(sqlite_path=path), open_status_log(sqlite_path=path)
    else:
        url = request.getfixturevalue("pg_url")
        first = open_status_log(url)
        with first._transaction() as cur:
            cur.execute("TRUNCATE app_secret, login_failure, audit_log")
        second = open_status_log(url)
    yield first, second


def test_signing_key_is_shared_and_rotates(opened: tuple[StatusLog, StatusLog]) -> None:
    a, b = (AuthStore(log) for log in opened)
    key = a.secret("editor_session_key")
    assert len(key) == 32 and b.secret("editor_session_key") == key
    assert a.secret("other") != key
    b.rotate_secret("editor_session_key")
    assert a.secret("editor_session_key") != key


def test_throttle_counts_are_shared_between_processes(opened: tuple[StatusLog, StatusLog]) -> None:
    editors = {"Ann": hash_password(SECRET, iterations=1000)}
    one, two = (StoredThrottle(AuthStore(log), "naam") for log in opened)
    for i in range(throttle.FREE_ATTEMPTS):
        assert not authenticate("Ann", "fout", editors, one if i % 2 else two, now=100.0 + i).ok
    blocked = authenticate("Ann", SECRET, editors, two, now=103.0)  # the other "process" sees the count
    assert not blocked.ok and "Te veel mislukte pogingen" in blocked.message
    assert authenticate("Ann", SECRET, editors, one, now=103.0 + throttle.MAX_WAIT).ok
    assert one.wait_seconds("ann", 103.0) == 0  # success cleared the count for both


def test_throttle_keys_are_not_stored_in_clear(opened: tuple[StatusLog, StatusLog]) -> None:
    log = opened[0]
    StoredThrottle(AuthStore(log), "naam").record_failure("mijn wachtwoord per ongeluk", 1.0)
    with log._transaction(write=False) as cur:
        cur.execute("SELECT key FROM login_failure")
        keys = [row[0] for row in cur.fetchall()]
    assert keys and all("wachtwoord" not in k and k.startswith("naam:") for k in keys)


def test_old_failure_counts_are_dropped(opened: tuple[StatusLog, StatusLog]) -> None:
    store = AuthStore(opened[0])
    store.record_failure("a", 0.0)
    store.record_failure("b", 100_000.0)  # a day later: "a" goes
    assert store.failure_state("a") == (0, 0.0) and store.failure_state("b")[0] == 1


def test_audit_log(opened: tuple[StatusLog, StatusLog]) -> None:
    a, b = (AuthStore(log) for log in opened)
    a.audit("login_mislukt", "(onbekende naam)", "10.0.0.7")
    b.audit("status", "Ann\u202e", "10.0.0.8", "opgave 13: op koers per 2026-03-01")
    rows = a.audit_entries()
    assert [r["event"] for r in rows] == ["status", "login_mislukt"]
    assert rows[0]["editor"] == "Ann" and rows[0]["client"] == "10.0.0.8" and rows[0]["at"].endswith("+00:00")


def test_lockout_from_another_address_is_impossible() -> None:
    editors = {"Ann": hash_password(SECRET, iterations=1000)}
    names, clients = LoginThrottle(), LoginThrottle(free_attempts=throttle.CLIENT_FREE_ATTEMPTS)
    for i in range(50):  # an attacker hammers Ann's name from one address
        authenticate("Ann", "fout", editors, names, now=float(i * 400), client="203.0.113.9", client_throttle=clients)
    assert authenticate(
        "Ann", SECRET, editors, names, now=20_000.0, client="198.51.100.4", client_throttle=clients
    ).ok  # Ann at her own address is not locked out


def test_implausible_iteration_counts_are_refused_with_a_message(caplog: pytest.LogCaptureFixture) -> None:
    huge = hash_password("x" * 12, iterations=1000).replace("$1000$", "$900000000$")
    tiny = hash_password("x" * 12, iterations=1000).replace("$1000$", "$1$")
    found = load_editors({"REGIOMONITOR_EDITORS": f"Groot={huge};Klein={tiny}"}, None)
    assert found == {}
    text = caplog.text
    assert "'Groot' ignored: its hash uses 900000000 iterations" in text and "'Klein'" in text
    assert str(auth.MAX_ITERATIONS) in text


# ------------------------------------------------------------------------------------ reading defensively


def test_a_row_with_a_bad_date_is_skipped_and_named(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "log.sqlite"
    log = open_status_log(sqlite_path=path)
    log.append(3, date(2026, 3, 1), "op koers", "", "Ann")
    with sqlite3.connect(path) as conn:  # as an operator's hand edit would
        conn.execute(
            "INSERT INTO status_log (opgave, datum, status, notitie, editor, vastgelegd) "
            "VALUES (4, '03-12-2026', 'op koers', '', 'Bob', '2026-12-03T10:00:00')"
        )
        conn.execute(
            "INSERT INTO status_log (opgave, datum, status, notitie, editor, vastgelegd) "
            "VALUES (3, '2026-04-01', 'vertraagd', '', 'Bob', 'gisteren')"
        )
    assert {n: e.status for n, e in log.current().items()} == {3: "op koers"}
    assert [e.id for e in log.history(3)] == [1]
    bad = log.unreadable_rows()
    assert bad == [
        (2, "datum '03-12-2026' is geen datum als 2026-03-31"),
        (3, "tijdstip 'gisteren' is geen ISO-tijdstip"),
    ]
    assert "row 2 skipped" in caplog.text


def test_invisible_characters_are_stripped_on_write_and_shown_on_read(tmp_path: Path) -> None:
    note = "Afgerond\u202e?nee\u200b"
    assert validate_entry(1, date(2026, 3, 1), "op koers", note, "A\u2066nn", today=date(2026, 12, 1))[3:] == (
        "Afgerond?nee",
        "Ann",
    )
    path = tmp_path / "log.sqlite"
    log = open_status_log(sqlite_path=path)
    with sqlite3.connect(path) as conn:  # a row written before this rule, or by hand
        conn.execute(
            "INSERT INTO status_log (opgave, datum, status, notitie, editor, vastgelegd) "
            "VALUES (4, '2026-03-01', 'op koers', ?, 'Bob', '2026-03-01T10:00:00')",
            (note,),
        )
    assert log.history(4)[0].notitie == "Afgerond[U+202E]?nee[U+200B]"
    assert visible("plain") == "plain"
