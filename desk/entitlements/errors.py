from django.utils.translation import gettext_lazy as _

from desk.core.errors import DeskError


def no_incident_credit() -> DeskError:
    return DeskError(
        "no_incident_credit",
        _("You have no unused incident credit of this kind. Buy one on the pricing page."),
        status=402,
    )


def no_entitlement() -> DeskError:
    return DeskError(
        "no_entitlement",
        _(
            "This store has no active subscription and you have no incident credit. "
            "Buy support on the pricing page."
        ),
        status=402,
    )


def hotrush_not_allowed() -> DeskError:
    return DeskError(
        "hotrush_not_allowed",
        _("Hotrush is available with a subscription or an Urgent incident, not a Normal one."),
    )


def store_not_yours() -> DeskError:
    return DeskError("store_not_found", _("Store not found."), status=404)
