"""The Kaart's pydeck deck and legends, built from a classed :class:`~regiomonitor.maps.MapData` (no Streamlit).

Classing and the map's table live in :mod:`regiomonitor.maps`; this module turns them into GeoJSON layers, a
view, focus-area labels and the HTML legend, so a test can inspect the deck it returns.
"""

from __future__ import annotations

import functools
import json

import geopandas as gpd
import numpy as np
import pydeck as pdk
import shapely
from pydeck.bindings import json_tools

from regiomonitor.fmt import decimals_for, number
from regiomonitor.look import INK, MISSING_COLOR
from regiomonitor.maps import METHODS, TOOLTIP_FIELDS, Classing, MapData, rank_phrase, tooltip_rows

#: The ``mapStyle`` value that tells Streamlit's deck.gl component to draw no base map at all (pydeck's
#: ``_DEFAULT_MAP_STYLE_SENTINEL``; with ``map_provider=None`` pydeck passes it through unchanged).
NO_BASE_MAP = "__MAP_STYLE__"


def feature_collection(gdf: gpd.GeoDataFrame, columns: list[str]) -> dict:
    """A GeoJSON FeatureCollection with only ``columns`` as properties (keeps the browser payload small).

    Coordinates are rounded to 5 decimals (about a metre), so they serialise short ("6.83554", not
    "6.835540000000001"). Geometries are written by shapely in one vectorised call and properties come from
    the frame's records; the same result as ``GeoDataFrame.to_json`` re-parsed at 5 decimals, about four times
    faster (a map is built once per distinct view, and a room asks for many views at once).
    """
    rounded = shapely.transform(np.asarray(gdf.geometry.values), lambda xy: np.round(xy, 5))
    geometries = shapely.to_geojson(rounded)
    props = gdf[columns]
    records = props.astype(object).where(props.notna(), None).to_dict("records") if columns else [{}] * len(gdf)
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {k: _plain(v) for k, v in record.items()},
                "geometry": json.loads(geometry) if geometry is not None else None,
            }
            for record, geometry in zip(records, geometries, strict=True)
        ],
    }


