from django.urls import URLPattern, URLResolver, path

from desk.console.views import quotes

urlpatterns: list[URLPattern | URLResolver] = [
    path("requests/<int:ticket_id>/quotes/", quotes.ticket_quote_offer, name="ticket_quote_offer"),
    path("quotes/<int:quote_id>/withdraw/", quotes.quote_withdraw, name="quote_withdraw"),
]
