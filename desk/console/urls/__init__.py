"""Engineer console. Each topic module owns its patterns."""

from desk.console.urls import orders, tickets

app_name = "console"
urlpatterns = [*tickets.urlpatterns, *orders.urlpatterns]
