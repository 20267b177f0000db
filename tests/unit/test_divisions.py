"""Boundary divisions, the KWB 2021 figures and their use (households in focus areas, the gap panel), on the
committed prepared data."""

from __future__ import annotations

import pytest

from regiomonitor.areas import TWENTE_GEMEENTEN
from regiomonitor.data import DataStore, load_geo
from regiomonitor.divisions import code_match, coverage_notices, division_of, geometry_division, layer_for
from regiomonitor.indicators import observation


def test_each_period_has_its_geometry(store: DataStore) -> None:
    assert division_of(store.indicators, "moeite_rondkomen", 2020, "buurt") == 2020
    assert division_of(store.indicators, "huishoudens", 2021, "buurt") == 2021
    assert division_of(store.indicators, "inwoners", 2024, "buurt") == 2024
    assert [layer_for("buurt", d) for d in (2020, 2021, 2024)] == ["buurten_2021", "buurten_2021", "buurten"]
    assert layer_for("wijk", 2020) == "wijken_2021" and layer_for("gemeente", 2024) == "gemeenten"
    assert geometry_division(2020) == 2021
    for ind, period in (("moeite_rondkomen", 2020), ("huishoudens", 2021), ("inwoners", 2024), ("inwoners", 2020)):
        for level in ("buurt", "gemeente"):
            assert store.division(ind, period, level) == division_of(store.indicators, ind, period, level)


def test_health_monitor_codes_match_the_2021_layer(store: DataStore) -> None:
    geo = load_geo("buurten_2021")
    assert len(geo) == 517 and set(geo["gemeente"]) == set(TWENTE_GEMEENTEN)
    match = code_match(store.areas, geo["code"], 2020).set_index("naam")
    assert (match.loc["Almelo", "codes"], match.loc["Almelo", "getekend"]) == (68, 64)
    assert match.loc["Almelo", "zonder_vorm"] == "BU01411106, BU01411503, BU01412002, BU01412009"
    assert (match.loc["Twenterand", "codes"], match.loc["Twenterand", "getekend"]) == (33, 14)
    others = match.drop(index=["Almelo", "Twenterand"])
    assert (others["codes"] == others["getekend"]).all() and (others["vormen_zonder_code"] == 0).all()
    notices = coverage_notices(code_match(store.areas, geo["code"], 2020), TWENTE_GEMEENTEN, 2020)
    assert len(notices) == 2 and notices[1].startswith("Twenterand: 14 van de 33 buurtcodes")
    assert coverage_notices(code_match(store.areas, geo["code"], 2021), TWENTE_GEMEENTEN, 2021) == []


def test_2024_layer_says_rijssen_holten_is_missing(store: DataStore) -> None:
    geo = load_geo("buurten")
    assert "GM1742" not in set(geo["gemeente"]) and len(set(geo["gemeente"])) == 13
    assert {"BU01830001", "BU01890001", "BU17741051"} <= set(geo["code"])  # Tubbergen 2024, Wierden, Dinkelland
    match = code_match(store.areas, geo["code"], 2024).set_index("naam")
    assert match.loc["Rijssen-Holten", "vormen"] == 0
    assert (match.loc["Dinkelland", "codes"], match.loc["Dinkelland", "getekend"]) == (46, 45)
    notices = coverage_notices(code_match(store.areas, geo["code"], 2024), TWENTE_GEMEENTEN, 2024)
    assert notices[0].startswith("Voor Rijssen-Holten zijn geen buurtgrenzen van de indeling 2024")
    assert coverage_notices(code_match(store.areas, geo["code"], 2024), ["GM0153"], 2024) == []


