"""The upload sweeper: removes stored photos that no `uploaded_images` row points to, and temporary
files of interrupted writes. Files younger than SWEEP_GRACE_SECONDS are left alone (a photo being
stored gets its file a moment before its row).

    python -m app.sweep [--dry-run]                       (make sweep-uploads)
    python -m app.sweep --every 3600 --heartbeat-file F   (the compose service: a sweep every hour)
"""

from __future__ import annotations

import argparse
import asyncio
import time
from dataclasses import dataclass
from pathlib import Path

import structlog
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from smartbreeds_common.logging import configure_logging

from app.analysis.thumbnails import THUMBNAIL_NAME, thumbnail_name
from app.core.config import Settings
from app.db.models import ImageUpload
from app.db.session import build_engine, build_session_factory
from app.storage import TEMP_PREFIX, PhotoStorage, build_photo_storage
from app.uploads import STORED_NAME

logger = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class SweepResult:
    removed: list[str]
    kept: int


async def _candidates(storage: PhotoStorage, *, older_than: float) -> list[str]:
    return [
        stored.name
        for stored in await storage.list()
        if (
            STORED_NAME.fullmatch(stored.name)
            or THUMBNAIL_NAME.fullmatch(stored.name)
            or stored.name.startswith(TEMP_PREFIX)
        )
        and stored.modified_at < older_than
    ]


async def sweep_uploads(
    settings: Settings, *, dry_run: bool = False, now: float | None = None, storage: PhotoStorage | None = None
) -> SweepResult:
    """One sweep of the photo storage (a shared volume in a cluster: one sweeper for all replicas)."""
    storage = storage or build_photo_storage(settings.upload_dir)
    cutoff = (now if now is not None else time.time()) - settings.sweep_grace_seconds
    candidates = await _candidates(storage, older_than=cutoff)
    engine = build_engine(settings)
    try:
        async with build_session_factory(engine)() as session:
            rows = (await session.execute(select(ImageUpload.sha256, ImageUpload.extension))).all()
    finally:
        await engine.dispose()
    referenced = {f"{sha256}.{extension}" for sha256, extension in rows}
    referenced |= {thumbnail_name(sha256) for sha256, _extension in rows}  # a thumbnail lives as long as its photo
    orphans = [name for name in candidates if name not in referenced]
    if not dry_run:
        for name in orphans:
            await storage.delete(name)
    removed = sorted(orphans)
    logger.info("uploads_swept", removed=len(removed), dry_run=dry_run)
    return SweepResult(removed=removed, kept=len(candidates) - len(orphans))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--dry-run", action="store_true", help="list what would be removed, remove nothing")
    parser.add_argument("--every", type=float, default=0, help="sweep again every N seconds (0: once)")
    parser.add_argument("--heartbeat-file", default="", help="touched after each successful sweep (health check)")
    args = parser.parse_args(argv)
    settings = Settings()
    configure_logging(log_format=settings.log_format, level=settings.log_level)
    while True:
        try:
            asyncio.run(sweep_uploads(settings, dry_run=args.dry_run))
        except (OSError, SQLAlchemyError) as exc:
            if not args.every:
                raise
            logger.warning("uploads_sweep_failed", error_type=type(exc).__name__)
        else:
            if args.heartbeat_file:
                Path(args.heartbeat_file).touch()
        if not args.every:
            return
        time.sleep(args.every)


if __name__ == "__main__":
    main()
