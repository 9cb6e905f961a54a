"""Production: everything comes from the environment; base refuses example secrets here."""

from config.settings.base import *  # noqa: F403

SECURE_CONTENT_TYPE_NOSNIFF = True
