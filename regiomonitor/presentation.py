"""Presentations for kennissessies: validated steps, each with one visual, computed once for the page and
for the PDF handout (no Streamlit)."""

from __future__ import annotations

import base64
import io
import json
import re
import zlib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final

import altair as alt
import geopandas as gpd
import pandas as pd
import yaml

from regiomonitor.areas import NL_CODE, TWENTE_CODE, TWENTE_GEMEENTEN
from regiomonitor.content.focus_area import FocusCatalogue
from regiomonitor.content.opgaven_catalogue import OpgavenCatalogue
from regiomonitor.content.programme import Programme
from regiomonitor.data import DataStore
from regiomonitor.fmt import decimals_for, number
from regiomonitor.focus import focus_geometries
from regiomonitor.look import area_scale
from regiomonitor.maps import Classing, MapData, classify, map_frame
from regiomonitor.overview import headline
from regiomonitor.targets import TargetRule, area_series, group_series, trajectory, trajectory_chart
from regiomonitor.untrusted import Limits, UntrustedInputError, load_json, load_yaml

VISUAL_TYPES: Final = ("kerncijfers", "kaart", "trend", "vergelijking", "opgaven", "tekst")


class PresentationError(ValueError):
    """A presentation does not follow its schema or its bounds; the message is Dutch and names step and field."""


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


#: Upper bounds for a presentation built in the app, uploaded or carried in a link: a session, not an archive.
MAX_STEPS: Final = 30
#: Steps that draw a map or chart (the costly ones, in the page and above all in the PDF hand-out).
MAX_HEAVY_STEPS: Final = 12
HEAVY_TYPES: Final = frozenset({"kaart", "trend", "vergelijking"})
MAX_TEXT: Final = 300
MAX_UPLOAD_BYTES: Final = 100_000
#: List limits, the same as the builder's widgets offer: areas in a trend, indicators in a comparison, opgaven.
MAX_AREAS: Final = 5
MAX_COMPARE: Final = 6
MAX_OPGAVEN: Final = 21
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
#: Bounds of an uploaded or linked document before any of it is built (see regiomonitor.untrusted).
DOCUMENT_LIMITS: Final = Limits(max_bytes=MAX_UPLOAD_BYTES, max_depth=6, max_nodes=3_000, max_scalar=MAX_TEXT * 4)


@dataclass(frozen=True)
class PresentationRules:
    """What a step may refer to, derived from the prepared data: the checks a visual needs to be drawable.

    ``indicators`` are all known ids. ``maps`` gives, per indicator with buurt figures, the periods and age groups
    a map can show; ``trends`` are the indicators with a buurt series for 18+ over at least two periods and a
    direction (targets need one); ``gemeenten`` the codes a map step may name; ``areas`` the area names a trend
    step may name; ``opgaven`` the opgave numbers. ``None`` means "not checked" (plain id sets from tests).
    """

    indicators: frozenset[str]
    maps: Mapping[str, tuple[frozenset[int], frozenset[str]]] | None = None
    trends: frozenset[str] | None = None
    gemeenten: frozenset[str] | None = None
    areas: frozenset[str] | None = None
    opgaven: frozenset[int] | None = None


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


def _rules(known: Collection[str] | PresentationRules) -> PresentationRules:
    return known if isinstance(known, PresentationRules) else PresentationRules(frozenset(map(str, known)))


def _short(value: object) -> str:
    """A bounded, printable echo of a scalar for a message (never ``str()`` of a container)."""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return repr(value if not isinstance(value, str) else value[:40])
    return f"een {type(value).__name__}"


def _text_field(rec: Mapping[str, Any], key: str, where: str) -> str:
    value = rec.get(key)
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise PresentationError(f"{where}: het veld '{key}' ontbreekt of is geen tekst")
    text = value.strip() if isinstance(value, str) else str(value)
    if not text:
        raise PresentationError(f"{where}: het veld '{key}' ontbreekt")
    if len(text) > MAX_TEXT:
        raise PresentationError(f"{where}: het veld '{key}' is langer dan {MAX_TEXT} tekens")
    return text


def _unique_list(
    visual: Mapping[str, Any], key: str, item_ok: Callable[[Any], bool], limit: int, where: str, what: str
) -> list[Any]:
    """The list under ``key`` with repeats dropped (order kept), each item checked, at most ``limit`` entries."""
    raw = visual.get(key, [])
    if not isinstance(raw, list) or not all(item_ok(x) for x in raw):
        raise PresentationError(f"{where}: '{key}' moet een lijst van {what} zijn")
    unique = list(dict.fromkeys(raw))
    if not unique:
        raise PresentationError(f"{where}: '{key}' noemt geen {what}; kies er minstens één")
    if len(unique) > limit:
        raise PresentationError(f"{where}: '{key}' noemt meer dan {limit} {what}")
    return unique


