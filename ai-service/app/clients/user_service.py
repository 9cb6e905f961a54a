"""Calls to the user service, signed with the gateway identity of the user being served."""

from __future__ import annotations

from typing import Any

import httpx

from smartbreeds_common.errors import ApplicationError
from smartbreeds_common.identity import Identity, signed_headers


class UserServiceError(Exception):
    """The user service could not be reached or answered unexpectedly."""


class UserServiceClient:
    def __init__(self, http: httpx.AsyncClient, *, base_url: str, signing_secret: str, timeout: float = 10.0) -> None:
        self._http = http
        self._base_url = base_url.rstrip("/")
        self._secret = signing_secret
        self._timeout = timeout

    def _headers(self, ident: Identity) -> dict[str, str]:
        headers: dict[str, str] = signed_headers(
            self._secret, user_id=ident.user_id, role=ident.role, request_id=ident.request_id
        )
        return headers

    async def _request(
        self, method: str, path: str, ident: Identity, json: dict[str, Any] | None = None
    ) -> httpx.Response:
        try:
            return await self._http.request(
                method, self._base_url + path, headers=self._headers(ident), json=json, timeout=self._timeout
            )
        except httpx.HTTPError as exc:
            raise UserServiceError(f"user service unreachable: {type(exc).__name__}") from exc

    async def get_pet(self, ident: Identity, pet_id: str) -> dict[str, Any]:
        """The caller's pet; 404 PET_NOT_FOUND passes through as an ApplicationError."""
        response = await self._request("GET", f"/api/v1/pets/{pet_id}", ident)
        if response.status_code == 404:
            raise ApplicationError("PET_NOT_FOUND", "Pet not found.", status=404)
        if response.status_code != 200:
            raise UserServiceError(f"user service answered {response.status_code}")
        return _envelope_data(response)

    async def save_analysis(self, ident: Identity, pet_id: str, analysis: dict[str, Any]) -> dict[str, Any]:
        response = await self._request("POST", f"/internal/pets/{pet_id}/analyses", ident, json=analysis)
        if response.status_code == 404:
            raise ApplicationError("PET_NOT_FOUND", "Pet not found.", status=404)
        if response.status_code not in (200, 201):
            raise UserServiceError(f"user service answered {response.status_code}")
        return _envelope_data(response)

    async def save_analysis_once(
        self, ident: Identity, analysis_id: str, body: dict[str, Any]
    ) -> tuple[dict[str, Any], bool]:
        """Save the shown analysis `analysis_id` to `body`'s pet_id or new pet; idempotent. (pet, created)."""
        response = await self._request("POST", f"/internal/analyses/{analysis_id}/save", ident, json=body)
        if response.status_code == 404:
            raise ApplicationError("PET_NOT_FOUND", "Pet not found.", status=404)
        if response.status_code == 400:
            raise ApplicationError(
                "VALIDATION_ERROR", "The pet is invalid.", status=400, details=_error_details(response)
            )
        if response.status_code not in (200, 201):
            raise UserServiceError(f"user service answered {response.status_code}")
        data = _envelope_data(response)
        pet = data.get("pet")
        if not isinstance(pet, dict):
            raise UserServiceError("user service answered an unexpected shape")
        return pet, bool(data.get("created"))


def _error_details(response: httpx.Response) -> dict[str, Any] | None:
    try:
        error = response.json().get("error") or {}
    except (ValueError, AttributeError):
        return None
    details = error.get("details") if isinstance(error, dict) else None
    return details if isinstance(details, dict) else None


def _envelope_data(response: httpx.Response) -> dict[str, Any]:
    try:
        payload = response.json()
    except ValueError as exc:
        raise UserServiceError("user service answered non-JSON") from exc
    data = payload.get("data") if isinstance(payload, dict) and "success" in payload else payload
    if not isinstance(data, dict):
        raise UserServiceError("user service answered an unexpected shape")
    return data
