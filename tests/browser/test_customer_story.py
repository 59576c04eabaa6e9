"""The whole customer story in Chromium, once in English and once in Russian.

Sign up → add a store → buy a 1-month subscription by invoice → an engineer marks the order paid
in the console → the customer opens a request → the engineer replies in the console → the customer
reads the reply. Assertions use data (store URL, subject, reply), `<html lang>` and CSS classes,
never translated labels, so the test holds while the Russian catalogue changes. Every step leaves
a full-page screenshot in artifacts/browser/<lang>/NN-<step>.png.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection, connections
from playwright.sync_api import BrowserContext, Page, expect, sync_playwright

from desk.accounts import services as account_services
from desk.outbox.models import OutboxMail

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "browser"
TIMEOUT_MS = 10_000
SUBMIT = "button[type=submit]"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@dataclass(frozen=True)
class Story:
    lang: str
    name: str
    email: str
    time_zone: str
    store_url: str
    canonical_url: str
    subject: str
    body: str
    reply: str


STORIES = {
    "en": Story(
        lang="en",
        name="Emma Browser",
        email="emma.browser@example.com",
        time_zone="Europe/Berlin",
        store_url="https://www.emma-bikes.example/",
        canonical_url="emma-bikes.example",
        subject="Checkout button does nothing",
        body="Clicking 'Place order' on the checkout page does nothing since yesterday.",
        reply="A JavaScript error in the theme blocks the button; please clear the theme cache.",
    ),
    "ru": Story(
        lang="ru",
        name="Ирина Браузерова",
        email="irina.browser@example.com",
        time_zone="Asia/Yekaterinburg",
        store_url="https://www.irina-chai.example/shop/",
        canonical_url="irina-chai.example/shop",
        subject="Кнопка оформления заказа не работает",
        body="С вчерашнего дня кнопка «Оформить заказ» ничего не делает.",
        reply="Ошибка JavaScript в теме блокирует кнопку; очистите, пожалуйста, кэш темы.",
    ),
}
PASSWORD = "Story-walk-2025-long"
ENGINEER_PASSWORD = "Engineer-walk-2025-long"


@pytest.fixture(scope="module", autouse=True)
def _restore_seeded_rows(django_db_setup, django_db_blocker) -> Iterator[None]:
    """A transactional test ends by flushing every table, seeded plans and departments too.
    Put back what the test database held at setup, so later tests still find the seeded rows."""
    yield
    with django_db_blocker.unblock():
        contents = connection._test_serialized_contents  # type: ignore[attr-defined]
        connection.creation.deserialize_db_from_string(contents)


def require_chromium() -> None:
    if not CHROMIUM.exists():
        reason = "Chromium is not installed: apt-get install chromium"
        print(reason)  # noqa: T201 — said where `pytest -s` shows it, besides the skip summary
        pytest.skip(reason)


@contextmanager
def chromium(base_url: str) -> Iterator[Callable[[str], Page]]:
    """Debian's Chromium; yields a function opening a page in a new context (its own session).

    Start it only after the test's database work: while Playwright's sync API runs, this thread
    has an event loop, so Django hands out other connection objects (asgiref contexts) and would
    refuse ORM calls. DJANGO_ALLOW_ASYNC_UNSAFE lets such calls run; their connections are
    closed before the loop stops, so none outlives the test.
    """
    expect.set_options(timeout=TIMEOUT_MS)
    contexts: list[BrowserContext] = []
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )

        def open_page(time_zone: str) -> Page:
            context = browser.new_context(
                base_url=base_url, timezone_id=time_zone, viewport={"width": 1280, "height": 900}
            )
            context.set_default_timeout(TIMEOUT_MS)
            contexts.append(context)
            return context.new_page()

        try:
            yield open_page
        finally:
            for context in contexts:
                context.close()
            browser.close()
            connections.close_all()


class Camera:
    """Full-page screenshots numbered in the order the story takes them."""

    def __init__(self, lang: str) -> None:
        self.folder = ARTIFACTS / lang
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()
        self.count = 0
        print(f"\nscreenshots: {self.folder}")  # noqa: T201 — where to look after the run

    def shoot(self, page: Page, step: str) -> None:
        self.count += 1
        page.screenshot(path=self.folder / f"{self.count:02d}-{step}.png", full_page=True)


def create_story_engineer(lang: str) -> str:
    """An engineer who speaks the story's language; returns the sign-in email."""
    engineer = account_services.create_engineer(
        email=f"engineer.{lang}@supportdesk.example",
        password=ENGINEER_PASSWORD,
        full_name="Story Engineer",
        department_codes=["technical-support"],
        speaks_en=lang == "en",
        speaks_ru=lang == "ru",
        language=lang,
    )
    return engineer.user.email


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_customer_buys_support_and_reads_the_engineers_reply(live_server, lang):
    # given: Chromium, a camera, and an engineer on duty (created before the browser starts)
    require_chromium()
    story, camera = STORIES[lang], Camera(lang)
    engineer_email = create_story_engineer(lang)

    with chromium(live_server.url) as open_page:
        customer, engineer = open_page(story.time_zone), open_page("Europe/Moscow")

        # when / then: every step asserts what its page shows
        sign_up(customer, story, camera)
        add_store(customer, story, camera)
        order_path = buy_monthly_subscription(customer, story, camera)
        sign_in(engineer, engineer_email, ENGINEER_PASSWORD, lang)
        mark_paid(engineer, story, order_path, camera)
        see_subscription_active(customer, story, order_path, camera)
        request_path = open_request(customer, story, camera)
        reply_in_console(engineer, story, request_path, camera)
        see_reply(customer, story, request_path, camera)


