from django.contrib import admin
from django.http import HttpRequest

from desk.tokens.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Read-only: tokens are issued and revoked in the portal and the console (secrets once)."""

    list_display = ("name", "prefix", "kind", "scope", "user", "expires_at", "revoked_at")
    list_filter = ("kind", "scope")
    search_fields = ("name", "prefix", "user__email")
    exclude = ("secret_hash",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False
