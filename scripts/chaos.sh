#!/usr/bin/env bash
# `make chaos`: the fault, hostile-input and data-safety tests of tests/reliability with the long
# soak (SOAK_SECONDS, default 300) whose figures land in benchmarks/results/soak.json.
# `make test` runs the same tests with a 20 s soak. Every test isolates itself (own stack, ports,
# database, Redis prefix; a separate PostgreSQL cluster for the restart test).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$REPO_ROOT/scripts/setup.sh" --no-db
cd "$REPO_ROOT"
export SOAK_SECONDS="${SOAK_SECONDS:-300}"
export SOAK_REPORT="${SOAK_REPORT:-$REPO_ROOT/benchmarks/results/soak.json}"
log "chaos: tests/reliability (soak ${SOAK_SECONDS}s)"
.venv/bin/python -m pytest -q -p no:cacheprovider tests/reliability "$@"
