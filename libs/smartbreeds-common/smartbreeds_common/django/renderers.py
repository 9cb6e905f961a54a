from collections.abc import Mapping
from typing import Any

from rest_framework.renderers import JSONRenderer

from smartbreeds_common.envelope import is_envelope, success


class EnvelopeJSONRenderer(JSONRenderer):
    """Wraps every successful DRF response in the envelope; errors arrive already wrapped."""

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Mapping[str, Any] | None = None
    ) -> bytes:
        if not is_envelope(data):
            data = success(data)
        return super().render(data, accepted_media_type, renderer_context)
