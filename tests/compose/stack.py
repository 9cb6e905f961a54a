"""A Compose project of the whole stack for tests: built, started, waited on, always removed."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.compose_rules import SECRETS

REPO = Path(__file__).resolve().parents[2]
COMPOSE = str(REPO / "scripts/compose.sh")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class ComposeStack:
    project: str = field(default_factory=lambda: f"sbtest{secrets.token_hex(3)}")
    https_port: int = field(default_factory=free_port)
    http_port: int = field(default_factory=free_port)
    env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.env = {
            **os.environ,
            **{name: secrets.token_urlsafe(32) for name in SECRETS},
            "COMPOSE_PROJECT_NAME": self.project,
            "PUBLISH_HTTP_PORT": str(self.http_port),
            "PUBLISH_HTTPS_PORT": str(self.https_port),
            "ENVIRONMENT": "production",
            "SB_COMPOSE_QUIET": "1",
        }

    @property
    def base_url(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    @property
    def engine(self) -> str:
        return self.run(["bash", "-c", "source scripts/lib.sh && container_engine"]).stdout.strip()

    def run(
        self, args: list[str], check: bool = True, timeout: float = 1800, **kw: object
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, cwd=REPO, env=self.env, capture_output=True, text=True, timeout=timeout,
                              check=check, **kw)  # type: ignore[call-overload]  # fmt: skip

    def compose(self, *args: str, check: bool = True, timeout: float = 1800) -> subprocess.CompletedProcess[str]:
        return self.run([COMPOSE, *args], check=check, timeout=timeout)

    def containers(self) -> dict[str, str]:
        """service -> container id, for the running (and exited one-shot) containers of the project."""
        ids = self.compose("ps", "-q").stdout.split()
        out = {}
        for info in json.loads(self.run([self.engine, "inspect", *ids]).stdout) if ids else []:
            out[info["Config"]["Labels"]["com.docker.compose.service"]] = info["Id"]
        return out

    def inspect(self, service: str) -> dict:
        return json.loads(self.run([self.engine, "inspect", self.containers()[service]]).stdout)[0]

    def exec(self, service: str, *command: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.compose("exec", "-T", service, *command, check=check, timeout=120)

    def probe(self, network: str, code: str) -> subprocess.CompletedProcess[str]:
        """Python `code` in a throwaway container (the gateway's image) on one of the project's networks."""
        return self.run([self.engine, "run", "--rm", "--network", f"{self.project}_{network}", "--entrypoint",
                         "python", "smartbreeds/api-gateway:latest", "-c", code], check=False, timeout=120)  # fmt: skip

    def wait_healthy(self, timeout: float = 600) -> None:
        deadline = time.monotonic() + timeout
        while True:
            states = {}
            for service, cid in self.containers().items():
                info = json.loads(self.run([self.engine, "inspect", cid]).stdout)[0]
                health = (info["State"].get("Health") or {}).get("Status")
                states[service] = health or info["State"]["Status"]
            pending = {s: st for s, st in states.items() if st not in ("healthy", "exited")}
            if not pending and states:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"not healthy after {timeout} s: {pending}")
            time.sleep(2)

    def up(self) -> None:
        self.run(["scripts/certs.sh"])
        self.compose("up", "-d")
        self.wait_healthy()

    def down(self, volumes: bool = True) -> None:
        self.compose("down", "--remove-orphans", *(["-v"] if volumes else []), check=False, timeout=300)
