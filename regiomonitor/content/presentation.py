"""Presentations for kennissessies: the schema of a presentation (titled steps, each with one visual and a
one-line takeaway) and its readers for a content file, an upload and a link token.

Uploads and links come from outside: :mod:`regiomonitor.untrusted` bounds size, depth and count before any
object is built, and every check here gives a Dutch message (users see it) that names the step and the field
and never echoes more than a short scalar. :class:`PresentationError` is a :class:`ContentError`, so one
``except`` catches every invalid content; the visuals and the hand-out are in :mod:`regiomonitor.presentation`.
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import yaml

from regiomonitor.content.reader import ContentError
from regiomonitor.untrusted import Limits, UntrustedInputError, load_json, load_yaml

VISUAL_TYPES: Final = ("kerncijfers", "kaart", "trend", "vergelijking", "opgaven", "tekst")


class PresentationError(ContentError):
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
