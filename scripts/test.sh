#!/usr/bin/env bash
# `make test`: every suite, each from its own venv, one after the other (2 shared cores), then a summary.
#   test.sh        all: shared library, each service's pytest, frontend Vitest, root tests
#   test.sh unit   the fast loop: the unit tests only (no database, no server, no network: pytest -m
#                  "not db and not network", pytest-socket refusing any network socket) of the library and
#                  each service, with frontend Vitest beside them. Marks: smartbreeds_common/pytest_markers.py
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

frontend_pid=""
if [[ "$mode" == unit && -f "$REPO_ROOT/frontend/package.json" ]]; then
    # The fast loop runs Vitest (worker threads) beside the Python suites (one process at a time): both cores.
    frontend_log="$(mktemp)"
    trap 'rm -f "$frontend_log"' EXIT
    "$REPO_ROOT/scripts/frontend.sh" test >"$frontend_log" 2>&1 &
    frontend_pid=$!
fi

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
    if [[ -n "$frontend_pid" ]]; then
        log "test: frontend (ran beside the Python suites)"
        if wait "$frontend_pid"; then
            cat "$frontend_log"
            log "test: frontend passed"
        else
            cat "$frontend_log"
            warn "test: frontend FAILED"
            failed+=(frontend)
        fi
    elif [[ -f "$REPO_ROOT/frontend/package.json" ]]; then
        run_suite frontend "$REPO_ROOT/scripts/frontend.sh" test
    fi
fi
[[ "$mode" == unit ]] || run_suite root-tests bash -c "cd '$REPO_ROOT' && .venv/bin/python -m pytest -q tests"

log "test $mode: $((SECONDS - started)) s"
if ((${#failed[@]})); then
    die "failed suites: ${failed[*]}"
fi
log "all suites passed"
