"""Identity metrics: one counter per event an operator watches. Labels are bounded enums, never user data."""

from prometheus_client import Counter

LOGINS = Counter(
    "auth_logins_total", "Login attempts by outcome.", ["outcome"]
)  # success | invalid_credentials | account_disabled
SESSION_REVOCATIONS = Counter(
    "auth_session_revocations_total",
    "Sessions or tokens ended, by reason.",
    ["reason"],  # logout | logout_all | session_end | password_change | refresh_reuse
)
REFRESH_REUSE_DETECTIONS = Counter(
    "auth_refresh_reuse_detections_total", "Refresh tokens presented again after their rotation (session revoked)."
)
