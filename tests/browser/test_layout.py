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
# Serious and critical rules fail the page, and so do the lesser ones already fixed once.
AXE_RUN = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
  .filter(v => v.impact === 'serious' || v.impact === 'critical' || v.id === 'empty-table-header')
  .map(v => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map(n => n.target.join(' '))}`)"""
WIDTHS = (390, 1280, 1440, 1920)
AXE_WIDTHS = (390, 1280)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# What a viewer's page must not do, measured in the browser. Words may break only where the
# product allows it: spaces, and the <wbr> after "@", before ".", at "/" and "-".
PROBLEMS = """(sideways) => {
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
  // A word broken across lines: two letters or digits of one text node on different lines.
  // Breaks at spaces, hyphens and the <wbr> of an address fall between a letter and a
  // non-letter, so they pass; "bikeparts-berlin.exampl / e" and "Гарантирова / н" do not.
  const range = document.createRange();
  const letter = /[\\p{L}\\p{N}]/u;
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent;
    if (!/[\\p{L}\\p{N}]{2}/u.test(text) || !node.parentElement || hidden(node.parentElement))
      continue;
    let top = null;
    for (let i = 0; i < text.length; i++) {
      if (!letter.test(text[i])) { top = null; continue; }
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (!rect) { top = null; continue; }
      if (top !== null && rect.top > top + 2) {
        const word = text.slice(Math.max(0, i - 12), i + 4).trim();
        problems.push(`"${word}" breaks mid-word (${node.parentElement.tagName})`);
        break;
      }
      top = rect.top;
    }
  }
  // Boxes that scroll sideways inside the page: a table wider than its column hides columns.
  // `sideways` is false where a phone may still scroll a wide table (axe checks that a
  // keyboard reaches it).
  for (const el of sideways ? document.querySelectorAll('main *') : []) {
    const style = getComputedStyle(el);
    if (!['auto', 'scroll'].includes(style.overflowX) || el.clientWidth <= 1) continue;
    if (el.scrollWidth > el.clientWidth + 1) {
      const box = `${el.tagName.toLowerCase()}.${el.className}`;
      problems.push(`${box} scrolls: ${el.scrollWidth}px in ${el.clientWidth}px`);
    }
  }
  // Every line of a message starts at its left edge, the reply's actions too.
  for (const message of document.querySelectorAll('main .msg')) {
    const body = message.querySelector('.body');
    for (const form of message.querySelectorAll(':scope > form')) {
      const control = form.querySelector('button, a');
      if (!body || !control) continue;
      range.selectNodeContents(control);  // its lines of text, not its box
      for (const line of range.getClientRects()) {
        const offset = Math.round(line.left - body.getBoundingClientRect().left);
        if (Math.abs(offset) > 2) {
          problems.push(`"${control.innerText}" starts ${offset}px right of its message`);
          break;
        }
      }
    }
  }
  // Time zones are named in the viewer's language, never by their IANA id.
  const areas = 'Africa|America|Asia|Atlantic|Australia|Europe|Etc|Indian|Pacific';
  const zone = document.querySelector('main').innerText
    .match(new RegExp(`\\\\b(${areas})\\\\/[A-Za-z_]+`));
  if (zone) problems.push(`raw time zone id "${zone[0]}"`);
  return problems;
}"""

# Pages whose tables never scroll sideways, even on a phone (issue 12: the queue, a request's
# history, the details of Anna's request, the pricing comparison). Elsewhere a phone may scroll a
# wide table; nothing scrolls sideways from 1280 px up.
NO_SIDEWAYS = frozenset({"queue", "console-request", "anna-request", "pricing"})

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
    # Anna's request in each language: her long store host and the Hotrush offer (issue 12)
    "anna-request": ("anna", "/requests/", "main a:has-text('Shipping rates for Austria')"),
    "subscriptions": ("customer", "/subscriptions/", None),
    "orders": ("customer", "/orders/", None),
    "kb": (None, "/kb/", None),
    "kb-article": (None, "/kb/", "main [data-kb-list] a"),
    "console-kb": ("engineer", "/console/kb/", None),
    "console-kb-edit": ("engineer", "/console/kb/", "main [data-kb-articles] a"),
    "deflection": ("engineer", "/console/reports/deflection/", None),
    "queue": ("engineer", "/console/?view=all", None),
    "console-request": (  # Anna's request: the longest history of the demo
        "engineer",
        "/console/?view=all",
        "main tr:has-text('Shipping rates for Austria') a[href^='/console/requests/']",
    ),
    "console-orders": ("admin", "/console/orders/", None),
    "reports": ("engineer", "/console/reports/", None),
    "console-calls": ("engineer", "/console/calls/", None),
    "console-search": ("engineer", "/console/search/?q=checkout", None),
}
PEOPLE = {
    "en": {"customer": demo.ANNA_EMAIL, "engineer": demo.ERIN_EMAIL, "admin": demo.ADMIN_EMAIL},
    "ru": {"customer": demo.DMITRY_EMAIL, "engineer": demo.ROMAN_EMAIL, "admin": demo.ADMIN_EMAIL},
}
for _people in PEOPLE.values():  # Anna reads her request in both languages
    _people["anna"] = demo.ANNA_EMAIL


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
    # the admin and Anna read `lang` too
    User.objects.filter(email__in=[demo.ADMIN_EMAIL, demo.ANNA_EMAIL]).update(language=lang)
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
                sideways = width >= 1280 or name in NO_SIDEWAYS
                found = page.evaluate(PROBLEMS, sideways)
                problems += [f"{name} at {width}px: {problem}" for problem in found]
            # and axe-core finds nothing serious or critical, on a phone and on a laptop
            page.evaluate(axe_source)
            assert page.evaluate("axe.version") == "4.14.1"
            for width in AXE_WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                violations = page.evaluate(AXE_RUN)
                print(f"axe {lang} {name} {width}px: {len(violations)} failing")  # noqa: T201
                problems += [f"{name} at {width}px: axe {violation}" for violation in violations]
    # then none of them overflows, squeezes a word or fails axe's serious and critical rules
    assert problems == [], "\n".join(problems)
