"""The editor login's shared state in the status log's database: signing keys, failure counts, audit trail.

No Streamlit.

Kept apart from :class:`~regiomonitor.statuslog.StatusLog`, whose own interface stays append-only; it uses the
log's transactions, so SQLite and PostgreSQL behave alike and every process sees the same keys and counts.
"""

from __future__ import annotations

import logging
import secrets
from datetime import UTC, datetime
from typing import Final

from regiomonitor.statuslog import CONTROL, INVISIBLE, MAX_EDITOR, StatusLog, StatusLogError

LOG = logging.getLogger(__name__)

#: Failure counts older than this are dropped (the longest wait is minutes; a day keeps the table small).
FAILURE_RETENTION: Final = 24 * 3600.0


class AuthStore:
    """What the editor login shares between server processes, in the status log's database (not in the log).

    The signing key of editor sessions, the throttle's failure counts and the audit log live here rather than in
    Streamlit's caches, which any browser can ask to clear, or in one process's memory. Kept apart from
    :class:`StatusLog`, whose interface stays append-only.
    """

    def __init__(self, log: StatusLog) -> None:
        self._log = log
        self._param = log._param
        self._transaction = log._transaction

    def __repr__(self) -> str:
        return f"<AuthStore {self._log.describe()}>"

    def secret(self, name: str) -> bytes:
        """The named random secret (32 bytes), created on first use and then the same for every process.

        Raises:
            StatusLogError: the storage cannot be read or written.
        """
        p = self._param
        try:
            with self._transaction() as cur:
                cur.execute(
                    f"INSERT INTO app_secret (name, value, created) VALUES ({p}, {p}, {p}) "
                    "ON CONFLICT (name) DO NOTHING",
                    (name, secrets.token_hex(32), datetime.now(UTC).isoformat()),
                )
                cur.execute(f"SELECT value FROM app_secret WHERE name = {p}", (name,))
                return bytes.fromhex(str(cur.fetchone()[0]))
        except Exception as exc:
            raise StatusLogError(
                f"De sleutel voor inloggen kon niet worden gelezen ({exc.__class__.__name__})."
            ) from exc

    def rotate_secret(self, name: str) -> None:
        """Replace the named secret: every editor session signed with the old one ends at once."""
        p = self._param
        try:
            with self._transaction() as cur:
                cur.execute(f"DELETE FROM app_secret WHERE name = {p}", (name,))
        except Exception as exc:
            raise StatusLogError(f"De sleutel kon niet worden vervangen ({exc.__class__.__name__}).") from exc

    def failure_state(self, key: str) -> tuple[int, float]:
        """``(failures, time of the last failure)`` of a throttle key; ``(0, 0.0)`` when it has none."""
        try:
            with self._transaction(write=False) as cur:
                cur.execute(f"SELECT failures, last_failure FROM login_failure WHERE key = {self._param}", (key,))
                row = cur.fetchone()
        except Exception as exc:
            raise StatusLogError(f"De inlogpogingen konden niet worden gelezen ({exc.__class__.__name__}).") from exc
        return (int(row[0]), float(row[1])) if row else (0, 0.0)

    def record_failure(self, key: str, now: float) -> None:
        """Count one failure for ``key`` at ``now`` (atomic, also across processes); old counts are dropped."""
        p = self._param
        try:
            with self._transaction() as cur:
                cur.execute(
                    f"INSERT INTO login_failure (key, failures, last_failure) VALUES ({p}, 1, {p}) "
                    "ON CONFLICT (key) DO UPDATE SET failures = login_failure.failures + 1, "
                    "last_failure = excluded.last_failure",
                    (key, float(now)),
                )
                cur.execute(f"DELETE FROM login_failure WHERE last_failure < {p}", (float(now) - FAILURE_RETENTION,))
        except Exception as exc:
            raise StatusLogError(f"De inlogpoging kon niet worden geteld ({exc.__class__.__name__}).") from exc

    def clear_failures(self, key: str) -> None:
        """Forget the failures of ``key`` (after a successful login)."""
        try:
            with self._transaction() as cur:
                cur.execute(f"DELETE FROM login_failure WHERE key = {self._param}", (key,))
        except Exception as exc:
            raise StatusLogError(f"De inlogpogingen konden niet worden bijgewerkt ({exc.__class__.__name__}).") from exc

    def audit(self, event: str, editor: str, client: str, detail: str = "") -> None:
        """Append one audit line (who, when, from where, what). Never raises: auditing must not block a login."""
        p = self._param
        clean = [
            INVISIBLE.sub("", CONTROL.sub("", str(v)))[:limit]
            for v, limit in ((event, 40), (editor, MAX_EDITOR), (client, 100), (detail, 300))
        ]
        try:
            with self._transaction() as cur:
                cur.execute(
                    f"INSERT INTO audit_log (at, event, editor, client, detail) VALUES ({p}, {p}, {p}, {p}, {p})",
                    (datetime.now(UTC).isoformat(timespec="seconds"), *clean),
                )
        except Exception as exc:
            LOG.error("Audit line %r could not be written (%s).", clean[0], exc.__class__.__name__)

    def audit_entries(self, limit: int = 200) -> list[dict[str, str]]:
        """The newest audit lines first: ``at`` (UTC, ISO), ``event``, ``editor``, ``client``, ``detail``."""
        try:
            with self._transaction(write=False) as cur:
                cur.execute(
                    f"SELECT at, event, editor, client, detail FROM audit_log ORDER BY id DESC LIMIT {self._param}",
                    (max(1, min(int(limit), 100_000)),),
                )
                rows = cur.fetchall()
        except Exception as exc:
            raise StatusLogError(f"Het auditlog kon niet worden gelezen ({exc.__class__.__name__}).") from exc
        return [dict(zip(("at", "event", "editor", "client", "detail"), map(str, row), strict=True)) for row in rows]
