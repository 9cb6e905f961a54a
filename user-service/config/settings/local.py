"""Local development (`make dev`)."""

from .base import *  # noqa: F403
