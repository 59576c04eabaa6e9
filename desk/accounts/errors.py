from django.utils.translation import gettext_lazy as _

from desk.core.errors import DeskError


def email_taken() -> DeskError:
    return DeskError("email_taken", _("An account with this email already exists."))


def invalid_email() -> DeskError:
    return DeskError("invalid_email", _("Enter a valid email address."))


def invalid_time_zone() -> DeskError:
    return DeskError("invalid_time_zone", _("Unknown time zone."))


def invalid_language() -> DeskError:
    return DeskError("invalid_language", _("This language is not supported."))
