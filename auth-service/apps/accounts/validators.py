"""Password rule Django does not ship: more than one character class."""

from typing import Any

from django.core.exceptions import ValidationError

_CLASSES = (str.islower, str.isupper, str.isdigit)


def _character_classes(password: str) -> int:
    found = {index for char in password for index, test in enumerate(_CLASSES) if test(char)}
    if any(not char.isalnum() for char in password):
        found.add(len(_CLASSES))  # symbols, spaces and other characters
    return len(found)


class CharacterClassValidator:
    """Refuses passwords made of one class only (all lowercase, all digits, ...)."""

    def __init__(self, min_classes: int = 2) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if _character_classes(password) < self.min_classes:
            raise ValidationError(
                f"This password must mix at least {self.min_classes} of: lowercase, uppercase, digits, symbols.",
                code="password_too_uniform",
            )

    def get_help_text(self) -> str:
        return f"Your password must mix at least {self.min_classes} of: lowercase, uppercase, digits, symbols."
