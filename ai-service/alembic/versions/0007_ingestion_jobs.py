"""Background jobs. Ingestion: a document's state (processing / ready / failed), its error, its job,
how many chunks are embedded, and its extracted text, stored once so reading a document never re-parses it.

Rows from before this revision are `ready` with every chunk done; their text is read back from their chunks.

Revision ID: 0007_ingestion_jobs
Revises: 0006_erased_users
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007_ingestion_jobs"
down_revision: str | None = "0006_erased_users"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "ai_schema"


def upgrade() -> None:
    op.add_column("rag_documents", sa.Column("error", sa.String(length=500), nullable=True), schema=SCHEMA)
    op.add_column("rag_documents", sa.Column("job_id", postgresql.UUID(as_uuid=True), nullable=True), schema=SCHEMA)
    op.add_column(
        "rag_documents", sa.Column("chunks_done", sa.Integer(), nullable=False, server_default="0"), schema=SCHEMA
    )
    op.execute(f"UPDATE {SCHEMA}.rag_documents SET chunks_done = chunk_count")
    op.create_check_constraint(
        "ck_rag_documents_status", "rag_documents", "status IN ('processing', 'ready', 'failed')", schema=SCHEMA
    )
    op.create_table(
        "rag_document_texts",
        sa.Column("document_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=True),
        sa.Column("has_headings", sa.Boolean(), nullable=False),
        sa.Column("front_matter", postgresql.JSONB(), nullable=False, server_default="{}"),
        sa.PrimaryKeyConstraint("document_id", name="pk_rag_document_texts"),
        schema=SCHEMA,
    )


    # Batch analyses: which analysis a batch job stored for which photo (written with the analysis, in one
    # transaction), so a redelivered job never analyses a photo twice and a cancel finds what it wrote.
    op.create_table(
        "batch_analysis_items",
        sa.Column("job_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("photo_index", sa.Integer(), nullable=False),
        sa.Column("analysis_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("job_id", "photo_index", name="pk_batch_analysis_items"),
        schema=SCHEMA,
    )
    op.create_index("ix_batch_analysis_items_user_id", "batch_analysis_items", ["user_id"], schema=SCHEMA)


def downgrade() -> None:
    op.drop_index("ix_batch_analysis_items_user_id", table_name="batch_analysis_items", schema=SCHEMA)
    op.drop_table("batch_analysis_items", schema=SCHEMA)
    op.drop_table("rag_document_texts", schema=SCHEMA)
    op.drop_constraint("ck_rag_documents_status", "rag_documents", schema=SCHEMA)
    op.drop_column("rag_documents", "chunks_done", schema=SCHEMA)
    op.drop_column("rag_documents", "job_id", schema=SCHEMA)
    op.drop_column("rag_documents", "error", schema=SCHEMA)
