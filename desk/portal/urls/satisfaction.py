from django.urls import URLPattern, URLResolver, path

from desk.portal.views import satisfaction as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("survey/<str:token>/", views.survey_link, name="survey"),
    path("survey/<str:token>/comment/", views.survey_link_comment, name="survey_comment"),
    path("requests/<int:ticket_id>/rating/", views.ticket_rating, name="ticket_rating"),
    path(
        "requests/<int:ticket_id>/rating/comment/",
        views.ticket_rating_comment,
        name="ticket_rating_comment",
    ),
]
