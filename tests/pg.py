"""A throwaway PostgreSQL server for tests: initdb in a temp dir, a free port, stopped at teardown.

Uses Debian's server binaries (/usr/lib/postgresql/<version>/bin). initdb refuses to run as root, so as root the
commands run as the ``postgres`` OS user (via ``runuser``); otherwise as the current user. The server listens on
127.0.0.1 only, with its socket in the temp dir and trust authentication (test use only). Every wait is bounded.
"""

from __future__ import annotations

import glob
import os
import shlex
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DATABASE = "regiomonitor_test"


def pg_bin() -> Path | None:
    """The newest installed PostgreSQL bin directory (holding initdb), or None."""
    found = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    found.sort(key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@contextmanager
def postgres_server(timeout: int = 60) -> Iterator[str]:
    """Start a server, create database ``regiomonitor_test`` and yield its URL; stop and remove it afterwards.

    Raises:
        RuntimeError: no server binaries, or a step failed (with its output and the server log's tail).
    """
    bindir = pg_bin()
    if bindir is None:
        raise RuntimeError(
            "PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)."
        )
    tmp = Path(tempfile.mkdtemp(prefix="regiomonitor-pg-"))
    data, log = tmp / "data", tmp / "server.log"
    data.mkdir()
    if os.geteuid() == 0:
        for path in (tmp, data):
            shutil.chown(path, "postgres")
    os.chmod(tmp, 0o700)
    os.chmod(data, 0o700)
    port = _free_port()

    def run(cmd: list[str], what: str) -> None:
        try:
            subprocess.run(_as_server_user(cmd), check=True, capture_output=True, timeout=timeout)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            output = (exc.stderr or b"").decode(errors="replace")[-2000:] if isinstance(exc.stderr, bytes) else ""
            raise RuntimeError(f"PostgreSQL test server: {what} failed: {exc}\n{output}\n{_tail(log)}") from exc

    options = f"-k {shlex.quote(str(tmp))} -c listen_addresses=127.0.0.1 -p {port} -c fsync=off -c full_page_writes=off"
    try:
        run(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
            "initdb",
        )
        run(
            [str(bindir / "pg_ctl"), "-D", str(data), "-w", "-t", str(timeout), "-l", str(log), "-o", options, "start"],
            "pg_ctl start",
        )
        run([str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", DATABASE], "createdb")
        yield f"postgresql://postgres@127.0.0.1:{port}/{DATABASE}"
    finally:
        if (data / "postmaster.pid").exists():  # also after a start that timed out half-way
            subprocess.run(
                _as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "-t", "30", "stop"]),
                capture_output=True,
                timeout=60,
                check=False,
            )
        shutil.rmtree(tmp, ignore_errors=True)
