"""Several replicas of one upstream (AI_SERVICE_URLS): round robin, a refused connection goes to the next
replica whatever the method, other failures are retried elsewhere only for idempotent calls, and each
replica has its own breaker."""

import uuid
from collections.abc import Iterator

import pytest
from starlette.responses import Response

from tests.conftest import make_token
from tests.upstream import FakeUpstream

DEAD = "http://127.0.0.1:1"  # nothing listens: the connection is refused


@pytest.fixture(scope="module")
def second_ai() -> Iterator[FakeUpstream]:
    server = FakeUpstream().start()
    yield server
    server.stop()


@pytest.fixture
def replicas(gateway_factory, upstreams, second_ai):
    second_ai.reset()
    yield upstreams["ai"], second_ai
    second_ai.reset()


def _always(status: int):
    return lambda request, body: Response(status_code=status)


def test_calls_take_turns_over_the_replicas(gateway_factory, replicas):
    first, second = replicas
    gateway = gateway_factory(ai_service_urls=f"{first.url},{second.url}")

    statuses = [gateway.get("/api/v1/products").status_code for _ in range(6)]

    assert statuses == [200] * 6
    assert (len(first.seen), len(second.seen)) == (3, 3)


def test_a_refused_connection_sends_even_a_post_to_the_next_replica(gateway_factory, replicas):
    live, _ = replicas
    gateway = gateway_factory(ai_service_urls=f"{DEAD},{live.url}", retry_attempts=1)
    gateway.cookies.set("__Host-access_token", make_token())

    statuses = [
        gateway.post("/api/v1/recommendations", json={"pet_id": str(uuid.uuid4())}).status_code for _ in range(4)
    ]

    assert statuses == [200] * 4
    assert [seen.method for seen in live.seen] == ["POST"] * 4


def test_a_streamed_upload_refused_by_one_replica_reaches_the_other_whole(gateway_factory, replicas):
    live, _ = replicas
    gateway = gateway_factory(ai_service_urls=f"{DEAD},{live.url}")
    gateway.cookies.set("__Host-access_token", make_token())
    image = bytes(range(256)) * 400

    for _ in range(2):  # whichever replica is first in turn
        response = gateway.post("/api/v1/vision/analyze", files={"image": ("cat.png", image, "image/png")})
        assert response.status_code == 200, response.text

    assert len(live.seen) == 2 and all(image in seen.body for seen in live.seen)


def test_a_failing_replica_is_retried_on_the_other_only_for_idempotent_calls(gateway_factory, replicas):
    failing, healthy = replicas
    failing.responder = _always(503)
    gateway = gateway_factory(ai_service_urls=f"{failing.url},{healthy.url}", breaker_threshold=100)
    gateway.cookies.set("__Host-access_token", make_token())

    gets = [gateway.get("/api/v1/products").status_code for _ in range(4)]
    posts = [gateway.post("/api/v1/recommendations", json={"pet_id": str(uuid.uuid4())}).status_code for _ in range(2)]

    assert gets == [200] * 4
    assert sorted(posts) == [200, 503]  # the POST that reached the failing replica is not sent twice
    assert [seen.method for seen in healthy.seen].count("POST") == 1


def test_a_dead_replica_does_not_open_the_live_ones_breaker(gateway_factory, replicas):
    live, _ = replicas
    gateway = gateway_factory(ai_service_urls=f"{DEAD},{live.url}", retry_attempts=1, breaker_threshold=2)

    statuses = [gateway.get("/api/v1/products").status_code for _ in range(10)]

    assert statuses == [200] * 10
    assert len(live.seen) == 10


def test_every_replica_down_is_a_503_envelope(gateway_factory):
    gateway = gateway_factory(ai_service_urls=f"{DEAD},http://127.0.0.1:2", retry_attempts=1)

    response = gateway.get("/api/v1/products")

    assert response.status_code == 503 and response.json()["error"]["code"] == "SERVICE_UNAVAILABLE"
