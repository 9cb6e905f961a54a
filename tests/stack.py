"""Boot the local stack (the processes of Procfile.dev) on free ports for cross-service tests.

Same commands as `make dev` (read from Procfile.dev, never copied), but isolated so it runs beside
`make dev` and beside other test runs: a fresh database smartbreeds_e2e_<random>, a random
REDIS_KEY_PREFIX, a var dir under a tmp path, free ports, and the fake Ollama.

Scale-out (docs/scaling.md): `ai_replicas=N` starts N ai-service processes (`ai`, `ai-2`, ...) from the
same Procfile command, each on its own port and with its own (unused) embedded-Chroma directory, all
behind the gateway (AI_SERVICE_URLS) and on the Procfile's `chroma` server (CHROMA_HOST/CHROMA_PORT);
they share PostgreSQL, Redis and the photo/document directories (what a shared volume is in a cluster).
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import quote, urlsplit, urlunsplit

from tests.fakes.ollama import FakeOllama
from tests.mailbox import Mailbox

REPO = Path(__file__).resolve().parent.parent
SERVICES = {"gateway": "api-gateway", "auth": "auth-service", "user": "user-service", "ai": "ai-service"}
# Services with their own PostgreSQL role and schema (scripts/db.sh roles; roles are named <database>_<name>).
DATABASE_SERVICES = ("auth", "user", "ai")
PORT_VARS = {"gateway": "GATEWAY_PORT", "auth": "AUTH_PORT", "user": "USER_PORT", "ai": "AI_PORT"}
# Procfile.dev processes started only on request (the Chroma server: with ai_replicas > 1, chroma_server or
# the ai-worker).
ON_REQUEST = ("chroma", "maildev")  # maildev: the harness has its own SMTP server (tests/mailbox.py)
CHROMA_HEARTBEAT = "/api/v2/heartbeat"
START_TIMEOUT_SECONDS = float(os.environ.get("STACK_START_TIMEOUT", "180"))
# Chromium from Debian: Playwright's own browsers cannot be downloaded here.
CHROMIUM_LAUNCH = {
    "executable_path": "/usr/bin/chromium",
    "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
}


def missing_service_folders() -> list[str]:
    return [folder for folder in SERVICES.values() if not (REPO / folder / "requirements.txt").exists()]


def procfile_commands(path: Path = REPO / "Procfile.dev") -> dict[str, str]:
    commands = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, command = line.split(":", 1)
            commands[name.strip()] = command.strip()
    return commands


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def service_database_url(admin_url: str, role: str, password: str) -> str:
    """The administrator's DATABASE_URL with a service role's credentials (as scripts/lib.sh builds it)."""
    url = urlsplit(admin_url)
    host = url.hostname or "127.0.0.1"
    netloc = f"{quote(role, safe='')}:{quote(password, safe='')}@{f'[{host}]' if ':' in host else host}"
    return urlunsplit(url._replace(netloc=netloc + (f":{url.port}" if url.port else "")))


def run_script(*args: str, env: dict[str, str]) -> None:
    subprocess.run([str(REPO / "scripts" / args[0]), *args[1:]], env=env, check=True, cwd=REPO, timeout=900)


@dataclass
class LocalStack:
    root: Path
    ollama: FakeOllama = field(default_factory=lambda: FakeOllama(port=0))
    database: str = field(default_factory=lambda: f"smartbreeds_e2e_{secrets.token_hex(4)}")
    redis_prefix: str = field(default_factory=lambda: f"e2e:{secrets.token_hex(4)}:")
    ports: dict[str, int] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    # Procfile.dev process names to run (all by default; a subset helps when debugging one service).
    only: tuple[str, ...] = ()
    # Settings that win over the harness's own (raised rate limits, short timeouts, ...).
    overrides: Mapping[str, str] = field(default_factory=dict)
    # ai-service processes behind the gateway; more than one implies the Chroma server.
    ai_replicas: int = 1
    chroma_server: bool = False
    # Per-process environment on top of `env` (an ai replica's own port and embedded-Chroma directory).
    process_env: dict[str, dict[str, str]] = field(default_factory=dict)
    frontend_error: str | None = None
    # The SMTP server the stack's mail worker delivers to (tests read the mail there).
    mailbox: Mailbox = field(default_factory=Mailbox)
    _logs: list[IO[bytes]] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        """nginx over https (self-signed certificate: clients must not verify)."""
        return f"https://localhost:{self.ports['nginx_https']}"

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['gateway']}"

    @property
    def uses_chroma_server(self) -> bool:
        """Several processes write the knowledge base (ai replicas, or the ai-service and its Celery worker):
        an embedded Chroma does not see another process's fresh writes, a Chroma server does."""
        runs_worker = not self.only or "ai-worker" in self.only
        return self.chroma_server or self.ai_replicas > 1 or runs_worker

    @property
    def ai_processes(self) -> list[str]:
        """Process (and port) names of the ai-service replicas: `ai`, `ai-2`, ..."""
        return ["ai", *(f"ai-{number}" for number in range(2, self.ai_replicas + 1))]

    def ai_url(self, process: str) -> str:
        return f"http://127.0.0.1:{self.ports[process]}"

    def kill(self, name: str, sig: signal.Signals = signal.SIGKILL) -> None:
        """Kill one process (its whole process group: uvicorn and its workers) and wait for it."""
        process = self.processes[name]
        if process.poll() is None:
            os.killpg(process.pid, sig)
        process.wait(timeout=15)

    def log_of(self, name: str) -> str:
        path = self.root / "logs" / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def create_admin(self, password: str) -> str:
        """A new administrator account (the auth service's `create_admin` command); returns its email."""
        email = f"admin-{secrets.token_hex(5)}@example.com"
        command = ["manage.py", "create_admin", "--email", email, "--password", password]
        subprocess.run(
            [str(REPO / "auth-service/.venv/bin/python"), *command],
            cwd=REPO / "auth-service", env=self.env, check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        return email

    def build_env(self) -> dict[str, str]:
        self.ports = {
            name: free_port()
            for name in [
                *SERVICES,
                *self.ai_processes,
                "nginx_https",
                "nginx_http",
                "gateway_metrics",
                "ai_worker_metrics",
            ]
        }
        if self.uses_chroma_server:
            self.ports["chroma"] = free_port()
        base_db = os.environ.get("E2E_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
        env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST_", "VIRTUAL_ENV"))}
        env.update(
            ENVIRONMENT="development",
            LOG_FORMAT="json",
            JWT_SECRET=secrets.token_urlsafe(48),
            GATEWAY_SIGNING_SECRET=secrets.token_urlsafe(48),
            PROXY_SECRET=secrets.token_urlsafe(48),  # nginx -> gateway (X-Gateway-Proxy-Secret)
            DJANGO_SECRET_KEY=secrets.token_urlsafe(48),
            DJANGO_SETTINGS_MODULE=env.get("DJANGO_SETTINGS_MODULE", "config.settings.local"),
            DATABASE_URL=base_db.rsplit("/", 1)[0] + "/" + self.database,
            REDIS_URL=os.environ.get("E2E_REDIS_URL", "redis://127.0.0.1:6379/0"),
            REDIS_KEY_PREFIX=self.redis_prefix,
            OLLAMA_BASE_URL=self.ollama.url,
            CHROMA_PERSIST_DIR=str(self.root / "chroma"),
            UPLOAD_DIR=str(self.root / "uploads"),
            RAG_DOCUMENTS_DIR=str(self.root / "rag-documents"),
            CERT_DIR=str(self.root / "certs"),
            NGINX_RUNTIME_DIR=str(self.root / "nginx"),
            NGINX_HTTPS_PORT=str(self.ports["nginx_https"]),
            NGINX_HTTP_PORT=str(self.ports["nginx_http"]),
            CORS_ORIGIN=f"https://localhost:{self.ports['nginx_https']}",
            FRONTEND_DIST=str(self.root / "frontend-dist"),
            # Test suites register many users from one address; the limit itself is tested in the gateway.
            RATE_LIMIT_LOGIN_PER_MINUTE="1000",
            # Observability: the gateway's internal metrics port, each service's multiprocess folder, and
            # spans written as JSON lines beside the logs (tests/test_observability.py reads them).
            GATEWAY_METRICS_PORT=str(self.ports["gateway_metrics"]),
            AI_WORKER_METRICS_PORT=str(self.ports["ai_worker_metrics"]),  # the Celery worker's /metrics
            METRICS_DIR=str(self.root / "metrics"),
            OTEL_TRACES_EXPORTER="console",
            # Mail: the harness's own SMTP server, links to this stack's site.
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(self.mailbox.port),
            EMAIL_USE_TLS="false",
            EMAIL_USE_SSL="false",
            PUBLIC_APP_URL=f"https://localhost:{self.ports['nginx_https']}",
        )
        # Each service connects as its own role, created by db.sh with these passwords (Procfile.dev picks
        # <SERVICE>_DATABASE_URL); the harness keeps DATABASE_URL, the administrator's, for db.sh.
        for name in DATABASE_SERVICES:
            password = secrets.token_urlsafe(24)
            env[f"{name.upper()}_DB_PASSWORD"] = password
            role = f"{self.database}_{name}"
            env[f"{name.upper()}_DATABASE_URL"] = service_database_url(env["DATABASE_URL"], role, password)
        env.update(self.overrides)
        for name, var in PORT_VARS.items():
            env[var] = str(self.ports[name])
            if name != "gateway":
                env[f"{SERVICES[name].split('-')[0].upper()}_SERVICE_URL"] = f"http://127.0.0.1:{self.ports[name]}"
        if self.uses_chroma_server:
            env.update(
                CHROMA_HOST="127.0.0.1",
                CHROMA_PORT=str(self.ports["chroma"]),
                CHROMA_SERVER_DIR=str(self.root / "chroma-server"),
            )
        if self.ai_replicas > 1:
            env["AI_SERVICE_URLS"] = ",".join(self.ai_url(name) for name in self.ai_processes)
            for name in self.ai_processes:
                # Its own embedded-Chroma directory: were CHROMA_HOST ignored, replicas would not share a store.
                self.process_env[name] = {
                    "AI_PORT": str(self.ports[name]),
                    "CHROMA_PERSIST_DIR": str(self.root / f"chroma-{name}"),
                }
        return env

    def commands(self) -> dict[str, str]:
        """Process name -> command: Procfile.dev's, with the ai command once per replica."""
        procfile = procfile_commands()
        wanted = {name: cmd for name, cmd in procfile.items() if not self.only or name in self.only}
        for name in ON_REQUEST:
            if name in wanted and not (name == "chroma" and self.uses_chroma_server):
                del wanted[name]
        if self.uses_chroma_server and "chroma" not in wanted:
            wanted = {"chroma": procfile["chroma"], **wanted}
        if "ai" in wanted:
            for name in self.ai_processes[1:]:
                wanted[name] = wanted["ai"]
        return wanted

    def start(self) -> LocalStack:
        self.ollama.start()
        self.mailbox.start()
        self.env = self.build_env()
        (self.root / "logs").mkdir(parents=True, exist_ok=True)
        commands = self.commands()
        for name in commands:
            if name in SERVICES:
                run_script("bootstrap-python.sh", str(REPO / SERVICES[name]), env=self.env)
        if "nginx" in commands:
            try:
                run_script("frontend.sh", "build", env=self.env)
            except subprocess.CalledProcessError as error:  # the API tests still run; the shell test reports it
                self.frontend_error = f"frontend build failed: {error}"
        run_script("certs.sh", env=self.env)
        run_script("render-nginx.sh", self.env["NGINX_RUNTIME_DIR"], env=self.env)
        run_script("db.sh", "create", env=self.env)
        run_script("db.sh", "migrate", env=self.env)
        for name, command in commands.items():
            log = open(self.root / "logs" / f"{name}.log", "wb")  # noqa: SIM115  (closed in stop())
            self._logs.append(log)
            self.processes[name] = subprocess.Popen(
                ["bash", "-c", command], cwd=REPO, env={**self.env, **self.process_env.get(name, {})}, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
            if name == "chroma":  # the ai replicas connect to it while they start
                self.wait_healthy(names=("chroma",))
        self.wait_healthy()
        return self

    def wait_healthy(self, names: tuple[str, ...] = ()) -> None:
        checks = {name: f"http://127.0.0.1:{self.ports[name]}/health" for name in [*SERVICES, *self.ai_processes]}
        checks["nginx"] = f"https://127.0.0.1:{self.ports['nginx_https']}/"
        if "chroma" in self.ports:
            checks["chroma"] = f"http://127.0.0.1:{self.ports['chroma']}{CHROMA_HEARTBEAT}"
        checks = {name: url for name, url in checks.items() if name in self.processes and (not names or name in names)}
        insecure = ssl.create_default_context()
        insecure.check_hostname, insecure.verify_mode = False, ssl.CERT_NONE
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        pending = dict(checks)
        while pending:
            for name, url in list(pending.items()):
                process = self.processes[name]
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited with {process.returncode}:\n{self.log_of(name)[-3000:]}")
                try:
                    urllib.request.urlopen(url, timeout=2, context=insecure if name == "nginx" else None)
                    del pending[name]
                except urllib.error.HTTPError as error:
                    if name == "nginx":  # any answer means nginx serves (the frontend may not be built)
                        del pending[name]
                    elif error.code != 503:
                        raise RuntimeError(f"{name} /health answered {error.code}") from error
                except OSError:
                    pass
            if time.monotonic() > deadline:
                logs = "\n".join(f"--- {n}\n{self.log_of(n)[-2000:]}" for n in pending)
                raise TimeoutError(f"not healthy after {START_TIMEOUT_SECONDS}s: {sorted(pending)}\n{logs}")
            time.sleep(0.5)

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        for log in self._logs:
            log.close()
        self.ollama.stop()
        self.mailbox.stop()
        if self.env:
            run_script("db.sh", "drop", env=self.env)
            self.delete_redis_keys()

    def delete_redis_keys(self) -> None:
        import redis

        client = redis.Redis.from_url(self.env["REDIS_URL"])
        keys = list(client.scan_iter(match=f"{self.redis_prefix}*", count=500))
        if keys:
            client.delete(*keys)
        client.close()


@contextmanager
def running_stack(
    root: Path,
    *,
    only: tuple[str, ...] = (),
    overrides: Mapping[str, str] | None = None,
    ai_replicas: int = 1,
    chroma_server: bool = False,
) -> Iterator[LocalStack]:
    """A started LocalStack, stopped (processes, database, Redis keys) however the block ends."""
    local = LocalStack(
        root=root, only=only, overrides=dict(overrides or {}), ai_replicas=ai_replicas, chroma_server=chroma_server
    )
    try:
        local.start()
        yield local
    finally:
        local.stop()
