"""One place for the look of charts: a fixed colour per area, line styles with their legend, the plot sizing.

Every chart that colours areas asks :func:`area_colours` / :func:`area_scale`, so Almelo, Enschede, Twente,
Nederland and the focus areas keep the same colour from chart to chart; other areas (chosen buurten) get the
next free colour of :data:`OTHER_COLOURS` in the order they are shown. No Streamlit here.
"""

from __future__ import annotations

from typing import Final

import altair as alt

from regiomonitor.areas import NL_CODE, TWENTE_CODE

#: Fixed colours (colour-blind safe, Dark2-based) of the areas that appear on many pages.
AREA_COLOURS: Final[dict[str, str]] = {
    "Almelo": "#d95f02",
    "Enschede": "#7570b3",
    "Twente": "#1b9e77",
    "Nederland": "#666666",
    "Wesselerbrink": "#e7298a",
    "Twekkelerveld": "#66a61e",
    "Almelo spoorzone": "#a6761d",
}
#: Area codes of the fixed-colour areas, for charts keyed by code.
AREA_CODES: Final[dict[str, str]] = {
    "GM0141": "Almelo",
    "GM0153": "Enschede",
    TWENTE_CODE: "Twente",
    NL_CODE: "Nederland",
}
#: Colours for any other area (chosen buurten, other gemeenten), none equal to a fixed colour.
OTHER_COLOURS: Final[tuple[str, ...]] = (
    "#1f78b4",
    "#e6ab02",
    "#6a3d9a",
    "#b15928",
    "#17becf",
    "#fb9a99",
    "#33a02c",
    "#bcbd22",
)

#: Line styles of the trend charts (Vega-Lite strokeDash), in legend order.
LINE_STYLES: Final[dict[str, list[int]]] = {
    "gemeten": [1, 0],
    "benodigd pad naar het doel": [8, 5],
    "trend (rechte lijn door de metingen)": [1, 3],
}


def area_colours(names: list[str]) -> list[str]:
    """The colour of each named area (or area code): fixed ones from :data:`AREA_COLOURS`, others in order.

    >>> area_colours(["Enschede", "Buurt A", "GM0141", "Buurt B"])
    ['#7570b3', '#1f78b4', '#d95f02', '#e6ab02']
    """
    out: list[str] = []
    others = iter(OTHER_COLOURS * (len(names) // len(OTHER_COLOURS) + 1))
    for name in names:
        fixed = AREA_COLOURS.get(AREA_CODES.get(name, name))
        out.append(fixed or next(others))
    return out


def area_scale(names: list[str]) -> alt.Scale:
    """An Altair colour scale that gives each area in ``names`` its app-wide colour."""
    names = list(dict.fromkeys(names))
    return alt.Scale(domain=names, range=area_colours(names))


def fit_width(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Let Streamlit stretch the chart to the column width while ``height`` stays the height of the plot.

    Streamlit's default autosize ('fit') squeezes title, axes and legend into ``height``; a chart with a tall
    legend then collapses to a one-pixel plot (the Elk Talent Telt budget chart did).
    """
    return chart.properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))


def cite(source: str) -> str:
    """The source line of a figure, with one 'Bron:' however the source text starts."""
    text = source.strip()
    while text.lower().startswith("bron:"):
        text = text[5:].strip()
    return f"Bron: {text}" if text else ""
