"""Editor login: hashing, configuration from secrets and environment, the throttle on failures, the hash command."""

from __future__ import annotations

import logging
import shutil
import subprocess
import threading
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from regiomonitor import auth, throttle
from regiomonitor.auth import (
    NOT_CONFIGURED,
    REFUSED,
    AuthResult,
    authenticate,
    hash_password,
    is_encoded_hash,
    load_editors,
    main,
    verify_password,
)
from regiomonitor.throttle import MAX_KEYS, MAX_WAIT, LoginThrottle

FAST = 1000  # iterations for tests; production hashes use 600,000
SECRET = "correct horse battery"


@pytest.fixture(scope="module")
def editors() -> dict[str, str]:
    return {
        "Ann de Vries": hash_password(SECRET, iterations=FAST),
        "Bob": hash_password("ander wachtwoord", iterations=FAST),
    }


def test_hash_and_verify() -> None:
    encoded = hash_password(SECRET, iterations=FAST)
    algorithm, rounds, salt, digest = encoded.split("$")
    assert (algorithm, rounds) == ("pbkdf2_sha256", "1000") and is_encoded_hash(encoded)
    assert verify_password(SECRET, encoded)
    assert not verify_password("correct horse batterY", encoded) and not verify_password("", encoded)
    assert hash_password("x", iterations=FAST) != hash_password("x", iterations=FAST)  # salted
    assert hash_password("x", salt=b"0123456789abcdef", iterations=FAST) == hash_password(
        "x", salt=b"0123456789abcdef", iterations=FAST
    )
    assert hash_password("x").startswith("pbkdf2_sha256$600000$")
    unicode_pw = "wachtwoord-ë-✓-\U0001f511"
    assert verify_password(unicode_pw, hash_password(unicode_pw, iterations=FAST))


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "plain",
        "pbkdf2_sha256$x$y$z",
        "md5$1$AA==$AA==",
        "pbkdf2_sha256$0$AA==$AA==",
        "pbkdf2_sha256$1000$!!$AA==",
        "pbkdf2_sha256$١٠٠$AA==$AA==",
        "pbkdf2_sha256$1000$AA==$AA==",
        "pbkdf2_sha256$1000$$" + "A" * 43 + "=",
        "pbkdf2_sha256$99999999999$AA==$" + "A" * 43 + "=",
        "pbkdf2_sha256$1000$AA==$AA==$extra",
        "$$$",
        "\x00",
        None,
        12,
        b"pbkdf2_sha256$1000$AA==$AA==",
        ["x"],
    ],
)
def test_malformed_hashes_never_raise(bad: object) -> None:
    assert verify_password("x", bad) is False  # type: ignore[arg-type]
    assert is_encoded_hash(bad) is False


def test_wrong_password_types_never_raise() -> None:
    encoded = hash_password(SECRET, iterations=FAST)
    for value in (None, 12, b"correct horse battery", "\ud800"):
        assert verify_password(value, encoded) is False  # type: ignore[arg-type]


def test_load_editors_from_env_and_secrets(caplog: pytest.LogCaptureFixture) -> None:
    h1, h2 = hash_password("a" * 12, iterations=FAST), hash_password("b" * 12, iterations=FAST)
    env = {"REGIOMONITOR_EDITORS": f"Ann={h1}; Bob  de  Bouwer = {h2} ;Eve=plaintextsecret;;junkwithoutequals"}
    with caplog.at_level(logging.WARNING, logger="regiomonitor.auth"):
        found = load_editors(env, {"editors": {"Carl": h1, "Dan": "hunter2-plain", "ann": h2}, "other": 1})
    assert found == {"Carl": h1, "Ann": h1, "Bob de Bouwer": h2}  # env wins over secrets for the same name
    assert "Eve" in caplog.text and "Dan" in caplog.text
    for secret in ("plaintextsecret", "hunter2", "junkwithoutequals", h1, h2):
        assert secret not in caplog.text
    assert load_editors({}, None) == {} and load_editors({}, {}) == {} and load_editors({}, {"editors": "x"}) == {}


