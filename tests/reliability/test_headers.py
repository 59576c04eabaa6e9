"""Headers family: what a browser is told about our pages (issue 14).

Advisories of Zammad, Request Tracker, FreeScout and osTicket show stored XSS turning into account
takeover where pages allowed inline script, clickjacking of admin actions, tokens leaking through
Referer, content sniffing of uploads and APIs readable cross-origin. Each test below is named for
the case it proves; the browser test shows htmx and our scripts working under the policy.
"""

from __future__ import annotations

import base64
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

from desk.accounts import services as account_services
from desk.accounts.models import User
from desk.entitlements.tests.factories import paid_order
from desk.stores import services as store_services
from desk.tickets.tests.builders import open_request
from tests.reliability.seeding import restore_seeded_rows  # noqa: F401 — a fixture

ROOT = Path(__file__).resolve().parents[2]
PUBLIC_PAGES = ["/", "/pricing/", "/scope/", "/contact/", "/calls/", "/login/", "/signup/"]
EVIL_ORIGIN = "https://evil.example"


def policy_of(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response.headers.get("Content-Security-Policy", "")
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


# --- the templates and the pages -----------------------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]*\s(on[a-z]+|hx-on[:\w-]*)\s*=", re.I)
INLINE_STYLE = re.compile(r"<style\b|<[^>]*\sstyle\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"javascript:", re.I)


def page_templates() -> list[Path]:
    """Every template that renders a page (mail templates are not pages: no CSP applies)."""
    found = sorted(ROOT.glob("templates/**/*.html"))
    found += sorted(ROOT.glob("desk/*/templates/**/*.html"))
    return [path for path in found if "mail" not in path.relative_to(ROOT).parts[:2]]


def inline_code(html: str) -> list[str]:
    """What the policy blocks: inline scripts, on* handlers, inline styles, javascript: URLs."""
    problems = []
    for pattern in (INLINE_SCRIPT, EVENT_HANDLER, INLINE_STYLE, JAVASCRIPT_URL):
        problems += [match.group(0)[:80] for match in pattern.finditer(html)]
    return problems


def test_no_page_template_carries_inline_script_style_or_handlers():
    # given every page template of the project
    templates = page_templates()
    assert len(templates) > 40  # the scan sees the real tree
    # when each is searched for what the Content-Security-Policy blocks
    found = {str(path.relative_to(ROOT)): inline_code(path.read_text()) for path in templates}
    # then none has any
    assert {path: hits for path, hits in found.items() if hits} == {}


def test_the_scan_catches_each_kind_of_inline_code():
    # given one sample of each kind the policy blocks, and the forms it allows
    blocked = [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<button hx-on:click="x()">',
        '<p style="color:red">',
        "<style>p{}</style>",
        '<a href="javascript:alert(1)">',
    ]
    allowed = [
        '<script src="/static/js/desk.js" defer></script>',
        '<script type="application/json">',
    ]

    # then the scan reports every blocked one and none of the allowed ones
    assert [bool(inline_code(html)) for html in blocked] == [True] * len(blocked)
    assert [inline_code(html) for html in allowed] == [[], []]


@pytest.fixture
def customer_with_request(db, alice):
    store = store_services.add_store(customer=alice, url="headers-shop.example")
    paid_order(alice, "subscription-1m", store=store)
    open_request(alice, store, subject="Header check")
    return alice


@pytest.mark.django_db
def test_every_page_sends_a_strict_content_security_policy(customer_with_request, engineer_en):
    # given public pages, the portal signed in, the console, the admin and the API docs
    customer, engineer = Client(), Client()
    customer.force_login(customer_with_request)
    engineer.force_login(engineer_en.user)
    ticket_id = customer_with_request.tickets.get().pk
    answers = [Client().get(path) for path in [*PUBLIC_PAGES, "/admin/login/", "/api/docs"]]
    answers += [customer.get(path) for path in ["/requests/new/", f"/requests/{ticket_id}/"]]
    answers += [engineer.get(path) for path in ["/console/", f"/console/requests/{ticket_id}/"]]
    answers += [Client().get("/no-such-page/"), Client().get("/api/openapi.json")]
    # then every answer, error pages and JSON included, carries the same strict policy
    for response in answers:
        policy = policy_of(response)
        assert policy["script-src"] == ["'self'"], response.request["PATH_INFO"]
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["style-src"] == ["'self'"]
        header = response.headers["Content-Security-Policy"]
        assert "unsafe-inline" not in header
        assert "unsafe-eval" not in header
    # and no rendered page holds inline code the policy would block
    pages = [r for r in answers if r["Content-Type"].startswith("text/html")]
    assert len(pages) == 14
    assert {r.request["PATH_INFO"]: inline_code(r.content.decode()) for r in pages} == {
        r.request["PATH_INFO"]: [] for r in pages
    }


@pytest.mark.django_db
def test_pages_refuse_to_be_framed_sniffed_or_to_leak_the_referrer(client):
    # when any page is fetched
    for path in [*PUBLIC_PAGES, "/admin/login/", "/api/docs", "/no-such-page/"]:
        response = client.get(path)
        # then it may not be framed (clickjacking), sniffed, or send its URL to other sites
        assert response["X-Frame-Options"] == "DENY", path
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_the_api_is_closed_to_other_origins(client, customer_with_request):
    # given a signed-in customer whose browser visits a hostile site
    client.force_login(customer_with_request)
    # when the hostile page preflights and reads the API with the customer's cookies
    preflight = client.options(
        "/api/tickets",
        HTTP_ORIGIN=EVIL_ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type,x-csrftoken",
    )
    read = client.get("/api/tickets", HTTP_ORIGIN=EVIL_ORIGIN)
    # then no answer allows the origin, credentials, methods or headers: the browser hides it
    for response in (preflight, read):
        assert not [h for h in response.headers if h.lower().startswith("access-control-")]
    assert read.status_code == 200  # same-origin use still works


@pytest.mark.django_db
def test_a_cross_origin_post_with_the_customers_cookie_and_token_is_refused(customer_with_request):
    # given a signed-in customer with a valid CSRF token
    client = Client(enforce_csrf_checks=True)
    client.force_login(customer_with_request)
    client.get("/stores/")
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    stores_before = customer_with_request.stores.count()
    # when a request from another origin carries both (a token leaked to an attacker's page)
    response = client.post(
        "/stores/add/",
        {"url": "attacker-shop.example", "csrfmiddlewaretoken": token},
        HTTP_ORIGIN=EVIL_ORIGIN,
        secure=True,
    )
    # then the origin check refuses it and nothing changed
    assert response.status_code == 403
    assert customer_with_request.stores.count() == stores_before


def production_environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DESK_TEST"))}
    key = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        SECRET_KEY=secrets.token_urlsafe(50),
        DESK_SECRETS_KEYS=key,
        ALLOWED_HOSTS="support.example.com",
    )
    return env


def test_check_deploy_is_clean_with_the_production_settings():
    # when Django's deployment checklist runs against the production settings
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    # then it reports nothing at all, not even a warning
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


# --- in Chromium ----------------------------------------------------------------------------------


VIOLATIONS_PROBE = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " "
    + (e.sourceFile || "") + ":" + e.lineNumber);
});
"""

INJECT_INLINE_SCRIPT = """() => {
  const script = document.createElement("script");
  script.textContent = "window.__injectedRan = true";
  document.head.appendChild(script);
  return window.__injectedRan === true;
}"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("restore_seeded_rows")
def test_htmx_and_page_scripts_work_under_the_policy_with_no_violation(live_server, password):
    from playwright.sync_api import expect

    from tests.browser.test_customer_story import chromium, require_chromium

    # given a customer with a subscribed store and an uncovered one, an engineer, a staff admin
    require_chromium()
    customer = account_services.register_customer(
        email="csp.customer@example.com", password=password, full_name="Cora Policy"
    )
    covered = store_services.add_store(customer=customer, url="covered-shop.example")
    store_services.add_store(customer=customer, url="bare-shop.example")
    paid_order(customer, "subscription-1m", store=covered)
    ticket = open_request(customer, covered, subject="Policy check")
    engineer = account_services.create_engineer(
        email="csp.engineer@supportdesk.example",
        password=password,
        full_name="Eli Policy",
        department_codes=["technical-support"],
    )
    User.objects.create_superuser(email="csp.admin@supportdesk.example", password=password)
    connections.close_all()

    with chromium(live_server.url) as open_page:
        page = open_page("Europe/Moscow")
        page.add_init_script(VIOLATIONS_PROBE)
        visited: dict[str, list[str]] = {}

        def visit(path: str) -> None:
            page.goto(path)
            visited[path] = page.evaluate("window.__cspViolations")

        # when a visitor signs up, the page script picks the browser's time zone
        visit("/signup/")
        expect(page.locator("select[name=time_zone]")).to_have_value("Europe/Moscow")
        for path in PUBLIC_PAGES:
            visit(path)
        sign_in(page, customer.email, password)
        # and htmx loads the store's coverage when the customer picks another store
        visit("/requests/new/")
        for store, coverage in [
            ("covered-shop.example", "subscription"),
            ("bare-shop.example", "none"),
        ]:
            page.select_option("select[name=store]", label=store)
            expect(page.locator(f"#coverage [data-coverage={coverage}]")).to_have_count(1)
        # and the server-access fieldset follows the category (a static script, no inline one)
        expect(page.locator("#server-access")).to_be_hidden()
        page.select_option("select[name=category]", "installation")
        expect(page.locator("#server-access")).to_be_visible()
        visited["/requests/new/ (after htmx)"] = page.evaluate("window.__cspViolations")
        visit(f"/requests/{ticket.pk}/")
        sign_in(page, engineer.user.email, password)
        for path in ["/console/", f"/console/requests/{ticket.pk}/", "/console/reports/sla/"]:
            visit(path)
        sign_in(page, "csp.admin@supportdesk.example", password, admin=True)
        for path in ["/admin/", "/admin/accounts/user/", "/admin/catalog/plan/", "/api/docs"]:
            visit(path)
        expect(page.locator(".swagger-ui .info")).to_be_visible()  # Swagger UI ran
        visited["/api/docs (rendered)"] = page.evaluate("window.__cspViolations")
        # and an injected inline script is refused by the browser itself, and seen by the probe
        visit("/")
        ran = page.evaluate(INJECT_INLINE_SCRIPT)
        page.wait_for_function("window.__cspViolations.length > 0")
        injected = page.evaluate("window.__cspViolations")

    # then no page reported a single violation of the policy
    assert ran is False
    assert len(injected) == 1
    assert injected[0].startswith("script-src")
    assert len(visited) == 18
    assert {path: found for path, found in visited.items() if found} == {}


def sign_in(page, email: str, password: str, *, admin: bool = False) -> None:
    from playwright.sync_api import expect

    page.context.clear_cookies()
    page.goto("/admin/login/" if admin else "/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.locator("input[type=submit], main form button[type=submit]").first.click()
    expect(page.locator("form[action$='/logout/']")).to_be_attached()
