from django.urls import URLPattern, URLResolver, path

from desk.api.api import api

urlpatterns: list[URLPattern | URLResolver] = [path("", api.urls)]
