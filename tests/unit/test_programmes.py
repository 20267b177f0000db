"""Programme model: the real content files against the source documents, the helpers, and schema rejection.

The figures asserted here are the ones board members will quote; each is checked against what the document
prints (and, for budgets, against the document's own subtotals and totals).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from regiomonitor.content.catalogue import load_catalogue
from regiomonitor.content.programme import Programme, load_programme_file, load_programmes
from regiomonitor.content.programme_parts import INDICATOR_KINDS
from regiomonitor.content.reader import ContentError
from regiomonitor.paths import PATHS
from regiomonitor.programme_tables import (
    budget_frame,
    budget_total,
    document_figures_frame,
    indicator_status_frame,
    kansrijk_shortfall,
    programmes_overview,
    saldo_per_year,
    structure_comparison,
)

PROGRAMME_DIR = PATHS.content_dir / "programmes"

#: The indicator ids the app will have (from the project brief).
KNOWN_INDICATORS: frozenset[str] = frozenset(
    [
        "goede_gezondheid",
        "beweegrichtlijn",
        "wekelijks_sporten",
        "overgewicht",
        "ernstig_overgewicht",
        "roker",
        "zware_drinker",
        "langdurige_aandoening",
        "beperkt_gezondheid",
        "risico_angst_depressie_hoog",
        "veel_stress",
        "regie_eigen_leven",
        "eenzaam",
        "ernstig_eenzaam",
        "emotioneel_eenzaam",
        "sociaal_eenzaam",
        "mantelzorger",
        "vrijwilligerswerk",
        "geluidhinder_buren",
        "moeite_rondkomen",
        "inwoners",
        "aandeel_0_15",
        "aandeel_15_25",
        "aandeel_25_45",
        "aandeel_45_65",
        "aandeel_65_plus",
        "bevolkingsdichtheid",
        "woningvoorraad",
        "huishoudens",
        "gem_huishoudensgrootte",
        "eenpersoonshuishoudens",
        "bijstand_per_1000",
        "ao_per_1000",
        "ww_per_1000",
        "gem_inkomen_per_inwoner",
        "huishoudens_laag_inkomen",
        "huishoudens_sociaal_minimum",
        "huishoudens_tot_120_sociaal_minimum",
        "koopwoningen",
        "huurwoningen",
        "corporatiewoningen",
        "laag_opleidingsniveau",
        "afstand_huisarts",
    ]
)

ETT_TABLE = "begroting_2025_2028"
KRE_TABLE = "financiele_tabel_kansengelijkheid"


@pytest.fixture(scope="module")
def programmes() -> dict[str, Programme]:
    return load_programmes(PROGRAMME_DIR, KNOWN_INDICATORS)


@pytest.fixture(scope="module")
def ett(programmes: dict[str, Programme]) -> Programme:
    return programmes["elk_talent_telt"]


@pytest.fixture(scope="module")
def kre(programmes: dict[str, Programme]) -> Programme:
    return programmes["kansrijk_enschede"]


def _rows(frame: pd.DataFrame, **where: Any) -> pd.DataFrame:
    for col, value in where.items():
        frame = frame[frame[col] == value]
    return frame


def _amount(frame: pd.DataFrame, **where: Any) -> float:
    hit = _rows(frame, **where)
    assert len(hit) == 1, f"expected one row for {where}, got {len(hit)}"
    return float(hit["bedrag_eur"].iloc[0])


# ---------------------------------------------------------------------------------------------------------------
# All programmes
# ---------------------------------------------------------------------------------------------------------------


def test_the_five_programmes_load(programmes: dict[str, Programme]) -> None:
    assert set(programmes) == {
        "elk_talent_telt",
        "kansrijk_enschede",
        "city_deals",
        "regio_deal_drenthe",
        "npvr_twente",
    }
    assert {p.type for p in programmes.values()} == {"regio_deal", "npvr_plan", "lokale_agenda", "city_deals"}


def test_app_indicators_exist_in_the_real_catalogue(programmes: dict[str, Programme]) -> None:
    catalogue = load_catalogue(PATHS.content_dir)
    used = {i.app_indicator for p in programmes.values() for i in p.indicatoren if i.app_indicator}
    assert used, "some indicators should link to app data"
    assert used <= set(catalogue.indicators)


def test_every_source_file_exists(programmes: dict[str, Programme]) -> None:
    seeds = PATHS.root.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("source documents not available")
    for p in programmes.values():
        assert (seeds / p.bron.bestand).is_file(), p.bron.bestand


# ---------------------------------------------------------------------------------------------------------------
# Elk Talent Telt
# ---------------------------------------------------------------------------------------------------------------


def test_ett_has_three_lines(ett: Programme) -> None:
    assert [lijn.id for lijn in ett.lijnen] == ["leren", "werken", "woon_leefomgeving"]
    assert ett.gemeenten == ("Almelo", "Enschede")


def test_ett_total_budget_is_25_million_half_per_city(ett: Programme) -> None:
    assert budget_total(ett, ETT_TABLE, "uitgaven") == 25_000_000
    per_city = budget_total(ett, ETT_TABLE, "uitgaven", by="gebied")
    assert isinstance(per_city, pd.Series)
    assert per_city.to_dict() == {"Almelo": 12_500_000, "Enschede": 12_500_000}
    # the document's own totals
    frame = budget_frame(ett)
    assert _amount(frame, post="Totaal generaal", gebied="Almelo en Enschede (totaal)") == 25_000_000
    assert _amount(frame, post="Totaal generaal", gebied="Almelo") == 12_500_000
    assert _amount(frame, post="Totaal generaal", gebied="Enschede") == 12_500_000


def test_ett_cover_is_half_cofinancing_half_regio_deal(ett: Programme) -> None:
    cover = budget_total(ett, ETT_TABLE, ["cofinanciering", "rijksbijdrage"], by=["gebied", "soort"])
    assert isinstance(cover, pd.Series)
    assert cover.to_dict() == {
        ("Almelo", "cofinanciering"): 6_250_000,
        ("Almelo", "rijksbijdrage"): 6_250_000,
        ("Enschede", "cofinanciering"): 6_250_000,
        ("Enschede", "rijksbijdrage"): 6_250_000,
    }
    saldo = _rows(budget_frame(ett), soort="saldo")
    assert set(saldo["bedrag_eur"]) == {0}


def test_ett_split_by_line_matches_the_document(ett: Programme) -> None:
    by_line = budget_frame(ett, include_aggregates=False).groupby("lijn", dropna=False)["bedrag_eur"].sum()
    assert by_line["leren"] == 8_800_000
    assert by_line["werken"] == 9_600_000
    assert by_line["woon_leefomgeving"] == 4_400_000
    frame = budget_frame(ett)
    assert _amount(frame, post="1. Algemene projectcoördinatie", gebied="Almelo en Enschede (totaal)") == 1_400_000
    assert _amount(frame, post="5. Communicatie", gebied="Almelo en Enschede (totaal)") == 800_000


def test_ett_every_printed_subtotal_and_total_column_adds_up(ett: Programme) -> None:
    frame = budget_frame(ett)
    detail = frame[~frame["aggregaat"]]
    for _, row in frame[frame["aggregaat"] & (frame["soort"] != "saldo")].iterrows():
        if row["gebied"] == "Almelo en Enschede (totaal)":
            parts = detail[(detail["post"] == row["post"]) & (detail["soort"] == row["soort"])]
            if parts.empty:  # a subtotal of the total column: add both cities' subtotals
                parts = frame[(frame["post"] == row["post"]) & (frame["gebied"].isin(["Almelo", "Enschede"]))]
        elif row["post"].endswith("subtotaal"):
            parts = detail[(detail["lijn"] == row["lijn"]) & (detail["gebied"] == row["gebied"])]
        else:  # Totaal generaal per city
            parts = detail[(detail["gebied"] == row["gebied"]) & (detail["soort"] == row["soort"])]
        assert parts["bedrag_eur"].sum() == row["bedrag_eur"], (row["post"], row["gebied"])


def test_ett_monitoring_design_and_horizon(ett: Programme) -> None:
    assert ett.monitoring is not None
    assert {o.soort for o in ett.monitoring.onderdelen} == set(INDICATOR_KINDS)
    assert "MDI" in ett.monitoring.onderdelen[0].omschrijving
    for lijn in ett.lijnen:
        assert {i.soort for i in lijn.indicatoren} == set(INDICATOR_KINDS), lijn.id
    assert ett.horizon.duur_jaren == 20
    assert {2034, 2039} <= {m.jaar for m in ett.horizon.mijlpalen}
    assert ett.kennissessies


def test_ett_focus_areas_and_reference_figures(ett: Programme) -> None:
    names = {g.naam for g in ett.focusgebieden.gebieden}
    assert {"Spoorzone", "Wesselerbrink", "Twekkelerveld"} <= names
    figures = {(f.waarde, f.waarde_tot) for f in ett.focusgebieden.cijfers}
    assert (20000, None) in figures
    assert (65, 71) in figures
    refs = {r.id: r for r in ett.referentiecijfers}
    assert refs["ett_inkomen_tot_120"].waarde == 40
    assert (refs["ett_netto_participatie_wijken"].waarde, refs["ett_netto_participatie_wijken"].waarde_tot) == (44, 56)
    assert refs["ett_netto_participatie_twente"].waarde == 72
    assert (refs["ett_gezondheid_wijken"].waarde, refs["ett_gezondheid_steden"].waarde) == (50, 65)
    assert (refs["ett_onderadvisering"].waarde, refs["ett_onderadvisering"].waarde_tot) == (40, 70)


# ---------------------------------------------------------------------------------------------------------------
# Kansrijk Enschede + LEA
# ---------------------------------------------------------------------------------------------------------------


def test_kansrijk_shortfall_per_year_equals_the_document(programmes: dict[str, Programme]) -> None:
    table = kansrijk_shortfall(programmes)
    assert table["jaar"].tolist() == [2023, 2024, 2025, 2026]
    assert table["saldo_document"].tolist() == [535_000, -815_000, -2_545_000, -2_575_000]
    assert table["saldo_berekend"].tolist() == [535_000, -815_000, -2_545_000, -2_575_000]
    assert table["tekort"].tolist() == [0, 815_000, 2_545_000, 2_575_000]
    assert table["klopt"].all()
    assert table["uitgaven"].tolist() == [10_528_000, 10_528_000, 10_528_000, 10_558_000]
    assert table["dekking"].tolist() == [11_063_000, 9_713_000, 7_983_000, 7_983_000]


def test_kansrijk_printed_subtotals_match_their_rows(kre: Programme) -> None:
    frame = _rows(budget_frame(kre), tabel=KRE_TABLE)
    detail = frame[~frame["aggregaat"]]
    for year in (2023, 2024, 2025, 2026):
        d = detail[detail["jaar"] == year]
        for post, soort in [
            ("TOTAAL UITGAVEN AMBITIES & KANSEN", "uitgaven"),
            ("Subtotaal bestaande middelen uitvoering kansengelijkheid", "bestaande dekking"),
            ("Subtotaal nieuwe dekking kansengelijkheid", "nieuwe dekking"),
        ]:
            printed = _amount(frame, post=post, jaar=year)
            assert d.loc[d["soort"] == soort, "bedrag_eur"].fillna(0).sum() == printed, (post, year)
    assert saldo_per_year(kre, KRE_TABLE)["klopt"].all()


def test_kansrijk_lea_oab_and_npo_plans_add_up(kre: Programme) -> None:
    frame = budget_frame(kre)
    oab = _rows(frame, tabel="oab_bestedingsplan", soort="bestedingsplan")
    totals = {"2022 (kolom 1)": 7_603_000, "2022 (kolom 2)": 7_739_000, "2022 (kolom 3)": 7_646_000, "2023": 8_353_150}
    for periode, total in totals.items():
        column = oab[oab["periode"] == periode]
        assert column.loc[~column["aggregaat"], "bedrag_eur"].sum() == total, periode
        assert _amount(column, post="TOTAAL") == total
        for sub in column[column["aggregaat"] & column["post"].str.contains("Subtotaal")].itertuples():
            number = str(sub.post).split(".")[0]
            parts = column[~column["aggregaat"] & column["post"].str.startswith(f"{number}.")]
            assert parts["bedrag_eur"].sum() == sub.bedrag_eur, (periode, sub.post)
    available = _rows(frame, tabel="oab_bestedingsplan", soort="beschikbaar budget")
    assert available.loc[~available["aggregaat"], "bedrag_eur"].sum() == 8_355_899
    npo = _rows(frame, tabel="npo_bestedingsplan")
    assert npo.loc[~npo["aggregaat"], "bedrag_eur"].sum() == 2_917_000 == _amount(npo, post="TOTAAL")
    lea = _rows(frame, tabel="lea_begroting", aggregaat=False)
    assert lea.groupby("jaar")["bedrag_eur"].sum().tolist() == [200_000] * 4


def test_kansrijk_structure(kre: Programme) -> None:
    assert kre.leidend_principe == "Ongelijk investeren voor gelijkere kansen"
    assert [u.id for u in kre.uitgangspunten] == ["A", "B", "C", "D"]
    assert len(kre.lijnen) == 4
    assert [k.nummer for k in kre.kansen] == list(range(1, 13))
    per_line = {lijn.id: [k.nummer for k in kre.kansen if k.lijn == lijn.id] for lijn in kre.lijnen}
    assert per_line == {
        "zorgeloos_zwanger": [1, 2, 3],
        "goede_start": [4, 5, 6],
        "eerlijke_kans": [7, 8, 9, 10],
        "perspectiefvolle_toekomst": [11, 12],
    }
    (lea,) = kre.deelplannen
    assert lea.periode == "2023-2026"
    assert len(lea.doelen) == 5
    assert (kre.horizon.start, kre.horizon.eind) == (2023, 2033)


def test_kansrijk_vve_reach_and_lea_indicators(kre: Programme) -> None:
    vve = next(i for i in kre.indicatoren if i.id == "lea_vve_bereik")
    measured = [f for f in vve.documentcijfers if f.aard == "meting"]
    target = [f for f in vve.documentcijfers if f.aard == "streefwaarde"]
    assert [(f.waarde, f.periode) for f in measured] == [(83.7, "1 januari 2022")]
    assert [(f.waarde, f.periode) for f in target] == [(90, "2025")]
    risk = next(i for i in kre.indicatoren if i.id == "lea_onderwijsachterstanden")
    assert [f.waarde for f in risk.documentcijfers] == [20, 15, 12]
    ids = {i.id for i in kre.lijn("eerlijke_kans").indicatoren}
    for expected in (
        "lea_vve_thuis",
        "lea_basisvaardigheden",
        "lea_onderadvisering",
        "lea_schoolovergangen",
        "lea_regulier_speciaal",
        "lea_schaduwonderwijs",
        "lea_schoolaanwezigheid",
        "lea_voortijdig_schoolverlaten",
        "lea_gebruik_jeugdzorg",
    ):
        assert expected in ids


# ---------------------------------------------------------------------------------------------------------------
# City Deals, Drenthe, NPVR
# ---------------------------------------------------------------------------------------------------------------


def test_ten_city_deals(programmes: dict[str, Programme]) -> None:
    deals = programmes["city_deals"].deals
    assert len(deals) == 10
    assert len({d.id for d in deals}) == 10
    assert all(d.trekker and d.beschrijving and d.stand_van_zaken for d in deals)
    by_id = {d.id: d for d in deals}
    assert by_id["energiebesparing_door_de_markt"].verwante_opgaven == (13,)
    assert by_id["energiebesparing_door_de_markt"].trekker == ("Deventer",)
    assert by_id["kansen_voor_binnensteden"].trekker == ("Almelo", "Hengelo", "Enschede", "Deventer", "Zwolle")
    assert all(d.koppeling_toelichting for d in deals)


def test_drenthe_three_pillars(programmes: dict[str, Programme]) -> None:
    drenthe = programmes["regio_deal_drenthe"]
    assert [lijn.id for lijn in drenthe.lijnen] == ["werken", "wonen", "welzijn"]
    assert (drenthe.horizon.eind, drenthe.horizon.duur_jaren) == (2023, 4)
    assert drenthe.horizon.start is None
    for lijn in drenthe.lijnen:
        assert lijn.doelen and lijn.beoogde_resultaten
        assert {r.jaar for r in lijn.beoogde_resultaten} == {2023}
    assert drenthe.budget == ()


def test_npvr_programme_facts(programmes: dict[str, Programme]) -> None:
    npvr = programmes["npvr_twente"]
    assert len(npvr.lijnen) == 7
    assert sorted(o for lijn in npvr.lijnen for o in lijn.opgaven) == list(range(1, 22))
    refs = {r.id: r for r in npvr.referentiecijfers}
    assert (refs["npvr_inwoners_2024"].waarde, refs["npvr_inwoners_2024"].periode) == (641_000, "2024")
    assert (refs["npvr_inwoners_2040"].waarde, refs["npvr_inwoners_2040"].periode) == (620_000, "2040")
    assert refs["npvr_extra_banen"].waarde == 55_000
    assert refs["npvr_opgaven"].waarde == 21
    assert (npvr.horizon.start, npvr.horizon.duur_jaren) == (2026, 20)
    assert len(npvr.gemeenten) == 14


# ---------------------------------------------------------------------------------------------------------------
# Helpers for the pages
# ---------------------------------------------------------------------------------------------------------------


def test_indicator_status_frame(programmes: dict[str, Programme]) -> None:
    frame = indicator_status_frame(programmes.values())
    assert set(frame["status"]) == {"beschikbaar", "nog geen meting", "alleen documentcijfer"}
    assert frame["indicator"].is_unique
    available = frame[frame["status"] == "beschikbaar"]
    assert available["app_indicator"].notna().all()
    missing = frame[frame["status"] == "nog geen meting"]
    assert missing["wat_gemeten_wordt"].notna().all()
    one = indicator_status_frame(programmes["elk_talent_telt"])
    assert set(one["programma"]) == {"elk_talent_telt"}


def test_structure_comparison(programmes: dict[str, Programme]) -> None:
    table = structure_comparison(programmes["elk_talent_telt"], programmes["regio_deal_drenthe"])
    assert list(table.columns) == ["aspect", "Regio Deal Elk Talent Telt", "Regio Deal Zuid- en Oost-Drenthe"]
    rows = table.set_index("aspect")
    assert rows.loc["Aantal lijnen"].tolist() == ["3", "3"]
    assert rows.loc["Looptijd", "Regio Deal Zuid- en Oost-Drenthe"] == "tot 2023 (4 jaar)"
    assert rows.loc["Indicatoren (narratief)", "Regio Deal Elk Talent Telt"] == "3"
    assert all(isinstance(v, str) for v in table.to_numpy().ravel())
    same = structure_comparison(programmes["city_deals"], programmes["city_deals"])
    assert same.shape[1] == 3


def test_budget_frame_and_figures_types(ett: Programme, programmes: dict[str, Programme]) -> None:
    frame = budget_frame(ett)
    assert str(frame["bedrag_eur"].dtype) == "Float64"
    assert str(frame["jaar"].dtype) == "Int64"
    assert frame["aggregaat"].dtype == bool
    assert budget_frame(programmes["regio_deal_drenthe"]).empty
    figures = document_figures_frame(ett)
    assert {"referentiecijfer", "focusgebieden", "indicator"} == set(figures["herkomst"])
    overview = programmes_overview(programmes)
    assert overview.set_index("programma").loc["city_deals", "deals"] == 10


# ---------------------------------------------------------------------------------------------------------------
# Schema rejection on tiny fixtures
# ---------------------------------------------------------------------------------------------------------------


def _minimal() -> dict[str, Any]:
    return {
        "id": "mini",
        "naam": "Mini",
        "kort": "Kort.",
        "type": "regio_deal",
        "regio": "Twente",
        "gemeenten": ["Almelo"],
        "horizon": {"start": 2025, "eind": 2028},
        "bron": {"bestand": "x.txt", "titel": "X"},
        "samenvatting": "Samenvatting.",
        "lijnen": [
            {
                "id": "leren",
                "naam": "Leren",
                "ambitie": "Ambitie.",
                "indicatoren": [
                    {
                        "id": "ind1",
                        "naam": "Gezondheid",
                        "soort": "outcome",
                        "app_indicator": "goede_gezondheid",
                        "status": "beschikbaar",
                        "documentcijfers": [
                            {
                                "waarde": 50,
                                "waarde_tekst": "50%",
                                "eenheid": "%",
                                "gebied": "Wijk",
                                "bron_pagina": "p. 3",
                            }
                        ],
                    }
                ],
            }
        ],
        "budget_tabellen": [{"id": "t1", "titel": "Tabel", "bron_pagina": "p. 10", "eenheid_bron": "euro"}],
        "budget": [
            {
                "tabel": "t1",
                "post": "Post",
                "lijn": "leren",
                "gebied": "Almelo",
                "periode": "2025-2028",
                "bedrag_eur": 1000,
                "soort": "uitgaven",
                "bron_pagina": "p. 10",
            }
        ],
        "governance": [{"niveau": "Bestuurlijk", "wie": ["Wethouder"], "rol": "Stuurt."}],
        "focusgebieden": {"gebieden": [{"naam": "Spoorzone", "gemeente": "Almelo"}]},
        "referentiecijfers": [],
    }


def _write(folder: Path, data: dict[str, Any], name: str = "mini.yaml") -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _load(tmp_path: Path, data: dict[str, Any]) -> Programme:
    return load_programme_file(_write(tmp_path, data), KNOWN_INDICATORS)


def test_minimal_fixture_is_valid(tmp_path: Path) -> None:
    programme = _load(tmp_path, _minimal())
    assert programme.lijn("leren").indicatoren[0].app_indicator == "goede_gezondheid"
    assert load_programmes(tmp_path, KNOWN_INDICATORS).keys() == {"mini"}


IND = "mini.yaml > lijnen[0] 'leren' > indicatoren[0] 'ind1'"
ROW = "mini.yaml > budget[0] 'Post'"


def _mutate(path: tuple[Any, ...], value: Any, delete: bool = False) -> dict[str, Any]:
    data = copy.deepcopy(_minimal())
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    if delete:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


IND_PATH = ("lijnen", 0, "indicatoren", 0)
ROW_PATH = ("budget", 0)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_mutate(("naam",), None, delete=True), "mini.yaml: missing required field 'naam'"),
        (
            _mutate(("type",), "regiodeal"),
            "mini.yaml: field 'type' has unknown value 'regiodeal' "
            "(expected one of: regio_deal, npvr_plan, lokale_agenda, city_deals)",
        ),
        (
            _mutate((*IND_PATH, "soort"), "outcom"),
            f"{IND}: field 'soort' has unknown value 'outcom' (expected one of: outcome, process, narrative)",
        ),
        (
            _mutate((*IND_PATH, "status"), "gemeten"),
            f"{IND}: field 'status' has unknown value 'gemeten' "
            "(expected one of: beschikbaar, nog geen meting, alleen documentcijfer)",
        ),
        (
            _mutate((*IND_PATH, "app_indicator"), "mdi_score"),
            f"{IND}: field 'app_indicator' names unknown indicator 'mdi_score' (not among the known indicator ids)",
        ),
        (_mutate((*IND_PATH, "app_indicator"), None), f"{IND}: status 'beschikbaar' needs an 'app_indicator'"),
        (_mutate((*IND_PATH, "naam"), None, delete=True), f"{IND}: missing required field 'naam'"),
        (
            _mutate((*IND_PATH, "documentcijfers", 0, "waarde"), "vijftig"),
            f"{IND} > documentcijfers[0]: field 'waarde' must be a number or null, got str 'vijftig'",
        ),
        (
            _mutate((*ROW_PATH, "bedrag_eur"), "1.000"),
            f"{ROW}: field 'bedrag_eur' must be a number or null, got str '1.000'",
        ),
        (
            _mutate((*ROW_PATH, "bedrag_eur"), True),
            f"{ROW}: field 'bedrag_eur' must be a number or null, got bool True",
        ),
        (_mutate((*ROW_PATH, "bedrag_eur"), None), f"{ROW}: field 'bedrag_eur' is null; say why in 'opmerking'"),
        (
            _mutate((*ROW_PATH, "soort"), "kosten"),
            f"{ROW}: field 'soort' has unknown value 'kosten'",
        ),
        (_mutate((*ROW_PATH, "tabel"), "t9"), f"{ROW}: field 'tabel' names unknown budget table 't9'"),
        (_mutate((*ROW_PATH, "lijn"), "wonen"), f"{ROW}: field 'lijn' names unknown line 'wonen'"),
        (_mutate((*ROW_PATH, "periode"), None, delete=True), f"{ROW}: give 'jaar' or 'periode'"),
        (_mutate((*ROW_PATH, "bedrag"), 5), f"{ROW}: unknown field 'bedrag' (allowed: "),
        (_mutate(("id",), "other"), "mini.yaml: field 'id' is 'other' but must equal the file name 'mini'"),
        (
            _mutate(("verwante_opgaven",), [5, 22]),
            "mini.yaml: field 'verwante_opgaven' item 1 must be an opgave number 1-21, got 22",
        ),
        (_mutate(("horizon", "eind"), 2020), "mini.yaml > horizon: field 'eind' (2020) lies before 'start' (2025)"),
        (_mutate(("gemeenten",), "Almelo"), "mini.yaml: field 'gemeenten' must be a list, got str"),
    ],
)
def test_schema_rejections(tmp_path: Path, data: dict[str, Any], message: str) -> None:
    with pytest.raises(ContentError, match=re.escape(message)):
        _load(tmp_path, data)


def test_rejects_not_yet_measured_without_description(tmp_path: Path) -> None:
    data = _minimal()
    data["lijnen"][0]["indicatoren"][0].update(app_indicator=None, status="nog geen meting", documentcijfers=[])
    with pytest.raises(ContentError, match=re.escape(f"{IND}: status 'nog geen meting' needs 'wat_gemeten_wordt'")):
        _load(tmp_path, data)


def test_rejects_document_only_without_figures(tmp_path: Path) -> None:
    data = _minimal()
    data["lijnen"][0]["indicatoren"][0].update(app_indicator=None, status="alleen documentcijfer", documentcijfers=[])
    message = f"{IND}: status 'alleen documentcijfer' needs at least one entry in 'documentcijfers'"
    with pytest.raises(ContentError, match=re.escape(message)):
        _load(tmp_path, data)


def test_rejects_duplicate_indicator_id(tmp_path: Path) -> None:
    data = _minimal()
    second = copy.deepcopy(data["lijnen"][0])
    second["id"] = "werken"
    data["lijnen"].append(second)
    message = (
        "mini.yaml > lijnen[1] 'werken' > indicatoren[0]: duplicate indicator id 'ind1' "
        "(already used at lijnen[0] 'leren' > indicatoren[0])"
    )
    with pytest.raises(ContentError, match=re.escape(message)):
        _load(tmp_path, data)


def test_rejects_duplicate_line_id(tmp_path: Path) -> None:
    data = _minimal()
    second = copy.deepcopy(data["lijnen"][0])
    second["indicatoren"] = []
    data["lijnen"].append(second)
    with pytest.raises(ContentError, match=re.escape("mini.yaml > lijnen[1]: duplicate line id 'leren'")):
        _load(tmp_path, data)


def test_rejects_duplicate_deal_id(tmp_path: Path) -> None:
    data = _minimal()
    deal = {
        "id": "d1",
        "naam": "Deal",
        "trekker": ["Enschede"],
        "partners": [],
        "thema": "Thema",
        "beschrijving": "Beschrijving.",
        "stand_van_zaken": "Stand.",
        "verwante_opgaven": [],
    }
    data["deals"] = [deal, dict(deal)]
    with pytest.raises(ContentError, match=re.escape("mini.yaml > deals[1]: duplicate deal id 'd1'")):
        _load(tmp_path, data)


def test_rejects_bad_yaml_and_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "kapot.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(ContentError, match=re.escape("kapot.yaml: not valid YAML")):
        load_programmes(tmp_path, KNOWN_INDICATORS)
    empty = tmp_path / "leeg"
    empty.mkdir()
    with pytest.raises(ContentError, match="no programme files"):
        load_programmes(empty, KNOWN_INDICATORS)
    with pytest.raises(ContentError, match="programme folder not found"):
        load_programmes(tmp_path / "bestaat_niet", KNOWN_INDICATORS)


def test_known_indicator_check_can_be_skipped(tmp_path: Path) -> None:
    data = _mutate((*IND_PATH, "app_indicator"), "nog_niet_in_de_app")
    programme = load_programme_file(_write(tmp_path, data), None)
    assert programme.indicatoren[0].app_indicator == "nog_niet_in_de_app"


def test_city_deals_say_what_each_fiche_says_about_the_rijk(programmes: dict[str, Programme]) -> None:
    deals = {d.id: d for d in programmes["city_deals"].deals}
    assert all(d.afspraak for d in deals.values())
    closed = {i for i, d in deals.items() if d.afspraak == "gesloten"}
    assert closed == {"klimaatadaptatie", "stedelijke_veiligheid", "inclusieve_stad"}
    assert deals["groene_daken"].afspraak_label == "Green Deal (geen City Deal)"
    assert deals["energiebesparing_door_de_markt"].afspraak == "ondertekening_verwacht"
    assert deals["aansluiting_onderwijs_arbeidsmarkt"].afspraak == "mogelijk"


def test_elk_talent_telt_approach(programmes: dict[str, Programme]) -> None:
    ett = programmes["elk_talent_telt"]
    assert [u.naam for u in ett.uitgangspunten] == ["Plek", "Koppelkansen", "Coalities", "Leren en verbeteren"]
    assert ett.aanpak is not None and "ABCD" in (ett.aanpak.methode or "")
    assert len(ett.aanpak.onderscheidend) == 3 and "maatwerk" in (ett.aanpak.vraag_aan_rijk or "")
    assert ett.aanpak.communicatie and "10 tot 15 jaar" in ett.lijn("leren").ambitie
