"""NPVR opgaven: the real content against the Plan voor de Regio, schema rejection, derived status, timeline.

The expected values below were read from the plan (001_69a8319d5a581193.txt): "Betrokken ministeries" and
"Eigenaarschap in de regio" per fiche, the filled-in "Vervolgafspraken", the "zie opgave N" references, the fiche
headers and the overview "Inzet Twente in het NPVR", and the graphic "Vertaling naar doelstellingen NPVR".
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from regiomonitor.content.opgave import (
    Eigenaar,
    Eigenaarschap,
    Interventies,
    MinisterieRol,
    MonitoringFase,
    Opgave,
    PhaseState,
    monitoring_phase,
)
from regiomonitor.content.opgaven_catalogue import OpgavenCatalogue, load_opgaven
from regiomonitor.content.reader import ContentError
from regiomonitor.opgaven import OwnerStatus, derived_status
from regiomonitor.paths import PATHS

OPGAVEN_FILE = PATHS.content_dir / "opgaven.yaml"

#: The indicator ids the app will have (from the project brief).
KNOWN_INDICATORS: frozenset[str] = frozenset(
    """goede_gezondheid beweegrichtlijn wekelijks_sporten overgewicht ernstig_overgewicht roker zware_drinker
    langdurige_aandoening beperkt_gezondheid risico_angst_depressie_hoog veel_stress regie_eigen_leven eenzaam
    ernstig_eenzaam emotioneel_eenzaam sociaal_eenzaam mantelzorger vrijwilligerswerk geluidhinder_buren
    moeite_rondkomen inwoners aandeel_0_15 aandeel_15_25 aandeel_25_45 aandeel_45_65 aandeel_65_plus
    bevolkingsdichtheid woningvoorraad huishoudens gem_huishoudensgrootte eenpersoonshuishoudens bijstand_per_1000
    ao_per_1000 ww_per_1000 gem_inkomen_per_inwoner huishoudens_laag_inkomen huishoudens_sociaal_minimum
    huishoudens_tot_120_sociaal_minimum koopwoningen huurwoningen corporatiewoningen laag_opleidingsniveau
    afstand_huisarts""".split()
)

#: Ministries per opgave in the fiche's order, and the primary one (None: the fiche marks none).
#: Normalised: "defensie" -> Defensie (6), LNV -> LVVN (15), "SZW VWS" -> SZW, VWS (18), "VBO" -> VRO (21).
EXPECTED_MINISTRIES: dict[int, tuple[str | None, tuple[str, ...]]] = {
    1: ("VRO", ("VRO", "EZK", "I&W", "BZK")),
    2: ("OCW", ("OCW",)),
    3: ("OCW", ("OCW", "EZK", "SZW")),
    4: ("OCW", ("OCW", "EZK", "SZW")),
    5: ("VRO/BZK", ("VRO/BZK", "VWS", "SZW", "OCW", "J&V")),
    6: ("EZK", ("EZK", "OCW", "Defensie", "VWS")),
    7: ("OCW", ("OCW", "EZK")),
    8: ("EZK", ("EZK", "OCW")),
    9: ("EZK", ("EZK", "OCW")),
    10: ("EZK", ("EZK", "VRO", "I&W")),
    11: ("Defensie", ("Defensie", "EZK")),
    12: ("VRO", ("VRO", "VWS", "BZK")),
    13: (None, ("BZK", "VRO", "SZW")),
    14: ("I&W", ("I&W", "VRO")),
    15: ("VRO", ("VRO", "VWS", "LVVN")),
    16: ("BZK", ("BZK", "J&V")),
    17: ("VWS", ("VWS", "I&W", "VRO")),
    18: ("OCW", ("OCW", "SZW", "VWS")),
    19: ("OCW", ("OCW", "VRO", "SZW", "EZK")),
    20: ("OCW", ("OCW", "EZK")),
    21: ("I&W", ("I&W", "VRO")),
}

#: Theme per opgave (fiche header; 18 follows the overview) and where the overview/header differ.
EXPECTED_THEMES: dict[int, str] = {
    **dict.fromkeys((1, 2), "schaalsprong"),
    **dict.fromkeys((3, 4, 5), "iedereen_meedoen"),
    **dict.fromkeys((6, 7, 8), "hightech_hotspot"),
    **dict.fromkeys((9, 10, 11), "ruimte_ondernemen"),
    **dict.fromkeys((12, 13, 14, 15, 16), "fijn_wonen"),
    **dict.fromkeys((17, 18), "voorzieningen_bereikbaar"),
    **dict.fromkeys((19, 20, 21), "magneet_talent"),
}
EXPECTED_ALTERNATIVES: dict[int, str | None] = {
    14: "ruimte_ondernemen",
    15: "ruimte_ondernemen",
    16: "ruimte_ondernemen",
    18: None,
}

#: "zie opgave N" references in the fiches.
EXPECTED_REFERENCES: dict[int, tuple[int, ...]] = {
    6: (7, 8, 9, 10),
    8: (7, 10),
    9: (4,),
    10: (1, 6),
    11: (6,),
    19: (1, 2),
    21: (1, 14),
}

#: "Vertaling naar doelstellingen NPVR": relevant opgaven per goal, as printed.
EXPECTED_GOALS: dict[str, set[int]] = {
    "npvr_leefomgeving": {1, 4, 5, 10, 12, 13, 14, 15, 16, 19},
    "npvr_voorzieningen": {1, 2, 3, 4, 7, 11, 12, 14, 15, 17, 18, 19, 20, 21},
    "npvr_kansrijke_toekomst": {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 17, 18, 19, 20, 21},
}


@pytest.fixture(scope="module")
def catalogue() -> OpgavenCatalogue:
    return load_opgaven(OPGAVEN_FILE, indicator_ids=KNOWN_INDICATORS)


# --------------------------------------------------------------------------------------------------------------
# The real content against the document
# --------------------------------------------------------------------------------------------------------------


def test_all_21_opgaven_present_once(catalogue: OpgavenCatalogue) -> None:
    assert [o.nummer for o in catalogue.opgaven] == list(range(1, 22))


def test_seven_themes_and_three_goals(catalogue: OpgavenCatalogue) -> None:
    assert [t.id for t in catalogue.themas] == [
        "schaalsprong",
        "iedereen_meedoen",
        "hightech_hotspot",
        "ruimte_ondernemen",
        "fijn_wonen",
        "voorzieningen_bereikbaar",
        "magneet_talent",
    ]
    assert catalogue.thema("magneet_talent").naam == "Twente is een magneet voor talent"
    assert [g.id for g in catalogue.npvr_doelen] == list(EXPECTED_GOALS)


@pytest.mark.parametrize("nummer", range(1, 22))
def test_ministries_and_primary_per_opgave(catalogue: OpgavenCatalogue, nummer: int) -> None:
    primary, ministries = EXPECTED_MINISTRIES[nummer]
    opgave = catalogue.opgave(nummer)
    assert tuple(m.afkorting for m in opgave.ministeries) == ministries
    assert opgave.primair_ministerie == primary


def test_opgave_13_has_no_primary_ministry(catalogue: OpgavenCatalogue) -> None:
    assert not any(m.primair for m in catalogue.opgave(13).ministeries)
    assert [o.nummer for o in catalogue.opgaven if o.primair_ministerie is None] == [13]


def test_proposed_owners_are_5_12_17_at_both_levels(catalogue: OpgavenCatalogue) -> None:
    for o in catalogue.opgaven:
        proposed = o.nummer in (5, 12, 17)
        assert o.eigenaarschap.bestuurlijk.voorstel is proposed, o.nummer
        assert o.eigenaarschap.ambtelijk.voorstel is proposed, o.nummer


def test_only_opgave_16_lacks_an_executive_owner(catalogue: OpgavenCatalogue) -> None:
    assert [o.nummer for o in catalogue.opgaven if o.eigenaarschap.ambtelijk.naam is None] == [16]
    assert all(o.eigenaarschap.bestuurlijk.naam for o in catalogue.opgaven)


@pytest.mark.parametrize(
    ("nummer", "bestuurlijk", "ambtelijk"),
    [
        (1, "BO Ruimtelijke Ontwikkelstrategie", "Kernteam ROS"),
        (2, "BO Cultuurregio Twente", "AO Cultuurregio Twente"),
        (3, "Voorzittersoverleg van de drie onderwijsinstellingen en OCW", "Onderwijsinstellingen"),
        (5, "Enschede", "zeer hoge MDI"),
        (6, "Twente Board", "Twente Board Development"),
        (8, "Twente Board", "Novel-T en Oost NL"),
        (11, "GS provincie Overijssel", "Gemeenschappelijke Regeling"),
        (12, "Twentse Koers", "Versnipperd"),
        (13, "Renovatiedeal", "Renovatiedeal Twente"),
        (15, "BO Ruimtelijke Ontwikkelstrategie", "Kernteam ROS"),
        (16, "Burgemeester van Enschede", None),
        (17, "Twentse Koers", "Twente Beter"),
        (18, "Advisory Board Onderwijs", "Projectbureau De Twentsche School"),
        (21, "BO Oost Nederland", "Twente 2050"),
    ],
)
def test_owner_names_spot_check(
    catalogue: OpgavenCatalogue, nummer: int, bestuurlijk: str, ambtelijk: str | None
) -> None:
    eig = catalogue.opgave(nummer).eigenaarschap
    assert bestuurlijk in (eig.bestuurlijk.naam or "")
    if ambtelijk is None:
        assert eig.ambtelijk.naam is None
    else:
        assert ambtelijk in (eig.ambtelijk.naam or "")


def test_follow_up_agreements_only_where_the_document_has_them(catalogue: OpgavenCatalogue) -> None:
    assert [o.nummer for o in catalogue.opgaven if o.vervolgafspraken] == [1, 5, 15, 18]
    assert "routekaart" in catalogue.opgave(18).vervolgafspraken[0]
    assert "ROS" in catalogue.opgave(1).vervolgafspraken[0]


def test_themes_and_alternatives(catalogue: OpgavenCatalogue) -> None:
    assert {o.nummer: o.thema for o in catalogue.opgaven} == EXPECTED_THEMES
    alternatives = {o.nummer: o.thema_alternatief for o in catalogue.opgaven if o.thema_alternatief}
    assert {n: a.thema for n, a in alternatives.items()} == EXPECTED_ALTERNATIVES
    assert alternatives[18].naam == "Goede onderwijsvoorzieningen Twente"
    assert [o.nummer for o in catalogue.by_theme()["fijn_wonen"]] == [12, 13, 14, 15, 16]


def test_cross_references_match_document_and_resolve(catalogue: OpgavenCatalogue) -> None:
    refs = {o.nummer: o.verwijzingen for o in catalogue.opgaven if o.verwijzingen}
    assert refs == EXPECTED_REFERENCES
    numbers = {o.nummer for o in catalogue.opgaven}
    assert all(r in numbers for rs in refs.values() for r in rs)
    assert 10 in catalogue.opgave(6).verwijzingen
    assert catalogue.referenced_by(10) == (6, 8)
    assert catalogue.referenced_by(1) == (10, 19, 21)
    assert catalogue.referenced_by(3) == ()


def test_npvr_goals_follow_the_mapping_graphic(catalogue: OpgavenCatalogue) -> None:
    matrix = catalogue.goal_matrix()
    assert matrix.shape == (21, 3)
    for goal, numbers in EXPECTED_GOALS.items():
        assert set(matrix.index[matrix[goal]]) == numbers, goal
    assert matrix.any(axis=1).all()


def test_ministry_matrix(catalogue: OpgavenCatalogue) -> None:
    matrix = catalogue.ministry_matrix()
    assert list(matrix.index) == list(range(1, 22))
    assert matrix.index.name == "opgave"
    assert (matrix == "primair").sum(axis=1).tolist() == [0 if n == 13 else 1 for n in range(1, 22)]
    assert matrix.loc[11, "Defensie"] == "primair"
    assert matrix.loc[6, "Defensie"] == "betrokken"
    assert matrix.loc[2, "EZK"] == ""
    # Only abbreviations that an opgave uses become columns; EZ and KGG appear only inside EZK.
    assert "EZ" not in matrix.columns and "KGG" not in matrix.columns


def test_running_tracks_all_but_opgave_5(catalogue: OpgavenCatalogue) -> None:
    assert [o.nummer for o in catalogue.opgaven if not o.lopende_trajecten] == [5]


def test_indicator_links(catalogue: OpgavenCatalogue) -> None:
    for o in catalogue.opgaven:
        assert set(o.indicatoren) <= KNOWN_INDICATORS, o.nummer
    energy = set(catalogue.opgave(13).indicatoren)
    assert {
        "moeite_rondkomen",
        "huishoudens_laag_inkomen",
        "huishoudens_sociaal_minimum",
        "huishoudens_tot_120_sociaal_minimum",
    } <= energy
    assert "afstand_huisarts" in catalogue.opgave(17).indicatoren
    assert catalogue.opgave(6).indicatoren == ()


@pytest.mark.parametrize(
    ("nummer", "fragment"),
    [
        (1, "641.000 inwoners, 288.000 woningen en 352.000 banen"),
        (13, "Almelo 11,0%, Hengelo 7,6% en Enschede 11,3%, tegen 6,1%"),
        (18, "100-150 leerlingen"),
        (19, "van de openstaande vacatures is een op de vier technisch"),
        (21, "meer dan 2 uur"),
    ],
)
def test_context_figures_exact(catalogue: OpgavenCatalogue, nummer: int, fragment: str) -> None:
    assert any(fragment in line for line in catalogue.opgave(nummer).context)


def test_other_figures_exact(catalogue: OpgavenCatalogue) -> None:
    assert any("15-25 miljoen euro per jaar" in s for s in catalogue.opgave(5).aanvullend_nodig)
    assert any("€ 60 miljoen" in s for s in catalogue.opgave(21).lopende_trajecten)
    assert any("5.000 woningen" in s for s in catalogue.opgave(1).lopende_trajecten)


def test_every_record_cites_its_fiche(catalogue: OpgavenCatalogue) -> None:
    for o in catalogue.opgaven:
        assert o.bron.endswith(f"fiche opgave {o.nummer}")


def test_monitoring_plan_years(catalogue: OpgavenCatalogue) -> None:
    assert [(f.jaar, f.label) for f in catalogue.monitoring.fasen] == [
        (2026, "Indicatoren en nulmeting"),
        (2027, "Dashboard inrichten"),
        (2028, "Eerste meting"),
        (2029, "Definitief dashboard"),
    ]
    assert any("Nulmeting" in s for s in catalogue.monitoring.fasen[0].onderdelen)


def test_source_metadata(catalogue: OpgavenCatalogue) -> None:
    assert catalogue.bron.datum == "maart 2026"
    assert catalogue.bron.versie == "Definitief"


# --------------------------------------------------------------------------------------------------------------
# Schema rejection on small fixtures
# --------------------------------------------------------------------------------------------------------------


def _record(nummer: int, **overrides: Any) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "nummer": nummer,
        "titel": f"Opgave {nummer}",
        "thema": "t1",
        "thema_alternatief": None,
        "opgave": "Een opgave.",
        "context": ["Een feit."],
        "lopende_trajecten": [],
        "eigenaarschap": {
            "bestuurlijk": {"naam": "Board", "voorstel": False},
            "ambtelijk": {"naam": None, "voorstel": False},
        },
        "ministeries": [{"afkorting": "OCW", "primair": True}, {"afkorting": "EZK", "primair": False}],
        "aanvullend_nodig": [],
        "knelpunten": [],
        "regionale_impact": "Impact.",
        "interventies": {"rijk": [], "regio": []},
        "vervolgafspraken": [],
        "verwijzingen": [],
        "npvr_doelen": ["g1"],
        "indicatoren": [],
        "bron": "test",
    }
    rec.update(overrides)
    return rec


def _doc() -> dict[str, Any]:
    return {
        "bron": {"titel": "T", "uitgever": "U", "datum": "maart 2026", "versie": "Definitief", "bestand": "x.txt"},
        "themas": [{"id": "t1", "naam": "Thema een"}, {"id": "t2", "naam": "Thema twee"}],
        "ministeries": [{"afkorting": "OCW", "naam": "Onderwijs"}, {"afkorting": "EZK", "naam": "Economie"}],
        "npvr_doelen": [
            {"id": "g1", "label": "L", "uitgangspunt_rijk": "U", "twentse_vertaling": "V", "toelichting": "T"}
        ],
        "monitoring": {
            "bron": "b",
            "toelichting": "t",
            "eerste_stappen": [],
            "fasen": [{"jaar": 2026, "label": "Nulmeting", "onderdelen": ["Indicatoren bepalen"]}],
        },
        "opgaven": [_record(1, verwijzingen=[2]), _record(2)],
    }


def _write(tmp_path: Path, doc: dict[str, Any]) -> Path:
    path = tmp_path / "opgaven.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _mutate(fn: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    doc = copy.deepcopy(_doc())
    fn(doc)
    return doc


def test_fixture_is_valid(tmp_path: Path) -> None:
    cat = load_opgaven(_write(tmp_path, _doc()))
    assert [o.nummer for o in cat.opgaven] == [1, 2]
    assert cat.referenced_by(2) == (1,)


REJECTIONS: list[tuple[str, Callable[[dict[str, Any]], None], tuple[str, ...]]] = [
    ("missing field", lambda d: d["opgaven"][0].pop("titel"), ("opgaven[0] '1'", "'titel'", "missing")),
    (
        "missing nested field",
        lambda d: d["opgaven"][1]["eigenaarschap"]["ambtelijk"].pop("voorstel"),
        ("opgaven[1] '2'", "eigenaarschap > ambtelijk", "'voorstel'", "missing"),
    ),
    ("missing number", lambda d: d["opgaven"][1].pop("nummer"), ("opgaven[1]", "'nummer'", "missing")),
    ("wrong type", lambda d: d["opgaven"][1].update(titel=7), ("opgaven[1] '2'", "'titel'", "string", "int")),
    ("wrong list type", lambda d: d["opgaven"][0].update(knelpunten="los"), ("opgaven[0] '1'", "'knelpunten'", "list")),
    (
        "wrong flag type",
        lambda d: d["opgaven"][0]["ministeries"][0].update(primair="ja"),
        ("opgaven[0] '1'", "ministeries[0]", "'primair'", "true or false"),
    ),
    ("unknown field", lambda d: d["opgaven"][0].update(extra=1), ("opgaven[0] '1'", "unknown field 'extra'")),
    (
        "own indicator not linked",
        lambda d: d["opgaven"][0].update(indicatoren_eigen=["niet_gekoppeld"]),
        ("opgaven[0] '1'", "'indicatoren_eigen'", "'niet_gekoppeld'", "not in the opgave's 'indicatoren'"),
    ),
    (
        "unknown theme",
        lambda d: d["opgaven"][1].update(thema="t9"),
        ("opgaven[1] '2'", "'thema'", "unknown theme 't9'"),
    ),
    (
        "unknown alternative theme",
        lambda d: d["opgaven"][0].update(thema_alternatief={"thema": "t9", "naam": "N", "toelichting": "T"}),
        ("opgaven[0] '1'", "thema_alternatief: field 'thema'", "unknown theme 't9'"),
    ),
    (
        "unknown ministry",
        lambda d: d["opgaven"][1]["ministeries"].append({"afkorting": "XYZ", "primair": False}),
        ("opgaven[1] '2'", "'ministeries'", "unknown ministry abbreviation 'XYZ'"),
    ),
    (
        "two primary ministries",
        lambda d: d["opgaven"][0]["ministeries"][1].update(primair=True),
        ("opgaven[0] '1'", "'ministeries'", "more than one primary", "OCW, EZK"),
    ),
    (
        "duplicate number",
        lambda d: d["opgaven"][1].update(nummer=1),
        ("opgaven[1] '1'", "'nummer'", "duplicates number 1 (opgaven[0])"),
    ),
    (
        "dangling cross-reference",
        lambda d: d["opgaven"][0].update(verwijzingen=[2, 99]),
        ("opgaven[0] '1'", "'verwijzingen'", "opgave 99", "does not exist"),
    ),
    ("self reference", lambda d: d["opgaven"][1].update(verwijzingen=[2]), ("opgaven[1] '2'", "'verwijzingen'", "own")),
    (
        "unknown NPVR goal",
        lambda d: d["opgaven"][1].update(npvr_doelen=["g1", "g7"]),
        ("opgaven[1] '2'", "'npvr_doelen'", "unknown NPVR goal 'g7'"),
    ),
    ("empty context", lambda d: d["opgaven"][0].update(context=[]), ("opgaven[0] '1'", "'context'", "empty")),
    (
        "alternative theme equal to the own one",
        lambda d: d["opgaven"][1].update(
            thema_alternatief={"thema": d["opgaven"][1]["thema"], "naam": "N", "toelichting": "T"}
        ),
        ("opgaven.yaml > opgaven[1] '2' > thema_alternatief: field 'thema' must differ",),
    ),
    (
        "ministry twice",
        lambda d: d["opgaven"][0]["ministeries"].append(dict(d["opgaven"][0]["ministeries"][0], primair=False)),
        ("opgaven.yaml > opgaven[0] '1': field 'ministeries' lists ministry",),
    ),
    ("empty themes", lambda d: d.update(themas=[]), ("opgaven.yaml: field 'themas' must not be empty",)),
    ("missing top-level section", lambda d: d.pop("themas"), ("opgaven.yaml", "'themas'", "missing")),
]


@pytest.mark.parametrize(("case", "mutate", "fragments"), REJECTIONS, ids=[c[0] for c in REJECTIONS])
def test_schema_rejections(
    tmp_path: Path, case: str, mutate: Callable[[dict[str, Any]], None], fragments: tuple[str, ...]
) -> None:
    path = _write(tmp_path, _mutate(mutate))
    with pytest.raises(ContentError) as info:
        load_opgaven(path)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, f"{case}: {fragment!r} not in {message!r}"


def test_unknown_indicator_rejected_when_ids_given(tmp_path: Path) -> None:
    path = _write(tmp_path, _mutate(lambda d: d["opgaven"][1].update(indicatoren=["inwoners", "bestaat_niet"])))
    load_opgaven(path)  # without a known set, any id is accepted
    with pytest.raises(
        ContentError, match=r"opgaven.yaml > opgaven\[1\] '2': field 'indicatoren' has unknown indicator 'bestaat_niet'"
    ):
        load_opgaven(path, indicator_ids=KNOWN_INDICATORS)


def test_no_primary_ministry_is_allowed(tmp_path: Path) -> None:
    path = _write(tmp_path, _mutate(lambda d: d["opgaven"][0]["ministeries"][0].update(primair=False)))
    assert load_opgaven(path).opgave(1).primair_ministerie is None


def test_unreadable_yaml(tmp_path: Path) -> None:
    path = tmp_path / "opgaven.yaml"
    path.write_text("opgaven: [unclosed", encoding="utf-8")
    with pytest.raises(ContentError, match="opgaven.yaml: not valid YAML"):
        load_opgaven(path)


# --------------------------------------------------------------------------------------------------------------
# Derived status and monitoring timeline on hand-made records
# --------------------------------------------------------------------------------------------------------------


def _opgave(**overrides: Any) -> Opgave:
    values: dict[str, Any] = {
        "nummer": 1,
        "titel": "T",
        "thema": "t1",
        "thema_alternatief": None,
        "opgave": "O",
        "context": ("C",),
        "lopende_trajecten": ("Traject",),
        "eigenaarschap": Eigenaarschap(
            bestuurlijk=Eigenaar(naam="Board", voorstel=False), ambtelijk=Eigenaar(naam="Bureau", voorstel=False)
        ),
        "ministeries": (MinisterieRol(afkorting="OCW", primair=True),),
        "aanvullend_nodig": (),
        "knelpunten": (),
        "regionale_impact": "I",
        "interventies": Interventies(rijk=(), regio=()),
        "vervolgafspraken": (),
        "verwijzingen": (),
        "npvr_doelen": (),
        "indicatoren": (),
        "bron": "b",
    }
    values.update(overrides)
    return Opgave(**values)


def test_derived_status_settled_with_track() -> None:
    status = derived_status(_opgave(indicatoren=("inwoners", "eenzaam")), {"inwoners"})
    assert status.running_track
    assert status.administrative_owner is OwnerStatus.SETTLED
    assert status.executive_owner is OwnerStatus.SETTLED
    assert not status.follow_up
    assert status.available_indicators == ("inwoners",)
    assert not status.has_indicators  # 'inwoners' is linked as a related figure, not the opgave's own subject
    badges = status.badges()
    assert [b.key for b in badges] == [
        "running_track",
        "administrative_owner",
        "executive_owner",
        "follow_up",
        "indicators",
        "related_indicators",
    ]
    assert badges[0].label == "Lopend traject met het Rijk"
    assert (badges[4].label, badges[4].tone) == ("Geen cijfers over de opgave zelf in de monitor", "neutral")
    assert badges[5].label == "1 verwant cijfer (keuze van de monitor)"
    own = derived_status(_opgave(indicatoren=("inwoners", "eenzaam"), indicatoren_eigen=("inwoners",)), {"inwoners"})
    assert own.has_indicators and own.badges()[4].label == "Cijfers in de monitor over de opgave zelf: 1"
    assert own.badges()[4].tone == "success" and len(own.badges()) == 5


def test_derived_status_proposed_missing_and_follow_up() -> None:
    opgave = _opgave(
        lopende_trajecten=(),
        eigenaarschap=Eigenaarschap(
            bestuurlijk=Eigenaar(naam="Wethouder", voorstel=True), ambtelijk=Eigenaar(naam=None, voorstel=False)
        ),
        vervolgafspraken=("Routekaart uitwerken.",),
        indicatoren=("afstand_huisarts",),
        indicatoren_eigen=("afstand_huisarts",),
    )
    status = derived_status(opgave, available_indicators=set())
    assert not status.running_track
    assert status.administrative_owner is OwnerStatus.PROPOSED
    assert status.executive_owner is OwnerStatus.MISSING
    assert status.follow_up
    assert not status.has_indicators
    labels = {b.key: (b.label, b.tone) for b in status.badges()}
    assert labels["running_track"] == ("Geen lopend traject met het Rijk", "warning")
    assert labels["administrative_owner"] == ("Bestuurlijk eigenaar: voorstel", "warning")
    assert labels["executive_owner"] == ("Uitvoering: nog niet belegd", "error")
    assert labels["follow_up"] == ("Vervolgafspraak gemaakt", "success")
    assert labels["indicators"] == ("Cijfers over de opgave zelf nog niet beschikbaar", "warning")


def test_derived_status_no_indicators_linked() -> None:
    badge = derived_status(_opgave(), {"inwoners"}).badges()[-1]
    assert (badge.label, badge.tone) == ("Geen cijfers over de opgave zelf in de monitor", "neutral")


def test_derived_status_on_real_opgaven(catalogue: OpgavenCatalogue) -> None:
    s5 = derived_status(catalogue.opgave(5), KNOWN_INDICATORS)
    assert not s5.running_track and s5.follow_up
    assert s5.administrative_owner is OwnerStatus.PROPOSED and s5.executive_owner is OwnerStatus.PROPOSED
    s16 = derived_status(catalogue.opgave(16), KNOWN_INDICATORS)
    assert s16.administrative_owner is OwnerStatus.SETTLED and s16.executive_owner is OwnerStatus.MISSING
    assert not s16.has_indicators
    # Opgave 13: two of the three administrative parts are 'nog te organiseren'; no figure measures energy poverty.
    s13 = derived_status(catalogue.opgave(13), KNOWN_INDICATORS)
    labels13 = {b.key: b.label for b in s13.badges()}
    assert s13.administrative_owner is OwnerStatus.PARTIAL and s13.executive_owner is OwnerStatus.SETTLED
    assert labels13["administrative_owner"] == "Bestuurlijk eigenaar: deels belegd"
    assert labels13["indicators"] == "Geen cijfers over de opgave zelf in de monitor"
    assert labels13["related_indicators"].endswith("verwante cijfers (keuze van de monitor)")
    assert derived_status(catalogue.opgave(17), KNOWN_INDICATORS).available_own == ("afstand_huisarts",)


FASEN = (
    MonitoringFase(jaar=2028, label="Eerste meting", onderdelen=("a",)),
    MonitoringFase(jaar=2026, label="Nulmeting", onderdelen=("a",)),
    MonitoringFase(jaar=2029, label="Definitief dashboard", onderdelen=("a",)),
    MonitoringFase(jaar=2027, label="Dashboard", onderdelen=("a",)),
)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2025, 12, 31), ["upcoming", "upcoming", "upcoming", "upcoming"]),
        (date(2026, 1, 1), ["current", "upcoming", "upcoming", "upcoming"]),
        (date(2028, 6, 15), ["done", "done", "current", "upcoming"]),
        (date(2029, 12, 31), ["done", "done", "done", "current"]),
        (date(2030, 1, 1), ["done", "done", "done", "done"]),
    ],
)
def test_monitoring_phase(today: date, expected: list[str]) -> None:
    result = monitoring_phase(today, FASEN)
    assert [p.fase.jaar for p in result] == [2026, 2027, 2028, 2029]
    assert [p.state.value for p in result] == expected
    assert sum(p.state is PhaseState.CURRENT for p in result) <= 1


def test_monitoring_phase_labels_and_catalogue_method(catalogue: OpgavenCatalogue) -> None:
    result = catalogue.monitoring_phase(date(2027, 3, 1))
    assert [(p.fase.jaar, p.label) for p in result] == [
        (2026, "voorbij (volgens planning)"),
        (2027, "nu"),
        (2028, "komt nog"),
        (2029, "komt nog"),
    ]


def test_matrices_are_dataframes(catalogue: OpgavenCatalogue) -> None:
    assert isinstance(catalogue.ministry_matrix(), pd.DataFrame)
    assert catalogue.goal_matrix().dtypes.eq(bool).all()
