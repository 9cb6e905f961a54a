"""Multiprocess mode: the samples of several worker processes are summed by whichever process is scraped;
the metrics listener can be bound by every worker at once (SO_REUSEPORT)."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from smartbreeds_common.metrics import MetricsServer

WORKER = """
from prometheus_client import Counter
Counter("test_worker_requests_total", "requests", ["handler"]).labels("/api/v1/pets").inc({amount})
"""


def _value(text: str, name: str) -> float:
    return sum(s.value for f in text_string_to_metric_families(text) for s in f.samples if s.name == name)


def test_two_workers_are_summed_in_one_scrape(tmp_path: Path) -> None:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    for amount in (2, 3):  # two "workers": separate processes writing into the shared folder
        subprocess.run([sys.executable, "-c", WORKER.format(amount=amount)], env=env, check=True, timeout=60)
    scrape = "from smartbreeds_common.metrics import exposition; import sys; sys.stdout.write(exposition().decode())"
    text = subprocess.run(
        [sys.executable, "-c", scrape], env=env, check=True, capture_output=True, text=True, timeout=60
    ).stdout
    assert _value(text, "test_worker_requests_total") == 5


@pytest.mark.network  # binds and scrapes a port: not a unit test (make test-unit)
def test_every_worker_can_bind_the_metrics_port() -> None:
    first = MetricsServer(host="127.0.0.1", port=0).start()
    second = MetricsServer(host="127.0.0.1", port=first.port).start()  # a second worker, same port
    try:
        body = urllib.request.urlopen(f"http://127.0.0.1:{first.port}/metrics", timeout=5).read().decode()
        assert "# TYPE" in body
    finally:
        first.stop()
        second.stop()