def sign_up(page: Page, story: Story, camera: Camera) -> None:
    page.goto("/")
    if story.lang != "en":  # the visitor switches the site's language before signing up
        page.select_option("#lang-switch", story.lang)
        page.locator(f"form[action$='/language/'] {SUBMIT}").click()
    expect(page.locator("html")).to_have_attribute("lang", story.lang)
    camera.shoot(page, "home")
    page.goto("/signup/")
    page.fill("input[name=email]", story.email)
    page.fill("input[name=full_name]", story.name)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.select_option("select[name=language]", story.lang)
    page.select_option("select[name=time_zone]", story.time_zone)
    camera.shoot(page, "signup-form")
    page.locator(f"main form {SUBMIT}").click()
    # the same answer for every address: the mailed link finishes the sign-up
    expect(page.locator("[data-signup=sent]")).to_be_attached()
    camera.shoot(page, "signup-sent")
    mail = OutboxMail.objects.get(template="signup_confirm", recipient_email=story.email)
    link = urlsplit(mail.context["confirm_url"])
    page.goto(f"{link.path}?{link.query}" if link.query else link.path)
    page.locator(f"main form {SUBMIT}").click()
    expect(page.locator("form[action$='/logout/']")).to_be_attached()
    expect(page.locator("main h1")).to_contain_text(story.name)
    expect(page.locator("html")).to_have_attribute("lang", story.lang)
    camera.shoot(page, "signed-up")


def add_store(page: Page, story: Story, camera: Camera) -> None:
    page.goto("/stores/")
    page.fill("input[name=url]", story.store_url)
    page.locator(f"form[action$='/stores/add/'] {SUBMIT}").click()
    row = page.locator("main table tbody tr", has_text=story.canonical_url)
    expect(row).to_have_count(1)
    expect(row.locator(".badge")).not_to_have_class(re.compile(r"\bresolved\b"))
    camera.shoot(page, "store-added")


def buy_monthly_subscription(page: Page, story: Story, camera: Camera) -> str:
    """Returns the path of the order page."""
    row = page.locator("main table tbody tr", has_text=story.canonical_url)
    row.locator("a[href*='/buy/subscription-1m/']").click()
    expect(page.locator("select[name=store] option:checked")).to_have_text(story.canonical_url)
    camera.shoot(page, "checkout")
    page.locator(f"main form[method=post] {SUBMIT}").click()
    expect(page).to_have_url(re.compile(r"/orders/\d+/$"))
    expect(page.locator("main h1 .badge")).to_have_class(re.compile(r"\bopen\b"))  # pending
    expect(page.locator("main")).to_contain_text(story.canonical_url)
    expect(page.locator("main")).to_contain_text(re.compile(r"INV-\d{4}-\d{6}"))
    camera.shoot(page, "order-invoiced")
    return urlsplit(page.url).path


