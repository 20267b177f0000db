"""One place for the look of charts, maps and tables: a fixed colour per area, every other palette and named
colour, the font sizes and title of a chart, line styles with their legend, the plot sizing.

Every chart that colours areas asks :func:`area_colours` / :func:`area_scale`, so Almelo, Enschede, Twente,
Nederland and the focus areas keep the same colour from chart to chart; other areas (chosen buurten) get the
next free colour of :data:`OTHER_COLOURS` in the order they are shown. The builders (programme_charts, compare,
twins, targets, maps, static_map, deprivation, opgaven_overview, status_grid) take their colours and sizes from
here instead of writing hex codes of their own. No Streamlit here.
"""

from __future__ import annotations

from typing import Final, TypeVar

import altair as alt

from regiomonitor.areas import NL_CODE, TWENTE_CODE

#: Any top-level chart (single, layered, faceted, concatenated): helpers that set properties keep its type.
ChartT = TypeVar("ChartT", bound=alt.TopLevelMixin)
#: Any chart a builder returns and ``st.altair_chart`` draws (``alt.layer`` gives a LayerChart or a FacetChart).
AnyChart = alt.Chart | alt.LayerChart | alt.FacetChart | alt.HConcatChart | alt.VConcatChart | alt.ConcatChart

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

# ------------------------------------------------------------------------------------------ named colours

#: Near-black: area outlines on the maps and the outline swatch of the map legend.
INK: Final = "#141414"
#: Dark text (labels beside marks, text on light table cells, legend symbol outlines).
TEXT_DARK: Final = "#333333"
#: Reference rules (Twente, NL, the programme start) and subdued text such as a chart's source line.
GREY_DARK: Final = "#444444"
#: The gemeente tick and connecting lines: visible, but behind the marks of the chosen areas.
GREY_TICK: Final = "#888888"
#: Outline of the swatches in a printed map legend.
GREY_EDGE: Final = "#777777"
#: The selected area's outline on the printed map (bright blue, reads on every class colour).
SELECTED_OUTLINE: Final = "#005aff"
#: Greys, light to dark: context marks, "no value", "the rest" beside chosen items.
GREY_LIGHTER: Final = "#e6e6e6"
GREY_LIGHT: Final = "#cccccc"
GREY_BAR: Final = "#cfcfcf"
MISSING_COLOR: Final = "#bdbdbd"
GREY_OTHER: Final = "#9e9e9e"
GREY_MID: Final = "#969696"
#: The highlight of chosen items among many (the Almelo colour of :data:`AREA_COLOURS`, Dark2 orange).
HIGHLIGHT: Final = "#d95f02"
#: "Now" on a timeline and its label (ColorBrewer Reds, dark).
NOW_RED: Final = "#cb181d"

# ---------------------------------------------------------------------------------------------- palettes

