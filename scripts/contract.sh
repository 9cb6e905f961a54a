#!/usr/bin/env bash
# `make contract`: the public API contract generated from the code.
#   1. each service's own OpenAPI: the AI service's FastAPI document (ai-service/scripts/export_openapi.py),
#      the Django services' drf-spectacular documents (`manage.py spectacular --fail-on-warn`);
#   2. the gateway assembles them, filtered by its route table, with its own routes:
#      api-gateway/app/openapi/public.json (served at /api/v1/openapi.json);
#   3. openapi-typescript turns that into frontend/src/api/types.ts;
#   4. the route tables of docs/api-contract.md are rewritten from that document
#      (api-gateway/app/openapi/contract_tables.py: each row keeps its route and its notes).
# `scripts/contract.sh check` builds the same into a temporary folder and fails when a committed file
# differs (tests/test_contract.py runs it, so CI fails on drift), when a table row names a route the
# OpenAPI document lacks, or when a public route is listed in no table.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib.sh

mode="${1:-write}"
[[ "$mode" =~ ^(write|check)$ ]] || die "usage: $0 [write|check]"
PUBLIC=api-gateway/app/openapi/public.json
TYPES=frontend/src/api/types.ts
CONTRACT=docs/api-contract.md

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd ai-service && .venv/bin/python scripts/export_openapi.py) >"$work/ai.json"
for service in auth user; do
    (cd "$service-service" && DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python manage.py spectacular \
        --fail-on-warn --format openapi-json --file "$work/$service.json" 2>"$work/$service.log") ||
        { cat "$work/$service.log" >&2; die "the $service service's OpenAPI document has warnings"; }
done
(cd api-gateway && .venv/bin/python -m app.openapi.assemble \
    --auth "$work/auth.json" --user "$work/user.json" --ai "$work/ai.json" --output "$work/public.json")
# --default-non-nullable false: a field with a default is optional in a request body (top_k, limit).
(cd frontend && npx --no-install openapi-typescript "$work/public.json" --default-non-nullable false \
    --output "$work/types.ts" >/dev/null)

(cd api-gateway && .venv/bin/python -m app.openapi.contract_tables \
    --openapi "$work/public.json" --contract "../$CONTRACT" --output "$work/api-contract.md")

if [[ "$mode" == check ]]; then
    drift=0
    cmp -s "$work/public.json" "$PUBLIC" || { warn "$PUBLIC is not what the code generates"; drift=1; }
    cmp -s "$work/types.ts" "$TYPES" || { warn "$TYPES is not what the code generates"; drift=1; }
    cmp -s "$work/api-contract.md" "$CONTRACT" || { warn "$CONTRACT's route tables are not what the code generates"; drift=1; }
    ((drift == 0)) || die "the committed contract drifted from the code: run 'make contract' and commit the result"
    log "contract: $PUBLIC, $TYPES and $CONTRACT's tables match the code"
else
    cp "$work/public.json" "$PUBLIC"
    cp "$work/types.ts" "$TYPES"
    cp "$work/api-contract.md" "$CONTRACT"
    log "wrote $PUBLIC, $TYPES and $CONTRACT's route tables"
fi
