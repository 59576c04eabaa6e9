"""The demo desk of `manage.py load_demo`: people, stores, purchases and requests in every status.

Built through the services, like real use, so the demo obeys the same rules as production data.
One exception: the staff admin of /admin/. No service creates superusers (staff admins are not
a domain role), so Django's own `UserManager.create_superuser` makes it, as `createsuperuser`
would. Times are all "now": the services read `desk.core.clock`, which the demo does not move.

It lives in the console because it orchestrates every domain app, which only a front door may
import (import-linter layers).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from django.db import transaction

from desk.accounts import services as account_services
from desk.accounts.models import Department, Engineer, Language, User
from desk.accounts.selectors import departments_for_queue
from desk.billing import services as billing_services
from desk.billing.models import Order
from desk.catalog.models import IncidentPriority
from desk.catalog.selectors import plan_on_sale
from desk.console.demo_articles import load_articles
from desk.entitlements import services as entitlement_services
from desk.replies import services as reply_services
from desk.stores import services as store_services
from desk.stores.models import Store
from desk.tickets import services as ticket_services
from desk.tickets.models import Status, Ticket
from desk.tickets.scope import Category

# The one password of every demo account. Demo data for a local database only: printed by
# load_demo and documented in README.md, so it is no secret. Never load the demo in production.
DEMO_PASSWORD: Final = "supportdesk-demo"  # noqa: S105

ADMIN_EMAIL: Final = "admin@supportdesk.example"
ERIN_EMAIL: Final = "erin.walsh@supportdesk.example"
ROMAN_EMAIL: Final = "roman.kuznetsov@supportdesk.example"
SOFIA_EMAIL: Final = "sofia.ivanova@supportdesk.example"
ANNA_EMAIL: Final = "anna.becker@example.com"
DMITRY_EMAIL: Final = "dmitry.sokolov@example.com"
# A prospect without an account (no sign-in): wrote to Sales from the contact form.
VISITOR_EMAIL: Final = "lena.hoffmann@example.org"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str


DEMO_LOGINS: Final = (
    DemoLogin(ADMIN_EMAIL, "staff admin: Django admin /admin/, console orders"),
    DemoLogin(ERIN_EMAIL, "engineer, English, Technical Support"),
    DemoLogin(ROMAN_EMAIL, "engineer, Russian, Technical Support"),
    DemoLogin(
        SOFIA_EMAIL,
        "engineer, English + Russian, Technical Support + Customer Service + Sales",
    ),
    DemoLogin(ANNA_EMAIL, "customer, English, Europe/Berlin, two stores"),
    DemoLogin(DMITRY_EMAIL, "customer, Russian, Asia/Yekaterinburg, incident credits"),
)


class DemoConflictError(Exception):
    """Some demo accounts exist but not all: the database holds data the demo did not make."""


@dataclass(frozen=True)
class Team:
    admin: User
    erin: Engineer
    roman: Engineer
    sofia: Engineer


@dataclass(frozen=True)
class Customers:
    anna: User
    anna_shop: Store
    anna_outlet: Store
    dmitry: User
    dmitry_shop: Store


def is_demo_loaded() -> bool:
    """True when every demo account exists, False when none does.

    Raises `DemoConflictError` for a mix: loading would fail half-way on a taken address.
    """
    emails = [login.email for login in DEMO_LOGINS]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    if not existing:
        return False
    if len(existing) == len(emails):
        return True
    missing = sorted(set(emails) - existing)
    raise DemoConflictError(
        f"Some demo accounts exist ({', '.join(sorted(existing))}) but not "
        f"{', '.join(missing)}. Load the demo into a fresh database."
    )


def load_demo() -> None:
    """Build the whole demo in one transaction: a failure leaves the database as it was."""
    with transaction.atomic():
        team = _create_team()
        load_articles(team.sofia.user)
        customers = _create_customers()
        _sell(customers, paid_by=team.admin)
        _open_requests(customers, team)
        _canned_replies(team)


# --- people and stores ------------------------------------------------------------------------


def _create_team() -> Team:
    admin = User.objects.create_superuser(
        email=ADMIN_EMAIL, password=DEMO_PASSWORD, full_name="Staff Admin"
    )
    erin = account_services.create_engineer(
        email=ERIN_EMAIL,
        password=DEMO_PASSWORD,
        full_name="Erin Walsh",
        department_codes=["technical-support"],
        speaks_en=True,
    )
    roman = account_services.create_engineer(
        email=ROMAN_EMAIL,
        password=DEMO_PASSWORD,
        full_name="Роман Кузнецов",
        department_codes=["technical-support"],
        speaks_en=False,
        speaks_ru=True,
        language=Language.RU,
    )
    sofia = account_services.create_engineer(
        email=SOFIA_EMAIL,
        password=DEMO_PASSWORD,
        full_name="Sofia Ivanova",
        department_codes=["technical-support", "customer-service", "sales"],
        speaks_en=True,
        speaks_ru=True,
    )
    return Team(admin=admin, erin=erin, roman=roman, sofia=sofia)


def _create_customers() -> Customers:
    anna = account_services.register_customer(
        email=ANNA_EMAIL,
        password=DEMO_PASSWORD,
        full_name="Anna Becker",
        language=Language.EN,
        time_zone="Europe/Berlin",
    )
    dmitry = account_services.register_customer(
        email=DMITRY_EMAIL,
        password=DEMO_PASSWORD,
        full_name="Дмитрий Соколов",
        language=Language.RU,
        time_zone="Asia/Yekaterinburg",
    )
    return Customers(
        anna=anna,
        anna_shop=store_services.add_store(
            customer=anna, url="https://www.bikeparts-berlin.example/"
        ),
        anna_outlet=store_services.add_store(customer=anna, url="outlet.bikeparts-berlin.example"),
        dmitry=dmitry,
        dmitry_shop=store_services.add_store(customer=dmitry, url="https://uraltea.example/shop/"),
    )


# --- purchases ---------------------------------------------------------------------------------


def _invoiced_order(
    customer: User, plan_code: str, *, store: Store | None = None, quantity: int = 1
) -> Order:
    """An order paid by bank transfer, with its invoice issued, as checkout leaves it."""
    plan = plan_on_sale(plan_code)
    if plan is None:
        raise RuntimeError(f"plan {plan_code} is not on sale: the demo needs the seeded catalog")
    order = billing_services.place_order(
        customer=customer, plan=plan, store=store, quantity=quantity, provider="offline"
    )
    billing_services.start_checkout(order=order)  # the offline provider issues the invoice
    return order


def _sell(customers: Customers, *, paid_by: User) -> None:
    """A paid 1-year subscription, paid incident credits, and one order still awaiting payment."""
    orders = [
        _invoiced_order(customers.anna, "subscription-1y", store=customers.anna_shop),
        _invoiced_order(customers.dmitry, "incident-normal", quantity=3),
        _invoiced_order(customers.dmitry, "incident-urgent", quantity=2),
    ]
    for order in orders:
        entitlement_services.confirm_payment(order_id=order.pk, by=paid_by)
    _invoiced_order(customers.anna, "subscription-1m", store=customers.anna_outlet)


# --- requests ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One thing that happens on a request after it is opened; `by` names a demo person."""

    action: Literal["reply", "customer", "note", "bug", "out_of_scope", "close"]
    by: str
    text: str
    status: str | None = None  # for "reply": the status to leave the request in