def sign_in(page: Page, email: str, password: str, lang: str) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.locator(f"main form {SUBMIT}").click()
    expect(page.locator("form[action$='/logout/']")).to_be_attached()
    expect(page.locator("html")).to_have_attribute("lang", lang)


def mark_paid(page: Page, story: Story, order_path: str, camera: Camera) -> None:
    page.goto(f"/console/orders/?q={story.email}")
    row = page.locator("main table tbody tr", has_text=story.email)
    expect(row).to_contain_text(story.canonical_url)
    camera.shoot(page, "console-orders")
    row.locator("a[href$='#mark-paid']").click()
    form = page.locator(f"form[action$='{order_path}mark-paid/']")
    form.locator("input[name=amount]").fill(form.get_attribute("data-order-amount") or "")
    form.locator(SUBMIT).click()  # the date received is today, prefilled
    expect(page.locator("ul.messages li.success")).to_be_visible()
    expect(page.locator("[data-received]")).to_be_visible()
    page.goto(f"/console/orders/?q={story.email}")
    expect(page.locator("main table tbody tr", has_text=story.email)).to_have_count(0)
    camera.shoot(page, "console-marked-paid")


def see_subscription_active(page: Page, story: Story, order_path: str, camera: Camera) -> None:
    page.goto(order_path)
    expect(page.locator("main h1 .badge")).to_have_class(re.compile(r"\bresolved\b"))  # paid
    camera.shoot(page, "order-paid")
    page.goto("/subscriptions/")
    row = page.locator("main table tbody tr", has_text=story.canonical_url)
    expect(row.locator(".badge")).to_have_class(re.compile(r"\bresolved\b"))  # active
    camera.shoot(page, "subscription-active")


def open_request(page: Page, story: Story, camera: Camera) -> str:
    """Returns the path of the request page."""
    page.goto("/requests/new/")
    expect(page.locator("select[name=store] option:checked")).to_have_text(story.canonical_url)
    page.fill("input[name=subject]", story.subject)
    page.fill("textarea[name=body]", story.body)
    page.select_option("select[name=category]", "troubleshooting")
    page.select_option("select[name=language]", story.lang)
    camera.shoot(page, "request-form")
    page.locator(f"form[action$='/requests/new/'] {SUBMIT}").click()
    expect(page).to_have_url(re.compile(r"/requests/\d+/$"))
    expect(page.locator("main h1")).to_have_text(story.subject)
    expect(page.locator("main .badge.new")).to_have_count(1)
    expect(page.locator("article.msg.customer .body")).to_have_text(story.body)
    camera.shoot(page, "request-opened")
    return urlsplit(page.url).path


def reply_in_console(page: Page, story: Story, request_path: str, camera: Camera) -> None:
    page.goto(f"/console{request_path}")
    expect(page.locator("main h1")).to_have_text(story.subject)
    expect(page.locator("article.msg.customer .body")).to_have_text(story.body)
    page.fill("form[action$='/reply/'] textarea[name=body]", story.reply)
    camera.shoot(page, "console-request")
    page.locator(f"form[action$='/reply/'] {SUBMIT}").click()
    expect(page.locator("ul.messages li.success")).to_be_visible()
    expect(page.locator("article.msg.reply .body")).to_have_text(story.reply)
    expect(page.locator("main .badge.waiting")).to_have_count(1)
    camera.shoot(page, "console-replied")


def see_reply(page: Page, story: Story, request_path: str, camera: Camera) -> None:
    page.goto(request_path)
    expect(page.locator("article.msg.reply .body")).to_have_text(story.reply)
    expect(page.locator("main .badge.waiting")).to_have_count(1)
    expect(page.locator("html")).to_have_attribute("lang", story.lang)
    camera.shoot(page, "customer-reads-reply")
