from django.contrib import admin
from django.http import HttpRequest

from desk.trackers.models import BugLinkState


@admin.register(BugLinkState)
class BugLinkStateAdmin(admin.ModelAdmin[BugLinkState]):
    list_display = ("ticket", "issue_key", "state", "error", "fetched_at", "next_poll_at")
    list_filter = ("tracker", "state")
    readonly_fields = [field.name for field in BugLinkState._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:  # kept by the poller only
        return False
