"""Several Streamlit processes behind nginx on one port: the process runner (configuration: :mod:`.nginx_conf`).

Used by ``make serve WORKERS=N`` (``python -m regiomonitor.deploy``), by ``bench/load_ws.py --workers N`` and
by the nginx smoke test. Streamlit keeps a session (its widgets, its generated downloads under ``/media/``) in
the memory of one process, so every request of one browser must reach the same process:

* nginx picks the process by hashing a cookie (``regiomonitor_route``). A browser without the cookie gets a
  random one on its first response (``$request_id``), so new visitors spread over the processes and every later
  request of that browser (the websocket, downloads, uploads) goes to the same one. Only open-source nginx
  features are used (``hash … consistent``, ``map``); if a process is down, its visitors move to another one.
* the websocket is proxied with the ``Upgrade`` headers and long timeouts;
* nginx adds the security headers the app itself does not send (a Content-Security-Policy with
  ``frame-ancestors``, ``X-Frame-Options``, ``nosniff``, a referrer policy) and answers ``/_stcore/metrics``
  with 404 (Streamlit's internal figures stay reachable on the processes' own loopback ports);
* all processes share one cookie secret (``STREAMLIT_SERVER_COOKIE_SECRET``), so Streamlit's XSRF cookie stays
  valid when a visitor is moved to another process.

Everything here is plain Python (no Streamlit import); the processes are started with ``subprocess`` and stopped
in ``finally`` blocks, each by its own pid.
"""

from __future__ import annotations

import argparse
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from regiomonitor.nginx_conf import NGINX, Site, nginx_conf
from regiomonitor.paths import PROJECT_ROOT


def default_workers() -> int:
    """The number of processes ``make serve`` starts without ``WORKERS``: one per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def parse_workers(value: str | int | None) -> int:
    """``WORKERS`` as a positive number (empty: the default); raises ValueError with a readable message."""
    if value is None or str(value).strip() == "":
        return default_workers()
    text = str(value).strip()
    if not text.isdigit() or not 1 <= int(text) <= 64:
        raise ValueError(f"WORKERS must be a whole number from 1 to 64, not {text!r}")
    return int(text)


# ----------------------------------------------------------------------------------------------------------------
# Processes


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free right now."""
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def worker_command(port: int, root: Path = PROJECT_ROOT, python: str = sys.executable) -> list[str]:
    """One Streamlit process on a loopback port that loads and validates its data before it listens."""
    return [
        python,
        "-m",
        "components.warm",
        str(root / "app.py"),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]


def wait_healthy(url: str, proc: subprocess.Popen | None = None, timeout: float = 120.0) -> None:
    """Wait until ``url``/_stcore/health answers 200 (bounded); raise if the process exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process for {url} exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            time.sleep(0.25)  # bounded by the deadline above
    raise TimeoutError(f"{url} did not become healthy within {timeout:.0f} s")


def stop(proc: subprocess.Popen, timeout: float = 15.0) -> None:
    """Stop one process we started: SIGTERM, then SIGKILL after ``timeout``."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=timeout)


@dataclass
class Cluster:
    """Running worker processes and the nginx in front of them."""

    url: str
    workers: list[subprocess.Popen] = field(default_factory=list)
    worker_ports: list[int] = field(default_factory=list)
    nginx: subprocess.Popen | None = None
    prefix: Path | None = None
    renderer: subprocess.Popen | None = None
    renderer_socket: Path | None = None
    restart_renderer: Callable[[], subprocess.Popen] | None = None

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.workers]

    def keep_renderer(self, say: Callable[[str], object] = print) -> bool:
        """Restart the chart renderer if it has stopped; False once it could not be restarted (the Streamlit
        processes then draw their charts themselves, as they do while it restarts)."""
        if self.renderer is None or self.restart_renderer is None:  # none configured, or given up
            return False
        if self.renderer.poll() is None:
            return True
        say(f"serve: chart renderer stopped (code {self.renderer.returncode}); restarting it.")
        try:
            self.renderer = self.restart_renderer()
        except (RuntimeError, TimeoutError, OSError) as exc:
            say(f"serve: {exc}; the processes keep drawing charts themselves.")
            self.restart_renderer = None
            return False
        return True

    def access_log(self) -> str:
        """nginx's access log so far (one line per request, with the upstream that served it)."""
        path = self.prefix / "access.log" if self.prefix else None
        return path.read_text(encoding="utf-8", errors="replace") if path and path.exists() else ""


