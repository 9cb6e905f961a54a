from django.urls import path

from apps.user_data import apis

# Mounted at internal/users/ (config/urls.py): the gateway's export and the erasure worker.
urlpatterns = [
    path("me/export", apis.UserDataExportApi.as_view(), name="user-data-export"),
    path("<uuid:user_id>/data", apis.UserDataEraseApi.as_view(), name="user-data-erase"),
]
