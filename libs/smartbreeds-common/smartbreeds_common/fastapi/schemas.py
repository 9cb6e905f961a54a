"""The envelope as pydantic models, so every FastAPI route declares what it answers and the OpenAPI
document (and the gateway's public one, assembled from it) describes the real body."""

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from smartbreeds_common.envelope import utc_timestamp

DataT = TypeVar("DataT")

CODE_PATTERN = "^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$"


class Envelope(BaseModel, Generic[DataT]):
    """`{success: true, data, error: null, timestamp}`."""

    # Every key is always sent: the answer's schema says so (the request side never parses an envelope).
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    success: Literal[True] = True
    data: DataT
    error: None = None
    timestamp: str = Field(default_factory=utc_timestamp)


class ErrorBody(BaseModel):
    code: str = Field(pattern=CODE_PATTERN, description="UPPER_SNAKE, stable")
    message: str
    details: dict[str, Any] = Field(default_factory=dict)


class ErrorEnvelope(BaseModel):
    """`{success: false, data: null, error: {code, message, details}, timestamp}`."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    success: Literal[False] = False
    data: None = None
    error: ErrorBody
    timestamp: str = Field(default_factory=utc_timestamp)


class HealthReport(BaseModel):
    """The body of every service's `/health` (smartbreeds_common.health)."""

    status: Literal["ok", "degraded", "down"]
    dependencies: dict[str, Literal["ok", "down"]]
