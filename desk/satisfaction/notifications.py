"""Mail of satisfaction surveys, written in the transaction of the change (desk.outbox sends it)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from desk.accounts.models import Engineer
from desk.outbox.services import enqueue_mail
from desk.satisfaction.links import score_urls
from desk.satisfaction.models import FollowUp, Survey
from desk.tickets.notifications import ticket_context


def ask_customer(survey: Survey) -> None:
    """The survey mail: how did it go, with one link per score (in the customer's language)."""
    ticket = survey.ticket
    urls = score_urls(survey)
    enqueue_mail(
        event_key=f"csat-survey:{survey.pk}",
        recipient=ticket.customer,
        template="satisfaction_survey",
        context={
            **ticket_context(ticket),
            "good_url": urls["good"],
            "okay_url": urls["okay"],
            "bad_url": urls["bad"],
            "days": settings.DESK_CSAT_LINK_DAYS,
        },
        thread_ref=f"req-{ticket.pk}",
    )


def tell_lead(follow_up: FollowUp, lead: Engineer) -> None:
    """A bad score: the team lead hears of it (in their own language) with the console link."""
    survey = follow_up.survey
    ticket = survey.ticket
    site = settings.SITE_URL.rstrip("/")
    enqueue_mail(
        event_key=f"csat-follow-up:{follow_up.pk}",
        recipient=lead.user,
        template="satisfaction_follow_up",
        context={
            **ticket_context(ticket),
            "lead_name": lead.user.display_name,
            "engineer_name": survey.engineer.user.display_name if survey.engineer else "",
            "console_url": site + reverse("console:ticket", args=[ticket.pk]),
            "follow_ups_url": site + reverse("console:csat_follow_ups"),
        },
    )
