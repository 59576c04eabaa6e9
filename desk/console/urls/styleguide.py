from django.urls import URLPattern, URLResolver, path

from desk.console.views import styleguide

urlpatterns: list[URLPattern | URLResolver] = [
    path("styleguide/", styleguide.styleguide, name="styleguide"),
]
