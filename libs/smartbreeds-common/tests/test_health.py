from smartbreeds_common.health import health_report, probe_state


def _down() -> bool:
    raise ConnectionError("refused")


def test_all_dependencies_ok_is_200_ok() -> None:
    body, status = health_report({"postgres": "ok", "redis": "ok"}, hard=("postgres",))

    assert status == 200
    assert body["success"] is True
    assert body["data"] == {"status": "ok", "dependencies": {"postgres": "ok", "redis": "ok"}}


def test_a_soft_dependency_down_is_200_degraded() -> None:
    body, status = health_report({"postgres": "ok", "ollama": "down"}, hard=("postgres",))

    assert status == 200
    assert body["data"]["status"] == "degraded"


def test_a_hard_dependency_down_is_503_with_the_same_report_in_details() -> None:
    body, status = health_report({"postgres": "down", "ollama": "ok"}, hard=("postgres",))

    assert status == 503
    assert body["success"] is False
    assert body["error"]["code"] == "SERVICE_UNAVAILABLE"
    assert body["error"]["details"] == {"status": "down", "dependencies": {"postgres": "down", "ollama": "ok"}}


def test_a_probe_that_raises_or_answers_false_is_down() -> None:
    assert probe_state(lambda: True) == "ok"
    assert probe_state(lambda: False) == "down"
    assert probe_state(_down) == "down"
