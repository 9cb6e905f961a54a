"""The AI service's settings: one object, read from the environment (names as in .env.example)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from smartbreeds_common.secret_strength import short_secrets_error

INSECURE_SECRET = "change-me"  # noqa: S105  (the .env.example placeholder, refused in production)


class DatabaseSettings(BaseSettings):
    """What Alembic needs: the database only (no secrets required to migrate)."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False)

    database_url: str = "postgresql://postgres@127.0.0.1:5432/smartbreeds"
    db_schema: str = "ai_schema"

    @property
    def async_database_url(self) -> str:
        """DATABASE_URL with the asyncpg driver SQLAlchemy needs."""
        scheme, _, rest = self.database_url.partition("://")
        if scheme in ("postgres", "postgresql", "postgresql+psycopg", "postgresql+psycopg2"):
            return f"postgresql+asyncpg://{rest}"
        return self.database_url


class Settings(DatabaseSettings):
    environment: Literal["development", "test", "production"] = "development"
    log_format: Literal["json", "console"] = "json"
    log_level: str = "INFO"

    gateway_signing_secret: str = Field(min_length=1)

    redis_url: str = "redis://127.0.0.1:6379/0"
    redis_key_prefix: str = ""

    user_service_url: str = "http://127.0.0.1:3002"
    user_service_timeout_seconds: float = 10.0

    ollama_base_url: str = "http://127.0.0.1:11434"
    ollama_model: str = "qwen3-vl:8b"
    ollama_timeout_seconds: float = 60.0
    ollama_probe_timeout_seconds: float = 1.5
    ollama_probe_ttl_seconds: float = 10.0
    rag_timeout_seconds: float = 15.0

    chroma_persist_dir: Path = Path("./var/chroma")
    # Empty: embedded Chroma in CHROMA_PERSIST_DIR (one machine). Set: a `chroma run` server, shared by replicas.
    chroma_host: str = ""
    chroma_port: int = Field(default=8000, ge=1, le=65535)
    upload_dir: Path = Path("./var/uploads")
    rag_documents_dir: Path = Path("./var/rag-documents")
    max_upload_bytes: int = 10 * 1024 * 1024
    # Per-user photo quota (stored, re-encoded copies): beyond it an upload answers 403 QUOTA_EXCEEDED.
    upload_quota_count: int = Field(default=500, ge=1)
    upload_quota_bytes: int = Field(default=1024 * 1024 * 1024, ge=1)
    # The sweeper leaves files younger than this alone (a photo being stored has its file before its row).
    sweep_grace_seconds: int = Field(default=600, ge=0)
    # Batch recommendation jobs: at most this many queued/running per user (429 beyond); finished
    # jobs are forgotten after job_finished_ttl_seconds.
    max_running_jobs_per_user: int = Field(default=2, ge=1)
    job_finished_ttl_seconds: int = Field(default=3600, ge=1)

    # Celery (app.worker): broker and results on REDIS_URL under {REDIS_KEY_PREFIX}celery:ai-service:.
    # A message a worker took and never acknowledged (the worker died) is handed out again after this long:
    # longer than the longest task (a 20 MiB document embeds in minutes).
    celery_visibility_timeout_seconds: int = Field(default=3600, ge=1)
    # Running jobs beat a heartbeat; one silent for this long (its worker is gone for good) is failed by beat.
    stale_job_seconds: int = Field(default=2 * 3600, ge=1)
    # The Celery worker's /metrics (internal port, like the services'); 0 turns it off.
    worker_metrics_host: str = "127.0.0.1"
    worker_metrics_port: int = Field(default=0, ge=0, le=65535)
    # Beat: how often the upload sweep and the stale-job cleanup run (seconds).
    beat_sweep_uploads_seconds: float = Field(default=3600.0, gt=0)
    beat_stale_jobs_seconds: float = Field(default=300.0, gt=0)
    # Photos in one POST /pets/analyze/batch.
    batch_analysis_max_photos: int = Field(default=50, ge=1, le=500)

    vision_cache_ttl_seconds: int = 30 * 24 * 3600
    torch_num_threads: int = 1

    @model_validator(mode="after")
    def _refuse_default_secrets_in_production(self) -> Settings:
        if self.environment == "production" and self.gateway_signing_secret == INSECURE_SECRET:
            raise ValueError("GATEWAY_SIGNING_SECRET must be set to a real secret in production")
        short = short_secrets_error(
            {"GATEWAY_SIGNING_SECRET": self.gateway_signing_secret}, environment=self.environment
        )
        if short:
            raise ValueError(short)
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
