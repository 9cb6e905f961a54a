"""Beat task: links that can no longer be used (expired, used ones included) are deleted."""

from celery import shared_task

from apps.email_actions import links


@shared_task(name="email_actions.purge_expired_links", ignore_result=True)
def purge_expired_links() -> int:
    return links.links_purge_expired()
