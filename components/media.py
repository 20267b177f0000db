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

This touches a private Streamlit module. ``install`` checks the shape it relies on and does nothing if it has
changed (the app then simply behaves as upstream); ``tests/unit/test_media_grace.py`` fails loudly in that case
so an upgrade cannot silently drop the fix.
"""

from __future__ import annotations

import time
from typing import Final

from streamlit.runtime import media_file_manager as _mfm

#: Seconds an orphaned download file is kept after a sweep first finds it.
GRACE_S: Final[float] = 60.0

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
