"""Loading surveys with a permission check: by a rating link, or by the customer's request."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from desk.accounts.models import User
from desk.satisfaction import errors
from desk.satisfaction.links import read_token
from desk.satisfaction.models import Survey
from desk.tickets.access import access_ticket
from desk.tickets.errors import ticket_not_found
from desk.tickets.models import Ticket


def access_survey_by_link(user: User | AnonymousUser, token: str) -> Survey:
    """The survey a genuine, unexpired token names, if it still belongs to the request and the
    customer the token was made for. Anyone may use the link (it came by mail), except a
    different signed-in account: `survey_other_customer`.

    Raises `survey_link_invalid`, `survey_link_expired`, `survey_other_customer`.
    """
    claims = read_token(token)
    survey = (
        Survey.objects.select_related("ticket", "customer")
        .filter(pk=claims.survey_id, ticket_id=claims.ticket_id, customer_id=claims.customer_id)
        .first()
    )
    if survey is None:
        raise errors.link_invalid()
    if isinstance(user, User) and user.pk != survey.customer_id:
        raise errors.other_customer()
    return survey


def access_rated_ticket(user: User | AnonymousUser, ticket_id: int) -> Ticket:
    """The customer's own request, to rate. Engineers and other customers get
    `ticket_not_found`: only the customer rates."""
    ticket = access_ticket(user, ticket_id)
    if not isinstance(user, User) or ticket.customer_id != user.pk:
        raise ticket_not_found()
    return ticket
