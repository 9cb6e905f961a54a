"""Hostile input from schemathesis against every public operation of the gateway's OpenAPI document.

The schema is read from the running stack the way a client sees it, through nginx
(`stack.base_url` + `/api/v1/openapi.json`, self-signed certificate, so TLS verification is off),
and every generated request goes through nginx -> gateway -> service too: nginx's limits and
error pages are part of what a client meets, so they are part of what is checked.

Each operation gets `MAX_EXAMPLES` generated cases (positive and negative data, seeded and
derandomized so CI sees the same cases every run) sent with the `access_token` cookie of a
freshly registered normal user. Checks on every response:
- no 5xx (`not_a_server_error`);
- the status code, content type and body are the ones the document lists for the operation;
- every JSON body is the `{success, data, error, timestamp}` envelope, and every error carries an
  UPPER_SNAKE `error.code` (docs/api-contract.md).

Special cases (nothing is excluded):
- `POST /auth/logout` and `DELETE /users/me` end the session (or the account): each of their cases
  runs with its own freshly registered user, so the shared user stays logged in.
- admin-only routes (`/rag/ingest`, `/rag/documents...`) run as the normal user and must answer the
  documented `403 FORBIDDEN`; `test_admin_operations_as_an_admin` runs them again as an admin
  (created with `manage.py create_admin`, as tests/test_platform_flows.py does).

schemathesis 4.x API: `schemathesis.openapi.from_url` + `APIOperation.as_strategy(generation_mode=...)`
under hypothesis `@given`, then `Case.call` / `Case.validate_response(checks=...)`. Not
`schemathesis.pytest.from_fixture(...).parametrize()`: with pytest 9.2 it fails before the first case
(`AttributeError: 'Function' object has no attribute '_nodeid'`). Findings are collected over all
operations and reported together (one line per distinct failure, with a curl reproduction).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis import checks as st_checks
from schemathesis.core.result import Err
from schemathesis.specs.openapi import checks as openapi_checks

from tests.reliability.client import ApiClient
from tests.reliability.conftest import RAISED_LIMITS
from tests.stack import LocalStack, running_stack

# The stack's certificate is self-signed: requests go with verify=False on purpose.
pytestmark = pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")

# Cases per operation and generation mode; raise it for a deeper (slower) run: SCHEMATHESIS_MAX_EXAMPLES=200.
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "25"))
SEED = 20261125
TIMEOUT_SECONDS = 30
SESSION_ENDING = {"POST /api/v1/auth/logout", "DELETE /api/v1/users/me"}
ADMIN_PASSWORD = "an admin passphrase that is long 7"

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": SEED,
        "tls-verify": False,
        "request-timeout": TIMEOUT_SECONDS,
        "generation": {"mode": "all", "max-examples": MAX_EXAMPLES, "deterministic": True},
        # Stateful runs need links in the document; coverage-phase cases are many per parameter and
        # would blow the ~4 minute budget on 2 cores: examples + fuzzing only.
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
    }
)

CODE = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


def envelope(ctx: Any, response: schemathesis.Response, case: schemathesis.Case) -> bool | None:
    """Every JSON answer is the envelope; every error answer is JSON with an UPPER_SNAKE code."""
    is_error = response.status_code >= 400
    content_type = response.headers.get("content-type", [""])[0]
    if not is_error and "json" not in content_type:
        return None
    assert "json" in content_type, f"{response.status_code} answered with {content_type!r}, not the JSON envelope"
    try:
        body = response.json()
    except ValueError as error:
        raise AssertionError(f"{response.status_code} body is not JSON: {response.text[:200]!r}") from error
    assert isinstance(body, dict), f"body is not an object: {response.text[:200]!r}"
    assert set(body) == {"success", "data", "error", "timestamp"}, f"not the envelope: keys {sorted(body)}"
    assert isinstance(body["timestamp"], str) and TIMESTAMP.match(body["timestamp"]), body["timestamp"]
    if is_error:
        assert body["success"] is False and body["data"] is None, f"error without success=false/data=null: {body}"
        error_body = body["error"]
        assert isinstance(error_body, dict) and isinstance(error_body.get("message"), str), (
            f"bad error object: {error_body}"
        )
        assert isinstance(error_body.get("code"), str) and CODE.match(error_body["code"]), (
            f"code not UPPER_SNAKE: {error_body}"
        )
        assert "Traceback" not in response.text
    else:
        assert body["success"] is True and body["error"] is None, f"success without success=true/error=null: {body}"
    return True


CHECKS = [
    st_checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_schema_conformance,
    openapi_checks.negative_data_rejection,
    envelope,
]


@pytest.fixture(scope="module")
def full_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    """Every process of Procfile.dev (the AI routes are in the document), with raised rate limits.

    Its own stack rather than the session's `live_stack`: the fault tests stop, restart and break
    parts of that one (and switch the fake Ollama's modes), which would turn into false findings here.
    """
    with running_stack(tmp_path_factory.mktemp("schemathesis-stack"), overrides=RAISED_LIMITS) as local:
        yield local


@pytest.fixture(scope="module")
def gateway_schema(full_stack: LocalStack) -> schemathesis.BaseSchema:
    schema = schemathesis.openapi.from_url(
        full_stack.base_url + "/api/v1/openapi.json", config=CONFIG, verify=False, timeout=TIMEOUT_SECONDS
    )
    return schema


@pytest.fixture(scope="module")
def fuzz_user(full_stack: LocalStack) -> ApiClient:
    return ApiClient(full_stack).register()


@pytest.fixture(scope="module")
def admin_token(full_stack: LocalStack) -> str:
    email = full_stack.create_admin(ADMIN_PASSWORD)
    response = httpx.post(
        full_stack.base_url + "/api/v1/auth/login", json={"email": email, "password": ADMIN_PASSWORD}, verify=False
    )
    assert response.status_code == 200, response.text
    return str(response.cookies["__Host-access_token"])


def send(case: schemathesis.Case, stack: LocalStack, token: str | None) -> None:
    response = case.call(
        base_url=stack.base_url,
        cookies={"__Host-access_token": token} if token else None,
        verify=False,
        timeout=TIMEOUT_SECONDS,
    )
    try:
        case.validate_response(response, checks=CHECKS)
    except (BaseExceptionGroup, AssertionError) as error:
        error.add_note(f"answer: {response.status_code} {response.text[:300]}")
        raise


def notes(error: BaseException) -> str:
    return " ".join(getattr(error, "__notes__", []))


def curl(case: schemathesis.Case) -> str:
    return case.as_curl_command()[:600]


def run_operation(
    operation: schemathesis.APIOperation, mode: GenerationMode, stack: LocalStack, token_for: Callable[[], str | None]
) -> dict[str, str]:
    """Send MAX_EXAMPLES generated cases; return the distinct findings (title -> one reproduction)."""
    findings: dict[str, str] = {}

    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,  # the same cases every run (CI)
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: each failing request is reported as sent
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def one_case(case: schemathesis.Case) -> None:
        token = token_for()
        try:
            send(case, stack, token)
        except BaseExceptionGroup as group:
            for failure in group.exceptions:
                title = f"{operation.label} ({mode.value}): {getattr(failure, 'title', type(failure).__name__)}"
                findings.setdefault(title, f"{getattr(failure, 'message', failure)}\n  {notes(group)}\n  {curl(case)}")
        except AssertionError as error:
            title = f"{operation.label} ({mode.value}): {str(error).splitlines()[0][:120]}"
            findings.setdefault(title, f"{error}\n  {notes(error)}\n  {curl(case)}")

    # Unsatisfiable: nothing to make invalid (no parameters, no body): negative mode has no cases.
    with contextlib.suppress(Unsatisfiable):
        one_case()
    return findings


def run_all(schema: schemathesis.BaseSchema, stack: LocalStack, token_for: Callable[[str], str | None]) -> None:
    started = time.monotonic()
    findings: dict[str, str] = {}
    operations: list[schemathesis.APIOperation] = []
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            raise result.err()
        operations.append(result.ok())
    assert operations, "the OpenAPI document lists no operation"
    for operation in operations:
        key = f"{operation.method.upper()} {operation.path}"
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            findings.update(run_operation(operation, mode, stack, functools.partial(token_for, key)))
    print(f"schemathesis: {len(operations)} operations, {time.monotonic() - started:.0f} s")  # noqa: T201
    report = "\n\n".join(f"{title}\n  {detail}" for title, detail in sorted(findings.items()))
    assert not findings, f"{len(findings)} findings:\n\n{report}"


def test_every_operation_as_a_user(
    gateway_schema: schemathesis.BaseSchema, full_stack: LocalStack, fuzz_user: ApiClient
) -> None:
    def token_for(operation: str) -> str | None:
        if operation in SESSION_ENDING:  # a throwaway user per case: the shared one stays logged in
            return ApiClient(full_stack).register().access_token
        return fuzz_user.access_token

    run_all(gateway_schema, full_stack, token_for)


def test_admin_operations_as_an_admin(
    gateway_schema: schemathesis.BaseSchema, full_stack: LocalStack, admin_token: str
) -> None:
    run_all(gateway_schema.include(path_regex=r"^/api/v1/rag/(ingest|documents)"), full_stack, lambda _: admin_token)
