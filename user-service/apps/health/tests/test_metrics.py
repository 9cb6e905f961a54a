"""/metrics: Prometheus text without a gateway signature, requests labelled by URL pattern (never the raw path)."""

import uuid

import pytest
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families


@pytest.mark.django_db
def test_metrics_count_requests_by_route_template() -> None:
    client = Client()
    pet_id = uuid.uuid4()
    client.get(f"/api/v1/pets/{pet_id}")  # refused (no signature): counted under its pattern, not its path
    client.get("/no/such/path")
    response = client.get("/metrics")
    assert response.status_code == 200
    families = {family.name: family for family in text_string_to_metric_families(response.content.decode())}
    handlers = {sample.labels["handler"] for sample in families["http_requests"].samples}
    assert "none" in handlers
    assert "/api/v1/pets/<str:pet_id>" in handlers
    assert not any(str(pet_id) in handler for handler in handlers)