def test_load_editors_rejects_unusable_names(caplog: pytest.LogCaptureFixture) -> None:
    h = hash_password("a" * 12, iterations=FAST)
    with caplog.at_level(logging.WARNING, logger="regiomonitor.auth"):
        found = load_editors({}, {"editors": {"x" * 81: h, "Bel\x07": h, "  ": h, "Goed": h}})
    assert found == {"Goed": h}
    assert h not in caplog.text


class _BrokenSecrets(Mapping[str, Any]):
    """Behaves like st.secrets without a secrets.toml: every access raises."""

    def __getitem__(self, key: str) -> Any:
        raise FileNotFoundError("No secrets found")

    def __iter__(self) -> Iterator[str]:
        raise FileNotFoundError("No secrets found")

    def __len__(self) -> int:
        raise FileNotFoundError("No secrets found")


def test_load_editors_survives_unreadable_secrets(caplog: pytest.LogCaptureFixture) -> None:
    h = hash_password("a" * 12, iterations=FAST)
    with caplog.at_level(logging.WARNING, logger="regiomonitor.auth"):
        assert load_editors({"REGIOMONITOR_EDITORS": f"Ann={h}"}, _BrokenSecrets()) == {"Ann": h}


def test_load_editors_reads_the_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    h = hash_password("a" * 12, iterations=FAST)
    monkeypatch.setenv("REGIOMONITOR_EDITORS", f"Env Editor={h}")
    assert load_editors() == {"Env Editor": h}


def test_authenticate_same_message_for_unknown_name_and_wrong_password(editors: dict[str, str]) -> None:
    throttle = LoginThrottle()
    ok = authenticate("  ann   DE vries ", SECRET, editors, throttle, now=0.0)
    assert ok == AuthResult(True, "Ann de Vries", ok.message, 0.0) and "Ann de Vries" in ok.message
    wrong = authenticate("Ann de Vries", "fout", editors, throttle, now=1.0)
    unknown = authenticate("Mallory", "fout", editors, throttle, now=1.0)
    assert not wrong.ok and not unknown.ok and wrong.editor is None and unknown.editor is None
    assert wrong.message == unknown.message == REFUSED
    other = authenticate("Bob", SECRET, editors, throttle, now=1.0)  # another editor's password
    assert not other.ok and other.message == REFUSED
    assert authenticate("Bob", None, editors, throttle, now=1.0).message == REFUSED  # type: ignore[arg-type]


def test_nobody_configured() -> None:
    result = authenticate("Ann", "x", {}, LoginThrottle())
    assert not result.ok and result.message == NOT_CONFIGURED and result.wait_seconds == 0


