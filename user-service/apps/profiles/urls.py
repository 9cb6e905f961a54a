from django.urls import path
from smartbreeds_common.django.routing import dispatch_by_method

from apps.profiles import apis

# Mounted at api/v1/users/ (config/urls.py).
urlpatterns = [
    path(
        "me",
        dispatch_by_method(
            get=apis.ProfileDetailApi.as_view(),
            patch=apis.ProfileUpdateApi.as_view(),
            delete=apis.UserDataDeleteApi.as_view(),
        ),
        name="users-me",
    ),
]
