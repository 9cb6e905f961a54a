from django.urls import path
from smartbreeds_common.django.routing import dispatch_by_method

from .apis import ProfileDetailApi, ProfileUpdateApi, UserDataDeleteApi

urlpatterns = [
    path(
        "api/v1/users/me",
        dispatch_by_method(
            get=ProfileDetailApi.as_view(), patch=ProfileUpdateApi.as_view(), delete=UserDataDeleteApi.as_view()
        ),
        name="users-me",
    ),
]
