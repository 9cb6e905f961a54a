#!/usr/bin/env bash
# `make test`: every suite, each from its own venv, one after the other (2 shared cores), then a summary.
#   test.sh        all: shared library, each service's pytest, frontend Vitest, root tests
#   test.sh unit   the fast loop: the unit tests only (no database, no server, no network: pytest -m
#                  "not db and not network", pytest-socket refusing any network socket) of the library and
#                  each service, then frontend Vitest. Marks: smartbreeds_common/pytest_markers.py
#   test.sh root   only the root tests (fake Ollama, compose topology, cross-service stack)
# Every suite isolates itself (own database / Redis prefix / free ports), so this runs beside `make dev`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$REPO_ROOT/scripts/setup.sh" --no-db
load_env

failed=()
run_suite() {
    local name="$1"
    shift
    log "test: $name"
    if "$@"; then
        log "test: $name passed"
    else
        warn "test: $name FAILED"
        failed+=("$name")
    fi
}

mode="${1:-all}"
[[ "$mode" =~ ^(all|unit|root)$ ]] || die "usage: $0 [all|unit|root]"
started=$SECONDS

if [[ "$mode" == all || "$mode" == unit ]]; then
    pytest_args=(-q)
    [[ "$mode" == unit ]] && pytest_args+=(-m "not db and not network" --disable-socket --allow-unix-socket)
    services=($(python_services))
    if ((${#services[@]})); then
        run_suite smartbreeds-common bash -c "cd '$REPO_ROOT/libs/smartbreeds-common' && '$REPO_ROOT/${services[0]}/.venv/bin/python' -m pytest -p no:cacheprovider -p smartbreeds_common.pytest_markers ${pytest_args[*]@Q} tests"
    fi
    for service in "${services[@]}"; do
        run_suite "$service" bash -c "cd '$REPO_ROOT/$service' && .venv/bin/python -m pytest ${pytest_args[*]@Q}"
    done
    if [[ -f "$REPO_ROOT/frontend/package.json" ]]; then
        run_suite frontend "$REPO_ROOT/scripts/frontend.sh" test
    fi
fi
[[ "$mode" == unit ]] || run_suite root-tests bash -c "cd '$REPO_ROOT' && .venv/bin/python -m pytest -q tests"

log "test $mode: $((SECONDS - started)) s"
if ((${#failed[@]})); then
    die "failed suites: ${failed[*]}"
fi
log "all suites passed"
