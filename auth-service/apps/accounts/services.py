"""Writes: registration, sessions (login, refresh with rotation, logout, ending sessions), password change,
account deletion, admin changes to accounts, admin bootstrap.

Revocation order: the Redis mark is written first (every token is refused at once, and a Redis outage
fails the operation before anything changes), then the database rows follow.

Authority (password, role, active state, existence) changes and token issuance are serialised on the
user's row lock: a change raises the user's authority version (`bump_auth_version`) under that lock,
and login/refresh issue tokens, carrying the version as `av`, only under it, after checking that the
row still holds what they verified. See docs/sessions.md, "Races with authority changes".
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import structlog
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from smartbreeds_common.emails import normalize_email
from smartbreeds_common.revocation import token_version as revocation_version

from apps.accounts import errors, metrics, revocation, selectors
from apps.accounts.client_info import Device
from apps.accounts.models import RefreshToken, Role, Session, User
from apps.accounts.passwords import (
    burn_verification,
    check_password_strength,
    hash_password,
    needs_rehash,
    verify_password,
)
from apps.accounts.tokens import TokenPair, decode_token, issue_token_pair, token_hash
from apps.email_actions import notify
from apps.email_actions.erasure import account_email_records_delete
from apps.erasure.services import erasure_jobs_record
from apps.mail.services import emails_delete_for_user

logger = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class SessionResult:
    user: User
    tokens: TokenPair


def _validated_password(*, password: str, email: str, name: str, field: str = "password") -> str:
    try:
        check_password_strength(password=password, email=email, name=name)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
    return hash_password(password)


# --- sessions: rows, tokens -------------------------------------------------------------


def _start_session(*, user: User, device: Device) -> TokenPair:
    tokens = issue_token_pair(user=user, session_id=uuid.uuid4())
    now = datetime.now(UTC)
    Session.objects.create(
        id=tokens.session_id,
        user=user,
        last_used_at=now,
        expires_at=tokens.refresh.expires_at,
        user_agent=device.user_agent,
        ip=device.ip,
    )
    _store_refresh(user=user, tokens=tokens)
    return tokens


def _store_refresh(*, user: User, tokens: TokenPair) -> RefreshToken:
    return RefreshToken.objects.create(
        token_hash=token_hash(tokens.refresh.token),
        user=user,
        session_id=tokens.session_id,
        expires_at=tokens.refresh.expires_at,
    )


def _session_touch(*, user: User, tokens: TokenPair) -> None:
    """A session that rotated its tokens: used now, lives as long as its new refresh token."""
    updated = Session.objects.filter(id=tokens.session_id, user=user).update(
        last_used_at=datetime.now(UTC), expires_at=tokens.refresh.expires_at
    )
    if not updated:  # a session opened before sessions were stored: remember it from now on
        Session.objects.create(
            id=tokens.session_id, user=user, last_used_at=datetime.now(UTC), expires_at=tokens.refresh.expires_at
        )


def _end_session_rows(*, user_id: uuid.UUID, session_id: uuid.UUID) -> None:
    RefreshToken.objects.filter(user_id=user_id, session_id=session_id, revoked=False).update(revoked=True)
    Session.objects.filter(id=session_id, user_id=user_id, revoked_at__isnull=True).update(revoked_at=datetime.now(UTC))


def _end_user_session_rows(*, user_id: uuid.UUID, keep_session_id: uuid.UUID | None = None) -> None:
    """Revokes every refresh token of the user and ends every session but `keep_session_id`."""
    RefreshToken.objects.filter(user_id=user_id, revoked=False).update(revoked=True)
    sessions = Session.objects.filter(user_id=user_id, revoked_at__isnull=True)
    if keep_session_id is not None:
        sessions = sessions.exclude(id=keep_session_id)
    sessions.update(revoked_at=datetime.now(UTC))


def _end_session(*, user_id: uuid.UUID, session_id: uuid.UUID) -> None:
    revocation.revoke_session(str(session_id))
    with transaction.atomic():
        _end_session_rows(user_id=user_id, session_id=session_id)


def _end_every_session(*, user: User) -> float:
    """Every token the user holds is void (the user mark and a new authority version), every session row
    ends. Call inside a transaction."""
    mark = revocation.revoke_user_tokens(str(user.id))
    bump_auth_version(user=user)
    _end_user_session_rows(user_id=user.id)
    return mark


# --- authority version ---------------------------------------------------------------------


def bump_auth_version(*, user: User) -> int:
    """Voids every token issued under the user's current authority; returns the new version.

    Call it inside the transaction that changes the password (change or reset), the role or the active
    state, or deletes the account. It locks the user's row, which logins and refreshes hold while they
    issue tokens, raises the version in Redis first (older tokens are refused at once; a Redis outage
    fails the change before anything is written) and then in the row.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("bump_auth_version must run inside the transaction that changes the user")
    current = User.objects.select_for_update().values_list("auth_version", flat=True).get(id=user.id)
    version = revocation.raise_user_version(str(user.id), int(current) + 1)
    User.objects.filter(id=user.id).update(auth_version=version)
    user.auth_version = version
    return version


