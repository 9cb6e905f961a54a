"""Read by gunicorn from the working directory (local, Docker and Kubernetes alike): the settings shared by
both Django services."""

from smartbreeds_common.django.gunicorn import child_exit, forwarded_allow_ips, keepalive, threads, worker_class

__all__ = ["child_exit", "forwarded_allow_ips", "keepalive", "threads", "worker_class"]
