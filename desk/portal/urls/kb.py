from django.urls import URLPattern, URLResolver, path, register_converter

from desk.portal.views import kb as views


class LanguageConverter:
    """The knowledge base's languages only, so /kb/<anything else>/ is no article address."""

    regex = "en|ru"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(LanguageConverter, "kblang")

urlpatterns: list[URLPattern | URLResolver] = [
    path("robots.txt", views.robots, name="robots"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("kb/", views.kb_root, name="kb"),
    path("kb/suggest/", views.kb_suggest, name="kb_suggest"),
    path("kb/answered/<int:translation_id>/", views.kb_answered, name="kb_answered"),
    path("kb/<kblang:language>/", views.kb_index, name="kb_index"),
    path("kb/<kblang:language>/<slug:slug>/", views.kb_article, name="kb_article"),
]