def _catch_up_version(*, user: User) -> None:
    """With the user's row locked: adopt a Redis version above the row's. A bump writes Redis while it
    holds this lock, so a higher Redis version means a bump whose transaction failed after that write;
    tokens issued from the row's older version would be void from birth."""
    stored = revocation.user_version(str(user.id))
    if stored > user.auth_version:
        User.objects.filter(id=user.id, auth_version__lt=stored).update(auth_version=stored)
        user.auth_version = stored


def access_token_verify(*, access_token: str | None, user_id: str | None) -> dict[str, Any]:
    """Claims of the caller's access cookie: valid, the user the gateway vouched for, and not revoked."""
    if not access_token:
        raise errors.auth_required()
    claims = decode_token(access_token, expected_type="access")
    if user_id and claims["user_id"] != user_id:  # the gateway vouched for someone else
        raise errors.token_invalid()
    revocation.ensure_not_revoked(claims)
    return claims


def _revoke_access_token(claims: dict[str, Any]) -> None:
    revocation.blacklist_token(
        jti=str(claims["jti"]), expires_at=datetime.fromtimestamp(int(str(claims["exp"])), tz=UTC)
    )


def _active_user(user_id: str) -> User:
    user = selectors.user_get_active(user_id=user_id)
    if user is None:
        raise errors.token_revoked()
    return user


# --- registration, login, refresh, logout -------------------------------------------------


@transaction.atomic
def user_register(*, email: str, password: str, name: str, device: Device | None = None) -> SessionResult:
    email = normalize_email(email)
    name = name.strip()
    if selectors.email_is_taken(email=email):
        raise errors.email_taken()
    user = User(email=email, name=name, role=Role.USER)
    user.password_hash = _validated_password(password=password, email=email, name=name)
    user.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            user.save(force_insert=True)
    except IntegrityError as exc:  # a concurrent registration won the race
        raise errors.email_taken() from exc
    tokens = _start_session(user=user, device=device or Device())
    notify.email_verification_send(user=user)  # the account works at once; the address is confirmed later
    logger.info("user_registered", user_id=str(user.id))
    return SessionResult(user=user, tokens=tokens)


LOGIN_ATTEMPTS = 3  # a login whose account changed while the password was checked checks again


def session_login(*, email: str, password: str, device: Device | None = None) -> SessionResult:
    """The password is checked without a lock (argon2 is slow); the session is then issued under the
    user's row lock only if the row still holds the hash that was checked and the account is active
    (compare-and-set), with the role and authority version read under that lock."""
    for _ in range(LOGIN_ATTEMPTS):
        user = selectors.user_get_by_email(email=normalize_email(email))
        if user is None:
            burn_verification(password)  # same cost as a real check: no enumeration by timing
            break
        if not verify_password(user.password_hash, password):
            break
        if not user.is_active:  # said only to someone who knows the password: no account probing
            metrics.LOGINS.labels(outcome="account_disabled").inc()
            raise errors.account_disabled()
        rehashed = hash_password(password) if needs_rehash(user.password_hash) else None
        with transaction.atomic():
            locked = User.objects.select_for_update().filter(id=user.id).first()
            if locked is None or locked.password_hash != user.password_hash or not locked.is_active:
                continue  # changed (or gone) since it was read: check again against what is there now
            _catch_up_version(user=locked)
            now = datetime.now(UTC)
            # The rehash is conditional: it never writes a hash over one it did not verify.
            if rehashed is not None and User.objects.filter(id=locked.id, password_hash=user.password_hash).update(
                password_hash=rehashed, updated_at=now
            ):
                locked.password_hash = rehashed
            User.objects.filter(id=locked.id).update(last_login=now)
            locked.last_login = now
            tokens = _start_session(user=locked, device=device or Device())
        metrics.LOGINS.labels(outcome="success").inc()
        logger.info("user_logged_in", user_id=str(locked.id))
        return SessionResult(user=locked, tokens=tokens)
    metrics.LOGINS.labels(outcome="invalid_credentials").inc()
    raise errors.invalid_credentials()


