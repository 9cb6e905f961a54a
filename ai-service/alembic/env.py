"""Alembic environment: async engine from DATABASE_URL; every table (and alembic's own) in ai_schema."""

import asyncio
from logging.config import fileConfig

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection

from app.batch.models import BatchAnalysisItem  # noqa: F401
from app.core.config import DatabaseSettings
from app.db.base import SCHEMA, Base
from app.db.models import Analysis  # noqa: F401  (registers the table on Base.metadata)
from app.db.session import build_engine
from app.rag.models import RagDocument  # noqa: F401
from app.recommendations.models import Product, Recommendation  # noqa: F401

# Each domain registers its models here (one import line per package).

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    # search_path puts ai_schema first, so autogenerate also sees alembic's own table there: not a model.
    return not (type_ == "table" and name == "alembic_version")


def run_migrations_offline() -> None:
    context.configure(
        url=DatabaseSettings().async_database_url,
        target_metadata=target_metadata,
        literal_binds=True,
        version_table_schema=SCHEMA,
        include_schemas=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run(connection: Connection) -> None:
    # alembic_version lives in ai_schema, so the schema must exist before the first revision runs.
    # Looked up first: the service role owns its schema but may not CREATE in the database, and
    # CREATE SCHEMA IF NOT EXISTS checks that privilege even when the schema exists.
    exists = connection.execute(text("SELECT 1 FROM pg_namespace WHERE nspname = :name"), {"name": SCHEMA}).first()
    if exists is None:
        connection.execute(text(f'CREATE SCHEMA "{SCHEMA}"'))
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        version_table_schema=SCHEMA,
        include_schemas=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_migrations_online() -> None:
    engine = build_engine(DatabaseSettings())
    async with engine.connect() as connection:
        await connection.run_sync(_run)
        await connection.commit()
    await engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    asyncio.run(run_migrations_online())
