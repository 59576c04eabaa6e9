"""The console request page's messages, history rows and other requests, drawn in Python
(console_ticket tags), give exactly the markup the templates drew, in English and Russian, with
customer text escaped and sanitised."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.utils import translation

from desk.console.views.customer_panel import StoreRow
from desk.console.views.tickets import _history
from desk.replies import services as reply_services
from desk.stores.models import Store
from desk.tickets import services
from desk.tickets.models import EventKind, Status, Ticket, TicketEvent
from desk.tickets.selectors import ticket_messages

pytestmark = pytest.mark.usefixtures("media_root")

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
HOSTILE = '<script>alert("x")</script> & "quotes" see https://example.com/?a=1&b=<2>'

# The templates as they were (console/_message.html, the history row of console/ticket.html,
# the other request of console/_customer_panel.html)
MESSAGE = """{% load desk_previews desk_text desk_format i18n %}<article class="msg {{ message.kind }}" id="message-{{ message.pk }}" aria-labelledby="message-{{ message.pk }}-meta">
  <p class="meta" id="message-{{ message.pk }}-meta">
    {% if message.kind == "note" %}<strong>{% translate "Internal note — not visible to the customer" %}</strong> · {% elif message.kind == "reply" %}<strong>{% translate "Reply" %}</strong> · {% else %}<strong>{% translate "Customer" %}</strong> · {% endif %}
    {{ message.author.display_name }} · <time datetime="{{ message.created_at|date:'c' }}">{{ message.created_at|moment }}</time>
  </p>
  <div class="body">{{ message.body|linkify }}</div>
  {% if message.kind == "reply" %}<form method="post" action="{% url 'console:kb_from_message' message.ticket_id message.pk %}" class="inline-form">{% csrf_token %}<button type="submit" class="linkish">{% translate "Draft a knowledge base article from this reply" %}</button></form>{% endif %}
  {% if message.attachments.all %}
  <ul class="attachments" aria-label="{% translate 'Attachments' %}">
    {% for attachment in message.attachments.all %}
    <li>{% if attachment|preview_kind %}<a href="{% url 'portal:attachment' attachment.pk %}" download class="thumb"><img src="{% url 'portal:attachment_preview' attachment.pk %}" alt="{% blocktranslate with name=attachment.original_name %}Preview of {{ name }}{% endblocktranslate %}" loading="lazy" data-preview></a> {% endif %}<a href="{% url 'portal:attachment' attachment.pk %}" download>{{ attachment.original_name }}</a> <span class="muted">({{ attachment.size|filesizeformat }})</span></li>
    {% endfor %}
  </ul>
  {% endif %}
