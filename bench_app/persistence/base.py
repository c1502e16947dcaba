"""The one declarative base, its naming convention and the column types shared by models."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import DateTime, Index, MetaData, TypeDecorator, text
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Stores an aware datetime as naive UTC; returns it aware (UTC) again.

    Portable: SQLite keeps text, PostgreSQL a ``timestamp``; neither needs time zones.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored: pass an aware UTC time")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)


def partial_index(name: str, *columns: str, where: str) -> Index:
    """An index over only the rows matching ``where`` (SQLite and PostgreSQL both have them).

    For the few rows a screen must find among millions, e.g. steps still waiting for a
    witness: the index stays as small as those rows, and a query repeating ``where``
    reads only them. SQLite uses the index only when the query states ``where`` with literal
    values (a bound parameter does not count), so queries spell the same condition out.
    """
    # PostgreSQL's WHERE is given in the migration only: naming postgresql_where here would import the
    # PostgreSQL dialect at every start (about 25 ms) for a comparison Alembic does not make.
    return Index(name, *columns, sqlite_where=text(where))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}
