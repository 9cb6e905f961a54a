"""Development: `make dev` exports `.env`; reading it here too lets `manage.py` run by hand."""

from pathlib import Path

import environ

_dot_env = Path(__file__).resolve().parents[3] / ".env"
if _dot_env.exists():
    environ.Env.read_env(_dot_env)  # never overrides variables already set

from config.settings.base import *  # noqa: E402, F403
