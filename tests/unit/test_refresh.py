"""The refresh from CBS open data, offline: the real client code (requests, URL building, paging, manifest,
atomic replace) against response files that the tests write in the documented OData v3 JSON format, then the
prepare readers on the result, and the round trip into the whole prepare pipeline.

The figures in these fixtures are made up for the tests; they never reach data/.
"""

from __future__ import annotations

import json
import os
import urllib.parse
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
import requests
from requests.adapters import BaseAdapter

from regiomonitor import refresh as rf
from regiomonitor.prepare import odata
from regiomonitor.prepare.readers.common import PrepareError

TABLE = rf.Table("85984NED", "kwb", 2024, "wijken en buurten", 2024)
HEALTH = rf.Table("50090NED", "gezondheid", 2020, "gezondheid", 2020)
META = "https://opendata.cbs.nl/ODataApi/odata/{tid}/$metadata#Cbs.OData.WebAPI.{what}"


def _feed(tid: str, what: str, records: list[dict], next_link: str | None = None) -> bytes:
    doc: dict[str, object] = {"odata.metadata": META.format(tid=tid, what=what), "value": records}
    if next_link:
        doc["odata.nextLink"] = next_link
    return json.dumps(doc).encode("utf-8")


def _kwb_rows() -> tuple[list[dict], list[dict]]:
    """(NL and gemeente rows, Twente wijk and buurt rows) of a KWB table, keys as StatLine spells them."""

    def row(i: int, code: str, kind: str, inw: int, hh: int, single: int, npart: float | None, woz: float | None):
        return {
            "ID": i,
            "WijkenEnBuurten": code.ljust(10),
            "Gemeentenaam_1": "Enschede".ljust(40),
            "SoortRegio_2": kind.ljust(10),
            "Codering_3": code.ljust(10),
            "AantalInwoners_5": inw,
            "HuishoudensTotaal_28": hh,
            "Eenpersoonshuishoudens_29": single,
            "Nettoarbeidsparticipatie_70": npart,
            "GemiddeldeWOZWaardeVanWoningen_35": woz,
            "GemiddeldInkomenPerInwoner_78": None,
        }

    top = [
        row(0, "NL00", "Land", 18_000_000, 8_200_000, 3_300_000, 69.5, 400.0),
        row(1, "GM0153", "Gemeente", 160_000, 80_000, 37_000, 63.0, 250.0),
    ]
    twente = [
        row(2, "WK015306", "Wijk", 12_000, 6_000, 2_800, 58.0, 190.0),
        row(3, "BU01530603", "Buurt", 3_800, 1_930, 910, 55.2, 180.0),
        row(4, "BU01530604", "Buurt", 2_900, 1_400, 600, None, 185.0),
    ]
    return top, twente


PROPS = [
    {"ID": 0, "Type": "Dimension", "Key": "WijkenEnBuurten", "Title": "Wijken en buurten"},
    {"ID": 1, "Type": "Topic", "Key": "AantalInwoners_5", "Title": "Aantal inwoners", "Unit": "aantal"},
    {"ID": 2, "Type": "Topic", "Key": "HuishoudensTotaal_28", "Title": "Huishoudens totaal", "Unit": "aantal"},
    {"ID": 3, "Type": "Topic", "Key": "Eenpersoonshuishoudens_29", "Title": "Eenpersoonshuishoudens", "Unit": "aantal"},
    {"ID": 4, "Type": "Topic", "Key": "Nettoarbeidsparticipatie_70", "Title": "Nettoarbeidsparticipatie", "Unit": "%"},
    {
        "ID": 5,
        "Type": "Topic",
        "Key": "GemiddeldeWOZWaardeVanWoningen_35",
        "Title": "Gemiddelde WOZ-waarde",
        "Unit": "x 1 000 euro",
    },
]


def _health_rows() -> tuple[list[dict], list[dict]]:
    def row(i: int, code: str, value: float) -> dict:
        return {
            "ID": i,
            "Leeftijd": "20300",
            "Marges": "MW00000",
            "WijkenEnBuurten": code.ljust(10),
            "Perioden": "2020JJ00",
            "MoeiteMetRondkomen_38": value,
            "Eenzaam_28": value + 30,
        }

    return [row(0, "NL01", 13.9), row(1, "GM0153", 15.0)], [row(2, "BU01530603", 26.9)]


