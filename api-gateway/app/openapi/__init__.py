"""The public OpenAPI document, assembled from the services' own documents (see assemble.py) and
committed as public.json; the gateway serves that file at /api/v1/openapi.json."""

import json
from functools import cache
from pathlib import Path
from typing import Any

PUBLIC_DOCUMENT = Path(__file__).with_name("public.json")


@cache
def public_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(PUBLIC_DOCUMENT.read_text(encoding="utf-8"))
    return document
