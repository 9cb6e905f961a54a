from django.urls import path
from smartbreeds_common.django.routing import dispatch_by_method

from apps.pets import apis

# Mounted at api/v1/ (config/urls.py). Pet ids are matched as any path segment and validated by the
# selector, so a malformed id is the same 404 PET_NOT_FOUND as a missing one (a <uuid:> converter
# would give a generic 404 NOT_FOUND).
urlpatterns = [
    path("pets", dispatch_by_method(get=apis.PetListApi.as_view(), post=apis.PetCreateApi.as_view()), name="pets"),
    path(
        "pets/<str:pet_id>",
        dispatch_by_method(
            get=apis.PetDetailApi.as_view(), patch=apis.PetUpdateApi.as_view(), delete=apis.PetDeleteApi.as_view()
        ),
        name="pet",
    ),
    path("pets/<str:pet_id>/analyses", apis.PetAnalysisListApi.as_view(), name="pet-analyses"),
    path("analyses/recent", apis.AnalysisRecentApi.as_view(), name="analyses-recent"),
]
