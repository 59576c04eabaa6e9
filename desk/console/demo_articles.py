"""The demo knowledge base of `manage.py load_demo`: three categories and a few articles, most in
English and Russian, one for customers only and one English draft. Written through the services,
so they are indexed and searchable like real ones."""

from __future__ import annotations

from dataclasses import dataclass

from desk.accounts.models import User
from desk.kb import services as kb_services
from desk.kb.checks import TranslationInput
from desk.kb.models import ArticleStatus, Audience

CATEGORIES = (
    ("getting-started", "Getting started", "Первые шаги"),
    ("payments", "Payments", "Платежи"),
    ("shipping", "Shipping", "Доставка"),
)


@dataclass(frozen=True)
class DemoArticle:
    category: str
    audience: str
    en: tuple[str, str, str, str]  # slug, title, summary, Markdown
    ru: tuple[str, str, str, str] | None
    status: str = ArticleStatus.PUBLISHED


ARTICLES = (
    DemoArticle(
        "payments",
        Audience.PUBLIC,
        (
            "payment-fails-at-checkout",
            "A payment fails at checkout",
            "Why card payments are declined and what to check first.",
            "Most declined payments come from the payment module's settings, not from the "
            "card.\n\n1. Check that the **live** keys are set, not the test keys.\n"
            "2. Make sure the store's currency is enabled in the payment provider.\n"
            "3. Look at the module's log: *Admin → Modules → Payments → Log*.\n\n"
            "Still failing? [Open a request](/requests/new/) with the log attached.",
        ),
        (
            "platezh-ne-prokhodit",
            "Платёж не проходит при оформлении заказа",
            "Почему отклоняются платежи картой и что проверить в первую очередь.",
            "Чаще всего платёж отклоняют настройки платёжного модуля, а не карта.\n\n"
            "1. Проверьте, что указаны **боевые** ключи, а не тестовые.\n"
            "2. Убедитесь, что валюта магазина включена у платёжного провайдера.\n"
            "3. Посмотрите журнал модуля: *Админка → Модули → Платежи → Журнал*.\n\n"
            "Не помогло? [Откройте обращение](/requests/new/) и приложите журнал.",
        ),
    ),
    DemoArticle(
        "getting-started",
        Audience.PUBLIC,
        (
            "clear-the-cache",
            "Clear the cache after an update",
            "Old prices or a broken layout after an update usually mean a stale cache.",
            "After an update, clear both caches:\n\n```\nphp bin/console cache:clear\n```\n\n"
            "Then empty the browser cache or open the store in a private window.",
        ),
        (
            "ochistka-kesha",
            "Очистка кэша после обновления",
            "Старые цены или сломанная вёрстка после обновления — обычно устаревший кэш.",
            "После обновления очистите оба кэша:\n\n```\nphp bin/console cache:clear\n```\n\n"
            "Затем очистите кэш браузера или откройте магазин в приватном окне.",
        ),
    ),
    DemoArticle(
        "shipping",
        Audience.PUBLIC,
        (
            "shipping-rates-missing",
            "Shipping rates are missing at checkout",
            "Rates vanish when no zone covers the customer's address.",
            "A rate is offered only when a **shipping zone** covers the address. Check that "
            "the country (and region) is in a zone, and that the zone has a method with a "
            "rate for the cart's weight.",
        ),
        (
            "net-tarifov-dostavki",
            "При оформлении заказа нет тарифов доставки",
            "Тарифы пропадают, когда адрес покупателя не входит ни в одну зону.",
            "Тариф предлагается, только если адрес входит в **зону доставки**. Проверьте, что "
            "страна (и регион) входят в зону и у зоны есть способ с тарифом для веса корзины.",
        ),
    ),
    DemoArticle(
        "getting-started",
        Audience.CUSTOMERS,
        (
            "where-is-my-licence-key",
            "Where to find your licence key",
            "Your key is in your account, beside each subscription.",
            "Open **My account → Subscriptions**: the key is shown beside each subscription. "
            "Paste it into *Admin → Settings → Licence*.",
        ),
        (
            "gde-nayti-licenzionnyy-klyuch",
            "Где найти лицензионный ключ",
            "Ключ — в вашем кабинете, рядом с каждой подпиской.",
            "Откройте **Мой кабинет → Подписки**: ключ показан рядом с каждой подпиской. "
            "Вставьте его в *Админка → Настройки → Лицензия*.",
        ),
    ),
    DemoArticle(
        "payments",
        Audience.PUBLIC,
        (
            "refunds-draft",
            "How refunds work",
            "",
            "Draft: explain partial and full refunds.",
        ),
        None,
        status=ArticleStatus.DRAFT,
    ),
)


def load_articles(author: User) -> None:
    categories = {
        slug: kb_services.create_category(slug=slug, name_en=en, name_ru=ru, position=i)
        for i, (slug, en, ru) in enumerate(CATEGORIES)
    }
    for item in ARTICLES:
        slug, title, summary, body = item.en
        english = kb_services.create_article(
            author=author,
            fields=TranslationInput("en", title, body, slug, summary, item.status),
            audience=item.audience,
            category_id=categories[item.category].pk,
        )
        if item.ru is not None:
            slug, title, summary, body = item.ru
            kb_services.add_translation(
                article=english.article,
                fields=TranslationInput("ru", title, body, slug, summary, item.status),
            )
