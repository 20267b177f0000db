"""Presentations for kennissessies: validated steps, each with one visual, computed once for the page and
for the PDF handout (no Streamlit)."""

from __future__ import annotations

import base64
import io
import json
import re
import zlib
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
from regiomonitor.look import area_scale
from regiomonitor.maps import Classing, MapData, classify, map_frame
from regiomonitor.opgaven import OpgavenCatalogue
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


#: Upper bounds for a presentation built in the app or uploaded: a session, not a document archive.
MAX_STEPS: Final = 30
MAX_TEXT: Final = 300
MAX_UPLOAD_BYTES: Final = 100_000
#: Parameters each visual type accepts (anything else is refused, so a typo does not pass silently).
VISUAL_PARAMS: Final[dict[str, frozenset[str]]] = {
    "kerncijfers": frozenset(),
    "kaart": frozenset({"gemeente", "indicator", "periode", "leeftijd"}),
    "trend": frozenset({"indicator", "gebieden"}),
    "vergelijking": frozenset({"indicatoren"}),
    "opgaven": frozenset({"nummers"}),
    "tekst": frozenset({"tekst"}),
}
PERIODS: Final = (2012, 2016, 2020)


def _text_field(rec: dict[str, Any], key: str, where: str) -> str:
    value = rec.get(key)
    if not isinstance(value, (str, int, float)) or isinstance(value, bool) or not str(value).strip():
        raise PresentationError(f"{where}: missing field '{key}'")
    text = str(value).strip()
    if len(text) > MAX_TEXT:
        raise PresentationError(f"{where}: field '{key}' is longer than {MAX_TEXT} characters")
    return text


def _check_visual(visual: Any, where: str, known_indicators: set[str]) -> dict[str, Any]:
    if not isinstance(visual, dict):
        raise PresentationError(f"{where}: field 'visual' must be a mapping with a 'type'")
    kind = visual.get("type")
    if kind not in VISUAL_TYPES:
        raise PresentationError(f"{where}: unknown visual type {str(kind)[:40]!r}")
    extra = set(visual) - {"type"} - VISUAL_PARAMS[kind]
    if extra:
        raise PresentationError(f"{where}: visual '{kind}' has unknown parameter(s) {sorted(map(str, extra))}")
    indicators = [visual.get("indicator"), *(visual.get("indicatoren") or [])]
    if kind in {"kaart", "trend"} and visual.get("indicator") is None:
        raise PresentationError(f"{where}: visual '{kind}' needs an 'indicator'")
    if "indicatoren" in visual and not isinstance(visual["indicatoren"], list):
        raise PresentationError(f"{where}: 'indicatoren' must be a list")
    for ind in indicators:
        if ind is not None and (not isinstance(ind, str) or ind not in known_indicators):
            raise PresentationError(f"{where}: unknown indicator {str(ind)[:40]!r}")
    if "periode" in visual and visual["periode"] not in PERIODS:
        raise PresentationError(f"{where}: 'periode' must be one of {list(PERIODS)}")
    if "gemeente" in visual and not (isinstance(visual["gemeente"], str) and re.fullmatch(r"GM[0-9]{4}", visual["gemeente"])):
        raise PresentationError(f"{where}: 'gemeente' must be a gemeente code such as GM0153")
    nummers = visual.get("nummers", [])
    if not isinstance(nummers, list) or not all(isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= 99
                                                  for n in nummers):
        raise PresentationError(f"{where}: 'nummers' must be a list of opgave numbers")
    gebieden = visual.get("gebieden", [])
    if not isinstance(gebieden, list) or not all(isinstance(g, str) and len(g) <= 80 for g in gebieden):
        raise PresentationError(f"{where}: 'gebieden' must be a list of area names")
    if "tekst" in visual:
        _text_field(visual, "tekst", where)
    return dict(visual)