def _is_name(x: Any) -> bool:
    return isinstance(x, str) and 0 < len(x) <= 80


def _is_opgave(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool) and 1 <= x <= 99


def _check_visual(visual: Any, where: str, rules: PresentationRules) -> dict[str, Any]:
    """A checked copy of a step's visual: known type and parameters, drawable indicator, bounded lists."""
    if not isinstance(visual, dict):
        raise PresentationError(f"{where}: 'visual' moet een type en parameters hebben")
    kind = visual.get("type")
    if not isinstance(kind, str) or kind not in VISUAL_TYPES:
        raise PresentationError(f"{where}: onbekend soort visual {_short(kind)}")
    extra = [k for k in visual if k != "type" and k not in VISUAL_PARAMS[kind]]
    if extra:
        names = ", ".join(_short(k) for k in extra[:5])
        raise PresentationError(f"{where}: visual '{kind}' kent de parameter(s) {names} niet")
    out: dict[str, Any] = {"type": kind}
    if kind in {"kaart", "trend"}:
        ind = visual.get("indicator")
        if ind is None:
            raise PresentationError(f"{where}: visual '{kind}' heeft een 'indicator' nodig")
        if not isinstance(ind, str) or ind not in rules.indicators:
            raise PresentationError(f"{where}: onbekende indicator {_short(ind)}")
        out["indicator"] = ind
    if kind == "kaart":
        ind = out["indicator"]
        if rules.maps is not None and ind not in rules.maps:
            raise PresentationError(f"{where}: indicator '{ind}' heeft geen cijfers per buurt en past niet op de kaart")
        periods, ages = rules.maps[ind] if rules.maps is not None else (frozenset(PERIODS), frozenset())
        if "periode" in visual:
            per = visual["periode"]
            if isinstance(per, bool) or not isinstance(per, int) or per not in periods:
                raise PresentationError(f"{where}: 'periode' moet een van {sorted(periods)} zijn")
            out["periode"] = per
        if "leeftijd" in visual:
            age = visual["leeftijd"]
            if not isinstance(age, str) or (ages and age not in ages):
                raise PresentationError(f"{where}: 'leeftijd' moet een van {sorted(ages)} zijn")
            out["leeftijd"] = age
        if "gemeente" in visual:
            gm = visual["gemeente"]
            if not (isinstance(gm, str) and re.fullmatch(r"GM[0-9]{4}", gm)):
                raise PresentationError(f"{where}: 'gemeente' moet een gemeentecode zijn, zoals GM0153")
            if rules.gemeenten is not None and gm not in rules.gemeenten:
                raise PresentationError(f"{where}: gemeente {gm} hoort niet bij Twente")
            out["gemeente"] = gm
    if kind == "trend":
        if rules.trends is not None and out["indicator"] not in rules.trends:
            raise PresentationError(
                f"{where}: indicator '{out['indicator']}' heeft geen reeks per buurt (18+, "
                "meerdere jaren, met een richting) en past niet in een trend"
            )
        gebieden = _unique_list(visual, "gebieden", _is_name, MAX_AREAS, where, "gebieden")
        if rules.areas is not None and (unknown := [g for g in gebieden if g not in rules.areas]):
            raise PresentationError(f"{where}: onbekend gebied {_short(unknown[0])}")
        out["gebieden"] = gebieden
    if kind == "vergelijking":
        indicatoren = _unique_list(
            visual, "indicatoren", lambda x: isinstance(x, str) and len(x) <= 80, MAX_COMPARE, where, "indicatoren"
        )
        if unknown := [i for i in indicatoren if i not in rules.indicators]:
            raise PresentationError(f"{where}: onbekende indicator {_short(unknown[0])}")
        out["indicatoren"] = indicatoren
    if kind == "opgaven":
        nummers = _unique_list(visual, "nummers", _is_opgave, MAX_OPGAVEN, where, "opgavenummers")
        if rules.opgaven is not None and (unknown := [n for n in nummers if n not in rules.opgaven]):
            raise PresentationError(f"{where}: onbekende opgave {unknown[0]}")
        out["nummers"] = nummers
    if kind == "tekst":
        out["tekst"] = _text_field(visual, "tekst", where)
    return out


