"""`{% search_hits %}` draws what the templates drew per hit, escaped, in both languages."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from django.template import Context, Template
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from desk.search.text import Fragment
from desk.tickets.templatetags.ticket_search import search_hits

# The per-hit markup of includes/search_results.html with includes/snippet.html and the two
# facts templates, as they were before the tag drew them.
_SNIPPET = (
    "{% for part in hit.snippet %}{% if part.is_match %}<mark>{{ part.text }}</mark>"
    "{% else %}{{ part.text }}{% endif %}{% endfor %}"
)
_FACTS = {
    "console": (
        '{% load desk_format i18n %}<span class="badge {{ ticket.status }}">'
        "{{ ticket.get_status_display }}</span> {{ ticket.customer.email }} · {% if ticket.store %}"
        "{{ ticket.store.canonical_url }} · {% endif %}"
        "{{ ticket.department|localized }} · {{ ticket.language|upper }} · {% if ticket.assignee %}"
        '{{ ticket.assignee.user.display_name }}{% else %}{% translate "nobody" %}{% endif %}'
    ),
    "portal": (
        '{% load desk_format i18n %}{% translate "Hotrush" as hotrush_label %}'
        '<span class="badge {{ ticket.status }}">{{ ticket.get_status_display }}</span>'
        '{% if ticket.is_hotrush %} <span class="badge hotrush">{{ hotrush_label }}</span>'
        "{% endif %} {% if ticket.store %}{{ ticket.store.canonical_url }} · {% endif %}"
        '<time datetime="{{ ticket.updated_at'
        "|date:'c' }}\">{{ ticket.updated_at|moment }}</time>"
    ),
}
_HIT = (
    '{% for hit in hits %}{% with ticket=hit.ticket %}<li class="card" data-ticket="'
    '{{ ticket.pk }}"><h2><a href="{% url ticket_url ticket.pk %}">{{ ticket.reference }} '
    '{{ ticket.subject }}</a></h2><p class="snippet">' + _SNIPPET + '</p><p class="muted">'
    "FACTS</p></li>{% endwith %}{% endfor %}"
)

texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]))
fragments = st.lists(st.builds(Fragment, text=texts, is_match=st.booleans()), max_size=4)


def _department(name: str, name_ru: str) -> SimpleNamespace:
    return SimpleNamespace(
        name=name, localized_name=lambda language: name_ru if language == "ru" and name_ru else name
    )


@st.composite
def hits(draw):
    status = draw(st.sampled_from(["new", "open", "waiting", "solved", "closed"]))
    ticket = SimpleNamespace(
        pk=draw(st.integers(1, 10**9)),
        reference=f"#{draw(st.integers(1, 10**6))}",
        subject=draw(texts),
        status=status,
        get_status_display=lambda: status.title() + "<&>",
        customer=SimpleNamespace(email=draw(texts)),
        store=draw(st.one_of(st.none(), st.builds(SimpleNamespace, canonical_url=texts))),
        department=_department(draw(texts), draw(texts)),
        language=draw(st.sampled_from(["en", "ru"])),
        assignee=draw(
            st.one_of(
                st.none(),
                st.builds(
                    lambda name: SimpleNamespace(user=SimpleNamespace(display_name=name)), texts
                ),
            )
        ),
        is_hotrush=draw(st.booleans()),
        updated_at=datetime(2026, 1, 1, tzinfo=UTC)
        + timedelta(minutes=draw(st.integers(0, 10**6))),
    )
    return SimpleNamespace(ticket=ticket, snippet=draw(fragments))


def _squeezed(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@settings(max_examples=150, deadline=None)
@given(
    page=st.lists(hits(), max_size=4),
    facts=st.sampled_from(["console", "portal"]),
    language=st.sampled_from(["en", "ru"]),
)
def test_hits_draw_what_the_templates_drew(page, facts, language):
    url = "console:ticket" if facts == "console" else "portal:ticket"
    with translation.override(language):
        expected = Template(_HIT.replace("FACTS", _FACTS[facts])).render(
            Context({"hits": page, "ticket_url": url})
        )
        drawn = search_hits(page, url, facts)
    assert _squeezed(drawn) == _squeezed(expected)


def test_customer_text_stays_text():
    ticket = SimpleNamespace(
        pk=7,
        reference="#7",
        subject="<script>alert(1)</script>",
        status="open",
        get_status_display=lambda: "Open",
        customer=SimpleNamespace(email='"><img src=x>'),
        store=None,
        department=_department("Sales", "Продажи"),
        language="ru",
        assignee=None,
        is_hotrush=True,
        updated_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    snippet = [Fragment("<b>x</b>", True), Fragment(" & more", False)]
    drawn = search_hits(
        [SimpleNamespace(ticket=ticket, snippet=snippet)], "console:ticket", "console"
    )
    assert "<script>" not in drawn
    assert "<img" not in drawn
    assert "<b>" not in drawn
    assert "<mark>&lt;b&gt;x&lt;/b&gt;</mark> &amp; more" in drawn
    assert 'href="/console/requests/7/"' in drawn
    # and a request without a store has no empty place between two dots
    assert "· ·" not in drawn


def test_the_department_is_named_in_the_viewers_language():
    ticket = SimpleNamespace(
        pk=8,
        reference="#8",
        subject="Счёт",
        status="open",
        get_status_display=lambda: "Open",
        customer=SimpleNamespace(email="d@example.com"),
        store=SimpleNamespace(canonical_url="shop.example"),
        department=_department("Customer Service", "Отдел обслуживания"),
        language="ru",
        assignee=None,
        is_hotrush=False,
        updated_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    page = [SimpleNamespace(ticket=ticket, snippet=[])]
    with translation.override("ru"):
        russian = search_hits(page, "console:ticket", "console")
    with translation.override("en"):
        english = search_hits(page, "console:ticket", "console")
    assert "shop.example · Отдел обслуживания · RU" in russian
    assert "shop.example · Customer Service · RU" in english
