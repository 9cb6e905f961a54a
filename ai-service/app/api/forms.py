"""OpenAPI descriptions of the multipart photo forms (FastAPI cannot infer them: the routes read the raw body)."""

from __future__ import annotations

from typing import Any

IMAGE_PROPERTY: dict[str, Any] = {
    "type": "string",
    "format": "binary",
    "description": "JPEG, PNG or WebP, at most 10 MiB",
}


def multipart_form(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {"schema": {"type": "object", "required": required, "properties": properties}}
            },
        }
    }


SPECIES_PROPERTY: dict[str, Any] = {
    "type": "string",
    "enum": ["dog", "cat"],
    "description": "what the pet is, as the user says: the species check is skipped, the breed is of this species",
}
IMAGE_FORM_SCHEMA = multipart_form({"image": IMAGE_PROPERTY}, ["image"])
VISION_FORM_SCHEMA = multipart_form({"image": IMAGE_PROPERTY, "species": SPECIES_PROPERTY}, ["image"])
ANALYZE_FORM_SCHEMA = multipart_form(
    {
        "image": IMAGE_PROPERTY,
        "pet_id": {"type": "string", "format": "uuid", "description": "save the analysis to this pet's history"},
        "species": SPECIES_PROPERTY,
    },
    ["image"],
)
