"""The shared chart renderer: pictures over its Unix socket equal the in-process ones, and nothing a visitor
asks for fails because the renderer is missing, stopped or has a different key."""

from __future__ import annotations

import json
import logging
import shutil
import socket
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from regiomonitor import renderer

SPEC = json.dumps(
    {
        "data": {"values": [{"jaar": 2012, "waarde": 51.5}, {"jaar": 2020, "waarde": 62.9}]},
        "mark": "line",
        "encoding": {"x": {"field": "jaar", "type": "ordinal"}, "y": {"field": "waarde", "type": "quantitative"}},
        "title": "Eenzaam in Wesselerbrink",
    }
)
KEY = bytes(range(32))


@pytest.fixture(scope="module")
def running() -> Iterator[str]:
    """A renderer serving in a thread of this process on a socket in a private folder."""
    folder = Path(tempfile.mkdtemp(prefix="rm-render-"))  # short: a Unix socket path has ~100 characters
    address = str(folder / "s")
    ready, stop = threading.Event(), threading.Event()
    thread = threading.Thread(target=renderer.serve, args=(address, KEY, ready, stop), daemon=True)
    thread.start()
    assert ready.wait(60), "renderer did not listen within 60 s"
    yield address
    stop.set()
    thread.join(10)
    assert not thread.is_alive() and not Path(address).exists()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def use(running: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(renderer.SOCKET_ENV, running)
    monkeypatch.setenv(renderer.KEY_ENV, KEY.hex())
    return running


def test_socket_is_private_to_its_owner(running: str) -> None:
    assert Path(running).stat().st_mode & 0o077 == 0


def test_remote_pictures_equal_local_ones(use: str) -> None:
    svg = renderer.draw_remote(use, KEY, "svg", SPEC)
    assert svg == renderer.draw_local("svg", SPEC) and b"Eenzaam in Wesselerbrink" in svg
    assert renderer.draw("png", SPEC, 1.0).startswith(b"\x89PNG\r\n\x1a\n")


def test_exports_go_through_the_renderer_when_configured(use: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from regiomonitor import exports

    asked: list[str] = []
    remote = renderer.draw_remote

    def spy(*args: object, **kwargs: object) -> bytes:
        asked.append(str(args[2]))
        return remote(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(renderer, "draw_remote", spy)
    assert exports.spec_svg(SPEC).startswith("<svg") and exports.spec_png(SPEC).startswith(b"\x89PNG")
    assert asked == ["svg", "png"]


def test_a_spec_the_renderer_rejects_is_a_value_error_as_in_process(use: str) -> None:
    with pytest.raises(ValueError, match="conversion failed"):
        renderer.draw_remote(use, KEY, "png", '{"mark": 5}')
    with pytest.raises(ValueError, match="conversion failed"):
        renderer.draw("png", '{"mark": 5}')


def test_bad_requests_get_an_error_answer_and_the_renderer_keeps_serving(use: str) -> None:
    for request in (b"no header line", b'{"op": "gif"}\n{}', b'{"op": "png", "scale": 100}\n{}', b"\xff\n{}"):
        assert renderer._answer(request).startswith(b"error\n"), request
    with socket.socket(socket.AF_UNIX) as sock:
        sock.settimeout(30)
        sock.connect(use)
        renderer._send(sock, KEY, b'{"op": "svg"}')  # no spec at all
        assert renderer._recv(sock, KEY, 10_000).startswith(b"error\n")
    assert renderer.draw_remote(use, KEY, "svg", SPEC).startswith(b"<svg")


def test_too_large_a_spec_is_refused_before_it_is_sent(use: str) -> None:
    with pytest.raises(ValueError, match="too large"):
        renderer.draw_remote(use, KEY, "svg", " " * (renderer.MAX_SPEC_BYTES + 1))


def test_wrong_key_or_no_renderer_draws_in_process_and_says_so_once(
    running: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    monkeypatch.setattr(renderer, "_warned", set())
    with pytest.raises(renderer.RendererUnavailable):
        renderer.draw_remote(running, b"another key", "svg", SPEC)
    with pytest.raises(renderer.RendererUnavailable):
        renderer.draw_remote(str(tmp_path / "gone"), KEY, "svg", SPEC)
    monkeypatch.setenv(renderer.SOCKET_ENV, str(tmp_path / "gone"))
    monkeypatch.setenv(renderer.KEY_ENV, KEY.hex())
    with caplog.at_level(logging.WARNING, logger=renderer.__name__):
        first = renderer.draw("svg", SPEC)
        second = renderer.draw("svg", SPEC)
    assert first == second == renderer.draw_local("svg", SPEC)
    assert sum("drawing charts in-process" in r.message for r in caplog.records) == 1


def test_not_configured_without_a_socket_or_with_a_bad_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(renderer.SOCKET_ENV, raising=False)
    assert renderer.configured() is None
    monkeypatch.setenv(renderer.SOCKET_ENV, "/tmp/x")
    monkeypatch.setenv(renderer.KEY_ENV, "not hex")
    assert renderer.configured() is None
    monkeypatch.setenv(renderer.KEY_ENV, "00ff")
    assert renderer.configured() == ("/tmp/x", b"\x00\xff")


def test_a_silent_or_unsigned_client_gets_no_answer_and_the_renderer_goes_on(use: str) -> None:
    with socket.socket(socket.AF_UNIX) as sock:  # signed with another key: the connection is closed unanswered
        sock.settimeout(30)
        sock.connect(use)
        renderer._send(sock, b"another key", b'{"op": "svg"}\n' + SPEC.encode())
        assert sock.recv(1) == b""
    with socket.socket(socket.AF_UNIX) as sock:  # announces a message over the limit
        sock.settimeout(30)
        sock.connect(use)
        sock.sendall((renderer.MAX_SPEC_BYTES * 2).to_bytes(8, "big"))
        assert sock.recv(1) == b""
    idle = socket.socket(socket.AF_UNIX)  # connects and says nothing: holds one thread until its timeout only
    idle.connect(use)
    try:
        assert renderer.draw_remote(use, KEY, "svg", SPEC).startswith(b"<svg")
    finally:
        idle.close()


def test_a_renderer_that_does_not_answer_times_out_and_the_picture_is_drawn_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = Path(tempfile.mkdtemp(prefix="rm-mute-"))
    address = str(folder / "s")
    mute = socket.socket(socket.AF_UNIX)  # listens, never accepts: a stopped or stuck renderer
    mute.bind(address)
    mute.listen(1)
    try:
        with pytest.raises(renderer.RendererUnavailable, match="TimeoutError|timed out"):
            renderer.draw_remote(address, KEY, "svg", SPEC, timeout=0.5)
        monkeypatch.setattr(renderer, "REPLY_TIMEOUT_S", 0.5)
        monkeypatch.setenv(renderer.SOCKET_ENV, address)
        monkeypatch.setenv(renderer.KEY_ENV, KEY.hex())
        assert renderer.draw("svg", SPEC) == renderer.draw_local("svg", SPEC)
    finally:
        mute.close()
        shutil.rmtree(folder, ignore_errors=True)
