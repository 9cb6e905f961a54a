"""Input serializers (both Django services) that refuse fields they do not declare, so a typo is a 400,
not silently ignored, and text fields given a number, boolean or object (DRF would store `0.0` as the name "0.0")."""

from collections.abc import Mapping
from typing import Any

from rest_framework import serializers

UNKNOWN_FIELD_MESSAGE = "Unknown field."
EMPTY_PATCH_MESSAGE = "Provide at least one field to update."
NOT_A_STRING_MESSAGE = "Not a valid string."


def _not_text(field: serializers.Field, value: Any) -> bool:
    """A JSON value that is not text given to a text field (or to a list of text fields)."""
    if value is None:
        return False
    if isinstance(field, serializers.CharField):
        return not isinstance(value, str)
    if isinstance(field, serializers.ListField) and isinstance(field.child, serializers.CharField):
        return isinstance(value, list) and any(not isinstance(item, str) for item in value)
    return False


class StrictInputSerializer(serializers.Serializer):
    def to_internal_value(self, data: Any) -> Any:
        unknown: dict[str, Any] = {}
        if isinstance(data, Mapping):
            unknown = {str(name): [UNKNOWN_FIELD_MESSAGE] for name in data if name not in self.fields}
            unknown |= {
                name: [NOT_A_STRING_MESSAGE]
                for name, field in self.fields.items()
                if name in data and _not_text(field, data[name])
            }
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if unknown and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**unknown, **exc.detail}) from exc
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


class StrictPatchSerializer(StrictInputSerializer):
    """For PATCH: at least one known field must be given."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError({"non_field_errors": [EMPTY_PATCH_MESSAGE]})
        return attrs
