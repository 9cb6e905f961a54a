from typing import Any

import structlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from apps.accounts.services import AdminConflictError, user_create_admin

logger = structlog.get_logger(__name__)


class Command(BaseCommand):
    help = (
        "Make sure ADMIN_EMAIL is an admin with ADMIN_PASSWORD; no-op when both are unset. Run after migrate. "
        "Never promotes an existing non-admin account: that conflict is logged as an error and start-up goes on."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        email, password = settings.ADMIN_EMAIL, settings.ADMIN_PASSWORD
        if not email and not password:
            self.stdout.write("ADMIN_EMAIL and ADMIN_PASSWORD unset: nothing to do")
            return
        if not email or not password:
            raise CommandError("ADMIN_EMAIL and ADMIN_PASSWORD must be set together")
        try:
            user, outcome = user_create_admin(email=email, password=password)
        except AdminConflictError as exc:
            # Start-up goes on without an admin rather than hand one to whoever registered the address.
            logger.error("admin_bootstrap_conflict", user_id=str(exc.user.id), reason=f"ADMIN_EMAIL: {exc}")
            self.stderr.write(f"ensure_admin: ADMIN_EMAIL: {exc} (with `create_admin`)")
            return
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from exc
        self.stdout.write(f"admin {'created' if outcome == 'created' else 'present'}: {user.id}")
