from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from apps.accounts.services import user_ensure_admin


class Command(BaseCommand):
    help = "Make sure ADMIN_EMAIL is an admin with ADMIN_PASSWORD; no-op when both are unset. Run after migrate."

    def handle(self, *args: Any, **options: Any) -> None:
        email, password = settings.ADMIN_EMAIL, settings.ADMIN_PASSWORD
        if not email and not password:
            self.stdout.write("ADMIN_EMAIL and ADMIN_PASSWORD unset: nothing to do")
            return
        if not email or not password:
            raise CommandError("ADMIN_EMAIL and ADMIN_PASSWORD must be set together")
        try:
            user, created = user_ensure_admin(email=email, password=password)
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from exc
        self.stdout.write(f"admin {'created' if created else 'present'}: {user.id}")
