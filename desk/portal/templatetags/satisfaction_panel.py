"""`{% satisfaction_panel ticket %}`: the rating panel of a resolved request's page."""

from __future__ import annotations

from typing import Any

from django import template

from desk.core import clock
from desk.portal.forms.satisfaction import CommentForm
from desk.satisfaction.models import Score
from desk.satisfaction.selectors import survey_of_ticket
from desk.tickets.models import Ticket

register = template.Library()


@register.inclusion_tag("portal/satisfaction/_panel.html", takes_context=True)
def satisfaction_panel(context: template.Context, ticket: Ticket) -> dict[str, Any]:
    survey = survey_of_ticket(ticket.pk)
    return {
        "ticket": ticket,
        "survey": survey,
        "is_open": survey is None or clock.now() < survey.expires_at,
        "scores": Score.choices,
        "comment_form": CommentForm(),
        "csrf_token": context.get("csrf_token"),
    }
