from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("desk.api.urls")),
    path("console/", include("desk.console.urls")),
    path("", include("desk.ops.urls")),
    path("", include("desk.mail.urls")),
    path("", include("desk.portal.urls")),
]

# A lost database answers 503 with Retry-After; other server errors stay Django's 500.
handler500 = "desk.core.outage.server_error"
