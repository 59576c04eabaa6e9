from django.urls import URLPattern, URLResolver, path

from desk.portal.views import kb as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("kb/", views.kb_root, name="kb"),
    path("kb/suggest/", views.kb_suggest, name="kb_suggest"),
    path("kb/answered/<int:translation_id>/", views.kb_answered, name="kb_answered"),
    path("kb/<str:language>/", views.kb_index, name="kb_index"),
    path("kb/<str:language>/<slug:slug>/", views.kb_article, name="kb_article"),
]