def parse_presentation(doc: Any, name: str, known_indicators: set[str]) -> Presentation:
    """Validate an already-parsed presentation document (from a file, an upload or the in-app builder).

    Raises:
        PresentationError: a message naming the step and the field.
    """
    if not isinstance(doc, dict):
        raise PresentationError(f"{name}: expected a mapping with 'titel' and 'stappen'")
    raw_steps = doc.get("stappen")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise PresentationError(f"{name}: no steps")
    if len(raw_steps) > MAX_STEPS:
        raise PresentationError(f"{name}: more than {MAX_STEPS} steps")
    steps = []
    for i, rec in enumerate(raw_steps, start=1):
        where = f"{name}: step {i}"
        if not isinstance(rec, dict):
            raise PresentationError(f"{where}: expected a mapping with titel, visual and boodschap")
        titel = _text_field(rec, "titel", where)
        if not rec.get("visual"):
            raise PresentationError(f"{where}: missing field 'visual'")
        visual = _check_visual(rec["visual"], where, known_indicators)
        boodschap = _text_field(rec, "boodschap", where)
        steps.append(Step(titel, visual, boodschap))
    titel = str(doc.get("titel") or name)[:MAX_TEXT]
    return Presentation(str(doc.get("id") or name)[:80], titel, tuple(steps))


def load_presentation(path: Path, known_indicators: set[str]) -> Presentation:
    """Read and validate a presentation YAML.

    Raises:
        PresentationError: unreadable YAML, missing fields, an unknown visual type, parameter or indicator, a
            step without a takeaway.
    """
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise PresentationError(f"{path.name}: cannot read ({exc.__class__.__name__})") from exc
    return parse_presentation(doc, path.name, known_indicators)


