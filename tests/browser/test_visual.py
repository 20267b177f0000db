"""Checks that look, in headless Chromium: drawn chart sizes, overlapping text, sideways overflow, and the
presenter mode of Presentatie (fits the screen, large type, keys move the steps). Screenshots of every page at
three screen sizes land in test-artifacts/."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_e2e import _fresh_session, _wait_for_app

pytestmark = pytest.mark.browser

SIZES = [(1440, 900), (1920, 1080), (390, 844)]
PAGES = [
    "overzicht",
    "opgaven",
    "opgave",
    "kaart",
    "buurt?buurt=BU01530603",  # a buurt's profile: the page with the widest table
    "vergelijken",
    "trends",
    "programmas?programma=elk_talent_telt",
    "presentatie",
    "bronnen",
]

#: Per Vega chart: the box of its drawn marks (bars, lines, areas, points; no text, axes or legends).
MARKS_JS = """() => [...document.querySelectorAll('.vega-embed svg.marks')].filter(svg => svg.getBoundingClientRect().width > 0).map(svg => {
  const marks = [...svg.querySelectorAll('.role-mark')].filter(g => !g.closest('.role-axis, .role-legend, .role-title')
      && !/mark-text|mark-rule/.test(g.getAttribute('class')));
  let x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
  for (const g of marks) { const r = g.getBoundingClientRect(); if (r.width + r.height === 0) continue;
    x0 = Math.min(x0, r.left); y0 = Math.min(y0, r.top); x1 = Math.max(x1, r.right); y1 = Math.max(y1, r.bottom); }
  return {w: x1 - x0, h: y1 - y0, title: (svg.querySelector('.role-title-text') || {}).textContent || ''};
})"""
#: Pairs of text boxes in one chart that cross by more than a third of the smaller one.
TEXT_OVERLAP_JS = """() => { const bad = [];
  for (const svg of document.querySelectorAll('.vega-embed svg.marks')) {
    const boxes = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => [t.getBoundingClientRect(), t.textContent]);
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const [a, ta] = boxes[i], [b, tb] = boxes[j];
      const dx = Math.min(a.right, b.right) - Math.max(a.left, b.left), dy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (dx > 0 && dy > 0 && dx * dy > Math.min(a.width * a.height, b.width * b.height) / 3) bad.push(ta + ' / ' + tb);
    } }
  return bad; }"""
OVERFLOW_JS = """() => { const m = document.querySelector('[data-testid="stMain"]');
  const cut = [...document.querySelectorAll('button')].filter(b => b.offsetParent && [...b.querySelectorAll('*')]
    .some(e => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1)).map(b => b.textContent);
  return {doc: document.documentElement.scrollWidth - window.innerWidth, main: m ? m.scrollWidth - m.clientWidth : 0,
          cut}; }"""


def _open(pg, url: str) -> None:
    pg.goto(url)
    _wait_for_app(pg)
    pg.wait_for_timeout(1500)  # bounded: let Vega and deck.gl finish drawing


@pytest.mark.parametrize(
    ("path", "tab"),
    [
        ("trends", None),
        ("programmas?programma=elk_talent_telt", "Budget 2025-2028"),
        ("programmas?programma=kansrijk_enschede", None),
    ],
)
def test_every_chart_has_a_drawn_plot(server: str, browser, path: str, tab: str | None) -> None:
    """No chart collapses to a line (the Elk Talent Telt budget chart did on Trends and Programma's)."""
    with _fresh_session(browser, 60_000) as pg:
        _open(pg, f"{server}/{path}")
        if tab:
            pg.get_by_role("tab", name=tab).click()
            pg.wait_for_timeout(1500)
        pg.locator(".vega-embed svg.marks").first.wait_for()
        sizes = pg.evaluate(MARKS_JS)
        assert sizes, "no charts found"
        for s in sizes:
            assert s["h"] >= 40 and s["w"] >= 100, f"chart {s['title']!r} draws only {s['w']:.0f}x{s['h']:.0f} px"
        assert not pg.evaluate(TEXT_OVERLAP_JS)


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_pages_do_not_overflow_sideways(server: str, browser, width: int, height: int) -> None:
    """Every page fits the screen width (tables and charts scroll inside themselves); a screenshot per page."""
    with _fresh_session(browser, 60_000, width, height) as pg:
        for path in PAGES:
            _open(pg, f"{server}/{path}")
            over = pg.evaluate(OVERFLOW_JS)
            name = path.split("?")[0]
            pg.screenshot(path=str(ARTIFACTS / f"look-{name}-{width}x{height}.png"))
            assert over["doc"] <= 1 and over["main"] <= 1, f"{path} at {width}x{height} overflows sideways: {over}"
            assert not over["cut"], f"{path} at {width}x{height}: button labels cut off: {over['cut']}"


PRESENTER_JS = """() => {
  const m = document.querySelector('[data-testid="stMain"]');
  const side = document.querySelector('[data-testid="stSidebar"]');
  const src = document.querySelector('.st-key-presenter_source');
  const take = document.querySelector('.takeaway');
  const bar = [...document.querySelectorAll('.st-key-presenter_bar p')].find(p => /stap \\d+ van/.test(p.textContent));
  const svgs = [...document.querySelectorAll('.st-key-presenter_visual svg.marks')];
  let chartText = 1e9;
  for (const svg of svgs) { const scale = svg.getBoundingClientRect().width / Number(svg.getAttribute('width'));
    for (const t of svg.querySelectorAll('text')) { if (t.textContent.trim())
      chartText = Math.min(chartText, parseFloat(getComputedStyle(t).fontSize) * scale); } }
  const cells = [...document.querySelectorAll('.st-key-presenter_visual td, .st-key-presenter_visual th')];
  const vis = document.querySelector('.st-key-presenter_visual');
  const legend = vis ? [...vis.querySelectorAll('[data-testid="stMarkdownContainer"] span')] : [];
  return {legendOverflow: legend.length ? Math.max(...legend.map(s => s.getBoundingClientRect().bottom))
                                         - vis.getBoundingClientRect().bottom : null,
          scroll: Math.max(m.scrollHeight - m.clientHeight, document.documentElement.scrollHeight - innerHeight),
          sidebar: side ? side.getBoundingClientRect().width * (getComputedStyle(side).display !== 'none') : 0,
          header: !!document.querySelector('[data-testid="stHeader"]') && getComputedStyle(document.querySelector('[data-testid="stHeader"]')).display !== 'none',
          sourceBottom: src ? src.getBoundingClientRect().bottom : null, viewport: innerHeight,
          takeaway: take ? parseFloat(getComputedStyle(take).fontSize) : 0,
          counter: bar ? parseFloat(getComputedStyle(bar).fontSize) : 0,
          chartText: svgs.length ? chartText : null,
          tableText: cells.length ? Math.min(...cells.map(c => parseFloat(getComputedStyle(c).fontSize))) : null};
}"""


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)], ids=["1920x1080", "1280x720"])
def test_presenter_mode_fits_and_moves_with_keys(server: str, browser, width: int, height: int) -> None:
    """The default Elk Talent Telt story from the keyboard: every step fits without scrolling, no sidebar or
    Streamlit chrome, large type, the step number and source visible; Escape leaves the mode."""
    with _fresh_session(browser, 60_000, width, height) as pg:
        _open(pg, f"{server}/presentatie?presenteren=1")
        pg.get_by_text("stap 1 van 7").wait_for()
        for n in range(1, 8):
            if n > 1:
                pg.keyboard.press("PageDown" if n % 3 else ("ArrowRight" if n % 2 else " "))
                pg.get_by_text(f"stap {n} van 7").wait_for()
                _wait_for_app(pg)
                pg.wait_for_timeout(1500)
            pg.locator(".st-key-presenter_source").wait_for()
            try:  # the visual's height is set after the step has drawn: give it a bounded moment to settle
                pg.wait_for_function(f"() => ({PRESENTER_JS})().scroll <= 1", timeout=8000)
            except PlaywrightTimeout:
                pass  # measured and reported below
            m = pg.evaluate(PRESENTER_JS)
            pg.screenshot(path=str(ARTIFACTS / f"presenter-{width}x{height}-stap{n}.png"))
            assert m["scroll"] <= 1, f"step {n} scrolls by {m['scroll']} px at {width}x{height}"
            assert m["sidebar"] == 0 and not m["header"], f"step {n}: Streamlit chrome is visible"
            assert m["sourceBottom"] is not None and m["sourceBottom"] <= m["viewport"], f"step {n}: source off screen"
            assert m["takeaway"] >= 24 and m["counter"] >= 24, f"step {n}: body text too small {m}"
            if width == 1920:  # at 1280x720 a chart may be scaled down to fit
                assert m["chartText"] is None or m["chartText"] >= 18, f"step {n}: chart text {m['chartText']:.1f} px"
            assert m["tableText"] is None or m["tableText"] >= 24, f"step {n}: table text {m['tableText']} px"
            # a map's legend (HTML beside the map) must not run out of the visual's box: its last row was cut off
            assert m["legendOverflow"] is None or m["legendOverflow"] <= 1, f"step {n}: legend cut off {m}"
        pg.keyboard.press("PageUp")
        pg.get_by_text("stap 6 van 7").wait_for()
        pg.keyboard.press("ArrowLeft")
        pg.get_by_text("stap 5 van 7").wait_for()
        pg.keyboard.press("Escape")
        pg.get_by_role("button", name="Presenteren").wait_for()
        assert "presenteren" not in pg.url
        pg.locator('[data-testid="stSidebar"]').get_by_text("Peiljaar gezondheidsmonitor").wait_for()


