from typing import Any

from django.core.management.base import BaseCommand

from apps.accounts.services import refresh_tokens_purge_expired


class Command(BaseCommand):
    help = "Delete refresh-token rows whose expiry has passed (safe to run at any time, e.g. daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"deleted {refresh_tokens_purge_expired()} expired refresh tokens")
