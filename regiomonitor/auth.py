"""Editor login for the status log: salted PBKDF2 hashes, constant-time checks, and a throttle on failures.

Credentials are never stored in plain text: an editor is configured as ``name = "pbkdf2_sha256$…"`` in
Streamlit secrets (section ``[editors]``) or in ``REGIOMONITOR_EDITORS="name1=hash1;name2=hash2"``. Make a hash
with ``python -m regiomonitor.auth hash``. Nothing here logs or returns a password or a hash.
"""

from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import logging
import os
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

LOG = logging.getLogger(__name__)

ALGORITHM: Final = "pbkdf2_sha256"
DEFAULT_ITERATIONS: Final = 600_000
ENV_EDITORS: Final = "REGIOMONITOR_EDITORS"
#: Failures allowed before waiting starts; the wait then doubles from 2 s up to the cap.
FREE_ATTEMPTS: Final = 3
MAX_WAIT: Final = 300.0
MAX_KEYS: Final = 10_000
REFUSED: Final = "Naam of wachtwoord onjuist."
NOT_CONFIGURED: Final = "Bewerken is op deze installatie niet ingericht: er zijn geen redacteuren geconfigureerd."
# Verified against for unknown names, so a wrong name costs as much time as a wrong password.
_DUMMY: Final = "pbkdf2_sha256$600000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, salt: bytes | None = None, iterations: int = DEFAULT_ITERATIONS) -> str:
    """``pbkdf2_sha256$<iterations>$<salt b64>$<hash b64>`` for a password (random 16-byte salt by default)."""
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return f"{ALGORITHM}${iterations}${_b64(salt)}${_b64(digest)}"


def _parse(encoded: str) -> tuple[int, bytes, bytes] | None:
    """The parts of an encoded hash, or None when it is not one of ours."""
    try:
        algorithm, iterations, salt, digest = str(encoded).strip().split("$")
        if algorithm != ALGORITHM or not iterations.isascii() or not iterations.isdecimal():
            return None
        rounds = int(iterations)
        if not 1 <= rounds <= 10_000_000:
            return None
        return rounds, base64.b64decode(salt, validate=True), base64.b64decode(digest, validate=True)
    except (ValueError, TypeError):
        return None


def is_encoded_hash(value: object) -> bool:
    """True when ``value`` looks like a hash made by :func:`hash_password`."""
    return isinstance(value, str) and _parse(value) is not None


def verify_password(password: str, encoded: str) -> bool:
    """True when ``password`` matches ``encoded``; a malformed hash gives False, never an exception."""
    parts = _parse(encoded)
    if parts is None or not isinstance(password, str):
        return False
    rounds, salt, digest = parts
    candidate = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8", "surrogatepass"), salt, rounds)
    return hmac.compare_digest(candidate, digest)


def _normalise(name: str) -> str:
    return " ".join(str(name).split()).casefold()


def load_editors(environ: Mapping[str, str] | None = None, secrets: Mapping[str, Any] | None = None) -> dict[str, str]:
    """Editor name → encoded hash, from secrets (``[editors]``) and the environment (``REGIOMONITOR_EDITORS``).

    Entries that are not an encoded hash (for example a plain password) are ignored with a warning that names
    the editor, never the value. The environment wins over secrets for the same name.
    """
    environ = os.environ if environ is None else environ
    found: dict[str, str] = {}
    section = (secrets or {}).get("editors") if secrets else None
    if isinstance(section, Mapping):
        for name, value in section.items():
            found[str(name).strip()] = str(value)
    for item in str(environ.get(ENV_EDITORS, "")).split(";"):
        if "=" in item:
            name, value = item.split("=", 1)
            found[name.strip()] = value.strip()
    editors: dict[str, str] = {}
    for name, value in found.items():
        if not name:
            continue
        if is_encoded_hash(value):
            editors[name] = value
        else:
            LOG.warning("Editor %r ignored: its credential is not a pbkdf2_sha256 hash (see README).", name)
    return editors


@dataclass(frozen=True)
class AuthResult:
    """The outcome of a login attempt, with a Dutch message for the interface."""

    ok: bool
    editor: str | None
    message: str
    wait_seconds: float = 0.0


class LoginThrottle:
    """Slows down guessing: after ``FREE_ATTEMPTS`` failures a key must wait 2, 4, 8 … s (capped) per attempt.

    In memory, thread-safe and bounded (the oldest keys are dropped beyond ``MAX_KEYS``). Times are passed in,
    so tests control the clock.
    """

    def __init__(self, max_keys: int = MAX_KEYS) -> None:
        self._lock = threading.Lock()
        self._failures: OrderedDict[str, tuple[int, float]] = OrderedDict()
        self._max_keys = max_keys

    def __len__(self) -> int:
        with self._lock:
            return len(self._failures)

    @staticmethod
    def _delay(failures: int) -> float:
        if failures < FREE_ATTEMPTS:
            return 0.0
        return min(2.0 ** (failures - FREE_ATTEMPTS + 1), MAX_WAIT)

    def wait_seconds(self, key: str, now: float) -> float:
        """Seconds ``key`` must still wait before its next attempt is checked (0 when it may try now)."""
        with self._lock:
            count, last = self._failures.get(key, (0, 0.0))
        return max(0.0, last + self._delay(count) - now)

    def record_failure(self, key: str, now: float) -> None:
        """Count a failed attempt for ``key`` at time ``now``."""
        with self._lock:
            count, _ = self._failures.pop(key, (0, 0.0))
            self._failures[key] = (count + 1, now)
            while len(self._failures) > self._max_keys:
                self._failures.popitem(last=False)

    def record_success(self, key: str) -> None:
        """Forget the failures of ``key``."""
        with self._lock:
            self._failures.pop(key, None)


def authenticate(name: str, password: str, editors: Mapping[str, str], throttle: LoginThrottle,
                 now: float | None = None) -> AuthResult:
    """Check a login. Refused without checking while throttled; the same message for a wrong name or password."""
    now = time.time() if now is None else now
    if not editors:
        return AuthResult(False, None, NOT_CONFIGURED)
    key = _normalise(name)[:200]
    wait = throttle.wait_seconds(key, now)
    if wait > 0:
        return AuthResult(False, None, f"Te veel mislukte pogingen. Probeer het over {int(wait) + 1} seconden opnieuw.",
                          wait)
    by_key = {_normalise(n): (n, h) for n, h in editors.items()}
    match = by_key.get(key)
    ok = verify_password(password or "", match[1] if match else _DUMMY) and match is not None
    if ok and match:
        throttle.record_success(key)
        return AuthResult(True, match[0], f"Ingelogd als {match[0]}.")
    throttle.record_failure(key, now)
    return AuthResult(False, None, REFUSED)


def main(argv: list[str] | None = None) -> int:
    """``python -m regiomonitor.auth hash``: read a password twice and print its hash and where to put it."""
    args = sys.argv[1:] if argv is None else argv
    if args != ["hash"]:
        print("usage: python -m regiomonitor.auth hash", file=sys.stderr)
        return 2
    first = getpass.getpass("Wachtwoord: ")
    if len(first) < 12:
        print("Kies een wachtwoord van minstens 12 tekens.", file=sys.stderr)
        return 1
    if getpass.getpass("Nog een keer: ") != first:
        print("De wachtwoorden verschillen.", file=sys.stderr)
        return 1
    encoded = hash_password(first)
    print(encoded)
    print(f'\n.streamlit/secrets.toml:\n[editors]\n"Naam Redacteur" = "{encoded}"')
    print(f'\nof in de omgeving:\n{ENV_EDITORS}="Naam Redacteur={encoded}"')
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
