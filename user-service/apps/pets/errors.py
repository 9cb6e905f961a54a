"""The stable error codes the pets app answers with (see the API contract)."""

from smartbreeds_common.errors import ApplicationError


def pet_not_found() -> ApplicationError:
    return ApplicationError("PET_NOT_FOUND", "Pet not found.", status=404)


def analysis_not_found() -> ApplicationError:
    return ApplicationError("ANALYSIS_NOT_FOUND", "Analysis not found.", status=404)
