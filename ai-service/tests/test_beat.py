"""Celery beat with two candidates started (RedBeat: a lock in Redis): each scheduled job still runs once
per period, on the real worker. Periods are shortened here (BEAT_*_SECONDS) to keep the test short."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
import redis

from smartbreeds_common.celery_metrics import queue_depth

from app.core.celery import FAIL_STALE_JOBS, QUEUE, SWEEP_UPLOADS, create_celery_app
from app.core.config import Settings
from tests.workers import SERVICE_DIR, Worker, worker_env

WINDOW_SECONDS = 8.0
STALE_PERIOD, SWEEP_PERIOD = 1.0, 2.0


def start_beat(settings: Settings, log: Path) -> subprocess.Popen[bytes]:
    env = worker_env(
        settings, beat_stale_jobs_seconds=STALE_PERIOD, beat_sweep_uploads_seconds=SWEEP_PERIOD, log_level="INFO"
    )
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "app.worker", "beat", "-S", "redbeat.RedBeatScheduler",
             "--max-interval", "1", "--loglevel", "INFO"],
            cwd=SERVICE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip


def runs(settings: Settings, task: str, since: float) -> list[float]:
    """When the worker finished each run of `task` since `since` (the results backend, under this run's prefix)."""
    client = redis.Redis.from_url(settings.redis_url)
    done = []
    for key in client.scan_iter(match=f"{settings.redis_key_prefix}celery:ai-service:celery-task-meta-*"):
        raw = client.get(key)
        meta = json.loads(raw) if raw else {}
        if meta.get("name") == task and meta.get("date_done"):
            finished = datetime.fromisoformat(meta["date_done"]).timestamp()
            if finished >= since:
                done.append(finished)
    client.close()
    return sorted(done)


@pytest.mark.usefixtures("worker")
def test_two_beat_candidates_send_each_scheduled_job_once_per_period(
    settings: Settings, worker: Worker, tmp_path: Path
) -> None:
    beats = [start_beat(settings, tmp_path / f"beat-{n}.log") for n in range(2)]
    try:
        # Both start; one takes the lock and sends, the other waits for it. Measure from the first run on.
        started, deadline = time.time(), time.monotonic() + 90
        while not runs(settings, FAIL_STALE_JOBS, started) and time.monotonic() < deadline:
            time.sleep(0.2)
        app = create_celery_app(settings)
        while queue_depth(app, QUEUE) and time.monotonic() < deadline:  # sent while the worker warmed up
            time.sleep(0.1)
        since = time.time()
        time.sleep(WINDOW_SECONDS)
        stale, sweeps = runs(settings, FAIL_STALE_JOBS, since), runs(settings, SWEEP_UPLOADS, since)
        assert all(beat.poll() is None for beat in beats), "a beat exited"
    finally:
        for beat in beats:
            if beat.poll() is None:
                os.killpg(beat.pid, signal.SIGTERM)
                beat.wait(timeout=20)
    logs = [(tmp_path / f"beat-{n}.log").read_text(errors="replace") for n in range(2)]
    # Once per period: about WINDOW/period runs; two beats both sending would double that.
    assert WINDOW_SECONDS / STALE_PERIOD * 0.5 <= len(stale) <= WINDOW_SECONDS / STALE_PERIOD + 2, (stale, logs)
    assert 2 <= len(sweeps) <= WINDOW_SECONDS / SWEEP_PERIOD + 2, (sweeps, logs)
    gaps = [later - earlier for earlier, later in itertools.pairwise(stale)]
    assert sum(gap < STALE_PERIOD * 0.5 for gap in gaps) <= 1, gaps  # never two sends for one period
