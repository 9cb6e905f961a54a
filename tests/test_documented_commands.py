"""Every command the README and docs/*.md tell a user to type runs as written, without `.env` exported.

The commands are read from the docs (fenced shell blocks and inline code that starts with a command such
as `make`, a venv's python or a script with arguments) and each one must be classified in COMMANDS:
- Run: runs here, in the environment minus every variable `.env` / `.env.example` define (what a fresh
  checkout has before `make env`), on a tiny input where the real one is large;
- Help: its real run boots a stack or takes minutes, so the documented command runs with `--help`
  (imports, argument parsing, module paths);
- Serve: a server: it starts on a free port and answers;
- NotRun: needs the running stack, Docker, a cluster or a database, installs software, or is one of the
  loops CI runs itself (the reason is given).
A command added to the docs and not classified here fails the suite, and so does an entry no doc names
any more. docs/development.md ("Documented commands") lists the commands that run.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.photos import CHELSEA
from tests.stack import REPO, free_port

DOCS = (REPO / "README.md", *sorted((REPO / "docs").glob("*.md")))
SKIMAGE_DATA = CHELSEA.parent
COMMAND_TIMEOUT_SECONDS = 300
HELP_TIMEOUT_SECONDS = 60  # `--help` that takes longer is not answering help

# First words that make a code span a command a user types (after `NAME=value` and `cd DIR &&`).
COMMAND_WORDS = frozenset(
    {
        "make",
        "python",
        "python3",
        "kubectl",
        "kubernetes-validate",
        "docker",
        "docker-compose",
        "psql",
        "promtool",
        "pyenv",
        "ollama",
        "chroma",
        "npm",
        "npx",
        ".ci/run",
    }
)
VENV_BINARY = re.compile(r"^([\w.-]+/)?\.venv/bin/\S+$")
SCRIPT = re.compile(r"^scripts/\S+\.sh$")
ASSIGNMENT = re.compile(r"^[A-Z_][A-Z0-9_]*=")
SHELL_BLOCK = re.compile(r"^```(sh|bash|shell|console)?[ \t]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
ANY_BLOCK = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`([^`\n]+)`")


@dataclass(frozen=True)
class Run:
    """Run `argv` ({photos}, {tmp} filled in) from `cwd` with `env` added; exit 0 and `expect` in its output."""

    argv: tuple[str, ...]
    expect: str
    cwd: str = "."
    env: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Help:
    """Its real run needs `why`: the documented command runs with --help."""

    why: str


@dataclass(frozen=True)
class Serve:
    """A server: `argv` ({port} filled in) must answer GET `path` on that port."""

    argv: tuple[str, ...]
    path: str


@dataclass(frozen=True)
class NotRun:
    why: str


STACK = "needs the running stack (make dev / make up)"
DATABASE = "needs the database of a running stack (PostgreSQL with its roles and migrations)"
DOCKER = "needs a Docker engine (the Compose stack)"
CLUSTER = "needs a Kubernetes cluster"
SETUP = "installs software or builds virtualenvs (make setup does; CI runs it on a fresh clone)"
CI_LOOP = "one of the loops CI runs itself (.ci/run: make lint, make k8s, make test)"
TEST_COMMAND = "a pytest command: the test suite it names runs in make test"
PART_OF = "names a step another documented command runs, not a command to type on its own"
BENCH_STACK = "boots its own stack on free ports and runs for minutes (make bench)"
AI = "ai-service/.venv/bin/python"

COMMANDS: dict[str, Run | Help | Serve | NotRun] = {
    # --- run here ------------------------------------------------------------------------------------------
    "make": Run(("make",), expect="k8s"),
    "make k8s": Run(
        ("make", "k8s"),
        expect="valid: production.yaml",
        env=(("K8S_ENV_FILE", "{tmp}/fresh.env"), ("K8S_OUT_DIR", "{tmp}")),
    ),
    "make contract": Run(("scripts/contract.sh", "check"), expect="match the code"),  # check mode: writes nothing
    "scripts/contract.sh check": Run(("scripts/contract.sh", "check"), expect="match the code"),
    "make certs": Run(("make", "certs"), expect="self-signed certificate", env=(("CERT_DIR", "{tmp}/certs"),)),
    "cd ai-service && .venv/bin/python scripts/generate_catalog.py": Run(
        (".venv/bin/python", "scripts/generate_catalog.py", "--check"), expect="", cwd="ai-service"
    ),
    "python -m app.recommendations.evaluation": Run(
        (".venv/bin/python", "-m", "app.recommendations.evaluation"), expect="mean_ndcg@10", cwd="ai-service"
    ),
    f"{AI} benchmarks/vision_accuracy.py DIR [--json out.json]": Run(
        (AI, "benchmarks/vision_accuracy.py", "{photos}", "--json", "{tmp}/accuracy.json"), expect="OVERALL"
    ),
    ".venv/bin/python -m tests.fakes.ollama --port 11434": Serve(
        (".venv/bin/python", "-m", "tests.fakes.ollama", "--port", "{port}"), path="/api/version"
    ),
    # --- --help only -------------------------------------------------------------------------------------
    ".venv/bin/python -m benchmarks.gateway_bench": Help(BENCH_STACK),
    ".venv/bin/python -m benchmarks.login_bench": Help(BENCH_STACK),
    f"{AI} benchmarks/rag_bench.py --with-100k": Help("several minutes (100k-chunk store)"),
    ".venv/bin/python -m benchmarks.password_forgot_timing": Help(BENCH_STACK),
    ".venv/bin/python -m benchmarks.jobs_bench": Help(BENCH_STACK),
    f"{AI} benchmarks/vision_variants.py": Help("times every classifier variant over the photo sets (minutes)"),
    ".venv/bin/python -m benchmarks.image_report": Help("builds every image with the container engine (make up's)"),
    f"{AI} benchmarks/recommendations_bench.py": Help("a minute or more (100,000-product catalog)"),
    f"{AI} benchmarks/vision_bench.py": Help("50 runs of the classifier and the pipeline"),
    ".venv/bin/python -m benchmarks.observability_overhead": Help(BENCH_STACK),
    f"{AI} benchmarks/rag_eval.py": Help("needs PostgreSQL and embeds the evaluation set (a few minutes)"),
    f"{AI} benchmarks/hostile_documents.py": Help("parses every decompression bomb under the limits (minutes)"),
    ".venv/bin/python benchmarks/frontend_delivery.py [--path /login] [--throttle]": Help(
        "needs the built frontend (frontend/dist) and Chromium"
    ),
    # --- not run -----------------------------------------------------------------------------------------
    "make dev": NotRun(STACK),
    'PROCESSES="auth user nginx" make dev': NotRun(STACK),
    'CHROMA_HOST=127.0.0.1 PROCESSES="chroma gateway auth user ai nginx" make dev': NotRun(STACK),
    "make health": NotRun(STACK),
    "HEALTH_URL=https://localhost/api/v1/health make health": NotRun(STACK),
    "make monitor": NotRun(STACK),
    "make seed-kb": NotRun(STACK),
    "make sweep-uploads": NotRun(DATABASE),
    "make db-migrate": NotRun(DATABASE),
    "make db-backup": NotRun(DATABASE),
    "make db-backup FILE=/safe/place/sb.dump": NotRun(DATABASE),
    "make db-restore": NotRun(DATABASE),
    "make db-restore FILE=var/backups/smartbreeds-20261125T063000Z.dump": NotRun(DATABASE),
    "DOCKER=1 make db-backup": NotRun(DOCKER),
    "make create-admin": NotRun(DATABASE),
    "make create-admin EMAIL=... PASSWORD=...": NotRun(DATABASE),
    "make create-admin EMAIL=... PASSWORD=... PROMOTE=1": NotRun(DATABASE),
    "make create-admin EMAIL=admin@example.com PASSWORD='a long passphrase'": NotRun(DATABASE),
    "DOCKER=1 make create-admin EMAIL=... PASSWORD=...": NotRun(DOCKER),
    "python -m app.sweep": NotRun(DATABASE),
    "python -m app.sweep --every 3600": NotRun(DATABASE),
    "python -m app.rag.seed": NotRun(DATABASE),
    "cd ai-service && .venv/bin/alembic upgrade head && .venv/bin/python -m app.recommendations.seed": NotRun(DATABASE),
    "SB_ROLE_PASSWORD=... psql -v role=smartbreeds_auth -v schema=auth_schema -f scripts/postgres/service-role.sql": NotRun(
        DATABASE
    ),
    "make bench": NotRun(BENCH_STACK),
    "make chaos": NotRun("boots the stack for a 5-minute soak"),
    "SOAK_SECONDS=60 make chaos": NotRun("boots the stack for a 1-minute soak"),
    "make up": NotRun(DOCKER),
    "make down": NotRun(DOCKER),
    "make restart": NotRun(DOCKER),
    "make logs": NotRun(DOCKER),
    "make logs-<service>": NotRun(DOCKER),
    "make logs-ai-service": NotRun(DOCKER),
    "make logs-auth-worker": NotRun(DOCKER),
    "COMPOSE_PROFILES=grafana make up": NotRun(DOCKER),
    "DOCKER=1 make health": NotRun(DOCKER),
    "docker-compose up -d --scale ai-worker=N": NotRun(DOCKER),
    "make create-admin DOCKER=1 EMAIL=you@example.com PASSWORD='a long passphrase'": NotRun(DOCKER),
    "make local-bases": NotRun("builds base images with podman and debootstrap (minutes, as root)"),
    "make test-compose": NotRun(DOCKER + "; builds every image and runs the container test (docs/containers.md)"),
    "ollama serve/list/pull": NotRun("names the fake Ollama image's commands, not a command to type"),
    "python -c": NotRun(PART_OF + " (the Compose health checks)"),
    "python -m pip": NotRun(PART_OF + " (the stand-in base's pip wrapper)"),
    "scripts/datastores.sh dev": NotRun(PART_OF + " (make dev starts its password-protected Redis)"),
    "scripts/podman-engine.sh stop": NotRun(DOCKER),
    "make re": NotRun(DOCKER),
    "make clean": NotRun("stops containers and removes the developer's runtime files (var/logs, var/nginx)"),
    "make fclean": NotRun("removes the venvs, node_modules and var/ of the checkout"),
    "docker compose ps": NotRun(DOCKER),
    "docker compose -f docker-compose.yml -f monitoring/compose.expose.yml up -d prometheus grafana": NotRun(DOCKER),
    "docker-compose config -q": NotRun("run by .ci/run on a fresh clone, and by tests/test_compose_*.py"),
    "kubectl apply -f var/k8s/laptop.yaml": NotRun(CLUSTER),
    "kubectl apply -k deploy/k8s/overlays/laptop": NotRun(CLUSTER),
    "kubectl kustomize": NotRun(PART_OF + " (make k8s)"),
    "kubernetes-validate --strict": NotRun(PART_OF + " (make k8s)"),
    "scripts/k8s.sh render": NotRun("make k8s's first half; tests/test_k8s_manifests.py runs it"),
    "chroma run": NotRun("the Chroma server of the Kubernetes StatefulSet; tests/test_two_ai_replicas.py runs it"),
    "chroma run --path <CHROMA_PERSIST_DIR>": NotRun("the Chroma server; tests/test_two_ai_replicas.py runs it"),
    "ollama list": NotRun("needs Ollama itself"),
    "npm run lint": NotRun(PART_OF + " (make lint)"),
    "promtool check config monitoring/prometheus.yml": NotRun("tests/test_observability.py runs it"),
    "promtool check rules monitoring/rules/*.yml": NotRun("tests/test_observability.py runs it"),
    "promtool test rules monitoring/tests/alerts_test.yml": NotRun("tests/test_observability.py runs it"),
    "make env": NotRun("writes the developer's .env; tests/test_scripts.py runs scripts/env.sh on a temporary file"),
    "make setup": NotRun(SETUP),
    "pyenv install 3.12": NotRun(SETUP),
    "pyenv install 3.12 3.11": NotRun(SETUP),
    "scripts/bootstrap-python.sh <service>": NotRun(SETUP),
    "scripts/bootstrap-python.sh .": NotRun(SETUP),
    ".ci/run": NotRun("CI itself: installs packages and runs make lint, make k8s and make test"),
    "make test": NotRun(CI_LOOP),
    "make test-unit": NotRun(CI_LOOP),
    "make lint": NotRun(CI_LOOP),
    "scripts/lint.sh ruff mypy": NotRun(CI_LOOP),
    "python -X importtime": NotRun("a measuring technique, not a command of this project"),
    "cd <service> && .venv/bin/python -m pytest -q": NotRun(TEST_COMMAND),
    "cd <service> && .venv/bin/python -m pytest -q <file> -x": NotRun(TEST_COMMAND),
    ".venv/bin/python -m pytest -q tests/<file>": NotRun(TEST_COMMAND),
    ".venv/bin/python -m pytest -q tests/reliability": NotRun(TEST_COMMAND),
    ".venv/bin/python -m pytest -q tests/reliability -k ollama": NotRun(TEST_COMMAND),
    "SCHEMATHESIS_MAX_EXAMPLES=100 .venv/bin/python -m pytest -q tests/reliability/test_schemathesis.py": NotRun(
        TEST_COMMAND
    ),
    "FUZZ_CASES=1000 .venv/bin/python -m pytest -q tests/reliability/test_token_fuzz.py": NotRun(TEST_COMMAND),
    "OBSERVABILITY_RENDER_DIR=docs/images/dashboards .venv/bin/python -m pytest tests/test_observability.py": NotRun(
        TEST_COMMAND
    ),
}

# Not entry points: shared code and the helper login_bench runs with the auth service's venv.
BENCHMARK_HELPERS = {"__init__", "_common", "argon2_verify"}


def is_command(text: str) -> bool:
    try:
        words = shlex.split(text)
    except ValueError:  # an unbalanced quote: prose, not a command
        return False
    while words and ASSIGNMENT.match(words[0]):
        words.pop(0)
    if words[:1] == ["cd"] and "&&" in words:
        words = words[words.index("&&") + 1 :]
    if not words:
        return False
    first = words[0]
    if len(words) == 1 and first not in ("make", ".ci/run"):
        return False  # `chroma`, `docker`: a name in a sentence
    return first in COMMAND_WORDS or bool(VENV_BINARY.match(first)) or (bool(SCRIPT.match(first)) and len(words) > 1)


def _spans(markdown: str) -> Iterator[tuple[int, str]]:
    """(line, text) of every shell line in a fenced block and every inline code span outside blocks."""
    for block in SHELL_BLOCK.finditer(markdown):
        first_line = markdown.count("\n", 0, block.start(2)) + 1
        for offset, line in enumerate(block.group(2).splitlines()):
            yield first_line + offset, re.sub(r"\s+#\s.*$", "", line).removeprefix("$ ").strip()
    masked = ANY_BLOCK.sub(lambda block: "\n" * block.group(0).count("\n"), markdown)
    for span in INLINE_CODE.finditer(masked):
        yield masked.count("\n", 0, span.start()) + 1, span.group(1).strip()


def documented_commands() -> dict[str, list[str]]:
    """Each command the docs give, with where it is written (file:line)."""
    found: dict[str, list[str]] = {}
    for doc in DOCS:
        for line, text in _spans(doc.read_text(encoding="utf-8")):
            command = " ".join(text.split())
            if command and is_command(command):
                found.setdefault(command, []).append(f"{doc.relative_to(REPO)}:{line}")
    return found


def environment_without_dotenv() -> dict[str, str]:
    """This process's environment minus every variable .env or .env.example defines."""
    defined: set[str] = set()
    for name in (".env", ".env.example"):
        path = REPO / name
        if path.exists():
            defined |= set(re.findall(r"(?m)^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=", path.read_text()))
    return {key: value for key, value in os.environ.items() if key not in defined and not key.startswith("PYTEST_")}


