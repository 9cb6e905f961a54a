"""Error codes of the mailed-link flows (see the API contract, "Accounts by email")."""

from smartbreeds_common.errors import ApplicationError


def link_token_invalid() -> ApplicationError:
    return ApplicationError(
        "TOKEN_INVALID", "This link is invalid, already used or expired. Ask for a new one.", status=400
    )


def email_exists() -> ApplicationError:
    return ApplicationError("EMAIL_EXISTS", "An account with this email already exists.", status=409)


def same_email() -> ApplicationError:
    return ApplicationError(
        "VALIDATION_ERROR",
        "Invalid input.",
        status=400,
        details={"new_email": ["This is already your email address."]},
    )


def rate_limited(retry_after: int) -> ApplicationError:
    return ApplicationError(
        "RATE_LIMITED",
        "Too many requests; try again later.",
        status=429,
        headers={"Retry-After": str(max(retry_after, 1))},
    )
