from django.urls import path

from desk.mail import views

app_name = "mail"
urlpatterns = [
    path("webhooks/inbound-mail/", views.inbound_mail, name="inbound_mail"),
]
