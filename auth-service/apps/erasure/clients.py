"""The one outbound call of the erasure worker: DELETE {service}/internal/users/{id}/data.

Signed like the gateway's requests (smartbreeds_common.identity, the shared GATEWAY_SIGNING_SECRET),
with role "service" and the erased user's id: the services accept erasure only from that role, and
no gateway route leads to `/internal/...`.
"""

import json
import urllib.error
import urllib.request
import uuid

from django.conf import settings
from smartbreeds_common.identity import signed_headers

SERVICE_ROLE = "service"


class DeliveryError(Exception):
    """The service could not be reached or did not confirm the erasure."""


def erase_user_data(*, service: str, user_id: uuid.UUID) -> dict[str, object]:
    base_url = settings.ERASURE_SERVICE_URLS[service].rstrip("/")
    headers = signed_headers(
        settings.GATEWAY_SIGNING_SECRET, user_id=str(user_id), role=SERVICE_ROLE, request_id=str(uuid.uuid4())
    )
    url = f"{base_url}/internal/users/{user_id}/data"
    request = urllib.request.Request(url, method="DELETE", headers=headers)  # noqa: S310 - configured http URL
    try:
        with urllib.request.urlopen(request, timeout=settings.ERASURE_TIMEOUT_SECONDS) as response:  # noqa: S310 - configured http URL
            body = json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"{service} answered {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        raise DeliveryError(f"{service} unreachable ({type(exc).__name__})") from exc
    if not isinstance(body, dict) or body.get("success") is not True:
        raise DeliveryError(f"{service} did not confirm the erasure")
    data = body.get("data")
    return data if isinstance(data, dict) else {}
