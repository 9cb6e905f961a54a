"""The erasure outbox's backlog, read from the database at scrape time (the worker itself serves nothing)."""

from collections.abc import Iterator
from datetime import UTC, datetime

from django.db.models import Count, Min, Q
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

from apps.erasure.models import ErasureJob


class ErasureBacklogCollector(Collector):
    def collect(self) -> Iterator[Metric]:
        row = ErasureJob.objects.aggregate(
            pending=Count("id"), failing=Count("id", filter=Q(attempts__gt=0)), oldest=Min("created_at")
        )
        jobs = GaugeMetricFamily(
            "auth_erasure_jobs",
            "Erasure jobs not yet confirmed (failing: at least one failed delivery).",
            labels=["state"],
        )
        jobs.add_metric(["pending"], row["pending"])
        jobs.add_metric(["failing"], row["failing"])
        yield jobs
        oldest = row["oldest"]
        age = (datetime.now(UTC) - oldest).total_seconds() if oldest else 0.0
        yield GaugeMetricFamily(
            "auth_erasure_oldest_job_age_seconds", "Age of the oldest unconfirmed erasure job (0 when none).", value=age
        )