EIGHT = "BU01530000,BU01530001,BU01530002,BU01530003,BU01530004,BU01530005,BU01530006,BU01530007"


def test_comparison_shows_eight_buurten_side_by_side(server: str, browser) -> None:
    """At 1440x900 all 8 chosen buurten are columns on screen at once (no sideways scrolling), over 10 rows."""
    with _fresh_session(browser, 90_000) as pg:
        _open(pg, f"{server}/vergelijken?buurten={EIGHT}")
        table = pg.locator('[data-testid="stTable"]').first
        table.wait_for()
        seen = table.evaluate("""t => ({
            heads: [...t.querySelectorAll('thead th')].map(x => {
                const r = x.getBoundingClientRect();
                return {text: x.textContent, left: r.left, right: r.right};
            }),
            rows: t.querySelectorAll('tbody tr').length,
            right: Math.min(window.innerWidth, t.getBoundingClientRect().right)})""")
        for name in (
            "City",
            "Lasonder, Zeggelt",
            "De Laares",
            "De Bothoven",
            "Hogeland-Noord",
            "Getfert",
            "Veldkamp-Getfert-West",
            "Horstlanden-Stadsweide",
        ):
            head = next((h for h in seen["heads"] if h["text"] == name), None)
            assert head is not None, f"no column {name}: {[h['text'] for h in seen['heads']]}"
            assert 0 < head["left"] and head["right"] <= seen["right"] + 0.5, f"{name} cut off: {head}, {seen['right']}"
        assert seen["rows"] > 10


