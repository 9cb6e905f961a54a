"""Input serializers that refuse fields they do not declare, so a typo is a 400, not silently ignored."""

from collections.abc import Mapping
from typing import Any

from rest_framework import serializers

UNKNOWN_FIELD_MESSAGE = "Unknown field."
EMPTY_PATCH_MESSAGE = "Provide at least one field to update."


class StrictInputSerializer(serializers.Serializer):
    def to_internal_value(self, data: Any) -> Any:
        unknown: dict[str, Any] = {}
        if isinstance(data, Mapping):
            unknown = {str(name): [UNKNOWN_FIELD_MESSAGE] for name in data if name not in self.fields}
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