def write_recordings(folder: Path) -> Path:
    """Response files as CBS serves them: one per request; the Twente data in two pages (nextLink)."""
    folder.mkdir(parents=True, exist_ok=True)
    top, twente = _kwb_rows()
    infos = {
        "85984NED": [
            {
                "ID": 0,
                "Title": "Kerncijfers wijken en buurten 2024",
                "Identifier": "85984NED",
                "Modified": "2025-03-27T02:00:00",
            }
        ],
        "50090NED": [
            {
                "ID": 0,
                "Title": "Gezondheid per wijk en buurt; 2012/2016/2020 (indeling 2020)",
                "Identifier": "50090NED",
                "Modified": "2022-11-30T02:00:00",
            }
        ],
    }
    for tid, info in infos.items():
        (folder / f"{tid}_TableInfos.json").write_bytes(_feed(tid, "TableInfos", info))
    (folder / "85984NED_DataProperties.json").write_bytes(_feed("85984NED", "DataProperties", PROPS))
    (folder / "50090NED_DataProperties.json").write_bytes(_feed("50090NED", "DataProperties", PROPS[:1]))
    (folder / "85984NED_top.json").write_bytes(_feed("85984NED", "TypedDataSet", top))
    nxt = "https://opendata.cbs.nl/ODataApi/odata/85984NED/TypedDataSet?$skiptoken=2&page=2"
    (folder / "85984NED_twente_1.json").write_bytes(_feed("85984NED", "TypedDataSet", twente[:2], nxt))
    (folder / "85984NED_twente_2.json").write_bytes(_feed("85984NED", "TypedDataSet", twente[2:]))
    htop, htw = _health_rows()
    (folder / "50090NED_top.json").write_bytes(_feed("50090NED", "TypedDataSet", htop))
    (folder / "50090NED_twente_1.json").write_bytes(_feed("50090NED", "TypedDataSet", htw))
    return folder


class Recorded(BaseAdapter):
    """A transport that answers from the recorded files; ``fail`` can turn a request into an error."""

    def __init__(self, folder: Path, fail: Callable[[str], int | Exception | None] | None = None) -> None:
        super().__init__()
        self.folder, self.fail, self.urls = folder, fail, []

    def send(self, request, **kwargs):
        url = request.url
        self.urls.append(url)
        parts = urllib.parse.urlsplit(url)
        tid, what = parts.path.rstrip("/").split("/")[-2:]
        query = urllib.parse.parse_qs(parts.query)
        outcome = self.fail(url) if self.fail else None
        if isinstance(outcome, Exception):
            raise outcome
        if what == "TypedDataSet":
            if "page" in query:
                name = f"{tid}_twente_2.json"
            else:
                name = f"{tid}_top.json" if "substringof('NL'" in query["$filter"][0] else f"{tid}_twente_1.json"
        else:
            name = f"{tid}_{what}.json"
        resp = requests.Response()
        resp.status_code = outcome or 200
        resp._content = (self.folder / name).read_bytes() if resp.status_code == 200 else b"<html>error</html>"
        resp.headers["Content-Type"] = "application/json"
        resp.url, resp.request = url, request
        return resp

    def close(self) -> None:
        pass


def session_for(folder: Path, fail=None) -> tuple[requests.Session, Recorded]:
    adapter = Recorded(folder, fail)
    s = requests.Session()
    s.mount("https://", adapter)
    return s, adapter


@pytest.fixture()
def recordings(tmp_path: Path) -> Path:
    return write_recordings(tmp_path / "recorded")


def test_refresh_downloads_pages_and_writes_a_manifest(recordings: Path, tmp_path: Path) -> None:
    session, adapter = session_for(recordings)
    out = tmp_path / "raw" / "cbs_odata"
    manifest = rf.refresh(out, (TABLE, HEALTH), session=session)
    assert [t["id"] for t in manifest["tables"]] == ["85984NED", "50090NED"]
    kwb = manifest["tables"][0]
    assert kwb["rows"] == 5 and kwb["modified"].startswith("2025-03-27") and kwb["title"].startswith("Kerncijfers")
    for name, digest in kwb["files"].items():
        assert odata.sha256_bytes((out / "85984NED" / name).read_bytes()) == digest
    assert json.loads((out / "manifest.json").read_text()) == manifest
    # the documented endpoints, the Twente filter and the next page were all asked for
    asked = [urllib.parse.unquote_plus(u) for u in adapter.urls]
    assert any("/85984NED/TableInfos" in u for u in asked) and any("/85984NED/DataProperties" in u for u in asked)
    assert any("substringof('BU0153',WijkenEnBuurten)" in u for u in asked)
    assert any("page=2" in u for u in asked)
    assert any("Marges eq 'MW00000'" in u for u in asked if "/50090NED/TypedDataSet" in u)


def test_prepare_reader_turns_downloads_into_observations(recordings: Path, tmp_path: Path) -> None:
    session, _ = session_for(recordings)
    raw = tmp_path / "raw"
    rf.refresh(raw / "cbs_odata", (TABLE, HEALTH), session=session)
    obs = odata.read_downloads(raw / "cbs_odata").set_index(["area_code", "indicator", "period", "age_group"])
    assert obs.loc[("BU01530603", "netto_arbeidsparticipatie", 2024, "totaal"), "value"] == 55.2
    assert obs.loc[("BU01530603", "gem_woz_waarde", 2024, "totaal"), "value"] == 180.0
    single = obs.loc[("BU01530603", "eenpersoonshuishoudens", 2024, "totaal")]
    assert single["value"] == pytest.approx(100 * 910 / 1930) and single["flag"] == "derived"  # a count -> a share
    missing = obs.loc[("BU01530604", "netto_arbeidsparticipatie", 2024, "totaal")]
    assert pd.isna(missing["value"]) and missing["flag"] == "missing"
    assert obs.loc[("NL00", "moeite_rondkomen", 2020, "18+"), "value"] == 13.9  # NL01 -> NL00
    assert (obs["division"].loc[(slice(None), "inwoners", 2024, "totaal")] == 2024).all()
    assert odata.read_downloads(tmp_path / "nothing") is None  # no refresh run: nothing to read