def test_households_per_buurt_with_source(store: DataStore) -> None:
    obs = observation(store, "BU01411402", "huishoudens", 2021, "totaal")  # Kerkelanden
    assert obs is not None and obs.value == 590 and obs.flag == "" and obs.dataset == "cbs_wijkbuurtkaart_2021_buurt"
    assert observation(store, "BU01530603", "gem_huishoudensgrootte", 2021, "totaal").value == 2.0
    assert observation(store, "BU01530603", "eenpersoonshuishoudens", 2021, "totaal").value == 47
    # -99999999 is CBS's "secret": flagged suppressed, never a number
    secret = observation(store, "BU01411205", "eenpersoonshuishoudens", 2021, "totaal")
    assert secret.value is None and secret.flag == "suppressed"
    assert not (store.indicators["value"] <= -99990).any()
    wijk = observation(store, "WK015306", "huishoudens", 2021, "totaal")
    assert wijk.flag == "derived" and wijk.value > 0


def test_gemeente_series_2020_2021_2024(store: DataStore) -> None:
    def series(code: str, ind: str) -> dict[int, float]:
        rows = store.rows([code], ind, "totaal")
        return dict(zip(rows["period"].astype(int), rows["value"], strict=True))

    assert series("GM0141", "inwoners") == {2020: 73107, 2021: 73132, 2024: 74317}
    assert series("GM0153", "huishoudens") == {
        2020: pytest.approx(series("GM0153", "huishoudens")[2020]),
        2021: 79604,
        2024: 81878,
    }
    assert set(series("GM0164", "huishoudens")) == {2020, 2021}  # no 2024 households for Hengelo
    assert set(series("GM1742", "inwoners")) == {2020, 2021, 2024}
    tw = series("TWENTE", "huishoudens")
    assert tw[2021] == pytest.approx(sum(series(g, "huishoudens")[2021] for g in TWENTE_GEMEENTEN))


def test_migration_background_is_context_only(store: DataStore) -> None:
    cat = store.catalogue.set_index("id")
    assert cat.loc["aandeel_niet_westers", "context_only"] and cat.loc["aandeel_westers", "context_only"]
    from regiomonitor.compare import comparable_indicators

    assert not {"aandeel_westers", "aandeel_niet_westers", "huishoudens"} & set(comparable_indicators(store))
    assert {"gem_huishoudensgrootte", "huishoudens_met_kinderen", "stedelijkheid"} <= set(comparable_indicators(store))


def test_focus_households_beside_the_document(store: DataStore) -> None:
    from regiomonitor.overview import focus_households

    areas = {
        "Wesselerbrink": ("BU01530603", "BU01530604", "BU01530605", "BU01530606"),
        "Twekkelerveld": ("BU01530301",),
    }
    hh = focus_households(store, areas, 20000)
    assert hh.total == 7010 + 2335 and hh.period == 2021 and hh.document == 20000
    assert hh.table.set_index("Focusgebied").loc["Twekkelerveld", "Huishoudens"] == "2.335"
    assert "Wijk- en buurtkaart 2021" in hh.source


def test_gap_table_is_generated_from_the_catalogue(store: DataStore) -> None:
    from regiomonitor.content.programme import load_programmes
    from regiomonitor.gaps import gap_summary, gap_table
    from regiomonitor.paths import PATHS

    progs = load_programmes(PATHS.content_dir / "programmes", set(store.catalogue["id"]))
    table = gap_table(store, progs.values())
    ett = table[table["Programma"] == "Regio Deal Elk Talent Telt"].set_index("Indicator")
    labour = ett.loc["Netto arbeidsparticipatie"]
    assert labour["Buurt"] == "ontbreekt" and labour["Met refresh"].startswith("buurtcijfers")
    low = ett.loc["Huishoudens met een inkomen tot 120% van het sociaal minimum"]
    assert (low["Buurt"], low["Gemeente"], low["Twente"]) == ("ontbreekt", "2020", "2020")
    assert ett.loc["Eenzaamheid", "Buurt"] == "2012, 2016, 2020"
    assert ett.loc["Onderadvisering (schooladvies lager dan de eindtoetsscore)", "In de monitor"] == "–"
    assert "Kansrijk Enschede 2023-2033 met de Lokale Educatieve Agenda 2023-2026" in set(table["Programma"])
    assert gap_summary(table).startswith(f"De programma's vragen om {len(table)} indicatoren")
