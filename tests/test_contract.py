"""The public contract comes from the code: the committed OpenAPI and frontend types are what
`make contract` generates (scripts/contract.sh check), and every route docs/api-contract.md lists is in it."""

from __future__ import annotations

import json
import re
import subprocess

from tests.stack import REPO

PUBLIC = REPO / "api-gateway/app/openapi/public.json"
# A table row of docs/api-contract.md: "| POST /auth/register | body | success | errors |".
ROUTE_ROW = re.compile(r"^\| (GET|POST|PUT|PATCH|DELETE) (/[^\s|]*) \|", re.M)


def _shape(path: str) -> str:
    """`/api/v1/pets/{pet_id}` and `/pets/{id}` are the same route: parameter names do not matter."""
    return re.sub(r"\{[^}]+\}", "{}", path.removeprefix("/api/v1"))


def test_the_committed_openapi_and_frontend_types_are_what_the_code_generates() -> None:
    result = subprocess.run(["scripts/contract.sh", "check"], cwd=REPO, capture_output=True, text=True, timeout=600)

    assert result.returncode == 0, result.stderr[-3000:]


def test_every_route_the_human_contract_lists_is_in_the_openapi_document() -> None:
    listed = {(method, _shape(path)) for method, path in ROUTE_ROW.findall((REPO / "docs/api-contract.md").read_text())}
    documented = {
        (method.upper(), _shape(path))
        for path, operations in json.loads(PUBLIC.read_text())["paths"].items()
        for method in operations
    }

    assert len(listed) > 30  # the tables were read
    assert listed - documented == set()
