"""argon2id hashing with explicit parameters, and a dummy verification for unknown emails."""

from functools import cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from django.conf import settings
from django.contrib.auth.password_validation import get_default_password_validators, validate_password

from apps.accounts.models import User


def password_hasher() -> PasswordHasher:
    return PasswordHasher(
        time_cost=settings.ARGON2_TIME_COST,
        memory_cost=settings.ARGON2_MEMORY_COST_KIB,
        parallelism=settings.ARGON2_PARALLELISM,
        hash_len=32,
        salt_len=16,
        type=Type.ID,
    )


def hash_password(password: str) -> str:
    return password_hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return password_hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return password_hasher().check_needs_rehash(password_hash)


@cache
def _dummy_hash(time_cost: int, memory_cost: int, parallelism: int) -> str:
    return password_hasher().hash("smartbreeds-dummy-password")


def burn_verification(password: str) -> None:
    """Costs what a real verification costs, so unknown emails answer as slowly as wrong passwords."""
    dummy = _dummy_hash(settings.ARGON2_TIME_COST, settings.ARGON2_MEMORY_COST_KIB, settings.ARGON2_PARALLELISM)
    verify_password(dummy, password)


def check_password_strength(*, password: str, email: str, name: str) -> None:
    """Raises django's ValidationError with every rule the password breaks."""
    # The validators only read the attributes they compare against, so an unsaved model will do.
    candidate = User(email=email, name=name)
    validators = get_default_password_validators()
    validate_password(password, user=candidate, password_validators=validators)  # type: ignore[arg-type]
