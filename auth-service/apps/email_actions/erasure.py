"""Account erasure: what this app holds about an account beyond its links (which go with the user row)."""

import uuid

from apps.email_actions.models import AdminResetLinkAudit


def account_email_records_delete(*, user_id: uuid.UUID) -> None:
    AdminResetLinkAudit.objects.filter(user_id=user_id).delete()