def _plain(value: object) -> object:
    """A property value as JSON knows it (numpy scalars to Python numbers, arrays to lists)."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    return value


def payload_bytes(deck: pdk.Deck) -> int:
    """Size of the map specification as compact JSON, close to what the browser receives."""
    return len(json.dumps(json.loads(deck.to_json()), separators=(",", ":")).encode())


def view_for(gdf: gpd.GeoDataFrame) -> pdk.ViewState:
    """A view that fits the features (simple Web Mercator zoom estimate)."""
    minx, miny, maxx, maxy = gdf.total_bounds
    span = max(maxx - minx, (maxy - miny) * 1.6, 1e-3)
    zoom = float(np.clip(np.log2(360.0 / span) + 0.35, 6, 15))
    return pdk.ViewState(
        longitude=float((minx + maxx) / 2), latitude=float((miny + maxy) / 2), zoom=round(zoom, 2), pitch=0, bearing=0
    )


def label_shapes(focus: gpd.GeoDataFrame, extent: gpd.GeoDataFrame, height_share: float = 0.028) -> gpd.GeoDataFrame:
    """Each focus area's name as polygons (glyph outlines) on a white box, centred in the area, in WGS84.

    Rows: ``naam``, ``part`` ('box' or 'text') and the geometry. The text height is ``height_share`` of the
    height of ``extent`` (the mapped area), so names stay readable at the map's own zoom. Drawn as plain
    polygons because deck.gl's TextLayer (and IconLayer) left Streamlit's offline map blank.
    """
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath
    from shapely import affinity
    from shapely.geometry import Polygon, box

    proj = focus.to_crs(28992)
    minx, miny, maxx, maxy = extent.to_crs(28992).total_bounds
    size = max(maxy - miny, (maxx - minx) * 0.6) * height_share
    prop = FontProperties(family="DejaVu Sans", weight="bold")
    rows = []
    for name, geom in zip(proj["naam"], proj.geometry, strict=True):
        glyphs = None
        for ring in TextPath((0, 0), str(name), size=1, prop=prop).to_polygons():
            ring = np.asarray(ring)
            if len(ring) >= 3:
                part = Polygon(ring).buffer(0)
                glyphs = part if glyphs is None else glyphs.symmetric_difference(part)  # holes of o, e, a
        if glyphs is None:
            continue
        gx0, gy0, gx1, gy1 = glyphs.bounds
        at = geom.representative_point()
        glyphs = affinity.scale(
            affinity.translate(glyphs, -(gx0 + gx1) / 2, -(gy0 + gy1) / 2), size, size, origin=(0, 0)
        )
        glyphs = affinity.translate(glyphs, at.x, at.y)
        bx0, by0, bx1, by1 = glyphs.bounds
        pad = size * 0.35
        rows.append({"naam": str(name), "part": "box", "geometry": box(bx0 - pad, by0 - pad, bx1 + pad, by1 + pad)})
        rows.append({"naam": str(name), "part": "text", "geometry": glyphs})
    return (
        gpd.GeoDataFrame(rows, geometry="geometry", crs=28992).to_crs(4326)
        if rows
        else gpd.GeoDataFrame({"naam": [], "part": []}, geometry=[], crs=4326)
    )


def build_deck(
    md: MapData,
    classing: Classing,
    focus: gpd.GeoDataFrame | None = None,
    context: gpd.GeoDataFrame | None = None,
    selected: str | None = None,
    view: pdk.ViewState | None = None,
    label_focus: bool = False,
) -> pdk.Deck:
    """The pydeck map: a choropleth layer (pickable, id ``choropleth``), optional gemeente outlines, focus-area
    outlines (white halo under a dark line, readable over every palette; hovering names the area), and a
    highlighted selection. No base map tiles: the app works offline and the polygons carry the message.

    ``label_focus`` writes each focus area's name on the map (a deck.gl TextLayer with a white background,
    id ``focus_labels``), for a presenter whose audience cannot hover."""
    f = md.frame.join(tooltip_rows(md, classing))
    layers: list[pdk.Layer] = [
        pdk.Layer(
            "GeoJsonLayer",
            id="choropleth",
            data=feature_collection(f, ["code", *TOOLTIP_FIELDS, "f"]),
            pickable=True,
            stroked=True,
            filled=True,
            get_fill_color="properties.f",
            get_line_color=[255, 255, 255, 220],
            line_width_min_pixels=0.6,
            auto_highlight=True,
            highlight_color=[255, 255, 0, 120],
        ),
    ]
    if context is not None and len(context):
        layers.append(
            pdk.Layer(
                "GeoJsonLayer",
                id="gemeenten",
                data=feature_collection(context, ["code"]),
                stroked=True,
                filled=False,
                get_line_color=[80, 80, 80, 255],
                line_width_min_pixels=1.5,
            )
        )
    if focus is not None and len(focus):
        # The outline is pickable and carries its name in the tooltip fields, so hovering the line names the
        # area. (deck.gl text labels need a font atlas that did not render reliably offline.)
        labelled = focus.assign(n=focus["naam"].map(lambda n: f"Focusgebied: {n}"), v="", g="", k="", t="")
        fc = feature_collection(labelled, ["naam", *TOOLTIP_FIELDS])
        layers.append(
            pdk.Layer(
                "GeoJsonLayer",
                id="focus_halo",
                data=fc,
                stroked=True,
                filled=False,
                get_line_color=[255, 255, 255, 255],
                line_width_min_pixels=6,
            )
        )
        layers.append(
            pdk.Layer(
                "GeoJsonLayer",
                id="focus",
                data=fc,
                stroked=True,
                filled=False,
                pickable=True,
                get_line_color=[20, 20, 20, 255],
                line_width_min_pixels=3,
            )
        )
        if label_focus:
            shapes = label_shapes(focus, f)
            for part, fill in (("box", [255, 255, 255, 235]), ("text", [20, 20, 20, 255])):
                fc_part = feature_collection(shapes[shapes["part"] == part], ["naam"])
                layers.append(
                    pdk.Layer(
                        "GeoJsonLayer",
                        id=f"focus_label_{part}",
                        data=fc_part,
                        filled=True,
                        stroked=part == "box",
                        get_fill_color=fill,
                        get_line_color=[20, 20, 20, 255],
                        line_width_min_pixels=1.5,
                    )
                )
    if selected is not None:
        sel = f[f["code"] == selected]
        if len(sel):
            layers.append(
                pdk.Layer(
                    "GeoJsonLayer",
                    id="selected",
                    data=feature_collection(sel, ["code"]),
                    stroked=True,
                    filled=False,
                    get_line_color=[0, 90, 255, 255],
                    line_width_min_pixels=4,
                )
            )
    # The source is the same for every feature, so it goes into the template rather than into each feature.
    dec = decimals_for(md.unit)
    refs = (
        f"Twente {number(md.references.get('Twente'), dec, md.unit)} · "
        f"NL {number(md.references.get('Nederland'), dec, md.unit)}"
    )
    footer = f"{refs}\n{{k}}\n{{t}}\n{source_text(md.source)} ({rank_phrase(md.direction)})"
    tooltip = {
        "text": "{n}\n{v}\n{g}" + footer,
        "style": {"fontSize": "14px", "maxWidth": "360px", "whiteSpace": "pre-wrap"},
    }
    # No base map. ``map_style=None`` is not enough: Streamlit's map component then substitutes Carto's
    # positron style, fetches it from the internet (refused offline and by our CSP) and resizes an empty
    # basemap canvas 1.5 s after the polygons are drawn. Only pydeck's own default-style sentinel, sent with no
    # provider, makes the component drop ``mapStyle`` and draw the layers alone.
    deck = pdk.Deck(
        layers=layers,
        initial_view_state=view or view_for(md.frame),
        map_style=NO_BASE_MAP,
        tooltip=tooltip,
        map_provider=None,
    )
    deck.to_json = functools.partial(compact_json, deck)
    return deck


def compact_json(deck: pdk.Deck) -> str:
    """The deck's JSON exactly as pydeck builds it, without pydeck's indentation.

    Why: ``Deck.to_json`` indents by two spaces, which makes Python's json module fall back from its C encoder to
    the pure-Python one: for all Twente buurten that was most of the cost of a map on a cache miss, and the
    spaces were some 70 % of what each visitor's browser receives (774 kB -> 221 kB). ``st.pydeck_chart`` calls
    ``to_json``, so :func:`build_deck` hands out this instead.
    """
    return json.dumps(deck, sort_keys=True, default=json_tools.default_serialize, separators=(",", ":"))


def source_text(text: str) -> str:
    """Text for the tooltip template, where braces would be read as field names."""
    return text.replace("{", "(").replace("}", ")")


def legend_rows(md: MapData, classing: Classing) -> list[tuple[str, str]]:
    """(colour, label) rows for the legend, the missing class last when any value is missing."""
    rows = list(zip(classing.colors, classing.labels, strict=False))
    if any(c < 0 for c in classing.classes):
        rows.append((MISSING_COLOR, "geen waarde (zie tooltip voor de reden)"))
    return rows


def focus_legend_html(names: list[str]) -> str:
    """Legend entry for the focus outlines, naming them (escaped)."""
    from html import escape

    if not names:
        return ""
    return (
        '<div style="display:flex;align-items:center;gap:8px;margin-top:6px">'
        f'<span style="display:inline-block;width:22px;height:0;border-top:3px solid {INK};'
        'box-shadow:0 0 0 2px #fff"></span>'
        f"<span>omlijnd: {escape(', '.join(names))}</span></div>"
    )


def legend_html(md: MapData, classing: Classing, title: str) -> str:
    """The legend as a small HTML block. Everything in it is our own text or a formatted number, and the
    title is escaped, so it is safe to render as HTML."""
    from html import escape

    unit = "" if md.unit in ("aantal",) else f" ({escape(md.unit)})"
    items = "".join(
        f'<div style="display:flex;align-items:center;gap:8px;margin:2px 0">'
        f'<span style="display:inline-block;width:22px;height:14px;background:{c};border:1px solid #777"></span>'
        f"<span>{escape(label)}</span></div>"
        for c, label in legend_rows(md, classing)
    )
    direction = {"hoger_beter": "hoger is beter", "lager_beter": "lager is beter", "neutraal": "neutraal"}[md.direction]
    note = f'<div style="color:#555;font-size:0.85em">{escape(classing.note)}</div>' if classing.note else ""
    return (
        f'<div style="font-size:0.95em"><b>{escape(title)}{unit}</b><br>'
        f'<span style="color:#555">{direction}; {escape(METHODS[classing.method].lower())}</span>{items}{note}</div>'
    )
