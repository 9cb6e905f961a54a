# SmartBreeds: thin wrappers; the logic lives in scripts/. `make` alone lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON312 ?= $(or $(wildcard /root/.pyenv/versions/3.12.1/bin/python3.12),$(shell command -v python3.12))
PYTHON311 ?= $(or $(wildcard /root/.pyenv/versions/3.11.7/bin/python3.11),$(shell command -v python3.11))
export PYTHON312 PYTHON311

# Docker path: Docker when its daemon answers, else podman (docs/containers.md); local stand-in bases when built.
COMPOSE ?= scripts/compose.sh
SERVICES := nginx api-gateway auth-service user-service ai-service chroma auth-worker auth-beat ai-worker ai-beat ollama postgres redis

.PHONY: help env certs setup dev dev-frontend dev-ai test test-unit test-e2e lint health sweep-uploads \
	build up down restart logs $(addprefix logs-,$(SERVICES)) local-bases test-compose clean fclean re \
	db-migrate db-backup db-restore create-admin seed-kb bench chaos k8s monitor contract

help: ## Show this help
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_%-]+:.*## / {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

## --- local path (no Docker) ----------------------------------------------------
env: ## Create .env from .env.example with random secrets (once)
	@scripts/env.sh

certs: ## Self-signed TLS certificate for localhost in var/certs
	@scripts/certs.sh

setup: ## Install everything the local stack needs (packages, venvs, frontend, database)
	@scripts/setup.sh

dev: ## Run the whole stack locally under honcho: https://localhost:8443 (Ctrl-C stops it)
	@scripts/dev.sh

dev-frontend: ## Vite dev server for the frontend (hot reload)
	@scripts/frontend.sh dev

dev-ai: ## Only the AI service, with auto-reload, on AI_PORT
	@scripts/dev-ai.sh

test: ## Every test suite: each service's pytest, frontend Vitest, compose topology, cross-service
	@scripts/test.sh

test-unit: ## Fast loop: the unit tests (no database, server or network) of the library and each service + frontend Vitest
	@scripts/test.sh unit

test-e2e: ## Only the root tests (fake Ollama, compose topology, cross-service stack)
	@scripts/test.sh root

bench: ## Benchmarks (gateway overhead, login vs argon2, RAG, recommendations, vision) -> benchmarks/results/
	@scripts/bench.sh

chaos: ## Fault, hostile-input and backup tests with a 5-minute soak (SOAK_SECONDS=300)
	@scripts/chaos.sh

monitor: ## Debian's Prometheus + alert rules against the local stack: http://127.0.0.1:9090
	@scripts/monitor.sh

k8s: ## Render deploy/k8s overlays (kubectl kustomize) and validate every object offline -> var/k8s/
	@scripts/k8s.sh

contract: ## Regenerate the public OpenAPI (api-gateway/app/openapi/public.json), frontend/src/api/types.ts and the tables of docs/api-contract.md from the code
	@scripts/contract.sh

lint: ## ruff check + format, mypy, migration checks, tsc/ESLint for every service, the library, tests, frontend
	@scripts/lint.sh

health: ## Ask the running stack for /api/v1/health (HEALTH_URL=... to override)
	@scripts/health.sh

db-migrate: ## Run every service's migrations (DOCKER=1 for the Compose stack)
	@scripts/db.sh migrate

db-backup: ## pg_dump into var/backups/ (FILE=... to choose; DOCKER=1 for the Compose stack)
	@scripts/db.sh backup $(FILE)

db-restore: ## pg_restore FILE=var/backups/<dump> into the database (DOCKER=1 for Compose)
	@test -n "$(FILE)" || { echo "usage: make db-restore FILE=var/backups/<file>.dump" >&2; exit 2; }
	@scripts/db.sh restore $(FILE)

create-admin: ## Create an admin user: make create-admin EMAIL=... PASSWORD=... [PROMOTE=1 for an existing account]
	@test -n "$(EMAIL)" -a -n "$(PASSWORD)" || { echo "usage: make create-admin EMAIL=... PASSWORD=... [PROMOTE=1]" >&2; exit 2; }
	@scripts/manage.sh auth-service create_admin --email "$(EMAIL)" --password "$(PASSWORD)" $(if $(PROMOTE),--promote-existing)

sweep-uploads: ## Remove stored photos no upload record points to (DRY_RUN=1 only lists them)
	@scripts/sweep-uploads.sh $(if $(DRY_RUN),--dry-run)

seed-kb: ## Load the bundled knowledge base (ai-service/knowledge) into the RAG store
	@scripts/seed-kb.sh

## --- Docker path (Docker, or podman where Docker is absent) -----------------------------
local-bases: ## Machines without an image registry: build local stand-ins for the base images (docs/containers.md)
	@scripts/local-bases.sh

build: ## Build every image
	@$(COMPOSE) build

up: ## Build every image and start the Compose stack in the background (https://localhost)
	@scripts/env.sh && scripts/certs.sh && $(COMPOSE) up -d --build

test-compose: ## The whole stack in real containers: build, start, user journey, isolation checks, teardown
	@scripts/test-compose.sh

down: ## Stop the Compose stack
	@$(COMPOSE) down

restart: ## Restart the Compose stack
	@$(COMPOSE) restart

logs: ## Follow the logs of every container
	@$(COMPOSE) logs -f --tail=100

logs-%: ## Follow one service's logs, e.g. make logs-api-gateway
	@$(COMPOSE) logs -f --tail=100 $*

clean: ## Stop containers; remove local runtime files (logs, rendered nginx config)
	@-$(COMPOSE) down --remove-orphans 2>/dev/null
	@rm -rf var/nginx var/logs

fclean: clean ## Also remove volumes, images, venvs, node_modules, frontend/dist and var/
	@-$(COMPOSE) down --volumes --rmi local 2>/dev/null
	@rm -rf var .venv */.venv frontend/node_modules frontend/dist

re: fclean build up ## Rebuild everything from scratch and start it
