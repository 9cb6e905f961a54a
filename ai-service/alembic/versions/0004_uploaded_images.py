"""Uploads: the uploaded_images table (which user uploaded which stored image), filled from the
analyses already recorded so their photos stay visible to their owners.

Revision ID: 0004_uploaded_images
Revises: 0003_products
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_uploaded_images"
down_revision: str | None = "0003_products"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "ai_schema"


def upgrade() -> None:
    op.create_table(
        "uploaded_images",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("extension", sa.String(8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.PrimaryKeyConstraint("sha256", "user_id", name="pk_uploaded_images"),
        schema=SCHEMA,
    )
    op.execute(
        f"""
        INSERT INTO "{SCHEMA}".uploaded_images (sha256, user_id, extension, created_at)
        SELECT image_sha256, user_id, substring(min(image_url) from '\\.(jpg|png|webp)$'), min(created_at)
        FROM "{SCHEMA}".analyses
        WHERE image_url ~ '\\.(jpg|png|webp)$'
        GROUP BY image_sha256, user_id
        """
    )


def downgrade() -> None:
    op.drop_table("uploaded_images", schema=SCHEMA)
