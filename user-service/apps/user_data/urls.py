from django.urls import path

from .apis import UserDataEraseApi, UserDataExportApi

urlpatterns = [
    path("internal/users/me/export", UserDataExportApi.as_view(), name="user-data-export"),
    path("internal/users/<uuid:user_id>/data", UserDataEraseApi.as_view(), name="user-data-erase"),
]
