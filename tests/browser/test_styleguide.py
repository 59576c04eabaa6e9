"""The styleguide and the report charts in the browser (issue 12, points 4 and 6): at 390, 1280
and 1920 px nothing overflows the viewport or squeezes a word, axe-core finds nothing serious or
critical, a chart bar shows its value on keyboard focus, no axis label is cut, and chart text
renders at 11 px or more (a phone gets the narrow drawing rather than the wide one shrunk).

Screenshots go to artifacts/browser/styleguide/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from desk.console import demo
from tests.browser.test_customer_story import (  # noqa: F401 — the fixture puts seeded rows back
    _restore_seeded_rows,
    chromium,
    require_chromium,
)
from tests.browser.test_layout import AXE, AXE_RUN, PROBLEMS, WIDTHS, sign_in

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "browser" / "styleguide"
REPORTS = {
    "sla": "/console/reports/sla/",
    "reply-times": "/console/reports/reply-times/",
    "backlog": "/console/reports/backlog/",
    "calls": "/console/reports/calls/?days=365",
}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Every text of every chart lies inside its SVG's box (the backlog's labels were cut, issue 12).
CUT_LABELS = """() => [...document.querySelectorAll('figure.chart > svg')].flatMap((svg) => {
  const box = svg.getBoundingClientRect();
  return [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim()).flatMap((t) => {
    const r = t.getBoundingClientRect();
    if (getComputedStyle(t).visibility === 'hidden') return [];
    const out = r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5
      || r.bottom > box.bottom + 0.5;
    return out ? [`"${t.textContent}" outside its chart`] : [];
  });
})"""

# The size each chart text renders at: its font size times its drawing's scale (the SVG's box
# over its viewBox); drawings not shown at this width (display: none) have no box.
CHART_TEXT_SIZES = """() => [...document.querySelectorAll('figure.chart > svg')].flatMap((svg) => {
  const box = svg.getBoundingClientRect();
  if (!box.width) return [];
  const scale = box.width / svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim()).map(
    (t) => ({text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale}));
})"""
LEGIBLE_PX = 11


def small_chart_text(page: Page) -> list[str]:
    texts = page.evaluate(CHART_TEXT_SIZES)
    if texts:
        smallest = min(t["px"] for t in texts)
        print(f"  {len(texts)} chart texts, smallest {smallest:.1f}px")  # noqa: T201
    return [f'chart text "{t["text"]}" at {t["px"]:.1f}px' for t in texts if t["px"] < LEGIBLE_PX]


def check(page: Page, name: str, folder: Path) -> list[str]:
    """Screenshots at each width, the layout problems found, and axe at 1280 px."""
    problems: list[str] = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=folder / f"{name}-{width}.png", full_page=True)
        problems += [f"{name} at {width}px: {p}" for p in page.evaluate(PROBLEMS)]
        problems += [f"{name} at {width}px: {p}" for p in page.evaluate(CUT_LABELS)]
        print(f"{name} at {width}px:")  # noqa: T201
        problems += [f"{name} at {width}px: {p}" for p in small_chart_text(page)]
    page.set_viewport_size({"width": 1280, "height": 900})
    page.evaluate(AXE.read_text())
    violations = page.evaluate(AXE_RUN)
    print(f"axe {name}: {len(violations)} serious/critical")  # noqa: T201
    return problems + [f"{name}: axe {violation}" for violation in violations]


def value_shown_on_focus(page: Page) -> bool:
    bar = page.locator(".chart-bar").first
    value = bar.locator(".chart-value")
    visibility = "v => getComputedStyle(v).visibility"
    hidden_before = str(value.evaluate(visibility)) == "hidden"
    page.keyboard.press("Tab")  # the page has focus; then the bar gets it from the keyboard
    bar.focus()
    return hidden_before and str(value.evaluate(visibility)) == "visible"


def test_styleguide_and_report_charts_fit_every_width(live_server):
    # given the demo desk, the staff admin and an engineer signed in
    require_chromium()
    demo.load_demo()
    folder = ARTIFACTS
    folder.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with chromium(live_server.url) as open_page:
        admin, engineer = open_page("Europe/Berlin"), open_page("Europe/Berlin")
        sign_in(admin, demo.ADMIN_EMAIL, "en")
        sign_in(engineer, demo.ERIN_EMAIL, "en")
        # when the styleguide (both languages on one page) and each report are shown
        admin.goto("/console/styleguide/")
        assert admin.locator(
            "#kit-ru[lang=ru] [aria-labelledby=ru-badges] .badge.waiting"
        ).inner_text() == ("Ожидает ответа клиента")
        problems += check(admin, "styleguide", folder)
        assert value_shown_on_focus(admin)
        admin.goto("/console/reports/revenue/")
        problems += check(admin, "revenue", folder)
        for name, path in REPORTS.items():
            engineer.goto(path)
            problems += check(engineer, name, folder)
        engineer.goto("/console/reports/backlog/")
        assert value_shown_on_focus(engineer)
    # then nothing overflows, no label is cut, axe finds nothing serious or critical
    assert problems == [], "\n".join(problems)
