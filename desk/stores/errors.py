from django.utils.translation import gettext_lazy as _

from desk.core.errors import DeskError


def invalid_store_url(reason: str) -> DeskError:
    messages = {
        "empty": _("Enter the address of your store."),
        "too_long": _("This address is too long."),
        "scheme": _("Only web addresses (http or https) can identify a store."),
        "credentials": _("Remove the user name and password from the address."),
        "host": _("This does not look like a web address of a store."),
        "port": _("The port in this address is not valid."),
    }
    return DeskError("invalid_store_url", messages.get(reason, messages["host"]))


def store_taken() -> DeskError:
    return DeskError(
        "store_taken",
        _(
            "This store is already registered to another account. "
            "Contact Customer Service if it belongs to you."
        ),
        status=409,
    )


def store_already_yours() -> DeskError:
    return DeskError("store_already_added", _("You have already added this store."), status=409)


def store_has_history(kinds: list[str]) -> DeskError:
    """`kinds`: what keeps the store, already translated ("requests", "orders")."""
    return DeskError(
        "store_has_history",
        _(
            "This store cannot be removed: it has %(kinds)s on record, and they stay attached "
            "to it so that your history is kept."
        ),
        status=409,
        kinds=", ".join(kinds),
    )
