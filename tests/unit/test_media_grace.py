"""The grace period for generated download files (components/media.py) against Streamlit's real media manager."""

from __future__ import annotations

import pytest
from streamlit.runtime import media_file_manager as mfm
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from components import media


@pytest.fixture()
def manager(monkeypatch: pytest.MonkeyPatch) -> mfm.MediaFileManager:
    monkeypatch.setattr(mfm, "MediaFileMetadata", media._Base)  # start from upstream, install inside the test
    assert media.install(), "Streamlit's media manager changed shape: re-check components/media.py"
    return mfm.MediaFileManager(MemoryMediaFileStorage("/media"))


def _orphaned_download(manager: mfm.MediaFileManager) -> str:
    url = manager.add(b"%PDF-1.7 test", "application/pdf", "1.(2).3", "factsheet.pdf", is_for_static_download=True)
    manager.clear_session_refs("dontcare")  # the session moved on: nobody references the file any more
    return url.rsplit("/", 1)[-1].split(".")[0]


def test_orphaned_download_survives_sweeps_within_the_grace_period(manager, monkeypatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr(media.time, "monotonic", lambda: clock[0])
    file_id = _orphaned_download(manager)
    for _ in range(10):  # ten sessions finishing a run within a second: upstream deletes on the second
        manager.remove_orphaned_files()
    assert manager.read_file(file_id) is not None
    clock[0] += media.GRACE_S + 1
    manager.remove_orphaned_files()
    assert manager.read_file(file_id) is None  # and it is gone once the grace period has passed


def test_upstream_behaviour_without_the_patch(monkeypatch) -> None:
    """Documents why the patch exists: without it, two sweeps delete an orphaned download."""
    monkeypatch.setattr(mfm, "MediaFileMetadata", media._Base)
    manager = mfm.MediaFileManager(MemoryMediaFileStorage("/media"))
    file_id = _orphaned_download(manager)
    manager.remove_orphaned_files()
    manager.remove_orphaned_files()
    assert manager.read_file(file_id) is None


def test_media_files_are_not_kept(manager) -> None:
    """Only downloads get the grace period; images and other media are dropped as upstream does."""
    url = manager.add(b"\x89PNG", "image/png", "1.(2).4")
    manager.clear_session_refs("dontcare")
    manager.remove_orphaned_files()
    assert manager.read_file(url.rsplit("/", 1)[-1].split(".")[0]) is None


def test_background_sweep_releases_a_left_rooms_files_after_the_grace_period(manager, monkeypatch) -> None:
    """No script run after the room left: the sweeper's own sweeps mark and then delete the orphaned file."""
    clock = [1000.0]
    monkeypatch.setattr(media.time, "monotonic", lambda: clock[0])
    file_id = _orphaned_download(manager)
    assert media.sweep_once(lambda: manager)  # marks it
    assert manager.read_file(file_id) is not None
    clock[0] += media.GRACE_S + 1
    assert media.sweep_once(lambda: manager)
    assert manager.read_file(file_id) is None


def test_sweeper_is_one_daemon_thread_and_idle_outside_a_server() -> None:
    first, second = media.start_sweeper(), media.start_sweeper()
    assert first is second and first.daemon and first.is_alive()
    assert media.sweep_once() is False  # no Streamlit server in a unit test: nothing to sweep
