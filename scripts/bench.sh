#!/usr/bin/env bash
# `make bench`: every benchmark, one after the other (2 shared cores), each printing a table and
# writing benchmarks/results/<name>.json. Each boots its own isolated stack, so it runs beside `make dev`.
#   BENCH_DURATION=8      seconds per wrk run          BENCH_CONCURRENCY=1,16,64   wrk connections
#   RAG_BENCH_ARGS=--with-100k                          extra arguments of benchmarks/rag_bench.py
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

command -v wrk >/dev/null || ensure_debian_packages wrk
"$REPO_ROOT/scripts/setup.sh" --no-db
cd "$REPO_ROOT"

failed=()
run_bench() {
    local name="$1"
    shift
    log "bench: $name"
    "$@" || { warn "bench: $name FAILED"; failed+=("$name"); }
}

run_bench gateway .venv/bin/python -m benchmarks.gateway_bench
run_bench login .venv/bin/python -m benchmarks.login_bench
# The AI engineers' benchmarks run in the AI service's venv (torch, LlamaIndex, scikit-learn).
for bench in recommendations_bench vision_bench rag_bench; do
    [[ -f "benchmarks/$bench.py" ]] || { warn "benchmarks/$bench.py is not in this checkout yet"; continue; }
    args=()
    [[ "$bench" == rag_bench ]] && read -r -a args <<<"${RAG_BENCH_ARGS:---with-100k}"
    run_bench "$bench" ai-service/.venv/bin/python "benchmarks/$bench.py" "${args[@]}"
done

run_bench rag_eval ai-service/.venv/bin/python benchmarks/rag_eval.py  # RAG evaluation set (docs/rag.md)
((${#failed[@]} == 0)) || die "failed benchmarks: ${failed[*]}"
log "benchmarks done: results in benchmarks/results/"
