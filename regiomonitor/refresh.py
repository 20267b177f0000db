"""Refresh from CBS open data: ``python -m regiomonitor.refresh [--out DIR] [--table ID ...]``.

Downloads, from the documented CBS StatLine OData v3 API (``https://opendata.cbs.nl/ODataApi/odata/<id>/``), the
tables the prepare readers understand (``regiomonitor/prepare/odata.py``) for NL, every gemeente and the wijken
and buurten of the 14 Twente gemeenten:

- Kerncijfers wijken en buurten 2015-2024 (income, low income, social minimum, benefits, WOZ, tenure,
  education, labour participation, households, density);
- Gezondheid per wijk en buurt (50090NED: the health monitor 2012, 2016 and 2020 on the 2020 division).

Everything lands in a temporary folder first; only when every table has downloaded completely does it replace
``DIR`` (default ``<raw>/cbs_odata``) with a manifest of table id, title, CBS modified date, rows and the sha256
of every file. Offline, on an HTTP error or on a response that is not the expected JSON it stops with one
sentence naming the table and the cause, and changes nothing. Then ``python -m regiomonitor.prepare`` reads the
downloads with their own readers. The HTTP client is ``requests`` (already pinned); no CBS client library is
needed for the handful of documented endpoints used.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import requests

from regiomonitor.areas import TWENTE_GEMEENTEN
from regiomonitor.paths import default_raw_dir
from regiomonitor.prepare.odata import DOWNLOAD_DIR, MANIFEST, sha256_bytes

BASE_URL: Final = "https://opendata.cbs.nl/ODataApi/odata"
TIMEOUT_S: Final = 60.0
MAX_PAGES: Final = 200  # CBS pages at 10,000 rows; a Twente download is a few thousand rows per table


@dataclass(frozen=True)
class Table:
    """A StatLine table to download: its id, the kind of reader, the year (KWB) and the title it must carry."""

    id: str
    kind: str  # "kwb" or "gezondheid"
    year: int
    title_word: str  # a word the CBS title must contain (guards against a wrong id)
    division: int


#: Kerncijfers wijken en buurten, one table per year (its own regional division), and the health monitor.
TABLES: Final[tuple[Table, ...]] = (
    *(
        Table(tid, "kwb", year, "wijken en buurten", year)
        for year, tid in (
            (2015, "83220NED"),
            (2016, "83487NED"),
            (2017, "83765NED"),
            (2018, "84286NED"),
            (2019, "84583NED"),
            (2020, "84799NED"),
            (2021, "85039NED"),
            (2022, "85318NED"),
            (2023, "85618NED"),
            (2024, "85984NED"),
        )
    ),
    Table("50090NED", "gezondheid", 2020, "gezondheid", 2020),
)


class RefreshError(RuntimeError):
    """A download failed. The message is one sentence naming the table and the cause."""


def region_filters(kind: str) -> list[str]:
    """The OData ``$filter`` expressions: NL and all gemeenten; the wijken and buurten of Twente.

    >>> region_filters("kwb")[0]
    "substringof('NL',WijkenEnBuurten) or substringof('GM',WijkenEnBuurten)"
    """
    point = " and Marges eq 'MW00000'" if kind == "gezondheid" else ""
    twente = " or ".join(
        f"substringof('{lvl}{gm[2:]}',WijkenEnBuurten)" for gm in TWENTE_GEMEENTEN for lvl in ("WK", "BU")
    )
    return [
        "substringof('NL',WijkenEnBuurten) or substringof('GM',WijkenEnBuurten)" + point,
        f"({twente}){point}" if point else twente,
    ]


def _get(session: requests.Session, table: str, url: str, params: dict[str, str] | None) -> dict:
    try:
        response = session.get(url, params=params, timeout=TIMEOUT_S, headers={"Accept": "application/json"})
    except requests.exceptions.Timeout as exc:
        raise RefreshError(
            f"Table {table}: CBS did not answer within {TIMEOUT_S:.0f} s ({exc.__class__.__name__})."
        ) from exc
    except requests.exceptions.RequestException as exc:
        raise RefreshError(
            f"Table {table}: no connection to CBS open data ({exc.__class__.__name__}); "
            "run the refresh on a machine with internet access."
        ) from exc
    if response.status_code != 200:
        raise RefreshError(f"Table {table}: CBS answered HTTP {response.status_code} for {url.rsplit('/', 1)[-1]}.")
    try:
        doc = response.json()
    except ValueError as exc:
        raise RefreshError(f"Table {table}: the answer for {url.rsplit('/', 1)[-1]} is not JSON.") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("value"), list):
        raise RefreshError(f"Table {table}: the answer for {url.rsplit('/', 1)[-1]} has no OData 'value' list.")
    return doc


def fetch_all(session: requests.Session, table: str, url: str, params: dict[str, str] | None = None) -> list[dict]:
    """Every record of an OData v3 feed, following ``odata.nextLink`` pages."""
    rows: list[dict] = []
    next_url: str | None = url
    for _ in range(MAX_PAGES):
        if next_url is None:
            return rows
        doc = _get(session, table, next_url, params)
        rows.extend(doc["value"])
        next_url, params = doc.get("odata.nextLink"), None  # the next link carries the query itself
    raise RefreshError(f"Table {table}: more than {MAX_PAGES} pages; the filter did not work.")


def download_table(session: requests.Session, table: Table, base_url: str = BASE_URL) -> dict[str, list[dict]]:
    """The three files of one table (TableInfos, DataProperties, TypedDataSet) as record lists."""
    root = f"{base_url}/{table.id}"
    infos = fetch_all(session, table.id, f"{root}/TableInfos")
    if not infos:
        raise RefreshError(f"Table {table.id}: CBS returned no table description.")
    title = str(infos[0].get("Title", ""))
    if table.title_word.lower() not in title.lower():
        raise RefreshError(f"Table {table.id}: the CBS title {title!r} is not the expected table.")
    props = fetch_all(session, table.id, f"{root}/DataProperties")
    data: dict[object, dict] = {}
    for flt in region_filters(table.kind):
        for rec in fetch_all(session, table.id, f"{root}/TypedDataSet", {"$filter": flt, "$format": "json"}):
            data[rec.get("ID", len(data))] = rec  # the two filters never overlap; ID keeps it certain
    if not data:
        raise RefreshError(f"Table {table.id}: CBS returned no rows for Twente.")
    ordered = [data[k] for k in sorted(data, key=lambda k: (str(type(k)), k))]
    return {"TableInfos.json": infos, "DataProperties.json": props, "TypedDataSet.json": ordered}


def _dump(records: list[dict]) -> bytes:
    return (json.dumps(records, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def refresh(
    out_dir: Path, tables: tuple[Table, ...] = TABLES, session: requests.Session | None = None, base_url: str = BASE_URL
) -> dict:
    """Download ``tables`` into ``out_dir`` (replacing it only when all succeeded) and return the manifest.

    Raises:
        RefreshError: the first failed table (``out_dir`` is left exactly as it was).
    """
    own = session is None
    session = session or make_session()
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        probe = tempfile.TemporaryDirectory(prefix=".refresh-", dir=out_dir.parent)
        probe.cleanup()
    except OSError as exc:
        raise RefreshError(
            f"Folder {out_dir.parent} is not writable ({exc.__class__.__name__}); give another with --out "
            "and pass it to prepare with --downloads."
        ) from exc
    try:
        with tempfile.TemporaryDirectory(prefix=".refresh-", dir=out_dir.parent) as tmp_name:
            tmp = Path(tmp_name) / "new"
            tmp.mkdir()
            entries = []
            for table in tables:
                files = download_table(session, table, base_url)
                (tmp / table.id).mkdir()
                digests = {}
                for name, records in files.items():
                    blob = _dump(records)
                    (tmp / table.id / name).write_bytes(blob)
                    digests[name] = sha256_bytes(blob)
                info = files["TableInfos.json"][0]
                entries.append(
                    {
                        "id": table.id,
                        "kind": table.kind,
                        "year": table.year,
                        "division": table.division,
                        "title": str(info.get("Title", "")),
                        "modified": str(info.get("Modified", "")),
                        "rows": len(files["TypedDataSet.json"]),
                        "files": digests,
                    }
                )
            manifest = {"format": 1, "source": base_url, "tables": entries}
            (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
            old = Path(tmp_name) / "old"
            if out_dir.exists():
                out_dir.replace(old)
            tmp.replace(out_dir)
            if old.exists():
                shutil.rmtree(old)
    finally:
        if own:
            session.close()
    return manifest


def make_session() -> requests.Session:
    """The HTTP session (a function so tests can hand in one with a recorded-response adapter)."""
    session = requests.Session()
    session.headers["User-Agent"] = "regiomonitor-twente-refresh"
    return session


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m regiomonitor.refresh", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=None, help=f"download folder (default <raw>/{DOWNLOAD_DIR})")
    parser.add_argument("--table", action="append", default=None, help="only these table ids (repeatable)")
    args = parser.parse_args(argv)
    out = args.out or default_raw_dir() / DOWNLOAD_DIR
    tables = TABLES
    if args.table:
        unknown = sorted(set(args.table) - {t.id for t in TABLES})
        if unknown:
            print(f"refresh failed: table {unknown[0]} is not one the readers understand.", file=sys.stderr)
            return 1
        tables = tuple(t for t in TABLES if t.id in set(args.table))
    try:
        manifest = refresh(out, tables)
    except RefreshError as exc:
        print(f"refresh failed: {exc}", file=sys.stderr)
        return 1
    for t in manifest["tables"]:
        print(f"{t['id']}  {t['rows']:6d} rows  modified {t['modified'][:10]}  {t['title']}")
    print(f"written to {out}; now run: python -m regiomonitor.prepare")
    return 0


if __name__ == "__main__":
    sys.exit(main())
