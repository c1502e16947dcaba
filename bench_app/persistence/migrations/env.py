"""Alembic environment, configured in code by bench_app.persistence.migrate (no alembic.ini)."""

from alembic import context

from bench_app.persistence.base import Base
import bench_app.persistence.models  # noqa: F401  (registers every table)

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only through migrate.py
    raise RuntimeError("run migrations through bench_app.persistence.migrate")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
