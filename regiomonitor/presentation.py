"""Presentations for kennissessies: validated steps, each with one visual, computed once for the page and
for the PDF handout (no Streamlit)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final

import altair as alt
import geopandas as gpd
import pandas as pd
import yaml

from regiomonitor.areas import NL_CODE, TWENTE_CODE
from regiomonitor.data import DataStore
from regiomonitor.fmt import decimals_for, number
from regiomonitor.focus import FocusCatalogue, focus_geometries
from regiomonitor.maps import Classing, MapData, classify, map_frame
from regiomonitor.overview import headline
from regiomonitor.programmes import Programme
from regiomonitor.targets import TargetRule, area_series, group_series, trajectory, trajectory_chart

VISUAL_TYPES: Final = ("kerncijfers", "kaart", "trend", "vergelijking", "opgaven", "tekst")


class PresentationError(ValueError):
    """A presentation file does not follow its schema."""


@dataclass(frozen=True)
class Step:
    """One step: a title, one visual (type + parameters) and a one-line takeaway."""

    titel: str
    visual: dict[str, Any]
    boodschap: str

    @property
    def kind(self) -> str:
        """The visual type."""
        return str(self.visual["type"])


@dataclass(frozen=True)
class Presentation:
    """A titled list of steps."""

    id: str
    titel: str
    stappen: tuple[Step, ...]


def load_presentation(path: Path, known_indicators: set[str]) -> Presentation:
    """Read and validate a presentation YAML.

    Raises:
        PresentationError: missing fields, an unknown visual type or indicator, a step without a takeaway.
    """
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise PresentationError(f"{path.name}: cannot read ({exc.__class__.__name__})") from exc
    steps = []
    for i, rec in enumerate(doc.get("stappen") or [], start=1):
        where = f"{path.name}: step {i}"
        for key in ("titel", "visual", "boodschap"):
            if not rec.get(key):
                raise PresentationError(f"{where}: missing field '{key}'")
        visual = dict(rec["visual"])
        if visual.get("type") not in VISUAL_TYPES:
            raise PresentationError(f"{where}: unknown visual type {visual.get('type')!r}")
        for ind in [visual.get("indicator"), *(visual.get("indicatoren") or [])]:
            if ind is not None and ind not in known_indicators:
                raise PresentationError(f"{where}: unknown indicator {ind!r}")
        steps.append(Step(str(rec["titel"]), visual, str(rec["boodschap"])))
    if not steps:
        raise PresentationError(f"{path.name}: no steps")
    return Presentation(str(doc.get("id", path.stem)), str(doc.get("titel", path.stem)), tuple(steps))


@dataclass(frozen=True)
class Visual:
    """A computed visual: exactly one of chart, map (md + classing + focus) or table is set."""

    kind: str
    source: str
    chart: alt.TopLevelMixin | None = None
    md: MapData | None = None
    classing: Classing | None = None
    focus: gpd.GeoDataFrame | None = None
    table: pd.DataFrame | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


def _areas(focus: FocusCatalogue) -> dict[str, tuple[str, ...]]:
    return {fa.naam: fa.buurten for fa in focus.areas} | {"Almelo": ("GM0141",), "Enschede": ("GM0153",)}


def opgave_titles(npvr: Programme) -> dict[int, str]:
    """Opgave number -> short text, from the NPVR programme's line goals ('Opgave 5 - ...')."""
    out: dict[int, str] = {}
    for lijn in npvr.lijnen:
        for doel in lijn.doelen:
            m = re.match(r"Opgave (\d+)\s*-\s*(.+)", doel)
            if m:
                out[int(m.group(1))] = m.group(2).strip()
    return out


