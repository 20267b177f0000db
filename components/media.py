"""A grace period for generated download files (a work-around for Streamlit 1.67's media sweep).

Why: a download button with a callable (``on_click="ignore"``) generates its file when clicked and hands the
browser a ``/media/…`` URL. That file belongs to no session, and Streamlit's media manager marks such a file on
one sweep and deletes it on the next; a sweep runs whenever *any* session finishes a script run. With 25 busy
sessions two sweeps can pass between generating the file and the browser's GET, and the download fails with
HTTP 404 (7 of 68 generated exports in the load test of 2026-11-30, see bench/RESULTS.md).

What: files are only deleted once they have been orphaned for ``GRACE_S`` seconds. The patch swaps the metadata
class the manager instantiates for one whose 'marked for delete' becomes true only after the grace period; the
sweep logic itself is untouched. Memory stays bounded: an orphaned file lives at most ``GRACE_S`` seconds after
the first sweep that sees it (plus the time to the next sweep).

Streamlit sweeps only when a script run finishes, so the files of a room that has left would wait for the next
visitor's click; a background sweep (``SWEEP_EVERY_S``, :func:`start_sweeper`) releases them once their grace
period is over (the load test found one process still holding 100 files, 12 MB, after every session had gone).

This touches a private Streamlit module. ``install`` checks the shape it relies on and does nothing if it has
changed (the app then simply behaves as upstream); ``tests/unit/test_media_grace.py`` fails loudly in that case
so an upgrade cannot silently drop the fix.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Final

from streamlit.runtime import media_file_manager as _mfm

#: Seconds an orphaned download file is kept after a sweep first finds it.
GRACE_S: Final[float] = 60.0
#: Seconds between background sweeps (the media manager's own, which is safe from any thread).
SWEEP_EVERY_S: Final[float] = GRACE_S / 2

_log = logging.getLogger(__name__)
_sweeper: threading.Thread | None = None

_Base = _mfm.MediaFileMetadata


class GraceMetadata(_Base):
    """Media-file metadata whose delete mark takes effect only ``GRACE_S`` seconds after it was set."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._marked_at: float | None = None

    @property
    def is_marked_for_delete(self) -> bool:
        return self._marked_at is not None and time.monotonic() - self._marked_at >= GRACE_S

    def mark_for_delete(self) -> None:
        """Start the grace period (a later mark does not restart it)."""
        if self._marked_at is None:
            self._marked_at = time.monotonic()


def install() -> bool:
    """Make the media manager use :class:`GraceMetadata` for files created from now on; True when active."""
    if _mfm.MediaFileMetadata is GraceMetadata:
        return True
    base = _mfm.MediaFileMetadata
    expected = ("kind", "is_marked_for_delete", "mark_for_delete")
    if base is not _Base or not all(hasattr(base, name) for name in expected):
        return False  # Streamlit changed: leave it alone
    _mfm.MediaFileMetadata = GraceMetadata  # type: ignore[misc]
    return True


def _running_manager() -> _mfm.MediaFileManager | None:
    """The media manager of this process's Streamlit server, or None outside a server (tests, AppTest)."""
    from streamlit.runtime import Runtime

    return Runtime.instance().media_file_mgr if Runtime.exists() else None


def sweep_once(manager: Callable[[], _mfm.MediaFileManager | None] = _running_manager) -> bool:
    """One sweep of orphaned files (what Streamlit does after a script run); False when there is no server."""
    mgr = manager()
    if mgr is None:
        return False
    mgr.remove_orphaned_files()
    return True


def start_sweeper(every_s: float = SWEEP_EVERY_S) -> threading.Thread:
    """Sweep every ``every_s`` seconds in a daemon thread, once per process (idempotent); returns the thread."""
    global _sweeper
    if _sweeper is not None and _sweeper.is_alive():
        return _sweeper

    def run() -> None:
        while True:
            time.sleep(every_s)
            try:
                sweep_once()
            except Exception:  # never let housekeeping take anything down; the next run's sweep still happens
                _log.exception("background media sweep failed")

    _sweeper = threading.Thread(target=run, name="media-sweeper", daemon=True)
    _sweeper.start()
    return _sweeper
