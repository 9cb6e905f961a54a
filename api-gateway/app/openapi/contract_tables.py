"""The route tables of docs/api-contract.md, generated from the public OpenAPI document.

Every markdown table whose first header cell is `method path` is a contract table. Its rows keep
only two things from the file: the route in the first cell (which routes a table lists is the
document's choice: it is organised by topic and by round) and the last cell, `notes` (the prose:
what a success means, which error codes, units). Every other cell is rewritten from the OpenAPI
document (public.json): who may call the route, its body and query, its success answers and the
error statuses that are particular to it. A row in the older four-column form
(`method path | body | success | errors`) is converted, its prose moved into `notes`; a first cell
that names several routes (`POST /pets/analyze, /vision/analyze`) becomes one row per route.

`make contract` rewrites the file; `scripts/contract.sh check` fails when the committed file
differs from what this generates, when a row names a route the OpenAPI document lacks, or when a
public route is listed in no table.

    python -m app.openapi.contract_tables --openapi public.json --contract api-contract.md --output out.md
"""

import argparse
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from app.openapi.assemble import SCHEMA_REF

API_PREFIX = "/api/v1"
HEADER = "| method path | access | body | success | errors | notes |"
RULE = "|---|---|---|---|---|---|"
LEGACY_HEADER = re.compile(r"^\|\s*method path\s*\|\s*body\s*\|\s*success\s*\|\s*errors\s*\|\s*$")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
# Error statuses every route of its kind answers (the gateway's refusals), so a row does not repeat them.
COMMON_ERRORS = {400, 413, 429, 503, 504}
# An object with more fields than this is named by its schema (components['schemas'][name] in
# frontend/src/api/types.ts) instead of listing them.
MAX_LISTED_FIELDS = 8
# The old body cells that only restated what is now generated.
PLAIN_BODY = re.compile(r"^(`\{[\w, ?]*\}`|access cookie|refresh cookie|admin( only)?|)$")


class ContractTableError(Exception):
    """A table row and the OpenAPI document disagree."""


def _shape(path: str) -> str:
    """`/pets/{pet_id}` and `/api/v1/pets/{id}` are the same route: parameter names do not matter."""
    return re.sub(r"\{[^}]+\}", "{}", path.removeprefix(API_PREFIX))


class Document:
    def __init__(self, openapi: dict[str, Any]) -> None:
        self.openapi = openapi
        self.schemas: dict[str, Any] = openapi.get("components", {}).get("schemas", {})
        self.routes: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {
            (method.upper(), _shape(path)): (path, operation)
            for path, operations in openapi["paths"].items()
            for method, operation in operations.items()
        }

    def operation(self, method: str, path: str) -> tuple[str, dict[str, Any]]:
        try:
            return self.routes[(method, _shape(path))]
        except KeyError:
            raise ContractTableError(
                f"{method} {path} is in docs/api-contract.md but not in the OpenAPI document: "
                "add it to its service and the gateway's route table, then run `make contract`"
            ) from None

    def resolve(self, schema: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
        """(component name or None, the schema behind any `$ref`)."""
        if "$ref" in schema:
            name = schema["$ref"].removeprefix(SCHEMA_REF)
            return name, self.schemas[name]
        return None, schema

    def render(self, schema: dict[str, Any]) -> str:
        """A schema in one short phrase: `{id, name, breed?}`, `[AiAnalysisOut]`, `string`."""
        name, schema = self.resolve(schema)
        variants = [item for item in schema.get("anyOf", []) if item.get("type") != "null"]
        if len(variants) == 1:
            return self.render(variants[0])
        if schema.get("type") == "array" or "items" in schema:
            return f"[{self.render(schema.get('items', {}))}]"
        properties: dict[str, Any] = schema.get("properties", {})
        if not properties and "allOf" in schema:
            return " & ".join(self.render(part) for part in schema["allOf"])
        if properties:
            if len(properties) > MAX_LISTED_FIELDS and name:
                return name
            required = set(schema.get("required", []))
            return "{" + ", ".join(field + ("" if field in required else "?") for field in properties) + "}"
        if name:
            return name
        return str(schema.get("type", "any"))


def _access(operation: dict[str, Any]) -> str:
    """The route table's access rule (assemble.py), or for the gateway's own routes: a route that
    can answer 401 needs a session."""
    access = operation.get("x-access")
    if isinstance(access, str):
        return access
    return "user" if "401" in operation.get("responses", {}) else "public"


def _body(document: Document, operation: dict[str, Any]) -> str:
    parts = []
    query = [p for p in operation.get("parameters", []) if p.get("in") == "query"]
    if query:
        names = ", ".join(p["name"] + ("" if p.get("required") else "?") for p in query)
        parts.append(f"query `{names}`")
    for media, content in operation.get("requestBody", {}).get("content", {}).items():
        rendered = document.render(content.get("schema", {}))
        parts.append(f"`{rendered}`" if media == "application/json" else f"{media.split('/')[-1]} `{rendered}`")
        break  # one media type is the body (the Django services also accept form posts of the same fields)
    return "; ".join(parts)


def _success(document: Document, operation: dict[str, Any]) -> str:
    answers = []
    for status, answer in sorted(operation.get("responses", {}).items()):
        if not status.startswith("2"):
            continue
        content = answer.get("content", {})
        json_body = content.get("application/json", {}).get("schema")
        if json_body is None:
            media = ", ".join(f"`{media}`" for media in content)
            answers.append(f"{status} {media}".strip())
            continue
        _name, envelope = document.resolve(json_body)
        data = envelope.get("properties", {}).get("data")
        answers.append(f"{status} `{document.render(data)}`" if data else status)
    return "; ".join(answers)


def _errors(operation: dict[str, Any], access: str) -> str:
    statuses = sorted(int(status) for status in operation.get("responses", {}) if status[0] in "45")
    common = set(COMMON_ERRORS)
    if access != "public":
        common.add(401)
    if access == "admin":
        common.add(403)
    return ", ".join(str(status) for status in statuses if status not in common)


def _cells(line: str) -> list[str]:
    # A `\|` inside a cell is an escaped pipe, not a column break.
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]