def parse_presentation(doc: Any, name: str, known_indicators: Collection[str] | PresentationRules) -> Presentation:
    """Validate an already-parsed presentation document (from a file, an upload, a link or the in-app builder).

    ``known_indicators`` is either a set of indicator ids (membership only) or :class:`PresentationRules`, which
    also checks that each map and trend step can be drawn. Lists are de-duplicated and capped like the builder's
    widgets; at most ``MAX_STEPS`` steps of which ``MAX_HEAVY_STEPS`` draw a map or chart.

    Raises:
        PresentationError: a Dutch message naming the step and the field.
    """
    rules = _rules(known_indicators)
    name = str(name)[:80]
    if not isinstance(doc, dict):
        raise PresentationError(f"{name}: verwacht een presentatie met 'titel' en 'stappen'")
    raw_steps = doc.get("stappen")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise PresentationError(f"{name}: geen stappen")
    if len(raw_steps) > MAX_STEPS:
        raise PresentationError(f"{name}: meer dan {MAX_STEPS} stappen")
    steps = []
    for i, rec in enumerate(raw_steps, start=1):
        where = f"{name}: stap {i}"
        if not isinstance(rec, dict):
            raise PresentationError(f"{where}: verwacht titel, visual en boodschap")
        titel = _text_field(rec, "titel", where)
        if not rec.get("visual"):
            raise PresentationError(f"{where}: het veld 'visual' ontbreekt")
        visual = _check_visual(rec["visual"], where, rules)
        boodschap = _text_field(rec, "boodschap", where)
        steps.append(Step(titel, visual, boodschap))
    heavy = sum(s.kind in HEAVY_TYPES for s in steps)
    if heavy > MAX_HEAVY_STEPS:
        raise PresentationError(f"{name}: meer dan {MAX_HEAVY_STEPS} stappen met een kaart, trend of vergelijking")
    titel = _text_field(doc, "titel", name) if doc.get("titel") is not None else name
    ident = doc.get("id")
    ident = ident if isinstance(ident, str) and re.fullmatch(r"[\w-]{1,80}", ident) else re.sub(r"[^\w-]", "_", name)
    return Presentation(ident, titel, tuple(steps))


def load_presentation(path: Path, known_indicators: Collection[str] | PresentationRules) -> Presentation:
    """Read and validate a presentation YAML from ``data/content/presentations/`` (bounded like an upload).

    Raises:
        PresentationError: unreadable YAML, missing fields, an unknown visual type, parameter or indicator, a
            step without a takeaway.
    """
    try:
        doc = load_yaml(path.read_bytes(), DOCUMENT_LIMITS) or {}
    except OSError as exc:
        raise PresentationError(f"{path.name}: niet te lezen") from exc
    except UntrustedInputError as exc:
        raise PresentationError(f"{path.name}: {exc}") from exc
    return parse_presentation(doc, path.name, known_indicators)


def presentation_from_upload(
    data: bytes, name: str, known_indicators: Collection[str] | PresentationRules
) -> Presentation:
    """A presentation from uploaded YAML bytes: size, depth and value count bounded, no anchors or aliases.

    Raises:
        PresentationError: too large, not UTF-8 YAML, anchors/aliases, too deep, or off-schema.
    """
    try:
        doc = load_yaml(data, DOCUMENT_LIMITS)
    except UntrustedInputError as exc:
        raise PresentationError(f"{str(name)[:80]}: {exc}") from exc
    return parse_presentation(doc, name, known_indicators)


def presentation_yaml(pres: Presentation) -> str:
    """The presentation as YAML in the same format as the files in data/content/presentations/."""
    doc = {
        "id": pres.id,
        "titel": pres.titel,
        "stappen": [{"titel": s.titel, "visual": dict(s.visual), "boodschap": s.boodschap} for s in pres.stappen],
    }
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
            _image(pdf, chart_png(vis.chart, "", "", scale=2.0, width=700), room)
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
        raise PresentationError("de presentatie is te groot voor een link (minder of kortere stappen)")
    return token


def decode_presentation(token: str, known_indicators: Collection[str] | PresentationRules) -> Presentation:
    """The presentation in a link token, validated like an uploaded file (same bounds, same rules).

    Raises:
        PresentationError: too long, not a token we made, nested too deep, or off-schema.
    """
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN or not re.fullmatch(r"[A-Za-z0-9_-]+", token):
        raise PresentationError("link: geen presentatie")
    try:
        packed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        inflater = zlib.decompressobj()
        raw = inflater.decompress(packed, MAX_UPLOAD_BYTES)  # bounded: a small token cannot inflate to gigabytes
        if inflater.unconsumed_tail:
            raise PresentationError("link: de presentatie is te groot")
        doc = load_json(raw, DOCUMENT_LIMITS)
    except PresentationError:
        raise
    except UntrustedInputError as exc:
        raise PresentationError(f"link: {exc}") from exc
    except (ValueError, zlib.error) as exc:
        raise PresentationError("link: geen presentatie") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("s"), list):
        raise PresentationError("link: geen presentatie")
    titel = doc.get("t") if isinstance(doc.get("t"), str) and doc.get("t") else "Eigen presentatie"
    steps = [
        {"titel": s[0], "visual": s[1], "boodschap": s[2]} if isinstance(s, list) and len(s) == 3 else s
        for s in doc["s"]
    ]
    return parse_presentation({"id": "eigen", "titel": titel, "stappen": steps}, "link", known_indicators)
