"""Writes: registration, sessions (login, refresh with rotation, logout), deletion, admin bootstrap."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import structlog
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.accounts import blacklist, errors, selectors
from apps.accounts.models import RefreshToken, Role, User
from apps.accounts.passwords import (
    burn_verification,
    check_password_strength,
    hash_password,
    needs_rehash,
    verify_password,
)
from apps.accounts.tokens import TokenPair, decode_token, issue_token_pair, token_hash
from apps.erasure.services import erasure_jobs_record

logger = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class SessionResult:
    user: User
    tokens: TokenPair


def normalize_email(email: str) -> str:
    return email.strip().lower()


def _validated_password(*, password: str, email: str, name: str) -> str:
    try:
        check_password_strength(password=password, email=email, name=name)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    return hash_password(password)


def _start_session(*, user: User) -> TokenPair:
    tokens = issue_token_pair(user=user, session_id=uuid.uuid4())
    _store_refresh(user=user, tokens=tokens)
    return tokens


def _store_refresh(*, user: User, tokens: TokenPair) -> RefreshToken:
    return RefreshToken.objects.create(
        token_hash=token_hash(tokens.refresh.token),
        user=user,
        session_id=tokens.session_id,
        expires_at=tokens.refresh.expires_at,
    )


@transaction.atomic
def user_register(*, email: str, password: str, name: str) -> SessionResult:
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
    tokens = _start_session(user=user)
    logger.info("user_registered", user_id=str(user.id))
    return SessionResult(user=user, tokens=tokens)


@transaction.atomic
def session_login(*, email: str, password: str) -> SessionResult:
    user = selectors.user_get_by_email(email=normalize_email(email))
    if user is None:
        burn_verification(password)  # same cost as a real check: no enumeration by timing
        raise errors.invalid_credentials()
    if not verify_password(user.password_hash, password) or not user.is_active:
        raise errors.invalid_credentials()
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login = datetime.now(UTC)
    user.save(update_fields=["password_hash", "last_login", "updated_at"])
    tokens = _start_session(user=user)
    logger.info("user_logged_in", user_id=str(user.id))
    return SessionResult(user=user, tokens=tokens)


def _revoke_session(*, user_id: uuid.UUID, session_id: uuid.UUID) -> int:
    return RefreshToken.objects.filter(user_id=user_id, session_id=session_id, revoked=False).update(revoked=True)


def session_refresh(*, refresh_token: str) -> SessionResult:
    """Rotates both tokens. A refresh token used after its rotation revokes its whole session."""
    claims = decode_token(refresh_token, expected_type="refresh")
    reused: RefreshToken | None = None
    with transaction.atomic():
        # The row lock makes a concurrent refresh with the same token wait, then see it rotated.
        current = (
            RefreshToken.objects.select_for_update()
            .select_related("user")
            .filter(token_hash=token_hash(refresh_token))
            .first()
        )
        if current is None or str(current.user_id) != claims["user_id"] or str(current.session_id) != claims["sid"]:
            raise errors.token_invalid()
        if current.revoked:
            if current.replaced_by_id is None:
                raise errors.token_revoked()
            reused = current
            _revoke_session(user_id=current.user_id, session_id=current.session_id)
        else:
            if current.expires_at <= datetime.now(UTC):
                raise errors.token_expired()
            user = current.user
            if not user.is_active:
                raise errors.token_invalid()
            tokens = issue_token_pair(user=user, session_id=current.session_id)
            replacement = _store_refresh(user=user, tokens=tokens)
            current.revoked = True
            current.replaced_by = replacement
            current.save(update_fields=["revoked", "replaced_by"])
    if reused is not None:  # raised after commit, so the session revocation is kept
        logger.warning("refresh_token_reused", user_id=str(reused.user_id), session_id=str(reused.session_id))
        raise errors.token_reused()
    logger.info("session_refreshed", user_id=str(user.id))
    return SessionResult(user=user, tokens=tokens)


def _access_claims(*, access_token: str | None, user_id: str | None) -> dict[str, object]:
    if not access_token:
        raise errors.auth_required()
    claims = decode_token(access_token, expected_type="access")
    if user_id and claims["user_id"] != user_id:  # the gateway vouched for someone else
        raise errors.token_invalid()
    if blacklist.is_blacklisted(str(claims["jti"])):
        raise errors.token_revoked()
    return claims


def _revoke_access_token(claims: dict[str, object]) -> None:
    blacklist.blacklist_token(
        jti=str(claims["jti"]), expires_at=datetime.fromtimestamp(int(str(claims["exp"])), tz=UTC)
    )


def session_logout(*, access_token: str | None, user_id: str | None) -> None:
    """Refuses the access token from now on and revokes the refresh tokens of its session."""
    claims = _access_claims(access_token=access_token, user_id=user_id)
    with transaction.atomic():
        _revoke_session(user_id=uuid.UUID(str(claims["user_id"])), session_id=uuid.UUID(str(claims["sid"])))
    _revoke_access_token(claims)
    logger.info("user_logged_out", user_id=str(claims["user_id"]))


def user_delete(*, user_id: str, access_token: str | None) -> None:
    """Deletes the account and its refresh tokens; the current access token is refused from now on."""
    user = selectors.user_get_active(user_id=user_id)
    if user is None:
        raise errors.token_invalid()
    claims = _access_claims(access_token=access_token, user_id=user_id) if access_token else None
    with transaction.atomic():
        erasure_jobs_record(user_id=user.id)  # same transaction: a deleted account always has its erasure jobs
        RefreshToken.objects.filter(user_id=user.id).delete()
        user.delete()
    if claims is not None:
        _revoke_access_token(claims)
    logger.info("user_deleted", user_id=user_id)


@transaction.atomic
def user_ensure_admin(*, email: str, password: str, name: str = "Administrator") -> tuple[User, bool]:
    """Creates the admin, or promotes and re-activates the existing account and sets its password.

    Safe when several processes run it at once: the insert is guarded by the unique index and
    the update by a row lock.
    """
    email = normalize_email(email)
    try:
        User(email=email, name=name).clean_fields(exclude=["password_hash", "name"])
    except ValidationError as exc:
        raise ValidationError({"email": exc.message_dict.get("email", exc.messages)}) from exc
    existing = User.objects.select_for_update().filter(email__iexact=email).first()
    if existing is None:
        user = User(email=email, name=name, role=Role.ADMIN, is_verified=True)
        user.password_hash = _validated_password(password=password, email=email, name=name)
        try:
            with transaction.atomic():
                user.save(force_insert=True)
            logger.info("admin_created", user_id=str(user.id))
            return user, True
        except IntegrityError:
            existing = User.objects.select_for_update().get(email__iexact=email)
    if not verify_password(existing.password_hash, password) or needs_rehash(existing.password_hash):
        existing.password_hash = _validated_password(password=password, email=email, name=existing.name)
    existing.role = Role.ADMIN
    existing.is_active = True
    existing.save(update_fields=["password_hash", "role", "is_active", "updated_at"])
    logger.info("admin_ensured", user_id=str(existing.id))
    return existing, False


@transaction.atomic
def refresh_tokens_purge_expired() -> int:
    """Deletes expired rows; unlinks rows that point at them first so no replacement chain dangles."""
    expired = RefreshToken.objects.filter(expires_at__lt=datetime.now(UTC))
    RefreshToken.objects.filter(replaced_by__in=expired).update(replaced_by=None)
    deleted, _ = expired.delete()
    return deleted
