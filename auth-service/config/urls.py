from django.urls import include, path
from smartbreeds_common.django.observability import metrics_view

from apps.accounts.apis import HealthApi

urlpatterns = [
    path("health", HealthApi.as_view(), name="health"),
    path("metrics", metrics_view, name="metrics"),
    path("api/v1/auth/", include("apps.accounts.urls")),
    path("api/v1/auth/", include("apps.email_actions.urls")),
    path("api/v1/admin/", include("apps.accounts.admin_urls")),
    path("api/v1/admin/", include("apps.email_actions.admin_urls")),
]

handler404 = "smartbreeds_common.django.views.not_found"
handler500 = "smartbreeds_common.django.views.server_error"
handler400 = "smartbreeds_common.django.views.bad_request"
handler403 = "smartbreeds_common.django.views.permission_denied"
