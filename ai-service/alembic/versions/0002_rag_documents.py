"""Knowledge base: the rag_documents table (one row per ingested document; its chunks live in Chroma).

Revision ID: 0002_rag_documents
Revises: 0001_initial
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002_rag_documents"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "ai_schema"


def upgrade() -> None:
    op.create_table(
        "rag_documents",
        sa.Column("id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("document_type", sa.String(32), nullable=False),
        sa.Column("file_type", sa.String(16), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("chunk_count", sa.Integer(), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="ready"),
        sa.Column("breed", sa.String(120), nullable=True),
        sa.Column("species", sa.String(8), nullable=True),
        sa.Column("metadata", postgresql.JSONB(), nullable=False, server_default=sa.text("'{}'::jsonb")),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.PrimaryKeyConstraint("id", name="pk_rag_documents"),
        sa.UniqueConstraint("content_hash", name="uq_rag_documents_content_hash"),
        sa.CheckConstraint("document_type IN ('breed_guide', 'health_info', 'nutrition', 'care')", name="ck_rag_documents_document_type"),
        schema=SCHEMA,
    )
    op.create_index("ix_rag_documents_document_type", "rag_documents", ["document_type"], schema=SCHEMA)
    op.create_index("ix_rag_documents_breed", "rag_documents", ["breed"], schema=SCHEMA)


def downgrade() -> None:
    op.drop_index("ix_rag_documents_breed", table_name="rag_documents", schema=SCHEMA)
    op.drop_index("ix_rag_documents_document_type", table_name="rag_documents", schema=SCHEMA)
    op.drop_table("rag_documents", schema=SCHEMA)
