"""docker-compose.local-bases.yml swaps base images and build arguments only: the service graph,
networks, volumes, users, commands and health checks stay docker-compose.yml's."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests import compose_rules as rules

REPO = Path(__file__).resolve().parent.parent
OVERRIDE = REPO / "docker-compose.local-bases.yml"


@pytest.fixture(scope="module")
def override() -> dict[str, Any]:
    return yaml.safe_load(OVERRIDE.read_text())


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())


def test_the_override_changes_images_and_build_arguments_only(
    override: dict[str, Any], compose: dict[str, Any]
) -> None:
    assert set(override) == {"services"} | {key for key in override if key.startswith("x-")}
    for name, service in override["services"].items():
        assert name in compose["services"], name
        assert set(service) <= {"image", "build"}, (name, service)
        assert set(service.get("build") or {}) <= {"args"}, name
        if "image" in service:
            assert "build" not in compose["services"][name], f"{name}: a built image is changed through its args"
            assert service["image"].startswith("localhost/smartbreeds-local/"), name


def test_every_base_image_argument_names_a_local_stand_in(override: dict[str, Any]) -> None:
    for name, service in override["services"].items():
        for arg, value in ((service.get("build") or {}).get("args") or {}).items():
            if arg.endswith("_IMAGE"):
                assert value.startswith("localhost/smartbreeds-local/"), (name, arg)


def test_the_merged_file_keeps_the_topology(tmp_path: Path) -> None:
    if shutil.which("docker-compose") is None:
        pytest.skip("Debian's docker-compose is not installed")
    env_file = tmp_path / "compose.env"
    env_file.write_text("".join(f"{name}=test-{name.lower()}\n" for name in rules.SECRETS))
    merged = subprocess.run(
        ["docker-compose", "--env-file", str(env_file), "-f", str(REPO / "docker-compose.yml"), "-f", str(OVERRIDE),
         "config"],
        capture_output=True, text=True, timeout=60, check=True,
        env={"PATH": "/usr/bin:/bin", "LOCAL_WHEELS_URL": "http://wheels/", "LOCAL_WHEELS_HOST": "wheels"},
    ).stdout  # fmt: skip
    config = yaml.safe_load(merged)
    for check in (rules.network_violations, rules.port_violations, rules.hardening_violations,
                  rules.secret_holder_violations):  # fmt: skip
        assert check(config) == [], check.__name__


def test_stand_in_definitions_exist_for_every_image_the_override_names(override: dict[str, Any]) -> None:
    listed = subprocess.run(
        ["bash", str(REPO / "scripts/local-bases.sh"), "--list"], capture_output=True, text=True, check=True, timeout=30
    ).stdout.split()
    named = {service["image"] for service in override["services"].values() if "image" in service}
    named |= {
        value
        for service in override["services"].values()
        for arg, value in ((service.get("build") or {}).get("args") or {}).items()
        if arg.endswith("_IMAGE")
    }
    assert named <= set(listed), named - set(listed)
