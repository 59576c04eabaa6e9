"""The console's request page, its long lists drawn in Python: `{% ticket_message message %}`
(one message of the conversation), `{% history_row row %}` (one row of the history) and
`{% other_request other %}` (one of the customer's other requests) and `{% customer_store row
ticket %}` (one of the customer's stores).

Through the template engine a message cost about half a millisecond of CPU (an include, a dozen
variable lookups, three `{% translate %}` and two `{% url %}` tags) and a history row a third
of that; a request with a long story paid it for every message and event (issue 11). As for the
queue's rows (console_queue.py), the fixed words are translated once per language,
addresses are reversed once, and every value is escaped by `format_html`; customer text goes
through the same `linkify` sanitiser. The markup is the templates' own, newlines included
(desk/console/tests/test_ticket_markup.py renders both).
"""

from __future__ import annotations

import functools
from typing import Any

from django import template
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from desk.core import formatting
from desk.core.addresses import address_pattern
from desk.core.templatetags.desk_format import breakable
from desk.core.templatetags.desk_text import linkify
from desk.tickets import previews
from desk.tickets.models import EventKind, Status

register = template.Library()

# The choices' labels (lazy, translated when shown): `get_kind_display()` built this dict again
# from the field's choices on every call, a third of a history row's time
EVENT_KINDS: dict[str, Any] = dict(EventKind.choices)
STATUSES: dict[str, Any] = dict(Status.choices)
NO_CSRF_TOKEN = "NOTPROVIDED"  # noqa: S105 — the csrf context processor's "no request", no secret


class _Labels:
    """The page's fixed words in one language and its addresses, made once per page."""

    def __init__(self) -> None:
        self.note = gettext("Internal note — not visible to the customer")
        self.reply = gettext("Reply")
        self.customer = gettext("Customer")
        self.to_article = gettext("Draft a knowledge base article from this reply")
        self.attachments = gettext("Attachments")
        self.preview_of = gettext("Preview of %(name)s")
        self.when = gettext("When")
        self.who = gettext("Who")
        self.what = gettext("What")
        self.change = gettext("Change")
        self.system = gettext("system")
        self.this_request = gettext("this request")
        self.active_until = gettext("subscription until %(day)s")
        self.ended = gettext("subscription ended %(day)s")
        self.no_subscription = gettext("no subscription")
        self.flagged = gettext("fair use flagged")
        self.kb_link = address_pattern("console:kb_from_message", 2)
        self.file_link = address_pattern("portal:attachment")
        self.preview_link = address_pattern("portal:attachment_preview")
        self.ticket_link = address_pattern("console:ticket")


