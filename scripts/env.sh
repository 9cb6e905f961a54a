#!/usr/bin/env bash
# Create .env from .env.example (once): every `change-me` secret gets a random value, and inline
# comments move to their own line so every .env reader (honcho, compose, dotenv) sees clean values.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

target="${1:-$REPO_ROOT/.env}"
if [[ -f "$target" ]]; then
    log "$(basename "$target") exists: left as it is (delete it to regenerate)"
    exit 0
fi
umask 077
python3 - "$REPO_ROOT/.env.example" "$target" <<'PY'
import re
import secrets
import sys

out = []
for line in open(sys.argv[1], encoding="utf-8").read().splitlines():
    match = re.match(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*?)\s*(#.*)?$", line)
    if not match:
        out.append(line)
        continue
    key, value, comment = match.groups()
    if comment:
        out.append(comment)
    if value == "change-me":
        value = secrets.token_urlsafe(48)
    out.append(f"{key}={value}")
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(out) + "\n")
PY
log "wrote $target with fresh random secrets"
