#!/usr/bin/env bash
# Create .env from .env.example (once): every `change-me` secret gets a random value, and inline
# comments move to their own line so every .env reader (honcho, compose, dotenv) sees clean values.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

target="${1:-$REPO_ROOT/.env}"
if [[ -f "$target" ]]; then
    # An older .env keeps every value it has; only secrets added to .env.example since get appended.
    added="$(python3 - "$REPO_ROOT/.env.example" "$target" <<'PY'
import re
import secrets
import sys

have = set(re.findall(r"(?m)^([A-Za-z_][A-Za-z0-9_]*)=", open(sys.argv[2], encoding="utf-8").read()))
new = []
for line in open(sys.argv[1], encoding="utf-8").read().splitlines():
    match = re.match(r"^([A-Za-z_][A-Za-z0-9_]*)=change-me\b", line)
    if match and match.group(1) not in have:
        new.append(match.group(1))
if new:
    with open(sys.argv[2], "a", encoding="utf-8") as out:
        out.write("# added by `make env`: secrets new in .env.example\n")
        out.writelines(f"{name}={secrets.token_urlsafe(48)}\n" for name in new)
print(" ".join(new))
PY
)"
    if [[ -n "$added" ]]; then
        log "$(basename "$target") exists: kept its values, added new secrets: $added"
    else
        log "$(basename "$target") exists: left as it is (delete it to regenerate)"
    fi
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
