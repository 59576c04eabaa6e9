from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from desk.core.errors import DeskError
from desk.replies import checks, services
from desk.replies.models import CannedReply


class CannedReplyAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = CannedReply
        fields = ("title", "body", "language", "department", "owner")

    def clean_body(self) -> str:
        try:
            return checks.check_body(self.cleaned_data["body"])
        except DeskError as error:
            raise ValidationError(error.message, code=error.code) from error


@admin.register(CannedReply)
class CannedReplyAdmin(admin.ModelAdmin[CannedReply]):
    """Staff keep the shared replies (owner empty); engineers keep personal ones in the console."""

    form = CannedReplyAdminForm
    list_display = ("title", "language", "department", "owner", "updated_at")
    list_filter = ("language", "department", ("owner", admin.EmptyFieldListFilter))
    search_fields = ("title", "body")
    list_select_related = ("department", "owner__user")

    def save_model(self, request: HttpRequest, obj: CannedReply, form: Any, change: bool) -> None:
        data = form.cleaned_data
        arguments = {
            "title": data["title"],
            "body": data["body"],
            "language": data["language"],
            "department": data["department"],
        }
        if change:
            obj.owner = data["owner"]
            services.update_canned_reply(reply=obj, **arguments)
            obj.save(update_fields=["owner"])
        else:
            created = services.create_canned_reply(owner=data["owner"], **arguments)
            obj.pk = created.pk