def _routes(first_cell: str) -> Iterator[tuple[str, str]]:
    """`POST /pets/analyze, /vision/analyze` -> (POST, /pets/analyze), (POST, /vision/analyze)."""
    method, _space, paths = first_cell.partition(" ")
    if method not in METHODS:
        raise ContractTableError(f"a contract table row must start with a method and a path: {first_cell!r}")
    for path in paths.split(","):
        yield method, path.strip()


def _legacy_notes(body: str, success: str, errors: str) -> str:
    notes = [] if PLAIN_BODY.match(body) else [f"body: {body}"]
    notes.append(success)
    if errors:
        notes.append(f"errors: {errors}")
    return "; ".join(note for note in notes if note)


def _row(document: Document, method: str, path: str, notes: str) -> str:
    public_path, operation = document.operation(method, path)
    access = _access(operation)
    shown = public_path.removeprefix(API_PREFIX)
    cells = [
        f"{method} {shown}",
        access,
        _body(document, operation),
        _success(document, operation),
        _errors(operation, access),
        notes,
    ]
    return "| " + " | ".join(cells) + " |"


def generate(contract: str, openapi: dict[str, Any], *, require_every_route: bool = True) -> str:
    """The contract text with every contract table regenerated (see the module's docstring)."""
    document = Document(openapi)
    lines = contract.split("\n")
    out: list[str] = []
    listed: set[tuple[str, str]] = set()
    index = 0
    while index < len(lines):
        line = lines[index]
        legacy = bool(LEGACY_HEADER.match(line))
        if not (legacy or line.strip() == HEADER):
            out.append(line)
            index += 1
            continue
        out += [HEADER, RULE]
        index += 2  # the header and its rule
        while index < len(lines) and lines[index].startswith("|"):
            cells = _cells(lines[index])
            if legacy or len(cells) == 4:
                cells += [""] * (4 - len(cells))
                notes = _legacy_notes(*cells[1:4])
            else:
                notes = cells[-1] if len(cells) == 6 else ""
            for method, path in _routes(cells[0]):
                listed.add((method, _shape(path)))
                out.append(_row(document, method, path, notes))
            index += 1
    if require_every_route:
        missing = sorted(f"{key[0]} {path}" for key, (path, _op) in document.routes.items() if key not in listed)
        if missing:
            raise ContractTableError(
                "routes listed in no table of docs/api-contract.md (add a row `| METHOD /path |` to the "
                "table of their topic, then run `make contract`): " + ", ".join(missing)
            )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Regenerate the route tables of docs/api-contract.md.")
    parser.add_argument("--openapi", type=Path, required=True, help="the public OpenAPI document (public.json)")
    parser.add_argument("--contract", type=Path, required=True, help="docs/api-contract.md as it is")
    parser.add_argument("--output", type=Path, required=True)
    arguments = parser.parse_args(argv)
    openapi = json.loads(arguments.openapi.read_text(encoding="utf-8"))
    try:
        text = generate(arguments.contract.read_text(encoding="utf-8"), openapi)
    except ContractTableError as error:
        parser.exit(1, f"contract tables: {error}\n")
    arguments.output.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
