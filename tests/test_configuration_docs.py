"""docs/configuration.md explains every variable of .env.example."""

from __future__ import annotations

import re

from tests.stack import REPO


def test_every_env_example_variable_is_documented() -> None:
    variables = re.findall(r"(?m)^([A-Z][A-Z0-9_]*)=", (REPO / ".env.example").read_text())
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]*)`", (REPO / "docs" / "configuration.md").read_text()))
    assert variables, ".env.example lists no variables"
    assert sorted(set(variables) - documented) == []