#: ColorBrewer OrRd (5) for map classes: light = better, dark = worse. Colour-blind safe.
SEQ_WORSE: Final = ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"]
#: ColorBrewer Blues (5) for neutral indicators: light = low, dark = high.
SEQ_NEUTRAL: Final = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"]
#: ColorBrewer BrBG (5) for deviations: brown = worse than the reference, teal = better.
DIVERGING: Final = ["#a6611a", "#dfc27d", "#f5f5f5", "#80cdc1", "#018571"]
#: ColorBrewer PuOr (5) for deviations of a neutral indicator: orange = lower, purple = higher.
DIVERGING_NEUTRAL: Final = ["#e66101", "#fdb863", "#f7f7f7", "#b2abd2", "#5e3c99"]
#: Better / worse / neutral / reference in the look-alike chart (ColorBrewer RdBu ends, grey, the NL grey).
BETTER_WORSE: Final[list[str]] = ["#2166ac", GREY_MID, "#d6604d", AREA_COLOURS["Nederland"]]
#: Cell tints by comparison verdict (blue = better, orange = worse: colour-blind safe; the ▲/▼ carries it too).
COMPARE_TINTS: Final[dict[str, str]] = {"beter": "#d1e5f0", "slechter": "#fddbc7", "gelijk": "", "": ""}
#: Cell tints of target verdicts. Verdicts on a series that ended before the programme started are grey
#: (:data:`PRE_START_TINT`): they describe the trend before the start, not a programme result.
TARGET_TINTS: Final[dict[str, str]] = {
    "op koers": "#c8e6c9",
    "aandacht nodig": "#ffe0b2",
    "niet op koers": "#ffcdd2",
    "doel al bereikt": "#c8e6c9",
}
PRE_START_TINT: Final = GREY_LIGHTER
#: Budget charts: spending, existing cover, new cover, surplus, shortfall (colour-blind safe, Dark2-based).
BUDGET_COLOURS: Final[dict[str, str]] = {
    "Uitgaven": HIGHLIGHT,
    "Bestaande dekking": "#1b9e77",
    "Nieuwe dekking": "#66a61e",
    "Overschot": "#1b9e77",
    "Tekort": "#c0392b",
}
#: The four domains of the deprivation index (ColorBrewer Dark2 subset).
DOMAIN_COLOURS: Final[tuple[str, ...]] = (HIGHLIGHT, "#7570b3", "#1b9e77", "#e6ab02")
#: Themes of the opgaven in a palette that stays readable on a projector (Tableau 10, colour-blind-safe enough
#: for 7 classes), and the light tint of each for table rows.
THEME_COLOURS: Final[tuple[str, ...]] = (
    "#4e79a7",
    "#f28e2b",
    "#59a14f",
    "#e15759",
    "#76b7b2",
    "#b07aa1",
    "#9c755f",
)
THEME_TINTS: Final[tuple[str, ...]] = ("#e8eef6", "#fdf0e4", "#eaf3e8", "#fbe9ea", "#e9f4f3", "#f3ecf2", "#f1ebe7")
#: The square that marks "this opgave serves this goal" (the green of the theme palette).
SERVES_MARK: Final = THEME_COLOURS[2]
#: An opgave's primary / involved role (ColorBrewer Blues, dark and light).
ROLE_COLOURS: Final[list[str]] = ["#08519c", "#9ecae1"]
#: Timeline phases: past (planned), now, still to come.
PHASE_COLOURS: Final[list[str]] = [MISSING_COLOR, "#2171b5", "#c6dbef"]
#: Status pills: background colours of the logged statuses and owner states (white text reads on all of them,
#: also on a projector), and the greys of the table's secondary text.
STATUS_GREY: Final = "#616161"
STATUS_GREEN: Final = "#2e7d32"
STATUS_ORANGE: Final = "#b35900"
STATUS_RED: Final = "#c62828"
STATUS_COLOURS: Final[dict[str, str]] = {
    "nog niet gestart": STATUS_GREY,
    "in voorbereiding": "#1f5fa8",
    "in uitvoering": "#6a3d9a",
    "op koers": STATUS_GREEN,
    "aandacht nodig": STATUS_ORANGE,
    "vertraagd": STATUS_RED,
}
TABLE_TEXT: Final = "#424242"
TABLE_MUTED: Final = "#757575"
TABLE_SOURCE: Final = "#555"

# ------------------------------------------------------------------------------------------ text and titles

#: Font sizes of the on-screen charts (readable on a projector).
LABEL_SIZE: Final = 14
TITLE_SIZE: Final = 18
SUBTITLE_SIZE: Final = 13


def chart_title(
    text: str, source: str, *, size: int = TITLE_SIZE, subtitle_size: int = SUBTITLE_SIZE
) -> alt.TitleParams:
    """A chart title with the source line under it, left-aligned: how every chart with a title is headed."""
    return alt.TitleParams(text, subtitle=[source], anchor="start", fontSize=size, subtitleFontSize=subtitle_size)


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


def fit_width(chart: ChartT) -> ChartT:
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
