"""Print the AI service's OpenAPI document (JSON) without starting it: `make contract` feeds it to the
gateway's public document (api-gateway/app/openapi/public.json)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# Building the app reads settings; nothing is connected until the lifespan runs, which this never does.
os.environ.setdefault("ENVIRONMENT", "test")
os.environ.setdefault("GATEWAY_SIGNING_SECRET", "openapi-export-only-" + "x" * 32)

from app.main import create_app


def main() -> None:
    sys.stdout.write(json.dumps(create_app().openapi(), indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