def session_refresh(*, refresh_token: str) -> SessionResult:
    """Rotates both tokens. A refresh token used after its rotation revokes its whole session."""
    claims = decode_token(refresh_token, expected_type="refresh")
    revocation.ensure_not_revoked(claims)
    reused: RefreshToken | None = None
    with transaction.atomic():
        # Locks in the order every authority change takes them: the user's row, then the refresh row.
        # The user lock serialises this with those changes; the refresh row lock makes a concurrent
        # refresh with the same token wait, then see it rotated.
        user = User.objects.select_for_update().filter(id=claims["user_id"]).first()
        current = RefreshToken.objects.select_for_update().filter(token_hash=token_hash(refresh_token)).first()
        if user is None or current is None or current.user_id != user.id or str(current.session_id) != claims["sid"]:
            raise errors.token_invalid()
        if current.revoked:
            if current.replaced_by_id is None:
                raise errors.token_revoked()
            reused = current
            _end_session_rows(user_id=current.user_id, session_id=current.session_id)
        else:
            if current.expires_at <= datetime.now(UTC):
                raise errors.token_expired()
            _catch_up_version(user=user)
            if not user.is_active or revocation_version(claims) != user.auth_version:
                raise errors.token_revoked()  # the authority it was issued under is gone
            tokens = issue_token_pair(user=user, session_id=current.session_id)
            replacement = _store_refresh(user=user, tokens=tokens)
            current.revoked = True
            current.replaced_by = replacement
            current.save(update_fields=["revoked", "replaced_by"])
            _session_touch(user=user, tokens=tokens)
    if reused is not None:  # after commit, so the rows stay revoked; the key refuses the live access token
        revocation.revoke_session(str(reused.session_id))
        metrics.REFRESH_REUSE_DETECTIONS.inc()
        metrics.SESSION_REVOCATIONS.labels(reason="refresh_reuse").inc()
        logger.warning("refresh_token_reused", user_id=str(reused.user_id), session_id=str(reused.session_id))
        raise errors.token_reused()
    logger.info("session_refreshed", user_id=str(user.id))
    return SessionResult(user=user, tokens=tokens)


def session_logout(*, access_token: str | None, user_id: str | None) -> None:
    """Ends the caller's session: its access token and refresh tokens are refused from now on."""
    claims = access_token_verify(access_token=access_token, user_id=user_id)
    _end_session(user_id=uuid.UUID(str(claims["user_id"])), session_id=uuid.UUID(str(claims["sid"])))
    _revoke_access_token(claims)
    metrics.SESSION_REVOCATIONS.labels(reason="logout").inc()
    logger.info("user_logged_out", user_id=str(claims["user_id"]))


def session_logout_all(*, access_token: str | None, user_id: str | None) -> None:
    """Ends every session of the caller, this one included."""
    claims = access_token_verify(access_token=access_token, user_id=user_id)
    user = _active_user(str(claims["user_id"]))
    with transaction.atomic():
        _end_every_session(user=user)
    metrics.SESSION_REVOCATIONS.labels(reason="logout_all").inc()
    logger.info("user_logged_out_everywhere", user_id=str(user.id))


def session_end(*, access_token: str | None, user_id: str | None, session_id: str) -> bool:
    """Ends one of the caller's sessions; True when it was the caller's own (its cookies go too)."""
    claims = access_token_verify(access_token=access_token, user_id=user_id)
    owner = uuid.UUID(str(claims["user_id"]))
    session = selectors.session_get_for_user(user_id=owner, session_id=session_id)
    if session is None:
        raise errors.session_not_found()
    _end_session(user_id=owner, session_id=session.id)
    metrics.SESSION_REVOCATIONS.labels(reason="session_end").inc()
    logger.info("session_ended", user_id=str(owner), session_id=str(session.id))
    return str(session.id) == str(claims["sid"])


