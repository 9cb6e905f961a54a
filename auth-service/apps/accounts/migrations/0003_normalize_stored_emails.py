"""Stored emails take the shared normalisation (NFKC + casefold + strip) that every lookup now uses.

A row whose normalised address another account already holds is left as it was (and logged): merging
two accounts is a decision for a person, not a migration.
"""

import structlog
from django.db import IntegrityError, migrations, transaction
from smartbreeds_common.emails import normalize_email

logger = structlog.get_logger(__name__)


def normalize_stored_emails(apps, schema_editor):  # type: ignore[no-untyped-def]
    User = apps.get_model("accounts", "User")
    for user in User.objects.order_by("created_at", "id").only("id", "email"):
        normalized = normalize_email(user.email)
        if normalized == user.email:
            continue
        conflict = User.objects.filter(email=normalized).exclude(id=user.id).exists()
        if not conflict:
            try:
                with transaction.atomic():  # the Lower(email) unique index may still refuse it
                    User.objects.filter(id=user.id).update(email=normalized)
            except IntegrityError:
                conflict = True
        if conflict:
            logger.warning("email_normalisation_conflict", user_id=str(user.id))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_sessions")]

    operations = [migrations.RunPython(normalize_stored_emails, migrations.RunPython.noop)]