def help_invocation(command: str) -> tuple[list[str], str, dict[str, str]]:
    """argv (+ --help), working directory and variables of a documented command; [optional] parts dropped."""
    words = shlex.split(re.sub(r"\s*\[[^\]]*\]", "", command))
    env: dict[str, str] = {}
    while words and ASSIGNMENT.match(words[0]):
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    cwd = "."
    if words[:1] == ["cd"]:
        cwd, words = words[1], words[words.index("&&") + 1 :]
    return [*words, "--help"], cwd, env


def run(argv: list[str], cwd: str, env: Mapping[str, str], timeout: float) -> subprocess.CompletedProcess[str]:
    """Run in its own process group, killed whole on timeout (a benchmark may have started servers)."""
    process = subprocess.Popen(
        argv,
        cwd=REPO / cwd,
        env={**environment_without_dotenv(), **env},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
        return subprocess.CompletedProcess(argv, -9, stdout, stderr + f"\n(killed after {timeout:.0f} s)")
    return subprocess.CompletedProcess(argv, process.returncode, stdout, stderr)


def failure(argv: list[str], result: subprocess.CompletedProcess[str]) -> str:
    return f"{shlex.join(argv)} exited {result.returncode}\n--- stdout\n{result.stdout[-3000:]}\n--- stderr\n{result.stderr[-3000:]}"


def labelled_photos(directory: Path) -> Path:
    """A tiny accuracy set from the photos the tests use: Chelsea (a tabby) and one non-pet image."""
    directory.mkdir()
    shutil.copy(CHELSEA, directory / "Domestic_Shorthair_1.png")
    shutil.copy(SKIMAGE_DATA / "coffee.png", directory / "No_Pet_1.png")
    return directory


# --- the classification is complete ------------------------------------------------------------------------


def test_every_documented_command_is_classified() -> None:
    documented = documented_commands()
    unclassified = {command: where for command, where in documented.items() if command not in COMMANDS}

    assert len(documented) > 40  # the docs were read
    assert not unclassified, (
        "documented commands tests/test_documented_commands.py does not know: add each to COMMANDS "
        "(Run / Help / Serve, or NotRun with the reason):\n"
        + "\n".join(f"  {command!r}  ({', '.join(where)})" for command, where in sorted(unclassified.items()))
    )


def test_every_classified_command_is_still_documented() -> None:
    stale = sorted(set(COMMANDS) - set(documented_commands()))

    assert not stale, "no doc gives these commands any more: remove them from COMMANDS:\n" + "\n".join(stale)


def test_every_benchmark_script_is_checked() -> None:
    checked = " ".join(command for command, kind in COMMANDS.items() if isinstance(kind, Run | Help))
    scripts = {path.stem for path in (REPO / "benchmarks").glob("*.py")} - BENCHMARK_HELPERS
    unchecked = {
        name for name in scripts if f"benchmarks/{name}.py" not in checked and f"benchmarks.{name}" not in checked
    }

    assert unchecked == set(), "document a command for these benchmarks and add it to COMMANDS as Run or Help"


def test_development_guide_lists_the_commands_that_run() -> None:
    guide = (REPO / "docs/development.md").read_text(encoding="utf-8")
    section = guide.split("## Documented commands", 1)[1].split("\n## ", 1)[0]
    listed = {" ".join(text.split()) for _, text in _spans(section)}
    running = {command for command, kind in COMMANDS.items() if not isinstance(kind, NotRun)}

    assert sorted(running - listed) == []


# --- the commands run ------------------------------------------------------------------------------------


RUNNING: dict[Run | Serve, list[str]] = {}
for _command, _kind in sorted(COMMANDS.items()):
    if isinstance(_kind, Run | Serve):
        RUNNING.setdefault(_kind, []).append(_command)  # `make contract` and its check mode run once
HELPED = sorted(command for command, kind in COMMANDS.items() if isinstance(kind, Help))


@pytest.mark.parametrize("kind", list(RUNNING), ids=[" | ".join(commands) for commands in RUNNING.values()])
def test_documented_command_runs_without_dotenv(kind: Run | Serve, tmp_path: Path) -> None:
    if "make" in kind.argv[:1] and "k8s" in kind.argv and shutil.which("kubectl") is None:
        pytest.skip("kubectl is missing (apt-get install kubernetes-client; .ci/run installs it)")
    values = {"tmp": str(tmp_path), "photos": str(labelled_photos(tmp_path / "photos")), "port": str(free_port())}
    if isinstance(kind, Serve):
        _serves(kind, values)
        return
    argv = [part.format(**values) for part in kind.argv]
    result = run(argv, kind.cwd, {name: value.format(**values) for name, value in kind.env}, COMMAND_TIMEOUT_SECONDS)

    assert result.returncode == 0, failure(argv, result)
    assert kind.expect in result.stdout + result.stderr, failure(argv, result)


def _serves(kind: Serve, values: dict[str, str]) -> None:
    argv = [part.format(**values) for part in kind.argv]
    process = subprocess.Popen(
        argv,
        cwd=REPO,
        env=environment_without_dotenv(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (
                f"{shlex.join(argv)} exited {process.returncode}: {process.stderr.read() if process.stderr else ''}"
            )
            try:
                response = httpx.get(f"http://127.0.0.1:{values['port']}{kind.path}", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, f"{shlex.join(argv)} did not answer within 60 s"
                time.sleep(0.1)
        assert response.status_code == 200
    finally:
        process.terminate()
        process.wait(10)


@pytest.mark.parametrize("command", HELPED)
def test_documented_command_answers_help_without_dotenv(command: str) -> None:
    argv, cwd, env = help_invocation(command)
    result = run(argv, cwd, env, HELP_TIMEOUT_SECONDS)

    assert result.returncode == 0, failure(argv, result)
    assert "usage:" in result.stdout, failure(argv, result)
