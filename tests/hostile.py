"""Shared helpers for the hostile-input tests (issue 13): what a visitor sees, traceback detection, link tokens
and a bounded child process for attacks that could take the test process (and the machine) down.

Nothing here changes the product; everything is deterministic and bounded.
"""

from __future__ import annotations

import base64
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from regiomonitor.paths import PROJECT_ROOT

# ---------------------------------------------------------------------------------------------------------------
# What a visitor sees

#: Signs of a Python error shown to a visitor: a traceback header, a frame line with a file path, or the name of
#: an exception class (KeyError, RecursionError, StreamlitAPIException, StreamlitSelectionCountExceedsMaxError,
#: also names in parentheses such as "(ScannerError)"). The bare words "Error"/"Exception" do not count.
TRACEBACK_MARKERS = re.compile(
    r"Traceback \(most recent call last\)"
    r"|File \"/"
    r"|\bline \d+, in \w"
    r"|\b[A-Z][A-Za-z0-9_]*[a-z0-9_](?:Error|Exception)\b"
)


def _proto_strings(message: Any, out: list[str], depth: int = 0) -> None:
    """Every string field of a protobuf message, recursively (bytes fields such as Arrow tables are skipped)."""
    if depth > 20:
        return
    for _desc, value in message.ListFields():
        _collect(value, out, depth)


def _collect(value: Any, out: list[str], depth: int) -> None:
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, (bytes, bool, int, float)):
        return
    elif hasattr(value, "ListFields"):
        _proto_strings(value, out, depth + 1)
    elif hasattr(value, "items"):  # a map field
        for k, v in value.items():
            _collect(k, out, depth)
            _collect(v, out, depth)
    else:  # a repeated field
        try:
            for item in value:
                _collect(item, out, depth)
        except TypeError:
            return


def visible_texts(at: Any) -> list[str]:
    """All text an AppTest run puts on the page: every string of every element (markdown, alerts, toasts,
    captions, labels, help texts, options, exception messages and stack traces, chart specs) and the text cells of
    tables."""
    texts: list[str] = []
    for node in at._tree:
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ListFields"):
            _proto_strings(proto, texts)
        if getattr(node, "type", "") in {"arrow_data_frame", "dataframe", "table"}:
            try:
                frame = node.value
                texts.extend(str(c) for c in frame.columns)
                for col in frame.columns:
                    if frame[col].dtype == object:
                        texts.extend(str(v) for v in frame[col].tolist()[:500])
            except Exception:
                pass
    return texts


def traceback_leaks(texts: list[str]) -> list[str]:
    """Snippets (with some context) of texts that show a Python error to the visitor."""
    leaks = []
    for text in texts:
        for m in TRACEBACK_MARKERS.finditer(text):
            start = max(0, m.start() - 60)
            leaks.append(text[start : m.end() + 60].replace("\n", "⏎"))
            break
    return leaks


def exception_summary(at: Any) -> list[str]:
    """The exception elements of a run as 'Type: message' (first 300 characters)."""
    return [f"{e.proto.type}: {e.proto.message}"[:300] for e in at.exception]


def describe(value: str, limit: int = 50) -> str:
    """A short, printable description of a hostile value for test ids and messages."""
    shown = value if len(value) <= limit else f"{value[:limit]}…(len {len(value)})"
    return shown.encode("unicode_escape").decode("ascii")


# ---------------------------------------------------------------------------------------------------------------
# Link tokens in the project's own shape (compact JSON, zlib level 9, base64url without padding)


def token_of(doc: Any) -> str:
    """A ``?eigen=`` token for any JSON-able document, built like ``regiomonitor.content.presentation.encode_presentation``
    builds one (so hostile content gets past the shape check and reaches the decoder's validation)."""
    raw = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")


def raw_token(text: str) -> str:
    """A token of raw JSON text (for documents Python's json could not even build, e.g. 49,000 nested lists)."""
    return base64.urlsafe_b64encode(zlib.compress(text.encode("utf-8"), 9)).decode("ascii").rstrip("=")


def step(visual: dict[str, Any], titel: str = "Stap", boodschap: str = "Boodschap") -> list[Any]:
    """One step in the token's compact form ``[titel, visual, boodschap]``."""
    return [titel, visual, boodschap]


# ---------------------------------------------------------------------------------------------------------------
# A bounded child process


