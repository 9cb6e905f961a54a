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

from app.core.config import Settings
from app.db.models import ImageUpload
from app.db.session import build_engine, build_session_factory
from app.uploads import STORED_NAME

logger = structlog.get_logger(__name__)
TEMP_PREFIX = ".upload-"


@dataclass(frozen=True, slots=True)
class SweepResult:
    removed: list[str]
    kept: int


def _candidates(directory: Path, *, older_than: float) -> list[Path]:
    if not directory.is_dir():
        return []
    return [
        path
        for path in directory.iterdir()
        if path.is_file() and (STORED_NAME.fullmatch(path.name) or path.name.startswith(TEMP_PREFIX)) and path.stat().st_mtime < older_than
    ]


async def sweep_uploads(settings: Settings, *, dry_run: bool = False, now: float | None = None) -> SweepResult:
    directory = Path(settings.upload_dir)
    candidates = _candidates(directory, older_than=(now if now is not None else time.time()) - settings.sweep_grace_seconds)
    engine = build_engine(settings)
    try:
        async with build_session_factory(engine)() as session:
            rows = (await session.execute(select(ImageUpload.sha256, ImageUpload.extension))).all()
    finally:
        await engine.dispose()
    referenced = {f"{sha256}.{extension}" for sha256, extension in rows}
    orphans = [path for path in candidates if path.name not in referenced]
    if not dry_run:
        for path in orphans:
            path.unlink(missing_ok=True)
    removed = sorted(path.name for path in orphans)
    logger.info("uploads_swept", removed=len(removed), dry_run=dry_run)
    return SweepResult(removed=removed, kept=len(candidates) - len(orphans))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--dry-run", action="store_true", help="list what would be removed, remove nothing")
    parser.add_argument("--every", type=float, default=0, help="sweep again every N seconds (0: once)")
    parser.add_argument("--heartbeat-file", default="", help="touched after each successful sweep (health check)")
    args = parser.parse_args(argv)
    settings = Settings()  # type: ignore[call-arg]
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
