from django.urls import URLPattern, URLResolver, path

from desk.console.views import orders as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("orders/", views.order_list, name="orders"),
    path("orders/<int:order_id>/", views.order_detail, name="order"),
    path("orders/<int:order_id>/mark-paid/", views.order_mark_paid, name="order_mark_paid"),
    path("orders/<int:order_id>/refund/", views.order_refund, name="order_refund"),
]
