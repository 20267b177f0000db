"""Editor login: hashing, configuration from secrets and environment, and the throttle on failures."""

from __future__ import annotations

import logging
import threading

import pytest

from regiomonitor.auth import (
    MAX_WAIT, REFUSED, LoginThrottle, authenticate, hash_password, is_encoded_hash, load_editors, verify_password,
)

FAST = 1000  # iterations for tests; production hashes use 600,000


def test_hash_and_verify() -> None:
    encoded = hash_password("correct horse battery", iterations=FAST)
    assert encoded.startswith("pbkdf2_sha256$1000$") and is_encoded_hash(encoded)
    assert verify_password("correct horse battery", encoded)
    assert not verify_password("correct horse batterY", encoded)
    assert hash_password("x", iterations=FAST) != hash_password("x", iterations=FAST)  # salted


@pytest.mark.parametrize("bad", ["", "plain", "pbkdf2_sha256$x$y$z", "md5$1$AA==$AA==", "pbkdf2_sha256$0$AA==$AA==",
                                 "pbkdf2_sha256$1000$!!$AA==", "pbkdf2_sha256$١٠٠$AA==$AA==", None, 12])
def test_malformed_hashes_never_raise(bad: object) -> None:
    assert verify_password("x", bad) is False  # type: ignore[arg-type]


def test_load_editors_from_env_and_secrets(caplog: pytest.LogCaptureFixture) -> None:
    h1, h2 = hash_password("a" * 12, iterations=FAST), hash_password("b" * 12, iterations=FAST)
    env = {"REGIOMONITOR_EDITORS": f"Ann={h1}; Bob = {h2};Eve=plaintextsecret;;junk"}
    with caplog.at_level(logging.WARNING):
        editors = load_editors(env, {"editors": {"Carl": h1, "Dan": "hunter2-plain"}})
    assert editors == {"Carl": h1, "Ann": h1, "Bob": h2}
    assert "Eve" in caplog.text and "Dan" in caplog.text
    assert "plaintextsecret" not in caplog.text and "hunter2" not in caplog.text
    assert load_editors({}, None) == {}


def test_authenticate_same_message_for_unknown_name_and_wrong_password() -> None:
    editors = {"Ann": hash_password("juist wachtwoord", iterations=FAST)}
    throttle = LoginThrottle()
    ok = authenticate("  ann ", "juist wachtwoord", editors, throttle, now=0.0)
    assert ok.ok and ok.editor == "Ann"
    wrong = authenticate("Ann", "fout", editors, throttle, now=1.0)
    unknown = authenticate("Mallory", "fout", editors, throttle, now=1.0)
    assert not wrong.ok and not unknown.ok and wrong.message == unknown.message == REFUSED
    assert not authenticate("Ann", "x", {}, throttle).ok


def test_throttle_schedule_and_refusal_even_with_right_password() -> None:
    editors = {"Ann": hash_password("juist wachtwoord", iterations=FAST)}
    throttle = LoginThrottle()
    for t in range(3):
        assert authenticate("Ann", "fout", editors, throttle, now=float(t)).wait_seconds == 0
    assert throttle.wait_seconds("ann", 2.0) == pytest.approx(2.0)  # third failure at t=2 → wait 2 s
    refused = authenticate("Ann", "juist wachtwoord", editors, throttle, now=3.0)
    assert not refused.ok and refused.wait_seconds > 0 and "Probeer het over" in refused.message
    assert authenticate("Ann", "fout", editors, throttle, now=4.0).wait_seconds == 0  # allowed, fails: 4th
    assert throttle.wait_seconds("ann", 4.0) == pytest.approx(4.0)
    for _ in range(20):
        throttle.record_failure("ann", 100.0)
    assert throttle.wait_seconds("ann", 100.0) == MAX_WAIT
    assert authenticate("Ann", "juist wachtwoord", editors, throttle, now=100.0 + MAX_WAIT).ok
    assert throttle.wait_seconds("ann", 0.0) == 0  # success resets


def test_throttle_is_bounded_and_thread_safe() -> None:
    throttle = LoginThrottle(max_keys=100)
    threads = [threading.Thread(target=lambda i=i: [throttle.record_failure(f"k{i}-{j}", 0.0) for j in range(100)])
               for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(throttle) == 100
