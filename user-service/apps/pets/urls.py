from django.urls import path
from smartbreeds_common.django.routing import dispatch_by_method

from .apis import (
    AnalysisRecentApi,
    AnalysisSaveInternalApi,
    PetAnalysisCreateInternalApi,
    PetAnalysisListApi,
    PetCreateApi,
    PetDeleteApi,
    PetDetailApi,
    PetListApi,
    PetUpdateApi,
)

# Pet ids are matched as any path segment and validated by the selector, so a malformed id is the
# same 404 PET_NOT_FOUND as a missing one (a <uuid:> converter would give a generic 404 NOT_FOUND).
urlpatterns = [
    path("api/v1/pets", dispatch_by_method(get=PetListApi.as_view(), post=PetCreateApi.as_view()), name="pets"),
    path(
        "api/v1/pets/<str:pet_id>",
        dispatch_by_method(get=PetDetailApi.as_view(), patch=PetUpdateApi.as_view(), delete=PetDeleteApi.as_view()),
        name="pet",
    ),
    path("api/v1/pets/<str:pet_id>/analyses", PetAnalysisListApi.as_view(), name="pet-analyses"),
    path("api/v1/analyses/recent", AnalysisRecentApi.as_view(), name="analyses-recent"),
    path("internal/pets/<str:pet_id>/analyses", PetAnalysisCreateInternalApi.as_view(), name="internal-pet-analyses"),
    path(
        "internal/analyses/<str:source_analysis_id>/save",
        AnalysisSaveInternalApi.as_view(),
        name="internal-analysis-save",
    ),
]
