from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from apps.accounts.services import AdminConflictError, user_create_admin


class Command(BaseCommand):
    help = (
        "Create an admin, or reset an existing admin's password. An existing account that is not an admin is "
        "refused unless --promote-existing is given (then its password is reset and all its sessions end)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument("--name", default="Administrator")
        parser.add_argument(
            "--promote-existing",
            action="store_true",
            help="make an existing non-admin account admin: its password is reset and every one of its sessions ends",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user, outcome = user_create_admin(
                email=options["email"],
                password=options["password"],
                name=options["name"],
                promote_existing=options["promote_existing"],
            )
        except AdminConflictError as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from exc
        self.stdout.write(f"admin {outcome}: {user.id}")
