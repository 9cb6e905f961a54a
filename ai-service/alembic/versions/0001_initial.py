"""Initial: the ai_schema schema and the analyses table.

Revision ID: 0001_initial
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001_initial"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "ai_schema"


def upgrade() -> None:
    # env.py has made sure the schema exists (the service role owns it but may not CREATE SCHEMA).
    if op.get_bind().execute(sa.text("SELECT 1 FROM pg_namespace WHERE nspname = :name"), {"name": SCHEMA}).first() is None:
        op.execute(f'CREATE SCHEMA "{SCHEMA}"')
    op.create_table(
        "analyses",
        sa.Column("id", postgresql.UUID(as_uuid=True), primary_key=True),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("pet_id", sa.String(64), nullable=True),
        sa.Column("image_sha256", sa.String(64), nullable=False),
        sa.Column("image_url", sa.String(300), nullable=False),
        sa.Column("breed", sa.String(120), nullable=False),
        sa.Column("species", sa.String(8), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("result", postgresql.JSONB(), nullable=False),
        sa.Column("degraded", postgresql.JSONB(), nullable=False, server_default=sa.text("'[]'::jsonb")),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.PrimaryKeyConstraint("id", name="pk_analyses"),
        schema=SCHEMA,
    )
    op.create_index("ix_analyses_user_id", "analyses", ["user_id"], schema=SCHEMA)
    op.create_index("ix_analyses_pet_id", "analyses", ["pet_id"], schema=SCHEMA)


def downgrade() -> None:
    # The schema itself stays: it also holds alembic's version table.
    op.drop_index("ix_analyses_pet_id", table_name="analyses", schema=SCHEMA)
    op.drop_index("ix_analyses_user_id", table_name="analyses", schema=SCHEMA)
    op.drop_table("analyses", schema=SCHEMA)
