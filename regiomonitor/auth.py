"""Editor login for the status log: salted PBKDF2 hashes, constant-time checks, and a throttle on failures.

Credentials are never stored in plain text. An editor is configured with a hash made by
``python -m regiomonitor.auth hash [NAAM]``, in one or both of:

* Streamlit secrets, section ``[editors]``: ``"Naam Redacteur" = "pbkdf2_sha256$600000$<salt>$<hash>"``;
* the environment: ``REGIOMONITOR_EDITORS='Naam Redacteur=pbkdf2_sha256$…;Tweede Naam=pbkdf2_sha256$…'``
  (entries separated by ``;``, name and hash by the first ``=``; in a shell use single quotes, because the hash
  contains ``$``). The environment wins over secrets for the same name.

Nothing here logs, returns or shows a password or a hash.
"""

from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import json
import logging
import math
import os
import re
import shlex
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from regiomonitor.statuslog import MAX_EDITOR
from regiomonitor.throttle import Throttle

LOG = logging.getLogger(__name__)

ALGORITHM: Final = "pbkdf2_sha256"
DEFAULT_ITERATIONS: Final = 600_000
#: Plausible PBKDF2 rounds. Below, a hash is trivial to crack; above, one login check costs seconds of CPU (and
#: every unknown name is checked against as many rounds), so such a configuration is refused with a message.
MIN_ITERATIONS: Final = 1_000
MAX_ITERATIONS: Final = 2_000_000
ENV_EDITORS: Final = "REGIOMONITOR_EDITORS"
MIN_PASSWORD: Final = 12  # characters, enforced by the hash command
REFUSED: Final = "Naam of wachtwoord onjuist."
NOT_CONFIGURED: Final = "Bewerken is op deze installatie niet ingericht: er zijn geen redacteuren geconfigureerd."
_DIGEST_BYTES: Final = 32  # sha256
_BAD_NAME = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, salt: bytes | None = None, iterations: int = DEFAULT_ITERATIONS) -> str:
    """``pbkdf2_sha256$<iterations>$<salt b64>$<hash b64>`` for a password (random 16-byte salt by default)."""
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return f"{ALGORITHM}${iterations}${_b64(salt)}${_b64(digest)}"


def _parse(encoded: object) -> tuple[int, bytes, bytes] | None:
    """The parts of an encoded hash, or None when it is not one of ours."""
    try:
        algorithm, iterations, salt, digest = str(encoded).strip().split("$")
        if algorithm != ALGORITHM or not iterations.isascii() or not iterations.isdecimal():
            return None
        rounds = int(iterations)
        if not MIN_ITERATIONS <= rounds <= MAX_ITERATIONS:
            return None
        raw_salt, raw_digest = base64.b64decode(salt, validate=True), base64.b64decode(digest, validate=True)
        if not raw_salt or len(raw_digest) != _DIGEST_BYTES:
            return None
        return rounds, raw_salt, raw_digest
    except (ValueError, TypeError):
        return None


def _rounds(encoded: object) -> int | None:
    """The iteration count written in a pbkdf2_sha256 hash (bounded text), or None when there is none."""
    parts = str(encoded).strip().split("$")
    if len(parts) == 4 and parts[0] == ALGORITHM and parts[1].isascii() and parts[1].isdecimal() and len(parts[1]) < 12:
        return int(parts[1])
    return None


def is_encoded_hash(value: object) -> bool:
    """True when ``value`` looks like a hash made by :func:`hash_password`."""
    return isinstance(value, str) and _parse(value) is not None


def verify_password(password: str, encoded: str) -> bool:
    """True when ``password`` matches ``encoded``; a malformed hash gives False, never an exception."""
    parts = _parse(encoded) if isinstance(encoded, str) else None
    if parts is None or not isinstance(password, str):
        return False
    rounds, salt, digest = parts
    candidate = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8", "surrogatepass"), salt, rounds)
    return hmac.compare_digest(candidate, digest)


def _dummy_hash(editors: Mapping[str, str]) -> str:
    """A well-formed hash no password matches, as costly as the configured ones (checked for unknown names)."""
    rounds = max((parts[0] for parts in map(_parse, editors.values()) if parts), default=DEFAULT_ITERATIONS)
    return f"{ALGORITHM}${rounds}${_b64(bytes(16))}${_b64(bytes(_DIGEST_BYTES))}"


