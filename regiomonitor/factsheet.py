"""One-click PDF factsheets (fpdf2): a buurt against its references, with map, trends and sources.

fpdf2 is pure Python, actively maintained, needs no system libraries or browser, and embeds a Unicode
TrueType font (DejaVu Sans, shipped with matplotlib) so Dutch text and symbols print correctly.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import geopandas as gpd
import matplotlib
from fpdf import FPDF
from fpdf.fonts import FontFace

from regiomonitor.content.focus_area import FocusCatalogue
from regiomonitor.data import DataStore
from regiomonitor.exports import chart_png
from regiomonitor.fmt import count, number
from regiomonitor.focus import focus_geometries, inhabitants
from regiomonitor.indicators import source_line
from regiomonitor.maps import classify, map_frame
from regiomonitor.profile import buurt_profile, display_table, trend_chart, trend_frame
from regiomonitor.static_map import map_png

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
TREND_INDICATORS = ("moeite_rondkomen", "goede_gezondheid", "eenzaam", "risico_angst_depressie_hoog")


class _Doc(FPDF):
    def __init__(self, title: str, day: date) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.doc_title = title
        self.day = day
        self.set_auto_page_break(auto=True, margin=15)
        self.set_title(title)
        self.set_creator("Regiomonitor Twente")

    def header(self) -> None:
        self.set_font("DejaVu", "B", 9)
        self.set_text_color(90, 90, 90)
        self.cell(0, 6, f"Regiomonitor Twente · {self.doc_title}", align="L")
        self.cell(0, 6, f"{self.day.isoformat()}", align="R", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 6, f"Pagina {self.page_no()}/{{nb}}", align="C")


def _heading(pdf: FPDF, text: str, size: int = 13) -> None:
    pdf.set_font("DejaVu", "B", size)
    # Left-aligned: fpdf2 justifies by default, which spread a two-line heading's words across the page.
    pdf.multi_cell(0, 7, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _text(pdf: FPDF, text: str, size: float = 9) -> None:
    pdf.set_font("DejaVu", "", size)
    pdf.multi_cell(0, 4.6, text, align="L", new_x="LMARGIN", new_y="NEXT")  # lists of buurt codes justify badly


def pdf_table(
    pdf: FPDF, header: list[str], rows: list[list[str]], size: float = 8.0, widths: list[float] | None = None
) -> None:
    """A table whose cells wrap inside their column, so no text prints over the next column.

    Without ``widths`` each column gets a share of the text width that follows its longest word and its
    typical length (numbers narrow, names wide).
    """
    if widths is None:
        pdf.set_font("DejaVu", "B", size)
        widths = []
        for j, head in enumerate(header):
            texts = [head] + [r[j] for r in rows]
            longest_word = max(pdf.get_string_width(w) for t in texts for w in (t.split() or [""]))
            typical = sum(pdf.get_string_width(t) for t in texts) / len(texts)
            widths.append(max(longest_word, min(typical, 70.0)) + 3)
    pdf.set_font("DejaVu", "", size)
    pdf.set_fill_color(235, 235, 235)
    with pdf.table(
        col_widths=widths,
        width=pdf.epw,
        text_align="LEFT",
        line_height=size * 0.5,
        first_row_as_headings=True,
        borders_layout="HORIZONTAL_LINES",
        headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
        padding=1,
    ) as table:
        for row in [header, *rows]:
            line = table.row()
            for text in row:
                line.cell(text)


def buurt_factsheet(
    store: DataStore, code: str, focus: FocusCatalogue, buurten_geo: gpd.GeoDataFrame, day: date | None = None
) -> bytes:
    """A PDF for one buurt: key figures against gemeente, Twente and NL, map, trends, sources and date.

    Raises:
        KeyError: unknown buurt code.
    """
    day = day or date.today()
    area = store.areas.set_index("code").loc[code]
    name, gm = store.name(code), str(area["gemeente"])
    pdf = _Doc(f"Buurtprofiel {name}", day)
    pdf.alias_nb_pages()
    pdf.add_page()
    _heading(pdf, f"{name} ({store.name(gm)})", 18)
    fa = focus.by_buurt().get(code)
    pop, _ = inhabitants(store, [code])
    facts = [f"Buurtcode {code}", f"{number(pop)} inwoners op 1 januari 2024" if pop else "inwoners onbekend"]
    if fa:
        facts.append(f"focusgebied {fa.naam} ({fa.basis_label})")
    _text(pdf, " · ".join(facts), 10)
    pdf.ln(2)

    profile = buurt_profile(store, code)
    if len(profile):
        _heading(pdf, f"Kerncijfers tegen {store.name(gm)}, Twente en Nederland")
        table = display_table(profile, store.name(gm))
        cols = ["Indicator", "Periode", "Buurt", store.name(gm), "Twente", "Nederland", "Oordeel"]
        # Wrapping cells (pdf_table): a long indicator label or gemeente name takes a second line instead of
        # printing into the next column, and nothing is cut off.
        rows = [[str(r[col]) for col in cols] for _, r in table.iterrows()]
        pdf_table(pdf, cols, rows, size=7.5, widths=[70, 15, 17, 20, 17, 20, 23])
        _text(
            pdf,
            "▲ beter / ▼ slechter dan de gemeente, met de richting van de indicator; ≈ binnen 5%. "
            "Gezondheidscijfers zijn modelschattingen van het RIVM (18+).",
            7.5,
        )
        pdf.ln(2)

    md = map_frame(store, buurten_geo, "moeite_rondkomen", 2020, "18+", "buurt", [gm])
    classing = classify(md.frame["value"], "kwantielen", md.direction, md.unit)
    groups = [(f.naam, f.buurten) for f in focus.areas if f.gemeente == gm]
    png = map_png(
        md,
        classing,
        f"Moeite met rondkomen 2020, {store.name(gm)}",
        focus=focus_geometries(buurten_geo, groups),
        highlight=code,
    )
    pdf.add_page()
    _heading(pdf, "Kaart: waar ligt de buurt?")
    pdf.image(io.BytesIO(png), w=180)
    pdf.ln(2)
    _heading(pdf, "Trends 2012 – 2016 – 2020")
    y0 = pdf.get_y()
    for i, ind in enumerate(TREND_INDICATORS):
        series = trend_frame(store, code, ind)
        if series[series["area_code"] == code].empty:
            continue
        label = store.indicator(ind).label
        img = chart_png(
            trend_chart(series, label, "%", name).properties(height=230),
            label,
            "RIVM/CBS, 18+",
            scale=1.5,
            width=380,
            validate=False,  # a tested builder (see chart_png)
        )
        if i == 2:
            pdf.add_page()
            y0 = pdf.get_y()
        pdf.image(io.BytesIO(img), x=10 + (i % 2) * 95, y=y0, w=90)
    pdf.add_page()
    _heading(pdf, "Bronnen en kanttekeningen")
    datasets = sorted(set(profile["dataset"])) if len(profile) else []
    _text(pdf, source_line(store, datasets, sorted({int(p) for p in profile["period"]}) if len(profile) else None))
    for ds_id in datasets:
        ds = store.datasets[ds_id]
        _text(pdf, f"• {ds.citation(ds.periode)}, licentie {ds.licentie}.")
        for note in ds.kanttekeningen:
            _text(pdf, f"    – {note}", 8)
    _text(
        pdf,
        f"Gemaakt met Regiomonitor Twente op {day.isoformat()}. Twente-cijfers zijn door de monitor berekende "
        "gewogen gemiddelden van de 14 gemeenten.",
        8,
    )
    return bytes(pdf.output())


FOCUS_INDICATORS = (
    "moeite_rondkomen",
    "goede_gezondheid",
    "beperkt_gezondheid",
    "risico_angst_depressie_hoog",
    "eenzaam",
    "ernstig_eenzaam",
    "vrijwilligerswerk",
    "regie_eigen_leven",
)


def focus_factsheet(
    store: DataStore, focus: FocusCatalogue, area_id: str, buurten_geo: gpd.GeoDataFrame, day: date | None = None
) -> bytes:
    """A PDF for one focus area: inhabitants, key health-monitor figures (inhabitant-weighted over its
    buurten) against the city, Twente and NL, the map, trends and sources.

    Raises:
        KeyError: unknown focus area id.
    """
    from regiomonitor.areas import NL_CODE, TWENTE_CODE
    from regiomonitor.targets import area_series, weighted_series

    fa = {f.id: f for f in focus.areas}[area_id]
    day = day or date.today()
    gm = fa.gemeente
    pdf = _Doc(f"Focusgebied {fa.naam}", day)
    pdf.alias_nb_pages()
    pdf.add_page()
    _heading(pdf, f"Focusgebied {fa.naam} ({store.name(gm)})", 18)
    pop, n = inhabitants(store, fa.buurten)
    _text(
        pdf,
        f"{count(len(fa.buurten), 'buurt', 'buurten')}, {number(pop)} inwoners op 1 januari 2024 · {fa.basis_label}",
        10,
    )
    _text(pdf, fa.toelichting, 8.5)
    _text(pdf, "Buurten: " + ", ".join(f"{store.name(b)} ({b})" for b in fa.buurten), 8)
    pdf.ln(2)
    _heading(pdf, f"Gezondheidsmonitor 2020 (18+): {fa.naam} tegen {store.name(gm)}, Twente en Nederland")
    cols = ["Indicator", fa.naam, store.name(gm), "Twente", "Nederland"]
    rows: list[list[str]] = []
    for ind in FOCUS_INDICATORS:
        label = store.indicator(ind).label
        vals = [weighted_series(store, fa.buurten, ind, "18+")]
        vals += [area_series(store, c, ind, "18+") for c in (gm, TWENTE_CODE, NL_CODE)]
        row = [label] + [
            number(v[v["jaar"] == 2020]["value"].iloc[0], 1) if (v["jaar"] == 2020).any() else "–" for v in vals
        ]
        rows.append(row)
    pdf_table(pdf, cols, rows, size=8, widths=[80, 27, 27, 27, 27])  # wraps, as the buurt table
    _text(
        pdf,
        "Focusgebied: gemiddelde van de buurten, gewogen naar inwoners 2024 (door de monitor berekend). "
        "Cijfers in %; modelschattingen van het RIVM.",
        7.5,
    )
    md = map_frame(store, buurten_geo, "moeite_rondkomen", 2020, "18+", "buurt", [gm])
    classing = classify(md.frame["value"], "kwantielen", md.direction, md.unit)
    png = map_png(
        md,
        classing,
        f"Moeite met rondkomen 2020, {store.name(gm)}",
        focus=focus_geometries(buurten_geo, [(fa.naam, fa.buurten)]),
    )
    pdf.add_page()
    _heading(pdf, "Kaart")
    pdf.image(io.BytesIO(png), w=180)
    pdf.add_page()
    _heading(pdf, "Bronnen en kanttekeningen")
    for ds_id in ("rivm_gezondheid_wijk_buurt", "cbs_kwb_2024_buurt", "cbs_buurten_2024"):
        ds = store.datasets[ds_id]
        _text(pdf, f"• {ds.citation(ds.periode)}, licentie {ds.licentie}.")
        for note in ds.kanttekeningen:
            _text(pdf, f"    – {note}", 8)
    _text(
        pdf,
        f"Afbakening van het focusgebied: {fa.basis_label}. Bron: {focus.document}. "
        f"Gemaakt met Regiomonitor Twente op {day.isoformat()}.",
        8,
    )
    return bytes(pdf.output())