@dataclass
class ChildResult:
    """What a child process reported, or why it did not."""

    ok: bool  # the child finished and reported
    records: dict[str, dict[str, Any]] = field(default_factory=dict)  # label -> measurement
    killed: str = ""  # why the parent stopped it ("" when it finished)
    wall_s: float = 0.0
    peak_rss_mb: float = 0.0
    attack_cpu_s: float | None = None  # CPU the child spent after its warm-up, when the parent stopped it
    returncode: int | None = None
    stderr_tail: str = ""

    def why(self) -> str:
        """A one-paragraph account for an assertion message."""
        parts = [
            f"killed: {self.killed}" if self.killed else f"exit {self.returncode}",
            f"wall {self.wall_s:.1f} s",
            f"child peak RSS {self.peak_rss_mb:.0f} MB",
        ]
        if self.attack_cpu_s is not None:
            parts.append(f"CPU after warm-up when stopped {self.attack_cpu_s:.1f} s")
        if self.records:
            parts.append(f"reported {json.dumps(self.records, ensure_ascii=False)[:1500]}")
        if self.stderr_tail and not self.ok:
            parts.append(f"stderr …{self.stderr_tail[-600:]}")
        return "; ".join(parts)


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process (all its threads) from /proc/<pid>/stat; 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _die_with_parent() -> None:
    """In the child, before exec: the kernel sends SIGKILL when the test process dies (Linux prctl), so a
    killed or timed-out test run never leaves a bomb expanding on its own."""
    import ctypes

    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def run_child(
    scenario: str,
    payload: dict[str, Any],
    *,
    warm_timeout_s: float = 90.0,
    attack_timeout_s: float = 30.0,
    rss_limit_mb: float = 2500.0,
) -> ChildResult:
    """Run ``tests.hostile_child`` ``scenario`` with ``payload`` in a fresh interpreter, bounded three ways.

    The child warms up (imports, data, a first page run), prints ``WARM``, then runs the attack and prints one
    ``RESULT <label> <json>`` line per measurement. The parent kills it when the warm-up takes longer than
    ``warm_timeout_s``, the attack longer than ``attack_timeout_s`` (wall time), or its resident memory passes
    ``rss_limit_mb`` (polled every 50 ms; a C-level expansion such as ``str()`` of a YAML alias bomb never
    releases the GIL, so only the parent can stop it in time). Nothing is left running: the child is killed in a
    ``finally`` and, should the test process itself die, by the kernel (``PR_SET_PDEATHSIG``).
    """
    env = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
        "PYTHONUNBUFFERED": "1",
    }
    cmd = [sys.executable, "-m", "tests.hostile_child", scenario]  # the payload goes in on stdin (may be 100 kB+)
    started = time.monotonic()
    errfile = tempfile.TemporaryFile(mode="w+")  # a file, not a pipe: a chatty child can never block on it
    proc = subprocess.Popen(
        cmd,
        cwd=PROJECT_ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=errfile,
        start_new_session=True,
        preexec_fn=_die_with_parent,
    )
    proc.stdin.write(json.dumps(payload).encode("utf-8"))  # type: ignore[union-attr]
    proc.stdin.close()  # type: ignore[union-attr]
    result = ChildResult(ok=False)
    out_fd = proc.stdout.fileno()  # type: ignore[union-attr]
    os.set_blocking(out_fd, False)
    buffer = ""

    def _read() -> str:
        chunks = []
        while True:
            try:
                data = os.read(out_fd, 65536)
            except BlockingIOError:
                break
            if not data:
                break
            chunks.append(data)
        return b"".join(chunks).decode("utf-8", "replace")

    warm_at: float | None = None
    warm_cpu = 0.0
    try:
        while True:
            now = time.monotonic()
            rss = _rss_mb(proc.pid)
            result.peak_rss_mb = max(result.peak_rss_mb, rss)
            buffer += _read()
            while "\n" in buffer:
                line, buffer = buffer.split("\n", 1)
                if line == "WARM":
                    warm_at = time.monotonic()
                    warm_cpu = _cpu_s(proc.pid)
                elif line.startswith("RESULT "):
                    _, label, body = line.split(" ", 2)
                    result.records[label] = json.loads(body)
            if proc.poll() is not None:
                buffer += _read()
                for line in buffer.splitlines():
                    if line.startswith("RESULT "):
                        _, label, body = line.split(" ", 2)
                        result.records[label] = json.loads(body)
                result.returncode = proc.returncode
                result.ok = proc.returncode == 0
                break
            if rss > rss_limit_mb:
                result.killed = f"resident memory passed {rss_limit_mb:.0f} MB ({rss:.0f} MB)"
                break
            if warm_at is None and now - started > warm_timeout_s:
                result.killed = f"warm-up took longer than {warm_timeout_s:.0f} s"
                break
            if warm_at is not None and now - warm_at > attack_timeout_s:
                result.killed = f"attack still running after {attack_timeout_s:.0f} s"
                break
            time.sleep(0.05)  # poll interval; the loop is bounded by the deadlines above
    finally:
        if proc.poll() is None:
            if warm_at is not None:
                result.attack_cpu_s = round(_cpu_s(proc.pid) - warm_cpu, 1)
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=30)
            result.returncode = proc.returncode
        result.wall_s = time.monotonic() - (warm_at or started)
        errfile.seek(0)
        result.stderr_tail = errfile.read()[-3000:]
        errfile.close()
        proc.stdout.close()  # type: ignore[union-attr]
    return result
