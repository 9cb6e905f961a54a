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


def forbidden() -> ApplicationError:
    return ApplicationError("FORBIDDEN", "Administrators only.", status=403)


def session_not_found() -> ApplicationError:
    return ApplicationError("SESSION_NOT_FOUND", "No such session.", status=404)


def user_not_found() -> ApplicationError:
    return ApplicationError("USER_NOT_FOUND", "No such user.", status=404)


def last_admin() -> ApplicationError:
    return ApplicationError(
        "LAST_ADMIN", "This change would leave the platform without an active administrator.", status=409
    )


def account_disabled() -> ApplicationError:
    return ApplicationError(
        "ACCOUNT_DISABLED", "This account has been deactivated. Contact an administrator.", status=403
    )
