"""Storage: engine and session setup, ORM models, repositories and migrations."""
