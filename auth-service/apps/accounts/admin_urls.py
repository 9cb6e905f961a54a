from django.urls import path

from apps.accounts import apis

urlpatterns = [
    path("users", apis.AdminUserListApi.as_view(), name="admin-users"),
    path("users/<str:user_id>", apis.AdminUserUpdateApi.as_view(), name="admin-user-update"),
]