ENGLISH = (
    "Select all",
    "Page not found",
    "does not seem to exist",
    "Running the app's main page",
    "No results",
    "Choose an option",
    "Skip to main content",
)


@pytest.mark.parametrize(
    ("typed", "lands", "heading"),
    [
        ("overzicht", "/", "Regiomonitor Twente"),
        ("Trends_doelen", "/trends", "Trends & doelen"),
        ("programma", "/programmas", "Programma's"),
        ("niet-bestaand", "/", "Regiomonitor Twente"),
    ],
)
def test_typed_page_paths_land_in_dutch(server: str, browser, typed: str, lands: str, heading: str) -> None:
    """A typed old or wrong path lands on the page it meant, or on Overzicht with a Dutch notice."""
    with _fresh_session(browser, 60_000) as pg:
        pg.goto(f"{server}/{typed}?gemeente=GM0164")
        pg.get_by_role("heading", name=heading, exact=True).first.wait_for()
        _wait_for_app(pg)
        english = json.dumps(ENGLISH)
        try:  # Streamlit draws its English notice first; our script replaces it within moments (bounded wait)
            pg.wait_for_function(f"() => !{english}.some(e => document.body.innerText.includes(e))", timeout=10_000)
        except PlaywrightTimeout:
            pass  # reported by the assertion below
        assert pg.url.split("?")[0].removeprefix(server) == lands
        text = pg.locator("body").inner_text()
        assert not [e for e in ENGLISH if e in text], (pg.evaluate("() => window.__rmDutch"), text[:200])
        if typed == "niet-bestaand":
            pg.get_by_text("Deze pagina bestaat niet (meer)").wait_for()
        else:
            assert "gemeente=GM0164" in pg.url


def test_streamlit_texts_are_dutch(server: str, browser) -> None:
    """An open multiselect offers 'Alles kiezen' and 'N treffers kiezen', not Streamlit's English; the menu is ours."""
    with _fresh_session(browser, 60_000) as pg:
        _open(pg, f"{server}/opgaven")
        pg.get_by_text("Filteren en zoeken").first.click()  # the filters sit in a collapsed box above the grid
        pg.locator('[data-testid="stMultiSelect"] input').first.wait_for(state="visible")
        pg.wait_for_timeout(500)  # bounded: the box's opening animation
        pg.locator('[data-testid="stMultiSelect"] input').first.click()
        pg.get_by_text("Alles kiezen").first.wait_for()
        pg.keyboard.type("e")
        pg.get_by_text(re.compile(r"^\d+ treffers? kiezen$")).first.wait_for()
        text = pg.locator("body").inner_text()
        assert not [e for e in ENGLISH if e in text] and "matches" not in text
        menu = pg.locator('[data-testid="stSidebar"]').inner_text()
        assert "Bronnen & methode" in menu and not re.search(r"^(app|bronnen|buurt)$", menu, re.M)
