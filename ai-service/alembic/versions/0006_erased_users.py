"""Erasure is final: erased_users remembers every erased user (the SHA-256 of the id), checked by each
write at commit.

Revision ID: 0006_erased_users
Revises: 0005_privacy_upload_sizes
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_erased_users"
down_revision: str | None = "0005_privacy_upload_sizes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "ai_schema"


def upgrade() -> None:
    op.create_table(
        "erased_users",
        sa.Column("user_hash", sa.String(length=64), primary_key=True),
        sa.Column("erased_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("erased_users", schema=SCHEMA)
