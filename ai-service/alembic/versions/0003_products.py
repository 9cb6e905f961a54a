"""Recommendations: the product_catalog and recommendations tables.

Revision ID: 0003_products
Revises: 0002_rag_documents
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003_products"
down_revision: str | None = "0002_rag_documents"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "ai_schema"


def upgrade() -> None:
    op.create_table(
        "product_catalog",
        sa.Column("id", postgresql.UUID(as_uuid=True), primary_key=True),
        sa.Column("sku", sa.String(120), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("category", sa.String(20), nullable=False),
        sa.Column("brand", sa.String(100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("features", postgresql.JSONB(), nullable=False, server_default=sa.text("'{}'::jsonb")),
        sa.Column("suitable_for", postgresql.JSONB(), nullable=False, server_default=sa.text("'{}'::jsonb")),
        sa.Column("price", sa.Numeric(10, 2), nullable=False),
        sa.Column("image_url", sa.String(500), nullable=True),
        sa.Column("popularity", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("is_active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.CheckConstraint("category IN ('food', 'toy', 'accessory', 'health', 'grooming')", name="category_valid"),
        sa.CheckConstraint("price >= 0", name="price_not_negative"),
        sa.UniqueConstraint("sku", name="uq_product_catalog_sku"),
        schema=SCHEMA,
    )
    op.create_index("ix_product_catalog_category", "product_catalog", ["category"], schema=SCHEMA)
    op.create_table(
        "recommendations",
        sa.Column("id", postgresql.UUID(as_uuid=True), primary_key=True),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("pet_id", sa.String(64), nullable=True),
        sa.Column("profile", postgresql.JSONB(), nullable=False),
        sa.Column("product_ids", postgresql.JSONB(), nullable=False),
        sa.Column("scores", postgresql.JSONB(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        schema=SCHEMA,
    )
    op.create_index("ix_recommendations_user_id_created_at", "recommendations", ["user_id", "created_at"], schema=SCHEMA)
    op.create_index("ix_recommendations_pet_id", "recommendations", ["pet_id"], schema=SCHEMA)


def downgrade() -> None:
    op.drop_table("recommendations", schema=SCHEMA)
    op.drop_table("product_catalog", schema=SCHEMA)
