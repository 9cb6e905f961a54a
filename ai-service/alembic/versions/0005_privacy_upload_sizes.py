"""Privacy: uploaded_images.size_bytes (the stored copy's size) for the per-user photo quota.

Rows from before this revision count 0 bytes (their count still counts).

Revision ID: 0005_privacy_upload_sizes
Revises: 0004_uploaded_images
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_privacy_upload_sizes"
down_revision: str | None = "0004_uploaded_images"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "ai_schema"


def upgrade() -> None:
    op.add_column("uploaded_images", sa.Column("size_bytes", sa.BigInteger(), nullable=False, server_default="0"), schema=SCHEMA)
    op.create_index("ix_uploaded_images_user_id", "uploaded_images", ["user_id"], schema=SCHEMA)


def downgrade() -> None:
    op.drop_index("ix_uploaded_images_user_id", table_name="uploaded_images", schema=SCHEMA)
    op.drop_column("uploaded_images", "size_bytes", schema=SCHEMA)