def _nginx_user() -> str | None:
    """As root nginx's workers drop to an unprivileged user; the prefix folder must be theirs."""
    if os.geteuid() != 0:
        return None
    for name in ("www-data", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    return None


def start_nginx(listen: str, upstreams: Sequence[int], prefix: Path, log=None) -> subprocess.Popen:
    """Write the configuration into ``prefix`` and start Debian's nginx in the foreground; waits until it listens."""
    if not Path(NGINX).exists():
        raise FileNotFoundError(f"nginx not found at {NGINX}; install Debian's nginx package (make system-deps)")
    user = _nginx_user()
    for sub in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    if user:
        entry = pwd.getpwnam(user)
        for path in [prefix / "tmp", *(prefix / "tmp").iterdir()]:
            os.chown(path, entry.pw_uid, entry.pw_gid)
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_conf(Site(listen, tuple(upstreams), prefix, user)), encoding="utf-8")
    check = subprocess.run(
        [NGINX, "-t", "-q", "-p", str(prefix), "-c", str(conf)], capture_output=True, text=True, timeout=30, check=False
    )
    if check.returncode != 0:
        raise RuntimeError(f"nginx rejected its configuration: {check.stderr.strip()}")
    proc = subprocess.Popen(
        [NGINX, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
        stdout=log or subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    host, port = listen.rsplit(":", 1)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"nginx exited with code {proc.returncode}: {(prefix / 'error.log').read_text()}")
        try:
            with socket.create_connection(("127.0.0.1" if host in ("0.0.0.0", "*") else host, int(port)), 1):
                return proc
        except OSError:
            time.sleep(0.1)  # bounded by the deadline
    stop(proc)
    raise TimeoutError(f"nginx did not listen on {listen} within 20 s")


#: CPU priority of the chart renderer (``nice``): below the page runs a room waits for, but not so low that its
#: downloads starve while the room is busy (exports have a budget of seconds, page runs of about one).
RENDERER_NICE = int(os.environ.get("REGIOMONITOR_RENDERER_NICE", "5"))


def renderer_command(sock: Path, python: str = sys.executable, nice: int = RENDERER_NICE) -> list[str]:
    """The shared chart renderer (:mod:`regiomonitor.renderer`) on the Unix socket ``sock``."""
    return [python, "-m", "regiomonitor.renderer", "--socket", str(sock), "--nice", str(nice)]


def start_renderer(sock: Path, env: dict[str, str], root: Path = PROJECT_ROOT, log=None) -> subprocess.Popen:
    """Start the renderer at a lower CPU priority and wait (bounded) until its socket accepts connections."""
    if sock.exists():
        sock.unlink()  # left by a renderer that was killed; a new socket cannot be bound over it
    proc = subprocess.Popen(
        renderer_command(sock), cwd=root, env=env, stdout=log or subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the chart renderer exited early with code {proc.returncode}")
        if sock.exists():
            return proc
        time.sleep(0.1)  # bounded by the deadline
    stop(proc)
    raise TimeoutError("the chart renderer did not listen within 60 s")


@contextmanager
def cluster(
    workers: int,
    listen: str | None = None,
    root: Path = PROJECT_ROOT,
    logs: Path | None = None,
    env: dict[str, str] | None = None,
    health_timeout: float = 180.0,
    ready: Callable[[str], object] | None = None,
    renderer: bool = True,
) -> Iterator[Cluster]:
    """``workers`` Streamlit processes and nginx in front of them; everything is stopped on exit.

    ``listen`` defaults to a free loopback port. Logs go to ``logs`` (default: nginx's temporary prefix).
    ``ready(url)`` runs for each process once it is healthy and before nginx starts (``make serve`` opens every
    page there once, so the first visitors find compiled pages and filled caches). With ``renderer`` (the
    default) one chart renderer draws the PNG/SVG/PDF charts of all processes (:mod:`regiomonitor.renderer`).
    """
    prefix = Path(tempfile.mkdtemp(prefix="regiomonitor-nginx-"))
    os.chmod(prefix, 0o755)
    logs = logs or prefix
    logs.mkdir(parents=True, exist_ok=True)
    listen = listen or f"127.0.0.1:{free_port()}"
    host, port = listen.rsplit(":", 1)
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '*') else host}:{port}"
    run_env = {**os.environ, **(env or {})}
    run_env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(32))
    # The workers listen on loopback only, so the address nginx forwards (X-Real-IP) is the visitor's: the editor
    # login's per-address throttle uses it instead of seeing every visitor as 127.0.0.1.
    run_env.setdefault("REGIOMONITOR_TRUSTED_PROXY", "1")
    run_env["PYTHONPATH"] = os.pathsep.join([str(root), *filter(None, [run_env.get("PYTHONPATH")])])
    handles = []
    c = Cluster(url=url, prefix=prefix)
    private = Path(tempfile.mkdtemp(prefix="regiomonitor-render-"))  # 0700: only this user reaches the socket
    try:
        if renderer:
            from regiomonitor.renderer import KEY_ENV, SOCKET_ENV

            c.renderer_socket = private / "render.sock"
            run_env[SOCKET_ENV] = str(c.renderer_socket)
            run_env[KEY_ENV] = secrets.token_hex(32)
            rlog = open(logs / "renderer.log", "ab")
            handles.append(rlog)
            c.renderer = start_renderer(c.renderer_socket, run_env, root, rlog)
            c.restart_renderer = lambda: start_renderer(c.renderer_socket, run_env, root, rlog)
        for _ in range(workers):
            wport = free_port()
            log = open(logs / f"worker-{wport}.log", "wb")
            handles.append(log)
            c.workers.append(
                subprocess.Popen(
                    worker_command(wport, root), cwd=root, stdout=log, stderr=subprocess.STDOUT, env=run_env
                )
            )
            c.worker_ports.append(wport)
        for proc, wport in zip(c.workers, c.worker_ports, strict=True):
            wait_healthy(f"http://127.0.0.1:{wport}", proc, health_timeout)
        if ready is not None:
            for wport in c.worker_ports:
                ready(f"http://127.0.0.1:{wport}")
        nlog = open(logs / "nginx.log", "wb")
        handles.append(nlog)
        c.nginx = start_nginx(listen, c.worker_ports, prefix, nlog)
        yield c
    finally:
        if c.nginx is not None:
            stop(c.nginx)
        for proc in c.workers:
            stop(proc)
        if c.renderer is not None:
            stop(c.renderer)
        for h in handles:
            h.close()
        shutil.rmtree(prefix, ignore_errors=True)
        shutil.rmtree(private, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """``make serve``: N processes and nginx on one public port, until Ctrl-C or SIGTERM."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--workers", default=os.environ.get("WORKERS"), help="processes (default: number of cores)")
    parser.add_argument(
        "--listen",
        default=os.environ.get("LISTEN", "0.0.0.0:8501"),
        help="public address:port of nginx (default 0.0.0.0:8501)",
    )
    parser.add_argument(
        "--logs",
        type=Path,
        default=PROJECT_ROOT / "var" / "serve",
        help="folder for the processes' and nginx's logs (default var/serve)",
    )
    parser.add_argument("--no-visit", action="store_true", help="do not open every page once before serving")
    parser.add_argument(
        "--no-renderer", action="store_true", help="every process draws its own chart pictures (no shared renderer)"
    )
    args = parser.parse_args(argv)
    try:
        n = parse_workers(args.workers)
    except ValueError as exc:
        parser.error(str(exc))
    stopping = {"now": False}

    def _stop(signum: int, frame: object) -> None:
        stopping["now"] = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    print(f"serve: starting {n} Streamlit process(es); each loads and checks its data first …", flush=True)

    def visit(url: str) -> None:
        from components.warm import visit_pages  # the websocket client needs Streamlit's protocol classes

        took = visit_pages(url)
        print(
            f"serve: {url} warmed, first visit per page: " + ", ".join(f"{k} {v:.2f} s" for k, v in took.items()),
            flush=True,
        )

    try:
        with cluster(
            n, args.listen, logs=args.logs, ready=None if args.no_visit else visit, renderer=not args.no_renderer
        ) as c:
            print(
                f"serve: {c.url} → nginx → ports {', '.join(map(str, c.worker_ports))} (logs in {args.logs}); "
                "Ctrl-C stops everything.",
                flush=True,
            )
            while not stopping["now"]:
                dead = [p.pid for p in [*c.workers, c.nginx] if p is not None and p.poll() is not None]
                c.keep_renderer(lambda line: print(line, flush=True))  # the processes draw charts meanwhile
                if dead:
                    print(f"serve: process(es) {dead} stopped; stopping the rest.", file=sys.stderr, flush=True)
                    return 1
                time.sleep(1)
    except (RuntimeError, TimeoutError, FileNotFoundError) as exc:
        print(f"serve: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
