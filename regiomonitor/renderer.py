"""Chart pictures (Vega-Lite → PNG/SVG) in one shared helper process instead of in every Streamlit process.

    python -m regiomonitor.renderer --socket PATH        (``make serve`` starts it; the key comes from the env)

Why: vl-convert draws Vega-Lite in an embedded JavaScript engine (V8). Its first picture adds about 75 MB to a
process and its heap grows to some 115 MB after a few dozen pictures (measured with /proc/self/status), memory a
Streamlit process then keeps for good although it draws a picture only when someone asks for a PNG, SVG or PDF.
With several processes behind nginx that is one idle engine per process. ``make serve`` therefore starts one
renderer per host, at a lower CPU priority (an export is a download with a budget of seconds, a page run is what
the room is waiting for), and the Streamlit processes send it their specs over a Unix socket.

* The transport is a Unix socket in a folder only its owner can open (0600 socket, 0700 folder) and one message
  each way per connection: an 8-byte length, an HMAC-SHA256 of the message with the shared key, the message. A
  request is a JSON header line (``{"op": "png", "scale": 2.0}``) and the spec; the answer is ``ok`` and the
  picture, or ``error`` and vl-convert's message. Messages are plain bytes (nothing is unpickled), bounded in
  size, and every connect, send and receive has a timeout on both sides, so neither a stuck renderer nor a silent
  client can hold a thread for good.
* Without ``REGIOMONITOR_RENDERER`` (``make run``, the tests, a single process) pictures are drawn in-process,
  exactly as before. When the renderer cannot be reached (stopped, restarting, too slow) the picture is drawn
  in-process too and the problem is logged once: a visitor's download never fails because of the helper.
* A spec vl-convert rejects raises :class:`ValueError` in both cases, as vl-convert itself does.

No Streamlit import here.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import logging
import os
import signal
import socket
import sys
import threading
from pathlib import Path
from typing import Final, Literal

log = logging.getLogger(__name__)

#: Environment variable with the renderer's socket path; unset means draw in-process.
SOCKET_ENV: Final = "REGIOMONITOR_RENDERER"
#: Environment variable with the shared key (hex) both sides use to authenticate a connection.
KEY_ENV: Final = "REGIOMONITOR_RENDERER_KEY"
#: The largest spec accepted (our biggest chart, all Twente buurten over four years, is well under 1 MB).
MAX_SPEC_BYTES: Final = 16 * 2**20
#: The largest picture accepted back (a scale-2 PNG of a wide chart is a few hundred kB).
MAX_PICTURE_BYTES: Final = 64 * 2**20
#: Seconds a client waits for its picture before it draws it itself (the renderer serialises pictures).
REPLY_TIMEOUT_S: Final = 60.0
#: Seconds the renderer waits for a connected client's request.
REQUEST_TIMEOUT_S: Final = 10.0

Op = Literal["png", "svg"]
_warned: set[str] = set()


class RendererUnavailable(OSError):
    """The renderer could not be reached or did not answer in time (the caller draws in-process)."""


def draw_local(op: Op, spec: str, scale: float = 2.0) -> bytes:
    """The picture drawn in this process (PNG bytes, or SVG text as UTF-8)."""
    import vl_convert as vlc

    if op == "png":
        return vlc.vegalite_to_png(spec, scale=scale)
    if op == "svg":
        return vlc.vegalite_to_svg(spec).encode("utf-8")
    raise ValueError(f"unknown picture type {op!r}")


def _send(sock: socket.socket, key: bytes, message: bytes) -> None:
    mac = hmac.new(key, message, hashlib.sha256).digest()
    sock.sendall(len(message).to_bytes(8, "big") + mac + message)


def _recv_exactly(sock: socket.socket, n: int) -> bytes:
    chunks, left = [], n
    while left:
        chunk = sock.recv(min(left, 2**20))
        if not chunk:
            raise EOFError("connection closed mid-message")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _recv(sock: socket.socket, key: bytes, max_bytes: int) -> bytes:
    """One message; :class:`ValueError` when it is too large or its MAC is not ours."""
    size = int.from_bytes(_recv_exactly(sock, 8), "big")
    if size > max_bytes:
        raise ValueError(f"message of {size} bytes is over the limit of {max_bytes}")
    mac = _recv_exactly(sock, 32)
    message = _recv_exactly(sock, size)
    if not hmac.compare_digest(mac, hmac.new(key, message, hashlib.sha256).digest()):
        raise ValueError("message not signed with the shared key")
    return message


def draw_remote(address: str, key: bytes, op: Op, spec: str, scale: float = 2.0, timeout: float | None = None) -> bytes:
    """The picture drawn by the renderer at ``address``; :class:`RendererUnavailable` when it cannot answer
    within ``timeout`` (default :data:`REPLY_TIMEOUT_S`) or has another key, :class:`ValueError` when it rejects
    the spec."""
    timeout = REPLY_TIMEOUT_S if timeout is None else timeout
    body = spec.encode("utf-8")
    if len(body) > MAX_SPEC_BYTES:
        raise ValueError(f"chart spec too large for the renderer ({len(body)} bytes)")
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(address)
            _send(sock, key, json.dumps({"op": op, "scale": scale}).encode() + b"\n" + body)
            reply = _recv(sock, key, MAX_PICTURE_BYTES + 16)
    except (OSError, EOFError, ValueError) as exc:  # no socket, gone, too slow (TimeoutError), or another key
        raise RendererUnavailable(f"renderer at {address} unavailable: {type(exc).__name__}: {exc}") from exc
    status, _, payload = reply.partition(b"\n")
    if status == b"ok":
        return payload
    if status == b"error":
        raise ValueError(payload.decode("utf-8", "replace"))
    raise RendererUnavailable(f"renderer at {address} answered {status[:20]!r}")


def configured() -> tuple[str, bytes] | None:
    """The renderer's socket and key from the environment, or None (draw in-process)."""
    address = os.environ.get(SOCKET_ENV, "").strip()
    if not address:
        return None
    try:
        key = bytes.fromhex(os.environ.get(KEY_ENV, ""))
    except ValueError:
        key = b""
    if not key:
        _warn_once("key", f"{SOCKET_ENV} is set but {KEY_ENV} is not a hex key: drawing charts in-process")
        return None
    return address, key


