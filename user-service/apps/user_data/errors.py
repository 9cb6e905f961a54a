"""The stable error codes the user-data app answers with."""

from smartbreeds_common.errors import ApplicationError


def erasure_forbidden() -> ApplicationError:
    return ApplicationError("FORBIDDEN", "Only the erasure worker may erase a user's data.", status=403)
