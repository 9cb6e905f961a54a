from django.urls import include, path
from smartbreeds_common.django.health import HealthApi
from smartbreeds_common.django.observability import metrics_view

urlpatterns = [
    path("health", HealthApi.as_view(), name="health"),
    path("metrics", metrics_view, name="metrics"),
    path("api/v1/users/", include("apps.profiles.urls")),
    path("api/v1/", include("apps.pets.urls")),
    path("internal/", include("apps.pets.internal_urls")),
    path("internal/users/", include("apps.user_data.urls")),
]

handler404 = "smartbreeds_common.django.views.not_found"
handler500 = "smartbreeds_common.django.views.server_error"
handler400 = "smartbreeds_common.django.views.bad_request"
handler403 = "smartbreeds_common.django.views.permission_denied"
