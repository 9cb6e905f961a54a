from django.urls import path

from apps.email_actions import apis

urlpatterns = [
    path(
        "users/<str:user_id>/password-reset-link",
        apis.AdminPasswordResetLinkApi.as_view(),
        name="admin-user-password-reset-link",
    ),
]