@pytest.mark.parametrize(
    ("fail", "message"),
    [
        (
            lambda url: 500 if "DataProperties" in url else None,
            "Table 85984NED: CBS answered HTTP 500 for DataProperties.",
        ),
        (lambda url: requests.exceptions.ConnectionError("offline"), "Table 85984NED: no connection to CBS open data"),
        (lambda url: requests.exceptions.ReadTimeout("slow"), "Table 85984NED: CBS did not answer within"),
        (lambda url: 404 if "50090NED" in url else None, "Table 50090NED: CBS answered HTTP 404 for TableInfos."),
    ],
)
def test_failure_names_the_table_and_changes_nothing(recordings: Path, tmp_path: Path, fail, message: str) -> None:
    out = tmp_path / "raw" / "cbs_odata"
    out.mkdir(parents=True)
    (out / "manifest.json").write_text('{"format": 1, "tables": []}\n')
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    session, _ = session_for(recordings, fail)
    with pytest.raises(rf.RefreshError) as err:
        rf.refresh(out, (TABLE, HEALTH), session=session)
    assert str(err.value).startswith(message) and "\n" not in str(err.value)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".refresh-")]


def test_wrong_table_and_bad_json_are_refused(recordings: Path, tmp_path: Path) -> None:
    session, _ = session_for(recordings)
    with pytest.raises(rf.RefreshError, match="is not the expected table"):
        rf.refresh(tmp_path / "o", (rf.Table("85984NED", "kwb", 2024, "gezondheid", 2024),), session=session)
    (recordings / "85984NED_DataProperties.json").write_text("<html>maintenance</html>")
    with pytest.raises(rf.RefreshError, match="the answer for DataProperties is not JSON"):
        rf.refresh(tmp_path / "o", (TABLE,), session=session)


def test_cli_reports_one_sentence(
    recordings: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(rf, "TABLES", (TABLE,))
    monkeypatch.setattr(rf, "make_session", lambda: session_for(recordings)[0])
    assert rf.main(["--out", str(tmp_path / "dl")]) == 0
    assert "85984NED" in capsys.readouterr().out
    monkeypatch.setattr(
        rf, "make_session", lambda: session_for(recordings, lambda url: requests.exceptions.ConnectionError("x"))[0]
    )
    assert rf.main(["--out", str(tmp_path / "dl")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("refresh failed: Table 85984NED: no connection") and err.count("\n") == 0
    assert rf.main(["--out", str(tmp_path / "dl"), "--table", "12345NED"]) == 1


def test_tables_cover_every_kwb_year() -> None:
    years = sorted(t.year for t in rf.TABLES if t.kind == "kwb")
    assert years == list(range(2015, 2025)) and any(t.id == "50090NED" for t in rf.TABLES)
    assert all(t.id.endswith("NED") for t in rf.TABLES)


def test_a_changed_download_stops_prepare(recordings: Path, tmp_path: Path) -> None:
    session, _ = session_for(recordings)
    raw = tmp_path / "raw"
    rf.refresh(raw / "cbs_odata", (TABLE,), session=session)
    target = raw / "cbs_odata" / "85984NED" / "TypedDataSet.json"
    target.write_text(target.read_text().replace("55.2", "99.9"))
    with pytest.raises(PrepareError, match="does not match the sha256"):
        odata.read_downloads(raw / "cbs_odata")


@pytest.mark.slow
def test_round_trip_into_prepare(recordings: Path, tmp_path: Path, raw_dir: Path) -> None:
    """refresh -> prepare: buurt work and WOZ appear in the prepared catalogue and table (no code change)."""
    from regiomonitor.paths import PATHS
    from regiomonitor.prepare.build import run

    raw = tmp_path / "raw"
    raw.mkdir()
    for entry in raw_dir.iterdir():  # the real raw files, linked, plus the download folder
        os.symlink(entry, raw / entry.name)
    session, _ = session_for(recordings)
    rf.refresh(raw / "cbs_odata", (TABLE, HEALTH), session=session)
    out = tmp_path / "out"
    run(raw, out / "data", out / "geo", PATHS.content_dir)
    obs = pd.read_parquet(out / "data/indicators.parquet").set_index(["area_code", "indicator", "period", "age_group"])
    row = obs.loc[("BU01530603", "netto_arbeidsparticipatie", 2024, "totaal")]
    assert row["value"] == 55.2 and row["dataset"] == "cbs_kwb_statline" and row["level"] == "buurt"
    assert obs.loc[("BU01530603", "moeite_rondkomen", 2020, "18+"), "value"] == 26.9
    cat = pd.read_parquet(out / "data/coverage.parquet").set_index("id")
    assert "buurt" in cat.loc["netto_arbeidsparticipatie", "levels"].split(",")
    manifest = json.loads((out / "data/manifest.json").read_text())
    assert "downloads" in manifest and "cbs_odata/manifest.json" in manifest["raw"]
