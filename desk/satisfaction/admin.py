from django.contrib import admin
from django.http import HttpRequest

from desk.satisfaction.models import DepartmentLead, FollowUp, Survey


@admin.register(DepartmentLead)
class DepartmentLeadAdmin(admin.ModelAdmin[DepartmentLead]):
    list_display = ("department", "engineer")


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin[Survey]):
    list_display = ("ticket", "customer", "engineer", "score", "scored_at", "channel")
    list_filter = ("score", "channel")
    readonly_fields = [field.name for field in Survey._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:  # asked by the service only
        return False


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin[FollowUp]):
    list_display = ("survey", "department", "lead", "created_at", "done_at")
    list_filter = ("department",)