def _labels(context: template.Context) -> _Labels:
    """The words and addresses of the active language, URL prefix and URL configuration: made
    once per process for each (a catalogue and the URL patterns do not change while it runs;
    the render context would have made them again for every included template)."""
    return _labels_of(get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@functools.cache
def _labels_of(language: str | None, prefix: str, urlconf: str) -> _Labels:
    return _Labels()  # gettext and reverse read the active language, prefix and URLs


def _csrf_input(context: template.Context) -> SafeString | str:
    """What `{% csrf_token %}` draws (nothing without a token, as in a mail)."""
    token = context.get("csrf_token")
    if not token or str(token) == NO_CSRF_TOKEN:
        return ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


def _iso(moment: Any) -> str:
    """`{{ moment|date:'c' }}`: the instant in the viewer's zone, ISO 8601."""
    return timezone.localtime(moment).isoformat()


def _attachment(labels: _Labels, attachment: Any) -> SafeString:
    link = labels.file_link(attachment.pk)
    thumb = ""
    if previews.preview_kind(attachment):
        # as {% blocktranslate %}: the name escaped, the translation as written
        alt = mark_safe(labels.preview_of % {"name": escape(attachment.original_name)})  # noqa: S308
        thumb = format_html(
            '<a href="{}" download class="thumb"><img src="{}" alt="{}" loading="lazy" '
            "data-preview></a> ",
            link,
            labels.preview_link(attachment.pk),
            alt,
        )
    return format_html(
        '\n    <li>{}<a href="{}" download>{}</a> <span class="muted">({})</span></li>\n    ',
        thumb,
        link,
        attachment.original_name,
        filesizeformat(attachment.size),
    )


@register.simple_tag(takes_context=True)
def ticket_message(context: template.Context, message: Any) -> SafeString:
    """One message of the conversation, as `<article>`: who and when, the sanitised text, the
    knowledge base action on a reply, the files (with a preview of a raster image)."""
    labels = _labels(context)
    pk, kind = message.pk, message.kind
    heading = {"note": labels.note, "reply": labels.reply}.get(kind, labels.customer)
    to_article = ""
    if kind == "reply":
        to_article = format_html(
            '<form method="post" action="{}" class="inline-form">{}<button type="submit" '
            'class="linkish">{}</button></form>',
            labels.kb_link(message.ticket_id, pk),
            _csrf_input(context),
            labels.to_article,
        )
    files = ""
    if attachments := message.attachments.all():
        files = format_html(
            '\n  <ul class="attachments" aria-label="{}">\n    {}\n  </ul>\n  ',
            labels.attachments,
            format_html_join("", "{}", ((_attachment(labels, a),) for a in attachments)),
        )
    return format_html(
        '<article class="msg {kind}" id="message-{pk}" aria-labelledby="message-{pk}-meta">\n'
        '  <p class="meta" id="message-{pk}-meta">\n'
        "    <strong>{heading}</strong> · \n"
        '    {author} · <time datetime="{iso}">{moment}</time>\n'
        "  </p>\n"
        '  <div class="body">{body}</div>\n'
        "  {to_article}\n"
        "  {files}\n"
        "</article>\n",
        kind=kind,
        pk=pk,
        heading=heading,
        author=message.author.display_name,
        iso=_iso(message.created_at),
        moment=formatting.format_moment(message.created_at),
        body=linkify(message.body),
        to_article=to_article,
        files=files,
    )


@register.simple_tag(takes_context=True)
def history_row(context: template.Context, row: dict[str, Any]) -> SafeString:
    """One event of the history (`_history` in the view made its from/to words), as `<tr>`."""
    labels = _labels(context)
    event = row["event"]
    actor = event.actor
    who = (
        format_html("{}", actor.display_name)
        if actor
        else format_html('<span class="muted">{}</span>', labels.system)
    )
    data = event.data
    reason = data.get("reason") if isinstance(data, dict) else None
    return format_html(
        "<tr>\n"
        '          <td data-label="{l_when}"><time datetime="{iso}">{moment}</time></td>\n'
        '          <td data-label="{l_who}">{who}</td>\n'
        '          <td data-label="{l_what}">{what}</td>\n'
        '          <td data-label="{l_change}">{before}{after}{reason}</td>\n'
        "        </tr>",
        l_when=labels.when,
        iso=_iso(event.created_at),
        moment=formatting.format_moment(event.created_at),
        l_who=labels.who,
        who=who,
        l_what=labels.what,
        what=str(EVENT_KINDS.get(event.kind, event.kind)),
        l_change=labels.change,
        before=format_html("{} → ", row["from"]) if row["from"] else "",
        after=row["to"],
        reason=format_html(' <span class="muted">{}</span>', reason) if reason else "",
    )


@register.simple_tag(takes_context=True)
def other_request(context: template.Context, other: Any) -> SafeString:
    """One of the customer's other requests, as `<li>`."""
    labels = _labels(context)
    store = other.store
    # a department request has no store: its line goes straight to the day
    where = format_html("{} · ", breakable(store.display_url)) if store is not None else ""
    return format_html(
        '<li data-other-request="{pk}"><a href="{link}">{reference}</a> <span class="badge '
        '{status}">{status_label}</span> {subject} <span class="muted">· {where}<time '
        'datetime="{iso}">{day}</time></span></li>',
        pk=other.pk,
        link=labels.ticket_link(other.pk),
        reference=other.reference,
        status=other.status,
        status_label=str(STATUSES.get(other.status, other.status)),
        subject=other.subject,
        where=where,
        iso=_iso(other.created_at),
        day=formatting.format_day(other.created_at),
    )


def _with_day(words: str, day: Any) -> SafeString:
    """As {% blocktranslate with day=…|day %}: the day escaped, the translation as written."""
    return mark_safe(words % {"day": escape(formatting.format_day(day) if day else "")})  # noqa: S308


@register.simple_tag(takes_context=True)
def customer_store(context: template.Context, row: Any, ticket: Any) -> SafeString:
    """One of the customer's stores (a `StoreRow` of customer_panel.py), as `<li>`: its
    address, whether it is the request's, and the state of its subscription."""
    labels = _labels(context)
    store = row.store
    this = (
        format_html(' <span class="muted">({})</span>', labels.this_request)
        if store.pk == ticket.store_id
        else ""
    )
    if row.state == "active":
        state = format_html(
            '<span class="tick">{}</span>', _with_day(labels.active_until, row.ends_at)
        )
    elif row.state == "expired":
        state = format_html('<span class="cross">{}</span>', _with_day(labels.ended, row.ends_at))
    else:
        state = format_html('<span class="muted">{}</span>', labels.no_subscription)
    flagged = (
        format_html(' <span class="badge">{}</span>', labels.flagged) if row.is_flagged else ""
    )
    return format_html(
        '<li data-customer-store="{pk}" data-subscription="{state_code}"><span class="addr">'
        "{url}</span>{this} —\n        {state}\n        {flagged}\n      </li>",
        pk=store.pk,
        state_code=row.state,
        url=breakable(store.display_url),
        this=this,
        state=state,
        flagged=flagged,
    )
