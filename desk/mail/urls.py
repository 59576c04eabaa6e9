from django.urls import path

from desk.mail import held_views, views

app_name = "mail"
urlpatterns = [
    path("webhooks/inbound-mail/", views.inbound_mail, name="inbound_mail"),
    path("mail/held/", held_views.held_mail_list, name="held_mails"),
    path("mail/held/<int:inbound_id>/", held_views.held_mail, name="held_mail"),
    path("console/mail/held/", held_views.staff_held_mail, name="staff_held_mails"),
]
