"""Alembic migrations, shipped inside the package so a frozen build can migrate."""
