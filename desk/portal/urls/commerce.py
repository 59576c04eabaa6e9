from django.urls import URLPattern, URLResolver, path

from desk.portal.views import commerce as views
from desk.portal.views import stores

urlpatterns: list[URLPattern | URLResolver] = [
    path("stores/", views.store_list, name="stores"),
    path("stores/add/", views.store_add, name="store_add"),
    path("stores/<int:store_id>/remove/", stores.store_remove, name="store_remove"),
    path("buy/<slug:plan_code>/", views.buy, name="buy"),
    path("orders/", views.order_list, name="orders"),
    path("orders/<int:order_id>/", views.order_detail, name="order"),
    path("orders/<int:order_id>/pay/", views.order_pay, name="order_pay"),
    path("orders/<int:order_id>/cancel/", views.order_cancel, name="order_cancel"),
    path("orders/<int:order_id>/invoice.pdf", views.order_invoice_pdf, name="order_invoice_pdf"),
    path("subscriptions/", views.subscription_list, name="subscriptions"),
    path(
        "subscriptions/<int:subscription_id>/renew/",
        views.subscription_renew,
        name="subscription_renew",
    ),
]
