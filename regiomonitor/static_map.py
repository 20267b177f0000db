"""A static PNG of a map view, with legend, title and source, rendered on the server (matplotlib).

The browser map (deck.gl) cannot be captured on the server, so handouts and factsheets draw the same
classes and outlines again here.
"""

from __future__ import annotations

import io
import textwrap
import threading

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")  # no display on servers and in tests
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from regiomonitor.look import GREY_DARK, GREY_EDGE, INK, MISSING_COLOR, SELECTED_OUTLINE
from regiomonitor.map_deck import legend_rows
from regiomonitor.maps import Classing, MapData

# Every Streamlit session runs in its own thread. pyplot keeps global state (the current figure), so two
# sessions exporting at once could draw into each other's figure; the load test saw factsheets fail that way.
# Figures are therefore built with the object API (no pyplot), and drawing is serialised: matplotlib's text and
# font caches are not documented as thread-safe, and under the GIL a lock costs no throughput.
_DRAW_LOCK = threading.Lock()


class _Canvas(FigureCanvasAgg):
    """An Agg canvas that draws only when saved.

    geopandas calls ``draw_idle`` after every ``plot``, and on a plain Agg canvas that is a full render of the
    figure: four renders per map that nobody sees, before the one that is saved. The layout and the saved file
    still render as usual.
    """

    def draw_idle(self, *args: object, **kwargs: object) -> None:
        pass


def map_png(
    md: MapData,
    classing: Classing,
    title: str,
    focus: gpd.GeoDataFrame | None = None,
    highlight: str | None = None,
    width_in: float = 9.0,
    dpi: int = 150,
    note: bool = True,
) -> bytes:
    """PNG bytes of the choropleth: classes as on screen, focus outlines, an optional highlighted area, and
    (unless ``note`` is false, when the caller prints it) the source line."""
    frame = md.frame.copy()
    frame["color"] = [classing.colors[c] if c >= 0 else MISSING_COLOR for c in classing.classes]
    proj = frame.to_crs(28992)  # metric projection: undistorted shapes
    focus_proj = focus.to_crs(28992) if focus is not None and len(focus) else None
    with _DRAW_LOCK:
        return _draw(proj, md, classing, title, focus_proj, highlight, width_in, dpi, note)


def _draw(
    proj: gpd.GeoDataFrame,
    md: MapData,
    classing: Classing,
    title: str,
    f: gpd.GeoDataFrame | None,
    highlight: str | None,
    width_in: float,
    dpi: int,
    note: bool = True,
) -> bytes:
    fig = Figure(figsize=(width_in, width_in * 0.72), dpi=dpi)
    _Canvas(fig)
    ax = fig.add_subplot()
    proj.plot(ax=ax, color=proj["color"], edgecolor="white", linewidth=0.4)
    if f is not None:
        f.boundary.plot(ax=ax, color="white", linewidth=4.5)
        f.boundary.plot(ax=ax, color=INK, linewidth=2.0)
        for _, row in f.iterrows():
            p = row.geometry.representative_point()
            ax.annotate(
                row["naam"],
                (p.x, p.y),
                ha="center",
                fontsize=9,
                fontweight="bold",
                bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85},
            )
    if highlight is not None:
        sel = proj[proj["code"] == highlight]
        if len(sel):
            sel.boundary.plot(ax=ax, color=SELECTED_OUTLINE, linewidth=2.5)
    ax.set_axis_off()
    handles = [
        Patch(facecolor=c, edgecolor=GREY_EDGE, label=label.replace(" (zie tooltip voor de reden)", ""))
        for c, label in legend_rows(md, classing)
    ]
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=8,
        frameon=False,
        title=f"{md.label} ({md.unit})",
        title_fontsize=9,
    )
    fig.suptitle(title, x=0.02, ha="left", fontsize=13, fontweight="bold")
    if note:
        fig.text(
            0.02,
            0.01,
            textwrap.fill(md.source + " Kaart: CBS/Kadaster (PDOK), CC BY 4.0.", 140),
            fontsize=7,
            color=GREY_DARK,
            va="bottom",
        )
    fig.tight_layout(rect=(0, 0.05, 1, 0.95))
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", pad_inches=0.2)
    return buf.getvalue()
