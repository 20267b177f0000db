"""Presentations for kennissessies: each step's visual computed once for the page and for the PDF handout (no
Streamlit). The schema and its readers (file, upload, link) are in :mod:`regiomonitor.content.presentation`."""

from __future__ import annotations

import io
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import altair as alt
import geopandas as gpd
import pandas as pd

from regiomonitor.areas import NL_CODE, TWENTE_CODE, TWENTE_GEMEENTEN
from regiomonitor.content.focus_area import FocusCatalogue
from regiomonitor.content.opgaven_catalogue import OpgavenCatalogue
from regiomonitor.content.presentation import Presentation, PresentationRules, Step
from regiomonitor.content.programme import Programme
from regiomonitor.data import DataStore
from regiomonitor.fmt import number
from regiomonitor.focus import focus_geometries
from regiomonitor.look import AnyChart, area_scale
from regiomonitor.maps import Classing, MapData, classify, map_frame
from regiomonitor.overview import headline
from regiomonitor.target_charts import trajectory_chart
from regiomonitor.targets import TargetRule, area_series, group_series, trajectory


def presentation_rules(
    store: DataStore, areas: Collection[str] | None = None, opgaven: Collection[int] | None = None
) -> PresentationRules:
    """The rules for steps over ``store``'s catalogue, the Twente gemeenten, the given area names and opgaven."""
    maps: dict[str, tuple[frozenset[int], frozenset[str]]] = {}
    trends: set[str] = set()
    for info in store.info.values():
        periods, ages = frozenset(info.periods), frozenset(info.age_groups)
        if "buurt" not in info.levels:
            continue
        maps[info.id] = (periods, ages)
        if "18+" in ages and len(periods) >= 2 and info.direction != "neutraal":
            trends.add(info.id)
    return PresentationRules(
        frozenset(store.info),
        maps,
        frozenset(trends),
        frozenset(TWENTE_GEMEENTEN),
        frozenset(areas) if areas is not None else None,
        frozenset(opgaven) if opgaven is not None else None,
    )


@dataclass(frozen=True)
class Visual:
    """A computed visual: exactly one of chart, map (md + classing + focus) or table is set."""

    kind: str
    source: str
    chart: AnyChart | None = None
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


def build_visual(
    store: DataStore,
    step: Step,
    focus: FocusCatalogue,
    buurten: gpd.GeoDataFrame,
    programmes: dict[str, Programme],
    opgaven: OpgavenCatalogue | None = None,
    presenter: bool = False,
) -> Visual:
    """Compute the visual of a step from the prepared data (the same for the page and the handout).

    Opgave cards come from the opgaven catalogue when given (title, theme, owner, primary ministry), else from
    the NPVR programme's short titles. ``presenter`` builds charts for a big screen: chart text of at least
    18 px, the comparison in one row of panels. Chart titles carry no source: the page and the handout print
    the source line under every visual once.
    """
    v = step.visual
    if step.kind == "kerncijfers":
        h = headline(store, None, 2020)
        return Visual(
            "table",
            "RIVM/CBS Gezondheid per wijk en buurt 2020 (18+); CBS Kerncijfers 2020 en 2024.",
            table=h.display.drop(columns=["Bron"]),
        )
    if step.kind == "kaart":
        gm = str(v.get("gemeente", "GM0153"))
        md = map_frame(
            store,
            buurten,
            str(v["indicator"]),
            int(v.get("periode", 2020)),
            str(v.get("leeftijd", "18+")),
            "buurt",
            [gm],
        )
        classing = classify(md.frame["value"], "kwantielen", md.direction, md.unit)
        groups = [(fa.naam, fa.buurten) for fa in focus.areas if fa.gemeente == gm]
        return Visual("map", md.source, md=md, classing=classing, focus=focus_geometries(buurten, groups))
    if step.kind == "trend":
        ind = str(v["indicator"])
        meta = store.indicator(ind)
        areas = _areas(focus)
        ref = area_series(store, TWENTE_CODE, ind, "18+")
        tjs = [
            trajectory(a, group_series(store, areas[a], ind, "18+"), ref, meta.direction, TargetRule())
            for a in v.get("gebieden", [])
            if a in areas
        ]
        source = f"RIVM/CBS Gezondheid per wijk en buurt 2012-2020 (18+). Doelen: werkaanname. {TargetRule().describe('Twente')}"
        chart = trajectory_chart(
            [t for t in tjs if not t.series.empty],
            meta.label,
            meta.unit,
            "doelen zijn werkaannames",
            {"Twente": ref},
            text_size=20 if presenter else 15,
            height=300 if presenter else 380,
        )  # presenter: stretched; 300 sets the label gap
        return Visual("chart", source, chart=chart)
    if step.kind == "vergelijking":
        rows = []
        areas = _areas(focus)
        for ind in v.get("indicatoren", []):
            meta = store.indicator(ind)
            age = meta.default_age
            buurt_level = "buurt" in meta.levels
            for name, codes in [*areas.items(), ("Twente", (TWENTE_CODE,)), ("Nederland", (NL_CODE,))]:
                if not codes[0].startswith(("GM", "TW", "NL")) and not buurt_level:
                    continue
                s = (
                    group_series(store, codes, ind, age)
                    if codes[0].startswith(("GM", "BU"))
                    else area_series(store, codes[0], ind, age)
                )
                if len(s):
                    last = s.sort_values("jaar").iloc[-1]
                    rows.append(
                        {
                            "indicator": meta.label,
                            "gebied": name,
                            "waarde": float(last["value"]),
                            "jaar": int(last["jaar"]),
                            "eenheid": meta.unit,
                        }
                    )
        table = pd.DataFrame(rows)
        order = list(dict.fromkeys(table["gebied"])) if len(table) else []
        size = 20 if presenter else 17
        # Panel headers on two lines (label | unit and year), so no header is cut off.
        header = [f"{r['indicator']}|({r['eenheid']}, {r['jaar']})" for _, r in table.iterrows()]
        table = table.assign(paneel=header) if len(table) else table.assign(paneel=pd.Series(dtype=str))
        chart = (
            alt.Chart(table)
            .mark_bar()
            .encode(
                x=alt.X("waarde:Q", title=None, axis=alt.Axis(tickCount=4)),
                y=alt.Y("gebied:N", title=None, sort=order),
                color=alt.Color("gebied:N", legend=None, scale=area_scale(order)),
                tooltip=["gebied", "indicator", alt.Tooltip("waarde:Q", format=".1f"), "jaar"],
            )
            .properties(width=290 if presenter else 300, height=(46 if presenter else 30) * max(len(order), 1))
            .facet(
                facet=alt.Facet(
                    "paneel:N",
                    title=None,
                    sort=list(dict.fromkeys(header)),
                    header=alt.Header(labelExpr="split(datum.label, '|')", labelLimit=0, labelFontSize=size),
                ),
                columns=4 if presenter else 2,
            )
            .resolve_scale(x="independent")
            .configure_axis(labelFontSize=size, labelLimit=240)
            .configure_header(labelFontSize=size, labelFontWeight="bold")
        )
        return Visual(
            "chart",
            "RIVM/CBS 2020 (18+) en CBS Kerncijfers 2020; focusgebieden door ons berekend; "
            "laag opleidingsniveau alleen per gemeente.",
            chart=chart,
            table=table,
        )
    if step.kind == "opgaven":
        if opgaven is not None:
            known = {o.nummer: o for o in opgaven.opgaven}
            themes = {t.id: t.naam for t in opgaven.themas}
            table = pd.DataFrame(
                [
                    {
                        "Opgave": n,
                        "Titel": known[n].titel,
                        "Thema": themes[known[n].thema],
                        "Bestuurlijk eigenaar": known[n].eigenaarschap.bestuurlijk.naam or "nog niet belegd",
                        "Primair ministerie": known[n].primair_ministerie or "geen primair",
                    }
                    for n in v.get("nummers", [])
                    if n in known
                ]
            )
            return Visual(
                "table", "Plan voor de Regio Twente (NPVR, definitief, maart 2026), fiches van de opgaven.", table=table
            )
        titles = opgave_titles(programmes["npvr_twente"]) if "npvr_twente" in programmes else {}
        table = pd.DataFrame([{"Opgave": n, "Omschrijving": titles.get(n, "")} for n in v.get("nummers", [])])
        return Visual("table", "Plan voor de Regio Twente (NPVR), maart 2026.", table=table)
    return Visual("table", "", table=pd.DataFrame({"": [str(v.get("tekst", ""))]}))


