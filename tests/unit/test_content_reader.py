"""The one content reader and the catalogue models: a good file loads; every kind of mistake is one
ContentError that names the file, the record and the field."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from regiomonitor.content.catalogue import (
    DIRECTIONS,
    Dataset,
    IndicatorInfo,
    catalogue_frame,
    join_coverage,
    load_catalogue,
    load_datasets,
)
from regiomonitor.content.reader import ContentError, load, location, read_yaml
from regiomonitor.paths import PATHS


def _dataset(**kw: Any) -> dict[str, Any]:
    return {
        "id": "ds",
        "titel": "Titel",
        "uitgever": "CBS",
        "periode": "2024",
        "licentie": "CC BY 4.0",
        "niveau": "buurt",
        "herkomst": "test",
        "raw": ["a.csv"],
    } | kw


def _indicator(**kw: Any) -> dict[str, Any]:
    return {
        "id": "roker",
        "label": "Rookt",
        "unit": "%",
        "direction": "lager_beter",
        "thema": "leefstijl",
        "bron": "ds",
        "populatie": "volwassenen",
        "definitie": "Aandeel inwoners dat rookt.",
    } | kw


def _write(folder: Path, datasets: list[Any], indicators: list[Any], themas: Any = None) -> Path:
    (folder / "sources.yaml").write_text(yaml.safe_dump({"datasets": datasets}), encoding="utf-8")
    doc = {"themas": {"leefstijl": "Leefstijl"} if themas is None else themas, "indicatoren": indicators}
    (folder / "indicators.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    return folder


def test_the_real_catalogue_loads() -> None:
    cat = load_catalogue(PATHS.content_dir)
    assert len(cat.indicators) > 50 and len(cat.datasets) > 10
    assert {i.direction for i in cat.indicators.values()} <= set(DIRECTIONS)
    assert all(i.bron in cat.datasets and i.thema in cat.themas for i in cat.indicators.values())


def test_a_good_file_gives_frozen_models(tmp_path: Path) -> None:
    cat = load_catalogue(_write(tmp_path, [_dataset()], [_indicator(context_only=True)]))
    ind = cat.indicators["roker"]
    assert (ind.label, ind.context_only, cat.datasets["ds"].raw) == ("Rookt", True, ("a.csv",))
    with pytest.raises(ValueError, match="frozen"):
        ind.label = "Anders"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("datasets", "indicators", "message"),
    [
        (
            [_dataset()],
            [{k: v for k, v in _indicator().items() if k != "label"}],
            "indicators.yaml > indicatoren[0] 'roker': missing required field 'label'",
        ),
        (
            [_dataset()],
            [_indicator(direction="omhoog")],
            "indicators.yaml > indicatoren[0] 'roker': field 'direction' has unknown value 'omhoog' "
            "(expected one of: hoger_beter, lager_beter, neutraal)",
        ),
        (
            [_dataset()],
            [_indicator(label=12)],
            "indicators.yaml > indicatoren[0] 'roker': field 'label' must be a string, got int 12",
        ),
        (
            [_dataset()],
            [_indicator(context_only="ja")],
            "indicators.yaml > indicatoren[0] 'roker': field 'context_only' must be true or false, got str 'ja'",
        ),
        (
            [_dataset()],
            [_indicator(labl="Rookt")],
            "indicators.yaml > indicatoren[0] 'roker': unknown field 'labl'",
        ),
        (
            [_dataset()],
            [_indicator(), _indicator()],
            "indicators.yaml > indicatoren[1] 'roker': duplicate id 'roker'",
        ),
        (
            [_dataset()],
            [_indicator(thema="sport")],
            "indicators.yaml > indicatoren[0] 'roker': field 'thema' has unknown theme 'sport'",
        ),
        (
            [_dataset()],
            [_indicator(bron="elders")],
            "indicators.yaml > indicatoren[0] 'roker': field 'bron' names unknown dataset 'elders'",
        ),
        (
            [_dataset(raw="a.csv")],
            [_indicator()],
            "sources.yaml > datasets[0] 'ds': field 'raw' must be a list, got str 'a.csv'",
        ),
        (
            [_dataset(raw=["a.csv", 3])],
            [_indicator()],
            "sources.yaml > datasets[0] 'ds': field 'raw' item 1 must be a string, got int 3",
        ),
        (
            [_dataset(), _dataset()],
            [_indicator()],
            "sources.yaml > datasets[1] 'ds': duplicate id 'ds'",
        ),
        ([], [_indicator()], "sources.yaml: no datasets"),
    ],
)
def test_each_mistake_names_file_record_and_field(
    tmp_path: Path, datasets: list[Any], indicators: list[Any], message: str
) -> None:
    with pytest.raises(ContentError, match=re.escape(message)):
        load_catalogue(_write(tmp_path, datasets, indicators))


def test_missing_themes_and_a_record_that_is_no_mapping(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match=re.escape("indicators.yaml: missing 'themas'")):
        load_catalogue(_write(tmp_path, [_dataset()], [_indicator()], themas={}))
    with pytest.raises(
        ContentError, match=re.escape("indicators.yaml: field 'indicatoren' item 0 must be a mapping, got str 'roker'")
    ):
        load_catalogue(_write(tmp_path, [_dataset()], ["roker"]))


def test_missing_file_and_bad_yaml(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="file not found"):
        load_datasets(tmp_path / "sources.yaml")
    (tmp_path / "sources.yaml").write_text("datasets: [unclosed\n", encoding="utf-8")
    with pytest.raises(ContentError, match=re.escape("sources.yaml: not valid YAML")):
        read_yaml(tmp_path / "sources.yaml")


def test_a_document_that_is_a_list(tmp_path: Path) -> None:
    from pydantic import TypeAdapter

    path = tmp_path / "lijst.yaml"
    path.write_text(yaml.safe_dump([_dataset(), _dataset(id="b", titel=None)]), encoding="utf-8")
    with pytest.raises(ContentError, match=re.escape("lijst.yaml > #2 'b': field 'titel' must be a string, got null")):
        load(TypeAdapter(tuple[Dataset, ...]), path)


def test_location_of_nested_records() -> None:
    data = {"lijnen": [{"id": "a", "indicatoren": [{"naam": "x", "cijfers": [{"waarde": "v"}]}]}]}
    assert location("p.yaml", data, ("lijnen", 0, "indicatoren", 0, "cijfers", 0, "waarde")) == (
        "p.yaml > lijnen[0] 'a' > indicatoren[0] 'x' > cijfers[0]",
        "field 'waarde'",
    )
    assert location("p.yaml", {"horizon": {"eind": 1}}, ("horizon", "eind")) == ("p.yaml > horizon", "field 'eind'")


def test_join_coverage_splits_once_and_checks_both_ways(tmp_path: Path) -> None:
    import pandas as pd

    cat = load_catalogue(_write(tmp_path, [_dataset()], [_indicator()]))
    cov = pd.DataFrame([{"id": "roker", "levels": "gemeente,buurt", "periods": "2016,2020", "age_groups": "18+"}])
    info = join_coverage(cat, cov)["roker"]
    assert info == IndicatorInfo(
        id="roker",
        label="Rookt",
        unit="%",
        direction="lager_beter",
        thema="leefstijl",
        thema_label="Leefstijl",
        definitie="Aandeel inwoners dat rookt.",
        bron="ds",
        bron_titel="Titel",
        uitgever="CBS",
        populatie="volwassenen",
        levels=("gemeente", "buurt"),
        periods=(2016, 2020),
        age_groups=("18+",),
    )
    assert info.default_age == "18+"
    frame = catalogue_frame({"roker": info})
    assert frame.loc[0, "periods"] == (2016, 2020) and frame.loc[0, "thema_label"] == "Leefstijl"
    with pytest.raises(ContentError, match="indicators.yaml names roker, which the prepared coverage lacks"):
        join_coverage(cat, cov.iloc[0:0])
    extra = pd.concat([cov, cov.assign(id="oud")])
    with pytest.raises(ContentError, match="the prepared coverage has oud, which indicators.yaml does not define"):
        join_coverage(cat, extra)
    empty = join_coverage(cat, cov.assign(levels="", periods="", age_groups=""))["roker"]
    assert (empty.levels, empty.periods, empty.default_age) == ((), (), "")


def test_citation() -> None:
    ds = Dataset.model_validate(_dataset())
    assert (ds.citation(), ds.citation(ds.periode)) == ("CBS, Titel", "CBS, Titel (2024)")
    assert ds.model_copy(update={"titel": "CBS Titel"}).citation() == "CBS Titel"


def test_focus_area_messages_name_the_area(tmp_path: Path) -> None:
    from regiomonitor.content.focus_area import load_focus_areas

    doc = yaml.safe_load((PATHS.content_dir / "focus_areas.yaml").read_text(encoding="utf-8"))
    first = doc["focusgebieden"][0]
    known = {b for fa in doc["focusgebieden"] for b in fa["buurten"]}
    path = tmp_path / "focus_areas.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    catalogue = load_focus_areas(path, known)
    assert catalogue.areas[0].id == first["id"] and "\n" not in catalogue.areas[0].toelichting
    first["buurten"].append("BU01539999")
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    message = f"focus_areas.yaml > focusgebieden[0] '{first['id']}': buurt BU01539999 does not exist in the 2024"
    with pytest.raises(ContentError, match=re.escape(message)):
        load_focus_areas(path, known)


def test_one_error_class_for_all_content() -> None:
    """Every content reader raises a ContentError; a presentation's keeps its Dutch text (users see it)."""
    from regiomonitor.content.presentation import PresentationError, parse_presentation

    assert issubclass(PresentationError, ContentError)
    with pytest.raises(ContentError, match="eigen.yaml: geen stappen"):
        parse_presentation({"titel": "T", "stappen": []}, "eigen.yaml", {"roker"})
