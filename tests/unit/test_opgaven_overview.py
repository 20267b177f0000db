"""The Opgaven overview: frame, filters and chart builders, on the real content file."""

from __future__ import annotations

from datetime import date

import pytest

from regiomonitor.content.opgaven_catalogue import OpgavenCatalogue, load_opgaven
from regiomonitor.opgaven_overview import (
    NO_STATUS,
    OverviewFilter,
    apply_filter,
    display_table,
    goal_matrix_chart,
    ministry_matrix_chart,
    monitoring_timeline_chart,
    overview_frame,
    reference_edges,
    reference_network_chart,
)
from regiomonitor.paths import PATHS


@pytest.fixture(scope="module")
def catalogue() -> OpgavenCatalogue:
    return load_opgaven(PATHS.content_dir / "opgaven.yaml")


@pytest.fixture(scope="module")
def frame(catalogue: OpgavenCatalogue):
    return overview_frame(catalogue, {13: "aandacht nodig"}, {"moeite_rondkomen"})


def test_frame_has_all_opgaven_with_status(frame) -> None:
    assert list(frame["nummer"]) == list(range(1, 22))
    assert frame.loc[frame["nummer"] == 13, "status"].item() == "aandacht nodig"
    assert (frame.loc[frame["nummer"] != 13, "status"] == NO_STATUS).all()
    row13 = frame[frame["nummer"] == 13].iloc[0]
    assert row13["primair_ministerie"] == "geen primair" and set(row13["ministeries"]) == {"BZK", "VRO", "SZW"}
    assert row13["cijfers"] == 0 and row13["verwante_cijfers"] == 1  # rondkomen is related to energy poverty
    assert row13["bestuurlijk_status"] == "deels belegd"


def test_owner_state_is_the_weaker_level(frame) -> None:
    for row in frame.itertuples():
        states = {row.bestuurlijk_status, row.ambtelijk_status}
        expected = (
            "nog niet belegd"
            if "nog niet belegd" in states
            else "voorstel"
            if "voorstel" in states
            else "deels belegd"
            if "deels belegd" in states
            else "belegd"
        )
        assert row.eigenaar_status == expected


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (OverviewFilter(), set(range(1, 22))),
        (OverviewFilter(themes=("fijn_wonen",)), {12, 13, 14, 15, 16}),
        (OverviewFilter(statuses=("aandacht nodig",)), {13}),
        (OverviewFilter(text="ENERGIE"), {10, 13}),  # 10: ruimte, energie en water
        (OverviewFilter(text="13"), {13}),
        (OverviewFilter(themes=("fijn_wonen",), ministries=("SZW",)), {13}),
    ],
)
def test_filters(frame, flt: OverviewFilter, expected: set[int]) -> None:
    assert set(apply_filter(frame, flt)["nummer"]) == expected


def test_ministry_filter_matches_any_involvement(frame, catalogue: OpgavenCatalogue) -> None:
    got = set(apply_filter(frame, OverviewFilter(ministries=("OCW",)))["nummer"])
    assert got == {o.nummer for o in catalogue.opgaven if any(m.afkorting == "OCW" for m in o.ministeries)}


def test_display_table_is_text(frame) -> None:
    table = display_table(frame)
    assert len(table) == 21 and table.loc[12, "Ministeries"] == "BZK, VRO, SZW"


def test_charts_encode_what_they_show(catalogue: OpgavenCatalogue) -> None:
    spec = ministry_matrix_chart(catalogue).to_dict()
    values = next(iter(spec["datasets"].values()))
    primary = [v for v in values if v["rol"] == "primair"]
    assert len(primary) == 20  # every opgave but 13 has exactly one primary ministry
    assert not any(v["opgave"] == 13 and v["rol"] == "primair" for v in values)
    goals = next(iter(goal_matrix_chart(catalogue).to_dict()["datasets"].values()))
    assert {v["opgave"] for v in goals} == set(range(1, 22))
    edges = reference_edges(catalogue)
    assert len(edges) == sum(len(o.verwijzingen) for o in catalogue.opgaven)
    assert reference_network_chart(catalogue).to_dict()["layer"]


def test_timeline_marks_today(catalogue: OpgavenCatalogue) -> None:
    spec = monitoring_timeline_chart(catalogue.monitoring_phase(date(2026, 11, 24)), date(2026, 11, 24)).to_dict()
    data = [v for d in spec["datasets"].values() for v in d]
    stands = {v["fase"][:4]: v["stand"] for v in data if "fase" in v}
    assert stands == {"2026": "nu", "2027": "komt nog", "2028": "komt nog", "2029": "komt nog"}
    position = next(v["pos"] for v in data if "pos" in v)
    assert 2026.89 < position < 2026.91
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["bar", "rule", "text"]  # one row per phase: no text labels that could overprint
    assert next(v["tekst"] for v in data if "tekst" in v) == "vandaag"
    for layer in spec["layer"][1:]:  # Streamlit's theme hides a mark whose tooltip title is empty
        assert all(tip.get("title") for tip in layer["encoding"]["tooltip"])
    assert spec["layer"][0]["encoding"]["y"]["field"] == "fase"
    outside = monitoring_timeline_chart(catalogue.monitoring_phase(date(2031, 1, 5)), date(2031, 1, 5)).to_dict()
    assert [layer["mark"]["type"] for layer in outside["layer"]] == ["bar"]