def password_change(
    *, access_token: str | None, user_id: str | None, current_password: str, new_password: str
) -> SessionResult:
    """Sets a new password; every other session ends, this one continues with fresh tokens."""
    claims = access_token_verify(access_token=access_token, user_id=user_id)
    user = _active_user(str(claims["user_id"]))
    if not verify_password(user.password_hash, current_password):
        raise errors.invalid_credentials()
    new_hash = _validated_password(password=new_password, email=user.email, name=user.name, field="new_password")
    session_id = uuid.UUID(str(claims["sid"]))
    with transaction.atomic():
        locked = User.objects.select_for_update().filter(id=user.id).first()
        if locked is None or not locked.is_active or locked.auth_version != revocation_version(claims):
            raise errors.token_revoked()  # the session's authority changed while the password was checked
        # Rehashed or changed meanwhile: the password must match the hash in force (rare; checked under the lock).
        if locked.password_hash != user.password_hash and not verify_password(locked.password_hash, current_password):
            raise errors.invalid_credentials()
        mark = revocation.revoke_user_tokens(str(locked.id))
        bump_auth_version(user=locked)
        locked.password_hash = new_hash
        locked.save(update_fields=["password_hash", "updated_at"])
        _end_user_session_rows(user_id=locked.id, keep_session_id=session_id)
        tokens = issue_token_pair(user=locked, session_id=session_id, not_before=mark)
        _store_refresh(user=locked, tokens=tokens)
        _session_touch(user=locked, tokens=tokens)
    metrics.SESSION_REVOCATIONS.labels(reason="password_change").inc()
    logger.info("password_changed", user_id=str(locked.id))
    return SessionResult(user=locked, tokens=tokens)


def password_reset_apply(*, user: User, new_password: str) -> None:
    """Sets the password a reset link allowed (the user row locked by the caller's transaction) and
    ends every session (the user mark and a new authority version), so a login that checked the old
    password cannot issue a session that outlives the reset."""
    user.password_hash = _validated_password(
        password=new_password, email=user.email, name=user.name, field="new_password"
    )
    user.save(update_fields=["password_hash", "updated_at"])
    _end_every_session(user=user)
    metrics.SESSION_REVOCATIONS.labels(reason="password_reset").inc()
    logger.info("password_reset", user_id=str(user.id))


def user_delete(*, user_id: str, access_token: str | None, password: str) -> None:
    """Deletes the account once the password is confirmed: the user mark first (every token refused at
    once), then the rows."""
    claims = access_token_verify(access_token=access_token, user_id=user_id)
    user = _active_user(str(claims["user_id"]))
    if not verify_password(user.password_hash, password):
        raise errors.invalid_credentials()
    revocation.revoke_user_tokens(str(user.id))
    _revoke_access_token(claims)
    user_delete_rows(user=user)
    logger.info("user_deleted", user_id=str(user.id))


@transaction.atomic
def user_delete_rows(*, user: User) -> None:
    """The account's rows, in one transaction: the erasure jobs for every other service, refresh
    tokens, sessions, its mail (outbox) and links, then the user itself (a deleted account always has its
    erasure jobs). The authority version is raised first, under the row lock, so a login racing the
    deletion issues nothing that outlives it."""
    bump_auth_version(user=user)
    erasure_jobs_record(user_id=user.id)
    emails_delete_for_user(user_id=user.id)
    account_email_records_delete(user_id=user.id)  # its links go with the user row (cascade)
    RefreshToken.objects.filter(user_id=user.id).delete()
    Session.objects.filter(user_id=user.id).delete()
    user.delete()


# --- administration ------------------------------------------------------------------------


def admin_verify(*, access_token: str | None, user_id: str | None) -> User:
    """The calling admin, checked here and not only at the gateway: valid token, active, admin now."""
    claims = access_token_verify(access_token=access_token, user_id=user_id)
    user = _active_user(str(claims["user_id"]))
    if user.role != Role.ADMIN:
        raise errors.forbidden()
    return user


