from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepliesConfig(AppConfig):
    name = "desk.replies"
    label = "replies"
    verbose_name = _("Engineer's desk: canned replies, drafts, presence")
