from django.urls import path

from apps.pets import apis

# Mounted at internal/ (config/urls.py): the AI service's calls, never forwarded by the gateway.
urlpatterns = [
    path("pets/<str:pet_id>/analyses", apis.PetAnalysisCreateInternalApi.as_view(), name="internal-pet-analyses"),
    path(
        "analyses/<str:source_analysis_id>/save",
        apis.AnalysisSaveInternalApi.as_view(),
        name="internal-analysis-save",
    ),
]