def build_visual(store: DataStore, step: Step, focus: FocusCatalogue, buurten: gpd.GeoDataFrame,
                 programmes: dict[str, Programme]) -> Visual:
    """Compute the visual of a step from the prepared data (the same for the page and the handout)."""
    v = step.visual
    if step.kind == "kerncijfers":
        h = headline(store, None, 2020)
        return Visual("table", "RIVM/CBS Gezondheid per wijk en buurt 2020 (18+); CBS Kerncijfers 2020 en 2024.",
                      table=h.display.drop(columns=["Bron"]))
    if step.kind == "kaart":
        gm = str(v.get("gemeente", "GM0153"))
        md = map_frame(store, buurten, str(v["indicator"]), int(v.get("periode", 2020)), str(v.get("leeftijd", "18+")),
                       "buurt", [gm])
        classing = classify(md.frame["value"], "kwantielen", md.direction, md.unit)
        groups = [(fa.naam, fa.buurten) for fa in focus.areas if fa.gemeente == gm]
        return Visual("map", md.source, md=md, classing=classing, focus=focus_geometries(buurten, groups))
    if step.kind == "trend":
        ind = str(v["indicator"])
        meta = store.indicator(ind)
        areas = _areas(focus)
        ref = area_series(store, TWENTE_CODE, ind, "18+")
        tjs = [trajectory(a, group_series(store, areas[a], ind, "18+"), ref, str(meta["direction"]), TargetRule())
               for a in v.get("gebieden", []) if a in areas]
        source = f"RIVM/CBS Gezondheid per wijk en buurt 2012-2020 (18+). Doelen: werkaanname. {TargetRule().describe('Twente')}"
        chart = trajectory_chart([t for t in tjs if not t.series.empty], str(meta["label"]), str(meta["unit"]),
                                 "Bron: RIVM/CBS; doelen zijn werkaannames", {"Twente": ref})
        return Visual("chart", source, chart=chart)
    if step.kind == "vergelijking":
        rows = []
        areas = _areas(focus)
        for ind in v.get("indicatoren", []):
            meta = store.indicator(ind)
            ages = str(meta["age_groups"]).split(",")
            age = "18+" if "18+" in ages else ages[0]
            buurt_level = "buurt" in str(meta["levels"]).split(",")
            for name, codes in [*areas.items(), ("Twente", (TWENTE_CODE,)), ("Nederland", (NL_CODE,))]:
                if not codes[0].startswith(("GM", "TW", "NL")) and not buurt_level:
                    continue
                s = group_series(store, codes, ind, age) if codes[0].startswith(("GM", "BU")) else area_series(store, codes[0], ind, age)
                if len(s):
                    last = s.sort_values("jaar").iloc[-1]
                    rows.append({"indicator": str(meta["label"]), "gebied": name, "waarde": float(last["value"]),
                                 "jaar": int(last["jaar"]), "eenheid": str(meta["unit"])})
        table = pd.DataFrame(rows)
        chart = alt.Chart(table).mark_bar().encode(
            x=alt.X("waarde:Q", title=None), y=alt.Y("gebied:N", title=None, sort=None),
            color=alt.Color("gebied:N", legend=None, scale=alt.Scale(scheme="dark2")),
            tooltip=["gebied", "indicator", alt.Tooltip("waarde:Q", format=".1f"), "jaar"],
        ).properties(width=420, height=240).facet(facet=alt.Facet("indicator:N", title=None), columns=2) \
            .resolve_scale(x="independent").configure_axis(labelFontSize=17, labelLimit=220) \
            .configure_header(labelFontSize=20, labelFontWeight="bold")
        return Visual("chart", "RIVM/CBS 2020 (18+) en CBS Kerncijfers 2020; focusgebieden door ons berekend; "
                               "laag opleidingsniveau alleen per gemeente.", chart=chart, table=table)
    if step.kind == "opgaven":
        titles = opgave_titles(programmes["npvr_twente"]) if "npvr_twente" in programmes else {}
        table = pd.DataFrame([{"Opgave": n, "Omschrijving": titles.get(n, "")} for n in v.get("nummers", [])])
        return Visual("table", "Plan voor de Regio Twente (NPVR), maart 2026.", table=table)
    return Visual("table", "", table=pd.DataFrame({"": [str(v.get("tekst", ""))]}))


def handout_pdf(store: DataStore, pres: Presentation, visuals: list[Visual], day: date | None = None) -> bytes:
    """A PDF handout: one page per step with title, visual, takeaway and source."""
    from regiomonitor.exports import chart_png
    from regiomonitor.factsheet import _Doc, _heading, _text
    from regiomonitor.static_map import map_png

    day = day or date.today()
    pdf = _Doc(pres.titel, day)
    pdf.alias_nb_pages()
    for i, (step, vis) in enumerate(zip(pres.stappen, visuals, strict=True), start=1):
        pdf.add_page()
        _heading(pdf, f"{i}. {step.titel}", 16)
        _text(pdf, step.boodschap, 11)
        pdf.ln(3)
        if vis.md is not None and vis.classing is not None:
            pdf.image(io.BytesIO(map_png(vis.md, vis.classing, step.titel, vis.focus)), w=185)
        elif vis.chart is not None:
            pdf.image(io.BytesIO(chart_png(vis.chart, step.titel, vis.source[:160], scale=1.5, width=700)), w=185)
        elif vis.table is not None:
            pdf.set_font("DejaVu", "", 8)
            cols = list(vis.table.columns)
            width = 185 / max(len(cols), 1)
            for col in cols:
                pdf.cell(width, 5, str(col)[:28])
            pdf.ln()
            for _, row in vis.table.iterrows():
                for col in cols:
                    val = row[col]
                    pdf.cell(width, 5, (number(val, 1) if isinstance(val, float) else str(val))[:40])
                pdf.ln()
        pdf.ln(2)
        _text(pdf, f"Bron: {vis.source}", 8)
    return bytes(pdf.output())


def format_value(value: float, unit: str) -> str:
    """Dutch formatting for a presentation table."""
    return number(value, decimals_for(unit), unit)
