from django.urls import URLPattern, URLResolver, path

from desk.console.views import two_factor

urlpatterns: list[URLPattern | URLResolver] = [
    path("two-factor/", two_factor.two_factor_setup, name="two_factor"),
]
