#!/bin/sh
# The official nginx images' entrypoint contract: when the command is nginx, run every executable
# /docker-entrypoint.d/*.sh first (templates, ...), then exec the command.
set -e
if [ "$1" = nginx ] || [ "$1" = nginx-debug ]; then
    for script in /docker-entrypoint.d/*.sh; do
        [ -x "$script" ] && "$script"
    done
fi
exec "$@"