def normalise_name(name: str) -> str:
    """The form in which names are compared and throttled: whitespace collapsed, case folded."""
    return " ".join(str(name).split()).casefold()


def _valid_name(name: str) -> bool:
    return bool(name) and len(name) <= MAX_EDITOR and not _BAD_NAME.search(name)


def _section(secrets: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """``secrets["editors"]`` when it is a mapping; a missing or unreadable secrets file gives None."""
    if secrets is None:
        return None
    try:
        section = secrets.get("editors")
    except Exception:
        LOG.warning("Streamlit secrets could not be read; editors come from the environment only.")
        return None
    return section if isinstance(section, Mapping) else None


def load_editors(environ: Mapping[str, str] | None = None, secrets: Mapping[str, Any] | None = None) -> dict[str, str]:
    """Editor name → encoded hash, from secrets (``[editors]``) and the environment (``REGIOMONITOR_EDITORS``).

    ``secrets`` is any mapping with an ``editors`` section (``st.secrets`` itself works; a missing or malformed
    secrets file counts as none). ``REGIOMONITOR_EDITORS`` holds ``name=hash`` pairs separated by ``;``. Entries
    that are not an encoded hash (for example a plain password) are ignored with a warning that names the editor,
    never the value; so are names that are empty, longer than ``MAX_EDITOR`` or contain control characters.
    Names that differ only in case or spacing are one editor; the environment wins over secrets.
    """
    environ = os.environ if environ is None else environ
    found: list[tuple[str, object]] = []
    section = _section(secrets)
    if section is not None:
        found.extend((" ".join(str(name).split()), value) for name, value in section.items())
    for item in str(environ.get(ENV_EDITORS, "") or "").split(";"):
        if "=" in item:
            name, encoded = item.split("=", 1)
            found.append((" ".join(name.split()), encoded.strip()))
        elif item.strip():
            LOG.warning("An entry of %s without '=' was ignored (expected name=hash).", ENV_EDITORS)
    editors: dict[str, tuple[str, str]] = {}  # normalised name -> (name, hash); later entries win
    for name, value in found:
        if not _valid_name(name):
            LOG.warning(
                "Editor name %r ignored: empty, longer than %d characters or with control characters.",
                name[:MAX_EDITOR],
                MAX_EDITOR,
            )
        elif (rounds := _rounds(value)) is not None and not MIN_ITERATIONS <= rounds <= MAX_ITERATIONS:
            LOG.warning(
                "Editor %r ignored: its hash uses %d iterations; between %d and %d are accepted "
                "(make a new one with: python -m regiomonitor.auth hash).",
                name,
                rounds,
                MIN_ITERATIONS,
                MAX_ITERATIONS,
            )
        elif not is_encoded_hash(value):
            LOG.warning(
                "Editor %r ignored: its credential is not a pbkdf2_sha256 hash "
                "(make one with: python -m regiomonitor.auth hash).",
                name,
            )
        else:
            editors[normalise_name(name)] = (name, str(value).strip())
    return dict(editors.values())


@dataclass(frozen=True)
class AuthResult:
    """The outcome of a login attempt, with a Dutch message for the interface."""

    ok: bool
    editor: str | None
    message: str
    wait_seconds: float = 0.0


def authenticate(
    name: str,
    password: str,
    editors: Mapping[str, str],
    throttle: Throttle,
    now: float | None = None,
    client: str | None = None,
    client_throttle: Throttle | None = None,
) -> AuthResult:
    """Check a login; ``editors`` as returned by :func:`load_editors`, ``now`` in seconds (``time.time()``).

    Refused without checking while the name is throttled *for this client* (even with the right password), or while
    ``client`` (the browser's address, when known) is throttled in ``client_throttle`` after failures across any
    names. The name's count is kept per client address, so failures from elsewhere cannot lock an editor out. A wrong
    name and a wrong password give the same message and cost the same time: an unknown name is checked against a
    dummy hash with as many iterations as the configured ones. On success ``editor`` is the configured spelling
    of the name.
    """
    now = time.time() if now is None else now
    if not editors:
        return AuthResult(False, None, NOT_CONFIGURED)
    client_key = str(client)[:100] if client and client_throttle is not None else None
    wanted = normalise_name(name)[:200]
    key = wanted + (f"\x00{client_key}" if client_key else "")
    wait = throttle.wait_seconds(key, now)
    if client_key is not None and client_throttle is not None:
        wait = max(wait, client_throttle.wait_seconds(client_key, now))
    if wait > 0:
        seconds = math.ceil(wait)
        return AuthResult(
            False,
            None,
            f"Te veel mislukte pogingen. Probeer het over {seconds} "
            f"{'seconde' if seconds == 1 else 'seconden'} opnieuw.",
            wait,
        )
    by_key = {normalise_name(n): (n, h) for n, h in editors.items()}
    match = by_key.get(wanted)
    ok = verify_password(password if isinstance(password, str) else "", match[1] if match else _dummy_hash(editors))
    if ok and match:
        throttle.record_success(key)
        if client_key is not None and client_throttle is not None:
            client_throttle.record_success(client_key)
        return AuthResult(True, match[0], f"Ingelogd als {match[0]}.")
    throttle.record_failure(key, now)
    if client_key is not None and client_throttle is not None:
        client_throttle.record_failure(client_key, now)
    return AuthResult(False, None, REFUSED)


USAGE: Final = (
    "usage: python -m regiomonitor.auth hash [NAAM]   (make an editor's password hash)\n"
    "       python -m regiomonitor.auth audit [N]     (the newest N lines of the audit log, default 50)\n"
    "       python -m regiomonitor.auth rotate-key    (replace the signing key: every editor is logged out)\n"
    "The last two use the status log of REGIOMONITOR_DATABASE_URL or REGIOMONITOR_STATUSLOG "
    "(default var/statuslog.sqlite)."
)


def _open_store() -> Any:
    from regiomonitor.authstore import AuthStore
    from regiomonitor.statuslog_backends import database_url_from_env, open_status_log

    path = os.environ.get("REGIOMONITOR_STATUSLOG")
    return AuthStore(open_status_log(database_url_from_env(), Path(path) if path else None))


def _operator(args: list[str]) -> int:
    """The operator commands ``audit`` and ``rotate-key`` (see ``USAGE``)."""
    from regiomonitor.statuslog import StatusLogError

    try:
        store = _open_store()
        if args[0] == "rotate-key":
            store.rotate_secret("editor_session_key")
            print("De sleutel is vervangen: alle redacteuren zijn uitgelogd (binnen een minuut op elk proces).")
            return 0
        limit = int(args[1]) if len(args) == 2 and args[1].isdecimal() else 50
        for row in reversed(store.audit_entries(limit)):
            print(f"{row['at']}  {row['event']:<16} {row['editor']:<30} {row['client']:<20} {row['detail']}")
        return 0
    except StatusLogError as exc:
        print(exc.user_message, file=sys.stderr)
        return 1


def main(argv: list[str] | None = None) -> int:
    """``python -m regiomonitor.auth hash [NAAM]``: read a password twice, print its hash and where to put it.

    Also ``audit [N]`` and ``rotate-key`` for the operator (see ``USAGE``).
    """
    args = sys.argv[1:] if argv is None else argv
    if args and ((args[0] == "audit" and len(args) <= 2) or (args == ["rotate-key"])):
        return _operator(args)
    if not args or args[0] != "hash" or len(args) > 2:
        print(USAGE, file=sys.stderr)
        return 2
    name = " ".join(args[1].split()) if len(args) == 2 else "Naam Redacteur"
    if not _valid_name(name) or "=" in name or ";" in name:
        print(f"Kies een naam van hooguit {MAX_EDITOR} tekens, zonder '=' of ';'.", file=sys.stderr)
        return 2
    first = getpass.getpass("Wachtwoord: ")
    if len(first) < MIN_PASSWORD:
        print(f"Kies een wachtwoord van minstens {MIN_PASSWORD} tekens.", file=sys.stderr)
        return 1
    if getpass.getpass("Nog een keer: ") != first:
        print("De wachtwoorden verschillen.", file=sys.stderr)
        return 1
    encoded = hash_password(first)
    print(encoded)
    # json.dumps gives a valid TOML basic string; shlex.quote keeps a shell from expanding the '$' in the hash.
    print(f'\nIn .streamlit/secrets.toml:\n[editors]\n{json.dumps(name, ensure_ascii=False)} = "{encoded}"')
    print(
        f"\nOf in de omgeving (meerdere redacteuren scheiden met ';'):\n"
        f"export {ENV_EDITORS}={shlex.quote(f'{name}={encoded}')}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
