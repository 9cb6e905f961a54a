from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from apps.accounts.services import user_ensure_admin


class Command(BaseCommand):
    help = "Create an admin, or promote an existing account to admin and reset its password (idempotent)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument("--name", default="Administrator")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user, created = user_ensure_admin(
                email=options["email"], password=options["password"], name=options["name"]
            )
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from exc
        self.stdout.write(f"admin {'created' if created else 'updated'}: {user.id}")
