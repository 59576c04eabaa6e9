"""Screenshots and axe-core counts of a running Supportdesk, EN and RU (issue 12's closing note).

    .venv/bin/python -m bench.screens shoot --base-url http://127.0.0.1:8771 --out DIR
    .venv/bin/python -m bench.screens compare BEFORE_DIR AFTER_DIR   # a markdown table

`shoot` signs the demo people in (`manage.py load_demo`; password `supportdesk-demo`), switches
each to the language through the header's language form (which a signed-in user's account
keeps), and for every page in `PAGES`, at each of its widths: loads it, takes a full-page JPEG,
measures whether the document is wider than the viewport, and runs axe-core. The results go to
DIR/results.json and DIR/results.md.

axe-core is the copy vendored for the browser tests (tests/browser/vendor), evaluated through
the DevTools protocol, which the app's Content-Security-Policy does not govern: the pages stay
exactly as served. Chromium is Debian's (`apt-get install chromium`); nothing is downloaded.

Only the server is needed, not Django: an older checkout can be measured the same way (serve it
on another port with its own demo database). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Error, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE = ROOT / "tests" / "browser" / "vendor" / "axe-core-4.14.1.min.js"
PASSWORD = "supportdesk-demo"  # noqa: S105 — the demo's published password (README, load_demo)
PEOPLE = {
    "customer": "anna.becker@example.com",
    "engineer": "erin.walsh@supportdesk.example",
    "admin": "admin@supportdesk.example",
}
# Each language's browser locale (Accept-Language, navigator.language). Headless Chromium has no
# Russian resources: its own file input still reads "Choose File", which is not the app's text.
LANGUAGES = {"en": "en-US", "ru": "ru-RU"}
IMPACTS = ("critical", "serious", "moderate", "minor")
# The request shown in the console and in the customer's portal: one of Anna's with a
# conversation (the first request in her list when no subject matches).
SUBJECT = "Shipping rates for Austria"
TIME_ZONE = "Europe/Berlin"
HEIGHT = 900
TIMEOUT_MS = 30_000


@dataclass(frozen=True)
class Shot:
    name: str
    who: str  # a key of PEOPLE, or "visitor"
    paths: tuple[str, ...]  # the first that answers without an error is taken (older builds)
    widths: tuple[int, ...]


PAGES = (
    Shot("queue", "engineer", ("/console/?view=all", "/console/"), (390, 1280, 1920)),
    Shot("console-request", "engineer", ("/console/requests/{ticket}/",), (1280, 390, 1920)),
    Shot("portal-request", "customer", ("/requests/{ticket}/",), (1280, 390, 1920)),
    Shot("console-search", "engineer", ("/console/search/?q=shipping+rates",), (390, 1280)),
    Shot("portal-search", "customer", ("/requests/search/?q=shipping",), (390, 1280)),
    Shot("pricing", "visitor", ("/pricing/",), (390,)),
)

MEASURE = """() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  // The outermost elements that reach past the right edge: where the overflow comes from.
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    if (wide.some((outer) => outer.contains(el))) continue;
    // Clipped by a scrolling or clipping box that itself fits? An absolutely positioned box is
    // clipped only from its containing block up (a .sr-only span in a scrolling table escapes).
    const position = getComputedStyle(el).position;
    if (position === 'fixed') { wide.push(el); continue; }
    let clipped = false;
    const start = position === 'absolute' ? el.offsetParent : el.parentElement;
    for (let node = start; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.overflowX !== 'visible' && node.getBoundingClientRect().right <= width + 1) {
        clipped = true;
        break;
      }
    }
    if (!clipped) wide.push(el);
  }
  const describe = (el) => {
    const id = el.id ? `#${el.id}` : '';
    const cls = el.classList.length ? `.${[...el.classList].join('.')}` : '';
    const right = Math.round(el.getBoundingClientRect().right);
    return `${el.tagName.toLowerCase()}${id}${cls} right=${right}`;
  };
  // Boxes that scroll sideways inside the page (a table wider than its column).
  const scrolling = [];
  for (const el of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    if (!['auto', 'scroll'].includes(style.overflowX) || el.clientWidth <= 1) continue;
    if (el.scrollWidth <= el.clientWidth + 1) continue;
    scrolling.push(`${describe(el).split(' ')[0]} ${el.scrollWidth}/${el.clientWidth}px`);
  }
  return {
    html_lang: root.getAttribute('lang'),
    title: document.title,
    scroll_width: root.scrollWidth,
    client_width: width,
    overflow: root.scrollWidth > width + 1,
    wide_elements: wide.slice(0, 8).map(describe),
    inner_scroll: scrolling.slice(0, 8),
  };
}"""

# Visible text with Latin letters and no Cyrillic: on a Russian page, the candidates for an
# untranslated string (demo content written in English shows up too, so a person reads the list).
LATIN_TEXT = """() => {
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.replace(/\\s+/g, ' ').trim();
    if (!/[A-Za-z]{3}/.test(text) || /[\\u0400-\\u04FF]/.test(text)) continue;
    if (/^\\S+@\\S+$|^https?:|^[\\w.-]+\\.[a-z]{2,}\\/?$/i.test(text)) continue;
    const parent = node.parentElement;
    if (!parent || parent.closest('script, style, [hidden], .sr-only')) continue;
    const box = parent.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    seen.add(text.slice(0, 80));
  }
  return [...seen].slice(0, 60);
}"""

AXE_RUN = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
  .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,
              targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"""


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser: Browser, base_url: str, locale: str) -> Page:
    context = browser.new_context(
        base_url=base_url,
        locale=locale,
        timezone_id=TIME_ZONE,
        viewport={"width": 1280, "height": HEIGHT},
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def sign_in(page: Page, email: str) -> None:
    page.goto("/login/")
    for field in ("input[name=username]", "input[name=email]", "input[type=email]"):
        if page.locator(field).count():
            page.fill(field, email)
            break
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("load")
    if not page.locator("form[action$='/logout/']").count():
        raise SystemExit(f"sign-in failed for {email} (at {page.url})")


def switch_language(page: Page, lang: str) -> None:
    """The header's language form; a signed-in user's choice is kept on the account."""
    page.goto("/")
    if page.locator("#lang-switch").count():
        page.select_option("#lang-switch", lang)
        page.locator("form[action$='/language/'] button[type=submit]").click()
        page.wait_for_load_state("load")
    else:  # a build without the form: Django's own cookie
        page.context.add_cookies([{"name": "django_language", "value": lang, "url": page.url}])
        page.goto("/")
    shown = page.locator("html").get_attribute("lang")
    if shown != lang:
        print(f"  warning: asked for {lang}, the page says lang={shown}")


def find_request(page: Page) -> tuple[int, str]:
    """Anna's request with `SUBJECT`, or the first in her list: (id, subject)."""
    page.goto("/requests/")
    links = page.locator("main a[href*='/requests/']")
    found: tuple[int, str] | None = None
    for index in range(links.count()):
        link = links.nth(index)
        match = re.search(r"/requests/(\d+)/$", link.get_attribute("href") or "")
        if not match:
            continue
        text = " ".join(link.inner_text().split())
        if SUBJECT.lower() in text.lower():
            return int(match.group(1)), text
        found = found or (int(match.group(1)), text)
    if found is None:
        raise SystemExit("the customer has no request to show")
    return found


def load(page: Page, paths: tuple[str, ...], ticket: int) -> str:
    for path in paths:
        url = path.format(ticket=ticket)
        response = page.goto(url)
        if response is not None and response.ok:
            break
        print(f"  {url}: {response.status if response else 'no response'}, trying the next")
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")
    return url


def run_axe(page: Page, axe_source: str) -> dict[str, Any]:
    page.evaluate(axe_source)
    violations: list[dict[str, Any]] = page.evaluate(AXE_RUN)
    counts = dict.fromkeys(IMPACTS, 0)
    nodes = dict.fromkeys(IMPACTS, 0)
    for violation in violations:
        impact = violation["impact"] or "minor"
        counts[impact] += 1
        nodes[impact] += violation["nodes"]
    return {
        "version": page.evaluate("axe.version"),
        "violations": counts,
        "nodes": nodes,
        "rules": violations,
    }


def shoot_page(
    page: Page, shot: Shot, lang: str, ticket: int, out: Path, quality: int
) -> list[dict[str, Any]]:
    axe_source = AXE.read_text()
    rows = []
    for width in shot.widths:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        path = load(page, shot.paths, ticket)
        file = out / f"{shot.name}-{lang}-{width}.jpg"
        page.screenshot(path=file, type="jpeg", quality=quality, full_page=True)
        measured: dict[str, Any] = page.evaluate(MEASURE)
        axe = run_axe(page, axe_source)
        row = {
            "page": shot.name,
            "lang": lang,
            "width": width,
            "who": shot.who,
            "path": path,
            "file": file.name,
            "bytes": file.stat().st_size,
            **measured,
            "axe": axe,
        }
        if lang != "en":
            row["latin_text"] = page.evaluate(LATIN_TEXT)
        counts = "/".join(str(axe["violations"][impact]) for impact in IMPACTS)
        print(
            f"  {shot.name:16} {lang} {width:5}px  overflow {_overflow(row):14}"
            f"  axe c/s/m/n {counts}  {row['bytes'] // 1024} KB"
        )
        rows.append(row)
    return rows


def shoot(base_url: str, out: Path, quality: int) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    shots: list[dict[str, Any]] = []
    ticket, subject = 0, ""
    with chromium() as browser:
        for lang, locale in LANGUAGES.items():
            pages: dict[str, Page] = {}
            for who in sorted({shot.who for shot in PAGES}):
                page = pages[who] = open_page(browser, base_url, locale)
                if who != "visitor":
                    sign_in(page, PEOPLE[who])
                switch_language(page, lang)
            if not ticket:
                ticket, subject = find_request(pages["customer"])
                print(f"request #{ticket}: {subject}")
            for shot in PAGES:
                shots += shoot_page(pages[shot.who], shot, lang, ticket, out, quality)
            for page in pages.values():
                page.context.close()
    results = {
        "base_url": base_url,
        "request": {"id": ticket, "subject": subject},
        "people": {who: PEOPLE.get(who, "not signed in") for who in {s.who for s in PAGES}},
        "seconds": round(time.perf_counter() - began),
        "shots": shots,
    }
    (out / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    (out / "results.md").write_text(table(results) + "\n")
    return results


def table(results: dict[str, Any]) -> str:
    """One run: axe violations (rules) by impact, overflow and sideways scrolling per screenshot."""
    head = ["page", "lang", "width", *IMPACTS, "overflow", "scrolls inside", "file"]
    lines = [_cells(head), _cells(["---"] * len(head))]
    for row in results["shots"]:
        counts = [str(row["axe"]["violations"][impact]) for impact in IMPACTS]
        inner = ", ".join(row["inner_scroll"]) or "–"
        lines.append(_cells([*_where(row), *counts, _overflow(row), inner, row["file"]]))
    return "\n".join(lines)


def compare(before: Path, after: Path) -> str:
    """Before → after per page, language and width: axe violations (rules) by impact, overflow,
    and the number of boxes scrolling sideways inside the page."""
    old = {_key(row): row for row in json.loads((before / "results.json").read_text())["shots"]}
    new = json.loads((after / "results.json").read_text())["shots"]
    head = ["page", "lang", "width", *IMPACTS, "overflow", "scrolls inside"]
    lines = [_cells(head), _cells(["---"] * len(head))]
    for row in new:
        was = old.get(_key(row))
        now = row["axe"]["violations"]
        cells = [f"{was['axe']['violations'][i] if was else '–'} → {now[i]}" for i in IMPACTS]
        cells.append(f"{_overflow(was) if was else '–'} → {_overflow(row)}")
        cells.append(f"{len(was['inner_scroll']) if was else '–'} → {len(row['inner_scroll'])}")
        lines.append(_cells([*_where(row), *cells]))
    return "\n".join(lines)


def _cells(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _where(row: dict[str, Any]) -> list[str]:
    return [row["page"], row["lang"], str(row["width"])]


def _key(row: dict[str, Any]) -> tuple[str, str, int]:
    return row["page"], row["lang"], row["width"]


def _overflow(row: dict[str, Any]) -> str:
    return f"yes ({row['scroll_width']} px)" if row["overflow"] else "no"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.screens", description=__doc__.split("\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    take = commands.add_parser("shoot", help="screenshots, overflow and axe counts of one server")
    take.add_argument("--base-url", required=True, help="e.g. http://127.0.0.1:8771")
    take.add_argument("--out", required=True, type=Path, help="folder for the JPEGs and results")
    take.add_argument("--quality", type=int, default=60, help="JPEG quality (default 60)")
    both = commands.add_parser("compare", help="a markdown table: before vs after")
    both.add_argument("before", type=Path)
    both.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "compare":
        print(compare(args.before, args.after))
        return
    if not CHROMIUM.exists():
        sys.exit("Chromium is not installed: apt-get install chromium")
    try:
        results = shoot(args.base_url.rstrip("/"), args.out, args.quality)
    except Error as error:
        sys.exit(f"browser error: {error}")
    total = sum(row["bytes"] for row in results["shots"])
    print(
        f"{len(results['shots'])} screenshots, {total / 1024 / 1024:.1f} MB, {results['seconds']} s"
    )


if __name__ == "__main__":
    main()