def presentation_from_upload(data: bytes, name: str, known_indicators: set[str]) -> Presentation:
    """A presentation from uploaded YAML bytes (size-capped, safe_load only).

    Raises:
        PresentationError: too large, not UTF-8 YAML, or off-schema.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise PresentationError(f"{name}: larger than {MAX_UPLOAD_BYTES // 1000} kB")
    try:
        doc = yaml.safe_load(data.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise PresentationError(f"{name}: not a readable YAML file ({exc.__class__.__name__})") from exc
    return parse_presentation(doc, name, known_indicators)


def presentation_yaml(pres: Presentation) -> str:
    """The presentation as YAML in the same format as the files in data/content/presentations/."""
    doc = {"id": pres.id, "titel": pres.titel,
           "stappen": [{"titel": s.titel, "visual": dict(s.visual), "boodschap": s.boodschap} for s in pres.stappen]}
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=120)


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
                 programmes: dict[str, Programme], opgaven: OpgavenCatalogue | None = None,
                 presenter: bool = False) -> Visual:
    """Compute the visual of a step from the prepared data (the same for the page and the handout).

    Opgave cards come from the opgaven catalogue when given (title, theme, owner, primary ministry), else from
    the NPVR programme's short titles. ``presenter`` builds charts for a big screen: chart text of at least
    18 px, the comparison in one row of panels. Chart titles carry no source: the page and the handout print
    the source line under every visual once.
    """
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
                                 "doelen zijn werkaannames", {"Twente": ref}, text_size=20 if presenter else 15,
                                 height=300 if presenter else 380)  # presenter: stretched; 300 sets the label gap
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
        order = list(dict.fromkeys(table["gebied"])) if len(table) else []
        size = 20 if presenter else 17
        # Panel headers on two lines (label | unit and year), so no header is cut off.
        header = [f"{r['indicator']}|({r['eenheid']}, {r['jaar']})" for _, r in table.iterrows()]
        table = table.assign(paneel=header) if len(table) else table.assign(paneel=pd.Series(dtype=str))
        chart = alt.Chart(table).mark_bar().encode(
            x=alt.X("waarde:Q", title=None, axis=alt.Axis(tickCount=4)),
            y=alt.Y("gebied:N", title=None, sort=order),
            color=alt.Color("gebied:N", legend=None, scale=area_scale(order)),
            tooltip=["gebied", "indicator", alt.Tooltip("waarde:Q", format=".1f"), "jaar"],
        ).properties(width=290 if presenter else 300, height=(46 if presenter else 30) * max(len(order), 1)) \
            .facet(facet=alt.Facet("paneel:N", title=None, sort=list(dict.fromkeys(header)),
                                   header=alt.Header(labelExpr="split(datum.label, '|')", labelLimit=0,
                                                     labelFontSize=size)),
                   columns=4 if presenter else 2) \
            .resolve_scale(x="independent") \
            .configure_axis(labelFontSize=size, labelLimit=240) \
            .configure_header(labelFontSize=size, labelFontWeight="bold")
        return Visual("chart", "RIVM/CBS 2020 (18+) en CBS Kerncijfers 2020; focusgebieden door ons berekend; "
                               "laag opleidingsniveau alleen per gemeente.", chart=chart, table=table)
    if step.kind == "opgaven":
        if opgaven is not None:
            known = {o.nummer: o for o in opgaven.opgaven}
            themes = {t.id: t.naam for t in opgaven.themas}
            table = pd.DataFrame([{
                "Opgave": n, "Titel": known[n].titel, "Thema": themes[known[n].thema],
                "Bestuurlijk eigenaar": known[n].eigenaarschap.bestuurlijk.naam or "nog niet belegd",
                "Primair ministerie": known[n].primair_ministerie or "geen primair",
            } for n in v.get("nummers", []) if n in known])
            return Visual("table", "Plan voor de Regio Twente (NPVR, definitief, maart 2026), fiches van de opgaven.",
                          table=table)
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
            _image(pdf, chart_png(vis.chart, "", "", scale=2.0, width=700), room)
        elif vis.table is not None and list(vis.table.columns) == [""]:
            _text(pdf, str(vis.table.iloc[0, 0]) if len(vis.table) else "", 11)
        elif vis.table is not None:
            cells = [[number(v, 1) if isinstance(v, float) else str(v) for v in row]
                     for row in vis.table.itertuples(index=False)]
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


def format_value(value: float, unit: str) -> str:
    """Dutch formatting for a presentation table."""
    return number(value, decimals_for(unit), unit)


#: Longest link token we accept for a presentation carried in the URL (browsers and mail clients cope with this).
MAX_TOKEN: Final = 6000


def encode_presentation(pres: Presentation) -> str:
    """A compact, URL-safe token of a presentation (JSON, zlib, base64url) so a link can carry it.

    Raises:
        PresentationError: the token would be longer than ``MAX_TOKEN`` (too many or too long steps).
    """
    doc = {"t": pres.titel, "s": [[s.titel, s.visual, s.boodschap] for s in pres.stappen]}
    raw = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    token = base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")
    if len(token) > MAX_TOKEN:
        raise PresentationError("presentation too large for a link")
    return token


def decode_presentation(token: str, known_indicators: set[str]) -> Presentation:
    """The presentation in a link token, validated like a file.

    Raises:
        PresentationError: too long, not a token we made, or off-schema.
    """
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN or not re.fullmatch(r"[A-Za-z0-9_-]+", token):
        raise PresentationError("link: not a presentation token")
    try:
        packed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        inflater = zlib.decompressobj()
        raw = inflater.decompress(packed, MAX_UPLOAD_BYTES)  # bounded: a small token cannot inflate to gigabytes
        if inflater.unconsumed_tail:
            raise PresentationError("link: presentation too large")
        doc = json.loads(raw.decode("utf-8"))
    except PresentationError:
        raise
    except (ValueError, zlib.error, UnicodeDecodeError) as exc:
        raise PresentationError(f"link: not a presentation token ({exc.__class__.__name__})") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("s"), list):
        raise PresentationError("link: not a presentation token")
    steps = [{"titel": s[0], "visual": s[1], "boodschap": s[2]} if isinstance(s, list) and len(s) == 3 else s
             for s in doc["s"]]
    return parse_presentation({"id": "eigen", "titel": doc.get("t") or "Eigen presentatie", "stappen": steps},
                              "link", known_indicators)
