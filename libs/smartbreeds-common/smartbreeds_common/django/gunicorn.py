"""The gunicorn settings both Django services use (their gunicorn.conf.py imports these).

Threaded workers that keep connections alive: the gateway's per-upstream pool then reuses its connections
instead of opening a TCP connection per request (sync workers close every one; docs/performance.md).
Also the Prometheus multiprocess bookkeeping for -w N.
"""

from typing import Any

from smartbreeds_common.metrics import mark_worker_dead

worker_class = "gthread"
threads = 4
# Seconds an idle connection stays open: longer than the gateway keeps one in its pool (30 s), so the
# gateway, not the server, closes it and never sends on a connection the server is closing.
keepalive = 75
# No proxy headers are believed from any peer (X-Forwarded-Proto and the like): the services sit behind
# the gateway, which alone decides the client's address (docs/sessions.md, "The client address").
forwarded_allow_ips = ""


def child_exit(_server: Any, worker: Any) -> None:
    mark_worker_dead(worker.pid)