@dataclass(frozen=True)
class DemoRequest:
    customer: str
    subject: str
    category: str
    body: str
    is_hotrush: bool = False
    credit_priority: str | None = None
    # a department code; Technical Support when None. Customer Service and Sales answer
    # without an entitlement: their requests spend nothing (issue 12 point 7).
    department: str | None = None
    then: tuple[Step, ...] = ()


# Anna's requests run on her subscription, Dmitry's on incident credits. The comment on each is
# the status its steps leave it in: every status is there.
DEMO_REQUESTS: Final = (
    DemoRequest(  # new, Hotrush
        "anna",
        "Checkout shows a blank page after the 4.2 update",
        Category.PHP_MYSQL,
        "Since this morning's update the checkout page is empty. The PHP log says: "
        "Fatal error: Uncaught Error: Call to undefined function mb_strtolower().",
        is_hotrush=True,
    ),
    DemoRequest(  # open, with an internal note
        "anna",
        "Shipping rates for Austria are wrong",
        Category.CONFIGURATION,
        "Customers in Vienna are charged the Germany rate (EUR 4.90) instead of EUR 9.90.",
        then=(
            Step("reply", "erin", "Hello Anna, could you send a screenshot of the shipping zones?"),
            Step("customer", "anna", "Here it is: Austria is in both the EU and the DACH zone."),
            Step("note", "erin", "Zone overlap, DACH matches first. Fix after 18:00 Berlin time."),
        ),
    ),
    DemoRequest(  # waiting on the customer
        "anna",
        "Product photos look blurry on phones",
        Category.HTML_CSS,
        "On an iPhone the product images are soft; on a desktop they are sharp.",
        then=(Step("reply", "erin", "Which theme version do you run? See Appearance → Themes."),),
    ),
    DemoRequest(  # resolved
        "anna",
        "Please install the German language pack",
        Category.INSTALLATION,
        "We would like the storefront and the emails in German.",
        then=(
            Step("reply", "sofia", "Done: German is installed and the default.", Status.RESOLVED),
        ),
    ),
    DemoRequest(  # closed by the customer
        "anna",
        "Company name on our invoices",
        Category.BILLING,
        "Please put 'Becker Bikes GmbH' on our invoices from now on.",
        department="customer-service",
        then=(
            Step("reply", "sofia", "Changed: new invoices show Becker Bikes GmbH."),
            Step("close", "anna", ""),
        ),
    ),
    DemoRequest(  # new
        "dmitry",
        "Как настроить налоги для Казахстана?",
        Category.CONFIGURATION,
        "Начинаем продавать в Казахстан. Какие налоговые правила нужно добавить?",
        credit_priority=IncidentPriority.NORMAL,
    ),
    DemoRequest(  # open, Hotrush, with a bug link
        "dmitry",
        "Купон неправильно пересчитывает скидку в корзине",
        Category.BUGFIX,
        "Купон на 10% при двух товарах даёт скидку 20%. Заказы уходят в минус!",
        is_hotrush=True,
        credit_priority=IncidentPriority.URGENT,
        then=(
            Step("reply", "roman", "Воспроизвели: это ошибка в модуле скидок. Отключите купон."),
            Step("bug", "roman", "https://issues.supportdesk.example/DESK-1042"),
            Step("customer", "dmitry", "Спасибо, отключил. Сообщите, когда выйдет патч."),
        ),
    ),
    DemoRequest(  # waiting on the customer
        "dmitry",
        "Не приходят письма о новых заказах",
        Category.CONFIGURATION,
        "Уведомления о заказах перестали приходить на почту магазина.",
        credit_priority=IncidentPriority.NORMAL,
        then=(Step("reply", "roman", "Проверьте папку «Спам» и пришлите настройки SMTP."),),
    ),
    DemoRequest(  # resolved: out of scope, the Normal credit comes back
        "dmitry",
        "Перенести товары и клиентов из старого магазина",
        Category.STORE_SETUP,
        "Нужно перенести 2 000 товаров и 5 000 клиентов со старой платформы.",
        credit_priority=IncidentPriority.NORMAL,
        then=(
            Step("out_of_scope", "sofia", "Перенос данных не входит в поддержку: пришлём смету."),
        ),
    ),
)