def test_unknown_names_cost_a_full_check(editors: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    checked: list[str] = []
    real = auth.verify_password

    def spy(password: str, encoded: str) -> bool:
        checked.append(encoded)
        return real(password, encoded)

    monkeypatch.setattr(auth, "verify_password", spy)
    assert not authenticate("Mallory", SECRET, editors, LoginThrottle(), now=0.0).ok
    assert len(checked) == 1 and checked[0].split("$")[1] == str(FAST)  # as many iterations as the real hashes
    assert is_encoded_hash(checked[0])


def test_throttle_schedule_and_refusal_even_with_right_password(editors: dict[str, str]) -> None:
    throttle = LoginThrottle()
    for t in range(3):
        result = authenticate("Ann de Vries", "fout", editors, throttle, now=float(t))
        assert result.wait_seconds == 0 and result.message == REFUSED
    assert throttle.wait_seconds("ann de vries", 2.0) == pytest.approx(2.0)  # third failure at t=2: wait 2 s
    refused = authenticate("ANN DE VRIES", SECRET, editors, throttle, now=3.0)
    assert (
        not refused.ok
        and refused.wait_seconds == pytest.approx(1.0)
        and "Probeer het over 1 seconde opnieuw" in (refused.message)
    )
    assert throttle.wait_seconds("ann de vries", 3.0) == pytest.approx(1.0)  # a refused attempt does not count
    assert authenticate("Ann de Vries", "fout", editors, throttle, now=4.0).wait_seconds == 0  # may try: 4th failure
    assert throttle.wait_seconds("ann de vries", 4.0) == pytest.approx(4.0)
    assert throttle.wait_seconds("ann de vries", 7.5) == pytest.approx(0.5)
    authenticate("Ann de Vries", "fout", editors, throttle, now=8.0)  # 5th failure
    assert throttle.wait_seconds("ann de vries", 8.0) == pytest.approx(8.0)
    assert throttle.wait_seconds("bob", 8.0) == 0  # other names are not affected
    for _ in range(20):
        throttle.record_failure("ann de vries", 100.0)
    assert throttle.wait_seconds("ann de vries", 100.0) == MAX_WAIT
    assert authenticate("Ann de Vries", SECRET, editors, throttle, now=100.0 + MAX_WAIT).ok
    assert throttle.wait_seconds("ann de vries", 0.0) == 0 and len(throttle) == 0  # success resets


def test_throttle_delays() -> None:
    assert [LoginThrottle.delay(n) for n in range(10)] == [0, 0, 0, 2, 4, 8, 16, 32, 64, 128]
    assert LoginThrottle.delay(11) == MAX_WAIT and LoginThrottle.delay(10**9) == MAX_WAIT  # no overflow
    throttle = LoginThrottle()
    for _ in range(2000):
        throttle.record_failure("k", 0.0)
    assert throttle.wait_seconds("k", 0.0) == MAX_WAIT


def test_throttle_is_bounded_dropping_the_oldest() -> None:
    throttle = LoginThrottle(max_keys=100)
    for i in range(250):
        throttle.record_failure(f"k{i}", float(i))
    assert len(throttle) == 100
    throttle.record_failure("k160", 300.0)  # refreshed: now the newest
    for i in range(250, 299):
        throttle.record_failure(f"k{i}", float(i))
    assert throttle.wait_seconds("k160", 300.0) == 0 and len(throttle) == 100
    assert throttle._failures["k160"][0] == 2
    assert "k150" not in throttle._failures and "k298" in throttle._failures
    assert LoginThrottle()._max_keys == MAX_KEYS == 10_000


def test_throttle_is_thread_safe() -> None:
    throttle = LoginThrottle(max_keys=100)
    start = threading.Barrier(8, timeout=30)

    def hammer(i: int) -> None:
        start.wait()
        for j in range(200):
            throttle.record_failure("gedeeld", 0.0)
            throttle.record_failure(f"k{i}-{j}", 0.0)
            throttle.wait_seconds("gedeeld", 0.0)

    threads = [threading.Thread(target=hammer, args=(i,), daemon=True) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not any(t.is_alive() for t in threads)
    assert len(throttle) == 100
    # "gedeeld" is refreshed every few operations, so never the oldest: every one of its failures counted.
    assert throttle._failures["gedeeld"][0] == 1600


def test_concurrent_logins(editors: dict[str, str]) -> None:
    throttle = LoginThrottle()
    results: list[AuthResult] = []
    lock = threading.Lock()

    def login(i: int) -> None:
        name, password = ("Ann de Vries", SECRET) if i % 2 else (f"onbekend {i}", "fout")
        result = authenticate(name, password, editors, throttle, now=0.0)
        with lock:
            results.append(result)

    threads = [threading.Thread(target=login, args=(i,), daemon=True) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(r.ok for r in results) == [False] * 8 + [True] * 8
    assert all(r.editor == "Ann de Vries" for r in results if r.ok)


def test_no_password_in_results_or_logs(editors: dict[str, str], caplog: pytest.LogCaptureFixture) -> None:
    throttle = LoginThrottle()
    with caplog.at_level(logging.DEBUG):
        results = [
            authenticate("Ann de Vries", pw, editors, throttle, now=float(i))
            for i, pw in enumerate(["geheim-een", "geheim-twee", "geheim-drie", "geheim-vier", SECRET])
        ]
    text = caplog.text + " ".join(repr(r) for r in results) + repr(throttle)
    assert "geheim" not in text and SECRET not in text and editors["Ann de Vries"] not in text


def _fake_getpass(monkeypatch: pytest.MonkeyPatch, answers: list[str]) -> None:
    it = iter(answers)
    monkeypatch.setattr(auth.getpass, "getpass", lambda prompt="": next(it))
    monkeypatch.setattr(auth, "hash_password", lambda pw: hash_password(pw, iterations=FAST))


def test_hash_command(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _fake_getpass(monkeypatch, [SECRET, SECRET])
    assert main(["hash", 'Ann "de" Vries']) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    encoded = lines[0]
    assert verify_password(SECRET, encoded) and SECRET not in out + err
    assert f'"Ann \\"de\\" Vries" = "{encoded}"' in lines  # a valid TOML line
    export = next(line for line in lines if line.startswith("export REGIOMONITOR_EDITORS="))
    bash = shutil.which("bash")
    if bash:  # the printed line survives a real shell: the '$' in the hash is not expanded
        value = subprocess.run(
            [bash, "-c", f'{export}; printf %s "$REGIOMONITOR_EDITORS"'],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
        assert load_editors({"REGIOMONITOR_EDITORS": value}) == {'Ann "de" Vries': encoded}


def test_hash_command_default_name_is_a_valid_toml_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    tomllib = pytest.importorskip("tomllib")
    _fake_getpass(monkeypatch, [SECRET, SECRET])
    assert main(["hash"]) == 0
    out = capsys.readouterr().out
    toml = out[out.index("[editors]") :].split("\n\n")[0]
    parsed = tomllib.loads(toml)
    assert load_editors({}, parsed) == {"Naam Redacteur": out.splitlines()[0]}


@pytest.mark.parametrize(
    ("argv", "answers", "code", "says"),
    [
        (["hash"], [SECRET, SECRET + "x"], 1, "verschillen"),
        (["hash"], ["kort", "kort"], 1, "minstens 12"),
        ([], [], 2, "usage"),
        (["other"], [], 2, "usage"),
        (["hash", "a=b"], [], 2, "zonder"),
        (["hash", "a", "b"], [], 2, "usage"),
    ],
)
def test_hash_command_refuses(
    argv: list[str],
    answers: list[str],
    code: int,
    says: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _fake_getpass(monkeypatch, answers)
    assert main(argv) == code
    out, err = capsys.readouterr()
    assert says in err and "pbkdf2" not in out and SECRET not in out + err


def test_one_client_trying_name_after_name_is_slowed_down(editors: dict[str, str]) -> None:
    names, clients = LoginThrottle(), LoginThrottle(free_attempts=throttle.CLIENT_FREE_ATTEMPTS)
    for i in range(throttle.CLIENT_FREE_ATTEMPTS):  # a different name each time: the per-name throttle never bites
        result = authenticate(
            f"gok {i}", "fout", editors, names, now=float(i), client="10.0.0.7", client_throttle=clients
        )
        assert result.wait_seconds == 0 and result.message == REFUSED
    blocked = authenticate("Ann de Vries", SECRET, editors, names, now=10.0, client="10.0.0.7", client_throttle=clients)
    assert not blocked.ok and blocked.wait_seconds > 0 and "Te veel mislukte pogingen" in blocked.message
    other = authenticate("Ann de Vries", SECRET, editors, names, now=10.0, client="10.0.0.8", client_throttle=clients)
    assert other.ok  # another machine is not affected
    later = authenticate(
        "Ann de Vries", SECRET, editors, names, now=10.0 + MAX_WAIT, client="10.0.0.7", client_throttle=clients
    )
    assert later.ok and clients.wait_seconds("10.0.0.7", 10.0 + MAX_WAIT) == 0  # waited; success resets


def test_client_throttle_is_optional(editors: dict[str, str]) -> None:
    assert authenticate("Ann de Vries", SECRET, editors, LoginThrottle(), now=0.0, client="10.0.0.7").ok
    assert authenticate(
        "Ann de Vries", SECRET, editors, LoginThrottle(), now=0.0, client=None, client_throttle=LoginThrottle()
    ).ok