@transaction.atomic
def admin_user_update(*, admin: User, user_id: str, is_active: bool | None = None, role: str | None = None) -> User:
    """Deactivates/reactivates or re-roles an account; its sessions end when it loses access or changes role.

    Every active admin row is locked first (in id order), so two admins demoting each other at once are
    serialised and the second sees that it would leave no admin: 409 LAST_ADMIN.
    """
    active_admins = list(User.objects.select_for_update().filter(role=Role.ADMIN, is_active=True).order_by("id"))
    target = selectors.user_get_for_update(user_id=user_id)
    if target is None:
        raise errors.user_not_found()
    new_active = target.is_active if is_active is None else is_active
    new_role = target.role if role is None else role
    keeps_admin = new_role == Role.ADMIN and new_active
    others = [other for other in active_admins if other.id != target.id]
    if target.role == Role.ADMIN and target.is_active and not keeps_admin and not others:
        raise errors.last_admin()
    loses_access = target.is_active and not new_active
    role_changed = new_role != target.role
    if loses_access or role_changed:
        _end_every_session(user=target)
    target.is_active, target.role = new_active, new_role
    target.full_clean(validate_constraints=False)
    target.save(update_fields=["is_active", "role", "updated_at"])
    logger.info(
        "admin_user_updated",
        admin_id=str(admin.id),
        user_id=str(target.id),
        is_active=new_active,
        role=new_role,
        sessions_ended=loses_access or role_changed,
    )
    return target


# --- admin bootstrap -------------------------------------------------------------------------


class AdminBootstrap(StrEnum):
    CREATED = "created"
    UPDATED = "updated"  # already an admin: password (re)set, re-activated
    PROMOTED = "promoted"  # an existing user made admin on request (--promote-existing)


class AdminConflictError(Exception):
    """The address belongs to an account that is not an admin, and promotion was not asked for."""

    def __init__(self, user: User) -> None:
        super().__init__(
            f"an account that is not an admin (user {user.id}) already uses this email; it is NOT promoted. "
            "Choose another email, or pass --promote-existing to make that account admin "
            "(its password is reset and all of its sessions end)."
        )
        self.user = user


@transaction.atomic
def user_create_admin(
    *, email: str, password: str, name: str = "Administrator", promote_existing: bool = False
) -> tuple[User, AdminBootstrap]:
    """Creates the admin, or updates an existing admin. An existing non-admin is refused unless
    `promote_existing`: then it is promoted, its password reset and every one of its sessions ended.

    Safe when several processes run it at once: the insert is guarded by the unique index and
    the update by a row lock.
    """
    email = normalize_email(email)
    try:
        User(email=email, name=name).clean_fields(exclude=["password_hash", "name"])
    except ValidationError as exc:
        raise ValidationError({"email": exc.message_dict.get("email", exc.messages)}) from exc
    existing = User.objects.select_for_update().filter(email=email).first()
    if existing is None:
        user = User(email=email, name=name, role=Role.ADMIN, is_verified=True)
        user.password_hash = _validated_password(password=password, email=email, name=name)
        try:
            with transaction.atomic():
                user.save(force_insert=True)
            logger.info("admin_created", user_id=str(user.id))
            return user, AdminBootstrap.CREATED
        except IntegrityError:
            existing = User.objects.select_for_update().get(email=email)
    if existing.role != Role.ADMIN:
        if not promote_existing:
            raise AdminConflictError(existing)
        _end_every_session(user=existing)
        existing.password_hash = _validated_password(password=password, email=email, name=existing.name)
        existing.role, existing.is_active = Role.ADMIN, True
        existing.save(update_fields=["password_hash", "role", "is_active", "updated_at"])
        logger.warning("admin_promoted_existing_account", user_id=str(existing.id))
        return existing, AdminBootstrap.PROMOTED
    if not verify_password(existing.password_hash, password):
        existing.password_hash = _validated_password(password=password, email=email, name=existing.name)
        _end_every_session(user=existing)  # a reset password ends the sessions opened with the old one
    elif needs_rehash(existing.password_hash):
        existing.password_hash = hash_password(password)
    existing.is_active = True
    existing.save(update_fields=["password_hash", "is_active", "updated_at"])
    logger.info("admin_ensured", user_id=str(existing.id))
    return existing, AdminBootstrap.UPDATED


@transaction.atomic
def refresh_tokens_purge_expired() -> int:
    """Deletes expired rows (and sessions that can no longer be refreshed); unlinks rows that point at
    expired ones first so no replacement chain dangles."""
    now = datetime.now(UTC)
    expired = RefreshToken.objects.filter(expires_at__lt=now)
    RefreshToken.objects.filter(replaced_by__in=expired).update(replaced_by=None)
    deleted, _ = expired.delete()
    Session.objects.filter(expires_at__lt=now).delete()
    return deleted