def _open_requests(customers: Customers, team: Team) -> None:
    users = {"anna": customers.anna, "dmitry": customers.dmitry}
    stores = {"anna": customers.anna_shop, "dmitry": customers.dmitry_shop}
    engineers = {"erin": team.erin, "roman": team.roman, "sofia": team.sofia}
    departments = {department.code: department for department in departments_for_queue()}
    for request in DEMO_REQUESTS:
        customer = users[request.customer]
        department = departments[request.department] if request.department else None
        if department is not None and not department.requires_entitlement:
            ticket = ticket_services.open_department_request(
                customer=customer,
                department=department,
                subject=request.subject,
                body=request.body,
                language=customer.language,
            )
        else:
            ticket = ticket_services.open_ticket(
                customer=customer,
                store=stores[request.customer],
                subject=request.subject,
                body=request.body,
                category=request.category,
                language=customer.language,
                is_hotrush=request.is_hotrush,
                credit_priority=request.credit_priority,
                department=department,
            )
        for step in request.then:
            _play(step, ticket, users, engineers)
    _visitor_asks_sales(departments["sales"], team.sofia)


def _visitor_asks_sales(sales: Department, seller: Engineer) -> None:
    """A prospect with no account writes to Sales from the contact form and gets an answer."""
    ticket = ticket_services.write_as_visitor(
        email=VISITOR_EMAIL,
        name="Lena Hoffmann",
        department=sales,
        subject="Support for three shops?",
        body="We run three shops on one server. Do we need three subscriptions?",
        language=Language.EN,
    )
    if ticket is not None:
        ticket_services.reply(
            ticket=ticket,
            engineer=seller,
            body="Yes: a subscription covers one store. Three yearly ones come to USD 2,970.",
        )


