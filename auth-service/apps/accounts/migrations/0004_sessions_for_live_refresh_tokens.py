"""Sessions opened before sessions were stored get their row, so they can be listed and ended."""

from django.db import migrations
from django.db.models import Max, Min
from django.utils import timezone


def backfill_sessions(apps, schema_editor):  # type: ignore[no-untyped-def]
    RefreshToken = apps.get_model("accounts", "RefreshToken")
    Session = apps.get_model("accounts", "Session")
    live = (
        RefreshToken.objects.filter(revoked=False, expires_at__gt=timezone.now())
        .values("user_id", "session_id")
        .annotate(first=Min("created_at"), expires=Max("expires_at"))
    )
    known = set(Session.objects.values_list("id", flat=True))
    Session.objects.bulk_create(
        [
            Session(
                id=row["session_id"],
                user_id=row["user_id"],
                last_used_at=row["first"],
                expires_at=row["expires"],
            )
            for row in live
            if row["session_id"] not in known
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_normalize_stored_emails")]

    operations = [migrations.RunPython(backfill_sessions, migrations.RunPython.noop)]
