from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from desk.accounts.forms import AdminSignInForm
from desk.accounts.models import ContactLine, Department, Engineer, User

# The admin signs in through the same throttled, two-factor-aware backend and form logic.
admin.site.login_form = AdminSignInForm


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]
    ordering = ("email",)
    list_display = ("email", "full_name", "language", "time_zone", "is_staff", "is_active")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("full_name", "language", "time_zone")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    list_filter = ("is_staff", "is_active", "language")


class ContactLineInline(admin.TabularInline[ContactLine, Department]):
    model = ContactLine
    extra = 1
    fields = ("label", "label_ru", "number", "sort_order")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin[Department]):
    list_display = (
        "code",
        "name",
        "name_ru",
        "email",
        "channel",
        "accepts_requests",
        "requires_entitlement",
    )
    inlines = (ContactLineInline,)


@admin.register(Engineer)
class EngineerAdmin(admin.ModelAdmin[Engineer]):
    list_display = ("user", "speaks_en", "speaks_ru", "is_active")
    filter_horizontal = ("departments",)
