"""The batch recommendation job on a Celery worker (app.recommendations.jobs.run_batch_job)."""

from __future__ import annotations

from celery import shared_task

from smartbreeds_common.identity import Identity

from app.core.celery import RECOMMEND_BATCH


@shared_task(name=RECOMMEND_BATCH)
def refresh_recommendations(job_id: str, user_id: str, role: str, request_id: str) -> str:
    from app.recommendations.context import context_from_state
    from app.recommendations.jobs import run_batch_job
    from app.worker import runtime

    worker = runtime()
    ident = Identity(user_id=user_id, role=role, request_id=request_id)

    async def run() -> str:
        return await run_batch_job(context_from_state(worker.state), worker.state.jobs, job_id=job_id, ident=ident)

    return worker.run(run())
