"""The public OpenAPI document, assembled from the services' own documents (see assemble.py) and
committed as public.json; the gateway serves that file at /api/v1/openapi.json."""

import json
from functools import cache
from pathlib import Path
from typing import Any

PUBLIC_DOCUMENT = Path(__file__).with_name("public.json")
# On a gateway model's field: "document this field as exactly the `data` that route answers"
# ("GET /api/v1/pets"); assemble.py replaces it with the owning service's schema, so a shape the
# gateway passes through (the dashboard's parts) is described once, by its service.
DATA_OF = "x-data-of"


@cache
def public_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(PUBLIC_DOCUMENT.read_text(encoding="utf-8"))
    return document
