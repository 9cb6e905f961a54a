"""Prometheus counters of mail delivery."""

from prometheus_client import Counter

EMAILS = Counter(
    "auth_emails_total",
    "Outbox delivery attempts by message kind and outcome (sent, retry, failed)",
    ["kind", "outcome"],
)