def draw(op: Op, spec: str, scale: float = 2.0) -> bytes:
    """The picture for ``spec``: by the renderer when one is configured and answers, else in this process."""
    target = configured()
    if target is not None:
        try:
            return draw_remote(target[0], target[1], op, spec, scale)
        except RendererUnavailable as exc:
            _warn_once(target[0], f"{exc}; drawing charts in-process until it is back")
    return draw_local(op, spec, scale)


def _warn_once(what: str, message: str) -> None:
    if what not in _warned:
        _warned.add(what)
        log.warning(message)


# --- the renderer process --------------------------------------------------------------------------------------


def _answer(request: bytes) -> bytes:
    """One request's answer: ``ok`` and the picture, or ``error`` and a one-paragraph message."""
    head, sep, body = request.partition(b"\n")
    try:
        if not sep:
            raise ValueError("request without a header line")
        header = json.loads(head)
        op = header.get("op")
        scale = float(header.get("scale", 2.0))
        if op not in ("png", "svg") or not 0.1 <= scale <= 8:
            raise ValueError(f"bad request header {head[:80]!r}")
        picture = draw_local(op, body.decode("utf-8"), scale)
    except Exception as exc:  # a bad spec must not stop the renderer
        return b"error\n" + str(exc)[:2000].encode("utf-8", "replace")
    if len(picture) > MAX_PICTURE_BYTES:
        return b"error\n" + f"picture too large ({len(picture)} bytes)".encode()
    return b"ok\n" + picture


def _serve_one(conn: socket.socket, key: bytes) -> None:
    with conn:
        try:
            conn.settimeout(REQUEST_TIMEOUT_S)  # a client that sends nothing does not hold this thread
            request = _recv(conn, key, MAX_SPEC_BYTES + 4096)
        except ValueError as exc:  # too large, or not signed with our key: no answer at all
            log.warning("renderer: refused a request: %s", exc)
            return
        except (OSError, EOFError):  # the client went away or was too slow (it draws the picture itself)
            return
        answer = _answer(request)
        try:
            conn.settimeout(REQUEST_TIMEOUT_S)
            _send(conn, key, answer)
        except OSError:
            return


def serve(address: str, key: bytes, ready: threading.Event | None = None, stop: threading.Event | None = None) -> None:
    """Answer picture requests on the Unix socket ``address`` until ``stop`` is set (or the process ends).

    The socket's folder must exist and should be private to its owner (``make serve`` makes a 0700 folder).
    One thread per connection: they wait on vl-convert, which draws one picture at a time.
    """
    draw_local("svg", json.dumps(_WARM_SPEC))  # start the engine now, not on the first visitor's download
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
        listener.bind(address)
        os.chmod(address, 0o600)
        listener.listen(64)
        listener.settimeout(0.5)  # wakes up to look at ``stop``
        if ready is not None:
            ready.set()
        try:
            while stop is None or not stop.is_set():
                try:
                    conn, _ = listener.accept()
                except TimeoutError:
                    continue
                threading.Thread(target=_serve_one, args=(conn, key), name="render", daemon=True).start()
        finally:
            Path(address).unlink(missing_ok=True)


#: A tiny chart drawn at start-up, so the engine and its fonts are loaded before the first request.
_WARM_SPEC: Final = {
    "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
    "data": {"values": [{"x": 1, "y": 1}]},
    "mark": "point",
    "encoding": {"x": {"field": "x", "type": "quantitative"}, "y": {"field": "y", "type": "quantitative"}},
    "title": "Regiomonitor",
}


def main(argv: list[str] | None = None) -> int:
    """Run the renderer on ``--socket`` with the key from ``REGIOMONITOR_RENDERER_KEY`` until SIGTERM."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--socket", required=True, type=Path, help="path of the Unix socket to listen on")
    parser.add_argument("--nice", type=int, default=0, help="lower this process's CPU priority by N (os.nice)")
    args = parser.parse_args(argv)
    if args.nice:
        os.nice(args.nice)  # before the engine starts its threads, which inherit it
    try:
        key = bytes.fromhex(os.environ.get(KEY_ENV, ""))
    except ValueError:
        key = b""
    if not key:
        parser.error(f"{KEY_ENV} must hold the shared key in hex")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"renderer: drawing charts for the Streamlit processes on {args.socket}", flush=True)
    serve(str(args.socket), key)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
