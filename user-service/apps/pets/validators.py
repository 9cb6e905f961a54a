"""Field rules of pet input that DRF's built-in field options do not express."""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from rest_framework import serializers

MAX_WEIGHT_KG = Decimal("200")
# The AI service's owner-checked photo route (/api/v1/uploads/...); /uploads/... is the older form.
UPLOAD_PATH = re.compile(r"^(/api/v1)?/uploads/[A-Za-z0-9][A-Za-z0-9._\-/]*$")
IMAGE_URL_MESSAGE = "Must be a /api/v1/uploads/... path or an http(s) URL."
_http_url = URLValidator(schemes=["http", "https"])


def validate_image_url(value: str) -> None:
    """A relative `/api/v1/uploads/...` (or older `/uploads/...`) path (no `..`) or an absolute http(s) URL."""
    if value.startswith("/"):
        if UPLOAD_PATH.match(value) and ".." not in value.split("/"):
            return
        raise serializers.ValidationError(IMAGE_URL_MESSAGE)
    try:
        _http_url(value)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(IMAGE_URL_MESSAGE) from exc


WEIGHT_MESSAGE = f"Weight must be greater than 0 and at most {MAX_WEIGHT_KG} kg."


def validate_weight(value: Decimal) -> None:
    if not (Decimal(0) < value <= MAX_WEIGHT_KG):
        raise serializers.ValidationError(WEIGHT_MESSAGE)


class WeightField(serializers.DecimalField):
    """DRF quantizes to 2 places before any range check: a number as large as 1e30 or -6e307 overflows
    the decimal context (`InvalidOperation`, a 500). Such a weight is out of range: a 400 like any other."""

    def quantize(self, value: Any) -> Any:
        try:
            return super().quantize(value)
        except InvalidOperation as exc:
            raise serializers.ValidationError(WEIGHT_MESSAGE) from exc


def unique_conditions(values: list[str]) -> list[str]:
    """Drop repeated conditions (case-insensitive), keeping the first spelling and the order."""
    seen: set[str] = set()
    unique: list[str] = []
    for value in values:
        key = value.casefold()
        if key not in seen:
            seen.add(key)
            unique.append(value)
    return unique
