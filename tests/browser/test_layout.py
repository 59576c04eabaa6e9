"""Layout and accessibility of the portal and the console at 390, 1280 and 1920 px, in English
and Russian (issue 12): no page is wider than the viewport, no text cell is narrower than a word
(the store URL that printed one letter per line, the queue wider than the page, pricing on a
phone), and axe-core reports no serious or critical violation.

The demo desk (`manage.py load_demo`) supplies realistic rows: long hosts, e-mail addresses,
Russian names. Every page leaves a screenshot in artifacts/browser/layout/<lang>/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from desk.accounts.models import User
from desk.console import demo
from tests.browser.test_customer_story import (  # noqa: F401 — the fixture puts seeded rows back
    SUBMIT,
    _restore_seeded_rows,
    chromium,
    require_chromium,
)

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "browser" / "layout"
# axe-core from npm (`npm pack axe-core@4.14.1`, its axe.min.js and licence kept beside this file
# so the suite needs no network). Evaluated through the DevTools protocol, which our
# Content-Security-Policy does not govern: the pages stay exactly as served.
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core-4.14.1.min.js"
AXE_RUN = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
  .filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map(n => n.target.join(' '))}`)"""
WIDTHS = (390, 1280, 1920)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# What a viewer's page must not do, measured in the browser. Words may break only where the
# product allows it: spaces, and the <wbr> after "@", before ".", at "/" and "-".
PROBLEMS = """() => {
  const root = document.documentElement;
  const problems = [];
  if (root.scrollWidth > root.clientWidth + 1)
    problems.push(`page ${root.scrollWidth}px wide in a ${root.clientWidth}px viewport`);
  const ctx = document.createElement('canvas').getContext('2d');
  const hidden = (el) => {  // visually hidden: itself or an ancestor of at most 1px
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const box = node.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1) return true;
    }
    return false;
  };
  for (const cell of document.querySelectorAll('main td, main th, main dd, main dt')) {
    if (hidden(cell)) continue;
    const style = getComputedStyle(cell);
    const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    // Each text in the font it is drawn in (a <small> note is measured small), shown text only.
    const texts = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let squeezed = null;
    for (let text = texts.nextNode(); text && !squeezed; text = texts.nextNode()) {
      const parent = text.parentElement;
      if (!parent.getClientRects().length || hidden(parent)) continue;
      ctx.font = getComputedStyle(parent).font;
      for (const word of text.textContent.split(/[\\s@.\\/-]+/)) {
        const width = ctx.measureText(word).width;
        if (word.length > 1 && width > room + 1) {
          const needs = Math.round(width), has = Math.round(room);
          squeezed = `${cell.tagName} "${word}" needs ${needs}px, has ${has}px`;
          break;
        }
      }
    }
    if (squeezed) problems.push(squeezed);
  }
  return problems;
}"""

PAGES: dict[str, tuple[str | None, str, str | None]] = {
    # name: (who, path or a selector of the first link to follow from `path`)
    "pricing": (None, "/pricing/", None),
    "home": ("customer", "/", None),
    "stores": ("customer", "/stores/", None),
    "requests": ("customer", "/requests/", None),
    "new-request": ("customer", "/requests/new/", None),
    "request": (
        "customer",
        "/requests/",
        "main a[href^='/requests/'][href$='/']:not([href$='/new/'])",
    ),
    "subscriptions": ("customer", "/subscriptions/", None),
    "orders": ("customer", "/orders/", None),
    "kb": (None, "/kb/", None),
    "kb-article": (None, "/kb/", "main [data-kb-list] a"),
    "console-kb": ("engineer", "/console/kb/", None),
    "console-kb-edit": ("engineer", "/console/kb/", "main [data-kb-articles] a"),
    "deflection": ("engineer", "/console/reports/deflection/", None),
    "queue": ("engineer", "/console/?view=all", None),
    "console-request": ("engineer", "/console/?view=all", "main a[href^='/console/requests/']"),
    "console-orders": ("admin", "/console/orders/", None),
    "reports": ("engineer", "/console/reports/", None),
    "console-calls": ("engineer", "/console/calls/", None),
    "console-search": ("engineer", "/console/search/?q=checkout", None),
}
PEOPLE = {
    "en": {"customer": demo.ANNA_EMAIL, "engineer": demo.ERIN_EMAIL, "admin": demo.ADMIN_EMAIL},
    "ru": {"customer": demo.DMITRY_EMAIL, "engineer": demo.ROMAN_EMAIL, "admin": demo.ADMIN_EMAIL},
}


def sign_in(page: Page, email: str, lang: str) -> None:
    page.goto("/")
    page.select_option("#lang-switch", lang)
    page.locator(f"form[action$='/language/'] {SUBMIT}").click()
    page.goto("/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", demo.DEMO_PASSWORD)
    page.locator(f"main form {SUBMIT}").click()
    page.wait_for_selector("form[action$='/logout/']", state="attached")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_pages_fit_every_width(live_server, lang):
    # given the demo desk, and a browser signed in as each kind of viewer
    require_chromium()
    demo.load_demo()
    User.objects.filter(email=demo.ADMIN_EMAIL).update(language=lang)  # the admin reads `lang` too
    folder = ARTIFACTS / lang
    folder.mkdir(parents=True, exist_ok=True)
    axe_source = AXE.read_text()
    problems: list[str] = []
    with chromium(live_server.url) as open_page:
        pages: dict[str | None, Page] = {None: open_page("Europe/Berlin")}
        pages[None].goto("/")
        pages[None].select_option("#lang-switch", lang)
        pages[None].locator(f"form[action$='/language/'] {SUBMIT}").click()
        for person, email in PEOPLE[lang].items():
            pages[person] = open_page("Europe/Berlin")
            sign_in(pages[person], email, lang)
        # when each page is shown at each width
        for name, (who, path, follow) in PAGES.items():
            page = pages[who]
            page.goto(path)
            if follow:
                page.goto(page.locator(follow).first.get_attribute("href") or path)
            assert page.locator("html").get_attribute("lang") == lang, name
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                page.screenshot(path=folder / f"{name}-{width}.png", full_page=True)
                problems += [f"{name} at {width}px: {p}" for p in page.evaluate(PROBLEMS)]
            # and axe-core finds nothing serious or critical (at 1280 px, the last size but one)
            page.set_viewport_size({"width": 1280, "height": 900})
            page.evaluate(axe_source)
            assert page.evaluate("axe.version") == "4.14.1"
            violations = page.evaluate(AXE_RUN)
            print(f"axe {lang} {name}: {len(violations)} serious/critical")  # noqa: T201
            problems += [f"{name}: axe {violation}" for violation in violations]
    # then none of them overflows, squeezes a word or fails axe's serious and critical rules
    assert problems == [], "\n".join(problems)
