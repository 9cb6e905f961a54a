#!/usr/bin/env bash
# Create or refresh <service-dir>/.venv: the right Python (3.11 for ai-service, else 3.12),
# torch==2.13.0 first for ai-service (pip then takes the local CPU wheel), then
# `pip install -r requirements-dev.txt -e ../libs/smartbreeds-common`.
# Skips all work when the requirements are unchanged since the last successful run (stamp file).
# `scripts/bootstrap-python.sh .` builds the root test venv from tests/requirements.txt.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $# -eq 1 ]] || die "usage: $0 <service-dir>"
service_dir="$(cd "$1" && pwd)" || die "no such directory: $1"
service="$(basename "$service_dir")"
venv="$service_dir/.venv"
stamp="$venv/.bootstrap-stamp"

if [[ "$service_dir" == "$REPO_ROOT" ]]; then
    requirements=("$REPO_ROOT/tests/requirements.txt")
    editable=()
else
    requirements=("$service_dir/requirements-dev.txt")
    [[ -f "${requirements[0]}" ]] || requirements=("$service_dir/requirements.txt")
    [[ -f "${requirements[0]}" ]] || die "$service has no requirements-dev.txt or requirements.txt"
    editable=(-e "$REPO_ROOT/libs/smartbreeds-common")
fi

if [[ "$service" == "ai-service" ]]; then
    python="$(find_python 3.11)"
    preinstall=(torch==2.13.0)
else
    python="$(find_python 3.12)"
    preinstall=()
fi

# The stamp covers every requirements file of the folder (requirements-dev includes requirements),
# the shared library's metadata, the preinstalled packages and the interpreter.
shopt -s nullglob
digest="$(
    {
        printf '%s\n' "$python" ${preinstall[@]+"${preinstall[@]}"}
        cat "$service_dir"/requirements*.txt "${requirements[@]}" "$REPO_ROOT/libs/smartbreeds-common/pyproject.toml"
    } | sha256sum | cut -d' ' -f1
)"

# One bootstrap per venv at a time (make dev and make test may race).
exec 9>"/tmp/smartbreeds-bootstrap-$(printf '%s' "$venv" | sha256sum | cut -c1-16).lock"
flock 9

if [[ -f "$stamp" && "$(cat "$stamp")" == "$digest" && -x "$venv/bin/python" ]]; then
    log "$service: venv up to date"
    exit 0
fi

wanted_version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
if [[ -x "$venv/bin/python" ]]; then
    have_version="$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' || echo none)"
    if [[ "$have_version" != "$wanted_version" ]]; then
        log "$service: venv has Python $have_version, want $wanted_version: recreating"
        rm -rf "$venv"
    fi
fi
if [[ ! -x "$venv/bin/python" ]]; then
    log "$service: creating venv with $python"
    "$python" -m venv "$venv"
fi

rm -f "$stamp"
export PIP_DISABLE_PIP_VERSION_CHECK=1
# This machine's pip config names package folders that may not exist; pip warns once per package.
pip_install() {
    "$venv/bin/pip" install --quiet "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
}
if ((${#preinstall[@]})); then
    log "$service: installing ${preinstall[*]} first"
    pip_install "${preinstall[@]}"
fi
log "$service: installing ${requirements[*]#"$REPO_ROOT/"}"
pip_install -r "${requirements[0]}" ${editable[@]+"${editable[@]}"}
printf '%s\n' "$digest" >"$stamp"
log "$service: venv ready"