def handout_pdf(store: DataStore, pres: Presentation, visuals: list[Visual], day: date | None = None) -> bytes:
    """A PDF handout: one page per step with title, takeaway, the step's visual and one source line.

    Maps are drawn again on the server (with the focus areas named), charts rendered by vl-convert, tables laid
    out with wrapping cells so no column prints over the next.
    """
    from regiomonitor.exports import chart_png
    from regiomonitor.factsheet import _Doc, _heading, _text, pdf_table
    from regiomonitor.look import cite
    from regiomonitor.static_map import map_png

    day = day or date.today()
    pdf = _Doc(pres.titel, day)
    pdf.alias_nb_pages()
    for i, (step, vis) in enumerate(zip(pres.stappen, visuals, strict=True), start=1):
        pdf.add_page()
        _heading(pdf, f"{i}. {step.titel}", 16)
        _text(pdf, step.boodschap, 11)
        pdf.ln(3)
        room = pdf.h - pdf.b_margin - pdf.get_y() - 16  # leave room for the source line
        if vis.md is not None and vis.classing is not None:
            gemeente = store.name(str(step.visual.get("gemeente", "GM0153")))
            title = f"{vis.md.label} per buurt, {gemeente}, {vis.md.period}"
            _image(pdf, map_png(vis.md, vis.classing, title, vis.focus, note=False), room)
        elif vis.chart is not None:
            _image(pdf, chart_png(vis.chart, "", "", scale=2.0, width=700, validate=False), room)
        elif vis.table is not None and list(vis.table.columns) == [""]:
            _text(pdf, str(vis.table.iloc[0, 0]) if len(vis.table) else "", 11)
        elif vis.table is not None:
            cells = [
                [number(v, 1) if isinstance(v, float) else str(v) for v in row]
                for row in vis.table.itertuples(index=False)
            ]
            pdf_table(pdf, [str(c) for c in vis.table.columns], cells, size=8.5)
        pdf.ln(2)
        if vis.source:
            _text(pdf, cite(vis.source) + (" Kaart: CBS/Kadaster (PDOK), CC BY 4.0." if vis.md is not None else ""), 8)
    return bytes(pdf.output())


def _image(pdf: Any, png: bytes, room_mm: float, width_mm: float = 185) -> None:
    """Place a PNG at full text width, or smaller so it fits the room left on the page."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as img:
        w_px, h_px = img.size
    height = width_mm * h_px / w_px
    if height > room_mm:
        pdf.image(io.BytesIO(png), h=room_mm, x=pdf.l_margin)
    else:
        pdf.image(io.BytesIO(png), w=width_mm, x=pdf.l_margin)
