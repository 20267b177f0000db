"""Command line: ``python -m regiomonitor.prepare [--raw DIR]``.

Reads the raw files, writes the prepared files into data/ and geo/, prints a short summary. Exits 1 with
one sentence on stderr when a raw file is missing or malformed; the previous prepared files stay intact.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from regiomonitor.content.reader import ContentError
from regiomonitor.paths import PATHS, default_raw_dir
from regiomonitor.prepare.build import run
from regiomonitor.prepare.readers.common import PrepareError


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m regiomonitor.prepare", description=__doc__)
    parser.add_argument("--raw", type=Path, default=None, help="raw data folder (default ../shared/data/raw)")
    parser.add_argument(
        "--out", type=Path, default=None, help="project root to write data/ and geo/ into (default: this project)"
    )
    parser.add_argument(
        "--downloads",
        type=Path,
        default=None,
        help="folder of python -m regiomonitor.refresh (default <raw>/cbs_odata; read when present)",
    )
    args = parser.parse_args(argv)
    raw = args.raw or default_raw_dir()
    root = args.out or PATHS.root
    started = time.perf_counter()
    try:
        result = run(raw, root / "data", root / "geo", PATHS.content_dir, args.downloads)
    except (PrepareError, ContentError) as exc:
        print(f"prepare failed: {exc}", file=sys.stderr)
        return 1
    for path, size in result.files.items():
        print(f"{path:32s} {size / 1024:9.1f} KB")
    print("rows: " + ", ".join(f"{k}={v}" for k, v in result.rows.items()))
    print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
