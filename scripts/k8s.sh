#!/usr/bin/env bash
# Render the Kubernetes overlays (deploy/k8s/overlays/*) with `kubectl kustomize` and validate every
# object against the Kubernetes schemas (kubernetes-validate, strict), offline. Output: var/k8s/<overlay>.yaml
#   scripts/k8s.sh            render + validate every overlay
#   scripts/k8s.sh render     render only (tests/test_k8s_manifests.py checks the rest)
# The Secret comes from .env (K8S_ENV_FILE; created by scripts/env.sh when missing), nginx's certificate
# from var/certs (scripts/certs.sh when missing). K8S_OUT_DIR overrides var/k8s.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

K8S_DIR="$REPO_ROOT/deploy/k8s"
OUT_DIR="${K8S_OUT_DIR:-$REPO_ROOT/var/k8s}"
ENV_FILE="${K8S_ENV_FILE:-$REPO_ROOT/.env}"
GENERATED="$K8S_DIR/base/generated"
SECRET_KEYS=(JWT_SECRET GATEWAY_SIGNING_SECRET PROXY_SECRET DJANGO_SECRET_KEY POSTGRES_PASSWORD AUTH_DB_PASSWORD
    USER_DB_PASSWORD AI_DB_PASSWORD REDIS_PASSWORD ADMIN_EMAIL ADMIN_PASSWORD)

command -v kubectl >/dev/null || die "kubectl not found: apt-get install kubernetes-client"

[[ -f "$ENV_FILE" ]] || "$REPO_ROOT/scripts/env.sh" "$ENV_FILE"
[[ -f "$REPO_ROOT/var/certs/server.crt" ]] || "$REPO_ROOT/scripts/certs.sh"
# Only the .env file counts (not this shell's environment), so the Secret always matches it.
for key in "${SECRET_KEYS[@]}"; do unset "$key"; done
load_env "$ENV_FILE"

umask 077
mkdir -p "$GENERATED" "$OUT_DIR"
{
    for key in "${SECRET_KEYS[@]}"; do
        printf '%s=%s\n' "$key" "${!key:-}"
    done
    # The same URLs as docker-compose.yml: each service connects as its own role (smartbreeds_auth, _user, _ai),
    # Redis with its password; `postgres` and `redis` are StatefulSets (laptop) or ExternalNames (production).
    for service in AUTH USER AI; do
        password_var="${service}_DB_PASSWORD"
        printf '%s_DATABASE_URL=postgresql://smartbreeds_%s:%s@postgres:5432/smartbreeds\n' "$service" \
            "${service,,}" "${!password_var:?$password_var is not set in .env}"
    done
    printf 'REDIS_URL=redis://:%s@redis:6379/0\n' "${REDIS_PASSWORD:?REDIS_PASSWORD is not set in .env}"
} >"$GENERATED/secrets.env"
cp "$REPO_ROOT/var/certs/server.crt" "$GENERATED/tls.crt"
cp "$REPO_ROOT/var/certs/server.key" "$GENERATED/tls.key"
# The laptop's in-cluster PostgreSQL creates the service roles on its first start, as Compose's does.
LAPTOP_GENERATED="$K8S_DIR/overlays/laptop/generated"
mkdir -p "$LAPTOP_GENERATED"
cp "$REPO_ROOT/scripts/postgres/init-service-roles.sh" "$REPO_ROOT/scripts/postgres/service-role.sql" "$LAPTOP_GENERATED/"

for overlay in "$K8S_DIR"/overlays/*/; do
    name="$(basename "$overlay")"
    # kustomize v5 warns about the v2 field names kept for Debian's kubectl 1.20; nothing else is hidden.
    kubectl kustomize "$overlay" >"$OUT_DIR/$name.yaml" 2> >(grep -v "^# Warning: '.*' is deprecated" >&2)
    log "rendered $name: $(grep -c '^kind:' "$OUT_DIR/$name.yaml") objects -> var/k8s/$name.yaml"
done

[[ "${1:-}" == render ]] && exit 0
validator="$REPO_ROOT/.venv/bin/kubernetes-validate"
[[ -x "$validator" ]] || "$REPO_ROOT/scripts/bootstrap-python.sh" "$REPO_ROOT"  # the root venv has it (tests/requirements.txt)
for rendered in "$OUT_DIR"/*.yaml; do
    "$validator" --strict --quiet "$rendered"
    log "valid: $(basename "$rendered") (Kubernetes $("$validator" --version | awk '{print $NF}') schemas, strict)"
done
