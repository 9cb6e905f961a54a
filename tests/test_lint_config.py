"""One lint configuration: every Python package extends the root ruff base and repeats the mypy base."""

from __future__ import annotations

import configparser
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.stack import REPO

PACKAGES = ["api-gateway", "auth-service", "user-service", "ai-service", "libs/smartbreeds-common"]
MYPY_BASE = tomllib.loads((REPO / "mypy-base.toml").read_text())


def ruff_config(package: str) -> dict[str, Any]:
    if package == "tests":
        return tomllib.loads((REPO / "tests/ruff.toml").read_text())
    return dict(tomllib.loads((REPO / package / "pyproject.toml").read_text())["tool"]["ruff"])


@pytest.mark.parametrize("package", [*PACKAGES, "tests"])
def test_every_package_extends_the_root_ruff_base_without_its_own_rule_set(package: str) -> None:
    config = ruff_config(package)
    base = Path(package if package != "tests" else "tests") / config["extend"]
    assert (REPO / base).resolve() == REPO / "ruff.toml"
    assert "line-length" not in config
    assert "select" not in config.get("lint", {}) and "ignore" not in config.get("lint", {})


def mypy_settings(package: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the package's own settings, its settings for test modules)."""
    if package == "tests":
        parser = configparser.ConfigParser()
        parser.read(REPO / "tests/mypy.ini")
        values = {
            key: {"true": True, "false": False}.get(value.lower(), value) for key, value in parser["mypy"].items()
        }
        return values, values
    mypy = tomllib.loads((REPO / package / "pyproject.toml").read_text())["tool"]["mypy"]
    overrides = [o for o in mypy.get("overrides", []) if "tests.*" in o["module"]]
    assert len(overrides) == 1, f"{package}: one [[tool.mypy.overrides]] for tests.*"
    return mypy, {**mypy, **overrides[0]}


@pytest.mark.parametrize("package", [*PACKAGES, "tests"])
def test_every_package_repeats_the_mypy_base(package: str) -> None:
    own, for_tests = mypy_settings(package)
    if package != "tests":
        for key, value in MYPY_BASE["base"].items():
            assert own.get(key) == value, f"{package}: mypy {key} should be {value} (mypy-base.toml)"
    expected_for_tests = {**MYPY_BASE["base"], **MYPY_BASE["tests"]}
    for key, value in expected_for_tests.items():
        assert for_tests.get(key) == value, f"{package} tests: mypy {key} should be {value} (mypy-base.toml)"


@pytest.mark.parametrize("package", ["api-gateway", "ai-service"])
def test_the_fastapi_services_stay_strict(package: str) -> None:
    own, _ = mypy_settings(package)
    assert own["strict"] is True