def _play(
    step: Step, ticket: Ticket, users: dict[str, User], engineers: dict[str, Engineer]
) -> None:
    match step.action:
        case "reply":
            ticket_services.reply(
                ticket=ticket, engineer=engineers[step.by], body=step.text, status=step.status
            )
        case "customer":
            ticket_services.add_customer_message(
                ticket=ticket, author=users[step.by], body=step.text
            )
        case "note":
            ticket_services.add_note(ticket=ticket, engineer=engineers[step.by], body=step.text)
        case "bug":
            ticket_services.link_bug(ticket=ticket, engineer=engineers[step.by], url=step.text)
        case "out_of_scope":
            ticket_services.rule_out_of_scope(
                ticket=ticket, engineer=engineers[step.by], reason=step.text
            )
        case "close":
            ticket_services.change_status(ticket=ticket, actor=users[step.by], status=Status.CLOSED)


# --- canned replies -----------------------------------------------------------------------------

_SHARED_REPLIES: Final = (
    (
        "Greeting",
        Language.EN,
        None,
        "Hello {customer_name},\n\nthank you for writing to us about {store_url}. "
        "I am {engineer_name} and I am looking into {ticket_number} now.",
    ),
    (
        "Приветствие",
        Language.RU,
        None,
        "Здравствуйте, {customer_name}!\n\nСпасибо за обращение по магазину {store_url}. "
        "Меня зовут {engineer_name}, я уже занимаюсь запросом {ticket_number}.",
    ),
    (
        "Need server access",
        Language.EN,
        "technical-support",
        "To check this on {store_url} we need FTP or SSH access. Please add it to "
        "{ticket_number} in the HelpDesk; the details are encrypted and wiped when it closes.",
    ),
    (
        "Нужен доступ к серверу",
        Language.RU,
        "technical-support",
        "Чтобы проверить это на {store_url}, нужен доступ по FTP или SSH. Добавьте его к "
        "запросу {ticket_number} в HelpDesk: данные шифруются и удаляются при закрытии.",
    ),
)


def _canned_replies(team: Team) -> None:
    departments = {department.code: department for department in departments_for_queue()}
    for title, language, code, body in _SHARED_REPLIES:
        reply_services.create_canned_reply(
            owner=None,
            title=title,
            body=body,
            language=language,
            department=departments.get(code) if code else None,
        )
    reply_services.create_canned_reply(
        owner=team.erin,
        title="Erin: looking into it",
        body="Hi {customer_name}, I'm on it and will write back before {reply_due}. — Erin",
        language=Language.EN,
        department=None,
    )
