"""A throwaway PostgreSQL server for tests: initdb in a temp dir, a free port, stopped at teardown.

Uses Debian's server binaries (/usr/lib/postgresql/<version>/bin). initdb refuses to run as root, so as root the
commands run as the ``postgres`` OS user. Every wait is bounded.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def pg_bin() -> Path | None:
    """The newest installed PostgreSQL bin directory, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_user(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@contextmanager
def postgres_server(timeout: int = 60) -> Iterator[str]:
    """Start a server, create database ``regiomonitor_test`` and yield its URL."""
    bindir = pg_bin()
    if bindir is None:
        raise RuntimeError("PostgreSQL server binaries not found (apt-get install postgresql)")
    tmp = Path(tempfile.mkdtemp(prefix="regiomonitor-pg-"))
    data = tmp / "data"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres")
        shutil.chown(data, "postgres")
    os.chmod(tmp, 0o755)
    port = _free_port()
    run = {"check": True, "capture_output": True, "timeout": timeout}
    started = False
    try:
        subprocess.run(_as_user([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                                 "-E", "UTF8", "--no-sync"]), **run)
        subprocess.run(_as_user([str(bindir / "pg_ctl"), "-D", str(data), "-w", "-t", str(timeout), "-l",
                                 str(tmp / "server.log"), "-o",
                                 f"-k {tmp} -c listen_addresses=127.0.0.1 -p {port} -c fsync=off", "start"]), **run)
        started = True
        subprocess.run(_as_user([str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres",
                                 "regiomonitor_test"]), **run)
        yield f"postgresql://postgres@127.0.0.1:{port}/regiomonitor_test"
    finally:
        if started:
            subprocess.run(_as_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "-t", "30",
                                     "stop"]), capture_output=True, timeout=60, check=False)
        shutil.rmtree(tmp, ignore_errors=True)
