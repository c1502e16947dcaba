"""Admin: managing users (admin) and reading the audit trail (supervisor, admin)."""
