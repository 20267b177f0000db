"""Slowing down password guessing: per-key exponential waits, in memory or in the shared database (no Streamlit).

:func:`regiomonitor.auth.authenticate` takes any :class:`Throttle`; :class:`StoredThrottle` keeps its counts in the
status log's database so every process behind the balancer sees the same failures and a cache clear cannot reset
them.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import Final, Protocol

#: Failures allowed before waiting starts; the wait then doubles from 2 s up to the cap.
FREE_ATTEMPTS: Final = 3

#: Failures one client (browser address) may make across all names before it is slowed down too: more than per
#: name, since several editors may share an office address, but it stops one machine from trying name after name.
CLIENT_FREE_ATTEMPTS: Final = 10

MAX_WAIT: Final = 300.0

MAX_KEYS: Final = 10_000


class LoginThrottle:
    """Slows down guessing: after ``FREE_ATTEMPTS`` failures a key must wait 2, 4, 8 … s (capped) per attempt.

    The wait counts from the last failure; a success resets the key. In memory, thread-safe and bounded (the keys
    whose last failure is oldest are dropped beyond ``max_keys``). Times are passed in, so tests control the clock.
    """

    def __init__(self, max_keys: int = MAX_KEYS, free_attempts: int = FREE_ATTEMPTS) -> None:
        self._free = free_attempts
        self._lock = threading.Lock()
        self._failures: OrderedDict[str, tuple[int, float]] = OrderedDict()
        self._max_keys = max_keys

    def __len__(self) -> int:
        with self._lock:
            return len(self._failures)

    def __repr__(self) -> str:
        return f"<LoginThrottle {len(self)} keys>"

    @staticmethod
    def delay(failures: int, free: int = FREE_ATTEMPTS) -> float:
        """The wait after ``failures`` consecutive failures: 0, 0, 0, 2, 4, 8 … up to ``MAX_WAIT`` (``free``
        failures cost nothing)."""
        if failures < free:
            return 0.0
        return min(2.0 ** min(failures - free + 1, 30), MAX_WAIT)  # exponent capped: no overflow

    def wait_seconds(self, key: str, now: float) -> float:
        """Seconds ``key`` must still wait before its next attempt is checked (0 when it may try now)."""
        with self._lock:
            count, last = self._failures.get(key, (0, 0.0))
        return max(0.0, last + self.delay(count, self._free) - now)

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


class Throttle(Protocol):
    """What :func:`authenticate` needs of a throttle (in memory for tests, in the database for the app)."""

    def wait_seconds(self, key: str, now: float) -> float: ...

    def record_failure(self, key: str, now: float) -> None: ...

    def record_success(self, key: str) -> None: ...


class FailureStore(Protocol):
    """Shared failure counts (the status-log database implements it)."""

    def failure_state(self, key: str) -> tuple[int, float]: ...

    def record_failure(self, key: str, now: float) -> None: ...

    def clear_failures(self, key: str) -> None: ...


class StoredThrottle:
    """:class:`LoginThrottle`'s schedule over a shared store, so every server process sees the same counts and no
    Streamlit cache clear can reset them. Keys are stored as sha256 digests under ``prefix`` (typed names are
    never kept), and the store itself drops counts older than a day.
    """

    def __init__(self, store: FailureStore, prefix: str, free_attempts: int = FREE_ATTEMPTS) -> None:
        self._store = store
        self._prefix = prefix
        self._free = free_attempts

    def _key(self, key: str) -> str:
        return f"{self._prefix}:{hashlib.sha256(key.encode('utf-8', 'surrogatepass')).hexdigest()}"

    def wait_seconds(self, key: str, now: float) -> float:
        """Seconds ``key`` must still wait before its next attempt is checked (0 when it may try now)."""
        count, last = self._store.failure_state(self._key(key))
        return max(0.0, last + LoginThrottle.delay(count, self._free) - now)

    def record_failure(self, key: str, now: float) -> None:
        """Count a failed attempt for ``key`` at time ``now``."""
        self._store.record_failure(self._key(key), now)

    def record_success(self, key: str) -> None:
        """Forget the failures of ``key``."""
        self._store.clear_failures(self._key(key))
