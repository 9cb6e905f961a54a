"""The stable error codes the auth service answers with (see the API contract)."""

from smartbreeds_common.errors import ApplicationError


def email_taken() -> ApplicationError:
    return ApplicationError("EMAIL_TAKEN", "An account with this email already exists.", status=409)


def invalid_credentials() -> ApplicationError:
    return ApplicationError("INVALID_CREDENTIALS", "Email or password is incorrect.", status=401)


def auth_required() -> ApplicationError:
    return ApplicationError("AUTH_REQUIRED", "Authentication is required.", status=401)


def token_invalid() -> ApplicationError:
    return ApplicationError("TOKEN_INVALID", "The token is invalid.", status=401)


def token_expired() -> ApplicationError:
    return ApplicationError("TOKEN_EXPIRED", "The token has expired.", status=401)


def token_revoked() -> ApplicationError:
    return ApplicationError("TOKEN_REVOKED", "The token has been revoked.", status=401)


def token_reused() -> ApplicationError:
    return ApplicationError(
        "TOKEN_REUSED", "This refresh token was already used; the session has been revoked.", status=401
    )
