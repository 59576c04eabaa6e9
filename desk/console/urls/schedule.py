from django.urls import URLPattern, URLResolver, path

from desk.console.views import schedule as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("schedule/", views.my_schedule, name="schedule"),
    path("schedule/time-off/", views.time_off_add, name="time_off_add"),
    path(
        "schedule/time-off/<int:time_off_id>/remove/",
        views.time_off_remove,
        name="time_off_remove",
    ),
]
