"""/metrics: Prometheus text without a gateway signature, requests labelled by view name (never the raw path)."""

import uuid

import pytest
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families


@pytest.mark.django_db
def test_metrics_count_requests_by_view_name() -> None:
    client = Client()
    client.get("/health")
    client.get(f"/api/v1/users/pets/{uuid.uuid4()}")  # refused (no signature): counted, path not a label
    response = client.get("/metrics")
    assert response.status_code == 200
    families = {family.name: family for family in text_string_to_metric_families(response.content.decode())}
    views = {sample.labels["view"] for sample in families["django_http_responses_total_by_status_view_method"].samples}
    assert "health" in views
    assert not any("/" in view for view in views)
