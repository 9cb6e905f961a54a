"""Declarative base shared by every domain's models; all tables live in the ai_schema schema."""

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

SCHEMA = "ai_schema"

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",  # as the migrations name them (no schema prefix)
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(schema=SCHEMA, naming_convention=NAMING_CONVENTION)
