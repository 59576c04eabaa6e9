from django.urls import URLPattern, URLResolver, path

from desk.console.views import deflection, kb

urlpatterns: list[URLPattern | URLResolver] = [
    path("kb/", kb.article_list, name="kb"),
    path("reports/deflection/", deflection.deflection_report, name="deflection_report"),
    path("kb/new/", kb.article_new, name="kb_new"),
    path("kb/<int:translation_id>/", kb.article_edit, name="kb_edit"),
    path("kb/<int:translation_id>/translate/", kb.article_translate, name="kb_translate"),
    path(
        "requests/<int:ticket_id>/messages/<int:message_id>/article/",
        kb.draft_from_message,
        name="kb_from_message",
    ),
]