</article>
"""  # noqa: E501
HISTORY_ROW = """{% load desk_format i18n %}<tr>
          <td data-label="{% translate 'When' %}"><time datetime="{{ row.event.created_at|date:'c' }}">{{ row.event.created_at|moment }}</time></td>
          <td data-label="{% translate 'Who' %}">{% if row.event.actor %}{{ row.event.actor.display_name }}{% else %}<span class="muted">{% translate "system" %}</span>{% endif %}</td>
          <td data-label="{% translate 'What' %}">{{ row.event.get_kind_display }}</td>
          <td data-label="{% translate 'Change' %}">{% if row.from %}{{ row.from }} → {% endif %}{{ row.to }}{% if row.event.data.reason %} <span class="muted">{{ row.event.data.reason }}</span>{% endif %}</td>
        </tr>"""  # noqa: E501
CUSTOMER_STORE = """{% load desk_format i18n %}<li data-customer-store="{{ row.store.pk }}" data-subscription="{{ row.state }}"><span class="addr">{{ row.store.display_url|breakable }}</span>{% if row.store.pk == ticket.store_id %} <span class="muted">({% translate "this request" %})</span>{% endif %} —
        {% if row.state == "active" %}<span class="tick">{% blocktranslate with day=row.ends_at|day %}subscription until {{ day }}{% endblocktranslate %}</span>{% elif row.state == "expired" %}<span class="cross">{% blocktranslate with day=row.ends_at|day %}subscription ended {{ day }}{% endblocktranslate %}</span>{% else %}<span class="muted">{% translate "no subscription" %}</span>{% endif %}
        {% if row.is_flagged %} <span class="badge">{% translate "fair use flagged" %}</span>{% endif %}
      </li>"""  # noqa: E501
OTHER_REQUEST = """{% load desk_format %}<li data-other-request="{{ other.pk }}"><a href="{% url 'console:ticket' other.pk %}">{{ other.reference }}</a> <span class="badge {{ other.status }}">{{ other.get_status_display }}</span> {{ other.subject }} <span class="muted">· {% if other.store %}{{ other.store.display_url|breakable }} · {% endif %}<time datetime="{{ other.created_at|date:'c' }}">{{ other.created_at|day }}</time></span></li>"""  # noqa: E501


def _both(source: str, tag: str, **values: object) -> tuple[str, str]:
    context = {"csrf_token": "t0ken", **values}
    before = Template(source).render(Context(context))
    after = Template("{% load console_ticket %}" + tag).render(Context(context))
    return before, after


@pytest.fixture
def story(alice_ticket, engineer_en):
    """A customer message, a note and a reply, with hostile text and names and image and text
    files, and history rows with and without an actor and a reason."""
    ticket = alice_ticket
    services.add_note(
        ticket=ticket,
        engineer=engineer_en,
        body=HOSTILE,
        attachments=[
            SimpleUploadedFile('<img src=x onerror="1">.png', PNG, content_type="image/png"),
            SimpleUploadedFile("log & <trace>.txt", b"x" * 3000, content_type="text/plain"),
        ],
    )
    reply_services.send_reply(
        ticket=ticket,
        engineer=engineer_en,
        body=HOSTILE,
        attachments=[SimpleUploadedFile("a.png", PNG, content_type="image/png")],
    )
    TicketEvent.objects.create(
        ticket=ticket, kind=EventKind.NOTE, data={"reason": "<b>why</b> & how"}
    )
    TicketEvent.objects.create(ticket=ticket, kind=EventKind.NOTE, data=["not", "a", "dict"])
    return ticket


@pytest.mark.parametrize("language", ["en", "ru"])
def test_messages_draw_what_the_template_drew(story, language):
    with translation.override(language):
        messages = list(ticket_messages(story, include_notes=True))
        assert {m.kind for m in messages} == {"customer", "note", "reply"}
        for message in messages:
            before, after = _both(MESSAGE, "{% ticket_message message %}", message=message)
            assert after == before


@pytest.mark.parametrize("language", ["en", "ru"])
def test_history_rows_draw_what_the_template_drew(story, language):
    with translation.override(language):
        rows = _history(story)
        assert len(rows) >= 4
        for row in rows:
            before, after = _both(HISTORY_ROW, "{% history_row row %}", row=row)
            assert after == before


@pytest.mark.parametrize("language", ["en", "ru"])
def test_other_requests_draw_what_the_template_drew(alice_ticket, language):
    without_store = Ticket(
        pk=7,
        subject="<b>Bold</b> & co",
        status=Status.WAITING,
        created_at=datetime(2026, 3, 1, 21, 30, tzinfo=UTC),
    )
    with translation.override(language):
        for other in (alice_ticket, without_store):
            before, after = _both(OTHER_REQUEST, "{% other_request other %}", other=other)
            assert after == before
            assert "· ·" not in after  # a department request's line has no empty store


@pytest.mark.parametrize("language", ["en", "ru"])
def test_customer_stores_draw_what_the_template_drew(alice_ticket, language):
    ends = datetime(2026, 12, 31, 22, 0, tzinfo=UTC)
    rows = [
        StoreRow(alice_ticket.store, "active", ends, False),
        StoreRow(Store(pk=90, canonical_url="shop.example/<b>&x"), "expired", ends, True),
        StoreRow(Store(pk=91, canonical_url="xn--80ak6aa92e.example"), "none", None, False),
    ]
    with translation.override(language):
        for row in rows:
            before, after = _both(
                CUSTOMER_STORE, "{% customer_store row ticket %}", row=row, ticket=alice_ticket
            )
            assert after == before
    _, hostile = _both("", "{% customer_store row ticket %}", row=rows[1], ticket=alice_ticket)
    assert "shop<wbr>.example/<wbr>&lt;b&gt;&amp;x</span>" in hostile


def test_customer_text_stays_escaped_and_sanitised(story):
    note = next(m for m in ticket_messages(story, include_notes=True) if m.kind == "note")

    _, drawn = _both(MESSAGE, "{% ticket_message message %}", message=note)

    assert "<script>" not in drawn
    assert '<div class="body">&lt;script&gt;alert("x")&lt;/script&gt; &amp; "quotes" see' in drawn
    assert 'onerror="1"' not in drawn
    assert "&lt;img src=x onerror=&quot;1&quot;&gt;.png" in drawn
    assert "Preview of &lt;img" in drawn
    assert "log &amp; &lt;trace&gt;.txt" in drawn
    assert '<a href="https://example.com/?a=1&amp;b=" rel=' in drawn
